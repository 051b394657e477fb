"""The Party-document heading: issuing body lines and place name from the organiser."""

from __future__ import annotations

import pytest

from hoithao.vn.party import (
    BLANK_PLACE,
    UnitHeading,
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
    health = ("Đảng bộ Sở Y tế", "Đảng bộ cơ sở")
    assert unit_heading(*health, organiser=ORGANISER) == UnitHeading(
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG ỦY SỞ Y TẾ", "T/M ĐẢNG ỦY"
    )
    assert unit_heading("Chi bộ Sở Tư pháp", "Chi bộ cơ sở", organiser=ORGANISER) == UnitHeading(
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "CHI BỘ SỞ TƯ PHÁP", "T/M CHI BỘ"
    )
    bare = unit_heading("Ban Dân tộc", "Chi bộ cơ sở", organiser=ORGANISER)
    assert bare.issuer == "CHI BỘ BAN DÂN TỘC"
    hospital = unit_heading(
        "Đảng bộ Bệnh viện Đa khoa tỉnh", "Đảng bộ bộ phận", organiser=ORGANISER, parent=health
    )
    assert hospital == UnitHeading(
        "ĐẢNG BỘ SỞ Y TẾ", "ĐẢNG ỦY BỆNH VIỆN ĐA KHOA TỈNH", "T/M ĐẢNG ỦY"
    )
    office = unit_heading(
        "Chi bộ Văn phòng Sở", "Chi bộ trực thuộc", organiser=ORGANISER, parent=health
    )
    assert office == UnitHeading("ĐẢNG BỘ SỞ Y TẾ", "CHI BỘ VĂN PHÒNG SỞ", "T/M CHI BỘ")
