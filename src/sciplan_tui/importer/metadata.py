"""Plan metadata: title, jurisdiction and level, period, 文号, issue date, issuer, draft flag, headline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Para
from .cn_numbers import replace_numerals

TITLE_WORDS = re.compile(r"科学素质")
NOTICE = re.compile(r"关于印发《([^《》]*科学素质[^《》]*)》")
PERIOD = re.compile(r"(20\d{2})\s*年?\s*[-—－–―‐‒﹣~～至到]+\s*(20\d{2})\s*年")
FIVE_YEAR = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030), "十六五": (2031, 2035)}
PLAN_NAME = re.compile(r"[“\"]?(十[三四五六]五)[”\"]?(?:时期|期间)?")
LEVEL_END = re.compile(r"(?:省|自治区|市|自治州|州|盟|地区|县|自治县|旗|区|新区|特区|开发区|镇|乡)$")
JURISDICTION = re.compile(r"^(.+?)(?:全民科学素质|公民科学素质|科学素质)")
# Words a 文号 can be glued to on a converted cover: …的通知彭水府办发〔2022〕44号.
DOC_NUMBER_LEAD = re.compile(r"^.*(?:通知|文件|》|的|：|:|　)")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔［\[（(]\s*20\d{2}\s*[〕］\]）)]\s*\d*\s*号")
ISO_DATE = re.compile(r"(?:发文日期|成文日期|印发日期)\s*[：:]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
CN_DAY = r"([\d一二三四五六七八九十]{1,3})"
CN_DATE = re.compile(rf"^\s*(20\d{{2}}|二[〇○零一二三四五六七八九]{{3}})年{CN_DAY}月{CN_DAY}日\s*$")
ISSUER = re.compile(
    r"^[\u4e00-\u9fff]{2,30}"
    r"(?:人民政府办公室|人民政府办公厅|人民政府|管委会办公室|管理委员会办公室|管委会|委员会|办公室)$"
)
HEADLINE = re.compile(r"公民具备科学素质的?比例[^，。；,;]*")
LEVELS = (
    ("自治区", "省"), ("自治县", "县"), ("自治州", "市"), ("新区", "区"), ("省", "省"),
    ("市", "市"), ("州", "市"), ("盟", "市"), ("县", "县"), ("旗", "县"), ("区", "区"),
)  # fmt: skip
CN_NUMERALS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}


@dataclass(frozen=True)
class Metadata:
    """What the cover and title tell about a plan."""

    title: str
    title_index: int  # index of the title paragraph, -1 when none was found
    jurisdiction: str
    level: str
    period_start: int | None
    period_end: int | None
    doc_number: str | None
    issue_date: str | None
    issuer: str | None
    is_draft: bool
    headline_target: str | None


def read_metadata(paras: list[Para], front_end: int) -> Metadata:
    """Metadata from the paragraphs before the first chapter (and the headline from the whole text)."""
    title, index = find_title(paras[:front_end] or paras)
    cover = paras[: index + 1] if index >= 0 else paras[:front_end]
    office = issuer(cover)
    jurisdiction = jurisdiction_of(title) or jurisdiction_of_office(office)
    start, end = period_of(title)
    if start is None and title.startswith(("20", "二〇")):
        start = end = year_of(title)  # a yearly 工作要点: its period is its year
    return Metadata(
        title=title,
        title_index=index,
        jurisdiction=jurisdiction,
        level=level_of(jurisdiction),
        period_start=start,
        period_end=end,
        doc_number=doc_number(cover),
        issue_date=issue_date(cover) or issue_date(paras),
        issuer=office,
        is_draft=any("征求意见稿" in p.text for p in paras[: max(front_end, index + 3)]),
        headline_target=headline(paras),
    )


def find_title(paras: list[Para]) -> tuple[str, int]:
    """The plan's own title line (not the 关于印发《…》的通知 line), rejoined when wrapped.

    Among several such lines, the last one that names a place or a year: a web page repeats the
    title above the notice, and a narrow column cuts a cited title into title-like pieces. Without
    a title line, or when the notice names the same plan with its period, the notice's 《…》 is used.
    """
    found: list[tuple[str, int]] = []
    for index, para in enumerate(paras):
        text = para.text.strip()
        if _is_title(text):
            following = paras[index + 1].text.strip() if index + 1 < len(paras) else ""
            if not PERIOD.search(text) and _completes_title(following):
                text += following
            found.append((text, index))
    named = [(text, index) for text, index in found if jurisdiction_of(text) or re.match(r"20\d{2}|二〇", text)]
    title, index = (named or found or [("", -1)])[-1 if named else 0]
    notice = next((m.group(1) for p in paras if (m := NOTICE.search(p.text))), "")
    if notice and (not title or (period_of(notice)[0] and not period_of(title)[0] and _same_plan(title, notice))):
        return notice, index if title else next(i for i, p in enumerate(paras) if NOTICE.search(p.text))
    return title, index


def _same_plan(title: str, other: str) -> bool:
    def bare(text: str) -> str:
        return PLAN_NAME.sub("", re.sub(r"[（(][^（）()]*20\d{2}[^（）()]*[）)]", "", text))

    return bare(title) == bare(other)


def _is_title(text: str) -> bool:
    return (
        bool(TITLE_WORDS.search(text))
        and len(text) <= 60
        and not re.search(r"[《》]|关于|通知|。", text)
        and bool(re.search(r"方案|纲要|规划|计划|要点", text))
        and not re.search(r"(?:办公室|委员会|领导小组|人民政府)$", text)
    )


def _completes_title(text: str) -> bool:
    """The second line of a title cut in two: 实施方案（2021—2025年）, （2021—2025年）, “十四五”实施方案."""
    dated = bool(PERIOD.search(text) or PLAN_NAME.search(text)) and text[:1] in "（实方“"
    return len(text) <= 30 and (dated or text.rstrip("。") in ("实施方案", "方案", "行动方案", "工作方案"))


def jurisdiction_of(title: str) -> str:
    """澧县 from 澧县全民科学素质… (also 澧县“十四五”全民…); empty when the title names no place."""
    title = PLAN_NAME.sub("", re.sub(r"^(?:20\d{2}|二[〇○零一二三四五六七八九]{3})年(?:度)?", "", title))
    match = JURISDICTION.match(title)
    place = match.group(1).strip() if match else ""
    return place if LEVEL_END.search(place) else ""


def jurisdiction_of_office(office: str | None) -> str:
    """南湖新区 from 岳阳市南湖新区管委会办公室, 万年县 from 万年县人民政府, when the title names no place."""
    match = re.match(r"^(.+?)(?:人民政府|管委会|管理委员会|委员会|办公室)", office or "")
    place = match.group(1) if match else ""
    inner = re.search(r"(?:省|自治区|市|州|地区|盟)(.{2,}?(?:县|区|旗|市))$", place)
    place = inner.group(1) if inner else place
    return place if LEVEL_END.search(place) else ""


def year_of(title: str) -> int | None:
    match = re.match(r"^(20\d{2})", replace_numerals(title))
    return int(match.group(1)) if match else None


def level_of(jurisdiction: str) -> str:
    """省 / 市 / 县 / 区 from the jurisdiction's suffix (自治县 → 县, 新区 → 区)."""
    return next((level for suffix, level in LEVELS if jurisdiction.endswith(suffix)), "")


def period_of(title: str) -> tuple[int | None, int | None]:
    """2021–2025 from （2021-2025年）, （2021―2025年）, 2021年至2025年, or “十四五”."""
    match = PERIOD.search(replace_numerals(title))
    if match:
        return int(match.group(1)), int(match.group(2))
    named = PLAN_NAME.search(title)
    return FIVE_YEAR[named.group(1)] if named else (None, None)


def doc_number(cover: list[Para]) -> str | None:
    """The 文号 as printed (possibly incomplete, like 岳南管办发〔2022〕 号): a line of its own first."""
    found = [m for p in cover for m in DOC_NUMBER.finditer(p.text.removeprefix("文号："))]
    alone = [m for p in cover if (m := DOC_NUMBER.fullmatch(p.text.removeprefix("文号：").strip()))]
    for match in [*alone, *found]:
        number = DOC_NUMBER_LEAD.sub("", match.group(0)).strip()
        if DOC_NUMBER.fullmatch(number):
            return number
    return None


def doc_number_incomplete(number: str) -> bool:
    return not re.search(r"\d\s*号$", number)


def issue_date(paras: list[Para]) -> str | None:
    """ISO date from 发文日期：2022-01-28 or a date line such as 2022年4月21日."""
    for para in paras:
        match = ISO_DATE.search(para.text) or CN_DATE.match(para.text)
        if match:
            year, month, day = (_number(group) for group in match.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _number(text: str) -> int:
    """Arabic or Chinese numerals: 2022, 二〇二二, 十一, 二十一."""
    if text.isdigit():
        return int(text)
    if len(text) == 4:
        return int("".join(str(CN_NUMERALS[c]) for c in text))
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return CN_NUMERALS.get(text, 0)
    return (CN_NUMERALS.get(tens, 1) if tens else 1) * 10 + CN_NUMERALS.get(units, 0)


def issuer(cover: list[Para]) -> str | None:
    """The issuing office: a cover line naming a government or its office."""
    for para in cover:
        text = para.text.strip()
        if ISSUER.match(text):
            return text
    for para in cover:
        match = re.search(r"([\u4e00-\u9fff]{2,30}?)关于印发", DOC_NUMBER.sub("", para.text).strip())
        if match:
            return match.group(1)
    return None


def headline(paras: list[Para]) -> str | None:
    """The headline target, e.g. 公民具备科学素质的比例超过15%: the goal, not a past figure."""
    found: list[tuple[int, str]] = []
    for para in paras:
        for sentence in re.split(r"(?<=[。；;])", para.text):
            match = HEADLINE.search(sentence)
            if match:
                found.append((_goal_score(sentence), match.group(0).strip()))
    return max(found, key=lambda pair: pair[0])[1] if found else None


def _goal_score(sentence: str) -> int:
    """2 for a goal (到2025年…力争…), 0 for a figure reached (截至2020年…达到5.47%), 1 otherwise."""
    if re.search(r"截至|截止|十三五|目前|现有|已达|已经|上升到|提高到|提升到|由.*提高", sentence):
        return 0
    return 2 if re.search(r"(?:到|至)\s*20\d{2}\s*年|力争|目标", sentence) else 1
