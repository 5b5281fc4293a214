"""The docs stay honest: every command has help text and a section in docs/cli.md; exit codes match."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from sciplan_tui import errors
from sciplan_tui.cli import app

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _commands(group=None, prefix: str = ""):  # type: ignore[no-untyped-def]
    group = group or typer.main.get_command(app)
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if hasattr(command, "commands"):
            yield from _commands(command, f"{path} ")
        else:
            yield path, command


def test_every_command_has_help_and_a_section_in_the_cli_reference() -> None:
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = list(_commands())
    assert len(commands) >= 10
    for path, command in commands:
        assert (command.help or "").strip(), f"{path} has no help text"
        assert f"### `sciplan {path}`" in reference, f"docs/cli.md has no section for sciplan {path}"
        for param in command.params:
            if param.param_type_name == "option":
                assert (param.help or "").strip(), f"{path} {param.opts} has no help"


def test_exit_codes_in_the_reference_match_the_code() -> None:
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in (
        "EXIT_OK",
        "EXIT_USAGE",
        "EXIT_NOT_FOUND",
        "EXIT_INVALID",
        "EXIT_BUSY",
        "EXIT_STORE",
        "EXIT_CONFLICT",
        "EXIT_DENIED",
    ):
        code = getattr(errors, name)
        assert re.search(rf"^\| {code} \|", reference, re.M), f"exit code {code} ({name}) is not documented"
