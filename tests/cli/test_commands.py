"""Every command through typer's CliRunner against a store seeded from the real plans."""

from __future__ import annotations

import json

import pytest

from sciplan_tui.errors import EXIT_INVALID, EXIT_NOT_FOUND


def test_plans_json_lists_the_five_seeds(cli):
    result = cli("plans", "--json")
    assert result.exit_code == 0, result.output
    plans = json.loads(result.stdout)
    assert [p["code"] for p in plans] == ["澧县", "彭水自治县", "郴州市", "南湖新区", "万年县"]
    assert all(p["actions"] == 5 and p["tasks"] > 25 for p in plans)


def test_tasks_filters_and_formats(cli):
    result = cli("tasks", "--plan", "万年县", "--dept", "县科协", "--lead", "--kind", "project", "--json")
    rows = json.loads(result.stdout)
    assert rows and all(r["plan"] == "万年县" and r["kind"] == "project" for r in rows)
    assert all("县科协" in r["leads"] for r in rows)
    ids = cli("tasks", "--plan", "万年县", "--dept", "县科协", "--lead", "--kind", "project", "--ids").stdout.split()
    assert ids == [str(r["id"]) for r in rows]
    csv_out = cli("tasks", "--plan", "澧县", "--csv").stdout.lstrip("\ufeff").splitlines()
    assert csv_out[0].startswith("id,code,plan") and len(csv_out) == 1 + 36 + 3


def test_free_text_searches_titles_and_departments(cli):
    by_dept = json.loads(cli("tasks", "--plan", "澧县", "县乡村振兴局", "--json").stdout)
    assert by_dept and all(r["item"] == "农民科学素质提升行动" for r in by_dept)
    rows = json.loads(cli("tasks", "智慧助老", "--json").stdout)
    assert sum("智慧助老" in r["title"] for r in rows) >= 3
    assert {r["plan"] for r in rows} >= {"澧县", "万年县"}


def test_show_by_code_gives_departments_with_roles(cli):
    result = cli("show", "万年县-A1.1", "--json")
    detail = json.loads(result.stdout)
    roles = {(a["department"], a["role"], a["source"]) for a in detail["assignments"]}
    assert ("县教体局", "lead", "item") in roles
    assert ("团县委", "participant", "task") in roles


def test_set_records_actor_and_accepts_chinese_labels_and_dates(cli):
    result = cli(
        "set", "澧县-A1.1", "澧县-A1.2", "--status", "进行中", "--due", "2026年底", "--note", "已部署", user="wang"
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("show", "澧县-A1.1", "--json").stdout)
    assert shown["task"]["status"] == "in_progress" and shown["task"]["due_date"] == "2026-12-31"
    history = json.loads(cli("history", "澧县-A1.1", "--json").stdout)
    assert {h["actor"] for h in history} == {"wang"}
    assert {h["field"] for h in history} == {"status", "due_date", "note"}


def test_set_ranges_of_ids(cli):
    result = cli("set", "1-3", "--progress", "50")
    assert result.exit_code == 0, result.output
    rows = json.loads(cli("tasks", "--plan", "澧县", "--json").stdout)
    assert [r["progress"] for r in rows[:4]] == [50, 50, 50, 0]


def test_note_from_stdin_and_target(cli):
    assert cli("note", "郴州市-A2.2", "-", input="召开培训会 3 场\n").exit_code == 0
    detail = json.loads(cli("show", "郴州市-A2.2", "--json").stdout)
    assert detail["notes"][0]["text"] == "召开培训会 3 场"
    task_with_target = next(
        r for r in json.loads(cli("tasks", "--json").stdout) if json.loads(cli("target", str(r["id"]), "--json").stdout)
    )
    result = cli("target", str(task_with_target["id"]), "--number", "1", "--achieved", "12")
    assert result.exit_code == 0, result.output
    [first, *_] = json.loads(cli("target", str(task_with_target["id"]), "--json").stdout)
    assert first["achieved"] == 12


def test_bulk_csv_from_stdin_applies_in_one_batch(cli):
    result = cli("set", "--from", "-", input="code,status,progress\n澧县-A1.1,done,\n澧县-A1.2,,30\n")
    assert result.exit_code == 0, result.output
    history = json.loads(cli("history", "--json").stdout)
    assert len({h["batch"] for h in history if h["field"] in ("status", "progress")}) == 1


def test_undo_reverts_the_last_change(cli):
    cli("set", "澧县-A1.1", "--status", "blocked")
    result = cli("undo", "--yes")
    assert result.exit_code == 0, result.output
    assert json.loads(cli("show", "澧县-A1.1", "--json").stdout)["task"]["status"] == "not_started"


def test_due_lists_overdue_and_soon(cli):
    cli("set", "澧县-A1.1", "--due", "+10d")
    report = json.loads(cli("due", "--within", "30d", "--json").stdout)
    assert [r["code"] for r in report["due_soon"]] == ["澧县-A1.1"]
    assert len(report["overdue"]) > 100


def test_depts_counts_leads_and_joins(cli):
    rows = json.loads(cli("depts", "--plan", "澧县", "--json").stdout)
    edu = next(r for r in rows if r["name"] == "县教育局")
    assert edu["leads"] >= 6 and edu["joins"] >= 1


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("set", "999999", "--status", "done"), EXIT_NOT_FOUND, "999999"),
        (("set", "1", "--status", "flying"), EXIT_INVALID, "flying"),
        (("set", "1", "--due", "明年某天"), EXIT_INVALID, "明年某天"),
        (("set", "1", "--progress", "150"), EXIT_INVALID, "150"),
        (("tasks", "--dept", "不存在局"), EXIT_NOT_FOUND, "不存在局"),
        (("show", "澧县-Z9.9"), EXIT_NOT_FOUND, "Z9.9"),
        (("set", "A1.1", "--status", "done"), EXIT_INVALID, "A1.1"),
        (("set", "1"), EXIT_INVALID, "--status"),
    ],
)
def test_bad_input_exits_non_zero_names_the_fault_and_changes_nothing(cli, args, code, needle):
    before = cli.dump()
    result = cli(*args)
    assert result.exit_code == code, result.output
    assert needle in result.stderr
    assert cli.dump() == before


def test_malformed_bulk_file_reports_every_line(cli, tmp_path):
    bad = tmp_path / "bulk.csv"
    bad.write_text("id,status,due\n1,done,\n2,飞行中,\n999999,done,\n3,,2025-13-45\n", encoding="utf-8")
    before = cli.dump()
    result = cli("set", "--from", str(bad))
    assert result.exit_code == EXIT_INVALID
    for line in ("第 3 行", "第 4 行", "第 5 行"):
        assert line in result.stderr
    assert cli.dump() == before


def test_unknown_tasks_in_a_bulk_file_are_all_named_with_the_file(cli, tmp_path):
    """Only unknown IDs (every other line good): the write names each of them, with its line and the
    file, and writes nothing (the IDs are looked up once, under the write lock)."""
    bulk = tmp_path / "reply.csv"
    bulk.write_text("id,status,note\n999998,done,x\n1,进行中,已部署\n999999,done,y\n", encoding="utf-8")
    before = cli.dump()
    result = cli("set", "--from", str(bulk))
    assert result.exit_code == EXIT_INVALID, result.output
    for needle in ("reply.csv", "第 2 行", "999998", "第 4 行", "999999"):
        assert needle in result.stderr
    assert "第 3 行" not in result.stderr
    assert cli.dump() == before


def test_empty_stdin_is_refused(cli):
    before = cli.dump()
    assert cli("note", "1", "-", input="").exit_code == EXIT_INVALID
    assert cli("set", "--from", "-", input="").exit_code == EXIT_INVALID
    assert cli.dump() == before


def test_english_messages(cli):
    result = cli("--lang", "en", "set", "1", "--status", "flying")
    assert "Unknown status" in result.stderr


def test_history_filters_by_plan_and_user(cli):
    cli("set", "澧县-A1.1", "--status", "blocked", "--note", "经费未到位", user="wang")
    cli("note", "万年县-A1.1", "已部署", user="li")
    rows = json.loads(cli("history", "--plan", "澧县", "--json").stdout)
    assert {r["task_code"] for r in rows if r["task_code"]} == {"澧县-A1.1"}
    assert {r["field"] for r in rows} == {"status", "note", "import"}  # the plan's own import entry too
    mine = json.loads(cli("history", "--by", "li", "--json").stdout)
    assert [r["task_code"] for r in mine] == ["万年县-A1.1"]


def test_a_cover_page_only_shows_metadata_but_is_not_imported(cli, tmp_path):
    from tests.conftest import SEEDS

    cover = tmp_path / "cover.txt"
    cover.write_text("\n".join(SEEDS[1].read_text(encoding="utf-8").splitlines()[:30]), encoding="utf-8")
    dry = cli("import", "plan", str(cover), "--dry-run", "--json")
    assert dry.exit_code == 0
    extraction = json.loads(dry.stdout)
    assert extraction["doc_number"] == "彭水府办发〔2022〕44号" and extraction["counts"]["tasks"] == 0
    assert [w["code"] for w in extraction["warnings"]] == ["no_tasks"]
    before = cli.dump()
    refused = cli("import", "plan", str(cover))
    assert refused.exit_code == 4 and "--allow-empty" in refused.stderr
    assert cli.dump() == before


def test_import_plan_dry_run_tree_and_revision(cli, tmp_path):
    from tests.conftest import SEEDS

    tree = cli("import", "plan", str(SEEDS[4]), "--dry-run").stdout
    assert "A1 青少年科学素质提升行动" in tree and "牵头：县教体局、县科协" in tree
    again = cli("import", "plan", str(SEEDS[4]))
    assert again.exit_code == 0 and "无变化" in again.stdout
    cli("set", "万年县-A1.1", "--status", "进行中", "--note", "已部署")
    revised = tmp_path / "万年县修订.txt"
    revised.write_text(
        SEEDS[4].read_text(encoding="utf-8").replace("高度重视科学精神", "始终高度重视科学精神"), encoding="utf-8"
    )
    result = cli("import", "plan", str(revised))
    assert result.exit_code == 0 and "已更新" in result.stdout
    shown = json.loads(cli("show", "万年县-A1.1", "--json").stdout)
    assert shown["task"]["status"] == "in_progress" and "始终高度重视" in shown["body"]
    assert [n["text"] for n in shown["notes"]] == ["已部署"]
    assert {h["field"] for h in shown["history"]} >= {"status", "note", "body"}


def test_sorting_by_lead_department_and_refusing_an_unknown_key(cli):
    rows = json.loads(cli("tasks", "--plan", "澧县", "--kind", "action", "--sort", "lead", "--json").stdout)
    firsts = [min(r["leads"]) for r in rows]
    assert firsts == sorted(firsts) and len(rows) == 21
    bad = cli("tasks", "--sort", "colour")
    assert bad.exit_code == 4 and "colour" in bad.stderr
