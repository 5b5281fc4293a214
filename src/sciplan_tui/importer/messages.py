"""Catalogue entries for the importer's errors (Chinese first, English second)."""

from __future__ import annotations

from ..i18n import register

register(
    {
        "import.missing": ("文件 {file} 不存在", "file {file} does not exist"),
        "import.unreadable": ("无法读取文件 {file}", "cannot read file {file}"),
        "import.empty": ("文件 {file} 是空的", "file {file} is empty"),
        "import.binary": (
            "文件 {file} 是二进制文件，不是文本或 Word 文档",
            "file {file} is binary, not text or a Word document",
        ),
        "import.legacy_doc": (
            "文件 {file} 是旧版 Word（.doc）格式，请另存为 .docx 或文本后再导入",
            "file {file} is an old Word .doc file; save it as .docx or text first",
        ),
        "import.legacy_needs_office": (
            "文件 {file} 是旧版 Word/WPS（.doc/.wps）格式，读取它需要 LibreOffice："
            "请安装（如 apt-get install libreoffice-writer）后再导入，或在 Word/WPS 中另存为 .docx",
            "file {file} is an old Word/WPS (.doc/.wps) file; reading it needs LibreOffice: "
            "install it (e.g. apt-get install libreoffice-writer) or save the file as .docx in Word/WPS",
        ),
        "import.legacy_failed": (
            "LibreOffice 无法转换文件 {file}（{value}）：请确认已安装 LibreOffice Writer"
            "（如 apt-get install libreoffice-writer），或在 Word/WPS 中另存为 .docx 后再导入",
            "LibreOffice could not convert file {file} ({value}): check that LibreOffice Writer is installed "
            "(e.g. apt-get install libreoffice-writer), or save the file as .docx in Word/WPS first",
        ),
        "import.scanned_pdf": (
            "文件 {file} 是扫描版 PDF，没有可提取的文字，请先进行文字识别（OCR）或使用原始 Word/文本文件",
            "file {file} is a scanned PDF with no extractable text; run text recognition (OCR) on it "
            "or use the original Word or text file",
        ),
        "import.bad_pdf": (
            "文件 {file} 不是有效的 PDF 文档，或已加密无法读取",
            "file {file} is not a valid PDF document, or it is encrypted",
        ),
        "import.bad_docx": (
            "文件 {file} 不是有效的 Word（.docx）文档",
            "file {file} is not a valid Word .docx document",
        ),
        "import.unknown_encoding": (
            "无法识别文件 {file} 的编码（支持 UTF-8、GB18030/GBK）",
            "cannot detect the encoding of file {file} (UTF-8 and GB18030/GBK are supported)",
        ),
        "import.not_a_plan": (
            "文件 {file} 不是全民科学素质行动实施方案（未找到提升行动、重点工程或科学素质字样）",
            "file {file} is not a scientific-literacy implementation plan "
            "(no actions, projects or 科学素质 wording found)",
        ),
    }
)
