"""Vietnamese date and time text, spelt one way in every output.

Hướng dẫn 36-HD/VPTW: a day below 10 and the months 1 and 2 take a leading zero
("ngày 05 tháng 02 năm 2022"); the weekday is lower case inside a sentence ("thứ Năm").
"""

from __future__ import annotations

from datetime import date, datetime

# what the time reads while the master has none (the plan's own words)
TIME_UNKNOWN = "(sẽ có thông báo cụ thể)"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def vn_date(day: date) -> str:
    """`ngày 05 tháng 02 năm 2022`: day below 10 and months 1–2 with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_weekday(day: date) -> str:
    """`thứ Năm` inside a sentence; `Chủ nhật` keeps its capital."""
    name = WEEKDAYS[day.weekday()]
    return name[0].lower() + name[1:] if name.startswith("Thứ") else name


def vn_datetime(moment: datetime | date | None) -> str:
    """`7 giờ 30 phút, thứ Năm, ngày 19 tháng 5 năm 2022`, as invitations write the time."""
    if moment is None:
        return TIME_UNKNOWN
    day = moment.date() if isinstance(moment, datetime) else moment
    text = f"{vn_weekday(day)}, {vn_date(day)}"
    if isinstance(moment, datetime) and (moment.hour or moment.minute):
        text = f"{moment.hour} giờ {moment.minute:02d} phút, {text}"
    return text


def vn_short_date(day: date | None) -> str:
    return vn_date(day) if day else ""


def place_date_line(place: str, day: date | None = None, *, year: int | None = None) -> str:
    """`Bình Định, ngày 26 tháng 4 năm 2022`; without a day, blanks to fill in by hand."""
    if day is not None:
        return f"{place}, {vn_date(day)}"
    return f"{place}, ngày    tháng    năm {year or ''}".rstrip()
