"""The frozen ground truth: what the importer read from each unmodified seed, kept in truth.json.

The truth was generated once from the importer as of commit 62f2b80 (exact on the five seeds), so
that a later importer change cannot drift it. Regenerate only on purpose:

    PYTHONPATH=<a checkout of a trusted src> python -m tests.importer.layouts.truth
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TRUTH_JSON = HERE / "truth.json"
SEED_DIR = HERE.parents[2] / "data" / "seed"
SEEDS = {path.name[:3]: path for path in sorted(SEED_DIR.glob("*.txt"))}
META_FIELDS = (
    "title",
    "jurisdiction",
    "level",
    "period_start",
    "period_end",
    "doc_number",
    "issue_date",
    "issuer",
    "is_draft",
    "headline_target",
)


def _assignments(assignments: Any) -> list[list[str]]:
    return [[a.department, a.role, a.source] for a in assignments]


def _task(task: Any) -> dict[str, Any]:
    return {
        "number": task.number,
        "title": task.title,
        "body": task.body,
        "line": task.line,
        "assignments": _assignments(task.assignments),
        "targets": [[t.text, t.value, t.unit, t.year] for t in task.targets],
    }


def _item(item: Any) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "number": item.number,
        "title": item.title,
        "body": item.body,
        "line": item.line,
        "assignments": _assignments(item.assignments),
        "tasks": [_task(task) for task in item.tasks],
    }


def snapshot(plan: Any) -> dict[str, Any]:
    """The parts of a PlanDraft the corpus needs, as plain JSON."""
    return {
        "metadata": {name: getattr(plan, name) for name in META_FIELDS},
        "items": [_item(item) for item in plan.items],
        "departments": [[d.name, list(d.aliases)] for d in plan.departments],
        "warnings": [w.code for w in plan.warnings],
    }


def generate() -> dict[str, Any]:
    """Read every seed with the importer on sys.path and return the truth."""
    from sciplan_tui.importer import read_plan

    return {key: snapshot(read_plan(path)) for key, path in SEEDS.items()}


def write(path: Path = TRUTH_JSON) -> None:
    path.write_text(json.dumps(generate(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load(path: Path = TRUTH_JSON) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


if __name__ == "__main__":
    write()
