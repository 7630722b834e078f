"""`make run` starts a worker beside the server, and the worker stops when the server does.

The recipe runs for real with a stand-in `panelist` (a shell script that records its pid and
sleeps as `worker` and as `runserver`), so only the Makefile's process handling is tested."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

STAND_IN = """#!/bin/sh
case "$1" in
  worker|runserver) echo $$ > "$(dirname "$0")/$1.pid"; exec sleep 600 ;;
esac
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split()[2] == "Z")


def _wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def make_run(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").touch()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "panelist").write_text(STAND_IN)
    (bin_dir / "panelist").chmod(0o755)
    process = subprocess.Popen(
        ["make", "run", f"BIN={bin_dir}", "-o", ".venv/.installed"],
        cwd=tmp_path,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pids = {name: bin_dir / f"{name}.pid" for name in ("worker", "runserver")}
    assert _wait_for(lambda: all(p.exists() and p.read_text().strip() for p in pids.values()))
    yield process, {name: int(path.read_text()) for name, path in pids.items()}
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_ctrl_c_stops_the_server_and_the_worker(make_run):
    process, pids = make_run
    assert _alive(pids["worker"]) and _alive(pids["runserver"])
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
    process.wait(timeout=10)
    assert _wait_for(lambda: not _alive(pids["worker"]) and not _alive(pids["runserver"]))


def test_the_worker_stops_when_the_server_stops(make_run):
    process, pids = make_run
    os.kill(pids["runserver"], signal.SIGTERM)
    process.wait(timeout=10)
    assert _wait_for(lambda: not _alive(pids["worker"]))
