"""Task statuses: stable English keys for scripts, Chinese and English labels for people."""

from __future__ import annotations

from ..errors import InvalidInputError
from ..i18n import get_lang, register
from ..rules import CLOSED, STATUS_KEYS

# key: (zh label, en label, short mark for trees and tables)
STATUSES: dict[str, tuple[str, str, str]] = {
    "not_started": ("未开始", "not started", "○"),
    "in_progress": ("进行中", "in progress", "◐"),
    "done": ("已完成", "done", "●"),
    "blocked": ("受阻", "blocked", "✕"),
    "cancelled": ("已取消", "cancelled", "–"),
}
assert tuple(STATUSES) == STATUS_KEYS  # the keys and their order live in rules.py
__all__ = ["CLOSED", "STATUSES", "label", "mark", "parse_status"]

_ALIASES = {
    "todo": "not_started",
    "new": "not_started",
    "open": "not_started",
    "未启动": "not_started",
    "doing": "in_progress",
    "started": "in_progress",
    "wip": "in_progress",
    "推进中": "in_progress",
    "实施中": "in_progress",
    "完成": "done",
    "已办结": "done",
    "办结": "done",
    "closed": "done",
    "阻塞": "blocked",
    "暂停": "blocked",
    "取消": "cancelled",
    "canceled": "cancelled",
}

register(
    {
        "status.unknown": (
            "未知状态“{value}”，可用：{choices}",
            "Unknown status '{value}'; use one of: {choices}",
        ),
    }
)


def parse_status(value: str) -> str:
    """A key from a key, a label in either language, or a common alias."""
    text = value.strip()
    lowered = text.lower().replace(" ", "_").replace("-", "_")
    if lowered in STATUSES:
        return lowered
    for key, (zh, en, _mark) in STATUSES.items():
        if text == zh or text.lower() == en:
            return key
    if lowered in _ALIASES or text in _ALIASES:
        return _ALIASES.get(lowered) or _ALIASES[text]
    choices = "、".join(f"{k}（{v[0]}）" for k, v in STATUSES.items())
    raise InvalidInputError("status.unknown", value=value, choices=choices)


def label(key: str) -> str:
    """The status label in the current language."""
    zh, en, _mark = STATUSES.get(key, (key, key, "?"))
    return zh if get_lang() == "zh" else en


def mark(key: str) -> str:
    return STATUSES.get(key, ("", "", "?"))[2]
