"""Who is making a change: the OS user (or --as / SCIPLAN_USER) and, over SSH, where from."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    name: str
    host: str | None = None

    @classmethod
    def detect(cls, override: str | None = None) -> Actor:
        name = override or os.environ.get("SCIPLAN_USER") or _os_user()
        return cls(name=name, host=_ssh_origin())

    def label(self) -> str:
        return f"{self.name}@{self.host}" if self.host else self.name


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def _ssh_origin() -> str | None:
    """The client address of an SSH session (SSH_CLIENT / SSH_CONNECTION), if any."""
    for var in ("SSH_CLIENT", "SSH_CONNECTION"):
        value = os.environ.get(var, "").split()
        if value:
            return value[0]
    return None
