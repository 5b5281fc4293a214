"""PostgreSQL fixtures for any test that needs a server; they skip with the reason when none answers.

The server is SCIPLAN_TEST_PG_URL, else postgresql://postgres@127.0.0.1:5432/postgres (trust auth
on this machine and in CI); `tests/pg.py` probes it (2 s connect timeout) and creates and drops
the databases, all named sciplan_t_<random>.

- `pg_admin_url` (session): the server's admin URL. Requesting it skips the test on a laptop
  without PostgreSQL, with a reason that names the URL tried and the driver's error.
- `pg_database` (function): a factory, `pg_database()` → the URL of a new empty database
  (`pg_database(template=name)` copies a database); every one is dropped when the test ends,
  WITH (FORCE), so a connection the test leaked does not keep it alive.
- `pg_url` (function): one fresh empty database for this test (the usual case).
- `server` (function): a secured server store and a department's own login role (tests/server/secured.py).

Tests that use them are marked `postgres` (`pytest -m "not postgres"` leaves them out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests import pg


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that asks for a PostgreSQL fixture, so `-m postgres` selects them."""
    for item in items:
        if {"pg_admin_url", "pg_database", "pg_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    if reason := pg.unavailable():
        pytest.skip(reason)
    return pg.ADMIN_URL


@pytest.fixture
def pg_database(pg_admin_url: str) -> Iterator[Callable[..., str]]:
    made: list[str] = []

    def create(template: str | None = None) -> str:
        name = pg.create_database(template)
        made.append(name)
        return pg.url_of(name)

    yield create
    for name in made:
        pg.drop_database(name)


@pytest.fixture
def pg_url(pg_database: Callable[..., str]) -> str:
    return pg_database()


@pytest.fixture
def server(pg_database: Callable[..., str]) -> Iterator[object]:
    """A secured server store with a department's login role (tests/server/secured.py)."""
    from tests.server.secured import secured_server

    with secured_server(pg_database) as made:
        yield made
