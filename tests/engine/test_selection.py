"""Which returns count per unit: the later full return, supplements, staff decisions (§9)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hoithao.engine.consolidate import build
from hoithao.master.vocab import SHEET_DECISIONS
from hoithao.models import Consolidation
from hoithao.workspace import MASTER_FILE, RETURNS_DIR, Workspace

from ..conftest import TODAY, build_master, form_row
from ..scenario import Stream

MAY_4 = datetime(2022, 5, 4, 9, 0)
MAY_6 = datetime(2022, 5, 6, 9, 0)
MAY_8 = datetime(2022, 5, 8, 9, 0)
MAY_9 = datetime(2022, 5, 9, 15, 0)
SAVED_TODAY = datetime(2022, 5, 12, 8, 0)  # attachments saved from the mailbox this morning


def names(c: Consolidation) -> list[str]:
    return sorted(d.full_name for d in c.registered)


def codes(c: Consolidation, code: str) -> list:
    return [i for i in c.issues if i.code == code]


def status(c: Consolidation, name: str) -> str:
    return next(f.status for f in c.file_log if f.path.endswith(name))


@pytest.fixture
def stream(workspace: Workspace) -> Stream:
    return Stream(workspace)


def test_equal_file_times_a_correction_name_wins_with_w09(workspace, stream) -> None:
    stream.add("CS02 Tu phap.csv", [form_row(1, "Nguyễn Văn Cũ")], mtime=SAVED_TODAY)
    stream.add(
        "CS02 Tu phap (sua lai).xlsx",
        [form_row(1, "Nguyễn Văn Mới")],
        mtime=SAVED_TODAY,
        saved=MAY_9,
    )
    c = build(workspace, today=TODAY)
    assert names(c) == ["Nguyễn Văn Mới"]
    [w09] = codes(c, "W09")
    assert "CS02 Tu phap.csv" in w09.message
    assert "CS02 Tu phap (sua lai).xlsx" in w09.message
    assert "tên tệp" in w09.message
    assert SHEET_DECISIONS in w09.message
    assert w09.unit == "CS02"
    assert w09.level == "warning"
    assert status(c, "CS02 Tu phap.csv") == "superseded"


def test_reversed_file_times_saved_time_decides(workspace, stream) -> None:
    stream.add("CS02_a.xlsx", [form_row(1, "Nguyễn Văn Cũ")], mtime=SAVED_TODAY, saved=MAY_4)
    stream.add("CS02_b.xlsx", [form_row(1, "Nguyễn Văn Mới")], mtime=MAY_6, saved=MAY_6)
    c = build(workspace, today=TODAY)
    assert names(c) == ["Nguyễn Văn Mới"]
    assert not codes(c, "W09")
    [f04] = codes(c, "F04")
    assert f04.file.endswith("CS02_a.xlsx")
    assert "CS02_b.xlsx" in f04.message


def test_correction_with_written_date_beats_undated_original(workspace, stream) -> None:
    stream.add("CS02 goc.xlsx", [form_row(1, "Nguyễn Văn Cũ")], mtime=SAVED_TODAY, saved=MAY_4)
    stream.add(
        "CS02 lan nua.xlsx",
        [form_row(1, "Nguyễn Văn Mới")],
        mtime=MAY_9,
        saved=MAY_9,
        written=date(2022, 5, 9),
    )
    c = build(workspace, today=TODAY)
    assert names(c) == ["Nguyễn Văn Mới"]
    assert not codes(c, "W09")


def test_file_times_alone_give_w09(workspace, stream) -> None:
    stream.add("CS02_1.csv", [form_row(1, "Nguyễn Văn Cũ")], mtime=MAY_4)
    stream.add("CS02_2.csv", [form_row(1, "Nguyễn Văn Mới")], mtime=MAY_6)
    c = build(workspace, today=TODAY)
    assert names(c) == ["Nguyễn Văn Mới"]
    [w09] = codes(c, "W09")
    assert "thời gian sửa tệp" in w09.message
    assert "06/05/2022" in w09.message


def test_supplement_adds_people_and_updates_those_in_both(workspace, stream) -> None:
    stream.add(
        "CS01.xlsx",
        [form_row(1, "Nguyễn Văn An"), form_row(2, "Trần Thị Bình", "Phó Bí thư")],
        unit_code="CS01",
        mtime=MAY_4,
        saved=MAY_4,
    )
    stream.add(
        "CS01 - danh sách BỔ SUNG.xlsx",
        [
            form_row(1, "Lê Văn Cường", unit="Chi bộ Văn phòng Sở Y tế"),
            form_row(2, "Trần Thị Bình", "Phó Bí thư", phone="0987654321"),
        ],
        unit_code="CS01",
        mtime=MAY_6,
        saved=MAY_6,
    )
    c = build(workspace, today=TODAY)
    assert names(c) == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình"]
    binh = next(d for d in c.registered if d.full_name == "Trần Thị Bình")
    assert binh.phone == "0987654321"
    assert "BỔ SUNG" in binh.source
    [f07] = codes(c, "F07")
    assert "thêm 1 người" in f07.message
    assert "cập nhật 1 người" in f07.message
    assert not codes(c, "F04")
    assert {f.status for f in c.file_log} == {"consolidated"}
    assert c.row_counts()["accepted"] == 4  # each file keeps its own row accounting


def test_heading_says_supplement(workspace, stream) -> None:
    stream.add("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], mtime=MAY_4, saved=MAY_4)
    stream.add(
        "CS02 ngay 6.xlsx",
        [form_row(1, "Lê Văn Cường", "Phó Bí thư")],
        mtime=MAY_6,
        saved=MAY_6,
        heading="DANH SÁCH ĐẠI BIỂU BỔ SUNG",
    )
    c = build(workspace, today=TODAY)
    assert names(c) == ["Lê Văn Cường", "Nguyễn Văn An"]
    assert len(codes(c, "F07")) == 1


def test_full_return_after_a_supplement_replaces_both(workspace, stream) -> None:
    stream.add("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], mtime=MAY_4, saved=MAY_4)
    stream.add("CS02 bo sung.xlsx", [form_row(1, "Lê Văn Cường")], mtime=MAY_6, saved=MAY_6)
    stream.add("CS02 moi.xlsx", [form_row(1, "Phạm Thị Dung")], mtime=MAY_8, saved=MAY_8)
    c = build(workspace, today=TODAY)
    assert names(c) == ["Phạm Thị Dung"]
    assert status(c, "CS02 bo sung.xlsx") == "superseded"
    assert status(c, "CS02.xlsx") == "superseded"
    assert not codes(c, "F07")


def test_supplement_without_a_full_return(workspace, stream) -> None:
    stream.add("CS02 bo sung.xlsx", [form_row(1, "Lê Văn Cường")], mtime=MAY_6, saved=MAY_6)
    c = build(workspace, today=TODAY)
    assert names(c) == ["Lê Văn Cường"]
    [f07] = codes(c, "F07")
    assert "chưa có phiếu đầy đủ" in f07.message
    assert "CS02" in c.returned


def _with_decisions(workspace: Workspace, rows: list[tuple[str, ...]]) -> None:
    build_master(workspace.master, decisions=rows)


def test_staff_decisions(workspace, stream) -> None:
    stream.add("CS02 cu.xlsx", [form_row(1, "Nguyễn Văn Cũ")], mtime=MAY_4, saved=MAY_4)
    stream.add("CS02 moi.xlsx", [form_row(1, "Nguyễn Văn Mới")], mtime=MAY_6, saved=MAY_6)
    stream.add("CS04 nham.xlsx", [form_row(1, "Đỗ Văn Nhầm")], mtime=MAY_6, saved=MAY_6)
    stream.add("danh sach.xlsx", [form_row(1, "Võ Thị Em")], mtime=MAY_6, saved=MAY_6)
    stream.add("CS03 them.xlsx", [form_row(1, "Hồ Văn Phúc")], mtime=MAY_8, saved=MAY_8)
    stream.add("CS03.xlsx", [form_row(1, "Hồ Văn Giang")], mtime=MAY_6, saved=MAY_6)
    _with_decisions(
        workspace,
        [
            ("cs02 cu.XLSX", "", "dung", "Đơn vị xác nhận qua điện thoại"),
            (f"{RETURNS_DIR}/CS04 nham.xlsx", "", "Bỏ", "gửi nhầm"),
            ("danh sach", "CS01", "", ""),
            ("CS03 them.xlsx", "", "Bổ sung", ""),
            ("khong co.xlsx", "", "Bỏ", ""),
            ("CS02 moi.xlsx", "XX99", "xoá", ""),
        ],
    )
    c = build(workspace, today=TODAY)
    assert names(c) == ["Hồ Văn Giang", "Hồ Văn Phúc", "Nguyễn Văn Cũ", "Võ Thị Em"]
    assert status(c, "CS02 moi.xlsx") == "superseded"
    [f04] = codes(c, "F04")
    assert SHEET_DECISIONS in f04.message
    dropped = next(f for f in c.file_log if f.path.endswith("CS04 nham.xlsx"))
    assert dropped.status == "skipped"
    assert "gửi nhầm" in dropped.note
    assert next(d for d in c.registered if d.full_name == "Võ Thị Em").unit_code == "CS01"
    assert len(codes(c, "F07")) == 1
    x01 = codes(c, "X01")
    assert [(i.row, i.value) for i in x01] == [(6, "khong co.xlsx"), (7, "xoá"), (7, "XX99")]
    assert all(i.file == MASTER_FILE and i.level == "warning" for i in x01)
    assert not codes(c, "W09")


def test_use_overrides_supplement_name(workspace, stream) -> None:
    stream.add("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], mtime=MAY_4, saved=MAY_4)
    stream.add("CS02 bo sung.xlsx", [form_row(1, "Lê Văn Cường")], mtime=MAY_6, saved=MAY_6)
    _with_decisions(workspace, [("CS02 bo sung.xlsx", "", "Dùng", "")])
    c = build(workspace, today=TODAY)
    assert names(c) == ["Lê Văn Cường"]
    assert not codes(c, "F07")


def test_rejected_file_names_its_unit(workspace, returns_dir) -> None:
    (returns_dir / "CS03 - Phieu dang ky.xlsx").write_bytes(b"PK\x03\x04 cut short")
    (returns_dir / "khong ro.xlsx").write_bytes(b"PK\x03\x04 cut short")
    c = build(workspace, today=TODAY)
    by_file = {i.file.rsplit("/", 1)[-1]: i for i in codes(c, "F01")}
    assert by_file["CS03 - Phieu dang ky.xlsx"].unit == "CS03"
    assert "gửi lại" in by_file["CS03 - Phieu dang ky.xlsx"].message
    assert by_file["khong ro.xlsx"].unit == ""
    assert "CS03" not in c.returned


def test_log_totals_agree_with_the_printed_summary(workspace, stream, returns_dir) -> None:
    import re

    from python_calamine import CalamineWorkbook

    from hoithao.outputs.vocab import LOG_SHEET, LOG_TOTAL_LABEL
    from hoithao.run import format_summary, run
    from hoithao.workspace import SUMMARY_XLSX

    stream.add("CS02 cu.xlsx", [form_row(1, "Nguyễn Văn Cũ"), form_row(2, "")], mtime=MAY_4)
    stream.add("CS02 moi.xlsx", [form_row(1, "Nguyễn Văn Mới")], mtime=MAY_6, saved=MAY_6)
    stream.add("CS03.xlsx", [form_row(1, "Hồ Văn Giang"), form_row(2, "")], mtime=MAY_6)
    (returns_dir / "CS04 hong.xlsx").write_bytes(b"PK\x03\x04 cut short")
    result = run(workspace, today=TODAY, now=MAY_9)
    line = next(x for x in format_summary(result, workspace).splitlines() if x.startswith("Dòng:"))
    printed = [int(n) for n in re.findall(r"\d+", line)]
    rows = (
        CalamineWorkbook.from_path(str(workspace.root / SUMMARY_XLSX))
        .get_sheet_by_name(LOG_SHEET)
        .to_python()
    )
    [total] = [r for r in rows if r[0] == LOG_TOTAL_LABEL]
    assert [int(v) for v in total[3:7]] == printed == [3, 2, 1, 0]
    listed = [r for r in rows[1:] if r[0].startswith(RETURNS_DIR)]
    assert len(listed) == 4  # the superseded and the rejected file are shown
    assert sum(int(r[3]) for r in listed) > printed[0]


def test_supplement_order_unsure_gives_w09(workspace, stream) -> None:
    stream.add("CS02.csv", [form_row(1, "Nguyễn Văn An")], mtime=MAY_6)
    stream.add("CS02 bo sung.csv", [form_row(1, "Lê Văn Cường")], mtime=MAY_8)
    c = build(workspace, today=TODAY)
    assert names(c) == ["Lê Văn Cường", "Nguyễn Văn An"]
    [w09] = codes(c, "W09")
    assert w09.file.endswith("CS02 bo sung.csv")
    assert w09.value.endswith("CS02.csv")


def test_use_on_an_unreadable_file_is_a_warning(workspace, returns_dir) -> None:
    (returns_dir / "CS02 hong.xlsx").write_bytes(b"PK\x03\x04 cut short")
    _with_decisions(workspace, [("CS02 hong.xlsx", "", "Dùng", "")])
    c = build(workspace, today=TODAY)
    [x01] = codes(c, "X01")
    assert "không dùng được" in x01.message
    assert x01.row == 2
