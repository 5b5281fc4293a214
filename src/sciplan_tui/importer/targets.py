"""Quantitative targets in task and item texts (培育高素质农民7500人, 超过15%, 达____人次) and due years."""

from __future__ import annotations

import re

from .cn_numbers import replace_numerals, to_number
from .drafts import TargetDraft

UNITS = r"人次|人|名|个|家|所|座|项|场|次|支|处|站|户|篇|部|件|套|册|期|本|%"
NUMBER = re.compile(rf"(?<![\d.第])(\d+(?:\.\d+)?)\s*(万)?\s*({UNITS})")
BLANK = re.compile(rf"(?<=[^\d\s_＿])(?:[ _＿]{{2,}})({UNITS})")
BY_YEAR = re.compile(r"(?:到|至|在)\s*(20\d{2})\s*年")
DUE_YEAR = re.compile(r"(?:到|至|在)\s*(20\d{2})\s*年|(20\d{2})\s*年(?:底前|年底|前|底)")
CLAUSE_BREAKS = "，；。：,;"
CN_DIGITS = "〇零一二两三四五六七八九"
# A Chinese numeral target: 百分之十(点五), or a numeral with a magnitude (十 百 千 万) before a unit.
CN_QUANTITY = re.compile(
    rf"百分之([{CN_DIGITS}十百点]+)|((?:[{CN_DIGITS}]+[十百千万]|十)[{CN_DIGITS}十百千万]*|[两二三四五六七八九](?=[名人个家所]))"
    rf"\s*({UNITS})"
)
TARGET_VERBS = re.compile(
    r"达到|超过|不少于|不低于|至少|以上|培训|培育|培养|建成|建设|打造|创建|认定|选树|新增|累计|覆盖|力争|配备|完成"
)


def find_targets(text: str, line: int) -> tuple[TargetDraft, ...]:
    """Every numeric or blank target in a text, in reading order; Chinese numerals (百分之十, 三万人次) too."""
    found = [(m.start(), _numeric(text, m, line)) for m in NUMBER.finditer(text)]
    found += [(m.start(), _blank(text, m, line)) for m in BLANK.finditer(text)]
    found += [(m.start(), t) for m in CN_QUANTITY.finditer(text) if (t := _chinese(text, m, line)) is not None]
    return tuple(target for _, target in sorted(found, key=lambda pair: pair[0]))


def _chinese(text: str, match: re.Match[str], line: int) -> TargetDraft | None:
    """百分之十 → 10 %, 三万人次 → 30000 人次, in a clause that sets a target (达到, 培训, 建成 …)."""
    percent, numeral, unit = match.group(1), match.group(2), match.group(3)
    clause = _clause(text, match)
    value = to_number(percent or numeral)
    # A count of programmes (十六项…行动) is a target only where its own clause sets one.
    in_sentence = unit != "项" and TARGET_VERBS.search(_sentence(text, match))
    if value is None or not (percent or TARGET_VERBS.search(clause) or in_sentence):
        return None
    return TargetDraft(clause, float(value), "%" if percent else unit, _year(text, match), line)


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


def _sentence(text: str, match: re.Match[str]) -> str:
    start = text.rfind("。", 0, match.start()) + 1
    end = text.find("。", match.end())
    return text[start : end if end != -1 else len(text)]


def _year(text: str, match: re.Match[str]) -> int | None:
    """The year of 到2025年 in the sentence holding the match."""
    start = text.rfind("。", 0, match.start()) + 1
    end = text.find("。", match.end())
    years = BY_YEAR.findall(replace_numerals(text[start : end if end != -1 else len(text)]))
    return int(years[0]) if years else None


def due_year(text: str, period_end: int | None) -> int | None:
    """The earliest year a task names as a deadline (also 二〇二三年), when earlier than the plan's end."""
    text = replace_numerals(text)
    years = [int(a or b) for a, b in DUE_YEAR.findall(text)]
    early = [year for year in years if period_end is None or year < period_end]
    return min(early) if early and period_end is not None else None
