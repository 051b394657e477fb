"""Legacy TCVN3/VNI conversion, syllable checks and matching keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoithao.vn.text import (
    collapse_spaces,
    fix_legacy,
    fold,
    header_key,
    is_syllable,
    split_tone,
    to_legacy,
)

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
@given(data=st.data())
def test_legacy_names_round_trip(encoding: str, data: st.DataObject) -> None:
    name = " ".join(data.draw(st.sampled_from(part)) for part in (FAMILY, MIDDLE, GIVEN))
    assert fix_legacy(to_legacy(name, encoding)) == (name, encoding)


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


@pytest.mark.parametrize(
    "word",
    [
        "nguyễn",
        "Quốc",
        "khuỷu",
        "thuở",
        "giữa",
        "gì",
        "Quỳnh",
        "xoong",
        "hoà",
        "hòa",
        "thủy",
        "ngoằn",
    ],
)
def test_real_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["nguyôn", "ngi", "cen", "Ñen", "àt", "renộe", "quu", "kóa"])
def test_not_syllables(word: str) -> None:
    assert not is_syllable(word)


def test_split_tone() -> None:
    assert split_tone("Hằng") == ("hăng", 1)
    assert split_tone("ạ") == ("a", 5)
    assert split_tone("x1") is None


def test_keys_fold_case_accents_and_form() -> None:
    nfd = unicodedata.normalize("NFD", "Họ  và\u00a0tên")
    assert fold(nfd) == fold("HỌ VÀ TÊN") == "ho va ten"
    assert header_key("Số ĐT/Di động:") == "so dt/di dong"
    assert collapse_spaces("\ufeff a\u200b b ") == "a b"
    assert collapse_spaces("Th\xadêng") == "Th\xadêng"  # the soft hyphen is TCVN3 "ư"
