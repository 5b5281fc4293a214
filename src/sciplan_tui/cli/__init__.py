"""The `sciplan` command: Typer sub-apps joined into one, with global --db, --lang and --as."""

from __future__ import annotations

import sys

import typer

from ..i18n import set_lang, t
from .common import SciplanGroup, State


def _early_lang(argv: list[str]) -> None:
    """Pick the language before help texts are built: --lang in argv, else SCIPLAN_LANG/locale."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            set_lang(argv[i + 1])
            return
        if arg.startswith("--lang="):
            set_lang(arg.split("=", 1)[1])
            return
    set_lang(None)


_early_lang(sys.argv)


def _is_entry(program: str) -> bool:
    """Whether this process is the `sciplan` command itself (not a test runner importing `app`)."""
    from pathlib import Path

    name = Path(program).name
    return name in ("sciplan", "sciplan.exe", "__main__.py", "-m") or name.startswith("sciplan")


from . import help_texts as H  # noqa: E402  (needs the language)

app = typer.Typer(
    cls=SciplanGroup,
    help=H.t("help.app"),
    no_args_is_help=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    db: str = typer.Option(None, "--db", envvar="SCIPLAN_DB", help=H.t("opt.db"), show_envvar=True),
    lang: str = typer.Option(None, "--lang", envvar="SCIPLAN_LANG", help=H.t("opt.lang")),
    user: str = typer.Option(None, "--as", envvar="SCIPLAN_USER", help=H.t("opt.as")),
    create: bool = typer.Option(False, "--create", help=H.t("opt.create")),
) -> None:
    set_lang(lang)
    from ..clock import check_environment

    check_environment()  # a bad SCIPLAN_TODAY or SCIPLAN_TZ is an error before any command (or the TUI) starts
    ctx.obj = State(db, user, create=create)
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from .tui_cmd import run_tui

            run_tui(ctx.obj)
        else:
            typer.echo(ctx.get_help())


# The modules that declare the commands, in --help order, and which of them each command needs.
MODULES = (
    "plans",
    "plan_admin",
    "reading",
    "writing",
    "exporting",
    "duban",
    "maintenance",
    "database",
    "access",
    "server",
    "tui_cmd",
)
COMMANDS = {
    "import": ("plans", "exporting"),
    "init": ("plans",),
    "plans": ("plans",),
    "plan": ("plan_admin",),
    "tasks": ("reading",),
    "show": ("reading",),
    "depts": ("reading",),
    "due": ("reading",),
    "history": ("reading",),
    "set": ("writing",),
    "note": ("writing",),
    "target": ("writing",),
    "undo": ("writing",),
    "export": ("exporting", "duban"),
    "report": ("exporting",),
    "dept": ("duban",),
    "collect": ("duban",),
    "remind": ("duban",),
    "duban": ("duban",),
    "backup": ("maintenance",),
    "restore": ("maintenance",),
    "check": ("maintenance",),
    "db": ("database",),
    "access": ("access",),
    "server": ("server",),
    "tui": ("tui_cmd",),
}
_GLOBAL_WITH_VALUE = ("--db", "--lang", "--as")


def _wanted(argv: list[str]) -> tuple[str, ...]:
    """The command modules a command line needs: a scripted `sciplan set …` loads only its own (start-up
    time is most of a scripted call); help, the TUI, a typo or anything unclear loads them all."""
    args = iter(argv)
    for arg in args:
        if arg in _GLOBAL_WITH_VALUE:
            next(args, None)
        elif arg.startswith("-"):
            if arg in ("-h", "--help") or arg.startswith("--install-completion") or arg.startswith("--show-completion"):
                return MODULES
        else:
            return COMMANDS.get(arg, MODULES)
    return MODULES


def _register(names: tuple[str, ...]) -> None:
    import importlib

    from ..i18n import add_loader

    for name in MODULES:
        if name in names:
            importlib.import_module(f"{__name__}.{name}").register_commands(app)
    if set(names) != set(MODULES):  # a message another command module registers: load them on first need
        add_loader(lambda: [importlib.import_module(f"{__name__}.{name}") for name in MODULES])


_register(_wanted(sys.argv[1:]) if sys.argv and _is_entry(sys.argv[0]) else MODULES)


def main() -> None:
    """Console-script entry point. Output that cannot be written (a full disk) is an error, not a traceback."""
    try:
        app(prog_name="sciplan")
    finally:
        try:
            sys.stdout.flush()
        except OSError as exc:
            from .common import output_failed

            output_failed(exc)
            raise SystemExit(1) from None


__all__ = ["app", "main", "t"]
