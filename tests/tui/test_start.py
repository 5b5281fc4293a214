"""A robust start: no terminal → a clear message and a non-zero exit; a silent server → a timeout."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sciplan_tui.errors import SciplanError


def test_tui_without_a_terminal_says_so_and_exits_non_zero(ledger_path: Path):
    sciplan = Path(sys.executable).with_name("sciplan")
    out = subprocess.run(
        [str(sciplan), "--db", str(ledger_path), "tui"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env={"SCIPLAN_LANG": "zh", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode != 0
    assert "需要在终端中运行" in out.stderr and out.stdout == ""


@pytest.mark.slow  # about 6 s: the connection is tried more than once
def test_a_server_that_never_answers_times_out_with_a_message(monkeypatch):
    pytest.importorskip("psycopg")
    from sciplan_tui.store import engine, open_store

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT_S", 1)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(silent.accept()[0])  # accepted, never answered
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()
    port = silent.getsockname()[1]
    started = time.monotonic()
    try:
        with pytest.raises(SciplanError) as caught:
            open_store(f"postgresql+psycopg://clerk@127.0.0.1:{port}/ledger")
    finally:
        stop.set()
        for conn in held:
            conn.close()
        silent.close()
    assert time.monotonic() - started < 30
    assert "127.0.0.1" in caught.value.message()
