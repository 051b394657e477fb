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
from typing import Any

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
from hoithao.workspace import CACHE_DIR, MASTER_FILE, RETURNS_DIR, SUMMARY_JSON, Workspace

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


def _folder(ws: Workspace) -> Path:
    return ws.path(CACHE_DIR) / cache.RESULTS_FOLDER


def _entries(ws: Workspace) -> dict[str, bytes]:
    """Every entry of the packs by key (each pack read whole, as the cache reads it)."""
    found = {}
    for pack in sorted(_folder(ws).glob("*.pack")):
        data = pack.read_bytes()
        assert data.startswith(cache.HEADER)
        for line in data[len(cache.HEADER) :].splitlines():
            found[line[cache.CHECK_CHARS + 1 : cache.KEY_END].decode()] = line
    return found


def _pack_of(key: str) -> Path:
    return Path(cache.SHARD_NAMES[int(key[0], 16)])


def _replace_lines(ws: Workspace, lines: dict[str, bytes]) -> None:
    """The packs rewritten with the entries in place of those of the same key."""
    for pack in _folder(ws).glob("*.pack"):
        data = pack.read_bytes()
        old = data[len(cache.HEADER) :].splitlines()
        new = [
            lines.get(line[cache.CHECK_CHARS + 1 : cache.KEY_END].decode(), line) for line in old
        ]
        pack.write_bytes(cache.HEADER + b"".join(line + b"\n" for line in new))


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
    if parallel:  # the entries are then encoded by the workers
        monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
        monkeypatch.setattr(pool, "_worker_count", lambda: 2)
    files = _returns(workspace, make_return) + 1
    twin = Workspace(workspace.root.with_name("twin"))
    shutil.copytree(workspace.root, twin.root)
    assert _hits(run(workspace, today=TODAY, now=FIRST)) == 0
    assert len(_entries(workspace)) == files
    packs = {p.name for p in _folder(workspace).iterdir()}
    assert packs <= set(cache.SHARD_NAMES)  # a few packs, not a file per return
    assert len(packs) == len({_pack_of(key) for key in _entries(workspace)})
    run(twin, today=TODAY, now=FIRST)
    shutil.rmtree(twin.path(CACHE_DIR))  # safe to delete: the twin reads everything again

    cached = run(workspace, today=TODAY, now=LATER)
    fresh = run(twin, today=TODAY, now=LATER)
    assert (_hits(cached), _hits(fresh)) == (files, 0)
    assert _outcome(cached) == _outcome(fresh)
    summary = workspace.path(SUMMARY_JSON).read_text(encoding="utf-8")
    assert summary == twin.path(SUMMARY_JSON).read_text(encoding="utf-8")
    assert "Nguyễn Văn An" in summary


def _signed(key: str, body: bytes) -> bytes:
    """An entry with a correct digest of its (altered) text."""
    signed = key.encode() + b" " + body
    return hashlib.blake2b(signed, digest_size=16).hexdigest().encode() + b" " + signed


def _body(entry: bytes) -> bytes:
    return entry[cache.KEY_END + 1 :]


def test_damaged_truncated_or_foreign_entries_are_ignored_and_rebuilt(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    files = _returns(workspace, make_return) + 1
    before = run(workspace, today=TODAY, now=FIRST)
    entries = _entries(workspace)
    truncated, flipped, foreign, hostile = sorted(entries)[:4]
    damaged = {truncated: entries[truncated][:-40]}
    data = bytearray(entries[flipped])
    data[-20] ^= 0x01
    damaged[flipped] = bytes(data)
    # a whole entry, another file's, put where this file's was
    damaged[foreign] = entries[hostile].replace(hostile.encode(), foreign.encode(), 1)
    # a record of another shape (a field more in the file's log), under a correct digest
    altered = _body(entries[hostile]).replace(b"[[[", b'[[["os.system",', 1)
    assert altered != _body(entries[hostile])
    damaged[hostile] = _signed(hostile, altered)
    _replace_lines(workspace, damaged)
    assert set(_entries(workspace)) == set(entries)

    again = run(workspace, today=TODAY, now=LATER)
    assert _hits(again) == files - 4
    assert _outcome(again) == _outcome(before)
    rewritten = _entries(workspace)
    assert len(rewritten) == files  # rewritten whole, and now trusted again
    for key, entry in rewritten.items():
        decode_entry(entry, key)
    assert _hits(run(workspace, today=TODAY, now=LATER)) == files


@pytest.mark.parametrize("damage", ["noise", "earlier format", "cut short"])
def test_damaged_or_foreign_packs_are_ignored_and_rebuilt(
    workspace: Workspace, make_return: ReturnFactory, damage: str
) -> None:
    """Packs of noise, of an earlier format, or cut short in their last entry (a disk full):
    what can be checked is used, the rest read again, and the packs written whole again."""
    files = _returns(workspace, make_return) + 1
    before = run(workspace, today=TODAY, now=FIRST)
    entries = _entries(workspace)
    packs = sorted(_folder(workspace).glob("*.pack"))
    for pack in packs:
        data = pack.read_bytes()
        if damage == "noise":
            pack.write_bytes(bytes(range(256)) * 3)
        elif damage == "earlier format":
            pack.write_bytes(data.replace(cache.HEADER, b"hoithao-phieu 2\n", 1))
        else:
            pack.write_bytes(data[:-30])
    again = run(workspace, today=TODAY, now=LATER)
    lost = len(packs) if damage == "cut short" else files  # a pack's last entry, or all
    assert _hits(again) == files - lost
    assert _outcome(again) == _outcome(before)
    assert _entries(workspace) == entries  # the same entries, each written again whole
    assert _hits(run(workspace, today=TODAY, now=LATER)) == files


def test_a_pack_is_replaced_whole_or_not_at_all(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills while a pack is written: the old pack stays, no half-written file is left,
    and the run goes on."""
    _returns(workspace, make_return)
    run(workspace, today=TODAY, now=FIRST)
    packs = {p.name: p.read_bytes() for p in _folder(workspace).iterdir()}
    keeper = ResultCache.open(workspace)
    assert keeper is not None
    key = next(iter(_entries(workspace)))
    keeper.get(key)
    keeper.put(key, [ReturnResult(FileLog("khác.xlsx"))])  # a new entry for a pack

    def full(path: Path, data: bytes) -> int:
        with path.open("wb") as handle:
            handle.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    keeper.save(_entries(workspace))
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in _folder(workspace).iterdir()} == packs


def test_one_new_return_rewrites_one_pack(workspace: Workspace, make_return: ReturnFactory) -> None:
    """The packs of entries that did not change are left alone (on Windows each written file
    is scanned again)."""
    _returns(workspace, make_return)
    run(workspace, today=TODAY, now=FIRST)
    before = _entries(workspace)

    def packs() -> dict[str, tuple[int, int, bytes]]:
        stats = {p.name: (p.stat(), p.read_bytes()) for p in _folder(workspace).iterdir()}
        return {name: (s.st_ino, s.st_mtime_ns, data) for name, (s, data) in stats.items()}

    old = packs()
    make_return("CS01.xlsx", [form_row(1, "Hồ Văn Em")], unit_code="CS01")
    assert _hits(run(workspace, today=TODAY, now=LATER)) == len(before)
    (new,) = set(_entries(workspace)) - set(before)
    now = packs()
    assert {name for name in now if now[name] != old.get(name)} == {_pack_of(new).name}
    assert _hits(run(workspace, today=TODAY, now=LATER)) == len(before) + 1


def test_each_file_is_read_once_a_consolidate(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key of the whole run (engine/unchanged.py) and the returns' keys share the digests,
    and the results come from the packs: a return kept in the cache is opened once, to hash it,
    and the master's bytes are hashed once."""
    from hoithao.engine import digests
    from hoithao.run import consolidate

    _returns(workspace, make_return)
    consolidate(workspace)
    make_return("CS01.xlsx", [form_row(1, "Hồ Văn Em")], unit_code="CS01")
    opened: list[str] = []
    hashed: list[str] = []
    original_open, original_digest = Path.open, digests.file_digest

    def counted_open(path: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(workspace.rel(path))
        return original_open(path, *args, **kwargs)

    def counted_digest(path: Path) -> digests.FileDigest:
        hashed.append(workspace.rel(path))
        return original_digest(path)

    monkeypatch.setattr(Path, "open", counted_open)
    monkeypatch.setattr(digests, "file_digest", counted_digest)
    answer = consolidate(workspace)
    monkeypatch.undo()
    assert answer.timings["cached"] == 4
    kept = ["CS02.xlsx", "CS03.xlsx", "thu_CS04.zip", "hong.xlsx"]
    for name in kept:
        assert opened.count(f"{RETURNS_DIR}/{name}") == 1, name
    assert hashed.count(MASTER_FILE) == 1
    assert hashed.count(f"{RETURNS_DIR}/CS01.xlsx") == 1


def test_content_not_times_decides(workspace: Workspace, make_return: ReturnFactory) -> None:
    """A return replaced by another of the same size within a FAT drive's 2-second time step
    (its time as before) is read again."""
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    path = make_return("CS03.xlsx", [form_row(1, "Trần Thị Bình")], unit_code="CS03")
    run(workspace, today=TODAY, now=FIRST)
    data, stat = path.read_bytes(), path.stat()
    other = make_return("CS03.xlsx", [form_row(1, "Trần Thị Bính")], unit_code="CS03")
    assert other == path
    assert path.read_bytes() != data
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = run(workspace, today=TODAY, now=LATER)
    assert _hits(result) == 1
    names = {d.full_name for d in result.consolidation.delegates}
    assert "Trần Thị Bính" in names
    assert "Trần Thị Bình" not in names


def test_entries_of_an_earlier_version_are_removed(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    """An earlier version kept one JSON file per return in the same folder."""
    _returns(workspace, make_return)
    folder = _folder(workspace)
    folder.mkdir(parents=True)
    for n in range(3):
        (folder / f"{n:040x}.json").write_text("{}", encoding="utf-8")
    run(workspace, today=TODAY, now=FIRST)
    assert {p.suffix for p in folder.iterdir()} == {".pack"}


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
    body = _body(encode_entry(key, [result]))
    assert decode_entry(_signed(key, body), key) == [result]
    for altered in (
        body.replace(b'[["CS02-ABCDE"', b'[["x","CS02-ABCDE"', 1),
        body.replace(b"[[[", b'[[{"path":1},[', 1),
        b'{"x":' + body + b"}",
    ):
        assert altered != body
        with pytest.raises((DamagedEntryError, ValueError, TypeError)):
            decode_entry(_signed(key, altered), key)


def test_a_value_that_would_not_come_back_is_refused() -> None:
    result = ReturnResult(FileLog("a.xlsx", note=("a", "b")))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        encode_entry("k" * 40, [result])


# the master as the last run read it (output/.cache/so_goc.json)
def test_a_rerun_takes_the_master_from_the_cache_and_an_edited_one_is_read(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoithao.engine import consolidate

    _returns(workspace, make_return)
    first = run(workspace, today=TODAY, now=FIRST)
    kept = workspace.path(CACHE_DIR) / cache.STORED_MASTER
    assert kept.is_file()

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("the master was read")

    monkeypatch.setattr(consolidate, "read_master", unread)
    again = run(workspace, today=TODAY, now=LATER)
    assert again.consolidation.master == first.consolidation.master
    monkeypatch.undo()

    renamed = [("CS02", "Chi bộ Sở Tư pháp tỉnh", *UNITS[1][2:]), *UNITS[2:], UNITS[0]]
    build_master(workspace.root / MASTER_FILE, units=renamed)
    edited = run(workspace, today=TODAY, now=LATER)
    assert edited.consolidation.master.units["CS02"].name == "Chi bộ Sở Tư pháp tỉnh"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data.replace(b"CS02", b"CS09"),  # changed: its digest no longer holds
        lambda data: b"\x00\xff" * 40,
    ],
)
def test_a_damaged_kept_master_is_ignored_and_written_again(
    workspace: Workspace, make_return: ReturnFactory, damage: Any
) -> None:
    _returns(workspace, make_return)
    first = run(workspace, today=TODAY, now=FIRST)
    kept = workspace.path(CACHE_DIR) / cache.STORED_MASTER
    good = kept.read_bytes()
    kept.write_bytes(damage(good))
    again = run(workspace, today=TODAY, now=LATER)
    assert again.consolidation.master == first.consolidation.master
    assert kept.read_bytes() == good


def test_a_broken_master_stops_the_run_as_before_and_is_not_kept(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    from hoithao.errors import HoithaoError

    _returns(workspace, make_return)
    duplicate = [*UNITS, UNITS[0]]
    build_master(workspace.root / MASTER_FILE, units=duplicate)
    with pytest.raises(HoithaoError, match="bị trùng"):
        run(workspace, today=TODAY, now=FIRST)
    assert not (workspace.path(CACHE_DIR) / cache.STORED_MASTER).exists()


def test_entries_asked_for_together_are_each_as_asked_for_alone(workspace: Workspace) -> None:
    """get_many decodes the entries in one go; a NaN (json writes it, orjson does not read
    it), a crafted body that is two values, or a damaged entry changes nothing for the others."""
    keeper = ResultCache.open(workspace)
    assert keeper is not None
    keys = [digit * 40 for digit in "0a1b2c"]
    plain = ReturnResult(FileLog("Phiếu Đảng ủy Công an.xlsx"), delegates=[Delegate("C-1", "Ánh")])
    odd = ReturnResult(FileLog("b.xlsx", note="x"), delegates=[Delegate("C-2", "Bình")])
    entries = {
        keys[0]: encode_entry(keys[0], [plain]),
        keys[1]: _signed(keys[1], _body(encode_entry(keys[1], [plain])) + b",[]"),
        keys[2]: encode_entry(keys[2], [odd]),
        keys[3]: encode_entry(keys[3], [plain])[:-5],  # cut short: its digest fails
        keys[4]: encode_entry(keys[4], []),
    }
    for key, entry in entries.items():
        keeper.add(key, entry)
    expected = [[plain], None, [odd], None, [], None]
    assert keeper.get_many([*keys[:5], None]) == expected
    assert keeper.get_many([keys[2], "f" * 40]) == [[odd], None]  # the damaged ones are gone
    nan = ReturnResult(FileLog("c.xlsx"), delegates=[Delegate("C-3", "Cúc")])
    nan.delegates[0].order = float("nan")  # type: ignore[assignment]
    keeper.add(keys[5], encode_entry(keys[5], [nan]))
    (back,) = keeper.get_many([keys[0], keys[5]])[1] or [None]
    assert back is not None
    assert back.delegates[0].order != back.delegates[0].order  # NaN again
    assert keeper.get_many([keys[0]]) == [[plain]]
