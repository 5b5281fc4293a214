"""A real spreadsheet engine round trip: LibreOffice opens an edited fill-in sheet and saves it as xlsx,
as CSV (UTF-8) and as UTF-16 text, and each save is collected back.

Skipped when LibreOffice is not installed (Debian/Ubuntu package: libreoffice-calc).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sciplan_tui.exports.answers import read
from sciplan_tui.services import TaskFilter
from sciplan_tui.services.collect import collect

from .sheetedit import edit, export

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# soffice alone (e.g. only Writer installed) cannot open a workbook: Calc's library must be there too.
CALC = SOFFICE is not None and any(
    (Path(SOFFICE).resolve().parent / name).exists() for name in ("libsclo.so", "sclo.dll")
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CALC,
        reason="LibreOffice Calc is not installed (soffice on PATH with Calc): "
        "apt-get install libreoffice-calc-nogui to run the fill-in sheet round trip",
    ),
]
FILTERS = {
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "csv": "csv:Text - txt - csv (StarCalc):44,34,76,1",
    "txt": "txt:Text - txt - csv (StarCalc):9,34,65535,1",  # tab-separated UTF-16 ("Unicode 文本")
}


def _save_as(source: Path, out_dir: Path, profile: Path, kind: str) -> Path:
    cmd = [
        str(SOFFICE),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        FILTERS[kind],
        "--outdir",
        str(out_dir),
        str(source),
    ]
    done = subprocess.run(cmd, capture_output=True, timeout=180, check=False)
    target = out_dir / f"{source.stem}.{kind}"
    assert target.exists(), done.stderr.decode(errors="replace")
    return target


@pytest.mark.parametrize("kind", ["xlsx", "csv", "txt"])
def test_libreoffice_saves_are_collected(two_plans, tmp_path, kind):  # type: ignore[no-untyped-def]
    sent = export(two_plans, tmp_path / "out")
    edited = edit(
        sent["县教育局"],
        tmp_path / "edited.xlsx",
        {"样例县-A1.1": {"状态": "进行中", "进度%": 30, "本月进展": '已部署，含逗号, 与"引号"'}},
    )
    out = tmp_path / "saved"
    out.mkdir()
    saved = _save_as(edited, out, tmp_path / "profile", kind)
    result = collect(two_plans, [read(saved)])
    assert not result.problems and not result.conflicts
    task = next(r for r in two_plans.tasks(TaskFilter(plan="样例县")) if r.code == "A1.1")
    assert (task.status, task.progress) == ("in_progress", 30)
    assert [n.text for n in two_plans.task(task.id).notes] == ['【县教育局】已部署，含逗号, 与"引号"']
