"""Finding the delegate table in returns as units really make them."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hoithao.forms.vocab import FORM_COLUMNS, FORM_SHEET_REGISTRATION
from hoithao.intake.locate import Table, find_table, match_label
from hoithao.intake.read import read_workbook

from ..conftest import FORM_HEADERS, form_row, write_return


def sheet_book(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Any]]],
    *,
    origin: tuple[int, int] = (1, 1),
    merges: Sequence[str] = (),
    hidden: Sequence[str] = (),
) -> Path:
    """A workbook with the given sheets; the first sheet's rows start at `origin` (row, col)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, (title, rows) in enumerate(sheets.items()):
        sheet = book.create_sheet(title)
        top, left = origin if index == 0 else (1, 1)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value not in ("", None):
                    sheet.cell(top + r, left + c, value)
        if index == 0:
            for area in merges:
                sheet.merge_cells(area)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def table_of(path: Path) -> Table:
    table = find_table(read_workbook(path))
    assert table is not None
    return table


def names(table: Table) -> list[tuple[int, object]]:
    return [(r.excel_row, r.values.get("full_name")) for r in table.rows]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Họ và tên", ("full_name", 2)),
        ("HO  VA TEN", ("full_name", 2)),
        ("Họ và tên (ghi rõ bằng chữ in hoa)", ("full_name", 2)),
        ("Họ và tên đồng chí đăng ký", ("full_name", 1)),
        ("Số điện thoại liên hệ", ("phone", 1)),
        ("SĐT", ("phone", 2)),
        ("Chức vụ trong Đảng", ("party_role", 2)),
        ("Chức vụ chuyên môn", ("job_title", 2)),
        ("Tên bài", None),
        ("Nội dung", None),
    ],
)
def test_match_label(label: str, expected: tuple[str, int] | None) -> None:
    from hoithao.vn.text import header_key

    key = header_key(label.split("(")[0])
    assert match_label(key) == expected


def test_our_form(tmp_path: Path) -> None:
    path = write_return(tmp_path / "CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    table = table_of(path)
    assert table.sheet == FORM_SHEET_REGISTRATION
    assert table.header_row == 1
    assert table.columns == {key: n for n, key in enumerate(FORM_COLUMNS, 1)}
    [row] = table.rows
    assert row.excel_row == 2
    assert row.values["full_name"] == "Nguyễn Văn An"
    assert row.values["phone"] == "0912345678"
    assert set(row.values) == set(FORM_COLUMNS)


def test_table_away_from_a1_keeps_excel_rows(tmp_path: Path) -> None:
    rows = [
        ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"],
        ["CHI BỘ SỞ TƯ PHÁP"],
        [],
        ["TT", "HỌ TÊN", "Ghi chú", "Cột riêng", "SĐT"],
        [1, "Lê Văn Tám", "", "abc", "0905111222"],
    ]
    table = table_of(sheet_book(tmp_path / "a.xlsx", {"DS": rows}, origin=(4, 2)))
    assert table.header_row == 7
    assert table.columns == {"seq": 2, "full_name": 3, "note": 4, "phone": 6}
    assert names(table) == [(8, "Lê Văn Tám")]
    assert "Cột riêng" not in table.rows[0].values


TWO_ROW = [
    ["DANH SÁCH ĐĂNG KÝ"],
    [],
    ["STT", "Họ và tên", "Năm sinh", "", "Chức vụ", "", "Điện thoại"],
    ["", "", "Nam", "Nữ", "Đảng", "Chuyên môn", ""],
    [1, "Nguyễn Văn Hải", 1970, "", "Bí thư", "Giám đốc", "0905123456"],
    [2, "Trần Thị Lan", "", "x", "Phó Bí thư", "Phó Giám đốc", "0905654321"],
    [3, "Phạm Văn Chí", "", "", "Đảng viên", "", ""],
]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_two_row_merged_header(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"a{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows(TWO_ROW)
    else:
        merges = ["A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:G4"]
        sheet_book(path, {"Sheet1": TWO_ROW}, merges=merges)
    table = table_of(path)
    assert table.header_row == 4
    assert table.columns == {
        "seq": 1,
        "full_name": 2,
        "male": 3,
        "female": 4,
        "party_role": 5,
        "job_title": 6,
        "phone": 7,
    }
    hai, lan, chi = (r.values for r in table.rows)
    assert (hai["gender"], hai["birth_year"], hai["party_role"], hai["job_title"]) == (
        "Nam",
        1970,
        "Bí thư",
        "Giám đốc",
    )
    assert (lan["gender"], lan.get("birth_year")) == ("Nữ", None)
    assert "gender" not in chi
    assert [r.excel_row for r in table.rows] == [5, 6, 7]


def test_two_row_header_gender_group(tmp_path: Path) -> None:
    rows = [
        ["STT", "Họ và tên", "Giới tính", "", "Điện thoại"],
        ["", "", "Nam", "Nữ", ""],
        [1, "Đinh Thị Mai", "", "x", "0905"],
    ]
    table = table_of(sheet_book(tmp_path / "a.xlsx", {"S": rows}, merges=["C1:D1"]))
    assert table.header_row == 2
    assert [(r.excel_row, r.values["gender"]) for r in table.rows] == [(3, "Nữ")]


def test_gender_columns_in_one_row_and_split_names(tmp_path: Path) -> None:
    rows = [
        ["TT", "Họ", "Tên", "Nam", "Nữ", "Chức vụ", "Chức vụ Đảng"],
        [1, "Nguyễn Thị", "Hoa", "", "1980", "Trưởng phòng", "Bí thư"],
    ]
    table = table_of(sheet_book(tmp_path / "a.xlsx", {"S": rows}))
    [row] = table.rows
    assert row.values["full_name"] == "Nguyễn Thị Hoa"
    assert (row.values["gender"], row.values["birth_year"]) == ("Nữ", 1980)
    # "Chức vụ" beside a real party-role column is the job title
    assert (row.values["party_role"], row.values["job_title"]) == ("Bí thư", "Trưởng phòng")


def test_bare_chuc_vu_is_party_role(tmp_path: Path) -> None:
    rows = [["Họ và tên", "Chức vụ", "Điện thoại"], ["Hồ Văn Tâm", "PBT", "0914000111"]]
    [row] = table_of(sheet_book(tmp_path / "a.xlsx", {"S": rows})).rows
    assert row.values["party_role"] == "PBT"


def test_blank_rows_total_and_signature(tmp_path: Path) -> None:
    rows = [
        form_row(1, "Nguyễn Văn An"),
        [""] * 10,
        [2] + [""] * 9,  # an unused numbered line: blank
        form_row(3, "Lê Thị Bích", role="Bí thư chi bộ"),  # "Bí thư" as a role is data
        form_row(4, "", job_title="Chánh Văn phòng"),  # no name: a data row, rejected later
    ]
    below = [
        ["", "Tổng cộng: 3 đồng chí"],
        [],
        ["", "", "", "", "", "", "Quy Nhơn, ngày 05 tháng 5 năm 2022"],
        ["", "Người lập biểu", "", "", "", "", "T/M CHI ỦY"],
        ["", "", "", "", "", "", "BÍ THƯ"],
        [],
        ["", "Võ Văn Ký", "", "", "", "", "Trần Văn Thư"],
    ]
    table = table_of(write_return(tmp_path / "a.xlsx", rows, below=below))
    assert names(table) == [(2, "Nguyễn Văn An"), (5, "Lê Thị Bích"), (6, "")]
    assert table.ignored == [7, 9, 10, 11, 13]
    assert table.rows_read == 8


def test_signature_without_total_and_name_in_name_column(tmp_path: Path) -> None:
    rows = [form_row(1, "Nguyễn Văn An")]
    below = [[], ["", "Người lập biểu"], ["", "Võ Văn Ký"]]
    table = table_of(write_return(tmp_path / "a.csv", rows, below=below))
    assert names(table) == [(2, "Nguyễn Văn An")]
    assert table.ignored == [4, 5]


def test_signature_in_the_stt_column_and_numbered_odd_names(tmp_path: Path) -> None:
    rows = [form_row(1, "Bì Thu Hà", gender="Nữ")]
    below = [["Người lập biểu", "", "", "", "", "", "T/M CHI ỦY"], ["Võ Văn Ký"]]
    table = table_of(write_return(tmp_path / "a.xlsx", rows, below=below))
    assert names(table) == [(2, "Bì Thu Hà")]
    assert table.ignored == [3, 4]


def test_name_that_looks_like_total_word(tmp_path: Path) -> None:
    rows = [form_row(1, "Công Thị Hoa", gender="Nữ")]
    assert names(table_of(write_return(tmp_path / "a.xlsx", rows))) == [(2, "Công Thị Hoa")]


def test_numbering_row_under_header(tmp_path: Path) -> None:
    rows = [["STT", "Họ và tên", "Điện thoại"], ["(1)", "(2)", "(3)"], [1, "An Văn Bình", "0905"]]
    table = table_of(sheet_book(tmp_path / "a.xlsx", {"S": rows}))
    assert table.header_row == 2
    assert names(table) == [(3, "An Văn Bình")]


def test_table_on_another_sheet_and_visible_preferred(tmp_path: Path) -> None:
    table_rows = [["Họ và tên", "SĐT"], ["Đỗ Văn Cũ", "0905"]]
    new_rows = [["Họ và tên", "SĐT"], ["Đỗ Văn Mới", "0906"]]
    paper = [["Định hướng nội dung", "Tên bài", "Người trình bày", "Chức vụ"], ["x", "y", "z", "t"]]
    sheets = {
        "Hướng dẫn": [["Điền vào sheet DS"]],
        "Cũ": table_rows,
        "Tham luận": paper,
        "DS": new_rows,
    }
    table = table_of(sheet_book(tmp_path / "a.xlsx", sheets, hidden=["Cũ"]))
    assert (table.sheet, names(table)) == ("DS", [(2, "Đỗ Văn Mới")])


def test_header_only_form_is_still_a_table(tmp_path: Path) -> None:
    table = table_of(write_return(tmp_path / "a.xlsx", [], headers=FORM_HEADERS))
    assert (table.rows, table.ignored, table.rows_read) == ([], [], 0)


@pytest.mark.parametrize(
    "rows",
    [
        [["Nội dung"], ["Báo cáo kết quả"]],
        [["Họ và tên"], ["Nguyễn Văn An"]],  # a name column alone is not a delegate table
        [],
    ],
)
def test_no_table(tmp_path: Path, rows: list[list[str]]) -> None:
    path = sheet_book(tmp_path / "a.xlsx", {"S": rows})
    assert find_table(read_workbook(path)) is None


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_legacy_typed_header_and_signature(tmp_path: Path, encoding: str) -> None:
    from hoithao.vn.legacy import to_legacy

    headers = [to_legacy(h, encoding) for h in ["STT", "Họ và tên", "Chức vụ Đảng", "Điện thoại"]]
    rows = [[1, to_legacy("Nguyễn Văn Hùng", encoding), to_legacy("Bí thư", encoding), "0905"]]
    below = [
        [],
        ["", to_legacy("Người lập biểu", encoding)],
        ["", to_legacy("Võ Văn Ký", encoding)],
    ]
    table = table_of(write_return(tmp_path / "a.xlsx", rows, headers=headers, below=below))
    assert list(table.columns) == ["seq", "full_name", "party_role", "phone"]
    assert [r.excel_row for r in table.rows] == [2]
    assert table.ignored == [4, 5]


def test_our_own_form_template(tmp_path: Path) -> None:
    template = pytest.importorskip("hoithao.forms.template")
    path = template.build_form_template(tmp_path / "mau.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[FORM_SHEET_REGISTRATION]
    table = table_of(path)  # the prepared numbered rows are blank, the signature block ignored
    assert table.rows == []
    first = table.header_row + 1
    sheet.cell(first, table.columns["full_name"], "Nguyễn Văn An")
    sheet.cell(first + 1, table.columns["full_name"], "Lê Thị Bình")
    book.save(path)
    filled = table_of(path)
    assert names(filled) == [(first, "Nguyễn Văn An"), (first + 1, "Lê Thị Bình")]
    assert filled.ignored == table.ignored
