"""Child processes end with their parent: the pool's workers when the main process is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hoithao.workspace import MASTER_FILE, Workspace

from ..conftest import REPO

pytestmark = pytest.mark.skipif(os.name == "nt", reason="kill -9 is POSIX")


def python(script: str, ws: Workspace) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "HOITHAO_ROOT": str(ws.root)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)], env=env, stdout=subprocess.PIPE, text=True
    )


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return "gone"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_workers_end_when_the_main_process_is_killed(workspace: Workspace) -> None:
    script = f"""
        import os, time
        from hoithao.engine.pool import WorkerPool
        from hoithao.master.read import read_master
        from hoithao.workspace import Workspace
        ws = Workspace.resolve(os.environ["HOITHAO_ROOT"])
        pool = WorkerPool()
        executor = pool.start(read_master(ws.master, display_path={MASTER_FILE!r}))
        list(executor.map(abs, range(20)))
        print(" ".join(map(str, executor._processes)), flush=True)
        time.sleep(600)
    """
    process = python(script, workspace)
    assert process.stdout is not None
    workers = [int(pid) for pid in process.stdout.readline().split()]
    assert workers
    assert all(_state(pid) not in ("gone", "Z") for pid in workers)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    deadline = time.monotonic() + 30  # a bound on the wait, not a speed assertion
    while time.monotonic() < deadline and any(_state(p) not in ("gone", "Z") for p in workers):
        time.sleep(0.1)
    assert {_state(p) for p in workers} <= {"gone", "Z"}
