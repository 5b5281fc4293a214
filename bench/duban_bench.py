"""Time the monthly 督办 round trip: `export sheets` for every department, then `collect` of every answer.

    python bench/duban_bench.py --db /tmp/seeds.db            # sciplan init store
    python bench/duban_bench.py --db /tmp/b300.db             # python bench/gen_store.py --tasks 11400

Each run works on a copy of the store, in fresh processes (the real entry point), with automatic
backups off (SCIPLAN_AUTO_BACKUP=0). Every returned sheet is edited as a department would with
openpyxl (not timed): the first row's status and progress changed and a progress note added.
Then `collect` takes the whole directory back, and a second `collect` of the same files (which
must change nothing) is timed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCIPLAN = [sys.executable, "-m", "sciplan_tui"]


def run(db: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    env = {**os.environ, "SCIPLAN_AUTO_BACKUP": "0", "SCIPLAN_LANG": "zh"}
    started = time.perf_counter()
    done = subprocess.run(
        [*SCIPLAN, "--db", str(db), "--as", "bench", *args], capture_output=True, env=env, check=False
    )
    return time.perf_counter() - started, done


def edit_all(sheets: Path, answers: Path) -> int:
    import openpyxl

    answers.mkdir()
    for path in sorted(sheets.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        head = [c.value for c in ws[3]]
        if ws.max_row >= 4:
            ws.cell(4, head.index("状态") + 1).value = "进行中"
            ws.cell(4, head.index("进度%") + 1).value = 60
            ws.cell(4, head.index("本月进展") + 1).value = "已召开专题部署会，完成阶段性目标"
        wb.save(answers / path.name)
    return len(list(answers.glob("*.xlsx")))


def once(source: Path, work: Path) -> dict[str, float]:
    db = work / "store.db"
    shutil.copy(source, db)
    for suffix in ("-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{db}{suffix}")
    sheets, answers = work / "sheets", work / "answers"
    t_export, done = run(db, "export", "sheets", "--by-dept", str(sheets))
    assert done.returncode == 0, done.stderr.decode()
    files = edit_all(sheets, answers)
    t_collect, done = run(db, "collect", str(answers))
    assert done.returncode in (0, 7), done.stderr.decode()
    t_again, again = run(db, "collect", str(answers))
    assert again.returncode in (0, 7), again.stderr.decode()
    summary = again.stderr.decode().strip().splitlines()[-1]
    return {"files": files, "export": t_export, "collect": t_collect, "again": t_again, "summary": summary}  # type: ignore[dict-item]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(once(args.db, Path(tmp)))
    print(f"store {args.db}: {results[0]['files']} department sheets; medians of {args.runs} runs")
    for key in ("export", "collect", "again"):
        print(f"  {key:8s} {statistics.median(r[key] for r in results):6.2f} s")  # type: ignore[misc]
    print(f"  second collect: {results[0]['summary']}")


if __name__ == "__main__":
    main()
