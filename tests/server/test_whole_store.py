"""Whole-store commands are for admins: db copy, backup, restore, import plan, plan remove, access (exit 8).

On a secured server the database decides who is an admin (the `server` fixture of test_pg_security);
on a SQLite store with grants, the services do, for the name given.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciplan_tui.errors import EXIT_DENIED, PermissionDenied
from sciplan_tui.services.safekeeping import open_services
from tests.conftest import make_draft
from tests.server.secured import Server


def _run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    from sciplan_tui.cli import app

    return CliRunner().invoke(app, list(args), input=input)


def _sqlite_store(tmp_path: Path) -> str:
    path = str(tmp_path / "office.db")
    services = open_services(path, "zhang")
    services.import_plans([make_draft(), make_draft(jurisdiction="邻县")])
    services.store.dispose()
    return path


def test_a_department_role_gets_no_whole_store_command_on_a_secured_server(server: Server, tmp_path: Path):
    old = _sqlite_store(tmp_path)
    before = server.admin.history(limit=None)
    dept = server.dept_url
    for args in (
        ("db", "copy", "--from", old, "--to", dept, "--overwrite", "--yes", "--i-have-a-backup"),
        ("db", "copy", "--from", dept, "--to", str(tmp_path / "mine.db")),
        ("--db", dept, "plan", "remove", "样例县", "--yes"),
        ("--db", dept, "access", "grant", server.dept_role, "--plan", "邻县"),
        ("--db", dept, "access", "revoke", "postgres"),
    ):
        result = _run(*args)
        assert result.exit_code == EXIT_DENIED, (args, result.output)
    assert not (tmp_path / "mine.db").exists()
    with pytest.raises(PermissionDenied):
        open_services(dept, None).import_plans([make_draft(jurisdiction="新县")])
    assert server.admin.history(limit=None) == before
    assert [p.code for p in server.admin.plans()] == ["样例县", "邻县"]


def test_overwriting_a_server_says_what_goes_asks_and_backs_it_up_there(server: Server, tmp_path: Path):
    old = _sqlite_store(tmp_path)
    asked = _run("--lang", "en", "db", "copy", "--from", old, "--to", server.url, "--overwrite")
    assert asked.exit_code == 1  # no terminal, no --yes: nothing done
    assert "样例县: 7 tasks" in asked.stderr and "邻县" in asked.stderr
    done = _run("db", "copy", "--from", old, "--to", server.url, "--overwrite", "--yes")
    assert done.exit_code == 0, done.output
    assert "sciplan_backup_" in done.stderr
    import psycopg

    with psycopg.connect(server.url) as conn:
        schemas = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sciplan_backup_%'").fetchall()
        assert len(schemas) == 1
        kept = conn.execute(f'SELECT count(*) FROM {schemas[0][0]}."change"').fetchone()
        assert kept is not None and kept[0] > 0
        secured = conn.execute("SELECT value FROM setting WHERE key = 'server_security'").fetchone()
        assert secured is not None  # the copy did not switch the server's own enforcement off


def test_sqlite_whole_store_commands_need_an_admin_once_access_is_on(tmp_path: Path):
    path = _sqlite_store(tmp_path)
    first = _run("--db", path, "--as", "zhang", "--lang", "en", "access", "grant", "zhang")
    assert first.exit_code == 0 and "protected only by its file permissions" in first.stderr
    assert _run("--db", path, "--as", "zhang", "access", "grant", "jyj", "--plan", "样例县").exit_code == 0
    backup = _run("--db", path, "--as", "zhang", "backup", str(tmp_path / "b.db"))
    assert backup.exit_code == 0, backup.output
    for args in (
        ("--db", path, "--as", "jyj", "backup", str(tmp_path / "c.db")),
        ("--db", path, "--as", "jyj", "restore", str(tmp_path / "b.db"), "--yes"),
        ("db", "copy", "--from", path, "--to", str(tmp_path / "d.db")),  # the login name holds no grant
    ):
        result = _run(*args)
        assert result.exit_code == EXIT_DENIED, (args, result.output)
    assert not (tmp_path / "c.db").exists() and not (tmp_path / "d.db").exists()
    assert _run("--db", path, "--as", "zhang", "restore", str(tmp_path / "b.db"), "--yes").exit_code == 0
