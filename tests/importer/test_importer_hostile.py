"""Hostile or absurd documents: no traceback, no recursion limit, a bounded time."""

from __future__ import annotations

from sciplan_tui.importer import parse_bytes

TITLE = "某县全民科学素质行动规划纲要实施方案（2021-2025年）\n"


def test_a_list_restarting_at_one_thousands_of_times_stays_flat() -> None:
    text = TITLE + "三、提升行动\n（一）青少年科学素质提升行动\n" + "\n".join(f"1.任务{i}。内容。" for i in range(5000))
    plan = parse_bytes(text.encode(), "x.txt")
    assert plan.task_count() == 5000


def test_every_marker_family_nested_over_and_over() -> None:
    families = ["一、", "（一）", "1.", "（1）", "1）", "①", "⒈", "——", "一是", "2.1 ", "2.1.1 ", "第一部分 "]
    text = TITLE + "\n".join(f"{marker}标题。内容。" for marker in families * 300)
    plan = parse_bytes(text.encode(), "x.txt")  # nothing to track, but no RecursionError
    assert plan.task_count() == 0 and any(w.code == "no_tasks" for w in plan.warnings)
