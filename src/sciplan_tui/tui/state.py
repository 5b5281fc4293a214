"""What the TUI remembers between runs, per store: grouping, open nodes, the cursor's task, the view,
the text in the find box and how each table is sorted.

Kept as JSON under the user's state directory ($XDG_STATE_HOME/sciplan/tui-state.json, or
~/.local/state/...), one entry per store location. A missing or damaged file is an empty memory.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Remembered:
    grouping: str = "plan"
    open_nodes: list[str] = field(default_factory=list)
    cursor_task: int | None = None
    view: str = "main"
    find: str = ""
    sorts: dict[str, list[object]] = field(default_factory=dict)  # table → [sort key, descending]

    def sort_of(self, table: str, keys: tuple[str, ...]) -> tuple[str, bool] | None:
        """A table's remembered sort, if the file holds a sane one (it may have been edited by hand)."""
        found = self.sorts.get(table) if isinstance(self.sorts, dict) else None
        if isinstance(found, list) and len(found) == 2 and found[0] in keys and isinstance(found[1], bool):
            return str(found[0]), found[1]
        return None

    def keep_sort(self, table: str, key: str, desc: bool) -> None:
        if not isinstance(self.sorts, dict):
            self.sorts = {}
        self.sorts[table] = [key, desc]


def default_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "sciplan" / "tui-state.json"


class StateFile:
    """Read and write one store's Remembered in a JSON file shared by all stores."""

    def __init__(self, path: Path, store: str) -> None:
        self.path = path
        self.store = store

    def _all(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def load(self) -> Remembered:
        entry = self._all().get(self.store)
        if not isinstance(entry, dict):
            return Remembered()
        try:
            known = {k: v for k, v in entry.items() if k in Remembered.__dataclass_fields__}
            return Remembered(**known)  # type: ignore[arg-type]
        except TypeError:
            return Remembered()

    def save(self, remembered: Remembered) -> None:
        data = self._all()
        data[self.store] = asdict(remembered)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # remembering is a convenience: a read-only home must not stop the clerk quitting
