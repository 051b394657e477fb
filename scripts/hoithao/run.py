"""`hoithao consolidate`: build the Consolidation (engine), write every output, then the
check-in workbook, and say in Vietnamese what happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from time import perf_counter

from hoithao.checkin.workbook import place_checkin_draft, update_checkin
from hoithao.engine.consolidate import build
from hoithao.engine.pool import WorkerPool
from hoithao.models import Consolidation
from hoithao.outputs.feedback import prepare_feedback
from hoithao.outputs.runner import write_outputs
from hoithao.outputs.vocab import ISSUES_SHEET
from hoithao.workspace import SUMMARY_XLSX, Workspace


@dataclass
class RunResult:
    consolidation: Consolidation
    outputs: list[str]


def run(ws: Workspace, *, today: date | None = None, progress: bool = False) -> RunResult:
    """build + every writer; the outputs listed are workspace-relative.

    The check-in workbook comes last: it is the one file staff may hold open during the event,
    and a lock on it must not keep the other outputs from being written.
    """
    prepare_feedback()  # likewise the feedback skeleton
    pool = WorkerPool()
    draft: Path | None = None
    try:
        consolidation = build(ws, today=today, progress=progress, pool=pool)
        started = perf_counter()
        outputs, draft = write_outputs(consolidation, ws, pool.executor)
    except BaseException:
        pool.close()
        if draft is not None:
            draft.unlink(missing_ok=True)
        raise
    pool.close()
    if draft is not None:
        outputs.append(place_checkin_draft(draft, consolidation, ws))
    else:  # serial, a re-run, or the draft failed: the usual way (which words any failure)
        outputs.append(update_checkin(consolidation, ws))
    consolidation.timings["write"] = perf_counter() - started
    return RunResult(consolidation, outputs)


def format_summary(result: RunResult, ws: Workspace) -> str:
    """The Vietnamese summary printed at the end of `hoithao consolidate`."""
    c = result.consolidation
    files, rows, levels = c.file_counts(), c.row_counts(), c.issue_counts()
    summoned = c.master.summoned_grassroots()
    returned = sum(1 for u in summoned if u.code in c.returned)
    capacity = c.master.event.hall_capacity
    lines = [
        f"Tổng hợp phiếu đăng ký — {c.master.event.title}",
        f"Tệp: {files['found']} tìm thấy, {files['consolidated']} đã tổng hợp, "
        f"{files['superseded']} bị thay thế, {files['rejected']} bị loại, "
        f"{files['skipped']} bỏ qua",
        f"Dòng: {rows['read']} đọc = {rows['accepted']} nhận + {rows['rejected']} loại + "
        f"{rows['ignored']} bỏ qua",
        f"Đơn vị: {returned}/{len(summoned)} đã gửi phiếu ({len(summoned) - returned} chưa gửi)",
        f"Đại biểu: {len(c.registered)} đăng ký + {len(c.invitees)} khách mời = "
        f"{len(c.delegates)}" + (f" (sức chứa hội trường {capacity})" if capacity else ""),
        f"Kiểm tra: {levels['error']} lỗi, {levels['warning']} cảnh báo, "
        f"{levels['info']} thông tin — xem sheet “{ISSUES_SHEET}” của {SUMMARY_XLSX}",
        "Kết quả: " + ", ".join(result.outputs),
    ]
    return "\n".join(lines)
