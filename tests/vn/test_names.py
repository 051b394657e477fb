"""Titles, notes typed in the name cell, and names cased as their owners write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoithao.rules.normalize import normalize_name
from hoithao.vn.collate import sort_names
from hoithao.vn.names import name_identity, split_name_cell, split_title


@pytest.mark.parametrize(
    ("typed", "title", "name"),
    [
        ("PGS.TS. Nguyễn Văn An", "PGS.TS.", "Nguyễn Văn An"),
        ("pgs.ts nguyễn văn an", "PGS.TS.", "nguyễn văn an"),
        ("PGS. TS. Nguyễn Văn An", "PGS.TS.", "Nguyễn Văn An"),
        ("ThS Lê Thị Cúc", "ThS.", "Lê Thị Cúc"),
        ("GS.TSKH. Trần Bình", "GS.TSKH.", "Trần Bình"),
        ("Đại tá Nguyễn Văn An", "Đại tá", "Nguyễn Văn An"),
        ("THƯỢNG TÁ LÊ VĂN BA", "Thượng tá", "LÊ VĂN BA"),
        ("Ts Nguyễn An", "", "Ts Nguyễn An"),  # Title Case without a dot: maybe a name
        ("TS. An", "", "TS. An"),  # a title needs a name of two words or more after it
        ("Lê Văn Ts", "", "Lê Văn Ts"),
    ],
)
def test_split_title(typed: str, title: str, name: str) -> None:
    assert (split_title(typed).title, split_title(typed).name) == (title, name)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("pgs.ts nguyễn văn an", "PGS.TS. Nguyễn Văn An"),
        ("PGS.TS NGUYỄN VĂN AN", "PGS.TS. Nguyễn Văn An"),
        ("ĐẠI TÁ NGUYỄN VĂN AN", "Đại tá Nguyễn Văn An"),
        ("Đ/c ThS. lê thị cúc", "ThS. Lê Thị Cúc"),
        ("H'Hen Niê", "H'Hen Niê"),
        ("H'HEN NIÊ", "H'Hen Niê"),
        ("h'hen niê", "H'Hen Niê"),
        ("Y-Moan Ênuôl", "Y-Moan Ênuôl"),
        ("y-moan ênuôl", "Y-Moan Ênuôl"),
        ("Ksor H'Bia", "Ksor H'Bia"),
    ],
)
def test_names_keep_titles_and_their_owners_casing(typed: str, shown: str) -> None:
    assert normalize_name(typed) == shown
    assert normalize_name(shown) == shown


def test_titles_are_out_of_the_sort_key_and_the_identity() -> None:
    names = ["PGS.TS. Nguyễn Văn Bình", "Trần Văn An", "Đại tá Lê Văn Cường"]
    assert sort_names(names) == ["Trần Văn An", "PGS.TS. Nguyễn Văn Bình", "Đại tá Lê Văn Cường"]
    assert name_identity("PGS.TS. Nguyễn Văn Bình") == name_identity("Nguyễn Văn Bình")
    assert name_identity("Nguyễn Thị Thuý") == name_identity("NGUYỄN THỊ THÚY")
    assert name_identity("Nguyễn Thị Ðào") == name_identity("Nguyễn Thị Đào")


@pytest.mark.parametrize(
    ("typed", "name", "gender", "notes", "after_comma", "lines"),
    [
        ("Nguyễn Thị Thu Hà (nữ)", "Nguyễn Thị Thu Hà", "Nữ", [], "", []),
        ("Trần Văn Bình (Nam)", "Trần Văn Bình", "Nam", [], "", []),
        ("Trần Văn Bình, BT", "Trần Văn Bình", "", [], "BT", []),
        ("Lê Văn Cường (dự thay)", "Lê Văn Cường", "", ["dự thay"], "", []),
        ("Võ Thị Lan\nPhó Giám đốc Sở", "Võ Thị Lan", "", [], "", ["Phó Giám đốc Sở"]),
        ("Nguyễn Văn An", "Nguyễn Văn An", "", [], "", []),
        ('=HYPERLINK("x","A")', '=HYPERLINK("x","A")', "", [], "", []),
    ],
)
def test_split_name_cell(
    typed: str, name: str, gender: str, notes: list, after_comma: str, lines: list
) -> None:
    cell = split_name_cell(typed)
    assert (cell.name, cell.gender, cell.notes, cell.after_comma, cell.more_lines) == (
        name,
        gender,
        notes,
        after_comma,
        lines,
    )


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãAĐHKTY'-. ", max_size=30))
def test_normalize_name_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once
