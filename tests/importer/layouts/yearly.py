"""A yearly 工作要点 (work points) written by hand from the seeds' content, in the genre's own shape.

一、 chapters, （一） items, 1. tasks, and the responsible units in parentheses at the end of each
task: a bare list （县科协、县教体局） names no lead (all participants, the importer never guesses
one), （X牵头，Y配合） names leads, （各成员单位） is collective and left out of the scoring.
The plan's period is its year.
"""

from __future__ import annotations

from .model import Expected, ExpItem, ExpTask, Variant, merge
from .textnorm import cn_ordinal

COVER = """\
澧县全民科学素质行动规划纲要实施工作办公室
澧科素办发〔2026〕1号
关于印发《2026年澧县全民科学素质工作要点》的通知
各成员单位：
现将《2026年澧县全民科学素质工作要点》印发给你们，请结合工作实际，认真抓好贯彻落实。
澧县全民科学素质行动规划纲要实施工作办公室
2026年3月10日
2026年澧县全民科学素质工作要点
2026年是“十五五”开局之年，是全面实施《澧县全民科学素质行动规划纲要实施方案（2026—2030年）》的\
起步之年。全县全民科学素质工作要以习近平新时代中国特色社会主义思想为指导，坚持科技创新和科学普及\
“两翼齐飞”，深入实施重点人群科学素质提升行动，推动全县公民具备科学素质的比例达到16%。"""

CLOSING = """\
各成员单位要结合本单位职责，细化工作措施，于6月30日、12月10日前分别将半年和全年工作总结报送县纲要办。
联系人：李明，联系电话：0736-3212345。"""

# (chapter, kind, [(item heading, [(task text, responsibility), ...]), ...])
# responsibility: ("list", (names…)) | ("lead", (leads…), (others…)) | ("all", ())
Resp = tuple[str, tuple[str, ...], tuple[str, ...]]
PLAN: tuple[tuple[str, str, tuple[tuple[str, tuple[tuple[str, Resp], ...]], ...]], ...] = (
    (
        "加强统筹协调，健全工作机制",
        "action",
        (
            (
                "完善组织协调机制",
                (
                    (
                        "召开全县全民科学素质工作领导小组会议。研究部署年度重点工作，通报上年度任务完成情况",
                        ("lead", ("县科协",), ("县教体局", "县科技局")),
                    ),
                    ("调整充实纲要实施工作办公室成员单位。明确各成员单位联络员", ("list", ("县科协",), ())),
                    ("开展纲要实施情况年度督查。对任务进度滞后的单位进行督办", ("all", (), ())),
                ),
            ),
            (
                "做好公民科学素质监测评估",
                (
                    (
                        "配合开展公民科学素质抽样调查。做好样本户入户调查的组织协调",
                        ("list", ("县科协", "县统计局"), ()),
                    ),
                    ("建立科学素质建设工作台账。按月调度各成员单位任务进展", ("list", ("县科协",), ())),
                ),
            ),
        ),
    ),
    (
        "深入实施重点人群科学素质提升行动",
        "action",
        (
            (
                "青少年科学素质提升行动",
                (
                    ("开展科学家精神进校园活动。全年组织报告会不少于10场", ("list", ("县教体局", "县科协"), ())),
                    (
                        "举办第十二届青少年科技创新大赛。组织优秀作品参加市级比赛",
                        ("lead", ("县科协", "县教体局"), ("团县委",)),
                    ),
                    ("推进馆校合作。组织中小学生到科普教育基地开展研学活动", ("list", ("县教体局", "县科协"), ())),
                    ("加强科技辅导员队伍建设。培训科技辅导员100名", ("list", ("县教体局", "县人社局"), ())),
                ),
            ),
            (
                "农民科学素质提升行动",
                (
                    ("实施高素质农民培育计划。培育高素质农民500人", ("list", ("县农业农村局",), ())),
                    (
                        "开展科技下乡活动。组织专家服务团深入乡镇开展技术指导",
                        ("lead", ("县农业农村局",), ("县科协", "县科技局")),
                    ),
                    ("建设农村科普示范基地。新建农村科普示范基地3个", ("list", ("县科协", "县农业农村局"), ())),
                    ("开展农村电商技能培训。培训农村电商人才200人", ("list", ("县商务局", "县人社局"), ())),
                ),
            ),
            (
                "产业工人科学素质提升行动",
                (
                    ("开展职业技能竞赛。组织全县职工职业技能大赛", ("list", ("县总工会", "县人社局"), ())),
                    ("推进职业技能提升行动。开展企业职工岗位技能培训", ("list", ("县人社局",), ())),
                ),
            ),
            (
                "老年人科学素质提升行动",
                (
                    ("实施智慧助老行动。开展老年人智能手机应用培训", ("list", ("县民政局", "县科协"), ())),
                    ("开展老年人健康科普进社区活动。普及合理膳食和慢病防治知识", ("list", ("县卫健局",), ())),
                    ("组建老专家科普报告团。开展银龄科普报告20场", ("lead", ("县老科协",), ("县科协", "县民政局"))),
                ),
            ),
            (
                "领导干部和公务员科学素质提升行动",
                (
                    (
                        "将科学素质内容纳入干部教育培训。在县委党校主体班次开设科技专题课程",
                        ("list", ("县委组织部", "县委党校"), ()),
                    ),
                    ("组织领导干部参加科普讲座。举办科技前沿专题讲座2场", ("lead", ("县委组织部",), ("县科协",))),
                ),
            ),
        ),
    ),
    (
        "实施科普重点工程",
        "project",
        (
            (
                "科普信息化提升工程",
                (
                    ("推广科普中国信息员注册和使用。新增科普信息员1000名", ("list", ("县科协",), ())),
                    (
                        "在县融媒体中心开设科普专栏。全年发布科普内容不少于200条",
                        ("list", ("县委宣传部", "县融媒体中心"), ()),
                    ),
                ),
            ),
            (
                "科普基础设施工程",
                (
                    ("推进澧县科技馆建设。完成主体工程建设", ("lead", ("县科技局",), ("县发改局", "县财政局"))),
                    ("开展县级科普教育基地认定。新认定县级科普教育基地5家", ("list", ("县科协", "县科技局"), ())),
                ),
            ),
            (
                "基层科普能力提升工程",
                (
                    ("开展全国科普日活动。组织各乡镇同步开展主题活动", ("all", (), ())),
                    (
                        "建立应急科普宣教协同机制。开展防灾减灾应急科普宣传",
                        ("list", ("县应急局", "县卫健局", "县科协"), ()),
                    ),
                    ("建设社区科普e站。新建社区科普e站10家", ("list", ("县科协", "县民政局"), ())),
                ),
            ),
        ),
    ),
    (
        "强化工作保障",
        "project",
        (
            (
                "加强经费和队伍保障",
                (
                    ("落实科普经费。将科普经费列入年度财政预算", ("list", ("县财政局",), ())),
                    ("加强科技志愿者队伍建设。新注册科技志愿者300名", ("list", ("县科协", "团县委"), ())),
                    ("做好宣传报道。及时总结推广典型经验", ("all", (), ())),
                ),
            ),
        ),
    ),
)


def _resp_text(resp: Resp) -> str:
    form, first, second = resp
    if form == "all":
        return "（各成员单位）"
    if form == "list":
        return f"（{'、'.join(first)}）"
    return f"（{'、'.join(first)}牵头，{'、'.join(second)}配合）"


def _roles(resp: Resp) -> tuple[tuple[str, str], ...]:
    form, first, second = resp
    if form == "all":
        return ()
    if form == "list":
        return merge(((), first))
    return merge((first, second))


def yearly_variant() -> Variant:
    lines = COVER.split("\n")
    items: list[ExpItem] = []
    numbers = {"action": 0, "project": 0}
    for chapter_number, (chapter, kind, chapter_items) in enumerate(PLAN, start=1):
        lines.append(f"{cn_ordinal(chapter_number)}、{chapter}")
        for item_number, (heading, tasks) in enumerate(chapter_items, start=1):
            lines.append(f"（{cn_ordinal(item_number)}）{heading}")
            expected_tasks = []
            for task_number, (text, resp) in enumerate(tasks, start=1):
                lines.append(f"{task_number}.{text}。{_resp_text(resp)}")
                title = text.partition("。")[0]
                expected_tasks.append(ExpTask(title, _roles(resp), title))
            numbers[kind] += 1
            items.append(ExpItem(kind, numbers[kind], heading, tuple(expected_tasks)))
    lines.extend(CLOSING.split("\n"))
    meta = (
        ("title", "2026年澧县全民科学素质工作要点"),
        ("jurisdiction", "澧县"),
        ("period_start", 2026),
        ("period_end", 2026),
        ("doc_number", "澧科素办发〔2026〕1号"),
        ("issue_date", "2026-03-10"),
    )
    expected = Expected(tuple(items), (), meta, match_kind=False, ignore_departments=("各成员单位", "成员单位"))
    return Variant(
        "yearly", "work_points_2026", "yearly", "\n".join(lines) + "\n", expected, notes="2026年工作要点, 30 tasks"
    )
