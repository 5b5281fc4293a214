"""What the plan tree's nodes hold, what a live refresh of the tree reads, and walking the nodes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from ...services import TaskFilter
from ...store.rows import DeptRow, PlanRow, TaskRow

if TYPE_CHECKING:
    from textual.widgets.tree import TreeNode


@dataclass(frozen=True)
class Tasks:
    """A node whose children are tasks matching `filter` (kept if `participant` is among their units)."""

    filter: TaskFilter
    participant: str | None = None
    offset: int = 0


@dataclass(frozen=True)
class Group:
    """提升行动 / 重点工程 under a plan: its children are the plan's items of that kind."""

    plan_id: int
    kind: str


@dataclass(frozen=True)
class Departments:
    """A plan in department mode: its children are the plan's departments."""

    plan: PlanRow


@dataclass(frozen=True)
class More:
    """The last child of a long list: selecting it loads the next page."""

    source: Tasks


NodeData = PlanRow | Group | Tasks | Departments | DeptRow | More | TaskRow


COUNT_FIRST, COUNT_CHUNK = 100, 1000  # plans counted first (those on screen), then at a time


@dataclass
class PlansCounted(Message):
    """Plans listed before they were counted, now counted (by id; read by the tree's counting worker)."""

    plans: dict[int, PlanRow]


@dataclass(frozen=True)
class Wanted:
    """What a refresh reads again: task rows by id; the plans whose counts to recount (None: every
    plan, as `services.plans()` lists them); the plans with department nodes (recounted too)."""

    ids: tuple[int, ...]
    plans: tuple[PlanRow, ...] | None
    dept_plans: tuple[int, ...]


@dataclass(frozen=True)
class Fresh:
    """A refresh's answer: task rows by id, the plans (all of them, or those recounted), and per
    plan id its departments by name."""

    rows: dict[int, TaskRow]
    plans: list[PlanRow]
    depts: dict[int, dict[str, DeptRow]]


def descendants(top: TreeNode[Any]) -> Iterator[TreeNode[Any]]:
    """`top` and every node below it, loaded or not shown, in tree order."""
    stack = [top]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def node_key(data: object) -> str | None:
    """A node's identity across runs (None for tasks and 'more' lines, which are not kept open)."""
    if isinstance(data, PlanRow):
        return f"plan:{data.code}"
    if isinstance(data, Group):
        return f"group:{data.plan_id}:{data.kind}"
    if isinstance(data, DeptRow):
        return f"dept:{data.plan_code}:{data.name}"
    if isinstance(data, Tasks):
        f = data.filter
        return f"tasks:{f.plan}:{f.item_id}:{f.dept}:{f.lead_only}:{','.join(f.kinds)}:{data.participant}"
    return None
