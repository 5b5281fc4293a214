"""The message catalogue: every user-facing string goes through `t(key, **params)`.

Chinese is the default; English is available. Each concern registers its own
messages with `register()` next to its code, so the catalogue stays one lookup.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_CATALOGUE: dict[str, dict[Lang, str]] = {}
_LOADERS: list[Callable[[], object]] = []
_lang: Lang | None = None


def register(entries: dict[str, tuple[str, str]]) -> None:
    """Add messages as {key: (zh, en)}."""
    for key, (zh, en) in entries.items():
        _CATALOGUE[key] = {"zh": zh, "en": en}


def detect_lang() -> Lang:
    """SCIPLAN_LANG, then the locale; Chinese when unsure."""
    wanted = os.environ.get("SCIPLAN_LANG", "").strip().lower()
    if wanted.startswith("en"):
        return "en"
    if wanted.startswith("zh"):
        return "zh"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").lower()
        if value.startswith("en"):
            return "en"
        if value.startswith("zh"):
            return "zh"
        if value:  # C, POSIX, C.UTF-8 or another language: unsure, so Chinese
            return "zh"
    return "zh"


def set_lang(lang: str | None) -> Lang:
    """Fix the language for this process (None: detect)."""
    global _lang
    if lang is None:
        _lang = detect_lang()
    elif lang in LANGS:
        _lang = lang  # type: ignore[assignment]
    else:
        _lang = "zh"
    return _lang


def get_lang() -> Lang:
    return _lang if _lang is not None else set_lang(None)


def add_loader(load: Callable[[], object]) -> None:
    """Something that registers more messages when a key is missing (the command modules a scripted
    call did not import: cli/__init__.py). Each loader runs at most once."""
    _LOADERS.append(load)


def is_registered(key: str) -> bool:
    """Whether `key` is in the catalogue now (without running loaders)."""
    return key in _CATALOGUE


def t(key: str, **params: object) -> str:
    """The message `key` in the current language, formatted with `params`."""
    entry = _CATALOGUE.get(key)
    while entry is None and _LOADERS:
        _LOADERS.pop()()
        entry = _CATALOGUE.get(key)
    if entry is None:
        return key if not params else f"{key} {params}"
    text = entry[get_lang()]
    return text.format(**params) if params else text


def in_catalogue(text: str) -> bool:
    """Whether `text` is one of our messages in the current language (not a library's English)."""
    lang = get_lang()
    return any(entry[lang] == text for entry in _CATALOGUE.values())


register(
    {
        "error.prefix": ("错误", "Error"),
        "colon": ("：", ": "),
        "comma": ("，", ", "),
        "paren": ("（{text}）", " ({text})"),
        "list.sep": ("、", ", "),
        "error.io": ("无法写出结果：{detail}", "Cannot write the output: {detail}"),
        "error.unexpected": (
            "意外错误（请把这条消息报告给维护者；设置 SCIPLAN_DEBUG=1 可看到详细信息）：{detail}",
            "Unexpected error (please report this message; SCIPLAN_DEBUG=1 shows the details): {detail}",
        ),
        "opt.help": ("显示此帮助并退出", "Show this help and exit"),
        "confirm.need_yes": (
            "不在终端中运行，无法确认：确需执行请加 --yes",
            "Not in a terminal, so nobody can confirm: add --yes to go ahead",
        ),
        "opt.install_completion": ("为当前 shell 安装命令补全", "Install completion for the current shell"),
        "opt.show_completion": ("显示当前 shell 的命令补全脚本", "Show completion for the current shell"),
        "error.file": ("文件 {file}", "file {file}"),
        "error.line": ("第 {line} 行", "line {line}"),
        "error.value": ("值“{value}”", "value '{value}'"),
        "warning.prefix": ("提示", "Warning"),
    }
)
