"""Regenerate the terminal captures in the docs from real commands on a fresh store.

    python docs/make_captures.py           # rewrite the captures in place
    python docs/make_captures.py --check   # exit 1 and show the difference if a capture is stale

A capture is a fenced block right after a `<!-- capture -->` line. Its lines starting with `$ `
are commands; everything else in the block is their output, which this script replaces. The
commands of a document run in order on one fresh store (the bundled plans, "today" 2026-11-23,
the clerk `xiaoli`, 120 columns, Chinese), so a capture shows exactly what the steps before it did.
`| head -N` at the end of a command keeps the first N lines. tests/docs/test_captures.py re-runs this.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("docs/user-guide.md",)
TODAY = "2026-11-23"
USER = "xiaoli"
SHOWN_HOME = f"/home/{USER}"
MARK = "<!-- capture -->"
ENTRY = "import sys; from sciplan_tui.cli import main; sys.argv = ['sciplan'] + sys.argv[1:]; main()"
BLOCK = re.compile(rf"{re.escape(MARK)}\n```[^\n]*\n(.*?)```", re.S)


def run(command: str, env: dict[str, str], home: str) -> str:
    """One `sciplan ...` command as the clerk's terminal shows it (stdout and stderr together)."""
    head = None
    if m := re.search(r"\s*\|\s*head -(\d+)\s*$", command):
        head, command = int(m[1]), command[: m.start()]
    argv = shlex.split(command)
    if argv[0] != "sciplan":
        raise SystemExit(f"a capture runs sciplan commands only, not: {command}")
    done = subprocess.run([sys.executable, "-c", ENTRY, *argv[1:]], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)  # unbuffered: the terminal's order
    out = done.stdout.replace(home, SHOWN_HOME)
    lines = out.rstrip("\n").split("\n") if out.strip() else []
    return "\n".join(lines[:head] if head is not None else lines)


def environment(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCIPLAN_") and k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"HOME": home, "XDG_DATA_HOME": f"{home}/.local/share", "SCIPLAN_TODAY": TODAY,
                "SCIPLAN_USER": USER, "SCIPLAN_LANG": "zh", "COLUMNS": "120", "PYTHONUNBUFFERED": "1",
                "SCIPLAN_AUTO_BACKUP": "0", "SCIPLAN_TZ": "Asia/Shanghai"})
    env.pop("SSH_CLIENT", None)
    env.pop("SSH_CONNECTION", None)
    return env


def render(text: str, env: dict[str, str], home: str) -> str:
    """The document with every capture's output regenerated."""

    def fill(block: re.Match[str]) -> str:
        commands = [line[2:] for line in block[1].split("\n") if line.startswith("$ ")]
        if not commands:
            raise SystemExit(f"a capture block without a `$ ` command:\n{block[0][:200]}")
        body = []
        for command in commands:
            body.append(f"$ {command}")
            if output := run(command, env, home):
                body.append(output)
        fence = block[0].split("\n")[1]
        return f"{MARK}\n{fence}\n" + "\n".join(body) + "\n```"

    return BLOCK.sub(fill, text)


def regenerate(path: Path) -> str:
    with tempfile.TemporaryDirectory(prefix="sciplan-captures-") as home:
        return render(path.read_text(encoding="utf-8"), environment(home), home)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = 0
    for name in DOCS:
        path = ROOT / name
        old = path.read_text(encoding="utf-8")
        new = regenerate(path)
        if new == old:
            continue
        if check:
            stale += 1
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), name, name + " (now)"))
        else:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {name}")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
