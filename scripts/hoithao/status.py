"""`hoithao trang-thai`: where the event stands, in a few lines, without consolidating.

It reads only the master, the last run's `output/tong_hop.json` and the folders' listings, so it
answers in a blink on any workspace, also one never consolidated, and tells the next step.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from hoithao.engine.papers import track_papers
from hoithao.master.check import ESSENTIAL
from hoithao.master.read import read_master
from hoithao.master.vocab import INFO_ROWS, SHEET_INFO, SHEET_UNITS
from hoithao.models import Master, PaperStatus
from hoithao.outputs.vocab import ISSUES_SHEET
from hoithao.workspace import (
    CHECKIN_FILE,
    FEEDBACK_OUT_DIR,
    FORMS_OUT_DIR,
    MASTER_FILE,
    RETURNS_DIR,
    SUMMARY_JSON,
    SUMMARY_XLSX,
    Workspace,
)

LAUNCHER_FORMS = "tao_phieu.bat"
LAUNCHER_CONSOLIDATE = "tong_hop.bat"
LAUNCHER_ATTENDANCE = "diem_danh.bat"
_SHOWN = 12  # unit codes or file names listed on one line before "…"


@dataclass
class LastRun:
    """What the last `consolidate` left in output/tong_hop.json."""

    at: datetime
    summoned: int
    missing: list[str]
    categories: Counter[str]
    errors: int
    warnings: int
    units_with_problems: set[str]
    logged: set[str]  # workspace-relative paths of the returns it read
    event_code: str = ""


@dataclass
class Status:
    master: Master
    today: date
    summoned: list[str]
    returns_found: list[str]
    last_run: LastRun | None
    unreadable_summary: bool
    new_files: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)
    master_changed: bool = False
    forms_made: bool = False
    checkin_exists: bool = False
    papers: list[PaperStatus] = field(default_factory=list)


def _listing(folder: Path, ws: Workspace) -> dict[str, float]:
    """Workspace-relative path → mtime of every return staff dropped in (no lock/hidden files)."""
    if not folder.is_dir():
        return {}
    return {
        ws.rel(p): p.stat().st_mtime
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(("~$", "."))
    }


def _read_last_run(path: Path) -> LastRun:
    data = json.loads(path.read_text(encoding="utf-8"))
    units = data["units"]
    issues = data.get("issues", [])
    levels = Counter(issue.get("level") for issue in issues)
    return LastRun(
        at=datetime.fromtimestamp(path.stat().st_mtime),
        summoned=int(units["summoned"]),
        missing=list(units["missing"]),
        categories=Counter(d.get("category", "") for d in data.get("delegates", [])),
        errors=levels["error"],
        warnings=levels["warning"],
        units_with_problems={
            i["unit"] for i in issues if i.get("unit") and i.get("level") in {"error", "warning"}
        },
        # a return inside a container is logged as "<container>/<inner name>"
        logged={entry["path"] for entry in data.get("file_log", [])},
        event_code=str(data.get("event", "")),
    )


def _is_logged(path: str, logged: set[str]) -> bool:
    return path in logged or any(entry.startswith(f"{path}/") for entry in logged)


def read_status(ws: Workspace, *, today: date | None = None) -> Status:
    """Gather the figures; a missing or unreadable summary only means "not consolidated yet"."""
    master = read_master(ws.master, require_essentials=False)  # a new master is a stage too
    today = today or date.today()
    listing = _listing(ws.returns_dir, ws)
    last_run, unreadable = None, False
    summary = ws.path(SUMMARY_JSON)
    if summary.is_file():
        try:
            last_run = _read_last_run(summary)
        except (OSError, ValueError, KeyError, TypeError):
            unreadable = True
    status = Status(
        master=master,
        today=today,
        summoned=[u.code for u in master.summoned_grassroots()],
        returns_found=sorted(listing),
        last_run=last_run,
        unreadable_summary=unreadable,
        forms_made=ws.path(FORMS_OUT_DIR).is_dir(),
        checkin_exists=ws.checkin.is_file(),
        papers=track_papers(master, ws.papers_dir, today=today, rel=ws.rel),
    )
    if last_run is not None:
        stamp = last_run.at.timestamp()
        # copying keeps a file's time, so a return is "new" when the last run did not read it
        status.new_files = [p for p in sorted(listing) if not _is_logged(p, last_run.logged)]
        status.changed_files = [
            p for p in sorted(listing) if p not in status.new_files and listing[p] > stamp
        ]
        status.master_changed = ws.master.stat().st_mtime > stamp
    return status


def _codes(codes: list[str]) -> str:
    shown = ", ".join(codes[:_SHOWN])
    return shown + (f" và {len(codes) - _SHOWN} đơn vị khác" if len(codes) > _SHOWN else "")


def _files(paths: list[str]) -> str:
    names = [Path(p).name for p in paths]
    shown = ", ".join(names[:_SHOWN])
    return shown + (f" và {len(names) - _SHOWN} tệp khác" if len(names) > _SHOWN else "")


def _days(label: str, day: date | None, today: date) -> str:
    if day is None:
        return f"{label}: chưa ghi trong sổ gốc"
    left = (day - today).days
    if left > 0:
        when = f"còn {left} ngày"
    elif left == 0:
        when = "hôm nay"
    else:
        when = f"đã qua {-left} ngày"
    return f"{label} {day:%d/%m/%Y}: {when}"


def _ago(moment: datetime, now: datetime) -> str:
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return "vừa xong"
    if minutes < 60:
        return f"{minutes} phút trước"
    if minutes < 48 * 60:
        return f"{minutes // 60} giờ trước"
    return f"{minutes // (24 * 60)} ngày trước"


def _returns_line(s: Status) -> str:
    total = len(s.summoned)
    if s.last_run is None:
        return (
            f"Phiếu đăng ký: chưa tổng hợp lần nào; {len(s.returns_found)} tệp trong "
            f"{RETURNS_DIR}/, {total} đơn vị được triệu tập"
        )
    missing = [c for c in s.last_run.missing if c in s.summoned]
    line = f"Phiếu đăng ký: {total - len(missing)}/{total} đơn vị đã gửi"
    return line + (f"; chưa gửi: {_codes(missing)}" if missing else "; đủ cả")


def _delegates_line(s: Status) -> str:
    capacity = s.master.event.hall_capacity
    if s.last_run is None:
        counts = Counter(i.category for i in s.master.invitees)
        head = f"Đại biểu: chưa tổng hợp; {sum(counts.values())} khách mời đích danh"
    else:
        counts = s.last_run.categories
        order = sorted(counts, key=lambda code: _category_order(s.master, code))
        parts = ", ".join(f"{code or '?'} {counts[code]}" for code in order)
        head = f"Đại biểu: {sum(counts.values())}" + (f" ({parts})" if parts else "")
    if not capacity:
        return head + "; sức chứa hội trường chưa ghi trong sổ gốc"
    free = capacity - sum(counts.values())
    room = f"còn {free} chỗ" if free >= 0 else f"VƯỢT {-free} chỗ"
    return head + f"; hội trường {capacity} chỗ, {room}"


def _category_order(master: Master, code: str) -> tuple[int, str]:
    category = master.categories.get(code)
    return (category.row if category else 10**6, code)


def _papers_line(s: Status) -> str | None:
    if not s.papers:
        return None
    received = [p for p in s.papers if p.is_received]
    after = sum(1 for p in received if p.state == "received_late")
    late = [p.unit.code for p in s.papers if p.state == "late"]
    pending = sum(1 for p in s.papers if p.state == "pending")
    line = f"Tham luận: {len(received)}/{len(s.papers)} đã nhận"
    if after:
        line += f" ({after} nộp muộn)"
    if pending:
        line += f"; {pending} chưa đến hạn"
    if late:
        line += f"; quá hạn chưa nộp: {_codes(late)}"
    return line


def _run_line(s: Status, now: datetime) -> str:
    if s.unreadable_summary:
        return f"Lần tổng hợp cuối: không đọc được {SUMMARY_JSON}; hãy tổng hợp lại"
    if s.last_run is None:
        return "Lần tổng hợp cuối: chưa tổng hợp lần nào"
    line = f"Lần tổng hợp cuối: {s.last_run.at:%H:%M %d/%m/%Y} ({_ago(s.last_run.at, now)})"
    news = []
    if s.new_files:
        news.append(f"{len(s.new_files)} tệp mới ({_files(s.new_files)})")
    if s.changed_files:
        news.append(f"{len(s.changed_files)} tệp đã sửa ({_files(s.changed_files)})")
    if s.master_changed:
        news.append("sổ gốc đã sửa")
    return line + ("; từ đó có " + ", ".join(news) if news else "; từ đó chưa có tệp mới")


def next_step(s: Status) -> str:
    """The one thing to do now, with the launcher to double-click and the command behind it."""
    event = s.master.event
    blanks = [INFO_ROWS[key] for key in ESSENTIAL if not getattr(event, key)]
    if blanks:
        return f"điền {', '.join(blanks)} ở sheet “{SHEET_INFO}” của sổ gốc {MASTER_FILE}" + (
            f" và các đơn vị ở sheet “{SHEET_UNITS}”" if not s.master.units else ""
        )
    if not s.summoned:
        return f"điền sheet “{SHEET_UNITS}” của sổ gốc {MASTER_FILE}"
    stale = s.unreadable_summary or bool(s.new_files or s.changed_files or s.master_changed)
    if s.last_run is None and not s.returns_found:
        if not s.forms_made:
            return f"tạo phiếu đăng ký gửi đơn vị: bấm {LAUNCHER_FORMS} (hoặc `hoithao forms`)"
        return f"chờ đơn vị gửi phiếu, lưu tệp vào {RETURNS_DIR}/ rồi bấm {LAUNCHER_CONSOLIDATE}"
    if s.last_run is None and not s.unreadable_summary:
        return (
            f"tổng hợp các phiếu đã nhận: bấm {LAUNCHER_CONSOLIDATE} (hoặc `hoithao consolidate`)"
        )
    if s.last_run is None or stale:
        return f"tổng hợp lại: bấm {LAUNCHER_CONSOLIDATE} (hoặc `hoithao consolidate`)"
    event_day = event.starts_at.date() if event.starts_at else None
    if event_day and s.today >= event_day:
        if s.checkin_exists:
            return (
                f"điểm danh trong {CHECKIN_FILE}, rồi bấm {LAUNCHER_ATTENDANCE} "
                "(hoặc `hoithao attendance`)"
            )
        return f"tổng hợp để tạo sổ điểm danh: bấm {LAUNCHER_CONSOLIDATE}"
    missing = [c for c in s.last_run.missing if c in s.summoned]
    deadline = event.registration_deadline
    if missing and deadline and s.today > deadline:
        return f"gọi điện cho {len(missing)} đơn vị chưa gửi phiếu (đã quá hạn đăng ký)"
    if missing:
        return (
            f"nhắc {len(missing)} đơn vị chưa gửi phiếu: sheet “Nhắc đăng ký” của "
            "output/tron_thu.xlsx"
        )
    if s.last_run.units_with_problems:
        count = len(s.last_run.units_with_problems)
        return (
            f"gửi phiếu phản hồi trong {FEEDBACK_OUT_DIR}/ cho {count} đơn vị có lỗi hoặc cảnh báo"
        )
    if any(p.state == "late" for p in s.papers):
        return "nhắc đơn vị nộp tham luận: sheet “Nhắc tham luận” của output/tron_thu.xlsx"
    return "in giấy mời, thẻ đại biểu, danh sách ký tên (`hoithao merge`, `the`, `ky-ten`)"


def format_status(s: Status, *, now: datetime | None = None) -> str:
    """The few lines `hoithao trang-thai` prints."""
    now = now or datetime.now()
    event = s.master.event
    starts = event.starts_at.date() if event.starts_at else None
    deadlines = "; ".join(
        [
            _days("Hạn đăng ký", event.registration_deadline, s.today),
            _days("hạn tham luận", event.paper_deadline, s.today),
            _days("hội thảo", starts, s.today),
        ]
    )
    lines = [
        f"Tình hình hội thảo — {event.title or '(sổ gốc chưa ghi tên hội thảo)'}",
        f"Hôm nay {s.today:%d/%m/%Y}. {deadlines}",
        _returns_line(s),
        _delegates_line(s),
        _papers_line(s),
        _run_line(s, now),
    ]
    if s.last_run and s.last_run.event_code and s.last_run.event_code != event.event_code:
        lines.append(
            f"Lưu ý: {SUMMARY_JSON} là của hội thảo {s.last_run.event_code}, "
            f"không phải {event.event_code}"
        )
    if s.last_run and (s.last_run.errors or s.last_run.warnings):
        lines.append(
            f"Kiểm tra lần trước: {s.last_run.errors} lỗi, {s.last_run.warnings} cảnh báo "
            f"(sheet “{ISSUES_SHEET}” của {SUMMARY_XLSX})"
        )
    lines.append(f"Việc tiếp theo: {next_step(s)}.")
    return "\n".join(line for line in lines if line)
