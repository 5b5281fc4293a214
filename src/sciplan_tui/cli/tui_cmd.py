"""`sciplan tui`: opens the Textual app (imported only here, so scripted commands never load Textual)."""

from __future__ import annotations

import sys

import typer

from ..errors import UsageError
from ..i18n import register, t
from .common import State, state

register(
    {
        "tui.no_terminal": (
            "sciplan tui 需要在终端中运行（标准输入和输出都须是终端）；脚本请用 sciplan tasks、set 等命令",
            "sciplan tui needs a terminal (stdin and stdout); scripts use sciplan tasks, set and the other commands",
        ),
    }
)


def register_commands(app: typer.Typer) -> None:
    app.command("tui", help=t("help.tui"))(tui)


def tui(ctx: typer.Context) -> None:
    run_tui(state(ctx))


def run_tui(st: State) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):  # under cron or a pipe the app would hang
        raise UsageError("tui.no_terminal")
    from ..tui import run

    run(st.services())
