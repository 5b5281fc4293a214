"""`sciplan show`: one task, every field, for people."""

from __future__ import annotations

from datetime import date

from .. import rules
from ..clock import stamp
from ..i18n import t
from ..services.statuses import label, mark
from ..store.rows import TaskDetail


def target_line(tg) -> str:  # type: ignore[no-untyped-def]
    value = t("show.blank") if tg.value is None else f"{tg.value:g}{tg.unit}"
    achieved = "" if tg.achieved is None else "，" + t("show.achieved", value=f"{tg.achieved:g}{tg.unit}")
    ratio = t("paren", text=f"{tg.ratio:.0%}") if tg.ratio is not None else ""
    return f"#{tg.number} [{tg.id}] {tg.text} → {value}{achieved}{ratio}"


def render_detail(d: TaskDetail, today: date) -> None:
    from rich.console import Console
    from rich.markup import escape

    from ..termsafe import shown

    console = Console(highlight=False)
    task = d.task
    console.print(f"[bold]{escape(shown(task.full_code))}[/]  (ID {task.id})  {escape(shown(task.title))}")
    console.print(f"{t('show.plan')}{t('colon')}{shown(d.plan_title)}", markup=False)
    if task.item_title:
        console.print(f"{t('show.item')}{t('colon')}{shown(task.item_title)}", markup=False)
    late = rules.is_overdue(task.status, task.due_date, today)
    phrase = rules.days_text(task.status, task.due_date, today)
    due = f"{task.due_date}{t('paren', text=phrase) if phrase else ''}" if task.due_date else "—"
    sep = t("colon")
    console.print(
        f"{t('col.status')}{sep}{mark(task.status)} {label(task.status)}   {t('col.progress')}{sep}"
        f"{task.progress}%   {t('col.due')}{sep}{'[red]' if late else ''}{due}{'[/]' if late else ''}"
        f"   {t('show.version')}{sep}{task.version}",
        markup=True,
    )
    for role, key in (("lead", "col.leads"), ("participant", "col.parts")):
        for source in ("task", "item", "appendix"):
            names = [a.department for a in d.assignments if a.role == role and a.source == source]
            if names:
                where = t("paren", text=t("source." + source))
                console.print(shown(f"{t(key)}{where}{t('colon')}{t('list.sep').join(names)}"), markup=False)
    if not d.assignments:
        console.print(f"[yellow]{t('show.unassigned')}[/]")
    console.print(f"\n[bold]{t('show.body')}[/]")
    console.print(shown(d.body), markup=False)
    if d.targets:
        console.print(f"\n[bold]{t('show.targets')}[/]")
        for tg in d.targets:
            console.print("  " + shown(target_line(tg)), markup=False)
    if d.notes:
        console.print(f"\n[bold]{t('show.notes')}[/]")
        for n in d.notes:
            console.print(shown(f"  {stamp(n.at)} {n.actor}{t('colon')}{n.text}"), markup=False)
    if d.history:
        console.print(f"\n[bold]{t('show.history')}[/]")
        for c in d.history:
            note = "  " + c.note if c.note else ""
            line = f"  {stamp(c.at)} {c.actor} {c.field}: {c.old or ''} → {c.new or ''}{note}"
            console.print(shown(line), markup=False)
