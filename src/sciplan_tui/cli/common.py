"""What every command shares: the context (store, services), output formats and error translation."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from ..errors import EXIT_USAGE, SciplanError
from ..i18n import register, t

register(
    {
        "store.missing": (
            "数据库文件 {file} 不存在（路径写错了吗？）。要在这里新建数据库：sciplan --db {file} init，或加 --create",
            "The store file {file} does not exist (a typo in the path?). To start a new store there: "
            "sciplan --db {file} init, or add --create",
        ),
    }
)

# Column headings of the CLI's tables, shared by every command (each command loads only its own module).
register(
    {
        "col.id": ("ID", "ID"),
        "col.plan": ("方案", "plan"),
        "col.item": ("行动/工程", "action/project"),
        "col.task": ("任务", "task"),
        "col.status": ("状态", "status"),
        "col.progress": ("进度", "progress"),
        "col.due": ("截止", "due"),
        "col.days": ("期限", "deadline"),
        "col.leads": ("牵头", "lead"),
        "col.parts": ("参加", "participants"),
        "col.dept": ("部门", "department"),
        "col.joins": ("参加", "joins"),
        "col.when": ("时间", "when"),
        "col.who": ("修改人", "by"),
        "col.field": ("字段", "field"),
        "col.old": ("原值", "old"),
        "col.new": ("新值", "new"),
        "col.note": ("说明", "note"),
        "col.aliases": ("别名", "aliases"),
        "col.code": ("代码", "code"),
        "col.title": ("名称", "title"),
        "col.level": ("级别", "level"),
        "col.period": ("时期", "period"),
        "col.docno": ("文号", "doc no."),
        "col.actions": ("行动", "actions"),
        "col.projects": ("工程", "projects"),
        "col.tasks": ("任务", "tasks"),
        "col.milestones": ("节点", "milestones"),
        "col.depts": ("部门", "depts"),
        "col.done": ("已完成", "done"),
        "col.overdue": ("逾期", "overdue"),
    }
)

if TYPE_CHECKING:
    from ..services import Services


class State:
    """Global options, and the store and services opened on first use."""

    def __init__(self, db: str | None, user: str | None, *, create: bool = False) -> None:
        self.db = db
        self.user = user
        self.create = create  # --create: a missing --db/SCIPLAN_DB file may be created
        self._services: Services | None = None

    def services(self, *, seed: bool = True, create: bool = False) -> Services:
        """The services over the store; a missing file named by --db/SCIPLAN_DB is refused (exit 3) unless
        `create` (init) or --create: a mistyped path never becomes a new seeded store. The default store
        in the user data dir is created on first use."""
        if self._services is None:
            from ..services.safekeeping import missing_store, open_services

            if self.db and not (create or self.create) and (path := missing_store(self.db)) is not None:
                from ..errors import NotFoundError

                raise NotFoundError("store.missing", file=str(path))

            self._services = open_services(self.db, self.user)
            if seed:
                ensure_seeded(self._services)
        return self._services


def ensure_seeded(services: Services) -> None:
    """A store with no plan gets the bundled plans, and says where it is (not once started for real)."""
    if services.has_plans():
        return
    from ..services.plan_admin import wants_demo

    if not wants_demo(services):
        return
    from ..seed import import_bundled

    results = import_bundled(services)
    err(t("seed.done", count=len(results), url=services.location))


def state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State) if ctx.obj is None else ctx.obj  # type: ignore[no-any-return]


def err(message: str) -> None:
    """A message for the person: stderr, so stdout stays data (control characters shown, never obeyed)."""
    echo(message, err=True)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Text for people on stdout (or stderr): every control character but tab and newline made visible.

    The CLI's one door to the terminal besides tables (cli/table.py) and `show` (cli/show_view.py), which
    call the same `termsafe.shown`: an ESC in a note or a title cannot clear or rewrite anyone's screen.
    """
    from ..termsafe import shown

    typer.echo(shown(text), err=err, nl=nl)


def fail(exc: SciplanError) -> typer.Exit:
    err(f"{t('error.prefix')}{t('colon')}{exc.message()}")
    return typer.Exit(exc.exit_code)


EXIT_UNEXPECTED = 1  # declined confirmation, output that cannot be written, or a bug (docs/cli.md)


class SciplanGroup(TyperGroup):
    """Turns every failure into a message on stderr and an exit code, for every command: never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SciplanError as exc:
            raise fail(exc) from None
        except (KeyboardInterrupt, SystemExit):
            raise
        except OSError as exc:
            raise output_failed(exc) from None
        except Exception as exc:
            if _is_cli_flow(exc):
                raise
            raise unexpected(exc) from None

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # keep the order of declaration in --help

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            polish_help(command, ctx)
        return command

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t("opt.help")
        _polish_params(self)
        return option


def _is_cli_flow(exc: BaseException) -> bool:
    """Typer's and click's own exits, aborts and usage errors: they print themselves."""
    return type(exc).__module__.split(".")[0] in ("typer", "click")


def output_failed(exc: OSError) -> typer.Exit:
    """stdout on a full disk, an unwritable file: one line, exit code 1. A closed pipe (`sciplan tasks |
    head`: the reader has what it wanted) ends the command quietly, with the same exit code."""
    import errno
    import os

    _quiet_stdout()
    if exc.errno != errno.EPIPE:
        detail = os.strerror(exc.errno) if exc.errno else str(exc)
        err(f"{t('error.prefix')}{t('colon')}{t('error.io', detail=detail)}")
    return typer.Exit(EXIT_UNEXPECTED)


def unexpected(exc: Exception) -> typer.Exit:
    """A bug: say what happened in one line (SCIPLAN_DEBUG=1 shows the traceback), exit code 1."""
    import os

    if os.environ.get("SCIPLAN_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    detail = f"{type(exc).__name__}: {str(exc)[:200]}"
    err(f"{t('error.prefix')}{t('colon')}{t('error.unexpected', detail=detail)}")
    return typer.Exit(EXIT_UNEXPECTED)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail a second time."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


# Placeholders shown in --help: the same whatever typer/click version is installed.
_METAVARS = {
    "ref": "ID|CODE",
    "refs": "ID|CODE...",
    "text": "TEXT",
    "file": "FILE",
    "files": "FILE...",
    "due": "DATE",
    "due_before": "DATE",
    "due_after": "DATE",
    "since": "DATE",
    "within": "DAYS",
    "due_within": "DAYS",
    "plan": "PLAN",
    "dept": "DEPT",
    "status": "STATUS",
    "progress": "0-100",
    "note_text": "TEXT",
    "source": "FILE|-",
    "limit": "N",
    "number": "N",
    "db": "PATH|URL",
    "lang": "zh|en",
    "user": "NAME",
    "sort": "KEY",
    "month": "YYYY-MM",
    "achieved": "NUMBER",
    "kind": "KIND",
}


def _plain_argument(param: Any) -> None:
    """Newer typer releases print arguments as {NAME} <str>: show NAME (or [NAME] when optional) alone."""
    metavar = param.metavar
    param.display_type = lambda ctx: ""
    param.display_type_rich = lambda ctx: ""
    param._usage_display_name = lambda: metavar if param.required else f"[{metavar}]"


def polish_help(command: Any, ctx: Any) -> None:
    """Give every parameter a plain placeholder (no <str>, {ref}) and the help option our language."""
    _polish_params(command)
    try:
        option = command.get_help_option(ctx)
    except Exception:  # an unusual command class: its help stays as it is
        return
    if option is not None:
        option.help = t("opt.help")


def _polish_params(command: Any) -> None:
    for param in getattr(command, "params", []):
        if param.name in ("install_completion", "show_completion"):
            param.help = t(f"opt.{param.name}")
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        if getattr(param, "metavar", None) is None and param.name:
            many = getattr(param, "nargs", 1) == -1 or getattr(param, "multiple", False)
            name = _METAVARS.get(param.name, param.name.upper())
            param.metavar = (
                name if name.endswith("...") or not many or param.param_type_name == "option" else name + "..."
            )
        if param.param_type_name == "argument":
            _plain_argument(param)


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


# One encoder for every value (json.dumps with options would build one per call): Chinese as it is.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_default)


def to_json(value: Any) -> str:
    """JSON with Chinese as it is; every control character escaped (json does C0, termsafe C1 and bidi)."""
    from ..termsafe import json_safe

    return json_safe(_ENCODER.encode(value))


def print_json(value: Any) -> None:
    """JSON on stdout; a list is written one element a line (fast for large listings, easy to grep)."""
    if isinstance(value, list | tuple):
        body = ",\n".join(map(to_json, value))
        sys.stdout.write(f"[\n{body}\n]\n" if value else "[]\n")
    else:
        sys.stdout.write(to_json(value) + "\n")


def print_json_stream(records: Iterable[Any], *, batch: int = 500) -> None:
    """`print_json` of a list, written as the records come, `batch` at a time (a listing of any size in
    flat memory; the controls of a whole batch escaped in one pass)."""
    from itertools import islice

    from ..termsafe import json_safe

    out, encode, remaining = sys.stdout, _ENCODER.encode, iter(records)
    first = True
    while part := list(islice(remaining, batch)):
        out.write(("[\n" if first else ",\n") + json_safe(",\n".join(map(encode, part))))
        first = False
    out.write("[]\n" if first else "\n]\n")


def print_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], *, batch: int = 2000) -> None:
    """A listing as CSV on stdout, Excel-safe like `export csv` (csvsafe.py: BOM, CRLF, no live formula),
    written `batch` rows at a time."""
    from itertools import islice

    from ..csvsafe import rows_text
    from ..termsafe import shown

    visible = _isatty()  # read by a person, not a program: stored text must not drive the terminal either

    def cells(row: Sequence[Any]) -> list[Any]:
        values = [_cell(v) for v in row]
        return [shown(v) if visible and isinstance(v, str) else v for v in values]

    sys.stdout.write(rows_text([cells(header)]))
    source = iter(rows)
    while part := list(islice(source, batch)):
        sys.stdout.write(rows_text([cells(row) for row in part], bom=False))


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "、".join(map(str, value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    return "" if value is None else value


def print_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    styles: Callable[[Sequence[Any]], str | None] | Sequence[str | None] | None = None,
    wrap_column: int = -1,
) -> None:
    """A table for people (cli/table.py); `styles` gives each row a colour, by function of the row or by list."""
    from .table import print_rows

    data = [list(row) for row in rows]
    cells = [[str(_cell(v)) for v in row] for row in data]
    row_styles = [styles(row) for row in data] if callable(styles) else styles
    print_rows(header, cells, flex=wrap_column, styles=row_styles, title=title)


def usage_error(key: str, **params: object) -> typer.Exit:
    err(f"{t('error.prefix')}{t('colon')}{t(key, **params)}")
    return typer.Exit(EXIT_USAGE)


def confirmed(question: str, *, yes: bool) -> bool:
    """--yes, or "y" typed in a terminal (the question goes to stderr). Without a terminal, only --yes."""
    if yes:
        return True
    if not stdin_is_tty():
        err(t("confirm.need_yes"))
        return False
    return bool(typer.confirm(question, default=False, err=True))


def stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
