"""Tables for people, drawn by rich: Chinese text measured right, fitted to the terminal, NO_COLOR honoured."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

PIPE_WIDTH = 120  # a pipe (cron mail, a file) gets COLUMNS or this: long titles are cut, never the layout


def console_width() -> int | None:
    """The width to draw at: the terminal's own; in a pipe, COLUMNS or PIPE_WIDTH."""
    if _isatty():
        return None  # rich asks the terminal
    try:
        return max(20, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return PIPE_WIDTH


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def print_rows(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    flex: int = -1,
    styles: Sequence[str | None] | None = None,
    title: str | None = None,
) -> None:
    """An aligned table on stdout; column `flex` gives way first when the terminal is narrow.

    Colour only on a terminal, and never with NO_COLOR set (rich reads both). Every text passes
    through `termsafe.shown`: a stored ESC is printed as `\\x1b`, never obeyed by the terminal.
    """
    from rich.console import Console
    from rich.table import Table

    from ..termsafe import shown

    header = [shown(h) for h in header]
    rows = [[shown(c) for c in row] for row in rows]
    title = shown(title) if title is not None else None

    console = Console(width=console_width(), highlight=False, emoji=False, markup=False, soft_wrap=False)
    widths = fit_widths(header, rows, console.width, flex % len(header))
    table = Table(
        box=None,
        show_edge=False,
        pad_edge=False,
        padding=(0, GAP, 0, 0),
        header_style="bold",
        title=title,
        title_justify="left",
        title_style="bold",
    )
    for name, width in zip(header, widths, strict=True):
        table.add_column(name, no_wrap=True, overflow="ellipsis", width=width)
    for n, row in enumerate(rows):
        table.add_row(*row, style=styles[n] if styles else None)
    with console.capture() as captured:
        console.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


GAP = 2


def fit_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total: int, flex: int) -> list[int]:
    """Column widths that fit `total`: the `flex` column and the last give way first, then the widest."""
    from rich.cells import cell_len

    widths = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    floors = [min(w, max(cell_len(h), 4)) for w, h in zip(widths, header, strict=True)]
    excess = sum(widths) + GAP * len(widths) - total
    for columns, floor in (({flex, len(widths) - 1}, 10), (set(range(len(widths))), 0)):
        while excess > 0:
            shrinkable = [i for i in columns if widths[i] > max(floor, floors[i])]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
            excess -= 1
    return widths
