"""Forked workers fed through pipes: answers in order, failures raised, nothing left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

import hoithao
from hoithao.engine.readers import PipeWorkers

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="workers forked (Linux)"
)
STARTED: list[str] = []


def _initialize() -> None:
    STARTED.append("ready")


def _square_slowly(n: int) -> tuple[int, int, bool, list[str]]:
    time.sleep(0.002 * (n % 3))  # answers come back out of order
    return n * n, os.getpid(), multiprocessing.current_process().daemon, STARTED


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("Phiếu hỏng: Nguyễn Văn An")
    return n


def _pid(_: int) -> int:
    return os.getpid()


def _hang_on_one(n: int) -> int:
    if n == 1:
        time.sleep(600)
    return n


def test_answers_come_in_the_order_of_the_items() -> None:
    workers = PipeWorkers(2, _initialize, _square_slowly)
    try:
        answers = list(workers.map(list(range(20))))
    finally:
        workers.close()
    assert [square for square, *_ in answers] == [n * n for n in range(20)]
    assert len({pid for _, pid, *_ in answers}) == 2
    assert all(started == ["ready"] for *_, started in answers)  # initialized once each
    assert not any(daemon for _, _, daemon, _ in answers)  # may start a process of its own
    assert multiprocessing.active_children() == []


def test_a_workers_exception_is_raised_here_and_the_workers_end() -> None:
    workers = PipeWorkers(2, _initialize, _fail_on_three)
    try:
        with pytest.raises(ValueError, match="Nguyễn Văn An"):
            list(workers.map(list(range(8))))
    finally:
        workers.close()
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_breaks_the_map() -> None:
    workers = PipeWorkers(2, _initialize, _pid)
    try:
        pids = list(workers.map([0, 1, 2, 3]))
        os.kill(pids[0], signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            list(workers.map(list(range(4))))
    finally:
        workers.close()
    assert multiprocessing.active_children() == []


def test_busy_workers_are_stopped_when_the_map_is_cut_short() -> None:
    workers = PipeWorkers(2, _initialize, _hang_on_one)
    answers = workers.map([0, 1, 2])
    assert next(answers) == 0  # item 1's worker is still on it
    answers.close()
    workers.close()
    assert multiprocessing.active_children() == []


def _unpicklable(n: int) -> object:
    return lambda: n


def test_an_answer_that_cannot_be_sent_is_raised_as_an_error() -> None:
    workers = PipeWorkers(1, _initialize, _unpicklable)
    try:
        with pytest.raises(RuntimeError, match="pickle"):
            list(workers.map([1]))
    finally:
        workers.close()
    assert multiprocessing.active_children() == []


def test_a_process_that_forgets_its_workers_still_exits() -> None:
    """Without close(), multiprocessing would wait at exit for workers that wait for work."""
    script = textwrap.dedent(
        """
        from hoithao.engine.readers import PipeWorkers
        workers = PipeWorkers(2, lambda: None, abs)
        print(list(workers.map([-1, -2])))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(hoithao.__file__).parents[1])}
    done = subprocess.run(  # a bound on the wait, not a speed assertion
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (0, "[1, 2]\n")
