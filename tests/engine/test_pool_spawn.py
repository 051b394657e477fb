"""Issue 18: the pool where workers are spawned, as on the office's Windows PCs, and when a
pool is worth starting at all.

There a worker is a new interpreter: everything it is given is pickled (the master, the task it
reads ahead, every plan) and it imports and warms the writers itself; the same workers read and
then write. Linux forks them, so the rest of the suite never takes that path. Here the run is
made in a child interpreter whose start method is "spawn", then "fork", and over two days the
two workspaces must end with the same outputs and check-in workbook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from hoithao.checkin.vocab import CHECKIN_BACKUP_DIR, CHECKIN_SHEET
from hoithao.engine import pool
from hoithao.run import run
from hoithao.workspace import CACHE_DIR, Workspace

from ..checkin.test_attendance import mark
from ..conftest import REPO, TODAY, ReturnFactory, form_row, tree_hashes, write_return

DRIVER = """
import multiprocessing, sys
from datetime import date, datetime
from pathlib import Path

if __name__ == "__main__":  # a spawned worker imports this file again, as __mp_main__
    multiprocessing.set_start_method(sys.argv[1])
    from hoithao.engine import pool
    from hoithao.run import run
    from hoithao.workspace import Workspace

    # a pool for these few returns, two workers on any machine
    pool.PARALLEL_THRESHOLD = pool.SPAWNED_READ_THRESHOLD = pool.SPAWNED_RUN_THRESHOLD = 1
    pool._worker_count = lambda: 2
    read_here = []  # returns this process read (a forked reader counts in its own copy)
    encode = pool._process_and_encode
    pool._process_and_encode = lambda jobs, *args: read_here.extend(jobs) or encode(jobs, *args)
    ws = Workspace(Path(sys.argv[2]))
    result = run(ws, today=date.fromisoformat(sys.argv[3]), now=datetime.fromisoformat(sys.argv[4]))
    print(multiprocessing.get_start_method(), len(read_here), *result.outputs, sep="\\n")
"""


def _run(method: str, ws: Workspace, now: datetime, driver: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "scripts"))
    done = subprocess.run(
        [sys.executable, str(driver), method, str(ws.root), TODAY.isoformat(), now.isoformat()],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0] == method
    assert lines[1] == "0"  # the main process read nothing: the workers did
    return lines[2:]


def _outputs(ws: Workspace) -> dict[Path, object]:
    """Every output's content by its place; not the cache (its keys hold the returns' times);
    the check-in backups by content alone (named by the clock when they were made)."""
    found: dict[Path, object] = {}
    backups = []
    for name, digest in tree_hashes(ws.output_dir).items():
        path = Path(name).relative_to(ws.root)
        if Path(CACHE_DIR) in path.parents:
            continue
        if path.parent == Path(CHECKIN_BACKUP_DIR):
            backups.append(digest)
        else:
            found[path] = digest
    found[Path(CHECKIN_BACKUP_DIR)] = sorted(backups)
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="no fork to compare with")
def test_spawned_workers_write_what_forked_ones_write_over_two_days(
    workspace: Workspace, make_return: ReturnFactory, tmp_path: Path
) -> None:
    make_return(
        "CS02.xlsx", [form_row(1, "Nguyễn Văn An"), form_row(2, "Phạm Thu Hằng")], unit_code="CS02"
    )
    make_return("CS03.xlsx", [form_row(1, "Trần Thị Bình", phone="12345")], unit_code="CS03")
    make_return("CS04.xlsx", [form_row(1, "Lê Văn Cường", role="Đảng viên")], unit_code="CS04")
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    spawned = Workspace(workspace.root.with_name("spawned"))
    shutil.copytree(workspace.root, spawned.root)
    day_one, day_two = datetime(2022, 5, 15, 9, 0), datetime(2022, 5, 15, 16, 30)

    forked_outputs = _run("fork", workspace, day_one, driver)
    assert _run("spawn", spawned, day_one, driver) == forked_outputs
    assert _outputs(spawned) == _outputs(workspace)
    assert spawned.checkin.read_bytes() == workspace.checkin.read_bytes()

    # the afternoon: a unit withdraws its return, another sends one; staff marked the check-in
    # workbook meanwhile (the append keeps their marks: read ahead by a spawned worker)
    mark(workspace, {0: {"Có mặt": "x"}, 1: {"Vắng có lý do": "x"}})
    shutil.copy2(workspace.checkin, spawned.checkin)
    write_return(
        workspace.returns_dir / "CS05.xlsx", [form_row(1, "Đặng Thị Hoa")], unit_code="CS05"
    )
    for ws in (workspace, spawned):
        (ws.returns_dir / "CS03.xlsx").unlink()
    shutil.copy2(workspace.returns_dir / "CS05.xlsx", spawned.returns_dir / "CS05.xlsx")
    forked_outputs = _run("fork", workspace, day_two, driver)
    assert _run("spawn", spawned, day_two, driver) == forked_outputs
    assert _outputs(spawned) == _outputs(workspace)
    assert _outputs(spawned)[Path(CHECKIN_BACKUP_DIR)]  # the marked workbook, kept
    assert spawned.checkin.read_bytes() == workspace.checkin.read_bytes()
    for ws in (workspace, spawned):
        assert not list(ws.checkin.parent.glob(".~tmp-*"))
    # staff's marks kept, the new delegate appended
    sheet = openpyxl.load_workbook(spawned.checkin)[CHECKIN_SHEET]
    header, *rows = sheet.iter_rows(values_only=True)
    column = {name: i for i, name in enumerate(header)}
    assert rows[0][column["Có mặt"]] == "x"
    assert rows[1][column["Vắng có lý do"]] == "x"
    assert rows[-1][column["Họ và tên"]] == "Đặng Thị Hoa"


@pytest.mark.parametrize(
    ("forked", "cores", "files", "to_read", "pays"),
    [
        (True, 2, 63, 63, False),
        (True, 2, 64, 0, True),  # the writers' pool of a re-run
        (True, 1, 10_000, 10_000, False),  # one core: a worker would only take turns
        (False, 2, 100, 100, False),  # the office's ~100 units: one process is faster
        (False, 2, 300, 300, True),  # enough to read
        (False, 2, 1_000, 1, False),  # a re-run after one new return
        (False, 2, 3_000, 1, True),  # enough to write
        (False, 1, 3_000, 3_000, False),
    ],
)
def test_a_pool_of_spawned_workers_is_started_only_for_more_work(
    monkeypatch: pytest.MonkeyPatch, forked: bool, cores: int, files: int, to_read: int, pays: bool
) -> None:
    monkeypatch.setattr(pool, "_forked", lambda: forked)
    monkeypatch.setattr(pool, "_worker_count", lambda: cores)
    assert pool.pool_pays(files, to_read) is pays


@pytest.mark.parametrize(("forked", "cores"), [(False, 2), (True, 1)], ids=["spawned", "one core"])
def test_a_small_run_spawned_or_on_one_core_starts_no_pool(
    workspace: Workspace,
    make_return: ReturnFactory,
    monkeypatch: pytest.MonkeyPatch,
    forked: bool,
    cores: int,
) -> None:
    """The same run forked on two cores starts a pool (test_pool.py); here it would cost more."""
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    make_return("CS03.xlsx", [form_row(1, "Trần Thị Bình")], unit_code="CS03")
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_forked", lambda: forked)
    monkeypatch.setattr(pool, "_worker_count", lambda: cores)
    started: list[object] = []
    monkeypatch.setattr(pool.WorkerPool, "start", lambda *args, **kw: started.append(args))
    read_here: list[object] = []
    process_and_encode = pool._process_and_encode
    monkeypatch.setattr(
        pool,
        "_process_and_encode",
        lambda jobs, *a: read_here.extend(jobs) or process_and_encode(jobs, *a),
    )
    run(workspace, today=TODAY)
    assert started == []
    assert len(read_here) == 2
    assert workspace.checkin.exists()
