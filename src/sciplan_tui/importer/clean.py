"""Normalisation: line endings, full/half-width punctuation, conversion marks, web residue, hard wraps."""

from __future__ import annotations

import re
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
    r"|^(?:扫一扫在手机打开当前页|打印|分享|关闭窗口|相关文章|【打印】|【关闭】|上一篇|下一篇)$"
    r"|公网安备|ICP备|^\d{4}-\d{1,2}-\d{1,2}$|^[-=_*·]{3,}$"
)
TERMINAL = "。；：！？”’）】〕》;:!?"
MIN_WRAPPED = 30


def clean(text: str) -> list[Para]:
    """The decoded text as logical paragraphs, noise removed and hard wraps rejoined."""
    lines = [(number, normalise_line(raw)) for number, raw in enumerate(LINE_BREAKS.split(text), 1)]
    kept = [(number, line) for number, line in lines if line.strip() and not is_residue(line)]
    return join_wrapped(kept)


def normalise_line(line: str) -> str:
    """Width, brackets, colons and stray marks normalised; tabs kept for tables."""
    line = BOOKMARK.sub("", line).translate(WIDTH)
    if not ONLY_LINKS.match(line):
        line = MD_LINK.sub(r"\1", line)
    for half, full in HALF_PUNCT.items():
        line = re.sub(rf"(?<=[{CJK}])\s*{re.escape(half)}|{re.escape(half)}(?=\s*[{CJK}])", full, line)
    return line.strip(" ").rstrip()


def is_residue(line: str) -> bool:
    """Web-page and document-footer lines that carry no plan content."""
    stripped = line.strip()
    return bool(ONLY_LINKS.match(stripped) or RESIDUE.search(stripped))


def join_wrapped(lines: list[tuple[int, str]]) -> list[Para]:
    """Rejoin a paragraph hard-wrapped mid-sentence, also across blank lines."""
    paras: list[Para] = []
    for number, line in lines:
        text = line if "\t" in line else line.strip()
        if paras and _continues(paras[-1].text, text):
            paras[-1] = Para(paras[-1].line, paras[-1].text + text)
        else:
            paras.append(Para(number, text))
    return paras


def _continues(previous: str, following: str) -> bool:
    """A line ending in ，/、 always runs on; a long one ending mid-word does unless a block starts."""
    mid_sentence = previous[-1] in "，、" or (len(previous) >= MIN_WRAPPED and previous[-1] not in TERMINAL)
    return mid_sentence and "\t" not in previous + following and not starts_block(following)
