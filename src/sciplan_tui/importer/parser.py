"""Assemble a PlanDraft from cleaned paragraphs: items, tasks, assignments, targets, milestones, warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import ImportFailed
from .appendix import Row, best_match, rows, title_key
from .clean import Para, clean
from .departments import canonical_map, department_drafts
from .drafts import AssignmentDraft, CoverageDraft, ImportWarning, ItemDraft, PlanDraft, Role, Source, TaskDraft
from .hant import simplify_if_traditional
from .metadata import Metadata, doc_number_incomplete, read_metadata
from .patterns import first_sentence, strip_numbering
from .printed import restore_printed
from .responsibility import POSITIONAL, Statement, parse_standalone, split_trailing
from .schedule import milestones
from .structure import Layout, RawItem, RawTask, item_kind, layout
from .targets import due_year, find_targets

Ref = tuple[str, Role, Source]  # a printed department name, its role, where it was written
UNPLACED_SHARE = 0.05  # more unplaced body paragraphs than this and a real import is refused


@dataclass
class TaskPart:
    """A task before department names are made canonical."""

    title: str
    body: str
    line: int
    refs: list[Ref] = field(default_factory=list)
    closing: list[Ref] = field(default_factory=list)  # from statements in paragraphs of their own
    labelled: bool = False  # its trailing statement carries a 责任单位/牵头单位 label


@dataclass
class ItemPart:
    """An item before department names are made canonical."""

    raw: RawItem
    number: int
    title: str
    body: str
    refs: list[Ref] = field(default_factory=list)
    tasks: list[TaskPart] = field(default_factory=list)
    table_fed: bool = False  # tasks added from a responsibility table


def parse_text(text: str, name: str, checksum: str) -> PlanDraft:
    """Parse a decoded plan text into a frozen draft; ImportFailed when it is not a plan.

    A plan in traditional characters is read in a simplified copy (one character for one) and
    its printed text is put back into the draft.
    """
    working = simplify_if_traditional(text)
    draft = _parse(working, name, checksum)
    return draft if working is text else restore_printed(draft, working, text)


def _parse(text: str, name: str, checksum: str) -> PlanDraft:
    paras = clean(text)
    if not paras:
        raise ImportFailed("import.empty", file=name)
    paras, repeat = _first_copy(paras)
    found = layout(paras)
    _check_genre(paras, found, name)
    meta = read_metadata(paras, found.front_end)
    assembler = _Assembler(meta, found, name, checksum)
    if repeat is not None:
        message = f"同一方案在文件中出现了两次（第 {repeat} 行起重复），只读取第一份"
        assembler.warn("duplicate_document", message, repeat)
    return assembler.draft(paras)


def _first_copy(paras: list[Para], run: int = 6) -> tuple[list[Para], int | None]:
    """The paragraphs up to where the document starts over (pasted twice), and the line it restarts at.

    Compared on paragraphs of some length only: short cover lines repeated are dropped as running headers.
    """
    long = [index for index, para in enumerate(paras) if len(para.text) >= 20]
    if len(long) < 2 * run:
        return paras, None
    head = [paras[i].text for i in long[:run]]
    for position in range(run, len(long) - run + 1):
        if [paras[i].text for i in long[position : position + run]] == head:
            start = long[position]
            while start > long[position - 1] + 1 and paras[start - 1].text in {p.text for p in paras[: long[0] + 1]}:
                start -= 1
            return paras[:start], paras[start].line
    return paras, None


def _check_genre(paras: list[Para], found: Layout, name: str) -> None:
    text = "\n".join(p.text for p in paras)
    skeleton = bool(found.items) or bool(re.search(r"提升行动|重点工程", text))
    if not (skeleton or "科学素质" in text):
        raise ImportFailed("import.not_a_plan", file=name)


class _Assembler:
    """Builds the draft in three passes: read items, attach the appendix, make names canonical."""

    def __init__(self, meta: Metadata, found: Layout, name: str, checksum: str) -> None:
        self.meta, self.layout, self.name, self.checksum = meta, found, name, checksum
        self.warnings: list[ImportWarning] = []
        # The plan says somewhere (a note under a table, a statement) that the first unit named leads.
        self.first_leads = False

    def refs(self, statement: Statement | None, source: Source) -> list[Ref]:
        return _refs(statement, source, self.first_leads)

    def draft(self, paras: list[Para]) -> PlanDraft:
        self.first_leads = any(POSITIONAL.search(p.text) for p in paras)
        parts = self.drop_repeat(self.items())
        self.check_coverage(paras)
        self.attach_appendix(parts)
        self.check_metadata(paras)
        printed = [ref[0] for part in parts for ref in _all_refs(part)]
        mapping = canonical_map(printed, self.meta.level)
        items = tuple(self.item_draft(part, mapping) for part in parts)
        if not any(item.tasks for item in items):
            self.warn("no_tasks", "未找到任何任务：文件可能只有封面或内容不完整")
        return PlanDraft(
            title=self.meta.title or _fallback_title(paras),
            jurisdiction=self.meta.jurisdiction,
            level=self.meta.level,
            period_start=self.meta.period_start,
            period_end=self.meta.period_end,
            doc_number=self.meta.doc_number,
            issue_date=self.meta.issue_date,
            issuer=self.meta.issuer,
            is_draft=self.meta.is_draft,
            headline_target=self.meta.headline_target,
            source_name=self.name,
            checksum=self.checksum,
            items=items,
            milestones=milestones(self.layout.schedule),
            departments=department_drafts(printed, mapping),
            coverage=self.coverage(paras),
            warnings=tuple(sorted(self.warnings, key=lambda w: w.line or 0)),
        )

    def warn(self, code: str, message: str, line: int | None = None, context: str = "") -> None:
        self.warnings.append(ImportWarning(code, message, line, context))

    # -- items and tasks -------------------------------------------------------------------

    def items(self) -> list[ItemPart]:
        counters = {"action": 0, "project": 0}
        parts = []
        for raw in self.layout.items:
            counters[raw.kind] += 1
            parts.append(self.item_part(raw, counters[raw.kind]))
        return parts

    def item_part(self, raw: RawItem, number: int) -> ItemPart:
        title, inline = _split_heading(raw.heading)
        intro, refs = [], []
        for text in [inline, *(p.text for p in raw.intro)]:
            text, statement = split_trailing(text)
            intro.extend([text] if text else [])
            refs.extend(self.refs(statement, "item"))
        for para in raw.statements:
            refs.extend(self.refs(parse_standalone(para.text), "item"))
        part = ItemPart(raw, number, title, "\n".join(intro), refs, [self.task_part(task) for task in raw.tasks])
        self.lift_closing_statement(part)
        if raw.slip:
            self.warn("numbering_slip", f"“{title}”的编号与同级不一致，已按{_kind_name(raw.kind)}读取", raw.line, title)
        for task in raw.tasks:
            if task.slip:
                self.warn(
                    "numbering_slip",
                    f"任务“{task.head.text[:30]}”的编号与同级不一致，已按任务读取",
                    task.head.line,
                    task.head.text,
                )
        if raw.tasks and not raw.numbered_tasks:
            self.warn("unnumbered_tasks", f"“{title}”下的任务没有编号，已按段落逐条读取，请核对", raw.line, title)
        return part

    def task_part(self, raw: RawTask) -> TaskPart:
        texts: list[str] = []
        task = TaskPart("", "", raw.head.line)
        for para in [raw.head, *raw.body]:
            standalone = parse_standalone(para.text) if para is not raw.head else None
            if standalone is not None:
                task.closing.extend(self.refs(standalone, "task"))
                continue
            text, statement = split_trailing(para.text)
            task.refs.extend(self.refs(statement, "task"))
            task.labelled = task.labelled or bool(statement and statement.labelled)
            texts.extend([text] if text else [])
        task.body = "\n".join(texts)
        head = texts[0] if texts else raw.head.text
        title, rest = first_sentence(head)
        task.title = (title if rest or len(texts) == 1 else head).rstrip("：:").strip()
        return task

    def lift_closing_statement(self, part: ItemPart) -> None:
        """A statement after an item's last task belongs to the item, when no other task has one of its own.

        Applies when the item states no responsibility elsewhere: a statement paragraph after the
        last task (责任单位：… after the list; other tasks may still close with their own 〔…〕), or
        a labelled one glued to the last task's end (seed 003 lost the line break before its
        （责任分工：…）). Otherwise every statement stays with the task it follows.
        """
        last = part.tasks[-1] if part.tasks else None
        others = any(t.refs or t.closing for t in part.tasks[:-1])
        if last is not None and not part.refs and last.closing and not any(t.closing for t in part.tasks[:-1]):
            part.refs = [(name, role, "item") for name, role, _ in last.closing]
            last.closing = []
        elif last is not None and not part.refs and last.labelled and len(part.tasks) > 1 and not others:
            part.refs = [(name, role, "item") for name, role, _ in last.refs]
            last.refs = []
        for task in part.tasks:
            task.refs.extend(task.closing)
            task.closing = []

    def drop_repeat(self, parts: list[ItemPart]) -> list[ItemPart]:
        """A document pasted twice in one file: keep one copy and refuse it unless the clerk accepts it."""
        keys = [(part.raw.kind, part.title) for part in parts]
        half = len(keys) // 2
        if half and len(keys) % 2 == 0 and keys[:half] == keys[half:]:
            line = parts[half].raw.line
            self.warn("duplicate_document", f"同一方案在文件中出现了两次（第 {line} 行起重复），只读取第一份", line)
            return parts[:half]
        seen: dict[tuple[str, str], int] = {}
        for part in parts:
            if part.title and (part.raw.kind, part.title) in seen:
                first = seen[(part.raw.kind, part.title)]
                self.warn(
                    "duplicate_item",
                    f"“{part.title}”出现了两次（第 {first} 行与第 {part.raw.line} 行）",
                    part.raw.line,
                    part.title,
                )
            seen.setdefault((part.raw.kind, part.title), part.raw.line)
        return parts

    def check_coverage(self, paras: list[Para]) -> None:
        """Every body paragraph is placed; what is not, and sections that yield nothing, are warned about."""
        for para in self.layout.unplaced:
            self.warn("unplaced_text", f"未能归入任何行动、工程或任务的段落：{para.text[:40]}", para.line, para.text)
        for section in self.layout.sections:
            if section.items == 0:
                self.warn(
                    "empty_section",
                    f"“{section.title}”一节没有读出任何{_kind_name(section.kind[:-1])}",
                    section.line,
                    section.title,
                )
        body = [p for p in paras[self.layout.front_end :] if self.layout.roles.get(id(p)) not in (None, "appendix")]
        if body and len(self.layout.unplaced) / len(body) > UNPLACED_SHARE:
            share = f"{len(self.layout.unplaced)}/{len(body)}"
            self.warn("unplaced_share", f"正文中有 {share} 段未能归入任何任务，超过 {UNPLACED_SHARE:.0%}", None, share)

    def coverage(self, paras: list[Para]) -> tuple[CoverageDraft, ...]:
        """Paragraphs placed / total, per top-level part of the document."""
        found: list[CoverageDraft] = []
        title, placed, total = "封面与前言", 0, 0
        for index, para in enumerate(paras):
            role = self.layout.roles.get(id(para))
            if role in ("appendix", "table"):
                continue  # tables are read row by row; their rows are matched or warned about one by one
            if index >= self.layout.front_end and role == "heading" and id(para) in self.layout.tops:
                found.append(CoverageDraft(title, placed, total))
                title, placed, total = strip_numbering(para.text)[:20], 0, 0
            total += 1
            placed += role != "unplaced"
        found.append(CoverageDraft(title, placed, total))
        return tuple(c for c in found if c.total)

    # -- appendix --------------------------------------------------------------------------

    def attach_appendix(self, parts: list[ItemPart]) -> None:
        """Rows of responsibility tables: onto the item or task they name, or new tasks of the table's own."""
        tables = sorted([*self.layout.tables, *self.layout.appendix], key=lambda p: p.line)
        group: ItemPart | None = None
        for row in rows(tables, self.first_leads):
            owner = self.appendix_owner(row, parts)
            if isinstance(owner, ItemPart):
                group = owner
            elif owner is None and not item_kind(row.name):  # an unknown action or project is not a task
                group = self.row_item(row, parts, group)
                owner = self.table_task(row, group) if group is not None else None
            if owner is None:
                message = f"附件中的“{row.name}”未能对应到正文中的行动、工程或任务"
                self.warn("unmatched_appendix", message, row.line, row.name)
                continue
            owner.refs.extend((n, "lead", "appendix") for n in row.leads)
            owner.refs.extend((n, "participant", "appendix") for n in row.participants)

    def appendix_owner(self, row: Row, parts: list[ItemPart]) -> ItemPart | TaskPart | None:
        """The item or task a row names: by its whole name, or by the first sentence of a long one."""
        name, body = first_sentence(row.name)
        index = None if body else best_match(name, [part.title for part in parts])  # a cell with a body is a task
        if index is not None:
            return parts[index]
        tasks = [task for part in parts if part.raw.numbered_tasks for task in part.tasks]
        index = best_match(name, [task.title for task in tasks])
        return tasks[index] if index is not None else None

    def row_item(self, row: Row, parts: list[ItemPart], group: ItemPart | None) -> ItemPart | None:
        """The item a table-only task belongs to: its category column, else the group the rows are under."""
        if row.category:
            index = best_match(title_key(row.category), [part.title for part in parts], 0.6)
            if index is not None:
                return parts[index]
            if item_kind(title_key(row.category)):
                return self.new_item(row.category, row.line, parts)
        if group is not None:
            return group
        return parts[-1] if len(parts) == 1 else None

    def new_item(self, heading: str, line: int, parts: list[ItemPart]) -> ItemPart:
        kind = item_kind(title_key(heading)) or "action"
        number = 1 + sum(1 for part in parts if part.raw.kind == kind)
        part = ItemPart(RawItem(kind, title_key(heading), line), number, title_key(heading), "")
        parts.append(part)
        return part

    def table_task(self, row: Row, item: ItemPart) -> TaskPart:
        if not item.raw.numbered_tasks and not item.table_fed:
            # The table lists the item's tasks: its paragraphs were its introduction after all.
            item.body = "\n".join([item.body, *(task.body for task in item.tasks)]).strip()
            item.tasks = []
            self.warnings = [w for w in self.warnings if not (w.code == "unnumbered_tasks" and w.line == item.raw.line)]
        item.table_fed = True
        task = TaskPart(first_sentence(row.name)[0], row.name, row.line)
        item.tasks.append(task)
        self.warn("table_task", f"任务“{task.title[:30]}”只见于分工表，已列入“{item.title}”", row.line, row.name)
        return task

    # -- drafts ----------------------------------------------------------------------------

    def item_draft(self, part: ItemPart, mapping: dict[str, str]) -> ItemDraft:
        tasks = tuple(self.task_draft(n, task, mapping) for n, task in enumerate(part.tasks, 1))
        if not part.refs and not any(task.assignments for task in tasks):
            self.warn("unassigned", f"“{part.title}”没有写明牵头或责任单位", part.raw.line, part.title)
        self.warn_blanks(find_targets(part.body, part.raw.line))
        return ItemDraft(
            kind=part.raw.kind,
            number=part.number,
            title=part.title,
            body=part.body,
            assignments=_assignments(part.refs, mapping),
            tasks=tasks,
            line=part.raw.line,
        )

    def task_draft(self, number: int, task: TaskPart, mapping: dict[str, str]) -> TaskDraft:
        targets = find_targets(task.body, task.line)
        self.warn_blanks(targets)
        return TaskDraft(
            number=number,
            title=task.title,
            body=task.body,
            assignments=_assignments(task.refs, mapping),
            targets=targets,
            due_year=due_year(task.body, self.meta.period_end),
            line=task.line,
        )

    def warn_blanks(self, targets: tuple) -> None:  # type: ignore[type-arg]
        for target in targets:
            if target.value is None:
                message = f"目标数值空缺（单位：{target.unit}），待填写：{target.text}"
                self.warn("blank_target", message, target.line, target.text)

    def check_metadata(self, paras: list[Para]) -> None:
        number = self.meta.doc_number
        if number and doc_number_incomplete(number):
            self.warn("incomplete_doc_number", f"文号不完整：{number}", _line_of(paras, number), number)
        if not self.meta.title:
            self.warn("no_title", "未找到方案标题")


def _kind_name(kind: str) -> str:
    return "提升行动" if kind == "action" else "重点工程"


def _split_heading(heading: str) -> tuple[str, str]:
    title, _, inline = heading.partition("。")
    return _clean_title(title), inline.strip()


def _clean_title(text: str) -> str:
    """An item title: no numbering, no leading 实施 (unless nothing else is left), no 。."""
    return title_key(text) if len(text.strip()) > 6 else text.strip().rstrip("。")


def _refs(statement: Statement | None, source: Source, first_leads: bool = False) -> list[Ref]:
    """The names of a statement with their roles; a plain list led by its first name when the plan says so."""
    if statement is None:
        return []
    if statement.ordered and first_leads:
        statement = Statement(statement.participants[:1], statement.participants[1:], statement.labelled)
    return [(n, "lead", source) for n in statement.leads] + [(n, "participant", source) for n in statement.participants]


def _all_refs(part: ItemPart) -> list[Ref]:
    return part.refs + [ref for task in part.tasks for ref in task.refs]


def _assignments(refs: list[Ref], mapping: dict[str, str]) -> tuple[AssignmentDraft, ...]:
    """Canonical names, each department once: a lead role wins over a participant one."""
    chosen: dict[str, AssignmentDraft] = {}
    for name, role, source in refs:
        department = mapping[name]
        if department not in chosen or (role == "lead" and chosen[department].role != "lead"):
            chosen[department] = AssignmentDraft(department, role, source)
    return tuple(chosen.values())


def _line_of(paras: list[Para], text: str) -> int | None:
    return next((p.line for p in paras if text in p.text), None)


def _fallback_title(paras: list[Para]) -> str:
    return next((p.text.strip()[:60] for p in paras if p.text.strip()), "")
