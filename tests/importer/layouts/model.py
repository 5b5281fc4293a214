"""A seed as a model (cover, chapters, items, tasks, tail) and what a variant is expected to yield.

The model is taken from the frozen truth (titles, bodies, assignments) plus the seed's raw lines
for what the truth does not hold: the cover and preamble, the chapter headings and the tail
(组织实施, schedule, web residue). The seed's own responsibility statements are not kept: each
rendering writes responsibility in its own form from the truth, and derives the expectation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from . import truth as _truth

Role = str  # "lead" | "participant"
Stated = tuple[tuple[str, ...], tuple[str, ...]]  # (leads, participants) as a text states them

CHAPTER = re.compile(r"^\s*(?:[一二三四五六七八九十]+|\d{1,2})\s*、\s*|^\s*第[一二三四五六七八九十]+(?:章|部分)\s*")
PAREN = re.compile(r"^\s*[（(]\s*(?:[一二三四五六七八九十]+|\d{1,2})\s*[）)]\s*")
DOT = re.compile(r"^\s*\d{1,2}\s*[.．](?!\d)\s*")
BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


@dataclass(frozen=True)
class Task:
    title: str
    body: str  # full text, title sentence first, without any responsibility
    stated: Stated  # the task's own departments (truth source "task")
    targets: tuple[tuple[float | None, str, int | None], ...]


@dataclass(frozen=True)
class Item:
    kind: str
    number: int
    title: str  # the truth's title (no 实施, no 。)
    heading: str  # as printed in the seed, without numbering (may keep 实施)
    intro: str
    stated: Stated  # the item's departments (truth sources "item" and "appendix")
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Chapter:
    heading: str  # 提升行动 / 聚焦重点人群，实施五项提升行动
    intro: tuple[str, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class SeedDoc:
    key: str
    lines: tuple[str, ...]  # the raw seed lines
    head: tuple[str, ...]  # cover and preamble chapters, raw
    chapters: tuple[Chapter, Chapter]  # actions, projects
    tail: tuple[str, ...]  # 组织实施 … end, raw, without an appendix table
    metadata: dict[str, Any]
    departments: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return self.chapters[0].items + self.chapters[1].items


# --- what a variant is expected to yield -------------------------------------------------------

MetaCheck = Callable[[Any], bool]


@dataclass(frozen=True)
class ExpTask:
    title: str
    roles: tuple[tuple[str, Role], ...]  # department → role implied for this task (item + task)
    anchor: str  # text that starts the task in the variant (to find its lines)
    targets: tuple[tuple[float | None, str, int | None], ...] | None = None  # checked when not None


@dataclass(frozen=True)
class ExpItem:
    kind: str
    number: int
    title: str
    tasks: tuple[ExpTask, ...]


@dataclass(frozen=True)
class Expected:
    items: tuple[ExpItem, ...]
    aliases: tuple[tuple[str, str], ...]  # printed form → canonical name (truth's merge)
    meta: tuple[tuple[str, Any], ...] = ()  # field → expected value, or a MetaCheck
    match_kind: bool = True
    duplicate: bool = False  # the file holds the document twice: expect an error or a warning
    ignore_departments: tuple[str, ...] = ()  # collective names (各成员单位) left out of the F1

    def task_count(self) -> int:
        return sum(len(item.tasks) for item in self.items)


@dataclass(frozen=True)
class Variant:
    family: str
    name: str
    seed: str
    text: str
    expected: Expected
    encoding: str = "utf-8"
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    payload: bytes | None = None  # the file itself when it is not the text (a .docx)

    @property
    def id(self) -> str:
        return f"{self.family}:{self.name}:{self.seed}"

    def data(self) -> bytes:
        return self.payload if self.payload is not None else self.text.encode(self.encoding)

    @property
    def file_name(self) -> str:
        suffix = ".docx" if self.payload is not None else ".txt"
        return f"{self.seed}-{self.family}-{self.name}{suffix}"


def merge(*stated: Stated) -> tuple[tuple[str, Role], ...]:
    """Departments a task ends up with: every statement's units, a lead anywhere stays lead."""
    roles: dict[str, Role] = {}
    for leads, participants in stated:
        for name in leads:
            roles[name] = "lead"
        for name in participants:
            roles.setdefault(name, "participant")
    return tuple(roles.items())


def split_roles(roles: tuple[tuple[str, Role], ...]) -> Stated:
    leads = tuple(name for name, role in roles if role == "lead")
    return leads, tuple(name for name, role in roles if role != "lead")


# --- the seeds as models ------------------------------------------------------------------------


def _stated(assignments: list[list[str]]) -> Stated:
    leads = tuple(name for name, role, _ in assignments if role == "lead")
    others = tuple(name for name, role, _ in assignments if role != "lead" and name not in leads)
    return leads, others


def _heading(line: str) -> str:
    text = BOOKMARK.sub("", line).strip()
    for pattern in (PAREN, CHAPTER, DOT):
        text = pattern.sub("", text, count=1)
    return text.partition("。")[0].strip()


def _chapter_line(lines: tuple[str, ...], before: int) -> int:
    for index in range(before - 1, -1, -1):
        if CHAPTER.match(lines[index]):
            return index
    raise ValueError(f"no chapter heading before line {before + 1}")


def _intro(lines: tuple[str, ...], start: int, end: int) -> tuple[str, ...]:
    return tuple(BOOKMARK.sub("", line).strip() for line in lines[start:end] if line.strip())


def _task(data: dict[str, Any]) -> Task:
    targets = tuple((value, unit, year) for _, value, unit, year in data["targets"])
    return Task(data["title"], data["body"], _stated(data["assignments"]), targets)


def _item(data: dict[str, Any], lines: tuple[str, ...]) -> Item:
    tasks = tuple(_task(task) for task in data["tasks"])
    heading = _heading(lines[data["line"] - 1])
    return Item(data["kind"], data["number"], data["title"], heading, data["body"], _stated(data["assignments"]), tasks)


def _tail(lines: tuple[str, ...], start: int) -> tuple[str, ...]:
    tail = list(lines[start:])
    first = next((i for i, line in enumerate(tail) if re.match(r"^\s*附\s*件", line)), None)
    if first is not None:  # an appendix table: responsibility is re-stated by each rendering
        last = next((i for i, line in enumerate(tail) if "抄送" in line), len(tail))
        del tail[first:last]
    return tuple(tail)


@lru_cache(maxsize=8)
def seed_doc(key: str) -> SeedDoc:
    data = _truth.load()[key]
    lines = tuple(_truth.SEEDS[key].read_text(encoding="utf-8").split("\n"))
    items = [_item(item, lines) for item in data["items"]]
    starts = [item["line"] - 1 for item in data["items"]]
    actions = [i for i, item in enumerate(data["items"]) if item["kind"] == "action"]
    projects = [i for i, item in enumerate(data["items"]) if item["kind"] == "project"]
    action_line = _chapter_line(lines, starts[actions[0]])
    project_line = _chapter_line(lines, starts[projects[0]])
    tail_line = next(i for i in range(starts[-1] + 1, len(lines)) if CHAPTER.match(lines[i]))
    chapters = (
        Chapter(
            _heading(lines[action_line]),
            _intro(lines, action_line + 1, starts[actions[0]]),
            tuple(items[i] for i in actions),
        ),
        Chapter(
            _heading(lines[project_line]),
            _intro(lines, project_line + 1, starts[projects[0]]),
            tuple(items[i] for i in projects),
        ),
    )
    departments = tuple((name, tuple(aliases)) for name, aliases in data["departments"])
    return SeedDoc(key, lines, lines[:action_line], chapters, _tail(lines, tail_line), data["metadata"], departments)


def seed_keys() -> tuple[str, ...]:
    return tuple(sorted(_truth.SEEDS))


def aliases_of(doc: SeedDoc) -> tuple[tuple[str, str], ...]:
    pairs = [(name, name) for name, _ in doc.departments]
    pairs += [(alias, name) for name, aliases in doc.departments for alias in aliases]
    return tuple(pairs)


def seed_expected(doc: SeedDoc, *, anchor: Callable[[Task], str] | None = None) -> Expected:
    """What the unmodified seed yields (its own responsibility statements, as the truth read them)."""
    items = tuple(
        ExpItem(
            item.kind,
            item.number,
            item.title,
            tuple(
                ExpTask(task.title, merge(item.stated, task.stated), anchor(task) if anchor else task.title)
                for task in item.tasks
            ),
        )
        for item in doc.items
    )
    return Expected(items, aliases_of(doc), seed_meta(doc))


def seed_meta(doc: SeedDoc, **changes: Any) -> tuple[tuple[str, Any], ...]:
    meta = dict(doc.metadata)
    meta.update(changes)
    return tuple(meta.items())


def with_meta(expected: Expected, **changes: Any) -> Expected:
    meta = dict(expected.meta)
    meta.update(changes)
    return replace(expected, meta=tuple(meta.items()))
