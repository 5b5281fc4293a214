"""Shared fixtures: isolated stores, a frozen clock, a fixed actor and small hand-made plan drafts."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.i18n import set_lang
from sciplan_tui.importer.drafts import (
    AssignmentDraft,
    DepartmentDraft,
    ItemDraft,
    MilestoneDraft,
    PlanDraft,
    TargetDraft,
    TaskDraft,
)

TODAY = date(2026, 11, 23)
SEEDS = sorted((Path(__file__).resolve().parents[1] / "data" / "seed").glob("*.txt"))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test touches the real user data dir, and every test starts in Chinese."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("SCIPLAN_DB", raising=False)
    monkeypatch.delenv("SCIPLAN_USER", raising=False)
    monkeypatch.delenv("SSH_CLIENT", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.setenv("SCIPLAN_LANG", "zh")
    monkeypatch.setenv("SCIPLAN_TODAY", TODAY.isoformat())
    set_lang("zh")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "sciplan.db"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, db_path: Path):
    """The store's location: a SQLite file, or a fresh PostgreSQL database (skipped without a server)."""
    if request.param == "sqlite":
        yield str(db_path)
        return
    from tests import pg

    if reason := pg.unavailable():
        pytest.skip(reason)
    name = pg.create_database()
    yield pg.url_of(name)
    pg.drop_database(name)


@pytest.fixture
def store(store_url: str):
    from sciplan_tui.store import open_store

    s = open_store(store_url)
    yield s
    s.dispose()


@pytest.fixture
def services(store):
    from sciplan_tui.services import Services

    return Services(store, Actor("clerk"), Clock(TODAY))


def make_draft(
    *, jurisdiction: str = "样例县", tasks_per_item: int = 2, version: str = "v1", extra_task: bool = False
) -> PlanDraft:
    """A small plan: 2 actions and 1 project, a blank target, an unassigned project, 2 milestones."""
    lead = AssignmentDraft("县教育局", "lead", "item")
    part = AssignmentDraft("县科协", "participant", "item")

    def tasks(prefix: str, n: int) -> tuple[TaskDraft, ...]:
        out = []
        for i in range(1, n + 1):
            targets = (TargetDraft("培育高素质农民7500人", 7500, "人", 2025, 10),) if i == 1 else ()
            out.append(
                TaskDraft(
                    i,
                    f"{prefix}任务{i}",
                    f"{prefix}任务{i}。正文{version}",
                    (),
                    targets,
                    2023 if i == 2 else None,
                    10 + i,
                )
            )
        if extra_task:
            out.append(TaskDraft(n + 1, f"{prefix}新增任务", "新增。", (), (), None, 40))
        return tuple(out)

    items = (
        ItemDraft("action", 1, "青少年科学素质提升行动", "引言", (lead, part), tasks("青少年", tasks_per_item), 5),
        ItemDraft(
            "action",
            2,
            "农民科学素质提升行动",
            "引言",
            (AssignmentDraft("县农业农村局", "lead", "item"),),
            tasks("农民", tasks_per_item),
            20,
        ),
        ItemDraft("project", 1, "科普基础设施工程", "引言", (), tasks("设施", 1), 30),
    )
    text = f"{jurisdiction}{version}{tasks_per_item}{extra_task}".encode()
    return PlanDraft(
        title=f"{jurisdiction}全民科学素质行动规划纲要实施方案（2021-2025年）",
        jurisdiction=jurisdiction,
        level="县",
        period_start=2021,
        period_end=2025,
        doc_number="样府办发〔2022〕1号",
        issue_date="2022-04-21",
        issuer=f"{jurisdiction}人民政府办公室",
        is_draft=False,
        headline_target="公民具备科学素质的比例超过15%",
        source_name=f"{jurisdiction}.txt",
        checksum=hashlib.sha256(text).hexdigest(),
        items=items,
        milestones=(
            MilestoneDraft(1, "启动实施", "2021年到2022年", 2021, 2022, 50),
            MilestoneDraft(2, "总结评估", "2025年", 2025, 2025, 51),
        ),
        departments=(
            DepartmentDraft("县教育局", ("教育局",)),
            DepartmentDraft("县科协"),
            DepartmentDraft("县农业农村局"),
        ),
    )


def seed_bundled(location: str | Path) -> None:
    """Import the five bundled plans into the store at `location` (a path or URL) and close it;
    a SQLite file is checkpointed so that it can be copied as a template."""
    import sqlite3

    from sciplan_tui.seed import import_bundled
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store

    store = open_store(location)
    import_bundled(Services(store, Actor("importer"), Clock(TODAY)))
    store.dispose()
    if store.path is not None:
        with sqlite3.connect(store.path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture
def seeded(services):
    """Services over a store holding one small hand-made plan."""
    services.import_plan(make_draft())
    return services
