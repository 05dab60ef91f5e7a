"""The store's tables, as SQLAlchemy Core metadata (portable across SQLite and PostgreSQL).

Times are ISO 8601 strings in UTC (`*_at`, `published`, ...) with the source's original
UTC offset kept beside them in minutes (`*_offset`), so the order of strings is the order
of moments and the original local time can be given back.
"""

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("outlet", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("genre", String(16), nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("config", Text, nullable=False, default="{}"),
    Column("last_polled", String(32)),
    Column("last_success", String(32)),
    Column("last_error", Text, nullable=False, default=""),
    Column("last_error_at", String(32)),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("median_latency", Float),
    Column("items_per_day", Float, nullable=False, default=0.0),
    Column("last_new_item", String(32)),
    Column("next_poll_at", String(32)),
    Column("interval", Float),
    Column("gone", Boolean, nullable=False, default=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_hash", String(64)),
    Column("latencies", Text, nullable=False, default="[]"),
    Column("notes", Text, nullable=False, default=""),
)

polls = Table(
    "polls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", String(80), ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("started_at", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("http_status", Integer),
    Column("entries", Integer, nullable=False, default=0),
    Column("new_entries", Integer, nullable=False, default=0),
    Column("elapsed", Float, nullable=False, default=0.0),
    Column("error", Text, nullable=False, default=""),
    Index("ix_polls_source_started", "source_id", "started_at"),
)

seen_entries = Table(
    "seen_entries",
    metadata,
    Column("source_id", String(80), ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("url", Text, nullable=False),
    Column("first_seen", String(32), nullable=False),
    Column("updated", String(32)),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("source_id", String(80), ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("hub", Text, nullable=False),
    Column("topic", Text, nullable=False),
    Column("secret", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("requested_at", String(32), nullable=False),
    Column("lease_expires", String(32)),
    Column("last_notification", String(32)),
    Column("last_error", Text, nullable=False, default=""),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url_hash", String(40), nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("canonical_url", Text, nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("outlet", Text, nullable=False, default=""),
    Column("source_id", String(80)),
    Column("section", Text, nullable=False, default=""),
    Column("site_name", Text, nullable=False, default=""),
    Column("genre", String(16), nullable=False, default="unknown"),
    Column("language", String(8)),
    Column("authors", Text, nullable=False, default="[]"),
    Column("tags", Text, nullable=False, default="[]"),
    Column("published", String(32)),
    Column("published_offset", Integer),
    Column("modified", String(32)),
    Column("modified_offset", Integer),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
    Column("revision", Integer, nullable=False, default=1),
    Column("is_paywalled", Boolean, nullable=False, default=False),
    Column("content_hash", String(40), nullable=False),
    Column("warc_file", Text),
    Column("warc_record_id", Text),
    Column("warc_offset", Integer),
    Index("ix_documents_published", "published"),
    Index("ix_documents_first_seen", "first_seen"),
    Index("ix_documents_outlet", "outlet"),
    Index("ix_documents_genre", "genre"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("seen_at", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("diff_summary", Text, nullable=False, default=""),
    Column("warc_file", Text),
    Column("warc_record_id", Text),
    Index("ix_revisions_document", "document_id", "revision", unique=True),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("platform_id", Text, nullable=False, default=""),
    Column("parent_id", Text, nullable=False, default=""),
    Column("author", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("published", String(32)),
    Column("language", String(8)),
    Column("tone", Float),
    Column("data", Text, nullable=False, default="{}"),
    Index("ix_comments_document", "document_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", String(80)),
    Column("text", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_mentions_document", "document_id"),
    Index("ix_mentions_actor", "actor_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("speaker", Text, nullable=False, default=""),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("actor_id", String(80)),
    Column("verb", Text, nullable=False, default=""),
    Index("ix_quotes_document", "document_id"),
    Index("ix_quotes_actor", "actor_id"),
)

annotations = Table(
    "annotations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("value", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("score", Float),
    Column("data", Text, nullable=False, default="{}"),
    Index("ix_annotations_document", "document_id"),
    Index("ix_annotations_kind_value", "kind", "value"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("language", String(8)),
    Column("first_seen", String(32), nullable=False),
    Column("last_updated", String(32), nullable=False),
    Column("state", Text, nullable=False, default="{}"),
)

desk_state = Table(
    "desk_state",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("data", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
)

story_documents = Table(
    "story_documents",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("duplicate_of", Integer),
    Index("ix_story_documents_document", "document_id"),
)

series = Table(
    "series",
    metadata,
    Column("key", Text, primary_key=True),
    Column("resolution", String(8), primary_key=True),
    Column("bucket", String(32), primary_key=True),
    Column("count", Integer, nullable=False, default=0),
    Column("total", Float, nullable=False, default=0.0),
)

signal_events = Table(
    "signal_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("key", Text, nullable=False),
    Column("detected_at", String(32), nullable=False),
    Column("window_start", String(32), nullable=False),
    Column("window_end", String(32), nullable=False),
    Column("direction", String(16), nullable=False, default=""),
    Column("score", Float, nullable=False, default=0.0),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("data", Text, nullable=False, default="{}"),
    Index("ix_signal_events_kind_key", "kind", "key", "detected_at"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rule_id", String(80), nullable=False),
    Column("event_key", Text, nullable=False, unique=True),
    Column("fired_at", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False, default=""),
    Column("evidence", Text, nullable=False, default="{}"),
    Column("delivered_at", String(32)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=False, default=""),
    Column("latency", Float),
    Column("document_id", Integer),
    Column("story_id", Integer),
    Column("origin_at", String(32)),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
    Column("channel_id", String(80), primary_key=True),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", String(32)),
    Column("delivered_at", String(32)),
    Column("last_error", Text, nullable=False, default=""),
)

briefs = Table(
    "briefs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("window_start", String(32), nullable=False),
    Column("window_end", String(32), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("data", Text, nullable=False, default="{}"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("label", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
    Column("last_used", String(32)),
)
