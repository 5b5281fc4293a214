"""Old binary Word .doc and WPS .wps files: converted to .docx by LibreOffice headless when installed.

The only I/O in the importer besides reading the file: the bytes go to a private temporary
directory, LibreOffice runs there with its own throwaway user profile (so it neither touches nor
waits for the user's running office) and a timeout, and the .docx it writes is read back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import ImportFailed

TIMEOUT = 120.0  # seconds; a first start of LibreOffice builds its profile and can take a while
CANDIDATES = ("soffice", "libreoffice", "lowriter")
KNOWN_PATHS = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_office() -> str | None:
    """The LibreOffice executable: SCIPLAN_SOFFICE, then PATH, then the usual install places."""
    chosen = os.environ.get("SCIPLAN_SOFFICE")
    if chosen:
        return chosen if Path(chosen).exists() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in KNOWN_PATHS if Path(path).exists()), None)


def is_compound_file(data: bytes) -> bool:
    """A well-formed OLE compound-file header (what .doc and .wps are): version, byte order, sector size."""
    if len(data) < 512:
        return False
    major = int.from_bytes(data[26:28], "little")
    byte_order = data[28:30]
    shift = int.from_bytes(data[30:32], "little")
    return byte_order == b"\xfe\xff" and (major, shift) in ((3, 9), (4, 12))


def convert_to_docx(data: bytes, name: str, *, timeout: float = TIMEOUT) -> bytes:
    """The .docx bytes LibreOffice makes of an old .doc/.wps; ImportFailed naming the file otherwise."""
    if not is_compound_file(data):
        raise ImportFailed("import.legacy_doc", file=name)
    office = find_office()
    if office is None:
        raise ImportFailed("import.legacy_needs_office", file=name)
    with tempfile.TemporaryDirectory(prefix="sciplan-doc-") as work:
        folder = Path(work)
        source = folder / "plan.doc"  # Kingsoft .wps is Word's binary format: let LibreOffice read it as one
        source.write_bytes(data)
        _run(office, source, folder, name, timeout)
        produced = folder / "out" / (source.stem + ".docx")
        if not produced.exists():
            raise ImportFailed("import.legacy_failed", file=name, value="no output")
        return produced.read_bytes()


def _run(office: str, source: Path, folder: Path, name: str, timeout: float) -> None:
    profile = (folder / "profile").as_uri()
    command = [
        office,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(folder / "out"),
        str(source),
    ]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console window on Windows
            start_new_session=sys.platform != "win32",  # its own process group: a timeout ends all of it
        )
    except OSError as exc:
        raise ImportFailed("import.legacy_failed", file=name, value=exc.strerror or str(exc)) from exc
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill(process)
        raise ImportFailed("import.legacy_failed", file=name, value=f"timeout {timeout:.0f}s") from exc


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End the converter and the soffice.bin it started (its own process group), then reap it."""
    if sys.platform == "win32":
        process.kill()
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
