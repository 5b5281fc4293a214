"""The CSV ledger: layout, encodings, the formula rule, the month view, and taking an edited ledger back."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.exports.conftest import codes

from sciplan_tui.errors import InvalidInputError
from sciplan_tui.exports.columns import neutralise, restore
from sciplan_tui.exports.csv_ledger import read_csv, write_csv
from sciplan_tui.services import TaskFilter, TaskUpdate
from sciplan_tui.services.ledger import Month, ledger
from sciplan_tui.services.ledger_import import import_ledger
from sciplan_tui.services.statuses import STATUSES

SPECIAL = [
    ",",
    '"',
    "\n",
    "\r\n",
    "\r",
    "=",
    "+",
    "-",
    "@",
    "\t",
    "'",
    "𠀀",
    "😀",
    "＝",
    "、",
    " ",
    "\u2028",
    "\x85",
    "\x1c",
]
TEXT = st.lists(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00") | st.sampled_from(SPECIAL), max_size=25
).map("".join)
NOTES = (
    st.tuples(st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "\n", "'", "'=", "''+", "＝", "=SUM(A1)"]), TEXT)
    .map("".join)
    .filter(lambda s: s.strip() != "")
)


def _rows(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


# ---- the formula rule ------------------------------------------------------------------------


@given(st.one_of(NOTES, TEXT))
def test_restore_undoes_neutralise_exactly(text):
    assert restore(neutralise(text)) == text
    assert not neutralise(text).lstrip("'").startswith(("=", "+", "-", "@", "\t", "\r", "\n")) or neutralise(
        text
    ).startswith("'")


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),
        ("''=x", "'''=x"),
        ("'plain", "'plain"),
        ("＝1", "＝1"),
        ("a=b", "a=b"),
        ("'", "'"),
    ],
)
def test_formula_cells_are_prefixed_and_lookalikes_are_escaped_too(cell, written):
    assert neutralise(cell) == written
    assert restore(written) == cell


# ---- layout and encodings ----------------------------------------------------------------------


def test_csv_has_bom_crlf_chinese_headers_and_labels(seeded):
    tid = codes(seeded)["A1.1"]
    seeded.update([TaskUpdate(tid, status="in_progress", progress=30, note='=HYPERLINK("http://x")，含"引号"\n第二行')])
    data = write_csv(ledger(seeded))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") >= len(seeded.tasks()) + 1
    rows = _rows(data)
    head, first = rows[0], rows[1]
    assert head[:5] == ["ID", "任务编号", "实施方案", "行动/工程", "任务"]
    cell = dict(zip(head, first, strict=True))
    assert cell["状态"] == "进行中" and cell["进度%"] == "30" and cell["任务编号"] == "样例县-A1.1"
    assert cell["最新进展"] == '\'=HYPERLINK("http://x")，含"引号"\n第二行'
    assert cell["牵头单位"] == "县教育局" and cell["最后修改人"] == "clerk"
    assert len(rows) == len(seeded.tasks()) + 1


def test_english_headers_give_status_keys(seeded):
    rows = _rows(write_csv(ledger(seeded), headers="en", encoding="utf-8"))
    assert rows[0][:3] == ["id", "code", "plan"]
    assert {r[rows[0].index("status")] for r in rows[1:]} == {"not_started"}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_each_encoding_decodes_back_to_the_same_rows(seeded, encoding):
    seeded.add_note(codes(seeded)["A2.1"], "罕见字𠀀与表情😀，全角＝")
    book = ledger(seeded)
    reference = _rows(write_csv(book, encoding="utf-8"), "utf-8")
    data = write_csv(book, encoding=encoding)
    assert _rows(data, encoding) == reference
    assert [r.cells for r in read_csv(data)] == [r.cells for r in read_csv(write_csv(book, encoding="utf-8"))]


def test_an_encoding_that_cannot_hold_a_character_is_refused_naming_row_and_column(seeded):
    ids = codes(seeded)
    seeded.add_note(ids["A1.2"], "进展顺利😀")
    with pytest.raises(InvalidInputError) as caught:
        write_csv(ledger(seeded), encoding="gbk")
    message = caught.value.message()
    assert "第 3 行" in message and "最新进展" in message and "U+1F600" in message


def test_by_dept_gives_one_row_per_task_and_department(seeded):
    book = ledger(seeded, TaskFilter(plan="样例县", kinds=("action",)), by_dept=True)
    pairs = [(r.code, r.dept, r.role) for r in book.rows]
    assert ("样例县-A1.1", "县教育局", "lead") in pairs and ("样例县-A1.1", "县科协", "participant") in pairs
    rows = _rows(write_csv(book))
    assert rows[0][5:7] == ["部门", "职责"]
    assert [r[6] for r in rows[1:3]] == ["牵头", "参加"]


def test_filters_are_those_of_sciplan_tasks(seeded):
    ids = codes(seeded)
    seeded.update([TaskUpdate(ids["A1.1"], due_date=date(2026, 11, 1))])
    book = ledger(seeded, TaskFilter(overdue=True, dept="县教育局", lead_only=True))
    assert [r.code for r in book.rows] == ["样例县-A1.1", "样例县-A1.2"]  # A1.2 is due 2023-12-31
    assert book.rows[0].days_overdue == 22 and book.rows[0].light == "red"
    assert ledger(seeded, TaskFilter(due_within="30" and 30)).rows == ()


# ---- the month view --------------------------------------------------------------------------


def test_month_ledger_is_rebuilt_from_the_change_log(history):
    october = {r.code: r for r in ledger(history, month=Month(2026, 10)).rows}
    a11 = october["样例县-A1.1"]
    assert (a11.status, a11.progress, a11.due_date) == ("in_progress", 20, date(2026, 10, 10))
    assert a11.days_overdue == 21 and a11.note == "十月：已部署"
    rows = _rows(write_csv(ledger(history, month=Month(2026, 10))))
    assert rows[0][-1] == "本月变化"
    change = {r[1]: r[-1] for r in rows[1:]}
    assert change["样例县-A1.1"] == "状态：未开始→进行中；进度：0→20；新进展 1 条"
    assert change["样例县-A2.2"] == "状态：未开始→已完成；进度：0→100"
    assert change["样例县-A1.2"] == ""
    now = {r.code: r for r in ledger(history).rows}["样例县-A1.1"]
    assert (now.progress, now.due_date, now.note) == (40, date(2026, 11, 10), "十月：已部署")


def test_a_month_before_the_plan_was_imported_is_empty(history):
    assert ledger(history, month=Month(2026, 8)).rows == ()
    assert Month.parse("2026年11月") == Month(2026, 11)
    with pytest.raises(InvalidInputError):
        Month.parse("2026-13")


# ---- taking the ledger back ----------------------------------------------------------------


def _edit(data: bytes, edits: dict[tuple[int, str], str], encoding: str = "utf-8-sig") -> bytes:
    rows = _rows(data, encoding)
    head = rows[0]
    for (row, column), value in edits.items():
        rows[row][head.index(column)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def test_an_unchanged_ledger_imports_as_zero_changes(history):
    before = history.history(limit=None)
    result = import_ledger(history, read_csv(write_csv(ledger(history))))
    assert result.changes == () and result.applied is None
    assert history.history(limit=None) == before


def test_an_old_months_ledger_cannot_roll_back_later_changes(history):
    with pytest.raises(InvalidInputError) as caught:
        import_ledger(history, read_csv(write_csv(ledger(history, month=Month(2026, 10)))))
    assert [p.line for p in caught.value.problems] == [2]  # A1.1 moved in November; the rest agree
    assert "2026-11-10 20:00" in caught.value.message()


def test_changed_cells_become_one_batch_in_the_history(seeded):
    data = write_csv(ledger(seeded))
    edited = _edit(
        data,
        {
            (1, "状态"): "已完成",
            (2, "进度%"): "55%",
            (3, "截止日期"): "2026/12/31",
            (4, "最新进展"): "'=已完成验收",
            (5, "任务"): "改了标题也不算",
        },
        "utf-8-sig",
    )
    before = seeded.history(limit=None)
    preview = import_ledger(seeded, read_csv(edited), dry_run=True)
    assert [(c.line, c.field, c.new) for c in preview.changes] == [
        (2, "status", "done"),
        (3, "progress", "55"),
        (4, "due_date", "2026-12-31"),
        (5, "note", "=已完成验收"),
    ]
    assert seeded.history(limit=None) == before
    result = import_ledger(seeded, read_csv(edited.decode("utf-8-sig").encode("gb18030")))
    assert result.applied is not None
    batches = {c.batch for c in seeded.history(limit=None) if c.field in ("status", "progress", "due_date", "note")}
    assert len(batches) == 1
    ids = codes(seeded)
    assert seeded.task(ids["A1.1"]).task.progress == 100
    assert seeded.task(ids["A2.2"]).notes[0].text == "=已完成验收"
    again = import_ledger(seeded, read_csv(write_csv(ledger(seeded))))
    assert again.changes == ()


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(seeded):
    data = write_csv(ledger(seeded))
    edited = _edit(
        data,
        {
            (1, "ID"): "999999",
            (2, "状态"): "飞起来了",
            (3, "截止日期"): "明年某天",
            (4, "进度%"): "150",
            (5, "状态"): "已完成",
        },
    )
    before = seeded.history(limit=None)
    with pytest.raises(InvalidInputError) as caught:
        import_ledger(seeded, read_csv(edited), source="台账.csv")
    problems = caught.value.problems
    assert [p.line for p in problems] == [2, 3, 4, 5]
    text = caught.value.message()
    expected = ("第 2 行", "A 列（ID）", "H 列（状态）", "J 列（截止日期）", "I 列（进度%）", "999999", "飞起来了")
    for fragment in expected:
        assert fragment in text
    assert seeded.history(limit=None) == before


def test_columns_may_be_reordered_or_dropped_and_headers_english(seeded):
    rows = _rows(write_csv(ledger(seeded), headers="en", encoding="utf-8"), "utf-8")
    head = rows[0]
    keep = ["note", "status", "code"]  # no id column: the code identifies the task
    picked = [[r[head.index(k)] for k in keep] for r in rows]
    picked[1][1] = "blocked"
    out = io.StringIO(newline="")
    csv.writer(out).writerows(picked)
    result = import_ledger(seeded, read_csv(out.getvalue().encode("utf-8")))
    assert [(c.code, c.field, c.new) for c in result.changes] == [("样例县-A1.1", "status", "blocked")]


def test_rows_of_another_plan_are_refused_with_plan(seeded):
    seeded.import_plan(make_other())
    data = write_csv(ledger(seeded))
    with pytest.raises(InvalidInputError) as caught:
        import_ledger(seeded, read_csv(data), plan="样例县")
    assert {p.line for p in caught.value.problems} == {r.line for r in read_csv(data) if r.cells["plan"] == "另一县"}


def test_a_task_changed_after_the_export_is_not_overwritten(seeded):
    data = _edit(write_csv(ledger(seeded)), {(1, "状态"): "已完成"})
    seeded.clock = type(seeded.clock)(date(2026, 11, 24))
    seeded.set_tasks([codes(seeded)["A1.1"]], status="blocked")
    with pytest.raises(InvalidInputError) as caught:
        import_ledger(seeded, read_csv(data))
    assert "导出后已被 clerk" in caught.value.message()


def test_by_dept_rows_must_agree(seeded):
    data = write_csv(ledger(seeded, TaskFilter(kinds=("action",)), by_dept=True))
    with pytest.raises(InvalidInputError) as caught:
        import_ledger(seeded, read_csv(_edit(data, {(1, "状态"): "已完成", (2, "状态"): "受阻"})))
    assert [p.line for p in caught.value.problems] == [3]
    same = import_ledger(seeded, read_csv(_edit(data, {(1, "状态"): "已完成", (2, "状态"): "已完成"})), dry_run=True)
    assert [(c.line, c.field) for c in same.changes] == [(2, "status")]


def make_other():  # type: ignore[no-untyped-def]
    from tests.conftest import make_draft

    return make_draft(jurisdiction="另一县")


# ---- the property: export → import of an unchanged file changes nothing ------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.lists(NOTES, min_size=1, max_size=4),
    statuses=st.lists(st.sampled_from(list(STATUSES)), max_size=4),
    encoding=st.sampled_from(["utf-8-sig", "gb18030", "utf-8"]),
    headers=st.sampled_from(["zh", "en"]),
    by_dept=st.booleans(),
)
def test_property_an_unchanged_export_imports_as_no_change(seeded, notes, statuses, encoding, headers, by_dept):
    ids = list(codes(seeded).values())
    updates = [TaskUpdate(ids[i % len(ids)], note=n) for i, n in enumerate(notes)]
    updates += [TaskUpdate(ids[-1 - i], status=s) for i, s in enumerate(statuses)]
    seeded.update(updates)
    before = len(seeded.history(limit=None))
    book = ledger(seeded, by_dept=by_dept)
    records = read_csv(write_csv(book, headers=headers, encoding=encoding))
    assert [r.cells["note"] for r in records] == [row.note or "" for row in book.rows]
    result = import_ledger(seeded, records)
    assert result.changes == ()
    assert len(seeded.history(limit=None)) == before
