"""Department contacts: set, shown in depts (table, JSON, CSV), logged, scoped to a plan."""

from __future__ import annotations

import json

import pytest

from sciplan_tui.errors import InvalidInputError, NotFoundError
from sciplan_tui.services import Services
from sciplan_tui.services.contacts import contacts, set_contact


def test_set_contact_logs_and_reads_back(two_plans: Services) -> None:
    saved = set_contact(two_plans, "县教育局", plan="样例县", contact="张三", phone="13800000000", note="办公室")
    assert (saved.contact, saved.phone, saved.note, saved.plan_code) == ("张三", "13800000000", "办公室", "样例县")
    again = set_contact(two_plans, "县教育局", plan="样例县", phone="")  # an empty string clears one field
    assert again.phone is None and again.contact == "张三"
    found = contacts(two_plans, "样例县")
    assert found[saved.dept_id].contact == "张三"
    other = [c for c in contacts(two_plans).values() if c.plan_code == "另一县" and c.name == "县教育局"]
    assert other[0].contact is None  # the same name in another plan is another department
    logged = [c for c in two_plans.history() if c.field == "contact"]
    assert [c.new for c in logged] == ["张三（办公室）", "张三 13800000000（办公室）"]


def test_a_name_in_two_plans_needs_the_plan(two_plans: Services) -> None:
    with pytest.raises(InvalidInputError):
        set_contact(two_plans, "县教育局", contact="张三")
    with pytest.raises(NotFoundError):
        set_contact(two_plans, "县公安局", plan="样例县", contact="张三")
    with pytest.raises(InvalidInputError):
        set_contact(two_plans, "县教育局", plan="样例县")


def test_depts_shows_contacts(two_plans: Services, cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("dept", "set", "县科协", "--plan", "另一县", "--contact", "王五", "--phone", "0736-1234567")
    assert done.exit_code == 0, done.output
    table = cli("depts", "--plan", "另一县")
    assert "王五" in table.stdout and "0736-1234567" in table.stdout
    rows = json.loads(cli("depts", "--json").stdout)
    mine = [r for r in rows if r["name"] == "县科协" and r["plan_code"] == "另一县"]
    assert mine[0]["contact"] == "王五" and mine[0]["phone"] == "0736-1234567"
    assert "contact,phone,contact_note" in cli("depts", "--csv").stdout.splitlines()[0]
