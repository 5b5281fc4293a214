"""One error hierarchy: domain code raises these; the CLI and TUI translate them at the edge."""

from __future__ import annotations

from .i18n import t

# Exit codes, documented in docs/cli.md.
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_INVALID = 4
EXIT_BUSY = 5
EXIT_STORE = 6
EXIT_CONFLICT = 7
EXIT_DENIED = 8


class SciplanError(Exception):
    """Base of every expected failure. `key` names a catalogue message."""

    exit_code = EXIT_STORE

    def __init__(
        self,
        key: str,
        *,
        file: str | None = None,
        line: int | None = None,
        value: str | None = None,
        **params: object,
    ) -> None:
        self.key = key
        self.file = file
        self.line = line
        self.value = value
        self.params = params
        super().__init__(key)

    def message(self) -> str:
        """The message in the current language, with file, line and value where known."""
        params = dict(self.params)
        if self.file is not None:
            params.setdefault("file", self.file)
        if self.value is not None:
            params.setdefault("value", self.value)
        text = t(self.key, **params)
        where = []
        if self.file is not None and "{file}" not in _raw(self.key):
            where.append(t("error.file", file=self.file))
        if self.line is not None:
            where.append(t("error.line", line=self.line))
        if self.value is not None and "{value}" not in _raw(self.key):
            where.append(t("error.value", value=self.value))
        return f"{t('comma').join(where)}{t('colon')}{text}" if where else text

    def __str__(self) -> str:
        return self.message()


def _raw(key: str) -> str:
    from .i18n import _CATALOGUE

    entry = _CATALOGUE.get(key)
    return (entry or {}).get("zh", "") + (entry or {}).get("en", "")


class UsageError(SciplanError):
    exit_code = EXIT_USAGE


class NotFoundError(SciplanError):
    exit_code = EXIT_NOT_FOUND


class InvalidInputError(SciplanError):
    """Bad input: a file, a line, a value. Carries every problem found when there are several."""

    exit_code = EXIT_INVALID

    def __init__(self, key: str, *, problems: list[SciplanError] | None = None, **kw: object) -> None:
        super().__init__(key, **kw)  # type: ignore[arg-type]
        self.problems = problems or []

    def message(self) -> str:
        head = super().message()
        if not self.problems:
            return head
        return "\n".join([head, *("  " + p.message() for p in self.problems)])


class ImportFailed(InvalidInputError):
    """A document that cannot be read as a plan."""


class StoreBusyError(SciplanError):
    exit_code = EXIT_BUSY


class StoreError(SciplanError):
    exit_code = EXIT_STORE


class ConflictError(SciplanError):
    exit_code = EXIT_CONFLICT


class PermissionDenied(SciplanError):
    exit_code = EXIT_DENIED
