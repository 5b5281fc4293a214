"""CSV of a view that shows counts rather than tasks (the dashboard): UTF-8 with BOM, CRLF line ends.

Views of tasks export through the ledger export service (`sciplan_tui.exports`), as `sciplan export csv`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write rows under a header, each cell guarded against formulas; return how many rows were written."""
    from ..exports.columns import neutralise

    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([neutralise(str(h)) for h in header])
        for row in rows:
            writer.writerow([neutralise(str(c)) for c in row])
            count += 1
    return count
