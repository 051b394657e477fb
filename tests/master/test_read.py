"""The master workbook: what a good one reads as, and the exact message for each broken one."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from hoithao.errors import MasterError
from hoithao.master.read import read_master
from hoithao.master.vocab import (
    INFO_ROWS,
    KIND_CHI_BO_CO_SO,
    KIND_CHI_BO_TRUC_THUOC,
    KIND_DANG_BO_BO_PHAN,
    KIND_DANG_BO_CO_SO,
    PAPER_FORM_PRESENT,
    REQUIRED_MASTER_SHEETS,
    SHEET_BUDGET,
    SHEET_INFO,
    SHEET_PAPERS,
    SHEET_RECIPIENTS,
    SHEET_UNITS,
)

from ..conftest import CATEGORIES, INVITEES, PAPERS, UNITS, build_master

DBCS, CBCS = KIND_DANG_BO_CO_SO, KIND_CHI_BO_CO_SO
DBBP, CBTT = KIND_DANG_BO_BO_PHAN, KIND_CHI_BO_TRUC_THUOC
PREFIX = "Sổ gốc workbooks/hoi_thao.xlsx: "


@pytest.fixture
def master_path(tmp_path: Path) -> Path:
    return tmp_path / "Hội thảo Quy Nhơn" / "hoi_thao.xlsx"


def broken(path: Path) -> str:
    with pytest.raises(MasterError) as caught:
        read_master(path)
    return str(caught.value)


def edit(path: Path, sheet: str, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)


# --- a good master --------------------------------------------------------------------------
def test_reads_the_small_master(master_path: Path) -> None:
    master = read_master(build_master(master_path))
    event = master.event
    assert event.event_code == "HT38-2022"
    assert event.plan_number == "38-KH/ĐUK"
    assert event.starts_at == datetime(2022, 5, 19, 7, 30)
    assert event.hall_capacity == 150
    assert event.registration_deadline == date(2022, 5, 10)
    assert event.paper_deadline == date(2022, 5, 12)
    assert list(master.units) == [u[0] for u in UNITS]
    assert [u.code for u in master.summoned_grassroots()] == ["CS01", "CS02", "CS03", "CS04"]
    # sub-units are summoned only when marked; the parent links are kept
    assert [u.code for u in master.summoned_sub_units("CS01")] == ["BP01", "TT01"]
    assert master.units["TT02"].parent == "CS01"
    assert master.units["CS01"].row == 2
    assert master.categories["CS"].unit_kinds == (DBCS, CBCS)
    assert master.categories["CS"].valid_roles == ("Bí thư", "Phó Bí thư")
    assert master.categories["CS"].quota == 1
    assert master.categories["KM"].is_named
    assert [i.full_name for i in master.invitees] == [i[0] for i in INVITEES]
    assert master.papers[0].unit_code == "CS01"
    assert master.papers[0].form == PAPER_FORM_PRESENT
    assert master.recipients[0].recipient == "Ban Tổ chức Tỉnh ủy"


def test_invitation_column_is_optional_and_read(master_path: Path) -> None:
    categories = [(*row, "") for row in CATEGORIES]
    categories[0] = (*CATEGORIES[0], "Không")
    categories[1] = (*CATEGORIES[1], "có")
    master = read_master(build_master(master_path, categories=categories))
    assert [c.invited for c in master.categories.values()] == [False, True, True, True]
    # a master without the column invites every category
    assert all(c.invited for c in read_master(build_master(master_path)).categories.values())


def test_invitation_column_with_a_stray_value(master_path: Path) -> None:
    categories = [(*row, "") for row in CATEGORIES]
    categories[1] = (*CATEGORIES[1], "thỉnh thoảng")
    build_master(master_path, categories=categories)
    assert broken(master_path) == (
        PREFIX + 'sheet "Thành phần", dòng 3: cột "Gửi giấy mời" ghi "thỉnh thoảng"; ghi "có" '
        '(hoặc để trống) để gửi giấy mời, "không" để không gửi.'
    )


def test_signing_date(master_path: Path) -> None:
    build_master(master_path)
    assert read_master(master_path).event.signed_on is None
    book = openpyxl.load_workbook(master_path)
    book[SHEET_INFO].append([INFO_ROWS["signed_on"], datetime(2022, 5, 3)])
    book.save(master_path)
    assert read_master(master_path).event.signed_on == date(2022, 5, 3)


def test_summoned_marks(master_path: Path) -> None:
    units = [
        ("CS01", "Đảng bộ Sở Y tế", DBCS, "", "X", ""),
        ("CS02", "Chi bộ Sở Tư pháp", CBCS, "", "-", ""),
        ("CS03", "Chi bộ Ban Dân tộc", CBCS, "", "Không", ""),
        ("BP01", "Đảng bộ Bệnh viện", DBBP, "CS01", "✓", ""),
        ("TT01", "Chi bộ Văn phòng", CBTT, "CS01", "", ""),
        ("TT02", "Chi bộ Phòng Y", CBTT, "cs01", "có", ""),
    ]
    master = read_master(build_master(master_path, units=units))
    summoned = {code for code, unit in master.units.items() if unit.summoned}
    assert summoned == {"CS01", "BP01", "TT02"}
    assert master.units["TT02"].parent == "CS01"


def test_columns_reordered_and_extra_columns_ignored(master_path: Path) -> None:
    build_master(master_path)
    book = openpyxl.load_workbook(master_path)
    del book[SHEET_UNITS]
    sheet = book.create_sheet(SHEET_UNITS)
    sheet.append(["Ghi chú riêng", "Email", "Loại hình", "Tên đơn vị", "Mã đơn vị", "Trực thuộc"])
    sheet.append(["mới", "a@b.vn", DBCS, "Đảng bộ Sở Y tế", "CS01", ""])
    sheet.append(["", "", CBTT, "Chi bộ Văn phòng", "TT01", "CS01"])
    book.save(master_path)
    master = read_master(master_path, display_path="hoi_thao.xlsx")
    assert master.units["CS01"].name == "Đảng bộ Sở Y tế"
    assert master.units["CS01"].email == "a@b.vn"
    assert master.units["TT01"].parent == "CS01"
    assert master.units["TT01"].summoned is False


def test_headers_and_sheet_names_without_diacritics_in_capitals(master_path: Path) -> None:
    book = openpyxl.Workbook()
    info = book.active
    info.title = "THONG TIN"
    info.append(["MUC", "GIA TRI"])
    info.append(["ma hoi thao", "HT01"])
    info.append(["TEN HOI THAO", "Hội thảo"])
    info.append(["THOI GIAN", "07:30 19/05/2022"])
    info.append(["dia diem", "Hội trường"])
    units = book.create_sheet("don vi")
    units.append(["MA DON VI", "TEN  DON VI", "LOAI HINH", "TRUC THUOC", "TRIEU TAP"])
    units.append(["cs01", "Đảng bộ Sở Y tế", "dang bo co so", "", ""])
    units.append(["TT01", "Chi bộ Văn phòng", "CBTT", "CS01", "x"])
    categories = book.create_sheet("THÀNH PHẦN")
    categories.append(["MA", "TEN THANH PHAN", "LOAI HINH AP DUNG", "CHUC VU HOP LE"])
    categories.append(["cs", "Bí thư cơ sở", "Đảng bộ cơ sở; chi bộ cơ sở", "BT, PBT"])
    master_path.parent.mkdir(parents=True)
    book.save(master_path)
    master = read_master(master_path)
    assert master.event.event_code == "HT01"
    assert master.event.starts_at == datetime(2022, 5, 19, 7, 30)
    assert master.units["CS01"].kind == DBCS
    assert master.units["TT01"].kind == CBTT
    assert master.units["TT01"].summoned
    assert master.categories["CS"].unit_kinds == (DBCS, CBCS)
    assert master.categories["CS"].valid_roles == ("Bí thư", "Phó Bí thư")
    assert master.invitees == []
    assert master.papers == []


def test_phone_typed_as_number_keeps_its_leading_zero(master_path: Path) -> None:
    build_master(master_path)
    edit(master_path, SHEET_UNITS, {"G1": "Điện thoại", "G2": 912345678})
    assert read_master(master_path).units["CS01"].phone == "0912345678"


def test_instruction_row_of_a_new_master_is_skipped(master_path: Path) -> None:
    build_master(master_path)
    book = openpyxl.load_workbook(master_path)
    book[SHEET_UNITS].insert_rows(2)
    book[SHEET_UNITS]["A2"] = "Hướng dẫn: mỗi dòng một đơn vị."
    book.save(master_path)
    master = read_master(master_path)
    assert "HƯỚNG DẪN: MỖI DÒNG MỘT ĐƠN VỊ." not in master.units
    assert master.units["CS01"].row == 3


# --- broken masters: the exact message --------------------------------------------------------
def test_missing_file(master_path: Path) -> None:
    assert broken(master_path) == (
        PREFIX + 'không tìm thấy tệp. Tạo thư mục làm việc bằng lệnh "hoithao init" '
        "hoặc chép sổ gốc vào đúng chỗ."
    )


@pytest.mark.parametrize("content", [b"", b"Ho va ten,Don vi\n", b"PK\x03\x04 not a zip"])
def test_not_an_xlsx(master_path: Path, content: bytes) -> None:
    master_path.parent.mkdir(parents=True)
    master_path.write_bytes(content)
    assert broken(master_path) == (
        PREFIX + "không đọc được tệp (tệp hỏng hoặc không phải bảng tính Excel). "
        "Hãy mở bằng Excel, lưu lại dạng Excel Workbook (.xlsx) rồi chạy lại."
    )


@pytest.mark.parametrize("sheet", REQUIRED_MASTER_SHEETS)
def test_missing_sheet(master_path: Path, sheet: str) -> None:
    build_master(master_path)
    book = openpyxl.load_workbook(master_path)
    del book[sheet]
    book.save(master_path)
    assert broken(master_path) == PREFIX + f'thiếu sheet "{sheet}".'


def test_optional_sheets_may_be_missing(master_path: Path) -> None:
    build_master(master_path)
    book = openpyxl.load_workbook(master_path)
    for sheet in (SHEET_PAPERS, SHEET_BUDGET, SHEET_RECIPIENTS):
        del book[sheet]
    book.save(master_path)
    master = read_master(master_path)
    assert master.papers == []
    assert master.budget == []


def test_duplicate_unit_code(master_path: Path) -> None:
    units = [*UNITS, ("cs02", "Chi bộ Sở Tài chính", CBCS, "", "", "")]
    build_master(master_path, units=units)
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị", dòng 10: mã đơn vị "CS02" bị trùng với dòng 3.'
    )


def test_sub_unit_whose_parent_does_not_exist(master_path: Path) -> None:
    units = [*UNITS, ("TT09", "Chi bộ Phòng Dược", CBTT, "CS99", "x", "")]
    build_master(master_path, units=units)
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị", dòng 10: đơn vị "TT09" trực thuộc "CS99" nhưng không có '
        'đơn vị nào mã "CS99".'
    )


def test_sub_unit_under_a_chi_bo(master_path: Path) -> None:
    units = [*UNITS, ("TT09", "Chi bộ Phòng Dược", CBTT, "CS02", "x", "")]
    build_master(master_path, units=units)
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị", dòng 10: đơn vị "TT09" trực thuộc "CS02" nhưng "CS02" là '
        'Chi bộ cơ sở; cột "Trực thuộc" phải là mã của một Đảng bộ cơ sở.'
    )


def test_sub_unit_without_parent(master_path: Path) -> None:
    units = [*UNITS, ("TT09", "Chi bộ Phòng Dược", CBTT, "", "x", "")]
    build_master(master_path, units=units)
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị", dòng 10: đơn vị "TT09" là Chi bộ trực thuộc nhưng chưa ghi '
        'mã đơn vị cấp trên ở cột "Trực thuộc".'
    )


def test_sub_unit_summoned_under_a_parent_that_is_not(master_path: Path) -> None:
    units = [*UNITS, ("TT09", "Chi bộ Sở Ngoại vụ 2", CBTT, "CS06", "x", "")]
    units.insert(5, ("CS06", "Đảng bộ Sở Công Thương", DBCS, "", "không", ""))
    build_master(master_path, units=units)
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị", dòng 11: đơn vị "TT09" được triệu tập nhưng đơn vị cấp trên '
        '"CS06" ghi không triệu tập.'
    )


def test_wrong_unit_kind(master_path: Path) -> None:
    units = [*UNITS[:2], ("CS03", "Đảng bộ Cục Thuế tỉnh", "Đảng bộ", "", "", "")]
    build_master(master_path, units=units)
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị", dòng 4: loại hình "Đảng bộ" không hợp lệ; ghi một trong: '
        "Đảng bộ cơ sở, Chi bộ cơ sở, Đảng bộ bộ phận, Chi bộ trực thuộc."
    )


def test_missing_unit_kind(master_path: Path) -> None:
    build_master(master_path, units=[("CS01", "Đảng bộ Sở Y tế", "", "", "", "")])
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị", dòng 2: đơn vị "CS01" chưa ghi loại hình; ghi một trong: '
        "Đảng bộ cơ sở, Chi bộ cơ sở, Đảng bộ bộ phận, Chi bộ trực thuộc."
    )


def test_unit_without_code(master_path: Path) -> None:
    build_master(master_path, units=[*UNITS[:3], ("", "Chi bộ Sở Xây dựng", CBCS, "", "", "")])
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị", dòng 5: thiếu mã đơn vị (đơn vị "Chi bộ Sở Xây dựng").'
    )


def test_bad_summoned_mark(master_path: Path) -> None:
    build_master(master_path, units=[("CS01", "Đảng bộ Sở Y tế", DBCS, "", "chưa rõ", "")])
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị", dòng 2: cột "Triệu tập" ghi "chưa rõ"; ghi "x" để triệu tập '
        'hoặc "không" để không triệu tập.'
    )


def test_category_used_but_not_defined(master_path: Path) -> None:
    invitees = [*INVITEES, ("Phạm Văn Đức", "Nam", "Trưởng phòng", "Ban Tổ chức Tỉnh ủy", "BTC")]
    build_master(master_path, invitees=invitees)
    assert broken(master_path) == (
        PREFIX + 'sheet "Đại biểu mời", dòng 4: thành phần "BTC" chưa được khai báo ở sheet '
        '"Thành phần".'
    )


def test_invitee_without_category(master_path: Path) -> None:
    build_master(master_path, invitees=[("Phạm Văn Đức", "Nam", "Trưởng phòng", "Ban", "")])
    assert broken(master_path) == (
        PREFIX + 'sheet "Đại biểu mời", dòng 2: đại biểu "Phạm Văn Đức" chưa ghi thành phần '
        '(một mã ở sheet "Thành phần").'
    )


def test_duplicate_category_code(master_path: Path) -> None:
    build_master(master_path, categories=[*CATEGORIES, ("km", "Khách mời khác", "", "", "")])
    assert broken(master_path) == (
        PREFIX + 'sheet "Thành phần", dòng 6: mã thành phần "KM" bị trùng với dòng 2.'
    )


def test_kind_in_two_categories(master_path: Path) -> None:
    categories = [*CATEGORIES, ("CB", "Chi bộ", CBCS, "", 1)]
    build_master(master_path, categories=categories)
    assert broken(master_path) == (
        PREFIX + 'sheet "Thành phần", dòng 6: loại hình "Chi bộ cơ sở" đã thuộc thành phần '
        '"CS" (dòng 4).'
    )


def test_bad_quota(master_path: Path) -> None:
    categories = [*CATEGORIES[:3], ("TT", "Trực thuộc", CBTT, "", "hai")]
    build_master(master_path, categories=categories)
    assert broken(master_path) == (
        PREFIX + 'sheet "Thành phần", dòng 5: số lượng mỗi đơn vị "hai" không phải là số '
        "nguyên dương."
    )


def test_missing_required_column(master_path: Path) -> None:
    build_master(master_path)
    edit(master_path, SHEET_UNITS, {"B1": "Tên"})
    assert broken(master_path) == (
        PREFIX + 'sheet "Đơn vị" thiếu cột "Tên đơn vị" ở dòng tiêu đề (dòng 1).'
    )


def test_bad_event_date(master_path: Path) -> None:
    build_master(master_path)
    edit(master_path, SHEET_INFO, {"B6": "sáng thứ Năm"})
    assert broken(master_path) == (
        PREFIX + 'sheet "Thông tin", dòng 6: thời gian "sáng thứ Năm" không phải là ngày giờ '
        "(ví dụ: 07:30 19/05/2022)."
    )


def test_paper_for_unknown_unit(master_path: Path) -> None:
    build_master(master_path, papers=[*PAPERS, ("CS77", "Chuyên đề", "Gửi bài", None, None)])
    assert broken(master_path) == (
        PREFIX + 'sheet "Tham luận", dòng 3: đơn vị "CS77" chưa được khai báo ở sheet "Đơn vị".'
    )


def test_bad_paper_form(master_path: Path) -> None:
    build_master(master_path, papers=[("CS01", "Chuyên đề", "Phát biểu", None, None)])
    assert broken(master_path) == (
        PREFIX + 'sheet "Tham luận", dòng 2: hình thức "Phát biểu" không hợp lệ; ghi '
        '"Trình bày" hoặc "Gửi bài".'
    )


def test_display_path_names_the_file_as_given(master_path: Path) -> None:
    build_master(master_path, units=[*UNITS, UNITS[0]])
    with pytest.raises(MasterError, match=r"^Sổ gốc Hội thảo/hoi_thao\.xlsx: sheet"):
        read_master(master_path, display_path="Hội thảo/hoi_thao.xlsx")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("07:30 19/05/2022", datetime(2022, 5, 19, 7, 30)),
        ("19/05/2022 7h30", datetime(2022, 5, 19, 7, 30)),
        ("7 giờ 30 phút, ngày 19 tháng 5 năm 2022", datetime(2022, 5, 19, 7, 30)),
        ("19-05-2022", datetime(2022, 5, 19)),
        ("2022-05-19 07:30", datetime(2022, 5, 19, 7, 30)),
        (44700.3125, datetime(2022, 5, 19, 7, 30)),
    ],
)
def test_event_time_as_staff_type_it(master_path: Path, typed: object, expected: datetime) -> None:
    build_master(master_path)
    edit(master_path, SHEET_INFO, {"B6": typed})
    assert read_master(master_path).event.starts_at == expected


def test_an_empty_optional_sheet_is_no_rows(master_path: Path) -> None:
    build_master(master_path)
    book = openpyxl.load_workbook(master_path)
    del book[SHEET_BUDGET]
    book.create_sheet(SHEET_BUDGET)
    book.save(master_path)
    assert read_master(master_path).budget == []
