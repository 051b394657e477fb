"""Several days of returns on one workspace: snapshots, the change report, stable delegate codes."""

from __future__ import annotations

import json
from datetime import datetime
from unittest.mock import patch

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from hoithao.cli import main
from hoithao.engine import history
from hoithao.engine.history import (
    FIELDS,
    Snapshot,
    compare,
    json_bytes,
    list_snapshots,
    reuse_ids,
    unit_family,
)
from hoithao.master.read import read_master
from hoithao.models import Delegate
from hoithao.outputs.vocab import CHANGE_COLUMNS, CHANGES_SHEET
from hoithao.workspace import CHANGES_XLSX, HISTORY_DIR, SUMMARY_XLSX, Workspace

from ..conftest import form_row
from ..scenario import Stream

DAY1 = datetime(2022, 5, 5, 16, 30)
DAY2 = datetime(2022, 5, 6, 16, 30)
DAY3 = datetime(2022, 5, 9, 16, 30)
DAY4 = datetime(2022, 5, 10, 16, 30)


def by_name(day: dict) -> dict[str, dict]:
    return {d["full_name"]: d for d in day["delegates"] if d["unit_code"]}


def ids(day: dict) -> set[str]:
    return {d["id"] for d in day["delegates"]}


@pytest.fixture
def stream(workspace: Workspace) -> Stream:
    return Stream(workspace)


def test_a_fortnight_of_returns(workspace: Workspace, stream: Stream) -> None:
    # day 1: two units answer
    stream.add(
        "CS01.xlsx",
        [form_row(1, "Nguyễn Văn Hunng"), form_row(2, "Trần Thị Mai", "Phó Bí thư")],
        unit_code="CS01",
        mtime=DAY1,
        saved=DAY1,
    )
    stream.add("CS02.xlsx", [form_row(1, "Lê Văn Tám")], unit_code="CS02", mtime=DAY1, saved=DAY1)
    day1 = stream.day(DAY1)
    assert day1["changes"] == {
        "since": None,
        "added": [],
        "removed": [],
        "changed": [],
        "units_returned": [],
        "units_withdrawn": [],
    }
    assert [p.name for _, p in list_snapshots(workspace)] == ["2022-05-05_163000.json"]
    first = {name: d["id"] for name, d in by_name(day1).items()}

    # day 2: CS01 corrects a name's spelling, a phone and a role; CS03 answers; staff e-mail
    # attachments were saved this morning, so every file time is today
    stream.add(
        "CS01 (sửa lại).xlsx",
        [
            form_row(1, "Nguyễn Văn Hưng", phone="0987654321"),
            form_row(2, "Trần Thị Mai", "Bí thư"),
        ],
        unit_code="CS01",
        mtime=DAY2,
        saved=DAY2,
    )
    stream.add("CS03.xlsx", [form_row(1, "Phạm Văn Năm")], unit_code="CS03", mtime=DAY2)
    day2 = stream.day(DAY2)
    people = by_name(day2)
    assert people["Nguyễn Văn Hưng"]["id"] == first["Nguyễn Văn Hunng"]  # badge still valid
    assert people["Trần Thị Mai"]["id"] == first["Trần Thị Mai"]
    changes = day2["changes"]
    assert changes["since"] == DAY1.isoformat()
    assert changes["added"] == [people["Phạm Văn Năm"]["id"]]
    assert changes["removed"] == []
    assert changes["units_returned"] == ["CS03"]
    assert sorted((c["field"], c["old"], c["new"]) for c in changes["changed"]) == [
        ("full_name", "Nguyễn Văn Hunng", "Nguyễn Văn Hưng"),
        ("party_role", "Phó Bí thư", "Bí thư"),
        ("phone", "0912345678", "0987654321"),
    ]

    # the same day, run again with nothing new: no new snapshot, the report still says what
    # changed since yesterday
    again = stream.day(DAY2.replace(hour=17))
    assert again["changes"] == changes
    assert len(list_snapshots(workspace)) == 2

    # day 3: CS02 sends a supplement, CS03 replaces its only delegate, a new person in CS01
    # carries the misspelt name the corrected delegate had: a new code, never the old badge's
    stream.add("CS02 bo sung.xlsx", [form_row(1, "Đỗ Thị Hoa", "Phó Bí thư")], mtime=DAY3)
    stream.add("CS03 moi.xlsx", [form_row(1, "Võ Văn Sáu")], unit_code="CS03", mtime=DAY3)
    stream.add(
        "CS01 lan 3.xlsx",
        [
            form_row(1, "Nguyễn Văn Hưng", phone="0987654321"),
            form_row(2, "Trần Thị Mai", "Bí thư"),
            form_row(3, "Nguyễn Văn Hunng", "Phó Bí thư", phone="0905111222"),
        ],
        unit_code="CS01",
        mtime=DAY3,
        saved=DAY3,
    )
    day3 = stream.day(DAY3)
    people3 = by_name(day3)
    assert people3["Nguyễn Văn Hưng"]["id"] == first["Nguyễn Văn Hunng"]
    assert people3["Nguyễn Văn Hunng"]["id"] not in ids(day1) | ids(day2)
    assert set(day3["changes"]["added"]) == {
        people3["Đỗ Thị Hoa"]["id"],
        people3["Võ Văn Sáu"]["id"],
        people3["Nguyễn Văn Hunng"]["id"],
    }
    assert day3["changes"]["removed"] == [people["Phạm Văn Năm"]["id"]]
    assert "Lê Văn Tám" in people3  # the supplement added to CS02's list

    # day 4: CS02's files are withdrawn (staff deleted them): the unit withdrew
    stream.remove("CS02.xlsx")
    stream.remove("CS02 bo sung.xlsx")
    day4 = stream.day(DAY4)
    assert day4["changes"]["units_withdrawn"] == ["CS02"]
    assert sorted(day4["changes"]["removed"]) == sorted(
        [people3["Lê Văn Tám"]["id"], people3["Đỗ Thị Hoa"]["id"]]
    )

    book = CalamineWorkbook.from_path(str(workspace.root / SUMMARY_XLSX))
    rows = book.get_sheet_by_name(CHANGES_SHEET).to_python()
    assert rows[0] == list(CHANGE_COLUMNS.values())
    assert sorted((r[0], r[2], r[3]) for r in rows[1:4]) == [
        ("Rút", "Lê Văn Tám", "Chi bộ Sở Tư pháp"),
        ("Rút", "Đỗ Thị Hoa", "Chi bộ Sở Tư pháp"),
        ("Đơn vị rút phiếu", "", "Chi bộ Sở Tư pháp (CS02)"),
    ]
    assert rows[4] == [""] * 8
    assert "06/05/2022" not in rows[-1][0]
    assert "09/05/2022" in rows[-1][0]


def test_thay_doi_against_a_date_and_a_file(workspace: Workspace, stream: Stream) -> None:
    stream.add("CS02.xlsx", [form_row(1, "Lê Văn Tám")], unit_code="CS02", mtime=DAY1, saved=DAY1)
    stream.day(DAY1)
    stream.add("CS03.xlsx", [form_row(1, "Phạm Văn Năm")], unit_code="CS03", mtime=DAY2)
    stream.day(DAY2)
    stream.add("CS04.xlsx", [form_row(1, "Võ Văn Sáu")], unit_code="CS04", mtime=DAY3)
    runner = CliRunner()
    root = ["--root", str(workspace.root)]

    result = runner.invoke(main, [*root, "thay-doi", "--tu", "05/05/2022"])
    assert result.exit_code == 0, result.output
    assert "Thay đổi so với lần tổng hợp 16:30 05/05/2022: 2 thêm, 0 rút, 0 sửa" in result.output
    assert "Thêm:" in result.output
    assert "Phạm Văn Năm" in result.output
    assert "Võ Văn Sáu" in result.output
    assert f"Chi tiết: {CHANGES_XLSX}" in result.output
    assert (workspace.root / CHANGES_XLSX).is_file()

    result = runner.invoke(main, [*root, "thay-doi", "--tu", "2022-05-06_163000.json"])
    assert result.exit_code == 0, result.output
    assert "1 thêm" in result.output
    assert "Phạm Văn Năm" not in result.output

    result = runner.invoke(main, [*root, "thay-doi"])  # against the latest snapshot
    assert result.exit_code == 0, result.output
    assert "1 thêm" in result.output

    result = runner.invoke(main, [*root, "thay-doi", "--tu", "01/05/2022"])
    assert result.exit_code == 1
    assert "Lỗi: Không có bản lưu kết quả nào đến hết ngày 01/05/2022." in result.output
    assert "Bản lưu sớm nhất: 05/05/2022 16:30." in result.output

    result = runner.invoke(main, [*root, "thay-doi", "--tu", "hôm qua"])
    assert result.exit_code == 1
    assert f"không phải tệp trong {HISTORY_DIR}/" in result.output


def test_summary_line_and_a_broken_snapshot(workspace: Workspace, stream: Stream) -> None:
    from hoithao.run import format_summary, run

    stream.add("CS02.xlsx", [form_row(1, "Lê Văn Tám")], unit_code="CS02", mtime=DAY1)
    first = run(workspace, today=DAY1.date(), now=DAY1)
    assert "Thay đổi: lần tổng hợp đầu tiên" in format_summary(first, workspace)
    # a snapshot cut short (disk full, hand edit) is ignored, never a traceback
    (workspace.root / HISTORY_DIR / "2022-05-05_170000.json").write_text("{", encoding="utf-8")
    (workspace.root / HISTORY_DIR / "2022-13-45_170000.json").write_text("{}", encoding="utf-8")
    (workspace.root / HISTORY_DIR / "ghi chú.json").write_text("{}", encoding="utf-8")
    stream.add("CS03.xlsx", [form_row(1, "Phạm Văn Năm")], unit_code="CS03", mtime=DAY2)
    second = run(workspace, today=DAY2.date(), now=DAY2)
    line = format_summary(second, workspace).splitlines()[-2]
    assert line == (
        "Thay đổi so với lần tổng hợp 16:30 05/05/2022: 1 thêm, 0 rút, 0 sửa; "
        f"1 đơn vị mới gửi, 0 đơn vị rút phiếu — xem sheet “{CHANGES_SHEET}”"
    )
    saved = json.loads(
        (workspace.root / HISTORY_DIR / "2022-05-06_163000.json").read_text(encoding="utf-8")
    )
    assert saved["time"] == DAY2.isoformat()


# --- the same person across corrections -----------------------------------------------------------
def _delegate(name: str, unit: str = "CS01", phone: str = "", role: str = "Bí thư") -> Delegate:
    from hoithao.engine.returns import delegate_id

    return Delegate(
        id=delegate_id(unit, name), full_name=name, unit_code=unit, phone=phone, party_role=role
    )


def _records(delegates: list[Delegate]) -> list[dict[str, str]]:
    return [{**d.to_json(), "unit_name": "", "invitee": ""} for d in delegates]


@pytest.mark.parametrize(
    ("before", "after", "same"),
    [
        ("Nguyễn Văn Hùng", "NGUYỄN VĂN HÙNG", True),  # capitals
        ("Nguyễn Văn Hùng", "Nguyễn Văn Hưng", True),  # a diacritic
        ("Nguyễn Văn Hunng", "Nguyễn Văn Hùng", True),  # a typo
        ("Nguyễn Thị Thu Hà", "Nguyễn Thu Hà", True),  # a middle name dropped
        ("Ngyuễn Văn Hùng", "Nguyễn Văn Hùng", True),  # letters swapped
        ("Nguyễn Văn An", "Nguyễn Văn Bình", False),  # another person, same family name
        ("Nguyễn Văn An", "Trần Thị An", False),
    ],
)
def test_code_survives_a_spelling_correction(before: str, after: str, same: bool) -> None:
    old = _delegate(before)
    new = _delegate(after)
    reuse_ids([new], _records([old]), lambda code: code)
    assert (new.id == old.id) is same


def test_contact_lets_a_looser_spelling_match_but_not_another_given_name() -> None:
    old = [_delegate("Đặng Thị Kim Loan", phone="0912000111")]
    corrected = _delegate("Đặng Kim Loan", phone="0912000111")
    reuse_ids([corrected], _records(old), lambda code: code)
    assert corrected.id == old[0].id
    other = _delegate("Đặng Thị Kim Hoa", phone="0912000111")  # the unit's office phone
    reuse_ids([other], _records(old), lambda code: code)
    assert other.id != old[0].id


def test_code_follows_a_move_to_a_sub_unit(workspace: Workspace) -> None:
    master = read_master(workspace.master)
    old = _delegate("Nguyễn Văn Hùng", "CS01")
    moved = _delegate("Nguyễn Văn Hùng", "TT01")
    reuse_ids([moved], _records([old]), unit_family(master))
    assert moved.id == old.id
    elsewhere = _delegate("Nguyễn Văn Hùng", "CS02")
    reuse_ids([elsewhere], _records([old]), unit_family(master))
    assert elsewhere.id != old.id


def test_two_corrections_never_share_a_code() -> None:
    old = [_delegate("Nguyễn Văn Hunng"), _delegate("Nguyễn Văn Hùng", role="Phó Bí thư")]
    new = [_delegate("Nguyễn Văn Hùng"), _delegate("Nguyễn Văn Hùng", role="Phó Bí thư")]
    reuse_ids(new, _records(old), lambda code: code)
    assert len({d.id for d in new}) == 2
    assert {d.id for d in new} == {d.id for d in old}


# --- property: the previous list with the reported changes applied gives the new list ----------
NAMES = st.sampled_from(
    ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hồ Văn Em", "Võ Thị Gấm"]
)
PERSON = st.fixed_dictionaries(
    {
        "full_name": NAMES,
        "unit_code": st.sampled_from(["CS01", "CS02", "TT01"]),
        "party_role": st.sampled_from(["Bí thư", "Phó Bí thư", ""]),
        "phone": st.sampled_from(["", "0912345678", "0987654321"]),
        "gender": st.sampled_from(["Nam", "Nữ", ""]),
    }
)


def _people(records: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for n, r in enumerate(records):
        code = f"{r['unit_code']}-{n % 7}"
        full = {k: r.get(k, "") for k in FIELDS} | {"id": code, "source": f"f.xlsx!{n}"}
        seen.setdefault(code, full)
    return list(seen.values())


def _apply(old: list[dict[str, str]], report: dict, new_by_id: dict) -> dict[str, dict]:
    result = {d["id"]: {k: d[k] for k in FIELDS} for d in old}
    for code in report["removed"]:
        del result[code]
    for change in report["changed"]:
        assert result[change["id"]][change["field"]] == change["old"]
        result[change["id"]][change["field"]] = change["new"]
    for code in report["added"]:
        assert code not in result
        result[code] = {k: new_by_id[code][k] for k in FIELDS}
    return result


@settings(max_examples=200, deadline=None)
@given(
    st.lists(PERSON, max_size=8),
    st.lists(PERSON, max_size=8),
    st.sets(st.sampled_from(["CS01", "CS02", "CS03"])),
    st.sets(st.sampled_from(["CS01", "CS02", "CS03"])),
)
def test_previous_list_plus_changes_is_the_new_list(old_raw, new_raw, units_old, units_new):
    old, new = _people(old_raw), _people(new_raw)
    before = Snapshot(DAY1, None, old, sorted(units_old))
    after = Snapshot(DAY2, None, new, sorted(units_new))
    report = compare(before, after).to_json()
    new_by_id = {d["id"]: d for d in new}
    assert _apply(old, report, new_by_id) == {d["id"]: {k: d[k] for k in FIELDS} for d in new}
    assert set(units_old) - set(report["units_withdrawn"]) | set(report["units_returned"]) == set(
        units_new
    )
    assert report["since"] == DAY1.isoformat()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(NAMES, st.sampled_from(["CS01", "TT01", "CS02"])), max_size=6),
    st.lists(st.tuples(NAMES, st.sampled_from(["CS01", "TT01", "CS02"])), max_size=6),
)
def test_codes_stay_unique_and_never_pass_to_someone_new(before, after) -> None:
    family = {"TT01": "CS01"}.get
    old = list({(n, u): _delegate(n, u) for n, u in before}.values())
    reuse_ids(old, [], lambda code: family(code, code))
    new = list({(n, u): _delegate(n, u) for n, u in after}.values())
    reuse_ids(new, _records(old), lambda code: family(code, code))
    assert len({d.id for d in new}) == len(new)
    held = {d.id: d for d in old}
    for d in new:
        if d.id in held:  # a carried-over code: the same person, in the same unit family
            same = held[d.id]
            assert family(same.unit_code, same.unit_code) == family(d.unit_code, d.unit_code)


def test_history_folder_taken_by_a_file(workspace: Workspace, stream: Stream) -> None:
    stream.add("CS02.xlsx", [form_row(1, "Lê Văn Tám")], unit_code="CS02", mtime=DAY1)
    (workspace.root / HISTORY_DIR).write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--root", str(workspace.root), "consolidate", "--no-progress"]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Lỗi: Không ghi được {HISTORY_DIR}/")
    assert "không phải thư mục" in result.output


_TEXT = st.text(st.characters(exclude_categories=["Cs"]))  # what can be written as UTF-8
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | _TEXT
    | st.floats(allow_nan=False, allow_infinity=False)
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(_TEXT, _JSON, max_size=6), st.integers(1, 3))
def test_json_bytes_reads_back_as_the_object_it_was_made_from(
    data: dict[str, object], slice_size: int
) -> None:
    with patch.object(history, "LIST_SLICE", slice_size):  # lists cut into several pieces
        text = b"".join(json_bytes(data))
    assert json.loads(text) == data


def test_json_bytes_puts_each_record_on_its_own_line() -> None:
    records = [
        {"id": "U01-AB", "full_name": "Nguyễn Thị Ánh"},
        {"id": "U02-CD", "full_name": "Lê Văn Bình"},
    ]
    text = b"".join(json_bytes({"event": "HT-2026", "delegates": records, "issues": []}))
    lines = text.decode().splitlines()
    assert '    {"id":"U01-AB","full_name":"Nguyễn Thị Ánh"},' in lines  # NFC, not \\u escapes
    assert '  "issues": []' in lines
