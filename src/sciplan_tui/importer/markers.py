"""Numbering markers: which family a paragraph's leading number belongs to, and its ordinal.

A plan's hierarchy is written with markers such as 一、 / （一） / 1. / 1、 / （1） / 1） / ① /
第一部分 / —— / 一是. Which family sits at which level differs between documents, so this module
only says *what* a marker is; outline.py decides the levels from their order in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN = "〇零一二两三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
DOTTED = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
CN_VALUES = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}

# (family, pattern): the first group is the ordinal. Order matters: the first match wins.
FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第\s*([{CN}]+|\d{{1,2}})\s*(?:部分|章|篇)\s*[、，,.：:]?\s*")),
    ("cn_dun", re.compile(rf"^([{CN}]{{1,3}})\s*[、.]\s*")),
    ("paren_cn", re.compile(rf"^（\s*([{CN}]{{1,3}})\s*）\s*[、.]?\s*")),
    ("decimal3", re.compile(r"^\d{1,2}\.\d{1,2}\.(\d{1,2})(?![.\d%万千亿])\s*")),
    ("decimal2", re.compile(r"^\d{1,2}\.(\d{1,2})(?![.\d%万千亿])\s*")),
    ("num_dun", re.compile(r"^(\d{1,2})\s*、\s*")),
    ("num_dot", re.compile(r"^(\d{1,2})\s*[.](?![\d])\s*")),
    ("paren_num", re.compile(rf"^(?:（\s*(\d{{1,2}})\s*）|([{PAREN_DIGITS}]))\s*[、.]?\s*")),
    ("num_half", re.compile(r"^(\d{1,2})\s*）\s*")),
    ("circled", re.compile(rf"^([{CIRCLED}])\s*[、.]?\s*")),
    ("dotted", re.compile(rf"^([{DOTTED}])\s*")),
    ("dash", re.compile(r"^(?:——|—|－－|--|―)\s*()")),
    ("shi", re.compile(rf"^([{CN}]{{1,3}})(?:是|要)\s*[，,：:]?\s*")),
)
UNNUMBERED = frozenset({"dash"})


@dataclass(frozen=True)
class Marker:
    """A paragraph's leading number: its family, its ordinal (0 when unnumbered) and where the text starts."""

    family: str
    number: int
    end: int


def marker_of(text: str) -> Marker | None:
    """The numbering marker a paragraph starts with, if any."""
    for family, pattern in FAMILIES:
        match = pattern.match(text)
        if match is None:
            continue
        ordinal = next((g for g in match.groups() if g), "")
        number = ordinal_value(ordinal)
        if family in UNNUMBERED or number:
            return Marker(family, number, match.end())
    return None


def ordinal_value(text: str) -> int:
    """1 from 1, 一, ①, ⑴ or ⒈; 12 from 十二; 0 when it is not an ordinal."""
    if not text:
        return 0
    if text.isascii() and text.isdigit():
        return int(text)
    for alphabet in (CIRCLED, PAREN_DIGITS, DOTTED):
        if text in alphabet:
            return alphabet.index(text) + 1
    return cn_ordinal(text)


def cn_ordinal(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 一百 → 100; 0 when malformed."""
    if text.startswith("十"):
        text = "一" + text
    total, digit = 0, 0
    for char in text:
        if char in CN_VALUES:
            digit = CN_VALUES[char]
        elif char == "十":
            total, digit = total + (digit or 1) * 10, 0
        elif char == "百":
            total, digit = total + (digit or 1) * 100, 0
        else:
            return 0
    return total + digit


def strip_marker(text: str) -> str:
    """The text without its leading marker."""
    marker = marker_of(text)
    return text[marker.end :].strip() if marker else text.strip()


SHI_SPLIT = re.compile(rf"(?:(?<=[。；;：:！〕）】])|^)\s*(?=[{CN}]{{1,3}}(?:是|要)[^。；;]{{2}})")


def split_enumeration(text: str) -> list[str]:
    """A paragraph running 一是…。二是…。 split into its intro and one part per ordinal.

    Only a run that counts up from 一 without a gap is split; anything else is returned whole.
    """
    pieces = [p for p in SHI_SPLIT.split(text) if p.strip()]
    if len(pieces) < 2:
        return [text]
    first = marker_of(pieces[0])
    intro = [] if first is not None and first.family == "shi" else [pieces[0]]
    parts = pieces[len(intro) :]
    numbers = [m.number if (m := marker_of(p)) and m.family == "shi" else 0 for p in parts]
    if len(parts) < 2 or numbers != list(range(1, len(parts) + 1)):
        return [text]
    return [*intro, *parts]
