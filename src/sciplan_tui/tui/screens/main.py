"""The main screen: find box and plan tree (or search results) on the left, task detail on the right."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Input, Label, Tree
from textual.worker import get_current_worker

from ...errors import NotFoundError, SciplanError
from ...i18n import t
from ...services import SORTS, TaskFilter
from ...store.rows import TaskDetail, TaskRow
from ..refresh import DetailCache, Readings
from ..widgets.marks import MarksChanged
from ..widgets.plan_tree import Fresh, PlanTree, Wanted
from ..widgets.task_detail import TaskDetailView
from ..widgets.task_table import PAGE, TaskTable
from .base import TaskView, footer, header
from .prompts import JumpDialog

if TYPE_CHECKING:
    from ...services.live import Changes
    from ..state import Remembered


@dataclass
class DetailLoaded(Message):
    """A task's detail was read from the store (`ahead`: read ahead of the cursor); `epoch`: the
    detail cache's when the reading started."""

    detail: TaskDetail
    epoch: int
    ahead: bool = False


@dataclass
class TreeFetched(Message):
    """The tree's loaded rows and counts, read again by a worker (None: the reading failed)."""

    fresh: Fresh | None


@dataclass
class TasksFound(Message):
    """The first page of tasks matching what was typed in the find box."""

    task_filter: TaskFilter
    rows: list[TaskRow]
    total: int


COMPACT_WIDTH = 100  # narrower terminals start with the detail pane hidden (v shows it)
READ_AHEAD = (4, 2)  # details read ahead: the tasks on the next 4 lines and the 2 lines above


class MainScreen(TaskView):
    """Browse plans as a tree, find tasks as you type, read and edit one task."""

    slug = "tasks"
    AUTO_FOCUS = "#tree"
    wanted_detail: int | None = None  # the task the detail pane should show: the cursor's
    BINDINGS: ClassVar[list[BindingType]] = [
        *TaskView.BINDINGS,
        Binding("slash", "find", t("tui.key.find")),
        Binding("colon,ctrl+g", "jump", t("tui.key.jump")),
        Binding("g", "toggle_grouping", t("tui.key.group"), show=False),
        Binding("v", "toggle_detail", t("tui.key.detail"), show=False),
        Binding("escape", "leave_find", t("tui.key.back"), show=False),
    ]

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.details = DetailCache()
        self.tree_readings = Readings()

    def compose(self) -> ComposeResult:
        yield header()
        with Horizontal(id="body"):
            with Vertical(id="left-pane"):
                yield Input(placeholder=t("tui.find.placeholder"), id="find")
                yield Label(t("tui.group.plan"), id="left-caption")
                with ContentSwitcher(initial="tree", id="left"):
                    yield PlanTree(self.services, self.today, id="tree")
                    yield TaskTable(self.services, self.today, id="results")
            yield TaskDetailView(self.today, id="detail")
        yield footer()

    # ---- typed accessors -------------------------------------------------------------------

    @property
    def plan_tree(self) -> PlanTree:
        return self.query_one("#tree", PlanTree)

    @property
    def results(self) -> TaskTable:
        return self.query_one("#results", TaskTable)

    @property
    def detail(self) -> TaskDetailView:
        return self.query_one("#detail", TaskDetailView)

    @property
    def find_box(self) -> Input:
        return self.query_one("#find", Input)

    @property
    def finding(self) -> bool:
        return self.query_one("#left", ContentSwitcher).current == "results"

    def on_mount(self) -> None:
        # The detail follows the cursor as it moves, in the same repaint (a Highlighted message
        # arrives after the tree has been drawn once more with the cursor alone: two frames a key).
        self.watch(self.plan_tree, "cursor_line", self._tree_moved, init=False)
        self.watch(self.results, "cursor_coordinate", self._result_moved, init=False)
        self.plan_tree.load_roots()
        self.plan_tree.focus()
        remembered = getattr(self.app, "remembered", None)
        if remembered is not None:
            self.restore(remembered)
        if self.app.size.width < COMPACT_WIDTH:  # 80×24: the tree takes the width, Enter opens a task
            self.action_toggle_detail()

    def restore(self, remembered: Remembered) -> None:
        """Grouping, open nodes and the cursor's task as the clerk left them last time."""
        if remembered.grouping != self.plan_tree.grouping:
            self.plan_tree.set_grouping(remembered.grouping)
            self._caption()
        self.plan_tree.reopen(remembered.open_nodes)
        if remembered.cursor_task is not None:
            wanted = remembered.cursor_task
            node = next((n for n in self.plan_tree.task_nodes() if getattr(n.data, "id", None) == wanted), None)
            if node is not None:
                self.plan_tree.goto(node)
        sort = remembered.sort_of("find", SORTS)
        if sort is not None:
            self.results.sort_key, self.results.desc = sort
            self.results.label_sort()
        if isinstance(remembered.find, str) and remembered.find.strip():
            self.find_box.value = remembered.find  # found in the scope of the cursor just restored

    def remember(self, remembered: Remembered) -> None:
        remembered.grouping = self.plan_tree.grouping
        remembered.open_nodes = self.plan_tree.open_keys()
        row = self.plan_tree.cursor_task
        remembered.cursor_task = row.id if row is not None else None
        remembered.find = self.find_box.value
        remembered.keep_sort("find", self.results.sort_key, self.results.desc)

    @property
    def compact(self) -> bool:
        return self.has_class("-no-detail")

    def action_toggle_detail(self) -> None:
        """Hide the detail pane (the tree gets the width) or show it again."""
        self.toggle_class("-no-detail")
        self.detail.display = not self.compact
        if not self.compact:
            self.follow_cursor()

    @on(Tree.NodeSelected, "#tree")
    def _tree_selected(self, event: Tree.NodeSelected[Any]) -> None:
        if self.compact and isinstance(event.node.data, TaskRow):
            self._open_task(event.node.data)

    @on(DataTable.RowSelected, "#results")
    def _result_selected(self) -> None:
        row = self.results.cursor_task
        if self.compact and row is not None:
            self._open_task(row)

    def _open_task(self, row: TaskRow) -> None:
        from .views import DetailScreen

        self.app.push_screen(DetailScreen(self.services, self.today, row))

    # ---- the task views contract -----------------------------------------------------------

    def current_tasks(self) -> list[TaskRow]:
        source: PlanTree | TaskTable = self.results if self.finding else self.plan_tree
        if source.marked:
            return list(source.marked.values())
        row = source.cursor_task
        return [row] if row is not None else []

    def clear_marks(self) -> None:
        self.plan_tree.clear_marks()
        self.results.clear_marks()

    def marked_tasks(self) -> list[TaskRow]:
        return list((self.results if self.finding else self.plan_tree).marked.values())

    @on(MarksChanged)
    def _marks_changed(self, message: MarksChanged) -> None:
        self._caption()
        if message.dropped:
            self.notify(t("tui.marks.dropped", count=message.dropped), timeout=4)

    def reload(self) -> None:
        self.details.drop()
        self._tree_refresh(None)
        if self.finding:
            self.results.refresh_rows()
        if self.detail.detail is not None:
            self.load_details(self.detail.detail.task.id, [], self.details.epoch)

    def apply_changes(self, changes: Changes) -> None:
        """Only the tasks changed (and their plans' counts) are read again; cursor and marks stay."""
        if changes.everything:
            self.reload()
            return
        self.details.drop(changes.task_ids)
        self._tree_refresh(changes)
        if self.finding:
            self.results.apply_changes(changes)
        shown = self.detail.detail
        if shown is not None and shown.task.id in changes.task_ids:
            self.load_details(shown.task.id, [], self.details.epoch)

    def export_filter(self) -> TaskFilter | None:
        if self.finding:
            return self.results.task_filter
        return TaskFilter(ids=tuple(r.id for r in self.plan_tree.task_rows()))

    # ---- detail ----------------------------------------------------------------------------

    def _tree_moved(self) -> None:
        if not self.finding:
            self.follow_cursor()

    def _result_moved(self) -> None:
        if self.finding:
            self.follow_cursor()

    def follow_cursor(self) -> None:
        """The detail pane shows the task the keys act on, or nothing when the cursor is on no task.

        Details already read (read ahead for the lines around the cursor) are shown at once, in
        the same repaint as the cursor; the neighbours not read yet are read in a worker."""
        source = self.results if self.finding else self.plan_tree
        row = source.cursor_task
        self.wanted_detail = row.id if row is not None else None
        if self.compact:
            return
        if row is None:
            self.detail.show(None)
            return
        cached = self.details.get(row.id)
        if cached is not None and self.detail.detail is not cached:
            self.detail.show(cached)
        first = (
            row.id if cached is None and (self.detail.detail is None or self.detail.detail.task.id != row.id) else None
        )
        ahead = self.details.missing(source.neighbours(*READ_AHEAD))
        if first is not None or ahead:
            self.load_details(first, ahead, self.details.epoch)

    def _tree_refresh(self, changes: Changes | None) -> None:
        if self.tree_readings.ask(changes):
            self.refresh_tree(self.plan_tree.wanted(changes))

    @work(thread=True, group="tree", exit_on_error=False)
    def refresh_tree(self, wanted: Wanted) -> None:
        """The tree's rows and counts (plans, departments: aggregate queries) read off the UI thread.

        Never two at once and never thrown away: a writer once a second on a big store would
        otherwise keep restarting queries that take longer than a second."""
        fresh = None
        try:
            fresh = self.plan_tree.fetch(wanted)
        finally:
            self.post_message(TreeFetched(fresh))

    @on(TreeFetched)
    def _tree_fetched(self, message: TreeFetched) -> None:
        if message.fresh is not None:
            self.plan_tree.apply(message.fresh)
        again, changes = self.tree_readings.done()
        if again:
            self._tree_refresh(changes)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_details(self, first: int | None, ahead: list[int], epoch: int) -> None:
        """The cursor's task (`first`, if not read yet), then its neighbours' (a newer call cancels
        the rest: the cursor has moved on). A neighbour that cannot be read is simply not kept."""
        worker = get_current_worker()
        if first is not None:
            detail = self.services.task(first)
            if not worker.is_cancelled:
                self.post_message(DetailLoaded(detail, epoch))
        for task_id in ahead:
            if worker.is_cancelled:
                return
            try:
                self.post_message(DetailLoaded(self.services.task(task_id), epoch, ahead=True))
            except SciplanError:
                continue

    @on(DetailLoaded)
    def _show_detail(self, message: DetailLoaded) -> None:
        detail = message.detail
        self.details.put(detail, message.epoch)
        if detail.task.id != self.wanted_detail:  # a late answer for a task left meanwhile is dropped
            return
        shown = self.detail.detail
        if not message.ahead or shown is None or shown.task.id != detail.task.id:
            self.detail.show(detail)

    # ---- find and grouping -----------------------------------------------------------------

    def action_find(self) -> None:
        self.find_box.focus()

    def action_leave_find(self) -> None:
        if self.find_box.value:
            self.find_box.value = ""
        self._show_tree()
        self.plan_tree.focus()

    def _show_tree(self) -> None:
        """Back to the tree: the results' marks go with them, the detail follows the tree's cursor."""
        self.results.clear_marks()
        self.query_one("#left", ContentSwitcher).current = "tree"
        self._caption()
        self.follow_cursor()

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if not text:
            if self.finding:
                self._show_tree()
            return
        self.query_one("#left", ContentSwitcher).current = "results"
        plan, dept = self.plan_tree.scope()
        self.find(TaskFilter(text=text, plan=plan, dept=dept), self.results.sort_key, self.results.desc)

    @work(thread=True, exclusive=True, group="find", exit_on_error=False)
    def find(self, task_filter: TaskFilter, sort: str, desc: bool) -> None:
        """Count and fetch the first page (in the results' order) off the UI thread: typing stays
        fast on a big store."""
        total = self.services.count(task_filter)
        rows = self.services.tasks(task_filter, sort=sort, desc=desc, limit=PAGE) if total else []
        if not get_current_worker().is_cancelled:
            self.post_message(TasksFound(task_filter, rows, total))

    @on(TasksFound)
    def _show_found(self, message: TasksFound) -> None:
        if self.find_box.value.strip() == message.task_filter.text:
            self.results.show_first_page(message.task_filter, message.rows, message.total)

    @on(Input.Submitted, "#find")
    def _find_done(self) -> None:
        (self.results if self.finding else self.plan_tree).focus()

    @on(TaskTable.RowsLoaded, "#results")
    def _found(self, message: TaskTable.RowsLoaded) -> None:
        self._caption(message.total)
        self.follow_cursor()

    def action_jump(self, text: str = "", error: str = "") -> None:
        self.app.push_screen(JumpDialog(text, error), self._jump_to)

    def _jump_to(self, code: str | None) -> None:
        """Put the cursor on the task with this code or ID (a code alone: in the cursor's plan first)."""
        if not code:
            return
        try:
            row = self._resolve(code)
        except SciplanError as exc:
            self.action_jump(code, exc.message())
            return
        if self.finding:
            self.find_box.value = ""
            self._show_tree()
        if not self.plan_tree.reveal(row):
            self.action_jump(code, t("tui.jump.hidden", code=row.full_code))
            return
        self._caption()
        self.plan_tree.focus()

    def _resolve(self, code: str) -> TaskRow:
        plan = self.plan_tree.cursor_plan()
        try:
            ids = self.services.resolve([code], plan=None if "-" in code else plan)
        except NotFoundError:
            ids = self.services.resolve([code])
        return self.services.tasks(TaskFilter(ids=tuple(ids[:1])))[0]

    def action_toggle_grouping(self) -> None:
        self.plan_tree.set_grouping("dept" if self.plan_tree.grouping == "plan" else "plan")
        self._caption()
        self.plan_tree.focus()
        self.follow_cursor()

    def _caption(self, found: int | None = None) -> None:
        """Grouping (or what find found) and, always in sight, how many tasks are marked."""
        if self.finding:
            text = t("tui.find.count", count=self.results.total if found is None else found)
            where = [w for w in self.plan_tree.scope() if w]
            text += " · " + (t("tui.find.in", where=" ".join(where)) if where else t("tui.find.all"))
        else:
            text = t("tui.group.dept" if self.plan_tree.grouping == "dept" else "tui.group.plan")
        marked = len(self.marked_tasks())
        if marked:
            text += " · " + t("tui.marked", count=marked)
        self.query_one("#left-caption", Label).update(text)
