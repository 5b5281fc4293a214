"""Normalisation: line endings, full/half-width punctuation, conversion marks, web residue, hard wraps."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .patterns import starts_block


@dataclass(frozen=True)
class Para:
    """A logical paragraph and the 1-based line where it starts in the decoded text."""

    line: int
    text: str


LINE_BREAKS = re.compile(r"\r\n|\r|\n|\f|\v|\u2028|\u2029")
BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
ONLY_LINKS = re.compile(r"^[»>·•\s]*(?:\[[^\]]*\]\([^)]*\)\s*)+$")
CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
HALF_PUNCT = {":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}
WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "(": "（",
        ")": "）",
        "％": "%",
        "．": ".",
        "\u3000": " ",
        "\xa0": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)
RESIDUE = re.compile(
    r"^(?:索引号|统一登记号|公开方式|公开范围|信息时效期|签署日期|登记日期|所属机构|所属主题|公开责任部门"
    r"|文档附件|主办单位|承办单位|联系电话|网站标识码|备案/?许可证编号|来源|浏览次数|发布时间|字号"
    r"|抄送|印发|分享)\s*[：:]"
    r"|^(?:扫一扫在手机打开当前页|打印|分享|关闭窗口|相关文章|【打印】|【关闭】|上一篇|下一篇|【字体：大中小】|字体：?大中小"
    r"|打印本页|关闭本页|收藏|返回顶部|当前位置.*|您当前的位置.*|首页\s*[>＞›»/].*|.*[>＞›»]\s*正文)$"
    r"|^分享到"
    r"|^(?:发布时间|发布日期|来源|浏览次数|访问量|阅读次数|点击数|作者|信息来源)[：:].*(?:来源|浏览|次数|点击|作者)"
    r"|公网安备|ICP备|^\d{4}-\d{1,2}-\d{1,2}$|^[-=_*·]{3,}$"
)
# Page numbers of a printed or converted document: — 3 —, -3-, 3, 第3页 共12页, 3/12, Page 3 of 12.
PAGE_NUMBER = re.compile(
    r"^(?:[-—－–―~～\s]*\d{1,3}[-—－–―~～\s]*|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|(?:page|Page)\s*\d{1,3}(?:\s*of\s*\d{1,3})?)$"
)
RUNNING_MIN = 3  # a short line repeated this often (a running header or footer) is page furniture
RUNNING_MAX_LEN = 40
TERMINAL = "。；：！？”’）】〕》;:!?"
MIN_WRAPPED = 30
COMPLETE_LINE = re.compile(r"(?:人民政府|办公室|办公厅|委员会|管委会|领导小组)$")
DATE_LINE = re.compile(
    r"^(?:20\d{2}|二[〇○零一二三四五六七八九]{3})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$"
)
HEADING_END = re.compile(r"(?:行动|工程|机制|体系|建设|保障|目标|思想|要求|原则|安排|措施|实施|意义)$")
INDENT = re.compile(r"^(?:\u3000|\s{2,}|\xa0{2,})")


def clean(text: str) -> list[Para]:
    """The decoded text as logical paragraphs, noise removed and hard wraps rejoined."""
    raw_lines = LINE_BREAKS.split(text)
    lines = [(number, normalise_line(raw)) for number, raw in enumerate(raw_lines, 1)]
    indents = _indents(raw_lines)
    running = running_lines(lines)
    kept: list[tuple[int, str]] = []
    seen: set[str] = set()
    for number, line in lines:
        stripped = line.strip()
        if stripped in running and stripped in seen:
            continue
        seen.add(stripped)
        if line == "\t" or (stripped and not is_residue(line)):
            kept.append((number, line))
    return join_wrapped(kept, indents, wrap_width(kept))


def _indents(raw_lines: list[str]) -> set[int] | None:
    """Line numbers that open a paragraph by indentation, when the document marks paragraphs that way.

    Text taken from a PDF or a gazette starts each paragraph with two full-width spaces and wraps
    the rest flush left: there, a line without the indent continues the paragraph above, whatever
    punctuation ends it. None when indentation says nothing (most lines flush, or all indented).
    """
    filled = [(n, raw) for n, raw in enumerate(raw_lines, 1) if raw.strip() and "\t" not in raw]
    indented = {n for n, raw in filled if INDENT.match(raw)}
    headings = [n for n, raw in filled if starts_block(normalise_line(raw).strip())]
    if len(headings) < 3 or len(indented) == len(filled):
        return None
    # Paragraphs are marked by indentation when the numbered headings are (nearly) all indented.
    return indented if sum(n in indented for n in headings) >= 0.8 * len(headings) else None


def running_lines(lines: list[tuple[int, str]]) -> set[str]:
    """Short lines repeated on every page (running headers, footers), but never a numbered heading or a table cell."""
    counts = Counter(line.strip() for _, line in lines if 0 < len(line.strip()) <= RUNNING_MAX_LEN and "\t" not in line)
    return {line for line, count in counts.items() if count >= RUNNING_MIN and not _meaningful_repeat(line)}


def _meaningful_repeat(line: str) -> bool:
    """A line that may repeat legitimately: a heading marker, a statement, a unit list or a table label."""
    return (
        bool(starts_block(line))
        or line[-1:] in "。；：:，,、〕】"
        or "、" in line
        or len(line) <= 3
        or bool(re.search(r"负责|牵头|参加|配合|单位", line))
    )


def normalise_line(line: str) -> str:
    """Width, brackets, colons and stray marks normalised; tabs kept for tables."""
    line = BOOKMARK.sub("", line).translate(WIDTH)
    if "\t" in line and not line.strip():
        return "\t"  # an empty table cell, kept so that the cells after it stay in their columns
    if not ONLY_LINKS.match(line):
        line = MD_LINK.sub(r"\1", line)
    for half, full in HALF_PUNCT.items():
        line = re.sub(rf"(?<=[{CJK}])\s*{re.escape(half)}|{re.escape(half)}(?=\s*[{CJK}])", full, line)
    return line.strip(" ").rstrip()


def is_residue(line: str) -> bool:
    """Web-page and document-footer lines, and page numbers, that carry no plan content (table cells never)."""
    if "\t" in line:
        return False
    stripped = line.strip()
    return bool(ONLY_LINKS.match(stripped) or RESIDUE.search(stripped) or PAGE_NUMBER.match(stripped))


def wrap_width(lines: list[tuple[int, str]]) -> int:
    """The length a hard-wrapped text breaks its lines at, or MIN_WRAPPED when lines do not look wrapped.

    A narrow column (a gazette, about 20 characters) breaks most lines at one length, and the
    line after such a break is no heading: there, a line that long ending mid-sentence runs on.
    """
    texts = [line.strip() for _, line in lines if "\t" not in line]
    lengths = Counter(len(text) for text in texts if len(text) >= 16)
    if not lengths:
        return MIN_WRAPPED
    width, _ = lengths.most_common(1)[0]
    band = [i for i, text in enumerate(texts[:-1]) if width - 2 <= len(text) <= width and text[-1] not in TERMINAL]
    runs_on = sum(not starts_block(texts[i + 1]) for i in band)
    if len(band) < 10 or len(band) < 0.3 * len(texts) or runs_on < 0.8 * len(band):
        return MIN_WRAPPED
    return min(MIN_WRAPPED, width - 2)


def join_wrapped(lines: list[tuple[int, str]], indents: set[int] | None = None, width: int = MIN_WRAPPED) -> list[Para]:
    """Rejoin a paragraph hard-wrapped mid-sentence, also across blank lines (or by indentation, see _indents)."""
    paras: list[Para] = []
    for number, line in lines:
        text = line if "\t" in line else line.strip()
        if indents is not None:
            joins = bool(paras) and number not in indents and "\t" not in paras[-1].text + text
            joins = joins and (not starts_block(text) or _wrapped_dash(paras[-1].text, text))
        else:
            joins = bool(paras) and _continues(paras[-1].text, text, width)
        if joins:
            paras[-1] = Para(paras[-1].line, paras[-1].text + text)
        else:
            paras.append(Para(number, text))
    return paras


def _continues(previous: str, following: str, width: int = MIN_WRAPPED) -> bool:
    """A line ending in ，/、 always runs on; a long one ending mid-word does unless a block starts.

    Never after a line that is complete as it stands: an office (…人民政府办公室), a date, or a
    numbered heading that ends like one (（五）领导干部和公务员科学素质提升行动).
    """
    mid_sentence = previous[-1] in "，、" or (len(previous) >= width and previous[-1] not in TERMINAL)
    complete = bool(COMPLETE_LINE.search(previous) or DATE_LINE.match(following) or DATE_LINE.match(previous))
    heading = starts_block(previous) and bool(HEADING_END.search(previous)) and len(previous) <= 40
    block = starts_block(following) and not _wrapped_dash(previous, following)
    return mid_sentence and not complete and not heading and "\t" not in previous + following and not block


def _wrapped_dash(previous: str, following: str) -> bool:
    """A line that starts with one dash after a line cut mid-word: 学习强国 / —国家职业技能… is a wrap."""
    return following[:1] in "—―" and following[1:2] not in "—―" and previous[-1:] not in TERMINAL
