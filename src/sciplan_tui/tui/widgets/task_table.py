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
from ..refresh import Readings
from ..symbols import SYMBOLS
from .marks import MarksChanged

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...services import Services
    from ...services.live import Changes

PAGE = 200
LAMP_COLUMNS = ("due", "days")
LAST_FETCH_LIMIT = 5000  # G fetches up to this many missing rows; beyond, it reverses the order
# The changes that can move a row within a table sorted by this key (then the list is read again).
SORT_FIELDS: dict[str, set[str]] = {
    "due": {"due_date"},
    "status": {"status"},
    "progress": {"progress", "status"},
    "updated": {"status", "progress", "due_date", "note", "target"},
}


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
        self.readings = Readings()

    def on_mount(self) -> None:
        self.add_column(t("tui.col.mark"), key="mark", width=2)
        for key, label_key, _sort in TASK_COLUMNS:
            self.add_column(t(label_key), key=key, width=self.title_width() if key == "title" else None)
        self.label_sort()
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
        """A live refresh's reading: what the table showed, read again (None: the reading failed).
        With `changes`, only the changed tasks that match the table's filter were read."""

        table: TaskTable
        asked: tuple[TaskFilter, str, bool]
        total: int | None  # None: the reading failed
        rows: list[TaskRow]
        marked: dict[int, TaskRow]
        changes: Changes | None = None

    def refresh_rows(self) -> None:
        """Like `reload`, but the count and rows are read in a worker: a script writing every second
        does not stall the keys on a big store (one reading at a time; a change meanwhile: one more)."""
        self._read(None)

    def apply_changes(self, changes: Changes) -> None:
        """Read again only the changed tasks: rows shown are updated in place, rows that no longer
        match leave; a task that now enters the list (or moves in its order) reads the list again."""
        self._read(None if changes.everything else changes)

    def _read(self, changes: Changes | None) -> None:
        if self.task_filter is None:
            return
        if not self.readings.ask(changes):
            return
        asked = (self.task_filter, self.sort_key, self.desc)
        wanted, marked = max(self.fetched, PAGE), tuple(self.marked)
        if changes is None:
            work: Callable[[], None] = lambda: self._fetch(asked, wanted, marked)  # noqa: E731
        else:
            work = lambda: self._fetch_changed(asked, changes)  # noqa: E731
        self.run_worker(work, thread=True, group="table", exit_on_error=False)

    def _fetch(self, asked: tuple[TaskFilter, str, bool], wanted: int, marked: tuple[int, ...]) -> None:
        total, rows, fresh = None, [], {}
        try:
            task_filter, sort, desc = asked
            total = self.services.count(task_filter)
            rows = self.services.tasks(task_filter, sort=sort, desc=desc, limit=wanted)
            fresh = {r.id: r for r in self.services.tasks(TaskFilter(ids=marked))} if marked else {}
        finally:
            self.post_message(self.Fetched(self, asked, total, rows, fresh))

    def _fetch_changed(self, asked: tuple[TaskFilter, str, bool], changes: Changes) -> None:
        total, rows = None, []
        try:
            task_filter = asked[0]
            ids = changes.task_ids & set(task_filter.ids) if task_filter.ids else changes.task_ids
            rows = self.services.tasks(replace(task_filter, ids=tuple(sorted(ids)))) if ids else []
            total = self.total  # unchanged unless rows leave (counted when the reading is shown)
        finally:
            self.post_message(self.Fetched(self, asked, total, rows, {}, changes))

    def on_task_table_fetched(self, message: Fetched) -> None:
        message.stop()
        current = message.asked == (self.task_filter, self.sort_key, self.desc)
        if message.total is not None and current:
            if message.changes is not None:
                self._patch(message.changes, {r.id: r for r in message.rows})
            else:
                self._replace(message)
        again, changes = self.readings.done()
        if again:
            self._read(changes)

    def _replace(self, message: Fetched) -> None:
        key, index = self.cursor_key, self.cursor_row
        self._reset()
        self.total, self.fetched = message.total or 0, len(message.rows)
        self.marked = {i: message.marked.get(i, row) for i, row in self.marked.items()}
        for row in message.rows:
            self._add(row)
        self.post_message(self.RowsLoaded(self, self.fetched, self.total))
        self._restore(key, index)

    def _patch(self, changes: Changes, matching: dict[int, TaskRow]) -> None:
        """Changed rows in place; rows that left the filter removed; anything else: read the list again."""
        shown = {r.id for r in self.rows_by_key.values()}
        entered = set(matching) - shown
        left = (changes.task_ids & shown) - set(matching)
        moved = bool(changes.fields & SORT_FIELDS.get(self.sort_key, set())) and bool(shown & set(matching))
        if entered or moved or (left and self.by_month):
            self.readings.ask(None)  # once this reading is done (the caller asks `done`): the whole list
            return
        for row in matching.values():
            self._update(row)
        dropped = [i for i in left if self.marked.pop(i, None) is not None]
        key, index = self.cursor_key, self.cursor_row
        for task_id in left:
            self.remove_row(f"task:{task_id}")
            del self.rows_by_key[f"task:{task_id}"]
        if left:
            self._restore(key, index)  # the cursor stays on its task
        self.fetched -= len(left)
        self.total -= len(left)
        if left:
            self.post_message(self.RowsLoaded(self, self.fetched, self.total))
        if dropped:
            self.post_message(MarksChanged(len(self.marked), len(dropped)))

    def _update(self, row: TaskRow) -> None:
        key = f"task:{row.id}"
        self.rows_by_key[key] = row
        if row.id in self.marked:
            self.marked[row.id] = row
        for column, cell in zip(("mark", *(k for k, _l, _s in TASK_COLUMNS)), self._cells(row), strict=True):
            self.update_cell(key, column, cell)

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

    def neighbours(self, after: int, before: int) -> list[int]:
        """The tasks on the rows just below the cursor, then just above it (details read ahead)."""
        at, rows = self.cursor_row, self.ordered_rows
        keys = [r.key.value for r in rows[at + 1 : at + 1 + after]]
        keys += [r.key.value for r in reversed(rows[max(0, at - before) : max(0, at)])]
        return [row.id for k in keys if k and (row := self.rows_by_key.get(k)) is not None]

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
        self.label_sort()
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
        self.label_sort()
        self.reload()

    def sort_label(self) -> str:
        name = next((t(lk) for k, lk, s in TASK_COLUMNS if s == self.sort_key), self.sort_key)
        return name + (t("tui.view.desc") if self.desc else t("tui.view.asc"))

    def label_sort(self) -> None:
        for key, label_key, sort in TASK_COLUMNS:
            current = sort == self.sort_key and key != "days"
            arrow = (t("tui.view.desc") if self.desc else t("tui.view.asc")) if current else ""
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None:
                column.label = Text(t(label_key) + arrow)
        self.refresh()
