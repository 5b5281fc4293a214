"""The app's edit actions: open a dialog, then write what it returned through the services.

Every task write carries the version of the row the clerk saw, so a change made meanwhile by
someone else is refused with a ConflictError, shown as a notification.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConflictError, SciplanError
from ..i18n import t
from ..services import TaskFilter
from ..services.updates import Applied, TaskUpdate
from ..store.rows import TaskRow
from .export import write_csv
from .format import status_text
from .screens.dialogs import DueDialog, FormDialog, NoteDialog, ProgressDialog, StatusDialog, TargetDialog
from .screens.prompts import ConfirmDialog, ConflictDialog, ExportDialog, task_lines
from .values import DueChange, NoteEntry, ProgressChange, StatusChange, TargetChange
from .widgets.task_detail import change_text

if TYPE_CHECKING:
    from ..services import Services
    from .screens.base import TaskView


@dataclass(frozen=True)
class Edit:
    """One edit the clerk asked for: which dialog, on which tasks (as the clerk saw them)."""

    kind: str  # "status" | "note" | "progress" | "due"
    rows: tuple[TaskRow, ...]


Value = StatusChange | NoteEntry | ProgressChange | DueChange


class EditActions:
    """Mixed into SciplanApp: the s/n/p/d/t/u/e keys.

    An edit goes dialog → (confirmation, for several tasks or 已取消) → write. A refused write
    never loses what was typed: the dialog opens again with it, or, for a change made meanwhile by
    someone else, a dialog sets theirs against yours field by field and lets the clerk choose.
    """

    services: Services
    today: date
    push_screen: Any
    notify: Any

    def task_view(self) -> TaskView | None: ...
    def catch_up(self) -> None: ...
    def report(self, exc: SciplanError) -> None: ...

    def _chosen(self) -> list[TaskRow]:
        view = self.task_view()
        rows = view.current_tasks() if view is not None else []
        if not rows and view is not None:
            self.notify(t("tui.no_task"), severity="warning", timeout=3)
        return rows

    @staticmethod
    def _what(rows: list[TaskRow] | tuple[TaskRow, ...]) -> str:
        return f"{rows[0].full_code} {rows[0].title}" if len(rows) == 1 else t("tui.dlg.several", count=len(rows))

    def _write(self, write: Callable[[], Applied], done: Callable[[Applied], str]) -> bool:
        """Run one write; report a SciplanError instead of crashing; refresh what is shown."""
        try:
            applied = write()
        except SciplanError as exc:
            self.report(exc)
            self.catch_up()
            return False
        self._written(applied, done(applied))
        return True

    def _written(self, applied: Applied, done: str) -> None:
        self.notify(done if applied.changes else t("tui.done.nothing"), timeout=3)
        view = self.task_view()
        if view is not None:
            view.clear_marks()
        self.catch_up()  # what was written (and anything else meanwhile) read again, only those tasks

    # ---- status, note, progress, due date: dialog → confirm → write ------------------------

    def action_status(self) -> None:
        self._start("status")

    def action_note(self) -> None:
        self._start("note")

    def action_progress(self) -> None:
        self._start("progress")

    def action_due(self) -> None:
        self._start("due")

    def _start(self, kind: str) -> None:
        if rows := self._chosen():
            self.open_edit(Edit(kind, tuple(rows)))

    def open_edit(self, edit: Edit, initial: Value | None = None, error: str = "") -> None:
        """The edit's dialog, listing its tasks, with `initial` (what was typed before) filled in."""
        rows, one = edit.rows, len(edit.rows) == 1
        what = self._what(rows)
        kw: dict[str, Any] = {"targets": task_lines(list(rows)), "initial": initial, "error": error}
        dialog: FormDialog[Any]
        if edit.kind == "status":
            dialog = StatusDialog(what, rows[0].status if one else None, **kw)
        elif edit.kind == "note":
            dialog = NoteDialog(what, **kw)
        elif edit.kind == "progress":
            dialog = ProgressDialog(what, rows[0].progress if one else None, **kw)
        else:
            dialog = DueDialog(what, rows[0].due_date if one else None, self.today, **kw)
        self.push_screen(dialog, partial(self._asked, edit))

    def _asked(self, edit: Edit, value: Value | None) -> None:
        if value is None:
            return
        cancelling = isinstance(value, StatusChange) and value.status == "cancelled"
        if len(edit.rows) == 1 and not cancelling:
            self.apply_edit(edit, value)
            return
        question = t("tui.confirm.edit", what=self._what(edit.rows), change=describe(value))
        self.push_screen(ConfirmDialog(question, task_lines(list(edit.rows))), partial(self._confirmed, edit, value))

    def _confirmed(self, edit: Edit, value: Value, yes: bool | None) -> None:
        if yes:
            self.apply_edit(edit, value)
        else:  # back to the dialog, with what was typed
            self.open_edit(edit, value)

    def apply_edit(self, edit: Edit, value: Value) -> None:
        try:
            applied = self.services.update(_changes(edit, value))
        except ConflictError as exc:
            self._conflict(edit, value, exc)
            return
        except SciplanError as exc:
            self.catch_up()
            self.open_edit(edit, value, error=exc.message())
            return
        done = t("tui.done.note") if edit.kind == "note" else t("tui.done.update", count=len(edit.rows))
        self._written(applied, done)

    def _conflict(self, edit: Edit, value: Value, exc: ConflictError) -> None:
        """Someone changed these tasks meanwhile: theirs against yours, then the clerk chooses."""
        self.catch_up()
        ids = tuple(r.id for r in edit.rows)
        fresh = {r.id: r for r in self.services.tasks(TaskFilter(ids=ids, include_retired=True))}
        lines = [conflict_who(exc), *conflict_lines(edit.rows, fresh, value)]
        again = Edit(edit.kind, tuple(fresh.get(r.id, r) for r in edit.rows))
        self.push_screen(ConflictDialog(lines), partial(self._resolved, again, value))

    def _resolved(self, edit: Edit, value: Value, choice: str | None) -> None:
        if choice == "mine":
            self.apply_edit(edit, value)
        elif choice == "edit":
            self.open_edit(edit, value)
        elif choice == "theirs":
            self.notify(t("tui.conflict.kept"), timeout=3)

    # ---- target ----------------------------------------------------------------------------

    def action_target(self) -> None:
        rows = self._chosen()
        if rows:
            self.open_target(rows[0])

    def open_target(self, row: TaskRow, initial: TargetChange | None = None, error: str = "") -> None:
        """The target dialog, with what the clerk typed last time (and why it was refused)."""
        try:
            targets = self.services.task(row.id).targets
        except SciplanError as exc:
            self.report(exc)
            return
        if not targets:
            self.notify(t("tui.dlg.no_targets"), severity="warning", timeout=3)
            return
        dialog = TargetDialog(self._what([row]), targets, initial=initial, error=error)
        self.push_screen(dialog, partial(self._target_recorded, row))

    def _target_recorded(self, row: TaskRow, change: TargetChange | None) -> None:
        if change is None:
            return
        try:
            applied = self.services.set_target(change.target_id, change.achieved, change.note)
        except SciplanError as exc:  # nothing typed is lost: the dialog again, with the reason
            self.catch_up()
            self.open_target(row, change, exc.message())
            return
        self._written(applied, t("tui.done.target"))

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

    def _export_to(self, view: TaskView, path: Path | None, overwrite: bool = False) -> None:
        if path is None:
            return
        if path.is_file() and not overwrite:
            question = t("tui.export.overwrite", path=str(path))
            self.push_screen(ConfirmDialog(question, []), partial(self._overwrite, view, path))
            return
        try:
            count = self._write_export(view, path)
        except SciplanError as exc:
            self.notify(exc.message(), severity="error")
            return
        except OSError as exc:
            self.notify(file_error(exc, path), severity="error")
            return
        self.notify(t("tui.done.export", count=count, path=str(path)), timeout=5)

    def _overwrite(self, view: TaskView, path: Path, yes: bool | None) -> None:
        if yes:
            self._export_to(view, path, overwrite=True)
        else:  # back to the file name, to choose another
            self.push_screen(ExportDialog(path), partial(self._export_to, view))


def _changes(edit: Edit, value: Value) -> list[TaskUpdate]:
    """The service updates for an edit, each with the version of the row the clerk saw."""
    out = []
    for r in edit.rows:
        if isinstance(value, StatusChange):
            out.append(TaskUpdate(r.id, expected_version=r.version, status=value.status, note=value.note))
        elif isinstance(value, ProgressChange):
            out.append(TaskUpdate(r.id, expected_version=r.version, progress=value.progress, note=value.note))
        elif isinstance(value, DueChange):
            out.append(TaskUpdate(r.id, expected_version=r.version, due_date=value.due_date, note=value.reason))
        else:
            out.append(TaskUpdate(r.id, note=value.text))
    return out


def describe(value: Value) -> str:
    """What an edit will do, in a few words: 状态 → 已取消, 进度 → 60%."""
    if isinstance(value, StatusChange):
        return f"{t('tui.field.status')} → {status_text(value.status)}"
    if isinstance(value, ProgressChange):
        return f"{t('tui.field.progress')} → {value.progress}%"
    if isinstance(value, DueChange):
        return f"{t('tui.field.due_date')} → {value.due_date.isoformat()}"
    return t("tui.field.note_add")


def _fields(row: TaskRow) -> dict[str, str]:
    return {
        "status": status_text(row.status),
        "progress": f"{row.progress}%",
        "due_date": row.due_date.isoformat() if row.due_date else "—",
    }


def _wanted(value: Value) -> dict[str, str]:
    if isinstance(value, StatusChange):
        return {"status": status_text(value.status)}
    if isinstance(value, ProgressChange):
        return {"progress": f"{value.progress}%"}
    if isinstance(value, DueChange):
        return {"due_date": value.due_date.isoformat()}
    return {}


def conflict_lines(seen: tuple[TaskRow, ...], fresh: dict[int, TaskRow], value: Value) -> list[str]:
    """Per task changed meanwhile: only the fields they changed, theirs against yours, in words."""
    lines: list[str] = []
    wanted = _wanted(value)
    for row in seen:
        now = fresh.get(row.id)
        if now is None or now.version == row.version:
            continue
        before, after = _fields(row), _fields(now)
        changed = [f for f in before if before[f] != after[f]]
        lines.append(f"{row.full_code}  {row.title}")
        for f in changed:
            yours = wanted.get(f, before[f])
            lines.append(
                "  " + t("tui.conflict.field", field=t(f"tui.field.{f}"), was=before[f], theirs=after[f], yours=yours)
            )
        for f in wanted:
            if f not in changed:
                lines.append("  " + t("tui.conflict.mine", field=t(f"tui.field.{f}"), theirs=after[f], yours=wanted[f]))
        if not changed:
            lines.append("  " + t("tui.conflict.note_only"))
    return lines


def file_error(exc: OSError, path: Path) -> str:
    """A file that could not be written, said in the clerk's language (not the system's English)."""
    import errno

    reasons = {
        errno.ENOENT: "tui.file.missing",
        errno.EACCES: "tui.file.denied",
        errno.EPERM: "tui.file.denied",
        errno.EISDIR: "tui.file.is_dir",
        errno.ENOTDIR: "tui.file.not_dir",
        errno.EEXIST: "tui.file.not_dir",
        errno.ENOSPC: "tui.file.full",
        errno.EROFS: "tui.file.read_only",
    }
    why = t(reasons[exc.errno]) if exc.errno in reasons else t("tui.file.other", code=exc.errno or "?")
    return t("tui.file.error", path=str(path), why=why)


def conflict_who(exc: ConflictError) -> str:
    """Who changed the task and when, without the store's raw field names."""
    params = exc.params
    if "actor" in params and "at" in params:
        return t("tui.conflict.who", code=params.get("code", "?"), actor=params["actor"], at=params["at"])
    return exc.message()
