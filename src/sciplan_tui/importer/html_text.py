"""A saved web page (.html) to lines: blocks as lines, table rows as tab-separated cells.

Plans are often downloaded from a government site as the page itself. Scripts, styles and the
head are dropped; `<p>`, `<div>`, `<br>`, headings and list items end a line; a `<tr>` becomes one
line of cells like a Word table row, a `rowspan` cell repeated in the rows it spans (so no column
shifts, as Word's vertically merged cells) and a `colspan` cell written once (as Word's). Source
line breaks inside a paragraph are not text; `&nbsp;` blanks (a fill-in blank such as
`达&nbsp;&nbsp;&nbsp;人次`) are kept. Standard library only.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article"}
    | {"header", "footer", "dt", "dd", "blockquote", "pre", "title", "hr", "form", "nav", "aside", "main"}
    | {"center"}
)
SKIPPED = frozenset({"script", "style", "head", "noscript", "template", "select", "option"})
CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")


def looks_like_html(text: str) -> bool:
    """A document that starts as a web page does."""
    head = text.lstrip("\ufeff \t\r\n")[:2048].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return head.startswith(("<?xml", "<!--")) and "<html" in head  # XHTML, or IE's `<!-- saved from url -->`


def html_lines(text: str) -> str:
    """The page's text, one block per line, table rows as tab-separated cells."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return "\n".join(line.rstrip() for line in reader.lines())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.tables: list[_Table] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skip += 1
        if self.skip:
            return
        if tag == "table":
            self.end_line()
            self.tables.append(_Table())
        elif self.tables and tag == "tr":
            self.tables[-1].start_row()
        elif self.tables and tag in ("td", "th"):
            values = dict(attrs)
            self.tables[-1].start_cell(_span(values.get("rowspan")), _span(values.get("colspan")))
        elif tag in BLOCKS:
            self.end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip = max(self.skip - 1, 0)
            return
        if self.skip:
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            self.emit(table.rows())
        elif self.tables and tag in ("td", "th"):
            self.tables[-1].end_cell()
        elif tag in BLOCKS and not self.tables:
            self.end_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "p") and not self.tables and not self.skip:
            self.end_line()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        data = re.sub(r"[ \t\r\n\f]+", " ", data)
        if self.tables:
            self.tables[-1].text(data)
        else:
            self.current.append(data)

    def end_line(self) -> None:
        line = _clean("".join(self.current))
        if line:
            self.out.append(line)
        self.current = []

    def emit(self, rows: list[str]) -> None:
        self.end_line()
        if self.tables:  # a table inside a cell: its rows run together in that cell
            self.tables[-1].text(" ".join(rows))
        else:
            self.out.extend(rows)

    def lines(self) -> list[str]:
        self.end_line()
        while self.tables:
            self.emit(self.tables.pop().rows())
        return self.out


class _Table:
    """Rows of cells on a grid, so that rowspan and colspan keep every cell in its column."""

    def __init__(self) -> None:
        self.grid: list[dict[int, str]] = []
        self.spans: dict[int, tuple[int, str, int]] = {}  # column -> (rows left, text, colspan)
        self.cell: list[str] | None = None
        self.column = 0
        self.rowspan = self.colspan = 1

    def start_row(self) -> None:
        self.end_cell()
        self.grid.append({})
        self.column = 0
        self._fill_spans()

    def _fill_spans(self) -> None:
        """Columns still covered by a rowspan from above take its text in this row too."""
        while self.column in self.spans:
            left, text, width = self.spans[self.column]
            self.grid[-1][self.column] = text
            if left <= 1:
                del self.spans[self.column]
            else:
                self.spans[self.column] = (left - 1, text, width)
            self.column += width

    def start_cell(self, rowspan: int, colspan: int) -> None:
        self.end_cell()
        if not self.grid:
            self.grid.append({})
        self._fill_spans()
        self.cell, self.rowspan, self.colspan = [], rowspan, colspan

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def end_cell(self) -> None:
        if self.cell is None:
            return
        text = _clean("".join(self.cell))
        self.grid[-1][self.column] = text
        if self.rowspan > 1:
            self.spans[self.column] = (self.rowspan - 1, text, self.colspan)
        self.column += self.colspan
        self.cell = None
        self._fill_spans()

    def rows(self) -> list[str]:
        self.end_cell()
        return ["\t".join(row[c] for c in sorted(row)) for row in self.grid if any(row.values())]


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), 100)
    except ValueError:
        return 1


def _clean(text: str) -> str:
    """Blanks from the source's layout dropped between Chinese characters; &nbsp; blanks kept."""
    text = CJK_GAP.sub("", text.strip(" ")).replace("\t", " ")
    return text.replace("\u00a0", " ").strip(" ") if text.replace("\u00a0", "").strip() else ""
