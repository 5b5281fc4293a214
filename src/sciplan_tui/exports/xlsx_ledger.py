"""The ledger as an Excel workbook: frozen header, autofilter, widths for Chinese, 红黄绿灯, a summary sheet.

Written in openpyxl's write-only mode, so memory stays flat with the number of rows. That mode
writes a sheet's column widths before its first row: a workbook takes two passes over its rows.
The first measures each sheet's columns (`_measure`); the second writes the rows, each with the
height of its own wrapped text (print_setup.height_of), and counts the summary as it goes
(services/counts.py: Tally). The summary is the first sheet (the one the meeting looks at) and is
filled last. `write_xlsx` passes twice over a built ledger (a past month, `--sheets dept`);
`stream_xlsx` reads the current ledger's query twice.

openpyxl is imported inside the writers (it costs ~0.2 s to import).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from datetime import date
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal, NamedTuple

from ..atomic import replacing
from ..services.counts import GroupCounts, Tally
from ..services.ledger import Ledger, LedgerRow, Month
from ..services.statuses import STATUSES
from .columns import Column, Headers, columns, getters, header
from .print_setup import a4_landscape, display_width, height_of

Sheets = Literal["plan", "dept"]
# The sheets of one pass: (title, rows) in order; a streamed pass holds the query open while it runs.
Groups = Generator[tuple[str, Iterable[LedgerRow]]]

FILLS = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE", "grey": "D9D9D9"}
HEADER_FILL = "DDEBF7"
MAX_WIDTH = {True: 48, False: 24}  # wide (free text) columns, others
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "time": "yyyy-mm-dd hh:mm"}
# Characters XML 1.0 cannot hold (openpyxl refuses them): replaced by U+FFFD in the workbook.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHEET_NAMES = {
    "ledger": ("台账", "ledger"),
    "summary": ("汇总", "summary"),
    "by_plan": ("按实施方案", "by plan"),
    "by_dept": ("按牵头部门", "by lead department"),
    "total": ("合计", "total"),
    "overdue": ("逾期", "overdue"),
    "none": ("（未明确责任单位）", "(no department)"),
    "rate": ("完成率", "done rate"),
}


def write_xlsx(book: Ledger, path: str | Path, *, headers: Headers = "zh", sheets: Sheets | None = None) -> None:
    """Write the workbook of a built ledger: one ledger sheet (or one per plan / department), then the summary."""
    lang = 0 if headers == "zh" else 1
    groups = _split(book.rows, sheets, lang)
    _write(path, columns(book), headers, lambda: (g for g in groups), counted=book.rows)


def stream_xlsx(
    rows: Callable[[], Iterable[LedgerRow]],
    path: str | Path,
    *,
    by_dept: bool = False,
    month: Month | None = None,
    headers: Headers = "zh",
    sheets: Literal["plan"] | None = None,
) -> int:
    """Write the workbook of a streamed ledger (now, or at the end of `month`) from `rows()`, read twice
    (services.ledger.reading: one snapshot, in the task list's order, a plan's rows together).
    Returns the number of ledger rows written."""
    lang = 0 if headers == "zh" else 1

    def groups() -> Groups:
        ledger_rows = rows()
        try:
            yield from _stream_groups(iter(ledger_rows), sheets, lang)
        finally:
            if hasattr(ledger_rows, "close"):  # a generator over a cursor: closed when a pass stops early
                ledger_rows.close()

    return _write(path, columns(Ledger((), date.min, month, by_dept)), headers, groups)


def _stream_groups(rows: Iterator[LedgerRow], sheets: Literal["plan"] | None, lang: int) -> Groups:
    if sheets is None:
        yield SHEET_NAMES["ledger"][lang], rows
        return
    empty = True
    for plan, members in groupby(rows, key=attrgetter("plan_code")):
        empty = False
        yield plan, members
    if empty:
        yield SHEET_NAMES["ledger"][lang], ()


def _split(rows: Sequence[LedgerRow], sheets: Sheets | None, lang: int) -> list[tuple[str, list[LedgerRow]]]:
    if sheets is None:
        return [(SHEET_NAMES["ledger"][lang], list(rows))]
    groups: dict[str, list[LedgerRow]] = defaultdict(list)
    several = len({r.plan_code for r in rows}) > 1  # the same name in two plans is two departments
    for r in rows:
        dept = r.dept or SHEET_NAMES["none"][lang]
        key = r.plan_code if sheets == "plan" else f"{r.plan_code}·{dept}" if several else dept
        groups[key].append(r)
    return list(groups.items()) or [(SHEET_NAMES["ledger"][lang], [])]


def _write(
    path: str | Path,
    cols: Sequence[Column],
    headers: Headers,
    groups: Callable[[], Groups],
    *,
    counted: Iterable[LedgerRow] | None = None,
) -> int:
    """The workbook of `groups()` (called twice); the summary counts `counted`, else the rows as written
    (in the ledger's order: by department, the sheets are not)."""
    from openpyxl import Workbook

    names = header(cols, headers)
    widths = _measure(cols, names, headers, groups)
    wb = Workbook(write_only=True)
    _styles(wb)
    lang = 0 if headers == "zh" else 1
    # 汇总 first: it is what the meeting looks at, and the sheet the workbook opens on. Filled last.
    summary = wb.create_sheet(_sheet_title(wb, SHEET_NAMES["summary"][lang]))
    _summary_layout(summary)
    counts = _Counts()
    written = 0
    with closing(groups()) as sheets:
        for title, rows in sheets:
            ws = wb.create_sheet(_sheet_title(wb, title))
            if counted is None:
                rows = _counting(rows, counts)
            measured = widths.get(title) or _Measured(_widths(names, cols), 0)
            written += _ledger_sheet(ws, cols, names, rows, headers, measured)
            ws.close()  # its rows are on disk: a workbook of many sheets keeps one file open at a time
    for row in counted or ():
        counts.add(row)
    _summary_rows(summary, counts, headers)
    summary.close()  # written out before the save: a save that fails leaves no sheet half-open behind it
    with replacing(path) as scratch:  # whole or not at all (atomic.py)
        wb.save(str(scratch))
    return written


def _sheet_title(wb: Any, wanted: str) -> str:
    """A legal, unique sheet title (≤31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", wanted)[:31] or "_"
    title, n = base, 2
    while title in wb.sheetnames:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def _styles(wb: Any) -> None:
    """Named styles, registered once: setting a style object cell by cell is slow in openpyxl."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    wb.add_named_style(
        NamedStyle(
            "sp_head",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            alignment=Alignment(vertical="center", wrap_text=True),
        )
    )
    wb.add_named_style(NamedStyle("sp_wrap", alignment=Alignment(vertical="top", wrap_text=True)))
    wb.add_named_style(NamedStyle("sp_top", alignment=Alignment(vertical="top")))
    for name, colour in FILLS.items():
        wb.add_named_style(
            NamedStyle(f"sp_{name}", fill=PatternFill("solid", fgColor=colour), alignment=Alignment(vertical="top"))
        )


# ---- the first pass: column widths -------------------------------------------------------


class _Measured(NamedTuple):
    widths: list[float]
    rows: int


def _measure(
    cols: Sequence[Column], names: list[str], headers: Headers, groups: Callable[[], Groups]
) -> dict[str, _Measured]:
    """Each sheet's column widths (its longest line per column, dates as 0000-00-00 00:00, capped) and rows."""
    get = getters(tuple(cols), headers)
    caps = [MAX_WIDTH[c.wide] for c in cols]
    out: dict[str, _Measured] = {}
    with closing(groups()) as sheets:
        for title, rows in sheets:
            widest = [display_width(n) for n in names]
            count = 0
            for row in rows:
                count += 1
                for i, value in enumerate([g(row) for g in get]):
                    if widest[i] < caps[i]:  # a column at its cap needs no more measuring
                        widest[i] = max(widest[i], _shown_width(value, widest[i]))
            out[title] = _Measured([min(max(w, 4), cap) + 2 for w, cap in zip(widest, caps, strict=True)], count)
    return out


def _shown_width(value: Any, beat: int) -> int:
    """The width of a cell's longest line; 0 when it cannot beat `beat` (no character is wider than 2)."""
    if not value:
        return 0
    if hasattr(value, "year"):
        return len("0000-00-00 00:00")
    shown = str(value)
    if 2 * len(shown) <= beat:
        return 0
    return max((display_width(line) for line in shown.splitlines()), default=0)


def _widths(names: list[str], cols: Sequence[Column]) -> list[float]:
    """The widths of a sheet the first pass did not see (rows added between the passes): its header's."""
    return [min(max(display_width(n), 4), MAX_WIDTH[c.wide]) + 2 for n, c in zip(names, cols, strict=True)]


# ---- the second pass: the rows -----------------------------------------------------------


class _Counts:
    """The summary's counts, per plan and per lead department, each task once (by_dept rows repeat it)."""

    def __init__(self) -> None:
        self.plans = Tally(lambda r: ("",))  # services/counts.py: the monthly report's counting
        self.leads = Tally(attrgetter("leads"))
        self._last: int | None = None

    def add(self, row: LedgerRow) -> None:
        if row.task_id != self._last:  # a task's department rows come together
            self._last = row.task_id
            self.plans.add(row)
            self.leads.add(row)


def _counting(rows: Iterable[LedgerRow], counts: _Counts) -> Iterator[LedgerRow]:
    for row in rows:
        counts.add(row)
        yield row


def _ledger_sheet(
    ws: Any, cols: Sequence[Column], names: list[str], rows: Iterable[LedgerRow], headers: Headers, measured: _Measured
) -> int:
    """Header, rows, drop-down and print layout of one ledger sheet; the number of rows written."""
    from openpyxl.utils import get_column_letter

    widths = measured.widths
    for i, width in enumerate(widths, 1):  # before the first row: write-only mode writes them first
        ws.column_dimensions[get_column_letter(i)].width = width
    # The used range, which write-only mode writes first when the sheet offers it (one snapshot: exact).
    used = f"A1:{get_column_letter(len(cols))}{measured.rows + 1}"
    ws.calculate_dimension = lambda: used
    ws.freeze_panes = "A2"
    a4_landscape(ws, title_rows="1:1")  # exports/print_setup.py: one page wide, header on every page
    wrapped = [w if c.wide else 0.0 for w, c in zip(widths, cols, strict=True)]
    _take_cells_as_they_are(ws)
    _append(ws, 1, [_Cells.styled(ws, "sp_head").put(n) for n in names], height_of(names, wrapped))
    status_at = [c.key for c in cols].index("status")
    cells = _Cells(ws, cols, status_at)
    get = getters(tuple(cols), headers)
    n = 1
    for row in rows:
        n += 1
        line = cells.line([g(row) for g in get], row.light)
        _append(ws, n, line, height_of([c.value for c in line], wrapped))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n}"
    _status_choices(ws, status_at + 1, n, headers)
    return n - 1


def _take_cells_as_they_are(ws: Any) -> None:
    """Every row of a ledger sheet is a list of prepared cells: append them as they are.

    openpyxl's write-only `append` first tries each value as the value of a scratch cell, which for a
    cell fails (formatting the cell's repr for the error) before it takes the cell itself: a third of
    the time of a big workbook. Only a shortcut: should a later openpyxl no longer call
    `_values_to_row`, the rows are written the same way, slower."""

    def cells(row: list[Any], row_idx: int) -> Iterator[Any]:
        for col_idx, cell in enumerate(row, 1):
            cell.column, cell.row = col_idx, row_idx
            yield cell

    ws._values_to_row = cells


def _append(ws: Any, n: int, line: list[Any], height: float) -> None:
    """Row `n` with its height: the row's dimension lives only while the row is written (flat memory)."""
    ws.row_dimensions[n].height = height
    ws.append(line)
    del ws.row_dimensions[n]


class _Cells:
    """The cells of one sheet's rows, styled once per column and reused row after row: write-only mode
    writes a row as it is appended, so a styled cell need not be made (and its style looked up) per value."""

    def __init__(self, ws: Any, cols: Sequence[Column], status_at: int) -> None:
        self.plain = [self.styled(ws, "sp_wrap" if c.wide else "sp_top") for c in cols]
        self.typed = [self.styled(ws, "sp_top", NUMBER_FORMATS.get(c.kind)) for c in cols]
        self.lamps = {light: self.styled(ws, f"sp_{light}") for light in FILLS}
        self.status_at = status_at

    @staticmethod
    def styled(ws: Any, style: str, number_format: str | None = None) -> _Cell:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws)
        cell.style = style
        if number_format:
            cell.number_format = number_format
        return _Cell(cell)

    def line(self, values: list[Any], light: str) -> list[Any]:
        out = []
        for i, value in enumerate(values):
            if i == self.status_at:
                cell = self.lamps[light]
            elif value is not None and hasattr(value, "year"):
                cell = self.typed[i]
            else:
                cell = self.plain[i]
            out.append(cell.put(value))
        return out


class _Cell:
    """A reusable write-only cell: typed values stay typed; text stays text (never a formula)."""

    __slots__ = ("cell",)

    def __init__(self, cell: Any) -> None:
        self.cell = cell

    def put(self, value: Any) -> Any:
        cell = self.cell
        if isinstance(value, str):
            cell.value = _ILLEGAL.sub("\ufffd", value)
            cell.data_type = "s"
        else:
            cell.value = value
        return cell


def _status_choices(ws: Any, column: int, last_row: int, headers: Headers) -> None:
    """The status column as a drop-down of the valid statuses (labels, or keys with --headers en)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = [v[0] for v in STATUSES.values()] if headers == "zh" else list(STATUSES)
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    letter = get_column_letter(column)
    dv.add(f"{letter}2:{letter}{max(last_row, 2)}")
    ws.data_validations.append(dv)  # what add_data_validation does; write-only sheets lack that method


# ---- the summary -------------------------------------------------------------------------


def _summary_layout(ws: Any) -> None:
    """What write-only mode writes before the first row: widths, frozen panes, page setup."""
    for letter, width in (("A", 16), ("B", 24)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    a4_landscape(ws, title_rows="1:2")


def _summary_rows(ws: Any, counts: _Counts, headers: Headers) -> None:
    """Counts by status per plan and per lead department (each task once)."""
    lang = 0 if headers == "zh" else 1
    keys = list(STATUSES)
    labels = [STATUSES[k][0] if lang == 0 else k for k in keys]
    extra = [SHEET_NAMES["total"][lang], SHEET_NAMES["overdue"][lang], SHEET_NAMES["rate"][lang]]
    plan_head = ["实施方案" if lang == 0 else "plan"]
    dept_head = [*plan_head, "牵头部门" if lang == 0 else "lead"]
    line = _SummaryLine(ws)
    line.bold([SHEET_NAMES["by_plan"][lang]], plan_head + labels + extra)
    for g in counts.plans:
        line.plain([g.plan_code, *_cells(g, keys)])
    line.plain([])
    line.bold([SHEET_NAMES["by_dept"][lang]], dept_head + labels + extra)
    none = SHEET_NAMES["none"][lang]
    for g in counts.leads:
        line.plain([g.plan_code, g.name or none, *_cells(g, keys)])


class _SummaryLine:
    def __init__(self, ws: Any) -> None:
        self.ws = ws

    def bold(self, *lines: list[Any]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        for values in lines:
            cells = []
            for value in values:
                cell = WriteOnlyCell(self.ws, value)
                cell.font = Font(bold=True)
                cells.append(cell)
            self.ws.append(cells)

    def plain(self, values: list[Any]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells: list[Any] = []
        for value in values:
            if isinstance(value, float):
                cell = WriteOnlyCell(self.ws, value)
                cell.number_format = "0%"
                cells.append(cell)
            else:
                cells.append(value)
        self.ws.append(cells)


def _cells(g: GroupCounts, keys: Sequence[str]) -> list[Any]:
    """Counts by status, total, overdue, and the completion rate (done / total, as the monthly report)."""
    return [*g.by_status(keys), g.total, g.overdue, g.done_ratio]


__all__ = ["display_width", "stream_xlsx", "write_xlsx"]
