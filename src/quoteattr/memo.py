"""Memos: the values of a pure function, kept by key, for the hot paths of extraction."""

from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict, Generic[K, V]):
    """The values of a pure function of one key, each computed the first time its key is met
    (``memo[key]``); all are forgotten once ``limit`` are kept, a bound on memory over a long
    run (frequent keys come back at once)."""

    def __init__(self, compute: Callable[[K], V], limit: int | None = None):
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: K) -> V:
        if self.limit is not None and len(self) >= self.limit:
            self.clear()
        value = self[key] = self.compute(key)
        return value


def per_object(build: Callable[[K], V]) -> Callable[[K], V]:
    """``build(obj)`` kept for the last ``obj`` met (by identity) and built again when another
    comes: what depends on a vocabulary or a weights table, which stay the same for a run."""
    slot: list = []

    def get(obj: K) -> V:
        if not slot or slot[0] is not obj:
            slot[:] = [obj, build(obj)]
        return slot[1]

    return get
