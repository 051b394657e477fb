"""The Party-document sheet every printed xlsx output shares (Hướng dẫn 36-HD/VPTW).

One source for the A4 set-up, row heights and the heading block, so the sign-in sheets, the
budget and the table of contents head themselves the same way (the text is vn/party.py's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hoithao.outputs.vocab import DOC_ORGANISER, PAGE_FOOTER
from hoithao.vn.dates import place_date_line
from hoithao.vn.party import PARTY_NAME, party_heading_lines, place_name
from hoithao.xlsx.printing import fit_row

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from hoithao.models import Event
    from hoithao.xlsx.output import XlsxOutput

# Party documents (Hướng dẫn 36-HD/VPTW) are set in Times New Roman 13–14.
FONT_SIZE = 13


def event_year(event: Event) -> int | None:
    """The year a blank date line prints: the event's, never the year the command ran."""
    for moment in (event.starts_at, event.signed_on, event.registration_deadline):
        if moment is not None:
            return moment.year
    return None


def document_date_line(event: Event) -> str:
    """`Bình Định, ngày 26 tháng 4 năm 2022` from `Ngày ký`; blank day and month without it
    (DESIGN §11): never the day the command ran."""
    place = place_name(event.organiser, place_name(DOC_ORGANISER))
    return place_date_line(place, event.signed_on, year=event_year(event))


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
    ws.set_footer(f'&C&"Times New Roman,Regular"&11{PAGE_FOOTER}', {"margin": 0.3})
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
    right = [PARTY_NAME]
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
