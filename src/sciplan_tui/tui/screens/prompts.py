"""Small modal screens: confirm (undo), export file name, and the key help built from bindings."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, Static

from ...i18n import in_catalogue, t
from ...store.rows import TaskRow
from .dialogs import FormDialog


def task_lines(rows: list[TaskRow]) -> list[str]:
    """One line per task: its full code and title (what a dialog is about to act on)."""
    return [f"{r.full_code}  {r.title}" for r in rows]


class ConfirmDialog(ModalScreen[bool]):
    """A question with the details of what will happen; returns True to go ahead."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", t("tui.dlg.cancel")),
        Binding("enter,y", "answer(True)", t("tui.dlg.ok")),
    ]

    def __init__(self, question: str, lines: list[str]) -> None:
        super().__init__()
        self.question = question
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            with VerticalScroll(id="confirm-scroll"):
                yield Static("\n".join(self.lines), id="confirm-lines", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.dlg.ok"), variant="warning", id="yes")
                yield Button(t("tui.dlg.cancel"), id="no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ConflictDialog(ModalScreen[str | None]):
    """A change made meanwhile by someone else, theirs against yours; returns theirs, mine or edit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose('theirs')", t("tui.conflict.theirs")),
        Binding("m", "choose('mine')", t("tui.conflict.yours")),
        Binding("e", "choose('edit')", t("tui.conflict.edit")),
        Binding("escape", "choose(None)", t("tui.dlg.cancel")),
    ]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("tui.conflict.title"), classes="dialog-title")
            with VerticalScroll(id="conflict-scroll"):
                yield Static("\n".join(self.lines), id="conflict-lines", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.conflict.theirs"), id="theirs")
                yield Button(t("tui.conflict.yours"), variant="warning", id="mine")
                yield Button(t("tui.conflict.edit"), variant="primary", id="edit")

    def on_mount(self) -> None:
        self.query_one("#edit", Button).focus()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


class ListDialog(ModalScreen[None]):
    """A titled, scrolled list to read (the marked tasks); any of Esc, Enter, q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q,M", "dismiss", t("tui.key.back"))]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="list-scroll"):
                yield Static("\n".join(self.lines), id="list-lines", markup=False)
            yield Label(t("tui.dlg.help_close"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#list-scroll").focus()


class JumpDialog(FormDialog[str]):
    """A task code (澧县-A1.3, A1.3) or ID to put the cursor on."""

    def __init__(self, text: str = "", error: str = "") -> None:
        super().__init__(t("tui.jump.title"), error=error)
        self.text = text

    def fields(self):  # type: ignore[no-untyped-def]
        yield Input(self.text, id="jump-code", placeholder=t("tui.jump.hint"))

    def on_mount(self) -> None:
        self.query_one("#jump-code", Input).focus()

    def value(self) -> str:
        return self.query_one("#jump-code", Input).value.strip()


class ExportDialog(FormDialog[Path]):
    """Where to write the CSV of the current view."""

    def __init__(self, default: Path) -> None:
        super().__init__(t("tui.dlg.export"))
        self.default = default

    def fields(self):  # type: ignore[no-untyped-def]
        yield Label(t("tui.dlg.export_path"))
        yield Input(str(self.default), id="export-path")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def value(self) -> Path:
        text = self.query_one("#export-path", Input).value.strip()
        return Path(text).expanduser() if text else self.default


class HelpScreen(ModalScreen[None]):
    """The keys active where `?` was pressed, generated from the bindings (see `key_rows`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", t("tui.key.back")),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label(t("tui.dlg.help"), classes="dialog-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Label(t("tui.dlg.help_close"), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns(t("tui.dlg.help"), "")
        for key, description in self.rows:
            table.add_row(key, description)
        table.focus()


def key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for every described binding active on `screen`, keys joined per action."""
    grouped: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        description = active.binding.description
        if not description or not in_catalogue(description):  # a library's own English is left out
            continue
        grouped.setdefault(description, [])
        shown = screen.app.get_key_display(active.binding) if key == active.binding.key else key
        if shown not in grouped[description]:
            grouped[description].append(shown)
    return [(" / ".join(keys), description) for description, keys in grouped.items()]
