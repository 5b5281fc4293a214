"""Task references as people type them: 12, 12-20, 12..20, 澧县-A1.3, A1.3 (with --plan)."""

from __future__ import annotations

import re
from typing import Any

from ..errors import InvalidInputError, NotFoundError
from ..i18n import register
from ..store import queries

register(
    {
        "ref.ambiguous": (
            "任务编号“{value}”在多个实施方案中都有，请写成“方案-编号”或加 --plan",
            "Task code '{value}' exists in several plans: write PLAN-CODE or add --plan",
        ),
        "ref.range": ("编号范围“{value}”过大或无效", "The range '{value}' is invalid or too large"),
        "ref.none": ("没有给出任务编号", "No task given"),
    }
)

MAX_ID = 2**63 - 1
_RANGE = re.compile(r"^([0-9]+)\s*(?:-|\.\.)\s*([0-9]+)$")
MAX_RANGE = 100_000


def resolve(
    conn: Any, refs: list[str], plan: str | None = None, plan_ids: frozenset[int] | set[int] | None = None
) -> list[int]:
    """Task ids, in the order given, without repeats; any unknown ref raises NotFoundError."""
    ids: list[int] = []
    numeric: list[int] = []
    for raw in refs:
        for ref in filter(None, (p.strip() for p in raw.split(","))):
            found = _one(conn, ref, plan, plan_ids)
            ids += found
            if is_id(ref):
                numeric += found
    if not ids:
        raise InvalidInputError("ref.none")
    missing = sorted(set(numeric) - queries.existing_ids(conn, numeric))
    if missing:
        raise NotFoundError("task.not_found", value=", ".join(map(str, missing[:10])))
    return list(dict.fromkeys(ids))


def is_id(text: str) -> bool:
    """ASCII digits only: '²' and '１' are digits to Python but not IDs."""
    return text.isascii() and text.isdigit()


def _id(text: str) -> int:
    """A task ID; one beyond any database integer is simply not found."""
    value = int(text)
    if value > MAX_ID:
        raise NotFoundError("task.not_found", value=text)
    return value


def _one(conn: Any, ref: str, plan: str | None, plan_ids: frozenset[int] | set[int] | None) -> list[int]:
    if is_id(ref):
        return [_id(ref)]
    if m := _RANGE.match(ref):
        low, high = _id(m[1]), _id(m[2])
        if high < low or high - low > MAX_RANGE:
            raise InvalidInputError("ref.range", value=ref)
        found = sorted(queries.existing_ids(conn, list(range(low, high + 1))))
        if not found:
            raise NotFoundError("task.not_found", value=ref)
        return found
    found = queries.resolve_code(conn, ref, plan, plan_ids)
    if not found:
        raise NotFoundError("task.not_found", value=ref)
    if len(found) > 1:
        raise InvalidInputError("ref.ambiguous", value=ref)
    return found
