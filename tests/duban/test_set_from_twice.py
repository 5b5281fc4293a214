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
