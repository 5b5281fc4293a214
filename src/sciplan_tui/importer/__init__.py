"""The pure importer: a plan document (text or .docx bytes) in, a frozen PlanDraft out.

Only the standard library is imported here; python-docx is loaded when a .docx arrives.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import ImportFailed
from . import messages as _messages  # noqa: F401  (registers the catalogue entries)
from .drafts import PlanDraft
from .parser import parse_text
from .reading import decode

__all__ = ["parse_bytes", "parse_text", "read_plan"]


def read_plan(path: str | Path, *, name: str | None = None) -> PlanDraft:
    """Read and parse a plan file; `name` overrides the source name shown in messages."""
    path = Path(path)
    shown = name or path.name
    if not path.exists():
        raise ImportFailed("import.missing", file=shown)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed("import.unreadable", file=shown, value=exc.strerror) from exc
    return parse_bytes(data, shown)


def parse_bytes(data: bytes, name: str) -> PlanDraft:
    """Parse raw bytes (UTF-8, GB18030 text or .docx); the checksum is the sha256 of the bytes."""
    return parse_text(decode(data, name), name, hashlib.sha256(data).hexdigest())
