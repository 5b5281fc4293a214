"""The plan tree: plan → actions / projects / schedule → item → tasks, or plan → department → tasks.

Children are fetched from the services when a node is first expanded, a page at a time, so the
tree opens instantly on a store of any size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode
from textual.worker import get_current_worker

from ...i18n import t
from ...services import TaskFilter, live
from ...store.rows import DeptRow, PlanRow, TaskRow
from ..format import due_state, due_text
from ..symbols import ASCII_LINES, SYMBOLS
from .marks import MarksChanged
from .tree_nodes import (
    COUNT_CHUNK,
    COUNT_FIRST,
    Departments,
    Fresh,
    Group,
    More,
    PlansCounted,
    Tasks,
    Wanted,
    descendants,
    node_key,
)

if TYPE_CHECKING:
    from rich.style import Style

    from ...services import Services
    from ...services.live import Changes

PAGE = 200
KIND_KEYS = {"action": "tui.tree.actions", "project": "tui.tree.projects", "milestone": "tui.tree.schedule"}


class PlanTree(Tree[Any]):
    """Lazy plan tree with a status mark and a due date on every task; space marks tasks."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "plan-tree--overdue",
        "plan-tree--due-soon",
        "plan-tree--on-track",
        "plan-tree--marked",
        "plan-tree--code",
        "plan-tree--more",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", t("tui.key.down"), show=False),
        Binding("k", "cursor_up", t("tui.key.up"), show=False),
        Binding("l,right", "open_node", t("tui.key.expand"), show=False),
        Binding("h,left", "close_node", t("tui.key.collapse"), show=False),
        Binding("space", "toggle_mark", t("tui.key.mark")),
    ]

    def __init__(self, services: Services, today: date, **kw: Any) -> None:
        super().__init__(t("tui.tree.root"), **kw)
        self.services = services
        self.today = today
        self.grouping = "plan"
        self.marked: dict[int, TaskRow] = {}
        self.show_root = False
        if SYMBOLS.plain:  # ambiguous-width arrows and box lines: ASCII stand-ins
            self.ICON_NODE, self.ICON_NODE_EXPANDED = SYMBOLS.node, SYMBOLS.node_open
            self.LINES = {**self.LINES, "default": ASCII_LINES, "bold": ASCII_LINES}
        self.auto_expand = True
        self.guide_depth = 2
        self.plan_nodes: dict[int, TreeNode[Any]] = {}
        self.plan_codes: dict[str, int] = {}
        # What a live refresh touches, found without walking the tree (thousands of plan nodes):
        self.task_index: dict[int, list[TreeNode[Any]]] = {}  # task id → its lines (one per department)
        self.dept_nodes: list[TreeNode[Any]] = []
        self.counted: dict[int, PlanRow] = {}  # plans whose counts have been read, as last read

    # ---- loading ---------------------------------------------------------------------------

    def load_roots(self) -> None:
        """(Re)build the top level: one node per plan, at once; the plans' counts (thousands of
        plans on a big store) are read by a worker, the plans at the top first."""
        self.clear()
        self.plan_nodes.clear()
        self.plan_codes.clear()
        self.task_index.clear()
        self.dept_nodes.clear()
        plans = live.plans(self.services)
        for listed in plans:
            plan = self.counted.get(listed.id, listed)
            self.plan_nodes[plan.id] = self.root.add(self._plan_label(plan), data=plan)
            self.plan_codes[plan.code] = plan.id
        self.root.expand()
        if self.root.children:
            self.goto(self.root.children[0])
        missing = [p.id for p in plans if p.id not in self.counted]
        if missing:
            count = partial(self._count_plans, missing)
            self.run_worker(count, thread=True, group="plan-counts", exclusive=True, exit_on_error=False)

    def _count_plans(self, ids: list[int]) -> None:
        worker = get_current_worker()
        chunks = [ids[:COUNT_FIRST], *(ids[i : i + COUNT_CHUNK] for i in range(COUNT_FIRST, len(ids), COUNT_CHUNK))]
        for chunk in chunks:
            if worker.is_cancelled:
                return
            self.post_message(PlansCounted(live.plan_counts(self.services, chunk)))

    def on_plans_counted(self, message: PlansCounted) -> None:
        """Counted plans read by the worker, for those still without (a refresh may have been faster)."""
        for plan_id, plan in message.plans.items():
            node = self.plan_nodes.get(plan_id)
            if node is not None and plan_id not in self.counted:
                self._set_plan(node, plan, repaint=False)
        self.refresh()  # the lines on screen, once

    def _set_plan(self, node: TreeNode[Any], plan: PlanRow, *, repaint: bool = True) -> None:
        self.counted[plan.id] = node.data = plan
        if repaint:
            node.set_label(self._plan_label(plan))
        else:  # thousands at a time: the label alone, one repaint after them (set_label schedules one each)
            node._label = self.process_label(self._plan_label(plan))
            node._updates += 1

    def set_grouping(self, grouping: str) -> None:
        """Regroup; marks go with the old tree (they could no longer be seen)."""
        self.grouping = grouping
        dropped = len(self.marked)
        self.marked.clear()
        self.load_roots()
        if dropped:
            self.post_message(MarksChanged(0, dropped))

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Any]) -> None:
        self.ensure_loaded(event.node)

    def _toggle_node(self, node: TreeNode[Any]) -> None:
        self.ensure_loaded(node)  # before expanding, so keys typed ahead find the children
        super()._toggle_node(node)

    def ensure_loaded(self, node: TreeNode[Any]) -> None:
        """Fetch a node's children the first time it opens."""
        if node.allow_expand and not node.children and node.data is not None:
            self._fill(node)

    def _fill(self, node: TreeNode[Any]) -> None:
        data = node.data
        if isinstance(data, PlanRow):
            self._fill_plan(node, data)
        elif isinstance(data, Group):
            self._fill_items(node, data)
        elif isinstance(data, Departments):
            self._fill_departments(node, data.plan)
        elif isinstance(data, DeptRow):
            self._fill_roles(node, data)
        elif isinstance(data, Tasks):
            self._fill_tasks(node, data)
        if not node.children:
            node.add_leaf(t("tui.tree.empty"))

    def _fill_plan(self, node: TreeNode[Any], plan: PlanRow) -> None:
        if plan.id not in self.counted:  # opened before the worker reached it: its groups need its counts
            counted = live.plan_counts(self.services, [plan.id]).get(plan.id)
            if counted is not None:  # None: gone meanwhile, or no longer the actor's to see
                self._set_plan(node, counted)
                plan = counted
        if self.grouping == "dept":
            self._fill_departments(node, plan)
            return
        if plan.actions:
            node.add(t(KIND_KEYS["action"]), data=Group(plan.id, "action"))
        if plan.projects:
            node.add(t(KIND_KEYS["project"]), data=Group(plan.id, "project"))
        if plan.milestones:
            node.add(t(KIND_KEYS["milestone"]), data=Tasks(TaskFilter(plan=plan.code, kinds=("milestone",))))

    def _fill_items(self, node: TreeNode[Any], group: Group) -> None:
        for item in self.services.items(group.plan_id):
            if item.kind == group.kind:
                node.add(f"{item.number}. {item.title}", data=Tasks(TaskFilter(item_id=item.id)))

    def _fill_departments(self, node: TreeNode[Any], plan: PlanRow) -> None:
        for dept in live.department_counts(self.services, plan.id):  # that plan's tasks only
            if dept.leads or dept.joins:
                self.dept_nodes.append(node.add(self._dept_label(dept), data=dept))

    def _fill_roles(self, node: TreeNode[Any], dept: DeptRow) -> None:
        base = TaskFilter(plan=dept.plan_code, dept=dept.name)
        if dept.leads:
            node.add(t("tui.tree.leads", count=dept.leads), data=Tasks(replace(base, lead_only=True)))
        if dept.joins:
            node.add(t("tui.tree.joins", count=dept.joins), data=Tasks(base, participant=dept.name))

    def _fill_tasks(self, node: TreeNode[Any], source: Tasks) -> None:
        rows = self.services.tasks(source.filter, limit=PAGE + 1, offset=source.offset)
        for row in rows[:PAGE]:
            if source.participant is None or source.participant in row.participants:
                self.task_index.setdefault(row.id, []).append(node.add_leaf(row.title, data=row))
        if len(rows) > PAGE:
            node.add_leaf(t("tui.tree.more"), data=More(replace(source, offset=source.offset + PAGE)))

    def load_more(self, node: TreeNode[Any]) -> None:
        """Replace a 'more' leaf by the next page of its parent's tasks."""
        parent = node.parent
        if parent is None or not isinstance(node.data, More):
            return
        node.remove()
        self._fill_tasks(parent, node.data.source)

    # ---- live refresh ----------------------------------------------------------------------

    def task_nodes(self) -> Iterator[TreeNode[Any]]:
        return (node for node in descendants(self.root) if isinstance(node.data, TaskRow))

    def task_rows(self) -> list[TaskRow]:
        """The loaded tasks, in tree order."""
        return [node.data for node in self.task_nodes() if isinstance(node.data, TaskRow)]

    def reload(self) -> None:
        """Refresh the loaded task rows and the counts in place (here, on the UI thread)."""
        self.apply(self.fetch(self.wanted()))

    def wanted(self, changes: Changes | None = None) -> Wanted:
        """What a refresh must read again (taken on the UI thread, read by `fetch` in any thread):
        everything loaded, or only what `changes` touched (those tasks, their plans' counts)."""
        loaded = set(self.task_index) | set(self.marked)
        depts = {self._plan_id(n.data.plan_code) for n in self.dept_nodes if isinstance(n.data, DeptRow)}
        if changes is None:
            return Wanted(tuple(sorted(loaded)), None, tuple(sorted(depts)))
        plans = (self.plan_nodes[i].data for i in changes.plan_ids if i in self.plan_nodes)
        return Wanted(
            tuple(sorted(loaded & changes.task_ids)),
            tuple(p for p in plans if isinstance(p, PlanRow)),
            tuple(sorted(depts & changes.plan_ids)),
        )

    def _plan_id(self, code: str) -> int:
        return self.plan_codes.get(code, -1)

    def fetch(self, wanted: Wanted) -> Fresh:
        """The rows and counts of `wanted` from the services (no widget touched: a worker may call it)."""
        rows: dict[int, TaskRow] = {}
        for start in range(0, len(wanted.ids), 900):
            chunk = wanted.ids[start : start + 900]
            rows.update({r.id: r for r in self.services.tasks(TaskFilter(ids=chunk, include_retired=True))})
        if wanted.plans is None:
            plans = self.services.plans()
        else:
            counted = live.plan_counts(self.services, [p.id for p in wanted.plans])
            plans = [counted[p.id] for p in wanted.plans if p.id in counted]
        depts = {pid: {d.name: d for d in live.department_counts(self.services, pid)} for pid in wanted.dept_plans}
        return Fresh(rows, plans, depts)

    def apply(self, fresh: Fresh) -> None:
        """Show fetched rows and counts: the cursor stays where it is."""
        for task_id, row in fresh.rows.items():
            for node in self.task_index.get(task_id, ()):
                node.data = row
                node.refresh()
        self.marked = {i: fresh.rows.get(i, row) for i, row in self.marked.items()}
        many = len(fresh.plans) > 50
        for plan in fresh.plans:
            known = self.plan_nodes.get(plan.id)
            if known is not None:
                self._set_plan(known, plan, repaint=not many)
            else:  # imported meanwhile (e.g. `sciplan import plan` over SSH)
                self.counted[plan.id] = plan
                self.plan_nodes[plan.id] = self.root.add(self._plan_label(plan), data=plan)
                self.plan_codes[plan.code] = plan.id
        self._recount_departments(fresh.depts)
        if many:
            self.refresh()

    def _recount_departments(self, fresh: dict[int, dict[str, DeptRow]]) -> None:
        """Department nodes take their counts again from the same counting as `sciplan depts`."""
        if not fresh:
            return
        for node in self.dept_nodes:
            old = node.data
            assert isinstance(old, DeptRow)
            row = fresh.get(self._plan_id(old.plan_code), {}).get(old.name)
            if row is not None:
                node.data = row
                node.set_label(self._dept_label(row))
                self._recount_roles(node, row)

    def _recount_roles(self, node: TreeNode[Any], dept: DeptRow) -> None:
        for child in node.children:
            if isinstance(child.data, Tasks):
                joins = child.data.participant is not None
                label = t("tui.tree.joins", count=dept.joins) if joins else t("tui.tree.leads", count=dept.leads)
                child.set_label(label)

    # ---- remembered between runs -----------------------------------------------------------

    def open_keys(self) -> list[str]:
        """The open nodes, as keys that survive a restart."""
        return [
            key for n in descendants(self.root) if n is not self.root and n.is_expanded and (key := node_key(n.data))
        ]

    def reopen(self, keys: list[str]) -> None:
        """Open again the nodes of an earlier run, top down (children are fetched as they open)."""
        wanted = set(keys)
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node_key(node.data) in wanted:
                self.ensure_loaded(node)
                node.expand()
                stack.extend(node.children)

    # ---- find scope and jumping ------------------------------------------------------------

    def scope(self) -> tuple[str | None, str | None]:
        """(plan code, department) the cursor is inside; on a plan's own line (top level): none."""
        node = self.cursor_node
        if node is None or node.parent is None or node.parent is self.root:
            return None, None
        plan = dept = None
        while node is not None and node is not self.root:
            if isinstance(node.data, DeptRow):
                dept = node.data.name
            if isinstance(node.data, PlanRow):
                plan = node.data.code
            node = node.parent
        return plan, dept

    def cursor_plan(self) -> str | None:
        """The plan of the cursor's line, top level included."""
        node = self.cursor_node
        while node is not None and node.parent is not None and node.parent is not self.root:
            node = node.parent
        return node.data.code if node is not None and isinstance(node.data, PlanRow) else None

    def cursor_plan_row(self) -> PlanRow | None:
        """The plan of the cursor's line (the first plan when the cursor is on none)."""
        node = self.cursor_node
        while node is not None and node.parent is not None and node.parent is not self.root:
            node = node.parent
        if node is None or not isinstance(node.data, PlanRow):
            node = self.root.children[0] if self.root.children else None
        return node.data if node is not None and isinstance(node.data, PlanRow) else None

    def reveal(self, row: TaskRow) -> bool:
        """Open the way down to a task (plan grouping) and put the cursor on it."""
        if self.grouping != "plan":
            self.set_grouping("plan")
        node = self._child(self.root, lambda d: isinstance(d, PlanRow) and d.id == row.plan_id)
        if row.kind == "milestone":
            node = self._child(node, lambda d: isinstance(d, Tasks) and d.filter.kinds == ("milestone",))
        else:
            node = self._child(node, lambda d: isinstance(d, Group) and d.kind == row.kind)
            node = self._child(node, lambda d: isinstance(d, Tasks) and d.filter.item_id == row.item_id)
        while node is not None:
            found = self._child(node, lambda d: isinstance(d, TaskRow) and d.id == row.id)
            if found is not None:
                self.goto(found)
                return True
            more = self._child(node, lambda d: isinstance(d, More))
            if more is None:
                return False
            self.load_more(more)
        return False

    def _child(self, node: TreeNode[Any] | None, match: Any) -> TreeNode[Any] | None:
        if node is None:
            return None
        self.ensure_loaded(node)
        node.expand()
        return next((c for c in node.children if match(c.data)), None)

    # ---- marks and keys --------------------------------------------------------------------

    def goto(self, node: TreeNode[Any]) -> None:
        """Move the cursor to `node`, laying the lines out first: keys typed ahead (tmux, a fast
        clerk) arrive before the next repaint, when a node just opened has no line number yet."""
        self._tree_lines  # noqa: B018  (the property rebuilds the lines when they are stale)
        self.move_cursor(node)

    @property
    def cursor_task(self) -> TaskRow | None:
        node = self.cursor_node
        return node.data if node is not None and isinstance(node.data, TaskRow) else None

    def neighbours(self, after: int, before: int) -> list[int]:
        """The tasks on the lines just below the cursor (`after` lines), then just above it: those a
        clerk pressing j or k reaches next, whose details are worth reading ahead."""
        lines, at = self._tree_lines, self.cursor_line
        below = [line.node.data for line in lines[at + 1 : at + 1 + after]]
        above = [line.node.data for line in reversed(lines[max(0, at - before) : max(0, at)])]
        return [d.id for d in below + above if isinstance(d, TaskRow)]

    def action_toggle_mark(self) -> None:
        row = self.cursor_task
        if row is None:
            if self.cursor_node is not None and self.cursor_node.allow_expand:
                self.cursor_node.toggle()
            return
        if row.id in self.marked:
            del self.marked[row.id]
        else:
            self.marked[row.id] = row
        assert self.cursor_node is not None
        self.cursor_node.refresh()
        self.post_message(MarksChanged(len(self.marked)))

    def clear_marks(self) -> None:
        had = bool(self.marked)
        self.marked.clear()
        for node in self.task_nodes():
            node.refresh()
        if had:
            self.post_message(MarksChanged(0))

    def _on_tree_node_collapsed(self, event: Tree.NodeCollapsed[Any]) -> None:
        """A mark never stays out of sight: collapsing a node unmarks the tasks under it."""
        hidden = [n.data.id for n in descendants(event.node) if isinstance(n.data, TaskRow)]
        dropped = [i for i in hidden if self.marked.pop(i, None) is not None]
        if dropped:
            self.post_message(MarksChanged(len(self.marked), len(dropped)))

    def action_open_node(self) -> None:
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        self.ensure_loaded(node)
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.goto(node.children[0])

    def action_close_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.goto(node.parent)

    # ---- labels ----------------------------------------------------------------------------

    @staticmethod
    def _dept_label(dept: DeptRow) -> str:
        return t("tui.tree.dept", name=dept.name, leads=dept.leads, overdue=dept.overdue)

    def _plan_label(self, plan: PlanRow) -> str:
        if plan.id not in self.counted:  # being counted
            return f"{plan.code}  {SYMBOLS.ellipsis}"
        return t("tui.tree.plan", code=plan.code, tasks=plan.tasks + plan.milestones, overdue=plan.overdue)

    def process_label(self, label: str | Text) -> Text:
        """A label is plain text (a title with [brackets] is not markup), its first line only."""
        text = Text(label) if isinstance(label, str) else label
        return text.split()[0] if "\n" in text.plain else text

    def get_label_width(self, node: TreeNode[Any]) -> int:
        """Labels are shortened to the pane (`render_label`), so none is wider than it: the tree
        never scrolls sideways, and laying out thousands of plans does not render each label."""
        return 0

    def render_label(self, node: TreeNode[Any], base_style: Style, style: Style) -> Text:
        """The node's label, shortened with "…" (by display width) to what the pane can show."""
        if isinstance(node.data, TaskRow):
            text = self._task_label(node.data, style)
        elif isinstance(node.data, More):
            text = node.label.copy() if isinstance(node.label, Text) else Text(str(node.label))
            text.stylize(self.get_component_rich_style("plan-tree--more", partial=True))
            text.stylize(style)
        else:
            text = super().render_label(node, base_style, style)
        room = self._room(node)
        if room is not None and text.cell_len > room:
            if SYMBOLS.plain:
                text.truncate(room - len(SYMBOLS.ellipsis))
                text.append(SYMBOLS.ellipsis)
            else:
                text.truncate(room, overflow="ellipsis")
        return text

    def _room(self, node: TreeNode[Any]) -> int | None:
        """Cells left for a node's label after its guides, or None before the first layout."""
        lines = self._tree_lines_cached
        width = self.scrollable_content_region.width
        if lines is None or not 0 <= node._line < len(lines) or width <= 0:
            return None
        return max(4, width - lines[node._line]._get_guide_width(self.guide_depth, self.show_root))

    def _task_label(self, row: TaskRow, style: Style) -> Text:
        lamp = due_state(row, self.today)
        lamp_style = self.get_component_rich_style(f"plan-tree--{lamp}", partial=True) if lamp else ""
        picked = row.id in self.marked
        text = Text.assemble(
            (SYMBOLS.picked if picked else " ", self.get_component_rich_style("plan-tree--marked", partial=True)),
            (SYMBOLS.status(row.status), lamp_style),
            " ",
            (row.code, self.get_component_rich_style("plan-tree--code", partial=True)),
            " ",
            (due_text(row), lamp_style),
            " ",
            row.title,
        )
        text.stylize(style)
        return text

    def _on_tree_node_selected(self, event: Tree.NodeSelected[Any]) -> None:
        if isinstance(event.node.data, More):
            self.load_more(event.node)
