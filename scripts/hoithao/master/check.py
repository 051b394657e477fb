"""What a master must hold before anything goes out, and what documents miss when left blank.

Without the event's name, time and venue, or without units, every invitation and form would go
out empty: the run stops and says which rows to fill. Deadlines, the signer and the issuing body
may stay blank for a while (staff fill them later), but the documents then print dots in their
place: each one is a warning (M01) in sheet Kiểm tra and a note on the console.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time

from hoithao.errors import MasterError
from hoithao.issues import Issue
from hoithao.master.vocab import INFO_ROWS, INFO_VALUE, SHEET_INFO, SHEET_UNITS, UNIT_COLUMNS
from hoithao.models import Master

ESSENTIAL = ("title", "starts_at", "venue")
# what the documents print, and where a blank shows
DOCUMENT_NEEDS = {
    "plan_number": "giấy mời ghi “Kế hoạch số …”",
    "organiser": "phần tên cơ quan ở đầu giấy mời, phiếu để trống",
    "registration_deadline": "phiếu đăng ký ghi “Hạn gửi phiếu: …”",
    "paper_deadline": "phân công tham luận không có hạn gửi",
    "signer": "giấy mời không có tên người ký",
    "signer_title": "giấy mời không có chức vụ người ký",
}


def _where(key: str, rows: Mapping[str, int]) -> str:
    label = INFO_ROWS[key]
    if key in rows:
        return f"“{label}” (dòng {rows[key]})"
    return f"“{label}” (chưa có dòng này)"


def check_essentials(master: Master, rows: Mapping[str, int], display: str) -> None:
    """MasterError naming every missing essential at once: name, time, venue, units."""
    event = master.event
    missing = [key for key in ESSENTIAL if not getattr(event, key)]
    problems = []
    if missing:
        problems.append(
            f"sheet “{SHEET_INFO}” chưa điền "
            + ", ".join(_where(key, rows) for key in missing)
            + f" ở cột “{INFO_VALUE}”"
        )
    if not master.units:
        problems.append(
            f"sheet “{SHEET_UNITS}” chưa có đơn vị nào (mỗi dòng một chi bộ, đảng bộ: "
            f"{UNIT_COLUMNS['code']}, {UNIT_COLUMNS['name']}, "
            f"{UNIT_COLUMNS['kind']})"
        )
    if problems:
        raise MasterError(
            f"Sổ gốc {display} chưa đủ thông tin để chạy: "
            + "; ".join(problems)
            + ". Hãy điền rồi chạy lại."
        )


def master_notes(master: Master, rows: Mapping[str, int]) -> list[tuple[str, str]]:
    """(row label, what the documents will show) for every blank a document needs."""
    event = master.event
    notes = []
    for key, effect in DOCUMENT_NEEDS.items():
        if key == "paper_deadline" and (
            not master.papers or all(p.deadline for p in master.papers)
        ):
            continue
        if not getattr(event, key):
            notes.append((key, f"{_where(key, rows)} để trống: {effect}"))
    starts = event.starts_at
    if starts is not None and starts.time() == time():
        notes.append(
            (
                "starts_at",
                f"{_where('starts_at', rows)} chỉ có ngày, chưa có giờ "
                "(ví dụ 07:30 19/05/2022): giấy mời sẽ không ghi giờ khai mạc",
            )
        )
    return notes


def master_issues(master: Master, rows: Mapping[str, int], display: str) -> list[Issue]:
    """The notes as M01 issues, so that sheet Kiểm tra and the JSON list them."""
    return [
        Issue(
            "M01",
            f"Sổ gốc: {text}.",
            file=display,
            row=rows.get(key),
            field=INFO_ROWS[key],
        )
        for key, text in master_notes(master, rows)
    ]
