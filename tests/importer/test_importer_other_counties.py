"""Plans written in other hands than the seeds (hand-made, not derived from them): 第X章 chapters with
一、 actions and （一） tasks; decimal numbering (2.1 / 2.1.1) under 重点任务; responsibility after each
item as X（牵头）, as two labelled lines, and after each task."""

from __future__ import annotations

import pytest

from sciplan_tui.importer import parse_bytes
from sciplan_tui.importer.drafts import PlanDraft

CITY = """\
XX市全民科学素质行动规划纲要实施方案（2021—2025年）
第一章 总体要求
一、指导思想
以习近平新时代中国特色社会主义思想为指导，深入贯彻落实全民科学素质行动规划纲要。
二、主要目标
到2025年，全市公民具备科学素质的比例超过16%。
第二章 提升行动
一、青少年科学素质提升行动
（一）深化科学教育改革。推进中小学科学课程建设，开齐开足科学课。
（二）开展科技创新活动。每年举办青少年科技创新大赛，参赛学生不少于5000人次。
责任单位：市教育局（牵头），市科协、团市委
二、农民科学素质提升行动
（一）培育高素质农民。每年培育高素质农民1000人。
（二）开展科技下乡活动。组织科技特派员深入乡镇开展技术服务。
责任单位：市农业农村局（牵头），市科协、市人社局
第三章 重点工程
一、科普信息化提升工程
（一）建设智慧科普平台。建成市级科普云平台1个。
（二）推进媒体科普。在市级主要媒体开设科普专栏。
牵头单位：市科协
配合单位：市委宣传部、市融媒体中心
第四章 实施步骤
一、启动实施阶段（2021年）。制定方案，启动实施。
二、全面推进阶段（2022—2024年）。全面推进各项任务。
三、总结评估阶段（2025年）。开展总结评估。
"""

DISTRICT = """\
YY区全民科学素质行动实施方案（2021-2025年）
一、总体要求
到2025年，全区公民具备科学素质的比例达到15%。
二、重点任务
2.1 青少年科学素质提升行动
2.1.1 加强科学教育。推进科学教育与学科教学融合。（区教育局牵头，区科协配合）
2.1.2 开展科普研学活动。组织中小学生到科普基地研学。（区教育局、区科协，排名第一的为牵头单位）
2.2 老年人科学素质提升行动
2.2.1 实施智慧助老行动。开展老年人智能手机培训。（区民政局牵头，区科协、区老龄办配合）
三、重点工程
3.1 科普基础设施工程
3.1.1 建设区科技馆。完成科技馆主体建设。（区科技局牵头，区发改局、区财政局配合）
3.1.2 认定科普教育基地。新认定区级科普教育基地5家。（区科协牵头，区科技局配合）
四、保障措施
4.1 加强组织领导。区政府统一领导实施工作。
"""


def _tree(plan: PlanDraft) -> list[tuple[str, str, list[str]]]:
    return [(item.kind, item.title, [task.title for task in item.tasks]) for item in plan.items]


def _people(assignments) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(a.department, a.role) for a in assignments}


@pytest.fixture(scope="module")
def city() -> PlanDraft:
    return parse_bytes(CITY.encode("gb18030"), "XX市.txt")


@pytest.fixture(scope="module")
def district() -> PlanDraft:
    return parse_bytes(DISTRICT.encode(), "YY区.txt")


def test_chapters_with_actions_as_yi(city: PlanDraft) -> None:
    assert _tree(city) == [
        ("action", "青少年科学素质提升行动", ["深化科学教育改革", "开展科技创新活动"]),
        ("action", "农民科学素质提升行动", ["培育高素质农民", "开展科技下乡活动"]),
        ("project", "科普信息化提升工程", ["建设智慧科普平台", "推进媒体科普"]),
    ]
    assert (city.jurisdiction, city.level, city.period_start, city.period_end) == ("XX市", "市", 2021, 2025)
    assert city.headline_target == "公民具备科学素质的比例超过16%"
    assert not city.partial()


def test_marked_lead_and_two_labelled_lines(city: PlanDraft) -> None:
    assert _people(city.items[0].assignments) == {
        ("市教育局", "lead"),
        ("市科协", "participant"),
        ("团市委", "participant"),
    }
    assert _people(city.items[2].assignments) == {
        ("市科协", "lead"),
        ("市委宣传部", "participant"),
        ("市融媒体中心", "participant"),
    }


def test_phases_marked_like_chapters(city: PlanDraft) -> None:
    assert [(m.title, m.start_year, m.end_year) for m in city.milestones] == [
        ("启动实施阶段（2021年）", 2021, 2021),
        ("全面推进阶段（2022—2024年）", 2022, 2024),
        ("总结评估阶段（2025年）", 2025, 2025),
    ]


def test_targets(city: PlanDraft) -> None:
    values = [(t.value, t.unit) for item in city.items for task in item.tasks for t in task.targets]
    assert values == [(5000.0, "人次"), (1000.0, "人"), (1.0, "个")]


def test_decimal_numbering(district: PlanDraft) -> None:
    assert _tree(district) == [
        ("action", "青少年科学素质提升行动", ["加强科学教育", "开展科普研学活动"]),
        ("action", "老年人科学素质提升行动", ["实施智慧助老行动"]),
        ("project", "科普基础设施工程", ["建设区科技馆", "认定科普教育基地"]),
    ]
    assert not district.partial()


def test_responsibility_after_each_task(district: PlanDraft) -> None:
    tasks = [task for item in district.items for task in item.tasks]
    assert _people(tasks[0].assignments) == {("区教育局", "lead"), ("区科协", "participant")}
    assert _people(tasks[1].assignments) == {("区教育局", "lead"), ("区科协", "participant")}  # 排名第一
    assert _people(tasks[2].assignments) == {
        ("区民政局", "lead"),
        ("区科协", "participant"),
        ("区老龄办", "participant"),
    }
