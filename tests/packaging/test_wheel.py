"""A plain (non-editable) wheel carries the bundled plans: `sciplan init` works from it alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # processes started and killed, or a wheel built: run by .ci/run with -m slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if built.returncode != 0:
        pytest.skip(f"could not build a wheel here (no build backend reachable): {built.stderr[-300:]}")
    return next(out.glob("sciplan_tui-*.whl"))


def test_wheel_contains_the_seeds(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert sum(n.startswith("sciplan_tui/seed/") and n.endswith(".txt") for n in names) == 5


def test_installed_wheel_initialises_a_store(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, timeout=300)
    # Dependencies come from the test environment's site-packages; the package itself only from the wheel.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"], "SCIPLAN_DB": str(tmp_path / "s.db")}
    where = subprocess.run(
        [py, "-c", "import sciplan_tui; print(sciplan_tui.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in where.stdout
    init = subprocess.run([env_dir / "bin" / "sciplan", "init"], env=env, capture_output=True, text=True, timeout=300)
    assert init.returncode == 0, init.stderr
    plans = subprocess.run(
        [env_dir / "bin" / "sciplan", "plans", "--json"], env=env, capture_output=True, text=True, check=True
    )
    assert len(json.loads(plans.stdout)) == 5
