"""Quantitative targets in task and item texts (培育高素质农民7500人, 超过15%, 达____人次) and due years."""

from __future__ import annotations

import re
from dataclasses import replace

from .cn_numbers import replace_numerals
from .drafts import TargetDraft

UNITS = r"人次|人|名|个|家|所|座|项|场|次|支|处|站|户|篇|部|件|套|册|期|本|%"
NUMBER = re.compile(rf"(?<![\d.第])(\d+(?:\.\d+)?)\s*(万)?\s*({UNITS})")
BLANK = re.compile(rf"(?<=[^\d\s_＿])(?:[ _＿]{{2,}})({UNITS})")
BY_YEAR = re.compile(r"(?:到|至|在)\s*(20\d{2})\s*年")
DUE_YEAR = re.compile(r"(?:到|至|在)\s*(20\d{2})\s*年|(20\d{2})\s*年(?:底前|年底|前|底)")
CLAUSE_BREAKS = "，；。：,;"
_CLAUSES = re.compile(f"[{CLAUSE_BREAKS}]")


def find_targets(text: str, line: int) -> tuple[TargetDraft, ...]:
    """Every numeric or blank target in a text, in reading order; Chinese numerals (百分之十, 三万人次) too.

    Targets are read in a copy with the numerals written as digits; each keeps its clause as printed.
    """
    digits = replace_numerals(text)
    found = [(m.start(), _numeric(digits, m, line)) for m in NUMBER.finditer(digits)]
    found += [(m.start(), _blank(digits, m, line)) for m in BLANK.finditer(digits)]
    targets = [target for _, target in sorted(found, key=lambda pair: pair[0])]
    if digits != text:
        targets = [replace(t, text=_printed_clause(t.text, digits, text)) for t in targets]
    return tuple(targets)


def _printed_clause(clause: str, digits: str, printed: str) -> str:
    """The clause as printed: clause punctuation is never touched by the numeral rewrite, so clauses align."""
    converted, original = _CLAUSES.split(digits), _CLAUSES.split(printed)
    if len(converted) != len(original):
        return clause
    for mine, theirs in zip(converted, original, strict=True):
        if mine.strip() == clause:
            return theirs.strip()
    return clause


def _numeric(text: str, match: re.Match[str], line: int) -> TargetDraft:
    value = float(match.group(1)) * (10_000 if match.group(2) else 1)
    return TargetDraft(_clause(text, match), value, match.group(3), _year(text, match), line)


def _blank(text: str, match: re.Match[str], line: int) -> TargetDraft:
    return TargetDraft(_clause(text, match), None, match.group(1), _year(text, match), line)


def _clause(text: str, match: re.Match[str]) -> str:
    """The clause around a match, between the nearest clause punctuation marks."""
    start = max(text.rfind(mark, 0, match.start()) for mark in CLAUSE_BREAKS) + 1
    ends = [i for i in (text.find(mark, match.end()) for mark in CLAUSE_BREAKS) if i != -1]
    return text[start : min(ends, default=len(text))].strip()


def _year(text: str, match: re.Match[str]) -> int | None:
    """The year of 到2025年 in the sentence holding the match."""
    start = text.rfind("。", 0, match.start()) + 1
    end = text.find("。", match.end())
    years = BY_YEAR.findall(text[start : end if end != -1 else len(text)])
    return int(years[0]) if years else None


def due_year(text: str, period_end: int | None) -> int | None:
    """The earliest year a task names as a deadline, when earlier than the plan's end."""
    text = replace_numerals(text)
    years = [int(a or b) for a, b in DUE_YEAR.findall(text)]
    early = [year for year in years if period_end is None or year < period_end]
    return min(early) if early and period_end is not None else None
