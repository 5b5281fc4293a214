"""Helpers for the importer tests: the seed plans and a builder of Word copies of them."""

from __future__ import annotations

import io
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "seed"
SEEDS = {path.name[:3]: path for path in sorted(SEED_DIR.glob("*.txt"))}


def seed_bytes(key: str) -> bytes:
    return SEEDS[key].read_bytes()


def seed_text(key: str) -> str:
    return seed_bytes(key).decode("utf-8")


def docx_bytes(text: str) -> bytes:
    """A .docx with one paragraph per line; cell lines (starting with a tab) become a real table."""
    import docx

    document = docx.Document()
    lines = text.split("\n")
    cell_lines = [i for i, line in enumerate(lines) if line.startswith("\t")]
    first, last = (cell_lines[0], cell_lines[-1]) if cell_lines else (len(lines), len(lines) - 1)
    for line in lines[:first]:
        document.add_paragraph(line)
    if cell_lines:
        _add_table(document, _table_rows(lines[first : last + 1]))
    for line in lines[last + 1 :]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table_rows(lines: list[str]) -> list[list[str]]:
    """Rows separated by blank lines; a tab starts a cell, other lines continue the cell above."""
    rows: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if line.startswith("\t") and current == []:
                current.append("")
            elif current:
                rows.append(current)
                current = []
        elif line.startswith("\t"):
            current.append(line.strip("\t"))
        elif current:
            current[-1] += "\n" + line
    if current:
        rows.append(current)
    return rows


def _add_table(document: object, rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)  # type: ignore[attr-defined]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=False):
            cell.text = text
