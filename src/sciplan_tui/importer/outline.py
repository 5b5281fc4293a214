"""The document's own hierarchy: numbered paragraphs nested by the order their marker families appear.

Levels are not fixed per family. The first family seen is the top level, a family first seen
with ordinal 1 opens a level below the current one, and a marker returns to the level its family
holds. A marker that breaks its family's count but continues another level's (三、 between （二）
and （四）, or 三、 after 1、 and 2、) is read at the level it continues, and reported as a slip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import Para
from .markers import UNNUMBERED, Marker, marker_of

MAX_DEPTH = 8  # no plan nests deeper; beyond it a restarting list is read as siblings
ARABIC_FAMILIES = frozenset(
    {"num_dun", "num_dot", "paren_num", "num_half", "circled", "dotted", "decimal2", "decimal3"}
)
# A short unnumbered line that names a section (提升行动 / 重点工程 …) is a heading too.
# Headings that name a part of the whole plan: when their ordinal could continue several levels,
# the top-most one is meant (三、重点工程 after 2、提升行动 and （二）… is a chapter, not an item).
CHAPTER_WORDS = re.compile(
    r"^(?:[一二三四五六七八九十\d]+[项大个])?(?:提升行动|重点工程|组织实施|保障措施|保障机制|指导思想|总体要求|工作目标"
    r"|主要目标|目标任务|基本原则|重点任务|主要任务|进度安排|实施步骤|时间安排|背景和意义|工作原则|组织领导)"
)
BARE_SECTION = re.compile(
    r"^(?:深入|全面|大力|着力|聚焦|突出|强化|加强|确保|扎实)?(?:实施|开展|推进|组织|全面组织)?"
    r"(?:[一二三四五六七八九十]+[项大个])?(?:人群)?(?:科学素质)?"
    r"(?:提升行动|重点工程|重点任务|主要任务|组织实施|保障措施|指导思想|工作目标|总体要求|基本原则|主要目标|目标任务"
    r"|进度安排|实施步骤|时间安排|组织领导|背景和意义|指导思想和工作目标)$"
)


@dataclass
class Node:
    """A numbered paragraph with what it contains; the root holds everything before the first marker."""

    para: Para | None
    marker: Marker | None
    body: list[Para] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    slip: str | None = None  # the family the marker was written in when it was read at another level

    @property
    def title(self) -> str:
        """The heading text without its marker."""
        if self.para is None or self.marker is None:
            return ""
        return self.para.text[self.marker.end :].strip()

    @property
    def line(self) -> int:
        return self.para.line if self.para else 0


@dataclass
class _Level:
    families: set[str]
    last: int
    node: Node


def marker_for(text: str) -> Marker | None:
    """A paragraph's marker, with bare section headings (提升行动 on its own line) as unnumbered ones."""
    marker = marker_of(text)
    if marker is None and len(text) <= 25 and "。" not in text.rstrip("。"):
        last = re.split(r"[，,]", text.rstrip("：:。"))[-1].strip()
        if BARE_SECTION.match(last):
            return Marker("bare", 0, 0)
    return marker


def build(paras: list[Para]) -> Node:
    """The tree of numbered paragraphs; unnumbered ones belong to the deepest open node."""
    root = Node(None, None)
    stack: list[_Level] = []
    for para in paras:
        marker = marker_for(para.text)
        if marker is None:
            (stack[-1].node if stack else root).body.append(para)
            continue
        index, slip = _place(stack, marker, para.text[marker.end :].strip())
        node = Node(para, marker, slip=slip)
        families = _families(stack, index, marker)
        del stack[index:]
        (stack[-1].node if stack else root).children.append(node)
        stack.append(_Level(families, marker.number, node))
    return root


def _families(stack: list[_Level], index: int, marker: Marker) -> set[str]:
    """The families a new level answers to: a slipped marker joins those of the level it took."""
    replaced = stack[index].families if index < len(stack) else set()
    return replaced | {marker.family}


def _place(stack: list[_Level], marker: Marker, title: str) -> tuple[int, str | None]:
    """Where a marker goes: the index of the level it takes (len(stack) = a new deeper level).

    Returns the family as a slip when the marker is read at a level its family does not hold
    while its family holds another one (三、 read as （三）): the reader warns about those.
    """
    own = [i for i, level in enumerate(stack) if marker.family in level.families]
    if marker.family in UNNUMBERED or marker.family == "bare":
        return (own[-1], None) if own else (len(stack), None)
    fitting = [i for i, level in enumerate(stack) if level.last + 1 == marker.number and _numbered(level)]
    own_fit = [i for i in fitting if i in own]
    if own_fit:
        index = own_fit[-1]
        if _is_chapter(title) and not _is_chapter(stack[index].node.title):
            chapters = [i for i in fitting if _is_chapter(stack[i].node.title)]
            return (chapters[0], marker.family) if chapters else (index, None)
        if _is_chapter(stack[index].node.title) and _item_like(title):
            # 三、产业工人…行动 where both the chapter count and the item count go on: the item is meant.
            items = [i for i in fitting if i != index and _item_like(stack[i].node.title)]
            return (items[-1], marker.family) if items else (index, None)
        return index, None
    if marker.number == 1 and not fitting:
        # A list restarting at 1 right after an entry of its own with nothing under it (1. 1. …) is
        # the same list again, not a list inside that entry; and no plan nests deeper than MAX_DEPTH.
        if stack and marker.family in stack[-1].families and not stack[-1].node.children:
            return len(stack) - 1, None
        return (len(stack) - 1, None) if len(stack) >= MAX_DEPTH else (len(stack), None)
    if fitting:
        if CHAPTER_WORDS.match(title):
            return fitting[0], None
        index = _closest_script(stack, fitting, marker.family)
        return index, (marker.family if own and index not in own else None)
    if own:
        return own[-1], None
    return len(stack), None


def _item_like(title: str) -> bool:
    """A heading that names an action or a project (青少年科学素质提升行动, 科普信息化工程)."""
    head = title.split("。")[0].strip()
    return len(head) <= 40 and head.endswith(("行动", "工程")) and not _is_chapter(head)


def _numbered(level: _Level) -> bool:
    """Whether a level counts (—— and bare section headings do not, so no ordinal continues them)."""
    return not level.families <= (UNNUMBERED | {"bare"})


def _is_chapter(title: str) -> bool:
    """A heading naming a part of the whole plan (提升行动, 重点工程, 组织实施, 聚焦重点人群，实施五项提升行动 …)."""
    head = title.split("。")[0].strip()
    clauses = [c.strip() for c in re.split(r"[，,]", head.rstrip("：:"))]
    return bool(CHAPTER_WORDS.match(head)) or any(BARE_SECTION.match(c) for c in clauses)


def _closest_script(stack: list[_Level], candidates: list[int], family: str) -> int:
    """Among levels the ordinal continues, prefer one written in the same numerals, then the deepest."""
    arabic = family in ARABIC_FAMILIES
    same = [i for i in candidates if any((f in ARABIC_FAMILIES) == arabic for f in stack[i].families)]
    return (same or candidates)[-1]
