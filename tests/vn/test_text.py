"""Syllable checks, matching keys and look-alike letters."""

from __future__ import annotations

import unicodedata

import pytest

from hoithao.vn.text import (
    collapse_spaces,
    fold,
    fold_confusables,
    header_key,
    is_syllable,
    split_tone,
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
