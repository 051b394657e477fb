"""Every output of a consolidate run, written from one Consolidation.

With a worker pool (engine/pool.py) the two big workbooks go to the workers and the per-unit
feedback files are cut into chunks that whichever process is free takes, while this process
writes the small outputs and the new check-in workbook. At N=1,000 on 2 cores that brings the
write phase from 0.95 s (one process) to 0.56 s (benchmarks/bench_consolidate.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from hoithao.checkin.workbook import AppendDraft, drop_draft, new_append_draft, new_checkin_draft
from hoithao.models import Consolidation
from hoithao.outputs.budget import write_budget
from hoithao.outputs.compendium import write_compendium
from hoithao.outputs.feedback import (
    feedback_folder,
    finish_feedback,
    plan_feedback,
    write_feedback,
    write_feedback_files,
)
from hoithao.outputs.mailmerge import write_mailmerge
from hoithao.outputs.signin import write_signin
from hoithao.outputs.summary import write_summary_json, write_summary_xlsx
from hoithao.workspace import Workspace

T = TypeVar("T")
Writer = Callable[[Consolidation, Workspace], str]

# every writer but the check-in's, in the order their outputs are listed
WRITERS: tuple[Writer, ...] = (
    write_summary_xlsx,
    write_summary_json,
    write_feedback,
    write_mailmerge,
    write_signin,
    write_budget,
    write_compendium,
)
# with a pool, these big ones go to workers (the Consolidation is pickled to them: ~1 MB per
# 1,000 returns); the per-unit feedback files go there in chunks; the rest stay here
WRITERS_IN_WORKERS = frozenset({write_summary_xlsx, write_mailmerge})
FEEDBACK_CHUNKS = 16


def write_outputs(
    c: Consolidation, ws: Workspace, executor: ProcessPoolExecutor | None
) -> tuple[list[str], Path | AppendDraft | None]:
    """Every output but the check-in workbook: (paths written, check-in draft or None).

    Without a pool (small runs) the writers run one after the other in this process."""
    if executor is None:
        return [write(c, ws) for write in WRITERS], None
    return _write_in_parallel(c, ws, executor)


def _write_in_parallel(
    c: Consolidation, ws: Workspace, executor: ProcessPoolExecutor
) -> tuple[list[str], Path | AppendDraft | None]:
    """The writers spread over the pool and this process: the two big workbooks go to the
    workers first, the feedback files after them in chunks; this process writes the small
    outputs and the check-in workbook, new or appended to, as a draft for `run` to place
    last, then writes the feedback chunks no worker has started. Every writer runs even if
    another fails; then the first failure in WRITERS order is raised, as the serial order
    would. Returns the outputs and the check-in draft (None: nothing to append, or it failed)."""
    outcomes: dict[Writer, Future[str]] = {
        write: executor.submit(write, c, ws) for write in WRITERS if write in WRITERS_IN_WORKERS
    }
    files = plan_feedback(c)
    folder = feedback_folder(ws)
    chunks = [files[i::FEEDBACK_CHUNKS] for i in range(FEEDBACK_CHUNKS)]
    chunks = [chunk for chunk in chunks if chunk]
    pending = [executor.submit(write_feedback_files, chunk, folder) for chunk in chunks]
    for write in WRITERS:
        if write not in WRITERS_IN_WORKERS and write is not write_feedback:
            outcomes[write] = _run_here(write, c, ws)
    draft: Path | AppendDraft | None = None
    with contextlib.suppress(Exception):  # a failed draft is left to update_checkin to word
        exists = ws.checkin.exists()
        draft = new_append_draft(c, ws) if exists else new_checkin_draft(c, ws)
    for i in reversed(range(len(chunks))):  # the chunks no worker has started yet
        if pending[i].cancel():
            pending[i] = _run_here(write_feedback_files, chunks[i], folder)
    failed = next((f.exception() for f in pending if f.exception() is not None), None)
    if failed is None:
        outcomes[write_feedback] = _run_here(finish_feedback, files, ws)
    else:
        outcomes[write_feedback] = _failed(failed)
    try:
        return [outcomes[write].result() for write in WRITERS], draft
    except BaseException:
        drop_draft(draft)
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
