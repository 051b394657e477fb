"""output/muc_luc_tham_luan.xlsx: the table of contents staff fill in while compiling the kỷ yếu.

Papers presented at the workshop come first, in speaking order, then papers only sent in; the
`Trang` column stays blank for the page numbers of the compiled volume.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hoithao.master.vocab import PAPER_FORM_PRESENT, SHEET_PAPERS
from hoithao.models import PaperStatus
from hoithao.outputs.party_doc import FONT_SIZE, fit_row_height, setup_a4, start_party_sheet
from hoithao.outputs.vocab import (
    COMPENDIUM_COLUMNS,
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

# A4 landscape: the file names and orientations need the room
COMPENDIUM_WIDTHS = (5, 28, 40, 11, 11, 30, 11, 7)


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
        received = sum(1 for p in c.papers if p.state == "received")
        status = f"Đã nhận {received}/{len(c.papers)} bài tham luận (đến ngày {c.today:%d/%m/%Y})."
        sheet.merge_range(
            row + 2, 0, row + 2, last, status, out.fmt(italic=True, align="center", **size)
        )
        row += 4

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
        for n, paper in enumerate(compendium_order(c.papers), start=1):
            out.write_text(sheet, row, 0, str(n), centre)
            out.write_text(sheet, row, 1, paper.unit.name, cell)
            out.write_text(sheet, row, 2, paper.assignment.orientation, cell)
            out.write_text(sheet, row, 3, paper.assignment.form, centre)
            out.write_text(
                sheet,
                row,
                4,
                PAPER_STATES[paper.state],
                late if paper.state == "late" else centre,
            )
            # the folder is always workbooks/tham_luan/: the bare name is what staff look for
            names = "\n".join(f.rsplit("/", 1)[-1] for f in paper.files)
            out.write_text(sheet, row, 5, names, cell)
            out.write(sheet, row, 6, paper.received_on, date_fmt)
            sheet.write_blank(row, 7, None, centre)
            texts = (paper.unit.name, paper.assignment.orientation, names)
            widths = (COMPENDIUM_WIDTHS[1], COMPENDIUM_WIDTHS[2], COMPENDIUM_WIDTHS[5])
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
