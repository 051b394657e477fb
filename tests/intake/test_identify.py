"""Which unit sent a return, and the date written on it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hoithao.intake.identify import (
    CLUE_CODE_CELL,
    CLUE_FILE_NAME,
    CLUE_HEADING,
    CLUE_IDENTITY,
    find_form_date,
    identify_unit,
)
from hoithao.intake.read import read_workbook
from hoithao.models import Event, Master, Unit

from ..conftest import UNITS, form_row, write_return

HEADERS = ["TT", "Họ tên", "Chức vụ", "SĐT"]
ROW = [1, "Nguyễn Văn An", "Bí thư", "0905123456"]


@pytest.fixture
def master() -> Master:
    units = {
        code: Unit(code, name, kind, parent, summoned != "không", email, row=n)
        for n, (code, name, kind, parent, summoned, email) in enumerate(UNITS, 2)
    }
    return Master(Event("HT38-2022", "Hội thảo"), units, {})


def sheet_return(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def identify(path: Path, master: Master) -> tuple[str | None, str, list[str]]:
    found = identify_unit(read_workbook(path), master)
    return found.unit_code, found.clue, found.conflicts


def test_identity_sheet(tmp_path: Path, master: Master) -> None:
    path = write_return(tmp_path / "phieu.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    found = identify_unit(read_workbook(path), master)
    assert (found.unit_code, found.clue, found.conflicts) == ("CS02", CLUE_IDENTITY, [])
    assert found.event_code == "HT38-2022"


def test_identity_sheet_against_file_name(tmp_path: Path, master: Master) -> None:
    path = write_return(tmp_path / "CS05.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    assert identify(path, master) == (
        "CS02",
        CLUE_IDENTITY,
        ["tên tệp chỉ Chi bộ Sở Ngoại vụ (CS05)"],
    )


def test_unknown_code_in_identity_sheet(tmp_path: Path, master: Master) -> None:
    path = write_return(tmp_path / "CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="XX9")
    code, clue, conflicts = identify(path, master)
    assert (code, clue) == ("CS02", CLUE_FILE_NAME)
    assert conflicts == ["sheet nhận diện ghi mã “XX9” không có trong danh sách đơn vị"]


@pytest.mark.parametrize(
    "above",
    [
        [["Mã đơn vị", "", "CS03"]],
        [["Mã đơn vị: cs03"]],
        [["Đơn vị: Đảng bộ Cục Thuế tỉnh", "", "Mã đơn vị:", "CS03"]],
        [["Đơn vị: Đảng bộ Cục Thuế tỉnh — Mã đơn vị: CS03"]],
    ],
)
def test_unit_code_cell(tmp_path: Path, master: Master, above: list[list[str]]) -> None:
    path = sheet_return(tmp_path / "phieu.xlsx", [*above, [], HEADERS, ROW])
    assert identify(path, master)[:2] == ("CS03", CLUE_CODE_CELL)


def test_heading_name_not_the_superior_body(tmp_path: Path, master: Master) -> None:
    above = [
        ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "", "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["CHI BỘ SỞ TƯ PHÁP"],
        ["DANH SÁCH ĐĂNG KÝ THAM DỰ HỘI THẢO"],
    ]
    path = sheet_return(tmp_path / "phieu.xlsx", [*above, HEADERS, ROW])
    assert identify(path, master) == ("CS02", CLUE_HEADING, [])


def test_heading_with_other_organisation_word(tmp_path: Path, master: Master) -> None:
    path = sheet_return(tmp_path / "phieu.xlsx", [["ĐẢNG ỦY SỞ Y TẾ"], HEADERS, ROW])
    assert identify(path, master)[:2] == ("CS01", CLUE_HEADING)


def test_agency_name_without_party_words_is_not_a_unit(tmp_path: Path, master: Master) -> None:
    rows = [["Cơ quan", "Ý kiến"], ["Sở Ngoại vụ", "Đồng ý"], ["Sở Y tế", "Đồng ý"]]
    path = sheet_return(tmp_path / "tong hop y kien.xlsx", rows)
    assert identify(path, master) == (None, "", [])


def test_heading_names_a_sub_unit(tmp_path: Path, master: Master) -> None:
    path = sheet_return(tmp_path / "phieu.xlsx", [["Chi bộ Văn phòng Sở Y tế"], HEADERS, ROW])
    code, clue, _ = identify(path, master)
    assert code == "CS01"
    assert clue.startswith(CLUE_HEADING)
    assert "Chi bộ Văn phòng Sở Y tế (TT01) thuộc Đảng bộ Sở Y tế" in clue


def test_heading_conflicts_with_code_cell(tmp_path: Path, master: Master) -> None:
    rows = [["CHI BỘ BAN DÂN TỘC"], ["Mã đơn vị", "CS02"], HEADERS, ROW]
    path = sheet_return(tmp_path / "phieu.xlsx", rows)
    assert identify(path, master) == (
        "CS02",
        CLUE_CODE_CELL,
        ["tiêu đề chỉ Chi bộ Ban Dân tộc (CS04)"],
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("CS02_chi_bo.xlsx", "CS02"),
        ("cs02.xlsx", "CS02"),
        ("Phieu dang ky - cs2 (lan 2).xlsx", "CS02"),
        ("danh sach chi bo so tu phap.xlsx", "CS02"),
        ("DS_Chi_bo_Ban_Dan_toc_final.xlsx", "CS04"),
        ("TT01.xlsx", "CS01"),
        ("phieu khong ro.xlsx", None),
        ("2022.xlsx", None),
    ],
)
def test_file_name(tmp_path: Path, master: Master, name: str, code: str | None) -> None:
    path = write_return(tmp_path / name, [form_row(1, "Nguyễn Văn An")])
    found, clue, _ = identify(path, master)
    assert found == code
    assert clue.startswith(CLUE_FILE_NAME) if code else clue == ""


def test_csv_file_name(tmp_path: Path, master: Master) -> None:
    path = write_return(tmp_path / "CS04.csv", [form_row(1, "Võ Thị Ưng")])
    assert identify(path, master)[:2] == ("CS04", CLUE_FILE_NAME)


# --- the date written on the form ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("below", "expected"),
    [
        ([["", "Quy Nhơn, ngày 05 tháng 5 năm 2022"]], date(2022, 5, 5)),
        ([["", "Quy Nhơn, ngày 5/5/2022"]], date(2022, 5, 5)),
        ([["Ngày lập: 06/05/2022"]], date(2022, 5, 6)),
        ([["Ngày lập", datetime(2022, 5, 7)]], date(2022, 5, 7)),
        ([["", "Quy Nhơn, ngày    tháng    năm 2022"]], None),
        ([["Hạn gửi trước ngày 10/5/2022"]], None),
        ([["Ngày sinh: 01/02/2003"]], None),
        ([["(Ban hành theo QĐ số 15/2006/QĐ-BTC"], ["ngày 30/03/2006 của Bộ trưởng BTC)"]], None),
        ([["Thời điểm kiểm kê: 08 giờ 00 phút, ngày 01 tháng 01 năm 2021"]], None),
        ([], None),
    ],
)
def test_form_date(tmp_path: Path, below: list[list[Any]], expected: date | None) -> None:
    rows = [form_row(1, "Nguyễn Văn An", note="sinh ngày 12/3/1975")]
    path = write_return(tmp_path / "CS02.xlsx", rows, below=below, unit_code="CS02")
    assert find_form_date(read_workbook(path)) == expected


def test_form_date_in_heading_and_birth_dates_in_table(tmp_path: Path) -> None:
    above = [["CHI BỘ SỞ TƯ PHÁP", "", "", "Quy Nhơn, ngày 03 tháng 05 năm 2022"]]
    headers = ["TT", "Họ tên", "Ngày sinh", "SĐT"]
    rows = [[1, "Lê Văn A", datetime(1970, 1, 2), "0905"]]
    path = write_return(tmp_path / "a.xlsx", rows, headers=headers, above=above)
    assert find_form_date(read_workbook(path)) == date(2022, 5, 3)


def test_legacy_typed_heading_and_date(tmp_path: Path, master: Master) -> None:
    from hoithao.vn.legacy import to_legacy

    above = [[to_legacy("CHI BỘ BAN DÂN TỘC", "VNI")]]
    below = [["", to_legacy("Quy Nhơn, ngày 05 tháng 5 năm 2022", "TCVN3")]]
    path = write_return(tmp_path / "phieu.xlsx", [form_row(1, "An")], above=above, below=below)
    workbook = read_workbook(path)
    assert identify_unit(workbook, master).unit_code == "CS04"
    assert find_form_date(workbook) == date(2022, 5, 5)
