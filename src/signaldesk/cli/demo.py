"""`signaldesk demo`: play the demo newsroom and monitor it, with progress and a summary."""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from ..desk import Desk
    from ..store import PollOutcome

DEMO_FILES = ("desk.yaml", "signaldesk.db", "signaldesk.db-wal", "signaldesk.db-shm")
SEARCHES = ("sanctions", "talks NEAR/10 resume*", "genre:opinion")


def _reset(folder: Path) -> None:
    """Remove what an earlier demo run left (only the files the demo itself writes)."""
    for name in DEMO_FILES:
        (folder / name).unlink(missing_ok=True)
    shutil.rmtree(folder / "archive", ignore_errors=True)


def run_demo(
    out: Console,
    *,
    speed: float,
    port: int,
    folder: Path,
    keep: bool,
    workers: int | None,
    serve_port: int | None = 8787,
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .. import open_desk
    from ..demo import Newsroom

    folder.mkdir(parents=True, exist_ok=True)
    if not keep:
        _reset(folder)
    with Newsroom(port=port, speed=speed) as newsroom:
        (folder / "desk.yaml").write_text(newsroom.desk_yaml(), encoding="utf-8")
        out.print(
            f"Demo newsroom: {len(newsroom.outlets)} outlets on "
            f"{newsroom.outlets[0].base_url} ... {newsroom.outlets[-1].base_url}"
        )
        with open_desk(folder / "desk.yaml") as desk:
            polled_after: dict[str, float] = {}
            finished_at: list[float] = []
            stored = [0]
            columns = (
                TextColumn("{task.description:<22}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=out) as progress:
                released = progress.add_task("news released", total=newsroom.total)
                articles = progress.add_task("articles stored", total=None)
                polls = progress.add_task("polls", total=None)

                def on_poll(source_id: str, outcome: PollOutcome, new: int) -> None:
                    stored[0] += new
                    polled_after[source_id] = time.monotonic()
                    progress.update(released, completed=newsroom.released)
                    progress.update(articles, completed=stored[0])
                    progress.advance(polls)

                def done() -> bool:
                    progress.update(released, completed=newsroom.released)
                    if not newsroom.finished:
                        return False
                    if not finished_at:
                        finished_at.append(time.monotonic())
                    caught_up = all(polled_after.get(s.id, 0) > finished_at[0] for s in desk.sources)
                    return caught_up or time.monotonic() - finished_at[0] > 60

                try:
                    desk.run(stop=done, progress=on_poll, workers=workers, idle=0.2)
                except KeyboardInterrupt:
                    out.print("Stopped early. Everything stored so far is kept.")
            summary(out, desk, folder)
            if serve_port is not None:
                serve_dashboard(out, desk, serve_port)


def summary(out: Console, desk: Desk, folder: Path) -> None:
    from rich.table import Table

    from . import render

    numbers = desk.stats()
    health = desk.health()
    failing = [h for h in health if h.consecutive_failures]
    out.print()
    out.print(
        f"[bold]{desk.config.desk.name}[/]: polled {len(health)} sources "
        f"({len(failing)} failing), stored [bold]{numbers['documents']}[/] articles "
        f"({numbers['revised_documents']} revised, {numbers['comments']} reader comments)."
    )
    render.stats_view(out, numbers)
    for query in SEARCHES:
        hits = desk.search(query, limit=3)
        table = Table(title=f"search: {query}  ({desk.count(query)} documents)", title_justify="left")
        for column in ("id", "outlet", "title"):
            table.add_column(column, overflow="fold")
        for hit in hits:
            table.add_row(str(hit.document.id), hit.document.outlet, hit.document.title)
        out.print(table)
    out.print(f"The demo desk is in {folder}/. Try: signaldesk search 'sanctions' --desk {folder}/desk.yaml")


def serve_dashboard(out: Console, desk: Desk, port: int) -> None:
    """Keep the demo desk open in the dashboard until Ctrl-C, with a fresh admin login."""
    import uvicorn

    from ..web.app import create_app

    name = "demo-admin"
    if any(user.name == name for user in desk.users()):
        name = f"demo-admin-{int(time.time())}"
    password = desk.add_user(name, "admin")
    out.print(
        f"\n[bold]Dashboard:[/] http://127.0.0.1:{port}/  user [bold]{name}[/], one-time password "
        f"[bold]{password}[/]  (Ctrl-C stops)"
    )
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(create_app(desk), host="127.0.0.1", port=port, log_level="warning")
