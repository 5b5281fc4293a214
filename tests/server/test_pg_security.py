"""A secured server (store/pg_security.py): a department's own login role, tried with plain SQL and the app.

Every test makes its own database and its own roles (named t<random>_…) and drops them. The department
role `jyj` has a grant of 县教育局 in 样例县, which leads the A1 tasks; 邻县 is another office's plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.errors import PermissionDenied
from sciplan_tui.services import Services, TaskFilter
from sciplan_tui.services.safekeeping import open_services
from sciplan_tui.store import open_store
from tests import pg
from tests.conftest import TODAY, make_draft
from tests.server.secured import Server, drop_roles


def _refused(server: Server, statement: str, params: tuple[object, ...] = ()) -> str:
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
        server.sql(statement, params)
    return str(refused.value)


def test_add_user_prints_a_url_with_the_role_and_no_password_for_peer_auth(server):
    assert server.dept_url.startswith(f"postgresql://{server.dept_role}@")
    assert server.dept_url.endswith(f"/{server.database}")
    assert server.sql("SELECT session_user")[0][0] == server.dept_role


def test_a_department_cannot_rewrite_history(server):
    ids = server.ids()
    server.admin.set_tasks([ids["A1.1"]], status="in_progress", note="部署")
    assert "change" in _refused(server, "UPDATE change SET actor = 'someone'")
    assert "change" in _refused(server, "DELETE FROM change")
    assert {c.actor for c in server.admin.history(limit=None)} == {"postgres"}


def test_a_department_cannot_change_grants(server):
    _refused(server, "DELETE FROM access_grant")
    _refused(server, "UPDATE access_grant SET plan_id = NULL, department_id = NULL")
    _refused(server, "INSERT INTO access_grant (username, created_at, created_by) VALUES (session_user, now(), 'x')")
    assert len(server.admin.grants()) == 2  # the owner's admin grant and jyj's


def test_a_department_cannot_forge_history_rows(server):
    a11 = server.ids()["A1.1"]
    forged = (
        "INSERT INTO change (batch, task_id, at, actor, field, old, new) VALUES ('x', %s, now(), 'zhang', %s, %s, %s)"
    )
    assert "no change" in _refused(server, forged, (a11, "status", "not_started", "done"))
    _refused(server, forged, (a11, "import", None, "x"))
    _refused(server, forged, (a11, "note", None, "捏造的进展"))
    # Planting the "value before" the history triggers compare with: the helpers are not for clients.
    assert "permission denied for function" in _refused(server, "SELECT sciplan_stash('status', %s, 'done')", (a11,))
    _refused(server, "DELETE FROM sciplan_pending")
    # A real change, but a history row that lies about the old value:
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege), psycopg.connect(server.dept_url) as conn:
        conn.execute("UPDATE task SET status = 'in_progress' WHERE id = %s", (a11,))
        conn.execute(forged, (a11, "status", "done", "in_progress"))
    # A note without its history row, and a note under someone else's name, are refused at commit:
    with pytest.raises(psycopg.errors.InsufficientPrivilege), psycopg.connect(server.dept_url) as conn:
        conn.execute("INSERT INTO note (task_id, at, actor, text) VALUES (%s, now(), 'zhang', 'x')", (a11,))
    # A change with no history row at all is refused at commit:
    with pytest.raises(psycopg.errors.InsufficientPrivilege), psycopg.connect(server.dept_url) as conn:
        conn.execute("UPDATE task SET status = 'in_progress' WHERE id = %s", (a11,))
    assert server.admin.task(a11).task.status == "not_started"
    assert {c.actor for c in server.admin.history(limit=None)} == {"postgres"}  # the import and the grant


def test_a_department_reads_its_plan_only_and_writes_its_own_tasks_only(server):
    other = server.ids("邻县")["A1.1"]
    server.admin.add_note(other, "邻县的内部情况")
    assert server.sql("SELECT count(*) FROM note")[0][0] == 0
    assert server.sql("SELECT count(*) FROM task WHERE id = %s", (other,))[0][0] == 0
    assert server.sql("SELECT count(*) FROM change c JOIN plan p ON p.id = c.plan_id WHERE p.code = '邻县'")[0][0] == 0
    assert server.sql("SELECT count(*) FROM change WHERE plan_id IS NULL")[0][0] == 0  # grants given
    assert {r[0] for r in server.sql("SELECT code FROM plan")} == {"样例县"}
    a51 = server.ids().get("P1.1")  # a project 县教育局 does not lead
    assert server.sql("UPDATE task SET status = 'done' WHERE id = %s RETURNING id", (a51,)) == []
    _refused(server, "INSERT INTO note (task_id, at, actor, text) VALUES (%s, now(), 'x', 'y')", (a51,))
    _refused(server, "UPDATE task SET title = 'x'")


def test_the_app_works_for_the_department_within_its_grant(server):
    ids = server.ids()
    dept = open_services(server.dept_url, None)
    assert dept.actor.name == server.dept_role
    assert [p.code for p in dept.plans()] == ["样例县"]
    applied = dept.set_tasks([ids["A1.1"]], status="in_progress", progress=30, note="已部署")
    assert applied.changed_tasks == 1
    target = dept.task(ids["A1.1"]).targets[0]
    dept.set_target(target.id, 1200)
    dept.undo()  # the target
    dept.undo()  # the status, progress and note
    assert dept.task(ids["A1.1"]).task.status == "not_started"
    history = [c for c in server.admin.history(limit=None) if c.task_id is not None]
    assert len(history) == 8 and {c.actor for c in history} == {server.dept_role}
    with pytest.raises(PermissionDenied):
        dept.set_tasks([ids["P1.1"]], status="done")
    with pytest.raises(PermissionDenied):
        dept.grant("someone", plan="样例县")


def test_a_claimed_name_is_refused_on_a_secured_server(server):
    with pytest.raises(PermissionDenied) as refused:
        open_services(server.dept_url, "zhang")
    assert server.dept_role in refused.value.message()
    assert open_services(server.dept_url, server.dept_role).actor.name == server.dept_role


def test_database_refusals_reach_the_user_as_exit_8(server):
    from sqlalchemy import text

    dept = open_services(server.dept_url, None)
    with pytest.raises(PermissionDenied) as refused, dept.store.write() as conn:
        conn.execute(text("DELETE FROM access_grant"))
    assert refused.value.exit_code == 8
    assert pg.unavailable() is None


def test_server_init_and_add_user_through_the_cli(pg_database: Callable[..., str], tmp_path):
    from typer.testing import CliRunner

    from sciplan_tui.cli import app

    url = pg_database()
    database = url.rsplit("/", 1)[1]
    store = open_store(url)
    Services(store, Actor("postgres"), Clock(TODAY)).import_plans([make_draft()])
    store.dispose()
    role = f"t{uuid.uuid4().hex[:8]}_kx"
    runner = CliRunner()
    try:
        done = runner.invoke(app, ["--db", url, "server", "init"])
        assert done.exit_code == 0, done.output
        again = runner.invoke(app, ["--db", url, "server", "init"])  # idempotent
        assert again.exit_code == 0, again.output
        added = runner.invoke(app, ["--db", url, "server", "add-user", role, "--plan", "样例县", "--dept", "县科协"])
        assert added.exit_code == 0, added.output
        given = added.stdout.strip().splitlines()[-1]
        assert given.startswith(f"postgresql://{role}:") and given.endswith(f"/{database}")
        ok = runner.invoke(app, ["--db", given, "note", "样例县-A1.1", "县科协已参与"])
        assert ok.exit_code == 0, ok.output
        history = runner.invoke(app, ["--db", given, "history", "--json"])
        assert role in history.stdout
        for reading in (
            ["tasks"],
            ["due"],
            ["depts"],
            ["plans"],
            ["show", "样例县-A1.1"],
            ["access", "list"],
            ["export", "csv", "-o", str(tmp_path / "ledger.csv")],
            ["undo", "--yes"],
        ):
            used = runner.invoke(app, ["--db", given, *reading])
            assert used.exit_code == 0, (reading, used.output)
        claimed = runner.invoke(app, ["--db", given, "--as", "postgres", "tasks"])
        assert claimed.exit_code == 8
        refused = runner.invoke(app, ["--db", given, "server", "add-user", "tx_other", "--admin"])
        assert refused.exit_code == 8
        sqlite = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "server", "init"])
        assert sqlite.exit_code == 2
    finally:
        drop_roles(url, [role, f"{database}_office", f"{database}_admin"])


def test_an_admin_role_made_with_add_user_manages_the_store(server):
    import uuid

    from sciplan_tui.services.server_admin import add_user

    role = f"t{uuid.uuid4().hex[:8]}_admin"
    try:
        made = add_user(server.admin, role, admin=True, password=False)
        admin = open_services(made.url, None)
        assert admin.actor.name == role
        assert [p.code for p in admin.plans()] == ["样例县", "邻县"]
        admin.import_plans([make_draft(jurisdiction="新县")])
        other = {r.code: r.id for r in admin.tasks(TaskFilter(plan="邻县"))}
        admin.set_tasks([other["A1.1"]], status="in_progress", note="督办")
        admin.undo()
        admin.grant(server.dept_role, plan="新县")
        assert "新县" in {p.code for p in open_services(server.dept_url, None).plans()}
        assert {c.actor for c in admin.history(limit=None) if c.task_id == other["A1.1"]} == {role}
        admin.store.dispose()
    finally:
        drop_roles(server.url, [role])


def test_remove_user_takes_the_grants_and_the_login(server):
    import psycopg

    from sciplan_tui.services.server_admin import remove_user

    assert remove_user(server.admin, server.dept_role) == 1
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.dept_url).close()
    assert server.dept_role not in {g.user for g in server.admin.grants()}


def test_a_department_cannot_slip_its_rows_into_someone_elses_undo(server):
    """A batch id is the client's word: another user's undo reverts only that user's own rows."""
    import psycopg

    ids = server.ids()
    server.admin.set_tasks([ids["A2.1"]], status="in_progress")
    batch = server.admin.history(limit=1)[0].batch
    with psycopg.connect(server.dept_url) as conn:
        conn.execute("UPDATE task SET due_date = '2031-01-01' WHERE id = %s", (ids["A1.1"],))
        old = server.admin.task(ids["A1.1"]).task.due_date
        conn.execute(
            "INSERT INTO change (batch, task_id, at, actor, field, old, new) VALUES (%s, %s, now(), 'x', 'due_date', "
            "%s, '2031-01-01')",
            (batch, ids["A1.1"], old.isoformat() if old else None),
        )
    undone = server.admin.undo()
    assert {c["task_id"] for c in undone.changes} == {ids["A2.1"]}
    assert str(server.admin.task(ids["A1.1"]).task.due_date) == "2031-01-01"


def test_contacts_and_the_duban_log_for_the_plan_clerk_and_the_department(server, tmp_path):
    import uuid

    import psycopg
    from typer.testing import CliRunner

    from sciplan_tui.cli import app
    from sciplan_tui.services.contacts import set_contact
    from sciplan_tui.services.server_admin import add_user

    dept = open_services(server.dept_url, None)
    assert set_contact(dept, "县教育局", plan="样例县", phone="0736-1234567").phone == "0736-1234567"
    with pytest.raises(PermissionDenied):
        set_contact(dept, "县科协", plan="样例县", phone="1")
    with pytest.raises(psycopg.errors.InsufficientPrivilege), psycopg.connect(server.dept_url) as conn:
        conn.execute("UPDATE department SET phone = '2' WHERE name = '县教育局'")  # no history row
    _refused(
        server,
        "INSERT INTO duban_log (period, department_id, kind, token, at, actor) "
        "SELECT '2026-11', id, 'sent', 'x', now(), session_user FROM department LIMIT 1",
    )
    clerk = f"t{uuid.uuid4().hex[:8]}_clerk"
    try:
        made = add_user(server.admin, clerk, plan="样例县", password=False)
        sheets = CliRunner().invoke(app, ["--db", made.url, "export", "sheets", "--by-dept", str(tmp_path / "s")])
        assert sheets.exit_code == 0, sheets.output
        assert CliRunner().invoke(app, ["--db", made.url, "dept", "set", "县科协", "--phone", "3"]).exit_code == 0
        contacts = [c for c in server.admin.history(limit=None) if c.field == "contact"]
        assert [c.actor for c in contacts] == [clerk, server.dept_role]
    finally:
        drop_roles(server.url, [clerk])


def test_the_plan_clerk_runs_the_duban_cycle_on_a_secured_server(server, tmp_path):
    """Sheets out and answers back (collect) by a role with the whole plan, through row-level security."""
    import uuid

    from sciplan_tui.exports.answers import read
    from sciplan_tui.services.collect import collect
    from sciplan_tui.services.server_admin import add_user
    from tests.duban.sheetedit import edit, export

    clerk = f"t{uuid.uuid4().hex[:8]}_clerk"
    try:
        made = add_user(server.admin, clerk, plan="样例县", password=False)
        services = open_services(made.url, None)
        sent = export(services, tmp_path / "out")
        back = edit(sent["县教育局"], tmp_path / "jyj.xlsx", {"样例县-A1.1": {"状态": "进行中", "本月进展": "已部署"}})
        result = collect(services, [read(back)])
        assert not result.conflicts and not result.problems
        assert services.task(server.ids()["A1.1"]).task.status == "in_progress"
        assert {c.actor for c in server.admin.history(task_id=server.ids()["A1.1"])} == {clerk}
    finally:
        drop_roles(server.url, [clerk])


def test_every_table_is_classified_for_offices() -> None:
    """A new table (another module's migration) must be listed as readable by offices or admin-only."""
    from sqlmodel import SQLModel

    from sciplan_tui.store import models  # noqa: F401  (registers the tables)
    from sciplan_tui.store import pg_security as sec

    tables = set(SQLModel.metadata.tables) | {"schema_version"}
    assert tables == set(sec.OFFICE_READ) | set(sec.ADMIN_ONLY), "classify the table in store/pg_security.py"
    plan_data = tables - {"setting", "schema_version"}
    assert plan_data <= set(sec.RLS_TABLES) | set(sec.ADMIN_ONLY), "a table of plan data needs row-level security"
