"""`-o` exports are written whole or not at all (issue 13, item 5): a failure half-way keeps the old file.

Each writer is made to fail after writing part of its file (a full disk); the file that was there before
must be byte for byte as it was, with no scratch file left beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli

OLD = b"the file from last month"


def _full_disk(self, target, *args, **kwargs):  # type: ignore[no-untyped-def]
    Path(str(target)).write_bytes(b"PK\x03\x04 half a file")
    raise OSError(28, "No space left on device")


def _half_bytes(self, data):  # type: ignore[no-untyped-def]
    with open(self, "wb") as fh:
        fh.write(data[: len(data) // 2])
    raise OSError(28, "No space left on device")


def _disk_fills(rows, out, **kwargs):  # type: ignore[no-untyped-def]
    """The streamed CSV: the disk fills after the first rows were written."""
    out.write(b"\xef\xbb\xbfID,half a ledger\r\n")
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("args", "name", "patch"),
    [
        (("export", "xlsx", "--plan", "澧县", "-o"), "ledger.xlsx", ("openpyxl.Workbook.save", _full_disk)),
        (("report", "monthly", "--plan", "澧县", "--docx"), "通报.docx", ("docx.document.Document.save", _full_disk)),
        (
            ("report", "monthly", "--plan", "澧县", "--format", "md", "-o"),
            "report.md",
            ("pathlib.Path.write_bytes", _half_bytes),
        ),
        (("export", "csv", "-o"), "ledger.csv", ("sciplan_tui.exports.csv_ledger.stream_csv", _disk_fills)),
        (
            ("export", "csv", "--month", "2026-11", "-o"),
            "ledger.csv",
            ("sciplan_tui.exports.csv_ledger.stream_csv", _disk_fills),
        ),
    ],
    ids=["xlsx", "docx", "md", "csv", "csv-month"],
)
def test_a_failed_export_leaves_the_previous_file_as_it_was(seeded_db, tmp_path, monkeypatch, args, name, patch):
    out = tmp_path / "out" / name
    out.parent.mkdir()
    out.write_bytes(OLD)
    monkeypatch.setattr(*patch)
    result = Cli(str(seeded_db))(*args, str(out))
    assert result.exit_code != 0, result.output
    assert out.read_bytes() == OLD
    assert [p.name for p in out.parent.iterdir()] == [name]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("export", "xlsx", "--plan", "澧县", "-o"), "ledger.xlsx"),
        (("report", "monthly", "--plan", "澧县", "--docx"), "通报.docx"),
        (("report", "monthly", "--plan", "澧县", "-o"), "report.html"),
        (("export", "csv", "-o"), "ledger.csv"),
    ],
)
def test_a_finished_export_replaces_the_file_and_leaves_no_scratch(seeded_db, tmp_path, args, name):
    out = tmp_path / "out" / name
    out.parent.mkdir()
    out.write_bytes(OLD)
    result = Cli(str(seeded_db))(*args, str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() != OLD and out.stat().st_size > 100
    assert [p.name for p in out.parent.iterdir()] == [name]


def test_a_failed_workbook_save_leaves_no_sheet_half_open(seeded_db, tmp_path, monkeypatch):
    """The summary sheet is written out before the save: when the save fails, nothing of openpyxl's
    write-only machinery is left open to fail again when it is collected (it did, as an exception
    Python could only print)."""
    import gc
    import sys

    lost: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", lost.append)
    monkeypatch.setattr("openpyxl.Workbook.save", _full_disk)
    result = Cli(str(seeded_db))("export", "xlsx", "--plan", "澧县", "-o", str(tmp_path / "ledger.xlsx"))
    assert result.exit_code != 0, result.output
    del result  # its exception's frames hold the workbook
    gc.collect()
    assert lost == []
