"""Bad input never produces a traceback or a half-write: property-based fuzzing with hypothesis.

Corrupted seed documents (truncated, shuffled lines, random bytes, wrong encodings, ~1 MB lines) go through
the importer and through `sciplan import plan`; fuzzed values go to every CLI argument that takes a date, a
status, an ID or a file. Allowed: a result, or a clear error with exit code 2, 3 or 4, and the store
unchanged after an error.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciplan_tui.errors import SciplanError
from sciplan_tui.importer import parse_bytes

from .conftest import SEED_FILES, dump, invoke

# Property-based fuzzing runs hundreds of examples: with the slow tests, which CI runs too.
pytestmark = pytest.mark.slow

SEEDS = [p.read_bytes() for p in SEED_FILES]
# TRUST_FUZZ_EXAMPLES=500 for a deeper run outside the normal suite.
FUZZ = settings(
    max_examples=int(os.environ.get("TRUST_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ALLOWED = {0, 2, 3, 4}


@st.composite
def corrupted_plans(draw: st.DrawFn) -> bytes:
    """A seed document damaged in one or two of the ways real files arrive damaged."""
    data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 2))):
        how = draw(
            st.sampled_from(
                ["truncate", "shuffle", "splice", "random", "encoding", "huge_line", "drop_lines", "crlf_nul"]
            )
        )
        data = _damage(draw, data, how)
    return data


def _damage(draw: st.DrawFn, data: bytes, how: str) -> bytes:
    if how == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if how == "random":
        return draw(st.binary(max_size=4000))
    if how == "splice":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=300)) + data[at:]
    lines = data.split(b"\n")
    if how == "shuffle":
        return b"\n".join(draw(st.permutations(lines)))
    if how == "drop_lines":
        keep = draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
        return b"\n".join(line for line, k in zip(lines, keep, strict=True) if k)
    if how == "huge_line":
        at = draw(st.integers(0, len(lines)))
        filler = draw(st.sampled_from(["科学素质" * 60_000, "x" * 1_000_000, "1." * 400_000]))
        return b"\n".join([*lines[:at], filler.encode("utf-8"), *lines[at:]])
    if how == "crlf_nul":
        return data.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r", b"\x00\n", b"\x0c"])))
    text = data.decode("utf-8", errors="replace")  # encoding: the right text in a wrong encoding
    codec = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "big5", "shift_jis", "latin-1", "gb18030"]))
    return text.encode(codec, errors="replace")


@FUZZ
@given(corrupted_plans())
def test_the_importer_returns_a_draft_or_a_clear_error(data: bytes):
    try:
        draft = parse_bytes(data, "damaged.txt")
    except SciplanError as exc:
        assert exc.message() and "Traceback" not in exc.message()
        return
    assert draft.task_count() >= 0 and draft.checksum


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import make_seeded

    return make_seeded(tmp_path_factory.mktemp("fuzz") / "seeded.db")


def _fresh(template: Path) -> Path:
    target = Path(tempfile.mkdtemp(prefix="sciplan-fuzz-")) / "sciplan.db"
    shutil.copy(template, target)
    return target


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in ALLOWED, (result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output
    if result.exit_code:
        assert result.stderr.strip(), "an error must say what went wrong"


@FUZZ
@given(corrupted_plans())
def test_import_plan_imports_or_fails_cleanly_and_never_half_writes(template_db: Path, data: bytes):
    db = _fresh(template_db)
    try:
        doc = db.parent / "plan.txt"
        doc.write_bytes(data)
        before = dump(db)
        result = invoke(db, "import", "plan", str(doc))
        _no_traceback(result)
        if result.exit_code:
            assert dump(db) == before
    finally:
        shutil.rmtree(db.parent, ignore_errors=True)


SPECIAL = [
    "",
    " ",
    "0",
    "-1",
    "1-0",
    "1-999999999",
    "99999999999999999999",
    "１２",
    "澧县-A1.3",
    "A1.3",
    "澧县-",
    "-A",
    "1,,2",
    "2025-02-30",
    "2025-13-01",
    "9999-12-31",
    "0001-01-01",
    "+99999999w",
    "-3d",
    "2025年底",
    "下月底",
    "eom",
    "30d",
    "10000000d",
    "%s",
    "{x}",
    "{}",
    "'; DROP TABLE task;--",
    "\t",
    "done",
    "已完成",
    "飞行中",
    "DONE ",
    "..",
    "1..3",
    "\u200b1",
    "１-３",
]
VALUES = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30),
)
COMMANDS = [
    ("set", "1", "--due", "{}"),
    ("set", "2", "--status", "{}"),
    ("set", "{}", "--progress", "40"),
    ("set", "3", "--progress", "{}"),
    ("show", "{}"),
    ("note", "{}", "进展"),
    ("target", "{}"),
    ("tasks", "--due-before", "{}"),
    ("tasks", "--due-after", "{}"),
    ("tasks", "--due-within", "{}"),
    ("tasks", "--status", "{}"),
    ("due", "--within", "{}"),
    ("history", "{}"),
    ("history", "--since", "{}"),
    ("import", "plan", "{}"),
    ("restore", "{}", "--yes"),
    ("set", "4", "--due", "{}", "--plan", "{}"),
]


def test_a_huge_numeric_id_is_not_found(fuzz_db: Path):
    result = invoke(fuzz_db, "show", "99999999999999999999")
    _no_traceback(result)


def test_a_huge_window_is_a_clear_error(fuzz_db: Path):
    _no_traceback(invoke(fuzz_db, "due", "--within", "99999999999999999999"))


def test_history_since_a_date(fuzz_db: Path):
    result = invoke(fuzz_db, "history", "--since", "2026-11-01")
    _no_traceback(result)
    assert result.exit_code == 0


def test_a_bulk_csv_with_a_bare_carriage_return_is_a_clear_error(fuzz_db: Path):
    source = fuzz_db.parent / "cr.csv"
    source.write_bytes(b"id,status\n1\r,done\n")
    _no_traceback(invoke(fuzz_db, "set", "--from", str(source)))


@pytest.fixture
def fuzz_db(template_db: Path) -> Path:
    db = _fresh(template_db)
    yield db
    shutil.rmtree(db.parent, ignore_errors=True)


@FUZZ
@given(st.sampled_from(COMMANDS), VALUES)
def test_fuzzed_dates_statuses_ids_and_paths_give_a_result_or_a_clear_error(fuzz_db: Path, command, value):
    args = [value if a == "{}" else a for a in command]
    before = dump(fuzz_db)
    result = invoke(fuzz_db, *args)
    _no_traceback(result)
    if result.exit_code:
        assert dump(fuzz_db) == before


@st.composite
def bulk_files(draw: st.DrawFn) -> bytes:
    header = draw(
        st.sampled_from(
            ["id,status,progress,due,note", "code,状态,进度,截止日期,备注", "任务编号,新进展", "name,value", ""]
        )
    )
    rows = draw(st.lists(st.lists(VALUES, min_size=1, max_size=5), max_size=8))
    text = "\n".join([header, *(",".join(v.replace("\n", " ") for v in row) for row in rows)])
    shape = draw(st.sampled_from(["csv", "jsonl", "bytes", "gbk"]))
    if shape == "jsonl":
        return "\n".join(json.dumps({"id": r[0][:5] or "1", "status": r[-1][:8]}) for r in rows).encode()
    if shape == "bytes":
        return draw(st.binary(max_size=2000))
    return text.encode("gb18030" if shape == "gbk" else "utf-8", errors="replace")


@FUZZ
@given(bulk_files())
def test_fuzzed_bulk_files_apply_entirely_or_change_nothing(fuzz_db: Path, data: bytes):
    source = fuzz_db.parent / "bulk.csv"
    source.write_bytes(data)
    before = dump(fuzz_db)
    result = invoke(fuzz_db, "set", "--from", str(source))
    _no_traceback(result)
    if result.exit_code:
        assert dump(fuzz_db) == before
