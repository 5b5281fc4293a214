"""Appendix tables (附件 任务分工): rows of name, lead and participant cells, matched to body items.

Tables arrive flattened: a Word table as one tab-separated line per row, a text copy with one
cell per line. Both are read as a stream of cells: a cell naming an action, project or task
opens a row; the department-list cells after it fill the table's department columns in order.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .clean import Para
from .patterns import NUMBERING, looks_like_department, strip_numbering
from .responsibility import names

LEAD_HEADER = re.compile(r"牵头|主办|主责")
DEPT_HEADER = re.compile(r"牵头|主办|主责|责任|参加|参与|配合|协办|协同")
NAME_CELL = re.compile(r"行动|工程|任务|计划")
THRESHOLD = 0.75


@dataclass(frozen=True)
class Row:
    """One appendix row: the item or task it names, with printed department names by role."""

    name: str
    line: int
    leads: tuple[str, ...]
    participants: tuple[str, ...]


def rows(paras: list[Para]) -> list[Row]:
    """Rows of every table in the appendix paragraphs."""
    roles: list[str] = []
    in_header = False
    found: list[Row] = []
    current: tuple[str, int, list[list[str]]] | None = None
    for line, cell in _cells(paras):
        if _is_header(cell):
            roles = (roles if in_header else []) + _header_role(cell)
            in_header = True
            continue
        in_header = False
        if _is_name(cell):
            current = (title_key(cell), line, [])
            found.append(_row(current, roles))
        elif current is not None and _is_department_list(cell):
            current[2].append(names(cell))
            found[-1] = _row(current, roles)
    return [row for row in found if row.leads or row.participants]


def _cells(paras: list[Para]) -> list[tuple[int, str]]:
    return [(p.line, cell.strip()) for p in paras for cell in p.text.split("\t") if cell.strip()]


def _is_header(cell: str) -> bool:
    return len(cell) <= 8 and bool(DEPT_HEADER.search(cell) or cell in ("类别", "序号", "任务内容", "任务"))


def _header_role(cell: str) -> list[str]:
    """The role a header cell gives its column, if it is a department column."""
    if not DEPT_HEADER.search(cell):
        return []
    return ["lead" if LEAD_HEADER.search(cell) else "participant"]


def _is_name(cell: str) -> bool:
    return any(p.match(cell) for p in NUMBERING) or (
        bool(NAME_CELL.search(cell)) and not _is_department_list(cell) and len(cell) > 4
    )


def _is_department_list(cell: str) -> bool:
    parts = [part for part in re.split(r"[、，,]", cell) if part]
    return bool(parts) and all(looks_like_department(part.strip()) for part in parts)


def _row(current: tuple[str, int, list[list[str]]], roles: list[str]) -> Row:
    name, line, columns = current
    roles = roles or ["lead", "participant"]
    leads = [n for role, col in zip(roles, columns, strict=False) if role == "lead" for n in col]
    others = [n for role, col in zip(roles, columns, strict=False) if role != "lead" for n in col]
    return Row(name, line, tuple(dict.fromkeys(leads)), tuple(dict.fromkeys(others)))


def title_key(text: str) -> str:
    """A name reduced for comparison: no numbering, no leading 实施, no trailing 。."""
    return re.sub(r"^实施", "", strip_numbering(text.strip())).rstrip("。").strip()


def best_match(name: str, candidates: list[str]) -> int | None:
    """Index of the candidate most similar to name, if similar enough."""
    scores = [difflib.SequenceMatcher(None, name, title_key(c)).ratio() for c in candidates]
    if not scores or max(scores) < THRESHOLD:
        return None
    return scores.index(max(scores))
