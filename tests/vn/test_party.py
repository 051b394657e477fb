"""The Party-document heading: issuing body lines and place name from the organiser."""

from __future__ import annotations

from hoithao.vn.party import BLANK_PLACE, party_heading_lines, place_name


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
