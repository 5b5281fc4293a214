"""Maintenance commands: backup, restore and check (docs/reliability.md says what each promises)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import EXIT_STORE
from ..i18n import register, t
from .common import confirmed, echo, err, print_json, state

register(
    {
        "help.backup": (
            "备份数据库（SQLite 在线备份，其他人正在使用时也安全）。不给 FILE 时写入数据库旁的 backups/ 目录，"
            "并输出备份文件路径。PostgreSQL 请用 pg_dump。\n\n例：sciplan backup；sciplan backup /mnt/u盘/台账.db",
            "Back up the store (SQLite's online backup: safe while others are using it). Without FILE the "
            "copy goes to backups/ beside the store; the path is printed. For PostgreSQL use pg_dump.\n\n"
            "Examples: sciplan backup; sciplan backup /mnt/usb/ledger.db",
        ),
        "help.restore": (
            "用备份文件替换数据库。先检查备份文件是否完好，并先备份将被替换的数据库。在终端中会先确认；"
            "不在终端中时须加 --yes。"
            "\n\n例：sciplan restore backups/sciplan-20261123T090000000000Z-manual.db --yes",
            "Replace the store with a backup. The backup is checked first, and the store it replaces is "
            "backed up. Asks first in a terminal; elsewhere give --yes.\n\nExample: sciplan restore "
            "backups/sciplan-20261123T090000000000Z-manual.db --yes",
        ),
        "help.check": (
            "检查数据库：SQLite 完整性、外键，以及台账规则（每项任务有方案和行动/工程、每条分工有部门、"
            "历史记录能重现当前状态）。完好时退出码 0，发现问题时为 6。\n\n例：sciplan check；sciplan check --json",
            "Check the store: SQLite integrity, foreign keys and the ledger's rules (every task has a plan and "
            "an item, every assignment a department, the history replays to the current state). Exit code 0 "
            "when sound, 6 when problems are found.\n\nExamples: sciplan check; sciplan check --json",
        ),
        "opt.backup_file": (
            "备份文件路径（默认在数据库旁的 backups/ 目录）",
            "Where to write the backup (default: backups/ beside the store)",
        ),
        "opt.restore_file": ("要恢复的备份文件", "The backup file to restore"),
        "backup.done": ("已备份到 {file}", "Backed up to {file}"),
        "restore.confirm": ("用 {file} 替换数据库 {url}？", "Replace the store {url} with {file}?"),
        "restore.cancel": ("未恢复", "Nothing restored"),
        "restore.kept": ("原数据库已备份到 {file}", "The replaced store was backed up to {file}"),
        "restore.aside": (
            "损坏的原数据库文件已移到 {file}（未删除）",
            "The damaged store file was moved aside to {file} (not deleted)",
        ),
        "restore.done": ("已从 {file} 恢复数据库", "Restored the store from {file}"),
    }
)


def register_commands(app: typer.Typer) -> None:
    app.command("backup", help=t("help.backup"))(backup)
    app.command("restore", help=t("help.restore"))(restore)
    app.command("check", help=t("help.check"))(check)


def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(None, help=t("opt.backup_file"), show_default=False),
) -> None:
    from ..services.safekeeping import backup_to
    from ..services.server_admin import require_whole_store

    # a copy of every plan: admins only, once access is on
    require_whole_store(state(ctx).db, state(ctx).user, "backup", servers=False)
    made = backup_to(state(ctx).db, file)
    echo(str(made))
    err(t("backup.done", file=made))


def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help=t("opt.restore_file"), show_default=False),
    yes: bool = typer.Option(False, "--yes", "-y", help=t("opt.yes")),
) -> None:
    from ..services.safekeeping import location, restore_from
    from ..services.server_admin import require_whole_store

    # it replaces every grant too: admins only
    require_whole_store(state(ctx).db, state(ctx).user, "restore", servers=False)
    if not confirmed(t("restore.confirm", file=file, url=location(state(ctx).db)), yes=yes):
        err(t("restore.cancel"))
        raise typer.Exit(1)
    restored = restore_from(state(ctx).db, file)
    if restored.kept is not None:
        err(t("restore.aside" if ".damaged-" in restored.kept.name else "restore.kept", file=restored.kept))
    err(t("restore.done", file=file))


def check(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from ..services.integrity import summary
    from ..services.safekeeping import check_store

    report = check_store(state(ctx).db)
    if as_json:
        print_json(report.to_dict())
    else:
        echo(summary(report))
    if not report.ok:
        raise typer.Exit(EXIT_STORE)
