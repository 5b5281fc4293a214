"""The engine: where the store lives, how connections are set up, and units of work."""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreBusyError, StoreError
from ..i18n import register
from .sql import Db, as_db

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

register(
    {
        "store.busy": ("数据库正忙，请稍后再试：{detail}", "The store is busy, try again: {detail}"),
        "store.failed": ("无法打开或写入数据库 {url}：{detail}", "Cannot open or write the store {url}: {detail}"),
        "store.bad_url": (
            "数据库地址“{value}”不完整：应写成 postgresql://用户@主机/库名 或文件路径",
            "The store address '{value}' is incomplete: write postgresql://user@host/db or a file path",
        ),
        "store.no_driver": (
            "无法打开 PostgreSQL 数据库 {url}：没有安装 PostgreSQL 驱动 psycopg。"
            "请安装：pip install 'sciplan-tui[postgres]'（在 sciplan 所在的虚拟环境中，例如 .venv/bin/pip）",
            "Cannot open the PostgreSQL store {url}: the PostgreSQL driver psycopg is not installed. "
            "Install it with: pip install 'sciplan-tui[postgres]' (in sciplan's own environment, e.g. .venv/bin/pip)",
        ),
        "server.denied": ("数据库拒绝了这一操作：{detail}", "The database refused this: {detail}"),
        "store.corrupt": (
            "数据库文件 {file} 已损坏（{detail}）。请用备份恢复：sciplan --db {file} restore 备份文件"
            "（备份在 {backups}；恢复时损坏的文件会被移到一旁保留）",
            "The store file {file} is damaged ({detail}). Restore a backup: sciplan --db {file} restore BACKUP "
            "(backups are in {backups}; the damaged file is moved aside, not deleted)",
        ),
        "store.newer": (
            "数据库版本 {found} 比本程序支持的 {known} 更新，请升级 sciplan",
            "The store's schema version {found} is newer than this program's {known}: upgrade sciplan",
        ),
    }
)

BUSY_TIMEOUT_MS = 30_000
# A scheme of two or more letters and a colon (C:\ is a Windows drive, not a scheme).
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:(?!\\)")


def default_db_path() -> Path:
    """The embedded default: sciplan.db under the user data dir."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("sciplan", appauthor=False)) / "sciplan.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """`--db`, then SCIPLAN_DB, then the default; a plain path becomes a sqlite URL."""
    value = str(db) if db else os.environ.get("SCIPLAN_DB", "")
    if not value:
        value = str(default_db_path())
    if "://" in value:
        return _with_driver(value)
    if _URL_LIKE.match(value):  # postgresql:/host (one slash): a mistyped URL, never a file to create
        from ..errors import InvalidInputError

        raise InvalidInputError("store.bad_url", value=value)
    path = Path(value).expanduser().resolve()
    return f"sqlite:///{path}"


def _with_driver(url: str) -> str:
    """postgresql:// and postgres:// mean psycopg 3 (SQLAlchemy would otherwise pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    rest = url.removeprefix("sqlite:///")
    return None if rest in ("", ":memory:") else Path(rest)


class Store:
    """One engine per store; `read()` and `write()` hand out one connection per unit of work."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = _sqlite_path(url)
        self.is_sqlite = url.startswith("sqlite")
        self._engine: Engine | None = None
        self._idle: list[Any] = []  # plain DB-API connections between units of work (any thread may take one)
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine, made on first use: scripted calls over `sql()` never need it."""
        if self._engine is None:
            self._engine = _make_engine(self.url, self.path)
        return self._engine

    @contextmanager
    def sql(self, *, write: bool = False) -> Iterator[Db]:
        """A unit of work over the DB-API (store/sql.py): the engine's connection when there is one,
        else a plain `sqlite3`/`psycopg` connection, so a scripted call never imports SQLAlchemy."""
        light = (self.is_sqlite and self.path is not None) or self.url.startswith("postgresql")
        if self._engine is not None or not light:  # in-memory SQLite, or another database: SQLAlchemy's
            with self.write() if write else self.read() as conn:
                yield as_db(conn)
            return
        with _translate(self.url):
            raw = self._take()
            postgres = not self.is_sqlite
            if postgres:
                begin = "BEGIN" if write else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
            else:
                begin = "BEGIN IMMEDIATE" if write else "BEGIN"
            clean = False  # ended by COMMIT or ROLLBACK: the connection may serve the next unit of work
            roomy = write and not postgres  # a bulk write's pages stay in memory until COMMIT
            try:
                if roomy:
                    raw.execute(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
                raw.execute(begin)
                try:
                    yield Db(raw, postgres=postgres)
                except BaseException:
                    raw.execute("ROLLBACK")
                    clean = True
                    raise
                raw.execute("COMMIT")
                clean = True
            finally:
                if clean and roomy:
                    raw.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")  # reads stay small: memory flat
                if clean:
                    with self._lock:
                        self._idle.append(raw)
                else:
                    raw.close()  # its state is unknown: never handed out again

    def _take(self) -> Any:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _connect_sqlite(self.path) if self.is_sqlite else _connect_postgres(self.url)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only unit of work that sees one snapshot (SQLite WAL; PostgreSQL REPEATABLE READ)."""
        with _translate(self.url), self.engine.connect() as conn:
            if not self.is_sqlite:
                conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with conn.begin():
                yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: all or nothing. On SQLite it takes the write lock up front."""
        with _translate(self.url), self.engine.connect() as conn:
            conn = conn.execution_options(sciplan_write=True)
            with conn.begin():
                yield conn

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        with self._lock:
            idle, self._idle = self._idle, []
        for raw in idle:
            raw.close()


CONNECT_TIMEOUT_S = 10
# SQLite's page cache (KiB) of a plain connection: SQLite's default for reads (an export's memory stays
# flat with the store's size); a write unit's grows up to WRITE_CACHE_KIB as it dirties pages, so a bulk
# `set --from` of 10k lines (30k history rows into a table with five indexes) is not spilled to the
# WAL half-way and written again at COMMIT (−10 % of its time at 100k tasks, bench/cli_bench.py).
READ_CACHE_KIB, WRITE_CACHE_KIB = 2_000, 32_000


def _sqlite_pragmas(dbapi_conn: Any, path: Path | None) -> None:
    """Every SQLite connection, SQLAlchemy's or a plain one: WAL, foreign keys, a patient lock wait."""
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
    cur = dbapi_conn.cursor()
    if path is not None:
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _connect_sqlite(path: Path | None) -> Any:
    import sqlite3

    raw = sqlite3.connect(
        str(path) if path is not None else ":memory:",
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    _sqlite_pragmas(raw, path)
    return raw


def _connect_postgres(url: str) -> Any:
    try:
        import psycopg
    except ImportError as exc:  # the [postgres] extra: say how to install it, not a traceback
        raise StoreError("store.no_driver", url=safe_url(url), detail=str(exc)) from exc
    conninfo = "postgresql://" + url.split("://", 1)[1]
    return psycopg.connect(conninfo, autocommit=True, options="-c timezone=UTC", connect_timeout=CONNECT_TIMEOUT_S)


def _make_engine(url: str, path: Path | None) -> Engine:
    from sqlalchemy import create_engine, event

    if url.startswith("postgresql"):
        # Times are stored as UTC in `timestamp` columns: pin the session's zone so that a server
        # configured for Asia/Shanghai does not shift them.
        # connect_timeout: a server that accepts but never answers fails in seconds, not never.
        args = {"options": "-c timezone=UTC", "connect_timeout": CONNECT_TIMEOUT_S}
        try:
            return create_engine(url, pool_pre_ping=True, connect_args=args)
        except ImportError as exc:  # psycopg is the [postgres] extra: say how to install it, not a traceback
            raise StoreError("store.no_driver", url=safe_url(url), detail=str(exc)) from exc
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        _sqlite_pragmas(dbapi_conn, path)  # BEGIN is ours (see _on_begin)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the lock at BEGIN, so it waits on busy_timeout instead of failing
        # later when a deferred read lock cannot be upgraded.
        write = conn.get_execution_options().get("sciplan_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def _translate(url: str) -> Iterator[None]:
    """Turn driver failures into StoreBusyError / StoreError with a readable message."""
    try:
        yield
    except Exception as exc:
        orig = _driver_error(exc)
        if orig is None:
            raise
        if getattr(orig, "sqlstate", None) == "42501":  # a secured server refused (store/pg_security.py)
            from ..errors import PermissionDenied

            detail = str(orig).strip().splitlines()[0]
            raise PermissionDenied("server.denied", detail=detail) from exc
        detail = str(orig)
        if url.startswith("sqlite") and is_damage(detail):
            raise damaged(url, detail) from exc
        if not _operational(exc, orig):
            raise
        if "locked" in detail or "busy" in detail:
            raise StoreBusyError("store.busy", detail=detail) from exc
        raise StoreError("store.failed", url=_safe(url), detail=detail) from exc


def _operational(exc: BaseException, orig: BaseException) -> bool:
    """A failure of the database's operation (locked, unreachable, timed out), not of our statement."""
    import sqlite3

    if type(exc).__name__ == "OperationalError" or isinstance(orig, sqlite3.OperationalError):
        return True  # SQLAlchemy's wrapper, or sqlite3's own
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(orig, psycopg.OperationalError)  # ConnectionTimeout is one


def _driver_error(exc: BaseException) -> BaseException | None:
    """The DB-API error behind `exc`: itself (a plain connection) or the one SQLAlchemy wrapped."""
    import sqlite3

    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError):
        return exc.orig if exc.orig is not None else exc
    if isinstance(exc, sqlite3.Error):
        return exc
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(exc, psycopg.Error):
        return exc
    return None


SQLITE_MAGIC = b"SQLite format 3\x00"  # how every SQLite database file starts

# What SQLite says of a file that is not (or no longer) a sound database.
_DAMAGE = ("file is not a database", "malformed", "disk image", "corrupt")


def is_damage(detail: str) -> bool:
    return any(word in detail for word in _DAMAGE)


def damaged(url: str, detail: str) -> StoreError:
    """The one message for a damaged SQLite store (exit 6): which file, and how `restore` replaces it."""
    path = _sqlite_path(url)
    where = str(path) if path is not None else url
    backups = str(path.parent / "backups") if path is not None else "backups/"
    return StoreError("store.corrupt", file=where, detail=detail.strip().splitlines()[0], backups=backups)


@contextmanager
def translated(url: str) -> Iterator[None]:
    """`_translate` for code that opens connections itself (opening a store, its migrations)."""
    with _translate(url):
        yield


def safe_url(url: str) -> str:
    """The URL without a password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url


_safe = safe_url  # the old name
# Opening a store (engine + migrations + the backup before one) is store/opening.py: open_store.
