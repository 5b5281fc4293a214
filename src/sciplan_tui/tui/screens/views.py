"""Deadline views (overdue, due within N days, by month) and a full-screen task detail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label

from ...errors import SciplanError
from ...i18n import t
from ...services import SORTS, TaskFilter
from ...services.dates import parse_days
from ...store.rows import TaskRow
from ..widgets.marks import MarksChanged
from ..widgets.task_detail import TaskDetailView
from ..widgets.task_table import TaskTable
from .base import TaskView, footer, header

if TYPE_CHECKING:
    from ...services import Services, TaskFilter
    from ...services.live import Changes
    from ..state import Remembered


class TableView(TaskView):
    """A titled, sortable, paged task table; Enter opens the task."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *TaskView.BINDINGS,
        Binding("escape", "app.switch_mode('main')", t("tui.key.back")),
    ]
    by_month: ClassVar[bool] = False
    AUTO_FOCUS = "#view-table"

    def __init__(self, services: Services, today: date, task_filter: TaskFilter, **kw: Any) -> None:
        super().__init__(services, today, **kw)
        self.task_filter = task_filter

    def heading(self) -> str:
        return ""

    def compose(self) -> ComposeResult:
        yield header()
        with Horizontal(classes="view-bar"):
            yield Label(self.heading(), id="view-title")
            yield from self.controls()
            yield Label("", id="view-status")
        sort, desc = self.remembered_sort() or ("due", False)
        yield TaskTable(
            self.services, self.today, self.task_filter, sort=sort, desc=desc, by_month=self.by_month, id="view-table"
        )
        yield footer()

    def remembered_sort(self) -> tuple[str, bool] | None:
        remembered = getattr(self.app, "remembered", None)
        return remembered.sort_of(self.slug, SORTS) if remembered is not None and not self.by_month else None

    def remember(self, remembered: Remembered) -> None:
        if not self.by_month:
            remembered.keep_sort(self.slug, self.table.sort_key, self.table.desc)

    def controls(self) -> ComposeResult:
        yield from ()

    @property
    def table(self) -> TaskTable:
        return self.query_one("#view-table", TaskTable)

    def on_mount(self) -> None:
        self.query_one(self.AUTO_FOCUS or "#view-table").focus()

    @on(TaskTable.RowsLoaded)
    def _loaded(self) -> None:
        self._status()

    @on(MarksChanged)
    def _marks_changed(self) -> None:
        self._status()

    def _status(self) -> None:
        table = self.table
        status = t("tui.view.rows", shown=table.fetched, total=table.total, sort=table.sort_label(), dir="")
        if table.marked:
            status += " · " + t("tui.marked", count=len(table.marked))
        self.query_one("#view-status", Label).update(status)

    @on(DataTable.RowSelected, "#view-table")
    def _open(self) -> None:
        row = self.table.cursor_task
        if row is not None:
            self.app.push_screen(DetailScreen(self.services, self.today, row))

    def current_tasks(self) -> list[TaskRow]:
        if self.table.marked:
            return list(self.table.marked.values())
        row = self.table.cursor_task
        return [row] if row is not None else []

    def clear_marks(self) -> None:
        self.table.clear_marks()

    def marked_tasks(self) -> list[TaskRow]:
        return list(self.table.marked.values())

    def reload(self) -> None:
        self.table.refresh_rows()

    def apply_changes(self, changes: Changes) -> None:
        self.table.apply_changes(changes)

    def export_filter(self) -> TaskFilter | None:
        return self.table.task_filter


class OverdueView(TableView):
    slug = "overdue"

    def __init__(self, services: Services, today: date, **kw: Any) -> None:
        super().__init__(services, today, TaskFilter(overdue=True), **kw)

    def heading(self) -> str:
        return t("tui.view.overdue")


class DueSoonView(TableView):
    """Open tasks due within N days; N is typed in the bar (30 by default; 2w, 3m work too)."""

    slug = "due"
    AUTO_FOCUS = "#due-days"  # `3m` typed at once is the window, not the month view's key

    def __init__(self, services: Services, today: date, days: int = 30, **kw: Any) -> None:
        super().__init__(services, today, TaskFilter(due_within=days), **kw)
        self.days = days

    def heading(self) -> str:
        return t("tui.view.due", days=self.days)

    def controls(self) -> ComposeResult:
        yield Label(t("tui.view.due_days"))
        yield Input(str(self.days), id="due-days")

    @on(Input.Submitted, "#due-days")
    def _days(self, event: Input.Submitted) -> None:
        try:
            self.days = parse_days(event.value)
        except SciplanError as exc:
            self.notify(exc.message(), severity="error")
            return
        self.query_one("#view-title", Label).update(self.heading())
        self.table.load(replace(self.task_filter, due_within=self.days))
        self.table.focus()


class MonthView(TableView):
    """Every task by due month, each month headed by its count; lamps show red/yellow/green."""

    slug = "month"
    by_month = True

    def __init__(self, services: Services, today: date, **kw: Any) -> None:
        super().__init__(services, today, TaskFilter(), **kw)

    def heading(self) -> str:
        return t("tui.view.month")


class DetailScreen(TaskView):
    """One task on the whole screen (opened from a table); the edit keys act on it."""

    slug = "task"
    AUTO_FOCUS = "#detail"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", t("tui.key.back"))]

    def __init__(self, services: Services, today: date, row: TaskRow, **kw: Any) -> None:
        super().__init__(services, today, **kw)
        self.row = row

    def compose(self) -> ComposeResult:
        yield header()
        yield TaskDetailView(self.today, id="detail")
        yield footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(TaskDetailView).focus()

    def current_tasks(self) -> list[TaskRow]:
        return [self.row]

    def apply_changes(self, changes: Changes) -> None:
        if changes.everything or self.row.id in changes.task_ids:
            self.reload()

    def reload(self) -> None:
        detail = self.services.task(self.row.id)
        self.row = detail.task
        self.query_one(TaskDetailView).show(detail)

    def export_filter(self) -> TaskFilter | None:
        from ...services import TaskFilter

        return TaskFilter(ids=(self.row.id,))


class FilteredView(TableView):
    """Tasks of a department or an action/project, opened from the dashboard."""

    slug = "tasks"
    BINDINGS: ClassVar[list[BindingType]] = [
        *TaskView.BINDINGS,
        Binding("escape", "app.pop_screen", t("tui.key.back")),
    ]

    def __init__(self, services: Services, today: date, task_filter: TaskFilter, title: str, **kw: Any) -> None:
        super().__init__(services, today, task_filter, **kw)
        self.title_text = title

    def heading(self) -> str:
        return self.title_text
