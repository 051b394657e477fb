"""Parts deflated as they are written are zipped as ZipFile itself zips them, byte for byte."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from xlsxwriter.packager import Packager

from hoithao.xlsx import packaging
from hoithao.xlsx.fastrows import put_row
from hoithao.xlsx.output import XlsxOutput

PARTS = [
    ("[Content_Types].xml", ['<?xml version="1.0"?>', "<Types/>"]),
    ("xl/empty.xml", []),
    ("xl/worksheets/sheet1.xml", [f"<row r='{n}'>Nguyễn Thị Ánh {n}</row>" for n in range(40_000)]),
    ("xl/sharedStrings.xml", ["<sst>", "Đảng bộ Khối", "</sst>"]),
]


def zipped(deflated: bool) -> bytes:
    buffer = io.BytesIO()
    kind = packaging.DeflatedZipFile if deflated else zipfile.ZipFile
    with kind(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, pieces in PARTS:
            info = packaging.QuickZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if deflated:
                part = packaging.Utf8Part()
                for piece in pieces:
                    part.write(piece)
                archive.writestr(info, part.getvalue().encode("utf-8"))
            else:
                archive.writestr(info, "".join(pieces).encode())
    return buffer.getvalue()


def test_deflated_parts_are_zipped_as_zipfile_zips_their_bytes() -> None:
    assert zipped(deflated=True) == zipped(deflated=False)
    with zipfile.ZipFile(io.BytesIO(zipped(deflated=True))) as archive:
        assert archive.testzip() is None
        assert archive.read("xl/sharedStrings.xml").decode() == "<sst>Đảng bộ Khối</sst>"


def test_a_part_zipped_otherwise_is_inflated_first() -> None:
    part = packaging.Utf8Part()
    part.write("Chi bộ Sở Tư pháp")
    buffer = io.BytesIO()
    with packaging.DeflatedZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("a.xml"), part.getvalue().encode("utf-8"))  # stored
    with zipfile.ZipFile(buffer) as archive:
        assert archive.read("a.xml").decode() == "Chi bộ Sở Tư pháp"


def test_a_workbook_is_the_same_file_with_parts_deflated_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write(path: Path) -> bytes:
        with XlsxOutput(path, title="Danh sách ký tên") as out:
            ws = out.sheet("Ký tên")
            cell = out.fmt("cell")
            for row in range(3_000):
                put_row(out, ws, row, (str(row), f"Lê Văn Hùng {row}", row), [cell] * 3, [cell] * 3)
        return path.read_bytes()

    deflated = write(tmp_path / "a.xlsx")
    with monkeypatch.context() as patch:
        patch.setattr(packaging.FastPackager, "_filename", Packager._filename)
        assert write(tmp_path / "b.xlsx") == deflated
