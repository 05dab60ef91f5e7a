"""One small HTTP connection pool per origin.

httpcore looks at every connection of a pool each time a request starts or ends, so a
single pool holding a keep-alive connection to each of fifty hosts costs more per request
than fifty pools of a few connections. The pools share one TLS context (making one reads
the CA bundle) and the least recently used idle ones are closed past `most`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx


class Pools:
    def __init__(self, make: Callable[[Any], httpx.AsyncClient], most: int = 256) -> None:
        self._make = make
        self._most = most
        self._tls: Any = None
        self._open: dict[str, list[Any]] = {}  # origin -> [client, requests under way]; oldest use first

    def __len__(self) -> int:
        return len(self._open)

    @contextlib.asynccontextmanager
    async def client(self, origin: str) -> AsyncIterator[httpx.AsyncClient]:
        """The client for `origin`, made on first use, for the length of one request."""
        entry = self._open.pop(origin, None)
        if entry is None:
            if self._tls is None:
                self._tls = httpx.create_ssl_context(trust_env=False)
            entry = [self._make(self._tls), 0]
        self._open[origin] = entry
        entry[1] += 1
        try:
            yield entry[0]
        finally:
            entry[1] -= 1
            await self._trim()

    async def _trim(self) -> None:
        while len(self._open) > self._most:
            idle = next((origin for origin, (_, busy) in self._open.items() if not busy), None)
            if idle is None:
                return
            client, _ = self._open.pop(idle)
            await client.aclose()

    async def aclose(self) -> None:
        clients = [client for client, _ in self._open.values()]
        self._open.clear()
        for client in clients:
            await client.aclose()
