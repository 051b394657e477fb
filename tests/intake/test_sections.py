"""Rows below a header that are not people: sub-unit headings, cells merged down."""

from __future__ import annotations

import openpyxl
import pytest
from docx import Document

from hoithao.engine.consolidate import build
from hoithao.intake.sections import section_heading
from hoithao.workspace import Workspace

from ..conftest import TODAY


@pytest.mark.parametrize(
    ("row", "heading"),
    [
        (["", "1. Chi bộ Phòng Tổng hợp", ""], "1. Chi bộ Phòng Tổng hợp"),
        (["II", "ĐẢNG BỘ BỆNH VIỆN", ""], "ĐẢNG BỘ BỆNH VIỆN"),
        ([3, "Chi bộ Văn phòng", ""], "Chi bộ Văn phòng"),
        (["", "a) Đảng ủy Sở Y tế", ""], "a) Đảng ủy Sở Y tế"),
        (["", "Chi bé V¨n phßng", ""], "Chi bé V¨n phßng"),  # TCVN3
        # people, totals and remarks are no headings
        ([1, "Nguyễn Văn An", "Bí thư"], ""),
        (["", "Chi bộ Văn phòng", "0905123456"], ""),
        (["", "Cộng: 3 đồng chí", ""], ""),
        (["", "Lãnh đạo Sở", ""], ""),
        ([1, 2, "Chi bộ Văn phòng"], ""),
        (["1", "Chi bộ Văn phòng", "ghi chú"], ""),  # three cells: never a heading
    ],
)
def test_section_heading(row: list, heading: str) -> None:
    filled = [c for c, v in enumerate(row) if v not in ("", None)]
    assert section_heading(row, filled) == heading


HEADERS = ["STT", "Họ và tên", "Chức vụ Đảng", "Đơn vị", "Điện thoại"]
PEOPLE = [
    [1, "Nguyễn Văn An", "Bí thư", "Chi bộ Văn phòng Sở Y tế", "0905123401"],
    [2, "Trần Thị Bình", "Phó Bí thư", "", "0905123402"],
    [3, "Lê Văn Cường", "Bí thư", "Đảng bộ Bệnh viện Đa khoa tỉnh", "0905123403"],
    [4, "Phạm Thị Dung", "Phó Bí thư", "", "0905123404"],
]
EXPECTED = [
    ("Lê Văn Cường", "BP01"),
    ("Nguyễn Văn An", "TT01"),
    ("Phạm Thị Dung", "BP01"),
    ("Trần Thị Bình", "TT01"),
]


def test_unit_merged_down_in_excel(workspace: Workspace) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ĐẢNG BỘ SỞ Y TẾ"])
    sheet.append(HEADERS)
    for person in PEOPLE:
        sheet.append(person)
    sheet.merge_cells("D3:D4")
    sheet.merge_cells("D5:D6")
    book.save(workspace.returns_dir / "CS01.xlsx")
    c = build(workspace, today=TODAY)
    assert sorted((d.full_name, d.unit_code) for d in c.registered) == EXPECTED


def test_unit_merged_down_in_word(workspace: Workspace) -> None:
    document = Document()
    document.add_paragraph("ĐẢNG BỘ SỞ Y TẾ")
    table = document.add_table(rows=1 + len(PEOPLE), cols=len(HEADERS))
    for r, line in enumerate([HEADERS, *PEOPLE]):
        for c, value in enumerate(line):
            if value != "":
                table.cell(r, c).text = str(value)
    table.cell(1, 3).merge(table.cell(2, 3))
    table.cell(3, 3).merge(table.cell(4, 3))
    document.save(str(workspace.returns_dir / "CS01.docx"))
    c = build(workspace, today=TODAY)
    assert sorted((d.full_name, d.unit_code) for d in c.registered) == EXPECTED
