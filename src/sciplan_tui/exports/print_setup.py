"""Printing a worksheet on A4 landscape: fit to width, header rows repeated, page numbers, row heights.

openpyxl cannot measure text, so row heights are estimated the way Excel would wrap the text:
East-Asian wide characters count as two width units, each explicit line break starts a new line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

PAPERSIZE_A4 = "9"  # openpyxl's Worksheet.PAPERSIZE_A4, which its write-only sheets lack
LINE_HEIGHT = 15.0  # points per line of 11-point text (宋体/等线 wrap at about this pitch)
MAX_LINES = 12  # a cell taller than this is cut on screen; the printout still fits the page width


def display_width(text: str) -> int:
    """Columns a text takes: East-Asian wide and full-width characters count 2 (unicodedata's W and F)."""
    if text.isascii():
        return len(text)
    wide, beyond = _wide()
    if beyond.search(text):  # a character above plane 3 (private use, tags): one by one
        import unicodedata

        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return len(text) + len(wide.findall(text))


@cache
def _wide() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The characters of width W or F up to plane 3 as one regex class, so that a long ledger is
    measured in C rather than character by character; and the characters beyond. Made on first use,
    in C too: the width of every character as one string (one letter each), searched for runs."""
    import unicodedata
    from operator import itemgetter

    top = 0x40000
    kinds = "".join(map(itemgetter(0), map(unicodedata.east_asian_width, map(chr, range(top)))))  # "Na" → N
    runs = "".join(f"\\U{m.start():08x}-\\U{m.end() - 1:08x}" for m in re.finditer("[WF]+", kinds))
    return re.compile(f"[{runs}]"), re.compile(f"[\\U{top:08x}-\\U0010ffff]")


def lines_needed(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` units wide."""
    room = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(display_width(line) / room)) for line in text.splitlines() or [""])


def row_height(texts: Iterable[tuple[str, float]]) -> float:
    """The height (points) that shows every (text, column width) pair of a row, wrapped."""
    lines = max((lines_needed(text, width) for text, width in texts if text), default=1)
    return min(lines, MAX_LINES) * LINE_HEIGHT + 3


def fit_rows(ws: Any, first_row: int, widths: Sequence[float]) -> None:
    """Set the height of every row from `first_row` on from its wrapped text."""
    for row in ws.iter_rows(min_row=first_row):
        ws.row_dimensions[row[0].row].height = height_of([c.value for c in row], widths)


def height_of(values: Sequence[Any], widths: Sequence[float]) -> float:
    """The height of a row of cell values (in column order) wrapped in columns `widths` wide (0: not wrapped)."""
    return row_height((_shown(v), w) for v, w in zip(values, widths, strict=False) if w > 0)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "year"):
        return "0000-00-00"
    return str(value)


def a4_landscape(ws: Any, *, title_rows: str, footer: str = "第 &P 页，共 &N 页") -> None:
    """A4 landscape, one page wide (as many tall as needed), `title_rows` repeated, page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = footer
    ws.evenFooter.center.text = footer


__all__ = ["a4_landscape", "display_width", "fit_rows", "height_of", "lines_needed", "row_height"]
