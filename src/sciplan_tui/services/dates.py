"""Dates as people type them: ISO, 2025/12/31, 2025年12月31日, 2025年底, 下月底, +2w, eom."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..errors import InvalidInputError
from ..i18n import register

register(
    {
        "date.bad": (
            "无法识别的日期“{value}”（可用 2025-12-31、2025年12月31日、2025年底、下月底、+2w、eom）",
            "Cannot read the date '{value}' (try 2025-12-31, 2025年12月31日, 2025年底, 下月底, +2w, eom)",
        ),
        "duration.bad": (
            "无法识别的时长“{value}”（如 30d、2w、3m）",
            "Cannot read the duration '{value}' (e.g. 30d, 2w, 3m)",
        ),
    }
)

_NUMERIC = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_CN_FULL = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$")
_CN_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月(底|末)?$")
_CN_YEAR = re.compile(r"^(\d{4})年(底|末|年底)?$")
_CN_HALF = re.compile(r"^(\d{4})年(上半年|年中|下半年)$")
_RELATIVE = re.compile(r"^([+-]?)(\d+)\s*([dwmy天周月年])$", re.IGNORECASE)


def end_of_month(day: date) -> date:
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(day=31)


def shift(day: date, amount: int, unit: str) -> date:
    from dateutil.relativedelta import relativedelta

    unit = {"天": "d", "周": "w", "月": "m", "年": "y"}.get(unit, unit.lower())
    delta = {
        "d": relativedelta(days=amount),
        "w": relativedelta(weeks=amount),
        "m": relativedelta(months=amount),
        "y": relativedelta(years=amount),
    }[unit]
    return day + delta


def _named(text: str, today: date) -> date | None:
    """today, tomorrow, eom, eoy, eow, 本月底, 下月底, 年底, 明年底 ..."""
    names = {
        "today": today,
        "今天": today,
        "今日": today,
        "tomorrow": today + timedelta(days=1),
        "明天": today + timedelta(days=1),
        "yesterday": today - timedelta(days=1),
        "昨天": today - timedelta(days=1),
        "eow": today + timedelta(days=6 - today.weekday()),
        "本周末": today + timedelta(days=6 - today.weekday()),
        "eom": end_of_month(today),
        "月底": end_of_month(today),
        "本月底": end_of_month(today),
        "本月末": end_of_month(today),
        "eonm": end_of_month(shift(today, 1, "m")),
        "下月底": end_of_month(shift(today, 1, "m")),
        "下月末": end_of_month(shift(today, 1, "m")),
        "eoy": date(today.year, 12, 31),
        "年底": date(today.year, 12, 31),
        "今年底": date(today.year, 12, 31),
        "年末": date(today.year, 12, 31),
        "明年底": date(today.year + 1, 12, 31),
        "eoq": _end_of_quarter(today),
        "本季度末": _end_of_quarter(today),
    }
    return names.get(text.lower())


def _end_of_quarter(day: date) -> date:
    month = ((day.month - 1) // 3 + 1) * 3
    return end_of_month(date(day.year, month, 1))


def _chinese(text: str) -> date | None:
    if m := _CN_FULL.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _CN_MONTH.match(text):
        return end_of_month(date(int(m[1]), int(m[2]), 1))
    if m := _CN_YEAR.match(text):
        return date(int(m[1]), 12, 31)
    if m := _CN_HALF.match(text):
        return date(int(m[1]), 6, 30) if m[2] in ("上半年", "年中") else date(int(m[1]), 12, 31)
    return None


def parse_date(value: str, today: date) -> date:
    """Read a date; raise InvalidInputError naming the value when it cannot be read."""
    text = value.strip().replace("　", "").replace(" ", "") if value else ""
    try:
        if not text:
            raise ValueError(value)
        if m := _NUMERIC.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC_MONTH.match(text):  # 2026-12, 2026/12: the month's end, like 2026年12月
            return end_of_month(date(int(m[1]), int(m[2]), 1))
        if _BARE_NUMBER.match(text):  # "5": the 5th? in 5 days? Ambiguous: ask for 2026-12-05 or +5d
            raise ValueError(text)
        if (found := _named(text, today)) or (found := _chinese(text)):
            return found
        if m := _RELATIVE.match(text):
            amount = int(m[2]) * (-1 if m[1] == "-" else 1)
            return shift(today, amount, m[3])
        return _dateutil(value.strip(), today)
    except (ValueError, OverflowError) as exc:
        raise InvalidInputError("date.bad", value=value) from exc


def _dateutil(text: str, today: date) -> date:
    """What python-dateutil reads (Dec 31 2026); a missing year is the store's year, a missing day the month's end."""
    from datetime import datetime

    from dateutil import parser

    if not re.search(r"\d", text):
        raise ValueError(text)
    first, second = (
        parser.parse(text, yearfirst=True, dayfirst=False, default=datetime(today.year, today.month, day)).date()
        for day in (1, 2)
    )
    return first if first == second else end_of_month(first)


def parse_days(value: str) -> int:
    """A duration in days: 30, 30d, 2w, 3m (30 days a month), 1y."""
    text = value.strip().lower()
    m = re.match(r"^(\d+)\s*([dwmy天周月年]?)$", text)
    if not m:
        raise InvalidInputError("duration.bad", value=value)
    factor = {"": 1, "d": 1, "天": 1, "w": 7, "周": 7, "m": 30, "月": 30, "y": 365, "年": 365}[m[2]]
    days = int(m[1]) * factor
    if days > 36_500:  # a century: anything longer is a typo, and date arithmetic would overflow
        raise InvalidInputError("duration.bad", value=value)
    return days
