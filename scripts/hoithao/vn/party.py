"""The issuing-body lines and the place of a Party document (Hướng dẫn 36-HD/VPTW), as text:
the xlsx sheets (outputs/party_doc.py) and the Word templates print the same words."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


# Hướng dẫn 36-HD/VPTW: a Party organisation's name → its executive that issues and signs
PARTY_COMMITTEE_OF = {"Đảng bộ": "Đảng ủy", "Chi bộ": "Chi bộ"}
# a committee of a territory → the Party organisation it leads ("Tỉnh ủy Bình Định" → "Đảng bộ
# tỉnh Bình Định")
PARTY_BODY_OF_COMMITTEE = {
    "tỉnh ủy": "tỉnh",
    "thành ủy": "thành phố",
    "huyện ủy": "huyện",
    "quận ủy": "quận",
    "thị ủy": "thị xã",
}


@dataclass(frozen=True)
class UnitHeading:
    """A unit's own document head (HD 36-HD/VPTW): the Party organisation above it, the
    committee that issues, and the signature line."""

    upper: str  # "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
    issuer: str  # "ĐẢNG ỦY SỞ Y TẾ"
    on_behalf: str  # "T/M ĐẢNG ỦY"


def superior_party_body(organiser: str) -> str:
    """The Party organisation the organiser's committee leads, as the upper heading line of its
    units: "Đảng ủy Khối các cơ quan tỉnh Bình Định" → "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"."""
    organiser = organiser.strip()
    folded = organiser.casefold()
    for committee, level in PARTY_BODY_OF_COMMITTEE.items():
        if folded.startswith(committee + " "):
            return f"ĐẢNG BỘ {level} {organiser[len(committee) + 1 :]}".upper()
    match = _LEVEL_PLACE.search(organiser)
    body = f"{match.group(1)} {match.group(2)}" if match else organiser
    if body.casefold().startswith("đảng ủy "):
        body = "Đảng bộ " + body[len("đảng ủy ") :]
    return body.upper()


def committee_name(unit_name: str, kind: str) -> str:
    """The committee that issues for a unit: "Đảng bộ Sở Y tế" → "ĐẢNG ỦY SỞ Y TẾ", a chi bộ
    issues in its own name ("CHI BỘ SỞ TƯ PHÁP")."""
    organisation = "Chi bộ" if kind.startswith("Chi bộ") else "Đảng bộ"
    committee = PARTY_COMMITTEE_OF[organisation]
    name = unit_name.strip()
    for prefix in (organisation, committee):
        if name.casefold().startswith(prefix.casefold() + " "):
            name = name[len(prefix) + 1 :]
            break
    return f"{committee} {name}".upper()


def unit_heading(
    name: str, kind: str, *, organiser: str, parent: tuple[str, str] | None = None
) -> UnitHeading:
    """Heading and signature of a unit's document, chosen from its type (Loại hình): a
    grassroots unit under the organiser's Party organisation, a sub-unit (`parent` = its
    name and type) under its parent's."""
    if parent is not None:
        upper = committee_name(*parent).replace("ĐẢNG ỦY", "ĐẢNG BỘ", 1)
    else:
        upper = superior_party_body(organiser)
    issuer = committee_name(name, kind)
    on_behalf = "T/M CHI BỘ" if issuer.startswith("CHI BỘ") else "T/M ĐẢNG ỦY"
    return UnitHeading(upper, issuer, on_behalf)


def place_name(organiser: str, default: str = BLANK_PLACE) -> str:
    """The province or city in the organiser's name, for the "<place>, ngày …" line."""
    match = _LEVEL_PLACE.search(organiser.strip())
    return match.group(3) if match else default
