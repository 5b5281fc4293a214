"""Regular expressions shared by the importer: numbering styles, labels and department shapes."""

from __future__ import annotations

import re

from .markers import marker_of, strip_marker

# Labels of a responsibility statement, and the role each gives the names after it.
LEAD_LABEL_WORDS = "牵头单位|牵头部门|主责单位|主责部门|主办单位|牵头"
OTHER_LABEL_WORDS = (
    "责任单位|责任分工|责任部门|参加单位|参加部门|参与单位|参与部门|配合单位|配合部门|协办单位|协办部门"
    "|协作单位|协同单位|共同责任单位|责任主体"
)
LABEL_ANYWHERE = re.compile(rf"({LEAD_LABEL_WORDS}|{OTHER_LABEL_WORDS})\s*[：:]\s*")
# Words that mark a line as a responsibility statement.
RESP_LABEL = re.compile(rf"^[（〔【\[]?\s*({LEAD_LABEL_WORDS}|{OTHER_LABEL_WORDS})\s*[：:]\s*")
RESP_WORDS = re.compile(r"牵头|按职责分工|分工负责|负责|参加|配合|责任|分工")
# A short "label：value" line (文号：…, 发文日期：…) never continues the line above.
LABEL_LINE = re.compile(r"^[\u4e00-\u9fff]{2,8}[：:]")
APPENDIX = re.compile(r"^附\s*件\s*\d*\s*(?:[：:].*)?$")

DEPT_SUFFIX = re.compile(
    r"(局|委|办|部|会|联|协|院|校|中心|处|站|所|队|社|馆|台|团|室|园|区|公司|厅|署|行|组|办公室|府|街道|乡镇|单位"
    r"|集团|企业|基地|医院|党校|科协|妇联|团委|工会|武部|支队|大队|分局|（街道）|\(街道\))$"
)
YEAR_RANGE = re.compile(r"(20\d{2})\s*年?\s*(?:[-—－–~～至到]+\s*(20\d{2})\s*)?年")


def strip_numbering(text: str) -> str:
    """The text without its leading heading or task numbering (any marker family, see markers.py)."""
    return strip_marker(text)


def starts_block(text: str) -> bool:
    """Whether a line opens a new heading, task, statement or labelled field."""
    return (
        marker_of(text) is not None
        or bool(RESP_LABEL.match(text))
        or bool(LABEL_LINE.match(text))
        or bool(APPENDIX.match(text))
        or text[:1] in "（〔【"
    )


def first_sentence(text: str) -> tuple[str, str]:
    """Split at the first 。: (sentence without 。, the rest)."""
    head, _, rest = text.partition("。")
    return head.strip(), rest.strip()


def looks_like_department(name: str) -> bool:
    """A plausible department name: short, no sentence punctuation, an office-like ending."""
    return 2 <= len(name) <= 24 and "。" not in name and bool(DEPT_SUFFIX.search(name))
