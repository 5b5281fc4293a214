"""The monthly report on a prepared history: overdue list, silent departments, targets, the three formats."""

from __future__ import annotations

import pytest

from sciplan_tui.exports.monthly import bar, to_html, to_markdown
from sciplan_tui.services.ledger import Month
from sciplan_tui.services.report import monthly_report


def test_november_report(history):
    report = monthly_report(history)  # today is 2026-11-23
    assert report.month == Month(2026, 11) and report.as_of.isoformat() == "2026-11-23"
    assert [(r.code, r.days_overdue) for r in report.overdue] == [("样例县-A1.1", 13)]
    assert [(s.name, s.open_tasks) for s in report.silent] == [("县教育局", 2)]
    ratios = {(tl.code, tl.target.number): tl.target.ratio for tl in report.targets}
    assert ratios[("样例县-A1.1", 1)] == pytest.approx(5200 / 7500)
    assert ratios[("样例县-A2.1", 1)] == 1.0
    assert ratios[("样例县-P1.1", 1)] is None
    depts = {g.name: g for g in report.by_dept}
    assert depts["县教育局"].counts == {"in_progress": 1, "not_started": 1} and depts["县教育局"].overdue == 1
    assert depts["县农业农村局"].done_ratio == 0.5
    assert report.noted_tasks == 1
    assert report.counts == {"in_progress": 1, "not_started": 4, "done": 2}


def test_october_report_is_rebuilt_from_history(history):
    report = monthly_report(history, Month(2026, 10))
    assert report.as_of.isoformat() == "2026-10-31"
    assert [(r.code, r.days_overdue, r.progress) for r in report.overdue] == [("样例县-A1.1", 21, 20)]
    assert [(s.name, s.open_tasks) for s in report.silent] == [("县农业农村局", 1)]
    ratios = {tl.code: tl.target.ratio for tl in report.targets if tl.target.number == 1}
    assert ratios["样例县-A1.1"] is None and ratios["样例县-A2.1"] == 1.0


def test_markdown_and_html(history):
    report = monthly_report(history)
    md = to_markdown(report)
    assert md.startswith("# 2026-11 月度调度报告")
    assert "## 逾期任务（1）" in md and "| 样例县-A1.1 |" in md
    assert "本月未报送进展的牵头部门（1）" in md and "| 样例县 | 县教育局 | 2 |" in md
    assert bar(5200 / 7500) in md
    page = to_html(report)
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page
    assert "县教育局" in page and '<td class="short">13</td>' in page


def test_html_escapes_everything(seeded):
    from dataclasses import replace

    from tests.exports.conftest import codes

    from sciplan_tui.services import TaskUpdate

    seeded.update([TaskUpdate(codes(seeded)["A1.1"], status="in_progress")])
    report = monthly_report(seeded)
    hostile = report.overdue[0]._replace(title='<img src=x onerror="alert(1)">|*')
    report = replace(report, overdue=(hostile,))
    page = to_html(report)
    assert "<img" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert '\\<img src=x onerror="alert(1)"\\>\\|\\*' in to_markdown(report)


def test_terminal_output(history):
    import io

    from rich.console import Console

    from sciplan_tui.exports.monthly import print_terminal

    out = io.StringIO()
    print_terminal(monthly_report(history), Console(file=out, width=160, color_system=None))
    text = out.getvalue()
    assert "2026-11 月度调度报告" in text and "县教育局" in text and "█" in text
