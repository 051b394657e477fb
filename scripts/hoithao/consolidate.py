"""The one command: read every return, keep the latest per unit, merge, check, write everything.

`build(ws)` computes a Consolidation without writing; `run(ws)` builds and calls every writer.
Each file is processed on its own (returns.process_returns, a batch at a time) and the batches
are spread over worker processes; the outputs are written from the same pool.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from time import perf_counter
from typing import TypeVar

from . import vocab
from .issues import FileLog, Issue
from .master import read_master
from .models import Delegate, Master, Unit
from .normalize import (
    role_rank,
)
from .papers import PaperStatus, check_papers, track_papers
from .read import find_returns
from .returns import ReturnResult, delegate_id, process_returns
from .validate import (
    check_capacity,
    check_cross_unit_duplicates,
    check_missing_units,
    check_quota,
)
from .vnsort import name_key
from .vntext import fold
from .workspace import Workspace

# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 64
SERIAL_BATCH = 32  # files read, then processed, together when no pool is used
T = TypeVar("T")
LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Consolidation:
    master: Master
    delegates: list[Delegate]
    issues: list[Issue]
    file_log: list[FileLog]
    papers: list[PaperStatus]
    returned: set[str]
    today: date
    # seconds per phase (read and process summed over files, so CPU time when run in parallel)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def missing_units(self) -> list[Unit]:
        return [u for u in self.master.summoned_grassroots() if u.code not in self.returned]

    @property
    def registered(self) -> list[Delegate]:
        return [d for d in self.delegates if not d.is_invitee]

    @property
    def invitees(self) -> list[Delegate]:
        return [d for d in self.delegates if d.is_invitee]

    def file_counts(self) -> dict[str, int]:
        counts = {"found": len(self.file_log)}
        for status in ("consolidated", "superseded", "rejected", "skipped"):
            counts[status] = sum(1 for f in self.file_log if f.status == status)
        return counts

    def row_counts(self) -> dict[str, int]:
        used = [f for f in self.file_log if f.status == "consolidated"]
        return {
            "read": sum(f.rows_read for f in used),
            "accepted": sum(f.rows_accepted for f in used),
            "rejected": sum(f.rows_rejected for f in used),
            "ignored": sum(f.rows_ignored for f in used),
        }

    def issue_counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for issue in self.issues:
            counts[issue.level] += 1
        return counts

    def to_json(self) -> dict[str, object]:
        summoned = self.master.summoned_grassroots()
        return {
            "event": self.master.event.event_code,
            "files": self.file_counts(),
            "rows": self.row_counts(),
            "units": {
                "summoned": len(summoned),
                "returned": sum(1 for u in summoned if u.code in self.returned),
                "missing": [u.code for u in self.missing_units],
            },
            "delegates": [d.to_json() for d in self.delegates],
            "issues": [i.to_json() for i in self.issues],
            "file_log": [f.to_json() for f in self.file_log],
        }


# --- all returns --------------------------------------------------------------------------------
_WORKER_MASTER: Master | None = None


def _init_worker(master: Master) -> None:
    global _WORKER_MASTER
    _WORKER_MASTER = master


def _process_in_worker(jobs: list[tuple[Path, str]]) -> list[ReturnResult]:
    assert _WORKER_MASTER is not None
    return process_returns(jobs, _WORKER_MASTER)


def _worker_count() -> int:
    return min(os.cpu_count() or 1, 8)


class WorkerPool:
    """The run's worker processes: started for the first large batch of returns, then reused by
    `run` for the writers, so that the process start-up is paid once."""

    def __init__(self) -> None:
        self.executor: ProcessPoolExecutor | None = None

    def start(self, master: Master) -> ProcessPoolExecutor:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                _worker_count(), initializer=_init_worker, initargs=(master,)
            )
        return self.executor

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


def batch_size(files: int) -> int:
    """Files per batch sent to a worker: eight batches a worker keeps the workers evenly busy."""
    return max(1, files // (_worker_count() * 8))


def process_all(
    paths: list[Path],
    master: Master,
    ws: Workspace,
    *,
    progress: Callable[[int, int], None],
    pool: WorkerPool | None = None,
) -> Iterator[ReturnResult]:
    """Every file's result, in the order of `paths`; batches of files go to worker processes."""
    jobs = [(p, ws.rel(p)) for p in paths]
    workers = _worker_count()
    if len(jobs) < PARALLEL_THRESHOLD or workers < 2:
        for start in range(0, len(jobs), SERIAL_BATCH):
            chunk = jobs[start : start + SERIAL_BATCH]
            batch = process_returns(chunk, master)
            yield from batch
            progress(len(batch), len(chunk))
        return
    size = batch_size(len(jobs))
    batches = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    own = pool is None
    holder = pool if pool is not None else WorkerPool()
    try:
        for chunk, batch in zip(
            batches, holder.start(master).map(_process_in_worker, batches), strict=True
        ):
            yield from batch
            progress(len(batch), len(chunk))
    finally:
        if own:
            holder.close()


def _pick_latest(results: list[ReturnResult]) -> list[ReturnResult]:
    """Later return wins per unit; the others are marked superseded (F04)."""
    by_unit: dict[str, list[ReturnResult]] = {}
    for result in results:
        if result.log.status == "consolidated" and result.unit_code:
            by_unit.setdefault(result.unit_code, []).append(result)
    for group in by_unit.values():
        group.sort(key=lambda r: (r.dated, r.log.path))
        winner = group[-1]
        for loser in group[:-1]:
            loser.log.status = "superseded"
            loser.log.note = f"thay bằng {winner.log.path}"
            loser.delegates = []
            loser.issues = [
                Issue(
                    "F04",
                    f"Đơn vị đã gửi phiếu mới hơn ({winner.log.path}, ngày "
                    f"{winner.dated[0]:%d/%m/%Y}); phiếu này không được dùng.",
                    unit=loser.unit_code or "",
                    file=loser.log.path,
                )
            ]
    return results


def invitee_delegates(master: Master) -> list[Delegate]:
    delegates = []
    for invitee in master.invitees:
        key = f"{invitee.category}|{fold(invitee.organisation)}"
        delegates.append(
            Delegate(
                id=delegate_id(invitee.category or "KM", f"{invitee.full_name}|{key}"),
                full_name=invitee.full_name,
                gender=invitee.gender,
                party_role="",
                job_title=invitee.title,
                unit_code="",
                unit_name=invitee.organisation,
                category=invitee.category,
                phone=invitee.phone,
                email=invitee.email,
                is_invitee=True,
                order=invitee.row,
            )
        )
    return delegates


def protocol_order(delegates: list[Delegate], master: Master) -> list[Delegate]:
    """By category; named invitees in master order; others by unit, party role, then name."""
    category_rank = {code: i for i, code in enumerate(master.categories)}
    unit_rank = {code: i for i, code in enumerate(master.units)}

    def key(d: Delegate) -> tuple[object, ...]:
        head = (category_rank.get(d.category, len(category_rank)), not d.is_invitee)
        if d.is_invitee:
            return (*head, d.order)
        return (
            *head,
            unit_rank.get(d.unit_code, 0),
            role_rank(d.party_role),
            name_key(d.full_name),
        )

    return sorted(delegates, key=key)


def _issue_order(issue: Issue) -> tuple[object, ...]:
    return (not issue.file, issue.file, issue.row or 0, LEVEL_ORDER[issue.level], issue.code)


def build(
    ws: Workspace,
    *,
    today: date | None = None,
    progress: bool = False,
    pool: WorkerPool | None = None,
) -> Consolidation:
    started = perf_counter()
    master = read_master(ws.master, display_path=ws.rel(ws.master))
    paths, skipped = find_returns(ws.returns_dir)
    logs: list[FileLog] = []
    issues: list[Issue] = []
    for item in skipped:
        display = ws.rel(item.path)
        logs.append(FileLog(display, status="skipped", note=item.reason))
        issues.append(Issue("F05", f"Bỏ qua tệp: {item.reason}.", file=display))

    from tqdm import tqdm

    # the bar counts what the summary calls files found: skipped ones are done at once, and a
    # zip or e-mail adds the returns it holds
    with tqdm(
        total=len(paths) + len(skipped),
        initial=len(skipped),
        desc="Đọc phiếu",
        unit=" tệp",
        disable=not progress,
        leave=False,
    ) as bar:

        def advance(results: int, files: int) -> None:
            bar.total += results - files
            bar.update(results)

        results = list(process_all(paths, master, ws, progress=advance, pool=pool))
    _pick_latest(results)

    delegates: list[Delegate] = []
    for result in results:
        logs.append(result.log)
        issues.extend(result.issues)
        delegates.extend(result.delegates)
    returned = {r.unit_code for r in results if r.log.status == "consolidated" and r.unit_code}

    quota_issues = list(check_quota(protocol_order(delegates, master), master))
    duplicate_issues = list(check_cross_unit_duplicates(delegates))
    flagged: dict[str, set[str]] = {}
    for issue in quota_issues + duplicate_issues:
        flagged.setdefault(f"{issue.file}!{issue.row}", set()).add(issue.code)
    for delegate in delegates:
        delegate.warnings.extend(sorted(flagged.get(delegate.source, ())))
    issues.extend(quota_issues + duplicate_issues)

    for delegate in delegates:
        if master.units.get(delegate.unit_code, None) and master.units[delegate.unit_code].parent:
            # printed lists (badges, sign-in, attendance) must say whose sub-unit it is
            delegate.unit_name = master.unit_full_name(delegate.unit_code)
    everyone = protocol_order(delegates + invitee_delegates(master), master)
    today = today or date.today()
    papers = track_papers(master, ws.papers_dir, today=today, rel=ws.rel)
    issues.extend(check_missing_units(master, returned))
    issues.extend(check_papers(papers))
    issues.extend(check_capacity(master, len(everyone)))
    issues.sort(key=_issue_order)
    logs.sort(key=lambda f: f.path)
    timings = {
        "read": sum(r.read_seconds for r in results),
        "process": sum(r.process_seconds for r in results),
        "build": perf_counter() - started,
    }
    return Consolidation(master, everyone, issues, logs, papers, returned, today, timings)


# --- run and report -----------------------------------------------------------------------------
@dataclass
class RunResult:
    consolidation: Consolidation
    outputs: list[str]


# (module, function) of every writer but the check-in, in the order their outputs are listed
WRITERS = (
    ("summary", "write_summary_xlsx"),
    ("summary", "write_summary_json"),
    ("feedback", "write_feedback"),
    ("mailmerge", "write_mailmerge"),
    ("signin", "write_signin"),
    ("budget", "write_budget"),
    ("compendium", "write_compendium"),
)
# with a pool, these big ones go to workers (the Consolidation is pickled to them: ~1 MB per
# 1,000 returns); the per-unit feedback files go there in chunks; the rest stay here
WRITERS_IN_WORKERS = frozenset({"write_summary_xlsx", "write_mailmerge"})
FEEDBACK_CHUNKS = 16


def _writer(module: str, name: str) -> Callable[[Consolidation, Workspace], str]:
    return getattr(importlib.import_module(f".{module}", __package__), name)  # type: ignore[no-any-return]


def _call_writer(module: str, name: str, c: Consolidation, ws: Workspace) -> str:
    return _writer(module, name)(c, ws)


def run(ws: Workspace, *, today: date | None = None, progress: bool = False) -> RunResult:
    """build + every writer; the outputs listed are workspace-relative.

    The check-in workbook comes last: it is the one file staff may hold open during the event,
    and a lock on it must not keep the other outputs from being written.
    """
    from .checkin import place_checkin_draft, update_checkin

    for module, _name in WRITERS:  # imported before the pool forks, so workers inherit them
        importlib.import_module(f".{module}", __package__)
    from .feedback import prepare_feedback

    prepare_feedback()  # likewise the feedback skeleton
    pool = WorkerPool()
    draft: Path | None = None
    try:
        consolidation = build(ws, today=today, progress=progress, pool=pool)
        started = perf_counter()
        if pool.executor is None:
            outputs = [_writer(m, n)(consolidation, ws) for m, n in WRITERS]
        else:
            outputs, draft = _write_in_parallel(consolidation, ws, pool.executor)
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


def _write_in_parallel(
    c: Consolidation, ws: Workspace, executor: ProcessPoolExecutor
) -> tuple[list[str], Path | None]:
    """The writers spread over the pool and this process: the two big workbooks go to the
    workers first, the feedback files after them in chunks; this process writes the small
    outputs and, on a first run, the new check-in workbook (as a draft for `run` to place),
    then writes the feedback chunks no worker has started. Every writer runs even if another
    fails; then the first failure in WRITERS order is raised, as the serial order would.
    Returns the outputs and the check-in draft (None on a re-run or if it failed)."""
    from .checkin import new_checkin_draft
    from .feedback import feedback_folder, finish_feedback, plan_feedback, write_feedback_files

    outcomes: dict[str, Future[str]] = {
        name: executor.submit(_call_writer, module, name, c, ws)
        for module, name in WRITERS
        if name in WRITERS_IN_WORKERS
    }
    files = plan_feedback(c)
    folder = feedback_folder(ws)
    chunks = [files[i::FEEDBACK_CHUNKS] for i in range(FEEDBACK_CHUNKS)]
    chunks = [chunk for chunk in chunks if chunk]
    pending = [executor.submit(write_feedback_files, chunk, folder) for chunk in chunks]
    for module, name in WRITERS:
        if name not in WRITERS_IN_WORKERS and name != "write_feedback":
            outcomes[name] = _run_here(_call_writer, module, name, c, ws)
    draft = None
    if not ws.checkin.exists():  # a failed draft is left to update_checkin, which words it
        with contextlib.suppress(Exception):
            draft = new_checkin_draft(c, ws)
    for i in reversed(range(len(chunks))):  # the chunks no worker has started yet
        if pending[i].cancel():
            pending[i] = _run_here(write_feedback_files, chunks[i], folder)
    failed = next((f.exception() for f in pending if f.exception() is not None), None)
    if failed is None:
        outcomes["write_feedback"] = _run_here(finish_feedback, files, ws)
    else:
        outcomes["write_feedback"] = _failed(failed)
    try:
        return [outcomes[name].result() for _module, name in WRITERS], draft
    except BaseException:
        if draft is not None:
            draft.unlink(missing_ok=True)
        raise


def _run_here(func: Callable[..., T], *args: object) -> Future[T]:
    """func(*args) in this process, its outcome (value or exception) kept like a worker's."""
    future: Future[T] = Future()
    try:
        future.set_result(func(*args))
    except Exception as exc:
        future.set_exception(exc)
    return future


def _failed(exc: BaseException) -> Future[str]:
    future: Future[str] = Future()
    future.set_exception(exc)
    return future


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
        f"{levels['info']} thông tin — xem sheet “{vocab.ISSUES_SHEET}” của {vocab.SUMMARY_XLSX}",
        "Kết quả: " + ", ".join(result.outputs),
    ]
    return "\n".join(lines)
