"""Small rules on their own: statements, department merging, targets, schedules, import cost."""

from __future__ import annotations

import subprocess
import sys

from sciplan_tui.importer.clean import Para
from sciplan_tui.importer.departments import canonical_map
from sciplan_tui.importer.responsibility import parse_standalone, split_trailing
from sciplan_tui.importer.schedule import milestones
from sciplan_tui.importer.targets import due_year, find_targets


def test_statement_forms() -> None:
    led = parse_standalone("责任单位：由县教育局、团县委牵头，县委宣传部、各街道办事处、管理处等单位参加。")
    assert led is not None and led.labelled
    assert (led.leads, led.participants) == (("县教育局", "团县委"), ("县委宣传部", "各街道办事处", "管理处"))
    text, shared = split_trailing("开展活动。〔县教体局、县科协按职责分工负责〕")
    assert text == "开展活动。" and shared is not None
    assert (shared.leads, shared.participants, shared.labelled) == ((), ("县教体局", "县科协"), False)
    _, labelled = split_trailing("开展活动。（牵头单位：县科协；配合单位：县教育局）")
    assert labelled is not None and (labelled.leads, labelled.participants) == (("县科协",), ("县教育局",))


def test_ordinary_brackets_are_not_statements() -> None:
    for text in (
        "融入新时代文明实践中心（所、站）",
        "开展科技小论文（发明、制作）",
        "详见附件（责任编辑：张三）",
    ):
        assert split_trailing(text) == (text, None)


def test_merging_is_conservative() -> None:
    printed = ["县卫健委", "县卫生健康委", "县卫健委", "市科协", "县科协", "科协", "县农业局", "县农业农村局"]
    mapping = canonical_map(printed, "县")
    assert mapping["县卫生健康委"] == "县卫健委"
    assert mapping["科协"] == "县科协" and mapping["市科协"] == "市科协"
    assert mapping["县农业局"] == "县农业局"


def test_targets_ignore_non_targets() -> None:
    text = "推动60万以上人口的县建设科技馆，发挥5G作用，实施第3批项目，“十四五”期间建设科普馆3座。"
    assert [(t.value, t.unit) for t in find_targets(text, 1)] == [(3.0, "座")]
    assert find_targets("达＿＿＿人次", 1)[0].value is None
    assert due_year("到2023年完成，到2025年巩固。", 2025) == 2023
    assert due_year("到2025年完成。", 2025) is None


def test_year_sentences_split_on_semicolons_too() -> None:
    found = milestones([Para(1, "（四）进度安排"), Para(2, "2022年，启动；2023年至2024年，推进。2025年，总结。")])
    assert [(m.number, m.start_year, m.end_year) for m in found] == [
        (1, 2022, 2022),
        (2, 2023, 2024),
        (3, 2025, 2025),
    ]


def test_importing_the_importer_stays_light() -> None:
    heavy = "('docx', 'textual', 'typer', 'sqlmodel')"
    code = f"import sys, sciplan_tui.importer; print(any(m in sys.modules for m in {heavy}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
