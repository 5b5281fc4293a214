"""The streamed CSV ledger (one query, departments aggregated in SQL) is byte for byte the built one."""

from __future__ import annotations

import codecs
import csv
import io
import os
import subprocess
import sys
from contextlib import closing
from functools import partial
from pathlib import Path

import pytest
from tests.conftest import TODAY, seed_bundled
from tests.exports.conftest import codes

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock, local
from sciplan_tui.csvsafe import neutralise
from sciplan_tui.errors import InvalidInputError
from sciplan_tui.exports import csv_ledger
from sciplan_tui.exports.columns import columns, text, values
from sciplan_tui.exports.csv_ledger import stream_csv, write_csv
from sciplan_tui.services import Services, TaskFilter, TaskUpdate
from sciplan_tui.services.ledger import Month, ledger, stream
from sciplan_tui.store import queries

FILTERS = [
    TaskFilter(),
    TaskFilter(plan="样例县", kinds=("action",)),
    TaskFilter(overdue=True, dept="县教育局", lead_only=True),
    TaskFilter(statuses=("done", "in_progress")),
    TaskFilter(text="县科协"),
]


def _streamed(services: Services, f: TaskFilter, *, by_dept: bool, headers: str, encoding: str) -> bytes:
    out = io.BytesIO()
    with closing(stream(services, f, by_dept=by_dept)) as ledger_rows:  # an error ends the read at once
        rows = stream_csv(ledger_rows, out, by_dept=by_dept, headers=headers, encoding=encoding)  # type: ignore[arg-type]
    assert rows == len(ledger(services, f, by_dept=by_dept).rows)
    return out.getvalue()


@pytest.mark.parametrize("f", FILTERS)
@pytest.mark.parametrize(("by_dept", "headers", "encoding"), [(False, "zh", "utf-8-sig"), (True, "en", "gb18030")])
def test_the_stream_writes_the_same_bytes_as_the_built_ledger(history, f, by_dept, headers, encoding):
    ids = codes(history)
    history.update([TaskUpdate(ids["A1.1"], note="=SUM(A1)"), TaskUpdate(ids["A2.1"], status="blocked", note="第二条")])
    built = write_csv(ledger(history, f, by_dept=by_dept), headers=headers, encoding=encoding)  # type: ignore[arg-type]
    assert _streamed(history, f, by_dept=by_dept, headers=headers, encoding=encoding) == built


def test_the_five_real_plans_stream_as_they_are_built(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(csv_ledger, "BATCH", 7)  # many batches, one of them short
    seed_bundled(tmp_path / "s.db")
    from sciplan_tui.store import open_store

    store = open_store(tmp_path / "s.db")
    services = Services(store, Actor("clerk"), Clock(TODAY))
    services.set_tasks([1, 2, 3], status="in_progress", progress=30, note="推进中")
    for by_dept in (False, True):
        built = write_csv(ledger(services, by_dept=by_dept))
        assert _streamed(services, TaskFilter(), by_dept=by_dept, headers="zh", encoding="utf-8-sig") == built
        assert built.count(b"\r\n") > 180
    store.dispose()


def test_an_unencodable_character_names_its_row_across_batches(seeded, monkeypatch):
    monkeypatch.setattr(csv_ledger, "BATCH", 2)
    tasks = seeded.tasks()
    seeded.add_note(tasks[4].id, "😀")
    with pytest.raises(InvalidInputError) as caught:
        _streamed(seeded, TaskFilter(), by_dept=False, headers="zh", encoding="gbk")
    message = caught.value.message()
    assert "第 6 行" in message and "最新进展" in message and "U+1F600" in message


@pytest.mark.parametrize("by_dept", [False, True])
def test_the_stream_yields_the_built_ledgers_rows(history, by_dept):
    """Not only the bytes: the streamed LedgerRows are the built ones, field for field (times aside:
    the built ledger's newest change comes from the history query, aware in UTC; the stream's is naive UTC)."""
    ids = codes(history)
    history.update([TaskUpdate(ids["A1.2"], status="blocked", note="受阻：经费未到位")])
    built = ledger(history, by_dept=by_dept).rows
    with closing(stream(history, by_dept=by_dept)) as rows:
        streamed = list(rows)
    assert len(streamed) == len(built) > 0
    for got, want in zip(streamed, built, strict=True):
        assert got._replace(note_at=None, changed_at=None) == want._replace(note_at=None, changed_at=None)
        for name in ("note_at", "changed_at"):
            mine, theirs = getattr(got, name), getattr(want, name)
            assert (mine is None) == (theirs is None)
            if mine is not None:
                assert local(mine) == local(theirs)


def test_the_row_cells_are_each_columns_value_through_the_cell_rule(history):
    """row_cells (made once per export) writes what `values` and the generic cell rule write: text
    neutralised, everything else as `text` shows it (numbers, dates and None left to the csv writer)."""
    ids = codes(history)
    history.update([TaskUpdate(ids["A1.1"], note="-1"), TaskUpdate(ids["A2.1"], note=" =HYPERLINK()")])
    for by_dept, headers in ((False, "zh"), (True, "en")):
        book = ledger(history, by_dept=by_dept)
        cols = columns(book)
        cells = csv_ledger.row_cells(cols, headers)  # type: ignore[arg-type]
        for row in book.rows:
            written = [c if isinstance(c, str) else text(c) for c in cells(row)]
            rule = [neutralise(v) if isinstance(v, str) else text(v) for v in values(row, cols, headers)]  # type: ignore[arg-type]
            assert written == rule
    data = write_csv(ledger(history))
    assert b",'-1," in data and b",' =HYPERLINK()," in data


@pytest.mark.parametrize(
    "cell",
    [
        "",
        "a",
        "=1",
        "+1",
        "-1",
        "@x",
        "\t=1",
        "'=1",
        "''x",
        " =1",
        "\u3000-1",
        "\ufeff=x",
        "\x00@",
        "x=1",
        "中文",
        "'",
        " ",
    ],
)
def test_the_fast_look_at_the_first_character_decides_as_the_full_rule(cell):
    from sciplan_tui import csvsafe

    full = cell.lstrip(csvsafe._SKIPPED).startswith(csvsafe.FORMULA_STARTS)
    assert csvsafe.needs_escape(cell) is full
    assert csvsafe.neutralise(cell) == ("'" + cell if full else cell)
    assert csvsafe.safe_cell(cell) == csvsafe.neutralise(cell)
    assert csvsafe.restore(csvsafe.neutralise(cell)) == cell


RISKY_CELLS = ["=1", "+1", "-1", "@x", "\t=1", "'=1", " =1", "\u3000-1", "\ufeff=x", "\x00@", "\n=1", "\r@"]


@pytest.mark.parametrize("cell", RISKY_CELLS)
def test_the_batch_look_finds_every_cell_that_needs_the_rule(cell):
    """csvsafe.any_risky says yes for a batch with a cell the rule changes, in any of the columns it is
    given, in any row; no when the rule would change nothing (then the batch is written as it is)."""
    from sciplan_tui import csvsafe

    assert csvsafe.needs_escape(cell)
    for row in ([cell, "a", 1], ["a", cell, 1], ["a", 1, cell]):
        for rows in ([row], [["x", 2, "y"], row]):
            assert csvsafe.any_risky(rows, [0, 1, 2])
            columns = [n for n in range(3) if row[n] != cell]
            assert not csvsafe.any_risky(rows, columns)
    safe = [["县教育局、县科协", 1, "已召开会议，部署"], ["2025-12-31", None, "a=1"], ["", -1, "中文"]]
    assert not csvsafe.any_risky(safe, [0, 1, 2])
    assert [csvsafe.safe_cell(v) for r in safe for v in r] == [v for r in safe for v in r]


def test_a_risky_cell_in_a_later_batch_is_neutralised_and_the_rest_written_as_is(history):
    """The streamed CSV writes a batch as it is unless some cell may start like a formula; then that
    batch's text cells go through the rule. Read back: every row is the rule applied to `values`."""
    ids = codes(history)
    history.update([TaskUpdate(ids["A1.1"], note="=HYPERLINK()"), TaskUpdate(ids["A2.1"], note="安全，-1 不是公式")])
    book = ledger(history)
    cols = columns(book)
    rows = list(book.rows) * 3  # the risky row in each of several batches
    out = io.BytesIO()
    saved = csv_ledger.BATCH
    csv_ledger.BATCH = 7
    try:
        assert stream_csv(iter(rows), out) == len(rows)
    finally:
        csv_ledger.BATCH = saved
    got = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))[1:]
    want = [[neutralise(v) if isinstance(v, str) else text(v) for v in values(r, cols, "zh")] for r in rows]
    assert got == want
    assert sum(row.count("'=HYPERLINK()") for row in got) == 3


EXPORT_PROBE = (
    "import sys, atexit\n"
    "sys.argv = ['sciplan'] + sys.argv[1:]\n"
    "HEAVY = {'sqlalchemy', 'sqlmodel', 'pydantic', 'pydantic_core', 'textual', 'openpyxl', 'docx'}\n"
    "atexit.register(lambda: sys.stderr.write('\\nLOADED=' + ','.join(sorted({m.split('.')[0] for m in sys.modules}"
    " & HEAVY))))\n"
    "from sciplan_tui.cli import main\n"
    "main()\n"
)


@pytest.mark.parametrize(
    ("command", "allowed"),
    [
        (["csv"], set()),
        (["csv", "--month", "2026-11", "--by-dept"], set()),
        (["xlsx", "--sheets", "plan"], {"openpyxl"}),
    ],
)
def test_exports_on_sqlite_load_neither_sqlalchemy_nor_pydantic(tmp_path: Path, command, allowed):
    """The streamed exports run over the DB-API: a store at the latest schema never imports SQLAlchemy."""
    db = tmp_path / "s.db"
    seed_bundled(db)
    out = tmp_path / ("台账.xlsx" if command[0] == "xlsx" else "台账.csv")
    env = {**os.environ, "SCIPLAN_AUTO_BACKUP": "0", "SCIPLAN_LANG": "en", "SCIPLAN_TODAY": TODAY.isoformat()}
    args = ["--db", str(db), "export", *command, "--plan", "澧县", "-o", str(out)]
    result = subprocess.run([sys.executable, "-c", EXPORT_PROBE, *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    loaded = set(filter(None, result.stderr.rsplit("LOADED=", 1)[-1].strip().split(",")))
    assert loaded == allowed
    data = out.read_bytes()
    if command[0] == "xlsx":
        assert data.startswith(b"PK\x03\x04")
    else:
        assert data.startswith(codecs.BOM_UTF8 + "ID,任务编号".encode()) and data.count(b"\r\n") > 10


@pytest.mark.parametrize("month", ["2026-09", "2026-10", "2026-11"])
@pytest.mark.parametrize(("f", "by_dept", "headers"), [(TaskFilter(), False, "zh"), (FILTERS[2], True, "en")])
def test_a_months_ledger_streams_as_it_is_rebuilt(history, monkeypatch, month, f, by_dept, headers):
    """`--month`: the task list streamed in batches, each rebuilt from the history as `ledger` rebuilds all."""
    monkeypatch.setattr(queries, "task_batches", partial(queries.task_batches, batch=3))  # several batches
    m = Month.parse(month)
    book = ledger(history, f, month=m, by_dept=by_dept)
    with closing(stream(history, f, month=m, by_dept=by_dept)) as rows:
        streamed = list(rows)
    assert streamed == list(book.rows)
    out = io.BytesIO()
    assert stream_csv(streamed, out, by_dept=by_dept, month=m, headers=headers) == len(book.rows)  # type: ignore[arg-type]
    assert out.getvalue() == write_csv(book, headers=headers)  # type: ignore[arg-type]
    if month == "2026-10" and not by_dept:
        assert "本月变化" in out.getvalue().decode("utf-8-sig").splitlines()[0]
        assert any(r.month_changes for r in streamed)
