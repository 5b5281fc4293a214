"""Commands for the monthly meeting: export csv/xlsx, report monthly, and import csv (the edited ledger)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..errors import InvalidInputError, UsageError
from ..i18n import register, t
from .common import SciplanGroup, echo, err, print_json, print_table, state
from .options import DEPT, DUE_AFTER, DUE_BEFORE, DUE_WITHIN, KIND, LEAD, OVERDUE, PLAN, STATUS, TaskFilterArgs

if TYPE_CHECKING:
    from ..services import Services, TaskFilter
    from ..services.ledger import Month

register(
    {
        "help.export": (
            "导出台账（CSV 或 Excel），供月度调度会使用",
            "Export the ledger (CSV or Excel) for the monthly meeting",
        ),
        "help.export_csv": (
            "导出台账 CSV：每项任务一行（--by-dept 时每项任务每个部门一行）。默认中文表头、UTF-8 带 BOM、"
            "CRLF，以 = + - @ 开头的单元格前加 ' 防止被当作公式。筛选条件与 sciplan tasks 相同。\n\n"
            "例：sciplan export csv -o 台账.csv；sciplan export csv --month 2026-11 --headers en",
            "Export the ledger as CSV: one row per task (per task and department with --by-dept). Chinese "
            "headers, UTF-8 with BOM and CRLF by default; cells starting with = + - @ get a ' so they never run "
            "as formulas. Same filters as sciplan tasks.\n\nExamples: sciplan export csv -o ledger.csv; "
            "sciplan export csv --month 2026-11 --headers en",
        ),
        "help.export_xlsx": (
            "导出 Excel 台账：冻结表头、自动筛选、红黄绿灯、汇总表；--sheets plan|dept 按方案或部门分表。\n\n"
            "例：sciplan export xlsx -o 台账.xlsx --sheets dept",
            "Export the ledger as an Excel workbook: frozen header, autofilter, red/yellow/green status, a "
            "summary sheet; --sheets plan|dept for one sheet per plan or department.\n\n"
            "Example: sciplan export xlsx -o ledger.xlsx --sheets dept",
        ),
        "help.report": ("月度调度报告", "The monthly report"),
        "help.report_monthly": (
            "月度调度报告：按部门和行动/工程统计状态、逾期清单、指标完成情况、本月未报送进展的牵头部门。"
            "\n\n例：sciplan report monthly；sciplan report monthly --month 2026-11 -o 报告.html",
            "The monthly report: counts by status per department and action/project, the overdue list, "
            "targets reached, and lead departments that sent no progress note this month.\n\n"
            "Examples: sciplan report monthly; sciplan report monthly --month 2026-11 -o report.html",
        ),
        "help.import_csv": (
            "导入各部门在 Excel 中修改后的台账 CSV：只应用改动的状态、进度、截止日期和新的进展情况，"
            "一次事务、记入历史。有任何错误则不做修改。\n\n例：sciplan import csv 台账.csv --dry-run",
            "Take back a ledger CSV edited in Excel: only changed status, progress, due date and new progress "
            "notes are applied, in one transaction, recorded in the history. Any problem: nothing is "
            "changed.\n\nExample: sciplan import csv ledger.csv --dry-run",
        ),
        "opt.by_dept": ("每项任务每个部门一行", "One row per task and department"),
        "opt.headers": (
            "表头：zh（中文，默认）或 en（英文键名，供脚本）",
            "Headers: zh (Chinese, default) or en (keys, for scripts)",
        ),
        "opt.encoding": (
            "编码：utf-8-sig（默认，Excel 可直接打开）、utf-8、gb18030、gbk",
            "Encoding: utf-8-sig (default, opens in Excel), utf-8, gb18030, gbk",
        ),
        "opt.month": (
            "月份，如 2026-11：按变更记录还原该月末的台账",
            "A month such as 2026-11: the ledger as it stood at the end of that month, rebuilt from the history",
        ),
        "opt.output": ("输出文件（默认标准输出）", "Output file (default: stdout)"),
        "opt.output_xlsx": ("输出的 .xlsx 文件", "The .xlsx file to write"),
        "opt.sheets": (
            "分表：plan（每个方案一张）或 dept（每个部门一张）",
            "Sheets: plan (one per plan) or dept (one per department)",
        ),
        "opt.format": (
            "格式：terminal、md 或 html（默认按 -o 的扩展名，否则 terminal）",
            "Format: terminal, md or html (default: from the -o suffix, else terminal)",
        ),
        "opt.report_docx": (
            "写成公文格式的通报（.docx，A4、仿宋、页码）",
            "Write the 通报 as an official-style Word document (.docx: A4, 仿宋, page numbers)",
        ),
        "opt.cc": ("通报末尾的抄送单位（如 县委办、县政府办）", "The 抄送 (copy to) line at the end of the 通报"),
        "opt.import_dry_run": ("只显示将做的修改，不写入", "Show the changes it would make; write nothing"),
        "opt.import_plan": ("只接受该实施方案的行", "Accept only rows of this plan"),
        "export.saved": ("已导出 {rows} 行到 {file}", "Exported {rows} row(s) to {file}"),
        "export.headers": ("表头只能是 zh 或 en，而不是“{value}”", "Headers are zh or en, not '{value}'"),
        "export.sheets": ("分表只能是 plan 或 dept，而不是“{value}”", "Sheets are plan or dept, not '{value}'"),
        "export.format": (
            "格式只能是 terminal、md 或 html，而不是“{value}”",
            "The format is terminal, md or html, not '{value}'",
        ),
        "export.unwritable": ("无法写入 {file}：{detail}", "Cannot write {file}: {detail}"),
        "ledger.import.none": ("台账没有改动（{rows} 行）", "No changes in the ledger ({rows} rows)"),
        "ledger.import.dry": (
            "试运行：将修改 {tasks} 项任务，共 {changes} 处（未写入）",
            "Dry run: {changes} change(s) to {tasks} task(s) (nothing written)",
        ),
        "ledger.import.done": (
            "已修改 {tasks} 项任务，共 {changes} 处（批次 {batch}，可用 sciplan undo 撤销）",
            "Changed {tasks} task(s), {changes} change(s) (batch {batch}; sciplan undo reverts it)",
        ),
        "col.row": ("行", "row"),
    }
)

export_app = typer.Typer(cls=SciplanGroup, help=t("help.export"), no_args_is_help=True)
report_app = typer.Typer(cls=SciplanGroup, help=t("help.report"), no_args_is_help=True)

BY_DEPT = typer.Option(False, "--by-dept", help=t("opt.by_dept"))
HEADERS = typer.Option("zh", "--headers", help=t("opt.headers"))
MONTH = typer.Option(None, "--month", "-m", help=t("opt.month"))


def register_commands(app: typer.Typer) -> None:
    """Add `export`, `report` and `import csv` (idempotent: tests may call it on the shared app)."""
    from .plans import import_app

    if not any(c.name == "csv" for c in import_app.registered_commands):
        import_app.command("csv", help=t("help.import_csv"))(import_csv)
    if not export_app.registered_commands:
        export_app.command("csv", help=t("help.export_csv"))(export_csv)
        export_app.command("xlsx", help=t("help.export_xlsx"))(export_xlsx)
        report_app.command("monthly", help=t("help.report_monthly"))(report_monthly)
    names = {g.name for g in app.registered_groups}
    if "export" not in names:
        app.add_typer(export_app, name="export")
    if "report" not in names:
        app.add_typer(report_app, name="report")


def _headers(value: str) -> str:
    if value not in ("zh", "en"):
        raise UsageError("export.headers", value=value)
    return value


def _write(path: Path, data: bytes) -> None:
    from ..atomic import write_bytes

    try:
        write_bytes(path, data)  # a scratch file renamed over `path`: never half a file
    except OSError as exc:
        raise InvalidInputError("export.unwritable", file=str(path), detail=exc.strerror or str(exc)) from exc


def export_csv(
    ctx: typer.Context,
    plan: str = PLAN,
    dept: str = DEPT,
    lead: bool = LEAD,
    status: list[str] = STATUS,
    kind: list[str] = KIND,
    overdue: bool = OVERDUE,
    due_within: str = DUE_WITHIN,
    due_before: str = DUE_BEFORE,
    due_after: str = DUE_AFTER,
    by_dept: bool = BY_DEPT,
    headers: str = HEADERS,
    month: str = MONTH,
    encoding: str = typer.Option("utf-8-sig", "--encoding", "-e", help=t("opt.encoding")),
    output: Path = typer.Option(None, "--output", "-o", help=t("opt.output")),
) -> None:
    from ..exports.csv_ledger import codec

    services = state(ctx).services()
    wanted = {"headers": _headers(headers), "encoding": encoding}
    codec(encoding)  # a bad --encoding or --month is refused before anything is written
    as_of = _month(month)
    f = TaskFilterArgs(plan, dept, lead, status, kind, overdue, due_within, due_before, due_after).build(services)
    # Streamed, memory flat with the store's size: the ledger now from one query, a month's rebuilt from
    # the history batch by batch (services/ledger.py: stream).
    rows = _stream_csv(services, output, f, by_dept=by_dept, month=as_of, **wanted)
    if output is not None:
        err(t("export.saved", rows=rows, file=str(output)))


def _month(value: str | None) -> Month | None:
    from ..services.ledger import Month

    return Month.parse(value) if value else None


def _stream_csv(
    services: Services,
    output: Path | None,
    f: TaskFilter,
    *,
    by_dept: bool,
    month: Month | None,
    **wanted: Any,
) -> int:
    """Stream the ledger to stdout or to `output` (atomic.py: written beside it, then renamed over it)."""
    from contextlib import closing

    from ..atomic import replacing
    from ..exports.csv_ledger import stream_csv
    from ..services.ledger import stream

    if output is None:
        sys.stdout.flush()
        with closing(stream(services, f, month=month, by_dept=by_dept)) as rows:
            written = stream_csv(rows, sys.stdout.buffer, by_dept=by_dept, month=month, **wanted)
        sys.stdout.buffer.flush()
        return written
    try:
        with (
            replacing(output) as scratch,
            scratch.open("wb") as fh,
            closing(stream(services, f, month=month, by_dept=by_dept)) as rows,
        ):
            written = stream_csv(rows, fh, by_dept=by_dept, month=month, **wanted)
    except OSError as exc:
        raise InvalidInputError("export.unwritable", file=str(output), detail=exc.strerror or str(exc)) from exc
    return written


def export_xlsx(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help=t("opt.output_xlsx")),
    plan: str = PLAN,
    dept: str = DEPT,
    lead: bool = LEAD,
    status: list[str] = STATUS,
    kind: list[str] = KIND,
    overdue: bool = OVERDUE,
    due_within: str = DUE_WITHIN,
    due_before: str = DUE_BEFORE,
    due_after: str = DUE_AFTER,
    by_dept: bool = BY_DEPT,
    headers: str = HEADERS,
    month: str = MONTH,
    sheets: str = typer.Option(None, "--sheets", help=t("opt.sheets")),
) -> None:
    from ..exports.xlsx_ledger import write_xlsx
    from ..services.ledger import ledger

    if sheets not in (None, "plan", "dept"):
        raise UsageError("export.sheets", value=sheets)
    services = state(ctx).services()
    as_of = _month(month)
    headers = _headers(headers)
    f = TaskFilterArgs(plan, dept, lead, status, kind, overdue, due_within, due_before, due_after).build(services)
    try:
        if sheets != "dept":  # streamed: two passes over the query, memory flat with N
            rows = _stream_xlsx(services, output, f, by_dept=by_dept, month=as_of, headers=headers, sheets=sheets)
        else:  # one sheet per department (rows grouped across the whole ledger): built in memory
            book = ledger(services, f, month=as_of, by_dept=by_dept or sheets == "dept")
            write_xlsx(book, output, headers=headers, sheets=sheets)  # type: ignore[arg-type]
            rows = len(book.rows)
    except OSError as exc:
        raise InvalidInputError("export.unwritable", file=str(output), detail=exc.strerror or str(exc)) from exc
    err(t("export.saved", rows=rows, file=str(output)))


def _stream_xlsx(
    services: Services,
    output: Path,
    f: TaskFilter,
    *,
    by_dept: bool,
    month: Month | None,
    headers: str,
    sheets: str | None,
) -> int:
    """The current ledger's workbook from the streamed query, read twice in one snapshot (widths first:
    exports/xlsx_ledger.py)."""
    from ..exports.xlsx_ledger import stream_xlsx
    from ..services.ledger import reading

    with reading(services, f, month=month, by_dept=by_dept) as rows:
        return stream_xlsx(rows, output, by_dept=by_dept, month=month, headers=headers, sheets=sheets)  # type: ignore[arg-type]


def report_monthly(
    ctx: typer.Context,
    month: str = typer.Option(None, "--month", "-m", help=t("opt.month")),
    plan: str = PLAN,
    fmt: str = typer.Option(None, "--format", "-f", help=t("opt.format")),
    output: Path = typer.Option(None, "--output", "-o", help=t("opt.output")),
    docx: Path = typer.Option(None, "--docx", help=t("opt.report_docx")),
    issuer: str = typer.Option("", "--issuer", help=t("opt.issuer")),
    cc: str = typer.Option(None, "--cc", help=t("opt.cc")),
) -> None:
    from ..exports import monthly
    from ..services.ledger import Month
    from ..services.report import monthly_report

    if docx is not None:  # the 通报 in Word (cli/duban.py)
        from .duban import report_docx

        report_docx(state(ctx).services(), Month.parse(month) if month else None, plan, docx, issuer=issuer, cc=cc)
        return
    fmt = fmt or _format_of(output)
    if fmt not in ("terminal", "md", "html"):
        raise UsageError("export.format", value=fmt)
    services = state(ctx).services()
    report = monthly_report(services, Month.parse(month) if month else None, plan)
    if fmt == "terminal":
        if output is None:
            monthly.print_terminal(report)
            return
        text = _terminal_text(report)
    else:
        text = monthly.to_markdown(report) if fmt == "md" else monthly.to_html(report)
    if output is None:
        echo(text, nl=not text.endswith("\n"))
        return
    _write(output, text.encode("utf-8"))
    err(t("report.saved", file=str(output)))


def _format_of(output: Path | None) -> str:
    suffix = output.suffix.lower() if output else ""
    return {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(suffix, "terminal")


def _terminal_text(report: object) -> str:
    import io

    from rich.console import Console

    from ..exports.monthly import print_terminal

    buffer = io.StringIO()
    print_terminal(report, Console(file=buffer, width=140, color_system=None))  # type: ignore[arg-type]
    return buffer.getvalue()


def import_csv(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="FILE", show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help=t("opt.import_dry_run")),
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.import_plan")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from ..exports.csv_ledger import read_csv
    from ..services.ledger_import import import_ledger
    from ..textio import read_bytes

    data = read_bytes(str(file))
    services = state(ctx).services()
    result = import_ledger(services, read_csv(data, str(file)), plan=plan, dry_run=dry_run, source=str(file))
    changes = list(result.changes)
    if as_json:
        print_json(
            {
                "dry_run": dry_run,
                "rows": result.rows,
                "batch": result.applied.batch if result.applied else None,
                "changes": changes,
            }
        )
        return
    if changes:
        print_table(
            [t("col.row"), t("col.code"), t("col.field"), t("col.old"), t("col.new")],
            [[c.line, c.code, c.field, c.old or "", c.new] for c in changes],
        )
    tasks = len({c.task_id for c in changes})
    if not changes:
        err(t("ledger.import.none", rows=result.rows))
    elif result.applied is None:
        err(t("ledger.import.dry", tasks=tasks, changes=len(changes)))
    else:
        err(t("ledger.import.done", tasks=tasks, changes=len(result.applied.changes), batch=result.applied.batch[:8]))
