"""Text rewrites of a seed: each a plain function from text (or a seed model) to text.

A heading slip, PDF and web-page text, Chinese numerals in targets, cover metadata (文号 after
words, a cited parent plan, the period in other forms), the 十五五 period. The builders in
`families` pair each with the truth it implies.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import BOOKMARK, PAREN, SeedDoc
from .textnorm import cn_number, cn_ordinal, cn_year, norm


def slip_text(doc: SeedDoc, number: int = 3, chapter: int = 0) -> str:
    """The n-th action's (or project's) heading written 三、 instead of （三） among the others."""
    lines = list(doc.lines)
    item = next(i for i in doc.chapters[chapter].items if i.number == number)
    index = next(i for i, line in enumerate(lines) if PAREN.match(line) and item.heading in line)
    lines[index] = cn_ordinal(number) + "、" + PAREN.sub("", lines[index], count=1)
    return "\n".join(lines)


TASK_MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[.．]|——)")


def task_slip_text(doc: SeedDoc) -> str:
    """In every item, the third task's marker written differently: 3、 among 1. 2. 4., or ― for ——."""
    lines = list(doc.lines)
    position = 0
    for item in doc.items:
        for number, task in enumerate(item.tasks, start=1):
            index = task_line_index(lines, task.title, position)
            position = index + 1
            match = TASK_MARKER.match(lines[index])
            if number == 3 and match:
                slipped = "―" if "—" in match.group(0) else f"{number}、"
                lines[index] = slipped + lines[index][match.end() :]
    return "\n".join(lines)


CLOSING = "，。、；：？！）》”』」〕】"


def _wrap_line(line: str, width: int, indent: str) -> list[str]:
    """Hard line breaks every `width` characters, as a justified PDF line ends.

    A title or a department list longer than what is left of the line is cut like any text;
    a paragraph's first line may carry the 首行缩进 of two full-width spaces.
    """
    lead = "\t" if line.startswith("\t") else indent  # a table cell keeps its tab
    text = lead + line.strip()
    pieces = []
    while len(text) > width:
        cut = width
        while cut < len(text) and (text[cut].isspace() or text[cut - 1].isspace() or text[cut] in CLOSING):
            cut += 1  # never inside a blank left to fill in (达          人次), no line opens with ，
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces + ([text] if text.strip() else [])


def _page_number(style: int, page: int, total: int) -> str:
    return (f"— {page} —", f"-{page}-", f"第{page}页 共{total}页")[style]


def pdf_text(text: str, key: str, *, header: str, web: bool = False, width: int | None = None) -> str:
    """The text as a PDF or web page hands it over: hard-wrapped, paginated, with residue.

    Lines are 30–40 characters (one per seed), or `width` (a two-column 政府公报 page, about 20,
    where long titles and department lists are cut too).
    """
    text = BOOKMARK.sub("", text)  # Word-to-text marks never reach a PDF or a web page
    seed = int(key) if key.isdigit() else 7
    page_lines, style = 38 + seed, seed % 3
    width = width or 30 + (seed * 3) % 11
    indent = "" if web or seed % 2 else "\u3000\u3000"
    wrapped: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            wrapped.extend(_wrap_line(line, width, indent))
    if web:
        top = [
            "首页 > 政务公开 > 通知公告",
            header,
            "发布时间：2022-05-06 10:12　来源：县科协　浏览次数：1368",
            "分享到：",
        ]
        bottom = ["分享到：微信 微博 QQ空间", "【打印本页】【关闭窗口】", "扫一扫在手机打开当前页"]
        return "\n".join(top + wrapped + bottom) + "\n"
    pages = [wrapped[i : i + page_lines] for i in range(0, len(wrapped), page_lines)]
    out: list[str] = []
    for number, page in enumerate(pages, start=1):
        if number > 1:
            out.append(header)
        out.extend(page)
        out.append(_page_number(style, number, len(pages)))
    return "\n".join(out) + "\n"


UNIT_RE = r"人次|人|名|个|家|所|座|项|场|次|支|处|站|户|篇|部|件|套|册|期|本|%"


def _cn_quantity(value: float, unit: str) -> str:
    if unit == "%":
        return "百分之" + cn_number(value)
    return ("两" if value == 2 else cn_number(value)) + unit  # 两名, not 二名


def numeral_line(line: str) -> str:
    def number(match: re.Match[str]) -> str:
        value = float(match.group(1)) * (10_000 if match.group(2) else 1)
        return _cn_quantity(value, match.group(3))

    line = re.sub(rf"(?<![\d.第〔])(\d+(?:\.\d+)?)\s*(万)?\s*({UNIT_RE})", number, line)
    return re.sub(r"(?<![\d〔])(20\d{2})(?=\s*年)", lambda m: cn_year(int(m.group(1))), line)


def task_line_index(lines: list[str], title: str, start: int) -> int:
    for index in range(start, len(lines)):
        if norm(title)[:8] in norm(lines[index]):
            return index
    raise ValueError(f"task {title} not found")


PARENTS = {
    "000": ("湖南省全民科学素质行动规划纲要实施方案（2021—2025年）", "湘政办发〔2021〕74号"),
    "001": ("重庆市全民科学素质行动规划纲要实施方案（2021—2025年）", "渝府办发〔2021〕95号"),
    "002": ("湖南省全民科学素质行动规划纲要实施方案（2021—2025年）", "湘政办发〔2021〕74号"),
    "003": ("岳阳市全民科学素质行动规划纲要实施方案（2021—2025年）", "岳政办发〔2022〕4号"),
    "004": ("上饶市全民科学素质行动规划纲要实施方案（2021—2025年）", "饶府发〔2022〕8号"),
}
PERIOD = re.compile(r"(20\d{2})\s*[-—－–]\s*(20\d{2})")


def _title_line_index(lines: list[str], doc: SeedDoc) -> int:
    """The plan title's (last) line after the cover: where the preamble starts below."""
    title = norm(doc.metadata["title"])
    for index, line in enumerate(lines):
        key = norm(line)
        if key and title.endswith(key) and len(key) >= 6 and index > 0:
            return index
    raise ValueError("title not found")


def _preamble_index(lines: list[str], doc: SeedDoc) -> int:
    start = _title_line_index(lines, doc)
    return next(i for i in range(start + 1, len(lines)) if lines[i].strip().startswith(("根据", "为")))


def docnum_words(doc: SeedDoc) -> tuple[list[str], str]:
    lines = list(doc.lines)
    number = doc.metadata["doc_number"]
    notice = f"关于印发《{doc.metadata['title']}》的通知"
    if not number:
        number = "澧政办发〔2022〕12号"
        lines.insert(0, f"澧县人民政府办公室{notice}{number}")
        return lines, number
    first = next(i for i, line in enumerate(lines) if number in line)
    lines[first] = lines[first].replace(number, notice + number, 1)
    lines = [line for line in lines if not line.strip().startswith("文号")]
    return lines, number


def cite_parent(lines: list[str], doc: SeedDoc) -> list[str]:
    parent, number = PARENTS[doc.key]
    index = _preamble_index(lines, doc)
    lines[index] = f"按照《{parent}》（{number}）部署，" + lines[index].strip()
    return lines


def replace_everywhere(doc: SeedDoc, old: str, new: str) -> list[str]:
    return [line.replace(old, new) for line in doc.lines] if old else list(doc.lines)


def period_form(doc: SeedDoc, form: Callable[[re.Match[str]], str]) -> tuple[str, str]:
    """Rewrite the period (2021-2025 in every title occurrence) in another form."""
    start, end = doc.metadata["period_start"], doc.metadata["period_end"]

    def repl(match: re.Match[str]) -> str:
        return form(match) if (int(match.group(1)), int(match.group(2))) == (start, end) else match.group(0)

    return PERIOD.sub(repl, _raw(doc)), PERIOD.sub(repl, doc.metadata["title"])


def shisiwu(doc: SeedDoc) -> tuple[str, str]:
    start, end = doc.metadata["period_start"], doc.metadata["period_end"]
    bracket = re.compile(rf"[（(]\s*{start}\s*[-—－–]\s*{end}\s*年?\s*[）)]")
    place = doc.metadata["jurisdiction"]

    def rewrite(text: str) -> str:
        text = bracket.sub("", text)
        return text.replace(f"{place}全民科学素质", f"{place}“十四五”全民科学素质")

    lines = [rewrite(line) if bracket.search(line) else line for line in doc.lines]
    return "\n".join(lines), rewrite(doc.metadata["title"])


def past_ratio(doc: SeedDoc) -> str | None:
    lines = list(doc.lines)
    for index, line in enumerate(lines):
        if "公民具备科学素质" in line and "到2025年" in line:
            lines[index] = line.replace("到2025年", "“十三五”末，全县公民具备科学素质的比例达到5.47%。到2025年", 1)
            return "\n".join(lines)
    return None


YEAR = re.compile(r"(?<!\d)(?<!国发〔)(202[0-5])(?!\d)")


def shift_years(text: str) -> str:
    """2021–2025 → 2026–2030, 十四五 → 十五五 (十三五 → 十四五); the national 2021—2035 纲要 (国发〔2021〕9号) stays."""

    def repl(match: re.Match[str]) -> str:
        after = text[match.end() : match.end() + 8]
        if re.match(r"\s*年?\s*[-—－–]\s*2035", after):
            return match.group(0)
        return str(int(match.group(1)) + 5)

    shifted = YEAR.sub(repl, text)
    return shifted.replace("十四五", "十五五").replace("十三五", "十四五")


def shift_date(value: str | None) -> str | None:
    return f"{int(value[:4]) + 5}{value[4:]}" if value else value


def _raw(doc: SeedDoc) -> str:
    return "\n".join(doc.lines)
