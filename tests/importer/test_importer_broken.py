"""Broken inputs: each fails with an ImportFailed naming the file, or parses; nothing else escapes."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importer_support import SEEDS, seed_bytes, seed_text

from sciplan_tui.errors import ImportFailed
from sciplan_tui.importer import parse_bytes, read_plan

NEWS = (
    "我县召开春季森林防火工作会议\n3月8日，县政府召开全县春季森林防火工作会议，"
    "安排部署当前森林防火工作。会议要求，各乡镇要压实责任，加强巡查，确保不发生重大森林火灾。\n"
)
NOTICE = "关于做好2023年春节期间安全生产工作的通知\n各乡镇人民政府，县直各单位：\n现将有关事项通知如下。\n"


def _fails(data: bytes, name: str, key: str) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        parse_bytes(data, name)
    assert caught.value.key == key
    assert name in caught.value.message()
    return caught.value


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "import.empty"),
        (b"  \r\n\n \t", "import.empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "import.binary"),
        (random.Random(7).randbytes(4000), "import.binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "import.legacy_doc"),
        (b"PK\x03\x04" + bytes(100), "import.bad_docx"),
        (NEWS.encode("utf-8"), "import.not_a_plan"),
        (NOTICE.encode("gb18030"), "import.not_a_plan"),
        (seed_text("001")[:4000].encode("utf-16-le"), "import.unknown_encoding"),
        ("科学素质提升行动".encode() + b"\xff\xfe\x80" + seed_bytes("000"), "import.unknown_encoding"),
    ],
    ids=["empty", "blank", "png", "random", "doc", "zip", "news", "notice", "utf16", "invalid"],
)
def test_refused_with_the_file_named(data: bytes, key: str) -> None:
    _fails(data, "坏文件.txt", key)


def test_missing_and_unreadable_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as missing:
        read_plan(tmp_path / "无此文件.txt")
    assert missing.value.key == "import.missing" and "无此文件.txt" in str(missing.value)
    with pytest.raises(ImportFailed) as directory:
        read_plan(tmp_path)
    assert directory.value.key == "import.unreadable"


def test_read_plan_uses_the_given_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.txt"
    path.write_bytes(seed_bytes("003"))
    assert read_plan(path, name="南湖.txt").source_name == "南湖.txt"
    assert read_plan(str(path)).source_name == "plan.txt"


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_plan_cut_in_half_still_parses(key: str) -> None:
    data = seed_bytes(key)
    whole = parse_bytes(data, "x")
    half = parse_bytes(data[: len(data) // 2 + 1], "x")  # may cut a character in two
    assert half.title == whole.title
    assert half.task_count() < whole.task_count()


def test_cover_page_only_warns_no_tasks() -> None:
    cover = seed_text("001").split("一、背景和意义")[0].encode()
    plan = parse_bytes(cover, "封面.txt")
    assert plan.task_count() == 0 and plan.title.startswith("彭水自治县")
    assert [w.code for w in plan.warnings] == ["no_tasks"]


def test_item_without_any_responsibility_warns_unassigned() -> None:
    text = seed_text("000")
    line = next(line for line in text.split("\n") if line.startswith("责任单位：由县民政局"))
    plan = parse_bytes(text.replace(line + "\n", "").encode(), "x")
    elderly = plan.items[3]
    assert elderly.assignments == () and all(not t.assignments for t in elderly.tasks)
    unassigned = [w for w in plan.warnings if w.code == "unassigned"]
    assert [(w.line, w.context) for w in unassigned] == [(32, "老年人科学素质提升行动")]
    assert "老年人科学素质提升行动" in unassigned[0].message


def test_unmatched_appendix_row_warns() -> None:
    text = seed_text("001").replace("\t5.实施科学素质开放合作工程", "\t5.实施海洋生态保护工程")
    plan = parse_bytes(text.encode(), "x")
    assert plan.items[9].assignments == ()
    assert {w.code for w in plan.warnings} == {"unmatched_appendix", "unassigned"}


def _corrupt(data: bytes, how: str, seed: int) -> bytes:
    rng = random.Random(seed)
    if how == "truncate":
        return data[: rng.randrange(len(data) + 1)]
    if how == "shuffle":
        lines = data.split(b"\n")
        rng.shuffle(lines)
        return b"\n".join(lines)
    cut = rng.randrange(len(data))
    return data[:cut] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16))) + data[cut:]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(sorted(SEEDS)),
    how=st.sampled_from(["truncate", "shuffle", "insert"]),
    seed=st.integers(0, 10_000),
)
def test_corrupted_seed_parses_or_fails_cleanly(key: str, how: str, seed: int) -> None:
    try:
        plan = parse_bytes(_corrupt(seed_bytes(key), how, seed), "corrupt.txt")
    except ImportFailed as failure:
        assert "corrupt.txt" in failure.message()
    else:
        assert plan.source_name == "corrupt.txt"
