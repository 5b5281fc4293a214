"""The one CSV-injection rule (csvsafe.py): formula starts, also behind spaces, NULs and apostrophes."""

from __future__ import annotations

import csv
import io

import pytest

from sciplan_tui.csvsafe import neutralise, restore, rows_text


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+86", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1+1", "   @x", "\x00=1+1", "\x00 -2", "\u3000=1", "' =x"],
)
def test_every_formula_start_is_neutralised_also_behind_blanks_and_nuls(cell):
    written = neutralise(cell)
    assert written == "'" + cell
    assert restore(written) == cell


@pytest.mark.parametrize("cell", ["a=b", "＝1", "plain", "12", " x", "\x00x", ""])
def test_harmless_cells_are_left_alone(cell):
    assert neutralise(cell) == cell
    assert restore(cell) == cell


def test_rows_text_has_bom_crlf_and_neutralised_text_but_numbers_stay():
    text = rows_text([["id", "note"], [1, "=HYPERLINK(1)"], [-3, " +1"]])
    assert text.startswith("\ufeff")
    assert text.count("\r\n") == 3
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert rows == [["id", "note"], ["1", "'=HYPERLINK(1)"], ["-3", "' +1"]]
