"""The check-in workbook: created once, then appended to without losing anything staff did."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from python_calamine import CalamineWorkbook

from hoithao.checkin.rows import checkin_rows
from hoithao.checkin.vocab import (
    CHECKIN_BACKUP_DIR,
    CHECKIN_COLUMNS,
    CHECKIN_SCAN_SHEET,
    CHECKIN_SHEET,
)
from hoithao.checkin.workbook import update_checkin, write_new_checkin
from hoithao.engine.consolidate import build
from hoithao.errors import LockedOutputError
from hoithao.run import run
from hoithao.workspace import CHECKIN_FILE, SUMMARY_XLSX, Workspace

from ..conftest import TODAY, ReturnFactory, form_row, write_return
from ..xlsx.fastpath import HARD_TEXTS, assert_same_both_ways, harden

HEADERS = list(CHECKIN_COLUMNS.values())


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def column(sheet: openpyxl.worksheet.worksheet.Worksheet, label: str) -> int:
    for cell in sheet[1]:
        if cell.value == label:
            return cell.column
    raise AssertionError(label)


def row_of(sheet: openpyxl.worksheet.worksheet.Worksheet, code: str) -> int:
    id_col = column(sheet, CHECKIN_COLUMNS["id"])
    for r in range(2, sheet.max_row + 1):
        if sheet.cell(r, id_col).value == code:
            return r
    raise AssertionError(code)


@pytest.fixture
def three_returns(make_return: ReturnFactory) -> None:
    make_return(
        "CS01.xlsx",
        [
            form_row(1, "Nguyễn Văn An"),
            form_row(2, "Lê Thị Bình", "Phó Bí thư", unit="Đảng bộ Bệnh viện Đa khoa tỉnh"),
        ],
        unit_code="CS01",
    )
    make_return("CS02.xlsx", [form_row(1, "Phạm Minh Châu")], unit_code="CS02")
    make_return("CS03.xlsx", [form_row(1, "Võ Thị Dung", "Phó Bí thư")], unit_code="CS03")


@pytest.mark.usefixtures("three_returns")
def test_new_workbook_lists_everyone_in_protocol_order(workspace: Workspace) -> None:
    c = build(workspace, today=TODAY)
    assert update_checkin(c, workspace) == CHECKIN_FILE
    book = CalamineWorkbook.from_path(str(workspace.checkin))
    assert book.sheet_names[:2] == [CHECKIN_SHEET, CHECKIN_SCAN_SHEET]
    rows = book.get_sheet_by_name(CHECKIN_SHEET).to_python()
    assert rows[0] == HEADERS
    assert [r[0] for r in rows[1:]] == [d.id for d in c.delegates]
    assert all(r[5:] == ["", "", "", "", ""] for r in rows[1:])
    sheet = openpyxl.load_workbook(workspace.checkin)[CHECKIN_SHEET]
    assert sheet.freeze_panes == "C2"
    assert sheet.data_validations.dataValidation
    assert sheet.print_title_rows == "$1:$1"


@pytest.mark.usefixtures("three_returns")
def test_rerun_keeps_every_staff_edit(workspace: Workspace, make_return: ReturnFactory) -> None:
    path = workspace.checkin
    update_checkin(build(workspace, today=TODAY), workspace)

    # staff work on the day, in Excel
    book = openpyxl.load_workbook(path)
    sheet = book[CHECKIN_SHEET]
    present = column(sheet, "Có mặt")
    excused = column(sheet, "Vắng có lý do")
    reason = column(sheet, "Lý do")
    scan = column(sheet, "Quét mã")
    first, second = 2, 3
    sheet.cell(first, present, "x")
    sheet.cell(first, present).comment = Comment("Đến lúc 7 giờ 25", "Văn phòng")
    sheet.cell(second, excused, "có")
    sheet.cell(second, reason, "Đi công tác")
    sheet.cell(second, reason).fill = PatternFill("solid", fgColor="FFFF00")
    sheet.cell(3, scan, sheet.cell(3, 1).value)
    extra = sheet.max_column + 1
    sheet.cell(1, extra, "Số ghế")
    sheet.cell(first, extra, "A12")
    walk_in = sheet.max_row + 1
    sheet.cell(walk_in, 2, "Đặng Văn Em")
    sheet.cell(walk_in, 4, "Báo Bình Định")
    sheet.cell(walk_in, present, "x")
    before = {
        (r, c): sheet.cell(r, c).value for r in range(1, walk_in + 1) for c in range(1, extra + 1)
    }
    withdrawn_id = next(
        sheet.cell(r, 1).value
        for r in range(2, walk_in)
        if sheet.cell(r, 1).value.startswith("CS03")
    )
    book.save(path)
    edited = path.read_bytes()

    # one unit withdraws, another registers late
    (workspace.returns_dir / "CS03.xlsx").unlink()
    make_return("CS04.xlsx", [form_row(1, "Trương Văn Phúc")], unit_code="CS04")
    c = build(workspace, today=TODAY)
    update_checkin(c, workspace)

    book = openpyxl.load_workbook(path)
    sheet = book[CHECKIN_SHEET]
    status = column(sheet, CHECKIN_COLUMNS["status"])
    for (r, col), value in before.items():
        if col != status:
            assert sheet.cell(r, col).value == value, (r, col)
    assert sheet.cell(first, present).comment.text == "Đến lúc 7 giờ 25"
    assert sheet.cell(second, reason).fill.fgColor.rgb == "00FFFF00"
    new_id = next(d.id for d in c.delegates if d.unit_code == "CS04")
    assert row_of(sheet, new_id) == walk_in + 1
    assert sheet.cell(row_of(sheet, withdrawn_id), status).value == (
        "Đã rút khỏi danh sách ngày 15/05/2022"
    )
    backups = list((workspace.root / CHECKIN_BACKUP_DIR).glob("diem_danh_*.xlsx"))
    assert [b.read_bytes() for b in backups] == [edited]


@pytest.mark.usefixtures("three_returns")
def test_nothing_new_leaves_the_file_alone(workspace: Workspace) -> None:
    update_checkin(build(workspace, today=TODAY), workspace)
    digest = sha(workspace.checkin)
    update_checkin(build(workspace, today=TODAY), workspace)
    assert sha(workspace.checkin) == digest
    assert not (workspace.root / CHECKIN_BACKUP_DIR).exists()


@pytest.mark.usefixtures("three_returns")
def test_open_in_excel_is_refused_and_the_file_kept(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    update_checkin(build(workspace, today=TODAY), workspace)
    digest = sha(workspace.checkin)
    make_return("CS04.xlsx", [form_row(1, "Trương Văn Phúc")], unit_code="CS04")
    (workspace.checkin.parent / "~$diem_danh.xlsx").write_bytes(b"lock")
    with pytest.raises(LockedOutputError, match=r"diem_danh\.xlsx đang mở trong Excel"):
        update_checkin(build(workspace, today=TODAY), workspace)
    assert sha(workspace.checkin) == digest


@pytest.mark.usefixtures("three_returns")
def test_columns_are_found_by_header_after_staff_reorder(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    update_checkin(build(workspace, today=TODAY), workspace)
    book = openpyxl.load_workbook(workspace.checkin)
    sheet = book[CHECKIN_SHEET]
    sheet.insert_cols(1)
    sheet.cell(1, 1, "STT")
    book.save(workspace.checkin)
    make_return("CS04.xlsx", [form_row(1, "Trương Văn Phúc")], unit_code="CS04")
    c = build(workspace, today=TODAY)
    update_checkin(c, workspace)
    sheet = openpyxl.load_workbook(workspace.checkin)[CHECKIN_SHEET]
    last = sheet.max_row
    assert sheet.cell(last, 1).value is None
    assert sheet.cell(last, 2).value == next(d.id for d in c.delegates if d.unit_code == "CS04")
    assert sheet.cell(last, 3).value == "Trương Văn Phúc"


# --- issue 18: with a worker pool the append is made while the other outputs are written --------
def _late_and_withdrawn(ws: Workspace) -> None:
    (ws.returns_dir / "CS03.xlsx").unlink()
    write_return(ws.returns_dir / "CS04.xlsx", [form_row(1, "Trương Văn Phúc")], unit_code="CS04")


def _parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    from hoithao.engine import pool

    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(pool, "_worker_count", lambda: 2)


@pytest.mark.usefixtures("three_returns")
def test_append_made_meanwhile_is_the_one_made_last(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(workspace, today=TODAY)
    twin = Workspace(workspace.root.with_name("twin"))
    shutil.copytree(workspace.root, twin.root)
    _late_and_withdrawn(workspace)
    _late_and_withdrawn(twin)
    edited = workspace.checkin.read_bytes()
    run(workspace, today=TODAY)  # serial: appended last, the usual way
    _parallel(monkeypatch)
    run(twin, today=TODAY)  # appended to a draft while the workers write, placed last
    assert twin.checkin.read_bytes() == workspace.checkin.read_bytes() != edited
    backups = list((twin.root / CHECKIN_BACKUP_DIR).glob("diem_danh_*.xlsx"))
    assert [b.read_bytes() for b in backups] == [edited]
    assert not list(twin.checkin.parent.glob(".~tmp-*"))


@pytest.mark.usefixtures("three_returns")
def test_a_workbook_saved_meanwhile_is_appended_to_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hoithao.checkin.workbook

    run(workspace, today=TODAY)
    _late_and_withdrawn(workspace)
    _parallel(monkeypatch)
    place = hoithao.checkin.workbook.place_append_draft

    def staff_save_meanwhile(draft: object, c: object, ws: Workspace) -> object:
        book = openpyxl.load_workbook(ws.checkin)  # staff mark someone present, and save
        book[CHECKIN_SHEET].cell(2, column(book[CHECKIN_SHEET], "Có mặt"), "x")
        book.save(ws.checkin)
        return place(draft, c, ws)  # type: ignore[arg-type]

    monkeypatch.setattr(hoithao.checkin.workbook, "place_append_draft", staff_save_meanwhile)
    c = run(workspace, today=TODAY).consolidation
    sheet = openpyxl.load_workbook(workspace.checkin)[CHECKIN_SHEET]
    assert sheet.cell(2, column(sheet, "Có mặt")).value == "x"  # staff's mark kept
    new_id = next(d.id for d in c.delegates if d.unit_code == "CS04")
    assert row_of(sheet, new_id)  # and the late delegate appended
    assert not list(workspace.checkin.parent.glob(".~tmp-*"))


@pytest.mark.usefixtures("three_returns")
def test_open_in_excel_with_workers_is_refused_as_before(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(workspace, today=TODAY)
    digest = sha(workspace.checkin)
    _late_and_withdrawn(workspace)
    _parallel(monkeypatch)
    (workspace.checkin.parent / "~$diem_danh.xlsx").write_bytes(b"lock")
    with pytest.raises(LockedOutputError, match=r"diem_danh\.xlsx đang mở trong Excel"):
        run(workspace, today=TODAY)
    assert sha(workspace.checkin) == digest
    assert (workspace.root / SUMMARY_XLSX).is_file()  # the other outputs were written
    assert not list(workspace.checkin.parent.glob(".~tmp-*"))


def test_new_workbook_is_written_as_xlsxwriter_writes_it(
    workspace: Workspace, three_returns: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    hard = harden(build(workspace, today=TODAY))
    draft_path = workspace.checkin.with_name("draft.xlsx")

    def write() -> Path:
        rows = checkin_rows(hard.delegates, hard.master)
        write_new_checkin(draft_path, rows, display_path="draft.xlsx", title=HARD_TEXTS[5])
        return draft_path

    assert_same_both_ways(write, monkeypatch)
    grid = CalamineWorkbook.from_path(str(write())).get_sheet_by_name(CHECKIN_SHEET).to_python()
    names = [row[1] for row in grid[1:]]
    assert names[:3] == ["  Nguyễn Văn An", "Trần Thị Bình  ", "=SUM(1)"]


def test_new_workbook_of_the_fast_path_takes_an_append(
    workspace: Workspace, three_returns: None, make_return: ReturnFactory
) -> None:
    update_checkin(build(workspace, today=TODAY), workspace)
    make_return("CS04.xlsx", [form_row(1, "Đỗ Văn Em", "Bí thư")], unit_code="CS04")
    update_checkin(build(workspace, today=TODAY), workspace)
    grid = CalamineWorkbook.from_path(str(workspace.checkin)).get_sheet_by_name(CHECKIN_SHEET)
    names = [row[1] for row in grid.to_python()[1:]]
    assert {"Đỗ Văn Em", "Nguyễn Văn An"} <= set(names)
    assert len(names) == len(set(names))
