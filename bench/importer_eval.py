"""Score the importer on the issue #10 layout corpus: one row per layout family, and overall.

    python bench/importer_eval.py                 # the table
    python bench/importer_eval.py -v              # and every failing variant, with what went wrong
    python bench/importer_eval.py -f pdf_web -v   # one family

The corpus and the scoring are those of tests/importer/test_importer_layouts.py (tests/importer/
layouts/): placement = tasks found under the right action/project; F1 on (item, department,
role), micro-averaged over the family; a silent loss is a document that loses a task without a
warning; a traceback is any exception other than the importer's own error. "seed" and
"rendered" are baselines (the seeds as bundled, and re-rendered in their own layout) and are
left out of the overall row. The bar: placed ≥ 98 %, F1 ≥ 95 %, no silent loss, no traceback;
"at bar" counts the documents that meet it and every expectation they declare (metadata,
targets, duplicate detection, at most 2 % spurious tasks), as the tests do.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "importer"))

from layouts.evaluate import Score, score
from layouts.families import FAMILIES, variants
from layouts.model import seed_keys

BASELINES = ("seed", "rendered")
COLUMNS = (
    ("family", 16),
    ("docs", 5),
    ("at bar", 7),
    ("tasks expected", 15),
    ("placed %", 9),
    ("F1 %", 7),
    ("silent losses", 14),
    ("tracebacks", 11),
    ("refused", 8),
    ("meta/target errs", 17),
    ("extra tasks", 12),
    ("seconds", 8),
)


@dataclass
class Row:
    family: str
    scores: list[Score] = field(default_factory=list)

    def cells(self) -> list[str]:
        s = self.scores
        expected = sum(r.expected_tasks for r in s)
        placed = sum(r.placed for r in s)
        tp, fp, fn = (sum(getattr(r, name) for r in s) for name in ("tp", "fp", "fn"))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        return [
            self.family,
            str(len(s)),
            str(sum(not _fails(r) for r in s)),
            str(expected),
            f"{100 * placed / expected:.1f}" if expected else "-",
            f"{100 * f1:.1f}",
            str(sum(r.silent_loss for r in s)),
            str(sum(r.traceback is not None for r in s)),
            str(sum(r.error is not None for r in s)),
            str(sum(bool(r.meta_errors or r.target_errors or r.duplicate_ok is False) for r in s)),
            str(sum(len(r.extra) for r in s)),
            f"{sum(r.seconds for r in s):.2f}",
        ]


def _line(cells: list[str]) -> str:
    return " | ".join(cell.ljust(width) for cell, (_, width) in zip(cells, COLUMNS, strict=True)).rstrip()


def _fails(result: Score) -> bool:
    """Whether a document misses the bar or an expectation it declares (as the tests judge it)."""
    if result.variant.expected.duplicate and result.error is not None and result.traceback is None:
        return False  # a file holding the plan twice may be refused
    return (
        result.placement < 0.98
        or result.f1 < 0.95
        or result.silent_loss
        or result.traceback is not None
        or bool(result.meta_errors or result.target_errors)
        or len(result.extra) > int(0.02 * result.expected_tasks)
        or result.duplicate_ok is False
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--family", action="append", choices=sorted(FAMILIES), help="only these families")
    parser.add_argument("-v", "--verbose", action="store_true", help="describe every failing variant")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = []
    for family in args.family or list(FAMILIES):
        row = Row(family)
        for key in seed_keys():
            row.scores.extend(score(variant) for variant in variants(family, key))
        rows.append(row)
    print(_line([name for name, _ in COLUMNS]))
    print("-+-".join("-" * width for _, width in COLUMNS))
    for row in rows:
        print(_line(row.cells()))
    judged = Row("OVERALL", [r for row in rows if row.family not in BASELINES for r in row.scores])
    print("-+-".join("-" * width for _, width in COLUMNS))
    print(_line(judged.cells()))
    print(f"\n{sum(len(row.scores) for row in rows)} documents scored in {time.perf_counter() - started:.1f} s")
    if args.verbose:
        for row in rows:
            for result in row.scores:
                if _fails(result):
                    print("\n" + result.describe())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
