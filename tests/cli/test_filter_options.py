"""The task filter's options have one home (cli/options.py): declared once, collected once, built once.

`tasks`, `due`, `export csv` and `export xlsx` declare the options of cli/options.py in their signatures
(Typer reads them there) and hand them to `TaskFilterArgs` positionally, in its field order; only
cli/reading.py's `build_filter` reads the values one by one. So the same options select the same tasks
in a listing and in an export.
"""

from __future__ import annotations

import ast
import csv
import inspect
import io
import json
import re
from dataclasses import fields
from pathlib import Path

import pytest

from sciplan_tui.cli import options as O

CLI = Path(__file__).resolve().parents[2] / "src" / "sciplan_tui" / "cli"
NAMES = [f.name for f in fields(O.TaskFilterArgs)]


def _calls(name: str) -> list[tuple[str, str, ast.Call]]:
    """(module, enclosing function, call) for every call of `name` (or `x.name`) in the CLI modules."""
    out = []
    for path in sorted(CLI.glob("*.py")):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fn, ast.FunctionDef):
                for node in ast.walk(fn):
                    if (
                        isinstance(node, ast.Call)
                        and getattr(node.func, "id", getattr(node.func, "attr", None)) == name
                    ):
                        out.append((path.stem, fn.name, node))
    return out


def test_each_command_hands_the_options_it_declares_over_in_the_field_order() -> None:
    import sciplan_tui.cli.exporting as exporting
    import sciplan_tui.cli.reading as reading

    found = _calls("TaskFilterArgs")
    assert {(m, f) for m, f, _ in found} == {
        ("reading", "tasks"),
        ("reading", "due"),
        ("exporting", "export_csv"),
        ("exporting", "export_xlsx"),
    }
    for module, command, call in found:
        given = [a.id for a in call.args if isinstance(a, ast.Name)]
        assert not call.keywords and given == NAMES[: len(call.args)], (command, given)
        declared = inspect.signature(getattr({"reading": reading, "exporting": exporting}[module], command))
        for name in given:  # the very option objects of cli/options.py, not a copy
            assert declared.parameters[name].default is getattr(O, name.upper()), (command, name)


def _passed_by_name(node: ast.AST) -> set[str]:
    """The filter values a dict literal or a call hands on under their own names (`due_after=due_after`)."""
    if isinstance(node, ast.Dict):
        pairs = [(k.value, v) for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)]
    elif isinstance(node, ast.Call):
        pairs = [(k.arg, k.value) for k in node.keywords]
    else:
        return set()
    return {key for key, value in pairs if key in NAMES and isinstance(value, ast.Name) and value.id == key}


def test_no_command_hands_the_filter_values_on_one_by_one() -> None:
    """Not as a dict, not as keywords (plan and dept alone name a scope elsewhere): TaskFilterArgs carries them."""
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            assert len(_passed_by_name(node)) < 3, (path.name, getattr(node, "lineno", 0))


FILTERS = [
    ("--plan", "澧县", "--kind", "project"),
    ("--overdue",),
    ("--status", "进行中", "--due-within", "90d"),
    ("--status", "未开始", "--due-after", "2022-06-01", "--due-before", "2025-12-31"),
    ("--dept", "教育局", "--lead"),
]


@pytest.mark.parametrize("options", FILTERS, ids=lambda o: " ".join(o))
def test_the_same_options_select_the_same_tasks_to_list_and_to_export(cli, tmp_path, options) -> None:  # type: ignore[no-untyped-def]
    assert cli("set", "1", "--status", "进行中", "--due", "2027-01-15").exit_code == 0  # due within 90 days
    listed = cli("tasks", "--json", *options)
    assert listed.exit_code == 0, listed.output
    codes = sorted(f"{r['plan']}-{r['code']}" for r in json.loads(listed.stdout))
    assert codes, "a filter that selects nothing proves little"
    exported = cli("export", "csv", "--headers", "en", "--encoding", "utf-8", *options)
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.stdout_bytes.decode("utf-8"))))
    assert sorted(f"{r['plan']}-{r['code']}" for r in rows) == codes
    book = cli("export", "xlsx", "-o", str(tmp_path / "台账.xlsx"), *options)
    assert book.exit_code == 0, book.output
    assert re.search(r"已导出 (\d+) 行", book.stderr).group(1) == str(len(codes))  # type: ignore[union-attr]
