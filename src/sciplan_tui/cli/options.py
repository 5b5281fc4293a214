"""Options that several commands share, declared once: the task filter and the output formats."""

from __future__ import annotations

import typer

from ..i18n import t
from . import help_texts  # noqa: F401  (registers the opt.* texts used below)

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

# Output formats of the read commands (data on stdout).
JSON = typer.Option(False, "--json", help=t("opt.json"))
CSV = typer.Option(False, "--csv", help=t("opt.csv"))
IDS = typer.Option(False, "--ids", help=t("opt.ids"))
LIMIT = typer.Option(None, "--limit", "-n", help=t("opt.limit"))
