"""What the tree and the tables tell their screen when the set of marked tasks changes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class MarksChanged(Message):
    """The marked tasks changed: `count` are marked now; `dropped` were unmarked because hidden."""

    count: int
    dropped: int = 0
