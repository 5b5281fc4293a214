"""Text for a terminal, made harmless: control characters shown as visible escapes, never obeyed.

Notes, titles and department names come from other offices (bulk files, returned sheets, imported
documents). An ESC in one of them must not clear or rewrite the screen of whoever lists it, so every
piece of stored text that the CLI or the TUI shows passes through `shown` (docs/reliability.md).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the bidirectional
# overrides and isolates that can make a line read otherwise than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character replaced by its escape (ESC → `\\x1b`); tab and newline kept.

    `one_line` escapes tab and newline too (`\\n`), for a cell of a table or a line of a list.
    """
    pattern = _CONTROL_OR_NEWLINE if one_line else _CONTROL
    return pattern.sub(_escape, text)


# What json.dumps(ensure_ascii=False) leaves raw although a terminal may obey it: C1 controls, bidi marks.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text with the controls json leaves raw written as `\\u009b` escapes: the same data, harmless."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


__all__ = ["json_safe", "shown"]
