"""SQL over the DB-API: the statements of the everyday reads and writes, one text for both databases.

Scripted calls (`sciplan set`, `tasks`, `show`, `due`, `history`, `note`, `target`, `undo`) run over
the plain DB-API (stdlib `sqlite3`; `psycopg` for PostgreSQL) without importing SQLAlchemy, whose import
alone costs more than the whole command should. The same statements run inside the SQLAlchemy units of
work of the TUI and the bulk paths: `as_db(conn)` hands out the connection's DB-API connection, in the
same transaction. So each statement is written once (store/queries.py, services/updates.py,
services/access.py), and tests/store/test_sql_statements.py checks every table and column they name
against the SQLModel declaration (store/models.py), which stays the one definition of the schema.

Statement text uses `:name` parameters (sqlite3's named style); for psycopg they become `%(name)s`.
Booleans are tested as `t.retired` / `NOT t.retired` (an integer on SQLite, a boolean on PostgreSQL).
Dates and times are bound as Python values and stored by SQLite in SQLAlchemy's text format
(`2026-11-30`, `2026-11-30 09:49:34.524224`), so both kinds of connection read and write the same rows.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

Params = Mapping[str, Any]

# SQLite's limit on bound parameters is 32,766 in current releases and 999 in old ones: lists go in chunks.
CHUNK = 900


class Db:
    """One DB-API connection inside an open transaction: rows out, statements in."""

    __slots__ = ("postgres", "raw")

    def __init__(self, raw: Any, *, postgres: bool) -> None:
        self.raw = raw
        self.postgres = postgres

    def _prepare(self, sql: str, params: Params | None) -> tuple[str, Any]:
        if self.postgres:
            return _pg_text(sql), params or {}
        return sql, params or {}  # dates and times: the adapters registered below

    def rows(self, sql: str, params: Params | None = None) -> list[tuple[Any, ...]]:
        text, values = self._prepare(sql, params)
        cur = self.raw.cursor()
        try:
            cur.execute(text, values)
            return cur.fetchall()  # type: ignore[no-any-return]  # rows are tuples with both drivers
        finally:
            cur.close()

    def stream(self, sql: str, params: Params | None = None, *, batch: int = 2000) -> Iterator[list[tuple[Any, ...]]]:
        """The rows in batches, for results too big to hold (exports, long listings)."""
        text, values = self._prepare(sql, params)
        # PostgreSQL: a server-side cursor, or the driver would fetch the whole result at once.
        cur = self.raw.cursor(name=f"sciplan_stream_{id(self)}") if self.postgres else self.raw.cursor()
        try:
            cur.execute(text, values)
            while chunk := cur.fetchmany(batch):
                yield chunk
        finally:
            cur.close()

    def one(self, sql: str, params: Params | None = None) -> tuple[Any, ...] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def column(self, sql: str, params: Params | None = None) -> list[Any]:
        return [r[0] for r in self.rows(sql, params)]

    def run(self, sql: str, params: Params | None = None) -> int:
        """Execute one statement; the number of rows it changed."""
        text, values = self._prepare(sql, params)
        cur = self.raw.cursor()
        try:
            cur.execute(text, values)
            return int(cur.rowcount)
        finally:
            cur.close()

    def many(self, sql: str, params: Iterable[Params]) -> None:
        """Execute one statement for each set of parameters (one round of executemany)."""
        rows = list(params)
        if not rows:
            return
        cur = self.raw.cursor()
        try:
            cur.executemany(_pg_text(sql) if self.postgres else sql, rows)
        finally:
            cur.close()

    def many_rows(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """`many` with each row's values as a tuple, in the order the statement names its `:parameters`
        (each named once): no dict per row, bound by position (a bulk write's history rows)."""
        values = list(rows)
        if values:
            cur = self.raw.cursor()
            try:
                cur.executemany(_positional(sql, self.postgres), values)
            finally:
                cur.close()

    def insert_id(self, sql: str, params: Params) -> int:
        """An INSERT … RETURNING id: the new row's id."""
        row = self.one(sql, params)
        assert row is not None
        return int(row[0])

    def insert_ids(self, table: str, sql: str, params: Sequence[Params]) -> list[int]:
        """The INSERT `sql` (without RETURNING) for each set of parameters: the new rows' ids, in order.

        PostgreSQL: RETURNING id, row by row on one cursor. SQLite: one executemany; inside a write
        transaction (BEGIN IMMEDIATE) nobody else inserts, so the new ids are those above the old maximum.
        """
        if not params:
            return []
        cur = self.raw.cursor()
        try:
            if self.postgres:
                out = []
                for p in params:
                    cur.execute(_pg_text(sql + " RETURNING id"), p)
                    out.append(int(cur.fetchone()[0]))
                return out
            before = cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
            cur.executemany(sql, params)
            last = cur.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
            if last - before == len(params):  # SQLite gave each new row the next id: they are these
                return list(range(before + 1, last + 1))
            ids = [r[0] for r in cur.execute(f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (before,))]
            if len(ids) != len(params):
                raise RuntimeError(f"{table}: {len(params)} rows inserted, {len(ids)} new ids found")
            return ids
        finally:
            cur.close()


def as_db(conn: Any) -> Db:
    """A Db over `conn`: a Db already, or a SQLAlchemy Connection (its DB-API connection, same transaction)."""
    if isinstance(conn, Db):
        return conn
    return Db(conn.connection.dbapi_connection, postgres=conn.dialect.name == "postgresql")


class Bind:
    """The parameters of one statement being written: `b(value)` puts `:p0`, `:p1`… in the text."""

    __slots__ = ("params",)

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}

    def __call__(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return ":" + name

    def list(self, values: Iterable[Any]) -> str:
        """`(:p3, :p4, …)` for `col IN …`; an empty list matches nothing (never use it after NOT).

        A list of whole numbers (task and plan IDs, chunks of up to CHUNK) is written out as numbers:
        nothing but digits can reach the text that way, and SQLite reads 900 numbers in half the time
        it binds 900 named parameters (a bulk `set --from` reads 10k tasks so)."""
        items = list(values)
        if items and all(type(v) is int for v in items):  # not bool, not an int subclass: plain digits
            return "(" + ", ".join(map(str, items)) + ")"
        names = [self(v) for v in items]
        return "(" + ", ".join(names) + ")" if names else "(NULL)"


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# ---- values ------------------------------------------------------------------------------


def to_date(value: Any) -> date | None:
    """A DATE column's value as read: a date (PostgreSQL) or its ISO text (SQLite)."""
    if value is None or isinstance(value, date):
        return value  # type: ignore[no-any-return]
    return date.fromisoformat(str(value)[:10])


def to_datetime(value: Any) -> datetime | None:
    """A DATETIME column's value as read: a datetime (PostgreSQL) or SQLAlchemy's text form (SQLite)."""
    if value is None or isinstance(value, datetime):
        return value  # type: ignore[no-any-return]
    return datetime.fromisoformat(str(value))


def to_bool(value: Any) -> bool:
    return bool(value)


@lru_cache(maxsize=64)  # a bulk write stamps thousands of rows with the same time
def _sqlite_datetime(value: datetime) -> str:
    """A time as SQLite stores it here: SQLAlchemy's text format, in UTC (PostgreSQL's session zone is UTC too)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


# Bound as SQLAlchemy writes them, by every sqlite3 connection of the process (SQLAlchemy's own convert
# before the driver sees them; these replace sqlite3's default adapters, deprecated since Python 3.12).
sqlite3.register_adapter(datetime, _sqlite_datetime)
sqlite3.register_adapter(date, date.isoformat)


_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@lru_cache(maxsize=512)
def _pg_text(sql: str) -> str:
    """`:name` → `%(name)s` for psycopg (and a literal % doubled)."""
    return _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))


@lru_cache(maxsize=64)
def _positional(sql: str, postgres: bool) -> str:
    """`:name` → `?` (sqlite3) or `%s` (psycopg, with a literal % doubled); every name must appear once."""
    names = _PARAM.findall(sql)
    if len(names) != len(set(names)):
        raise ValueError(f"a positional statement names a parameter twice: {sql[:80]}")
    return _PARAM.sub("%s", sql.replace("%", "%%")) if postgres else _PARAM.sub("?", sql)


__all__ = ["CHUNK", "Bind", "Db", "as_db", "chunks", "to_bool", "to_date", "to_datetime"]
