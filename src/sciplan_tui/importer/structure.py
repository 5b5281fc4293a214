"""Document structure: chapters by section keyword, items (提升行动 / 重点工程), tasks, schedule, appendix.

Structure is decided by what a heading says and where it stands, not by one numbering style:
a chapter is 一、 (or a short, sentence-free 1、 outside any item); its keywords make it the
actions, projects or organisation section; inside an actions/projects section a parenthesised
heading opens an item and 1. / 1、 / —— / (1) paragraphs are its tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .clean import Para
from .patterns import (
    APPENDIX,
    CHAPTER_CN,
    DASH,
    NUM_DUN,
    PAREN_AR,
    PAREN_CN,
    TASK_NUM,
    first_sentence,
    strip_numbering,
)
from .responsibility import parse_standalone
from .schedule import is_schedule_heading

Section = Literal["front", "actions", "projects", "organisation", "other"]
SECTION_WORDS: tuple[tuple[str, Section], ...] = (
    (r"提升行动", "actions"),
    (r"重点工程", "projects"),
    (r"组织实施|保障措施|保障机制|组织保障|实施保障", "organisation"),
)
ITEM_ENDING = re.compile(r"(?:行动|工程)$")
MAX_HEADING = 25


@dataclass
class RawItem:
    """An item as found: its heading and the paragraphs under it, before interpretation."""

    kind: Literal["action", "project"]
    heading: str
    line: int
    intro: list[Para] = field(default_factory=list)
    tasks: list[Para] = field(default_factory=list)
    statements: list[Para] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)


@dataclass
class Layout:
    """Where everything is: items, schedule paragraphs, appendix lines, and the end of the front matter."""

    items: list[RawItem] = field(default_factory=list)
    schedule: list[Para] = field(default_factory=list)
    appendix: list[Para] = field(default_factory=list)
    front_end: int = 0
    sections: list[Section] = field(default_factory=list)


def section_of(heading: str) -> Section:
    """The section a chapter heading opens, by its keywords."""
    return next((kind for words, kind in SECTION_WORDS if re.search(words, heading)), "other")


def is_chapter(text: str, in_item: bool) -> bool:
    """一、 always; 1、 only when short and sentence-free, and outside an item unless it names a section."""
    if CHAPTER_CN.match(text):
        return True
    if not NUM_DUN.match(text):
        return False
    rest = strip_numbering(text)
    short = len(rest) <= MAX_HEADING and "。" not in rest
    return short and (not in_item or section_of(rest) != "other")


def is_item_heading(text: str) -> bool:
    """（一）… always; （1）… only when its title ends like an item (…行动 / …工程)."""
    if PAREN_CN.match(text):
        return True
    title, _ = first_sentence(strip_numbering(text))
    return bool(PAREN_AR.match(text)) and bool(ITEM_ENDING.search(title))


def is_task(text: str) -> bool:
    return any(p.match(text) for p in (TASK_NUM, NUM_DUN, DASH, PAREN_AR))


class _Walker:
    """One pass over the paragraphs, filling a Layout."""

    def __init__(self) -> None:
        self.layout = Layout()
        self.section: Section = "front"
        self.item: RawItem | None = None
        self.in_schedule = False

    def walk(self, paras: list[Para]) -> Layout:
        for index, para in enumerate(paras):
            if self.section != "front" and APPENDIX.match(para.text.strip()):
                self.layout.appendix = paras[index:]
                break
            self.step(index, para)
        if self.section == "front":
            self.layout.front_end = len(paras)
        return self.layout

    def step(self, index: int, para: Para) -> None:
        text = para.text.strip()
        if is_chapter(text, self.item is not None):
            self.open_chapter(index, para, strip_numbering(text))
        elif self.section in ("actions", "projects"):
            self.in_items(para, text)
        elif self.section != "front":
            self.elsewhere(para, text)

    def open_chapter(self, index: int, para: Para, heading: str) -> None:
        if self.section == "front":
            self.layout.front_end = index
        self.section, self.item = section_of(heading), None
        self.layout.sections.append(self.section)
        self.in_schedule = is_schedule_heading(heading)
        if self.in_schedule:
            self.layout.schedule.append(Para(para.line, heading))

    def in_items(self, para: Para, text: str) -> None:
        if is_item_heading(text):
            kind = "action" if self.section == "actions" else "project"
            self.item = RawItem(kind, strip_numbering(text), para.line)
            self.layout.items.append(self.item)
        elif self.item is not None:
            self.in_item(self.item, para, text)

    def in_item(self, item: RawItem, para: Para, text: str) -> None:
        if is_task(text):
            item.tasks.append(Para(para.line, strip_numbering(text)))
        elif parse_standalone(text) is not None:
            item.statements.append(para)
        elif item.tasks:
            item.unplaced.append(para)
        else:
            item.intro.append(para)

    def elsewhere(self, para: Para, text: str) -> None:
        if PAREN_CN.match(text):
            self.in_schedule = is_schedule_heading(strip_numbering(text))
        if self.in_schedule:
            self.layout.schedule.append(para)


def layout(paras: list[Para]) -> Layout:
    """Find sections, items, tasks, the schedule and the appendix in cleaned paragraphs."""
    return _Walker().walk(paras)
