"""Syllable checks, matching keys and look-alike letters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hoithao.vn import text as text_module
from hoithao.vn.text import (
    collapse_spaces,
    fold,
    fold_confusables,
    header_key,
    is_syllable,
    split_tone,
    strip_accents,
)


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
        "yên",
        "Krông",
        "Đăk",
        "Đắk",
        "Tẻh",
        "Kbang",
        "Păh",
        "Glong",
        "Plông",
        "Ea",
    ],
)
def test_real_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word", ["nguyôn", "ngi", "cen", "Ñen", "àt", "renộe", "quu", "kóa", "ac", "bàc", "Ých", "ynh"]
)
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


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Nguyễn Thị Ðào", "Nguyễn Thị Đào"),  # U+00D0, the Icelandic eth
        ("ðào", "đào"),
        ("Nguy\u00adễn\u200e Văn An", "Nguyễn Văn An"),  # soft hyphen, direction mark
        ("Nguyễn V\u0430n \u0410n", "Nguyễn Van An"),  # Cyrillic а and А
        ("Tr\u0430̀n", "Tràn"),
        ("Иван Петров", "Иван Петров"),  # a Russian name is no look-alike
        ("Đào", "Đào"),
    ],
)
def test_confusables_folded(typed: str, meant: str) -> None:
    assert unicodedata.normalize("NFC", fold_confusables(typed)) == meant


def test_identity_keys_ignore_look_alikes_and_tone_placement() -> None:
    assert fold("Nguyễn Thị Ðào") == fold("Nguyễn Thị Đào")
    assert fold("Thuý") == fold("Thúy")
    assert fold("Hoà") == fold("Hòa")
    assert fold("Nguyễn V\u0430n An") == fold("Nguyễn Văn An")


# --- ASCII text takes a short way to the same result -------------------------------------------
def test_nothing_the_tables_map_is_ascii() -> None:
    """What makes the short way for ASCII text exact: no table touches an ASCII character."""
    for table in (text_module._INVISIBLE, text_module._CONFUSABLES, text_module._D_MAP):
        assert all(key > 127 for key in table)
    assert all(key > 127 for key in text_module._FORMAT_CHARS)
    assert all(ord(ch) > 127 for ch in text_module._LATIN_LOOKALIKES)


@given(text=st.text(alphabet=st.characters(max_codepoint=127)))
@example(text=" a \t\n b \x0b\x1c ")  # every kind of ASCII white space \s knows
def test_ascii_text_gives_what_the_long_way_gives(text: str) -> None:
    long_way = text_module.nfc(text).translate(text_module._INVISIBLE)
    assert collapse_spaces(text) == text_module._SPACES.sub(" ", long_way).strip()
    confusables = text.translate(text_module._CONFUSABLES).translate(text_module._FORMAT_CHARS)
    assert fold_confusables(text) == confusables
    decomposed = unicodedata.normalize("NFD", text.translate(text_module._D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert strip_accents(text) == text_module.nfc(stripped)
