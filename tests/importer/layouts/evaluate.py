"""Score the importer on a variant exactly as issue #10 judges it.

- placement: share of expected tasks found under the right action/project (items matched by
  title similarity, or kind+number with a looser title; tasks by title similarity ≥ 0.8 after
  converting to simplified and dropping punctuation and spaces);
- F1 on (item, department, role): for each task, the departments its task- and item-level
  assignments give it (a lead anywhere stays lead), collected per item; departments compared after
  the truth's alias merge;
- silent loss: an expected task found nowhere, with no error, no `no_tasks` warning and no warning
  whose line falls in that task's lines (or whose context names it);
- tracebacks: any exception other than the importer's own SciplanError;
- metadata, targets and duplicate detection where the variant declares them.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from .model import Expected, ExpTask, Variant
from .textnorm import norm, residue, similarity

TASK_MATCH = 0.8


@dataclass
class Score:
    variant: Variant
    expected_tasks: int = 0
    found_tasks: int = 0
    placed: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missing: list[str] = field(default_factory=list)  # expected tasks found nowhere
    misplaced: list[str] = field(default_factory=list)  # found, but under another item
    unwarned: list[str] = field(default_factory=list)  # missing, and no warning says so
    extra: list[str] = field(default_factory=list)  # found tasks that match no expected task
    wrong_roles: list[str] = field(default_factory=list)  # a few (item, dept, role) misses, for messages
    spurious_roles: list[str] = field(default_factory=list)
    traceback: str | None = None
    error: str | None = None  # the importer refused the file (SciplanError)
    meta_errors: list[str] = field(default_factory=list)
    target_errors: list[str] = field(default_factory=list)
    duplicate_ok: bool | None = None  # only for variants that hold the document twice
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def placement(self) -> float:
        return self.placed / self.expected_tasks if self.expected_tasks else 1.0

    @property
    def f1(self) -> float:
        if not self.tp:
            return 0.0 if (self.fp or self.fn) else 1.0
        precision, recall = self.tp / (self.tp + self.fp), self.tp / (self.tp + self.fn)
        return 2 * precision * recall / (precision + recall)

    @property
    def silent_loss(self) -> bool:
        return bool(self.unwarned)

    def describe(self) -> str:
        """A failure message the importer's author can act on."""
        v = self.variant
        parts = [
            f"variant {v.family}/{v.name} of seed {v.seed} ({v.notes})" if v.notes else f"variant {v.id}",
            f"placed {self.placed}/{self.expected_tasks} tasks ({self.placement:.0%}), found {self.found_tasks}",
            f"F1 {self.f1:.1%} (tp {self.tp}, fp {self.fp}, fn {self.fn})",
        ]
        if self.traceback:
            parts.append("TRACEBACK:\n" + self.traceback)
        if self.error:
            parts.append(f"refused: {self.error}")
        for label, values in (
            ("missing", self.missing),
            ("unwarned (silent loss)", self.unwarned),
            ("under the wrong item", self.misplaced),
            ("extra tasks", self.extra),
            ("expected (item, dept, role) not found", self.wrong_roles),
            ("found (item, dept, role) not expected", self.spurious_roles),
            ("metadata", self.meta_errors),
            ("targets", self.target_errors),
        ):
            if values:
                shown = values[:8] + ([f"… {len(values) - 8} more"] if len(values) > 8 else [])
                parts.append(f"{label}: " + "; ".join(shown))
        if self.duplicate_ok is False:
            parts.append("the document is in the file twice: expected an error or a duplicate warning")
        if self.warnings:
            parts.append("warnings: " + "; ".join(self.warnings[:6]))
        return "\n  ".join(parts)


# --- matching ----------------------------------------------------------------------------------


def _match_items(expected: Expected, found: Any) -> dict[int, int]:
    """expected item index → found item index, one to one, best title first."""
    pairs = []
    for i, exp in enumerate(expected.items):
        for j, item in enumerate(found.items):
            same_kind = exp.kind == item.kind
            if expected.match_kind and not same_kind:
                continue
            sim = similarity(exp.title, item.title, 0.5)
            same_slot = same_kind and exp.number == item.number
            if sim >= TASK_MATCH or (same_slot and sim >= 0.5):
                pairs.append((sim + (0.01 if same_slot else 0.0), i, j))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched


def _match_tasks(expected: tuple[ExpTask, ...], found: list[Any]) -> dict[int, int]:
    pairs = []
    for i, exp in enumerate(expected):
        for j, task in enumerate(found):
            sim = similarity(exp.title, task.title, TASK_MATCH)
            if sim >= TASK_MATCH:
                pairs.append((sim, -abs(i - j), i, j))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in sorted(pairs, reverse=True):
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched


def _merged(*assignment_lists: Any) -> dict[str, str]:
    roles: dict[str, str] = {}
    for assignments in assignment_lists:
        for a in assignments:
            if a.role == "lead":
                roles[a.department] = "lead"
            else:
                roles.setdefault(a.department, "participant")
    return roles


class _Departments:
    """Department names to comparison keys, through the truth's aliases and the draft's."""

    def __init__(self, expected: Expected, draft: Any) -> None:
        self.known = {norm(printed): norm(canonical) for printed, canonical in expected.aliases}
        self.found_aliases = {d.name: (d.name, *d.aliases) for d in getattr(draft, "departments", ())}
        self.ignored = {norm(name) for name in expected.ignore_departments}

    def key(self, name: str, *, found: bool = False) -> str:
        forms = self.found_aliases.get(name, (name,)) if found else (name,)
        for form in forms:
            if norm(form) in self.known:
                return self.known[norm(form)]
        return norm(name)


def _score_roles(score: Score, expected: Expected, draft: Any, items: dict[int, int]) -> None:
    depts = _Departments(expected, draft)
    want: set[tuple[int | str, str, str]] = set()
    titles: dict[int | str, str] = {}
    for i, item in enumerate(expected.items):
        titles[i] = item.title
        for task in item.tasks:
            want |= {(i, depts.key(name), role) for name, role in task.roles}
    back = {j: i for i, j in items.items()}
    got: set[tuple[int | str, str, str]] = set()
    for j, item in enumerate(draft.items):
        key: int | str = back.get(j, f"found#{j}")
        titles.setdefault(key, f"unmatched item {item.title}")
        for task in item.tasks:
            roles = _merged(item.assignments, task.assignments)
            got |= {(key, depts.key(name, found=True), role) for name, role in roles.items()}
    want = {t for t in want if t[1] not in depts.ignored}
    got = {t for t in got if t[1] not in depts.ignored}
    score.tp, score.fp, score.fn = len(want & got), len(got - want), len(want - got)
    score.wrong_roles = sorted(f"({titles[k]}, {d}, {r})" for k, d, r in want - got)
    score.spurious_roles = sorted(f"({titles[k]}, {d}, {r})" for k, d, r in got - want)


# --- where each task sits in the variant's text --------------------------------------------------


def _task_spans(variant: Variant) -> list[tuple[int, int] | None]:
    """1-based (first, last) line of each expected task in the variant, in order."""
    lines = variant.text.split("\n")
    noise = residue(lines)  # a page break may fall inside a task, even inside its title
    keys = ["" if i in noise else norm(line) for i, line in enumerate(lines)]
    joined, starts = "", []
    for key in keys:
        starts.append(len(joined))
        joined += key
    offsets: list[int | None] = []
    position = 0
    for item in variant.expected.items:
        for task in item.tasks:
            anchor = norm(task.anchor)[:10]
            hit = joined.find(anchor, position) if anchor else -1
            if hit == -1 and anchor:
                hit = joined.find(anchor)
            offsets.append(hit if hit != -1 else None)
            position = hit + 1 if hit != -1 else position
    line_of = [_line_at(starts, off) if off is not None else None for off in offsets]
    spans: list[tuple[int, int] | None] = []
    for index, first in enumerate(line_of):
        if first is None:
            spans.append(None)
            continue
        following = [n for n in line_of[index + 1 :] if n is not None and n > first]
        spans.append((first, (following[0] - 1) if following else first + 8))
    return spans


def _line_at(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low + 1


def _warned(draft: Any, title: str, span: tuple[int, int] | None) -> bool:
    for warning in draft.warnings:
        if warning.code == "no_tasks":
            return True
        if span and warning.line is not None and span[0] - 2 <= warning.line <= span[1] + 2:
            return True
        if norm(title)[:6] and norm(title)[:6] in norm(f"{warning.message}{warning.context}"):
            return True
    return False


# --- metadata, targets, duplicates -------------------------------------------------------------


def _same(found: Any, want: Any) -> bool:
    if callable(want):
        return bool(want(found))
    if isinstance(want, str) or want is None:
        return norm(found if isinstance(found, str) else None) == norm(want)
    if isinstance(want, float):
        return isinstance(found, int | float) and abs(found - want) < 1e-6
    return bool(found == want)


def _score_meta(score: Score, expected: Expected, draft: Any) -> None:
    for name, want in expected.meta:
        found = getattr(draft, name, None)
        if not _same(found, want):
            shown = getattr(want, "__doc__", None) if callable(want) else repr(want)
            score.meta_errors.append(f"{name}: got {found!r}, expected {shown}")


def _target_key(value: float | None, unit: str, year: int | None) -> tuple[float | None, str, int | None]:
    return (round(value, 4) if value is not None else None, unit, year)


def _score_targets(score: Score, expected: Expected, draft: Any, items: dict[int, int]) -> None:
    for i, item in enumerate(expected.items):
        found_item = draft.items[items[i]] if i in items else None
        tasks = list(found_item.tasks) if found_item else []
        matched = _match_tasks(item.tasks, tasks)
        for t, task in enumerate(item.tasks):
            if task.targets is None:
                continue
            want = sorted((_target_key(*target) for target in task.targets), key=repr)
            got = (
                sorted((_target_key(x.value, x.unit, x.year) for x in tasks[matched[t]].targets), key=repr)
                if t in matched
                else None
            )
            if got != want:
                score.target_errors.append(f"{task.title}: got {got}, expected {want}")


def _duplicate_detected(draft: Any, expected: Expected) -> bool:
    flagged = any(
        "dup" in w.code or "repeat" in w.code or "twice" in w.code or "重复" in w.message for w in draft.warnings
    )
    return flagged and draft.task_count() <= expected.task_count()


# --- the whole score ---------------------------------------------------------------------------


def parse(variant: Variant) -> tuple[Any, str | None, str | None, float]:
    """(draft or None, refusal message, traceback, seconds) for a variant's bytes."""
    from sciplan_tui.errors import SciplanError
    from sciplan_tui.importer import parse_bytes

    started = time.perf_counter()
    try:
        draft = parse_bytes(variant.data(), variant.file_name)
    except SciplanError as exc:
        return None, str(exc), None, time.perf_counter() - started
    except Exception:
        return None, None, traceback.format_exc(limit=6), time.perf_counter() - started
    return draft, None, None, time.perf_counter() - started


def score(variant: Variant) -> Score:
    expected = variant.expected
    result = Score(variant, expected_tasks=expected.task_count())
    draft, result.error, result.traceback, result.seconds = parse(variant)
    if expected.duplicate:
        result.duplicate_ok = draft is None and result.error is not None
    if draft is None:
        result.missing = [task.title for item in expected.items for task in item.tasks]
        result.fn = sum(len(task.roles) for item in expected.items for task in item.tasks)
        if result.traceback:
            result.unwarned = list(result.missing)  # a crash warns nobody
        return result
    result.warnings = [f"{w.code}@{w.line}: {w.message[:40]}" for w in draft.warnings]
    if expected.duplicate:
        result.duplicate_ok = _duplicate_detected(draft, expected)
    found_tasks = [task for item in draft.items for task in item.tasks]
    result.found_tasks = len(found_tasks)
    items = _match_items(expected, draft)
    spans = _task_spans(variant)
    anywhere = _match_tasks(tuple(t for item in expected.items for t in item.tasks), found_tasks)
    index = 0
    for i, item in enumerate(expected.items):
        placed = _match_tasks(item.tasks, list(draft.items[items[i]].tasks)) if i in items else {}
        for t, task in enumerate(item.tasks):
            if t in placed:
                result.placed += 1
            elif index in anywhere:
                result.misplaced.append(f"{task.title} (expected under {item.title})")
            else:
                result.missing.append(f"{task.title} (of {item.title})")
                span = spans[index]
                if not _warned(draft, task.title, span):
                    where = f"lines {span[0]}-{span[1]}" if span else "not located"
                    result.unwarned.append(f"{task.title} ({where})")
            index += 1
    used = set(anywhere.values())
    result.extra = [task.title[:30] for j, task in enumerate(found_tasks) if j not in used]
    _score_roles(result, expected, draft, items)
    _score_meta(result, expected, draft)
    _score_targets(result, expected, draft, items)
    return result
