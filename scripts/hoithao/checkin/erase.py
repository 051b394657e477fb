"""`hoithao xoa-du-lieu`: after the event, personal data is deleted, and the deletion recorded.

Nghị định 13/2023/NĐ-CP: personal data is kept no longer than its purpose needs. output/ is
rebuilt by every run, so it goes first, without asking; the returns and the check-in workbook
are staff's files, so they go only after the user types the event code. A line per deletion is
appended to `nhat_ky_xoa_du_lieu.txt` at the workspace's root: what was deleted, and when.
"""

from __future__ import annotations

import contextlib
import getpass
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hoithao.checkin.workbook import refuse_if_open
from hoithao.errors import write_error
from hoithao.master.read import read_master
from hoithao.workspace import MASTER_FILE, OUTPUT_DIR, RETURNS_DIR, Workspace

RECORD_FILE = "nhat_ky_xoa_du_lieu.txt"


@dataclass
class ErasePlan:
    event_code: str
    output_files: int
    returns: list[Path] = field(default_factory=list)
    checkin: Path | None = None

    @property
    def confirmation(self) -> str:
        """What the user types to confirm: the event code (XOA when the master has none)."""
        return self.event_code or "XOA"

    def personal_files(self, ws: Workspace) -> list[str]:
        """What the confirmation deletes, as the user reads it."""
        found = []
        if self.returns:
            found.append(f"{len(self.returns)} tệp phiếu đăng ký trong {RETURNS_DIR}/")
        if self.checkin is not None:
            found.append(ws.rel(self.checkin))
        return found

    def matches(self, typed: str) -> bool:
        return typed.strip().casefold() == self.confirmation.casefold()


def plan_erase(ws: Workspace) -> ErasePlan:
    code = ""
    with contextlib.suppress(Exception):  # a broken master still lets staff delete
        code = read_master(ws.master, require_essentials=False).event.event_code
    output = ws.output_dir
    files = sum(1 for p in output.rglob("*") if p.is_file()) if output.is_dir() else 0
    returns = sorted(p for p in ws.returns_dir.rglob("*") if p.is_file())
    checkin = ws.checkin if ws.checkin.is_file() else None
    return ErasePlan(code, files, returns if ws.returns_dir.is_dir() else [], checkin)


def erase_output(ws: Workspace) -> list[str]:
    """Delete output/ whole; what was deleted, as record lines."""
    output = ws.output_dir
    if not output.exists():
        return []
    count = sum(1 for p in output.rglob("*") if p.is_file()) if output.is_dir() else 1
    try:
        if output.is_dir():
            shutil.rmtree(output)
        else:
            output.unlink()
    except OSError as exc:
        raise write_error(exc, ws.rel(exc.filename or output)) from exc
    return [f"thư mục {OUTPUT_DIR}/ ({count} tệp)"]


def erase_personal_files(ws: Workspace, plan: ErasePlan) -> list[str]:
    """Delete the returns (the folder itself stays, empty) and the check-in workbook."""
    removed = []
    if plan.checkin is not None:
        refuse_if_open(plan.checkin, ws.rel(plan.checkin))
    for path in plan.returns:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise write_error(exc, ws.rel(path)) from exc
    for folder in sorted((p for p in ws.returns_dir.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()
    if plan.returns:
        removed.append(f"{len(plan.returns)} tệp phiếu đăng ký trong {RETURNS_DIR}/")
    if plan.checkin is not None:
        try:
            plan.checkin.unlink()
        except OSError as exc:
            raise write_error(exc, ws.rel(plan.checkin)) from exc
        removed.append(ws.rel(plan.checkin))
    return removed


def write_erase_record(
    ws: Workspace, plan: ErasePlan, removed: list[str], *, now: datetime | None = None
) -> str:
    """Append what was deleted and when to nhat_ky_xoa_du_lieu.txt; its workspace path."""
    when = (now or datetime.now()).strftime("%d/%m/%Y %H:%M:%S")
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some service accounts
        user = "?"
    lines = [f"{when} — hội thảo {plan.event_code or '(chưa có mã)'} — người chạy lệnh: {user}"]
    lines += [f"  Đã xoá: {item}" for item in removed] or ["  Không có gì để xoá."]
    kept = []
    if plan.returns and not any(RETURNS_DIR in item for item in removed):
        kept.append(f"{len(plan.returns)} tệp phiếu đăng ký trong {RETURNS_DIR}/")
    if plan.checkin is not None and ws.rel(plan.checkin) not in removed:
        kept.append(ws.rel(plan.checkin))
    kept.append(f"{MASTER_FILE} (sổ gốc: điện thoại, email của đơn vị và khách mời)")
    lines += [f"  Giữ lại: {item}" for item in kept]
    record = ws.path(RECORD_FILE)
    try:
        with record.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError as exc:
        raise write_error(exc, RECORD_FILE) from exc
    return RECORD_FILE
