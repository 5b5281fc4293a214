"""Excel-safe CSV, once: UTF-8 with BOM, CRLF row ends, and no cell a spreadsheet would run as a formula.

Every CSV the tool writes (the ledger export, `tasks/depts/history/... --csv`, the TUI's view export)
goes through this module, so the rule has one home (docs/exports.md, "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

BOM = "\ufeff"
ROW_END = "\r\n"

# CSV injection: a cell starting with one of these runs as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# What a spreadsheet may skip before it looks for a formula start: apostrophes (our own escape, so
# that `restore` is the exact inverse), spaces, NULs and other blanks (" =1+1", "\x00=1+1").
_SKIPPED = "' \x00\x0b\x0c\xa0\u3000\ufeff"
# A cell whose first character is none of these cannot need escaping: the common case, decided in one look-up.
_RISKY_FIRST = frozenset(FORMULA_STARTS) | frozenset(_SKIPPED)


def any_risky(rows: Sequence[Sequence[Any]], columns: Sequence[int]) -> bool:
    """Whether a cell of `columns` in `rows` may need `safe_cell`: False means the rows can be written
    as they are (a streamed export looks at a batch once instead of calling the rule on every cell)."""
    for n in columns:
        for row in rows:
            cell = row[n]
            if isinstance(cell, str) and cell[:1] in _RISKY_FIRST:
                return True
    return False


def neutralise(cell: str) -> str:
    """Prefix ' to a cell a spreadsheet would run as a formula (and to one that already looks escaped).

    A cell is escaped when, after any leading apostrophes, spaces or NULs, it starts with = + - @ tab
    CR or LF. Escaping exactly those cells makes `restore` its exact inverse: "'=x" is written "''=x".
    """
    return "'" + cell if cell[:1] in _RISKY_FIRST and needs_escape(cell) else cell


def restore(cell: str) -> str:
    """Undo `neutralise`."""
    return cell[1:] if cell.startswith("'") and needs_escape(cell[1:]) else cell


def needs_escape(cell: str) -> bool:
    return cell[:1] in _RISKY_FIRST and cell.lstrip(_SKIPPED).startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """A cell as written: text neutralised; numbers stay numbers (a negative number is not a formula)."""
    if isinstance(value, str) and value[:1] in _RISKY_FIRST and needs_escape(value):
        return "'" + value
    return value


def rows_text(rows: Iterable[Sequence[Any]], *, bom: bool = True) -> str:
    """Rows as CSV text for Excel: BOM first, CRLF row ends, minimal quoting, every text cell neutralised."""
    buffer = io.StringIO(newline="")
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator=ROW_END, quoting=csv.QUOTE_MINIMAL)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


__all__ = [
    "BOM",
    "FORMULA_STARTS",
    "ROW_END",
    "any_risky",
    "needs_escape",
    "neutralise",
    "restore",
    "rows_text",
    "safe_cell",
]
