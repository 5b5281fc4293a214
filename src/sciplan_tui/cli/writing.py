"""Writing commands: set (one, many, or a bulk file), note, target, undo."""

from __future__ import annotations

import typer

from ..errors import InvalidInputError
from ..i18n import register, t
from .common import confirmed, echo, err, print_json, state, stdin_is_tty

register(
    {
        "set.nothing": (
            "请至少给出 --status、--progress、--due 或 --note 之一",
            "Give at least one of --status, --progress, --due or --note",
        ),
        "set.ids_and_from": ("--from 不能与任务编号同时使用", "--from cannot be combined with task IDs"),
        "set.done": ("已修改 {tasks} 项任务，{changes} 处变更", "Changed {tasks} task(s), {changes} change(s)"),
        "set.ask_note": (
            "请填写说明（完成或调整截止日期时需要，可留空）",
            "A note, please (for a completed task or a moved due date; may be empty)",
        ),
        "note.saved": ("已记录进展情况（任务 {id}）", "Progress note recorded (task {id})"),
        "target.saved": ("已记录指标完成值", "Target value recorded"),
        "target.which": (
            "该任务有 {count} 个指标，请用 --number 指定",
            "The task has {count} targets; pick one with --number",
        ),
        "target.none": ("该任务没有量化指标", "The task has no quantitative target"),
        "undo.confirm": ("撤销以上修改？", "Undo these changes?"),
        "undo.done": ("已撤销 {count} 处修改", "Undid {count} change(s)"),
        "undo.cancel": ("未撤销", "Nothing undone"),
    }
)


def register_commands(app: typer.Typer) -> None:
    app.command("set", help=t("help.set"))(set_)
    # A note may start with "-" (-已电话催办): unknown "options" are taken as the text.
    app.command("note", help=t("help.note"), context_settings={"ignore_unknown_options": True})(note)
    app.command("target", help=t("help.target"))(target)
    app.command("undo", help=t("help.undo"))(undo)


def read_input(source: str) -> str:
    """Text from a file or stdin ('-'), decoded as UTF-8 (with or without BOM) or GB18030."""
    from ..textio import decode, read_bytes

    return decode(read_bytes(source), source)


def set_(
    ctx: typer.Context,
    refs: list[str] = typer.Argument(None, help="ID / 12-20 / CODE ...", show_default=False),
    status: str = typer.Option(None, "--status", "-s", help=t("opt.status_one")),
    progress: str = typer.Option(None, "--progress", help=t("opt.progress")),
    due: str = typer.Option(None, "--due", help=t("opt.due")),
    note_text: str = typer.Option(None, "--note", "-m", help=t("opt.note")),
    source: str = typer.Option(None, "--from", help=t("opt.from")),
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.plan")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from ..services import TaskUpdate
    from ..services.dates import parse_date
    from ..services.statuses import parse_status
    from ..services.updates import validate_progress

    services = state(ctx).services()
    if source is not None:
        if refs:
            raise InvalidInputError("set.ids_and_from")
        applied = services.update_from(read_input(source), source=source, plan=plan)
    else:
        if status is None and progress is None and due is None and note_text is None:
            raise InvalidInputError("set.nothing")
        ids = services.resolve(refs or [], plan)
        st = parse_status(status) if status else None
        pr = validate_progress(progress) if progress is not None else None
        dd = parse_date(due, services.today()) if due else None
        if note_text is None and (st == "done" or dd is not None) and stdin_is_tty():
            note_text = typer.prompt(t("set.ask_note"), default="", show_default=False, err=True) or None
        applied = services.update([TaskUpdate(i, st, pr, dd, note_text) for i in ids])
    if as_json:
        print_json({"batch": applied.batch, "changes": list(applied.changes)})
    else:
        echo(t("set.done", tasks=applied.changed_tasks, changes=len(applied.changes)))


def note(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help="ID / CODE"),
    text: str = typer.Argument(..., help="TEXT / -"),
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.plan")),
) -> None:
    services = state(ctx).services()
    task_id = services.resolve([ref], plan)[0]
    body = read_input("-").strip() if text == "-" else text
    services.add_note(task_id, body)
    echo(t("note.saved", id=task_id))


def target(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help="ID / CODE"),
    achieved: str = typer.Option(None, "--achieved", "-a", help=t("opt.achieved")),
    number: int = typer.Option(None, "--number", help=t("opt.target_number")),
    note_text: str = typer.Option(None, "--note", "-m", help=t("opt.note")),
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.plan")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from .show_view import target_line

    services = state(ctx).services()
    detail = services.task(services.resolve([ref], plan)[0])
    if achieved is None:
        if as_json:
            print_json(list(detail.targets))
        else:
            for tg in detail.targets:
                echo(target_line(tg))
            if not detail.targets:
                err(t("target.none"))
        return
    chosen = _pick_target(detail.targets, number)
    try:
        value = float(achieved.strip().rstrip("%").replace(",", ""))
    except ValueError as exc:
        raise InvalidInputError("target.bad", value=achieved) from exc
    services.set_target(chosen.id, value, note_text)
    echo(t("target.saved"))


def _pick_target(targets, number):  # type: ignore[no-untyped-def]
    from ..errors import NotFoundError

    if not targets:
        raise NotFoundError("target.none")
    if number is None:
        if len(targets) > 1:
            raise InvalidInputError("target.which", count=len(targets))
        return targets[0]
    for tg in targets:
        if tg.number == number:
            return tg
    raise NotFoundError("target.not_found", value=str(number))


def undo(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", "-y", help=t("opt.yes")),
) -> None:
    services = state(ctx).services()
    preview = services.undo_preview()
    if not preview:
        from ..errors import NotFoundError

        raise NotFoundError("undo.nothing", actor=services.actor.name)
    for c in preview:
        err(f"  {c.task_code} {c.field}: {c.old or ''} ← {c.new or ''}")
    if not confirmed(t("undo.confirm"), yes=yes):
        err(t("undo.cancel"))
        raise typer.Exit(1)
    applied = services.undo()
    echo(t("undo.done", count=len(applied.changes)))
