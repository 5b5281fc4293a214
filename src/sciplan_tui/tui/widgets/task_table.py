"""A sortable task table filled a page at a time (limit/offset), optionally grouped by month."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from ...i18n import t
from ...services import TaskFilter
from ...store.rows import TaskRow
from ..format import TASK_COLUMNS, due_state, month_bounds, task_cells
from ..symbols import SYMBOLS
from .marks import MarksChanged

if TYPE_CHECKING:
    from ...services import Services

PAGE = 200
LAMP_COLUMNS = ("due", "days")
LAST_FETCH_LIMIT = 5000  # G fetches up to this many missing rows; beyond, it reverses the order


class TaskTable(DataTable[Any]):
    """Tasks matching a filter; more rows are fetched as the cursor nears the end."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "task-table--overdue",
        "task-table--due-soon",
        "task-table--on-track",
        "task-table--group",
        "task-table--marked",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", t("tui.key.down"), show=False),
        Binding("k", "cursor_up", t("tui.key.up"), show=False),
        Binding("G", "last_task", t("tui.key.bottom"), show=False),
        Binding("space", "toggle_mark", t("tui.key.mark")),
        Binding("S", "next_sort", t("tui.key.sort")),
        Binding("R", "reverse_sort", t("tui.key.reverse")),
    ]

    @dataclass
    class RowsLoaded(Message):
        """The table now shows `shown` of `total` rows."""

        table: TaskTable
        shown: int
        total: int

        @property
        def control(self) -> TaskTable:
            return self.table

    def __init__(
        self,
        services: Services,
        today: date,
        task_filter: TaskFilter | None = None,
        *,
        sort: str = "code",
        desc: bool = False,
        by_month: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kw)
        self.services = services
        self.today = today
        self.task_filter = task_filter
        self.sort_key, self.desc, self.by_month = ("due", False, True) if by_month else (sort, desc, False)
        self.rows_by_key: dict[str, TaskRow] = {}
        self.marked: dict[int, TaskRow] = {}
        self.fetched = 0
        self.total = 0
        self._month: str | None = None

    def on_mount(self) -> None:
        self.add_column(t("tui.col.mark"), key="mark", width=2)
        for key, label_key, _sort in TASK_COLUMNS:
            self.add_column(t(label_key), key=key, width=self.title_width() if key == "title" else None)
        self._label_sort()
        if self.task_filter is not None:
            self.load(self.task_filter)

    def title_width(self) -> int:
        """The title column takes what the other columns leave (they need about 80 cells)."""
        return max(16, min(70, self.app.size.width - 80))

    # ---- loading ---------------------------------------------------------------------------

    def load(self, task_filter: TaskFilter) -> None:
        """Show the first page of a new filter."""
        self.task_filter = task_filter
        self._reset()
        self.total = self.services.count(task_filter)
        self.load_page()

    def show_first_page(self, task_filter: TaskFilter, rows: list[TaskRow], total: int) -> None:
        """Show a first page fetched elsewhere (by a worker); later pages load as usual."""
        self.task_filter = task_filter
        self._reset()
        self.total = total
        self.fetched = len(rows)
        for row in rows:
            self._add(row)
        self.post_message(self.RowsLoaded(self, self.fetched, self.total))

    def _reset(self) -> None:
        self.clear()
        self.rows_by_key.clear()
        self.fetched = 0
        self._month = None

    @property
    def has_more(self) -> bool:
        return self.fetched < self.total

    def load_page(self, size: int | None = None) -> None:
        if self.task_filter is None:
            return
        rows = self.services.tasks(
            self.task_filter, sort=self.sort_key, desc=self.desc, limit=size or PAGE, offset=self.fetched
        )
        self.fetched += len(rows)
        for row in rows:
            self._add(row)
        self.post_message(self.RowsLoaded(self, self.fetched, self.total))

    def _add(self, row: TaskRow) -> None:
        if self.by_month:
            self._month_header(row)
        key = f"task:{row.id}"
        self.rows_by_key[key] = row
        self.add_row(*self._cells(row), key=key)

    def _month_header(self, row: TaskRow) -> None:
        month = f"{row.due_date:%Y-%m}" if row.due_date else ""
        if month == self._month:
            return
        self._month = month
        assert self.task_filter is not None
        style = self.get_component_rich_style("task-table--group", partial=True)
        if row.due_date:
            first, last = month_bounds(row.due_date)
            count = self.services.count(replace(self.task_filter, due_after=first, due_before=last))
            label = Text(t("tui.view.month_group", month=month, count=count), style=style)
        else:
            label = Text(t("tui.view.no_due"), style=style)
        self.add_row("", label, *([""] * (len(TASK_COLUMNS) - 1)), key=f"month:{month}")

    def _cells(self, row: TaskRow) -> list[Any]:
        lamp = due_state(row, self.today)
        style = self.get_component_rich_style(f"task-table--{lamp}", partial=True) if lamp else None
        marked = self.get_component_rich_style("task-table--marked", partial=True)
        cells: list[Any] = [Text(SYMBOLS.picked if row.id in self.marked else "", style=marked)]
        for (key, _l, _s), value in zip(TASK_COLUMNS, task_cells(row, self.today), strict=True):
            cells.append(Text(value, style=style) if key in LAMP_COLUMNS and style else value)
        return cells

    def reload(self) -> None:
        """Fetch again what is shown, keeping the cursor on the same task."""
        if self.task_filter is None:
            return
        key = self.cursor_key
        index = self.cursor_row
        wanted = max(self.fetched, PAGE)
        self._reset()
        self.total = self.services.count(self.task_filter)
        fresh = {r.id: r for r in self.services.tasks(TaskFilter(ids=tuple(self.marked)))} if self.marked else {}
        self.marked = {i: fresh[i] for i in self.marked if i in fresh}
        self.load_page(wanted)
        self._restore(key, index)

    # ---- live refresh: read in a worker, shown here --------------------------------------------

    @dataclass
    class Fetched(Message):
        """A live refresh's reading: what the table showed, read again (None: the reading failed)."""

        table: TaskTable
        asked: tuple[TaskFilter, str, bool]
        total: int | None
        rows: list[TaskRow]
        marked: dict[int, TaskRow]

    busy = False
    again = False

    def refresh_rows(self) -> None:
        """Like `reload`, but the count and rows are read in a worker: a script writing every second
        does not stall the keys on a big store (one reading at a time; a change meanwhile: one more)."""
        if self.task_filter is None:
            return
        if self.busy:
            self.again = True
            return
        self.busy = True
        asked = (self.task_filter, self.sort_key, self.desc)
        wanted, marked = max(self.fetched, PAGE), tuple(self.marked)
        self.run_worker(lambda: self._fetch(asked, wanted, marked), thread=True, group="table", exit_on_error=False)

    def _fetch(self, asked: tuple[TaskFilter, str, bool], wanted: int, marked: tuple[int, ...]) -> None:
        total, rows, fresh = None, [], {}
        try:
            task_filter, sort, desc = asked
            total = self.services.count(task_filter)
            rows = self.services.tasks(task_filter, sort=sort, desc=desc, limit=wanted)
            fresh = {r.id: r for r in self.services.tasks(TaskFilter(ids=marked))} if marked else {}
        finally:
            self.post_message(self.Fetched(self, asked, total, rows, fresh))

    def on_task_table_fetched(self, message: Fetched) -> None:
        message.stop()
        self.busy = False
        if message.total is not None and message.asked == (self.task_filter, self.sort_key, self.desc):
            key, index = self.cursor_key, self.cursor_row
            self._reset()
            self.total, self.fetched = message.total, len(message.rows)
            self.marked = {i: message.marked.get(i, row) for i, row in self.marked.items()}
            for row in message.rows:
                self._add(row)
            self.post_message(self.RowsLoaded(self, self.fetched, self.total))
            self._restore(key, index)
        if self.again:
            self.again = False
            self.refresh_rows()

    def _restore(self, key: str | None, index: int) -> None:
        if key is not None and key in self.rows:
            self.move_cursor(row=self.get_row_index(key), animate=False)
        elif self.row_count:
            self.move_cursor(row=min(index, self.row_count - 1), animate=False)

    def action_last_task(self) -> None:
        """The real last task: the pages not yet fetched are fetched first (a very long list is
        turned round instead, so that its last task comes first)."""
        missing = self.total - self.fetched
        if missing > LAST_FETCH_LIMIT and not self.by_month:
            self.action_reverse_sort()
            self.move_cursor(row=0, animate=False)
            self.notify(t("tui.table.reversed"), timeout=4)
            return
        while self.has_more:
            before = self.fetched
            self.load_page(max(PAGE, missing))
            if self.fetched == before:
                break
        self.move_cursor(row=self.row_count - 1, animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.has_more and event.cursor_row >= self.row_count - 20:
            self.load_page()

    # ---- rows, marks and sorting -----------------------------------------------------------

    @property
    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    @property
    def cursor_task(self) -> TaskRow | None:
        key = self.cursor_key
        return self.rows_by_key.get(key) if key else None

    def visible_rows(self) -> list[TaskRow]:
        return list(self.rows_by_key.values())

    def action_toggle_mark(self) -> None:
        row = self.cursor_task
        if row is None:
            return
        if row.id in self.marked:
            del self.marked[row.id]
        else:
            self.marked[row.id] = row
        self._repaint(row)
        self.post_message(MarksChanged(len(self.marked)))

    def clear_marks(self) -> None:
        rows = list(self.marked.values())
        self.marked.clear()
        for row in rows:
            self._repaint(row)
        if rows:
            self.post_message(MarksChanged(0))

    def _repaint(self, row: TaskRow) -> None:
        key = f"task:{row.id}"
        if key in self.rows:
            self.update_cell(key, "mark", self._cells(row)[0])

    def sort_by(self, column: str) -> None:
        sort_key = dict((k, s) for k, _l, s in TASK_COLUMNS).get(column)
        if sort_key is None or self.by_month:
            self.app.bell()
            return
        self.desc = not self.desc if (sort_key == self.sort_key) else False
        self.sort_key = sort_key
        self._label_sort()
        self.reload()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(str(event.column_key.value))

    def action_next_sort(self) -> None:
        keys = [k for k, _l, s in TASK_COLUMNS if s is not None and k != "days"]
        current = next((k for k, _l, s in TASK_COLUMNS if s == self.sort_key), keys[0])
        self.sort_by(keys[(keys.index(current) + 1) % len(keys)] if current in keys else keys[0])

    def action_reverse_sort(self) -> None:
        if self.by_month:
            self.app.bell()
            return
        self.desc = not self.desc
        self._label_sort()
        self.reload()

    def sort_label(self) -> str:
        name = next((t(lk) for k, lk, s in TASK_COLUMNS if s == self.sort_key), self.sort_key)
        return name + (t("tui.view.desc") if self.desc else t("tui.view.asc"))

    def _label_sort(self) -> None:
        for key, label_key, sort in TASK_COLUMNS:
            current = sort == self.sort_key and key != "days"
            arrow = (t("tui.view.desc") if self.desc else t("tui.view.asc")) if current else ""
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None:
                column.label = Text(t(label_key) + arrow)
        self.refresh()
