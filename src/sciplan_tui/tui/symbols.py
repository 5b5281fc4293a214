"""Symbols the TUI draws, with ASCII stand-ins for terminals that draw ambiguous-width characters
(○ ◐ ● ▶ │ █ …) two cells wide, as some Chinese SSH clients do.

SCIPLAN_ASCII=1 chooses the stand-ins, SCIPLAN_ASCII=0 the symbols; unset, the stand-ins are
chosen when the locale does not say UTF-8 (e.g. zh_CN.GB18030).
"""

from __future__ import annotations

import os

from ..services.statuses import mark

ASCII_MARKS = {"not_started": "o", "in_progress": "~", "done": "v", "blocked": "x", "cancelled": "-"}
ASCII_LINES = ("  ", "| ", "`-", "|-")


def ascii_wanted(env: dict[str, str] | None = None) -> bool:
    """Whether to draw ASCII stand-ins (the setting, else what the locale suggests)."""
    env = dict(os.environ) if env is None else env
    setting = env.get("SCIPLAN_ASCII", "").strip().lower()
    if setting in ("1", "yes", "true", "on"):
        return True
    if setting in ("0", "no", "false", "off"):
        return False
    locale = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    return bool(locale) and locale not in ("C", "POSIX") and "utf" not in locale.lower().replace("-", "")


class Symbols:
    """The symbols in use: Unicode by default, ASCII when `plain`."""

    def __init__(self, plain: bool = False) -> None:
        self.plain = plain
        self.picked = "*" if plain else "✓"
        self.node = "+ " if plain else "▶ "
        self.node_open = "- " if plain else "▼ "
        self.full, self.empty = ("#", "-") if plain else ("█", "░")
        self.ellipsis = "..." if plain else "…"
        self.icon = "#" if plain else "⭘"  # the header's icon (before the store's name)

    def status(self, key: str) -> str:
        return ASCII_MARKS.get(key, "?") if self.plain else mark(key)


SYMBOLS = Symbols(ascii_wanted())


def use_ascii(plain: bool) -> None:
    """Switch every screen built from now on to ASCII stand-ins (or back)."""
    SYMBOLS.__init__(plain)  # type: ignore[misc]
