"""Reminders: the plain-text message per department, and the formal notice read back with python-docx."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Cm

from sciplan_tui.services import Services, TaskFilter
from sciplan_tui.services.contacts import set_contact
from sciplan_tui.services.remind import reminders, text


def _late(s: Services) -> None:
    a11 = next(r for r in s.tasks(TaskFilter(plan="样例县")) if r.code == "A1.1")
    s.set_tasks([a11.id], due_date=date(2026, 12, 10))  # due soon on 2026-11-23 (A1.2 is overdue: 2023)


def test_a_short_message_names_the_contact_the_tasks_and_the_deadline(two_plans: Services) -> None:
    _late(two_plans)
    set_contact(two_plans, "县教育局", plan="样例县", contact="张三", phone="13800000000")
    [r] = reminders(two_plans, dept="县教育局", plan="样例县", deadline=date(2026, 11, 25), office="县纲要办")
    message = text(r)
    assert message.startswith("【督办提醒】县教育局（张三 13800000000）：")
    assert "样例县-A1.2 青少年任务2（牵头，截止2023-12-31，已逾期" in message
    assert "即将到期：\n1. 样例县-A1.1 青少年任务1（牵头，截止2026-12-10）" in message
    assert "本月尚未报送任务进展" in message
    assert message.endswith("请于11月25日前填写《任务进展情况表》报送县纲要办，逾期任务请说明原因和完成时限。谢谢！")
    assert len(message) < 500  # fits an SMS or a WeChat message comfortably


def test_remind_all_and_the_docx_notices(two_plans: Services, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _late(two_plans)
    out = cli("remind", "--all", "--plan", "样例县")
    assert out.exit_code == 0, out.output
    assert out.stdout.count("【督办提醒】") == 3
    assert cli("remind").exit_code == 2
    notices = tmp_path / "notices"
    done = cli("remind", "--all", "--plan", "样例县", "--docx", str(notices), "--issuer", "样例县纲要办")
    assert done.exit_code == 0, done.output
    path = notices / "样例县-县教育局-督办通知.docx"
    document = docx.Document(str(path))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)
    first = document.paragraphs[0]
    assert first.text == "督办通知"
    assert first.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert first.runs[0].font.size.pt == 22
    body = next(p for p in document.paragraphs if p.text.startswith("根据"))
    assert body.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16
    tables = document.tables
    assert [c.text for c in tables[0].rows[0].cells][:3] == ["序号", "任务编号", "任务"]
    assert tables[0].rows[1].cells[1].text == "样例县-A1.2"
    assert "样例县纲要办" in [p.text for p in document.paragraphs]
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer
    table_xml = next(p.blob for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert "方正小标宋简体".encode() in table_xml and "华文中宋".encode() in table_xml
