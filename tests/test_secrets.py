"""Secrets never reach archives, logs or errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from signaldesk.ingest.archive import Archive
from signaldesk.secrets import redact_url


def test_redact_url_hides_keys_tokens_and_passwords() -> None:
    assert redact_url("https://api.congress.gov/v3/bill?api_key=SECRET123&format=json") == (
        "https://api.congress.gov/v3/bill?api_key=%2A%2A%2A&format=json"
    )
    assert "s3cr3t" not in redact_url(
        "https://disqus.com/api/3.0/threads/listPosts.json?api_secret=s3cr3t&forum=x"
    )
    assert (
        redact_url("https://x.example/feed?access_token=abc")
        == "https://x.example/feed?access_token=%2A%2A%2A"
    )
    assert redact_url("smtp://user:hunter2@mail.example:25/") == "smtp://user:***@mail.example:25/"
    plain = "https://www.state.gov/rss-feed/press-releases/feed/?page=2&keyword=korea"
    assert redact_url(plain) == plain


def test_archived_records_never_hold_the_key(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    ref = archive.write(
        "https://api.congress.gov/v3/bill?api_key=SECRET123",
        200,
        {"content-type": "application/json"},
        b'{"bills": []}',
        datetime.now(UTC),
    )
    archive.close()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("*.warc.gz"))
    import gzip

    assert b"SECRET123" not in gzip.decompress(raw)
    assert Archive(tmp_path).read(ref) == b'{"bills": []}'
