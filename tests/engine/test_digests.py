"""Each input file hashed once a run, by its bytes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from hoithao.engine import digests
from hoithao.engine.digests import FileDigests, file_digest


def test_a_file_is_hashed_once_and_by_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "phiếu.xlsx"
    path.write_bytes(b"PK\x03\x04 one")
    hashed: list[Path] = []

    def counted(p: Path) -> digests.FileDigest:
        hashed.append(p)
        return file_digest(p)

    monkeypatch.setattr(digests, "file_digest", counted)
    known = FileDigests()
    first = known.of(path, "phiếu.xlsx")
    assert first is not None
    assert first.content == hashlib.blake2b(b"PK\x03\x04 one", digest_size=16).hexdigest()
    assert first.mtime_ns == path.stat().st_mtime_ns
    assert known.of(path, "phiếu.xlsx") is first
    assert hashed == [path]


def test_content_decides_not_the_time(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"one")
    stat = path.stat()
    before = file_digest(path)
    path.write_bytes(b"two")  # the same size, within the same 2-second FAT time step
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = file_digest(path)
    assert after.mtime_ns == before.mtime_ns
    assert after.content != before.content


def test_a_file_that_cannot_be_read_is_tried_again(tmp_path: Path) -> None:
    path = tmp_path / "later.xlsx"
    known = FileDigests()
    assert known.of(path, "later.xlsx") is None
    path.write_bytes(b"here now")
    found = known.of(path, "later.xlsx")
    assert found is not None
    assert found.content == file_digest(path).content


def test_a_large_file_is_streamed_to_the_same_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "film.mp4"
    path.write_bytes(os.urandom(300_000))
    whole = file_digest(path)
    monkeypatch.setattr(digests, "WHOLE", 1000)
    assert file_digest(path) == whole


# --- kept between runs: a file whose stat is as it was is not read again ---------------------
HOUR_NS = 3600 * 10**9


def _settled_file(path: Path, data: bytes) -> Path:
    """A file saved an hour ago (a return received this morning)."""
    path.write_bytes(data)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - HOUR_NS))
    return path


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    hashed: list[Path] = []
    original = digests.file_digest

    def counted(p: Path) -> digests.FileDigest:
        hashed.append(p)
        return original(p)

    monkeypatch.setattr(digests, "file_digest", counted)
    return hashed


def _a_run(cache: Path, *files: Path) -> dict[str, str]:
    known = FileDigests(cache)
    found = {p.name: known.of(p, p.name) for p in files}
    known.keep()
    return {name: d.content for name, d in found.items() if d is not None}


def test_a_settled_file_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "output" / ".cache"
    a = _settled_file(tmp_path / "Phiếu Đảng ủy Công an.xlsx", b"PK one")
    b = _settled_file(tmp_path / "b.xlsx", b"PK two")
    first = _a_run(cache, a, b)
    assert (cache / digests.KEPT).is_file()
    hashed = _counting(monkeypatch)
    assert _a_run(cache, a, b) == first
    assert hashed == []
    assert [p.name for p in cache.iterdir()] == [digests.KEPT]  # no temporary file left


@pytest.mark.parametrize("change", ["size", "time", "replaced"])
def test_a_file_whose_stat_changed_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    cache = tmp_path / ".cache"
    path = _settled_file(tmp_path / "a.xlsx", b"PK one")
    _a_run(cache, path)
    stat = path.stat()
    if change == "size":
        _settled_file(path, b"PK one more")
    elif change == "time":
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    else:  # another file put in its place, its size and time those of the first
        other = tmp_path / "other.xlsx"
        other.write_bytes(b"PK two")
        os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        other.replace(path)
    hashed = _counting(monkeypatch)
    found = _a_run(cache, path)
    assert hashed == [path]
    assert found["a.xlsx"] == hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def test_a_file_saved_just_before_its_run_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rewritten within a FAT drive's 2-second time step after it was hashed, a file keeps its
    size and time: it is trusted only once its time is well before the run that hashed it."""
    cache = tmp_path / ".cache"
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"one")
    _a_run(cache, path)
    stat = path.stat()
    path.write_bytes(b"two")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    hashed = _counting(monkeypatch)
    assert _a_run(cache, path)["a.xlsx"] == file_digest(path).content
    assert hashed == [path]


def test_a_record_that_says_nothing_new_is_not_written(tmp_path: Path) -> None:
    cache = tmp_path / ".cache"
    fresh = tmp_path / "fresh.xlsx"
    fresh.write_bytes(b"just saved")
    _a_run(cache, fresh)
    record = cache / digests.KEPT
    before = record.read_bytes(), record.stat().st_mtime_ns
    _a_run(cache, fresh)  # hashed again (still fresh), to the same digest
    assert (record.read_bytes(), record.stat().st_mtime_ns) == before
    assert sorted(p.name for p in cache.iterdir()) == [digests.KEPT]


def test_a_file_becomes_trusted_once_a_later_run_hashed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / ".cache"
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"received now")
    _a_run(cache, path)
    later = 60 * 10**9  # the next run, a minute on
    real = digests._disk_time
    monkeypatch.setattr(digests, "_disk_time", lambda p: _shifted(real(p), later))
    _a_run(cache, path)  # hashed again: now well after its time, so kept as trusted
    hashed = _counting(monkeypatch)
    _a_run(cache, path)
    assert hashed == []


def _shifted(clock: tuple[int, int] | None, by: int) -> tuple[int, int] | None:
    return None if clock is None else (clock[0] + by, clock[1])


@pytest.mark.parametrize(
    "record",
    [
        b"not json",
        b"[]",
        b'{"format": 2, "clock": [1, 1], "files": {}}',
        b'{"format": 1, "clock": [1], "files": {}}',
        b'{"format": 1, "clock": ["1", 1], "files": {}}',
        b'{"format": 1, "clock": [99999999999999999999, 1], "files": {"a.xlsx": ["x", "y"]}}',
        b'{"format": 1, "clock": [1, 1], "files": {"a.xlsx": ["x"]}}',
        b'{"format": 1, "clock": [1, 1], "files": {"a.xlsx": "x"}}',
        b'{"format": 1, "clock": [1, 1], "files": []}',
        b"\xff\xfe garbage",
    ],
)
def test_a_damaged_record_is_ignored_and_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: bytes
) -> None:
    cache = tmp_path / ".cache"
    cache.mkdir()
    (cache / digests.KEPT).write_bytes(record)
    path = _settled_file(tmp_path / "a.xlsx", b"PK one")
    hashed = _counting(monkeypatch)
    assert _a_run(cache, path)["a.xlsx"] == file_digest(path).content
    assert hashed == [path]
    monkeypatch.undo()
    hashed = _counting(monkeypatch)
    _a_run(cache, path)
    assert hashed == []


def test_a_record_made_elsewhere_does_not_vouch_for_this_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock was read on another disk (output/ on another drive than workbooks/): its
    time says nothing of this one's, so every file is hashed."""
    real = digests._disk_time
    monkeypatch.setattr(digests, "_disk_time", lambda p: _elsewhere(real(p)))
    cache = tmp_path / ".cache"
    path = _settled_file(tmp_path / "a.xlsx", b"PK one")
    _a_run(cache, path)
    assert (cache / digests.KEPT).is_file()
    hashed = _counting(monkeypatch)
    _a_run(cache, path)
    assert hashed == [path]


def _elsewhere(clock: tuple[int, int] | None) -> tuple[int, int] | None:
    return None if clock is None else (clock[0], clock[1] + 1)


def test_without_a_writable_cache_every_file_is_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "output"
    cache.write_text("a file where the folder should be")
    path = _settled_file(tmp_path / "a.xlsx", b"PK one")
    assert _a_run(cache, path)["a.xlsx"] == file_digest(path).content
    hashed = _counting(monkeypatch)
    _a_run(cache, path)
    assert hashed == [path]


@pytest.mark.skipif(os.name == "nt", reason="Windows keeps no change time")
def test_a_file_rewritten_in_place_with_its_time_set_back_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / ".cache"
    path = _settled_file(tmp_path / "a.xlsx", b"PK one")
    _a_run(cache, path)
    stat = path.stat()
    with path.open("r+b") as handle:  # the same file, the same size
        handle.write(b"PK two")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_ino) == (stat.st_size, stat.st_ino)
    hashed = _counting(monkeypatch)
    assert _a_run(cache, path)["a.xlsx"] == file_digest(path).content
    assert hashed == [path]


def test_a_file_saved_while_it_is_hashed_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its stat before the read is not the stat of what was read: the next run reads it again."""
    cache = tmp_path / ".cache"
    path = _settled_file(tmp_path / "a.xlsx", b"PK one")
    original = digests.file_digest

    def saved_meanwhile(p: Path) -> digests.FileDigest:
        _settled_file(p, b"PK two, longer")  # staff save it as the run reads it
        return original(p)

    monkeypatch.setattr(digests, "file_digest", saved_meanwhile)
    assert _a_run(cache, path)["a.xlsx"] == original(path).content
    monkeypatch.undo()
    hashed = _counting(monkeypatch)
    _a_run(cache, path)
    assert hashed == [path]
