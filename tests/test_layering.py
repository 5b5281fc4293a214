"""The layering is proved, not hoped: an ast walk over every import in src/sciplan_tui.

    ground (i18n, errors, rules, clock, textio, actor, csvsafe, termsafe, atomic)
    <  importer, store  <  services (and seed)  <  exports  <  cli, tui

Nothing imports a layer above its own; cli/ and tui/ reach the store only for its row types
(store/rows.py), everything else through the services; the tui never imports the cli.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "sciplan_tui"
GROUND = {"i18n", "errors", "rules", "clock", "textio", "actor", "csvsafe", "termsafe", "atomic", "__init__"}
RANK = {"ground": 0, "importer": 1, "store": 1, "services": 2, "exports": 3, "cli": 4, "tui": 4}
ROW_TYPES = {"sciplan_tui.store.rows"}  # what cli/ and tui/ may take from the store
EXPORT_STORE = {"sciplan_tui.store.rows", "sciplan_tui.store.ledger_queries"}  # FieldChange: a row type
# Known exceptions, to be moved. Empty: services/collect.py takes returned sheets already read (the CLI calls
# exports/answers.py, which builds the services' AnswerFile rows). Nothing may be added here.
PENDING: set[tuple[str, str]] = set()


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[0] != "sciplan_tui":
        return "outside"
    head = parts[1]
    if head in GROUND:
        return "ground"
    if head == "seed":
        return "services"
    if head == "__main__":  # `python -m sciplan_tui`: the entry point, at the CLI's level
        return "cli"
    return head


def module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """Every sciplan_tui module `path` imports (top level, in functions and under TYPE_CHECKING alike)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("sciplan_tui")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("sciplan_tui"):
                continue
            # `from ..store import rows` imports the module sciplan_tui.store.rows
            found += [
                (node.lineno, f"{target}.{a.name}" if _is_module(f"{target}.{a.name}") else target) for a in node.names
            ]
    return found


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:])
    return (PKG / rel).with_suffix(".py").exists() or (PKG / rel / "__init__.py").exists()


def violations() -> list[str]:
    out = []
    for path in sorted(PKG.rglob("*.py")):
        here = module_name(path)
        mine = layer(here)
        for line, target in imports(path):
            theirs = layer(target)
            if (here, target) in PENDING:
                continue
            where = f"{path.relative_to(PKG.parent)}:{line} imports {target}"
            if mine in ("cli", "tui") and theirs == "store" and target not in ROW_TYPES:
                out.append(f"{where}: the UI reaches the store only for row types; go through the services")
            elif mine == "exports" and theirs == "store" and target not in EXPORT_STORE:
                out.append(f"{where}: exports read through the services")
            elif mine == "tui" and theirs == "cli":
                out.append(f"{where}: the TUI does not import the CLI")
            elif mine in RANK and theirs in RANK and RANK[theirs] > RANK[mine] and mine not in ("cli", "tui"):
                out.append(f"{where}: {mine} imports upward into {theirs}")
            elif mine in ("importer", "store") and theirs in ("importer", "store") and mine != theirs:
                out.append(f"{where}: the importer and the store do not know each other")
    return sorted(set(out))


def test_no_layer_imports_upward_and_the_ui_goes_through_the_services():
    assert violations() == []


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("from ..store.queries import TaskFilter\n", True),
        ("from ..store.rows import TaskRow\n", False),
        ("from ..services import TaskFilter\n", False),
        ("from ..store import open_store\n", True),
    ],
)
def test_the_walk_sees_a_ui_module_reaching_into_the_store(tmp_path, monkeypatch, source, bad):
    fake = PKG / "cli" / "_layering_probe.py"
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: iter([fake]))
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    assert bool(violations()) is bad
