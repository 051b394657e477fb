"""`hoithao trang-thai`: where the event stands, from the master and the last run."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hoithao.cli import main
from hoithao.run import run
from hoithao.status import format_status, next_step, read_status
from hoithao.workspace import (
    MASTER_FILE,
    RETURNS_DIR,
    ROOT_ENV,
    SUMMARY_JSON,
    Workspace,
)

from .conftest import build_master, command_imports, form_row, write_return

BEFORE_DEADLINE = date(2022, 5, 5)
NOW = datetime(2022, 5, 5, 16, 0)
TITLE = "Tình hình hội thảo — Hội thảo “Giải pháp nâng cao chất lượng sinh hoạt chi bộ”"
DEADLINES_5_MAY = (
    "Hôm nay 05/05/2022. Hạn đăng ký 10/05/2022: còn 5 ngày; hạn tham luận 12/05/2022: còn 7 "
    "ngày; hội thảo 19/05/2022: còn 14 ngày"
)


def write_summary(ws: Workspace, *, at: datetime, files: list[str], **overrides: Any) -> Path:
    """An output/tong_hop.json with the contract's keys, as `consolidate` leaves it."""
    data: dict[str, Any] = {
        "event": "HT38-2022",
        "units": {"summoned": 4, "returned": 2, "missing": ["CS03", "CS04"]},
        "delegates": [
            {"id": "KM-1", "category": "KM"},
            {"id": "BCH-1", "category": "BCH"},
            {"id": "CS-1", "category": "CS"},
            {"id": "CS-2", "category": "CS"},
            {"id": "TT-1", "category": "TT"},
        ],
        "issues": [
            {"level": "error", "code": "R01", "unit": "CS02"},
            {"level": "warning", "code": "W03", "unit": "CS01"},
            {"level": "info", "code": "W07", "unit": "CS01"},
        ],
        "file_log": [{"path": f"{RETURNS_DIR}/{name}"} for name in files],
    }
    data.update(overrides)
    path = ws.path(SUMMARY_JSON)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.utime(path, (at.timestamp(), at.timestamp()))
    return path


def drop(ws: Workspace, name: str, at: datetime) -> Path:
    path = write_return(ws.returns_dir / name, [form_row(1, "Nguyễn Văn An")])
    os.utime(path, (at.timestamp(), at.timestamp()))
    return path


@pytest.fixture
def consolidated(workspace: Workspace) -> Workspace:
    """Two returns read by a run at 09:00 on 5 May; the master saved before it."""
    os.utime(workspace.master, (NOW.timestamp() - 86400, NOW.timestamp() - 86400))
    drop(workspace, "CS01.xlsx", datetime(2022, 5, 4, 8, 0))
    drop(workspace, "thu_CS02.zip", datetime(2022, 5, 4, 8, 0))
    write_summary(
        workspace, at=datetime(2022, 5, 5, 9, 0), files=["CS01.xlsx", "thu_CS02.zip/phieu.xlsx"]
    )
    return workspace


def test_never_consolidated(workspace: Workspace) -> None:
    status = read_status(workspace, today=BEFORE_DEADLINE)
    assert format_status(status, now=NOW) == "\n".join(
        [
            TITLE,
            DEADLINES_5_MAY,
            "Phiếu đăng ký: chưa tổng hợp lần nào; 0 tệp trong workbooks/phieu_dang_ky/, "
            "4 đơn vị được triệu tập",
            "Đại biểu: chưa tổng hợp; 2 khách mời đích danh; hội trường 150 chỗ, còn 148 chỗ",
            "Tham luận: 0/1 đã nhận; 1 chưa đến hạn",
            "Lần tổng hợp cuối: chưa tổng hợp lần nào",
            "Việc tiếp theo: tạo phiếu đăng ký gửi đơn vị: bấm tao_phieu.bat "
            "(hoặc `hoithao forms`).",
        ]
    )


def test_after_a_run_with_nothing_new(consolidated: Workspace) -> None:
    paper = consolidated.papers_dir / "CS01 tham luan.docx"
    paper.write_bytes(b"x")
    os.utime(paper, (NOW.timestamp() - 86400, NOW.timestamp() - 86400))
    status = read_status(consolidated, today=BEFORE_DEADLINE)
    assert format_status(status, now=NOW) == "\n".join(
        [
            TITLE,
            DEADLINES_5_MAY,
            "Phiếu đăng ký: 2/4 đơn vị đã gửi; chưa gửi: CS03, CS04",
            "Đại biểu: 5 (KM 1, BCH 1, CS 2, TT 1); hội trường 150 chỗ, còn 145 chỗ",
            "Tham luận: 1/1 đã nhận",
            "Lần tổng hợp cuối: 09:00 05/05/2022 (7 giờ trước); từ đó chưa có tệp mới",
            "Kiểm tra lần trước: 1 lỗi, 1 cảnh báo (sheet “Kiểm tra” của output/tong_hop.xlsx)",
            "Việc tiếp theo: nhắc 2 đơn vị chưa gửi phiếu: sheet “Nhắc đăng ký” của "
            "output/tron_thu.xlsx.",
        ]
    )


def test_paper_sent_after_its_deadline(consolidated: Workspace) -> None:
    paper = consolidated.papers_dir / "Tham luận Đảng bộ Sở Y tế.pdf"
    paper.write_bytes(b"%PDF")
    late = datetime(2022, 5, 14, 8, 0).timestamp()
    os.utime(paper, (late, late))
    status = read_status(consolidated, today=date(2022, 5, 15))
    assert "Tham luận: 1/1 đã nhận (1 nộp muộn)" in format_status(status, now=NOW)


def test_returns_arrived_since_the_last_run(consolidated: Workspace) -> None:
    # copied from a USB stick: an old time, but the last run never read it
    drop(consolidated, "CS03 bo sung.xlsx", datetime(2022, 4, 1, 8, 0))
    drop(consolidated, "CS01.xlsx", datetime(2022, 5, 5, 10, 0))  # re-saved after the run
    (consolidated.returns_dir / "~$CS01.xlsx").write_bytes(b"lock")
    status = read_status(consolidated, today=BEFORE_DEADLINE)
    assert status.new_files == [f"{RETURNS_DIR}/CS03 bo sung.xlsx"]
    assert status.changed_files == [f"{RETURNS_DIR}/CS01.xlsx"]
    lines = format_status(status, now=NOW).splitlines()
    assert lines[-3] == (
        "Lần tổng hợp cuối: 09:00 05/05/2022 (7 giờ trước); từ đó có 1 tệp mới "
        "(CS03 bo sung.xlsx), 1 tệp đã sửa (CS01.xlsx)"
    )
    assert (
        lines[-1] == "Việc tiếp theo: tổng hợp lại: bấm tong_hop.bat (hoặc `hoithao consolidate`)."
    )


def test_returns_waiting_for_a_first_run(workspace: Workspace) -> None:
    drop(workspace, "CS01.xlsx", datetime(2022, 5, 4, 8, 0))
    assert next_step(read_status(workspace, today=BEFORE_DEADLINE)) == (
        "tổng hợp các phiếu đã nhận: bấm tong_hop.bat (hoặc `hoithao consolidate`)"
    )


def test_master_edited_since_the_last_run(consolidated: Workspace) -> None:
    later = datetime(2022, 5, 5, 11, 0).timestamp()
    os.utime(consolidated.master, (later, later))
    status = read_status(consolidated, today=BEFORE_DEADLINE)
    assert format_status(status, now=NOW).splitlines()[-3].endswith("; từ đó có sổ gốc đã sửa")
    assert next_step(status).startswith("tổng hợp lại")


@pytest.mark.parametrize(
    ("today", "summary", "expected"),
    [
        (date(2022, 5, 11), {}, "gọi điện cho 2 đơn vị chưa gửi phiếu (đã quá hạn đăng ký)"),
        (
            BEFORE_DEADLINE,
            {"units": {"summoned": 4, "returned": 4, "missing": []}},
            "gửi phiếu phản hồi trong output/phan_hoi/ cho 2 đơn vị có lỗi hoặc cảnh báo",
        ),
        (
            date(2022, 5, 13),
            {"units": {"summoned": 4, "returned": 4, "missing": []}, "issues": []},
            "nhắc đơn vị nộp tham luận: sheet “Nhắc tham luận” của output/tron_thu.xlsx",
        ),
        (
            BEFORE_DEADLINE,
            {"units": {"summoned": 4, "returned": 4, "missing": []}, "issues": []},
            "in giấy mời, thẻ đại biểu, danh sách ký tên (`hoithao merge`, `the`, `ky-ten`)",
        ),
        (date(2022, 5, 19), {}, "tổng hợp để tạo sổ điểm danh: bấm tong_hop.bat"),
    ],
)
def test_next_step(
    consolidated: Workspace, today: date, summary: dict[str, Any], expected: str
) -> None:
    write_summary(
        consolidated,
        at=datetime(2022, 5, 5, 9, 0),
        files=["CS01.xlsx", "thu_CS02.zip/phieu.xlsx"],
        **summary,
    )
    assert next_step(read_status(consolidated, today=today)) == expected


def test_next_step_on_the_day_with_a_checkin_workbook(consolidated: Workspace) -> None:
    consolidated.checkin.write_bytes(b"")
    assert next_step(read_status(consolidated, today=date(2022, 5, 19))) == (
        "điểm danh trong workbooks/diem_danh.xlsx, rồi bấm diem_danh.bat "
        "(hoặc `hoithao attendance`)"
    )


def test_over_capacity(tmp_path: Path) -> None:
    root = tmp_path / "ht"
    build_master(root / MASTER_FILE, capacity=3)
    ws = Workspace(root)
    (root / "output").mkdir()
    write_summary(ws, at=NOW, files=[])
    line = format_status(read_status(ws, today=BEFORE_DEADLINE), now=NOW).splitlines()[3]
    assert line == "Đại biểu: 5 (KM 1, BCH 1, CS 2, TT 1); hội trường 3 chỗ, VƯỢT 2 chỗ"


def test_unreadable_summary_is_not_an_error(consolidated: Workspace) -> None:
    consolidated.path(SUMMARY_JSON).write_text("{trục trặc", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(consolidated.root), "trang-thai"])
    assert result.exit_code == 0, result.output
    assert (
        "Lần tổng hợp cuối: không đọc được output/tong_hop.json; hãy tổng hợp lại\n"
        in result.stdout
    )
    assert result.stdout.endswith(
        "Việc tiếp theo: tổng hợp lại: bấm tong_hop.bat (hoặc `hoithao consolidate`).\n"
    )


def test_command_on_a_new_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    runner = CliRunner()
    folder = tmp_path / "Hội thảo mới"
    assert runner.invoke(main, ["init", str(folder)]).exit_code == 0
    result = runner.invoke(main, ["--root", str(folder), "trang-thai"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ("Tình hình hội thảo — (sổ gốc chưa ghi tên hội thảo)")
    assert result.stdout.endswith(
        "Việc tiếp theo: điền Tên hội thảo, Thời gian, Địa điểm ở sheet “Thông tin” của sổ gốc "
        "workbooks/hoi_thao.xlsx và các đơn vị ở sheet “Đơn vị”.\n"
    )
    assert sorted(p.name for p in (folder / "output").iterdir()) == []


def test_agrees_with_a_real_run(workspace: Workspace) -> None:
    write_return(
        workspace.returns_dir / "CS01.xlsx", [form_row(1, "Phạm Văn Bình")], unit_code="CS01"
    )
    write_return(workspace.returns_dir / "CS02.xlsx", [form_row(1, "Võ Thị Lan")], unit_code="CS02")
    run(workspace, today=BEFORE_DEADLINE)
    summary = json.loads(workspace.path(SUMMARY_JSON).read_text(encoding="utf-8"))
    status = read_status(workspace, today=BEFORE_DEADLINE)
    assert status.new_files == status.changed_files == []
    assert not status.master_changed
    lines = format_status(status).splitlines()
    missing = ", ".join(summary["units"]["missing"])
    assert lines[2] == f"Phiếu đăng ký: 2/4 đơn vị đã gửi; chưa gửi: {missing}"
    assert lines[3].startswith(f"Đại biểu: {len(summary['delegates'])} (KM 1, BCH 1, CS 2)")
    assert lines[5].endswith("; từ đó chưa có tệp mới")


def test_needs_no_spreadsheet_writer_nor_consolidation(consolidated: Workspace) -> None:
    """Fast by construction: the command imports no writer, no Word library, no engine."""
    heavy = ("openpyxl", "xlsxwriter", "docx", "mailmerge", "tqdm", "hoithao.run")
    _, imported = command_imports(
        consolidated.root, ["trang-thai"], [*heavy, "hoithao.engine.consolidate"]
    )
    assert imported == []
