"""One PDF page to text lines, from the positioned text fragments pypdf reports.

Lines follow the page's drawing order (as pypdf's own extraction does, so table cells stay
together), but inside a line the fragments are put in x order, and punctuation drawn in a
separate pass with a Western font — the curly quotes of “十四五” that Word and LibreOffice set in
Times or DejaVu — goes back into the gap it was drawn in, instead of piling up at one end.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Container
from dataclasses import dataclass

STRAY = frozenset("“”‘’\"'·•…—–")  # drawn with the Western font, often in a pass of their own
LINE_TOLERANCE = 0.4  # fragments whose baselines differ by less than this many font sizes share a line
WIDE_GAP = 1.5  # room that reads as a space when nothing was drawn in it (widths are estimates)
OVERSHOOT = 0.1  # an estimated end this far past the next fragment's start means the widths were wrong
UNKNOWN_ROOM = 0.6  # the room then assumed before the next fragment, where a mark may sit
MIN_ROOM = 0.2  # a gap narrower than this (in font sizes) held no mark
REACH = 1.5  # how far (in font sizes) from a gap a stray mark may be drawn and still belong to it
GAP = "\0"


@dataclass
class Fragment:
    """A piece of text as drawn: its start on the page, its font size, its place in the drawing order."""

    text: str
    x: float
    y: float
    size: float

    @property
    def stray(self) -> bool:
        core = "".join(self.text.split())
        return not core or set(core) <= STRAY


def page_fragments(page: object) -> list[Fragment]:
    """The positioned text fragments of a pypdf page, in drawing order."""
    fragments: list[Fragment] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        text = text.replace("\n", "")
        if text:
            fragments.append(_fragment(text, cm, tm, size))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return fragments


def text_lines(fragments: list[Fragment]) -> list[str]:
    """Fragments of running text as lines."""
    return [assemble(line) for line in group_lines(fragments)]


def width(text: str, size: float) -> float:
    """The estimated width of a text drawn at this size."""
    return sum(0.5 * size if ch == " " else _advance(ch, size, size) for ch in text)


def _fragment(text: str, cm: list[float], tm: list[float], size: float) -> Fragment:
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]) or 1.0
    return Fragment(text, x, y, abs(size * scale) or 10.0)


def group_lines(fragments: list[Fragment]) -> list[list[Fragment]]:
    """Consecutive fragments on one baseline make a line; a line of stray punctuation or blanks
    drawn apart joins the earlier line on its baseline."""
    lines: list[list[Fragment]] = []
    for fragment in fragments:
        if lines and _same_line(lines[-1][0], fragment):
            lines[-1].append(fragment)
            continue
        home = next((line for line in reversed(lines) if _same_line(line[0], fragment)), None)
        if fragment.stray and home is not None:
            home.append(fragment)
        else:
            lines.append([fragment])
    return lines


def _same_line(a: Fragment, b: Fragment) -> bool:
    return abs(a.y - b.y) < LINE_TOLERANCE * max(a.size, b.size)


def assemble(line: list[Fragment]) -> str:
    """A line's text: main fragments in x order, stray punctuation put into the gaps it was drawn in."""
    in_order = all(a.x <= b.x for a, b in itertools.pairwise(line))
    spread = any(f.stray and len(f.text.split()) > 1 for f in line)  # `“ ”` drawn in one go over a line
    if in_order and not spread:  # drawn left to right, as Word does: nothing is out of place
        return "".join(ch for ch, _ in _placed_chars(line)).replace(GAP, "")
    main = sorted((f for f in line if not f.stray), key=lambda f: f.x)
    strays = sorted((f for f in line if f.stray), key=lambda f: f.x)
    chars = _placed_chars(main)
    text = _fill(chars, strays) if strays else "".join(ch for ch, _ in chars)
    return text.replace(GAP, "")


def _advance(ch: str, wide: float, size: float) -> float:
    return wide if unicodedata.east_asian_width(ch) in "WF" else 0.55 * size


def _wide_advance(main: list[Fragment]) -> float:
    """The advance of a CJK character in this line: justified lines stretch it (LibreOffice, Word).

    Measured as the median step of the fragments that hold only CJK characters and are followed
    by another fragment; the font size when there are none.
    """
    steps = sorted(
        (following.x - fragment.x) / len(fragment.text)
        for fragment, following in itertools.pairwise(main)
        if all(unicodedata.east_asian_width(ch) in "WF" for ch in fragment.text)
    )
    size = main[0].size if main else 10.0
    if not steps:
        return size
    return min(max(steps[len(steps) // 2], 0.9 * size), 1.5 * size)


def _placed_chars(main: list[Fragment]) -> list[tuple[str, float]]:
    """Every character of the main fragments with an estimated x.

    Where a fragment starts noticeably after the previous one ends, a gap marker (GAP) stands for
    the room between them: a stray mark drawn there fills it, and an unfilled one reads as a
    space when it is about a character wide.
    """
    chars: list[tuple[str, float]] = []
    wide = _wide_advance(main)
    end = None
    for i, fragment in enumerate(main):
        size = fragment.size
        following = main[i + 1].x if i + 1 < len(main) else None
        solid = sum(_advance(ch, wide, size) for ch in fragment.text if ch != " ")
        spaces = fragment.text.count(" ")
        room = (following - fragment.x - solid) if following is not None else 0.0
        space = room / spaces if spaces and room > 0 else 0.5 * size
        if end is not None:  # every boundary may hold a mark drawn apart; a wide one reads as a space
            if end - fragment.x > OVERSHOOT * size:  # the estimate ran past the next fragment: room unknown
                end = fragment.x - UNKNOWN_ROOM * size
            chars.append((GAP if fragment.x - end < WIDE_GAP * size else " ", min(end, fragment.x)))
        x = fragment.x
        for ch in fragment.text:
            chars.append((ch, x))
            x += space if ch == " " else _advance(ch, wide, size)
        end = x
    return chars


def _fill(chars: list[tuple[str, float]], strays: list[Fragment]) -> str:
    """Put each stray token into the gap (run of spaces, or fragment boundary) it was drawn in.

    A token is a run of marks drawn together (`”“` between two quoted names) or a leading or
    trailing run of blanks (a fill-in blank such as `农民      人` drawn with the Western font).
    A fragment's first token goes to the gap nearest its x (marks drawn one by one may share a
    gap), or between the characters at its x when no gap is near; the fragment's following
    tokens take the next empty gaps. Marks are placed before blanks, so a blank never takes the
    gap a quote was drawn in.
    """
    gaps = _gaps(chars)
    filled: dict[int, list[tuple[float, str]]] = {}
    inserted: dict[int, list[str]] = {}
    marks = sorted((f for f in strays if f.text.strip()), key=lambda f: f.x)
    blanks = [f for f in strays if not f.text.strip() and len(f.text) > 1]
    for group in (marks, blanks):
        for fragment in group:
            cursor = len(gaps)
            for n, token in enumerate(_tokens(fragment.text)):
                if n == 0:
                    cursor = _nearest(gaps, fragment, filled if group is blanks else {})
                    if cursor == len(gaps):
                        inserted.setdefault(_index_at(chars, fragment.x), []).append(token)
                        cursor = _first_gap_after(gaps, fragment.x) - 1
                        continue
                else:
                    roomy = (g for g in range(cursor + 1, len(gaps)) if g not in filled and _roomy(gaps[g], fragment))
                    cursor = next(roomy, len(gaps))
                if cursor < len(gaps):
                    filled.setdefault(cursor, []).append((fragment.x + n, token))
                elif token.strip():
                    inserted.setdefault(len(chars), []).append(token)
    return _render(chars, gaps, {g: [t for _, t in sorted(tokens)] for g, tokens in filled.items()}, inserted)


def _tokens(text: str) -> list[str]:
    """Marks drawn together, plus a leading or trailing run of blanks; spaces between marks only
    stand for the distance between them (pypdf writes more of them the farther apart they are)."""
    if not text.strip():
        return [text]
    lead, trail = len(text) - len(text.lstrip()), len(text) - len(text.rstrip())
    tokens = text.split()
    if lead >= 2:
        tokens.insert(0, text[:lead])
    if trail >= 2:
        tokens.append(text[len(text) - trail :])
    return tokens


def _gaps(chars: list[tuple[str, float]]) -> list[tuple[int, int, float, float]]:
    """Runs of spaces or gap markers inside the line: (start index, end index, from x, to x)."""
    gaps, i = [], 0
    while i < len(chars):
        if chars[i][0] in (" ", GAP):
            j = i
            while j < len(chars) and chars[j][0] in (" ", GAP):
                j += 1
            start = chars[i][1]
            gaps.append((i, j, start, max(chars[j][1], start) if j < len(chars) else start))
            i = j
        else:
            i += 1
    return gaps


def _nearest(gaps: list[tuple[int, int, float, float]], fragment: Fragment, taken: Container[int]) -> int:
    """The gap (not taken) nearest the fragment's x, if one is within reach; else len(gaps)."""
    free = [g for g in range(len(gaps)) if g not in taken and _roomy(gaps[g], fragment)]
    best = min(free, key=lambda g: _distance(gaps[g], fragment.x), default=len(gaps))
    if best < len(gaps) and _distance(gaps[best], fragment.x) <= REACH * fragment.size:
        return best
    return len(gaps)


def _roomy(gap: tuple[int, int, float, float], fragment: Fragment) -> bool:
    """A gap wide enough to have held a mark (a boundary between two touching fragments is not)."""
    return gap[3] - gap[2] >= MIN_ROOM * fragment.size


def _distance(gap: tuple[int, int, float, float], x: float) -> float:
    _, _, start, end = gap
    return 0.0 if start <= x <= end else min(abs(x - start), abs(x - end))


def _index_at(chars: list[tuple[str, float]], x: float) -> int:
    """Where a mark drawn at x goes between the characters: before the first one drawn after it."""
    return next((i for i, (_, cx) in enumerate(chars) if cx > x), len(chars))


def _first_gap_after(gaps: list[tuple[int, int, float, float]], x: float) -> int:
    return next((g for g, gap in enumerate(gaps) if gap[2] > x), len(gaps))


def _render(
    chars: list[tuple[str, float]],
    gaps: list[tuple[int, int, float, float]],
    filled: dict[int, list[str]],
    inserted: dict[int, list[str]],
) -> str:
    out: list[str] = []
    replaced = {gaps[g][0]: (gaps[g][1], tokens) for g, tokens in filled.items()}
    i = 0
    while i < len(chars):
        out.extend(inserted.get(i, []))
        if i in replaced:
            end, tokens = replaced[i]
            out.extend(token if token.strip() else " " * max(len(token), end - i) for token in tokens)
            i = end
        else:
            out.append(chars[i][0])
            i += 1
    out.extend(inserted.get(len(chars), []))
    return "".join(out)
