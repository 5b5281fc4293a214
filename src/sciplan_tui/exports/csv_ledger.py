"""The ledger as CSV for Excel (UTF-8 with BOM or GB18030, CRLF, formula cells neutralised), and read back."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from ..csvsafe import any_risky, safe_cell
from ..errors import InvalidInputError
from ..i18n import register, t
from ..services.ledger import Ledger, LedgerRow, Month
from ..textio import decode
from .columns import ALIASES, Column, Headers, Kind, columns, header, restore, row_reader, text

if TYPE_CHECKING:
    from ..services.ledger_import import LedgerRecord  # imported by read_csv: an export does not need it

register(
    {
        "csv.unreadable": ("无法读取 CSV：{detail}", "Cannot read the CSV: {detail}"),
        "export.encoding": (
            "不支持的编码“{value}”，可用：{choices}",
            "Unsupported encoding '{value}'; use one of: {choices}",
        ),
        "export.unencodable": (
            "第 {row} 行“{column}”列中的字符“{char}”（U+{code}）无法用 {encoding} 编码；请改用 utf-8-sig 或 gb18030",
            "Row {row}, column '{column}': the character '{char}' (U+{code}) cannot be encoded in {encoding}; "
            "use utf-8-sig or gb18030",
        ),
        "ledger.header": (
            "台账表头中没有 ID 或任务编号列（现有：{columns}）",
            "The ledger header has no ID or code column (found: {columns})",
        ),
        "ledger.xlsx": (
            "{file} 是 Excel 工作簿（.xlsx），不是 CSV：各部门填回的进展情况表请用 sciplan collect 收取，"
            "台账请在 Excel 中另存为 CSV 后再导入",
            "{file} is an Excel workbook (.xlsx), not CSV: take departments' fill-in sheets back with sciplan "
            "collect, or save the ledger as CSV in Excel first",
        ),
        "ledger.column": ("{letter} 列（{name}）", "column {letter} ({name})"),
    }
)

# Accepted --encoding values and the codec each one means.
ENCODINGS = {
    "utf-8-sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "utf-8-bom": "utf-8-sig",
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "gb18030": "gb18030",
    "gbk": "gbk",
}


def codec(name: str) -> str:
    found = ENCODINGS.get(name.strip().lower())
    if found is None:
        raise InvalidInputError("export.encoding", value=name, choices="utf-8-sig、utf-8、gb18030、gbk")
    return found


def write_csv(book: Ledger, *, headers: Headers = "zh", encoding: str = "utf-8-sig") -> bytes:
    """The ledger as CSV bytes: CRLF row endings, minimal quoting, formula-looking cells neutralised."""
    out = io.BytesIO()
    _write_rows(book.rows, out, columns(book), headers, encoding)
    return out.getvalue()


def stream_csv(
    rows: Iterable[LedgerRow],
    out: IO[bytes],
    *,
    by_dept: bool = False,
    month: Month | None = None,
    headers: Headers = "zh",
    encoding: str = "utf-8-sig",
) -> int:
    """Write the ledger's rows to `out` as they come, `BATCH` at a time (the bytes of `write_csv`).

    Returns the number of rows written. A character the encoding cannot hold stops the export
    with the same error as `write_csv`, after the rows before its batch were written.
    """
    return _write_rows(rows, out, columns(Ledger((), date.min, month, by_dept)), headers, encoding)


BATCH = 2000


def _write_rows(rows: Iterable[LedgerRow], out: IO[bytes], cols: list[Any], headers: Headers, encoding: str) -> int:
    enc = codec(encoding)
    encoder = codecs.getincrementalencoder(enc)()  # one BOM for utf-8-sig, at the very start
    head = header(cols, headers)
    _encode(out, encoder, enc, head, [head], _csv_text([head]), first=1)
    cells = row_reader(cols, headers, PLAIN)
    texts = [n for n, c in enumerate(cols) if CELLS[c.kind] is safe_cell]
    written, remaining = 0, iter(rows)
    while batch := [cells(r) for r in islice(remaining, BATCH)]:
        if any_risky(batch, texts):  # a cell may run as a formula: the batch's text cells through the rule
            for values in batch:
                for n in texts:
                    values[n] = safe_cell(values[n])
        body = _csv_text(batch)
        _encode(out, encoder, enc, head, batch, body, first=written + 2)  # numbered as a spreadsheet shows them
        written += len(batch)
    return written


def _csv_text(rows: list[list[Any]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue()


def _encode(
    out: IO[bytes],
    encoder: codecs.IncrementalEncoder,
    enc: str,
    head: list[str],
    batch: list[list[Any]],
    body: str,
    *,
    first: int,
) -> None:
    try:
        out.write(encoder.encode(body))
    except UnicodeEncodeError:
        raise _unencodable(head, batch, enc, first) from None


# How each kind of column's value becomes a cell: text through the formula rule (csvsafe.safe_cell),
# times as `text` shows them (to the minute). None: as it is, the csv writer writes str(value) (the
# number, the ISO date) and "" for None, which is what `text` gives. PLAIN: the same before the
# formula rule, which a batch needs only where a cell may start like a formula (csvsafe.any_risky).
CELLS: dict[Kind, Callable[[Any], Any] | None] = {"text": safe_cell, "number": None, "date": None, "time": text}
PLAIN: dict[Kind, Callable[[Any], Any] | None] = {**CELLS, "text": None}


def row_cells(cols: Sequence[Column], headers: Headers) -> Callable[[LedgerRow], list[Any]]:
    """A row's CSV cells: each column's value (columns.rules) through its kind's cell rule, made once."""
    return row_reader(cols, headers, CELLS)


def _unencodable(head: list[str], rows: list[list[Any]], enc: str, first: int = 1) -> InvalidInputError:
    for n, row in enumerate(rows, first):
        for column, cell in zip(head, row, strict=False):
            for char in str(cell):
                try:
                    char.encode(enc)
                except UnicodeEncodeError:
                    return InvalidInputError(
                        "export.unencodable", row=n, column=column, char=char, code=f"{ord(char):04X}", encoding=enc
                    )
    return InvalidInputError("export.unencodable", row="?", column="?", char="?", code="?", encoding=enc)


def read_csv(data: bytes, source: str = "-") -> list[LedgerRecord]:
    """The rows of an edited ledger: columns found by header (Chinese or English, any order)."""
    from ..services.ledger_import import LedgerRecord

    if data.startswith(b"PK\x03\x04"):  # a workbook, not text: say what takes it, not "cannot decode"
        raise InvalidInputError("ledger.xlsx", file=source)
    text_ = decode(data, source)
    rows, keys = _rows(text_)
    if "id" not in keys and "code" not in keys:
        raise InvalidInputError("ledger.header", file=source, line=1, columns="、".join(rows[0] if rows else []))
    head = rows[0]
    shown = {k: t("ledger.column", letter=_letter(i), name=head[i].strip()) for i, k in enumerate(keys) if k}
    out = []
    for n, row in enumerate(rows[1:], 2):  # numbered as the spreadsheet shows them: the header is row 1
        if not any(cell.strip() for cell in row):
            continue
        cells: dict[str, str] = {}
        for key, cell in zip(keys, row, strict=False):
            if key and key not in cells:
                cells[key] = restore(cell)
        out.append(LedgerRecord(n, cells, shown))
    return out


def _rows(text_: str) -> tuple[list[list[str]], list[str | None]]:
    """Parse with the delimiter whose header names our columns (Excel may save ; or tab)."""
    best: tuple[list[list[str]], list[str | None]] = ([], [])
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(text_, newline=""), delimiter=delimiter))
        except csv.Error as exc:  # a NUL byte, a cell over csv.field_size_limit() ...
            if delimiter == "\t":
                raise InvalidInputError("csv.unreadable", detail=str(exc)) from exc
            continue
        keys = _keys(rows[0]) if rows else []
        if "id" in keys or "code" in keys:
            return rows, keys
        best = best if best[0] else (rows, keys)
    return best


def _keys(head: list[str]) -> list[str | None]:
    keys: list[str | None] = []
    for cell in head:
        key = ALIASES.get(cell.strip().lstrip("\ufeff").strip())
        keys.append(key if key not in keys else None)
    return keys


def _letter(index: int) -> str:
    """The spreadsheet column letter of a 0-based index: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


__all__ = ["ENCODINGS", "codec", "decode", "read_csv", "stream_csv", "write_csv"]
