"""The worker processes that read returns in parallel, and that the writers then reuse.

What it buys, measured on benchmarks/bench_consolidate.py's N=1,000 workspace on an otherwise
idle 2-core machine: the whole run takes 1.8 s with the pool against 2.4 s in one process (build
1.2 s against 1.4 s, writing 0.56 s against 0.95 s). The pool is started once per run and handed
to the writers (outputs/runner.py), so process start-up is paid once; below PARALLEL_THRESHOLD
files one process is faster and no pool is started.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from hoithao.engine.returns import ReturnResult, process_returns
from hoithao.intake.isolate import watch_parent
from hoithao.models import Master
from hoithao.workspace import Workspace

# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 64
SERIAL_BATCH = 32  # files read, then processed, together when no pool is used


_WORKER_MASTER: Master | None = None


def _init_worker(master: Master) -> None:
    global _WORKER_MASTER
    _WORKER_MASTER = master
    watch_parent()


def _process_in_worker(
    batch: tuple[list[tuple[Path, str]], dict[str, str]],
) -> list[ReturnResult]:
    assert _WORKER_MASTER is not None
    return process_returns(batch[0], _WORKER_MASTER, batch[1])


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
    overrides: dict[str, str] | None = None,
) -> Iterator[ReturnResult]:
    """Every file's result, in the order of `paths`; batches of files go to worker processes.
    `overrides`: display path → the unit staff said sent the file (sheet Xử lý phiếu)."""
    jobs = [(p, ws.rel(p)) for p in paths]
    overrides = overrides or {}
    workers = _worker_count()
    if len(jobs) < PARALLEL_THRESHOLD or workers < 2:
        for start in range(0, len(jobs), SERIAL_BATCH):
            chunk = jobs[start : start + SERIAL_BATCH]
            batch = process_returns(chunk, master, overrides)
            yield from batch
            progress(len(batch), len(chunk))
        return
    size = batch_size(len(jobs))
    batches = [
        (chunk, {f: overrides[f] for _, f in chunk if f in overrides})
        for chunk in (jobs[start : start + size] for start in range(0, len(jobs), size))
    ]
    own = pool is None
    holder = pool if pool is not None else WorkerPool()
    try:
        for (chunk, _overrides), batch in zip(
            batches, holder.start(master).map(_process_in_worker, batches), strict=True
        ):
            yield from batch
            progress(len(batch), len(chunk))
    finally:
        if own:
            holder.close()
