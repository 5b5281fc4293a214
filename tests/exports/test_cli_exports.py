"""`sciplan export`, `report monthly` and `import csv` through typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json

from sciplan_tui.errors import EXIT_INVALID, EXIT_USAGE


def _edit(path, row: int, column: str, value: str) -> None:  # type: ignore[no-untyped-def]
    from sciplan_tui.exports.csv_ledger import decode

    rows = list(csv.reader(io.StringIO(decode(path.read_bytes()), newline="")))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("gb18030"))  # as Excel on Chinese Windows saves it


def test_export_csv_to_a_file_and_to_stdout(cli, seeded, tmp_path):
    path = tmp_path / "台账.csv"
    result = cli("export", "csv", "-o", str(path), "--plan", "样例县", "--kind", "action")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfID,") and data.endswith(b"\r\n") and data.count(b"\r\n") == 5
    assert "已导出 4 行" in result.stderr
    out = cli("export", "csv", "--headers", "en", "--encoding", "utf-8", "--overdue")
    assert out.exit_code == 0 and out.stdout_bytes.startswith(b"id,code,plan,")


def test_export_refusals_exit_non_zero_with_a_message(cli, seeded):
    seeded.add_note(seeded.tasks()[0].id, "😀")
    result = cli("export", "csv", "--encoding", "gbk")
    assert result.exit_code == EXIT_INVALID and "U+1F600" in result.stderr and "最新进展" in result.stderr
    assert cli("export", "csv", "--headers", "fr").exit_code == EXIT_USAGE
    assert cli("export", "csv", "--month", "十一月").exit_code == EXIT_INVALID


def test_export_xlsx_and_the_monthly_report(cli, history, tmp_path):
    import openpyxl

    book = tmp_path / "台账.xlsx"
    assert cli("export", "xlsx", "-o", str(book), "--sheets", "dept", "--month", "2026-10").exit_code == 0
    assert openpyxl.load_workbook(book).sheetnames[0] == "汇总"
    page = tmp_path / "report.html"
    assert cli("report", "monthly", "-o", str(page)).exit_code == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = cli("report", "monthly", "--month", "2026-10", "--format", "md")
    assert md.exit_code == 0 and "| 样例县 | 县农业农村局 | 1 |" in md.stdout
    terminal = cli("report", "monthly")
    assert terminal.exit_code == 0 and "逾期任务（1）" in terminal.stdout


def test_import_csv_dry_run_then_for_real(cli, seeded, tmp_path):
    path = tmp_path / "台账.csv"
    cli("export", "csv", "-o", str(path))
    _edit(path, 1, "状态", "已完成")
    _edit(path, 2, "最新进展", "已召开推进会")
    dry = cli("import", "csv", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "试运行" in dry.stderr and "已召开推进会" in dry.stdout
    assert seeded.history(limit=None) == [c for c in seeded.history(limit=None) if c.field == "import"]
    done = cli("import", "csv", str(path), "--json", user="county-office")
    assert done.exit_code == 0, done.output
    payload = json.loads(done.stdout)
    assert [c["field"] for c in payload["changes"]] == ["status", "note"] and payload["batch"]
    changes = [c for c in seeded.history(limit=None) if c.field != "import"]
    assert {c.actor for c in changes} == {"county-office"} and len({c.batch for c in changes}) == 1
    assert "没有改动" in cli("import", "csv", str(path)).stderr


def test_import_csv_with_bad_rows_reports_them_and_changes_nothing(cli, seeded, tmp_path):
    path = tmp_path / "台账.csv"
    cli("export", "csv", "-o", str(path))
    _edit(path, 1, "ID", "424242")
    _edit(path, 2, "状态", "差不多了")
    _edit(path, 3, "截止日期", "2026-02-30")
    before = seeded.history(limit=None)
    result = cli("import", "csv", str(path))
    assert result.exit_code == EXIT_INVALID
    for fragment in ("第 2 行", "A 列（ID）", "第 3 行", "H 列（状态）", "第 4 行", "J 列（截止日期）"):
        assert fragment in result.stderr
    assert seeded.history(limit=None) == before
    other = cli("import", "csv", str(path), "--plan", "没有这个县")
    assert other.exit_code != 0
