"""Vietnamese date text: one spelling (Hướng dẫn 36-HD/VPTW) for every output."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hoithao.vn.dates import TIME_UNKNOWN, place_date_line, vn_date, vn_datetime, vn_short_date


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2022, 5, 19, 7, 30), "7 giờ 30 phút, thứ Năm, ngày 19 tháng 5 năm 2022"),
        (datetime(2022, 5, 16, 14, 0), "14 giờ 00 phút, thứ Hai, ngày 16 tháng 5 năm 2022"),
        (datetime(2022, 1, 2, 8, 5), "8 giờ 05 phút, Chủ nhật, ngày 02 tháng 01 năm 2022"),
        (datetime(2022, 2, 5, 13, 30), "13 giờ 30 phút, thứ Bảy, ngày 05 tháng 02 năm 2022"),
        (datetime(2022, 12, 31, 7, 0), "7 giờ 00 phút, thứ Bảy, ngày 31 tháng 12 năm 2022"),
        (date(2022, 4, 26), "thứ Ba, ngày 26 tháng 4 năm 2022"),
        (datetime(2024, 3, 6), "thứ Tư, ngày 06 tháng 3 năm 2024"),
        (datetime(2022, 6, 3, 9, 15), "9 giờ 15 phút, thứ Sáu, ngày 03 tháng 6 năm 2022"),
        (None, TIME_UNKNOWN),
    ],
)
def test_vn_datetime(moment: datetime | date | None, expected: str) -> None:
    assert vn_datetime(moment) == expected


def test_vn_date_pads_small_days_and_first_months() -> None:
    assert vn_date(date(2022, 4, 26)) == "ngày 26 tháng 4 năm 2022"
    assert vn_date(date(2023, 2, 9)) == "ngày 09 tháng 02 năm 2023"
    assert vn_date(date(2023, 11, 1)) == "ngày 01 tháng 11 năm 2023"


def test_vn_short_date_is_empty_without_a_day() -> None:
    assert vn_short_date(None) == ""
    assert vn_short_date(date(2022, 5, 10)) == "ngày 10 tháng 5 năm 2022"


def test_place_date_line_with_a_day_or_blanks() -> None:
    assert place_date_line("Bình Định", date(2022, 4, 26)) == "Bình Định, ngày 26 tháng 4 năm 2022"
    # DESIGN §11: "<place>, ngày    tháng    năm <event year>"
    assert place_date_line("Bình Định", year=2022) == "Bình Định, ngày    tháng    năm 2022"


def test_signin_time_uses_the_same_spelling() -> None:
    # was "14 giờ, Thứ Năm, ngày 19 tháng 5 năm 2022" in signin.event_time_text
    assert vn_datetime(datetime(2022, 5, 19, 14, 0)) == (
        "14 giờ 00 phút, thứ Năm, ngày 19 tháng 5 năm 2022"
    )
