"""The local runtime's worker pool survives a worker process that dies."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from signaldesk.runtime.local import LocalRuntime, WorkerDied

PAGE = (
    b"<html><head><title>After the crash</title></head><body><article>"
    + b"<p>"
    + b"The envoy said the talks would resume next week. " * 20
    + b"</p>"
    + b"</article></body></html>"
)


def test_a_worker_that_dies_fails_its_call_and_the_next_calls_run() -> None:
    async def main(runtime: LocalRuntime) -> str:
        with pytest.raises(WorkerDied, match="worker process died"):
            await runtime._call(os._exit, 3)  # a real worker ends mid-call, as an out-of-memory kill would
        article = await runtime.extract(PAGE, "http://127.0.0.1/after.html", "news")
        return article.title

    with LocalRuntime(workers=1) as runtime:
        assert asyncio.run(main(runtime)) == "After the crash"


def test_calls_under_way_when_a_worker_dies_finish_or_fail_and_the_pool_is_started_once() -> None:
    async def main(runtime: LocalRuntime) -> tuple[list[object], str]:
        first = runtime._pool
        outcomes = await asyncio.gather(
            runtime._call(time.sleep, 1.0),
            runtime._call(os._exit, 3),
            return_exceptions=True,
        )
        second = runtime._pool
        article = await runtime.extract(PAGE, "http://127.0.0.1/after.html", "news")
        assert second is not first and runtime._pool is second
        return outcomes, article.title

    with LocalRuntime(workers=2) as runtime:
        outcomes, title = asyncio.run(main(runtime))
    assert isinstance(outcomes[1], WorkerDied)
    assert outcomes[0] is None or isinstance(outcomes[0], WorkerDied), outcomes  # it may end before the crash
    assert title == "After the crash"
