"""The dashboard: per department and per action/project, task counts by status and a done bar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Label, Select, TabbedContent, TabPane
from textual.worker import get_current_worker

from ...i18n import t
from ...services import TaskFilter, live
from ...services.statuses import STATUSES, label
from ..format import bar
from .base import TaskView, footer, header
from .views import FilteredView

if TYPE_CHECKING:
    from ...services.live import Changes, PlanChoice
    from ...store.rows import PlanRow

STATUS_KEYS = tuple(STATUSES)


@dataclass(frozen=True)
class Line:
    """One dashboard row: what it counts and the numbers."""

    name: str
    task_filter: TaskFilter
    total: int
    by_status: dict[str, int]
    overdue: int
    extra: int | None = None  # tasks a department joins

    def cells(self) -> list[Any]:
        done = self.by_status.get("done", 0)
        ratio = done / self.total if self.total else 0.0
        head = [self.name, self.total] + ([self.extra] if self.extra is not None else [])
        late = Text(str(self.overdue), style="bold red") if self.overdue else "0"
        return [*head, *(self.by_status.get(k, 0) for k in STATUS_KEYS), late, f"{bar(ratio, 10)} {ratio:>4.0%}"]

    def sort_value(self, index: int) -> Any:
        done = self.by_status.get("done", 0)
        head: list[Any] = [self.name, self.total] + ([self.extra] if self.extra is not None else [])
        values = [
            *head,
            *(self.by_status.get(k, 0) for k in STATUS_KEYS),
            self.overdue,
            done / self.total if self.total else 0.0,
        ]
        return values[index]


@dataclass
class Counted(Message):
    """The dashboard's counts for `plan`, computed in a worker."""

    plan: str
    lines: dict[str, list[Line]]


@dataclass
class Listed(Message):
    """Every plan the clerk may see, for the selector (read by a worker when it is first focused)."""

    choices: list[PlanChoice]


def plan_choice(plan: PlanChoice | PlanRow) -> str:
    """A plan in the selector: its code and period, never long enough to wrap a year."""
    if plan.period_start and plan.period_end:
        return f"{plan.code}（{plan.period_start}—{plan.period_end}）"
    return plan.code


class DashboardView(TaskView):
    """Counts for one plan; Enter lists the tasks of the row; click a header or S to sort."""

    slug = "dashboard"
    AUTO_FOCUS = "#depts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.switch_mode('main')", t("tui.key.back")),
        Binding("S", "next_sort", t("tui.key.sort")),
        Binding("R", "reverse_sort", t("tui.key.reverse")),
        Binding("j", "cursor('down')", t("tui.key.down"), show=False),
        Binding("k", "cursor('up')", t("tui.key.up"), show=False),
    ]

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.lines: dict[str, list[Line]] = {"depts": [], "items": []}
        # (column index, descending) per table; -1 keeps the services' order (plan order)
        self.sorting: dict[str, tuple[int, bool]] = {"depts": (-1, False), "items": (-1, False)}
        self.shown = False  # counted when first shown (it may be built ahead, out of sight)

    def compose(self) -> ComposeResult:
        yield header()
        first = self._start_plan()  # the selector lists the other plans once it is first focused
        self.plan_ids = {first.code: first.id} if first is not None else {}
        self.listed = False
        plans = [(plan_choice(first), first.code)] if first is not None else []
        with Horizontal(classes="view-bar"):
            yield Label(t("tui.view.dashboard"), id="view-title")
            yield Label(t("tui.view.plan"))
            yield Select(plans, value=plans[0][1] if plans else Select.BLANK, allow_blank=not plans, id="dash-plan")
        with TabbedContent(id="dash-tabs"):
            with TabPane(t("tui.view.by_dept"), id="tab-depts"):
                yield DataTable(id="depts", cursor_type="row", zebra_stripes=True)
            with TabPane(t("tui.view.by_item"), id="tab-items"):
                yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        yield footer()

    def on_mount(self) -> None:
        statuses = [label(k) for k in STATUS_KEYS]
        tail = [*statuses, t("tui.col.overdue"), t("tui.col.done_bar")]
        self.table("depts").add_columns(t("tui.col.name"), t("tui.col.lead_count"), t("tui.col.joins"), *tail)
        self.table("items").add_columns(t("tui.col.name"), t("tui.col.total"), *tail)
        self.table("depts").focus()

    @on(events.ScreenResume)
    def _first_shown(self) -> None:
        """Shown for the first time: the plan the main screen's cursor is in now (the screen may have
        been built a while before), counted now. (Runs before TaskView.on_screen_resume.)"""
        if self.shown:
            return
        self.shown = True
        self.stale, self.pending = False, None  # counted afresh below
        row = self._start_plan()
        if row is not None and row.code != self.plan:
            self.plan_ids[row.code] = row.id
            select = self.query_one("#dash-plan", Select)
            with self.prevent(Select.Changed):
                if not self.listed:
                    select.set_options([(plan_choice(row), row.code)])
                select.value = row.code
        self.reload()

    def _start_plan(self) -> PlanChoice | PlanRow | None:
        """The plan the main screen's cursor is in (the first plan at start)."""
        ask = getattr(self.app, "cursor_plan_row", None)
        row = ask() if ask is not None else None
        if row is not None:
            return row
        choices = live.plan_choices(self.services)  # no tree to ask
        return choices[0] if choices else None

    def table(self, name: str) -> DataTable[Any]:
        return self.query_one(f"#{name}", DataTable)

    @property
    def plan(self) -> str | None:
        value = self.query_one("#dash-plan", Select).value
        return value if isinstance(value, str) else None

    @property
    def active(self) -> str:
        return "items" if self.query_one(TabbedContent).active == "tab-items" else "depts"

    # ---- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        plan = self.plan
        if plan is not None and plan in self.plan_ids:
            self.count(plan, self.plan_ids[plan])

    def apply_changes(self, changes: Changes) -> None:
        """Counted again only when the plan shown has a changed task."""
        if changes.everything or self.plan_ids.get(self.plan or "") in changes.plan_ids:
            self.reload()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def count(self, plan: str, plan_id: int) -> None:
        """Both tables' counts by aggregate queries over that plan's tasks, off the UI thread: keys
        stay live meanwhile."""
        lines = {"depts": self._dept_lines(plan, plan_id), "items": self._item_lines(plan)}
        if not get_current_worker().is_cancelled:
            self.post_message(Counted(plan, lines))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The selector lists every plan when the clerk first goes to it (thousands on a big store:
        not read, nor laid out, for a dashboard only looked at)."""
        if not self.listed and event.widget is self.query_one("#dash-plan", Select):
            self.listed = True
            self.run_worker(self._read_choices, thread=True, group="dashboard-plans", exit_on_error=False)

    def _read_choices(self) -> None:
        self.post_message(Listed(live.plan_choices(self.services)))

    @on(Listed)
    def _listed(self, message: Listed) -> None:
        self._list(message.choices)

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        if message.plan != self.plan:
            return
        self.lines.update(message.lines)
        for name in self.lines:
            self._fill(name)

    def _list(self, choices: list[PlanChoice]) -> None:
        """Every plan in the selector, the one shown kept."""
        self.plan_ids = {p.code: p.id for p in choices}
        select = self.query_one("#dash-plan", Select)
        shown = select.value
        with self.prevent(Select.Changed):
            select.set_options([(plan_choice(p), p.code) for p in choices])
            if isinstance(shown, str) and shown in self.plan_ids:
                select.value = shown

    def _dept_lines(self, plan: str, plan_id: int) -> list[Line]:
        """Per department, counted over this plan's tasks only, as `sciplan depts --plan` counts them."""
        return [
            Line(d.name, TaskFilter(plan=plan, dept=d.name, lead_only=True), d.leads, d.by_status, d.overdue, d.joins)
            for d in live.department_counts(self.services, plan_id)
        ]

    def _item_lines(self, plan: str) -> list[Line]:
        """Counts per action/project: one aggregate query for the whole plan (Services.item_counts)."""
        out = []
        for c in self.services.item_counts(plan):
            prefix = "A" if c.item.kind == "action" else "P"
            out.append(
                Line(
                    f"{prefix}{c.item.number} {c.item.title}",
                    TaskFilter(item_id=c.item.id),
                    c.total,
                    c.by_status,
                    c.overdue,
                )
            )
        return out

    def _fill(self, name: str) -> None:
        table = self.table(name)
        cursor = table.cursor_row
        index, desc = self.sorting[name]
        lines = self.lines[name]
        if index >= 0:
            lines = sorted(lines, key=lambda line: line.sort_value(index), reverse=desc)
        self.lines[name] = lines
        table.clear()
        for i, line in enumerate(lines):
            table.add_row(*line.cells(), key=str(i))
        if lines:
            table.move_cursor(row=min(cursor, len(lines) - 1), animate=False)

    # ---- keys and events -------------------------------------------------------------------

    @on(Select.Changed, "#dash-plan")
    def _plan_changed(self) -> None:
        if self.shown:  # the selector's first value (at mount) is counted when the screen is shown
            self.reload()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        name = str(event.data_table.id)
        index, desc = self.sorting[name]
        self.sorting[name] = (event.column_index, not desc if index == event.column_index else False)
        self._fill(name)

    def action_next_sort(self) -> None:
        name = self.active
        index, _desc = self.sorting[name]
        self.sorting[name] = ((index + 1) % len(self.table(name).columns), False)
        self._fill(name)

    def action_reverse_sort(self) -> None:
        index, desc = self.sorting[self.active]
        self.sorting[self.active] = (index, not desc)
        self._fill(self.active)

    def action_cursor(self, direction: str) -> None:
        table = self.table(self.active)
        table.action_cursor_down() if direction == "down" else table.action_cursor_up()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        name = str(event.data_table.id)
        line = self.lines[name][event.cursor_row]
        self.app.push_screen(FilteredView(self.services, self.today, line.task_filter, line.name))

    def export_table(self) -> tuple[list[str], list[list[str]]]:
        table = self.table(self.active)
        header = [str(c.label) for c in table.columns.values()]
        return header, [[str(c) for c in line.cells()] for line in self.lines[self.active]]
