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
