"""The Textual TUI. Importing this package is cheap: Textual loads only in `make_app`/`run`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import messages  # noqa: F401  (registers the catalogue before any screen builds its bindings)

if TYPE_CHECKING:
    from ..clock import Clock
    from ..services import Services
    from .app import SciplanApp

__all__ = ["make_app", "run"]


def make_app(services: Services, *, clock: Clock | None = None, poll_interval: float = 1.0) -> SciplanApp:
    """The one factory the CLI, the tests and the benchmark use."""
    from . import safe_text
    from .app import SciplanApp

    safe_text.install()  # stored text is shown, never obeyed by the terminal (safe_text.py)
    return SciplanApp(services, clock=clock, poll_interval=poll_interval)


def run(services: Services) -> None:
    """Open the TUI over `services` until the clerk quits."""
    make_app(services).run()
