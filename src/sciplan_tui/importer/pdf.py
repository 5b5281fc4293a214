"""Text PDFs to lines: page by page with pypdf, running headers, footers and page numbers removed.

Loaded only when a PDF arrives (it imports pypdf). Lines are assembled from positioned fragments
(pdf_lines), so punctuation drawn out of order lands where it is printed. The lines keep the PDF's hard wraps; joining
them into paragraphs is the text cleaner's job, as for any hard-wrapped text. A PDF without
extractable text (a scan) is refused with a message asking for text recognition.
"""

from __future__ import annotations

import io
import logging
import math
import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

from ..errors import ImportFailed

if TYPE_CHECKING:
    from .pdf_lines import Fragment

EDGE = 3  # lines at the top and at the bottom of a page where headers, footers and numbers live
REPEAT_SHARE = 0.4  # a line on the edge of this share of the pages is running (odd/even headers: ~0.5)
MIN_TEXT_PER_PAGE = 20  # fewer non-blank characters per page on average: a scan

_DASHES = r"\-—–－―_~·•.．"
PAGE_NUMBER = re.compile(
    rf"^[\s{_DASHES}]*(?:第\s*)?\d+\s*页?\s*(?:[/／]\s*\d+|[，,]?\s*共\s*\d+\s*页)?[\s{_DASHES}]*$"
    r"|^\s*page\s*\d+(?:\s*of\s*\d+)?\s*$",
    re.IGNORECASE,
)
BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
DASHES_ONLY = re.compile(rf"^[\s{_DASHES}]+$")  # `—  —`: a footer whose page-number field drew no text
CJK = r"\u3400-\u9fff\uf900-\ufaff，。、；：！？（）《》“”"
SPACED = re.compile(rf"(?<=[{CJK}])[ \u3000](?=[{CJK}])")


def read_pdf(data: bytes, name: str) -> str:
    """The text of a PDF, one line per printed line (a table row as one tab-separated line), without
    running headers, footers or page numbers."""
    from .pdf_lines import assemble, group_lines
    from .pdf_tables import Table, join_continued_rows, page_lines

    fragments = page_fragments(data, name)
    grouped = [group_lines(page) for page in fragments]
    plain = [[assemble(line) for line in lines] for lines in grouped]
    if sum(len("".join(text.split())) for texts in plain for text in texts) < MIN_TEXT_PER_PAGE * max(len(plain), 1):
        raise ImportFailed("import.scanned_pdf", file=name)
    running = _running_keys(plain)
    pages: list[list[str]] = []
    table: Table | None = None
    for page, lines, texts in zip(fragments, grouped, plain, strict=True):
        kept = set(_kept_indexes(texts, running))
        dropped = {id(f) for i, line in enumerate(lines) if i not in kept for f in line}
        body: list[Fragment] = [f for f in page if id(f) not in dropped]
        out, table = page_lines(body, table)
        pages.append(out)
    return "\n".join(line for lines in join_continued_rows(pages) for line in _tidy(lines))


def page_fragments(data: bytes, name: str) -> list[list[Fragment]]:
    """Each page's positioned text fragments; ImportFailed for a broken or undecryptable file."""
    try:
        import pypdf  # lazy: only paid for when a PDF arrives

        from .pdf_lines import page_fragments as fragments_of

        logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notes are not the clerk's business
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailed("import.bad_pdf", file=name)
        pages = [fragments_of(page) for page in reader.pages]
    except ImportFailed:
        raise
    except Exception as exc:  # pypdf raises many types (and dependency errors for some ciphers)
        raise ImportFailed("import.bad_pdf", file=name) from exc
    for page in pages:
        for fragment in page:
            fragment.text = "".join(_ordinary(ch) for ch in fragment.text)
    return pages


def _tidy(lines: list[str]) -> list[str]:
    """Trailing blanks dropped; letter-spacing removed from a page set glyph by glyph."""
    lines = [line.rstrip() for line in lines]
    if _letter_spaced(lines):
        lines = [SPACED.sub("", line) for line in lines]
    return lines


def _ordinary(ch: str) -> str:
    """⼯ (a Kangxi radical that some PDF fonts map to) → 工; other characters unchanged."""
    if "\u2e80" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff":
        return unicodedata.normalize("NFKC", ch)
    return ch


def _letter_spaced(lines: list[str]) -> bool:
    """A page whose CJK characters are mostly separated by single spaces (glyph-by-glyph placement)."""
    text = "\n".join(lines)
    cjk = len(re.findall(rf"[{CJK}]", text))
    return cjk >= 20 and len(SPACED.findall(text)) > 0.4 * cjk


def strip_running(pages: list[list[str]]) -> list[list[str]]:
    """Drop page-number lines and lines repeated on the edge (top or bottom) of many pages."""
    running = _running_keys(pages)
    return [[lines[i] for i in _kept_indexes(lines, running)] for lines in pages]


def _kept_indexes(lines: list[str], running: set[str]) -> list[int]:
    """One occurrence of each running line goes: a title that equals the header stays on page 1."""
    edges = set(_edge_indexes(lines))
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    outer = {nonblank[0], nonblank[-1]} if nonblank else set()
    kept, dropped = [], set()
    for i, line in enumerate(lines):
        key = _key(line)
        if i in edges and key in running and key not in dropped:
            dropped.add(key)
            continue
        if i in edges and (PAGE_NUMBER.match(line) or DASHES_ONLY.match(line)):
            continue
        if i in outer and BARE_NUMBER.match(line):
            continue
        kept.append(i)
    return kept


def _running_keys(pages: list[list[str]]) -> set[str]:
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_key(lines[i]) for i in _edge_indexes(lines)})
    needed = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    return {key for key, count in seen.items() if count >= needed and key}


def _edge_indexes(lines: list[str]) -> list[int]:
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    return nonblank[:EDGE] + nonblank[-EDGE:]


def _key(line: str) -> str:
    """A line compared across pages: blanks dropped and numbers generalised (第3页 ≈ 第4页)."""
    return re.sub(r"\d+", "#", "".join(line.split()))
