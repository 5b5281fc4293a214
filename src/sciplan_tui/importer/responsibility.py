"""Responsibility statements: 由…牵头，…等单位参加 / 〔牵头部门：…〕 / 〔…按职责分工负责〕, parsed to names.

Roles: units named before 牵头 or under a 牵头单位/牵头部门 label are leads. Units listed as
责任单位/参加/配合, or in a bare "…按职责分工负责" list, are participants: such a list says
every unit shares the work but names no lead, and we never guess one. A 按职责分工负责 list
that itself says 牵头 splits at that word like any other statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import RESP_LABEL, RESP_WORDS, looks_like_department

OPENERS = {"）": "（", "〕": "〔", "】": "【", "]": "["}
LEAD_LABELS = ("牵头单位", "牵头部门")
TAIL_WORDS = re.compile(
    r"(?:等单位|等部门|等)?(?:按职责分工负责|按职责分工|分工负责|负责|参加|配合|协办)$|(?:等单位|等部门|等)$"
)
SEPARATORS = re.compile(r"[、，,\s]+")


@dataclass(frozen=True)
class Statement:
    """Who is named by one responsibility statement, names as printed."""

    leads: tuple[str, ...]
    participants: tuple[str, ...]
    labelled: bool  # written with a 责任单位/责任分工/牵头部门 label


def parse_standalone(text: str) -> Statement | None:
    """A paragraph that is nothing but a responsibility statement, else None."""
    body = text.strip().rstrip("。")
    if RESP_LABEL.match(body):
        return parse_content(_unwrap(body))
    if body[:1] in OPENERS.values() and _closing_pair(body) == 0:
        return _statement_or_none(body[1:-1])
    return None


def split_trailing(text: str) -> tuple[str, Statement | None]:
    """Strip a bracketed statement at the end of a paragraph: (text without it, statement)."""
    body = text.rstrip().rstrip("。").rstrip()
    start = _closing_pair(body)
    if start is None or start == 0:
        return text, None
    statement = _statement_or_none(body[start + 1 : -1])
    if statement is None:
        return text, None
    return body[:start].rstrip(), statement


def _statement_or_none(content: str) -> Statement | None:
    if not (RESP_LABEL.match(content) or RESP_WORDS.search(content)):
        return None
    statement = parse_content(content)
    return statement if statement.leads or statement.participants else None


def _closing_pair(text: str) -> int | None:
    """Index of the bracket opening the bracketed group that ends the text, if it does."""
    if not text or text[-1] not in OPENERS:
        return None
    close, depth = text[-1], 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == close:
            depth += 1
        elif text[index] == OPENERS[close]:
            depth -= 1
            if depth == 0:
                return index
    return None


def _unwrap(text: str) -> str:
    if text[:1] in OPENERS.values() and text[-1:] in OPENERS:
        return text[1:-1]
    return text


def parse_content(content: str) -> Statement:
    """Names and roles in a statement's text (label, 由…牵头, 等单位参加, ；-separated clauses)."""
    leads: list[str] = []
    participants: list[str] = []
    labelled = bool(RESP_LABEL.match(content))
    for clause in re.split(r"[；;]", content):
        label = RESP_LABEL.match(clause.strip())
        clause = clause.strip()[label.end() :] if label else clause.strip()
        default = leads if label and label.group(1) in LEAD_LABELS else participants
        if "牵头" in clause:
            before, _, after = clause.partition("牵头")
            leads.extend(names(before))
            participants.extend(names(after))
        else:
            default.extend(names(clause))
    unique_leads = _unique(leads)
    rest = tuple(name for name in _unique(participants) if name not in unique_leads)
    return Statement(unique_leads, rest, labelled)


def names(text: str) -> list[str]:
    """Department names in a list such as 由县教育局、团县委、县科协 or 县委宣传部…等单位参加."""
    text = TAIL_WORDS.sub("", text.strip(" ，,。）)")).strip()
    text = re.sub(r"^由", "", text)
    found = []
    for part in SEPARATORS.split(text):
        part = TAIL_WORDS.sub("", re.sub(r"^(?:由|和|及)", "", part.strip()))
        if looks_like_department(part):
            found.append(part)
    return found


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
