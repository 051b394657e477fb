"""Per-field normalisers: cell values, names, gender, party roles, phones, e-mails."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hoithao.rules import normalize as normalize_module
from hoithao.rules.normalize import (
    OLD_MOBILE_PREFIXES,
    PhoneResult,
    clean_value,
    normalize_email,
    normalize_gender,
    normalize_name,
    normalize_party_role,
    normalize_phone,
    role_matches,
    role_rank,
)
from hoithao.rules.vocab import PARTY_ROLES


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        (912345678.0, "912345678"),
        (1.5, "1.5"),
        (float("nan"), ""),
        (12, "12"),
        (True, "x"),
        (False, ""),
        (datetime(2024, 5, 3), "03/05/2024"),
        (datetime(2024, 5, 3, 8, 30), "03/05/2024 08:30"),
        (date(2024, 1, 2), "02/01/2024"),
        (time(7, 45), "07:45"),
        ("  Nguyễn\u00a0 Văn \n An ", "Nguyễn Văn An"),
        ("\ufeffHọ tên", "Họ tên"),
        (unicodedata.normalize("NFD", "Hằng"), "Hằng"),
    ],
)
def test_clean_value(raw: object, expected: str) -> None:
    assert clean_value(raw) == expected
    assert clean_value(clean_value(raw)) == clean_value(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NGUYỄN THỊ HỒNG NHUNG", "Nguyễn Thị Hồng Nhung"),
        ("đồng chí trần văn bình", "Trần Văn Bình"),
        ("đặng", "Đặng"),
        ("Đ/c Nguyễn Văn An", "Nguyễn Văn An"),
        ("đ/c: lê thị hoa", "Lê Thị Hoa"),
        ("Dc Phạm Văn Hùng", "Phạm Văn Hùng"),
        ("Bà Lê Thị Hoa", "Lê Thị Hoa"),
        ("Ông/Bà Nguyễn Văn A", "Nguyễn Văn A"),
        ("Bà", "Bà"),  # a whole name is not a prefix
        ("Ông Ích Khiêm", "Ông Ích Khiêm"),  # Ông is also a family name
        ("Đồng Thị Chí", "Đồng Thị Chí"),  # "Đồng" alone is a family name, not "Đồng chí"
        ("  nguyễn   văn  an, ", "Nguyễn Văn An"),
        ("nguyễn-văn an (tư)", "Nguyễn-Văn An (Tư)"),
        ("", ""),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nam", "Nam"),
        ("nữ", "Nữ"),
        ("NỮ", "Nữ"),
        ("nu", "Nữ"),
        ("F", "Nữ"),
        ("male", "Nam"),
        ("Nữ giới", "Nữ"),
        ("x", ""),
        ("", ""),
    ],
)
def test_normalize_gender(raw: str, expected: str) -> None:
    assert normalize_gender(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BT", "Bí thư"),
        ("bí thư chi bộ", "Bí thư"),
        ("Bí thư Đảng ủy", "Bí thư"),
        ("BÍ THƯ ĐẢNG ỦY XÃ", "Bí thư"),
        ("PBT", "Phó Bí thư"),
        ("Phó bí thư Đảng ủy", "Phó Bí thư"),
        ("P.Bí thư", "Phó Bí thư"),
        ("Phó BT", "Phó Bí thư"),
        ("Phó Bí thư thường trực", "Phó Bí thư"),
        ("UVBTV", "Ủy viên Ban Thường vụ"),
        ("UV BTV Đảng ủy", "Ủy viên Ban Thường vụ"),
        ("Ủy viên BCH", "Cấp ủy viên"),
        ("Đảng ủy viên", "Cấp ủy viên"),
        ("Chi ủy viên", "Cấp ủy viên"),
        ("Đảng viên", "Đảng viên"),
        ("ĐV dự bị", "Đảng viên"),
        ("Bí thư kiêm Giám đốc", "Bí thư"),
        ("Giám đốc, Phó Bí thư chi bộ", "Phó Bí thư"),
        ("Bí thư Đoàn thanh niên", "Bí thư Đoàn thanh niên"),  # not a party role
        ("  Trưởng   phòng ", "Trưởng phòng"),
        ("", ""),
    ],
)
def test_normalize_party_role(raw: str, expected: str) -> None:
    assert normalize_party_role(raw) == expected


def test_role_rank_and_matches() -> None:
    assert [role_rank(r) for r in PARTY_ROLES] == list(range(len(PARTY_ROLES)))
    assert role_rank("PBT") == 1
    assert role_rank("") == role_rank("Giám đốc") == len(PARTY_ROLES)
    assert role_matches("Bí thư", ("BT", "Phó bí thư"))
    assert role_matches("Phó Bí thư", ("bí thư", "phó bí thư chi bộ"))
    assert not role_matches("Đảng viên", ("Bí thư",))
    assert not role_matches("", ("",))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (912345678.0, PhoneResult("0912345678", True, ())),
        ("+84 914 222 333", PhoneResult("0914222333", True, ())),
        ("0905.123.456", PhoneResult("0905123456", True, ())),
        ("0905 123 456", PhoneResult("0905123456", True, ())),
        ("0912-345-678", PhoneResult("0912345678", True, ())),
        ("(0256) 3822 123", PhoneResult("02563822123", True, ())),
        (2563822123.0, PhoneResult("02563822123", True, ())),
        ("024 3822 1234", PhoneResult("02438221234", True, ())),
        ("0905123456 - 0256 3822123", PhoneResult("0905123456", True, ("02563822123",))),
        ("0905123456/0914222333", PhoneResult("0905123456", True, ("0914222333",))),
        ("0905123456\n0914222333", PhoneResult("0905123456", True, ("0914222333",))),
        ("0905 123 456 0914 222 333", PhoneResult("0905123456", True, ("0914222333",))),
        ("ĐT: 0905123456 (cơ quan)", PhoneResult("0905123456", True, ())),
        ("01686123456", PhoneResult("0386123456", True, ())),
        (1686123456.0, PhoneResult("0386123456", True, ())),
        ("+84 1686 123 456", PhoneResult("0386123456", True, ())),
        ("84912345678", PhoneResult("0912345678", True, ())),
        ("0199 123 4567", PhoneResult("0591234567", True, ())),
        ("12", PhoneResult("12", False, ())),
        ("không có", PhoneResult("không có", False, ())),
        ("+1 650 253 0000", PhoneResult("+16502530000", False, ())),
        ("", PhoneResult("", False, ())),
        (None, PhoneResult("", False, ())),
        ("-", PhoneResult("", False, ())),
    ],
)
def test_normalize_phone(raw: object, expected: PhoneResult) -> None:
    result = normalize_phone(raw)
    assert result == expected
    assert normalize_phone(result.phone).phone == result.phone


@pytest.mark.parametrize(("old", "new"), sorted(OLD_MOBILE_PREFIXES.items()))
def test_every_old_mobile_prefix_maps_to_a_valid_number(old: str, new: str) -> None:
    assert normalize_phone(f"0{old}1234567") == PhoneResult(f"0{new}1234567", True, ())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ("", True)),
        (" Nguyen.Van.An@Gmail.COM ", ("Nguyen.Van.An@gmail.com", True)),
        ("mailto:a@bo.vn", ("a@bo.vn", True)),
        ("abc @ bo . vn", ("abc@bo.vn", True)),
        ("abc", ("abc", False)),
        ("a@b", ("a@b", False)),
        ("nguyễn@gmail.com", ("nguyễn@gmail.com", False)),
        ("a@x.com; b@y.com", ("a@x.com; b@y.com", False)),
    ],
)
def test_normalize_email(raw: str, expected: tuple[str, bool]) -> None:
    assert normalize_email(raw) == expected


texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["Đ/c NGUYỄN VĂN AN", "bà lê thị  hoa", "P.Bí thư", "0905 123 456", "Nữ", "x@y.vn"]
    ),
)


def _is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


@given(text=texts)
@example(text="ß")  # upper() would make it "SS", then "Ss"
@example(text="İSTANBUL")  # lower() decomposes İ
def test_normalisers_are_idempotent_and_nfc(text: str) -> None:
    for fn in (clean_value, normalize_name, normalize_gender, normalize_party_role):
        once = fn(text)
        assert fn(once) == once
        assert _is_nfc(once)
    phone = normalize_phone(text).phone
    assert normalize_phone(phone).phone == phone
    email, _ = normalize_email(text)
    assert normalize_email(email)[0] == email


def test_text_that_is_no_name_keeps_its_case() -> None:
    formula = '=HYPERLINK("http://x","A")'
    assert normalize_name(formula) == formula


# --- the fast paths give what the libraries give ---------------------------------------------
@settings(max_examples=300)
@given(national=st.from_regex(r"[1-9][0-9]{8}", fullmatch=True))
@example(national="912345678")
@example(national="256382211")  # a landline with its area code
@example(national="190012345")  # a service-number prefix
def test_nine_digits_parse_as_phonenumbers_parses_them(national: str) -> None:
    import phonenumbers

    fast = normalize_module._parse_national(national)
    assert fast == phonenumbers.parse("0" + national, "VN")
    assert phonenumbers.is_valid_number(fast) == phonenumbers.is_valid_number(
        phonenumbers.parse("0" + national, "VN")
    )


@settings(max_examples=300)
@given(text=st.from_regex(r"[+(]?[0-9０-９][0-9 .()\-]{6,14}", fullmatch=True))
@example(text="0912 345 678")
@example(text="(056) 3822 111")
@example(text="+84 912 345 678")
@example(text="０９１２３４５６７８")  # full-width digits: the library's, not the fast path's
def test_phones_normalise_as_without_the_fast_path(text: str) -> None:
    import phonenumbers

    fast = normalize_module._normalize_phone_text.__wrapped__(text)
    original = normalize_module._parse_national
    normalize_module._parse_national = lambda n: phonenumbers.parse("0" + n, "VN")
    try:
        slow = normalize_module._normalize_phone_text.__wrapped__(text)
    finally:
        normalize_module._parse_national = original
    assert fast == slow


_LABEL = r"[A-Za-z0-9]{1,8}(?:-[A-Za-z0-9]{1,5})?"
_ADDRESSES = st.one_of(
    st.from_regex(
        r"[A-Za-z0-9]{1,12}(?:[._\-][A-Za-z0-9]{1,6}){0,3}@(?:" + _LABEL + r"\.){1,3}[A-Za-z]{2,6}",
        fullmatch=True,
    ),
    st.text(alphabet="aZ09._-+@ ", min_size=3, max_size=30),
)


def _library(candidate: str) -> tuple[str, bool]:
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(candidate, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return candidate, False
    return result.normalized, True


@settings(max_examples=300)
@given(candidate=_ADDRESSES)
@example(candidate="dv12.3@example.vn")
@example(candidate="Nguyen.Van-An_2@Gmail.COM.VN")
@example(candidate="a@b.local")  # a special-use domain: the library says no
@example(candidate="a@b.TEST")
@example(candidate="a@123.com")
@example(candidate="a@b." + "c" * 70)  # too long for the fast path
def test_plain_addresses_normalise_as_email_validator_says(candidate: str) -> None:
    fast = normalize_module._plain_address(candidate)
    if fast is not None:
        assert (fast, True) == _library(candidate)


def test_special_use_domains_are_email_validators() -> None:
    """The fast path's copy of the library's list (kept to spare importing it)."""
    import email_validator

    assert normalize_module.SPECIAL_USE_DOMAINS == tuple(email_validator.SPECIAL_USE_DOMAIN_NAMES)
