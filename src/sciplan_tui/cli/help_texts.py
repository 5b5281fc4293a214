"""Help texts of every command and option, in both languages (the catalogue's `help.*`/`opt.*` keys)."""

from __future__ import annotations

from ..i18n import register, t

register(
    {
        # Options that several command modules declare (each command loads only its own module).
        "opt.access_user": (
            "用户名（即 --as、SCIPLAN_USER 或系统用户名）",
            "The user name (as given by --as, SCIPLAN_USER or the system login)",
        ),
        "opt.access_plan": ("实施方案（代码、ID 或地区名）", "The plan (code, ID or jurisdiction)"),
        "opt.access_dept": ("部门（该方案中的名称或别名）", "The department (its name or alias in the plan)"),
        "opt.issuer": ("落款单位（如 澧县全民科学素质工作领导小组办公室）", "The issuing office, signed at the end"),
        "help.app": (
            "sciplan：全民科学素质行动实施方案任务台账。不带参数在终端中运行时打开界面（TUI）。\n\n"
            "例：sciplan tasks --overdue；sciplan set 12 --status done --note 已完成验收",
            "sciplan: the task ledger of a scientific-literacy implementation plan. With no arguments in a "
            "terminal it opens the TUI.\n\nExamples: sciplan tasks --overdue; sciplan set 12 --status done "
            "--note 'accepted'",
        ),
        "opt.db": (
            "数据库：文件路径或 SQLAlchemy URL（默认在用户数据目录）；不存在的文件只由 init 或 --create 新建",
            "The store: a file path or an SQLAlchemy URL (default: in the user data dir); a file that does not "
            "exist is created only by init or with --create",
        ),
        "opt.create": (
            "--db 或 SCIPLAN_DB 指向的文件不存在时新建数据库（并导入随附的实施方案），而不是报错",
            "Create the store when the file --db or SCIPLAN_DB names does not exist (and import the bundled "
            "plans), instead of refusing",
        ),
        "opt.lang": (
            "界面语言：zh 或 en（默认取 SCIPLAN_LANG 或系统区域，不确定时用中文）",
            "Language: zh or en (default: SCIPLAN_LANG or the locale; Chinese when unsure)",
        ),
        "opt.as": (
            "记录修改人时使用的名字（共用账号时），也可用 SCIPLAN_USER",
            "The name recorded as the author of changes (shared accounts); also SCIPLAN_USER",
        ),
        "help.init": (
            "创建数据库。不带参数时导入随附的五个示例方案（演示用）；正式使用时给出本地方案文件"
            "（sciplan init 方案.docx）或 --empty 建空库。\n\n例：sciplan init；sciplan init 本县方案.docx",
            "Create the store. Without arguments it imports the five bundled sample plans (a demo); for real "
            "use give your own plan files (sciplan init plan.docx) or --empty.\n\nExamples: sciplan init; "
            "sciplan init our-plan.docx",
        ),
        "help.import": ("导入实施方案文件或台账 CSV", "Import plan documents or an edited ledger CSV"),
        "help.import_plan": (
            "导入实施方案（.txt/.docx，UTF-8/GB18030）。同一文件重复导入不做修改；修订版只更新文字和分工，"
            "保留状态、进展和历史。\n\n例：sciplan import plan 某县方案.docx --dry-run",
            "Import plan documents (.txt/.docx, UTF-8/GB18030). Re-importing the same file changes nothing; "
            "a revised version updates texts and assignments and keeps statuses, notes and history.\n\n"
            "Example: sciplan import plan county-plan.docx --dry-run",
        ),
        "opt.dry_run": ("只显示将导入的内容，不写入", "Show what would be imported; write nothing"),
        "opt.json": ("输出 JSON（供脚本使用）", "Output JSON (for scripts)"),
        "opt.csv": ("输出 CSV", "Output CSV"),
        "opt.ids": ("每行输出一个任务 ID（可接管道）", "Output one task ID per line (to pipe on)"),
        "opt.allow_empty": ("允许导入没有任务的方案", "Keep a plan even if it has no tasks"),
        "opt.allow_partial": (
            "明知有段落未能读成任务（见 --dry-run 的警告）仍导入",
            "Import although some paragraphs were not read as tasks (see the --dry-run warnings)",
        ),
        "opt.revises": ("新文件所修订的已存方案（代码）", "The stored plan (code) this file revises"),
        "import.coverage": ("段落归位 {placed}/{total}：{parts}", "paragraphs placed {placed}/{total}: {parts}"),
        "help.plans": (
            "列出实施方案及其统计。例：sciplan plans --json",
            "List the plans with their counts. Example: sciplan plans --json",
        ),
        "help.tasks": (
            "按条件列出任务（条件可组合）。\n\n例：sciplan tasks --dept 县教育局 --overdue；"
            "sciplan tasks --due-within 30d --status not_started --ids | xargs -r sciplan set --status in_progress",
            "List tasks matching filters that combine.\n\nExamples: sciplan tasks --dept 县教育局 --overdue; "
            "sciplan tasks --due-within 30d --status not_started --ids | xargs -r sciplan set --status in_progress",
        ),
        "opt.plan": ("实施方案（代码、地区名或 ID）", "Plan (code, jurisdiction or ID)"),
        "opt.dept": (
            "部门（牵头或参加；名称或别名，可写部分名称）",
            "Department (lead or participant; name, alias or part of a name)",
        ),
        "opt.lead": ("只看牵头的任务", "Only tasks the department leads"),
        "opt.status": (
            "状态（可多次给出）：not_started/in_progress/done/blocked/cancelled 或中文",
            "Status (repeatable): not_started/in_progress/done/blocked/cancelled or Chinese",
        ),
        "opt.status_one": (
            "新状态：not_started/in_progress/done/blocked/cancelled 或中文（未开始、进行中…）",
            "New status: not_started/in_progress/done/blocked/cancelled or Chinese",
        ),
        "opt.kind": (
            "类别：action（提升行动）、project（重点工程）、milestone（进度安排）",
            "Kind: action, project or milestone",
        ),
        "opt.overdue": ("只看逾期任务", "Only overdue tasks"),
        "opt.due_within": ("在此期限内到期，如 30d、2w", "Due within this window, e.g. 30d, 2w"),
        "opt.due_before": ("截止日期不晚于", "Due on or before"),
        "opt.due_after": ("截止日期不早于", "Due on or after"),
        "opt.text": ("在标题、正文和部门中查找", "Search titles, texts and departments"),
        "opt.sort": (
            "排序：code/id/due/status/progress/updated/title/lead（牵头单位）",
            "Sort by code/id/due/status/progress/updated/title/lead",
        ),
        "opt.desc": ("倒序", "Descending"),
        "opt.limit": ("最多显示多少条", "At most this many rows"),
        "help.show": (
            "显示一个任务的全部信息：部门、指标、进展和历史。例：sciplan show 澧县-A1.3",
            "Show everything about one task. Example: sciplan show 澧县-A1.3",
        ),
        "help.depts": (
            "按部门统计：牵头、参加、各状态、逾期。例：sciplan depts --plan 澧县",
            "Per department: tasks led and joined, by status, overdue. Example: sciplan depts",
        ),
        "help.due": (
            "逾期和即将到期的任务（适合每天早上由 cron 发送）。例：sciplan due --within 14d",
            "Overdue and due-soon tasks (the morning cron reminder). Example: sciplan due --within 14d",
        ),
        "opt.within": ("“即将到期”的天数，如 30d", "What counts as due soon, e.g. 30d"),
        "help.set": (
            "修改任务：状态、进度、截止日期，可附说明。可给多个 ID、范围（12-20）或编号（澧县-A1.3）；"
            "--from 读取批量文件（CSV 或 JSON 行）。\n\n例：sciplan set 12 13 --status done --note 已验收；"
            "sciplan set --from updates.csv",
            "Change tasks: status, progress, due date, with a note. Several IDs, ranges (12-20) or codes "
            "(澧县-A1.3); --from reads a bulk file (CSV or JSON lines).\n\nExamples: sciplan set 12 13 "
            "--status done --note accepted; sciplan set --from updates.csv",
        ),
        "opt.progress": ("进度百分比 0-100", "Progress percent, 0-100"),
        "opt.due": (
            "新的截止日期：2025-12-31、2025年底、下月底、+2w、eom",
            "New due date: 2025-12-31, 2025年底, 下月底, +2w, eom",
        ),
        "opt.note": ("说明或进展情况", "A note or progress report"),
        "opt.from": (
            "批量更新文件（CSV 或 JSON 行），- 表示标准输入",
            "Bulk update file (CSV or JSON lines); - for stdin",
        ),
        "opt.yes": (
            "不询问，直接执行（不在终端中运行时必须给出）",
            "Do not ask; just do it (required outside a terminal)",
        ),
        "help.note": (
            "记录进展情况。TEXT 为 - 时从标准输入读取。例：sciplan note 12 已召开部署会",
            "Record a progress report. TEXT '-' reads stdin. Example: sciplan note 12 'kick-off held'",
        ),
        "help.target": (
            "记录指标完成值。不带值时列出任务的指标。例：sciplan target 澧县-A2.1 --number 1 --achieved 5200",
            "Record a target's achieved value; without a value, list the task's targets. "
            "Example: sciplan target 澧县-A2.1 --number 1 --achieved 5200",
        ),
        "opt.target_number": ("任务中的第几个指标", "Which target of the task"),
        "opt.achieved": ("已完成的数值", "The value achieved"),
        "help.history": (
            "修改历史：谁、何时、改了什么。例：sciplan history 12 --since 2026-11-01 --by zhang",
            "Change history: who, when, what. Example: sciplan history 12 --since 2026-11-01",
        ),
        "opt.since": ("起始日期", "From this date"),
        "opt.by": ("只看此人的修改", "Only this person's changes"),
        "help.undo": (
            "撤销你最近的一次修改（先显示旧值和新值并确认；不在终端中时须加 --yes）",
            "Undo your last change (shows old and new values and asks first; outside a terminal give --yes)",
        ),
        "help.tui": ("打开终端界面", "Open the terminal UI"),
    }
)

__all__ = ["t"]
