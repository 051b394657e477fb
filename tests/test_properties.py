"""Promised invariants over generated returns: nothing is lost, nothing counted twice."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoithao.engine.consolidate import build
from hoithao.forms.vocab import FORM_COLUMNS
from hoithao.workspace import MASTER_FILE, RETURNS_DIR, Workspace

from .conftest import TODAY, build_master, form_row, write_return

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Đức", "Thu"]
GIVEN = ["An", "Ánh", "Ân", "Bình", "Dũng", "Đức", "Hằng", "Hùng", "Lộc", "Nhung", "Thuỷ", "Ưng"]

names = st.builds(
    lambda f, m, g: f"{f} {m} {g}", *(st.sampled_from(x) for x in (FAMILY, MIDDLE, GIVEN))
)
valid_row = st.builds(
    lambda name, role, phone: ("valid", form_row(0, name, role=role, phone=phone)),
    names,
    st.sampled_from(["Bí thư", "Phó Bí thư", "BT", "Đảng viên", ""]),
    st.sampled_from(["0912345678", "912345678", "+84 905 111 222", "", "12"]),
)
bad_row = st.one_of(
    st.just(("bad", form_row(0, "", job_title="Trưởng phòng"))),
    st.builds(lambda n: ("bad", form_row(0, n, unit="Đơn vị lạ")), names),
)
blank_row = st.just(("blank", [""] * len(FORM_COLUMNS)))
numbered_blank = st.just(("blank", [7] + [""] * (len(FORM_COLUMNS) - 1)))
rows_strategy = st.lists(
    st.one_of(valid_row, valid_row, bad_row, blank_row, numbered_blank), max_size=12
)
returns_strategy = st.lists(
    st.tuples(st.sampled_from(["CS01", "CS02", "CS03", "CS04"]), rows_strategy, st.booleans()),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(returns=returns_strategy)
def test_rows_read_equal_accepted_rejected_ignored(
    tmp_path_factory: pytest.TempPathFactory, returns: list
) -> None:
    root = tmp_path_factory.mktemp("ws")
    build_master(root / MASTER_FILE)
    expected_read: dict[str, int] = {}
    for n, (code, rows, signed) in enumerate(returns):
        below = [["", "Tổng cộng"], [], ["", "", "", "Người lập biểu"], ["", "", "", "Võ Văn Ký"]]
        name = f"{code}_{n}.xlsx"
        write_return(
            root / RETURNS_DIR / name,
            [r for _, r in rows],
            unit_code=code,
            below=below if signed else [],
        )
        non_blank = sum(1 for kind, _ in rows if kind != "blank")
        expected_read[f"{RETURNS_DIR}/{name}"] = non_blank + (3 if signed else 0)

    c = build(Workspace(Path(root).resolve()), today=TODAY)
    # an accepted row is a registered delegate, or a named invitee it was merged into (W10)
    from_rows = [d for d in c.delegates if d.source]
    sources = Counter(d.source for d in from_rows)
    assert all(count == 1 for count in sources.values())
    for log in c.file_log:
        assert log.rows_read == log.rows_accepted + log.rows_rejected + log.rows_ignored
        assert log.rows_read == expected_read[log.path]
        if log.status == "consolidated":
            accepted = [s for s in sources if s.startswith(log.path + "!")]
            assert len(accepted) == log.rows_accepted
            rejected_rows = {
                i.row for i in c.issues if i.file == log.path and i.code.startswith("R")
            }
            assert len(rejected_rows) == log.rows_rejected
    consolidated = [f for f in c.file_log if f.status == "consolidated"]
    assert len(from_rows) == sum(f.rows_accepted for f in consolidated)
