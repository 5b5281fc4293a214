"""A postgresql:// URL on a machine without the driver: one line saying how to install it (issue 13, item 5)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sciplan_tui.errors import EXIT_STORE

# The real entry point with psycopg made unimportable (as on a machine with `pip install sciplan-tui` only).
WITHOUT_DRIVER = (
    "import sys\n"
    "sys.modules['psycopg'] = None\n"
    "from sciplan_tui.cli import main\n"
    "sys.argv = ['sciplan'] + sys.argv[1:]\n"
    "main()\n"
)
URL = "postgresql://clerk:s3cret@127.0.0.1:1/sciplan"


@pytest.mark.parametrize(
    "args",
    [("--db", URL, "tasks"), ("--db", URL, "server", "init"), ("db", "copy", "--from", "{db}", "--to", URL)],
    ids=["tasks", "server init", "db copy"],
)
def test_a_server_url_without_the_driver_says_how_to_install_it(seeded_db, args):
    argv = [a.replace("{db}", str(seeded_db)) for a in args]
    env = {**os.environ, "SCIPLAN_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_DRIVER, *argv], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == EXIT_STORE, done.stderr
    assert "Traceback" not in done.stderr and "ModuleNotFoundError" not in done.stderr
    assert "pip install 'sciplan-tui[postgres]'" in done.stderr
    assert "s3cret" not in done.stderr and done.stdout == ""
