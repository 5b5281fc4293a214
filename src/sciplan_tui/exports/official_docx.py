"""Word documents in the usual official style (党政机关公文格式, GB/T 9704 as offices apply it).

A4 portrait, margins 3.7/3.5/2.8/2.6 cm, title in 方正小标宋简体 二号 (22 pt), body in 仿宋_GB2312 三号
(16 pt) at a fixed 28-point line pitch, first-line indent of two characters, level-1 headings in
黑体, level-2 in 楷体_GB2312, page numbers "— 1 —" in the footer, an optional 抄送 block at the end.
Fonts an office may lack get a fallback: each is named in the document's font table with an
`altName` (方正小标宋简体 → 华文中宋, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体) that Word and WPS use
when the first is missing. python-docx is imported inside `new_document`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
FALLBACKS = {TITLE_FONT: "华文中宋", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}
LATIN_FONT = "Times New Roman"
TITLE_PT, BODY_PT, TABLE_PT, PAGE_NUMBER_PT = 22, 16, 10.5, 14
LINE_PITCH_PT = 28


def new_document() -> Any:
    """An empty A4 document with the official page, body style, page numbers and font fallbacks."""
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing, fmt.space_before, fmt.space_after = Pt(LINE_PITCH_PT), Pt(0), Pt(0)
    _page_numbers(section)
    _font_fallbacks(doc)
    return doc


def set_font(target: Any, east_asian: str, size: float | None = None, *, bold: bool = False) -> None:
    """A run's or a style's font: `east_asian` for Chinese, Times New Roman for Latin text and digits."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = target.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    font.bold = bold or None
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def title(doc: Any, text: str) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(36)
    p.paragraph_format.space_after = Pt(LINE_PITCH_PT)
    set_font(p.add_run(text), TITLE_FONT, TITLE_PT)
    return p


def body(doc: Any, text: str, *, indent: bool = True, font: str = BODY_FONT, bold: bool = False) -> Any:
    """A body paragraph, first line indented two characters (2 × 16 pt)."""
    from docx.shared import Pt

    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    set_font(p.add_run(text), font, BODY_PT, bold=bold)
    return p


def heading(doc: Any, text: str, level: int = 1) -> Any:
    """一、 headings in 黑体, （一） headings in 楷体 (as body paragraphs: Word's heading styles are not used)."""
    return body(doc, text, font=HEADING_FONT if level == 1 else SUBHEADING_FONT)


def addressee(doc: Any, text: str) -> Any:
    return body(doc, f"{text}：", indent=False)


def signature(doc: Any, issuer: str, day: date) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc.add_paragraph()
    for text in (issuer, f"{day.year}年{day.month}月{day.day}日"):
        p = body(doc, text, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)


def table(doc: Any, header: list[str], rows: list[list[Any]], widths_cm: list[float] | None = None) -> Any:
    """A ruled table in 仿宋 五号, header row bold and repeated on each page."""
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    tbl = doc.add_table(rows=1, cols=len(header))
    tbl.style = "Table Grid"
    for cell, text in zip(tbl.rows[0].cells, header, strict=True):
        _cell(cell, text, bold=True)
    tr_pr = tbl.rows[0]._tr.get_or_add_trPr()
    repeat = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    tr_pr.append(repeat)
    for values in rows:
        cells = tbl.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _cell(cell, "" if value is None else str(value))
    if widths_cm:
        for row in tbl.rows:
            for cell, width in zip(row.cells, widths_cm, strict=False):
                cell.width = Cm(width)
    doc.add_paragraph().paragraph_format.line_spacing = Pt(12)
    return tbl


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    from docx.shared import Pt

    p = cell.paragraphs[0]
    p.paragraph_format.line_spacing = Pt(TABLE_PT * 1.4)
    p.paragraph_format.first_line_indent = None
    set_font(p.add_run(text), BODY_FONT, TABLE_PT, bold=bold)


def cc_block(doc: Any, cc: str, issuer: str, day: date) -> None:
    """The 版记 at the end: 抄送 and the issuing office with the date, between rules."""
    from docx.shared import Pt

    for text in (f"抄送：{cc}。", f"{issuer}　　　　{day.year}年{day.month}月{day.day}日印发"):
        p = body(doc, text, indent=False)
        p.paragraph_format.left_indent = Pt(14)
        for run in p.runs:
            run.font.size = Pt(14)
        _rule(p, "top")
    _rule(p, "bottom")


def _rule(paragraph: Any, side: str) -> None:
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = ppr.makeelement(qn("w:pBdr"), {})
        ppr.append(borders)
    line = borders.makeelement(
        qn(f"w:{side}"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "000000"}
    )
    borders.append(line)


def _page_numbers(section: Any) -> None:
    """— 1 — centred in the footer, 宋体 四号."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run("— "), "宋体", PAGE_NUMBER_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        set_font(run, "宋体", PAGE_NUMBER_PT)
        if kind is not None:
            run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
        elif text == " PAGE ":
            instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    set_font(p.add_run(" —"), "宋体", PAGE_NUMBER_PT)


def _font_fallbacks(doc: Any) -> None:
    """Name each Chinese font in the font table with an altName Word and WPS use when it is missing."""
    from lxml import etree

    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.fromstring(part.blob)
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, f"{{{ns}}}font", {f"{{{ns}}}name": name})
        etree.SubElement(font, f"{{{ns}}}altName", {f"{{{ns}}}val": alt})
        etree.SubElement(font, f"{{{ns}}}charset", {f"{{{ns}}}val": "86"})  # GB2312
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


__all__ = [
    "BODY_FONT",
    "FALLBACKS",
    "TITLE_FONT",
    "addressee",
    "body",
    "cc_block",
    "heading",
    "new_document",
    "set_font",
    "signature",
    "table",
    "title",
]
