"""The main screen: find box and plan tree (or search results) on the left, task detail on the right."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Header, Input, Label, Tree
from textual.worker import get_current_worker

from ...errors import NotFoundError, SciplanError
from ...i18n import t
from ...services import TaskFilter
from ...store.rows import TaskDetail, TaskRow
from ..widgets.marks import MarksChanged
from ..widgets.plan_tree import Fresh, PlanTree, Wanted
from ..widgets.task_detail import TaskDetailView
from ..widgets.task_table import PAGE, TaskTable
from .base import TaskView, footer
from .prompts import JumpDialog

if TYPE_CHECKING:
    from ..state import Remembered


@dataclass
class DetailLoaded(Message):
    """A task's detail was read from the store."""

    detail: TaskDetail


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

    def compose(self) -> ComposeResult:
        yield Header()
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

    def remember(self, remembered: Remembered) -> None:
        remembered.grouping = self.plan_tree.grouping
        remembered.open_nodes = self.plan_tree.open_keys()
        row = self.plan_tree.cursor_task
        remembered.cursor_task = row.id if row is not None else None

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
        self._tree_refresh()
        if self.finding:
            self.results.refresh_rows()
        if self.detail.detail is not None:
            self.load_detail(self.detail.detail.task.id)

    def export_filter(self) -> TaskFilter | None:
        if self.finding:
            return self.results.task_filter
        return TaskFilter(ids=tuple(r.id for r in self.plan_tree.task_rows()))

    # ---- detail ----------------------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#tree")
    def _tree_moved(self, event: Tree.NodeHighlighted[Any]) -> None:
        if not self.finding:
            self.follow_cursor()

    @on(TaskTable.RowHighlighted, "#results")
    def _result_moved(self) -> None:
        if self.finding:
            self.follow_cursor()

    def follow_cursor(self) -> None:
        """The detail pane shows the task the keys act on, or nothing when the cursor is on no task."""
        row = (self.results if self.finding else self.plan_tree).cursor_task
        self.wanted_detail = row.id if row is not None else None
        if self.compact:
            return
        if row is None:
            self.detail.show(None)
        elif self.detail.detail is None or self.detail.detail.task.id != row.id:
            self.load_detail(row.id)

    tree_busy = False  # a refresh is being read; another change meanwhile: one more after it
    tree_again = False

    def _tree_refresh(self) -> None:
        if self.tree_busy:
            self.tree_again = True
            return
        self.tree_busy = True
        self.refresh_tree(self.plan_tree.wanted())

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
        self.tree_busy = False
        if message.fresh is not None:
            self.plan_tree.apply(message.fresh)
        if self.tree_again:
            self.tree_again = False
            self._tree_refresh()

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, task_id: int) -> None:
        detail = self.services.task(task_id)
        if not get_current_worker().is_cancelled:
            self.post_message(DetailLoaded(detail))

    @on(DetailLoaded)
    def _show_detail(self, message: DetailLoaded) -> None:
        if message.detail.task.id == self.wanted_detail:  # a late answer for a task left meanwhile is dropped
            self.detail.show(message.detail)

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
        self.find(TaskFilter(text=text, plan=plan, dept=dept))

    @work(thread=True, exclusive=True, group="find", exit_on_error=False)
    def find(self, task_filter: TaskFilter) -> None:
        """Count and fetch the first page off the UI thread: typing stays fast on a big store."""
        total = self.services.count(task_filter)
        rows = self.services.tasks(task_filter, limit=PAGE) if total else []
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
