"""The SQL text of the everyday reads and writes (store/sql.py) against the one schema: the SQLModel models.

Statements are written once, as text, and run both over the plain DB-API (scripted calls) and inside
SQLAlchemy's units of work (the TUI, imports, collect). These tests keep that text from drifting away
from store/models.py:

- statically: every table a statement names, every `alias.column`, every column of an INSERT or an
  UPDATE … SET, and every bare column of a one-table statement exists in `SQLModel.metadata`, and every
  alias means the table it always means (`t` is always `task`);
- by running them: every branch of the task filter and every sort, the ledger stream, the history and
  the access checks run on a store created from the metadata alone, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from sciplan_tui.store.filters import SORTS, TaskFilter

SRC = Path(__file__).resolve().parents[2] / "src" / "sciplan_tui"
# The modules whose SQL is text (store/sql.py's Db), and the aliases they use.
MODULES = [
    SRC / "store" / "queries.py",
    SRC / "store" / "ledger_queries.py",
    SRC / "services" / "updates.py",
    SRC / "services" / "access.py",
    SRC / "services" / "sources.py",
]
ALIASES = {
    "t": "task",
    "p": "plan",
    "i": "item",
    "d": "department",
    "a": "assignment",
    "n": "note",
    "nn": "note",
    "c": "change",
    "nc": "change",
    "g": "access_grant",
    "tg": "target",
}
SQL_WORDS = {
    "select", "from", "where", "and", "or", "not", "in", "is", "null", "join", "left", "outer", "on",
    "order", "by", "group", "desc", "asc", "limit", "offset", "as", "case", "when", "then", "else", "end",
    "insert", "into", "values", "returning", "update", "set", "delete", "like", "escape", "count", "min",
    "max", "upper", "distinct", "for", "cast", "text", "group_concat", "string_agg", "begin", "commit",
    "all", "exists", "between", "true", "false",
}  # fmt: skip


def _metadata() -> dict[str, set[str]]:
    from sqlmodel import SQLModel

    from sciplan_tui.store import models  # noqa: F401  (registers the tables)

    return {name: {c.name for c in table.columns} for name, table in SQLModel.metadata.tables.items()}


def _sql_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that read as SQL (with f-string holes left as spaces)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else " {} " for v in node.values)  # type: ignore[misc]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if re.search(r"\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|FROM|JOIN|WHERE)\b", text) or re.search(
            r"\b[a-z]{1,2}\.[a-z_]+\b", text
        ):
            out.append((node.lineno, text))
    return out


def _without_literals(sql: str) -> str:
    return re.sub(r"'[^']*'", "''", sql)


def _statements() -> list[tuple[str, str]]:
    found = [(f"{path.name}:{line}", text) for path in MODULES for line, text in _sql_strings(path)]
    assert len(found) > 60, "the SQL text of the light path was not found"
    return found


@pytest.mark.parametrize("where,sql", _statements())
def test_every_name_in_the_sql_is_in_the_models(where: str, sql: str) -> None:
    tables = _metadata()
    text = _without_literals(sql)
    if "{" in text and "}" not in text:  # a docstring or a message, not SQL
        return
    for kw, table, alias in re.findall(
        r'\b(FROM|JOIN|INTO|UPDATE)\s+"?([a-z_]+)"?(?:\s+(?!ON\b|WHERE\b|JOIN\b|LEFT\b|SET\b|ORDER\b|GROUP\b|LIMIT\b|AND\b)([a-z]{1,2})\b)?',
        text,
    ):
        assert table in tables, f"{where}: {kw} {table}: no such table in store/models.py"
        if alias:
            assert ALIASES.get(alias) == table, f"{where}: alias {alias} names {table}, elsewhere {ALIASES.get(alias)}"
    for alias, column in re.findall(r"\b([a-z]{1,2})\.([a-z_]+)\b", text):
        if alias in ALIASES:
            assert column in tables[ALIASES[alias]], f"{where}: {alias}.{column}: no such column"
    for table, columns in re.findall(r"INSERT INTO (\w+) \(([^)]*)\)", text):
        for column in columns.split(","):
            assert column.strip() in tables[table], f"{where}: INSERT INTO {table} ({column.strip()}): no such column"
    for table, assignments in re.findall(r"UPDATE (\w+) SET (.*?)(?: WHERE|$)", text):
        for column in re.findall(r"(\w+) = ", assignments):
            assert column in tables[table], f"{where}: UPDATE {table} SET {column}: no such column"
    single = re.fullmatch(r'\s*SELECT (.*?) FROM "?([a-z_]+)"? WHERE (.*)', text, flags=re.S)
    if single and " JOIN " not in text and "(SELECT" not in text and "(" not in single[1]:
        table = single[2]
        words = re.findall(r"(?<![:.\w{])([A-Za-z_]\w*)\b", single[1] + " " + single[3])
        for word in words:
            if word.lower() not in SQL_WORDS:
                assert word in tables[table], f"{where}: {word} is not a column of {table}"


def test_the_aliases_are_what_the_models_call_them() -> None:
    tables = _metadata()
    assert all(table in tables for table in ALIASES.values())


# ---- every statement runs on the schema the models make --------------------------------------


def _full_filter(plan: str, dept: str) -> TaskFilter:
    return TaskFilter(
        plan=plan,
        dept=dept,
        lead_only=True,
        statuses=("not_started", "in_progress"),
        kinds=("action", "project"),
        overdue=True,
        due_within=30,
        due_before=date(2030, 1, 1),
        due_after=date(2020, 1, 1),
        text="科学 A1.1 1 澧县-A1.1 50%_/",
        ids=(1, 2, 3),
        item_id=1,
        include_retired=False,
        plan_ids=(1, 2),
    )


@pytest.mark.parametrize("light", [True, False], ids=["dbapi", "sqlalchemy"])
def test_every_filter_branch_and_sort_runs(seeded, light: bool) -> None:  # type: ignore[no-untyped-def]
    """Each condition alone and all together, every sort both ways, on SQLite and PostgreSQL."""
    from sciplan_tui.services import access
    from sciplan_tui.services.updates import last_batch
    from sciplan_tui.store import ledger_queries as lq
    from sciplan_tui.store import queries as q

    services = seeded
    today = services.today()
    plan = services.plans()[0]
    dept = services.departments(plan.code)[0].name
    full = _full_filter(plan.code, dept)
    unit = services.store.sql() if light else services.store.read()
    with unit as conn:
        singles = [replace(TaskFilter(), **{name: getattr(full, name)}) for name in full.__dataclass_fields__]
        for f in [*singles, full, TaskFilter(include_retired=True)]:
            assert q.count_tasks(conn, f, today) == len(q.tasks(conn, f, today))
            assert sum(map(len, lq.ledger_rows(conn, f, today))) == q.count_tasks(conn, f, today)
        widths = {len(row) for part in lq.ledger_rows(conn, TaskFilter(), today) for row in part}
        assert widths == {len(lq.LEDGER_COLUMNS)}  # the layout services/ledger.py unpacks
        everything = q.count_tasks(conn, TaskFilter(), today)
        for sort in SORTS:
            for desc in (False, True):
                rows = q.tasks(conn, TaskFilter(), today, sort=sort, desc=desc, limit=5, offset=2)
                assert len(rows) == min(5, max(0, everything - 2))
        assert q.tasks(conn, TaskFilter(), today, offset=everything - 1)[0].id
        assert q.task_detail(conn, 1).task.id == 1
        assert q.history(conn, task_id=1, by="x", plan=plan.id, plan_ids=[plan.id], limit=3) == []
        assert q.resolve_code(conn, f"{plan.code}-A1.1") == q.resolve_code(conn, "A1.1", plan.code)
        assert q.plans(conn, today, plan_ids=[plan.id])[0].id == plan.id
        assert q.item_counts(conn, plan.id, today)
        assert q.departments(conn, today, plan.id, plan_ids=[plan.id])
        assert q.latest_notes(conn, [1, 2]) == {}
        assert last_batch(conn, "nobody") == []
        other = frozenset({plan.id + 1})  # a grant on another plan and on a department no task has
        scope = access.Scope("x", True, False, other, frozenset({10**6}), other)
        with pytest.raises(access.PermissionDenied):
            access.check_tasks_writable(conn, scope, [everything + 10**6, *range(1, 200)])
