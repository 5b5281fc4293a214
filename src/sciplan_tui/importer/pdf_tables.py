"""Tables in a PDF page (a 重点任务分工表): rows rebuilt from where the cell text is drawn.

A PDF has no table, only text placed in columns; read in drawing order it comes out one wrapped
cell line after another. A header line of three or more short labels far apart gives the
columns; the text after it is cut into cells (a column's consecutive lines), and cells whose
first lines share a baseline make a row, written as one tab-separated line like a Word table
row. A column a row leaves empty (a cell merged with the one above) is an empty cell. The table
ends at a line that runs across the columns (body text again); its columns carry over to the
next page, where a long table goes on without repeating the header.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from .pdf_lines import Fragment, assemble, text_lines, width

MIN_COLUMNS = 3
SPLIT = 1.5  # font sizes of blank between two labels (or cells) on one baseline
MAX_LABEL = 12  # characters in a header label
BOUNDARY = 0.25  # a column begins this share of the way from one label's end to the next label's start
LINE_STEP = 1.9  # font sizes between the baselines of two lines of one cell


@dataclass
class Segment:
    """Fragments drawn one after another on one baseline without a cell-wide blank between them."""

    fragments: list[Fragment]

    @property
    def x(self) -> float:
        return self.fragments[0].x

    @property
    def y(self) -> float:
        return self.fragments[0].y

    @property
    def size(self) -> float:
        return self.fragments[0].size

    @property
    def end(self) -> float:
        last = self.fragments[-1]
        return last.x + width(last.text, last.size)

    @property
    def text(self) -> str:
        return assemble(self.fragments)


@dataclass
class Row:
    """One table row: its top baseline, each column's text and lowest baseline."""

    top: float
    cells: dict[int, str] = field(default_factory=dict)
    bottoms: dict[int, float] = field(default_factory=dict)
    open: set[int] = field(default_factory=set)  # columns whose cells ran to the bottom of the page


@dataclass
class Table:
    """Column boundaries (where each column's text may start) and the last row of each page."""

    starts: list[float]
    rows: list[Row] = field(default_factory=list)

    def column(self, x: float) -> int:
        return max(i for i, start in enumerate(self.starts) if x >= start or i == 0)

    def line(self, row: Row) -> str:
        return "\t".join(row.cells.get(c, "") for c in range(len(self.starts)))

    def continues(self, row: Row) -> bool:
        """A page's first row that only goes on with the cells the last page cut off."""
        last = self.rows[-1]
        return bool(row.cells) and set(row.cells) <= last.open


CONTINUED = "\x00"  # marks a row line that continues the last row of the previous page


Block = list[Fragment] | list[str]  # text to assemble into lines, or table rows already made


def split_tables(fragments: list[Fragment], carried: Table | None) -> tuple[list[Block], Table | None]:
    """The page as blocks in drawing order (plain text, table rows), and the table still open at its end."""
    segments = _segments(fragments)
    blocks: list[Block] = []
    plain: list[Fragment] = []
    table = carried
    i = 0
    while i < len(segments):
        table = table or _header(segments, i)
        end = i if table is None else _table_end(segments, i, table)
        if end == i:  # body text: no table here, or the one carried from the last page is over
            table = None
            plain.extend(segments[i].fragments)
            i += 1
            continue
        if plain:
            blocks.append(plain)
            plain = []
        blocks.append(_rows(segments[i:end], table))  # type: ignore[arg-type]
        i = end
        if i < len(segments):
            table = None
    if plain:
        blocks.append(plain)
    return blocks, table


def page_lines(fragments: list[Fragment], carried: Table | None) -> tuple[list[str], Table | None]:
    """A page's lines: running text as drawn, tables as tab-separated rows."""
    blocks, table = split_tables(fragments, carried)
    lines: list[str] = []
    for block in blocks:
        if block and isinstance(block[0], str):
            lines.extend(block)  # type: ignore[arg-type]
        else:
            lines.extend(text_lines(block))  # type: ignore[arg-type]
    return lines, table


def _segments(fragments: list[Fragment]) -> list[Segment]:
    segments: list[Segment] = []
    for fragment in fragments:
        if fragment.text == " ":  # pypdf's word space, placed where the next cell begins
            continue
        last = segments[-1] if segments else None
        if (
            last is not None
            and abs(last.y - fragment.y) < 0.4 * fragment.size
            and -0.5 * fragment.size <= fragment.x - last.end < SPLIT * fragment.size
        ) or (last is not None and fragment.stray and abs(last.y - fragment.y) < 0.4 * fragment.size):
            last.fragments.append(fragment)
        else:
            segments.append(Segment([fragment]))
    return segments


def _header(segments: list[Segment], i: int) -> Table | None:
    """A header line at segment i: three or more short labels on one baseline, with cells below."""
    labels = [segments[i]]
    for segment in segments[i + 1 :]:
        if abs(segment.y - labels[0].y) >= 0.4 * segment.size or segment.x <= labels[-1].x:
            break
        labels.append(segment)
    texts = ["".join(label.text.split()) for label in labels]
    if len(labels) < MIN_COLUMNS or any(not t or len(t) > MAX_LABEL for t in texts):
        return None
    starts = [labels[0].x - labels[0].size] + [
        previous.end + BOUNDARY * (label.x - previous.end) for previous, label in itertools.pairwise(labels)
    ]
    table = Table(starts)
    following = segments[i + len(labels) : i + len(labels) + 6]
    if sum(1 for s in following if table.column(s.x) > 0) < 2:
        return None
    _align(table, labels, segments[i + len(labels) : i + len(labels) + 60])
    return table


def _align(table: Table, labels: list[Segment], body: list[Segment]) -> None:
    """Move each column start to where its cells' lines start (a centred label sits further right):
    the x most lines start at between the previous label's end and this label's start."""
    size = labels[0].size
    for k in range(1, len(labels)):
        low, high = labels[k - 1].end - 0.5 * size, labels[k].x + 0.5 * size
        starts = Counter(round(segment.x) for segment in body if low <= segment.x <= high)
        if starts:
            best = max(starts.items(), key=lambda item: (item[1], -item[0]))[0]
            table.starts[k] = best - 0.5 * size


def _table_end(segments: list[Segment], i: int, table: Table) -> int:
    """The first segment from i that is body text again (runs across the table's columns)."""
    j = i
    while j < len(segments):
        segment = segments[j]
        column = table.column(segment.x)
        if column == 0 and len(table.starts) > 1 and segment.end > table.starts[-1] + segment.size:
            break
        j += 1
    return j


def _by_column(segment: Segment, table: Table) -> list[Segment]:
    """A segment cut where it crosses into the next column (cells padded closer than a blank)."""
    pieces: list[Segment] = []
    for fragment in segment.fragments:
        column = table.column(fragment.x)
        if pieces and table.column(pieces[-1].x) == column:
            pieces[-1].fragments.append(fragment)
        else:
            pieces.append(Segment([fragment]))
    return pieces


def _rows(segments: list[Segment], table: Table) -> list[str]:
    """Cells (a column's consecutive lines) grouped into rows by the baseline of their first line.

    The first row of a page that goes on with a table is the end of the last page's last row
    when it only has text in the columns whose cells ran to the bottom of that page.
    """
    cells: list[tuple[int, list[Segment]]] = []  # (column, lines)
    for segment in (piece for whole in segments for piece in _by_column(whole, table)):
        column = table.column(segment.x)
        if cells:
            last_column, lines = cells[-1]
            if last_column == column and 0 < lines[-1].y - segment.y < LINE_STEP * segment.size:
                lines.append(segment)
                continue
        cells.append((column, [segment]))
    rows: list[Row] = []
    for column, lines in cells:
        text = "".join("".join(line.text.split("\t")).strip() for line in lines)
        row = next((r for r in rows if abs(r.top - lines[0].y) < 0.5 * lines[0].size), None)
        if row is None:
            row = Row(lines[0].y)
            rows.append(row)
        row.cells[column] = row.cells.get(column, "") + text
        row.bottoms[column] = min(row.bottoms.get(column, lines[-1].y), lines[-1].y)
    rows.sort(key=lambda r: -r.top)
    lines_out = [table.line(row) for row in rows]
    if rows and table.rows and table.continues(rows[0]):
        lines_out[0] = CONTINUED + lines_out[0]
    if rows:
        bottom = min(min(row.bottoms.values()) for row in rows)
        rows[-1].open = {c for c, y in rows[-1].bottoms.items() if y < bottom + LINE_STEP * segments[-1].size}
        table.rows.append(rows[-1])
    return lines_out


def join_continued_rows(pages: list[list[str]]) -> list[list[str]]:
    """Each row cut by a page break made whole again, on the page where it began."""
    last: tuple[int, int] | None = None  # (page, line) of the last table row seen
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            if line.startswith(CONTINUED):
                rest = line[len(CONTINUED) :]
                if last is None:
                    lines[i] = rest
                    continue
                lp, li = last
                before, after = pages[lp][li].split("\t"), rest.split("\t")
                pages[lp][li] = "\t".join(a + b for a, b in itertools.zip_longest(before, after, fillvalue=""))
                lines[i] = CONTINUED  # joined above: dropped below
            elif "\t" in line:
                last = (p, i)
    return [[line for line in lines if line != CONTINUED] for lines in pages]
