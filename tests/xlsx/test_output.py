"""The xlsx factory: user text stays text, files are replaced atomically, locks are explained."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from hoithao.errors import LockedOutputError
from hoithao.xlsx.output import MAX_CELL_CHARS, XlsxOutput, write_bytes_atomically

DANGEROUS = [
    '=HYPERLINK("http://x","A")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "http://x.vn",
    "<r>a & b</r>",  # xlsxwriter alone would copy this into the XML and break the file
]


def test_user_strings_are_never_formulas_or_links(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    with XlsxOutput(target) as out:
        sheet = out.sheet("Danh sách")
        out.write_table(sheet, ["Họ và tên"], [[text] for text in DANGEROUS])
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in xml
        assert "hyperlink" not in xml.lower()
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Danh sách").to_python()
    assert [r[0] for r in rows[1:]] == DANGEROUS


@settings(max_examples=25, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_text_round_trips(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    target = tmp_path_factory.mktemp("x") / "t.xlsx"
    with XlsxOutput(target) as out:
        out.write_row(out.sheet("S"), 0, [text, f"<r>{text}</r>"])
    cells = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert cells[0] == [text, f"<r>{text}</r>"]


def test_types_and_long_text(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    with XlsxOutput(target) as out:
        sheet = out.sheet("S")
        out.write_row(sheet, 0, [1, 2.5, date(2022, 5, 19), "x" * (MAX_CELL_CHARS + 10), None])
    [row] = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("S").to_python()
    assert row[:3] == [1, 2.5, date(2022, 5, 19)]
    assert len(row[3]) == MAX_CELL_CHARS
    assert row[3].endswith("…")


def test_failure_inside_leaves_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"previous")

    def interrupted_write() -> None:
        with XlsxOutput(target) as out:
            out.sheet("S")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted_write()
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_locked_target_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "t.json"
    target.write_bytes(b"old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(LockedOutputError) as info:
        write_bytes_atomically(b"new", target, "output/t.json")
    assert str(info.value) == (
        "Không ghi được output/t.json: tệp đang mở trong Excel hoặc chỉ cho phép đọc. "
        "Hãy đóng tệp rồi chạy lại; bản cũ vẫn được giữ nguyên."
    )
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("kind", ["bytes", "xlsx"])
def test_ctrl_c_as_the_temp_file_is_created_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The interruption lands right after the file exists, before its name is returned."""
    real_open = os.open

    def interrupted(path: Any, *args: Any, **kwargs: Any) -> int:
        os.close(real_open(path, *args, **kwargs))
        raise KeyboardInterrupt

    def write() -> None:
        if kind == "bytes":
            write_bytes_atomically(b"{}", tmp_path / "tong_hop.json", "output/tong_hop.json")
        else:
            with XlsxOutput(tmp_path / "tong_hop.xlsx") as out:
                out.sheet("Tổng hợp")

    monkeypatch.setattr(os, "open", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write()
    assert list(tmp_path.iterdir()) == []
