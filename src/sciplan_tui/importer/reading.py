"""Bytes to text: encoding detection for text files; Word .docx, text PDFs and old .doc/.wps by signature.

Each document format is read by its own module, imported only when such a file arrives:
word (python-docx), pdf (pypdf), legacy (LibreOffice, converting to .docx), html_text (a saved web page).
"""

from __future__ import annotations

import codecs
import io
import zipfile

from ..errors import ImportFailed

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word .doc, .xls
PDF_MAGIC = b"%PDF"
BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ", b"\x1f\x8b", b"Rar!")
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def decode(data: bytes, name: str) -> str:
    """Decode a plan file (text, .docx, PDF, .doc/.wps) into one text, table rows as tab-separated lines."""
    if not data.strip():
        raise ImportFailed("import.empty", file=name)
    if data.startswith(ZIP_MAGIC):
        return read_docx(data, name)
    if data.startswith(OLE_MAGIC):
        from .legacy import convert_to_docx  # lazy: runs LibreOffice, only for an old .doc/.wps

        return read_docx(convert_to_docx(data, name), name)
    if data[:1024].lstrip().startswith(PDF_MAGIC):
        from .pdf import read_pdf  # lazy: pypdf is only paid for when a PDF arrives

        return read_pdf(data, name)
    if data.startswith(BINARY_MAGIC):
        raise ImportFailed("import.binary", file=name)
    text = decode_text(data, name)
    if _control_ratio(text) > 0.01:
        raise ImportFailed("import.binary", file=name)
    from .html_text import html_lines, looks_like_html  # standard library only: cheap

    return html_lines(text) if looks_like_html(text) else text


def decode_text(data: bytes, name: str) -> str:
    """Strict decoding: BOM first, then UTF-8, then GB18030 (or Big5 for a traditional plan); else refused."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    if b"\x00" in data:
        key = "import.unknown_encoding" if _looks_utf16(data) else "import.binary"
        raise ImportFailed(key, file=name)
    for encoding in ("utf-8", "gb18030"):
        try:
            text = _decode_truncated(data, encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and not _has_plan_words(text):
            return _big5(data) or text
        return text
    raise ImportFailed("import.unknown_encoding", file=name)


PLAN_WORDS = ("科学素质", "提升行动", "重点工程", "科學素質", "提升行動", "重點工程")


def _has_plan_words(text: str) -> bool:
    return any(word in text for word in PLAN_WORDS)


def _big5(data: bytes) -> str | None:
    """A traditional-character plan saved as Big5: GB18030 reads its bytes too, as nonsense, so
    Big5 wins only when it decodes cleanly and reads as a plan."""
    try:
        text = _decode_truncated(data, "big5hkscs")
    except UnicodeDecodeError:
        return None
    return text if _has_plan_words(text) else None


def _decode_truncated(data: bytes, encoding: str) -> str:
    """Strict decoding that forgives only a character cut off at the very end (a truncated copy)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.end < len(data) or exc.start < len(data) - 3:
            raise
        return data[: exc.start].decode(encoding)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFailed("import.unknown_encoding", file=name, value=encoding) from exc


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: the zero bytes (high bytes of ASCII) sit almost all at one parity."""
    sample = data[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return even + odd >= 4 and max(even, odd) >= 0.75 * (even + odd)


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ch < " " and ch not in ALLOWED_CONTROLS)
    return controls / max(len(text), 1)


def read_docx(data: bytes, name: str) -> str:
    """Paragraphs (with Word's automatic numbers) and table rows of a .docx, in document order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ImportFailed("import.bad_docx", file=name)
        import docx  # lazy: python-docx is only paid for when a .docx arrives

        from .word import docx_lines

        return "\n".join(docx_lines(docx.Document(io.BytesIO(data))))
    except ImportFailed:
        raise
    except Exception as exc:  # zipfile, lxml and python-docx raise many types for a broken file
        raise ImportFailed("import.bad_docx", file=name) from exc
