"""SQLite stays single-office (issue 13, item 4): every `access` command there says what a grant is worth."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli

NOTE = "protected only by its file permissions; here --as is a name in the history, not security"


def test_every_access_command_on_sqlite_says_the_file_permissions_protect_it(seeded_db: Path):
    cli = Cli(str(seeded_db))
    grant = cli("--lang", "en", "access", "grant", "clerk")
    assert grant.exit_code == 0 and NOTE in grant.stderr
    listed = cli("--lang", "en", "access", "list")
    assert listed.exit_code == 0 and NOTE in listed.stderr and "clerk" in listed.stdout
    as_json = cli("--lang", "en", "access", "list", "--json")
    assert NOTE in as_json.stderr and json.loads(as_json.stdout)[0]["user"] == "clerk"  # stdout stays data
    revoked = cli("--lang", "en", "access", "revoke", "clerk")
    assert revoked.exit_code == 0 and NOTE in revoked.stderr
    assert "文件权限" in cli("access", "list").stderr  # in Chinese too


def test_access_help_says_it_on_sqlite_too():
    from typer.testing import CliRunner

    from sciplan_tui.cli import app

    shown = CliRunner().invoke(app, ["access", "--help"], terminal_width=300).stdout
    assert "文件只受文件权限保护，--as 只是历史记录中的名字，不是安全措施" in shown
