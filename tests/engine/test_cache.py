"""Issue 18: each return's result is kept under output/.cache/ and reused only when nothing it
depends on changed; a damaged or foreign entry is never trusted."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from hoithao.engine import cache, pool
from hoithao.engine.cache import (
    DamagedEntryError,
    ResultCache,
    decode_entry,
    encode_entry,
)
from hoithao.engine.ordering import ReturnDates
from hoithao.engine.returns import ReturnResult
from hoithao.issues import FileLog, Issue
from hoithao.models import Delegate, PaperForm
from hoithao.run import RunResult, run
from hoithao.workspace import CACHE_DIR, MASTER_FILE, SUMMARY_JSON, Workspace

from ..conftest import TODAY, UNITS, ReturnFactory, build_master, form_row, write_return

FIRST = datetime(2022, 5, 15, 9, 0)
LATER = datetime(2022, 5, 15, 10, 0)


def _returns(ws: Workspace, make_return: ReturnFactory) -> int:
    """Four files: three forms (one with issues), a zip of two forms, a broken file."""
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An"), form_row(2, "")], unit_code="CS02")
    make_return("CS03.xlsx", [form_row(1, "Trần Thị Bình", phone="12345")], unit_code="CS03")
    member = write_return(ws.root / "tmp" / "CS04.xlsx", [form_row(1, "Lê Văn Cường")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("CS04.xlsx", member.read_bytes())
        archive.writestr("ghi_chu.txt", "không phải phiếu")
    (ws.returns_dir / "thu_CS04.zip").write_bytes(buffer.getvalue())
    (ws.returns_dir / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    return 3


def _entries(ws: Workspace) -> list[Path]:
    return sorted((ws.path(CACHE_DIR) / cache.RESULTS_FOLDER).glob("*.json"))


def _hits(result: RunResult) -> int:
    return int(result.consolidation.timings["cached"])


def _outcome(result: RunResult) -> tuple[object, ...]:
    c = result.consolidation
    return (c.delegates, c.issues, c.file_log, c.returned)


@pytest.mark.parametrize("parallel", [False, True])
def test_a_run_from_the_cache_gives_what_a_run_without_it_gives(
    workspace: Workspace,
    make_return: ReturnFactory,
    monkeypatch: pytest.MonkeyPatch,
    parallel: bool,
) -> None:
    if parallel:  # the entries are then written by the workers
        monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
        monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    files = _returns(workspace, make_return) + 1
    twin = Workspace(workspace.root.with_name("twin"))
    shutil.copytree(workspace.root, twin.root)
    assert _hits(run(workspace, today=TODAY, now=FIRST)) == 0
    assert len(_entries(workspace)) == files
    run(twin, today=TODAY, now=FIRST)
    shutil.rmtree(twin.path(CACHE_DIR))  # safe to delete: the twin reads everything again

    cached = run(workspace, today=TODAY, now=LATER)
    fresh = run(twin, today=TODAY, now=LATER)
    assert (_hits(cached), _hits(fresh)) == (files, 0)
    assert _outcome(cached) == _outcome(fresh)
    summary = workspace.path(SUMMARY_JSON).read_text(encoding="utf-8")
    assert summary == twin.path(SUMMARY_JSON).read_text(encoding="utf-8")
    assert "Nguyễn Văn An" in summary


def _rewrite(path: Path, body: bytes) -> None:
    """An entry with a correct digest of its (altered) text."""
    path.write_bytes(hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b"\n" + body)


def test_damaged_truncated_or_foreign_entries_are_ignored_and_rebuilt(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    files = _returns(workspace, make_return) + 1
    before = run(workspace, today=TODAY, now=FIRST)
    truncated, flipped, foreign, hostile = _entries(workspace)
    truncated.write_bytes(truncated.read_bytes()[:40])
    data = bytearray(flipped.read_bytes())
    data[-20] ^= 0x01
    flipped.write_bytes(bytes(data))
    foreign.write_bytes(hostile.read_bytes())  # a whole entry, but another file's
    body = hostile.read_bytes().partition(b"\n")[2]
    # a record of another shape (a field more in the file's log), under a correct digest
    altered = body.replace(b'"results":[[[', b'"results":[[["os.system",', 1)
    assert altered != body
    _rewrite(hostile, altered)
    again = run(workspace, today=TODAY, now=LATER)
    assert _hits(again) == files - 4
    assert _outcome(again) == _outcome(before)
    keys = [p.stem for p in _entries(workspace)]
    assert len(keys) == files  # rewritten whole, and now trusted again
    for path in _entries(workspace):
        decode_entry(path.read_bytes(), path.stem)
    assert _hits(run(workspace, today=TODAY, now=LATER)) == files


def test_a_new_version_a_changed_master_or_a_touched_file_is_read_again(
    workspace: Workspace,
    make_return: ReturnFactory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    files = _returns(workspace, make_return) + 1
    run(workspace, today=TODAY, now=FIRST)
    assert _hits(run(workspace, today=TODAY)) == files

    newer = tmp_path / "hoithao"  # the tool's next version: its source, another __version__
    shutil.copytree(cache.PACKAGE, newer, ignore=shutil.ignore_patterns("__pycache__"))
    init = newer / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "', '__version__ = "9'))
    monkeypatch.setattr(cache, "PACKAGE", newer)
    assert _hits(run(workspace, today=TODAY)) == 0
    monkeypatch.undo()
    assert _hits(run(workspace, today=TODAY)) == 0  # the other version's run dropped these entries
    assert _hits(run(workspace, today=TODAY)) == files

    renamed = [("CS02", "Chi bộ Sở Tư pháp tỉnh", *UNITS[1][2:]), *UNITS[2:], UNITS[0]]
    build_master(workspace.root / MASTER_FILE, units=renamed)
    result = run(workspace, today=TODAY)
    assert _hits(result) == 0
    an = next(d for d in result.consolidation.delegates if d.full_name == "Nguyễn Văn An")
    assert an.unit_name == "Chi bộ Sở Tư pháp tỉnh"

    path = workspace.returns_dir / "CS03.xlsx"  # a file's time is a clue to which return is later
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 60))
    assert _hits(run(workspace, today=TODAY)) == files - 1


def test_entries_no_current_file_uses_are_removed(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    """Each edit of the master makes every key new: the old set must not pile up."""
    files = _returns(workspace, make_return) + 1
    run(workspace, today=TODAY, now=FIRST)
    first = _entries(workspace)
    assert len(first) == files
    renamed = [("CS02", "Chi bộ Sở Tư pháp tỉnh", *UNITS[1][2:]), *UNITS[2:], UNITS[0]]
    build_master(workspace.root / MASTER_FILE, units=renamed)
    run(workspace, today=TODAY)
    second = _entries(workspace)
    assert len(second) == files
    assert not set(first) & set(second)
    (workspace.returns_dir / "CS03.xlsx").unlink()
    run(workspace, today=TODAY)
    assert len(_entries(workspace)) == files - 1


def test_a_cache_that_cannot_be_written_only_costs_time(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    _returns(workspace, make_return)
    workspace.path(CACHE_DIR).parent.mkdir(exist_ok=True)
    workspace.path(CACHE_DIR).write_text("not a folder")  # mkdir of the entries fails
    result = run(workspace, today=TODAY)
    assert _hits(result) == 0
    assert any(d.full_name == "Nguyễn Văn An" for d in result.consolidation.delegates)


def test_entries_round_trip_every_kind_of_value() -> None:
    result = ReturnResult(
        FileLog("a/b.xlsx", "CS02", "consolidated", rows_read=2, rows_accepted=1, note="n"),
        "CS02",
        ReturnDates(date(2022, 5, 9), datetime(2022, 5, 9, 1, 2, 3), datetime(2022, 5, 9, 8)),
        supplement=True,
        delegates=[Delegate("CS02-ABCDE", "Nguyễn Văn An", warnings=["W01"], source="a!7")],
        issues=[Issue("W01", "Số điện thoại “12345”", unit="CS02", file="a", row=7)],
        paper=PaperForm("Tham luận", "Nguyễn Văn An"),
        read_seconds=1.5,
    )
    key = "k" * 40
    (back,) = decode_entry(encode_entry(key, [result]), key)
    assert back.read_seconds == 0.0  # how long it took is no part of the result
    back.read_seconds = result.read_seconds
    assert back == result
    with pytest.raises(DamagedEntryError):
        decode_entry(encode_entry(key, [result]), "other")


def test_a_file_that_cannot_be_read_has_no_key(workspace: Workspace) -> None:
    keeper = ResultCache(workspace, "context")
    assert keeper.key(workspace.returns_dir / "gone.xlsx", "gone.xlsx", {}) is None


def test_thay_doi_reads_from_the_cache_and_reports_the_same(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    from hoithao.run import report_changes

    files = _returns(workspace, make_return) + 1
    run(workspace, today=TODAY, now=FIRST)
    make_return("CS02_bo_sung.xlsx", [form_row(1, "Trương Văn Phúc")], unit_code="CS02")
    cached = report_changes(workspace, today=TODAY)
    assert cached.consolidation.timings["cached"] == files  # only the new file is read
    shutil.rmtree(workspace.path(CACHE_DIR))
    fresh = report_changes(workspace, today=TODAY)
    assert fresh.consolidation.timings["cached"] == 0
    assert cached.changes == fresh.changes
    assert [d["full_name"] for d in cached.changes.added] == ["Trương Văn Phúc"]


def test_records_of_another_shape_are_never_trusted() -> None:
    """Entries are positional arrays: a record with a field more or less, or an object where an
    array belongs, is damaged even under a correct digest."""
    key = "k" * 40
    result = ReturnResult(FileLog("a.xlsx"), delegates=[Delegate("CS02-ABCDE", "An")])
    body = encode_entry(key, [result]).partition(b"\n")[2]
    for altered in (
        body.replace(b'[["CS02-ABCDE"', b'[["x","CS02-ABCDE"', 1),
        body.replace(b'"results":[[[', b'"results":[[{"path":1},[', 1),
        body.replace(b'"results":[', b'"results":{"x":', 1).replace(b"]}", b"}}"),
    ):
        assert altered != body
        data = hashlib.blake2b(altered, digest_size=16).hexdigest().encode() + b"\n" + altered
        with pytest.raises((DamagedEntryError, ValueError, TypeError)):
            decode_entry(data, key)


def test_a_value_that_would_not_come_back_is_refused() -> None:
    result = ReturnResult(FileLog("a.xlsx", note=("a", "b")))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        encode_entry("k" * 40, [result])
