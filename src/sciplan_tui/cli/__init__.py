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


from . import access, database, duban, exporting, maintenance, plan_admin, plans, reading, server, tui_cmd, writing  # noqa: E402

for _module in (plans, plan_admin, reading, writing, exporting, duban, maintenance, database, access, server, tui_cmd):
    _module.register_commands(app)


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
