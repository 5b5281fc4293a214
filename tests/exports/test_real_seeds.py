"""The five real plans: the whole ledger exports, reads back unchanged, and the monthly report holds."""

from __future__ import annotations

import time

import pytest

from sciplan_tui.exports.csv_ledger import read_csv, write_csv
from sciplan_tui.exports.monthly import to_html
from sciplan_tui.exports.xlsx_ledger import write_xlsx
from sciplan_tui.services.ledger import ledger
from sciplan_tui.services.ledger_import import import_ledger
from sciplan_tui.services.report import monthly_report


@pytest.fixture
def real(services):  # type: ignore[no-untyped-def]
    from sciplan_tui.seed import import_bundled

    import_bundled(services)
    return services


def test_seed_ledger_round_trips_and_exports_quickly(real, tmp_path):
    started = time.perf_counter()
    book = ledger(real)
    data = write_csv(book, encoding="gb18030")
    elapsed = time.perf_counter() - started
    assert len(book.rows) == len(real.tasks()) > 150
    assert elapsed < 2, f"CSV export of the seeds took {elapsed:.2f}s"
    assert import_ledger(real, read_csv(data)).changes == ()
    plans = {r.plan_code for r in book.rows}
    assert plans == {"澧县", "彭水自治县", "郴州市", "南湖新区", "万年县"}
    write_xlsx(book, tmp_path / "seeds.xlsx", sheets="plan")


def test_seed_monthly_report_names_every_lead_as_silent_before_any_note(real):
    report = monthly_report(real)
    assert report.total == len(real.tasks())
    leads = {(r.plan_code, d) for r in ledger(real).rows for d in r.leads if r.status not in ("done", "cancelled")}
    assert {(s.plan_code, s.name) for s in report.silent} == leads
    assert "县教育局" in to_html(report)
