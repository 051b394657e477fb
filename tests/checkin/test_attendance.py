"""Attendance figures: marks as staff type them, the official form, JSON equal to the workbook."""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from hoithao.checkin.attendance import compute_attendance, read_mark
from hoithao.checkin.report import write_attendance
from hoithao.checkin.vocab import (
    ATTENDANCE_CATEGORY_SHEET,
    ATTENDANCE_JSON,
    ATTENDANCE_REVIEW_SHEET,
    ATTENDANCE_SUMMARY_SHEET,
    ATTENDANCE_UNIT_SHEET,
    ATTENDANCE_XLSX,
    CHECKIN_SCAN_SHEET,
    CHECKIN_SHEET,
)
from hoithao.checkin.workbook import update_checkin
from hoithao.cli import main
from hoithao.master.read import read_master
from hoithao.models import Delegate
from hoithao.workspace import MASTER_FILE, OUTPUT_DIR, Workspace

from ..conftest import TODAY, build_master

# (unit code, category) of the delegates of the fake consolidation; "" = named invitee
PEOPLE = [
    ("", "KM"),
    ("", "BCH"),
    ("CS01", "CS"),
    ("CS02", "CS"),
    ("CS03", "CS"),
    ("CS04", "CS"),
    ("BP01", "TT"),
    ("TT01", "TT"),
]
NAMES = ["An", "Bình", "Châu", "Dung", "Em", "Giang", "Hà", "Khoa"]


def consolidation(ws: Workspace) -> SimpleNamespace:
    """What update_checkin needs of a Consolidation, without reading any return."""
    master = read_master(ws.master)
    delegates = [
        Delegate(
            id=f"{unit or category}-{n:05d}",
            full_name=f"Nguyễn Văn {NAMES[n]}",
            party_role="Bí thư" if unit else "",
            job_title="Giám đốc",
            unit_code=unit,
            unit_name=master.units[unit].name if unit else "Ban Tổ chức Tỉnh ủy",
            category=category,
            is_invitee=not unit,
        )
        for n, (unit, category) in enumerate(PEOPLE)
    ]
    return SimpleNamespace(master=master, delegates=delegates, today=TODAY)


def make_workspace(root: Path) -> Workspace:
    (root / OUTPUT_DIR).mkdir(parents=True)
    build_master(root / MASTER_FILE)
    ws = Workspace(root.resolve())
    update_checkin(consolidation(ws), ws)
    return ws


def mark(
    ws: Workspace, marks: dict[int, dict[str, Any]], scans: list[str] = (), walk_ins: int = 0
) -> None:
    """Type into the check-in workbook as staff do; marks: data row index -> {header: value}."""
    book = openpyxl.load_workbook(ws.checkin)
    sheet = book[CHECKIN_SHEET]
    cols = {c.value: c.column for c in sheet[1]}
    for index, values in marks.items():
        for header, value in values.items():
            sheet.cell(index + 2, cols[header], value)
    for n in range(walk_ins):
        row = sheet.max_row + 1
        sheet.cell(row, cols["Họ và tên"], f"Khách bổ sung {n}")
        sheet.cell(row, cols["Đơn vị"], "Chi bộ Sở Tư pháp")
    scan = book[CHECKIN_SCAN_SHEET]
    for n, code in enumerate(scans, start=2):
        scan.cell(n, 1, code)
    book.save(ws.checkin)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x", True),
        ("X", True),
        ("có", True),
        ("Có", True),
        ("1", True),
        (1.0, True),
        ("✓", True),
        ("✔", True),
        ("7:25", True),
        ("7h25", True),
        (time(7, 25), True),
        (datetime(2022, 5, 19, 7, 25), True),
        (0.30902777, True),  # 7:25 stored as a day fraction
        ("CS01-00002", True),
        ("cs01-00002", True),
        (None, False),
        ("", False),
        ("không", False),
        (0, False),
        ("vắng", None),
        (5, None),
    ],
)
def test_marks_staff_type(value: Any, expected: bool | None) -> None:
    assert read_mark(value, "CS01-00002") is expected


def test_official_figures_and_lists(ws: Workspace) -> None:
    mark(
        ws,
        {
            0: {"Có mặt": "x"},
            1: {"Vắng có lý do": "x", "Lý do": "Ốm"},
            2: {"Có mặt": "7:25", "Vắng có lý do": "có"},  # conflict: counted present
            3: {"Lý do": "Đi công tác"},  # a reason alone is an excuse
            4: {"Quét mã": "CS03-00004"},
            6: {"Tình trạng": "Đã rút khỏi danh sách ngày 15/05/2022"},
        },
        scans=["TT01-00007", "ZZ-99999"],
        walk_ins=2,
    )
    a = compute_attendance(ws)
    outputs = write_attendance(a, ws)
    assert outputs == [ATTENDANCE_XLSX, ATTENDANCE_JSON]
    data = json.loads((ws.root / ATTENDANCE_JSON).read_text(encoding="utf-8"))
    assert list(data) == [
        *("summoned", "present", "excused", "absent", "walk_ins", "rate"),
        *("by_category", "by_unit", "conflicts", "absentees"),
    ]
    assert (data["summoned"], data["present"], data["excused"], data["absent"]) == (7, 4, 2, 1)
    assert data["walk_ins"] == 2
    assert data["rate"] == round(4 / 7, 4)
    assert [c["id"] for c in data["conflicts"]] == ["CS01-00002"]
    assert data["absentees"] == [
        {"id": "BCH-00001", "full_name": "Nguyễn Văn Bình", "unit_code": "", "reason": "Ốm"},
        {
            "id": "CS02-00003",
            "full_name": "Nguyễn Văn Dung",
            "unit_code": "CS02",
            "reason": "Đi công tác",
        },
        {"id": "CS04-00005", "full_name": "Nguyễn Văn Giang", "unit_code": "CS04", "reason": ""},
    ]
    assert data["by_unit"]["CS02"]["walk_ins"] == 2
    assert "BP01" not in data["by_unit"]  # withdrawn and absent: neither summoned nor extra
    book = CalamineWorkbook.from_path(str(ws.root / ATTENDANCE_XLSX))
    assert book.sheet_names[-1] == ATTENDANCE_REVIEW_SHEET
    review = book.get_sheet_by_name(ATTENDANCE_REVIEW_SHEET).to_python()
    assert [r[3] for r in review[1:]] == ["ZZ-99999"]


def test_cli_prints_the_official_line(ws: Workspace) -> None:
    mark(ws, {0: {"Có mặt": "x"}, 1: {"Vắng có lý do": "x"}})
    result = CliRunner().invoke(main, ["--root", str(ws.root), "attendance"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "Triệu tập 8, có mặt 1 (12,5%), vắng có lý do 1, vắng không lý do 6, bổ sung 0"
    )


def test_cli_without_checkin_workbook(tmp_path: Path) -> None:
    build_master(tmp_path / MASTER_FILE)
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "attendance"])
    assert result.exit_code == 1
    assert "Chưa có workbooks/diem_danh.xlsx" in result.output
    assert "hoithao consolidate" in result.output


PRESENT = st.sampled_from(
    [
        "",
        "",
        "x",
        "X",
        "có",
        "1",
        "✓",
        "✔",
        "7:25",
        time(7, 25),
        datetime(2022, 5, 19, 7, 31),
        1,
        "CODE",
    ]
)
ROW = st.tuples(
    PRESENT,
    st.sampled_from(["", "", "x", "có"]),
    st.sampled_from(["", "", "Đi công tác"]),
    st.booleans(),  # scanned on sheet Quét mã
    st.sampled_from([False, False, False, True]),  # withdrawn
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return make_workspace(tmp_path_factory.mktemp("attendance") / "ws")


def figures(rows: list[list[Any]], first: int) -> dict[str, list[float]]:
    return {str(r[0]): [float(v) for v in r[2:8]] for r in rows[first:] if r[0]}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(ROW, min_size=len(PEOPLE), max_size=len(PEOPLE)), extra=st.integers(0, 2))
def test_figures_add_up_and_json_equals_workbook(
    base: Workspace, rows: list[tuple[Any, ...]], extra: int
) -> None:
    checkin = base.checkin.read_bytes()
    try:
        ids = [f"{u or c}-{n:05d}" for n, (u, c) in enumerate(PEOPLE)]
        marks = {}
        for n, (present, excused, reason, _, withdrawn) in enumerate(rows):
            marks[n] = {
                "Có mặt": ids[n] if present == "CODE" else present,
                "Vắng có lý do": excused,
                "Lý do": reason,
                "Tình trạng": "Đã rút khỏi danh sách ngày 15/05/2022" if withdrawn else "",
            }
        mark(base, marks, scans=[ids[n] for n, r in enumerate(rows) if r[3]], walk_ins=extra)
        a = compute_attendance(base)
        write_attendance(a, base)
    finally:
        base.checkin.write_bytes(checkin)

    came = [bool(r[0]) or r[3] for r in rows]
    summoned = [not r[4] for r in rows]
    t = a.total
    assert t.summoned == sum(summoned)
    assert t.present == sum(c and s for c, s in zip(came, summoned, strict=True))
    assert t.excused == sum(
        s and not c and bool(r[1] or r[2]) for r, c, s in zip(rows, came, summoned, strict=True)
    )
    assert t.walk_ins == extra + sum(c and not s for c, s in zip(came, summoned, strict=True))
    assert len(a.conflicts) == sum(
        c and s and bool(r[1]) for r, c, s in zip(rows, came, summoned, strict=True)
    )
    for counts in [t, *a.by_category.values(), *a.by_unit.values()]:
        assert counts.present + counts.excused + counts.absent == counts.summoned

    data = json.loads((base.root / ATTENDANCE_JSON).read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(a.to_json()))
    book = CalamineWorkbook.from_path(str(base.root / ATTENDANCE_XLSX))
    summary = book.get_sheet_by_name(ATTENDANCE_SUMMARY_SHEET).to_python(skip_empty_area=False)
    assert [summary[r][1] for r in range(4, 9)] == [
        data[k] for k in ("summoned", "present", "excused", "absent", "walk_ins")
    ]
    assert summary[5][2] == data["rate"]
    keys = ("summoned", "present", "excused", "absent", "walk_ins", "rate")
    for sheet, group in (
        (ATTENDANCE_CATEGORY_SHEET, "by_category"),
        (ATTENDANCE_UNIT_SHEET, "by_unit"),
    ):
        table = figures(book.get_sheet_by_name(sheet).to_python(), 1)
        assert table == {code: [float(v[k]) for k in keys] for code, v in data[group].items()}
