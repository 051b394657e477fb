"""Forked worker processes fed through pipes, with no thread in this process.

A ProcessPoolExecutor starts threads in this process once its workers are forked, and forking a
process whose other threads may hold a lock can leave the child stuck on it (Python 3.12 warns of
it). When a run needs two sets of workers (engine/pool.py: the returns' readers, then the
writers'), the readers are these: forked first, while this process has no other thread, and
given their work over pipes from this thread alone.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from hoithao.intake.isolate import answer

JOIN_SECONDS = 5.0
_ENDED = "A worker process ended while it had work (a crash, or it was killed)."


class PipeWorkers:
    """`count` forked processes, each running `initialize()` once, then `work(item)` for each
    item it is sent, until it is told to stop."""

    def __init__(
        self, count: int, initialize: Callable[[], None], work: Callable[[Any], Any]
    ) -> None:
        context = multiprocessing.get_context("fork")
        self._workers: list[tuple[BaseProcess, Connection]] = []
        self._busy: dict[Connection, int] = {}  # a worker's end -> the item it is on
        for _ in range(count):
            mine, theirs = context.Pipe()
            # not daemonic: a reader may start a process of its own (intake/isolate.py)
            process = context.Process(target=_serve, args=(theirs, initialize, work))
            process.start()
            theirs.close()
            self._workers.append((process, mine))
        # before multiprocessing, at exit, waits for its children: a reader waits for work
        atexit.register(self.close)

    def map(self, items: Sequence[Any]) -> Iterator[Any]:
        """work(item) for each item, in their order, each item sent to the next free worker.
        A worker's exception is raised here; a worker that ends raises BrokenProcessPool."""
        waiting = list(reversed(range(len(items))))
        finished: dict[int, Any] = {}
        ends = {process.sentinel for process, _ in self._workers}

        def feed(conn: Connection) -> None:
            if waiting:
                index = waiting.pop()
                try:
                    conn.send(items[index])
                except OSError:  # its end is closed: the worker ended
                    raise BrokenProcessPool(_ENDED) from None
                self._busy[conn] = index

        for _, conn in self._workers:
            feed(conn)
        for wanted in range(len(items)):
            while wanted not in finished:
                for ready in wait([*self._busy, *ends]):
                    if ready in ends:
                        raise BrokenProcessPool(_ENDED)
                    assert isinstance(ready, Connection)
                    try:
                        status, value = ready.recv()
                    except (EOFError, OSError):
                        raise BrokenProcessPool(_ENDED) from None
                    index = self._busy.pop(ready)
                    if status == "error":
                        raise value
                    finished[index] = value
                    feed(ready)
            yield finished.pop(wanted)

    def close(self) -> None:
        """Idle workers are told to stop, busy ones (an error cut the map short) stopped."""
        atexit.unregister(self.close)
        for process, conn in self._workers:
            if conn in self._busy:
                process.terminate()
            else:
                with contextlib.suppress(OSError):
                    conn.send(None)
        for process, conn in self._workers:
            process.join(JOIN_SECONDS)
            if process.is_alive():
                process.kill()
                process.join()
            conn.close()
        self._workers.clear()
        self._busy.clear()


def _serve(conn: Connection, initialize: Callable[[], None], work: Callable[[Any], Any]) -> None:
    initialize()
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        answer(conn, work, item, lambda exc: RuntimeError(f"{type(exc).__name__}: {exc}"))
