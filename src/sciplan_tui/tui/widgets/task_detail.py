"""The detail pane: everything about one task, with the due-date lamp as a CSS class."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widgets import Static

from ...clock import stamp
from ...i18n import t
from ...services.statuses import label
from ...store.rows import ChangeRow, TaskDetail
from ..format import days_text, due_state, due_text, number, progress_text, status_text

LAMPS = ("-overdue", "-due-soon", "-on-track")


class Part(Static):
    """One part of the detail pane (plain text, never markup).

    Its new size, found when the pane is laid out after `update`, asks for no second layout: the
    layout that found it already placed everything below it (Textual's default lays the whole
    screen out again for every widget whose size changed, which doubled the cost of each `j`)."""

    def __init__(self, text: str = "", **kw: Any) -> None:
        super().__init__(text, markup=False, **kw)
        self.shown_text = text

    def show(self, text: str, *, visible: bool = True, lamp: str | None = None) -> None:
        """Change only what differs: each change costs a layout or a restyle of the pane."""
        if text != self.shown_text:
            self.shown_text = text
            self.update(text)
        if self.display != visible:
            self.display = visible
        if lamp is not None:
            for name in LAMPS:
                self.set_class(name == lamp, name)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class TaskDetailView(VerticalScroll):
    """Shows a TaskDetail; `show(None)` shows a hint instead."""

    can_focus = True

    def __init__(self, today: date, **kw: Any) -> None:
        super().__init__(**kw)
        self.today = today
        self.detail: TaskDetail | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Part(t("tui.detail.empty"), id="detail-code")
        yield Part(id="detail-title")
        yield Part(id="detail-state")
        yield Part(id="detail-due")
        yield Part(id="detail-people")
        yield Part(id="detail-body", classes="section")
        yield Part(id="detail-targets", classes="section")
        yield Part(id="detail-notes", classes="section")
        yield Part(id="detail-history", classes="section")

    def part(self, name: str) -> Part:
        return self.query_one(f"#detail-{name}", Part)

    def show(self, detail: TaskDetail | None) -> None:
        """Fill the pane; the scroll position stays when the same task is shown again."""
        same = detail is not None and self.detail is not None and detail.task.id == self.detail.task.id
        self.detail = detail
        if detail is None:
            self._blank()
            return
        row = detail.task
        self.part("code").show(f"{row.full_code} · {detail.plan_title}")
        self.part("title").show(row.title)
        self.part("state").show(
            f"{t('tui.detail.status')}：{status_text(row.status)}    "
            f"{t('tui.detail.progress')}：{progress_text(row.progress)}"
        )
        self._show_due(detail)
        self.part("people").show(self._people(detail))
        self.part("body").show(f"{t('tui.detail.text')}\n{detail.body}")
        self._section("targets", "tui.detail.targets", [self._target(tg) for tg in detail.targets])
        self._section("notes", "tui.detail.notes", [f"{stamp(n.at)} {n.actor}：{n.text}" for n in detail.notes])
        self._section("history", "tui.detail.history", [change_text(c) for c in detail.history])
        if not same:
            self.scroll_home(animate=False)

    def _blank(self) -> None:
        self.part("code").show(t("tui.detail.empty"))
        for name in ("title", "state", "due", "people", "body", "targets", "notes", "history"):
            self.part(name).show("", visible=name not in ("body", "targets", "notes", "history"), lamp="")

    def _show_due(self, detail: TaskDetail) -> None:
        row = detail.task
        lamp = due_state(row, self.today)
        left = days_text(row, self.today)
        text = f"{t('tui.detail.due')}：{due_text(row)}" + (f"（{left}）" if left else "")
        self.part("due").show(text, lamp=f"-{lamp}" if lamp else "")

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
        self.part(name).show("\n".join([t(title_key), *lines]) if lines else "", visible=bool(lines))


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
