"""`make run` installs what the app needs; only `make test` adds the test extras."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _plan(folder: Path, target: str) -> str:
    """The commands `make` would run for ``target`` (dry run: nothing is executed)."""
    done = subprocess.run(
        ["make", "-n", target], cwd=folder, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def checkout(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _pretend_done(plan: str, folder: Path) -> None:
    """Create the stamps a real run of ``plan`` would have touched."""
    (folder / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
    (folder / ".venv" / "bin" / "python").touch()
    for line in plan.splitlines():
        if line.startswith("touch "):
            (folder / line.split(maxsplit=1)[1]).touch()


def test_make_run_installs_the_app_without_the_test_extras(checkout):
    plan = _plan(checkout, "run")
    assert "pip install --quiet -e ." in plan
    assert "[test]" not in plan


def test_a_second_make_run_installs_nothing(checkout):
    _pretend_done(_plan(checkout, "run"), checkout)
    assert "pip install" not in _plan(checkout, "run")


def test_make_test_after_make_run_adds_the_test_extras_once(checkout):
    _pretend_done(_plan(checkout, "run"), checkout)
    plan = _plan(checkout, "test")
    assert "pip install --quiet -e '.[test]'" in plan
    assert "pip install --quiet -e .\n" not in plan
    _pretend_done(plan, checkout)
    assert "pip install" not in _plan(checkout, "test")
    assert "pip install" not in _plan(checkout, "run")
