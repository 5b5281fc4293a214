"""Printing a worksheet on A4 landscape: fit to width, header rows repeated, page numbers, row heights.

openpyxl cannot measure text, so row heights are estimated the way Excel would wrap the text:
East-Asian wide characters count as two width units, each explicit line break starts a new line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

LINE_HEIGHT = 15.0  # points per line of 11-point text (宋体/等线 wrap at about this pitch)
MAX_LINES = 12  # a cell taller than this is cut on screen; the printout still fits the page width


def display_width(text: str) -> int:
    """Columns a text takes: East-Asian wide and full-width characters count 2."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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
        texts = [
            (_shown(c.value), widths[c.column - 1]) for c in row if c.column <= len(widths) and widths[c.column - 1] > 0
        ]  # 0: a hidden column
        ws.row_dimensions[row[0].row].height = row_height(texts)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "year"):
        return "0000-00-00"
    return str(value)


def a4_landscape(ws: Any, *, title_rows: str, footer: str = "第 &P 页，共 &N 页") -> None:
    """A4 landscape, one page wide (as many tall as needed), `title_rows` repeated, page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = footer
    ws.evenFooter.center.text = footer


__all__ = ["a4_landscape", "display_width", "fit_rows", "lines_needed", "row_height"]
