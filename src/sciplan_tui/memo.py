"""A function of a value computed once per distinct value: for the streamed exports' hot loops.

A ledger of 100k tasks has a few statuses, a few hundred due dates and department lists, and bulk
writes stamp many rows with one time: `memo[value]` is a dict look-up (no Python call) for every
value seen before, and calls the function only for a new one. At most `size` values are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict[K, V]):
    __slots__ = ("fn", "size")

    def __init__(self, fn: Callable[[K], V], size: int = 4096) -> None:
        super().__init__()
        self.fn = fn
        self.size = size

    def __missing__(self, key: K) -> V:
        if len(self) >= self.size:
            self.clear()
        value = self[key] = self.fn(key)
        return value


__all__ = ["Memo"]
