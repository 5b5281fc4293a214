"""The real app under tmux at 80×24, driven as a clerk would: mark → collapse → move → `s`.

The dialog must name exactly the tasks the clerk means. Skipped when tmux is not installed.
Every step waits for what it expects on the screen (capture-pane, polled with a deadline).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import TODAY

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.slow,  # starts the real app: about 7 s
]

DEADLINE = 30.0  # seconds for one expected screen; a loaded CI machine is slow, a hang still fails


class Pane:
    """One tmux server of its own (-L) with the app in a detached 80×24 session."""

    def __init__(self, db: Path, width: int = 80, height: int = 24) -> None:
        self.socket = f"sciplan-test-{uuid.uuid4().hex[:8]}"
        sciplan = Path(sys.executable).with_name("sciplan")
        env = {
            "SCIPLAN_TODAY": TODAY.isoformat(),
            "SCIPLAN_USER": "clerk",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "SCIPLAN_LANG": "zh",
            "TERM": "xterm-256color",
            "XDG_STATE_HOME": str(db.parent / "state"),  # no memory of an earlier run
        }
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"env {exports} {shlex.quote(str(sciplan))} --db {shlex.quote(str(db))} tui"
        self.tmux("new-session", "-d", "-s", "ledger", "-x", str(width), "-y", str(height), command)

    def tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "LANG": "C.UTF-8"},
        )
        return out.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "ledger", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "ledger")

    def wait(self, ok: Callable[[str], bool], what: str) -> str:
        end = time.monotonic() + DEADLINE
        while True:
            text = self.screen()
            if ok(text):
                return text
            if time.monotonic() > end:
                raise AssertionError(f"waited {DEADLINE:.0f} s for {what}; the screen:\n{text}")
            time.sleep(0.05)  # a poll interval, not a wait for time: the deadline bounds the loop

    def shows(self, needle: str) -> str:
        return self.wait(lambda s: needle in s, repr(needle))

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def pane(ledger_path: Path):
    pane = Pane(ledger_path)
    yield pane
    pane.close()


def dialog_codes(screen: str) -> list[str]:
    """The task codes a dialog lists, in order (each line of the target list starts with one)."""
    codes = []
    for line in screen.splitlines():
        for word in line.replace("█", " ").replace("▌", " ").replace("▐", " ").split():
            if "-" in word and word.split("-")[0] in {"澧县", "彭水自治县", "郴州市", "南湖新区", "万年县"}:
                codes.append(word)
    return codes


def test_mark_collapse_move_then_s_names_exactly_the_intended_tasks(pane: Pane):
    pane.shows("彭水自治县")
    pane.keys("v")  # 80 columns start without the detail pane: show it, to read the cursor's task
    pane.shows("选中左侧的任务")
    pane.keys("l", "l", "l", "l", "l", "l")
    pane.shows("澧县-A1.1")  # the detail pane follows the cursor
    pane.keys("Space")
    pane.shows("已选 1 项")
    pane.keys("j", "Space")
    pane.shows("已选 2 项")
    pane.keys("h", "h", "h", "h", "h", "h")  # up to 澧县 and close it: the hidden marks go
    pane.wait(lambda s: "已选" not in s and "▶ 澧县" in s, "澧县 closed and no marks")
    pane.keys("j", "l", "l", "l", "l", "l", "l")
    pane.shows("彭水自治县-A1.1")
    pane.keys("s")
    screen = pane.shows("修改状态")
    assert "修改状态：彭水自治县-A1.1" in screen
    assert "澧县-A1" not in screen and "项任务" not in screen.split("修改状态")[1].splitlines()[0]
    pane.keys("Escape")
    pane.wait(lambda s: "修改状态" not in s, "the dialog closed")
    pane.keys("Space", "j", "j", "Space")  # now mark 彭水自治县 A1.1 and A1.3
    pane.shows("已选 2 项")
    pane.keys("s")
    screen = pane.shows("修改状态：2 项任务")
    assert dialog_codes(screen.split("修改状态")[1]) == ["彭水自治县-A1.1", "彭水自治县-A1.3"]
    pane.keys("Escape")
    pane.wait(lambda s: "修改状态" not in s, "the dialog closed")
    pane.keys("q")
