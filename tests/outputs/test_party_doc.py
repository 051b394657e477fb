"""Dates on documents that go out: `Ngày ký` of the master, else blanks for the signer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from hoithao.models import Event
from hoithao.outputs.party_doc import document_date_line


def test_document_date_line_from_the_signing_date() -> None:
    event = Event(
        "HT",
        "Hội thảo",
        organiser="Đảng ủy Khối các cơ quan tỉnh Bình Định",
        starts_at=datetime(2022, 5, 19, 7, 30),
    )
    assert document_date_line(event) == "Bình Định, ngày    tháng    năm 2022"
    signed = replace(event, signed_on=date(2022, 5, 3))
    assert document_date_line(signed) == "Bình Định, ngày 03 tháng 5 năm 2022"
