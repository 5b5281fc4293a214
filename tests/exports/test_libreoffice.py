"""A real spreadsheet engine opens our CSV and xlsx: LibreOffice headless converts them and the text survives.

Skipped when LibreOffice is not installed (Debian/Ubuntu package: libreoffice-calc).
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.exports.conftest import codes

from sciplan_tui.exports.csv_ledger import write_csv
from sciplan_tui.exports.xlsx_ledger import write_xlsx
from sciplan_tui.services import TaskUpdate
from sciplan_tui.services.ledger import ledger

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) is not on PATH: apt-get install "
        "libreoffice-calc to run the spreadsheet round trip",
    ),
]
NOTE = '=1+1，含逗号, "引号" 与换行\n第二行 𠀀'
# CSV filter options: comma, double quote, UTF-8 (76), start at line 1, every column as text (2).
CSV_OPTIONS = "44,34,76,1," + "/".join(f"{i}/2" for i in range(1, 18))


def _convert(source: Path, out_dir: Path, profile: Path, infilter: str | None = None, sheet: int | None = None) -> Path:
    """`source` as CSV through LibreOffice; `sheet` (1-based) picks a workbook sheet (written as STEM-NAME.csv)."""
    cmd = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    options = "44,34,76,1" + (f",,0,false,true,false,false,false,{sheet}" if sheet else "")
    cmd += ["--convert-to", f"csv:Text - txt - csv (StarCalc):{options}", "--outdir", str(out_dir), str(source)]
    done = subprocess.run(cmd, capture_output=True, timeout=180, check=False)
    found = sorted(out_dir.glob(f"{source.stem}*.csv"))
    assert found, done.stderr.decode(errors="replace")
    return found[0]


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_libreoffice_reads_our_csv_and_xlsx(seeded, tmp_path):
    seeded.update([TaskUpdate(codes(seeded)["A1.1"], note=NOTE)])
    book = ledger(seeded)
    source = tmp_path / "in"
    source.mkdir()
    (source / "ledger_csv.csv").write_bytes(write_csv(book))
    write_xlsx(book, source / "ledger_xlsx.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    from_csv = _read(_convert(source / "ledger_csv.csv", out, tmp_path / "profile", f"CSV:{CSV_OPTIONS}"))
    # the workbook opens on its summary sheet (汇总 first, for printing); the ledger is the second sheet
    from_xlsx = _read(_convert(source / "ledger_xlsx.xlsx", out, tmp_path / "profile", sheet=2))
    for rows in (from_csv, from_xlsx):
        assert len(rows) == len(book.rows) + 1
        assert rows[0][:5] == ["ID", "任务编号", "实施方案", "行动/工程", "任务"]
        first = dict(zip(rows[0], rows[1], strict=False))
        assert first["任务"] == "青少年任务1" and first["牵头单位"] == "县教育局"
        assert first["行动/工程"] == "青少年科学素质提升行动"
    assert dict(zip(from_csv[0], from_csv[1], strict=False))["最新进展"] == "'" + NOTE
    assert dict(zip(from_xlsx[0], from_xlsx[1], strict=False))["最新进展"] == NOTE


def test_libreoffice_reads_the_streamed_workbook(seeded, tmp_path):
    """The write-only workbook of a streamed export (services.ledger.reading) opens in a real engine:
    every row's code, title and departments as the CSV has them, the long note in full."""
    from sciplan_tui.exports.xlsx_ledger import stream_xlsx
    from sciplan_tui.services.ledger import reading

    seeded.update([TaskUpdate(codes(seeded)["A1.1"], note=NOTE)])
    source = tmp_path / "in"
    source.mkdir()
    with reading(seeded) as rows:
        written = stream_xlsx(rows, source / "streamed.xlsx", sheets="plan")
    out = tmp_path / "out"
    out.mkdir()
    sheet = _read(_convert(source / "streamed.xlsx", out, tmp_path / "profile", sheet=2))
    expected = list(csv.reader(io.StringIO(write_csv(ledger(seeded)).decode("utf-8-sig"), newline="")))
    assert len(sheet) == written + 1 == len(expected)
    assert sheet[0] == expected[0]
    for got, want in zip(sheet[1:], expected[1:], strict=True):
        assert got[:7] == want[:7]  # ID, code, plan, item, title, leads, participants
    assert dict(zip(sheet[0], sheet[1], strict=False))["最新进展"] == NOTE
