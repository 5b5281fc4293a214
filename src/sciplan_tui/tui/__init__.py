"""The Textual TUI. Importing this package is cheap: Textual loads only in `make_app`/`run`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import messages  # noqa: F401  (registers the catalogue before any screen builds its bindings)

if TYPE_CHECKING:
    from pathlib import Path

    from ..clock import Clock
    from ..services import Services
    from .app import SciplanApp

__all__ = ["make_app", "run"]


def make_app(
    services: Services, *, clock: Clock | None = None, poll_interval: float = 1.0, remember: Path | None = None
) -> SciplanApp:
    """The one factory the CLI, the tests and the benchmark use; `remember`: the state file, if any."""
    from . import safe_text
    from .app import SciplanApp
    from .state import StateFile

    safe_text.install()  # stored text is shown, never obeyed by the terminal (safe_text.py)
    state = StateFile(remember, services.location) if remember is not None else None
    return SciplanApp(services, clock=clock, poll_interval=poll_interval, state=state)


def run(services: Services) -> None:
    """Open the TUI over `services` until the clerk quits, as it was left last time on this store."""
    from .state import default_path

    make_app(services, remember=default_path()).run()
