"""The streamed CSV ledger (one query, departments aggregated in SQL) is byte for byte the built one."""

from __future__ import annotations

import io
from contextlib import closing
from pathlib import Path

import pytest
from tests.conftest import TODAY, seed_bundled
from tests.exports.conftest import codes

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.errors import InvalidInputError
from sciplan_tui.exports import csv_ledger
from sciplan_tui.exports.csv_ledger import stream_csv, write_csv
from sciplan_tui.services import Services, TaskFilter, TaskUpdate
from sciplan_tui.services.ledger import ledger, stream

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
