"""Sheet "Thông tin": the event itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from hoithao.master.book import MasterBook
from hoithao.master.cells import cell_text, lower_first, parse_date, parse_datetime, parse_positive
from hoithao.master.vocab import (
    INFO_ITEM,
    INFO_ROWS,
    INFO_VALUE,
    SHEET_INFO,
)
from hoithao.models import (
    Event,
)
from hoithao.vn.text import header_key

T = TypeVar("T")


def read_event(book: MasterBook) -> Event:
    sheet = SHEET_INFO
    columns = {"item": INFO_ITEM, "value": INFO_VALUE}
    by_label = {header_key(label): key for key, label in INFO_ROWS.items()}
    raw: dict[str, tuple[int, object]] = {}
    for row in book.table(sheet, columns, ("item", "value")):
        key = by_label.get(header_key(cell_text(row.values["item"])))
        if key and key not in raw:
            raw[key] = (row.number, row.values["value"])
    book.info_rows = {key: number for key, (number, _value) in raw.items()}

    def text(key: str) -> str:
        return cell_text(raw[key][1]) if key in raw else ""

    return Event(
        event_code=text("event_code"),
        title=text("title"),
        plan_number=text("plan_number"),
        organiser=text("organiser"),
        starts_at=_info(book, raw, "starts_at", parse_datetime, "ngày giờ", "07:30 19/05/2022"),
        venue=text("venue"),
        hall_capacity=_info(book, raw, "hall_capacity", parse_positive, "số nguyên dương", "150"),
        registration_deadline=_info(
            book, raw, "registration_deadline", parse_date, "ngày", "10/05/2022"
        ),
        paper_deadline=_info(book, raw, "paper_deadline", parse_date, "ngày", "12/05/2022"),
        signer=text("signer"),
        signer_title=text("signer_title"),
        signed_on=_info(book, raw, "signed_on", parse_date, "ngày", "26/04/2022"),
    )


def _info(
    book: MasterBook,
    raw: Mapping[str, tuple[int, object]],
    key: str,
    parse: Callable[[object], T | None],
    kind: str,
    example: str,
) -> T | None:
    if key not in raw:
        return None
    number, value = raw[key]
    try:
        return parse(value)
    except ValueError:
        label = lower_first(INFO_ROWS[key])
        book.fail_row(
            SHEET_INFO,
            number,
            f'{label} "{cell_text(value)}" không phải là {kind} (ví dụ: {example})',
        )
