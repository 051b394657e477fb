"""Cell values of the master as staff type them: dates, numbers, lists, marks and phones."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hoithao.master.vocab import (
    BUDGET_FIXED,
    BUDGET_PER_DELEGATE,
    MASTER_GUIDE_ROW_MARK,
    PAPER_FORMS,
    SUMMONED_NO,
    SUMMONED_YES,
    UNIT_KIND_ALIASES,
    UNIT_KINDS,
)
from hoithao.rules.normalize import clean_value
from hoithao.rules.vocab import GENDER_ALIASES, PARTY_ROLE_ALIASES, PARTY_ROLES
from hoithao.vn.text import fold, header_key

# Excel's day 0 for serial dates (the 1900 leap-year bug makes it 30 Dec 1899, not 31).
_EXCEL_EPOCH = datetime(1899, 12, 30)
_DATE_DMY = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_TIME = re.compile(r"(\d{1,2})\s*(?::|h|gio)\s*(\d{2})?(?:\s*(?::\s*\d{2}|phut))?")
_LIST_SPLIT = re.compile(r"\s*(?:[,;/\n]|\bhoặc\b)\s*")


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number staff see in Excel
    values: Mapping[str, object]


def cell_text(value: object) -> str:
    """A cell as text: calamine gives floats for numbers, date/time objects for dates."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time() else f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return clean_value(str(value))


def is_guide_row(raw: Sequence[object]) -> bool:
    """Row 2 of a master made by `hoithao init` explains the sheet; it is not data."""
    first = next((text for text in map(cell_text, raw) if text), "")
    return fold(first).startswith(fold(MASTER_GUIDE_ROW_MARK))


def lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def kinds_text() -> str:
    return ", ".join(UNIT_KINDS)


KIND_KEYS = {header_key(kind): kind for kind in UNIT_KINDS} | {
    header_key(alias): kind for alias, kind in UNIT_KIND_ALIASES.items()
}
ROLE_KEYS = {header_key(role): role for role in PARTY_ROLES} | {
    header_key(alias): role for alias, role in PARTY_ROLE_ALIASES.items()
}
FORM_KEYS = {header_key(form): form for form in PAPER_FORMS}
BASIS_KEYS = {header_key(b): b for b in (BUDGET_PER_DELEGATE, BUDGET_FIXED)}
GENDER_KEYS = {header_key(k): v for k, v in GENDER_ALIASES.items()}


def mark_key(text: str) -> str:
    # not header_key: it drops "-" and "✓", which are marks staff use in the Triệu tập column
    return fold(text).strip(" .")


SUMMONED_YES_KEYS = {mark_key(v) for v in SUMMONED_YES}
SUMMONED_NO_KEYS = {mark_key(v) for v in SUMMONED_NO}


def match_unit_kind(text: str) -> str | None:
    """The canonical Loại hình for what staff typed, or None."""
    return KIND_KEYS.get(header_key(text))


def parse_datetime(value: object) -> datetime | None:
    """A date-time cell, an Excel serial, or text like "07:30 19/5/2022" or "19/05/2022 7h30"."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # a date typed into a cell formatted as a number: Excel keeps the serial
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=float(value))
        raise ValueError(value)
    text = fold(cell_text(value))  # not header_key: it drops ":" "-" ","
    day = _parse_date_text(text)
    if day is None:
        raise ValueError(value)
    found, rest = day
    clock = _TIME.search(rest)
    if clock is None:
        if re.search(r"\d", rest):
            raise ValueError(value)
        return datetime.combine(found, time())
    hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(value)
    return datetime.combine(found, time(hour, minute))


def parse_date(value: object) -> date | None:
    """A date cell, an Excel serial, or text like "10/5/2022" or "ngày 10 tháng 5 năm 2022"."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_datetime(value).date()  # type: ignore[union-attr]
    found = _parse_date_text(fold(cell_text(value)))
    if found is None or re.search(r"\d", found[1]):
        raise ValueError(value)
    return found[0]


def _parse_date_text(text: str) -> tuple[date, str] | None:
    """The date found in folded text, and the text around it (where a time may be)."""
    for pattern, order in ((_DATE_WORDS, "dmy"), (_DATE_DMY, "dmy"), (_DATE_ISO, "ymd")):
        match = pattern.search(text)
        if match is None:
            continue
        a, b, c = (int(g) for g in match.groups())
        year, month, day = (c, b, a) if order == "dmy" else (a, b, c)
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        return found, (text[: match.start()] + " " + text[match.end() :]).strip()
    return None


def parse_int(value: object) -> int | None:
    """A whole number from a number cell or text with thousands separators ("1.000")."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return int(value)
        raise ValueError(value)
    text = cell_text(value).replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+|\d+", text):
        return int(re.sub(r"[.,]", "", text))
    raise ValueError(value)


def parse_number(value: object) -> float | None:
    """An amount from a number cell or text such as "20.000 đ", "20,000" or "1,5"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = fold(cell_text(value))
    text = re.sub(r"(vnd|dong|d)$", "", text.replace(" ", "")).strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d+([.,]\d+)?", text):
        return float(text.replace(",", "."))
    raise ValueError(value)


def parse_positive(value: object) -> int | None:
    number = parse_int(value)
    if number is not None and number <= 0:
        raise ValueError(value)
    return number


def split_list(text: str) -> list[str]:
    return [part for part in _LIST_SPLIT.split(text) if part]


def phone_text(value: object) -> str:
    # a phone typed as a number loses its leading zero: 912345678.0 -> "0912345678"
    text = cell_text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 8 <= len(text) <= 10:
        return "0" + text
    return text
