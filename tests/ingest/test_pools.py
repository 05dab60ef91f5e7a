"""One connection pool per origin, against real servers on loopback addresses."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from signaldesk.ingest.pools import Pools

Serve = Callable[..., Any]
OK = (200, {"Content-Type": "text/plain"}, b"ok")


def make(tls: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(verify=tls, trust_env=False, limits=httpx.Limits(max_connections=2))


def test_idle_pools_past_the_cap_are_closed_least_recently_used_first(serve: Serve) -> None:
    servers = [serve(lambda seen: OK, f"127.0.0.{n}") for n in (31, 32, 33)]

    async def main() -> tuple[list[bool], int]:
        pools = Pools(make, most=2)
        clients: list[httpx.AsyncClient] = []
        for server in [*servers, servers[2], servers[2]]:
            async with pools.client(f"http://{server.host}:{server.port}") as client:
                clients.append(client)
                await client.get(server.url("/"))
        closed = [client.is_closed for client in clients]
        size = len(pools)
        await pools.aclose()
        return closed, size

    closed, size = asyncio.run(main())
    assert size == 2
    assert closed[0] is True  # the least recently used pool went when the third origin came
    assert closed[1:] == [False] * 4
    assert all(len(server.seen) == n for server, n in zip(servers, (1, 1, 3), strict=True))


def test_a_pool_in_use_is_never_closed_to_make_room(serve: Serve) -> None:
    servers = [serve(lambda seen: OK, f"127.0.0.{n}") for n in (31, 32)]

    async def main() -> tuple[bool, int]:
        pools = Pools(make, most=1)
        async with pools.client(f"http://{servers[0].host}:{servers[0].port}") as busy:
            async with pools.client(f"http://{servers[1].host}:{servers[1].port}") as other:
                await other.get(servers[1].url("/"))
            still_open = not busy.is_closed
            reply = await busy.get(servers[0].url("/"))
        await pools.aclose()
        return still_open, reply.status_code

    assert asyncio.run(main()) == (True, 200)


def test_the_pools_share_one_tls_context(serve: Serve) -> None:
    made: list[Any] = []

    def remember(tls: Any) -> httpx.AsyncClient:
        made.append(tls)
        return make(tls)

    async def main() -> None:
        pools = Pools(remember)
        for origin in ("http://127.0.0.31:1", "http://127.0.0.32:1"):
            async with pools.client(origin):
                pass
        await pools.aclose()

    asyncio.run(main())
    assert len(made) == 2 and made[0] is made[1]
