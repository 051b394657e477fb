"""The issuing-body lines and the place of a Party document (Hướng dẫn 36-HD/VPTW), as text:
the xlsx sheets (outputs/party_doc.py) and the Word templates print the same words."""

from __future__ import annotations

import re

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"

BLANK_PLACE = "…………"
_LEVEL_PLACE = re.compile(r"^(.*\S)\s+(tỉnh|thành phố)\s+(\S.*)$", flags=re.IGNORECASE)


def party_heading_lines(organiser: str) -> list[str]:
    """The issuing body as printed top left: the superior committee, then the organiser.

    "Đảng ủy Khối các cơ quan tỉnh Bình Định" → "ĐẢNG BỘ TỈNH BÌNH ĐỊNH" over
    "ĐẢNG ỦY KHỐI CÁC CƠ QUAN", the way plan 38-KH/ĐUK heads itself.
    """
    organiser = organiser.strip()
    match = _LEVEL_PLACE.search(organiser)
    if not match:
        return [organiser.upper()] if organiser else []
    body, level, place = match.groups()
    return [f"ĐẢNG BỘ {level} {place}".upper(), body.upper()]


def place_name(organiser: str, default: str = BLANK_PLACE) -> str:
    """The province or city in the organiser's name, for the "<place>, ngày …" line."""
    match = _LEVEL_PLACE.search(organiser.strip())
    return match.group(3) if match else default
