"""output/bao_cao_tham_du.docx: the attendance report to sign, a Party document per HD 36."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from hoithao.checkin.attendance import compute_attendance
from hoithao.checkin.vocab import ATTENDANCE_DOCX, ATTENDANCE_JSON, ATTENDANCE_XLSX
from hoithao.outputs.attendance_doc import write_attendance_outputs
from hoithao.outputs.vocab import DOC_REPORT_NUMBER
from hoithao.workspace import Workspace

from ..checkin.test_attendance import make_workspace, mark


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


def _docx_lines(path: Path) -> list[str]:
    """Every paragraph of a Word document, table cells included, in reading order."""
    document = Document(str(path))
    body = document.element.body
    return [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in body.iter(qn("w:p"))
        if any((t.text or "").strip() for t in p.iter(qn("w:t")))
    ]


def test_report_to_sign_follows_hd36(ws: Workspace) -> None:
    mark(ws, {0: {"Có mặt": "x"}, 1: {"Vắng có lý do": "x", "Lý do": "Ốm"}, 2: {"Có mặt": "x"}})
    write_attendance_outputs(compute_attendance(ws), ws)
    lines = _docx_lines(ws.root / ATTENDANCE_DOCX)
    assert lines[:5] == [
        "ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN",
        "*",
        DOC_REPORT_NUMBER,
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    ]
    # no `Ngày ký` in the master: blanks for the signer, the event's year
    assert lines[5] == "Bình Định, ngày    tháng    năm 2022"
    assert lines[6] == "BÁO CÁO"
    assert lines[7].startswith("kết quả tham dự Hội thảo")
    assert "- Tổng số đại biểu triệu tập: 8 đồng chí." in lines
    assert "- Có mặt: 2 đồng chí (25,0%)." in lines
    assert "- Vắng có lý do: 1 đồng chí (12,5%)." in lines
    absentees = lines[lines.index("3. Đại biểu vắng mặt") :]
    bình = absentees.index("Nguyễn Văn Bình")
    assert absentees[bình + 1 : bình + 3] == ["Ban Tổ chức Tỉnh ủy", "Ốm"]
    assert absentees.count("Không có lý do") == 5
    assert lines[-4:] == [
        "- Lưu Văn phòng, Ban Tổ chức.",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "Nguyễn Văn Thành",
    ]


def test_attendance_command_writes_the_report_too(ws: Workspace) -> None:
    outputs = write_attendance_outputs(compute_attendance(ws), ws)
    assert outputs == [ATTENDANCE_XLSX, ATTENDANCE_JSON, ATTENDANCE_DOCX]
    assert (ws.root / ATTENDANCE_DOCX).stat().st_size > 0
