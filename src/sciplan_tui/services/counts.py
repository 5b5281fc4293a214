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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    found: dict[tuple[str, str], list[LedgerRow]] = defaultdict(list)
    for r in rows:
        for name in names(r) or ("",):
            found[(r.plan_code, name)].append(r)
    out = []
    for (pcode, name), members in found.items():
        counts: dict[str, int] = defaultdict(int)
        for r in members:
            counts[r.status] += 1
        out.append(GroupCounts(pcode, name, dict(counts), sum(r.light == "red" for r in members), len(members)))
    return out


def by_lead(rows: Iterable[LedgerRow]) -> list[GroupCounts]:
    return tally(rows, lambda r: r.leads)


__all__ = ["GroupCounts", "by_lead", "tally"]
