"""Options that several commands share, declared once: the task filter and the output formats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from ..i18n import t
from . import help_texts  # noqa: F401  (registers the opt.* texts used below)

if TYPE_CHECKING:
    from ..services import Services, TaskFilter

# The task filter (`tasks`, `due`, `export csv/xlsx`): one declaration, one meaning everywhere.
PLAN = typer.Option(None, "--plan", "-p", help=t("opt.plan"))
DEPT = typer.Option(None, "--dept", "-d", help=t("opt.dept"))
LEAD = typer.Option(False, "--lead", help=t("opt.lead"))
STATUS = typer.Option(None, "--status", "-s", help=t("opt.status"))
KIND = typer.Option(None, "--kind", "-k", help=t("opt.kind"))
OVERDUE = typer.Option(False, "--overdue", help=t("opt.overdue"))
DUE_WITHIN = typer.Option(None, "--due-within", help=t("opt.due_within"))
DUE_BEFORE = typer.Option(None, "--due-before", help=t("opt.due_before"))
DUE_AFTER = typer.Option(None, "--due-after", help=t("opt.due_after"))


@dataclass(frozen=True)
class TaskFilterArgs:
    """The task filter's values as a command received them, in the order of the options above.

    A command declares the options it offers in its signature (Typer reads them there) and hands
    them over here once, in this order: `TaskFilterArgs(plan, dept, lead, ...).build(services)`.
    Only cli/reading.py's `build_filter` reads them one by one (tests/cli/test_filter_options.py)."""

    plan: str | None = None
    dept: str | None = None
    lead: bool = False
    status: list[str] | None = None
    kind: list[str] | None = None
    overdue: bool = False
    due_within: str | None = None
    due_before: str | None = None
    due_after: str | None = None

    def build(self, services: Services, *, text: str | None = None) -> TaskFilter:
        """The TaskFilter these values mean (dates and kinds parsed: errors name the value)."""
        from .reading import build_filter

        return build_filter(services, self, text=text)


# Output formats of the read commands (data on stdout).
JSON = typer.Option(False, "--json", help=t("opt.json"))
CSV = typer.Option(False, "--csv", help=t("opt.csv"))
IDS = typer.Option(False, "--ids", help=t("opt.ids"))
LIMIT = typer.Option(None, "--limit", "-n", help=t("opt.limit"))
