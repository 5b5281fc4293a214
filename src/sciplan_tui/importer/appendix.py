"""Responsibility tables (任务分工表, in an appendix or in the body): rows by column, matched to the body.

Tables arrive flattened: a Word or tab-separated table as one line per row, a text copy with one
cell per line (a leading tab; an empty cell is a lone tab; a line without a tab continues the
cell above). The header row says what each column holds (序号, 类别, 重点任务, 牵头单位,
配合单位, 完成时限); cells are then read by position. An empty cell in a merged column (类别,
牵头单位) means the same as the row above.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .clean import Para
from .markers import marker_of
from .patterns import looks_like_department, strip_numbering
from .responsibility import POSITIONAL, names, names_marked

HEADER_ROLES: tuple[tuple[str, str], ...] = (
    ("seq", r"^(?:序号|编号|序)$"),
    ("lead", r"牵头|主办|主责"),
    ("participant", r"配合|参与|参加|协办|协同|协作"),
    ("responsible", r"责任(?:单位|部门)|实施(?:单位|主体)|责任主体"),
    ("deadline", r"时限|时间|期限|进度|完成时"),
    ("category", r"^(?:类别|类型|领域|板块|所属.*|提升行动|重点工程|行动|工程|项目类别)$"),
    ("name", r"任务|内容|事项|措施|工作|名称|项目|目标"),
)
NAME_CELL = re.compile(r"行动|工程|任务|计划")
THRESHOLD = 0.75


@dataclass(frozen=True)
class Row:
    """One table row: the item or task it names, its category, and printed department names by role."""

    name: str
    line: int
    leads: tuple[str, ...]
    participants: tuple[str, ...]
    category: str = ""
    deadline: str = ""


@dataclass
class _Table:
    roles: list[str]
    rows: list[Row] = field(default_factory=list)
    above: dict[str, str] = field(default_factory=dict)  # the last non-empty cell of each column
    first_leads: bool = False


def header_role(cell: str) -> str | None:
    """What a header cell says its column holds, if it is a header cell."""
    if not cell or len(cell) > 10:
        return None
    return next((role for role, words in HEADER_ROLES if re.search(words, cell)), None)


def _is_header(cells: list[str]) -> bool:
    roles = [header_role(c) for c in cells if c]
    return len(roles) >= 2 and all(roles) and any(r in ("lead", "participant", "responsible") for r in roles)


def rows(paras: list[Para], first_leads: bool = False) -> list[Row]:
    """Rows of every table in the paragraphs, in order."""
    found: list[Row] = []
    for table in _tables(_row_cells(paras)):
        table.first_leads = first_leads or table.first_leads
        found.extend(table.rows)
    return [row for row in found if row.leads or row.participants or row.name]


def _row_cells(paras: list[Para]) -> list[tuple[int, list[str], bool]]:
    """Rows as lists of cells, and whether they are a cell stream (one cell per line) rather than one row."""
    out: list[tuple[int, list[str], bool]] = []
    stream: list[str] | None = None
    for para in paras:
        text = para.text
        single = (text.startswith("\t") and text.count("\t") == 1) or text == "\t"
        if single:
            if stream is None:
                stream = []
                out.append((para.line, stream, True))
            stream.append(text.strip())
        elif "\t" in text:
            stream = None
            out.append((para.line, [cell.strip() for cell in text.split("\t")], False))
        elif stream:
            stream[-1] += text.strip()
        else:
            out.append((para.line, [text.strip()], False))
    return out


def _tables(lines: list[tuple[int, list[str], bool]]) -> list[_Table]:
    """Tables: a header row, then data rows read by column (a cell stream is cut into rows, see _stream_rows)."""
    tables: list[_Table] = []
    current: _Table | None = None
    for line, cells, is_stream in lines:
        index = 0
        while index < len(cells):
            header = _header_at(cells, index)
            if header:
                current = _Table(header)
                tables.append(current)
                index += len(header)
                continue
            if current is None:
                break
            end = _next_header(cells, index) if is_stream else len(cells)
            rows_ = _stream_rows(cells[index:end], current.roles) if is_stream else [cells[index:end]]
            for row in rows_:
                if POSITIONAL.search(" ".join(row)):
                    current.first_leads = True
                _add_row(current, row, line)
            index = end
    return tables


def _next_header(cells: list[str], start: int) -> int:
    return next((i for i in range(start, len(cells)) if _header_at(cells, i)), len(cells))


def _stream_rows(cells: list[str], roles: list[str]) -> list[list[str]]:
    """A stream of cells cut into rows of the table's width, kept in step by the name cells.

    A copy may drop an empty (merged) cell: a cell naming a task or an action always goes to the
    name column, so a row whose leading cells went missing starts where its name is.
    """
    name_column = roles.index("name") if "name" in roles else None
    rows_: list[list[str]] = []
    row: list[str] = []
    for cell in cells:
        if name_column is not None and is_name(cell) and len(row) != name_column:
            if len(row) > name_column:
                rows_.append(row)
                row = []
            row += [""] * (name_column - len(row))
        row.append(cell)
        if len(row) == len(roles):
            rows_.append(row)
            row = []
    return [*rows_, row] if row else rows_


def _header_at(cells: list[str], start: int) -> list[str]:
    """The column roles of a header starting at cells[start], or [] when none starts there."""
    end, seen = start, set()
    while end < len(cells) and header_role(cells[end]) and header_role(cells[end]) not in seen:
        seen.add(header_role(cells[end]))
        end += 1
    found = cells[start:end]
    return [header_role(c) or "" for c in found] if end - start >= 2 and _is_header(found) else []


def _add_row(table: _Table, cells: list[str], line: int) -> None:
    filled = [c for c in cells if c]
    if len(set(filled)) == 1 and len(cells) > 1 and _is_group(filled[0]):
        table.above["category"] = filled[0]  # a row spanning the table: the group the next rows belong to
        return
    if len(cells) == 1 and _is_group(cells[0]):
        table.above["category"] = cells[0]
        return
    values: dict[str, str] = {}
    for role, cell in zip(table.roles, cells, strict=False):
        if not cell and role in ("category", "lead", "participant", "responsible", "deadline"):
            cell = table.above.get(role, "")  # a merged cell: same as the row above
        values[role] = cell
        if cell:
            table.above[role] = cell
    name = values.get("name", "")
    if not name:
        return
    leads, participants = _people(values, table.first_leads)
    category = values.get("category") or table.above.get("category", "")
    table.rows.append(Row(title_key(name), line, leads, participants, category, values.get("deadline", "")))


def _people(values: dict[str, str], first_leads: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    leads = names(values.get("lead", ""))
    others: list[str] = []
    for role in ("participant", "responsible"):
        for name, marked in names_marked(values.get(role, "")):
            (leads if marked else others).append(name)
    if "lead" not in values and first_leads and others and not leads:
        leads, others = others[:1], others[1:]
    unique = tuple(dict.fromkeys(leads))
    return unique, tuple(n for n in dict.fromkeys(others) if n not in unique)


def _is_group(cell: str) -> bool:
    """A cell naming an action or project group (一、青少年科学素质提升行动)."""
    return bool(re.search(r"(?:行动|工程)$", cell.rstrip("。"))) and not _is_department_list(cell)


def _is_department_list(cell: str) -> bool:
    parts = [part for part in re.split(r"[、，,]", cell) if part]
    return bool(parts) and all(looks_like_department(part.strip()) for part in parts)


def is_name(cell: str) -> bool:
    return marker_of(cell) is not None or (
        bool(NAME_CELL.search(cell)) and not _is_department_list(cell) and len(cell) > 4
    )


def title_key(text: str) -> str:
    """A name reduced for comparison: no numbering, no leading 实施, no trailing 。."""
    return re.sub(r"^实施", "", strip_numbering(text.strip())).rstrip("。").strip()


def similarity(name: str, candidate: str) -> float:
    return difflib.SequenceMatcher(None, name, title_key(candidate)).ratio()


def best_match(name: str, candidates: list[str], threshold: float = THRESHOLD) -> int | None:
    """Index of the candidate most similar to name, if similar enough."""
    scores = [similarity(name, c) for c in candidates]
    if not scores or max(scores) < threshold:
        return None
    return scores.index(max(scores))
