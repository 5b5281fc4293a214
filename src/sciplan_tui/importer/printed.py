"""Putting the printed characters back: a draft read from a simplified copy gets the document's own text.

The copy differs from the printed text one character for one, so each simplified character maps
back to the traditional one this document printed in its place (the most frequent, when a
simplified character stands for several, as 发 for 發 and 髮).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from .drafts import ImportWarning, PlanDraft

T = TypeVar("T")
# Fields that are the importer's own words or keys, not the document's text.
KEEP = frozenset({"source_name", "checksum", "level", "kind", "role", "source", "code", "unit", "message"})


def restore_printed(draft: PlanDraft, working: str, printed: str) -> PlanDraft:
    """The draft with every text field written in the document's printed characters."""
    if len(working) != len(printed):
        return draft
    choices: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for simple, original in zip(working, printed, strict=True):
        if simple != original:
            choices[simple][original] += 1
    table = str.maketrans({simple: counts.most_common(1)[0][0] for simple, counts in choices.items()})
    return _walk(draft, table)


def _walk(value: T, table: dict[int, str]) -> T:
    if isinstance(value, str):
        return value.translate(table)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_walk(v, table) for v in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {
            f.name: _walk(getattr(value, f.name), table)
            for f in fields(value)
            if f.name not in KEEP and not (isinstance(value, ImportWarning) and f.name == "code")
        }
        return replace(value, **changes)  # type: ignore[return-value]
    return value
