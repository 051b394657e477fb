"""Every output of a consolidate run, written from one Consolidation.

With a worker pool (engine/pool.py) the write phase is spread without sending the Consolidation
anywhere: this process turns the costliest outputs into plain plans (the summary workbook's rows,
the check-in rows, the per-unit feedback files in chunks) and sends each as soon as it is made;
the workers write those while this process writes the JSON, the mail-merge and sign-in
workbooks and the small outputs, then takes any plan no worker has started. At 10,000 returns
each worker that received the Consolidation grew to ~250 MB; a plan is a fraction of that. The
summary workbook (~1.2 s of CPU at 10,000 returns) was written here while the workers waited: a
re-run after one new return took 6.2 s, now 5.0 s (benchmarks/bench_consolidate.py)."""

from __future__ import annotations

import contextlib
import pickle
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from hoithao.checkin.append import AppendPrep
from hoithao.checkin.workbook import AppendDraft, checkin_plan, draft_checkin, drop_draft
from hoithao.engine.pool import give_back_memory, returns_read_here, working
from hoithao.models import Consolidation
from hoithao.outputs.budget import write_budget
from hoithao.outputs.compendium import write_compendium
from hoithao.outputs.feedback import (
    FeedbackFile,
    feedback_folder,
    feedback_written,
    plan_feedback,
    prepare_feedback,
    tidy_feedback,
    write_feedback,
    write_feedback_files,
    write_mailing_sheet,
)
from hoithao.outputs.mailmerge import write_mailmerge
from hoithao.outputs.signin import write_signin
from hoithao.outputs.summary import (
    summary_plan,
    write_summary_json,
    write_summary_plan,
    write_summary_xlsx,
)
from hoithao.workspace import Workspace
from hoithao.xlsx.fastrows import probe as probe_fastrows

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
# writers a worker can run from a plan this process makes: writer -> (plan, write the plan)
# (the mail-merge and sign-in workbooks are this process's share: it writes them while the
# workers write the summary and check-in, each plan made only then and let go after; sent to the
# workers too, all plans were held at once: ~40 MB more at 10,000 returns, no faster)
PLANNED: dict[Writer, tuple[Callable[[Consolidation], object], Callable[..., str]]] = {
    write_summary_xlsx: (summary_plan, write_summary_plan),
}
FEEDBACK_CHUNKS = 16
# a plan (deflated) from which what its workbook left is given back: one of ~2,000 returns
# (`give_back_memory`'s LARGE_RUN); a smaller one leaves a few MB
LARGE_PLAN = 256 * 1024
# returns read by a worker from which what reading left is worth giving back: a worker that
# read the one new return of a re-run has little to give back, and a collection of its heap
# (the master, the readers' modules) cost it ~0.15 s at 10,000 units
MANY_READ = 256


def write_outputs(
    c: Consolidation,
    ws: Workspace,
    executor: ProcessPoolExecutor | None,
    prep: AppendPrep | None = None,
) -> tuple[list[str], Path | AppendDraft | None]:
    """Every output but the check-in workbook: (paths written, check-in draft or None).
    `prep`: what a worker read ahead of the check-in workbook (`read_ahead`).

    Without a pool (small runs) the writers run one after the other in this process."""
    if executor is None:
        return [write(c, ws) for write in WRITERS], None
    return _write_in_parallel(c, ws, executor, prep)


def prepare_writers() -> None:
    """What a worker would otherwise do on its first plan (~60 ms): this module imports every
    writer and xlsxwriter; the feedback files' skeleton is built and the fast row writer's probe
    run (engine/pool.py's `warm`)."""
    prepare_feedback()
    probe_fastrows()


def _in_worker(func: Callable[..., T], packed: bytes) -> T:
    """A plan written in a worker. What reading many returns left in the worker is let go
    before its first plan; what a big workbook left, before the next plan, not after it (its
    result goes back first: a worker's last plan then ends sooner, and it gives back nothing
    as it is about to end). Not after a chunk of feedback files."""
    global _RELEASED, _OWED
    if _OWED or (not _RELEASED and returns_read_here() >= MANY_READ):
        give_back_memory()
    _RELEASED, _OWED = True, False
    try:
        with working():
            return _written_here(func, packed)
    finally:
        _OWED = func is not write_feedback_files and len(packed) >= LARGE_PLAN


def _pack(args: tuple[object, ...]) -> bytes:
    """A plan's arguments as the pool sends them, deflated: the pool keeps what it was given
    until the plan is written, and the plans' rows kept whole held ~17 MB of this process at
    N=10,000 through the write phase (~3 MB deflated, ~0.05 s)."""
    return zlib.compress(pickle.dumps(args, pickle.HIGHEST_PROTOCOL), 1)


def _unpack(packed: bytes) -> tuple[object, ...]:
    return pickle.loads(zlib.decompress(packed))  # type: ignore[no-any-return]  # (our own)


def _written_here(func: Callable[..., T], packed: bytes) -> T:
    return func(*_unpack(packed))


_RELEASED = False  # what reading left was given back (or was little)
_OWED = False  # the last plan was big: what it left goes back before the next


def _write_in_parallel(
    c: Consolidation, ws: Workspace, executor: ProcessPoolExecutor, prep: AppendPrep | None
) -> tuple[list[str], Path | AppendDraft | None]:
    """The plans go to the workers, the summary and check-in first (the costliest), the feedback
    files last in chunks; this process writes the writers that need the whole Consolidation,
    then any plan not started. Every writer runs even if another fails; then the first failure
    in WRITERS order is raised, as the serial order would. Returns the outputs and the check-in
    draft (None: nothing to append, or it failed: `run` then updates the workbook the usual
    way, which words any failure)."""
    planned = [write for write in WRITERS if write in PLANNED]
    files = plan_feedback(c)
    plans: list[tuple[Callable[..., object], bytes]] = []
    pending: list[Future[object]] = []
    try:
        for func, args in _plans(c, ws, planned, files, prep):  # each sent as soon as it is made
            packed = _pack(args)
            del args
            plans.append((func, packed))
            pending.append(executor.submit(_in_worker, func, packed))
        return _gather(c, ws, planned, files, plans, pending)
    except BaseException:  # a plan not made, a writer failed, Ctrl+C: no draft in workbooks/
        for (func, _), done in zip(plans, pending, strict=True):
            if func is draft_checkin and not done.cancel():
                with contextlib.suppress(BaseException):  # (waits for it: workers finish)
                    drop_draft(done.result())  # type: ignore[arg-type]
        raise


def _gather(
    c: Consolidation,
    ws: Workspace,
    planned: list[Writer],
    files: list[FeedbackFile],
    plans: list[tuple[Callable[..., object], bytes]],
    pending: list[Future[object]],
) -> tuple[list[str], Path | AppendDraft | None]:
    """This process's writers, then the plans no worker has started, then the feedback files'
    mail-merge sheet while the workers finish, then every outcome."""
    outcomes: dict[Writer, Future[str]] = {}
    for write in WRITERS:
        if write not in PLANNED and write is not write_feedback:
            outcomes[write] = _run_here(write, c, ws)
            give_back_memory(len(c.delegates))  # (cheap: `run` keeps the Consolidation out of GC)
    for i in reversed(range(len(plans))):  # the plans no worker has started yet
        if pending[i].cancel():
            func, packed = plans[i]
            pending[i] = _run_here(_written_here, func, packed)
    planned_done, chunks_done, draft_done = [], [], None
    for (func, _), done in zip(plans, pending, strict=True):
        if func is draft_checkin:
            draft_done = done
        elif func is write_feedback_files:
            chunks_done.append(done)
        else:
            planned_done.append(done)
    outcomes.update(zip(planned, planned_done, strict=True))  # type: ignore[arg-type]
    mailing = _run_here(write_mailing_sheet, files, ws)  # while the workers finish
    failed = next((e for f in [mailing, *chunks_done] if (e := f.exception()) is not None), None)
    if failed is None:
        outcomes[write_feedback] = _run_here(tidy_feedback, files, ws)
    else:
        outcomes[write_feedback] = _failed(failed)
    draft = None
    with contextlib.suppress(Exception):  # a failed draft is left to update_checkin to word
        draft = draft_done.result() if draft_done is not None else None
    return [outcomes[write].result() for write in WRITERS], draft  # type: ignore[return-value]


def _plans(
    c: Consolidation,
    ws: Workspace,
    planned: list[Writer],
    files: list[FeedbackFile],
    prep: AppendPrep | None,
) -> Iterator[tuple[Callable[..., object], tuple[object, ...]]]:
    """(write, its arguments): the planned writers' (the summary, the costliest) and the
    check-in's first, then the feedback files in chunks, which this process takes from the end
    when no worker has started them."""
    for write in planned:
        make, write_plan = PLANNED[write]
        yield write_plan, (make(c), ws)
    yield draft_checkin, (checkin_plan(c, prep), ws)
    folder = feedback_folder(ws)
    written = feedback_written(ws)
    for i in range(FEEDBACK_CHUNKS):
        chunk = files[i::FEEDBACK_CHUNKS]
        if chunk:
            kept = {f.name: written[f.name] for f in chunk if f.name in written}
            yield write_feedback_files, (chunk, folder, kept)


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
