"""The Textual app: modes for the main screen and the deadline views, live refresh, error edges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from ..errors import SciplanError
from ..i18n import t
from ..services import live
from .collect import CollectActions
from .commands import SciplanCommands
from .editing import EditActions
from .screens.base import TaskView
from .screens.dashboard import DashboardView
from .screens.main import MainScreen
from .screens.prompts import HelpScreen, key_rows
from .screens.views import DueSoonView, MonthView, OverdueView
from .symbols import SYMBOLS

if TYPE_CHECKING:
    from ..clock import Clock
    from ..services import Services
    from ..services.live import Changes
    from ..store.rows import PlanRow
    from .state import Remembered, StateFile

PREBUILD_DELAY = 0.3  # seconds after the first paint, and again while workers read (at most 10 times)
PREBUILD_TRIES = 10
VIEWS = ("main", "overdue", "due", "month", "dashboard")  # the modes a run may start in


@dataclass
class StoreChanged(Message):
    """Someone (here or elsewhere) wrote to the store: what changed since the last look."""

    changes: Changes


class SciplanApp(CollectActions, EditActions, App[None]):
    """The clerk's ledger: browse, find, chase deadlines and record progress."""

    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {SciplanCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows the few keys a clerk needs first (80 columns); `?` and Ctrl+P list them all.
        Binding("question_mark", "help", t("tui.key.help")),
        Binding("s", "status", t("tui.key.status")),
        Binding("n", "note", t("tui.key.note")),
        Binding("p", "progress", t("tui.key.progress"), show=False),
        Binding("d", "due", t("tui.key.due"), show=False),
        Binding("t", "target", t("tui.key.target"), show=False),
        Binding("u", "undo", t("tui.key.undo"), show=False),
        Binding("e", "export", t("tui.key.export"), show=False),
        Binding("o", "overdue", t("tui.key.overdue")),
        Binding("w", "due_soon", t("tui.key.due_soon"), show=False),
        Binding("m", "month", t("tui.key.month"), show=False),
        Binding("b", "dashboard", t("tui.key.dashboard")),
        Binding("ctrl+r", "refresh", t("tui.key.refresh"), show=False),
        Binding("q", "quit", t("tui.key.quit")),
        Binding("ctrl+q", "quit", t("tui.key.quit"), show=False, priority=True),
        Binding("ctrl+p", "command_palette", t("tui.key.palette"), show=False, priority=True),
    ]

    def __init__(
        self,
        services: Services,
        *,
        clock: Clock | None = None,
        poll_interval: float = 1.0,
        state: StateFile | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.state = state
        self.remembered: Remembered | None = state.load() if state is not None else None
        self.today: date = (clock or services.clock).today()
        self.poll_interval = poll_interval
        self.seen_change = 0
        self.title = t("tui.title")
        self.sub_title = t(
            "tui.subtitle",
            today=self.today.isoformat(),
            actor=services.actor.label(),
            store=store_label(services.location),
        )
        self.add_mode("main", lambda: MainScreen(services, self.today))
        self.add_mode("overdue", lambda: OverdueView(services, self.today))
        self.add_mode("due", lambda: DueSoonView(services, self.today))
        self.add_mode("month", lambda: MonthView(services, self.today))
        self.add_mode("dashboard", self._dashboard)
        self.prebuilt: DashboardView | None = None  # the dashboard, built ahead once the app is idle
        self.prebuild_tries = 0

    def on_mount(self) -> None:
        self.set_class(SYMBOLS.plain, "-ascii")  # app.tcss draws ASCII borders then
        self.seen_change = live.newest_change(self.services)
        self.switch_mode("main")
        if self.remembered is not None and self.remembered.view in VIEWS and self.remembered.view != "main":
            self.switch_mode(self.remembered.view)
        if self.poll_interval > 0:
            self.set_interval(self.poll_interval, self.poll)
        # Once the main screen has painted and settled: build the dashboard out of sight, so that
        # `b` only switches screens (composing it the first time took most of a second, keys waiting).
        self.call_after_refresh(self.set_timer, PREBUILD_DELAY, self.prebuild_dashboard)

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

    def _dashboard(self) -> DashboardView:
        """The dashboard mode's screen: the one built ahead if there is one."""
        return self.prebuilt or DashboardView(self.services, self.today)

    def prebuild_dashboard(self) -> None:
        """Compose and mount the dashboard without showing it (it counts when first shown, for the
        plan the cursor is in then)."""
        if self.prebuilt is not None or "dashboard" in self._screen_stacks or not self.is_running:
            return
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) and w.group != "poll" for w in self.workers)
        if busy and self.prebuild_tries < PREBUILD_TRIES:  # the tree's first reads: after them
            self.prebuild_tries += 1
            self.set_timer(PREBUILD_DELAY, self.prebuild_dashboard)
            return
        self.prebuilt = DashboardView(self.services, self.today)
        # Private, and kept to these two lines: Textual mounts a screen only when it is pushed or its
        # mode first switched to, both of which show it. `_register` is what they call to mount it
        # (compose, mount, the stylesheet applied); the mode's factory (`_dashboard`) then hands this
        # running screen to `switch_mode`. The stylesheet it was styled with is the current one: say
        # so, or `switch_mode` applies the whole stylesheet to every screen again, twice (a theme
        # change meanwhile bumps the app's count, and the screen is restyled when shown, as any).
        # Covered by tests/tui/test_views.py: test_the_dashboard_is_built_before_b_and_keys_stay_live.
        self._register(self, self.prebuilt)
        self.prebuilt._css_update_count = self._css_update_count

    def cursor_plan_row(self) -> PlanRow | None:
        """The plan the main screen's cursor is in: the one the dashboard opens on."""
        for screen in self._screen_stacks.get("main", []):
            if isinstance(screen, MainScreen):
                return screen.plan_tree.cursor_plan_row()
        return None

    def action_help(self) -> None:
        if not isinstance(self.screen, ModalScreen):
            self.push_screen(HelpScreen(key_rows(self.screen)))

    async def action_quit(self) -> None:
        self.remember()
        await super().action_quit()

    def remember(self) -> None:
        """Keep grouping, open nodes, the cursor's task, the view, the find text and the tables' sorts
        for the next run on this store."""
        if self.state is None or self.remembered is None:
            return
        self.remembered.view = self.current_mode if self.current_mode in VIEWS else "main"
        for mode in ("main", "overdue", "due"):  # the main screen (with find) and the sortable views
            for screen in self._screen_stacks.get(mode, []):
                if isinstance(screen, MainScreen | OverdueView | DueSoonView):
                    screen.remember(self.remembered)
        self.state.save(self.remembered)

    def action_command_palette(self) -> None:
        """The palette, prompting in the clerk's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=t("tui.palette.placeholder"), id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in a text box): say which key does, in the clerk's language."""
        self.notify(t("tui.quit_hint"), title=t("tui.quit_title"))

    def run_command(self, action: str) -> None:
        """Run an app action by name (the command palette's entry point)."""
        getattr(self, f"action_{action}")()

    # ---- live refresh ----------------------------------------------------------------------

    def poll(self) -> None:
        after = self.seen_change
        self.run_worker(
            partial(self._check_store, after), thread=True, group="poll", exclusive=True, exit_on_error=False
        )

    def _check_store(self, after: int) -> None:
        """The changes since the last look (the change table's ids: a read on its primary key)."""
        changes = live.changes_since(self.services, after)
        if changes.any:
            self.post_message(StoreChanged(changes))

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        self.take_changes(message.changes)

    def take_changes(self, changes: Changes) -> None:
        """Show what changed, unless it was read before a newer look (the next poll reads from there)."""
        if changes.after == self.seen_change and changes.any:
            self.seen_change = changes.newest
            self.refresh_views(None if changes.everything else changes)

    def catch_up(self) -> None:
        """After a write here: the changes since the last look, read at once (a cheap read) and shown."""
        self.take_changes(live.changes_since(self.services, self.seen_change))

    def action_refresh(self) -> None:
        self.refresh_views()
        self.notify(t("tui.refreshed"), timeout=2)

    def refresh_views(self, changes: Changes | None = None) -> None:
        """Show `changes` (None: read everything again) on the screen of tasks in view, even under a
        dialog (which is left alone); the screens out of sight take them when shown again."""
        views = [s for s in self.screen_stack if isinstance(s, TaskView)]
        for view in views:
            view.take_changes(changes, in_sight=view is views[-1])
        for mode, stack in self._screen_stacks.items():
            if mode != self.current_mode:
                for screen in stack:
                    if isinstance(screen, TaskView):
                        screen.take_changes(changes, in_sight=False)

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


def store_label(location: str) -> str:
    """The open store, short enough for the header: a file's name, or a server's host and database."""
    if location.startswith("sqlite"):
        from pathlib import Path

        return Path(location.split(":///", 1)[-1]).name or location
    return location.split("://", 1)[-1].split("@")[-1]
