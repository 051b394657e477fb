"""The Party-document heading: issuing body lines and place name from the organiser."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from hoithao import vocab
from hoithao.models import Event, Master, Unit
from hoithao.party_doc import (
    BLANK_PLACE,
    UnitHeading,
    document_date_line,
    party_heading_lines,
    place_name,
    superior_party_body,
    unit_heading,
)


def test_party_heading_lines() -> None:
    assert party_heading_lines("Đảng ủy Khối các cơ quan tỉnh Bình Định") == [
        "ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN",
    ]
    assert party_heading_lines("Đảng ủy Khối Doanh nghiệp") == ["ĐẢNG ỦY KHỐI DOANH NGHIỆP"]
    assert party_heading_lines("  ") == []


def test_place_name() -> None:
    assert place_name("Đảng ủy Khối các cơ quan tỉnh Bình Định") == "Bình Định"
    assert place_name("Đảng ủy Khối các cơ quan thành phố Hồ Chí Minh") == "Hồ Chí Minh"
    assert place_name("Đảng ủy Khối Doanh nghiệp") == BLANK_PLACE
    assert place_name("Đảng ủy Khối Doanh nghiệp", "Bình Định") == "Bình Định"


ORGANISER = "Đảng ủy Khối các cơ quan tỉnh Bình Định"


def _master(*units: Unit, organiser: str = ORGANISER) -> Master:
    return Master(Event("HT", "Hội thảo", organiser=organiser), {u.code: u for u in units}, {})


@pytest.mark.parametrize(
    ("organiser", "upper"),
    [
        (ORGANISER, "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"),
        ("Đảng ủy Khối Doanh nghiệp tỉnh Bình Định", "ĐẢNG BỘ KHỐI DOANH NGHIỆP TỈNH"),
        ("Huyện ủy Tuy Phước", "ĐẢNG BỘ HUYỆN TUY PHƯỚC"),
        ("Thành ủy Quy Nhơn", "ĐẢNG BỘ THÀNH PHỐ QUY NHƠN"),
    ],
)
def test_superior_party_body(organiser: str, upper: str) -> None:
    assert superior_party_body(organiser) == upper


def test_unit_heading_follows_the_units_type() -> None:
    """HD 36-HD/VPTW: the organisation above, the committee that issues, who signs."""
    health = Unit("CS02", "Đảng bộ Sở Y tế", vocab.KIND_DANG_BO_CO_SO)
    justice = Unit("CS23", "Chi bộ Sở Tư pháp", vocab.KIND_CHI_BO_CO_SO)
    bare = Unit("CS24", "Ban Dân tộc", vocab.KIND_CHI_BO_CO_SO)
    hospital = Unit("BP01", "Đảng bộ Bệnh viện Đa khoa tỉnh", vocab.KIND_DANG_BO_BO_PHAN, "CS02")
    office = Unit("TT01", "Chi bộ Văn phòng Sở", vocab.KIND_CHI_BO_TRUC_THUOC, "CS02")
    master = _master(health, justice, bare, hospital, office)
    assert unit_heading(health, master) == UnitHeading(
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG ỦY SỞ Y TẾ", "T/M ĐẢNG ỦY"
    )
    assert unit_heading(justice, master) == UnitHeading(
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "CHI BỘ SỞ TƯ PHÁP", "T/M CHI BỘ"
    )
    assert unit_heading(bare, master).issuer == "CHI BỘ BAN DÂN TỘC"
    assert unit_heading(hospital, master) == UnitHeading(
        "ĐẢNG BỘ SỞ Y TẾ", "ĐẢNG ỦY BỆNH VIỆN ĐA KHOA TỈNH", "T/M ĐẢNG ỦY"
    )
    assert unit_heading(office, master) == UnitHeading(
        "ĐẢNG BỘ SỞ Y TẾ", "CHI BỘ VĂN PHÒNG SỞ", "T/M CHI BỘ"
    )


def test_document_date_line_from_the_signing_date() -> None:
    event = Event("HT", "Hội thảo", organiser=ORGANISER, starts_at=datetime(2022, 5, 19, 7, 30))
    assert document_date_line(event) == "Bình Định, ngày    tháng    năm 2022"
    signed = replace(event, signed_on=date(2022, 5, 3))
    assert document_date_line(signed) == "Bình Định, ngày 03 tháng 5 năm 2022"
