"""The streamed workbook (two passes over the query, write-only mode) is the built one, cell for cell,
with its widths, row heights, drop-down and print layout; and its memory does not grow with the rows."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import TODAY, make_draft, seed_bundled
from tests.exports.conftest import codes

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.exports.csv_ledger import stream_csv
from sciplan_tui.exports.xlsx_ledger import stream_xlsx, write_xlsx
from sciplan_tui.services import Services, TaskFilter, TaskUpdate
from sciplan_tui.services.ledger import LedgerRow, Month, ledger, reading

openpyxl = pytest.importorskip("openpyxl")

LONG = "推进中：" + "已召开部署会并印发工作方案，" * 12 + "\n第二行=1+1 \x01 控制字符"


def _layout(path: Path) -> dict[str, Any]:
    """Everything a clerk sees or prints of a workbook, sheet by sheet."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, Any] = {"sheets": wb.sheetnames, "active": wb.active.title}
    for ws in wb.worksheets:
        cells = [
            (c.coordinate, c.value, c.data_type, c.number_format, c.style, c.fill.fgColor.rgb, c.alignment.wrap_text)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]
        out[ws.title] = {
            "cells": cells,
            "bold": sorted(c.coordinate for row in ws.iter_rows() for c in row if c.value is not None and c.font.b),
            "heights": {n: ws.row_dimensions[n].height for n in range(1, ws.max_row + 1)},
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
            "frozen": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "titles": ws.print_title_rows,
            "page": (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth),
            "fit": (ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage),
            "footer": ws.oddFooter.center.text,
            "choices": [(dv.formula1, str(dv.sqref)) for dv in ws.data_validations.dataValidation],
        }
    return out


def _streamed(services: Services, path: Path, **kw: Any) -> int:
    f = kw.pop("f", TaskFilter())
    with reading(services, f, month=kw.get("month"), by_dept=kw.get("by_dept", False)) as rows:
        return stream_xlsx(rows, path, **kw)


@pytest.mark.parametrize(
    ("by_dept", "headers", "sheets"),
    [(False, "zh", None), (True, "en", None), (False, "zh", "plan"), (True, "en", "plan")],
)
def test_the_streamed_workbook_is_the_built_one(history, tmp_path, by_dept, headers, sheets):
    history.import_plan(make_draft(jurisdiction="另一县"))
    ids = codes(history)
    history.update([TaskUpdate(ids["A1.1"], note=LONG), TaskUpdate(ids["A1.2"], note="=SUM(A1)")])
    built, streamed = tmp_path / "built.xlsx", tmp_path / "streamed.xlsx"
    book = ledger(history, by_dept=by_dept)
    write_xlsx(book, built, headers=headers, sheets=sheets)
    assert _streamed(history, streamed, by_dept=by_dept, headers=headers, sheets=sheets) == len(book.rows)
    want, got = _layout(built), _layout(streamed)
    assert got == want
    assert got["sheets"][0] == ("汇总" if headers == "zh" else "summary") == got["active"]
    if sheets == "plan":
        assert got["sheets"][1:] == ["样例县", "另一县"]


def test_the_five_real_plans_stream_as_they_are_built(tmp_path: Path):
    seed_bundled(tmp_path / "s.db")
    from sciplan_tui.store import open_store

    store = open_store(tmp_path / "s.db")
    services = Services(store, Actor("clerk"), Clock(TODAY))
    services.set_tasks([1, 2, 3], status="in_progress", progress=30, note=LONG)
    write_xlsx(ledger(services), tmp_path / "built.xlsx", sheets="plan")
    _streamed(services, tmp_path / "streamed.xlsx", sheets="plan")
    got = _layout(tmp_path / "streamed.xlsx")
    assert got == _layout(tmp_path / "built.xlsx")
    assert len(got["sheets"]) == 6
    heights = [h for sheet in got["sheets"][1:] for n, h in got[sheet]["heights"].items() if n > 1]
    assert min(heights) == 18.0 and max(heights) > 3 * 18.0  # one line; the long note wraps to several
    store.dispose()


def test_an_empty_ledger_is_a_header_a_drop_down_and_a_summary(seeded, tmp_path):
    none = TaskFilter(statuses=("cancelled",))
    for sheets in (None, "plan"):
        path = tmp_path / f"{sheets}.xlsx"
        assert _streamed(seeded, path, f=none, sheets=sheets) == 0
        got = _layout(path)
        assert got["sheets"] == ["汇总", "台账"]
        assert got["台账"]["filter"] == "A1:O1" and got["台账"]["choices"] == [
            ('"未开始,进行中,已完成,受阻,已取消"', "H2")
        ]
        write_xlsx(ledger(seeded, none), tmp_path / "built.xlsx", sheets=sheets)
        assert got == _layout(tmp_path / "built.xlsx")


def test_a_plan_that_appears_between_the_two_passes_is_written_with_its_headers_widths(seeded, tmp_path):
    """The passes are two reads: a plan imported in between has no measured widths, and is written all the same."""
    seeded.import_plan(make_draft(jurisdiction="另一县"))
    rows = ledger(seeded).rows
    reads = iter([[r for r in rows if r.plan_code == "样例县"], list(rows)])
    path = tmp_path / "l.xlsx"
    assert stream_xlsx(lambda: next(reads), path, sheets="plan") == len(rows)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["汇总", "样例县", "另一县"]
    late = wb["另一县"]
    assert late.column_dimensions["E"].width == 6  # 任务: the header's width (4) and the margin
    assert late.max_row == 1 + sum(r.plan_code == "另一县" for r in rows)


class _Counted(LedgerRow):
    """A ledger row that counts how many of its kind are alive (a tuple subclass may have __del__)."""

    __slots__ = ()
    alive = 0
    most = 0

    def __del__(self) -> None:
        _Counted.alive -= 1


def _synthetic(n: int) -> Iterator[LedgerRow]:
    for i in range(n):
        row = _Counted(
            i + 1,
            f"县{i // 400}-A{i % 400}",
            f"县{i // 400}",
            "action",
            "青少年科学素质提升行动",
            f"任务{i}：开展科普进校园活动，覆盖全县中小学" + "。" * (i % 7),
            ("县教育局", "县科协"),
            ("县财政局",),
            "in_progress",
            i % 100,
            date(2026, 12, 1 + i % 28),
            None,
            "yellow",
            "已部署" * (1 + i % 5),
            None,
            "clerk",
            None,
        )
        _Counted.alive += 1
        _Counted.most = max(_Counted.most, _Counted.alive)
        yield row


@pytest.mark.parametrize("sheets", [None, "plan"])
def test_no_row_is_held_once_it_is_written(tmp_path, sheets):
    """Memory flat with N: in either pass, a row is dropped as soon as it has been measured or written."""
    _Counted.alive = _Counted.most = 0
    path = tmp_path / "l.xlsx"
    assert stream_xlsx(lambda: _synthetic(1200), path, sheets=sheets) == 1200
    assert _Counted.most <= 2 and _Counted.alive == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == (["汇总", "台账"] if sheets is None else ["汇总", "县0", "县1", "县2"])
    assert sum(ws.max_row - 1 for ws in wb.worksheets[1:]) == 1200
    used = [ws.max_row for ws in openpyxl.load_workbook(path, read_only=True).worksheets[1:]]  # the <dimension>
    assert used == ([1201] if sheets is None else [401, 401, 401])
    summary = [[c.value for c in row] for row in wb.worksheets[0].iter_rows()]
    assert [r[0] for r in summary[2:5]] == ["县0", "县1", "县2"] and summary[2][-4] == 400  # 400 tasks each


def test_the_csv_stream_holds_no_row_either():
    _Counted.alive = _Counted.most = 0
    out = io.BytesIO()
    assert stream_csv(_synthetic(1200), out) == 1200
    assert _Counted.most <= 2 and _Counted.alive == 0
    assert out.getvalue().count(b"\r\n") == 1201


@pytest.mark.parametrize("sheets", [None, "plan"])
def test_a_months_workbook_streams_as_it_is_rebuilt(history, tmp_path, sheets):
    month = Month.parse("2026-10")
    built, streamed = tmp_path / "built.xlsx", tmp_path / "streamed.xlsx"
    write_xlsx(ledger(history, month=month), built, sheets=sheets)
    assert _streamed(history, streamed, month=month, sheets=sheets) == len(ledger(history, month=month).rows)
    got = _layout(streamed)
    assert got == _layout(built)
    assert any(cell[1] == "本月变化" for cell in got[got["sheets"][1]]["cells"])


def test_display_width_is_the_per_character_rule():
    """One regex class for the wide characters, the same count as unicodedata character by character."""
    import unicodedata

    from sciplan_tui.exports.print_setup import display_width

    def one_by_one(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    samples = ["", "abc", "县教育局", "ab＝", "全民科学素质，2026 年\u3000①", "\u0378\u1100\U00020000\U0001f600"]
    samples += ["".join(map(chr, range(start, min(start + 4096, 0x110000)))) for start in range(0, 0x110000, 0x9000)]
    samples.append("宽" + chr(0xF0000))  # private use, beyond plane 3: counted one by one
    for text in samples:
        assert display_width(text) == one_by_one(text), text[:8]
