"""The master check: essentials stop the run naming rows; blanks documents need are warnings."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from hoithao.cli import main
from hoithao.errors import MasterError
from hoithao.master.read import read_master
from hoithao.master.vocab import INFO_ROWS, SHEET_INFO, SHEET_PAPERS, SHEET_UNITS
from hoithao.workspace import SUMMARY_JSON, SUMMARY_XLSX, Workspace

INFO_ROW = {key: n for n, key in enumerate(INFO_ROWS, start=2)}  # as conftest writes them


def set_info(ws: Workspace, **values: object) -> None:
    book = openpyxl.load_workbook(ws.master)
    sheet = book[SHEET_INFO]
    for key, value in values.items():
        sheet.cell(INFO_ROW[key], 2).value = value  # cell(r, c, None) would not clear
    book.save(ws.master)


def invoke(ws: Workspace, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--root", str(ws.root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_an_emptied_info_sheet_stops_naming_the_rows(workspace: Workspace) -> None:
    book = openpyxl.load_workbook(workspace.master)
    sheet = book[SHEET_INFO]
    sheet.delete_rows(2, sheet.max_row)
    book.save(workspace.master)
    code, _, err = invoke(workspace, "consolidate", "--no-progress")
    assert code == 1
    assert err == (
        "Lỗi: Sổ gốc workbooks/hoi_thao.xlsx chưa đủ thông tin để chạy: sheet “Thông tin” chưa "
        "điền “Tên hội thảo” (chưa có dòng này), “Thời gian” (chưa có dòng này), “Địa điểm” "
        "(chưa có dòng này) ở cột “Giá trị”. Hãy điền rồi chạy lại.\n"
    )
    assert not (workspace.root / SUMMARY_XLSX).exists()
    assert not workspace.checkin.exists()


def test_a_blank_venue_is_named_by_its_row(workspace: Workspace) -> None:
    set_info(workspace, venue=None)
    with pytest.raises(MasterError) as caught:
        read_master(workspace.master)
    assert "“Địa điểm” (dòng 7)" in str(caught.value)


def test_no_units_stops(workspace: Workspace) -> None:
    book = openpyxl.load_workbook(workspace.master)
    sheet = book[SHEET_UNITS]
    sheet.delete_rows(2, sheet.max_row)
    book.save(workspace.master)
    # invitees and papers name no unit in this master once the units are gone
    book = openpyxl.load_workbook(workspace.master)
    papers = book[SHEET_PAPERS]
    papers.delete_rows(2, papers.max_row)
    book.save(workspace.master)
    with pytest.raises(MasterError, match="sheet “Đơn vị” chưa có đơn vị nào"):
        read_master(workspace.master)


def test_a_half_filled_master_runs_and_warns(workspace: Workspace) -> None:
    set_info(workspace, registration_deadline=None, signer=None, organiser=None)
    code, out, err = invoke(workspace, "consolidate", "--no-progress")
    assert code == 0, err
    notes = [line for line in out.splitlines() if line.startswith("Lưu ý:")]
    assert notes == [
        "Lưu ý: Sổ gốc: “Cơ quan tổ chức” (dòng 5) để trống: phần tên cơ quan ở đầu giấy mời, "
        "phiếu để trống.",
        "Lưu ý: Sổ gốc: “Hạn đăng ký” (dòng 9) để trống: phiếu đăng ký ghi “Hạn gửi phiếu: …”.",
        "Lưu ý: Sổ gốc: “Người ký” (dòng 11) để trống: giấy mời không có tên người ký.",
    ]
    summary = json.loads((workspace.root / SUMMARY_JSON).read_text(encoding="utf-8"))
    m01 = [(i["level"], i["row"], i["field"]) for i in summary["issues"] if i["code"] == "M01"]
    assert m01 == [
        ("warning", 5, "Cơ quan tổ chức"),
        ("warning", 9, "Hạn đăng ký"),
        ("warning", 11, "Người ký"),
    ]
    code, out, _ = invoke(workspace, "forms")
    assert code == 0
    assert "Lưu ý: Sổ gốc: “Hạn đăng ký” (dòng 9) để trống" in out


def test_a_date_typed_as_text_is_read_and_a_missing_hour_said(workspace: Workspace) -> None:
    set_info(workspace, starts_at="19/5/2022", registration_deadline=" 10/5/2022 ")
    master = read_master(workspace.master)
    assert master.event.starts_at is not None
    assert master.event.starts_at.date().isoformat() == "2022-05-19"
    assert master.event.registration_deadline is not None
    code, out, _ = invoke(workspace, "consolidate", "--no-progress")
    assert code == 0
    assert (
        "Lưu ý: Sổ gốc: “Thời gian” (dòng 6) chỉ có ngày, chưa có giờ (ví dụ 07:30 19/05/2022): "
        "giấy mời sẽ không ghi giờ khai mạc." in out
    )


@pytest.mark.parametrize(
    ("key", "typed"), [("registration_deadline", "10/13/2022"), ("paper_deadline", "tuần sau")]
)
def test_an_unreadable_date_is_refused_not_dropped(
    workspace: Workspace, key: str, typed: str
) -> None:
    set_info(workspace, **{key: typed})
    code, _, err = invoke(workspace, "consolidate", "--no-progress")
    assert code == 1
    label = INFO_ROWS[key]
    assert (
        f'dòng {INFO_ROW[key]}: {label[0].lower()}{label[1:]} "{typed}" không phải là ngày' in err
    )
