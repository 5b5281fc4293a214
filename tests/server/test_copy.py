"""`sciplan db copy`: a store moves SQLite → PostgreSQL → SQLite with every row and history entry."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sciplan_tui.errors import InvalidInputError, StoreError
from sciplan_tui.store.copy import copy_store, ledger_tables
from tests.conftest import TODAY

Dump = dict[str, list[tuple[Any, ...]]]


def _services(location: str | Path, actor: str, clock: Any = None):  # type: ignore[no-untyped-def]
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store

    return Services(open_store(location), Actor(actor), clock or Clock(TODAY))


def _seed(path: Path) -> Path:
    """The five bundled plans plus what a month of use leaves: changes, notes, a target value, an undo."""
    from sciplan_tui.clock import Clock
    from sciplan_tui.seed import import_bundled

    importer = _services(path, "importer")
    import_bundled(importer)
    importer.store.dispose()
    clerk = _services(path, "clerk", Clock())  # real time: microseconds must survive the trip
    ids = [row.id for row in clerk.tasks()]
    clerk.set_tasks(ids[:20], status="in_progress", progress=40, note="已部署")
    clerk.set_tasks(ids[20:25], due_date=date(2026, 12, 31))
    clerk.add_note(ids[0], "召开推进会，完成年度目标的 60%")
    target = next(t for i in ids for t in clerk.task(i).targets)
    clerk.set_target(target.id, 5200.5, note="第三季度统计")
    clerk.set_tasks(ids[30:33], status="done", progress=100)
    clerk.undo()  # the last batch: reverted, and the revert is history too
    clerk.store.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _seed(tmp_path_factory.mktemp("copy-template") / "office.db")


@pytest.fixture
def office(seeded_template: Path, tmp_path: Path) -> Path:
    """An office's SQLite store, seeded and used."""
    path = tmp_path / "office" / "sciplan.db"
    path.parent.mkdir()
    shutil.copy(seeded_template, path)
    return path


def dump(location: str | Path) -> Dump:
    """Every row of every table, through Core types, in primary-key order; datetimes made naive."""
    from sqlalchemy import create_engine, select

    from sciplan_tui.store.engine import resolve_url

    engine = create_engine(resolve_url(location))
    try:
        with engine.connect() as conn:
            return {
                t.name: [tuple(map(_naive, row)) for row in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in ledger_tables()
            }
    finally:
        engine.dispose()


def _naive(value: Any) -> Any:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def raw_dump(path: Path) -> list[tuple[Any, ...]]:
    """Every row as SQLite stores it (the text of dates, the REAL of floats), to compare files exactly."""
    with sqlite3.connect(path) as conn:
        rows: list[tuple[Any, ...]] = []
        for table in ledger_tables():
            keys = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)  # setting's key is not an id
            rows += [(table.name, *r) for r in conn.execute(f'SELECT * FROM "{table.name}" ORDER BY {keys}')]
        return rows


def total(d: Dump) -> int:
    return sum(map(len, d.values()))


# ---- the round trip -------------------------------------------------------------------------------


def test_sqlite_to_postgresql_to_sqlite_loses_nothing(office: Path, pg_url: str, tmp_path: Path) -> None:
    before = dump(office)
    assert before["change"] and before["note"] and any(r for r in before["change"] if r[-1] is not None)

    there = copy_store(office, pg_url, chunk=1_000)  # assignment (2,600 rows) crosses chunks
    back = tmp_path / "back" / "sciplan.db"
    home = copy_store(pg_url, back)

    assert dump(pg_url) == before
    assert dump(back) == before
    assert raw_dump(back) == raw_dump(office)
    assert there.tables == home.tables == {name: len(rows) for name, rows in before.items()}
    assert list(there.tables) == [t.name for t in ledger_tables()]  # parents first
    assert there.rows == total(before) > 3_000


def test_the_postgresql_copy_takes_new_writes_and_passes_the_check(office: Path, pg_url: str) -> None:
    from sciplan_tui.services.integrity import check

    copy_store(office, pg_url)
    clerk = _services(pg_url, "clerk")
    try:
        last = clerk.last_change_id()
        task = clerk.tasks()[0].id
        clerk.set_tasks([task], status="blocked", note="等待经费")
        clerk.add_note(task, "经费已到位")
        assert clerk.last_change_id() > last  # sequences were moved past the copied ids
        assert clerk.task(task).task.status == "blocked"
        report = check(clerk.store)
        assert report.ok, [p.message() for p in report.problems]
    finally:
        clerk.store.dispose()


def test_sqlite_to_sqlite_copies_every_row(office: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    report = copy_store(office, target)
    assert raw_dump(target) == raw_dump(office)
    assert report.rows == total(dump(office))


def test_an_older_source_is_upgraded_then_copied_whole(tmp_path: Path) -> None:
    import json

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    old = tmp_path / "old" / "store_v1.sqlite"
    old.parent.mkdir()
    shutil.copy(fixtures / "store_v1.sqlite", old)
    expected = json.loads((fixtures / "store_v1.json").read_text(encoding="utf-8"))["counts"]

    report = copy_store(old, tmp_path / "new.db")

    assert {k: v for k, v in report.tables.items() if k in expected} == {
        k: v for k, v in expected.items() if k != "schema_version"
    }
    assert raw_dump(tmp_path / "new.db") == raw_dump(old)


# ---- a target that holds rows ---------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty target of either kind."""
    if request.param == "sqlite":
        return str(tmp_path / "target" / "sciplan.db")
    return str(request.getfixturevalue("pg_url"))


def test_a_target_with_rows_is_refused_and_left_unchanged(office: Path, target: str) -> None:
    copy_store(office, target)
    clerk = _services(office, "clerk")
    clerk.set_tasks([clerk.tasks()[-1].id], status="cancelled")  # the source moves on
    clerk.store.dispose()
    kept = dump(target)

    with pytest.raises(InvalidInputError) as caught:
        copy_store(office, target)

    assert caught.value.key == "copy.not_empty"
    assert dump(target) == kept
    assert "--overwrite" in caught.value.message()


def test_overwrite_replaces_everything_in_the_target(office: Path, target: str, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    shutil.copy(office, other)
    clerk = _services(other, "clerk")
    clerk.set_tasks([t.id for t in clerk.tasks()[:50]], status="done", progress=100, note="另一个办公室")
    clerk.store.dispose()
    copy_store(other, target)

    report = copy_store(office, target, overwrite=True)

    assert dump(target) == dump(office)
    assert report.replaced == total(dump(other))


def test_a_failure_half_way_leaves_the_target_as_it_was(
    office: Path, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sciplan_tui.store import copy as module

    real = module._copy_table

    def failing(reader: Any, writer: Any, table: Any, chunk: int) -> int:
        if table.name == "note":
            raise StoreError("copy.failed", url=target, detail="disk full")
        return real(reader, writer, table, chunk)

    monkeypatch.setattr(module, "_copy_table", failing)
    with pytest.raises(StoreError):
        copy_store(office, target)
    assert total(dump(target)) == 0


def test_the_source_is_read_not_created(tmp_path: Path) -> None:
    from sciplan_tui.errors import NotFoundError

    with pytest.raises(NotFoundError):
        copy_store(tmp_path / "typo.db", tmp_path / "target.db")
    assert not (tmp_path / "typo.db").exists()


def test_an_empty_postgresql_database_is_not_a_source(pg_url: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as caught:
        copy_store(pg_url, tmp_path / "target.db")
    assert caught.value.key == "copy.not_store"


def test_source_and_target_must_differ(office: Path) -> None:
    with pytest.raises(InvalidInputError):
        copy_store(office, f"sqlite:///{office}")


# ---- the command ----------------------------------------------------------------------------------


def _cli() -> Callable[..., Any]:
    from sciplan_tui.cli.common import SciplanGroup
    from sciplan_tui.cli.database import register_commands

    app = typer.Typer(cls=SciplanGroup)

    @app.callback()
    def _root() -> None:
        """sciplan (the db group alone)."""

    register_commands(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["db", "copy", *args])


def test_the_command_prints_rows_per_table_and_json(office: Path, tmp_path: Path) -> None:
    run = _cli()
    shown = run("--from", str(office), "--to", str(tmp_path / "a.db"))
    assert shown.exit_code == 0, shown.output
    assert "assignment" in shown.stdout and "合计" in shown.stdout
    assert "已从" in shown.stderr

    data = run("--from", str(office), "--to", str(tmp_path / "b.db"), "--json")
    import json

    report = json.loads(data.stdout)
    assert report["tables"] == {name: len(rows) for name, rows in dump(office).items()}
    assert report["rows"] == sum(report["tables"].values())


def test_the_command_refuses_a_target_with_rows(office: Path, tmp_path: Path) -> None:
    from sciplan_tui.i18n import set_lang

    set_lang("en")
    target = tmp_path / "t.db"
    run = _cli()
    assert run("--from", str(office), "--to", str(target)).exit_code == 0

    refused = run("--from", str(office), "--to", str(target))

    assert refused.exit_code == 4
    assert str(target) in refused.stderr and "--overwrite" in refused.stderr and "not empty" in refused.stderr
    replaced = run("--from", str(office), "--to", str(target), "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert "backed up" in replaced.stderr  # a SQLite target is kept before it is replaced


def test_an_unreachable_server_names_the_url_without_its_password(office: Path) -> None:
    run = _cli()
    result = run("--from", str(office), "--to", "postgresql://clerk:s3cret@127.0.0.1:1/sciplan")
    assert result.exit_code == 6
    assert "clerk@127.0.0.1:1/sciplan" in result.stderr
    assert "s3cret" not in result.stderr


def test_an_unknown_scheme_is_a_usage_mistake(office: Path) -> None:
    result = _cli()("--from", str(office), "--to", "mysql://clerk@db/sciplan")
    assert result.exit_code == 4
    assert "mysql://clerk@db/sciplan" in result.stderr
