"""Legacy TCVN3/VNI conversion: one cell, a row, a column, a table."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hoithao.vn.legacy import fix_legacy, fix_legacy_rows, to_legacy

NAMES = [
    "Nguyễn Văn An",
    "Phạm Thị Hương",
    "Đặng Quốc Bảo",
    "Nguyễn Thị Thu Hằng",
    "Huỳnh Ngọc Ẩn",
    "Trương Thị Ngọc Ánh",
    "Hồ Thị Minh",
    "Lê Thị Bé",
    "Võ Thị Sáu",
    "Dương Quỳnh Như",
    "Bùi Thị Thuỷ",
    "Ngô Xuân Lộc",
    "NGUYỄN VĂN AN",
    "ĐẶNG THỊ HỒNG NHUNG",
]
TERMS = ["Bí thư", "Phó Bí thư", "Đảng ủy", "Bí thư Chi bộ", "Phó Giám đốc", "Đảng bộ cơ sở"]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Dương",
    "Trương",
]
MIDDLE = ["Văn", "Hữu", "Ngọc", "Quốc", "Xuân", "Thành", "Đức", "Bảo", "Hồng", "Công", "Tuấn"]
GIVEN = ["Ánh", "Ân", "Bình", "Dũng", "Đức", "Hằng", "Hùng", "Lộc", "Thuỷ", "Ưng", "Phượng", "Yến"]
# real words typed in Unicode, Latin-1 letters only, that a careless converter would touch
GENUINE_WORDS = (
    "Tô Vân Hà Lê Tú Lý Võ Mã Châu Tâm Tân Xuân Quân Thành Hoàng Phú Bích Thúy Mai Lâm Tài "
    "Khánh Trân Hân Chí Bé Ông Bà Nam Cà Mau An Giang Bến Tre Tiền Cần Thơ Sóc Trăng Kiên Tây "
    "Ninh Hòa Hoà Lào Cai Phú Yên Huế Thái Bình Sài Gòn"
).split()


@pytest.mark.parametrize("text", NAMES + TERMS)
@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_legacy_round_trip(text: str, encoding: str) -> None:
    legacy = to_legacy(text, encoding)
    assert legacy != text
    assert fix_legacy(legacy) == (text, encoding)


@pytest.mark.parametrize(
    ("legacy", "expected", "encoding"),
    [
        ("NguyÔn V¨n An", "Nguyễn Văn An", "TCVN3"),
        ("Hå ChÝ Minh", "Hồ Chí Minh", "TCVN3"),
        ("§¶ng ñy x· Ph\xadíc S¬n", "Đảng ủy xã Phước Sơn", "TCVN3"),
        ("Hå CHÝ MINH", "HỒ CHÍ MINH", "TCVN3"),  # .VnTimeH: capitals typed with the same bytes
        ("Nguyeãn Vaên An", "Nguyễn Văn An", "VNI"),
        ("Ñaûng", "Đảng", "VNI"),
        ("Bí thö", "Bí thư", "VNI"),  # reads in TCVN3 too ("Bớ thử"): fewer changes wins
        ("NGUYEÃN THÒ HÖÔNG", "NGUYỄN THỊ HƯƠNG", "VNI"),
    ],
)
def test_known_legacy_cells(legacy: str, expected: str, encoding: str) -> None:
    assert fix_legacy(legacy) == (expected, encoding)


@pytest.mark.parametrize(
    "text",
    [
        "Renée",
        "Zoë",
        "Noël Müller",
        "José Café",
        "nguyen.van.an@gmail.com",
        "0905 123 456",
        "123,5",
        "Tô Vân",
        "Hà Nội",
        "Phó Bí thư Đảng ủy",
        "25°C",
        "Giá 100€",
        "© 2024",
        "Hoà",
        "",
        "NGUYỄN VĂN AN",
    ],
)
def test_genuine_text_unchanged(text: str) -> None:
    assert fix_legacy(text) == (text, None)


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@given(family=st.sampled_from(FAMILY), middle=st.sampled_from(MIDDLE), given=st.sampled_from(GIVEN))
# VNI "Hồ Hồng Bình" reads as Unicode "Hoà Hoàng Bình" too: "Hoà" is no family name, "Hồ" is
@example(family="Hồ", middle="Hồng", given="Bình")
def test_legacy_names_round_trip(encoding: str, family: str, middle: str, given: str) -> None:
    name = f"{family} {middle} {given}"
    assert fix_legacy(to_legacy(name, encoding), name=True) == (name, encoding)


def test_every_legacy_name_of_the_lists_round_trips() -> None:
    names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    for encoding in ("TCVN3", "VNI"):
        wrong = [n for n in names if fix_legacy(to_legacy(n, encoding), name=True)[0] != n]
        assert wrong == []


def test_a_row_decides_for_its_ambiguous_name() -> None:
    """The issue's row: job title, role and gender cannot be Unicode, so the name is VNI too."""
    row = {
        "full_name": to_legacy("Hồ Hồng Bình", "VNI"),  # "Hoà Hoàng Bình"
        "gender": to_legacy("Nữ", "VNI"),
        "party_role": to_legacy("Phó Bí thư", "VNI"),
        "job_title": to_legacy("Phó Giám đốc", "VNI"),
    }
    assert fix_legacy(row["full_name"]) == (row["full_name"], None)  # alone: kept as typed
    fixed = fix_legacy_rows([row])[0]
    assert fixed["full_name"] == ("Hồ Hồng Bình", "VNI")
    assert fixed["job_title"] == ("Phó Giám đốc", "VNI")


def test_a_column_or_the_table_decides_when_the_row_cannot() -> None:
    rows = [
        {"full_name": to_legacy("Nguyễn Văn An", "VNI"), "note": ""},
        {"full_name": to_legacy("Trần Thị Thúy", "VNI"), "note": ""},
        {"full_name": to_legacy("Chu Hồng Khang", "VNI"), "note": ""},  # alone: "Chu Hoàng Khang"
    ]
    fixed = fix_legacy_rows(rows)
    assert [r["full_name"][0] for r in fixed] == [
        "Nguyễn Văn An",
        "Trần Thị Thúy",
        "Chu Hồng Khang",
    ]


def test_unicode_rows_keep_their_words_in_a_legacy_table() -> None:
    rows = [
        {"full_name": to_legacy("Nguyễn Văn An", "VNI")},
        {"full_name": "Chu Hoàng Khang", "job_title": "Phó Giám đốc"},  # typed in Unicode
    ]
    fixed = fix_legacy_rows(rows)
    assert fixed[1]["full_name"] == ("Chu Hoàng Khang", None)


@pytest.mark.parametrize("word", ["Cô", "CÔ", "TÊN", "Tên", "Bà", "Chú", "Hoà", "Tô", "Huế"])
def test_single_genuine_words_stay(word: str) -> None:
    assert fix_legacy(word) == (word, None)
    assert fix_legacy(word, name=True) == (word, None)


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@pytest.mark.parametrize("prefix", ["Đ/c", "đ/c", "Đồng chí", "ĐỒNG CHÍ"])
def test_legacy_prefixes_are_taken_off_before_the_name_is_judged(
    prefix: str, encoding: str
) -> None:
    typed = to_legacy(f"{prefix} Nguyễn Văn An", encoding)
    assert fix_legacy(typed, name=True) == (f"{prefix} Nguyễn Văn An", encoding)
    assert fix_legacy(f"{prefix} " + to_legacy("Nguyễn Văn An", encoding), name=True) == (
        f"{prefix} Nguyễn Văn An",
        encoding,
    )


def test_issue_examples() -> None:
    assert fix_legacy("§/c NguyÔn V¨n An", name=True) == ("Đ/c Nguyễn Văn An", "TCVN3")
    assert fix_legacy("NguyÔn ThÞ Hµ (nữ)", name=True) == ("Nguyễn Thị Hà (nữ)", "TCVN3")
    assert fix_legacy("L£ §øC ÊT", name=True) == ("LÊ ĐỨC ẤT", "TCVN3")
    assert fix_legacy("NguyÔn ¸nh", name=True) == ("Nguyễn Ánh", "TCVN3")
    assert fix_legacy("Chi bé x· Kr«ng B«ng") == ("Chi bộ xã Krông Bông", "TCVN3")
    assert fix_legacy("§¶ng bé huyÖn §¹ TÎh") == ("Đảng bộ huyện Đạ Tẻh", "TCVN3")
    assert fix_legacy(to_legacy("Chi bộ xã Đăk Pơ, huyện Chư Păh", "VNI"))[0] == (
        "Chi bộ xã Đăk Pơ, huyện Chư Păh"
    )


vietnamese_text = st.lists(
    st.one_of(
        st.sampled_from(FAMILY + MIDDLE + GIVEN + GENUINE_WORDS + TERMS),
        st.sampled_from(GENUINE_WORDS).map(str.upper),
        st.sampled_from(GENUINE_WORDS).map(str.lower),
        st.from_regex(r"[A-Za-z0-9@.]{1,8}", fullmatch=True),
    ),
    min_size=1,
    max_size=6,
).map(" ".join)


@given(text=vietnamese_text)
def test_genuine_vietnamese_never_converted(text: str) -> None:
    assert fix_legacy(text) == (text, None)


@given(text=st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậềểễếệọỏ ", min_size=1))
def test_text_with_vietnamese_letters_beyond_latin1_never_converted(text: str) -> None:
    if any(ord(c) > 0xFF for c in text):
        assert fix_legacy(text) == (text, None)


unicode_names = st.builds(
    lambda f, m, g: f"{f} {m} {g}", *(st.sampled_from(x) for x in (FAMILY, MIDDLE, GIVEN))
)
unicode_rows = st.fixed_dictionaries(
    {}, optional={"full_name": unicode_names, "job_title": vietnamese_text, "note": vietnamese_text}
)


@given(rows=st.lists(unicode_rows, max_size=6))
def test_tables_typed_in_unicode_are_never_converted(rows: list[dict[str, str]]) -> None:
    """(A name cell must start with a family name: "HOÀ TÔ" alone is taken for VNI "HỒ TƠ".)"""
    fixed = fix_legacy_rows(rows)
    assert fixed == [{k: (v, None) for k, v in row.items()} for row in rows]


def test_a_unicode_name_keeps_its_family_name_in_a_legacy_column() -> None:
    rows = [
        {"full_name": to_legacy("Nguyễn Văn An", "VNI")},
        {"full_name": to_legacy("Trần Văn Bình", "VNI")},
        {"full_name": "Tô Hoài"},  # pasted in Unicode; VNI would read "Tơ Hồi"
    ]
    assert fix_legacy_rows(rows)[2]["full_name"] == ("Tô Hoài", None)
