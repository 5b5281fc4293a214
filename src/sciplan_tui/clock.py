"""The clock: "today" and "now", frozen in tests through SCIPLAN_TODAY or by injection."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime


@dataclass(frozen=True)
class Clock:
    """Real time unless `frozen` is set (a date: today; now is that day at noon UTC)."""

    frozen: date | None = None

    @classmethod
    def from_env(cls) -> Clock:
        value = os.environ.get("SCIPLAN_TODAY", "").strip()
        return cls(date.fromisoformat(value)) if value else cls()

    def today(self) -> date:
        return self.frozen if self.frozen is not None else date.today()

    def now(self) -> datetime:
        if self.frozen is not None:
            return datetime(self.frozen.year, self.frozen.month, self.frozen.day, 12, tzinfo=UTC)
        return datetime.now(UTC)
