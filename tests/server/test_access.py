"""Access control (docs/access.md): open by default, then grants per user, enforced by the services.

Through the services on a small hand-made store (the `store` fixture: SQLite, and PostgreSQL when a
server answers), and through the CLI on the five real plans (SQLite).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.errors import EXIT_DENIED, PermissionDenied
from sciplan_tui.services import Services, TaskFilter, TaskUpdate
from sciplan_tui.services import access as access_mod
from tests.cli.conftest import Cli, seeded_template  # noqa: F401  (the fixture, re-used here)
from tests.conftest import TODAY, make_draft

# ---- through the services ----------------------------------------------------------------


def _as(store, user: str) -> Services:  # type: ignore[no-untyped-def]
    return Services(store, Actor(user), Clock(TODAY))


@pytest.fixture
def two_plans(store) -> Services:  # type: ignore[no-untyped-def]
    """Two small plans, 样例县 and 邻县, imported before any grant; returns the admin's services."""
    admin = _as(store, "admin")
    admin.import_plans([make_draft(), make_draft(jurisdiction="邻县")])
    return admin


def _ids(services: Services, plan: str = "样例县") -> dict[str, int]:
    return {r.code: r.id for r in services.tasks(TaskFilter(plan=plan))}


def _ledger(services: Services) -> list[tuple]:
    """What a refused write must leave untouched: every task's values and the whole history."""
    admin = _as(services.store, "admin")
    rows = [(r.id, r.status, r.progress, r.due_date, r.version) for r in admin.tasks(TaskFilter(include_retired=True))]
    return rows + [(c.id, c.field, c.new) for c in admin.history(limit=None)]


def test_with_no_grant_everyone_sees_and_changes_everything(two_plans):
    anyone = _as(two_plans.store, "someone")
    assert not anyone.access_on()
    assert [p.code for p in anyone.plans()] == ["样例县", "邻县"]
    assert anyone.grants() == []
    anyone.set_tasks([_ids(anyone, "邻县")["A2.1"]], status="in_progress")


def test_the_first_grant_must_make_the_current_user_an_admin(two_plans):
    with pytest.raises(PermissionDenied) as refused:
        two_plans.grant("jyj", plan="样例县", dept="县教育局")
    assert "sciplan --as admin access grant admin" in refused.value.message()
    with pytest.raises(PermissionDenied):
        two_plans.grant("admin", plan="样例县")  # a plan grant first would lock the other plan out
    assert not two_plans.access_on()
    row = two_plans.grant("admin")
    assert (row.user, row.role, row.plan_code, row.department) == ("admin", "admin", None, None)
    assert two_plans.grant("admin") == row  # idempotent
    assert [p.code for p in two_plans.plans()] == ["样例县", "邻县"]
    assert [c.field for c in two_plans.history(limit=None)].count("access") == 1  # grants are logged


@pytest.fixture
def office(two_plans: Services) -> Services:
    """Access on: an admin, 县教育局 of 样例县 (jyj), a clerk of 邻县 (li)."""
    two_plans.grant("admin")
    two_plans.grant("jyj", plan="样例县", dept="县教育局")
    two_plans.grant("li", plan="邻县")
    return two_plans


def test_a_department_account_changes_only_the_tasks_its_department_leads_or_joins(office):
    jyj = _as(office.store, "jyj")
    ids = _ids(jyj)
    jyj.set_tasks([ids["A1.1"], ids["A1.2"]], status="in_progress", note="开学第一课")  # 县教育局 leads A1
    assert jyj.task(ids["A1.1"]).task.status == "in_progress"
    before = _ledger(office)
    with pytest.raises(PermissionDenied) as refused:
        jyj.set_tasks([ids["A2.1"]], status="done")  # 县农业农村局's task
    message = refused.value.message()
    assert "样例县-A2.1" in message and "县教育局" in message and refused.value.exit_code == EXIT_DENIED
    with pytest.raises(PermissionDenied) as other_plan:
        jyj.set_tasks([_ids(office, "邻县")["A1.1"]], status="done")
    assert "邻县-A1.1" in other_plan.value.message()
    assert _ledger(office) == before


def test_a_participant_department_may_change_the_tasks_it_joins(office):
    office.grant("kx", plan="样例县", dept="县科协")  # 县科协 joins action 1
    kx = _as(office.store, "kx")
    kx.add_note(_ids(kx)["A1.1"], "科协参与")
    with pytest.raises(PermissionDenied):
        kx.add_note(_ids(kx)["A2.1"], "不是我们的")


def test_a_mixed_bulk_update_is_refused_entirely(office):
    jyj = _as(office.store, "jyj")
    ids = _ids(jyj)
    before = _ledger(office)
    mixed = [
        TaskUpdate(ids["A1.1"], status="done"),
        TaskUpdate(ids["A2.1"], status="done"),
        TaskUpdate(ids["P1.1"], progress=50),
    ]
    with pytest.raises(PermissionDenied) as refused:
        jyj.update(mixed)
    assert "样例县-A2.1" in refused.value.message() and "样例县-P1.1" in refused.value.message()
    assert "样例县-A1.1" not in refused.value.message()
    assert _ledger(office) == before


def test_targets_follow_their_task(office):
    jyj = _as(office.store, "jyj")
    ids = _ids(jyj)
    mine = jyj.task(ids["A1.1"]).targets[0]
    jyj.set_target(mine.id, 3000)
    assert jyj.task(ids["A1.1"]).targets[0].achieved == 3000
    theirs = jyj.task(ids["A2.1"]).targets[0]
    with pytest.raises(PermissionDenied):
        jyj.set_target(theirs.id, 1)


def test_a_department_account_undoes_its_own_changes(office):
    jyj = _as(office.store, "jyj")
    tid = _ids(jyj)["A1.1"]
    jyj.set_tasks([tid], status="done", note="完成")
    jyj.undo()
    detail = jyj.task(tid)
    assert (detail.task.status, detail.notes) == ("not_started", ())


def test_undo_is_refused_once_the_grant_is_gone(office):
    jyj = _as(office.store, "jyj")
    tid = _ids(jyj)["A1.1"]
    jyj.set_tasks([tid], status="done")
    office.revoke("jyj")
    with pytest.raises(PermissionDenied):
        jyj.undo()
    assert office.task(tid).task.status == "done"


def test_reads_show_only_the_granted_plans(office):
    jyj, li = _as(office.store, "jyj"), _as(office.store, "li")
    assert [p.code for p in jyj.plans()] == ["样例县"]
    assert {r.plan_code for r in jyj.tasks()} == {"样例县"}
    assert jyj.count() == office.count(TaskFilter(plan="样例县"))
    assert {d.plan_code for d in jyj.departments()} == {"样例县"}
    assert [p.code for p in li.plans()] == ["邻县"]
    assert {r.plan_code for r in li.due(3650).overdue} <= {"邻县"}
    neighbour = _ids(office, "邻县")["A1.1"]
    for read in (
        lambda: jyj.task(neighbour),
        lambda: jyj.tasks(TaskFilter(plan="邻县")),
        lambda: jyj.departments("邻县"),
        lambda: jyj.history(plan="邻县"),
        lambda: jyj.items(office.plans()[1].id),
    ):
        with pytest.raises(PermissionDenied):
            read()
    office.set_tasks([neighbour], status="in_progress")
    assert all(c.task_code is None or c.task_code.startswith("样例县") for c in jyj.history(limit=None))


def test_a_plan_clerk_changes_its_whole_plan_and_nothing_else(office):
    li = _as(office.store, "li")
    ids = _ids(li, "邻县")
    li.update([TaskUpdate(ids["A1.1"], status="done"), TaskUpdate(ids["A2.1"], progress=30)])
    with pytest.raises(PermissionDenied):
        li.set_tasks([_ids(office)["A1.1"]], status="done")


def test_importing_needs_an_admin_or_the_whole_plan(office):
    li, jyj = _as(office.store, "li"), _as(office.store, "jyj")
    assert li.import_plan(make_draft(jurisdiction="邻县")).outcome == "unchanged"
    revised = make_draft(jurisdiction="邻县", version="v2")
    assert li.import_plan(revised).outcome == "updated"
    with pytest.raises(PermissionDenied):
        li.import_plan(make_draft(jurisdiction="新县"))  # a new plan: admins only
    with pytest.raises(PermissionDenied):
        li.import_plan(make_draft(version="v2"))  # 样例县's revision
    with pytest.raises(PermissionDenied):
        jyj.import_plan(make_draft(version="v3"))
    assert [p.code for p in office.plans()] == ["样例县", "邻县"]
    assert office.import_plan(make_draft(jurisdiction="新县")).outcome == "created"


def test_only_an_admin_manages_grants_and_the_last_admin_stays(office):
    li = _as(office.store, "li")
    with pytest.raises(PermissionDenied):
        li.grant("li")
    with pytest.raises(PermissionDenied):
        li.revoke("jyj")
    assert [g.user for g in li.grants()] == ["li"]  # one's own grants
    assert {g.user for g in office.grants()} == {"admin", "jyj", "li"}
    with pytest.raises(PermissionDenied):
        office.revoke("admin")
    assert office.revoke("jyj") == 1 and office.revoke("li", plan="邻县") == 1
    assert office.revoke("admin") == 1  # the last grant: access control is off again
    assert not office.access_on() and _as(office.store, "li").plans()


def test_a_user_without_grant_sees_nothing_and_changes_nothing(office):
    stranger = _as(office.store, "stranger")
    assert stranger.plans() == [] and stranger.tasks() == [] and stranger.count() == 0
    with pytest.raises(PermissionDenied) as refused:
        stranger.set_tasks([_ids(office)["A1.1"]], status="done")
    assert "stranger" in refused.value.message() and "sciplan access grant" in refused.value.message()


def test_writes_see_a_new_grant_at_once_reads_within_seconds(two_plans, monkeypatch):
    jyj = _as(two_plans.store, "jyj")
    tid = _ids(jyj)["A2.1"]
    assert len(jyj.plans()) == 2  # open: the long-lived reader caches that for a few seconds
    two_plans.grant("admin")
    two_plans.grant("jyj", plan="样例县", dept="县教育局")
    with pytest.raises(PermissionDenied):
        jyj.set_tasks([tid], status="done")  # the write looked again, in its own transaction
    monkeypatch.setattr("sciplan_tui.services.ACCESS_TTL_SECONDS", 0.0)
    jyj._access = None
    assert [p.code for p in jyj.plans()] == ["样例县"]


def test_the_open_store_pays_one_small_query_per_check(two_plans, monkeypatch):
    from sciplan_tui.store.sql import Db

    statements: list[str] = []
    rows = Db.rows

    def seen(self, sql, params=None):  # type: ignore[no-untyped-def]
        statements.append(sql)
        return rows(self, sql, params)

    monkeypatch.setattr(Db, "rows", seen)
    with two_plans.store.sql() as conn:
        scope = access_mod.scope(conn, Actor("clerk"))
    assert scope.everything and scope.plan_ids is None
    assert len(statements) == 1 and "LIMIT" in statements[0].upper()


# ---- through the CLI ---------------------------------------------------------------------


@pytest.fixture
def acli(seeded_template: Path, tmp_path: Path) -> Cli:  # noqa: F811
    target = tmp_path / "sciplan.db"
    shutil.copy(seeded_template, target)
    return Cli(str(target))


@pytest.fixture
def granted(acli: Cli) -> Cli:
    """The five real plans; boss is the admin, jyj is 县教育局 of 澧县, pengshui the clerk of 彭水自治县."""
    assert acli("access", "grant", "boss", user="boss").exit_code == 0
    done = acli("access", "grant", "jyj", "--plan", "澧县", "--dept", "县教育局", user="boss")
    assert done.exit_code == 0, done.output
    assert acli("access", "grant", "pengshui", "--plan", "彭水自治县", user="boss").exit_code == 0
    return acli


def test_cli_open_by_default_and_the_first_grant_explains_itself(acli):
    assert acli("set", "澧县-A5.1", "--status", "in_progress", user="anyone").exit_code == 0
    listed = acli("access", "list")
    assert listed.exit_code == 0 and "权限控制未启用" in listed.stderr
    refused = acli("access", "grant", "jyj", "--plan", "澧县", "--dept", "县教育局", user="clerk")
    assert refused.exit_code == EXIT_DENIED
    assert "sciplan --as clerk access grant clerk" in refused.stderr


def test_cli_a_ledger_import_names_hidden_tasks_as_unknown_and_shows_nothing_of_them(granted, tmp_path):
    ledger = tmp_path / "ledger.csv"
    assert granted("export", "csv", "-o", str(ledger), "--headers", "en", user="boss").exit_code == 0
    result = granted("import", "csv", str(ledger), "--dry-run", "--json", user="pengshui")
    assert result.exit_code == 4  # every row of another plan is "not found", none is shown
    assert "台账有 153 处错误" in result.stderr  # 189 rows, 36 of them 彭水自治县's own
    assert result.stderr.count("找不到任务") == 153 and result.stdout == ""
    own = tmp_path / "own.csv"
    assert granted("export", "csv", "-o", str(own), "--plan", "彭水自治县", user="pengshui").exit_code == 0
    assert granted("import", "csv", str(own), "--dry-run", user="pengshui").exit_code == 0


def test_cli_a_bare_code_means_the_task_of_the_users_own_plan(granted):
    assert granted("set", "A1.1", "--status", "in_progress", user="boss").exit_code == 4  # ambiguous for an admin
    done = granted("set", "A1.1", "--status", "in_progress", user="pengshui")
    assert done.exit_code == 0, done.output
    assert (
        json.loads(granted("show", "彭水自治县-A1.1", "--json", user="pengshui").stdout)["task"]["status"]
        == "in_progress"
    )


def test_cli_department_account(granted):
    for code in ("澧县-A1.1", "澧县-A2.1"):  # 县教育局 leads A1, joins A2
        done = granted("set", code, "--status", "in_progress", user="jyj")
        assert done.exit_code == 0, done.output
    before = granted.dump()
    for code in ("澧县-A5.1", "彭水自治县-A1.1"):
        refused = granted("set", code, "--status", "done", "--note", "越权", user="jyj")
        assert refused.exit_code == EXIT_DENIED, refused.output
        assert code in refused.stderr and "县教育局" in refused.stderr
    english = granted("--lang", "en", "set", "澧县-A5.1", "--status", "done", user="jyj")
    assert "may not change task(s) 澧县-A5.1" in english.stderr
    assert granted.dump() == before
    tasks = json.loads(granted("tasks", "--json", user="jyj").stdout)
    assert {r["plan"] for r in tasks} == {"澧县"} and len(tasks) == 39
    assert [p["code"] for p in json.loads(granted("plans", "--json", user="jyj").stdout)] == ["澧县"]
    assert granted("show", "郴州市-A1.1", user="jyj").exit_code == EXIT_DENIED


def test_cli_a_mixed_bulk_file_is_refused_entirely(granted):
    before = granted.dump()
    bulk = "code,status,note\n澧县-A1.1,done,好\n澧县-A5.1,done,越权\n澧县-A2.1,in_progress,好\n"
    refused = granted("set", "--from", "-", input=bulk, user="jyj")
    assert refused.exit_code == EXIT_DENIED, refused.output
    assert "澧县-A5.1" in refused.stderr and "澧县-A1.1" not in refused.stderr
    assert granted.dump() == before


def test_cli_undo_of_own_changes(granted):
    assert granted("set", "澧县-A1.1", "--status", "done", user="jyj").exit_code == 0
    undone = granted("undo", "--yes", user="jyj")
    assert undone.exit_code == 0, undone.output
    assert json.loads(granted("show", "澧县-A1.1", "--json", user="jyj").stdout)["task"]["status"] == "not_started"


def test_cli_plan_clerk_sees_only_its_plan(granted):
    tasks = json.loads(granted("tasks", "--json", user="pengshui").stdout)
    assert {r["plan"] for r in tasks} == {"彭水自治县"}
    assert granted("set", "彭水自治县-A5.1", "--progress", "20", user="pengshui").exit_code == 0
    assert granted("set", "澧县-A1.1", "--progress", "20", user="pengshui").exit_code == EXIT_DENIED


def test_cli_non_admin_cannot_grant(granted):
    for user in ("jyj", "pengshui", "stranger"):
        refused = granted("access", "grant", user, user=user)
        assert refused.exit_code == EXIT_DENIED and "管理员" in refused.stderr
    assert granted("access", "revoke", "jyj", user="pengshui").exit_code == EXIT_DENIED
    listed = json.loads(granted("access", "list", "--json", user="boss").stdout)
    assert [(g["user"], g["role"], g["plan_code"], g["department"]) for g in listed] == [
        ("boss", "admin", None, None),
        ("jyj", "dept", "澧县", "县教育局"),
        ("pengshui", "plan", "彭水自治县", None),
    ]
    assert granted("access", "revoke", "boss", user="boss").exit_code == EXIT_DENIED  # the last admin


def test_a_version_1_store_migrates_to_open_access(tmp_path: Path):
    from sciplan_tui.store import open_store
    from sciplan_tui.store.migrations import LATEST

    path = tmp_path / "v1.db"
    shutil.copy(Path(__file__).resolve().parents[1] / "fixtures" / "store_v1.sqlite", path)
    store = open_store(path)
    try:
        clerk = _as(store, "clerk")
        assert LATEST >= 2 and not clerk.access_on() and clerk.plans()
        clerk.grant("clerk")
        assert [g.role for g in clerk.grants()] == ["admin"]
    finally:
        store.dispose()
