"""What every command shares: the context (store, services), output formats and error translation."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from ..errors import EXIT_USAGE, SciplanError
from ..i18n import t

if TYPE_CHECKING:
    from ..services import Services
    from ..store import Store


class State:
    """Global options, and the store and services opened on first use."""

    def __init__(self, db: str | None, user: str | None) -> None:
        self.db = db
        self.user = user
        self._services: Services | None = None

    def services(self, *, seed: bool = True) -> Services:
        if self._services is None:
            from ..actor import Actor
            from ..services import Services
            from ..store import open_store

            store = open_store(self.db)
            self._services = Services(store, Actor.detect(self.user))
            if seed:
                ensure_seeded(self._services)
        return self._services

    @property
    def store(self) -> Store:
        return self.services().store


def ensure_seeded(services: Services) -> None:
    """A store with no plan gets the bundled plans, and says where it is (not once started for real)."""
    from ..services.plan_admin import wants_demo

    if services.has_plans() or not wants_demo(services):
        return
    from ..seed import import_bundled

    results = import_bundled(services)
    err(t("seed.done", count=len(results), url=services.store.url))


def state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State) if ctx.obj is None else ctx.obj  # type: ignore[no-any-return]


def err(message: str) -> None:
    """A message for the person: stderr, so stdout stays data."""
    typer.echo(message, err=True)


def fail(exc: SciplanError) -> typer.Exit:
    err(f"{t('error.prefix')}：{exc.message()}")
    return typer.Exit(exc.exit_code)


class SciplanGroup(TyperGroup):
    """Turns SciplanError into a message on stderr and its exit code, for every command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SciplanError as exc:
            raise fail(exc) from None

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # keep the order of declaration in --help


def _json_default(value: Any) -> Any:
    """What json cannot encode itself: dates and our frozen rows (with their derived codes)."""
    if isinstance(value, datetime):  # stored in UTC; say so
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: getattr(value, f.name) for f in fields(value)}
        if hasattr(value, "full_code"):
            data["full_code"] = value.full_code
        return data
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def print_json(value: Any) -> None:
    """JSON on stdout; a list is written one element a line (fast for large listings, easy to grep)."""
    if isinstance(value, list | tuple):
        body = ",\n".join(map(to_json, value))
        sys.stdout.write(f"[\n{body}\n]\n" if value else "[]\n")
    else:
        sys.stdout.write(to_json(value) + "\n")


def print_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "、".join(map(str, value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    return "" if value is None else value


def print_table(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None,
                styles: Callable[[Sequence[Any]], str | None] | Sequence[str | None] | None = None,
                wrap_column: int = -1) -> None:
    """A table for people (cli/table.py); `styles` gives each row a colour, by function of the row or by list."""
    from .table import print_rows

    data = [list(row) for row in rows]
    cells = [[str(_cell(v)) for v in row] for row in data]
    row_styles = [styles(row) for row in data] if callable(styles) else styles
    print_rows(header, cells, flex=wrap_column, styles=row_styles, title=title)


def usage_error(key: str, **params: object) -> typer.Exit:
    err(f"{t('error.prefix')}：{t(key, **params)}")
    return typer.Exit(EXIT_USAGE)


def stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
