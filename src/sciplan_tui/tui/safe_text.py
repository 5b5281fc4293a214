"""Every text the TUI draws passes through `termsafe.shown`: one department cannot clear another's screen.

Textual and rich drop a few control characters (bell, backspace, CR) from the text of a widget, but pass
ESC through to the terminal, so a title or a note holding `ESC[2J` would clear the clerk's screen. Rather
than guard each of the tree, the tables, the detail pane, the dialogs and the notifications one by one (a
widget forgotten is a hole), the one function both libraries call on every text they render is replaced
by ours, which shows each control character as its escape (`\\x1b`), as the CLI does.
"""

from __future__ import annotations

from typing import Any

from ..termsafe import shown


def _shown(text: str, _table: Any = None) -> str:
    return shown(text)


def install() -> None:
    """Make Textual's Content and rich's Text show control characters instead of sending them (idempotent)."""
    import rich.text
    import textual.content

    textual.content._strip_control_codes = _shown  # type: ignore[assignment]
    rich.text.strip_control_codes = _shown  # type: ignore[assignment]


__all__ = ["install"]
