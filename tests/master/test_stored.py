"""Issue 18: the master kept as JSON between runs comes back as it was read, and a text that is
no master of ours is refused."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoithao.master.read import read_master
from hoithao.master.stored import OddMasterError, master_from_json, master_json
from hoithao.models import Category, Event, Master, Unit
from hoithao.workspace import MASTER_FILE, Workspace

TEXT = st.text(max_size=20)
EVENTS = st.builds(
    Event,
    event_code=TEXT,
    title=TEXT,
    starts_at=st.one_of(st.none(), st.datetimes(min_value=datetime(1990, 1, 1))),
    hall_capacity=st.one_of(st.none(), st.integers(0, 10_000)),
    registration_deadline=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1))),
)
UNITS = st.lists(
    st.builds(Unit, code=TEXT, name=TEXT, kind=TEXT, summoned=st.booleans(), row=st.integers(0)),
    max_size=4,
)
CATEGORIES = st.lists(
    st.builds(
        Category,
        code=TEXT,
        name=TEXT,
        unit_kinds=st.tuples(TEXT, TEXT),
        quota=st.one_of(st.none(), st.integers(0, 99)),
    ),
    max_size=3,
)


def test_the_sample_master_comes_back_as_it_was_read(workspace: Workspace) -> None:
    master = read_master(workspace.root / MASTER_FILE)
    assert master_from_json(master_json(master)) == master


@given(event=EVENTS, units=UNITS, categories=CATEGORIES)
def test_any_master_comes_back_as_it_was(
    event: Event, units: list[Unit], categories: list[Category]
) -> None:
    master = Master(
        event=event,
        units={u.code: u for u in units},
        categories={c.code: c for c in categories},
        info_rows={"title": 3},
    )
    again = master_from_json(master_json(master))
    assert again == master
    assert [type(c.unit_kinds) for c in again.categories.values()] == [tuple] * len(
        master.categories
    )


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        '{"c": "Unit", "v": ["CS01", "x", "y", "", true, "", "", "", 1]}',  # a unit, no master
        '{"c": "Path", "v": ["/etc"]}',  # a class it does not keep
        '{"c": "Event", "v": ["a"]}',  # fields of another version
        '{"z": 1}',
        "{",
    ],
)
def test_a_text_that_is_no_master_of_ours_is_refused(text: str) -> None:
    with pytest.raises((OddMasterError, json.JSONDecodeError)):  # (both ValueErrors)
        master_from_json(text)


def test_a_value_it_cannot_keep_is_refused(tmp_path: Path) -> None:
    odd: dict[str, object] = {"p": tmp_path}  # a path: no value of a master read from Excel
    master = Master(event=Event("HT", "x"), units={}, categories={}, info_rows=odd)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        master_json(master)
