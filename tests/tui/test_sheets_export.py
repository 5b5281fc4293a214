"""`e` offers the departments' fill-in sheets too: a directory instead of a .csv file."""

from __future__ import annotations

from .conftest import drive, notifications, open_first_task, settle


def test_export_to_a_directory_writes_the_department_sheets(ledger, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "进展表"

    async def scenario(app, pilot):  # type: ignore[no-untyped-def]
        await open_first_task(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path").value = str(out)
        await pilot.press("enter")
        await settle(pilot)

    app = drive(ledger, scenario)
    files = sorted(p.name for p in out.glob("*.xlsx"))
    assert files and all(name.endswith("进展情况表.xlsx") for name in files)
    assert any("澧县-县教育局-" in name for name in files)
    assert any("已导出" in n for n in notifications(app))
