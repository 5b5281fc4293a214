"""报送登记: who returned a sheet or changed anything this month, and what each has overdue."""

from __future__ import annotations

import json
from datetime import date

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.exports.answers import read
from sciplan_tui.services import Services, TaskFilter
from sciplan_tui.services.collect import collect
from sciplan_tui.services.duban import status
from sciplan_tui.services.ledger import Month

from .sheetedit import edit, export


def _by_name(report):  # type: ignore[no-untyped-def]
    return {(d.dept.plan_code, d.dept.name): d for d in report.depts}


def test_a_returned_sheet_and_an_own_change_count_as_reported(two_plans: Services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = two_plans
    a11 = next(r for r in s.tasks(TaskFilter(plan="样例县")) if r.code == "A1.1")
    s.set_tasks([a11.id], due_date=date(2026, 10, 1))  # overdue on 2026-11-23
    sent = export(s, tmp_path / "out")
    first = _by_name(status(s, plan="样例县"))
    assert not any(d.reported for d in first.values())
    assert first[("样例县", "县教育局")].sent_at is not None
    assert [x.row.code for x in first[("样例县", "县教育局")].overdue] == ["样例县-A1.1", "样例县-A1.2"]
    assert {x.role for x in first[("样例县", "县科协")].overdue} == {"participant"}
    # 县教育局 sends its sheet back (nothing changed is still a report); 县农业农村局's own account edits a task
    collect(s, [read(edit(sent["县教育局"], tmp_path / "jyj.xlsx", {}))])
    s.grant("clerk")
    s.grant("nyj", plan="样例县", dept="县农业农村局")
    nyj = Services(s.store, Actor("nyj"), Clock(date(2026, 11, 23)))
    a21 = next(r for r in s.tasks(TaskFilter(plan="样例县")) if r.code == "A2.1")
    nyj.add_note(a21.id, "已部署")
    report = status(s, plan="样例县")
    now = _by_name(report)
    assert now[("样例县", "县教育局")].returned_at is not None
    assert now[("样例县", "县农业农村局")].changed_at is not None
    assert [d.dept.name for d in report.silent] == ["县科协"]
    assert report.depts[0].dept.name == "县科协"  # the silent come first
    assert not status(s, Month(2026, 10), plan="样例县").reported  # another month: nobody yet


def test_duban_status_cli(two_plans: Services, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sent = export(two_plans, tmp_path / "out")
    collect(two_plans, [read(edit(sent["县科协"], tmp_path / "kx.xlsx", {"样例县-A1.1": {"进度%": 10}}))])
    table = cli("duban", "status", "--plan", "样例县")
    assert table.exit_code == 0, table.output
    assert "✗ 未报送" in table.stdout and "✓" in table.stdout
    assert "已报送 1 个，未报送 2 个" in table.output
    rows = json.loads(cli("duban", "status", "--plan", "样例县", "--silent", "--json").stdout)
    assert sorted(r["dept"] for r in rows) == ["县农业农村局", "县教育局"]
