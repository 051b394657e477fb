"""`hoithao forms`: the template, one prefilled form per summoned unit, the mailing table."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from hoithao.errors import HoithaoError
from hoithao.forms.fill import (
    FORM_ROWS,
    SPARE_ROWS,
    build_form_template,
    find_header,
    form_filename,
    new_form_template,
    substitute,
    write_forms,
)
from hoithao.forms.vocab import (
    FORM_COLUMNS,
    FORM_SHEET_GUIDE,
    FORM_SHEET_IDENTITY,
    FORM_SHEET_LISTS,
    FORM_SHEET_PAPER,
    FORM_SHEET_REGISTRATION,
    FORM_STAFF_SECTION,
    FORM_TITLE,
    FORM_VERSION,
    FORMS_MAILING_COLUMNS,
    FORMS_MAILING_FILE,
    FORMS_MAILING_SHEET,
    IDENTITY_KEYS,
)
from hoithao.master.vocab import KIND_CHI_BO_CO_SO, KIND_CHI_BO_TRUC_THUOC, SHEET_UNITS
from hoithao.models import Unit
from hoithao.rules.vocab import PARTY_ROLES
from hoithao.workspace import FORM_TEMPLATE, FORMS_OUT_DIR, MASTER_FILE, Workspace

from ..conftest import REPO, UNITS, build_master, tree_hashes

CS01 = "output/phieu_gui_don_vi/CS01_Dang_bo_So_Y_te.xlsx"
HEADER_ROW = 12  # of the default template
WINDOWS_BAD = re.compile(r'[/\\:*?"<>|]')


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    """The conftest workspace plus the default template, as `hoithao init` leaves it."""
    build_form_template(workspace.form_template)
    return workspace


def open_form(ws: Workspace, relative: str = CS01) -> openpyxl.Workbook:
    return openpyxl.load_workbook(ws.root / relative)


def texts(sheet: Worksheet) -> list[str]:
    return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def dropdowns(sheet: Worksheet, book: openpyxl.Workbook) -> dict[str, list[str]]:
    """Column header → the items its list validation offers (resolved through the list sheet)."""
    headers = {c.column_letter: c.value for c in sheet[HEADER_ROW]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        sheet_name, ref = validation.formula1.split("!")
        cells = book[sheet_name.strip("'")][ref.replace("$", "")]
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        found[headers[column]] = [row[0].value for row in cells]
    return found


# --- the forms ----------------------------------------------------------------------------------
def test_one_form_per_summoned_grassroots_unit(ws: Workspace) -> None:
    result = write_forms(ws)
    assert result.forms == [
        "output/phieu_gui_don_vi/CS01_Dang_bo_So_Y_te.xlsx",
        "output/phieu_gui_don_vi/CS02_Chi_bo_So_Tu_phap.xlsx",
        "output/phieu_gui_don_vi/CS03_Dang_bo_Cuc_Thue_tinh.xlsx",
        "output/phieu_gui_don_vi/CS04_Chi_bo_Ban_Dan_toc.xlsx",
    ]
    assert result.folder == FORMS_OUT_DIR
    assert result.mailing == FORMS_MAILING_FILE
    assert result.notes == []
    assert sorted(p.name for p in (ws.root / FORMS_OUT_DIR).iterdir()) == sorted(
        [Path(f).name for f in result.forms] + ["gui_phieu.xlsx"]
    )


def test_form_sheets_heading_and_table(ws: Workspace) -> None:
    write_forms(ws)
    book = open_form(ws)
    assert book.sheetnames == [
        FORM_SHEET_GUIDE,
        FORM_SHEET_REGISTRATION,
        FORM_SHEET_PAPER,
        FORM_SHEET_LISTS,
        FORM_SHEET_IDENTITY,
    ]
    states = {s.title: s.sheet_state for s in book.worksheets}
    assert states[FORM_SHEET_IDENTITY] == "hidden"
    assert states[FORM_SHEET_LISTS] == "hidden"
    assert book.active.title == FORM_SHEET_GUIDE

    identity = book[FORM_SHEET_IDENTITY]
    assert [list(r) for r in identity.values] == [
        [IDENTITY_KEYS["event_code"], "HT38-2022"],
        [IDENTITY_KEYS["unit_code"], "CS01"],
        [IDENTITY_KEYS["version"], FORM_VERSION],
    ]

    sheet = book[FORM_SHEET_REGISTRATION]
    heading = texts(sheet)
    # HD 36-HD/VPTW: the Party organisation above, then the unit's committee, by its type
    assert heading[:3] == [
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG ỦY SỞ Y TẾ",
    ]
    assert sheet["F1"].font.underline == "single"
    assert FORM_TITLE in heading
    assert "Hội thảo “Giải pháp nâng cao chất lượng sinh hoạt chi bộ”" in heading
    assert "Đơn vị: Đảng bộ Sở Y tế" in heading
    assert "Mã đơn vị: CS01" in heading
    assert "Hạn gửi phiếu: 10/05/2022. Xem cách điền ở sheet “Hướng dẫn”." in heading
    assert "…, ngày … tháng … năm 2022" in heading
    assert "T/M ĐẢNG ỦY" in heading
    assert "BÍ THƯ" in heading
    assert not any("{" in t for t in heading)
    assert [c.value for c in sheet[HEADER_ROW]] == list(FORM_COLUMNS.values())
    assert [sheet.cell(HEADER_ROW + n, 1).value for n in range(1, FORM_ROWS + 1)] == list(
        range(1, FORM_ROWS + 1)
    )
    assert sheet.cell(HEADER_ROW + FORM_ROWS + 1, 1).value is None


def test_dropdowns_offer_the_units_own_lists(ws: Workspace) -> None:
    write_forms(ws)
    book = open_form(ws)
    sheet = book[FORM_SHEET_REGISTRATION]
    assert dropdowns(sheet, book) == {
        "Giới tính": ["Nam", "Nữ"],
        "Chức vụ Đảng": list(PARTY_ROLES),
        # the unit and its summoned sub-units: TT02 is not summoned
        "Đơn vị": ["Đảng bộ Sở Y tế", "Đảng bộ Bệnh viện Đa khoa tỉnh", "Chi bộ Văn phòng Sở Y tế"],
        "Thành phần": [
            "Bí thư hoặc phó bí thư chi, đảng bộ cơ sở",
            "Bí thư hoặc phó bí thư đảng bộ bộ phận, chi bộ trực thuộc",
        ],
    }
    first, last = HEADER_ROW + 1, HEADER_ROW + FORM_ROWS
    assert {str(v.sqref) for v in sheet.data_validations.dataValidation} == {
        f"{col}{first}:{col}{last}" for col in "CDFG"
    }
    book2 = open_form(ws, "output/phieu_gui_don_vi/CS02_Chi_bo_So_Tu_phap.xlsx")
    lists = dropdowns(book2[FORM_SHEET_REGISTRATION], book2)
    assert lists["Đơn vị"] == ["Chi bộ Sở Tư pháp"]
    assert lists["Thành phần"] == ["Bí thư hoặc phó bí thư chi, đảng bộ cơ sở"]


def test_print_setup_protection_and_formats(ws: Workspace) -> None:
    write_forms(ws)
    sheet = open_form(ws)[FORM_SHEET_REGISTRATION]
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.protection.sheet
    assert not sheet.protection.password
    assert not sheet.protection.insertRows  # staff may add rows to the table
    assert sheet["A5"].protection.locked  # heading
    assert sheet["G8"].protection.locked
    for col in range(1, len(FORM_COLUMNS) + 1):
        assert not sheet.cell(HEADER_ROW + 1, col).protection.locked
        assert not sheet.cell(HEADER_ROW + FORM_ROWS, col).protection.locked
    assert sheet.cell(HEADER_ROW + 1, 8).number_format == "@"  # Điện thoại keeps its 0
    assert sheet.cell(HEADER_ROW, 2).font.name == "Times New Roman"
    assert sheet["A5"].font.name == "Times New Roman"


def test_paper_sheet_only_for_assigned_units(ws: Workspace) -> None:
    write_forms(ws)
    paper = open_form(ws)[FORM_SHEET_PAPER]
    rows = {r[0]: r[1] for r in paper.iter_rows(min_row=5, max_row=11, values_only=True)}
    assert rows == {
        "Định hướng nội dung": "Kinh nghiệm sinh hoạt chuyên đề",
        "Hình thức": "Trình bày (thứ tự 1)",
        "Hạn gửi": "12/05/2022",
        "Tên bài": None,
        "Người trình bày": None,
        "Chức vụ": None,
        "Điện thoại": None,
    }
    assert not paper["B8"].protection.locked
    assert paper["B5"].protection.locked
    other = open_form(ws, "output/phieu_gui_don_vi/CS02_Chi_bo_So_Tu_phap.xlsx")
    assert FORM_SHEET_PAPER not in other.sheetnames


def test_guide_without_the_staff_section(ws: Workspace) -> None:
    write_forms(ws)
    guide = texts(open_form(ws)[FORM_SHEET_GUIDE])
    assert "Đơn vị: Đảng bộ Sở Y tế — Mã đơn vị: CS01" in guide
    assert not any(FORM_STAFF_SECTION in t for t in guide)
    assert not any("{" in t for t in guide)
    template = texts(openpyxl.load_workbook(ws.form_template)[FORM_SHEET_GUIDE])
    assert FORM_STAFF_SECTION in template
    assert "{ten_don_vi}: Tên đơn vị" in template


def test_mailing_table(ws: Workspace) -> None:
    result = write_forms(ws)
    book = CalamineWorkbook.from_path(str(ws.root / result.mailing))
    assert book.sheet_names == [FORMS_MAILING_SHEET]
    rows = book.get_sheet_by_name(FORMS_MAILING_SHEET).to_python()
    assert rows[0] == list(FORMS_MAILING_COLUMNS.values())
    assert rows[1] == [
        "CS01",
        "Đảng bộ Sở Y tế",
        "dangbo.syt@binhdinh.gov.vn",
        "CS01_Dang_bo_So_Y_te.xlsx",
        "10/05/2022",
    ]
    assert [r[3] for r in rows[1:]] == [Path(f).name for f in result.forms]


def test_inputs_untouched(ws: Workspace) -> None:
    before = tree_hashes(ws.root / "workbooks", ws.templates_dir)
    write_forms(ws)
    write_forms(ws)
    assert tree_hashes(ws.root / "workbooks", ws.templates_dir) == before


# --- names ---------------------------------------------------------------------------------------
FORMULA_NAME = '=HYPERLINK("http://x")'
DIACRITICS = "Chi bộ Ấp Ổn Định: Đội “Ưu tú” / Quỹ? <Ẩm thực> | Mẫu* Ỹ Ợ Ử Ễ Ặ Ậ Ỡ Ự Ỷ."


def test_every_diacritic_and_windows_safe_names(tmp_path: Path) -> None:
    root = tmp_path / "Hội thảo Quy Nhơn"
    units = [
        ("CS:1", DIACRITICS, KIND_CHI_BO_CO_SO, "", "", ""),
        ("CS02", "placeholder", KIND_CHI_BO_CO_SO, "", "", ""),
        ("CON", "con", KIND_CHI_BO_CO_SO, "", "", ""),
    ]
    build_master(root / MASTER_FILE, units=units, papers=[])
    book = openpyxl.load_workbook(root / MASTER_FILE)
    cell = book[SHEET_UNITS]["B3"]
    cell.value, cell.data_type = FORMULA_NAME, "s"  # typed as text, as Excel keeps "'=…"
    book.save(root / MASTER_FILE)
    ws = Workspace(root.resolve())
    result = write_forms(ws)
    for relative in result.forms:
        name = Path(relative).name
        assert not WINDOWS_BAD.search(name), name
        assert not Path(name).stem.endswith((".", " "))
        assert name.isascii()
        assert Path(name).stem.split("_")[0].upper() not in {"CON", "NUL", "PRN", "AUX"}
    assert Path(result.forms[0]).name == (
        "CS_1_Chi_bo_Ap_On_Dinh_Doi_Uu_tu_Quy_Am_thuc_Mau_Y_O_U_E_A_A_O_U_Y.xlsx"
    )
    book = open_form(ws, result.forms[0])
    sheet = book[FORM_SHEET_REGISTRATION]
    assert f"Đơn vị: {DIACRITICS}" in texts(sheet)
    assert DIACRITICS.upper() in texts(sheet)
    formula_book = open_form(ws, result.forms[1])
    cells = [
        c
        for sheet in formula_book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and FORMULA_NAME.upper() in c.value.upper()
    ]
    assert any(c.value == "CHI BỘ " + FORMULA_NAME.upper() for c in cells)  # the heading
    assert any(c.value == FORMULA_NAME for c in cells)  # the Đơn vị dropdown
    assert all(c.data_type == "s" for c in cells)  # a unit name is text, never a formula


def test_form_filename() -> None:
    unit = Unit("TT/01", "Chi bộ Phòng Tổ chức – Hành chính...", KIND_CHI_BO_TRUC_THUOC)
    assert form_filename(unit) == "TT_01_Chi_bo_Phong_To_chuc_Hanh_chinh.xlsx"


def test_substitute_keeps_unknown_keys_and_upper_cases() -> None:
    values = {"ten_don_vi": "Chi bộ Sở Tư pháp", "nam": "2022"}
    assert substitute("{TEN_DON_VI} – {ten_don_vi} {nam} {khac}", values) == (
        "CHI BỘ SỞ TƯ PHÁP – Chi bộ Sở Tư pháp 2022 {khac}"
    )


# --- sizes, restyled and missing templates --------------------------------------------------------
def test_table_grows_for_a_unit_with_many_sub_units(tmp_path: Path) -> None:
    subs = [
        (f"TT{n:02d}", f"Chi bộ Phòng số {n}", KIND_CHI_BO_TRUC_THUOC, "CS01", "x", "")
        for n in range(1, 21)
    ]
    root = tmp_path / "ws"
    build_master(root / MASTER_FILE, units=[UNITS[0], *subs])
    ws = Workspace(root.resolve())
    build_form_template(ws.form_template)
    write_forms(ws)
    book = open_form(ws)
    sheet = book[FORM_SHEET_REGISTRATION]
    rows = 1 + 20 + SPARE_ROWS
    last = HEADER_ROW + rows
    assert sheet.cell(last, 1).value == rows
    assert sheet.cell(last + 1, 1).value is None
    assert not sheet.cell(last, 2).protection.locked
    assert sheet.cell(last, 2).border.left.style == "thin"
    assert sheet.cell(last + 2, 7).value == "…, ngày … tháng … năm 2022"
    assert sheet.cell(last + 3, 7).value == "T/M ĐẢNG ỦY"
    assert {str(v.sqref) for v in sheet.data_validations.dataValidation} == {
        f"{col}{HEADER_ROW + 1}:{col}{last}" for col in "CDFG"
    }
    assert len(dropdowns(sheet, book)["Đơn vị"]) == 21


def test_restyled_template(ws: Workspace) -> None:
    book = openpyxl.load_workbook(ws.form_template)
    sheet = book[FORM_SHEET_REGISTRATION]
    sheet.insert_rows(1, 2)  # staff added two rows at the top
    sheet["A1"] = "Mẫu của Văn phòng — {MA_DON_VI}"
    sheet["A15"].font = openpyxl.styles.Font(name="Arial", size=14, bold=True)
    book.save(ws.form_template)
    write_forms(ws)
    form = open_form(ws)[FORM_SHEET_REGISTRATION]
    assert form["A1"].value == "Mẫu của Văn phòng — CS01"
    header, columns = find_header(form)
    assert header == HEADER_ROW + 2
    assert list(columns) == list(FORM_COLUMNS)
    assert form.cell(header + 1, 1).value == 1
    assert form["A15"].font.name == "Arial"


def test_missing_template_falls_back_to_the_default(workspace: Workspace) -> None:
    result = write_forms(workspace)
    assert result.notes[0] == (
        "Không có mẫu phiếu templates/phieu_dang_ky.xlsx: đã dùng mẫu mặc định. Muốn chỉnh "
        'mẫu, chạy "hoithao init" ở một thư mục mới rồi chép tệp templates/phieu_dang_ky.xlsx '
        "sang."
    )
    assert not workspace.form_template.exists()  # never written by forms
    assert "Mã đơn vị: CS01" in texts(open_form(workspace)[FORM_SHEET_REGISTRATION])


def test_broken_template(ws: Workspace) -> None:
    ws.form_template.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(HoithaoError) as caught:
        write_forms(ws)
    assert str(caught.value) == (
        "Mẫu phiếu templates/phieu_dang_ky.xlsx bị hỏng hoặc không phải tệp Excel .xlsx. "
        "Khôi phục tệp từ bản sao lưu, hoặc xoá tệp để dùng mẫu mặc định."
    )


def test_template_without_the_table_header(ws: Workspace) -> None:
    book = openpyxl.load_workbook(ws.form_template)
    book[FORM_SHEET_REGISTRATION].delete_rows(HEADER_ROW)
    book.save(ws.form_template)
    with pytest.raises(
        HoithaoError,
        match=r'^Mẫu phiếu templates/phieu_dang_ky\.xlsx: sheet "Đăng ký" không có dòng tiêu đề',
    ):
        write_forms(ws)


def test_no_unit_summoned(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    build_master(root / MASTER_FILE, units=[UNITS[4]], papers=[])
    with pytest.raises(HoithaoError) as caught:
        write_forms(Workspace(root.resolve()))
    assert str(caught.value) == (
        'Sổ gốc workbooks/hoi_thao.xlsx chưa có đơn vị nào được triệu tập (sheet "Đơn vị" '
        'trống hoặc mọi đơn vị ghi "không" ở cột "Triệu tập"). Điền sheet "Đơn vị" rồi chạy lại.'
    )


def test_forms_of_units_no_longer_summoned_are_removed(ws: Workspace) -> None:
    write_forms(ws)
    folder = ws.root / FORMS_OUT_DIR
    keep = folder / "ghi_chu_cua_van_phong.xlsx"
    openpyxl.Workbook().save(keep)
    units = [u if u[0] != "CS04" else (*u[:4], "không", u[5]) for u in UNITS]
    build_master(ws.master, units=units)
    result = write_forms(ws)
    assert len(result.forms) == 3
    assert not (folder / "CS04_Chi_bo_Ban_Dan_toc.xlsx").exists()
    assert keep.exists()


# --- a return built from our form is consolidated correctly -------------------------------------
def test_round_trip_through_consolidation(ws: Workspace) -> None:
    pytest.importorskip("hoithao.intake.identify")
    from hoithao.engine.consolidate import build

    from ..conftest import TODAY

    write_forms(ws)
    book = open_form(ws)
    sheet = book[FORM_SHEET_REGISTRATION]
    filled = [
        ["Nguyễn Văn An", "Nam", "Bí thư", "Giám đốc Sở", None, None, "0905123456"],
        [
            "Lê Thị Bình",
            "Nữ",
            "Phó Bí thư",
            "Chánh Văn phòng",
            "Chi bộ Văn phòng Sở Y tế",
            None,
            "0914222333",
        ],
    ]
    for offset, values in enumerate(filled, start=1):
        for col, value in enumerate(values, start=2):
            sheet.cell(HEADER_ROW + offset, col).value = value
    below = HEADER_ROW + FORM_ROWS + 2  # the place-date line, then the signature block
    assert sheet.cell(below, 7).value == "…, ngày … tháng … năm 2022"
    sheet.cell(below, 7).value = "Quy Nhơn, ngày 05 tháng 5 năm 2022"
    sheet.cell(below + 6, 7).value = "Nguyễn Văn An"
    # a renamed file: only the hidden sheet and the heading say which unit sent it
    target = ws.returns_dir / "phiếu đăng ký (1).xlsx"
    book.save(target)
    c = build(ws, today=TODAY)
    got = {(d.full_name, d.unit_code, d.category) for d in c.registered}
    assert got == {("Nguyễn Văn An", "CS01", "CS"), ("Lê Thị Bình", "TT01", "TT")}
    [log] = c.file_log
    assert (log.unit, log.status, log.rows_accepted, log.rows_rejected) == (
        "CS01",
        "consolidated",
        2,
        0,
    )
    assert log.rows_read == log.rows_accepted + log.rows_rejected + log.rows_ignored
    assert not [i for i in c.issues if i.file and i.level == "error"]


def test_committed_template_is_the_default_one() -> None:
    """templates/phieu_dang_ky.xlsx is rebuilt with build_form_template when the layout changes."""
    committed = openpyxl.load_workbook(REPO / FORM_TEMPLATE)
    fresh = new_form_template()
    assert committed.sheetnames == fresh.sheetnames
    for name in fresh.sheetnames:
        assert list(committed[name].values) == list(fresh[name].values), name
        assert committed[name].merged_cells.ranges == fresh[name].merged_cells.ranges
    assert committed[FORM_SHEET_REGISTRATION].protection.sheet
