"""Text files as offices send them: UTF-8 with or without BOM, else GB18030 (Excel on Chinese Windows)."""

from __future__ import annotations

from .errors import InvalidInputError
from .i18n import register

register(
    {
        "text.encoding": (
            "无法识别文件 {file} 的编码（应为 UTF-8 或 GB18030）",
            "Cannot decode {file} (expected UTF-8 or GB18030)",
        ),
    }
)


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
