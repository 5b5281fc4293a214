"""Table handles for column selects (SQLAlchemy Core over the SQLModel models): one short name each."""

from __future__ import annotations

from . import models as m

P = m.Plan.__table__  # type: ignore[attr-defined]
I = m.Item.__table__  # type: ignore[attr-defined]  # noqa: E741
T = m.Task.__table__  # type: ignore[attr-defined]
D = m.Department.__table__  # type: ignore[attr-defined]
DA = m.DepartmentAlias.__table__  # type: ignore[attr-defined]
A = m.Assignment.__table__  # type: ignore[attr-defined]
TG = m.Target.__table__  # type: ignore[attr-defined]
N = m.Note.__table__  # type: ignore[attr-defined]
C = m.Change.__table__  # type: ignore[attr-defined]

__all__ = ["DA", "TG", "A", "C", "D", "I", "N", "P", "T"]
