"""output/danh_sach_ky_ten.xlsx: the sign-in sheets delegates sign at the door.

One sheet, one block per category with a page break before each new block: a single print job,
one repeated column header and page numbers that run through the whole list. No phone or e-mail:
the sheet lies open on a table for everyone to see.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import vocab
from .excel import XlsxOutput

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from .consolidate import Consolidation
    from .models import Delegate, Event
    from .workspace import Workspace

# Party documents (Hướng dẫn 36-HD/VPTW) are set in Times New Roman 13–14.
FONT_SIZE = 13
SUBSTITUTE_ROWS = 3
SIGN_ROW_HEIGHT = 28
# widths in Excel character units; A4 portrait holds about 90 of them at 100 %
SIGNIN_WIDTHS = (5, 22, 25, 26, 16)
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def party_heading_lines(organiser: str) -> list[str]:
    """The issuing body as printed top left: the superior committee, then the organiser.

    "Đảng ủy Khối các cơ quan tỉnh Bình Định" → "ĐẢNG BỘ TỈNH BÌNH ĐỊNH" over
    "ĐẢNG ỦY KHỐI CÁC CƠ QUAN", the way plan 38-KH/ĐUK heads itself.
    """
    organiser = organiser.strip()
    match = re.search(r"^(.*\S)\s+(tỉnh|thành phố)\s+(\S.*)$", organiser, flags=re.IGNORECASE)
    if not match:
        return [organiser.upper()] if organiser else []
    body, level, place = match.groups()
    return [f"ĐẢNG BỘ {level} {place}".upper(), body.upper()]


def place_name(organiser: str) -> str:
    """The province or city in the organiser's name, for the "<place>, ngày …" line."""
    match = re.search(r"(?:tỉnh|thành phố)\s+(\S.*)$", organiser.strip(), flags=re.IGNORECASE)
    return match.group(1) if match else "…………"


def event_time_text(event: Event) -> str:
    """ "7 giờ 30 phút, Thứ Năm, ngày 19 tháng 5 năm 2022" — the way invitations write it."""
    when = event.starts_at
    if when is None:
        return "(sẽ có thông báo cụ thể)"
    clock = f"{when.hour} giờ" + (f" {when.minute:02d} phút" if when.minute else "")
    return (
        f"{clock}, {WEEKDAYS[when.weekday()]}, ngày {when.day} tháng {when.month} năm {when.year}"
    )


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
    lines = 1
    for text, width in cells:
        # a width unit holds about one Calibri-11 character; Times New Roman is narrower
        per_line = max(1, int(width * 11 / font_size * 1.3) - 1)
        lines = max(lines, sum(_wrapped_lines(part, per_line) for part in str(text).split("\n")))
    ws.set_row(row, max(minimum, lines * font_size * 1.25 + 5))


def _wrapped_lines(text: str, per_line: int) -> int:
    """Lines a cell needs when words are wrapped greedily, as Excel and LibreOffice do."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + len(word)
        while used > per_line:
            lines, used = lines + 1, used - per_line
    return lines


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
    rows = max(len(left), len(right))
    for i in range(rows):
        if i < len(left):
            ws.merge_range(i, 0, i, split - 1, left[i], bold)
        if i < len(right):
            text = right[i]
            fmt = party if i == 0 else italic
            if text:
                ws.merge_range(i, split, i, last_col, text, fmt)
    return rows + 1


def delegate_title(d: Delegate) -> str:
    """Party role first, then the job title: "Bí thư, Giám đốc"."""
    parts = [p for p in (d.party_role, d.job_title) if p]
    return ", ".join(dict.fromkeys(parts))


def signin_blocks(c: Consolidation) -> list[tuple[str, list[Delegate]]]:
    """(category name, delegates) in master order; delegates keep protocol order."""
    blocks: dict[str, list[Delegate]] = {code: [] for code in c.master.categories}
    other: list[Delegate] = []
    for d in c.delegates:
        blocks.get(d.category, other).append(d)
    result = [(c.master.categories[code].name, people) for code, people in blocks.items()]
    if other:
        result.append((vocab.SIGNIN_OTHER_CATEGORY, other))
    return result


def write_signin(c: Consolidation, ws: Workspace) -> str:
    """Write the sign-in sheets; returns the workspace-relative path."""
    path = ws.output(vocab.SIGNIN_XLSX)
    event = c.master.event
    with XlsxOutput(path, display_path=ws.rel(path), title=vocab.SIGNIN_TITLE) as out:
        sheet = out.sheet(vocab.SIGNIN_SHEET)
        last = len(vocab.SIGNIN_COLUMNS) - 1
        for col, width in enumerate(SIGNIN_WIDTHS):
            sheet.set_column(col, col, width)
        row = write_party_heading(out, sheet, event.organiser, split=2, last_col=last)

        title = out.fmt("bold", align="center", valign="vcenter", font_size=FONT_SIZE + 1)
        centred = out.fmt(align="center", valign="vcenter", text_wrap=True, font_size=FONT_SIZE)
        sheet.merge_range(row, 0, row, last, vocab.SIGNIN_TITLE, title)
        row += 1
        sheet.merge_range(
            row,
            0,
            row,
            last,
            event.title,
            out.fmt("bold", align="center", valign="vcenter", text_wrap=True, font_size=FONT_SIZE),
        )
        sheet.set_row(row, 36)
        row += 1
        for line in (
            f"Thời gian: {event_time_text(event)}",
            f"Địa điểm: {event.venue}" if event.venue else "",
        ):
            if line:
                sheet.merge_range(row, 0, row, last, line, centred)
                sheet.set_row(row, 34 if len(line) > 80 else 19)
                row += 1
        row += 1

        header_row = row
        header = out.fmt("header", font_size=FONT_SIZE, bg_color="#FFFFFF")
        for col, label in enumerate(vocab.SIGNIN_COLUMNS.values()):
            sheet.write_string(row, col, label, header)
        sheet.set_row(row, 24)
        row += 1

        cell = out.fmt("cell", valign="vcenter", font_size=FONT_SIZE)
        seq = out.fmt("cell_center", valign="vcenter", font_size=FONT_SIZE)
        hint = out.fmt(
            "cell", valign="vcenter", italic=True, font_color="#808080", font_size=FONT_SIZE - 2
        )
        block = out.fmt("bold", valign="vcenter", border=1, font_size=FONT_SIZE, bg_color="#F2F2F2")
        breaks: list[int] = []
        for index, (name, people) in enumerate(signin_blocks(c)):
            if index:
                breaks.append(row)
            sheet.merge_range(row, 0, row, last, f"{_roman(index + 1)}. {name}", block)
            sheet.set_row(row, 22)
            row += 1
            for n, d in enumerate(people, start=1):
                out.write_text(sheet, row, 0, str(n), seq)
                out.write_text(sheet, row, 1, d.full_name, cell)
                out.write_text(sheet, row, 2, delegate_title(d), cell)
                out.write_text(sheet, row, 3, d.unit_name, cell)
                sheet.write_blank(row, 4, None, cell)
                texts = (d.full_name, delegate_title(d), d.unit_name)
                fit_row_height(
                    sheet,
                    row,
                    list(zip(texts, SIGNIN_WIDTHS[1:4], strict=True)),
                    minimum=SIGN_ROW_HEIGHT,
                )
                row += 1
            for n in range(len(people) + 1, len(people) + SUBSTITUTE_ROWS + 1):
                out.write_text(sheet, row, 0, str(n), seq)
                out.write_text(sheet, row, 1, vocab.SIGNIN_SUBSTITUTE_HINT, hint)
                for col in (2, 3, 4):
                    sheet.write_blank(row, col, None, cell)
                sheet.set_row(row, SIGN_ROW_HEIGHT)
                row += 1
        sheet.set_h_pagebreaks(breaks)
        setup_a4(sheet, header_rows=(header_row, header_row))
        sheet.print_area(0, 0, row - 1, last)
    return ws.rel(path)


def _roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while n >= value:
            text += letters
            n -= value
    return text
