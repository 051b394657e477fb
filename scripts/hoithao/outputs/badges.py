"""Delegate badges with a QR code of `Mã ĐB`, ten per A4 page, for cutting.

Word (.docx, python-docx) rather than PDF: no extra dependency or font file to ship, Times New
Roman is on every office PC, and staff can still fix a name before printing. The QR code holds
only the `Mã ĐB` — the text a USB scanner types into sheet `Quét mã` of the check-in workbook.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

import segno

from hoithao.outputs.vocab import BADGE_HEADING, BADGES_DOCX, DOC_ORGANISER
from hoithao.xlsx.output import FONT, write_bytes_atomically

if TYPE_CHECKING:
    from docx.table import _Cell

    from hoithao.models import Consolidation, Delegate
    from hoithao.workspace import Workspace

COLUMNS = 2
ROWS = 5  # 2 × 5 badges of 90 × 55 mm fill an A4 page inside 10–15 mm margins
BADGE_WIDTH_MM = 90
BADGE_HEIGHT_MM = 55
QR_MM = 26
_FIXED_CREATED = datetime(2022, 1, 1)


def qr_png(code: str) -> bytes:
    """Error level M and a 4-module quiet zone: reads reliably from a printed, folded badge."""
    buffer = io.BytesIO()
    segno.make_qr(code, error="m", boost_error=False).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def write_badges(c: Consolidation, ws: Workspace) -> str:
    """output/the_dai_bieu_qr.docx: one badge per delegate and invitee, in protocol order."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    side = (210 - COLUMNS * BADGE_WIDTH_MM) / 2
    top = (297 - ROWS * BADGE_HEIGHT_MM) / 2 - 1  # 2 mm to spare against rounding to twips
    section.left_margin = section.right_margin = Mm(side)
    section.top_margin = section.bottom_margin = Mm(top)
    section.header_distance = section.footer_distance = Mm(4)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    properties = document.core_properties
    properties.author = "hoithao"
    properties.title = "Thẻ đại biểu"
    properties.created = properties.modified = _FIXED_CREATED
    properties.last_modified_by = "hoithao"
    properties.revision = 1

    names = {code: cat.name for code, cat in c.master.categories.items()}
    # one line on top: the organiser; the event's long title would push the unit off the badge
    title = (c.master.event.organiser or DOC_ORGANISER).upper()
    delegates = list(c.delegates)
    # one table whose rows flow from page to page: no page breaks, so no blank pages
    table = document.add_table(rows=max(1, -(-len(delegates) // COLUMNS)), cols=COLUMNS)
    table.autofit = False
    for r, row in enumerate(table.rows):
        _fix_height(row, BADGE_HEIGHT_MM)
        for col, cell in enumerate(row.cells):
            cell.width = Mm(BADGE_WIDTH_MM)
            _cut_border(cell)
            index = r * COLUMNS + col
            if index < len(delegates):
                _fill_badge(cell, delegates[index], title, names)
    _drop_trailing_paragraph(document)
    buffer = io.BytesIO()
    document.save(buffer)
    target = ws.output(BADGES_DOCX)
    write_bytes_atomically(buffer.getvalue(), target, ws.rel(target))
    return ws.rel(target)


def _fill_badge(cell: _Cell, d: Delegate, title: str, names: dict[str, str]) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    inner = cell.add_table(rows=1, cols=2)
    inner.autofit = False
    text_cell, qr_cell = inner.rows[0].cells
    text_cell.width = Mm(BADGE_WIDTH_MM - QR_MM - 8)
    qr_cell.width = Mm(QR_MM + 4)
    text_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    qr_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    head = cell.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title)
    run.bold = True
    run.font.size = Pt(9)
    # python-docx puts a nested table after the cell's first paragraph: title above, badge below
    cell._tc.remove(inner._tbl)
    head._p.addnext(inner._tbl)
    if d.unit_name:
        # under the QR code, across the whole badge: a sub-unit and its parent fit in two lines
        unit = cell.add_paragraph()
        unit.alignment = WD_ALIGN_PARAGRAPH.CENTER
        unit_run = unit.add_run(d.unit_name)
        unit_run.font.size, unit_run.italic = Pt(10), True

    lines = [
        (names.get(d.category, d.category).upper() or BADGE_HEADING, 9, True, False),
        (d.full_name, 14, True, False),
        (", ".join(p for p in (d.party_role, d.job_title) if p), 10, False, False),
    ]
    first = text_cell.paragraphs[0]
    for n, (text, size, bold, italic) in enumerate(lines):
        if not text:
            continue
        paragraph = first if n == 0 else text_cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(1.5)
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic

    picture = qr_cell.paragraphs[0]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(qr_png(d.id)), width=Mm(QR_MM))
    code = qr_cell.add_paragraph()
    code.alignment = WD_ALIGN_PARAGRAPH.CENTER
    code_run = code.add_run(d.id)
    code_run.font.size = Pt(9)


def _fix_height(row: object, millimetres: float) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    row.height = Mm(millimetres)  # type: ignore[attr-defined]
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY  # type: ignore[attr-defined]
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # type: ignore[attr-defined]


def _cut_border(cell: _Cell) -> None:
    """Dashed grey borders: the cutting lines."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "dashed")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), "A6A6A6")
        borders.append(element)
    properties.append(borders)


def _drop_trailing_paragraph(document: Any) -> None:
    """Word wants a paragraph after a table; a 1-pt one so that no blank page follows."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    last = document.add_paragraph()
    last.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    last.paragraph_format.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    last._p.get_or_add_pPr().append(mark)
