"""Responsibility statements: 由…牵头，…等单位参加 / 〔牵头部门：…〕 / 〔…按职责分工负责〕, parsed to names.

Roles: units named before 牵头 or under a 牵头单位/牵头部门 label are leads. Units listed as
责任单位/参加/配合, or in a bare "…按职责分工负责" list, are participants: such a list says
every unit shares the work but names no lead, and we never guess one. A 按职责分工负责 list
that itself says 牵头 splits at that word like any other statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import LABEL_ANYWHERE, LEAD_LABEL_WORDS, RESP_LABEL, RESP_WORDS, looks_like_department

OPENERS = {"）": "（", "〕": "〔", "】": "【", "]": "["}
LEAD_LABELS = ("牵头单位", "牵头部门")
TAIL_WORDS = re.compile(
    r"(?:等单位|等部门|等)?(?:共同|分别|具体)?(?:按职责分工负责|按职责分工|按职责负责|分工负责|负责落实|负责|参加|参与|配合|协办"
    r"|落实)$|(?:等单位|等部门|等)$"
)
OFFICE = re.compile(r"(?:局|委|办|部|科协|妇联|工会|单位|政府|街道|（街道）|办事处|公司|集团|中心|团县委|团市委)$")
LEVEL_PREFIX = re.compile(r"^(?:县|市|区|省|州|旗|镇|乡|各|团|共青团)")
LEAD_MARK = re.compile(r"[（(]\s*牵头(?:单位|部门)?\s*[）)]")
POSITIONAL = re.compile(
    r"[，,；;（(]?\s*(?:其中)?(?:排名|排序|排列|排位|列|排在|位列|名列)?(?:第一|首位|首个|第1|最前)(?:位|个|家|名)?的?"
    r"(?:单位|部门)?(?:为|是|作为)(?:牵头|主责)(?:单位|部门)?\s*[）)]?"
)
SEPARATORS = re.compile(r"[、，,\s]+")


@dataclass(frozen=True)
class Statement:
    """Who is named by one responsibility statement, names as printed."""

    leads: tuple[str, ...]
    participants: tuple[str, ...]
    labelled: bool  # written with a 责任单位/责任分工/牵头部门 label
    ordered: bool = False  # a plain list naming no lead: a document-wide 排名第一的为牵头单位 note applies


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
        return bare_list(content)
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


def bare_list(content: str) -> Statement | None:
    """（县科协、县教体局）or （各成员单位） closing a task: a list of offices and nothing else."""
    parts = [part.strip() for part in SEPARATORS.split(content.strip()) if part.strip()]
    if not parts or not all(OFFICE.search(part) and len(part) <= 20 for part in parts):
        return None
    if not any(LEVEL_PREFIX.match(part) for part in parts):
        return None
    return Statement((), _unique(parts), False, ordered=True)


def parse_content(content: str) -> Statement:
    """Names and roles in a statement's text: labels anywhere, 由…牵头, X（牵头）, 排名第一的为牵头单位."""
    labelled = bool(RESP_LABEL.match(content))
    positional = bool(POSITIONAL.search(content))
    content = POSITIONAL.sub("，", content)
    leads: list[str] = []
    participants: list[str] = []
    for label, segment in _segments(content):
        for clause in re.split(r"[；;。]", segment):
            _read_clause(clause, label, leads, participants)
    explicit = bool(leads)
    if positional and not leads and participants:
        leads, participants = participants[:1], participants[1:]
    unique_leads = _unique(leads)
    rest = tuple(name for name in _unique(participants) if name not in unique_leads)
    return Statement(unique_leads, rest, labelled, ordered=not explicit and not positional)


def _segments(content: str) -> list[tuple[str | None, str]]:
    """The text cut at each label (牵头单位： … 参与单位： …): (label or None, the text after it)."""
    cuts = list(LABEL_ANYWHERE.finditer(content))
    if not cuts:
        return [(None, content)]
    found: list[tuple[str | None, str]] = []
    head = content[: cuts[0].start()].strip(" （〔【[，,；;")
    if head:
        found.append((None, head))
    for index, cut in enumerate(cuts):
        end = cuts[index + 1].start() if index + 1 < len(cuts) else len(content)
        found.append((cut.group(1), content[cut.end() : end]))
    return found


def _read_clause(clause: str, label: str | None, leads: list[str], participants: list[str]) -> None:
    clause = clause.strip()
    marked = [name for name, lead in names_marked(clause) if lead]
    leads.extend(marked)
    clause = LEAD_MARK.sub("", clause)
    if label is not None and re.fullmatch(LEAD_LABEL_WORDS, label):
        leads.extend(names(clause))
    elif "牵头" in clause:
        before, _, after = clause.partition("牵头")
        leads.extend(names(before))
        participants.extend(names(after))
    else:
        participants.extend(name for name in names(clause) if name not in marked)


def names_marked(text: str) -> list[tuple[str, bool]]:
    """Names in a list where some carry （牵头）: (name, marked as lead)."""
    found = []
    for part in SEPARATORS.split(text):
        lead = bool(LEAD_MARK.search(part))
        for name in names(LEAD_MARK.sub("", part)):
            found.append((name, lead))
    return found


def names(text: str) -> list[str]:
    """Department names in a list such as 由县教育局、团县委、县科协 or 县委宣传部…等单位参加."""
    text = _trim(text)
    found = []
    for part in SEPARATORS.split(text):
        part = _trim(re.sub(r"^(?:由|和|及|以及|会同|并)", "", part.strip()))
        if looks_like_department(part):
            found.append(part)
        elif re.search(r"[和及]", part):
            pieces = [p.strip() for p in re.split(r"和|及", part)]
            if all(looks_like_department(p) for p in pieces):
                found.extend(pieces)
    return found


def _trim(text: str) -> str:
    """A name or list without surrounding punctuation, a leading 由, and closing words (等单位参加)."""
    text = text.strip(" ，,。；;：:")
    while text.endswith(("）", ")")) and text.count("（") + text.count("(") < text.count("）") + text.count(")"):
        text = text[:-1].strip()
    text = text.lstrip("（(〔【[")
    text = TAIL_WORDS.sub("", text).strip(" ，,")
    return re.sub(r"^由", "", text)


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
