"""A secured server for tests (store/pg_security.py): the owner's services and a department's own login role.

The `server` fixture (tests/server/conftest.py) uses it. Roles are named t<random>_… and dropped with
the database's group roles when the test ends.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.services import Services, TaskFilter
from sciplan_tui.services.server_admin import add_user, init_server
from sciplan_tui.store import open_store
from tests.conftest import TODAY, make_draft


@dataclass
class Server:
    url: str  # as the owner (the test server's superuser)
    admin: Services
    dept_url: str  # as the department role
    dept_role: str
    database: str

    def ids(self, plan: str = "样例县") -> dict[str, int]:
        return {r.code: r.id for r in self.admin.tasks(TaskFilter(plan=plan))}

    def sql(self, statement: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """One statement as the department role, in its own transaction (committed)."""
        import psycopg

        with psycopg.connect(self.dept_url.replace("postgresql+psycopg", "postgresql")) as conn:
            cur = conn.execute(statement, params)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []


def drop_roles(db_url: str, names: list[str]) -> None:
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        for name in names:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                conn.execute(f'DROP OWNED BY "{name}"')  # type: ignore[arg-type]
                conn.execute(f'DROP ROLE "{name}"')  # type: ignore[arg-type]


@contextmanager
def secured_server(pg_database: Callable[..., str]) -> Iterator[Server]:
    """Two small plans, `server init`, and the department role (县教育局 of 样例县); roles dropped after."""
    url = pg_database()
    database = url.rsplit("/", 1)[1]
    store = open_store(url)
    owner = Services(store, Actor("postgres"), Clock(TODAY))
    owner.import_plans([make_draft(), make_draft(jurisdiction="邻县")])
    init_server(store)
    role = f"t{uuid.uuid4().hex[:8]}_jyj"
    made = add_user(owner, role, plan="样例县", dept="县教育局", password=False)
    try:
        yield Server(url, owner, made.url, role, database)
    finally:
        store.dispose()
        drop_roles(url, [role, f"{database}_office", f"{database}_admin"])
