"""Editing dialogs. Each returns a typed value with `dismiss`; none of them writes to the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ...errors import InvalidInputError, SciplanError
from ...i18n import t
from ...services.dates import parse_date
from ...services.statuses import STATUSES
from ...services.updates import validate_progress
from ...store.rows import TargetRow
from ..format import number, status_text
from ..values import DueChange, NoteEntry, ProgressChange, StatusChange, TargetChange

V = TypeVar("V")


class FormDialog(ModalScreen[V | None], Generic[V]):
    """A titled form with OK / Cancel; `value()` validates and builds the result or raises.

    `targets` lists the tasks it will act on (shown, scrolled, when there are several); `initial`
    is what the clerk typed last time, offered again after a refused write; `error` says why.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", t("tui.dlg.cancel")),
        Binding("ctrl+s", "submit", t("tui.dlg.ok")),
    ]

    def __init__(
        self, title: str, *, targets: list[str] | None = None, initial: V | None = None, error: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.targets = targets or []
        self.initial = initial
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            if len(self.targets) > 1:
                with VerticalScroll(id="dialog-targets", classes="dialog-targets"):
                    yield Static("\n".join(self.targets), id="dialog-target-lines", markup=False)
            yield from self.fields()
            yield Label(self.error, id="dialog-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.dlg.ok"), variant="primary", id="ok")
                yield Button(t("tui.dlg.cancel"), id="cancel")

    def fields(self) -> Iterable[Widget]:
        return ()

    def value(self) -> V:
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.query_one("#dialog-error", Label).update(text)

    def action_submit(self) -> None:
        try:
            result = self.value()
        except SciplanError as exc:
            self.show_error(exc.message())
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _entered(self) -> None:
        self.action_submit()


def _note(widget: Input | TextArea) -> str | None:
    text = widget.value if isinstance(widget, Input) else widget.text
    return text.strip() or None


class StatusDialog(FormDialog[StatusChange]):
    """Pick a status; marking a task done asks why (the note)."""

    def __init__(self, what: str, current: str | None, **kw: Any) -> None:
        super().__init__(t("tui.dlg.status", what=what), **kw)
        self.current = self.initial.status if self.initial else current

    def fields(self) -> Iterable[Widget]:
        options = [Option(status_text(key), id=key) for key in STATUSES]
        picker = OptionList(*options, id="status-options")
        yield picker
        yield Label(t("tui.dlg.note_optional"), id="status-note-label")
        yield Input((self.initial.note or "") if self.initial else "", id="status-note", select_on_focus=False)

    def on_mount(self) -> None:
        picker = self.query_one("#status-options", OptionList)
        keys = list(STATUSES)
        picker.highlighted = keys.index(self.current) if self.current in keys else 0
        picker.focus()

    def on_key(self, event: events.Key) -> None:
        """Text typed while the list has focus is the note: it goes there instead of being lost."""
        if event.is_printable and event.character and event.character != " " and isinstance(self.focused, OptionList):
            note = self.query_one("#status-note", Input)
            note.focus()
            note.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    @property
    def chosen(self) -> str:
        picker = self.query_one("#status-options", OptionList)
        return list(STATUSES)[picker.highlighted or 0]

    @on(OptionList.OptionHighlighted, "#status-options")
    def _highlighted(self) -> None:
        key = "tui.dlg.note_required" if self.chosen == "done" else "tui.dlg.note_optional"
        self.query_one("#status-note-label", Label).update(t(key))

    @on(OptionList.OptionSelected, "#status-options")
    def _selected(self) -> None:
        if self.chosen == "done" and not _note(self.query_one("#status-note", Input)):
            self.query_one("#status-note", Input).focus()
            self.show_error(t("tui.dlg.reason_needed"))
            return
        self.action_submit()

    def value(self) -> StatusChange:
        note = _note(self.query_one("#status-note", Input))
        if self.chosen == "done" and not note:
            raise InvalidInputError("tui.dlg.reason_needed")
        return StatusChange(self.chosen, note)


class NoteDialog(FormDialog[NoteEntry]):
    """A multi-line progress note (Ctrl+S saves, Enter starts a new line)."""

    def __init__(self, what: str, **kw: Any) -> None:
        super().__init__(t("tui.dlg.note", what=what), **kw)

    def fields(self) -> Iterable[Widget]:
        yield TextArea(
            self.initial.text if self.initial else "", id="note-text", soft_wrap=True, show_line_numbers=False
        )

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    def value(self) -> NoteEntry:
        text = _note(self.query_one("#note-text", TextArea))
        if not text:
            raise InvalidInputError("tui.dlg.note_empty")
        return NoteEntry(text)


class ProgressDialog(FormDialog[ProgressChange]):
    """Progress as a whole percentage, with an optional note."""

    def __init__(self, what: str, current: int | None, **kw: Any) -> None:
        super().__init__(t("tui.dlg.progress", what=what), **kw)
        self.current = self.initial.progress if self.initial else current

    def fields(self) -> Iterable[Widget]:
        yield Input("" if self.current is None else str(self.current), id="progress-value")
        yield Label(t("tui.dlg.note_optional"))
        yield Input((self.initial.note or "") if self.initial else "", id="progress-note")

    def on_mount(self) -> None:
        self.query_one("#progress-value", Input).focus()

    def value(self) -> ProgressChange:
        progress = validate_progress(self.query_one("#progress-value", Input).value)
        return ProgressChange(progress, _note(self.query_one("#progress-note", Input)))


class DueDialog(FormDialog[DueChange]):
    """A new due date as people type it (parse_date) and the reason, which is required."""

    def __init__(self, what: str, current: date | None, today: date, **kw: Any) -> None:
        super().__init__(t("tui.dlg.due", what=what), **kw)
        self.current = self.initial.due_date if self.initial else current
        self.today = today

    def fields(self) -> Iterable[Widget]:
        yield Input(self.current.isoformat() if self.current else "", id="due-value", placeholder=t("tui.dlg.due_hint"))
        yield Label(t("tui.dlg.due_hint"), id="due-preview", markup=False)
        yield Label(t("tui.dlg.note_required"))
        yield Input(self.initial.reason if self.initial else "", id="due-reason")

    def on_mount(self) -> None:
        self.query_one("#due-value", Input).focus()

    @on(Input.Changed, "#due-value")
    def _preview(self, event: Input.Changed) -> None:
        try:
            text = t("tui.dlg.due_preview", date=parse_date(event.value, self.today).isoformat())
        except SciplanError:
            text = t("tui.dlg.due_hint")
        self.query_one("#due-preview", Label).update(text)

    def value(self) -> DueChange:
        due = parse_date(self.query_one("#due-value", Input).value, self.today)
        reason = _note(self.query_one("#due-reason", Input))
        if not reason:
            self.query_one("#due-reason", Input).focus()
            raise InvalidInputError("tui.dlg.reason_needed")
        return DueChange(due, reason)


class TargetDialog(FormDialog[TargetChange]):
    """Choose one of a task's targets and record the achieved value (blank clears it); `initial`:
    the clerk's last answer, offered again (target, value and note) after a refused write."""

    def __init__(self, what: str, targets: tuple[TargetRow, ...], **kw: Any) -> None:
        super().__init__(t("tui.dlg.target", what=what), **kw)
        self.choices = {tg.id: tg for tg in targets}

    def fields(self) -> Iterable[Widget]:
        options = [(f"{tg.number}. {tg.text}（{number(tg.value)}{tg.unit}）", tg.id) for tg in self.choices.values()]
        again = self.initial if self.initial is not None and self.initial.target_id in self.choices else None
        first = again.target_id if again else next(iter(self.choices))
        yield Select(options, value=first, allow_blank=False, id="target-choice")
        yield Label(t("tui.dlg.target_value"))
        yield Input(number(again.achieved) if again else self._achieved(first), id="target-value")
        yield Label(t("tui.dlg.note_optional"))
        yield Input((again.note or "") if again else "", id="target-note")

    def _achieved(self, target_id: int) -> str:
        achieved = self.choices[target_id].achieved
        return "" if achieved is None else number(achieved)

    def on_mount(self) -> None:
        self.query_one("#target-value", Input).focus()

    @on(Select.Changed, "#target-choice")
    def _chosen(self, event: Select.Changed) -> None:
        offered = self.initial.target_id if self.initial is not None else None
        if isinstance(event.value, int) and event.value != offered:  # the clerk's own value stays
            self.query_one("#target-value", Input).value = self._achieved(event.value)

    def value(self) -> TargetChange:
        target_id = self.query_one("#target-choice", Select).value
        assert isinstance(target_id, int)
        text = self.query_one("#target-value", Input).value.strip().rstrip("%")
        try:
            achieved = float(text) if text else None
        except ValueError:
            raise InvalidInputError("tui.error.number", value=text) from None
        return TargetChange(target_id, achieved, _note(self.query_one("#target-note", Input)))
