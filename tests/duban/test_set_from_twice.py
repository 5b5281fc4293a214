"""`set --from FILE` is idempotent: the same reply file twice records its notes once."""

from __future__ import annotations

import json


def test_the_same_reply_file_twice_adds_each_note_once(two_plans, cli, tmp_path):  # type: ignore[no-untyped-def]
    reply = tmp_path / "reply.csv"
    reply.write_text(
        "code,status,note\n样例县-A1.1,进行中,已召开部署会\n样例县-A1.2,,已制定方案\n", encoding="utf-8-sig"
    )
    assert cli("set", "--from", str(reply)).exit_code == 0
    again = cli("set", "--from", str(reply))
    assert again.exit_code == 0, again.output
    shown = json.loads(cli("show", "样例县-A1.1", "--json").stdout)
    assert [n["text"] for n in shown["notes"]] == ["已召开部署会"]
    history = json.loads(cli("history", "--json").stdout)
    assert [h["note"] for h in history if h["field"] == "note"] == ["set --from reply.csv"] * 2
    other = tmp_path / "other.csv"  # the same words from another file are that file's note
    other.write_text("code,note\n样例县-A1.1,已召开部署会\n", encoding="utf-8")
    assert cli("set", "--from", str(other)).exit_code == 0
    shown = json.loads(cli("show", "样例县-A1.1", "--json").stdout)
    assert len(shown["notes"]) == 2


def test_an_undone_note_comes_back_on_a_rerun(two_plans, cli, tmp_path):  # type: ignore[no-untyped-def]
    reply = tmp_path / "reply.csv"
    reply.write_text("code,note\n样例县-A1.1,已召开部署会\n", encoding="utf-8")
    assert cli("set", "--from", str(reply)).exit_code == 0
    assert cli("undo", "--yes").exit_code == 0
    assert cli("set", "--from", str(reply)).exit_code == 0
    shown = json.loads(cli("show", "样例县-A1.1", "--json").stdout)
    assert [n["text"] for n in shown["notes"]] == ["已召开部署会"]


def test_the_notes_of_a_source_are_found_by_the_source_alone(two_plans):  # type: ignore[no-untyped-def]
    """The check reads the partial index of note changes by source (migration 7), not each task's
    history: a file never applied before costs one index look-up, however many lines it has."""
    from sciplan_tui.services.sources import notes_of, once_per_source, tag
    from sciplan_tui.services.updates import TaskUpdate

    label = tag("reply.csv")
    with two_plans.store.sql() as db:
        task_id = db.scalar("SELECT MIN(id) FROM task")
        kept = once_per_source(db, [TaskUpdate(task_id, note="已部署", source=label)])
        if not db.postgres:
            sql, params = notes_of([label])
            plan = " ".join(str(r) for r in db.rows("EXPLAIN QUERY PLAN " + sql, params))
            assert "ix_change_note_source" in plan, plan
    assert [u.note for u in kept] == ["已部署"]
