"""The app's edit actions: open a dialog, then write what it returned through the services.

Every task write carries the version of the row the clerk saw, so a change made meanwhile by
someone else is refused with a ConflictError, shown as a notification.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SciplanError
from ..i18n import t
from ..services.updates import Applied, TaskUpdate
from ..store.rows import TaskRow
from .export import write_csv
from .screens.dialogs import DueDialog, NoteDialog, ProgressDialog, StatusDialog, TargetDialog
from .screens.prompts import ConfirmDialog, ExportDialog
from .values import DueChange, NoteEntry, ProgressChange, StatusChange, TargetChange
from .widgets.task_detail import change_text

if TYPE_CHECKING:
    from ..services import Services
    from .screens.base import TaskView


class EditActions:
    """Mixed into SciplanApp: the s/n/p/d/t/u/e keys."""

    services: Services
    today: date
    seen_change: int
    push_screen: Any
    notify: Any

    def task_view(self) -> TaskView | None: ...
    def refresh_views(self) -> None: ...
    def report(self, exc: SciplanError) -> None: ...

    def _chosen(self) -> list[TaskRow]:
        view = self.task_view()
        rows = view.current_tasks() if view is not None else []
        if not rows and view is not None:
            self.notify(t("tui.no_task"), severity="warning", timeout=3)
        return rows

    @staticmethod
    def _what(rows: list[TaskRow]) -> str:
        return f"{rows[0].full_code} {rows[0].title}" if len(rows) == 1 else t("tui.dlg.several", count=len(rows))

    def _write(self, write: Callable[[], Applied], done: Callable[[Applied], str]) -> None:
        """Run one write; report a SciplanError instead of crashing; refresh what is shown."""
        try:
            applied = write()
        except SciplanError as exc:
            self.report(exc)
            self.refresh_views()
            return
        self.notify(done(applied) if applied.changes else t("tui.done.nothing"), timeout=3)
        view = self.task_view()
        if view is not None:
            view.clear_marks()
        self.seen_change = self.services.last_change_id()
        self.refresh_views()

    def _update(self, rows: list[TaskRow], **fields: Any) -> None:
        changes = [TaskUpdate(r.id, expected_version=r.version, **fields) for r in rows]
        self._write(lambda: self.services.update(changes), lambda a: t("tui.done.update", count=len(rows)))

    # ---- status, note, progress, due date, target ------------------------------------------

    def action_status(self) -> None:
        if rows := self._chosen():
            current = rows[0].status if len(rows) == 1 else None
            self.push_screen(StatusDialog(self._what(rows), current), partial(self._status_chosen, rows))

    def _status_chosen(self, rows: list[TaskRow], change: StatusChange | None) -> None:
        if change is not None:
            self._update(rows, status=change.status, note=change.note)

    def action_note(self) -> None:
        if rows := self._chosen():
            self.push_screen(NoteDialog(self._what(rows)), partial(self._note_written, rows))

    def _note_written(self, rows: list[TaskRow], entry: NoteEntry | None) -> None:
        if entry is not None:
            changes = [TaskUpdate(r.id, note=entry.text) for r in rows]
            self._write(lambda: self.services.update(changes), lambda a: t("tui.done.note"))

    def action_progress(self) -> None:
        if rows := self._chosen():
            current = rows[0].progress if len(rows) == 1 else None
            self.push_screen(ProgressDialog(self._what(rows), current), partial(self._progress_set, rows))

    def _progress_set(self, rows: list[TaskRow], change: ProgressChange | None) -> None:
        if change is not None:
            self._update(rows, progress=change.progress, note=change.note)

    def action_due(self) -> None:
        if rows := self._chosen():
            current = rows[0].due_date if len(rows) == 1 else None
            self.push_screen(DueDialog(self._what(rows), current, self.today), partial(self._due_moved, rows))

    def _due_moved(self, rows: list[TaskRow], change: DueChange | None) -> None:
        if change is not None:
            self._update(rows, due_date=change.due_date, note=change.reason)

    def action_target(self) -> None:
        rows = self._chosen()
        if not rows:
            return
        try:
            targets = self.services.task(rows[0].id).targets
        except SciplanError as exc:
            self.report(exc)
            return
        if not targets:
            self.notify(t("tui.dlg.no_targets"), severity="warning", timeout=3)
            return
        self.push_screen(TargetDialog(self._what(rows[:1]), targets), self._target_recorded)

    def _target_recorded(self, change: TargetChange | None) -> None:
        if change is not None:
            self._write(lambda: self.services.set_target(change.target_id, change.achieved, change.note),
                        lambda a: t("tui.done.target"))

    # ---- undo and export -------------------------------------------------------------------

    def action_undo(self) -> None:
        try:
            preview = self.services.undo_preview()
        except SciplanError as exc:
            self.report(exc)
            return
        if not preview:
            self.notify(t("tui.dlg.undo_nothing"), severity="warning", timeout=3)
            return
        lines = [f"{c.task_code or ''} {change_text(c)}" for c in preview[:20]]
        self.push_screen(ConfirmDialog(t("tui.dlg.undo"), lines), self._undo_confirmed)

    def _undo_confirmed(self, yes: bool | None) -> None:
        if yes:
            self._write(self.services.undo, lambda a: t("tui.done.undo", count=len(a.changes)))

    def action_export(self) -> None:
        view = self.task_view()
        if view is None:
            return
        default = Path.cwd() / f"sciplan-{view.slug}-{self.today.isoformat()}.csv"
        self.push_screen(ExportDialog(default), partial(self._export_to, view))

    def _write_export(self, view: TaskView, path: Path) -> int:
        """Tasks go through the ledger export service (the meeting's CSV); a dashboard's counts as shown."""
        task_filter = view.export_filter()
        if path.is_dir() or not path.suffix:  # a directory: each department's fill-in sheet (进展情况表)
            from ..exports.sheets_xlsx import write_sheets
            from ..services import TaskFilter
            from ..services.sheets import build

            sheets = build(self.services, task_filter or TaskFilter())
            write_sheets(self.services, sheets, path)
            return sum(len(s.rows) for s in sheets)
        if task_filter is None:
            header, rows = view.export_table()
            return write_csv(path, header, rows)
        from ..exports.csv_ledger import write_csv as ledger_csv
        from ..services.ledger import ledger

        book = ledger(self.services, task_filter)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(ledger_csv(book))
        return len(book.rows)

    def _export_to(self, view: TaskView, path: Path | None) -> None:
        if path is None:
            return
        try:
            count = self._write_export(view, path)
        except SciplanError as exc:
            self.notify(exc.message(), severity="error")
            return
        except OSError as exc:
            self.notify(t("tui.error.unexpected", detail=str(exc)), severity="error")
            return
        self.notify(t("tui.done.export", count=count, path=str(path)), timeout=5)
