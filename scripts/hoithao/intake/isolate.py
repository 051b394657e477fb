"""Last resort: parse a file in a child process, so that a reader that crashes or hangs
costs one file, not the run (python-calamine aborts the interpreter on some inputs). And every
child process of the tool (these, the pool's workers) ends when the process that started it dies.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from hoithao.errors import UnsafeFileError, technical
from hoithao.intake.extent import (
    Extent,
    check_book,
)

# --- last resort: parse in a child process ------------------------------------------------------
CRASHED = "tệp làm trình đọc bị lỗi"


PROBE_TIMEOUT = 30.0


PROBE_MEMORY = 2 * 1024 * 1024 * 1024


T = TypeVar("T")
PARENT_POLL_SECONDS = 1.0


def watch_parent() -> None:
    """In a child process: exit at once when the parent process dies.

    A pool worker blocked on its task queue never sees its parent die (kill -9, a closed
    console): the queue's write end lives on in its siblings, so it would wait forever, holding
    memory and open returns."""
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    sentinel = parent.sentinel if parent is not None else None
    original = os.getppid()

    def watch() -> None:
        while True:
            # the sentinel wakes us on Windows and most POSIX cases; the parent-id check covers
            # forked siblings that keep the sentinel's pipe open
            if sentinel is not None and wait([sentinel], PARENT_POLL_SECONDS):
                os._exit(1)
            if sentinel is None:
                threading.Event().wait(PARENT_POLL_SECONDS)
            if os.name != "nt" and os.getppid() != original:
                os._exit(1)

    threading.Thread(target=watch, name="hoithao-lifeline", daemon=True).start()


def answer(
    conn: Connection,
    func: Callable[[Any], object],
    arg: object,
    unsent: Callable[[Exception], Exception],
) -> None:
    """func(arg)'s outcome sent on `conn`: ("ok", value) or ("error", exception); a value or
    exception that cannot be pickled goes as unsent(the pickling error)."""
    try:
        outcome: tuple[str, object] = ("ok", func(arg))
    except Exception as exc:
        outcome = ("error", exc)
    try:
        conn.send(outcome)
    except Exception as exc:
        conn.send(("error", unsent(exc)))


def _run_child(func: Callable[[Path], object], path: Path, conn: Connection) -> None:
    watch_parent()
    answer(conn, func, path, lambda exc: UnsafeFileError(CRASHED, technical(exc)))
    conn.close()


def parse_isolated(func: Callable[[Path], T], path: Path, *, timeout: float = 60.0) -> T:
    """func(path) in a fresh process, so a parser that aborts or hangs loses only this file.

    Costs a process start (about 0.1–0.2 s), so it is a fallback, not the default path.
    Exceptions raised by func are re-raised here; a crash, a hang past `timeout` or a
    result that cannot be sent back becomes UnsafeFileError.
    """
    import multiprocessing

    if multiprocessing.current_process().daemon:  # daemonic processes may not have children
        raise UnsafeFileError(f"{CRASHED} (không tách được tiến trình đọc riêng)")
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run_child, args=(func, path, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise UnsafeFileError(f"{CRASHED} (quá {timeout:.0f} giây)")
        status, value = receiver.recv()
    except EOFError:
        child.join(5)
        raise UnsafeFileError(f"{CRASHED} (mã thoát {child.exitcode})") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if status == "error":
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]


def probe_sheets(path: Path) -> None:
    """In the child: build every sheet once, under a memory cap where the OS offers one.

    For formats whose cells cannot be scanned cheaply here (.xlsb's binary sheet parts).
    """
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (PROBE_MEMORY, PROBE_MEMORY))
    except (ImportError, ValueError, OSError):
        pass
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:  # unreadable: the reader says so with its own message
        return
    extents: list[Extent] = []
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception:  # the reader reports unreadable sheets; only size matters here
            continue
        Extent(name, extents).grow(sheet.height, sheet.width, 0)
    check_book(extents)
