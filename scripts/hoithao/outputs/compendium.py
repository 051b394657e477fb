"""output/muc_luc_tham_luan.xlsx: the table of contents staff fill in while compiling the kỷ yếu.

Papers presented at the workshop come first, in speaking order, then papers only sent in, each
with the title, presenter and role the unit wrote on its return. Staff type each paper's page
count; a formula then gives the page where every paper starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_rowcol_to_cell

from hoithao.master.vocab import PAPER_FORM_PRESENT, SHEET_PAPERS
from hoithao.models import PaperStatus
from hoithao.outputs.party_doc import FONT_SIZE, fit_row_height, setup_a4, start_party_sheet
from hoithao.outputs.vocab import (
    COMPENDIUM_COLUMNS,
    COMPENDIUM_FIRST_PAGE,
    COMPENDIUM_NO_TITLE,
    COMPENDIUM_PAGE_NOTE,
    COMPENDIUM_SHEET,
    COMPENDIUM_TITLE,
    COMPENDIUM_XLSX,
    PAPER_STATES,
)
from hoithao.vn.text import fold
from hoithao.workspace import MASTER_FILE
from hoithao.xlsx.output import XlsxOutput

if TYPE_CHECKING:
    from hoithao.models import Consolidation
    from hoithao.workspace import Workspace

# A4 landscape: titles and file names need the room
COMPENDIUM_WIDTHS = (5, 40, 24, 24, 10, 11, 11, 24, 8, 7)
FIRST_PAGE = 3  # after the cover and the contents page of the kỷ yếu


def paper_title(paper: PaperStatus) -> str:
    """The title the unit gave, else its assigned orientation, marked as such."""
    if paper.form is not None and paper.form.title:
        return paper.form.title
    return COMPENDIUM_NO_TITLE.format(orientation=paper.assignment.orientation or "…")


def presenter_line(paper: PaperStatus) -> str:
    """ "Nguyễn Văn An, Bí thư Đảng ủy" from the return's paper sheet; empty if not given."""
    form = paper.form
    if form is None:
        return ""
    return ", ".join(part for part in (form.presenter, form.presenter_title) if part)


def compendium_order(papers: list[PaperStatus]) -> list[PaperStatus]:
    """Trình bày by Thứ tự trình bày (unnumbered last), then Gửi bài in master order."""

    def key(p: PaperStatus) -> tuple[int, float, int]:
        presented = fold(p.assignment.form) == fold(PAPER_FORM_PRESENT)
        order = p.assignment.order if presented and p.assignment.order is not None else float("inf")
        return (0 if presented else 1, order, p.assignment.row)

    return sorted(papers, key=key)


def write_compendium(c: Consolidation, ws: Workspace) -> str:
    """Write the table of contents; returns the workspace-relative path."""
    path = ws.output(COMPENDIUM_XLSX)
    event = c.master.event
    with XlsxOutput(path, display_path=ws.rel(path), title=COMPENDIUM_TITLE) as out:
        sheet, row = start_party_sheet(
            out, COMPENDIUM_SHEET, event.organiser, COMPENDIUM_WIDTHS, split=3
        )
        last = len(COMPENDIUM_COLUMNS) - 1
        size = {"font_size": FONT_SIZE}
        sheet.merge_range(
            row,
            0,
            row,
            last,
            COMPENDIUM_TITLE,
            out.fmt("bold", align="center", font_size=FONT_SIZE + 1),
        )
        sheet.merge_range(
            row + 1,
            0,
            row + 1,
            last,
            event.title,
            out.fmt("bold", align="center", valign="vcenter", text_wrap=True, **size),
        )
        sheet.set_row(row + 1, 36)
        received = sum(1 for p in c.papers if p.is_received)
        status = f"Đã nhận {received}/{len(c.papers)} bài tham luận (đến ngày {c.today:%d/%m/%Y})."
        sheet.merge_range(
            row + 2, 0, row + 2, last, status, out.fmt(italic=True, align="center", **size)
        )
        row += 4

        note = out.fmt(italic=True, **size)
        sheet.merge_range(row, 0, row, 7, COMPENDIUM_PAGE_NOTE, note)
        row += 1
        sheet.merge_range(row, 0, row, 7, COMPENDIUM_FIRST_PAGE, out.fmt(align="right", **size))
        first_page = (row, 9)
        sheet.write_number(row, 9, FIRST_PAGE, out.fmt("cell_center", bold=True, **size))
        row += 2

        header = out.fmt("header", bg_color="#FFFFFF", font_size=FONT_SIZE - 1)
        for col, text in enumerate(COMPENDIUM_COLUMNS.values()):
            sheet.write_string(row, col, text, header)
        sheet.set_row(row, 32)
        header_row = row
        row += 1

        cell = out.fmt("cell", valign="vcenter", font_size=FONT_SIZE - 1)
        centre = out.fmt("cell_center", valign="vcenter", text_wrap=True, font_size=FONT_SIZE - 1)
        late = out.fmt(
            "cell_center",
            valign="vcenter",
            bold=True,
            font_color="#9C0006",
            font_size=FONT_SIZE - 1,
        )
        date_fmt = out.fmt(
            "cell_center", valign="vcenter", num_format="dd/mm/yyyy", font_size=FONT_SIZE - 1
        )
        pages = out.fmt("cell_center", valign="vcenter", bg_color="#FFF2CC", font_size=12)
        start = out.fmt("cell_center", valign="vcenter", bold=True, font_size=FONT_SIZE - 1)
        for n, paper in enumerate(compendium_order(c.papers), start=1):
            title, presenter = paper_title(paper), presenter_line(paper)
            out.write_text(sheet, row, 0, str(n), centre)
            out.write_text(sheet, row, 1, title, cell)
            out.write(sheet, row, 2, presenter, cell)
            out.write_text(sheet, row, 3, paper.unit.name, cell)
            out.write_text(sheet, row, 4, paper.assignment.form, centre)
            problem = paper.state in ("late", "received_late")
            out.write_text(sheet, row, 5, PAPER_STATES[paper.state], late if problem else centre)
            out.write(sheet, row, 6, paper.received_on, date_fmt)
            # the folder is always workbooks/tham_luan/: the bare name is what staff look for
            names = "\n".join(f.rsplit("/", 1)[-1] for f in paper.files)
            out.write(sheet, row, 7, names, cell)
            sheet.write_blank(row, 8, None, pages)  # staff type the page count here
            sheet.write_formula(
                row,
                9,
                _start_formula(row, header_row, first_page),
                start,
                FIRST_PAGE if row == header_row + 1 else "",
            )
            texts = (title, presenter, paper.unit.name, names)
            widths = [COMPENDIUM_WIDTHS[i] for i in (1, 2, 3, 7)]
            fit_row_height(
                sheet,
                row,
                list(zip(texts, widths, strict=True)),
                font_size=FONT_SIZE - 1,
                minimum=22,
            )
            row += 1
        if not c.papers:
            note = (
                "Chưa có bài tham luận nào được phân công trong sheet "
                f"“{SHEET_PAPERS}” của {MASTER_FILE}."
            )
            sheet.merge_range(row, 0, row, last, note, out.fmt("cell", italic=True, **size))
            row += 1
        setup_a4(sheet, header_rows=(header_row, header_row), landscape=True)
        sheet.print_area(0, 0, row - 1, last)
    return ws.rel(path)


def _start_formula(row: int, header_row: int, first_page: tuple[int, int]) -> str:
    """The first paper starts at the given page; each next one after the previous one's pages,
    blank until those are filled in."""
    if row == header_row + 1:
        return f"={xl_rowcol_to_cell(*first_page, row_abs=True, col_abs=True)}"
    above_start, above_pages = xl_rowcol_to_cell(row - 1, 9), xl_rowcol_to_cell(row - 1, 8)
    return f'=IF(OR({above_start}="",{above_pages}=""),"",{above_start}+{above_pages})'
