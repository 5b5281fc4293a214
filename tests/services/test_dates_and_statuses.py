"""Dates and statuses as people type them."""

from __future__ import annotations

from datetime import date

import pytest

from sciplan_tui.errors import InvalidInputError
from sciplan_tui.services.dates import parse_date, parse_days
from sciplan_tui.services.statuses import parse_status

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-12-31", date(2025, 12, 31)),
        ("2025/12/31", date(2025, 12, 31)),
        ("2025.1.5", date(2025, 1, 5)),
        ("2025年12月31日", date(2025, 12, 31)),
        ("2025年3月", date(2025, 3, 31)),
        ("2025年底", date(2025, 12, 31)),
        ("2025年末", date(2025, 12, 31)),
        ("2026年上半年", date(2026, 6, 30)),
        ("２０２６年１２月１日", date(2026, 12, 1)),
        ("今天", TODAY),
        ("明天", date(2026, 11, 24)),
        ("本月底", date(2026, 11, 30)),
        ("下月底", date(2026, 12, 31)),
        ("年底", date(2026, 12, 31)),
        ("明年底", date(2027, 12, 31)),
        ("eom", date(2026, 11, 30)),
        ("eow", date(2026, 11, 29)),
        ("eoy", date(2026, 12, 31)),
        ("eoq", date(2026, 12, 31)),
        ("+2w", date(2026, 12, 7)),
        ("+10d", date(2026, 12, 3)),
        ("+1m", date(2026, 12, 23)),
        ("-1y", date(2025, 11, 23)),
        ("+2周", date(2026, 12, 7)),
        ("Dec 31 2026", date(2026, 12, 31)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "明年某天", "2025-13-45", "soon", "+99999999y", "2025年13月"])
def test_bad_dates_name_the_value(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_date(text, TODAY)
    assert text in caught.value.message()


def test_durations() -> None:
    assert [parse_days(v) for v in ("30", "30d", "2w", "3m", "1y", "2周")] == [30, 30, 14, 90, 365, 14]
    for bad in ("soon", "-3d", "999999y"):
        with pytest.raises(InvalidInputError):
            parse_days(bad)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("done", "done"),
        ("已完成", "done"),
        ("完成", "done"),
        ("In Progress", "in_progress"),
        ("进行中", "in_progress"),
        ("wip", "in_progress"),
        ("未开始", "not_started"),
        ("受阻", "blocked"),
        ("暂停", "blocked"),
        ("取消", "cancelled"),
        ("canceled", "cancelled"),
        ("not-started", "not_started"),
    ],
)
def test_statuses(text: str, key: str) -> None:
    assert parse_status(text) == key


def test_an_unknown_status_lists_the_choices() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_status("飞行中")
    assert "飞行中" in caught.value.message() and "已完成" in caught.value.message()


def test_times_are_shown_in_the_offices_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from sciplan_tui import clock

    stored = datetime(2026, 11, 23, 2, 27)  # naive: UTC, as the store returns it
    clock.display_zone.cache_clear()
    assert clock.stamp(stored) == "2026-11-23 10:27"  # Beijing time by default
    assert clock.day_start(date(2026, 11, 23)) == datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
    monkeypatch.setenv("SCIPLAN_TZ", "Asia/Urumqi")
    clock.display_zone.cache_clear()
    try:
        assert clock.stamp(stored) == "2026-11-23 08:27"
    finally:
        clock.display_zone.cache_clear()
