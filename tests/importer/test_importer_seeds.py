"""The five real plans: counts verified by reading each document, metadata, each way of naming units."""

from __future__ import annotations

import pytest
from importer_support import SEEDS

from sciplan_tui.importer import read_plan
from sciplan_tui.importer.drafts import AssignmentDraft, PlanDraft

# key: (tasks per action, tasks per project, departments, targets, blank targets, milestones)
COUNTS = {
    "000": ((6, 4, 4, 3, 4), (3, 3, 3, 3, 3), 27, 5, 5, 3),
    "001": ((4, 4, 3, 3, 3), (4, 3, 3, 4, 2), 38, 0, 0, 3),
    "002": ((7, 4, 4, 3, 4), (3, 3, 3, 4), 24, 11, 0, 3),
    "003": ((7, 5, 4, 4, 4), (3, 3, 3, 3, 5), 24, 3, 0, 0),
    "004": ((6, 3, 4, 3, 2), (3, 3, 3, 3, 2), 35, 2, 0, 3),
}
TOTAL_TASKS = {"000": 36, "001": 33, "002": 35, "003": 41, "004": 32}
METADATA = {
    "000": (
        "澧县全民科学素质行动规划纲要实施方案（2021-2025年）",
        "澧县",
        "县",
        2021,
        2025,
        None,
        None,
        None,
        True,
        "公民具备科学素质的比例超过15%",
    ),
    "001": (
        "彭水自治县全民科学素质行动规划纲要实施方案（2021—2025年）",
        "彭水自治县",
        "县",
        2021,
        2025,
        "彭水府办发〔2022〕44号",
        "2022-04-21",
        "彭水苗族土家族自治县人民政府办公室",
        False,
        "公民具备科学素质的比例达到全市平均水平",
    ),
    "002": (
        "郴州市全民科学素质行动规划纲要实施方案（2021-2025年）",
        "郴州市",
        "市",
        2021,
        2025,
        "郴政办发〔2022〕1号",
        "2022-01-28",
        "郴州市人民政府办公室",
        False,
        "公民具备科学素质的比例超过15%",
    ),
    "003": (
        "南湖新区全民科学素质行动规划纲要实施方案（2022－2025年）",
        "南湖新区",
        "区",
        2022,
        2025,
        "岳南管办发〔2022〕 号",
        None,
        "岳阳市南湖新区管委会办公室",
        False,
        "公民具备科学素质比例超过15%",
    ),
    "004": (
        "万年县全民科学素质行动规划纲要实施方案（2021—2025年）",
        "万年县",
        "县",
        2021,
        2025,
        "万府发〔2022〕6号",
        "2022-11-16",
        "万年县人民政府",
        False,
        "公民具备科学素质的比例达到14%",
    ),
}
ACTION_TITLES = (
    "青少年科学素质提升行动",
    "农民科学素质提升行动",
    "产业工人科学素质提升行动",
    "老年人科学素质提升行动",
    "领导干部和公务员科学素质提升行动",
)


@pytest.fixture(scope="module")
def plans() -> dict[str, PlanDraft]:
    return {key: read_plan(path) for key, path in SEEDS.items()}


def _kind(plan: PlanDraft, kind: str) -> list:
    return [item for item in plan.items if item.kind == kind]


def _targets(plan: PlanDraft) -> list:
    return [target for item in plan.items for task in item.tasks for target in task.targets]


def _roles(assignments: tuple[AssignmentDraft, ...], role: str) -> list[str]:
    return [a.department for a in assignments if a.role == role]


@pytest.mark.parametrize("key", sorted(COUNTS))
def test_counts(plans: dict[str, PlanDraft], key: str) -> None:
    actions, projects, departments, targets, blanks, milestones = COUNTS[key]
    plan = plans[key]
    assert tuple(len(i.tasks) for i in _kind(plan, "action")) == actions
    assert tuple(len(i.tasks) for i in _kind(plan, "project")) == projects
    assert plan.task_count() == TOTAL_TASKS[key]
    assert len(plan.departments) == departments
    assert len(_targets(plan)) == targets
    assert sum(t.value is None for t in _targets(plan)) == blanks
    assert len(plan.milestones) == milestones


@pytest.mark.parametrize("key", sorted(METADATA))
def test_metadata(plans: dict[str, PlanDraft], key: str) -> None:
    plan = plans[key]
    found = (
        plan.title,
        plan.jurisdiction,
        plan.level,
        plan.period_start,
        plan.period_end,
        plan.doc_number,
        plan.issue_date,
        plan.issuer,
        plan.is_draft,
        plan.headline_target,
    )
    assert found == METADATA[key]
    assert plan.source_name == SEEDS[key].name
    assert len(plan.checksum) == 64


@pytest.mark.parametrize("key", sorted(COUNTS))
def test_items_are_numbered_and_titled(plans: dict[str, PlanDraft], key: str) -> None:
    actions = _kind(plans[key], "action")
    assert tuple(item.title for item in actions) == ACTION_TITLES
    assert [item.number for item in actions] == [1, 2, 3, 4, 5]
    for item in plans[key].items:
        assert item.body and "牵头" not in item.title
        for task in item.tasks:
            assert "。" not in task.title and "按职责分工" not in task.title and "牵头" not in task.title


@pytest.mark.parametrize("key", sorted(COUNTS))
def test_every_item_has_responsibility_and_only_expected_warnings(plans: dict[str, PlanDraft], key: str) -> None:
    plan = plans[key]
    assert all(item.assignments for item in plan.items)
    assert {w.code for w in plan.warnings} <= {"blank_target", "incomplete_doc_number"}


def test_000_item_level_line_and_blank_targets(plans: dict[str, PlanDraft]) -> None:
    plan = plans["000"]
    youth = plan.items[0]
    assert _roles(youth.assignments, "lead") == ["县教育局", "团县委", "县科协"]
    assert _roles(youth.assignments, "participant")[0] == "县委宣传部"
    assert len(youth.assignments) == 14 and {a.source for a in youth.assignments} == {"item"}
    assert youth.tasks[4].title == "实施农村青少年科学素质提升行动"  # a task, not a sixth action
    blank = youth.tasks[5].targets[0]
    assert (blank.value, blank.unit, blank.year, blank.line) == (None, "人次", 2025, 18)
    # 责任单位：县科协、县科技局、县人社局牵头，… (no 由)
    assert _roles(plan.items[9].assignments, "lead") == ["县科协", "县科技局", "县人社局"]
    assert [w.line for w in plan.warnings if w.code == "blank_target"] == [18, 21, 22, 28, 28]
    years = [(m.start_year, m.end_year) for m in plan.milestones]
    assert years == [(2022, 2022), (2023, 2023), (2025, 2025)]
    assert plan.milestones[1].title.startswith("2023年，开展公民科学素质调查")


def test_001_appendix_table(plans: dict[str, PlanDraft]) -> None:
    plan = plans["001"]
    youth, cooperation = plan.items[0], plan.items[9]
    assert youth.title == "青少年科学素质提升行动"  # from 「（1） 实施青少年科学素质提升行动。」
    assert _roles(youth.assignments, "lead") == ["县教委", "县科协"]
    assert len(_roles(youth.assignments, "participant")) == 17
    assert {a.source for item in plan.items for a in item.assignments} == {"appendix"}
    assert cooperation.title == "科学素质合作工程"  # appendix says 科学素质开放合作工程
    assert _roles(cooperation.assignments, "lead") == ["县科协", "县经济信息委"]
    assert _roles(plan.items[7].assignments, "lead") == ["县经济信息委", "县科协"]  # 科普基础设施(建设)工程
    assert not any(task.assignments for item in plan.items for task in item.tasks)
    assert plan.items[3].body.startswith("以提升信息素养")  # [bookmark: 1. 任务] removed
    assert [(m.title, m.start_year, m.end_year) for m in plan.milestones] == [
        ("工作启动", 2021, 2021),
        ("全面实施", 2022, 2025),
        ("总结评估", 2025, 2025),
    ]


def test_002_web_page_and_hard_wraps(plans: dict[str, PlanDraft]) -> None:
    plan = plans["002"]
    assert "邀请院士专家、青年科学家等走进学校开展访谈讲座" in plan.items[0].tasks[0].body
    assert plan.items[1].tasks[0].title == "树立相信科学、和谐理性的思想观念"
    assert "卫生健康、移风易俗等" in plan.items[1].tasks[0].body
    assert plan.items[8].title == "基础科普能力提升工程"
    leaders = plan.items[4].assignments  # （责任分工：…市生态环境\n\n局、…）
    assert "市生态环境局" in _roles(leaders, "participant")
    assert _roles(leaders, "lead") == ["市委组织部", "市人社局"]
    farmers = plan.items[1].tasks[1].targets
    assert [(t.value, t.unit, t.year) for t in farmers] == [
        (20000.0, "人次", 2025),
        (7500.0, "人", 2025),
        (2500.0, "人", 2025),
        (5000.0, "人", 2025),
    ]
    assert farmers[1].text == "分类分层培育高素质农民7500人"
    assert [t.value for t in plan.items[8].tasks[2].targets] == [10.0, 4.0]
    bodies = " ".join(m.body for m in plan.milestones) + " ".join(i.body for i in plan.items)
    assert "扫一扫" not in bodies and "相关文章" not in bodies


def test_003_dash_tasks_and_statement_glued_to_last_task(plans: dict[str, PlanDraft]) -> None:
    plan = plans["003"]
    infrastructure = plan.items[7]
    assert infrastructure.title == "科普基础设施建设工程"
    assert _roles(infrastructure.assignments, "lead") == ["区教体局", "区发改局", "区科协"]
    assert {a.source for a in infrastructure.assignments} == {"item"}
    last = infrastructure.tasks[-1]
    assert not last.assignments and "责任分工" not in last.body and last.body.endswith("服务功能。")
    youth = plan.items[0]
    assert youth.tasks[0].title == "将弘扬科学精神贯穿于中小学育人全链条"
    assert "各街道办事处" in _roles(youth.assignments, "participant")
    assert "管理处" in _roles(youth.assignments, "participant")
    assert [w.code for w in plan.warnings] == ["incomplete_doc_number"]
    assert plan.warnings[0].line == 12


def test_004_lead_per_item_units_per_task(plans: dict[str, PlanDraft]) -> None:
    plan = plans["004"]
    youth = plan.items[0]
    assert [(a.department, a.role, a.source) for a in youth.assignments] == [
        ("县教体局", "lead", "item"),
        ("县科协", "lead", "item"),
    ]
    assert not youth.body.endswith("〕")
    first = youth.tasks[0]
    assert [(a.department, a.role, a.source) for a in first.assignments] == [
        ("县教体局", "participant", "task"),
        ("团县委", "participant", "task"),
        ("县科协", "participant", "task"),
    ]  # 〔教体局、团县委、县科协按职责分工负责〕: 教体局 is merged into 县教体局
    assert "〔" not in first.body
    assert len(youth.tasks[2].assignments) == 9  # …按职责分工〕 without 负责
    assert [a.department for a in plan.items[2].tasks[3].assignments].count("县工信局") == 1
    departments = {d.name: d.aliases for d in plan.departments}
    assert departments["县教体局"] == ("教体局",)
    assert departments["县人社局"] == ("县人力资源社会保障局",)
    assert "县市场监管理局" in departments  # a misprint is kept, not guessed away
    teachers = youth.tasks[4].targets
    assert [(t.value, t.unit) for t in teachers] == [(50.0, "人"), (200.0, "名")]
    assert [(m.title, m.start_year, m.end_year) for m in plan.milestones] == [
        ("启动实施", 2021, 2022),
        ("深入实施", 2022, 2025),
        ("总结评估", 2025, 2025),
    ]
