"""Word .docx to lines: paragraphs with their automatic numbers, and table rows, in document order.

Loaded only when a .docx arrives (it imports python-docx). Content controls (w:sdt) are read, a
table of contents (its content control or its `TOC n` styled paragraphs) is skipped: it only
repeats the headings. A table row is one line of tab-separated cells; a horizontally merged cell
appears once; a vertically merged cell (w:vMerge continuation) repeats the text of the cell where
the merge starts, so a reader never sees a shifted or empty lead column.
"""

from __future__ import annotations

import re

from .docx_numbering import Element, Labels, W, w_val

TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d$", re.IGNORECASE)


def docx_lines(document: object) -> list[str]:
    """The lines of a python-docx Document: paragraphs and table rows in document order."""
    reader = _Reader(document)
    body = document.element.body  # type: ignore[attr-defined]
    return reader.blocks(body)


class _Reader:
    def __init__(self, document: object) -> None:
        self.labels = Labels(_numbering_root(document), _styles_root(document))

    def blocks(self, container: Element) -> list[str]:
        lines: list[str] = []
        for child in container.iterchildren():
            tag = _local(child.tag)
            if tag == "p":
                if not self._is_toc_entry(child):
                    lines.append(self.paragraph(child))
            elif tag == "tbl":
                lines.extend(self.table(child))
            elif tag in ("sdt", "customXml") and not _is_toc_control(child):
                content = child.find(W + "sdtContent") if tag == "sdt" else child
                if content is not None:
                    lines.extend(self.blocks(content))
        return lines

    def paragraph(self, element: Element) -> str:
        parts: list[str] = []
        _collect_text(element, parts)
        return self.labels.prefix(element, "".join(parts))

    def _is_toc_entry(self, element: Element) -> bool:
        style = w_val(element.find(W + "pPr"), "pStyle")
        if style is None:
            return False
        info = self.labels.styles.styles.get(style)
        return bool(TOC_STYLE.match(info.name if info else style) or TOC_STYLE.match(style))

    def table(self, table: Element) -> list[str]:
        """One tab-separated line per row; a vMerge continuation repeats the text of its merge's first cell."""
        lines = []
        above: dict[int, str] = {}
        for row in table.iterchildren(W + "tr"):
            column = int(w_val(row.find(W + "trPr"), "gridBefore") or 0)
            cells = []
            for cell in row.iterchildren(W + "tc"):
                props = cell.find(W + "tcPr")
                span = int(w_val(props, "gridSpan") or 1)
                merge = None if props is None else props.find(W + "vMerge")
                if merge is not None and merge.get(W + "val") in (None, "continue"):
                    text = above.get(column, "")
                else:
                    text = above[column] = self.cell(cell)
                cells.append(text)
                column += max(span, 1)
            lines.append("\t".join(cells))
        return lines

    def cell(self, cell: Element) -> str:
        """The cell's paragraphs run together; tabs and line breaks inside a cell are dropped."""
        parts = [self.paragraph(p) for p in cell.iterchildren(W + "p")]
        for control in cell.iterchildren(W + "sdt"):
            content = control.find(W + "sdtContent")
            parts += [] if content is None else [self.paragraph(p) for p in content.iterchildren(W + "p")]
        return "".join("".join(parts).replace("\t", " ").split("\n")).strip()


SKIPPED = frozenset({"pPr", "rPr", "del", "delText", "instrText", "txbxContent", "Fallback", "footnoteReference"})
BREAKS = frozenset({"br", "cr"})


def _collect_text(element: Element, parts: list[str]) -> None:
    """A paragraph's visible text in order, including what python-docx's `text` leaves out: tracked
    insertions (w:ins), smart tags, inline content controls and simple fields; deleted text and
    field codes are not text, a text box (drawn elsewhere) is not part of the line."""
    for child in element.iterchildren():
        tag = _local(child.tag)
        if tag in SKIPPED:
            continue
        if tag == "t":
            parts.append(child.text or "")
        elif tag in ("tab", "ptab"):
            parts.append("\t")
        elif tag in BREAKS:
            parts.append("" if child.get(W + "type") in ("page", "column") else "\n")
        elif tag == "noBreakHyphen":
            parts.append("-")
        else:
            _collect_text(child, parts)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _is_toc_control(element: Element) -> bool:
    gallery = element.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and "contents" in (gallery.get(W + "val") or "").lower()


def _numbering_root(document: object) -> Element | None:
    """numbering.xml, when the document has one (python-docx's accessor would invent an empty one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return _related_root(document, RT.NUMBERING)


def _styles_root(document: object) -> Element | None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return _related_root(document, RT.STYLES)


def _related_root(document: object, reltype: str) -> Element | None:
    """The XML root of the document part's related part of this type, parsed from its bytes if need be."""
    from docx.oxml.parser import parse_xml

    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype == reltype and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "element", None)
            return element if element is not None else parse_xml(target.blob)
    return None
