"""The command palette's provider: every app command by its name, in the current language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..i18n import t

if TYPE_CHECKING:
    from .app import SciplanApp

# (action name on the app, i18n key of its name)
COMMANDS: tuple[tuple[str, str], ...] = (
    ("overdue", "tui.key.overdue"),
    ("due_soon", "tui.key.due_soon"),
    ("month", "tui.key.month"),
    ("dashboard", "tui.key.dashboard"),
    ("status", "tui.key.status"),
    ("note", "tui.key.note"),
    ("progress", "tui.key.progress"),
    ("due", "tui.key.due"),
    ("target", "tui.key.target"),
    ("undo", "tui.key.undo"),
    ("export", "tui.key.export"),
    ("collect", "tui.key.collect"),
    ("refresh", "tui.key.refresh"),
    ("help", "tui.key.help"),
)


class SciplanCommands(Provider):
    """Views, edits, undo, export and help, found by fuzzy name."""

    def _commands(self) -> list[tuple[str, Callable[[], object]]]:
        app: SciplanApp = self.app  # type: ignore[assignment]
        return [(t(key), partial(app.run_command, action)) for action, key in COMMANDS]

    async def discover(self) -> Hits:
        for name, run in self._commands():
            yield DiscoveryHit(name, run)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run)
