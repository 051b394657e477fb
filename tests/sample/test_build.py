"""The sample workspace: the master reads as the plan says, regenerating is stable, the committed
sample is what the generator makes, and consolidation finds exactly the problems planted in it."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from hoithao.engine.consolidate import build
from hoithao.master.read import read_master
from hoithao.master.vocab import (
    BUDGET_FIXED,
    BUDGET_PER_DELEGATE,
    GRASSROOTS_KINDS,
    INFO_ITEM,
    INFO_ROWS,
    INFO_VALUE,
    KIND_CHI_BO_TRUC_THUOC,
    KIND_DANG_BO_BO_PHAN,
    MASTER_COLUMNS,
    MASTER_SHEETS,
    PAPER_FORMS,
    SHEET_BUDGET,
    SHEET_DECISIONS,
    SHEET_INFO,
    SHEET_PAPERS,
    SHEET_UNITS,
    SUB_UNIT_KINDS,
    UNIT_KINDS,
)
from hoithao.sample import data as sample_data
from hoithao.sample import shapes as sample_shapes
from hoithao.sample.book import to_tcvn3, to_vni
from hoithao.sample.build import build_sample
from hoithao.vn.legacy import fix_legacy
from hoithao.workspace import MASTER_FILE, RETURNS_DIR, Workspace

from ..conftest import REPO

TODAY = date(2022, 5, 15)  # after the paper deadline (12/5), before the event (19/5)


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mẫu hội thảo")
    build_sample(root)
    return root


def sheet_values(path: Path) -> dict[str, list[list[object]]]:
    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        return {
            name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in book.sheet_names
        }


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def read_sample_master(root: Path):  # type: ignore[no-untyped-def]
    return read_master(root / MASTER_FILE)


def test_master_has_the_contract_sheets_and_headers(sample_root: Path) -> None:
    values = sheet_values(sample_root / MASTER_FILE)
    assert list(values) == list(MASTER_SHEETS)
    assert values[SHEET_INFO][0] == [INFO_ITEM, INFO_VALUE]
    assert [row[0] for row in values[SHEET_INFO][1:]] == list(INFO_ROWS.values())
    for sheet, columns in MASTER_COLUMNS.items():
        assert values[sheet][0] == list(columns.values()), sheet


def test_master_is_styled_for_staff(sample_root: Path) -> None:
    book = openpyxl.load_workbook(sample_root / MASTER_FILE)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet["A1"].font.bold, sheet.title
    dropdowns = {
        (sheet.title, str(rule.sqref).split(":")[0][0]): rule.formula1
        for sheet in book.worksheets
        for rule in sheet.data_validations.dataValidation
    }
    assert dropdowns == {
        (SHEET_UNITS, "C"): '"' + ",".join(UNIT_KINDS) + '"',
        (SHEET_UNITS, "E"): '"x,không"',
        (SHEET_PAPERS, "C"): '"Trình bày,Gửi bài"',
        (SHEET_BUDGET, "D"): '"Đại biểu,Cố định"',
        (SHEET_DECISIONS, "C"): '"Dùng,Bổ sung,Bỏ"',
    }


def test_master_reads_with_the_plans_event(sample_root: Path) -> None:
    master = read_sample_master(sample_root)
    event = master.event
    assert event.event_code == "HT38-2022"
    assert event.plan_number == "38-KH/ĐUK"
    assert event.title.startswith(
        "Hội thảo “Giải pháp nâng cao chất lượng sinh hoạt chi bộ, nhất là"
    )
    assert event.starts_at == datetime(2022, 5, 19, 7, 30)
    assert event.venue == "Hội trường Khách sạn Thanh Bình, thành phố Quy Nhơn, tỉnh Bình Định"
    assert event.hall_capacity == 150
    assert event.registration_deadline == date(2022, 5, 10)
    assert event.paper_deadline == date(2022, 5, 12)
    assert event.signer == "Nguyễn Đặng Thị Thu Hòa"


def test_master_units_follow_plan_section_III_1(sample_root: Path) -> None:
    master = read_sample_master(sample_root)
    units = list(master.units.values())
    grassroots = [u for u in units if u.is_grassroots]
    assert len(grassroots) == 58
    assert {u.code for u in grassroots if not u.summoned} == sample_data.NOT_SUMMONED
    summoned_subs = [u for u in units if not u.is_grassroots and u.summoned]
    assert sum(u.kind == KIND_DANG_BO_BO_PHAN for u in summoned_subs) == 5
    assert 15 <= sum(u.kind == KIND_CHI_BO_TRUC_THUOC for u in summoned_subs) <= 20
    assert any(not u.is_grassroots and not u.summoned for u in units)
    assert all(u.email and u.phone and u.address for u in grassroots)


def test_master_categories_invitees_papers_budget(sample_root: Path) -> None:
    master = read_sample_master(sample_root)
    assert list(master.categories) == ["KM", "PDV", "BCH", "CS", "TT", "PV"]
    for code, kinds in (("CS", GRASSROOTS_KINDS), ("TT", SUB_UNIT_KINDS)):
        category = master.categories[code]
        assert category.unit_kinds == kinds
        assert category.valid_roles == ("Bí thư", "Phó Bí thư")
        assert category.quota == 1
    assert 15 <= len(master.invitees) <= 25
    ranks = [list(master.categories).index(i.category) for i in master.invitees]
    assert ranks == sorted(ranks)  # protocol order: guests, then Ban Chấp hành, then staff
    assert 8 <= len(master.papers) <= 10
    assert {p.form for p in master.papers} == set(PAPER_FORMS)
    assert any(p.deadline is None for p in master.papers)
    assert all(master.units[p.unit_code].summoned for p in master.papers)
    assert [r.recipient for r in master.recipients][:2] == [
        "Ban Tổ chức Tỉnh ủy",
        "Đ/c Nguyễn Giờ - UVBTVTU",
    ]
    assert {b.basis for b in master.budget} == {BUDGET_PER_DELEGATE, BUDGET_FIXED}
    assert any("40/2017/TT-BTC" in b.legal_basis for b in master.budget)


def test_regenerating_gives_the_same_files(sample_root: Path, tmp_path: Path) -> None:
    build_sample(tmp_path)
    assert tree_digest(tmp_path) == tree_digest(sample_root)
    # building over an existing sample replaces it, leaving nothing stale
    stale = tmp_path / RETURNS_DIR / "cũ.xlsx"
    stale.write_bytes(b"old")
    build_sample(tmp_path)
    assert not stale.exists()


def test_committed_master_is_what_the_generator_makes(sample_root: Path) -> None:
    committed = REPO / MASTER_FILE
    assert committed.is_file(), "chạy: python -m hoithao.sample"
    assert sheet_values(committed) == sheet_values(sample_root / MASTER_FILE)


def test_returns_come_from_most_but_not_all_units(sample_root: Path) -> None:
    folder = sample_root / RETURNS_DIR
    names = {p.name for p in folder.rglob("*") if p.is_file()}
    assert set(sample_data.SKIPPED_FILES) <= names
    assert {"CS25_dang_ky.csv", "Phiếu đăng ký - Sở Y tế.xlsx"} <= names
    assert any(name.endswith(".xlsm") for name in names)
    summoned = 56
    answering = summoned - len(sample_data.MISSING) - 2  # the damaged file and the cover letter
    assert 0.75 <= answering / summoned <= 0.85


def test_legacy_returns_hold_what_excel_shows() -> None:
    assert to_tcvn3("Nguyễn Văn An") == "NguyÔn V¨n An"
    assert to_tcvn3("Đảng") == "§¶ng"
    assert to_vni("Nguyễn Văn An") == "Nguyeãn Vaên An"
    assert to_vni("Đặng Thị Ánh Tuyết") == "Ñaëng Thò AÙnh Tuyeát"
    assert to_vni("Trưởng") == "Tröôûng"


ROUND_TRIP_NAMES = (
    "Nguyễn Văn An",
    "Trương Thị Hương",
    "Huỳnh Thị Kim Phượng",
    "Đặng Ngọc Thủy",
    "Võ Thị Bích Quyên",
    "Đỗ Xuân Hiếu",
    "Lương Thị Mỹ Dung",
)


@pytest.mark.parametrize("name", ROUND_TRIP_NAMES)
def test_legacy_encoders_agree_with_the_converter(name: str) -> None:
    assert fix_legacy(to_vni(name)) == (name, "VNI")
    assert fix_legacy(to_tcvn3(name)) == (name, "TCVN3")


def test_legacy_cells_convert_back(sample_root: Path) -> None:
    folder = sample_root / RETURNS_DIR
    cells = [
        cell
        for path in (folder / "CS31 - MTTQ tinh.xlsx", folder / "Phiếu đăng ký - LĐLĐ tỉnh.xlsx")
        for rows in sheet_values(path).values()
        for row in rows
        for cell in row
        if isinstance(cell, str) and cell
    ]
    converted = {fix_legacy(cell) for cell in cells}
    for name, *_ in sample_data.TCVN3_PEOPLE:
        assert (name, "TCVN3") in converted
    for name, *_ in sample_data.VNI_PEOPLE:
        assert (name, "VNI") in converted


# --- consolidation of the sample -----------------------------------------------------------------
@pytest.fixture(scope="module")
def consolidation(sample_root: Path):  # type: ignore[no-untyped-def]

    return build(Workspace(sample_root.resolve()), today=TODAY)


def returns_path(name: str) -> str:
    return f"{RETURNS_DIR}/{name}"


LEGACY_HEADERS = "CS31 - MTTQ tinh.xlsx"  # TCVN3 everywhere, the header row included
TWO_ROW_HEADER = "DS đại biểu dự hội thảo - Đảng bộ Sở Công Thương.xlsx"


def codes_by_file(consolidation) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, set[str]] = {}
    for issue in consolidation.issues:
        found.setdefault(issue.code, set()).add(issue.file)
    return found


def test_sample_has_only_the_planted_file_errors(consolidation) -> None:  # type: ignore[no-untyped-def]
    by_code = codes_by_file(consolidation)
    assert by_code.get("F01") == {
        returns_path(f"{sample_data.CORRUPT} - Phieu dang ky.xlsx"),
        returns_path(sample_shapes.PHOTO_FILE),
    }
    assert by_code.get("F02") == {returns_path(sample_data.UNIDENTIFIABLE)}
    assert by_code.get("F03") == {returns_path(f"{sample_data.NO_TABLE} - Công văn trả lời.xlsx")}
    zipped = f"{sample_shapes.file_name(unit('CS15'))}/{sample_shapes.ZIP_NOTE}"
    assert by_code.get("F05") == {
        returns_path(name) for name in (*sample_data.SKIPPED_FILES, zipped)
    }
    assert set(sample_data.PLANTED_CODES) <= set(by_code)


def test_sample_every_return_is_identified(consolidation) -> None:  # type: ignore[no-untyped-def]
    unattributed = {
        log.path for log in consolidation.file_log if log.status != "skipped" and not log.unit
    }
    assert unattributed == {returns_path(sample_data.UNIDENTIFIABLE)}
    # the corrupt file's name still tells its unit, whose feedback says to send it again
    corrupt = returns_path(f"{sample_data.CORRUPT} - Phieu dang ky.xlsx")
    assert {log.path: log.unit for log in consolidation.file_log}[corrupt] == sample_data.CORRUPT
    units = {log.unit for log in consolidation.file_log if log.unit}
    assert set(sample_data.MESSY.values()) <= units
    expected = {u.code for u in consolidation.master.summoned_grassroots()} - sample_data.MISSING
    assert units == expected | {sample_shapes.PHOTO}  # the photo is told what to send


def test_sample_every_return_with_a_list_is_consolidated(consolidation) -> None:  # type: ignore[no-untyped-def]
    assert codes_by_file(consolidation).get("F03") == {
        returns_path(f"{sample_data.NO_TABLE} - Công văn trả lời.xlsx")
    }
    expected = {u.code for u in consolidation.master.summoned_grassroots()} - sample_data.MISSING
    assert consolidation.returned == expected - {sample_data.CORRUPT, sample_data.NO_TABLE}
    missing = {i.unit for i in consolidation.issues if i.code == "U01"}
    assert missing == sample_data.MISSING | {sample_data.CORRUPT, sample_data.NO_TABLE}


def test_sample_rows_are_all_accounted_for(consolidation) -> None:  # type: ignore[no-untyped-def]
    for log in consolidation.file_log:
        if log.status in ("consolidated", "superseded"):
            assert log.rows_read == log.rows_accepted + log.rows_rejected + log.rows_ignored, log
            assert log.rows_accepted >= 1, log
    superseded = [f.path for f in consolidation.file_log if f.status == "superseded"]
    assert superseded == [returns_path("Phiếu đăng ký - Sở Xây dựng.xlsx")]


def legacy_people_found(consolidation, people) -> None:  # type: ignore[no-untyped-def]
    names = {d.full_name: d for d in consolidation.registered}
    for name, gender, role, title in people:
        assert name in names, name
        assert (names[name].gender, names[name].party_role, names[name].job_title) == (
            gender,
            role,
            title,
        )


def test_sample_vni_return_is_converted(consolidation) -> None:  # type: ignore[no-untyped-def]
    legacy_people_found(consolidation, sample_data.VNI_PEOPLE)
    vni = returns_path("Phiếu đăng ký - LĐLĐ tỉnh.xlsx")
    assert "W07" in {i.code for i in consolidation.issues if i.file == vni}
    assert all(i.level != "error" for i in consolidation.issues if i.file == vni)


def test_sample_tcvn3_return_is_converted(consolidation) -> None:  # type: ignore[no-untyped-def]
    legacy_people_found(consolidation, sample_data.TCVN3_PEOPLE)
    assert returns_path(LEGACY_HEADERS) in codes_by_file(consolidation).get("W07", ())


def test_sample_birth_year_under_nam_nu_gives_gender(consolidation) -> None:  # type: ignore[no-untyped-def]
    issues = {i.code for i in consolidation.issues if i.file == returns_path(TWO_ROW_HEADER)}
    assert not issues & {"R01", "W05"}
    genders = [
        d.gender
        for d in consolidation.registered
        if d.unit_code == sample_data.MESSY["two_row_header"]
    ]
    assert genders == ["Nam", "Nữ"]


def test_sample_error_return_has_each_row_problem(consolidation) -> None:  # type: ignore[no-untyped-def]
    codes = {
        i.code
        for i in consolidation.issues
        if i.file == returns_path(f"{sample_data.WITH_ERRORS}_dang_ky.xlsx")
    }
    assert codes == {"R01", "R02", "R03", "W01", "W02", "W03", "W04", "W05"}


def test_sample_papers_late_and_pending(consolidation) -> None:  # type: ignore[no-untyped-def]
    states = {s.unit.code: s.state for s in consolidation.papers}
    assert {code for code, state in states.items() if state == "received"} == (
        sample_data.PAPERS_RECEIVED | {sample_shapes.PDF_PAPER}
    )
    assert states[sample_shapes.LATE_PAPER] == "received_late"  # saved on 14/5, deadline 12/5
    assert states["CS26"] == "pending"  # its own deadline, 16/5, is after TODAY
    assert {c for c, state in states.items() if state == "late"} == {"CS09"}


def unit(code: str):  # type: ignore[no-untyped-def]
    return next(u for u in sample_data.sample_units() if u.code == code)


@pytest.mark.parametrize(
    ("code", "member", "read", "ignored", "units"),
    [
        ("CS13", "", 6, 3, {"CS13", "BP05", "TT12"}),  # Word table: date line and signature
        ("CS17", "/Phieu.xlsx", 8, 4, {"CS17", "TT16", "TT17", "TT18"}),  # e-mail
        ("CS15", "/CS15_phieu_dang_ky.xlsx", 5, 4, {"CS15"}),  # zip
        ("CS06", "", 2, 1, {"CS06"}),  # Họ và tên đệm + Tên
        ("CS04", "", 4, 0, {"CS04", "BP06", "TT14", "TT15"}),  # one sheet per sub-unit
        ("CS01", "", 6, 3, {"CS01", "TT07", "TT08"}),  # headings: 3 lines ignored
    ],
)
def test_sample_shapes_are_consolidated(  # type: ignore[no-untyped-def]
    consolidation, code: str, member: str, read: int, ignored: int, units: set[str]
) -> None:
    path = returns_path(sample_shapes.file_name(unit(code)) + member)
    [log] = [f for f in consolidation.file_log if f.path == path]
    assert (log.status, log.unit, log.rows_read, log.rows_ignored) == (
        "consolidated",
        code,
        read,
        ignored,
    )
    assert log.rows_accepted == len(units)
    assert log.rows_rejected == 0
    delegates = [d for d in consolidation.registered if d.source.startswith(path + "!")]
    assert {d.unit_code for d in delegates} == units


def test_sample_split_names_are_joined(consolidation) -> None:  # type: ignore[no-untyped-def]
    [delegate] = [d for d in consolidation.registered if d.unit_code == "CS06"]
    assert len(delegate.full_name.split()) == 3


def test_sample_paper_sheets_are_read(consolidation) -> None:  # type: ignore[no-untyped-def]
    forms = {p.unit.code: p.form for p in consolidation.papers if p.form is not None}
    assert set(forms) == set(sample_shapes.PAPER_ANSWERS)
    for code, (title, role) in sample_shapes.PAPER_ANSWERS.items():
        assert (forms[code].title, forms[code].presenter_title) == (title, role)
        registered = {d.full_name for d in consolidation.registered if d.unit_code == code}
        assert forms[code].presenter in registered


def test_a_copy_is_a_whole_workspace(tmp_path: Path) -> None:
    """`python -m hoithao.sample DIR`: templates and launchers too, so forms and merge use them."""
    from hoithao.kit.launchers import LAUNCHERS
    from hoithao.outputs.vocab import TEMPLATE_BADGE, TEMPLATE_ENVELOPE, TEMPLATE_INVITATION
    from hoithao.sample.build import main
    from hoithao.workspace import FORM_TEMPLATE

    root = tmp_path / "thử nghiệm"
    assert main([str(root)]) == 0
    for template in (FORM_TEMPLATE, TEMPLATE_INVITATION, TEMPLATE_BADGE, TEMPLATE_ENVELOPE):
        assert (root / template).is_file(), template
    for launcher in LAUNCHERS:
        assert (root / launcher.file_name).is_file()
