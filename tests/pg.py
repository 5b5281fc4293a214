"""PostgreSQL for tests: a reachable server or a clear skip, and throwaway databases.

The server is SCIPLAN_TEST_PG_URL, else postgresql://postgres@127.0.0.1:5432/postgres (this
machine and CI run one with trust auth). Every database made here is named sciplan_t_<random>
and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from functools import cache

ADMIN_URL = os.environ.get("SCIPLAN_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@cache
def unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when a server answers."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=2):
            return None
    except psycopg.Error as exc:
        return f"no PostgreSQL server at {ADMIN_URL}: {str(exc).strip()[:120]}"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def url_of(name: str) -> str:
    base, _, _db = ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


def create_database(template: str | None = None) -> str:
    """A new empty database (or a copy of `template`); returns its name."""
    name = f"sciplan_t_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def drop_database(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
