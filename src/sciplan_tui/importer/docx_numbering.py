"""Word's automatic numbering and heading styles, rendered as the text markers a reader sees.

A `（一）` that Word draws from numbering.xml is not in the paragraph's text; `Labels.prefix` gives
it back, counting per list and level the way Word does (start values, startOverride, levels that
restart when a higher level advances, style-linked numbering). A heading-styled paragraph with no
number of its own gets a synthesized marker by level (一、 / （一） / 1. / （1）) unless its text
already starts with one. Works on lxml elements only: python-docx is not imported here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .cn_numbers import from_int

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9
DASHES = frozenset("—–-－―")

# A paragraph that already starts with a numbering marker gets no synthesized one.
MARKER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节部分篇条]"
    r"|[一二三四五六七八九十百]+[、．.]"
    r"|[（(][一二三四五六七八九十百\d]+[）)]"
    r"|\d+(?:[.．]\d+)*[、.．）)]"
    r"|[①-⑳⑴-⒇⒈-⒛]"
    r"|——)"
)
HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)

Element = Any  # an lxml element of WordprocessingML


def w_val(element: Element | None, tag: str) -> str | None:
    """The w:val of the child `tag` of element, or None."""
    if element is None:
        return None
    child = element.find(W + tag)
    return None if child is None else child.get(W + "val")


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Level:
    """One level of a list definition (w:lvl)."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: None = after any higher level, 0 = never
    legal: bool = False  # w:isLgl: every placeholder in decimal
    style: str | None = None  # w:pStyle linking a paragraph style to this level


def _level(lvl: Element) -> Level:
    text = lvl.find(W + "lvlText")
    return Level(
        fmt=w_val(lvl, "numFmt") or "decimal",
        text="" if text is None else text.get(W + "val") or "",
        start=_int(w_val(lvl, "start"), 1) or 0,
        restart=_int(w_val(lvl, "lvlRestart")),
        legal=lvl.find(W + "isLgl") is not None and w_val(lvl, "isLgl") not in ("0", "false"),
        style=w_val(lvl, "pStyle"),
    )


@dataclass
class Num:
    """A list instance (w:num): its definition and per-level overrides."""

    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class StyleInfo:
    """What a paragraph style contributes: numbering, outline level, heading level, parent."""

    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


class Styles:
    """Paragraph styles of styles.xml, resolved through w:basedOn."""

    def __init__(self, root: Element | None) -> None:
        self.styles: dict[str, StyleInfo] = {}
        self.default: str | None = None
        for style in [] if root is None else root.iter(W + "style"):
            if style.get(W + "type") not in (None, "paragraph"):
                continue
            style_id = style.get(W + "styleId") or ""
            if style.get(W + "default") in ("1", "true"):
                self.default = style_id
            ppr = style.find(W + "pPr")
            numpr = None if ppr is None else ppr.find(W + "numPr")
            self.styles[style_id] = StyleInfo(
                name=w_val(style, "name") or style_id,
                based_on=w_val(style, "basedOn"),
                num_id=w_val(numpr, "numId"),
                ilvl=_int(w_val(numpr, "ilvl")),
                outline=_int(w_val(ppr, "outlineLvl")),
            )

    def chain(self, style_id: str | None) -> list[tuple[str, StyleInfo]]:
        """The style and its ancestors, nearest first (cycles cut)."""
        out: list[tuple[str, StyleInfo]] = []
        current = style_id if style_id is not None else self.default
        while current is not None and current in self.styles and len(out) < 16:
            if any(current == seen for seen, _ in out):
                break
            out.append((current, self.styles[current]))
            current = self.styles[current].based_on
        return out

    def heading_level(self, style_id: str | None) -> int | None:
        """1-based outline level from the style chain: outlineLvl, or a name like Heading 2 / 标题 2."""
        for sid, info in self.chain(style_id):
            if info.outline is not None:
                return info.outline + 1 if info.outline < LEVELS else None
            named = HEADING_NAME.match(info.name.strip()) or HEADING_NAME.match(sid)
            if named:
                return int(named.group(1))
        return None


class Numbering:
    """numbering.xml with Word's counters: one counter set per abstract list, shared by its instances."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, Num] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[tuple[str, int]] = set()
        if root is not None:
            self._load(root)

    def _load(self, root: Element) -> None:
        for abstract in root.iter(W + "abstractNum"):
            levels = {_int(lvl.get(W + "ilvl"), 0) or 0: _level(lvl) for lvl in abstract.iter(W + "lvl")}
            self.abstracts[abstract.get(W + "abstractNumId") or ""] = levels
        for num in root.iter(W + "num"):
            entry = Num(abstract=w_val(num, "abstractNumId") or "")
            for override in num.iter(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0) or 0
                start = _int(w_val(override, "startOverride"))
                if start is not None:
                    entry.starts[ilvl] = start
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    entry.levels[ilvl] = _level(lvl)
            self.nums[num.get(W + "numId") or ""] = entry

    def label(self, ppr: Element | None) -> str | None:
        """The number text Word draws before this paragraph (advancing the counters); None if unnumbered."""
        found = self._reference(ppr)
        if found is None:
            return None
        num_id, ilvl = found
        num = self.nums.get(num_id)
        if num is None or num.abstract not in self.abstracts:
            return None
        counters = self.counters.setdefault(num.abstract, [None] * LEVELS)
        self._advance(num_id, num, counters, ilvl)
        return self._render(num, counters, ilvl)

    def _reference(self, ppr: Element | None) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph's own w:numPr, completed by its style chain."""
        numpr = None if ppr is None else ppr.find(W + "numPr")
        num_id, ilvl = w_val(numpr, "numId"), _int(w_val(numpr, "ilvl"))
        style_id = w_val(ppr, "pStyle")
        for _sid, info in self.styles.chain(style_id):
            num_id = num_id if num_id is not None else info.num_id
            ilvl = ilvl if ilvl is not None else info.ilvl
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            ilvl = self._style_level(num_id, style_id)
        return num_id, min(max(ilvl, 0), LEVELS - 1)

    def _style_level(self, num_id: str, style_id: str | None) -> int:
        """The level whose w:pStyle names the paragraph's style (style-linked lists), else 0."""
        num = self.nums.get(num_id)
        levels = self.abstracts.get(num.abstract, {}) if num else {}
        return next((i for i, level in levels.items() if style_id and level.style == style_id), 0)

    def level(self, num: Num, ilvl: int) -> Level:
        return num.levels.get(ilvl) or self.abstracts.get(num.abstract, {}).get(ilvl) or Level()

    def _advance(self, num_id: str, num: Num, counters: list[int | None], ilvl: int) -> None:
        first_use = (num_id, ilvl) not in self.started
        self.started.add((num_id, ilvl))
        current = counters[ilvl]
        if first_use and ilvl in num.starts:
            counters[ilvl] = num.starts[ilvl]
        else:
            counters[ilvl] = self.level(num, ilvl).start if current is None else current + 1
        for higher in range(ilvl):  # a level used before its parent: the parent counts as started
            if counters[higher] is None:
                counters[higher] = self.level(num, higher).start
        for deeper in range(ilvl + 1, LEVELS):
            restart = self.level(num, deeper).restart
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None

    def _render(self, num: Num, counters: list[int | None], ilvl: int) -> str:
        level = self.level(num, ilvl)
        if level.fmt == "bullet":
            return "——" if level.text and set(level.text) <= DASHES else ""

        def placeholder(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            ref = self.level(num, index)
            value = counters[index]
            value = ref.start if value is None else value
            return format_number(value, "decimal" if level.legal else ref.fmt)

        return re.sub(r"%([1-9])", placeholder, level.text)


class Headings:
    """Synthesized markers for heading-styled paragraphs, counters restarting under their parent."""

    MARKERS = (
        lambda n: from_int(n) + "、",
        lambda n: f"（{from_int(n)}）",
        lambda n: f"{n}.",
        lambda n: f"（{n}）",
    )

    def __init__(self) -> None:
        self.counters = [0] * len(self.MARKERS)

    def marker(self, level: int, text: str, *, numbered: bool) -> str:
        """The marker to prefix (or "" when the paragraph is numbered or already starts with a marker)."""
        if not 1 <= level <= len(self.MARKERS):
            return ""
        self.counters[level - 1] += 1
        for deeper in range(level, len(self.counters)):
            self.counters[deeper] = 0
        if numbered or MARKER.match(text):
            return ""
        return self.MARKERS[level - 1](self.counters[level - 1])


class Labels:
    """The marker text to put before each paragraph of one document, in document order."""

    def __init__(self, numbering_root: Element | None, styles_root: Element | None) -> None:
        self.styles = Styles(styles_root)
        self.numbering = Numbering(numbering_root, self.styles)
        self.headings = Headings()

    def prefix(self, paragraph: Element, text: str) -> str:
        """The paragraph's text as Word shows it: its number (or synthesized heading marker) first."""
        ppr = paragraph.find(W + "pPr")
        label = self.numbering.label(ppr)
        heading = _int(w_val(ppr, "outlineLvl"))
        level = heading + 1 if heading is not None and heading < LEVELS else None
        if level is None:
            level = self.styles.heading_level(w_val(ppr, "pStyle"))
        if level is not None:
            synthesized = self.headings.marker(level, text, numbered=bool(label))
            label = label or synthesized
        if not label or not text.strip():
            return text
        return label + (" " if _needs_space(label, text) else "") + text


def _needs_space(label: str, text: str) -> bool:
    """`1.` before `2022年…` would read as 1.2022: keep them apart."""
    return label[-1].isascii() and (label[-1].isalnum() or label[-1] == ".") and text[:1].isdigit()


# --- number formats -----------------------------------------------------------------------

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
LEGAL_SIMPLIFIED = "零壹贰叁肆伍陆柒捌玖"
LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
ROMAN: tuple[tuple[int, str], ...] = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"))
ROMAN += ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
COUNTING = frozenset(
    {
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "koreanCounting",
    }
)


def format_number(value: int, fmt: str) -> str:
    """A counter value in one of Word's w:numFmt formats (unknown formats fall back to decimal)."""
    if fmt == "none":
        return ""
    if fmt in COUNTING:
        return from_int(value)
    simple = _SIMPLE.get(fmt)
    if simple is not None:
        return simple(value)
    return str(value)


def _from_table(table: str, value: int, *, offset: int = 1) -> str:
    return table[value - offset] if 0 <= value - offset < len(table) else str(value)


def _roman(value: int) -> str:
    out = ""
    for amount, letters in ROMAN:
        while value >= amount > 0:
            out, value = out + letters, value - amount
    return out or str(value)


def _letter(value: int) -> str:
    """a … z, aa … zz, as Word counts letters."""
    if value < 1:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _legal(digits: str, value: int) -> str:
    if not 0 < value < 100:
        return str(value)
    tens, ones = divmod(value, 10)
    return (digits[tens] + "拾" if tens else "") + (digits[ones] if ones else "")


_SIMPLE: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda v: f"{v:02d}",
    "decimalFullWidth": lambda v: "".join(chr(0xFF10 + int(d)) if d.isdigit() else d for d in str(v)),
    "decimalFullWidth2": lambda v: "".join(chr(0xFF10 + int(d)) if d.isdigit() else d for d in str(v)),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda v: _from_table(CIRCLED, v),
    "decimalEnclosedCircleChinese": lambda v: _from_table(CIRCLED, v),
    "decimalEnclosedParen": lambda v: _from_table(PAREN, v),
    "decimalEnclosedFullstop": lambda v: _from_table(FULLSTOP, v),
    "ideographEnclosedCircle": lambda v: _from_table("㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉", v),
    "ideographTraditional": lambda v: _from_table(STEMS, v),
    "ideographZodiac": lambda v: _from_table(BRANCHES, v),
    "ideographDigital": lambda v: "".join("〇一二三四五六七八九"[int(d)] for d in str(v)) if v >= 0 else str(v),
    "japaneseDigitalTenThousand": lambda v: "".join("〇一二三四五六七八九"[int(d)] for d in str(v)),
    "chineseLegalSimplified": lambda v: _legal(LEGAL_SIMPLIFIED, v),
    "ideographLegalTraditional": lambda v: _legal(LEGAL_TRADITIONAL, v),
    "upperRoman": lambda v: _roman(v).upper(),
    "lowerRoman": _roman,
    "upperLetter": lambda v: _letter(v).upper(),
    "lowerLetter": _letter,
}
