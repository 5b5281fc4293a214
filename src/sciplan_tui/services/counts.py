"""Counting tasks by group, once. Two sources, one shape (GroupCounts) and one rule (rules.py):

- live counts straight from the store, one aggregate query each: per department
  (`Services.departments`, for `sciplan depts` and the TUI dashboard) and per action/project
  (`Services.item_counts`, the dashboard);
- counts over a ledger (`tally`): the monthly report and the xlsx summary sheet, whose rows may be
  filtered or rebuilt as they stood at a past month's end. For the current month the two agree
  (tests/services/test_counts.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import rules

if TYPE_CHECKING:
    from ..store.rows import DeptRow
    from .ledger import LedgerRow


@dataclass(frozen=True)
class GroupCounts:
    """Tasks of one group (a lead department, an action/project, a plan), by status."""

    plan_code: str
    name: str
    counts: dict[str, int]
    overdue: int
    total: int

    @property
    def done_ratio(self) -> float:
        return self.counts.get("done", 0) / self.total if self.total else 0.0

    def by_status(self, keys: Sequence[str] = rules.STATUS_KEYS) -> list[int]:
        return [self.counts.get(k, 0) for k in keys]

    @classmethod
    def of_department(cls, d: DeptRow) -> GroupCounts:
        """The tasks a department leads, from the live counting query."""
        return cls(d.plan_code, d.name, dict(d.by_status), d.overdue, d.leads)


def tally(rows: Iterable[LedgerRow], names: Callable[[LedgerRow], Iterable[str]]) -> list[GroupCounts]:
    """Each row counted once in every group `names(row)` gives ("" when none), in order of first appearance.

    Overdue is the red lamp of the ledger's day (rules.lamp), so a past month counts what was late then.
    """
    counting = Tally(names)
    for r in rows:
        counting.add(r)
    return list(counting)


class Tally:
    """`tally` row by row, for a ledger streamed rather than held: memory by group, not by row."""

    def __init__(self, names: Callable[[LedgerRow], Iterable[str]]) -> None:
        self.names = names
        self._found: dict[tuple[str, str], list[Any]] = {}  # [counts by status, overdue, total]

    def add(self, r: LedgerRow) -> None:
        for name in self.names(r) or ("",):
            group = self._found.get((r.plan_code, name))
            if group is None:
                group = self._found[(r.plan_code, name)] = [defaultdict(int), 0, 0]
            group[0][r.status] += 1
            group[1] += r.light == "red"
            group[2] += 1

    def __iter__(self) -> Iterator[GroupCounts]:
        """The groups in order of first appearance, made one at a time (a summary of many groups)."""
        for (plan, name), (counts, overdue, total) in self._found.items():
            yield GroupCounts(plan, name, dict(counts), overdue, total)


def by_lead(rows: Iterable[LedgerRow]) -> list[GroupCounts]:
    return tally(rows, lambda r: r.leads)


__all__ = ["GroupCounts", "Tally", "by_lead", "tally"]
