"""Milestones from the schedule section (进度安排): numbered phases or a run of year sentences."""

from __future__ import annotations

import re

from .clean import Para
from .drafts import MilestoneDraft
from .markers import marker_of
from .patterns import YEAR_RANGE, first_sentence, strip_numbering

YEAR_START = re.compile(r"(?<=[。；;])(?=\s*20\d{2}\s*年)")
SCHEDULE_WORDS = re.compile(r"进度安排|时间安排|进度|实施步骤|工作步骤|阶段安排|抓好工作落实|时间节点")


def is_schedule_heading(text: str) -> bool:
    """A heading that opens the schedule."""
    head, _ = first_sentence(text)
    return len(head) <= 20 and bool(SCHEDULE_WORDS.search(head))


def milestones(paras: list[Para]) -> tuple[MilestoneDraft, ...]:
    """Phases in the schedule, numbered from 1; the heading's own words are skipped."""
    found: list[tuple[str, str, int]] = []
    for index, para in enumerate(paras):
        text = _without_heading(para.text) if index == 0 else para.text
        if not text:
            continue
        if marker_of(text) is not None:
            title, rest = first_sentence(strip_numbering(text))
            found.append((title, rest or title, para.line))
        else:
            found.extend((s.rstrip("。；;"), s, para.line) for s in _year_sentences(text))
    return tuple(_draft(n, title, body, line) for n, (title, body, line) in enumerate(found, 1))


def _without_heading(text: str) -> str:
    head, rest = first_sentence(strip_numbering(text))
    return rest if is_schedule_heading(head) else text


def _year_sentences(text: str) -> list[str]:
    return [s.strip() for s in YEAR_START.split(text) if YEAR_RANGE.match(s.strip())]


def _draft(number: int, title: str, body: str, line: int) -> MilestoneDraft:
    """A phase dated by the years at the start of its text, or in its title (启动实施阶段（2021年）)."""
    match = YEAR_RANGE.search(body[:24]) or YEAR_RANGE.search(title)
    start = int(match.group(1)) if match else None
    end = int(match.group(2)) if match and match.group(2) else start
    return MilestoneDraft(number, title, body, start, end, line)
