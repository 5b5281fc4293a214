"""The bundled plans (data/seed in the repo, sciplan_tui/seed in the wheel) and seeding a store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import register

if TYPE_CHECKING:
    from .services import Services
    from .services.imports import ImportResult

register(
    {
        "seed.done": (
            "已创建数据库并导入 {count} 个随附的实施方案：{url}",
            "Created the store and imported {count} bundled plans: {url}",
        ),
    }
)


def seed_dir() -> Path:
    """Where the bundled plan documents are: inside the installed package, else the source tree."""
    packaged = Path(__file__).with_name("seed")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "seed"


def seed_files() -> list[Path]:
    return sorted(p for p in seed_dir().iterdir() if p.suffix in (".txt", ".docx"))


def import_bundled(services: Services) -> list[ImportResult]:
    from .importer import read_plan

    return services.import_plans([read_plan(path) for path in seed_files()])
