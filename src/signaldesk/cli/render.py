"""How the CLI shows things: tables, views, progress, JSON shapes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from ..config import Source
    from ..desk import Desk
    from ..store import Hit, PollOutcome, Revision
    from ..types import Article, Document, SourceHealth


def when(moment: datetime | None, desk: Desk | None = None) -> str:
    """A moment in the desk's timezone, short."""
    if moment is None:
        return "-"
    if desk is not None:
        moment = moment.astimezone(desk.config.zone)
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


def document_json(document: Document, *, full: bool = False) -> dict[str, Any]:
    from ..export import row

    data = row(document)
    if not full:
        data.pop("text")
    data["warc"] = (
        {"file": document.warc.file, "record_id": document.warc.record_id} if document.warc else None
    )
    return data


def revision_json(revision: Revision) -> dict[str, Any]:
    return {
        "revision": revision.revision,
        "seen_at": revision.seen_at.isoformat(),
        "title": revision.title,
        "diff_summary": revision.diff_summary,
    }


def article_json(article: Article) -> dict[str, Any]:
    return {
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "text": article.text,
        "authors": list(article.authors),
        "published": article.published.isoformat() if article.published else None,
        "modified": article.modified.isoformat() if article.modified else None,
        "language": article.language,
        "genre": str(article.genre),
        "site_name": article.site_name,
        "section": article.section,
        "tags": list(article.tags),
        "is_paywalled": article.is_paywalled,
        "comments": [
            {
                "author": c.author,
                "text": c.text,
                "published": c.published.isoformat() if c.published else None,
            }
            for c in article.comments
        ],
    }


def health_json(health: SourceHealth) -> dict[str, Any]:
    return {
        "source": health.source_id,
        "last_success": health.last_success and health.last_success.isoformat(),
        "last_error": health.last_error,
        "consecutive_failures": health.consecutive_failures,
        "median_latency": health.median_latency,
        "items_per_day": health.items_per_day,
        "last_new_item": health.last_new_item and health.last_new_item.isoformat(),
        "next_poll_at": health.next_poll_at and health.next_poll_at.isoformat(),
        "gone": health.gone,
        "notes": health.notes,
    }


def hits_table(out: Console, desk: Desk, hits: Sequence[Hit], total: int) -> None:
    from rich.table import Table

    table = Table(
        title=f"{total} documents" + (f", showing {len(hits)}" if total > len(hits) else ""),
        title_justify="left",
    )
    for column, style in (
        ("id", "dim"),
        ("published", ""),
        ("outlet", "cyan"),
        ("genre", ""),
        ("title", "bold"),
    ):
        table.add_column(column, style=style, overflow="fold")
    for hit in hits:
        doc = hit.document
        table.add_row(
            str(doc.id), when(doc.published or doc.first_seen, desk), doc.outlet, str(doc.genre), doc.title
        )
    out.print(table)


def document_view(out: Console, desk: Desk, document: Document, revisions: Sequence[Revision]) -> None:
    out.print(f"[bold]{document.title}[/]")
    byline = ", ".join(document.authors) or "no byline"
    out.print(f"[cyan]{document.outlet}[/] · {document.genre} · {byline} · {when(document.published, desk)}")
    out.print(f"[dim]{document.canonical_url}[/]")
    if document.warc:
        out.print(f"[dim]archived: {document.warc.file} {document.warc.record_id}[/]")
    out.print()
    out.print(document.text)
    if revisions:
        from rich.table import Table

        table = Table(title="Revisions", title_justify="left")
        for column in ("revision", "seen", "change"):
            table.add_column(column)
        for revision in revisions:
            table.add_row(str(revision.revision), when(revision.seen_at, desk), revision.diff_summary)
        out.print(table)


def article_view(out: Console, article: Article) -> None:
    out.print(f"[bold]{article.title}[/]")
    published = article.published.isoformat() if article.published else "no date"
    out.print(
        f"{article.site_name or '-'} · {article.genre} · {', '.join(article.authors) or 'no byline'}"
        f" · {published} · {article.language or '?'}"
        + (" · [red]paywalled[/]" if article.is_paywalled else "")
    )
    out.print(f"[dim]{article.canonical_url}[/]\n")
    out.print(article.text)


def sources_table(out: Console, sources: Sequence[Source]) -> None:
    from rich.table import Table

    table = Table(title=f"{len(sources)} sources", title_justify="left")
    for column in ("id", "outlet", "kind", "genre", "poll", "url"):
        table.add_column(column, overflow="fold")
    for source in sources:
        poll = f"{source.poll.min:g}-{source.poll.max:g}s"
        table.add_row(
            source.id + ("" if source.enabled else " (off)"),
            source.outlet,
            source.kind,
            source.genre,
            poll,
            source.url,
        )
    out.print(table)


def health_table(out: Console, desk: Desk, health: Sequence[SourceHealth]) -> None:
    from rich.table import Table

    from ..ingest.schedule import is_silent
    from ..types import now

    table = Table(title="Source health", title_justify="left")
    for column in (
        "source",
        "state",
        "last success",
        "latency",
        "items/day",
        "next poll",
        "last error",
        "notes",
    ):
        table.add_column(column, overflow="fold", no_wrap=column == "state")
    moment = now()
    for item in health:
        if item.gone:
            state = "[red]gone[/]"
        elif item.consecutive_failures:
            state = f"[yellow]failing x{item.consecutive_failures}[/]"
        elif is_silent(item.items_per_day, item.last_new_item, moment):
            state = "[yellow]silent[/]"
        elif item.last_success is None:
            state = "[dim]not yet polled[/]"
        else:
            state = "[green]ok[/]"
        latency = f"{item.median_latency * 1000:.0f} ms" if item.median_latency is not None else "-"
        table.add_row(
            item.source_id,
            state,
            when(item.last_success, desk),
            latency,
            f"{item.items_per_day:g}",
            when(item.next_poll_at, desk),
            item.last_error or "",
            item.notes,
        )
    out.print(table)


def stats_view(out: Console, numbers: dict[str, Any]) -> None:
    from rich.table import Table

    out.print(
        f"[bold]{numbers['documents']}[/] documents from {numbers['sources']} sources "
        f"({numbers['polls']} polls, {numbers['revised_documents']} revised, "
        f"{numbers['comments']} reader comments)"
    )
    table = Table(title="Top outlets", title_justify="left")
    table.add_column("outlet")
    table.add_column("documents", justify="right")
    for outlet, count in numbers["outlets"][:10]:
        table.add_row(outlet or "-", str(count))
    out.print(table)
    genres = ", ".join(f"{genre} {count}" for genre, count in sorted(numbers["genres"].items()))
    out.print(f"Genres: {genres or '-'}")


def poll_line(out: Console) -> Callable[[str, PollOutcome, int], None]:
    """Progress for `run`: one line per poll that brought something or failed."""

    def show(source_id: str, outcome: PollOutcome, new: int) -> None:
        if outcome.failed:
            out.print(f"[yellow]{source_id}[/]: {outcome.error}")
        elif new:
            out.print(f"[green]{source_id}[/]: {new} new or changed")

    return show


def poll_with_progress(desk: Desk, source_ids: Sequence[str] | None) -> list[PollOutcome]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    total = len([s for s in desk.sources if s.enabled and (not source_ids or s.id in source_ids)])
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("polling sources", total=total)
        return desk.poll_once(source_ids=source_ids, progress=lambda *_: progress.advance(task))


def poll_summary(out: Console, desk: Desk, outcomes: Sequence[PollOutcome]) -> None:
    from rich.table import Table

    table = Table(title=f"Polled {len(outcomes)} sources", title_justify="left")
    for column in ("source", "status", "entries", "new", "error"):
        table.add_column(column, overflow="fold")
    for outcome in sorted(outcomes, key=lambda o: o.source_id):
        style = "red" if outcome.failed else "green"
        table.add_row(
            outcome.source_id,
            f"[{style}]{outcome.status}[/]",
            str(outcome.entries),
            str(outcome.new_entries),
            outcome.error,
        )
    out.print(table)
