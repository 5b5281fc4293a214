"""Render a seed model in another layout: numbering scheme, task shape and responsibility form.

Every rendering returns the text and the expectation it implies: the same items and tasks as the
seed, and for each task the departments and roles its responsibility statements give it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .model import (
    CHAPTER,
    DOT,
    PAREN,
    Expected,
    ExpItem,
    ExpTask,
    Item,
    Role,
    SeedDoc,
    Stated,
    Task,
    aliases_of,
    merge,
    seed_meta,
    split_roles,
)
from .textnorm import cn_ordinal

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮"

MARKERS: dict[str, Callable[[int], str]] = {
    "cn_dun": lambda n: f"{cn_ordinal(n)}、",  # 一、
    "paren_cn": lambda n: f"（{cn_ordinal(n)}）",  # （一）
    "dot": lambda n: f"{n}.",  # 1.
    "paren_ar": lambda n: f"（{n}）",  # （1）
    "half_paren": lambda n: f"{n}）",  # 1）
    "circled": lambda n: CIRCLED[n - 1],  # ①
    "part": lambda n: f"第{cn_ordinal(n)}部分　",  # 第一部分
    "chapter": lambda n: f"第{cn_ordinal(n)}章　",  # 第一章
    "bare": lambda n: "",  # an unnumbered (bold in the original) line
    "dash": lambda n: "——",
    "yishi": lambda n: f"{cn_ordinal(n)}是",  # 一是…二是… in one paragraph
}


@dataclass(frozen=True)
class Layout:
    """How a document numbers its levels and where it states responsibility.

    `levels` names the marker of each level, top first; the seeds are (cn_dun, paren_cn, dot):
    chapters 一、, items （一）, tasks 1. . With `wrap`, the body sits one level deeper under an
    extra chapter of that name (二、主要任务 → （一）提升行动 → 1.青少年… → （1）task).
    """

    levels: tuple[str, ...] = ("cn_dun", "paren_cn", "dot")
    wrap: str | None = None
    task_shape: str = "paragraph"  # paragraph | title_line (title alone, body below)
    resp: str = "seed"  # see RESP_FORMS
    continuous_items: bool = False  # items numbered on across both chapters (一…十)
    slip: int | None = None  # the n-th action's heading written with the chapter marker 一、
    table: str | None = None  # None | "responsibility" (table states who) | "tasks" (tasks only there)


# --- responsibility forms ----------------------------------------------------------------------


def _names(names: tuple[str, ...]) -> str:
    return "、".join(names)


def _seed_item(leads: tuple[str, ...], parts: tuple[str, ...]) -> list[str]:
    text = f"责任单位：由{_names(leads)}牵头" if leads else "责任单位："
    if parts:
        text += ("，" if leads else "") + f"{_names(parts)}等单位参加"
    return [text + "。"]


def _two_lines(leads: tuple[str, ...], parts: tuple[str, ...]) -> list[str]:
    out = [f"牵头单位：{_names(leads)}"] if leads else []
    return out + ([f"参与单位：{_names(parts)}"] if parts else [])


def _marked(leads: tuple[str, ...], parts: tuple[str, ...]) -> list[str]:
    marked = "、".join(f"{name}（牵头）" for name in leads)
    return [f"责任单位：{marked}" + (f"，{_names(parts)}" if parts else "")]


def _labelled(leads: tuple[str, ...], parts: tuple[str, ...]) -> str:
    labels = ([f"牵头单位：{_names(leads)}"] if leads else []) + ([f"参与单位：{_names(parts)}"] if parts else [])
    return "（" + "；".join(labels) + "）"


def _lead_cooperate(leads: tuple[str, ...], parts: tuple[str, ...]) -> str:
    text = f"{_names(leads)}牵头" if leads else ""
    if parts:
        text += ("，" if leads else "") + f"{_names(parts)}等部门配合"
    return f"（{text}）"


def _duty(parts: tuple[str, ...]) -> str:
    return f"〔{_names(parts)}按职责分工负责〕"


@dataclass(frozen=True)
class RespForm:
    """Where and how responsibility is written; `per_task` states each task's merged departments."""

    after_tasks: Callable[[tuple[str, ...], tuple[str, ...]], list[str]] | None = None
    intro_suffix: Callable[[tuple[str, ...], tuple[str, ...]], str] | None = None
    task_suffix: Callable[[tuple[str, ...], tuple[str, ...]], str] | None = None
    per_task: bool = False  # task_suffix gets the task's merged departments, the item states none
    ranked: bool = False  # only the first unit named is a lead (排名第一的为牵头单位)


def _ranked(leads: tuple[str, ...], parts: tuple[str, ...]) -> str:
    return f"（责任单位：{_names(leads + parts)}，排名第一的为牵头单位）"


def _own(leads: tuple[str, ...], parts: tuple[str, ...]) -> str:
    return _duty(parts) if not leads else _labelled(leads, parts)


RESP_FORMS: dict[str, RespForm] = {
    # 责任单位：由X、Y牵头，Z等单位参加。 after the tasks; a task's own units 〔…按职责分工负责〕
    "seed": RespForm(after_tasks=_seed_item, task_suffix=_own),
    # 牵头单位：X / 参与单位：Y on two lines after the item's tasks
    "two_lines": RespForm(after_tasks=_two_lines, task_suffix=_own),
    # 责任单位：X（牵头），Y
    "marked_lead": RespForm(after_tasks=_marked, task_suffix=_own),
    # （责任单位：X、Y，排名第一的为牵头单位） after each task
    "ranked": RespForm(task_suffix=_ranked, per_task=True, ranked=True),
    # （X牵头，Y等部门配合） after each task
    "lead_cooperate": RespForm(task_suffix=_lead_cooperate, per_task=True),
    # （牵头单位：…；参与单位：…） at the end of each task
    "labelled_task": RespForm(task_suffix=_labelled, per_task=True),
    # （牵头单位：…；参与单位：…） at the end of the item's introduction
    "labelled_item": RespForm(intro_suffix=_labelled, task_suffix=_own),
    "none": RespForm(),
}


# --- rendering ---------------------------------------------------------------------------------


class _Numbers:
    """Heading counters per level; a heading resets the levels below it."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.counts = [0] * (len(layout.levels) + 1)

    def mark(self, level: int, *, reset_below: bool = True) -> str:
        self.counts[level] += 1
        if reset_below:
            for lower in range(level + 1, len(self.counts)):
                self.counts[lower] = 0
        name = self.layout.levels[min(level, len(self.layout.levels) - 1)]
        return MARKERS[name](self.counts[level])


def _relevel(lines: tuple[str, ...], numbers: _Numbers) -> list[str]:
    """Head or tail lines with their own 一、/（一）/1. headings rewritten in the layout's markers."""
    out = []
    for line in lines:
        text = line.strip()
        for level, pattern in enumerate((CHAPTER, PAREN, DOT)):
            match = pattern.match(text)
            if match and (level or len(text) < 40):
                line = numbers.mark(level) + text[match.end() :]
                break
        out.append(line)
    return out


def _sentences(text: str) -> list[str]:
    return [part + "。" for part in text.split("。") if part.strip()] if text else []


@dataclass
class _Out:
    lines: list[str]
    expected: list[ExpItem]


def _task_lines(task: Task, marker: str, shape: str, suffix: str) -> list[str]:
    if shape == "title_line":
        title, _, rest = task.body.partition("。")
        sentences = _sentences(rest)
        if len(sentences) >= 3:  # the body in two paragraphs
            half = len(sentences) // 2
            paragraphs = ["".join(sentences[:half]), "".join(sentences[half:])]
        else:
            paragraphs = ["".join(sentences)] if sentences else []
        if not paragraphs:
            return [marker + title + suffix]
        paragraphs[-1] += suffix
        return [marker + title, *paragraphs]
    return [marker + task.body + suffix]


def _stated_for(item: Item, task: Task, form: RespForm) -> tuple[Stated, Stated]:
    """(what the item states, what the task states) in this form."""
    if form.per_task:
        return ((), ()), split_roles(merge(item.stated, task.stated))
    if form.after_tasks is None and form.intro_suffix is None:
        return ((), ()), ((), ())
    return item.stated, task.stated


def _implied(item_stated: Stated, task_stated: Stated, form: RespForm) -> tuple[tuple[str, Role], ...]:
    if form.ranked:
        names = task_stated[0] + task_stated[1]
        return tuple((name, "lead" if i == 0 else "participant") for i, name in enumerate(names))
    return merge(item_stated, task_stated)


def _render_item(item: Item, layout: Layout, numbers: _Numbers, level: int, out: _Out) -> list[ExpTask]:
    form = RESP_FORMS[layout.resp]
    if layout.slip == item.number and item.kind == "action":
        marker = f"{cn_ordinal(item.number)}、"
        numbers.mark(level, reset_below=True)
    else:
        marker = numbers.mark(level, reset_below=True)
    intro = item.intro
    if form.intro_suffix and any(item.stated):
        intro += form.intro_suffix(*item.stated)
    out.lines.append(marker + item.heading)
    if intro:
        out.lines.append(intro)
    tasks: list[ExpTask] = []
    table_only = layout.table == "tasks"
    task_level = min(level + 1, len(layout.levels) - 1)
    yishi = layout.levels[task_level] == "yishi"
    paragraph = ""
    for task in item.tasks:
        item_stated, task_stated = _stated_for(item, task, form)
        suffix = ""
        if form.task_suffix and any(task_stated):
            suffix = form.task_suffix(*task_stated)
        roles = _implied(item_stated, task_stated, form)
        if layout.table:
            roles = merge(item.stated, task.stated)
        targets = None if table_only else task.targets  # a table cell holds no full task text
        tasks.append(ExpTask(task.title, roles, task.title, targets))
        if table_only:
            continue
        marker = numbers.mark(level + 1)
        if yishi:
            paragraph += marker + task.body + suffix
        else:
            out.lines.extend(_task_lines(task, marker, layout.task_shape, suffix))
    if paragraph:
        out.lines.append(paragraph)
    if form.after_tasks and not form.per_task and any(item.stated):
        out.lines.extend(form.after_tasks(*item.stated))
    return tasks


def _table(doc: SeedDoc, layout: Layout) -> list[str]:
    """重点任务分工表 as text with tabs; an empty lead cell means the same leads as the row above."""
    place = doc.metadata["jurisdiction"] or ""
    lines = ["附件", f"{place}全民科学素质行动重点任务分工表", "序号\t重点任务\t牵头单位\t配合单位\t完成时限"]
    row = 0
    for chapter_number, chapter in enumerate(doc.chapters, start=1):
        lines.append(f"{cn_ordinal(chapter_number)}、{chapter.heading}")
        for item in chapter.items:
            lines.append(f"（{cn_ordinal(item.number)}）{item.heading}")
            above = None
            for task in item.tasks:
                row += 1
                leads, parts = split_roles(merge(item.stated, task.stated))
                cell = task.title
                if layout.table == "tasks":
                    cell = "".join(_sentences(task.body)[:2]).rstrip("。")
                lead_cell = "" if leads == above else _names(leads)
                above = leads
                lines.append(f"{row}\t{cell}\t{lead_cell}\t{_names(parts)}\t2025年底前")
    return lines


def render(doc: SeedDoc, layout: Layout) -> tuple[str, Expected]:
    """The seed rewritten in `layout`, and the expectation that rendering implies."""
    numbers = _Numbers(layout)
    out = _Out(_relevel(doc.head, numbers), [])
    base = 0
    if layout.wrap:
        out.lines.append(numbers.mark(0) + layout.wrap)
        base = 1
    item_counter = 0
    for chapter in doc.chapters:
        out.lines.append(numbers.mark(base) + chapter.heading)
        out.lines.extend(chapter.intro)
        for item in chapter.items:
            if layout.continuous_items:
                numbers.counts[base + 1] = item_counter
            tasks = _render_item(item, layout, numbers, base + 1, out)
            item_counter += 1
            out.expected.append(ExpItem(item.kind, item.number, item.title, tuple(tasks)))
    out.lines.extend(_relevel(doc.tail, numbers))
    if layout.table:
        out.lines.extend(_table(doc, layout))
    expected = Expected(tuple(out.expected), aliases_of(doc), seed_meta(doc))
    return "\n".join(out.lines) + "\n", expected


def strip_responsibility(text: str) -> str:
    """Remove bracketed responsibility statements (used by the table renderings' sanity tests)."""
    return re.sub(r"[（〔][^（〔）〕]*(?:牵头|负责|参加|配合)[^（〔）〕]*[）〕]", "", text)
