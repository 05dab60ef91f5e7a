"""Run extraction over an eval set in two worker processes (the floors stay under a minute)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from multiprocessing import get_context
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def parallel_map(func: Callable[[T], R], items: Iterable[T], processes: int = 2) -> list[R]:
    with get_context("spawn").Pool(processes) as pool:
        return pool.map(func, list(items), chunksize=4)
