"""The Textual app: modes for the main screen and the deadline views, live refresh, error edges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from ..errors import SciplanError
from ..i18n import t
from .collect import CollectActions
from .commands import SciplanCommands
from .editing import EditActions
from .screens.base import TaskView
from .screens.dashboard import DashboardView
from .screens.main import MainScreen
from .screens.prompts import HelpScreen, key_rows
from .screens.views import DueSoonView, MonthView, OverdueView

if TYPE_CHECKING:
    from ..clock import Clock
    from ..services import Services


@dataclass
class StoreChanged(Message):
    """Someone (here or elsewhere) wrote to the store: its newest change id is now `change_id`."""

    change_id: int


class SciplanApp(CollectActions, EditActions, App[None]):
    """The clerk's ledger: browse, find, chase deadlines and record progress."""

    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {SciplanCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", t("tui.key.quit")),
        Binding("question_mark", "help", t("tui.key.help")),
        Binding("s", "status", t("tui.key.status")),
        Binding("n", "note", t("tui.key.note")),
        Binding("p", "progress", t("tui.key.progress")),
        Binding("d", "due", t("tui.key.due")),
        Binding("t", "target", t("tui.key.target"), show=False),
        Binding("u", "undo", t("tui.key.undo")),
        Binding("e", "export", t("tui.key.export")),
        Binding("o", "overdue", t("tui.key.overdue")),
        Binding("w", "due_soon", t("tui.key.due_soon"), show=False),
        Binding("m", "month", t("tui.key.month"), show=False),
        Binding("b", "dashboard", t("tui.key.dashboard")),
        Binding("ctrl+r", "refresh", t("tui.key.refresh"), show=False),
    ]

    def __init__(self, services: Services, *, clock: Clock | None = None, poll_interval: float = 1.0) -> None:
        super().__init__()
        self.services = services
        self.today: date = (clock or services.clock).today()
        self.poll_interval = poll_interval
        self.seen_change = 0
        self.title = t("tui.title")
        self.sub_title = t("tui.subtitle", today=self.today.isoformat(), actor=services.actor.label())
        self.add_mode("main", lambda: MainScreen(services, self.today))
        self.add_mode("overdue", lambda: OverdueView(services, self.today))
        self.add_mode("due", lambda: DueSoonView(services, self.today))
        self.add_mode("month", lambda: MonthView(services, self.today))
        self.add_mode("dashboard", lambda: DashboardView(services, self.today))

    def on_mount(self) -> None:
        self.seen_change = self.services.last_change_id()
        self.switch_mode("main")
        if self.poll_interval > 0:
            self.set_interval(self.poll_interval, self.poll)

    # ---- views -----------------------------------------------------------------------------

    def task_view(self) -> TaskView | None:
        """The screen of tasks the edit keys act on (None while a dialog is open)."""
        return self.screen if isinstance(self.screen, TaskView) else None

    def action_overdue(self) -> None:
        self.switch_mode("overdue")

    def action_due_soon(self) -> None:
        self.switch_mode("due")

    def action_month(self) -> None:
        self.switch_mode("month")

    def action_dashboard(self) -> None:
        self.switch_mode("dashboard")

    def action_help(self) -> None:
        if not isinstance(self.screen, ModalScreen):
            self.push_screen(HelpScreen(key_rows(self.screen)))

    def run_command(self, action: str) -> None:
        """Run an app action by name (the command palette's entry point)."""
        getattr(self, f"action_{action}")()

    # ---- live refresh ----------------------------------------------------------------------

    def poll(self) -> None:
        self.run_worker(self._check_store, thread=True, group="poll", exclusive=True, exit_on_error=False)

    def _check_store(self) -> None:
        change = self.services.last_change_id()
        if change != self.seen_change:
            self.post_message(StoreChanged(change))

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        if message.change_id != self.seen_change:
            self.seen_change = message.change_id
            self.refresh_views()

    def action_refresh(self) -> None:
        self.refresh_views()
        self.notify(t("tui.refreshed"), timeout=2)

    def refresh_views(self) -> None:
        """Reload the screen of tasks in view (even under a dialog, which is left alone); others later."""
        views = [s for s in self.screen_stack if isinstance(s, TaskView)]
        for view in views[:-1]:
            view.stale = True
        if views:
            views[-1].reload()
        for mode, stack in self._screen_stacks.items():
            if mode != self.current_mode:
                for screen in stack:
                    if isinstance(screen, TaskView):
                        screen.stale = True

    # ---- errors ----------------------------------------------------------------------------

    def report(self, exc: SciplanError) -> None:
        """A domain error as a notification in the clerk's language."""
        self.notify(exc.message(), title=t("error.prefix"), severity="error", timeout=8)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, SciplanError):
            self.report(error)
        elif error is not None:
            raise error
