"""Taking the departments' sheets back from the TUI: a directory, then the conflicts to settle one by one.

The command palette's 收回进展表 asks for a directory (or a file), collects it in a thread worker
(services/collect.py, as `sciplan collect`) and, when conflicts are left, lists them: `t` takes the
department's value, `o` keeps the ledger's, for the highlighted conflict only (`--take … --task
CODE:field`); the list is rebuilt from a new collect of the same files.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from ..errors import SciplanError
from ..i18n import register, t
from ..services.collect import shown, why  # the CLI's wording (and its column names), so both say the same
from .screens.dialogs import FormDialog

if TYPE_CHECKING:
    from ..services.collect import CollectResult, Conflict

register(
    {
        "tui.key.collect": ("收回进展表", "Collect the returned sheets"),
        "tui.dlg.collect": ("收回各部门填好的进展情况表", "Collect the departments' filled-in sheets"),
        "tui.dlg.collect_path": ("目录或文件", "Directory or file"),
        "tui.collect.done": (
            "收取 {files} 个文件：应用 {applied} 处，冲突 {open} 处，问题 {problems} 处",
            "{files} file(s): {applied} applied, {open} conflict(s), {problems} problem(s)",
        ),
        "tui.collect.title": (
            "冲突（{count}）：t 采用部门填报，o 保留台账现值，Esc 关闭",
            "Conflicts ({count}): t take theirs, o keep ours, Esc close",
        ),
        "tui.collect.theirs": ("采用部门填报", "Take theirs"),
        "tui.collect.ours": ("保留台账现值", "Keep ours"),
    }
)


class CollectDialog(FormDialog[Path]):
    """Where the returned sheets are."""

    def __init__(self, default: Path) -> None:
        super().__init__(t("tui.dlg.collect"))
        self.default = default

    def fields(self):  # type: ignore[no-untyped-def]
        yield Label(t("tui.dlg.collect_path"))
        yield Input(str(self.default), id="collect-path")

    def on_mount(self) -> None:
        self.query_one("#collect-path", Input).focus()

    def value(self) -> Path:
        text = self.query_one("#collect-path", Input).value.strip()
        return Path(text).expanduser() if text else self.default


class ConflictScreen(ModalScreen[None]):
    """The open conflicts of a collect; `t`/`o` settle the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "take('theirs')", t("tui.collect.theirs")),
        Binding("o", "take('ours')", t("tui.collect.ours")),
        Binding("escape", "dismiss", t("tui.dlg.cancel")),
    ]

    def __init__(self, conflicts: list[Conflict], settle: Any) -> None:
        super().__init__()
        self.conflicts = conflicts
        self.settle = settle  # settle(take, "CODE:field")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("", id="conflict-title", classes="dialog-title", markup=False)
            yield DataTable(id="conflict-table", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#conflict-table", DataTable)
        table.add_columns(*(t(f"collect.col.{k}") for k in ("dept", "task", "field", "theirs", "ours", "why")))
        self.show(self.conflicts)
        table.focus()

    def show(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        self.query_one("#conflict-title", Label).update(t("tui.collect.title", count=len(conflicts)))
        table = self.query_one("#conflict-table", DataTable)
        table.clear()
        for c in conflicts:
            e = c.edit
            table.add_row(e.dept, e.code, t(f"field.{e.field}"), shown(e.field, e.new), shown(e.field, c.ours), why(c))
        if not conflicts:
            self.dismiss(None)

    def action_take(self, take: str) -> None:
        table = self.query_one("#conflict-table", DataTable)
        if not self.conflicts:
            return
        chosen = self.conflicts[min(table.cursor_row, len(self.conflicts) - 1)]
        self.settle(take, f"{chosen.edit.code}:{chosen.edit.field}")


class CollectActions:
    """The app's `collect` action (the command palette's 收回进展表)."""

    services: Any

    def action_collect(self) -> None:
        self.push_screen(CollectDialog(Path.cwd()), self._collect_from)  # type: ignore[attr-defined]

    def _collect_from(self, path: Path | None, take: str | None = None, spec: tuple[str, ...] = ()) -> None:
        if path is None:
            return
        work = partial(self._collect_in_thread, path, take, spec)
        self.run_worker(work, thread=True, group="collect", exit_on_error=False)  # type: ignore[attr-defined]

    def _collect_in_thread(self, path: Path, take: str | None, spec: tuple[str, ...]) -> None:
        from ..exports.answers import read_all
        from ..services.collect import collect

        try:
            files, unreadable = read_all([path])
            result = collect(self.services, files, take=take, take_tasks=spec)  # type: ignore[arg-type]
        except SciplanError as exc:
            self.call_from_thread(self.report, exc)  # type: ignore[attr-defined]
            return
        self.call_from_thread(self._collected, path, result, len(unreadable))  # type: ignore[attr-defined]

    def _collected(self, path: Path, result: CollectResult, unreadable: int) -> None:
        done = t(
            "tui.collect.done",
            files=len(result.files),
            applied=len(result.applied),
            open=len(result.open_conflicts),
            problems=len(result.problems) + unreadable,
        )
        self.notify(done, timeout=5)  # type: ignore[attr-defined]
        self.catch_up()  # type: ignore[attr-defined]
        conflicts = list(result.open_conflicts)
        screen = self.screen  # type: ignore[attr-defined]
        if isinstance(screen, ConflictScreen):
            screen.show(conflicts)
        elif conflicts:
            settle = lambda take, spec: self._collect_from(path, take, (spec,))  # noqa: E731
            self.push_screen(ConflictScreen(conflicts, settle))  # type: ignore[attr-defined]


__all__ = ["CollectActions", "CollectDialog", "ConflictScreen"]
