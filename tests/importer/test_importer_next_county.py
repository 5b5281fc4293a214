"""A plan written in yet another hand: the importer works on the next county, not only the seeds."""

from __future__ import annotations

import pytest

from sciplan_tui.importer import parse_bytes
from sciplan_tui.importer.drafts import PlanDraft

NEXT_COUNTY = """\
青府办发[2023]7号
青山县人民政府办公室
二〇二三年三月八日
青山县全民科学素质行动规划纲要实施方案(2021-2025年)
为提升我县公民科学素质,结合实际,制定本方案。
1、 工作目标
到2025年,全县公民具备科学素质的比例超过12%。
2、 提升行动
(一)青少年科学素质提升行动。激发青少年好奇心和想象力。(牵头单位:县教育局;责任单位:县科协、团县委)
1、开展科技教育活动。每年举办校园科技节,到2024年覆盖中小学30所。(教育局、县科协按职责分工负责)
2、培养科技辅导员。到2025年培训科技辅导员达    人次。
(二)农民科学素质提升行动
提高农民科学生产能力,
服务乡村振兴。
(1)开展农民培训。培训高素质农民500人。
(2)建设科普示范基地。建设农村科普示范基地。
三、重点工程
(一)实施科普信息化工程
推动科普信息化。
——建设科普e站。建设社区科普e站5家。(县科协牵头,县融媒体中心、县人力资源社会保障局参加)
——开展网络科普。(县人社局负责)
四、保障措施
(一)进度安排
1.启动实施。2021年至2022年,制定方案并启动实施。
2.总结评估。2025年,全面总结评估。
"""


@pytest.fixture(scope="module")
def plan() -> PlanDraft:
    return parse_bytes(NEXT_COUNTY.encode("gb18030"), "青山县.txt")


def test_metadata(plan: PlanDraft) -> None:
    assert plan.title == "青山县全民科学素质行动规划纲要实施方案（2021-2025年）"
    assert (plan.jurisdiction, plan.level, plan.period_start, plan.period_end) == ("青山县", "县", 2021, 2025)
    assert (plan.doc_number, plan.issue_date, plan.issuer) == (
        "青府办发[2023]7号",
        "2023-03-08",
        "青山县人民政府办公室",
    )
    assert plan.headline_target == "公民具备科学素质的比例超过12%"
    assert not plan.is_draft


def test_structure_with_mixed_headings(plan: PlanDraft) -> None:
    assert [(i.kind, i.number, i.title) for i in plan.items] == [
        ("action", 1, "青少年科学素质提升行动"),
        ("action", 2, "农民科学素质提升行动"),
        ("project", 1, "科普信息化工程"),
    ]
    assert [len(i.tasks) for i in plan.items] == [2, 2, 2]
    assert [t.title for t in plan.items[1].tasks] == ["开展农民培训", "建设科普示范基地"]
    assert plan.items[1].body == "提高农民科学生产能力，服务乡村振兴。"  # hard wrap rejoined


def test_responsibility(plan: PlanDraft) -> None:
    youth, farmers, info = plan.items
    assert [(a.department, a.role, a.source) for a in youth.assignments] == [
        ("县教育局", "lead", "item"),
        ("县科协", "participant", "item"),
        ("团县委", "participant", "item"),
    ]
    assert youth.body == "激发青少年好奇心和想象力。"
    first = youth.tasks[0]
    assert [(a.department, a.role) for a in first.assignments] == [
        ("县教育局", "participant"),
        ("县科协", "participant"),
    ]
    assert first.body == "开展科技教育活动。每年举办校园科技节，到2024年覆盖中小学30所。"
    assert farmers.assignments == ()
    assert [(a.department, a.role) for a in info.tasks[0].assignments] == [
        ("县科协", "lead"),
        ("县融媒体中心", "participant"),
        ("县人力资源社会保障局", "participant"),
    ]
    assert [a.department for a in info.tasks[1].assignments] == ["县人力资源社会保障局"]
    departments = {d.name: d.aliases for d in plan.departments}
    assert departments["县教育局"] == ("教育局",)
    assert departments["县人力资源社会保障局"] == ("县人社局",)  # equally frequent: the first printed wins


def test_targets_due_years_and_milestones(plan: PlanDraft) -> None:
    first, second = plan.items[0].tasks
    assert [(t.value, t.unit, t.year) for t in first.targets] == [(30.0, "所", 2024)]
    assert first.due_year == 2024 and second.due_year is None
    assert [(t.value, t.unit, t.year, t.text) for t in second.targets] == [
        (None, "人次", 2025, "到2025年培训科技辅导员达    人次")
    ]
    assert plan.items[2].tasks[0].targets[0].value == 5.0
    assert [(m.title, m.start_year, m.end_year) for m in plan.milestones] == [
        ("启动实施", 2021, 2022),
        ("总结评估", 2025, 2025),
    ]


def test_warnings(plan: PlanDraft) -> None:
    assert [(w.code, w.line) for w in plan.warnings] == [("blank_target", 11), ("unassigned", 12)]
    assert all(w.message for w in plan.warnings)
