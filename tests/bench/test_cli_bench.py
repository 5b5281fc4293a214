"""bench/cli_bench.py: a run on the seeds gives every row of issue 14's table, sane figures (no timings asserted)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINES = 40  # one small `set --from` file: the rows are the same as with 1k and 10k lines


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cli_bench", ROOT / "bench" / "cli_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


BENCH = [sys.executable, str(ROOT / "bench" / "cli_bench.py")]


@pytest.fixture(scope="module")
def one_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("cli_bench") / "figures.json"
    cmd = [*BENCH, "--runs", "1", "--lines", str(LINES), "--json-out", str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=True).stdout, out


def test_every_row_has_a_positive_figure_and_its_ratio(one_run):
    stdout, figures = one_run
    report = json.loads(figures.read_text(encoding="utf-8"))
    (seeds,) = report["columns"]
    with_tw = report["taskwarrior"]["binary"] is not None
    if shutil.which("task") is None:
        assert not with_tw
    keys = {"F", "set", "tasks", "tasks_plan", "export_raw", "export", f"bulk_raw_{LINES}", f"bulk_{LINES}"}
    assert set(seeds["figures"]) == keys | ({"tw_modify", "tw_annotate"} if with_tw else set())
    assert 150 < seeds["tasks"] < 300
    for key, figure in seeds["figures"].items():
        assert figure["seconds"] > 0 and len(figure["runs"]) == 1
        measured = key in {"tasks", "tasks_plan", "export_raw", "export"} and Path("/usr/bin/time").exists()
        assert (figure["peak_mib"] or 0) > 5 if measured else figure["peak_mib"] is None
    ratios = seeds["ratios"]
    assert all(ratios[k] > 0 for k in ("set", "tasks", "tasks_plan", "export", f"bulk_{LINES}"))
    assert (ratios["set_tw"] or 0) > 0 if with_tw else ratios["set_tw"] is None
    assert seeds["notes"] == []  # the bulk floor wrote what `set --from` wrote, and no backup was taken
    for key, what, _base, _target in _bench().rows([LINES]):
        assert (f"| {what} |" in stdout) == (key in seeds["figures"])
    assert "| one `set` ≤ 0.45×F at every size | seeds: " in stdout
    assert ("Taskwarrior: Taskwarrior 2." if with_tw else "Taskwarrior: skipped — ") in stdout


def test_the_report_is_printed_again_from_its_figures(one_run):
    stdout, figures = one_run
    again = subprocess.run([*BENCH, "--report-from", str(figures)], capture_output=True, text=True, check=True)
    assert again.stdout == stdout


def test_the_peak_memory_is_the_childs_own_not_the_harness_high_water_mark():
    bench = _bench()
    if bench.TIME is None:
        pytest.skip("no /usr/bin/time: peak memory is not measured")
    ballast = bytearray(200 * 2**20)
    ballast[:: 2**12] = b"x" * len(ballast[:: 2**12])  # touched: 200 MiB resident in this process
    _seconds, peak = bench.run([sys.executable, "-c", "pass"], {}, memory=True)
    assert peak is not None and 1 < peak < 100


def test_a_missing_taskwarrior_is_skipped_with_the_reason(monkeypatch, tmp_path):
    tw = _bench().tw
    monkeypatch.setenv("PATH", str(tmp_path))
    assert tw.find() == (None, "`task` not found on PATH")
    fake = tmp_path / "task"
    fake.write_text("#!/bin/sh\necho 3.1.0\n")
    fake.chmod(0o755)
    binary, reason = tw.find()
    assert binary is None and "3.1.0, not 2.x" in reason


def test_without_taskwarrior_the_table_has_no_taskwarrior_rows():
    bench = _bench()
    col = bench.Column("seeds", 189)
    col.figures = {key: bench.Figure(0.5, [0.5], None) for key in ("F", "set", "tasks")}
    text = bench.table([col], [])
    assert "| `sciplan set ID --status 进行中 --note x` | 0.500 s = 1.00×F |" in text
    assert "Taskwarrior" not in text and "TW" not in text
