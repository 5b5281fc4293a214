"""A scripted call imports only its command's module (cli/__init__.py): what it shows must still be whole.

Every message key a command module names must be registered once that module alone is loaded, so the
table headings of `sciplan tasks` are never `col.code`; a key left to another module would be found
only through the i18n loader (which imports every command module: correct, but the cost this design
saves).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from sciplan_tui.cli import COMMANDS, MODULES

CLI = Path(__file__).resolve().parents[2] / "src" / "sciplan_tui" / "cli"

SRC = CLI.parent


@cache
def _registered_where() -> dict[str, set[str]]:
    """Message key → the modules (paths under src/sciplan_tui) whose register({...}) names it."""
    out: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "register" and node.args:
                table = node.args[0]
                if isinstance(table, ast.Dict):
                    for key in table.keys:
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            out.setdefault(key.value, set()).add(str(path.relative_to(SRC)))
    return out


@cache
def _keys(module: str) -> set[str]:
    """The literal keys a module passes to t(…)."""
    tree = ast.parse((CLI / f"{module}.py").read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "t"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_has_its_messages_without_the_others(command: str) -> None:
    """No key of a command's modules is registered only by another command's module."""
    where = _registered_where()
    own = {f"cli/{m}.py" for m in COMMANDS[command]}
    commands = {f"cli/{m}.py" for m in MODULES}
    keys = set().union(*(_keys(m) for m in COMMANDS[command])) | _keys("common")
    elsewhere = sorted(k for k in keys if where.get(k) and where[k] <= commands - own)
    assert elsewhere == [], f"sciplan {command}: keys registered only by other command modules"


def test_a_scripted_listing_shows_its_headings_in_english(seeded_db) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "SCIPLAN_DB": str(seeded_db), "SCIPLAN_LANG": "en"}
    out = subprocess.run(
        [sys.executable, "-m", "sciplan_tui", "tasks", "--limit", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    header = out.stdout.splitlines()[0]
    assert "code" in header and "col." not in header
