"""bench/export_bench.py: its raw sqlite3 floor writes the rows and cells `sciplan export csv` writes."""

from __future__ import annotations

import csv
import importlib.util
import io
import subprocess
import sys
from pathlib import Path

from tests.conftest import seed_bundled

ROOT = Path(__file__).resolve().parents[2]


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("export_bench", ROOT / "bench" / "export_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_floor_reads_what_the_export_writes(tmp_path: Path):
    db = tmp_path / "s.db"
    seed_bundled(db)
    floor = tmp_path / "floor.csv"
    subprocess.run([sys.executable, "-c", _bench().FLOOR, str(db), str(floor)], check=True)
    ours = subprocess.run(
        [sys.executable, "-m", "sciplan_tui", "--db", str(db), "export", "csv", "--headers", "en"],
        check=True,
        capture_output=True,
    ).stdout
    raw, exported = _rows(floor.read_bytes()), _rows(ours)
    assert len(raw) == len(exported) == 190  # the header and the 189 rows of the five plans
    by_id = {r[0]: r for r in exported[1:]}
    for row in raw[1:]:  # same order, same code, title and departments
        got = by_id[row[0]]
        assert (got[1], got[4], got[5], got[6]) == (row[1], row[4], row[5], row[6])
    assert [r[0] for r in raw][1:] == [r[0] for r in exported[1:]]
