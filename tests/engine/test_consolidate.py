"""End-to-end consolidation on real returns: every issue code, messy layouts, nothing lost."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from hoithao.engine.consolidate import ReadingBar, build
from hoithao.engine.returns import delegate_id
from hoithao.errors import LockedOutputError
from hoithao.forms.vocab import FORM_COLUMNS
from hoithao.outputs.vocab import (
    CHANGES_SHEET,
    DELEGATES_SHEET,
    ISSUES_SHEET,
    LOG_SHEET,
    MERGE_SHEET_BADGE,
    MERGE_SHEET_INVITATION,
    MERGE_XLSX,
    MISSING_SHEET,
    PAPERS_SHEET,
    SUMMARY_SHEET,
)
from hoithao.run import run
from hoithao.workspace import (
    CHECKIN_FILE,
    FEEDBACK_OUT_DIR,
    RETURNS_DIR,
    SUMMARY_JSON,
    SUMMARY_XLSX,
    Workspace,
)

from ..conftest import INVITEES, TODAY, build_master, form_row, tree_hashes

SIGNATURE = [[], ["", "", "", "Người lập biểu"], [], ["", "", "", "Nguyễn Văn Ký"]]


def codes(c, code: str) -> list:
    return [i for i in c.issues if i.code == code]


def test_clean_return_becomes_delegates(workspace: Workspace, make_return) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An", phone="0905123456")], unit_code="CS02")
    c = build(workspace, today=TODAY)
    [delegate] = c.registered
    assert delegate.full_name == "Nguyễn Văn An"
    assert delegate.unit_code == "CS02"
    assert delegate.category == "CS"
    assert delegate.party_role == "Bí thư"
    assert delegate.phone == "0905123456"
    assert delegate.source == f"{RETURNS_DIR}/CS02.xlsx!2"
    assert delegate.id == delegate_id("CS02", "Nguyễn Văn An")
    assert [d.full_name for d in c.invitees] == ["Trần Văn Hùng", "Lê Thị Thu Hằng"]
    assert "CS02" in c.returned


def test_messy_self_made_return(workspace: Workspace, make_return) -> None:
    headers = ["TT", "HỌ TÊN", "GIỚI TÍNH", "CHỨC VỤ TRONG ĐẢNG", "Chức vụ CM", "SĐT", "Ghi chú"]
    above = [
        ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"],
        ["CHI BỘ SỞ TƯ PHÁP"],
        ["DANH SÁCH ĐĂNG KÝ THAM DỰ HỘI THẢO"],
        [],
    ]
    rows = [
        [1, "Đ/c NGUYỄN THỊ HỒNG NHUNG", "Nữ", "Bí thư chi bộ", "Giám đốc Sở", 905123456.0, ""],
        [],
        [2, "Đồng chí trần văn bình", "nam", "PBT", "Phó Giám đốc", "+84 914 222 333", ""],
        ["", "Tổng cộng: 2 đồng chí"],
    ]
    make_return(
        "danh sach chi bo so tu phap.xlsx", rows, headers=headers, above=above, below=SIGNATURE
    )
    c = build(workspace, today=TODAY)
    names = {d.full_name: d for d in c.registered}
    assert set(names) == {"Nguyễn Thị Hồng Nhung", "Trần Văn Bình"}
    assert names["Nguyễn Thị Hồng Nhung"].phone == "0905123456"
    assert names["Trần Văn Bình"].phone == "0914222333"
    assert names["Trần Văn Bình"].party_role == "Phó Bí thư"
    assert names["Trần Văn Bình"].gender == "Nam"
    [log] = c.file_log
    assert (log.unit, log.rows_read, log.rows_accepted, log.rows_rejected) == ("CS02", 5, 2, 0)
    # the total row, "Người lập biểu" and the signer's name, who is not a delegate
    assert log.rows_ignored == 3
    assert "Nguyễn Văn Ký" not in names


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_formats(workspace: Workspace, make_return, suffix: str) -> None:
    make_return(f"CS04{suffix}", [form_row(1, "Võ Thị Ưng", gender="Nữ")])
    c = build(workspace, today=TODAY)
    assert [(d.full_name, d.unit_code) for d in c.registered] == [("Võ Thị Ưng", "CS04")]


def test_row_errors(workspace: Workspace, make_return) -> None:
    rows = [
        form_row(1, "Phạm Đức Lộc"),
        form_row(2, "", job_title="Chánh Văn phòng"),  # R01
        form_row(3, "Hồ Văn Tâm", role="Phó Bí thư", unit="Chi bộ Sở Ngoại vụ"),  # R02
        form_row(4, "phạm đức lộc"),  # R03
        form_row(5, "Bùi Thị Lan", role="Phó Bí thư", unit="Đảng bộ Bệnh viện Đa khoa tỉnh"),
    ]
    make_return("CS01.xlsx", rows, unit_code="CS01")
    c = build(workspace, today=TODAY)
    assert [(i.row, i.field) for i in codes(c, "R01")] == [(3, "full_name")]
    assert [(i.row, i.value) for i in codes(c, "R02")] == [(4, "Chi bộ Sở Ngoại vụ")]
    [r03] = codes(c, "R03")
    assert r03.row == 5
    assert "dòng 2" in r03.message
    lan = next(d for d in c.registered if d.full_name == "Bùi Thị Lan")
    assert (lan.unit_code, lan.category) == ("BP01", "TT")
    [log] = c.file_log
    assert (log.rows_read, log.rows_accepted, log.rows_rejected) == (5, 2, 3)


def test_row_warnings(workspace: Workspace, make_return) -> None:
    rows = [
        form_row(1, "Đặng Thị Thuỷ", role="Đảng viên", gender=""),  # W01, W05, W02
        form_row(2, "Ngô Văn Hải", role="Phó Bí thư", phone="", email="hai@@example"),  # W03, W04
    ]
    make_return("CS03.xlsx", rows, unit_code="CS03")
    c = build(workspace, today=TODAY)
    # Over quota, the delegate who is not "đúng thành phần" is the one flagged as extra (W02),
    # whatever the row order: protocol order keeps the Phó Bí thư within the quota.
    assert [(i.code, i.row) for i in c.issues if i.file] == [
        ("W01", 2),
        ("W02", 2),
        ("W05", 2),
        ("W03", 3),
        ("W04", 3),
    ]
    hai = next(d for d in c.registered if d.full_name == "Ngô Văn Hải")
    assert hai.warnings == ["W03", "W04"]
    thuy = next(d for d in c.registered if d.full_name == "Đặng Thị Thuỷ")
    assert sorted(thuy.warnings) == ["W01", "W02", "W05"]


def test_same_person_in_two_units(workspace: Workspace, make_return) -> None:
    make_return("CS02.xlsx", [form_row(1, "Huỳnh Văn Phước", phone="0987654321")], unit_code="CS02")
    make_return(
        "CS04.xlsx", [form_row(1, "HUỲNH VĂN PHƯỚC", phone="0987.654.321")], unit_code="CS04"
    )
    c = build(workspace, today=TODAY)
    [w06] = codes(c, "W06")
    assert w06.unit == "CS04"


def test_same_person_across_units_in_any_spelling(workspace: Workspace, make_return) -> None:
    make_return(
        "CS02.xlsx", [form_row(1, "Nguyễn Thị Thuý Ðào", phone="0905 111 222")], unit_code="CS02"
    )
    make_return(
        "CS04.xlsx",
        [
            form_row(1, "NGUYỄN THỊ THÚY ĐÀO", phone="+84 905.111.222"),  # W06
            form_row(2, "Phạm Văn Lực", role="Phó Bí thư", phone=""),
        ],
        unit_code="CS04",
    )
    make_return("CS03.xlsx", [form_row(1, "Phạm Văn Lực", phone="0905999888")], unit_code="CS03")
    c = build(workspace, today=TODAY)
    [w06] = codes(c, "W06")
    assert (w06.unit, w06.row) == ("CS04", 2)
    [w11] = codes(c, "W11")  # same name, one phone missing: a hint only
    assert w11.level == "info"
    assert {w11.unit, w11.value} <= {"CS03", "CS04", "Phạm Văn Lực"}
    luc = [d for d in c.registered if d.full_name == "Phạm Văn Lực"]
    assert all("W11" not in d.warnings for d in luc)


def test_named_invitee_registered_by_a_unit_is_one_delegate(
    workspace: Workspace, make_return
) -> None:
    """Lê Thị Thu Hằng is a Ban Chấp hành member (master, category BCH) and her unit registers
    her as its Bí thư: one code, one badge, one invitation, one seat."""
    rows = [form_row(1, "LÊ THỊ THU HẰNG", gender="Nữ", phone="0905 222 333", email="hang@x.vn")]
    make_return("CS02.xlsx", rows, unit_code="CS02")
    c = build(workspace, today=TODAY)
    hang = [d for d in c.delegates if "Hằng" in d.full_name]
    assert len(hang) == 1
    [d] = hang
    assert (d.is_invitee, d.category, d.full_name) == (True, "BCH", "Lê Thị Thu Hằng")
    assert (d.phone, d.email) == ("0905222333", "hang@x.vn")  # completed from the return
    [w10] = codes(c, "W10")
    assert (w10.unit, w10.row, w10.level) == ("CS02", 2, "info")
    assert len(c.delegates) == len(INVITEES)
    result = run(workspace, today=TODAY)
    data = json.loads((workspace.root / SUMMARY_JSON).read_text(encoding="utf-8"))
    assert [x["full_name"] for x in data["delegates"]].count("Lê Thị Thu Hằng") == 1
    assert result.consolidation is not None
    book = CalamineWorkbook.from_path(str(workspace.root / MERGE_XLSX))
    for sheet in (MERGE_SHEET_INVITATION, MERGE_SHEET_BADGE):
        rows = book.get_sheet_by_name(sheet).to_python()
        assert sum("Lê Thị Thu Hằng" in map(str, r) for r in rows) == 1, sheet


def test_a_namesake_with_another_phone_is_not_the_invitee(
    workspace: Workspace, make_return
) -> None:
    invitees = [("Trần Văn Hùng", "Nam", "Phó Trưởng Ban", "Ban Tổ chức Tỉnh ủy", "KM")]
    build_master(workspace.master, invitees=invitees)
    make_return("CS02.xlsx", [form_row(1, "Trần Văn Hùng", phone="0905222333")], unit_code="CS02")
    make_return("CS04.xlsx", [form_row(1, "Trần Văn Hùng", phone="0914555666")], unit_code="CS04")
    c = build(workspace, today=TODAY)
    assert not codes(c, "W10")  # two namesakes in units: neither is surely the invitee
    assert len([d for d in c.delegates if d.full_name == "Trần Văn Hùng"]) == 3


def test_legacy_encodings_converted(workspace: Workspace, make_return) -> None:
    rows = [form_row(1, "NguyÔn V¨n Hïng"), form_row(2, "Leâ Thò Hoa", role="Phó Bí thư")]
    make_return("CS01.xlsx", rows, unit_code="CS01")
    c = build(workspace, today=TODAY)
    assert {d.full_name for d in c.registered} == {"Nguyễn Văn Hùng", "Lê Thị Hoa"}
    assert {i.value for i in codes(c, "W07") if i.field == "full_name"} == {
        "NguyÔn V¨n Hïng",
        "Leâ Thò Hoa",
    }


def test_a_vni_row_converts_its_ambiguous_name(workspace: Workspace, make_return) -> None:
    """The issue's row: "Hoà Hoàng Bình" reads as Unicode, but its row was typed in VNI."""
    row = form_row(
        1,
        "Hoà Hoàng Bình",  # VNI for "Hồ Hồng Bình"
        role="Phoù Bí thö",
        gender="Nöõ",
        job_title="Phoù Giaùm ñoác",
    )
    make_return("CS01.xlsx", [row], unit_code="CS01")
    c = build(workspace, today=TODAY)
    [d] = c.registered
    assert (d.full_name, d.party_role, d.gender, d.job_title) == (
        "Hồ Hồng Bình",
        "Phó Bí thư",
        "Nữ",
        "Phó Giám đốc",
    )
    assert {i.field for i in codes(c, "W07")} == {"full_name", "party_role", "gender", "job_title"}


def test_code_page_csv_with_tcvn3_names(workspace: Workspace, returns_dir: Path) -> None:
    """Excel on a Vietnamese Windows saves CSV in code page 1258: our form's headings in real
    Vietnamese (tones as combining bytes), names typed with .VnTime kept byte for byte."""
    from ..vn import oracle as vn_oracle

    lines = [",".join(FORM_COLUMNS.values())]
    people = ["Trần Văn Dũng", "Nguyễn Thị Thuỷ", "Đ/c Lê Văn Ất", "Hồ Hồng Bình"]
    for n, name in enumerate(people, 1):
        lines.append(
            f"{n},{vn_oracle.to_tcvn3(name)},,{vn_oracle.to_tcvn3('Bí thư')},,,,0905123456,,"
        )
    head = vn_oracle.to_cp1258(lines[0] + "\r\n")
    body = "".join(line + "\r\n" for line in lines[1:]).encode("cp1252")
    (returns_dir / "CS01.csv").write_bytes(head + body)
    c = build(workspace, today=TODAY)
    assert not [i for i in c.issues if i.code.startswith("F")]
    assert sorted(d.full_name for d in c.registered) == sorted(
        ["Trần Văn Dũng", "Nguyễn Thị Thuỷ", "Lê Văn Ất", "Hồ Hồng Bình"]
    )


def test_notes_in_the_name_cell_go_where_they_belong(workspace: Workspace, make_return) -> None:
    rows = [
        form_row(1, "Nguyễn Thị Thu Hà (nữ)", gender=""),
        form_row(2, "Trần Văn Bình, BT", role="", phone="0905111222"),
        form_row(3, "Võ Thị Lan\nPhó Giám đốc Sở", role="Phó Bí thư", job_title="", gender="Nữ"),
        form_row(4, "pgs.ts nguyễn ngọc ánh", role="Đảng viên", phone="0905333444"),
        form_row(5, "Nguyễn Thị Ðào", role="Đảng viên", gender="Nữ", phone="0905555666"),
        form_row(6, "Lê Văn Cường (dự thay)", role="Đảng viên", phone="0905777888"),
        form_row(7, "Hồ Văn Dũng (PBT)", role="", phone="0905999000"),
    ]
    make_return("CS01.xlsx", rows, unit_code="CS01")
    c = build(workspace, today=TODAY)
    people = {d.full_name: d for d in c.registered}
    assert set(people) == {
        "Nguyễn Thị Thu Hà",
        "Trần Văn Bình",
        "Võ Thị Lan",
        "PGS.TS. Nguyễn Ngọc Ánh",
        "Nguyễn Thị Đào",
        "Lê Văn Cường",
        "Hồ Văn Dũng",
    }
    assert people["Hồ Văn Dũng"].party_role == "Phó Bí thư"
    assert people["Nguyễn Thị Thu Hà"].gender == "Nữ"
    assert people["Trần Văn Bình"].party_role == "Bí thư"
    assert people["Võ Thị Lan"].job_title == "Phó Giám đốc Sở"
    assert people["Lê Văn Cường"].note == "dự thay"
    assert not [i for i in c.issues if i.code == "W05"]


def test_every_phone_of_a_cell_is_kept(workspace: Workspace, make_return) -> None:
    rows = [
        form_row(1, "Nguyễn Văn An", phone="0905.111.222 - 0256 3822 111", note="Đi xe riêng"),
        form_row(2, "Trần Thị Bích", role="Phó Bí thư", phone="(056) 3822 123\n0914 222 333"),
        form_row(3, "Lê Văn Cảnh", role="Phó Bí thư", phone="0905 333 444 / 0999 3 822"),
    ]
    make_return("CS01.xlsx", rows, unit_code="CS01")
    c = build(workspace, today=TODAY)
    people = {d.full_name: d for d in c.registered}
    assert (people["Nguyễn Văn An"].phone, people["Nguyễn Văn An"].note) == (
        "0905111222",
        "Đi xe riêng; ĐT khác: 0256 3822 111",
    )
    assert (people["Trần Thị Bích"].phone, people["Trần Thị Bích"].note) == (
        "02563822123",
        "ĐT khác: 0914 222 333",
    )
    assert people["Lê Văn Cảnh"].note == "ĐT khác: 0999 3 822"
    [w03] = codes(c, "W03")
    assert (w03.row, w03.value) == (4, "0999 3 822")


def test_file_level_issues(workspace: Workspace, make_return, returns_dir: Path) -> None:
    (returns_dir / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    make_return("phieu khong ro.xlsx", [form_row(1, "Lý Văn Mạnh")])  # F02
    make_return("CS04.xlsx", [["Báo cáo kết quả"], ["không có bảng"]], headers=["Nội dung"])  # F03
    (returns_dir / "~$CS02.xlsx").write_bytes(b"lock")
    (returns_dir / "ghi chu.txt").write_text("xin chào", encoding="utf-8")
    c = build(workspace, today=TODAY)
    by_file = {i.file.rsplit("/", 1)[-1]: i.code for i in c.issues if i.file}
    assert by_file == {
        "hong.xlsx": "F01",
        "phieu khong ro.xlsx": "F02",
        "CS04.xlsx": "F03",
        "~$CS02.xlsx": "F05",
        "ghi chu.txt": "F05",
    }
    statuses = {f.path.rsplit("/", 1)[-1]: f.status for f in c.file_log}
    assert statuses["hong.xlsx"] == "rejected"
    assert statuses["~$CS02.xlsx"] == "skipped"
    assert c.file_counts() == {
        "found": 5,
        "consolidated": 0,
        "superseded": 0,
        "rejected": 3,
        "skipped": 2,
    }


def test_later_return_wins(workspace: Workspace, make_return) -> None:
    old = make_return(
        "CS02_lan1.xlsx",
        [form_row(1, "Nguyễn Văn Cũ")],
        unit_code="CS02",
        below=[[], ["", "Quy Nhơn, ngày 03 tháng 5 năm 2022"]],
    )
    make_return(
        "CS02_lan2.xlsx",
        [form_row(1, "Nguyễn Văn Mới")],
        unit_code="CS02",
        below=[[], ["", "Quy Nhơn, ngày 06 tháng 5 năm 2022"]],
    )
    os.utime(old, (2_000_000_000, 2_000_000_000))  # the older form was touched later: the date wins
    c = build(workspace, today=TODAY)
    assert [d.full_name for d in c.registered] == ["Nguyễn Văn Mới"]
    [f04] = codes(c, "F04")
    assert f04.file.endswith("CS02_lan1.xlsx")
    assert c.file_counts()["superseded"] == 1


def test_missing_units_and_papers(workspace: Workspace, make_return) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    c = build(workspace, today=TODAY)
    assert [i.unit for i in codes(c, "U01")] == ["CS01", "CS03", "CS04"]  # CS05 is not summoned
    assert [m.code for m in c.missing_units] == ["CS01", "CS03", "CS04"]
    assert [i.unit for i in codes(c, "P01")] == ["CS01"]
    (workspace.papers_dir / "CS01 - tham luan.docx").write_bytes(b"x")
    assert codes(build(workspace, today=TODAY), "P01") == []


def test_protocol_order(workspace: Workspace, make_return) -> None:
    make_return("CS02.xlsx", [form_row(1, "Trần Thị An", role="Phó Bí thư")], unit_code="CS02")
    rows = [
        form_row(1, "Lê Văn Ánh", role="Phó Bí thư"),
        form_row(2, "Phạm Văn Bình", role="Bí thư"),
        form_row(3, "Đỗ Thị Ân", role="Bí thư", unit="Chi bộ Văn phòng Sở Y tế"),
    ]
    make_return("CS01.xlsx", rows, unit_code="CS01")
    c = build(workspace, today=TODAY)
    assert [d.full_name for d in c.delegates] == [
        "Trần Văn Hùng",
        "Lê Thị Thu Hằng",
        "Phạm Văn Bình",  # CS01 before CS02 (master order), Bí thư before Phó Bí thư
        "Lê Văn Ánh",
        "Trần Thị An",
        "Đỗ Thị Ân",  # category TT after CS
    ]


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        )


def test_outputs_keep_user_text_as_text(workspace: Workspace, make_return) -> None:
    evil = '=HYPERLINK("http://x","A")'
    # CSV: the unit typed the text; an .xlsx written by openpyxl would store it as a formula
    make_return("CS02.csv", [form_row(1, evil, note="+cmd|' /C calc'!A0")])
    result = run(workspace, today=TODAY)
    assert SUMMARY_XLSX in result.outputs
    for path in workspace.output_dir.rglob("*.xlsx"):
        for formula in re.findall(r"<f>(.*?)</f>", _sheet_xml(path)):
            assert "HYPERLINK" not in formula
            assert "cmd" not in formula
    book = CalamineWorkbook.from_path(str(workspace.root / SUMMARY_XLSX))
    rows = book.get_sheet_by_name(DELEGATES_SHEET).to_python()
    assert any(evil in row for row in rows)


def test_run_writes_every_output_and_json(workspace: Workspace, make_return) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An", email="sai@")], unit_code="CS02")
    before = tree_hashes(workspace.root / "workbooks", workspace.templates_dir)
    result = run(workspace, today=TODAY)
    after = tree_hashes(workspace.root / "workbooks", workspace.templates_dir)
    # inputs are untouched; the check-in workbook is the one file the tool creates there
    assert str(workspace.checkin) in after
    after.pop(str(workspace.checkin))
    assert after == before
    assert CHECKIN_FILE in result.outputs

    data = json.loads((workspace.root / SUMMARY_JSON).read_text(encoding="utf-8"))
    assert set(data) >= {"files", "rows", "units", "delegates", "issues", "file_log"}
    assert set(data["files"]) == {"found", "consolidated", "superseded", "rejected", "skipped"}
    assert data["rows"] == {"read": 1, "accepted": 1, "rejected": 0, "ignored": 0}
    assert data["units"] == {"summoned": 4, "returned": 1, "missing": ["CS01", "CS03", "CS04"]}
    assert set(data["delegates"][0]) == {
        "id", "full_name", "gender", "party_role", "job_title", "unit_code", "category", "phone",
        "email", "source",
    }  # fmt: skip
    assert set(data["issues"][0]) == {
        "level",
        "code",
        "unit",
        "file",
        "row",
        "field",
        "value",
        "message",
    }
    assert set(data["file_log"][0]) == {
        "path", "unit", "status", "rows_read", "rows_accepted", "rows_rejected", "rows_ignored",
    }  # fmt: skip

    book = CalamineWorkbook.from_path(str(workspace.root / SUMMARY_XLSX))
    assert book.sheet_names == [
        SUMMARY_SHEET,
        CHANGES_SHEET,
        DELEGATES_SHEET,
        MISSING_SHEET,
        ISSUES_SHEET,
        PAPERS_SHEET,
        LOG_SHEET,
    ]
    with zipfile.ZipFile(workspace.root / SUMMARY_XLSX) as archive:
        assert any(n.startswith("xl/charts/chart") for n in archive.namelist())
    # Kiểm tra names the unit beside its code: staff read names, filter by codes
    issues = book.get_sheet_by_name(ISSUES_SHEET).to_python()
    assert ["CS02 - Chi bộ Sở Tư pháp"] == list({r[2] for r in issues[1:] if "CS02" in r[2]})
    feedback = workspace.root / FEEDBACK_OUT_DIR
    assert sorted(p.name for p in feedback.iterdir()) == ["CS02.xlsx", "gui_phan_hoi.xlsx"]


def test_locked_output_keeps_previous(workspace: Workspace, make_return, monkeypatch) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    run(workspace, today=TODAY)
    target = workspace.root / SUMMARY_XLSX
    before = target.read_bytes()
    # something new, so that the outputs must be written again (issue 18)
    make_return("CS03.xlsx", [form_row(1, "Trần Thị Bình")], unit_code="CS03")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(
        LockedOutputError, match=re.escape("output/tong_hop.xlsx: tệp đang mở trong Excel")
    ):
        run(workspace, today=TODAY)
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".~tmp-*"))


def test_sub_units_are_named_with_their_parent(workspace: Workspace, make_return) -> None:
    """A printed list must say whose "Chi bộ Văn phòng" it is (badges, sign-in, attendance)."""
    rows = [
        form_row(1, "Nguyễn Văn An"),
        form_row(2, "Trần Thị Bình", unit="Chi bộ Văn phòng Sở Y tế", phone="0912345679"),
    ]
    make_return("CS01.xlsx", rows, unit_code="CS01")
    names = {d.full_name: d.unit_name for d in build(workspace, today=TODAY).delegates}
    assert names["Nguyễn Văn An"] == "Đảng bộ Sở Y tế"
    assert names["Trần Thị Bình"] == "Chi bộ Văn phòng Sở Y tế, Đảng bộ Sở Y tế"


def test_progress_counts_the_files_found(
    workspace: Workspace, make_return, capsys, monkeypatch
) -> None:
    """The bar ends at the summary's "tìm thấy": skipped files (a lock file) count too."""
    monkeypatch.setattr("hoithao.engine.consolidate.PARALLEL_THRESHOLD", 1)  # (a bar for one)
    make_return("CS01.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS01")
    (workspace.returns_dir / "~$CS01.xlsx").write_bytes(b"lock")
    result = build(workspace, today=TODAY, progress=True)
    assert len(result.file_log) == 2
    bar = capsys.readouterr().err
    assert "1/2 " in bar  # the lock file is done at once, out of the two files found
    assert "/1 " not in bar


def test_no_bar_for_a_few_files_to_read(workspace: Workspace, make_return, capsys) -> None:
    """Below PARALLEL_THRESHOLD files to read (a re-run's new returns) there is no bar: they
    are read in a blink."""
    make_return("CS01.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS01")
    names = [d.full_name for d in build(workspace, today=TODAY, progress=True).delegates]
    assert "Nguyễn Văn An" in names
    assert "Đọc phiếu" not in capsys.readouterr().err


def test_the_bar_starts_with_what_the_cache_holds() -> None:
    """Files from the cache are done at once; the bar is made once enough are left to read."""
    bar = ReadingBar(200, 2, shown=True)
    bar.advance(130, 120)  # from the cache: a zip among them held 11 returns
    try:
        assert bar.bar is not None
        assert (bar.bar.n, bar.bar.total) == (132, 210)
        bar.advance(80, 78)
        assert (bar.bar.n, bar.bar.total) == (212, 212)
    finally:
        bar.close()
    few = ReadingBar(200, 0, shown=True)
    few.advance(190, 190)
    assert few.bar is None
