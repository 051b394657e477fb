"""output/danh_sach_ky_ten.xlsx: the sign-in sheets delegates sign at the door.

One sheet, one block per category with a page break before each new block: a single print job,
one repeated column header and page numbers that run through the whole list. No phone or e-mail:
the sheet lies open on a table for everyone to see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from hoithao.outputs.party_doc import FONT_SIZE, setup_a4, start_party_sheet
from hoithao.outputs.vocab import (
    SIGNIN_COLUMNS,
    SIGNIN_OTHER_CATEGORY,
    SIGNIN_SHEET,
    SIGNIN_SUBSTITUTE_HINT,
    SIGNIN_TITLE,
    SIGNIN_XLSX,
)
from hoithao.vn.dates import vn_datetime
from hoithao.xlsx.fastrows import put_row, set_height
from hoithao.xlsx.output import XlsxOutput
from hoithao.xlsx.printing import RowHeights

if TYPE_CHECKING:
    from hoithao.models import Consolidation, Delegate
    from hoithao.workspace import Workspace

SUBSTITUTE_ROWS = 3
SIGN_ROW_HEIGHT = 28
# widths in Excel character units; A4 portrait holds about 90 of them at 100 %
SIGNIN_WIDTHS = (5, 22, 25, 26, 16)


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
        result.append((SIGNIN_OTHER_CATEGORY, other))
    return result


@dataclass(frozen=True)
class SigninPlan:
    """What the sign-in sheets show, as plain text: a worker writes them from this alone."""

    organiser: str
    event_title: str
    starts_at: datetime | None
    venue: str
    blocks: list[tuple[str, list[tuple[str, str, str]]]]  # category: (name, title, unit) rows


def signin_plan(c: Consolidation) -> SigninPlan:
    event = c.master.event
    blocks = [
        (name, [(d.full_name, delegate_title(d), d.unit_name) for d in people])
        for name, people in signin_blocks(c)
    ]
    return SigninPlan(event.organiser, event.title, event.starts_at, event.venue, blocks)


def write_signin(c: Consolidation, ws: Workspace) -> str:
    """Write the sign-in sheets; returns the workspace-relative path."""
    return write_signin_plan(signin_plan(c), ws)


def write_signin_plan(plan: SigninPlan, ws: Workspace) -> str:
    path = ws.output(SIGNIN_XLSX)
    with XlsxOutput(path, display_path=ws.rel(path), title=SIGNIN_TITLE) as out:
        sheet, row = start_party_sheet(out, SIGNIN_SHEET, plan.organiser, SIGNIN_WIDTHS, split=3)
        last = len(SIGNIN_COLUMNS) - 1

        title = out.fmt("bold", align="center", valign="vcenter", font_size=FONT_SIZE + 1)
        centred = out.fmt(align="center", valign="vcenter", text_wrap=True, font_size=FONT_SIZE)
        sheet.merge_range(row, 0, row, last, SIGNIN_TITLE, title)
        row += 1
        sheet.merge_range(
            row,
            0,
            row,
            last,
            plan.event_title,
            out.fmt("bold", align="center", valign="vcenter", text_wrap=True, font_size=FONT_SIZE),
        )
        sheet.set_row(row, 36)
        row += 1
        for line in (
            f"Thời gian: {vn_datetime(plan.starts_at)}",
            f"Địa điểm: {plan.venue}" if plan.venue else "",
        ):
            if line:
                sheet.merge_range(row, 0, row, last, line, centred)
                sheet.set_row(row, 34 if len(line) > 80 else 19)
                row += 1
        row += 1

        header_row = row
        header = out.fmt("header", font_size=FONT_SIZE, bg_color="#FFFFFF")
        for col, label in enumerate(SIGNIN_COLUMNS.values()):
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
        # the height fit_row_height gives a delegate's row (name, title, unit)
        heights = RowHeights(SIGNIN_WIDTHS[1:4], font_size=FONT_SIZE, minimum=SIGN_ROW_HEIGHT)
        for index, (name, people) in enumerate(plan.blocks):
            if index:
                breaks.append(row)
            sheet.merge_range(row, 0, row, last, f"{_roman(index + 1)}. {name}", block)
            sheet.set_row(row, 22)
            row += 1
            formats = (seq, cell, cell, cell, cell)
            fitted = heights.of_rows(people)
            for n, (texts, height) in enumerate(zip(people, fitted, strict=True), start=1):
                put_row(out, sheet, row, (str(n), *texts, ""), formats, formats)
                set_height(sheet, row, height)
                row += 1
            substitute = (seq, hint, cell, cell, cell)
            for n in range(len(people) + 1, len(people) + SUBSTITUTE_ROWS + 1):
                values = (str(n), SIGNIN_SUBSTITUTE_HINT, "", "", "")
                put_row(out, sheet, row, values, substitute, substitute)
                set_height(sheet, row, SIGN_ROW_HEIGHT)
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
