"""Every number of a phone cell kept; old area codes, service numbers, numbers as people read."""

from __future__ import annotations

import pytest

from hoithao.rules.normalize import PhoneResult, normalize_phone
from hoithao.vn.phone import OLD_AREA_CODES, format_phone, old_landline


@pytest.mark.parametrize(
    ("raw", "first", "others"),
    [
        ("0905.111.222 - 0256 3822 111", "0905111222", ("02563822111",)),
        ("0905.111.222/0256.3822.111", "0905111222", ("02563822111",)),
        ("0905 111 222; 0914 222 333", "0905111222", ("0914222333",)),
        ("0905 111 222\n0256 3822 111", "0905111222", ("02563822111",)),
        ("0905111222 - 0914222333 - 0256 3822 111", "0905111222", ("0914222333", "02563822111")),
        ("DĐ: 0905111222, CQ: (056) 3822 111", "0905111222", ("02563822111",)),
        ("0905 111 222 - 0511 3822 111", "0905111222", ("02363822111",)),
        ("0905 111 222 / 1900 1234", "0905111222", ("19001234",)),
    ],
)
def test_every_number_of_a_cell_is_kept(raw: str, first: str, others: tuple) -> None:
    assert normalize_phone(raw) == PhoneResult(first, True, others)


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("(056) 3822111", "02563822111"),  # Bình Định before 2017
        ("056 3822 111", "02563822111"),
        ("056.3822.111", "02563822111"),
        ("0511 3822 111", "02363822111"),  # Đà Nẵng
        ("04 3825 1234", "02438251234"),  # Hà Nội: 8-digit subscribers
        ("(08) 3822 1234", "02838221234"),  # Thành phố Hồ Chí Minh
        ("0563 822 111", "0563822111"),  # grouped as a mobile: a Vietnamobile number
        ("0210 3822 111", "02103822111"),  # Phú Thọ kept its code
        ("1900 1234", "19001234"),
        ("1800 1090", "18001090"),
        ("1900 54 54 54", "1900545454"),
    ],
)
def test_old_area_codes_and_service_numbers(raw: str, number: str) -> None:
    assert normalize_phone(raw) == PhoneResult(number, True, ())


def test_every_old_area_code_maps_to_a_valid_number() -> None:
    for old, new in OLD_AREA_CODES.items():
        subscriber = "38221234" if old in ("4", "8") else "3822123"
        assert old_landline(old + subscriber) == new + subscriber, old


def test_a_part_that_makes_no_number_is_kept_not_dropped() -> None:
    result = normalize_phone("0905 111 222 - 0999 3 822")
    assert (result.phone, result.others, result.unreadable) == ("0905111222", (), ("0999 3 822",))


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("0905111222", "0905 111 222"),
        ("02563822111", "0256 3822 111"),
        ("02438251234", "024 3825 1234"),
        ("19001234", "1900 1234"),
        ("+16502530000", "+1 650-253-0000"),
        ("không rõ", "không rõ"),
    ],
)
def test_format_phone(number: str, shown: str) -> None:
    assert format_phone(number) == shown
