"""Issue 6: the fast paths give the same results as the plain ones.

The guard inflates small files from memory (streamed through zipfile otherwise), a large run
writes its outputs from worker processes, and re-runs keep feedback files whose content has not
changed. Each is checked here against the slower path it replaces.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import struct
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hoithao.checkin.rows import CheckinRow
from hoithao.engine import pool
from hoithao.engine.unchanged import MANIFEST
from hoithao.intake import guard
from hoithao.intake.guard import UnsafeFileError, check_file
from hoithao.outputs.feedback import FEEDBACK_MANIFEST
from hoithao.run import run
from hoithao.workspace import CACHE_DIR, Workspace

from ..conftest import TODAY, ReturnFactory, form_row, tree_hashes, write_return
from ..intake.test_guard import PARTS, SHEET_HEAD, cell, corner_xlsx, write_xlsx


def _outcome(path: Path) -> str:
    try:
        check_file(path)
    except UnsafeFileError as exc:
        return str(exc)
    return "ok"


def _lying_sizes(path: Path) -> Path:
    write_xlsx(path, f'<row r="1">{cell("A1", "a" * 5000)}</row>')
    data = bytearray(path.read_bytes())
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + 24] == b"xl/worksheets/sheet1.xml":
                struct.pack_into("<I", data, start + size_at, 100)
            start += 4
    path.write_bytes(bytes(data))
    return path


def _stored(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        rows = f'<row r="1">{cell("A1", "a")}</row><row r="7">{cell("J7", "b")}</row>'
        archive.writestr(
            "xl/worksheets/sheet1.xml", f"{SHEET_HEAD}<sheetData>{rows}</sheetData></worksheet>"
        )
    return path


CASES = {
    "ok": lambda p: write_xlsx(p, f'<row r="1">{cell("A1", "a")}</row>'),
    "stored": _stored,
    "corner": corner_xlsx,
    "lying_sizes": _lying_sizes,
    "style_only_far": lambda p: write_xlsx(
        p, f'<row r="1">{cell("A1", "a")}</row><row r="1048576"><c r="XFD1048576" s="0"/></row>'
    ),
    "far_without_refs": lambda p: write_xlsx(
        p,
        '<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row>'
        '<row r="900000"><c><v>1</v></c></row>',
    ),
    "vertical_tab": lambda p: write_xlsx(
        p,
        f'<row r="1">{cell("A1", "a")}</row><row r="90000"><c\x0b r="XFD90000"><v>1</v></c></row>',
    ),
    "cols_and_cells": lambda p: write_xlsx(
        p,
        f'<row r="1">{cell("A1", "a")}<c r="B1" t="s" s="2"><v>0</v></c></row>'
        '<row r="90000"><c t="s" r="XFD90000"><v>1</v></c></row>',
    ),
    "doctype": lambda p: write_xlsx(
        p,
        f'<row r="1">{cell("A1", "a")}</row>',
        head=f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>{SHEET_HEAD[21:]}',
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_guard_in_memory_and_streamed_paths_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    path = CASES[case](tmp_path / f"{case}.xlsx")
    fast = _outcome(path)
    monkeypatch.setattr(guard, "FAST_FILE", 0)  # every file streamed through zipfile, as before
    assert _outcome(path) == fast
    if case in ("ok", "stored", "style_only_far"):
        assert fast == "ok"
    else:
        assert fast != "ok"


def _returns(make_return: ReturnFactory) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An"), form_row(2, "")], unit_code="CS02")
    make_return("CS03.xlsx", [form_row(1, "Trần Thị Bình", phone="12345")], unit_code="CS03")
    make_return("CS04.xlsx", [form_row(1, "Lê Văn Cường", role="Đảng viên")], unit_code="CS04")


def test_parallel_run_writes_the_same_outputs(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _returns(make_return)
    twin = Workspace(workspace.root.with_name("twin"))
    shutil.copytree(workspace.root, twin.root)
    now = datetime(2022, 5, 15, 9, 0)  # the snapshot in output/lich_su/ is named by the run's time
    serial = run(workspace, today=TODAY, now=now)
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    parallel = run(twin, today=TODAY, now=now)
    assert parallel.outputs == serial.outputs
    # the times the outputs were written at: not content
    manifests = {Path(CACHE_DIR, MANIFEST), Path(CACHE_DIR, FEEDBACK_MANIFEST)}

    def relative(hashes: dict[str, str], root: Path) -> dict[Path, str]:
        found = {Path(k).relative_to(root): v for k, v in hashes.items()}
        return {k: v for k, v in found.items() if k not in manifests}

    assert relative(tree_hashes(twin.output_dir), twin.root) == relative(
        tree_hashes(workspace.output_dir), workspace.root
    )
    # the check-in workbook, built as a draft while workers write, is the one the serial run writes
    assert twin.checkin.read_bytes() == workspace.checkin.read_bytes()
    assert not list(twin.checkin.parent.glob(".~tmp-*"))


def test_unchanged_feedback_files_are_kept_and_changed_ones_rewritten(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    _returns(make_return)
    run(workspace, today=TODAY)
    folder = workspace.output_dir / "phan_hoi"
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.glob("CS0*.xlsx")}
    assert {"CS02.xlsx", "CS03.xlsx"} <= set(before)
    make_return("CS03.xlsx", [form_row(1, "Trần Thị Bình", phone="12346")], unit_code="CS03")
    run(workspace, today=TODAY)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.glob("CS0*.xlsx")}
    assert after["CS02.xlsx"] == before["CS02.xlsx"]  # same issues: left alone
    assert after["CS03.xlsx"][1] != before["CS03.xlsx"][1]  # the phone it quotes changed


def test_checkin_rerun_with_nothing_new_skips_openpyxl(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from hoithao.checkin.append import _plain_listing, nothing_to_change
    from hoithao.checkin.rows import checkin_rows
    from hoithao.engine.consolidate import build

    def _nothing_to_do(path: Path, rows: list[CheckinRow]) -> bool:
        listing = _plain_listing(path)
        return listing is not None and nothing_to_change(listing, rows)

    _returns(make_return)
    run(workspace, today=TODAY)
    rows = checkin_rows(build(workspace, today=TODAY).delegates, build(workspace).master)
    assert _nothing_to_do(workspace.checkin, rows)
    assert not _nothing_to_do(workspace.checkin, rows[1:])  # one to mark withdrawn
    assert not _nothing_to_do(workspace.checkin, [*rows, rows[0].__class__("X-1", *"abcdef")])

    def no_openpyxl(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl loaded for a re-run with nothing new")

    monkeypatch.setattr(openpyxl, "load_workbook", no_openpyxl)
    digest = tree_hashes(workspace.checkin.parent)
    run(workspace, today=TODAY)
    assert tree_hashes(workspace.checkin.parent) == digest
    monkeypatch.undo()

    book = openpyxl.load_workbook(workspace.checkin)  # a formula where a code was: openpyxl decides
    book.worksheets[0]["A2"] = '="' + str(book.worksheets[0]["A2"].value) + '"'
    book.save(workspace.checkin)
    assert not _nothing_to_do(workspace.checkin, rows)


def test_parallel_run_raises_a_writers_failure_after_writing_the_rest(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoithao.errors import LockedOutputError
    from hoithao.outputs import runner
    from hoithao.outputs.signin import write_signin

    _returns(make_return)

    def locked(*args: object) -> str:
        raise LockedOutputError("Không ghi được output/danh_sach_ky_ten.xlsx: tệp đang mở")

    writers = tuple(locked if write is write_signin else write for write in runner.WRITERS)
    monkeypatch.setattr(runner, "WRITERS", writers)
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    with pytest.raises(LockedOutputError, match="danh_sach_ky_ten"):
        run(workspace, today=TODAY)
    assert (workspace.output_dir / "tong_hop.xlsx").exists()  # written by a worker all the same
    assert (workspace.output_dir / "phan_hoi" / "gui_phan_hoi.xlsx").exists()
    assert not workspace.checkin.exists()  # the check-in still comes only after all the rest
    assert not list(workspace.checkin.parent.glob(".~tmp-*"))  # its draft was dropped


def test_returns_read_in_batches_give_what_one_by_one_gives(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoithao.engine import returns
    from hoithao.intake.read import find_returns
    from hoithao.master.read import read_master

    _returns(make_return)
    (workspace.returns_dir / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    master = read_master(workspace.master)
    paths, _ = find_returns(workspace.returns_dir)
    jobs = [(p, workspace.rel(p)) for p in paths]
    one_by_one = [returns.process_return(p, master, name) for p, name in jobs]
    monkeypatch.setattr(returns, "BATCH_BYTES", 1)  # every checked file flushes the batch
    flushed = returns.process_returns(jobs, master)
    monkeypatch.undo()
    together = returns.process_returns(jobs, master)

    def outcome(results: list[returns.ReturnResult]) -> list[object]:
        return [(r.log, r.unit_code, r.delegates, r.issues) for r in results]

    assert outcome(flushed) == outcome(one_by_one) == outcome(together)
    assert [r.log.status for r in together].count("rejected") == 1


def test_a_plan_that_cannot_be_made_leaves_no_draft_in_workbooks(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plans go to the workers as they are made: the check-in draft may be under way when a
    later plan fails; the run then stops without leaving the draft beside staff's files."""
    from hoithao.outputs import runner

    _returns(make_return)

    def broken(ws: Workspace) -> None:
        time.sleep(1)  # the check-in draft, sent before, is made meanwhile
        raise RuntimeError("plan")

    monkeypatch.setattr(runner, "feedback_written", broken)  # made after the draft is sent
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    with pytest.raises(RuntimeError, match="plan"):
        run(workspace, today=TODAY)
    assert not workspace.checkin.exists()
    assert not list(workspace.checkin.parent.glob(".~tmp-*"))


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="readers of their own where forked"
)
def test_forked_readers_are_gone_once_read_and_the_writers_read_nothing(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What reading leaves in a worker (~75 MB at 5,000 returns) leaves with it: the writers'
    workers, forked before anything is read, never read."""
    from hoithao.intake.read import find_returns
    from hoithao.master.read import read_master

    _returns(make_return)
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    master = read_master(workspace.master)
    paths, _ = find_returns(workspace.returns_dir)
    workers = pool.WorkerPool()
    try:
        found = pool.process_all(
            [(p, workspace.rel(p)) for p in paths], master, progress=lambda *_: None, pool=workers
        )
        assert [r.unit_code for r in found] == ["CS02", "CS03", "CS04"]
        writers = workers.executor
        assert writers is not None
        assert {p.pid for p in multiprocessing.active_children()} == set(writers._processes)
        assert [writers.submit(pool.returns_read_here).result() for _ in range(4)] == [0] * 4
    finally:
        workers.close()


def _read_all(workspace: Workspace, workers: pool.WorkerPool) -> list[str | None]:
    from hoithao.intake.read import find_returns
    from hoithao.master.read import read_master

    master = read_master(workspace.master)
    paths, _ = find_returns(workspace.returns_dir)
    jobs = [(p, workspace.rel(p)) for p in paths]
    return [
        r.unit_code for r in pool.process_all(jobs, master, progress=lambda *_: None, pool=workers)
    ]


def test_with_another_thread_running_the_writers_read_the_returns(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forking a process whose other threads may hold a lock can leave the child stuck: with a
    thread running, no readers of their own are forked, and the pool's workers read."""
    _returns(make_return)
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    workers = pool.WorkerPool()
    try:
        assert _read_all(workspace, workers) == ["CS02", "CS03", "CS04"]
        assert workers.executor is not None
        assert not workers._lean  # its workers were given the master: they read
    finally:
        stop.set()
        other.join()
        workers.close()


def test_lean_writers_started_before_the_reading_was_known_leave_it_to_this_process(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoithao.master.read import read_master

    _returns(make_return)
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    workers = pool.WorkerPool()
    try:
        writers = workers.start(read_master(workspace.master))  # nothing to read, it was thought
        assert _read_all(workspace, workers) == ["CS02", "CS03", "CS04"]
        if multiprocessing.get_start_method() == "fork":
            assert [writers.submit(pool.returns_read_here).result() for _ in range(4)] == [0] * 4
    finally:
        workers.close()


# a task ahead: given to a worker as the pool starts, its result taken only if it is ready
def _slow_answer() -> str:
    time.sleep(1)
    return "late"


def _failing() -> str:
    raise OSError("đọc lỗi")


@pytest.mark.parametrize(
    ("task", "wait", "expected"),
    [(_slow_answer, False, None), (str, True, ""), (_failing, True, None), (None, True, None)],
)
def test_a_task_ahead_is_taken_if_done_and_never_waited_for(
    workspace: Workspace, task: object, wait: bool, expected: object
) -> None:
    from hoithao.master.read import read_master

    workers = pool.WorkerPool(ahead=task)  # type: ignore[arg-type]
    try:
        workers.start(read_master(workspace.master))
        if wait and workers._ahead is not None:
            with contextlib.suppress(OSError):
                workers._ahead.result()
        started = time.perf_counter()
        assert workers.ahead_result() == expected
        assert time.perf_counter() - started < 0.5
        assert workers.ahead_result() is None  # taken once
    finally:
        workers.close()


def test_a_parallel_rerun_appends_from_what_a_worker_read_ahead(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check-in workbook read ahead by a worker while the run is consolidated: the draft
    made from it is the one the serial run makes."""
    from hoithao.checkin.append import AppendPrep

    _returns(make_return)
    twin = Workspace(workspace.root.with_name("twin"))
    run(workspace, today=TODAY)
    shutil.copytree(workspace.root, twin.root)
    for ws in (workspace, twin):
        (ws.returns_dir / "CS03.xlsx").unlink()
        write_return(ws.returns_dir / "CS05.xlsx", [form_row(1, "Đặng Thị Hoa")], unit_code="CS05")
    run(workspace, today=TODAY)  # serial
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    taken: list[object] = []
    ahead_result = pool.WorkerPool.ahead_result

    def waited(self: pool.WorkerPool) -> object:
        if self._ahead is not None:
            self._ahead.result()  # (the run is too small to finish before it is done)
        taken.append(ahead_result(self))
        return taken[-1]

    monkeypatch.setattr(pool.WorkerPool, "ahead_result", waited)
    run(twin, today=TODAY)
    assert len(taken) == 1
    assert isinstance(taken[0], AppendPrep)
    assert twin.checkin.read_bytes() == workspace.checkin.read_bytes()
    assert not list(twin.checkin.parent.glob(".~tmp-*"))


def test_the_collector_pauses_for_the_build_but_never_in_the_workers(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers forked while the build paused the garbage collector (they read hostile files,
    whose libraries make cycles) collect; the pause ends with the block, even on a failure."""
    import gc

    _returns(make_return)
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    assert gc.isenabled()
    workers = pool.WorkerPool()
    try:
        with pool.collector_paused():
            assert not gc.isenabled()
            assert _read_all(workspace, workers) == ["CS02", "CS03", "CS04"]
            assert workers.executor is not None
            assert [workers.executor.submit(gc.isenabled).result() for _ in range(4)] == [True] * 4
        assert gc.isenabled()
    finally:
        workers.close()
    with pytest.raises(ZeroDivisionError), pool.collector_paused():
        _ = 1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with pool.collector_paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is theirs to end
    finally:
        gc.enable()


def test_returns_read_in_this_process_are_read_with_the_collector_on(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-core PC reads every return in the main process: the libraries that read them make
    reference cycles, collected even while the build pauses the collector."""
    import gc

    from hoithao.intake.read import find_returns
    from hoithao.master.read import read_master

    _returns(make_return)
    monkeypatch.setattr(pool, "_worker_count", lambda: 1)
    seen: list[bool] = []
    original = pool._process_and_encode

    def reading(*args: Any) -> pool.Done:
        seen.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(pool, "_process_and_encode", reading)
    master = read_master(workspace.master)
    paths, _ = find_returns(workspace.returns_dir)
    jobs = [(p, workspace.rel(p)) for p in paths]
    with pool.collector_paused():
        found = pool.process_all(jobs, master, progress=lambda *_: None)
        assert not gc.isenabled()
    assert [r.unit_code for r in found] == ["CS02", "CS03", "CS04"]
    assert seen
    assert all(seen)
