"""Word (.docx) renderings: numbers that live in the numbering definitions, headings by style, tables.

A rendered plan (one paragraph per line) is turned into a .docx whose structure is not in the
text: a multilevel automatic list (一、 / （一） / 1. from `w:numbering`, chineseCounting), or
Heading 1 / Heading 2 styles with no number at all; the 分工表 becomes a real Word table.
"""

from __future__ import annotations

import io
from typing import Any

from .model import CHAPTER, DOT, PAREN

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ABSTRACT_ID, NUM_ID = 90, 90
# One multilevel list as Chinese offices set it up in Word: 一、 / （一） / 1.
LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))


def _numbering_xml() -> tuple[str, str]:
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(LEVELS)
    )
    abstract = (
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{ABSTRACT_ID}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    num = f'<w:num xmlns:w="{W}" w:numId="{NUM_ID}"><w:abstractNumId w:val="{ABSTRACT_ID}"/></w:num>'
    return abstract, num


def _install_numbering(document: Any) -> None:
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    abstract, num = _numbering_xml()
    first_num = numbering.find(f"{{{W}}}num")
    if first_num is not None:
        first_num.addprevious(parse_xml(abstract))  # abstractNum elements come before num elements
    else:
        numbering.append(parse_xml(abstract))
    numbering.append(parse_xml(num))


def _number(paragraph: Any, level: int) -> None:
    from docx.oxml import parse_xml

    numbering = parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="{NUM_ID}"/></w:numPr>')
    paragraph._p.get_or_add_pPr().append(numbering)


def _level(line: str) -> tuple[int | None, str]:
    text = line.strip()
    for level, pattern in enumerate((CHAPTER, PAREN, DOT)):
        match = pattern.match(text)
        if match and (level or len(text) < 40):
            return level, text[match.end() :]
    return None, line


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_bytes(text: str, *, mode: str) -> tuple[bytes, str]:
    """(the .docx, its text as the reader sees it, one line per paragraph) for a rendered plan.

    mode "auto_numbering": every 一、/（一）/1. heading becomes an automatically numbered paragraph;
    mode "heading_styles": 一、 → Heading 1 and （一） → Heading 2 without their numbers, 1. stays;
    mode "table": the text as is, its tab-separated 分工表 rows as a real table.
    """
    import docx

    document = docx.Document()
    if mode == "auto_numbering":
        _install_numbering(document)
    shown: list[str] = []
    rows: list[list[str]] = []
    in_table = False
    for line in text.split("\n"):
        in_table = in_table or (mode == "table" and line.startswith("序号\t"))
        if in_table and line.strip():
            rows.append(line.split("\t"))  # a row without tabs is a group row across the table
            continue
        if rows:
            _table(document, rows)
            shown.extend("\t".join(row) for row in rows)
            rows = []
        level, bare = _level(line)
        if level is not None and mode == "auto_numbering":
            _number(document.add_paragraph(bare), level)
            shown.append(bare)
        elif level is not None and level < 2 and mode == "heading_styles":
            document.add_paragraph(bare, style=f"Heading {level + 1}")
            shown.append(bare)
        else:
            document.add_paragraph(line)
            shown.append(line)
    if rows:
        _table(document, rows)
        shown.extend("\t".join(row) for row in rows)
    return _save(document), "\n".join(shown)


def _table(document: Any, rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for row, cells in zip(table.rows, rows, strict=True):
        if len(cells) == 1:  # 一、提升行动 / （一）青少年…: one merged cell across the row
            row.cells[0].merge(row.cells[-1]).text = cells[0]
            continue
        for cell, value in zip(row.cells, cells, strict=False):
            cell.text = value
