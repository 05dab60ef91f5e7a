"""A demo desk polled once, served by a real uvicorn on loopback, with one user of each role."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from signaldesk import open_desk
from signaldesk.demo import Newsroom
from signaldesk.desk import Desk
from signaldesk.web.app import create_app


@dataclass(frozen=True)
class Served:
    url: str
    desk: Desk
    desk_path: Path
    passwords: dict[str, str]
    tokens: dict[str, str]

    def client(self, role: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)


class ThreadServer:
    """uvicorn in a thread on an ephemeral loopback port; stopped by its own flag."""

    def __init__(self, app: object, host: str) -> None:
        self.server = uvicorn.Server(
            uvicorn.Config(app, host=host, port=0, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.host = host

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://{self.host}:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def newsroom() -> Iterator[Newsroom]:
    with Newsroom(port=0, release_all=True) as room:
        yield room


@pytest.fixture(scope="session")
def polled_desk(newsroom: Newsroom, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("webdesk")
    path = folder / "desk.yaml"
    path.write_text(newsroom.desk_yaml(), encoding="utf-8")
    with open_desk(path) as desk:
        desk.poll_once(workers=0)
    return path


@pytest.fixture(scope="session")
def served(polled_desk: Path) -> Iterator[Served]:
    desk = open_desk(polled_desk)
    passwords = {role: desk.add_user(f"{role}-user", role) for role in ("admin", "analyst", "viewer")}
    tokens = {role: desk.add_token(f"{role}-user", "tests") for role in passwords}
    try:
        with ThreadServer(create_app(desk), "127.0.0.31") as url:
            yield Served(url, desk, polled_desk, passwords, tokens)
    finally:
        desk.close()
