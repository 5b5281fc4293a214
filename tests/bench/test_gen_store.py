"""bench/gen_store.py builds a store without leaving automatic backups behind (issue 11)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _gen_store():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_store", ROOT / "bench" / "gen_store.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generating_a_store_takes_no_backups(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIPLAN_AUTO_BACKUP", "1")  # restored after the test, whatever generate() sets
    db = tmp_path / "big.db"
    figures = _gen_store().generate(str(db), 150, 7, 2)
    assert figures["plans"] >= 2 and figures["tasks"] > 100 and figures["updates"] > 0
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())
