"""Department names within one plan: merge printed variants of the same office, keep the commonest form.

Two printed names are merged only on a clear rule: one is the other without the plan's own
level prefix (教体局 / 县教体局), or they differ only by a well-known long/short form
(人力资源社会保障 / 人力社保 / 人社, 卫生健康 / 卫健, 发展改革 / 发改, 市场监督管理 / 市场监管,
应急管理局 / 应急局). A prefix of another level (市科协 in a county plan) is never dropped.
"""

from __future__ import annotations

from collections import Counter

from .drafts import DepartmentDraft

SHORT_FORMS = (
    ("人力资源和社会保障", "人社"),
    ("人力资源社会保障", "人社"),
    ("人力社保", "人社"),
    ("卫生健康", "卫健"),
    ("卫生和健康", "卫健"),
    ("发展和改革", "发改"),
    ("发展改革", "发改"),
    ("市场监督管理", "市场监管"),
    ("应急管理局", "应急局"),
)


def merge_key(name: str, level_prefix: str) -> str:
    """The form two printed names share when they denote the same department."""
    key = name
    if level_prefix and key.startswith(level_prefix) and len(key) > len(level_prefix) + 1:
        key = key[len(level_prefix) :]
    for long, short in SHORT_FORMS:
        key = key.replace(long, short)
    return key


def canonical_map(printed: list[str], level_prefix: str) -> dict[str, str]:
    """Each printed name mapped to its canonical form: the most frequent member of its group."""
    counts = Counter(printed)
    groups: dict[str, list[str]] = {}
    for name in dict.fromkeys(printed):
        groups.setdefault(merge_key(name, level_prefix), []).append(name)
    mapping: dict[str, str] = {}
    for members in groups.values():
        best = max(members, key=lambda n: (counts[n], n.startswith(level_prefix), -members.index(n)))
        mapping.update({member: best for member in members})
    return mapping


def department_drafts(printed: list[str], mapping: dict[str, str]) -> tuple[DepartmentDraft, ...]:
    """One draft per canonical name, in order of first appearance, with its aliases."""
    aliases: dict[str, list[str]] = {}
    for name in dict.fromkeys(printed):
        canonical = mapping[name]
        aliases.setdefault(canonical, [])
        if name != canonical:
            aliases[canonical].append(name)
    return tuple(DepartmentDraft(name, tuple(others)) for name, others in aliases.items())
