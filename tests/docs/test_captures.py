"""The terminal captures in the docs are what the commands print today (docs/make_captures.py --check)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

# Re-running every capture's commands on a fresh store takes ~10 s: with the slow tests, which CI runs too.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_the_captures_in_the_docs_are_current(capsys):
    spec = importlib.util.spec_from_file_location("make_captures", ROOT / "docs" / "make_captures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = module.main(["--check"])
    assert stale == 0, "stale captures: run `python docs/make_captures.py`\n" + capsys.readouterr().out[-3000:]


def test_every_capture_block_names_its_commands():
    text = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    blocks = text.split("<!-- capture -->")[1:]
    assert len(blocks) >= 6
    for block in blocks:
        assert block.lstrip().split("\n")[1].startswith("$ sciplan "), block[:120]
