"""One return → delegates: a đảng bộ's workbook with one sheet per sub-unit, a list divided by
sub-unit headings, split name columns."""

from __future__ import annotations

import openpyxl
import pytest

from hoithao.engine.consolidate import build
from hoithao.forms.vocab import FORM_SHEET_REGISTRATION
from hoithao.workspace import Workspace

from ..conftest import FORM_HEADERS, TODAY, form_row, write_docx

HEADERS = ["STT", "Họ và tên", "Chức vụ Đảng", "Chức vụ chuyên môn", "Điện thoại"]


def person(n: int, name: str, role: str = "Bí thư") -> list:
    return [n, name, role, "Trưởng phòng", f"09051234{n:02d}"]


def write_book(path, sheets: dict[str, list[list]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


def test_every_sub_unit_sheet_is_read(workspace: Workspace) -> None:
    title = ["ĐẢNG BỘ SỞ Y TẾ"]
    write_book(
        workspace.returns_dir / "CS01.xlsx",
        {
            "Đảng ủy": [title, HEADERS, person(1, "Nguyễn Văn An")],
            "Văn phòng Sở": [title, HEADERS, person(1, "Trần Thị Bình")],
            "ĐB Bệnh viện Đa khoa": [title, HEADERS, person(1, "Lê Văn Cường")],
            "Ghi chú": [["Gửi kèm danh sách các chi bộ"]],
        },
    )
    c = build(workspace, today=TODAY)
    assert sorted((d.full_name, d.unit_code) for d in c.registered) == [
        ("Lê Văn Cường", "BP01"),
        ("Nguyễn Văn An", "CS01"),
        ("Trần Thị Bình", "TT01"),
    ]
    [log] = c.file_log
    assert (log.rows_read, log.rows_accepted, log.rows_rejected, log.rows_ignored) == (3, 3, 0, 0)
    # rows of several sheets cite their sheet: row 3 is on every sheet
    assert {d.source.split("!", 1)[1] for d in c.registered} == {
        "Đảng ủy!3",
        "Văn phòng Sở!3",
        "ĐB Bệnh viện Đa khoa!3",
    }


def test_sheet_naming_no_unit_is_not_read_beside_the_table(workspace: Workspace) -> None:
    write_book(
        workspace.returns_dir / "CS02.xlsx",
        {
            "Đăng ký": [HEADERS, person(1, "Nguyễn Văn An")],
            "Bản nháp": [HEADERS, person(1, "Nguyễn Văn Nháp")],
        },
    )
    c = build(workspace, today=TODAY)
    assert [d.full_name for d in c.registered] == ["Nguyễn Văn An"]


def test_same_person_on_two_sub_unit_sheets_is_r03(workspace: Workspace) -> None:
    write_book(
        workspace.returns_dir / "CS01.xlsx",
        {
            "Đảng ủy Sở Y tế": [HEADERS, person(1, "Nguyễn Văn An")],
            "Chi bộ Văn phòng Sở Y tế": [
                [*HEADERS, "Đơn vị"],
                [*person(1, "Nguyễn Văn An"), "Đảng bộ Sở Y tế"],
            ],
        },
    )
    c = build(workspace, today=TODAY)
    [r03] = [i for i in c.issues if i.code == "R03"]
    assert "sheet “Đảng ủy Sở Y tế”, dòng 2" in r03.message
    assert r03.file.endswith("CS01.xlsx!Chi bộ Văn phòng Sở Y tế")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_list_divided_by_sub_unit_headings(workspace: Workspace, make_return, suffix) -> None:
    blank = [""] * (len(FORM_HEADERS) - 2)
    rows = [
        ["", "I. ĐẢNG ỦY SỞ Y TẾ", *blank],
        form_row(1, "Nguyễn Văn An"),
        [1, "Chi bộ Văn phòng Sở Y tế", *blank],
        form_row(2, "Trần Thị Bình", gender="Nữ"),
        ["2.", "Đảng bộ Bệnh viện Đa khoa tỉnh", *blank],
        form_row(3, "Lê Văn Cường"),
        form_row(4, "Phạm Văn Dũng", role="Phó Bí thư", unit="Chi bộ Văn phòng Sở Y tế"),
        ["", "3. Chi bộ Phòng Không Có", *blank],
        form_row(5, "Võ Thị Em", gender="Nữ"),
    ]
    make_return(f"CS01{suffix}", rows, above=[["ĐẢNG BỘ SỞ Y TẾ"]])
    c = build(workspace, today=TODAY)
    assert sorted((d.full_name, d.unit_code) for d in c.registered) == [
        ("Lê Văn Cường", "BP01"),
        ("Nguyễn Văn An", "CS01"),
        ("Phạm Văn Dũng", "TT01"),
        ("Trần Thị Bình", "TT01"),
    ]
    [log] = c.file_log
    # 4 heading lines ignored, not R01; the row under an unknown heading is R02
    assert (log.rows_read, log.rows_accepted, log.rows_rejected, log.rows_ignored) == (9, 4, 1, 4)
    assert not [i for i in c.issues if i.code == "R01"]
    [r02] = [i for i in c.issues if i.code == "R02"]
    assert "Đề mục" in r02.message
    assert "Chi bộ Phòng Không Có" in r02.message


def test_word_tables_one_per_sub_unit(workspace: Workspace) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("ĐẢNG BỘ SỞ Y TẾ")
    for caption, name in [
        ("1. Chi bộ Văn phòng Sở Y tế", "Trần Thị Bình"),
        ("2. Đảng bộ Bệnh viện Đa khoa tỉnh", "Lê Văn Cường"),
    ]:
        document.add_paragraph(caption)
        table = document.add_table(rows=2, cols=3)
        for c, text in enumerate(["TT", "Họ và tên", "Chức vụ Đảng"]):
            table.cell(0, c).text = text
        for c, text in enumerate(["1", name, "Bí thư"]):
            table.cell(1, c).text = text
    document.save(str(workspace.returns_dir / "danh sach.docx"))
    c = build(workspace, today=TODAY)
    assert sorted((d.full_name, d.unit_code) for d in c.registered) == [
        ("Lê Văn Cường", "BP01"),
        ("Trần Thị Bình", "TT01"),
    ]


@pytest.mark.parametrize(
    ("family", "given"), [("Họ", "Tên"), ("Họ và tên đệm", "Tên"), ("HỌ", "TÊN")]
)
@pytest.mark.parametrize("word", [False, True])
def test_split_name_columns(workspace: Workspace, family: str, given: str, word: bool) -> None:
    headers = ["STT", family, given, "Chức vụ Đảng", "Điện thoại"]
    rows = [[1, "Nguyễn Thị Hồng", "Nhung", "Bí thư", "0905123456"], [2, "Trần", "An", "PBT", ""]]
    path = workspace.returns_dir / f"CS02{'.docx' if word else '.xlsx'}"
    if word:
        write_docx(path, rows, headers=headers)
    else:
        write_book(path, {FORM_SHEET_REGISTRATION: [headers, *rows]})
    c = build(workspace, today=TODAY)
    assert [d.full_name for d in c.registered] == ["Nguyễn Thị Hồng Nhung", "Trần An"]
