"""The 通报 as Word (read back with python-docx), and the HTML report's print rules."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from sciplan_tui.exports.monthly import to_html
from sciplan_tui.services.ledger import Month
from sciplan_tui.services.report import monthly_report
from tests.exports.conftest import history  # noqa: F401  (the fixture: a plan worked on over two months)


def _font(paragraph) -> str:  # type: ignore[no-untyped-def]
    return paragraph.runs[0].element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_tongbao_docx(history, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    path = tmp_path / "通报.docx"
    done = cli(
        "report",
        "monthly",
        "--month",
        "2026-10",
        "--docx",
        str(path),
        "--issuer",
        "样例县纲要办",
        "--cc",
        "县委办、县政府办",
    )
    assert done.exit_code == 0, done.output
    document = docx.Document(str(path))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.top_margin - Cm(3.7)) < Cm(0.01)
    paragraphs = document.paragraphs
    assert paragraphs[0].text == "关于2026年10月全民科学素质行动任务落实情况的通报"
    assert _font(paragraphs[0]) == "方正小标宋简体" and paragraphs[0].runs[0].font.size.pt == 22
    texts = [p.text for p in paragraphs]
    overall = next(p for p in paragraphs if p.text.startswith("截至2026年10月31日"))
    assert _font(overall) == "仿宋_GB2312" and overall.runs[0].font.size.pt == 16
    assert "已完成2项" in overall.text and "完成率" in overall.text
    assert any(t.startswith("分行动（工程）看：青少年科学素质提升行动完成率") for t in texts)
    heads = [p for p in paragraphs if p.text in ("一、总体情况", "四、逾期任务情况")]
    assert [_font(p) for p in heads] == ["黑体", "黑体"]
    assert any("本月新完成任务" in t and "样例县-A2.2" in " ".join(texts) for t in texts)
    assert any(t.startswith("（一）县教育局") for t in texts)
    assert any("样例县-A1.1" in t and "最新进展：十月：已部署" in t for t in texts)
    assert any(t.startswith("抄送：县委办、县政府办") for t in texts)
    headers = [[c.text for c in tbl.rows[0].cells] for tbl in document.tables]
    assert headers[0][:2] == ["方案", "牵头部门"] and headers[0][-1] == "完成率"
    assert headers[2][:3] == ["序号", "编号", "任务"]
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


def test_html_report_cells_that_must_not_wrap(history) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = to_html(monthly_report(history, Month(2026, 11)))
    assert "@page{size:A4 landscape" in page
    assert '<td class="short">2026-11-10</td>' in page  # a due date stays on one line in print
    assert "td.short{white-space:nowrap}" in page.replace("th,td.short", "td.short")


WRITER = __import__("shutil").which("soffice")


@pytest.mark.slow
@pytest.mark.skipif(
    WRITER is None or not (Path(str(WRITER)).resolve().parent / "libswlo.so").exists(),
    reason="LibreOffice Writer is not installed: apt-get install libreoffice-writer-nogui to open the 通报 in a "
    "real word processor",
)
def test_a_word_processor_opens_the_tongbao(history, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    import subprocess

    path = tmp_path / "通报.docx"
    assert cli("report", "monthly", "--docx", str(path), "--cc", "县委办").exit_code == 0
    cmd = [
        str(WRITER),
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(path),
    ]
    done = subprocess.run(cmd, capture_output=True, timeout=180, check=False)
    pdf = tmp_path / "通报.pdf"
    assert pdf.exists(), done.stderr.decode(errors="replace")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
