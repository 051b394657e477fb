"""`hoithao consolidate`: build the Consolidation (engine), write every output, then the
check-in workbook, and say in Vietnamese what happened.

The engine, the writers and their libraries are imported by the functions that run: a re-run
with nothing new, the office's most common, replays the last answer having imported only what
its key needs (~0.07 s less of its ~0.2 s here; more where imports are slower, on Windows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

from hoithao.engine.digests import FileDigests
from hoithao.engine.unchanged import (
    forget_outputs,
    forget_run,
    inputs_key,
    outputs_digest,
    remember_outputs,
    remember_run,
    replayed_summary,
    unchanged_outputs,
)
from hoithao.outputs.vocab import CHANGES_SHEET, ISSUES_SHEET
from hoithao.workspace import CACHE_DIR, HISTORY_DIR, SUMMARY_XLSX, Workspace

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from hoithao.checkin.workbook import AppendDraft
    from hoithao.engine.pool import WorkerPool
    from hoithao.models import Changes, Consolidation


@dataclass
class RunResult:
    consolidation: Consolidation
    outputs: list[str]
    outputs_digest: str = ""


@dataclass
class Answer:
    """What `hoithao consolidate` prints, and its phase timings (HOITHAO_TIMINGS)."""

    summary: str
    timings: dict[str, float]


def consolidate(ws: Workspace, *, progress: bool = False, reuse: bool = True) -> Answer:
    """`hoithao consolidate`: a run, or, when nothing it reads changed since the last one and
    its outputs are as it left them, that run's answer (engine/unchanged.py): the office
    re-runs many times a day, most often with nothing new."""
    started = perf_counter()
    # each file hashed once: for this key, then the results' keys; not at all if unchanged
    digests = FileDigests(ws.path(CACHE_DIR))
    key = inputs_key(ws, date.today(), digests)
    digests.keep()
    summary = replayed_summary(ws, key) if reuse else None
    if summary is not None:
        return Answer(summary, {"replayed": 1.0, "build": perf_counter() - started})
    hashed = perf_counter() - started
    forget_run(ws)
    result = run(ws, progress=progress, digests=digests)
    summary = format_summary(result, ws)
    if reuse:
        remember_run(ws, key, result.outputs_digest, summary)
    return Answer(summary, result.consolidation.timings | {"inputs": hashed})


def run(
    ws: Workspace,
    *,
    today: date | None = None,
    progress: bool = False,
    now: datetime | None = None,
    digests: FileDigests | None = None,
) -> RunResult:
    """build + every writer; the outputs listed are workspace-relative.

    The check-in workbook comes last: it is the one file staff may hold open during the event,
    and a lock on it must not keep the other outputs from being written.
    """
    from hoithao.checkin.workbook import read_ahead
    from hoithao.engine.cache import ResultCache
    from hoithao.engine.consolidate import build
    from hoithao.engine.pool import WorkerPool, collector_paused, frozen_heap, give_back_memory
    from hoithao.outputs.runner import prepare_writers

    pool = WorkerPool(warm=prepare_writers, ahead=read_ahead(ws))
    try:
        cache = ResultCache.open(ws, digests)
        with collector_paused():
            consolidation = build(ws, today=today, progress=progress, pool=pool, cache=cache)
    except BaseException:
        pool.close()
        raise
    # what reading left (results, cache entries, snapshots): ~40 MB at 10,000 returns
    give_back_memory(len(consolidation.delegates))
    with frozen_heap():
        return _write_everything(consolidation, ws, pool, now)


def _write_everything(
    consolidation: Consolidation, ws: Workspace, pool: WorkerPool, now: datetime | None
) -> RunResult:
    from hoithao.checkin.append import AppendPrep
    from hoithao.checkin.workbook import (
        AppendDraft,
        drop_draft,
        place_append_draft,
        place_checkin_draft,
        update_checkin,
    )
    from hoithao.engine.history import save_snapshot
    from hoithao.outputs.runner import prepare_writers, write_outputs

    draft: Path | AppendDraft | None = None
    try:
        started = perf_counter()
        digest = outputs_digest(consolidation, ws)
        kept = unchanged_outputs(ws, digest)
        if kept is None:
            prepare_writers()  # (done already if the pool started)
            forget_outputs(ws)
            executor = writers_pool(pool, consolidation)
            prep = pool.ahead_result()
            outputs, draft = write_outputs(
                consolidation, ws, executor, prep if isinstance(prep, AppendPrep) else None
            )
            remember_outputs(ws, digest, outputs)
        else:  # nothing they are made from changed, and they are as the last run left them
            outputs = list(kept)
    except BaseException:
        pool.close()
        drop_draft(draft)
        raise
    pool.close()
    if isinstance(draft, AppendDraft):
        outputs.append(place_append_draft(draft, consolidation, ws))
    elif draft is not None:
        outputs.append(place_checkin_draft(draft, consolidation, ws))
    else:  # serial, nothing to append, or the draft failed: the usual way (words any failure)
        outputs.append(update_checkin(consolidation, ws))
    if consolidation.pending_snapshot is not None:  # kept once every output is written
        save_snapshot(ws, consolidation.pending_snapshot, now or datetime.now())
    consolidation.timings["write"] = perf_counter() - started
    return RunResult(consolidation, outputs, digest)


def writers_pool(pool: WorkerPool, c: Consolidation) -> ProcessPoolExecutor | None:
    """The pool that read the returns; when they all came from the cache, one started for the
    writers if the run is large enough to gain from it."""
    from hoithao.engine.pool import pool_pays

    if pool.executor is None and pool_pays(len(c.file_log), 0):
        return pool.start(c.master)
    return pool.executor


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
        change_line(c.changes),
        "Kết quả: " + ", ".join(result.outputs),
    ]
    lines += [f"Lưu ý: {i.message}" for i in c.issues if i.code == "M01"]
    return "\n".join(lines)


def change_line(changes: Changes) -> str:
    """One line: what changed since the earlier result (DESIGN §9)."""
    if changes.since is None:
        return (
            "Thay đổi: lần tổng hợp đầu tiên, chưa có kết quả trước để so sánh "
            f"(các lần sau so với bản lưu trong {HISTORY_DIR}/)"
        )
    head = f"Thay đổi so với lần tổng hợp {changes.since:%H:%M %d/%m/%Y}: "
    if not changes.count:
        return head + "không có"
    parts = [
        f"{len(changes.added)} thêm",
        f"{len(changes.removed)} rút",
        f"{len({d['id'] for d, *_ in changes.changed})} sửa",
    ]
    units = [
        f"{len(changes.units_returned)} đơn vị mới gửi",
        f"{len(changes.units_withdrawn)} đơn vị rút phiếu",
    ]
    return head + ", ".join(parts) + "; " + ", ".join(units) + f" — xem sheet “{CHANGES_SHEET}”"


@dataclass
class ChangeReport:
    changes: Changes
    consolidation: Consolidation
    output: str


def report_changes(
    ws: Workspace, since: str | None = None, *, today: date | None = None
) -> ChangeReport:
    """`hoithao thay-doi`: today's result against an earlier snapshot (a date or a file in
    output/lich_su/; by default the previous result), written to output/thay_doi.xlsx. The
    returns' results come from the cache where it holds them, as for `consolidate`."""
    from hoithao.engine.cache import ResultCache
    from hoithao.engine.consolidate import build
    from hoithao.engine.history import compare, current_snapshot, find_snapshot
    from hoithao.outputs.changes import write_changes_xlsx

    c = build(ws, today=today, cache=ResultCache.open(ws))
    changes = c.changes
    if since:
        changes = compare(find_snapshot(ws, since), current_snapshot(c.delegates, c.returned))
    return ChangeReport(changes, c, write_changes_xlsx(changes, c.master, ws))


def format_changes(report: ChangeReport, *, limit: int = 40) -> str:
    """The report as lines for the console: the summary line, then one line per change."""
    from hoithao.outputs.changes import change_rows

    changes = report.changes
    lines = [change_line(report.changes).replace(f" — xem sheet “{CHANGES_SHEET}”", "")]
    rows = list(change_rows(changes, report.consolidation.master))
    for kind, code, name, unit, what, old, new, _file in rows[:limit]:
        who = " ".join(filter(None, [code, name]))
        detail = f": {what} “{old}” → “{new}”" if what else ""
        lines.append(f"  {kind}: {who} — {unit}{detail}" if who else f"  {kind}: {unit}")
    if len(rows) > limit:
        lines.append(f"  … và {len(rows) - limit} thay đổi khác")
    lines.append(f"Chi tiết: {report.output}")
    return "\n".join(lines)
