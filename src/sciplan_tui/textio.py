"""Text files as offices send them: UTF-8 with or without BOM, else GB18030 (Excel on Chinese Windows)."""

from __future__ import annotations

from .errors import InvalidInputError
from .i18n import register

MAX_INPUT_BYTES = 64 * 1024 * 1024  # a bulk file or a ledger is kilobytes; /dev/zero is endless

register(
    {
        "text.too_big": (
            "{file} 超过 {limit} MB，不像是台账或批量文件",
            "{file} is larger than {limit} MB: not a ledger or a bulk file",
        ),
        "file.unreadable": ("无法读取文件 {file}：{detail}", "Cannot read {file}: {detail}"),
        "text.encoding": (
            "无法识别文件 {file} 的编码（应为 UTF-8 或 GB18030）",
            "Cannot decode {file} (expected UTF-8 or GB18030)",
        ),
    }
)


def read_bytes(source: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file, or of stdin for "-", refusing more than `limit` (InvalidInputError)."""
    import sys

    try:
        if source == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(source, "rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise InvalidInputError("file.unreadable", file=source, detail=exc.strerror or str(exc)) from exc
    if len(data) > limit:
        raise InvalidInputError("text.too_big", file=source, limit=limit // (1024 * 1024))
    return data


def decode(data: bytes, source: str = "-") -> str:
    """The text of `data`; InvalidInputError naming `source` when neither encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInputError("text.encoding", file=source)
