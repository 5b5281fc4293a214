"""Files written whole or not at all: a scratch file beside the target, renamed over it when complete.

Every `-o FILE` export, report, fill-in sheet and notice is written this way, so a full disk, a crash or
Ctrl-C half-way leaves the previous file as it was (and no half-written one that looks finished).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a scratch path beside `path` (same suffix); rename it over `path` when the block succeeds.

    On an error the scratch file is removed and `path` is untouched.
    """
    target = Path(path)
    scratch = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.part{target.suffix}")
    try:
        yield scratch
        os.replace(scratch, target)
    finally:
        scratch.unlink(missing_ok=True)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """`Path.write_bytes`, atomically."""
    with replacing(path) as scratch:
        scratch.write_bytes(data)


__all__ = ["replacing", "write_bytes"]
