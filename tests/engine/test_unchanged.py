"""Issue 18: a re-run whose outputs would come out the same leaves them as they are."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from hoithao.engine import unchanged
from hoithao.run import run
from hoithao.workspace import (
    CACHE_DIR,
    HISTORY_DIR,
    MASTER_FILE,
    SUMMARY_JSON,
    SUMMARY_XLSX,
    Workspace,
)

from ..conftest import TODAY, ReturnFactory, command_imports, form_row, tree_hashes

FIRST = datetime(2022, 5, 15, 9, 0)
LATER = datetime(2022, 5, 15, 10, 0)


def _returns(make_return: ReturnFactory) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An"), form_row(2, "")], unit_code="CS02")
    make_return("CS03.xlsx", [form_row(1, "Trần Thị Bình", phone="12345")], unit_code="CS03")


def _times(ws: Workspace) -> dict[str, int]:
    """Modification time of every output (the cache and the history aside)."""
    skip = (CACHE_DIR + "/", HISTORY_DIR + "/")
    return {
        ws.rel(p): p.stat().st_mtime_ns
        for p in sorted(ws.output_dir.rglob("*"))
        if p.is_file() and not ws.rel(p).startswith(skip) and ".~" not in p.name
    }


def test_nothing_changed_nothing_written(workspace: Workspace, make_return: ReturnFactory) -> None:
    _returns(make_return)
    first = run(workspace, today=TODAY, now=FIRST)
    times, hashes = _times(workspace), tree_hashes(workspace.output_dir, workspace.checkin.parent)
    snapshots = sorted(workspace.path(HISTORY_DIR).iterdir())
    again = run(workspace, today=TODAY, now=LATER)
    assert again.outputs == first.outputs  # listed as before
    assert _times(workspace) == times
    assert tree_hashes(workspace.output_dir, workspace.checkin.parent) == hashes
    assert sorted(workspace.path(HISTORY_DIR).iterdir()) == snapshots  # no new snapshot


def test_anything_changed_is_written_again(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    _returns(make_return)
    run(workspace, today=TODAY, now=FIRST)
    summary = workspace.path(SUMMARY_XLSX)

    summary.unlink()  # staff deleted an output
    run(workspace, today=TODAY, now=LATER)
    assert summary.is_file()

    summary.write_bytes(b"edited by hand")  # or changed it
    run(workspace, today=TODAY, now=LATER)
    assert summary.read_bytes().startswith(b"PK")

    times = _times(workspace)
    run(workspace, today=date(2022, 5, 16), now=LATER)  # another day: dates in the outputs
    assert _times(workspace)[SUMMARY_XLSX] != times[SUMMARY_XLSX]

    times = _times(workspace)
    (workspace.templates_dir / "ghi_chu.txt").write_text("mẫu mới")  # a template changed
    run(workspace, today=date(2022, 5, 16), now=LATER)
    assert _times(workspace)[SUMMARY_XLSX] != times[SUMMARY_XLSX]

    times = _times(workspace)
    make_return("CS04.xlsx", [form_row(1, "Lê Văn Cường")], unit_code="CS04")  # a new return
    run(workspace, today=date(2022, 5, 16), now=LATER)
    data = json.loads(workspace.path(SUMMARY_JSON).read_text(encoding="utf-8"))
    assert "Lê Văn Cường" in [d["full_name"] for d in data["delegates"]]
    assert _times(workspace)[SUMMARY_XLSX] != times[SUMMARY_XLSX]


def test_a_damaged_or_missing_manifest_means_writing_again(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    _returns(make_return)
    run(workspace, today=TODAY, now=FIRST)
    manifest: Path = workspace.path(CACHE_DIR) / unchanged.MANIFEST
    for damage in (b"{not json", b'{"format": 1}', b"[]", None):
        times = _times(workspace)
        if damage is None:
            manifest.unlink()
        else:
            manifest.write_bytes(damage)
        run(workspace, today=TODAY, now=LATER)
        assert _times(workspace)[SUMMARY_XLSX] != times[SUMMARY_XLSX], damage
        assert manifest.is_file()  # and kept again for the next run


def test_a_failed_run_leaves_no_manifest_that_matches(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoithao.outputs import runner

    _returns(make_return)
    run(workspace, today=TODAY, now=FIRST)
    make_return("CS04.xlsx", [form_row(1, "Lê Văn Cường")], unit_code="CS04")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(runner, "write_outputs", broken)
    with pytest.raises(OSError, match="disk full"):
        run(workspace, today=TODAY, now=LATER)
    assert not (workspace.path(CACHE_DIR) / unchanged.MANIFEST).exists()


def _answer_again(ws: Workspace) -> bool:
    """Whether `hoithao consolidate` now replays the last answer (and a second time does)."""
    from hoithao.run import consolidate

    replayed = "replayed" in consolidate(ws).timings
    assert "replayed" in consolidate(ws).timings  # whatever happened, the next one replays
    return replayed


def test_a_rerun_with_nothing_new_prints_the_last_answer_and_touches_nothing(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    from hoithao.run import consolidate

    _returns(make_return)
    first = consolidate(workspace)
    assert "replayed" not in first.timings
    times = _times(workspace)
    hashes = tree_hashes(workspace.output_dir, workspace.checkin.parent)
    again = consolidate(workspace)
    assert again.timings["replayed"] == 1.0
    assert again.summary == first.summary  # word for word, the “Thay đổi” line included
    assert _times(workspace) == times
    assert tree_hashes(workspace.output_dir, workspace.checkin.parent) == hashes


def test_anything_a_run_reads_or_wrote_changing_means_a_real_run(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoithao import run as run_module
    from hoithao.run import consolidate

    _returns(make_return)
    consolidate(workspace)
    assert _answer_again(workspace)

    make_return("CS04.xlsx", [form_row(1, "Lê Văn Cường")], unit_code="CS04")
    assert not _answer_again(workspace)  # a new return
    master = workspace.path(MASTER_FILE)
    stat = master.stat()
    os.utime(master, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert _answer_again(workspace)  # only touched: the same bytes, the same answer
    openpyxl.load_workbook(master).save(master)
    os.utime(master, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with its old time back
    assert not _answer_again(workspace)  # the master saved again
    book = openpyxl.load_workbook(workspace.checkin)
    book.worksheets[0]["F2"] = "x"
    book.save(workspace.checkin)
    assert not _answer_again(workspace)  # staff marked someone present
    workspace.path(SUMMARY_XLSX).unlink()
    assert not _answer_again(workspace)  # an output deleted: written again
    assert workspace.path(SUMMARY_XLSX).is_file()
    record = workspace.path(CACHE_DIR) / unchanged.RUN_RECORD
    record.write_text('{"format": 1, "key": 5', encoding="utf-8")
    assert not _answer_again(workspace)  # a damaged record is not trusted

    class Tomorrow(date):
        @classmethod
        def today(cls) -> date:
            return date(2099, 1, 2)

    monkeypatch.setattr(run_module, "date", Tomorrow)
    assert not _answer_again(workspace)  # a new day: deadlines may have passed
    monkeypatch.undo()

    assert "replayed" not in consolidate(workspace, reuse=False).timings  # --mat-khau
    assert not record.exists()


def test_a_rerun_reads_no_input_saved_well_before_the_last_run(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digests are kept between runs (engine/digests.py): a return is read again only
    when it is new or its size, time or identity changed."""
    from hoithao.engine import digests
    from hoithao.run import consolidate

    _returns(make_return)
    checkin = workspace.checkin
    for path in [
        *workspace.path(MASTER_FILE).parent.rglob("*"),
        *workspace.templates_dir.rglob("*"),
    ]:
        if path.is_file() and path != checkin:  # each saved an hour ago
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 3600 * 10**9))
    consolidate(workspace)
    hashed: list[str] = []
    original = digests.file_digest

    def counted(path: Path) -> digests.FileDigest:
        hashed.append(workspace.rel(path))
        return original(path)

    monkeypatch.setattr(digests, "file_digest", counted)
    assert "replayed" in consolidate(workspace).timings
    assert hashed == []
    new = make_return("CS04.xlsx", [form_row(1, "Lê Văn Cường")], unit_code="CS04")
    answer = consolidate(workspace)
    assert "replayed" not in answer.timings
    assert "Lê Văn Cường" in workspace.path(SUMMARY_JSON).read_text(encoding="utf-8")
    assert hashed == [workspace.rel(new)]


def test_a_replayed_answer_imports_no_engine_writer_nor_pool(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    """The office's most common re-run costs start-up and the key: what a real run needs (the
    engine, the writers and their libraries, worker processes) is not even imported."""
    from hoithao.run import consolidate

    _returns(make_return)
    consolidate(workspace)
    heavy = ("openpyxl", "xlsxwriter", "python_calamine", "docx", "tqdm")
    ours = ("models", "engine.cache", "engine.consolidate", "engine.pool", "outputs.runner")
    printed, imported = command_imports(
        workspace.root,
        ["consolidate", "--no-progress"],
        [*heavy, "concurrent.futures.process", *(f"hoithao.{m}" for m in ours)],
    )
    assert "Kết quả:" in printed  # the last answer, printed again
    assert imported == []
