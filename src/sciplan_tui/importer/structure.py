"""Document structure: sections, items (提升行动 / 重点工程), tasks, schedule, tables and appendix.

The outline (outline.py) gives the document's own hierarchy, whatever its numbering. Here the
nodes are read by what they say: a node naming 提升行动 or 重点工程 in general terms is a
section and its children are items; a node whose title is an action or a project (…行动 /
…工程) is an item wherever it stands; an item's children are its tasks, and an item without
numbered children has its paragraphs (or its 一是…二是… run) as tasks. Every paragraph gets a
role, so that nothing is dropped without a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .clean import Para
from .markers import marker_of, split_enumeration, strip_marker
from .outline import Node, build, marker_for
from .patterns import APPENDIX, first_sentence
from .responsibility import parse_standalone
from .schedule import is_schedule_heading

Section = Literal["front", "actions", "projects", "organisation", "guide", "other"]
Role = Literal["front", "heading", "intro", "task", "statement", "context", "schedule", "table", "appendix", "unplaced"]
SECTION_WORDS: tuple[tuple[str, Section], ...] = (
    (r"指导思想|工作目标|总体要求|基本原则|主要目标|背景|目标任务|工作原则|发展目标|总体目标|重要意义", "guide"),
    (r"提升行动|素质行动", "actions"),
    (r"重点工程|工程建设", "projects"),
    (r"组织实施|保障措施|保障机制|组织保障|实施保障|工作要求|组织领导", "organisation"),
)
TASK_SECTION = re.compile(r"^(?:[一二三四五六七八九十\d]+[项大个])?(?:重点|主要)(?:任务|工作)$")
GENERIC = re.compile(
    r"^(?:深入|全面|大力|着力)?(?:实施|开展|推进|组织实施|突出)?(?:[一二三四五六七八九十\d]+[项大个])?"
    r"(?:重点|人群|各类人群|科学素质|科普|素质){0,3}(?:提升行动|重点工程|行动|工程)$"
)
ITEM_ENDING = re.compile(r"(?:行动|工程)$")
YEARLY = re.compile(
    r"(?:20\d{2}|二〇[一二三四五六七八九〇]{2})年.{0,20}(?:科学素质|科普).{0,10}(?:工作要点|工作计划|任务清单)"
)
MAX_HEADING = 40


@dataclass
class RawTask:
    """A task as found: its heading paragraph (without marker) and the paragraphs under it."""

    head: Para
    body: list[Para] = field(default_factory=list)
    slip: str | None = None


@dataclass
class RawItem:
    """An item as found: its heading, intro paragraphs, tasks and item-level statements."""

    kind: Literal["action", "project"]
    heading: str
    line: int
    intro: list[Para] = field(default_factory=list)
    tasks: list[RawTask] = field(default_factory=list)
    statements: list[Para] = field(default_factory=list)
    slip: str | None = None
    numbered_tasks: bool = True


@dataclass
class SectionInfo:
    """A section heading that names actions or projects, and what it yielded."""

    kind: Section
    title: str
    line: int
    items: int = 0


@dataclass
class Layout:
    """Where everything is: items, schedule, tables, appendix, front matter, and each paragraph's role."""

    items: list[RawItem] = field(default_factory=list)
    schedule: list[Para] = field(default_factory=list)
    appendix: list[Para] = field(default_factory=list)
    tables: list[Para] = field(default_factory=list)
    front_end: int = 0
    sections: list[SectionInfo] = field(default_factory=list)
    roles: dict[int, Role] = field(default_factory=dict)  # id(Para) -> role
    unplaced: list[Para] = field(default_factory=list)  # numbered text read as nothing: warned about
    tops: set[int] = field(default_factory=set)  # id(Para) of the top-level headings


def section_of(heading: str) -> Section:
    """The section a heading opens, by its keywords."""
    return next((kind for words, kind in SECTION_WORDS if re.search(words, heading)), "other")


def _head(title: str) -> str:
    """A heading's first sentence, without a trailing colon."""
    return first_sentence(title)[0].rstrip("：:").strip()


def is_section(node: Node) -> Section | None:
    """actions / projects when the node names them in general terms (三、提升行动, 实施五项重点工程)."""
    head = _head(node.title)
    kind = section_of(head)
    if kind in ("actions", "projects"):
        clause = re.split(r"[，,]", head)[-1]
        if GENERIC.match(clause) or (not item_kind(head) and any(item_kind(_head(c.title)) for c in node.children)):
            return kind
        return None
    if len(head) <= MAX_HEADING and kind in ("organisation", "guide"):
        return kind
    return None


def item_kind(head: str) -> Literal["action", "project"] | None:
    """An action or a project by its title's ending, when the title is heading-like."""
    if len(head) > MAX_HEADING or not ITEM_ENDING.search(head) or GENERIC.match(head):
        return None
    return "project" if head.endswith("工程") else "action"


class _Reader:
    """Walks the outline once and fills a Layout."""

    def __init__(self, layout: Layout, yearly: bool = False) -> None:
        self.layout = layout
        # A yearly 工作要点: every group of numbered tasks is an item, whatever its title says.
        self.yearly = yearly

    def role(self, paras: list[Para], role: Role) -> None:
        for para in paras:
            self.layout.roles[id(para)] = role

    def visit(self, node: Node, context: Section) -> None:
        self.role(node.body, "context" if context != "front" else "front")
        for child in node.children:
            self.child(child, context)

    def child(self, node: Node, context: Section) -> None:
        self.role([node.para] if node.para else [], "heading")
        head = _head(node.title)
        if context in ("actions", "projects"):
            self.item(node, "action" if context == "actions" else "project")
            return
        section = is_section(node)
        if section in ("actions", "projects"):
            info = SectionInfo(section, head, node.line)
            self.layout.sections.append(info)
            before = len(self.layout.items)
            self.visit(node, section)
            info.items = len(self.layout.items) - before
            return
        if is_schedule_heading(head):
            self.schedule(node)
            return
        kind = item_kind(head) if context != "organisation" else None
        if kind is None and self.yearly and _groups_tasks(node):
            kind = "project" if head.endswith("工程") else "action"
        if kind is None and TASK_SECTION.match(head) and node.children:
            self.visit(node, "other")
            return
        if kind is not None:
            self.item(node, kind)
            return
        inner = section or ("other" if context == "front" else context)
        if inner == context == "other" and node.para is not None and _task_like(node):
            # A numbered paragraph of substance in a part of the plan that names no action or project:
            # it is shown as unplaced rather than silently taken as commentary.
            self.layout.unplaced.append(node.para)
            self.role([node.para], "unplaced")
        self.visit(node, inner)

    def schedule(self, node: Node) -> None:
        assert node.para is not None
        flat = _flatten(node)
        self.layout.schedule.extend([Para(node.para.line, node.title), *flat])
        self.role(flat, "schedule")

    def item(self, node: Node, kind: Literal["action", "project"]) -> None:
        raw = RawItem(kind, node.title, node.line, slip=node.slip)
        self.layout.items.append(raw)
        intro = list(node.body)
        if node.children:
            raw.tasks = [self.task(child) for child in node.children]
        else:
            raw.numbered_tasks = False
            intro = self.unnumbered_tasks(raw, node)
        for para in intro:
            statement = parse_standalone(para.text) is not None
            (raw.statements if statement else raw.intro).append(para)
            self.layout.roles[id(para)] = "statement" if statement else "intro"

    def task(self, node: Node) -> RawTask:
        assert node.para is not None
        flat = _flatten(node)
        self.role(flat, "task")
        return RawTask(Para(node.para.line, node.title), flat, node.slip)

    def unnumbered_tasks(self, raw: RawItem, node: Node) -> list[Para]:
        """Tasks of an item without numbered children: its 一是…二是… run, else each paragraph.

        Returns the paragraphs left for the item itself (intro and statements).
        """
        assert node.para is not None
        inline = first_sentence(node.title)[1]
        paras = [*([Para(node.para.line, inline)] if inline else []), *node.body]
        for index, para in enumerate(paras):
            parts = split_enumeration(para.text)
            if len(parts) < 2:
                continue
            intro = [] if marker_of(parts[0]) else [Para(para.line, parts[0])]
            raw.tasks = [RawTask(Para(para.line, strip_marker(text))) for text in parts[len(intro) :]]
            rest = paras[index + 1 :]
            raw.tasks[-1].body.extend(p for p in rest if parse_standalone(p.text) is None)
            self.role(paras[index:], "task")
            return [*paras[:index], *intro, *(p for p in rest if parse_standalone(p.text) is not None)]
        body = [p for p in node.body if parse_standalone(p.text) is None]
        raw.tasks = [RawTask(p) for p in body]
        self.role(body, "task")
        return [p for p in paras if p not in body]


def _groups_tasks(node: Node) -> bool:
    """A node whose numbered children are all tasks (sentences, no numbered children of their own)."""
    return bool(node.children) and all(not c.children and "。" in c.title for c in node.children)


def _task_like(node: Node) -> bool:
    """A numbered paragraph that reads like a task (a sentence of some length), not a short sub-heading."""
    return "。" in node.title and len(node.title) > 20


def _flatten(node: Node) -> list[Para]:
    """The node's own paragraphs, then each descendant's heading (marker kept) and paragraphs, in order."""
    found = list(node.body)
    for child in node.children:
        if child.para is not None:
            found.append(child.para)
        found.extend(_flatten(child))
    return found


def _split_tables(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """Tab-separated table rows (and the short cell lines wrapped inside them) apart from the text."""
    text: list[Para] = []
    tables: list[Para] = []
    previous_in_table = False
    for para in paras:
        previous_in_table = "\t" in para.text or (previous_in_table and len(para.text) <= 12)
        (tables if previous_in_table else text).append(para)
    return text, tables


def layout(paras: list[Para]) -> Layout:
    """Find sections, items, tasks, the schedule, tables and the appendix in cleaned paragraphs."""
    found = Layout()
    body, appendix = _split_appendix(paras)
    found.appendix = appendix
    text, found.tables = _split_tables(body)
    root = build(_split_runs(text))
    found.tops = {id(child.para) for child in root.children}
    first = root.children[0].para if root.children else None
    found.front_end = paras.index(first) if first is not None else len(paras)
    yearly = any(YEARLY.search(p.text) for p in paras[: found.front_end + 1])
    _Reader(found, yearly).visit(root, "front")
    for para in appendix:
        found.roles[id(para)] = "appendix"
    for para in found.tables:
        found.roles[id(para)] = "table"
    return found


def _split_runs(paras: list[Para]) -> list[Para]:
    """A paragraph that starts 一是…。二是…。 becomes one paragraph per ordinal, so each is a task."""
    found: list[Para] = []
    for para in paras:
        marker = marker_of(para.text)
        parts = split_enumeration(para.text) if marker is not None and marker.family == "shi" else []
        if len(parts) > 1:
            found.extend(Para(para.line, part.strip()) for part in parts)
        else:
            found.append(para)
    return found


def _split_appendix(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """The body, and everything from the first 附件 line after the body has begun."""
    seen_marker = False
    for index, para in enumerate(paras):
        if seen_marker and APPENDIX.match(para.text.strip()):
            return paras[:index], paras[index:]
        seen_marker = seen_marker or marker_for(para.text) is not None
    return paras, []
