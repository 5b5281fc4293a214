"""Plain aligned tables for the terminal: one line per row, double-width (Chinese) text measured right."""

from __future__ import annotations

import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence

COLOURS = {"red": "\x1b[31m", "yellow": "\x1b[33m", "green": "\x1b[32m", "bold": "\x1b[1m", "dim": "\x1b[2m"}
RESET = "\x1b[0m"


def cell_width(text: str) -> int:
    """Columns `text` takes in a terminal: East Asian wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def fit(text: str, width: int) -> str:
    """`text` cut to `width` columns (with …) and padded to exactly `width`."""
    if cell_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = cell_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - cell_width(text))


def render(header: Sequence[str], rows: Iterable[Sequence[str]], *, flex: int, max_width: int | None,
           styles: Callable[[int], str | None] | None = None, colour: bool = False) -> list[str]:
    """Lines of an aligned table; column `flex` and the last one shrink to fit `max_width`."""
    data = [[str(c) for c in row] for row in rows]
    widths = [max([cell_width(h), *(cell_width(r[i]) for r in data)]) for i, h in enumerate(header)]
    if max_width is not None:
        _shrink(widths, {flex, len(widths) - 1}, sum(widths) + 2 * (len(widths) - 1) - max_width)
    lines = [_line(header, widths, "bold" if colour else None)]
    for n, row in enumerate(data):
        style = styles(n) if styles and colour else None
        lines.append(_line(row, widths, style))
    return lines


def _shrink(widths: list[int], columns: set[int], excess: int, floor: int = 10) -> None:
    """Take `excess` columns away, one at a time from the widest shrinkable column."""
    while excess > 0:
        widest = max(columns, key=lambda i: widths[i])
        if widths[widest] <= floor:
            return
        widths[widest] -= 1
        excess -= 1


def _line(cells: Sequence[str], widths: list[int], style: str | None) -> str:
    text = "  ".join(fit(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()
    return f"{COLOURS[style]}{text}{RESET}" if style else text


def print_rows(header: Sequence[str], rows: Sequence[Sequence[str]], *, flex: int = -1,
               styles: Callable[[int], str | None] | None = None, title: str | None = None) -> None:
    tty = sys.stdout.isatty()
    # A pipe (cron mail, a file) gets COLUMNS or 120 columns: long titles are cut, never the layout.
    width = shutil.get_terminal_size((120, 40)).columns
    out = [f"{COLOURS['bold']}{title}{RESET}" if tty and title else title] if title else []
    out += render(header, rows, flex=flex % len(header), max_width=width, styles=styles, colour=tty)
    sys.stdout.write("\n".join(out) + "\n")
