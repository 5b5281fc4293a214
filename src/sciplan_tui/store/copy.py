"""Copy a whole store with its history between SQLite and PostgreSQL (`sciplan db copy`).

The source is read in one snapshot (a deferred read transaction on SQLite WAL; REPEATABLE READ
on PostgreSQL), table by table in foreign-key order, in chunks, through SQLAlchemy Core so
dates, datetimes and booleans pass through their column types unchanged (datetimes stay naive:
nothing is shifted). Everything is written in ONE target transaction: primary keys are kept,
so history rows still point at their tasks, and a failure leaves the target as it was. On
PostgreSQL each id sequence is then moved past the copied ids, so new rows do not collide.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInputError, NotFoundError, StoreError
from ..i18n import register
from .engine import Store, resolve_url
from .engine import safe_url as _safe
from .opening import open_store

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

register(
    {
        "copy.same": ("来源和目标是同一个数据库：{url}", "The source and the target are the same store: {url}"),
        "copy.bad_url": (
            "无法识别的数据库地址“{value}”（应为文件路径、sqlite:///… 或 postgresql://…）：{detail}",
            "Not a store location: '{value}' (expected a file path, sqlite:///… or postgresql://…): {detail}",
        ),
        "copy.no_source": ("要复制的数据库文件不存在：{file}", "The store to copy does not exist: {file}"),
        "copy.not_store": (
            "{url} 不是 sciplan 数据库（没有 schema_version 表），未做任何修改",
            "{url} is not a sciplan store (no schema_version table); nothing was changed",
        ),
        "copy.version": (
            "来源 {source} 的数据库版本为 {found}，目标 {target} 为 {known}，二者必须一致；请先用 sciplan 打开两者"
            "（会自动升级），未做任何修改",
            "The source {source} has schema version {found} and the target {target} {known}; they must match: "
            "open both with sciplan first (that upgrades them); nothing was changed",
        ),
        "copy.not_empty": (
            "目标数据库 {url} 不是空的（已有 {rows} 行数据），未做任何修改；要用来源替换其全部内容，请加 --overwrite",
            "The target store {url} is not empty ({rows} rows); nothing was changed. To replace all of it "
            "with the source, add --overwrite",
        ),
        "copy.mismatch": (
            "复制后 {table} 表的行数不符（来源 {source} 行，目标 {target} 行），已全部撤回",
            "Row counts differ after copying {table} (source {source}, target {target}); everything was rolled back",
        ),
        "copy.failed": (
            "复制到 {url} 失败，已全部撤回：{detail}",
            "Copying to {url} failed and was rolled back: {detail}",
        ),
    }
)

CHUNK = 5_000


@dataclass(frozen=True)
class CopyReport:
    """What a copy did: rows per table (in copy order), rows replaced, the backup kept, time taken."""

    source: str  # URLs without passwords
    target: str
    tables: dict[str, int]
    replaced: int = 0
    kept: Path | None = None  # the backup of a replaced SQLite target
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "tables": self.tables,
            "rows": self.rows,
            "replaced": self.replaced,
            "kept": str(self.kept) if self.kept else None,
            "seconds": round(self.seconds, 3),
        }


def copy_store(
    source: str | os.PathLike[str], target: str | os.PathLike[str], *, overwrite: bool = False, chunk: int = CHUNK
) -> CopyReport:
    """Copy every row of `source` into `target` (URLs or paths) in one transaction; return the counts.

    The target gets the current schema if it has none; it must hold no rows unless `overwrite`,
    which deletes them in the same transaction (a SQLite target is backed up first). The source is
    upgraded to the current schema if it is older, as opening it with sciplan would.
    """
    started = time.perf_counter()
    src_url, dst_url = _url(source), _url(target)
    if src_url == dst_url:
        raise InvalidInputError("copy.same", url=_safe(src_url))
    src = _open_source(src_url)
    try:
        dst = _open(dst_url)
        try:
            tables, replaced, kept = _copy(src, dst, overwrite=overwrite, chunk=chunk)
        finally:
            dst.dispose()
    finally:
        src.dispose()
    return CopyReport(_safe(src_url), _safe(dst_url), tables, replaced, kept, time.perf_counter() - started)


def ledger_tables() -> list[Table]:
    """Every table of the models, parents before children (schema_version is stamped, not copied)."""
    from sqlmodel import SQLModel

    from . import models  # noqa: F401  (registers the tables)

    return list(SQLModel.metadata.sorted_tables)


def _url(location: str | os.PathLike[str]) -> str:
    if not str(location).strip():
        raise InvalidInputError("copy.bad_url", value=str(location), detail="-")
    return resolve_url(location)


@contextmanager
def _valid_url(url: str) -> Iterator[None]:
    """An unknown scheme or a missing driver becomes a readable error."""
    from sqlalchemy.exc import ArgumentError

    try:
        yield
    except (ArgumentError, ImportError) as exc:
        raise InvalidInputError("copy.bad_url", value=_safe(url), detail=str(exc)) from exc


def _open(url: str) -> Store:
    """Open (create or upgrade) a store; driver errors become StoreError naming the URL."""
    with _valid_url(url), _failures(url):
        return open_store(url)


def _open_source(url: str) -> Store:
    """The source must already be a sciplan store: never create one where a typo points."""
    from sqlalchemy import inspect

    with _valid_url(url):
        store = Store(url)
    if store.is_sqlite and store.path is not None and not store.path.is_file():
        raise NotFoundError("copy.no_source", file=str(store.path))
    try:
        with _failures(url), store.read() as conn:
            known = inspect(conn).has_table("schema_version")
    finally:
        store.dispose()
    if not known:
        raise InvalidInputError("copy.not_store", url=_safe(url))
    return _open(url)


def _backup_target(dst: Store) -> Path | None:
    """Keep a copy of a SQLite target about to be replaced (None for PostgreSQL or an empty store)."""
    from .backup import auto_backup

    return auto_backup(dst, "before-copy")


@contextmanager
def _failures(url: str) -> Iterator[None]:
    """Driver errors the engine does not translate (constraints, a file that is not a database)."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        detail = str(exc.orig) if exc.orig is not None else str(exc)
        raise StoreError("copy.failed", url=_safe(url), detail=detail.strip()) from exc


def _copy(src: Store, dst: Store, *, overwrite: bool, chunk: int) -> tuple[dict[str, int], int, Path | None]:
    tables = ledger_tables()
    with _failures(src.url), src.read() as reader:
        if not src.is_sqlite:
            reader.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with _failures(dst.url), dst.write() as writer:
            _check_versions(reader, writer, src, dst)
            if not dst.is_sqlite:
                _lock(writer, tables)
            kept = _backup_target(dst) if overwrite else None  # checked and locked: the snapshot before it
            replaced = _clear(writer, tables) if overwrite else _refuse_rows(writer, tables, dst)
            expected = _counts(reader, tables)
            copied = {table.name: _copy_table(reader, writer, table, chunk) for table in tables}
            if not dst.is_sqlite:
                _reset_sequences(writer, tables)
            _verify(writer, tables, expected, copied)
    return copied, replaced, kept


def _check_versions(reader: Connection, writer: Connection, src: Store, dst: Store) -> None:
    from .migrations import current_version

    found, known = _version(reader), current_version(writer)
    if found != known:
        raise StoreError("copy.version", source=_safe(src.url), found=found, target=_safe(dst.url), known=known)


def _version(conn: Connection) -> int:
    from sqlalchemy import text

    return int(conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar() or 0)


def _lock(writer: Connection, tables: list[Table]) -> None:
    """PostgreSQL: no other client writes to the target while it is filled (readers go on)."""
    names = ", ".join(writer.dialect.identifier_preparer.format_table(t) for t in tables)
    writer.exec_driver_sql(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


def _counts(conn: Connection, tables: list[Table]) -> dict[str, int]:
    from sqlalchemy import func, select

    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0) for t in tables}


def _refuse_rows(writer: Connection, tables: list[Table], dst: Store) -> int:
    rows = sum(_counts(writer, tables).values())
    if rows:
        raise InvalidInputError("copy.not_empty", url=_safe(dst.url), rows=rows)
    return 0


def _clear(writer: Connection, tables: list[Table]) -> int:
    """Delete every row, children first; returns how many there were."""
    return sum(writer.execute(t.delete()).rowcount or 0 for t in reversed(tables))


def _copy_table(reader: Connection, writer: Connection, table: Table, chunk: int) -> int:
    """Stream `table` in primary-key order, `chunk` rows a batch; returns the rows copied."""
    from sqlalchemy import select

    query = select(table).order_by(*table.primary_key.columns)
    result = reader.execution_options(yield_per=chunk).execute(query)
    copied = 0
    for part in result.partitions():
        writer.execute(table.insert(), [dict(row._mapping) for row in part])
        copied += len(part)
    return copied


def _reset_sequences(writer: Connection, tables: list[Table]) -> None:
    """Move each serial id's sequence to the largest copied id (next insert gets MAX + 1, or 1)."""
    from sqlalchemy import text

    quote = writer.dialect.identifier_preparer
    for table in tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        name, column = quote.format_table(table), quote.format_column(table.c.id)
        writer.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:t, 'id'), COALESCE(MAX({column}), 1), "
                f"MAX({column}) IS NOT NULL) FROM {name}"
            ),
            {"t": name},
        )


def _verify(writer: Connection, tables: list[Table], expected: dict[str, int], copied: dict[str, int]) -> None:
    """The target holds exactly the source's rows, table by table (else the whole copy rolls back)."""
    for name, found in _counts(writer, tables).items():
        if not found == copied[name] == expected[name]:
            raise StoreError("copy.mismatch", table=name, source=expected[name], target=found)


__all__ = ["CHUNK", "CopyReport", "copy_store", "ledger_tables"]
