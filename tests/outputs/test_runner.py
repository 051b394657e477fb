"""When a worker gives back what its plans left (outputs/runner.py `_in_worker`)."""

from __future__ import annotations

import os

import pytest

from hoithao.engine import pool
from hoithao.outputs import runner


def _plan(data: bytes) -> int:
    return len(data)


@pytest.fixture
def given_back(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fresh worker's state; each give-back recorded with the plan it came before."""
    calls: list[str] = []
    monkeypatch.setattr(runner, "_RELEASED", False)
    monkeypatch.setattr(runner, "_OWED", False)
    monkeypatch.setattr(runner, "give_back_memory", lambda *_: calls.append("given back"))
    return calls


def _write(func: object, size: int, calls: list[str]) -> None:
    packed = runner._pack((os.urandom(size),))  # (random bytes: the plan deflates no smaller)
    assert runner._in_worker(func, packed) == size  # type: ignore[arg-type]
    calls.append("written")


def test_a_big_plans_leftovers_go_back_before_the_next_plan_not_after_it(
    given_back: list[str],
) -> None:
    big, small = runner.LARGE_PLAN + 1000, 1000
    _write(_plan, big, given_back)
    assert given_back == ["written"]  # its result went back first
    _write(_plan, small, given_back)
    _write(_plan, small, given_back)
    assert given_back == ["written", "given back", "written", "written"]


def test_a_chunk_of_feedback_files_owes_nothing(
    given_back: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "write_feedback_files", _plan)
    _write(_plan, runner.LARGE_PLAN + 1000, given_back)
    _write(_plan, 10, given_back)
    assert given_back == ["written", "written"]


@pytest.mark.parametrize(("read", "first"), [(0, []), (1, []), (runner.MANY_READ, ["given back"])])
def test_what_reading_left_goes_back_before_the_first_plan_when_it_was_much(
    given_back: list[str], monkeypatch: pytest.MonkeyPatch, read: int, first: list[str]
) -> None:
    monkeypatch.setattr(pool, "_READ_HERE", read)
    _write(_plan, 10, given_back)
    _write(_plan, 10, given_back)
    assert given_back == [*first, "written", "written"]
