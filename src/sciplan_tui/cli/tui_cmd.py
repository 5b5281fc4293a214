"""`sciplan tui`: opens the Textual app (imported only here, so scripted commands never load Textual)."""

from __future__ import annotations

import typer

from ..i18n import t
from .common import State, state


def register_commands(app: typer.Typer) -> None:
    app.command("tui", help=t("help.tui"))(tui)


def tui(ctx: typer.Context) -> None:
    run_tui(state(ctx))


def run_tui(st: State) -> None:
    from ..tui import run

    run(st.services())
