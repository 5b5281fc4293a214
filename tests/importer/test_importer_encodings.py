"""The same plan as GB18030, as UTF-8 with BOM and CRLF, and as a Word file gives the same draft."""

from __future__ import annotations

import codecs
import dataclasses

import pytest
from importer_support import SEEDS, docx_bytes, seed_bytes, seed_text

from sciplan_tui.importer import parse_bytes
from sciplan_tui.importer.drafts import PlanDraft


def _comparable(plan: PlanDraft) -> PlanDraft:
    return dataclasses.replace(plan, checksum="", source_name="")


@pytest.fixture(scope="module")
def originals() -> dict[str, PlanDraft]:
    return {key: parse_bytes(seed_bytes(key), "seed.txt") for key in SEEDS}


VARIANTS = {
    "gb18030": lambda text: text.encode("gb18030"),
    "bom_crlf": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
    "docx": docx_bytes,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("key", sorted(SEEDS))
def test_variant_gives_same_draft(originals: dict[str, PlanDraft], key: str, variant: str) -> None:
    data = VARIANTS[variant](seed_text(key))
    plan = parse_bytes(data, f"seed.{variant}")
    assert plan.source_name == f"seed.{variant}"
    assert plan.checksum != originals[key].checksum
    assert _comparable(plan) == _comparable(originals[key])


def test_docx_keeps_the_appendix_as_a_real_table() -> None:
    import io

    import docx

    document = docx.Document(io.BytesIO(docx_bytes(seed_text("001"))))
    assert len(document.tables) == 1 and len(document.tables[0].columns) == 4
    plan = parse_bytes(docx_bytes(seed_text("001")), "彭水.docx")
    assert {a.source for item in plan.items for a in item.assignments} == {"appendix"}


def test_fullwidth_and_halfwidth_punctuation_give_the_same_draft(originals: dict[str, PlanDraft]) -> None:
    text = seed_text("002").replace("（", "(").replace("）", ")").replace("：", ":")
    assert _comparable(parse_bytes(text.encode(), "x")) == _comparable(originals["002"])


def test_page_breaks_and_conversion_marks_are_ignored(originals: dict[str, PlanDraft]) -> None:
    text = seed_text("000").replace("\n（二）", "\f（二）").replace("\n1.", "\n[bookmark: _GoBack]1.")
    plan = parse_bytes(text.encode(), "x")
    assert [len(item.tasks) for item in plan.items] == [len(item.tasks) for item in originals["000"].items]
    assert plan.items[0].tasks[0].title == "弘扬科学精神和科学家精神"
