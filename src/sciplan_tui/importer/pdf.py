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

from ..errors import ImportFailed

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
    """The text of a PDF, one extracted line per line, without running headers, footers or page numbers."""
    pages = [_page_lines(text) for text in page_texts(data, name)]
    if sum(len("".join(line.split())) for lines in pages for line in lines) < MIN_TEXT_PER_PAGE * max(len(pages), 1):
        raise ImportFailed("import.scanned_pdf", file=name)
    return "\n".join(line for lines in strip_running(pages) for line in lines)


def page_texts(data: bytes, name: str) -> list[str]:
    """Each page's extracted text; ImportFailed for a broken or undecryptable file."""
    try:
        import pypdf  # lazy: only paid for when a PDF arrives

        logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notes are not the clerk's business
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailed("import.bad_pdf", file=name)
        from .pdf_lines import page_lines

        return ["\n".join(page_lines(page)) for page in reader.pages]
    except ImportFailed:
        raise
    except Exception as exc:  # pypdf raises many types (and dependency errors for some ciphers)
        raise ImportFailed("import.bad_pdf", file=name) from exc


def _page_lines(text: str) -> list[str]:
    """Lines of one page: Kangxi radicals and compatibility ideographs made ordinary, letter-spacing removed."""
    text = "".join(_ordinary(ch) for ch in text)
    lines = [line.rstrip() for line in text.replace("\r", "\n").split("\n")]
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
    return [_strip_page(lines, running) for lines in pages]


def _strip_page(lines: list[str], running: set[str]) -> list[str]:
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
        kept.append(line)
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
