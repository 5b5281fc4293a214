"""What every screen that shows tasks offers the app: the chosen tasks, a reload, an export."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header

from ...i18n import t
from ...store.rows import TaskRow
from ..symbols import SYMBOLS

if TYPE_CHECKING:
    from ...services import Services, TaskFilter
    from ...services.live import Changes


def header() -> Header:
    """The header of every screen: the title, today, the clerk and the store, after an icon that is
    ASCII when the symbols are (the default ⭘ is ambiguous-width)."""
    return Header(icon=SYMBOLS.icon)


def footer() -> Footer:
    """The footer of every screen: compact, so that the main keys fit 80 columns (`?` lists all)."""
    return Footer(compact=True, show_command_palette=False)


class TaskView(Screen[None]):
    """A screen of tasks. The app's edit keys act on `current_tasks()`; live updates call `reload()`."""

    slug: ClassVar[str] = "view"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "clear_marks", t("tui.key.unmark"), show=False),
        Binding("M", "list_marks", t("tui.key.list_marks"), show=False),
    ]

    def __init__(self, services: Services, today: date, **kw: Any) -> None:
        super().__init__(**kw)
        self.services = services
        self.today = today
        self.stale = False  # out of sight when everything was to be read again: reload on resume
        self.pending: Changes | None = None  # out of sight when these tasks changed: shown on resume

    def current_tasks(self) -> list[TaskRow]:
        """The marked tasks, else the one under the cursor, else none."""
        return []

    def reload(self) -> None:
        """Fetch again what is shown, keeping the cursor and any typed text."""

    def apply_changes(self, changes: Changes) -> None:
        """Show what these changes (edits of tasks, by someone here or elsewhere) touched; a view
        reads again only those tasks and the counts of their plans. By default: everything."""
        self.reload()

    def take_changes(self, changes: Changes | None, *, in_sight: bool) -> None:
        """Changes (None: read everything again) now if in sight, else when the view is shown again."""
        if in_sight:
            self.reload() if changes is None else self.apply_changes(changes)
        elif changes is None or changes.everything:
            self.stale, self.pending = True, None
        elif not self.stale:
            self.pending = changes if self.pending is None else self.pending.merge(changes)

    def clear_marks(self) -> None:
        """Forget marked tasks."""

    def marked_tasks(self) -> list[TaskRow]:
        """The tasks marked in what is shown (the tree, the results or the table)."""
        return []

    def export_filter(self) -> TaskFilter | None:
        """The tasks of this view, for the ledger export service; None for a view of counts."""
        return None

    def export_table(self) -> tuple[list[str], list[list[str]]]:
        """The header and rows of a view that shows no tasks (the dashboard)."""
        return [], []

    def action_clear_marks(self) -> None:
        self.clear_marks()

    def action_list_marks(self) -> None:
        from .prompts import ListDialog, task_lines

        rows = self.marked_tasks()
        if not rows:
            self.notify(t("tui.marks.none"), timeout=3)
            return
        self.app.push_screen(ListDialog(t("tui.marks.title", count=len(rows)), task_lines(rows)))

    def on_screen_resume(self) -> None:
        if self.stale:
            self.stale, self.pending = False, None
            self.reload()
        elif self.pending is not None:
            changes, self.pending = self.pending, None
            self.apply_changes(changes)
