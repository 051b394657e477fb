"""The Party-document layout every printed output shares (Hướng dẫn 36-HD/VPTW).

One source for the issuing-body lines, the place name and the A4 set-up, so the sign-in sheets,
the budget, the table of contents and the Word templates head themselves the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import vocab
from .printing import fit_row
from .vndate import place_date_line

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from .excel import XlsxOutput
    from .models import Event, Master, Unit

# Party documents (Hướng dẫn 36-HD/VPTW) are set in Times New Roman 13–14.
FONT_SIZE = 13
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
    for committee, level in vocab.PARTY_BODY_OF_COMMITTEE.items():
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
    committee = vocab.PARTY_COMMITTEE_OF[organisation]
    name = unit_name.strip()
    for prefix in (organisation, committee):
        if name.casefold().startswith(prefix.casefold() + " "):
            name = name[len(prefix) + 1 :]
            break
    return f"{committee} {name}".upper()


def unit_heading(unit: Unit, master: Master) -> UnitHeading:
    """Heading and signature of a unit's document, chosen from its type (Loại hình)."""
    parent = master.units.get(unit.parent) if unit.parent else None
    if parent is not None:
        upper = committee_name(parent.name, parent.kind).replace("ĐẢNG ỦY", "ĐẢNG BỘ", 1)
    else:
        upper = superior_party_body(master.event.organiser or vocab.DOC_ORGANISER)
    issuer = committee_name(unit.name, unit.kind)
    on_behalf = "T/M CHI BỘ" if issuer.startswith("CHI BỘ") else "T/M ĐẢNG ỦY"
    return UnitHeading(upper, issuer, on_behalf)


def place_name(organiser: str, default: str = BLANK_PLACE) -> str:
    """The province or city in the organiser's name, for the "<place>, ngày …" line."""
    match = _LEVEL_PLACE.search(organiser.strip())
    return match.group(3) if match else default


def event_year(event: Event) -> int | None:
    """The year a blank date line prints: the event's, never the year the command ran."""
    for moment in (event.starts_at, event.signed_on, event.registration_deadline):
        if moment is not None:
            return moment.year
    return None


def document_date_line(event: Event) -> str:
    """`Bình Định, ngày 26 tháng 4 năm 2022` from `Ngày ký`; blank day and month without it."""
    place = place_name(event.organiser, place_name(vocab.DOC_ORGANISER))
    return place_date_line(place, event.signed_on, year=event_year(event))


# --- xlsx: print set-up shared by signin.py, budget.py, compendium.py ---------------------------
def fit_row_height(
    ws: Worksheet,
    row: int,
    cells: Sequence[tuple[str, float]],
    *,
    font_size: int = FONT_SIZE,
    minimum: float = 0,
) -> None:
    """Set a row tall enough for its wrapped text: xlsxwriter cannot autofit rows, and
    LibreOffice keeps the default height of a row written without one."""
    fit_row(ws, row, cells, font_size=font_size, minimum=minimum)


def setup_a4(
    ws: Worksheet, *, header_rows: tuple[int, int] | None = None, landscape: bool = False
) -> None:
    """A4, fit to one page wide, page numbers in the footer, Party-document margins."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    # inches: left 30 mm for binding, right 15 mm, top and bottom 20 mm (Hướng dẫn 36-HD/VPTW)
    ws.set_margins(left=1.0, right=0.5, top=0.7, bottom=0.8)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)
    ws.set_footer(f'&C&"Times New Roman,Regular"&11{vocab.PAGE_FOOTER}', {"margin": 0.3})
    if header_rows is not None:
        ws.repeat_rows(*header_rows)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)


def write_party_heading(
    out: XlsxOutput,
    ws: Worksheet,
    organiser: str,
    *,
    split: int,
    last_col: int,
    date_line: str = "",
) -> int:
    """Issuing body and `*` top left, ĐẢNG CỘNG SẢN VIỆT NAM top right; returns the next row."""
    left = [*party_heading_lines(organiser), "*"]
    right = [vocab.PARTY_NAME]
    if date_line:
        right += ["", date_line]
    bold = out.fmt("bold", align="center", valign="vcenter", font_size=FONT_SIZE)
    party = out.fmt("bold", align="center", valign="vcenter", font_size=FONT_SIZE + 1, underline=1)
    italic = out.fmt(italic=True, align="center", valign="vcenter", font_size=FONT_SIZE)
    regular = out.fmt(align="center", valign="vcenter", font_size=FONT_SIZE)
    rows = max(len(left), len(right))
    for i in range(rows):
        if i < len(left):
            # HD 36: the organisation above in regular type, the issuing committee in bold
            fmt = bold if i == len(left) - 2 else regular
            ws.merge_range(i, 0, i, split - 1, left[i], fmt)
        if i < len(right):
            text = right[i]
            fmt = party if i == 0 else italic
            if text:
                ws.merge_range(i, split, i, last_col, text, fmt)
    return rows + 1


def start_party_sheet(
    out: XlsxOutput,
    name: str,
    organiser: str,
    widths: Sequence[float],
    *,
    split: int,
    date_line: str = "",
) -> tuple[Worksheet, int]:
    """A new sheet with its column widths and the Party heading; returns (sheet, next row)."""
    sheet = out.sheet(name)
    set_widths(sheet, widths)
    row = write_party_heading(
        out, sheet, organiser, split=split, last_col=len(widths) - 1, date_line=date_line
    )
    return sheet, row
