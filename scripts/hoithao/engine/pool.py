"""The worker processes that read returns in parallel and write the outputs.

What they buy, measured on benchmarks/bench_consolidate.py's N=1,000 workspace on an otherwise
idle 2-core machine: the whole run takes 1.8 s with the pool against 2.4 s in one process (build
1.2 s against 1.4 s, writing 0.56 s against 0.95 s). The workers are started once the returns
not in the cache are known: readers of their own where there are returns to read
(engine/readers.py), and the writers' (outputs/runner.py); below PARALLEL_THRESHOLD files one
process is faster and no pool is started. Where workers are spawned (Windows, the office's PCs)
each is a new interpreter that imports the tool and its libraries, so the pool pays only for
more work (`pool_pays`); on one core, never.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from hoithao.engine.cache import ResultCache, encode_entry
from hoithao.engine.readers import PipeWorkers
from hoithao.engine.result import ReturnResult
from hoithao.intake.isolate import watch_parent
from hoithao.models import Master
from hoithao.vn.text import clear_text_caches

# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 64
# Where workers are spawned: returns to read, or files in the run, from which a pool pays.
# Measured with workers spawned on the 2-core development machine (bench_consolidate.py's
# returns, start-up included), one process against the pool: N=100 first run 0.44 against
# 0.55 s, one new return 0.30 against 0.44 s; N=300 first run 0.86 against 0.78 s, one new
# return 0.39 against 0.48 s; one new return at N=1,000 0.73 against 0.75 s, at N=3,000 1.72
# against 1.58 s. An office PC starts a process slower still: these are lower bounds.
SPAWNED_READ_THRESHOLD = 256
SPAWNED_RUN_THRESHOLD = 2_000
SERIAL_BATCH = 32  # files read, then processed, together when no pool is used


_WORKER_MASTER: Master | None = None
Job = tuple[Path, str]
# a worker's share: jobs, staff's unit overrides for them, their cache keys
Batch = tuple[list[Job], dict[str, str], list[str | None]]
# what comes back: each job's results, and their cache entry where the job has a key
Done = tuple[list[list[ReturnResult]], list[bytes | None]]


def _init_worker(master: Master | None, warm: Callable[[], None] | None = None) -> None:
    global _WORKER_MASTER
    _WORKER_MASTER = master
    gc.enable()  # forked while the build paused it (`collector_paused`): workers read returns
    signal.signal(signal.SIGINT, _on_ctrl_c)
    watch_parent()
    if warm is not None:
        warm()


def _on_ctrl_c(signum: int, frame: object) -> None:
    """Ctrl+C reaches every process of the console. The main process stops the run and says so
    in Vietnamese, then stops its workers. A worker on a plan (`working`) stops it, its temp
    files removed on the way out, and the pool sends the interruption back without a word; an
    idle one, or a reader (the main process ends readers at once), waits to be stopped: a
    KeyboardInterrupt there would print a traceback."""
    if _WORKING:
        raise KeyboardInterrupt


@contextlib.contextmanager
def working() -> Iterator[None]:
    """A plan being written in a worker: Ctrl+C stops it (`_on_ctrl_c`)."""
    global _WORKING
    _WORKING = True
    try:
        yield
    finally:
        _WORKING = False


_WORKING = False


def _process_in_worker(batch: Batch) -> Done:
    global _READ_HERE
    assert _WORKER_MASTER is not None
    jobs, overrides, keys = batch
    _READ_HERE += len(jobs)
    return _process_and_encode(jobs, _WORKER_MASTER, overrides, keys)


def _process_and_encode(
    jobs: list[Job], master: Master, overrides: dict[str, str], keys: list[str | None]
) -> Done:
    """The jobs' results, and their cache entries encoded where they were computed (by the
    workers, in parallel, on a first run): the main process only gathers and writes them."""
    from hoithao.engine.returns import process_jobs  # the readers: not needed from the cache

    grouped = process_jobs(jobs, master, overrides)
    entries = [
        None if key is None else encode_entry(key, results)
        for key, results in zip(keys, grouped, strict=True)
    ]
    return grouped, entries


def _worker_count() -> int:
    return min(os.cpu_count() or 1, 8)


class WorkerPool:
    """The run's worker processes, started once the returns not in the cache are known, so that
    they are ready when `run` hands them to the writers. `warm`: what the writers would do in
    each worker on its first plan (import their libraries, build skeletons), done once before
    the workers are forked (they inherit it) or, where they are spawned, by each as it starts.

    Where workers are forked (Linux) and there are returns to read, the writers' are forked lean
    and the returns go to readers of their own (engine/readers.py), forked just before them,
    that end once the returns are read: a worker that had read 5,000 returns kept ~75 MB, a lean
    one holds ~12 MB until its first plan (N=10,000: the peak of all processes together ~295 →
    ~280 MB). Where they are spawned (Windows), starting a process costs an interpreter and its
    imports, and the same workers read and then write."""

    def __init__(
        self, warm: Callable[[], None] | None = None, ahead: Callable[[], object] | None = None
    ) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self.warm = warm
        self.ahead = ahead  # a task for a worker as soon as it starts (`ahead_result`)
        self._ahead: Future[object] | None = None
        self._readers: PipeWorkers | None = None
        self._lean = False  # its workers cannot read (no master)

    def start(self, master: Master, *, reading: bool = False) -> ProcessPoolExecutor:
        """The writers' pool, its workers started now: while this process goes on (reading, or
        consolidating), they start on the other cores, ready for the first plan. `reading`: the
        returns' readers are forked first (where workers are forked)."""
        if self.executor is None:
            initargs: tuple[Master | None, Callable[[], None] | None] = (master, self.warm)
            if _forked():
                if reading:
                    self._fork_readers(master)
                if self.warm is not None:
                    self.warm()
                # lean, unless they must read (readers of their own could not be forked)
                self._lean = self._readers is not None or not reading
                initargs = (None if self._lean else master, None)
            self.executor = ProcessPoolExecutor(
                _worker_count(), initializer=_init_worker, initargs=initargs
            )
            # (a pool starts its workers for its first task)
            self._ahead = self.executor.submit(self.ahead if self.ahead is not None else int)
        return self.executor

    def ahead_result(self) -> object | None:
        """What `ahead` gave, if it is done and did not fail: never waited for."""
        task, self._ahead = self._ahead, None
        if self.ahead is None or task is None or not task.done() or task.cancelled():
            if task is not None:
                task.cancel()
            return None
        return task.result() if task.exception() is None else None

    def _fork_readers(self, master: Master) -> None:
        """Readers of their own, forked while this process has no other thread (no executor yet,
        no progress bar's monitor): else the writers read, as where workers are spawned."""
        if self._readers is None and threading.active_count() == 1:
            self._readers = PipeWorkers(
                _worker_count(), functools.partial(_init_reader, master), _process_in_worker
            )

    @contextlib.contextmanager
    def readers(self, master: Master) -> Iterator[Callable[[list[Batch]], Iterator[Done]]]:
        """What reads the batches, in order: the readers of their own, ended with the block;
        else the pool's workers."""
        if self.executor is None and _forked():
            self._fork_readers(master)
        readers = self._readers
        if readers is None:
            writers = self.start(master, reading=True)
            if self._lean:  # (more to read than was known when they started: read here)
                yield functools.partial(_read_here, master)
            else:
                yield functools.partial(writers.map, _process_in_worker)
            return
        try:
            yield readers.map
        finally:
            readers.close()
            self._readers = None

    def close(self) -> None:
        if self._readers is not None:
            self._readers.close()
            self._readers = None
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


def _read_here(master: Master, shares: list[Batch]) -> Iterator[Done]:
    return (_process_and_encode(jobs, master, mine, keys) for jobs, mine, keys in shares)


def _forked() -> bool:
    return multiprocessing.get_start_method() == "fork"


def pool_pays(files: int, to_read: int) -> bool:
    """Whether a run of `files` returns, `to_read` of them not in the cache, gains from worker
    processes: to read the returns, and to write the outputs. Not on one core, where a worker
    only takes turns with this process (measured on one core of this machine, N=1,000: first
    run 2.40 s with a worker against 2.09 s without, one new return 0.84 against 0.65 s)."""
    if _worker_count() < 2:
        return False
    if _forked():
        return files >= PARALLEL_THRESHOLD
    return to_read >= SPAWNED_READ_THRESHOLD or files >= SPAWNED_RUN_THRESHOLD


def _read_in_workers(to_read: int) -> bool:
    threshold = PARALLEL_THRESHOLD if _forked() else SPAWNED_READ_THRESHOLD
    return to_read >= threshold and _worker_count() >= 2


def batch_size(files: int) -> int:
    """Files per batch sent to a worker: eight batches a worker keeps the workers evenly busy."""
    return max(1, files // (_worker_count() * 8))


def process_all(
    jobs: list[Job],
    master: Master,
    *,
    progress: Callable[[int, int], None],
    pool: WorkerPool | None = None,
    overrides: dict[str, str] | None = None,
    cache: ResultCache | None = None,
) -> list[ReturnResult]:
    """Every file's result, in the order of `jobs` (path, as users see it): from the cache where
    it holds the file's result, else computed, batches of files going to worker processes.
    `overrides`: as users see a file -> the unit staff said sent it (sheet Xử lý phiếu)."""
    overrides = overrides or {}
    keys = [cache.key(p, f, overrides) if cache else None for p, f in jobs]
    done = cache.get_many(keys) if cache else [None] * len(keys)
    kept = [results for results in done if results is not None]
    progress(sum(len(r) for r in kept), len(kept))  # (first: the files left to read are known)
    todo = [i for i, results in enumerate(done) if results is None]
    if pool is not None and pool_pays(len(jobs), len(todo)):  # for the writers, and the readers
        pool.start(master, reading=_read_in_workers(len(todo)))
    for indexes, (grouped, entries) in _compute(todo, jobs, keys, master, overrides, pool):
        for i, results, entry in zip(indexes, grouped, entries, strict=True):
            done[i] = results
            key = keys[i]
            if cache is not None and key is not None and entry is not None:
                cache.add(key, entry)
        progress(sum(len(r) for r in grouped), len(indexes))
    if cache is not None:
        cache.save(keys)
    return [result for results in done if results is not None for result in results]


def _covers(file: str, shown: str) -> bool:
    """`shown` is the file itself or a member of it (a zip's or an e-mail's)."""
    return shown == file or shown.startswith(file + "/")


def _compute(
    todo: list[int],
    jobs: list[Job],
    keys: list[str | None],
    master: Master,
    overrides: dict[str, str],
    pool: WorkerPool | None,
) -> Iterator[tuple[list[int], Done]]:
    """(job indexes, their results) batch by batch; in this process for a few files, else in
    the pool's workers (`_read_in_workers`)."""

    def share(indexes: list[int]) -> Batch:
        files = [jobs[i][1] for i in indexes]
        mine = {f: u for f, u in overrides.items() if any(_covers(x, f) for x in files)}
        return ([jobs[i] for i in indexes], mine, [keys[i] for i in indexes])

    if not _read_in_workers(len(todo)):
        with _collecting():  # (a one-core PC reads every return here)
            for start in range(0, len(todo), SERIAL_BATCH):
                chunk = todo[start : start + SERIAL_BATCH]
                chunk_jobs, mine, chunk_keys = share(chunk)
                yield chunk, _process_and_encode(chunk_jobs, master, mine, chunk_keys)
        return
    size = batch_size(len(todo))
    chunks = [todo[start : start + size] for start in range(0, len(todo), size)]
    own = pool is None
    holder = pool if pool is not None else WorkerPool()
    try:
        shares = [share(chunk) for chunk in chunks]
        with holder.readers(master) as read:
            yield from zip(chunks, read(shares), strict=True)
    finally:
        if own:
            holder.close()


def _init_reader(master: Master) -> None:
    """A reader's start: what it would otherwise do on its first return (import the readers
    and the libraries they load lazily, index the master's units: ~0.08 s, measured as a fresh
    worker's first return against 1 ms for the next), done as it starts, while this process
    forks the writers. Done here, not before the fork: the writers, forked after, stay lean
    (at N=10,000 ~10 MB less at the peak of all processes together)."""
    _init_worker(master)
    import email_validator  # noqa: F401
    import phonenumbers
    import python_calamine  # noqa: F401

    from hoithao.engine import returns  # noqa: F401
    from hoithao.intake.identify import index_units

    phonenumbers.PhoneMetadata.metadata_for_region("VN")
    index_units(master)


_READ_HERE = 0  # returns this worker read (a re-run's often none, or the one new return)


def returns_read_here() -> int:
    return _READ_HERE


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """What is alive now (the Consolidation) is left out of the garbage collections until the
    block ends, so that a collection scans only what the writers make: at 10,000 returns a full
    one took ~0.1 s, and without them the main process grew by ~45 MB over its writers; each
    writer's leftovers now go back (`give_back_memory`) for a few ms."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while the block runs: the build makes no reference cycles (a full
    collection after it frees nothing), yet the collector went over its growing heap again and
    again, ~0.2 s of CPU of a re-run at 10,000 returns. Returns read in this process (a small
    run, a one-core PC) are read with the collector on (`_collecting`), and workers forked
    meanwhile collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _collecting() -> Iterator[None]:
    """Garbage collection on, even within `collector_paused`: the libraries that read a return
    make reference cycles."""
    enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()


# delegates from which a run's leftovers are worth giving back: below, they are a few MB, and
# the collections and trims cost more (~28 ms of a ~0.55 s re-run at 1,000 returns)
LARGE_RUN = 5_000


def give_back_memory(delegates: int = LARGE_RUN) -> None:
    """The text caches, the garbage, and the freed blocks glibc keeps go back to the system:
    a worker's after reading and after each big workbook (at 10,000 returns the run's peak of
    all processes together fell from ~505 to ~425 MB), the main process's after the build and
    its writers; not for a run of fewer than LARGE_RUN delegates."""
    if delegates < LARGE_RUN:
        return
    clear_text_caches()
    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
