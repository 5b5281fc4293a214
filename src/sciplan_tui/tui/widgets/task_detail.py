"""The detail pane: everything about one task, with the due-date lamp as a CSS class."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.containers import VerticalScroll
from textual.widgets import Static

from ...clock import stamp
from ...i18n import t
from ...services.statuses import label
from ...store.rows import ChangeRow, TaskDetail
from ..format import days_text, due_state, due_text, number, progress_text, status_text

LAMPS = ("-overdue", "-due-soon", "-on-track")


class TaskDetailView(VerticalScroll):
    """Shows a TaskDetail; `show(None)` shows a hint instead."""

    can_focus = True

    def __init__(self, today: date, **kw: Any) -> None:
        super().__init__(**kw)
        self.today = today
        self.detail: TaskDetail | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(t("tui.detail.empty"), id="detail-code", markup=False)
        yield Static("", id="detail-title", markup=False)
        yield Static("", id="detail-state", markup=False)
        yield Static("", id="detail-due", markup=False)
        yield Static("", id="detail-people", markup=False)
        yield Static("", id="detail-body", classes="section", markup=False)
        yield Static("", id="detail-targets", classes="section", markup=False)
        yield Static("", id="detail-notes", classes="section", markup=False)
        yield Static("", id="detail-history", classes="section", markup=False)

    def part(self, name: str) -> Static:
        return self.query_one(f"#detail-{name}", Static)

    def show(self, detail: TaskDetail | None) -> None:
        """Fill the pane; the scroll position stays when the same task is shown again."""
        same = detail is not None and self.detail is not None and detail.task.id == self.detail.task.id
        self.detail = detail
        if detail is None:
            self._blank()
            return
        row = detail.task
        self.part("code").update(f"{row.full_code} · {detail.plan_title}")
        self.part("title").update(row.title)
        self.part("state").update(
            f"{t('tui.detail.status')}：{status_text(row.status)}    "
            f"{t('tui.detail.progress')}：{progress_text(row.progress)}"
        )
        self._show_due(detail)
        self.part("people").update(self._people(detail))
        self.part("body").update(f"{t('tui.detail.text')}\n{detail.body}")
        self.part("body").display = True
        self._section("targets", "tui.detail.targets", [self._target(tg) for tg in detail.targets])
        self._section("notes", "tui.detail.notes", [f"{stamp(n.at)} {n.actor}：{n.text}" for n in detail.notes])
        self._section("history", "tui.detail.history", [change_text(c) for c in detail.history])
        if not same:
            self.scroll_home(animate=False)

    def _blank(self) -> None:
        self.part("code").update(t("tui.detail.empty"))
        for name in ("title", "state", "due", "people", "body", "targets", "notes", "history"):
            self.part(name).update("")
            self.part(name).display = name not in ("body", "targets", "notes", "history")
        self.part("due").remove_class(*LAMPS)

    def _show_due(self, detail: TaskDetail) -> None:
        row = detail.task
        lamp = due_state(row, self.today)
        due = self.part("due")
        due.remove_class(*LAMPS)
        if lamp:
            due.add_class(f"-{lamp}")
        left = days_text(row, self.today)
        due.update(f"{t('tui.detail.due')}：{due_text(row)}" + (f"（{left}）" if left else ""))

    def _people(self, detail: TaskDetail) -> str:
        none = t("tui.detail.none")
        leads = "、".join(a.department for a in detail.assignments if a.role == "lead") or none
        joins = "、".join(a.department for a in detail.assignments if a.role != "lead") or none
        return f"{t('tui.detail.leads')}：{leads}\n{t('tui.detail.participants')}：{joins}"

    def _target(self, target: Any) -> str:
        year = t("tui.detail.target_year", year=target.year) if target.year else ""
        text = t(
            "tui.detail.target",
            text=target.text,
            value=number(target.value),
            unit=target.unit,
            year=year,
            achieved=number(target.achieved),
        )
        return f"{target.number}. {text}"

    def _section(self, name: str, title_key: str, lines: list[str]) -> None:
        part = self.part(name)
        part.display = bool(lines)
        part.update("\n".join([t(title_key), *lines]) if lines else "")


def change_text(c: ChangeRow) -> str:
    """One history entry in a line: when, who, which field, old → new, and the note."""
    text = t(
        "tui.change",
        at=stamp(c.at),
        actor=c.actor,
        field=t(f"tui.field.{c.field}"),
        old=_value(c.field, c.old),
        new=_value(c.field, c.new),
    )
    return f"{text}（{c.note}）" if c.note else text


def _value(field: str, value: str | None) -> str:
    if value is None:
        return "—"
    return label(value) if field == "status" else value
