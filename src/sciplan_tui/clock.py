"""The clock: "today" and "now", frozen in tests through SCIPLAN_TODAY or by injection."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache

from .errors import InvalidInputError
from .i18n import register

BEIJING = timezone(timedelta(hours=8), "CST")

register(
    {
        "tz.bad": (
            "SCIPLAN_TZ 不是时区名“{value}”（应为 Asia/Shanghai 这样的 IANA 名称）",
            "SCIPLAN_TZ '{value}' is not a time zone (use an IANA name such as Asia/Shanghai)",
        ),
        "today.bad": (
            "SCIPLAN_TODAY 不是日期“{value}”（应为 2026-11-23 这样的格式）",
            "SCIPLAN_TODAY '{value}' is not a date (use e.g. 2026-11-23)",
        ),
    }
)


@cache
def display_zone() -> tzinfo:
    """Where times are shown: SCIPLAN_TZ (an IANA name such as Asia/Urumqi), else Beijing time.

    Times are stored in UTC; the clerk reads and types them in the office's time. A name that is not a
    time zone is an error, not a silent fall-back to Beijing.
    """
    name = os.environ.get("SCIPLAN_TZ", "").strip()
    if not name:
        return BEIJING
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except (ImportError, ValueError, KeyError, OSError) as exc:
        raise InvalidInputError("tz.bad", value=name) from exc


def check_environment() -> None:
    """Raise InvalidInputError now if SCIPLAN_TODAY or SCIPLAN_TZ cannot be read (not midway through a screen)."""
    Clock.from_env()
    display_zone()


def local(at: datetime) -> datetime:
    """A stored time (naive means UTC) in the display zone."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(display_zone())


def stamp(at: datetime) -> str:
    """A stored time as the clerk reads it: 2026-11-23 10:27."""
    return local(at).strftime("%Y-%m-%d %H:%M")


def day_start(day: date) -> datetime:
    """The first instant of `day` in the display zone, in UTC: what `--since DAY` means."""
    return datetime(day.year, day.month, day.day, tzinfo=display_zone()).astimezone(UTC)


@dataclass(frozen=True)
class Clock:
    """Real time unless `frozen` is set (a date: today; now is that day at noon UTC)."""

    frozen: date | None = None

    @classmethod
    def from_env(cls) -> Clock:
        value = os.environ.get("SCIPLAN_TODAY", "").strip()
        if not value:
            return cls()
        try:
            return cls(date.fromisoformat(value))
        except ValueError as exc:
            raise InvalidInputError("today.bad", value=value) from exc

    def today(self) -> date:
        return self.frozen if self.frozen is not None else date.today()

    def now(self) -> datetime:
        if self.frozen is not None:
            return datetime(self.frozen.year, self.frozen.month, self.frozen.day, 12, tzinfo=UTC)
        return datetime.now(UTC)
