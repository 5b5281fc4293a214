"""The clerk's own store: init --empty, init PLAN..., plan archive/restore, plan remove."""

from __future__ import annotations

from pathlib import Path

import pytest

from sciplan_tui.errors import InvalidInputError, NotFoundError
from sciplan_tui.services import Services, plan_admin

SEED = Path(__file__).resolve().parents[2] / "data" / "seed" / "000_bd9e85829581677d.txt"


def test_archive_hides_a_plan_everywhere_and_keeps_its_history(two_plans: Services) -> None:
    s = two_plans
    before = len(s.tasks())
    task = s.tasks()[0]
    s.set_tasks([task.id], status="in_progress")
    plan_admin.archive(s, "样例县")
    assert [p.code for p in s.plans()] == ["另一县"]
    assert {t.plan_code for t in s.tasks()} == {"另一县"}
    assert all(d.plan_code == "另一县" for d in s.departments())
    with pytest.raises(NotFoundError):
        s.task(task.id)
    with pytest.raises(InvalidInputError):
        plan_admin.archive(s, "样例县")
    assert [(p.code, p.archived) for p in plan_admin.all_plans(s)] == [("样例县", True), ("另一县", False)]
    plan_admin.restore(s, "样例县")
    assert len(s.tasks()) == before
    assert s.task(task.id).task.status == "in_progress"
    fields = [c.field for c in s.history(task_id=task.id)]
    assert "status" in fields


def test_remove_deletes_the_plan_after_a_backup_and_logs_it(two_plans: Services) -> None:
    s = two_plans
    removed = plan_admin.remove(s, "样例县")
    assert removed.code == "样例县" and removed.tasks > 0
    if s.store.is_sqlite:
        assert removed.backup is not None and removed.backup.exists()
    assert [p.code for p in plan_admin.all_plans(s)] == ["另一县"]
    assert any(c.field == "plan_removed" and c.old == "样例县" for c in s.history())
    assert not plan_admin.wants_demo(s)  # an emptied store never gets the demo plans back


def test_init_empty_never_seeds(cli, store_url: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", "--empty")
    assert result.exit_code == 0, result.output
    assert "sciplan import plan" in result.output
    listed = cli("plans", "--json")
    assert listed.exit_code == 0 and listed.stdout.strip() == "[]"
    assert "已创建数据库并导入" not in listed.output


def test_init_with_my_plan_imports_only_it(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", str(SEED))
    assert result.exit_code == 0, result.output
    assert "澧县" in result.stdout
    import json

    assert [p["code"] for p in json.loads(cli("plans", "--json").stdout)] == ["澧县"]
    again = cli("init", str(SEED))
    assert "已有 1 个实施方案" in again.output and "plan remove" in again.output


def test_plan_remove_asks_and_scripts_need_yes(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", str(SEED)).exit_code == 0
    refused = cli("plan", "remove", "澧县")
    assert refused.exit_code == 2 and "--yes" in refused.output
    done = cli("plan", "remove", "澧县", "--yes")
    assert done.exit_code == 0, done.output
    assert "已删除实施方案 澧县" in done.output
    assert cli("plans", "--json").stdout.strip() == "[]"  # not re-seeded


def test_plan_archive_cli(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", str(SEED)).exit_code == 0
    assert cli("plan", "archive", "澧县").exit_code == 0
    assert cli("tasks", "--ids").stdout.strip() == ""
    listed = cli("plan", "list")
    assert "澧县" in listed.stdout and "✓" in listed.stdout
    shown = cli("show", "澧县-A1.1")
    assert shown.exit_code == 3 and "已归档" in shown.output
    assert cli("plan", "restore", "澧县").exit_code == 0
    assert cli("tasks", "--ids").stdout.strip()
