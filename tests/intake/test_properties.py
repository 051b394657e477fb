"""The saved time a spreadsheet records inside it, read alone or in the guard's pass."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest

from hoithao.intake import guard
from hoithao.intake.properties import MAX_PROPERTIES_BYTES, saved_time

from ..scenario import set_saved_time

MAY_9 = datetime(2022, 5, 9, 10, 0)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_saved_time_of_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    openpyxl.Workbook().save(path)
    set_saved_time(path, MAY_9)
    assert saved_time(path.read_bytes()) == MAY_9
    assert saved_time(None, path) == MAY_9
    set_saved_time(path, None)
    assert saved_time(path.read_bytes()) is None


def test_saved_time_of_ods_is_local_time() -> None:
    meta = b"<office:document-meta><office:meta><dc:date>2022-05-09T10:00:00.123456789</dc:date>"
    data = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "meta.xml": meta})
    expected = datetime(2022, 5, 9, 10, 0).astimezone().astimezone(timezone.utc)
    assert saved_time(data) == expected.replace(tzinfo=None)


@pytest.mark.parametrize(
    "data",
    [
        b"STT,Ho ten\n1,An\n",  # csv
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,  # .xls (OLE)
        b"PK\x03\x04 cut short",
        _zip({"docProps/core.xml": b"<dcterms:modified>not a date</dcterms:modified>"}),
        _zip({"docProps/core.xml": b"<dcterms:modified>1601-01-01T00:00:00Z</dcterms:modified>"}),
        _zip({"docProps/core.xml": b" " * (MAX_PROPERTIES_BYTES + 1)}),
    ],
)
def test_saved_time_absent_or_unusable(data: bytes) -> None:
    assert saved_time(data) is None


def _broken_stream(compression: int) -> bytes:
    """A zip whose core.xml cannot be inflated (its compressed bytes overwritten), its CRC and
    sizes as declared."""
    stamp = b"<dcterms:modified>2022-05-09T10:00:00Z</dcterms:modified>" * 20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("docProps/core.xml", stamp)
    data = bytearray(buffer.getvalue())
    body = 30 + len("docProps/core.xml")
    data[body : body + 8] = b"\xff" * 8
    return bytes(data)


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_properties_part_that_cannot_be_inflated_says_nothing(compression: int) -> None:
    """It once raised zlib.error out of the worker, and the whole run stopped on one file."""
    assert saved_time(_broken_stream(compression)) is None


def _stored_core(data: bytes) -> bytes:
    """The same workbook, its core.xml stored (not deflated): read without zlib."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            kind = (
                zipfile.ZIP_STORED if info.filename == "docProps/core.xml" else info.compress_type
            )
            new.writestr(info.filename, old.read(info), compress_type=kind)
    return out.getvalue()


def _with_core(data: bytes, core: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            body = core if info.filename == "docProps/core.xml" else old.read(info)
            new.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _variants(tmp_path: Path) -> list[bytes]:
    path = tmp_path / "a.xlsx"
    openpyxl.Workbook().save(path)
    set_saved_time(path, MAY_9)
    dated = path.read_bytes()
    set_saved_time(path, None)
    undated = path.read_bytes()
    broken = bytearray(dated)
    at = broken.find(b"docProps/core.xml") + len("docProps/core.xml")
    broken[at : at + 6] = b"\xff" * 6  # its deflated bytes, CRC as declared
    return [
        dated,
        undated,
        _stored_core(dated),
        _with_core(dated, b"<dcterms:modified>not a date</dcterms:modified>"),
        _with_core(dated, b" " * (MAX_PROPERTIES_BYTES + 1)),
        bytes(broken),
    ]


def test_the_guard_reads_the_saved_time_saved_time_reads(tmp_path: Path) -> None:
    """One pass over the zip instead of two, the same answer, for good and broken parts."""
    answers = []
    for n, data in enumerate(_variants(tmp_path)):
        path = tmp_path / f"v{n}.xlsx"
        path.write_bytes(data)
        checked, dated, saved = guard.check_read_and_date(path)
        assert checked == data
        assert dated
        assert saved == saved_time(data)
        answers.append(saved)
    assert answers[0] == answers[2] == MAY_9
    assert answers[1] is None
    assert answers[5] is None  # the broken stream


def test_a_file_the_guard_does_not_date_is_left_to_saved_time(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"STT,Ho ten\n1,An\n")
    assert guard.check_read_and_date(path)[1:] == (False, None)
