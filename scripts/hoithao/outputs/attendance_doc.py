"""output/bao_cao_tham_du.docx: the attendance report as a Party document, ready to sign.

The xlsx report is for working; this is what goes on file (Hướng dẫn 36-HD/VPTW): heading,
title, the figures overall and by category, the absentees with their reasons, Nơi nhận and the
signature block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm, Pt

from hoithao.checkin.attendance import FIGURES, Attendance, Counts
from hoithao.checkin.report import write_attendance
from hoithao.checkin.vocab import (
    ATTENDANCE_DOCX,
    ATTENDANCE_FIGURES,
    ATTENDANCE_RATE,
    ATTENDANCE_TOTAL,
)
from hoithao.outputs.documents import (
    CENTER,
    JUSTIFY,
    SMALL_SIZE,
    add_line,
    borderless_table,
    new_document,
    save_document,
)
from hoithao.outputs.party_doc import document_date_line
from hoithao.outputs.vocab import DOC_ORGANISER, DOC_REPORT_NUMBER, DOC_SIGN_ON_BEHALF
from hoithao.vn.party import PARTY_NAME, party_heading_lines

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

    from hoithao.models import Event
    from hoithao.workspace import Workspace

TABLE_SIZE = 12


def percent(rate: float) -> str:
    """`91,7%`: a Vietnamese decimal comma."""
    return f"{rate * 100:.1f}%".replace(".", ",")


def _heading(doc: DocumentObject, event: Event) -> None:
    left, right = borderless_table(doc, (78, 87)).rows[0].cells
    *parents, issuer = party_heading_lines(event.organiser or DOC_ORGANISER)
    for line in parents:
        add_line(left, line, align=CENTER)
    add_line(left, issuer, align=CENTER, bold=True)
    add_line(left, "*", align=CENTER)
    add_line(left, DOC_REPORT_NUMBER, align=CENTER)
    add_line(right, PARTY_NAME, align=CENTER, bold=True, underline=True, size=15)
    add_line(right, "")
    add_line(right, document_date_line(event), align=CENTER, italic=True)


def _figures_text(t: Counts) -> list[str]:
    share = (lambda n: f" ({percent(n / t.summoned)})") if t.summoned else (lambda n: "")
    return [
        f"- Tổng số đại biểu triệu tập: {t.summoned} đồng chí.",
        f"- Có mặt: {t.present} đồng chí{share(t.present)}.",
        f"- Vắng có lý do: {t.excused} đồng chí{share(t.excused)}.",
        f"- Vắng không lý do: {t.absent} đồng chí{share(t.absent)}.",
        f"- Đại biểu bổ sung (không có trong danh sách triệu tập): {t.walk_ins} đồng chí.",
    ]


def _table(
    doc: DocumentObject, headers: list[str], rows: list[list[str]], widths: tuple[float, ...]
) -> None:
    """A bordered table: header row bold and repeated on every page, numbers centred."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    head = table.rows[0]
    head._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    for cell, text, width in zip(head.cells, headers, widths, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        add_line(cell, text, align=CENTER, bold=True, size=TABLE_SIZE)
    for values in rows:
        cells = table.add_row().cells
        bold = values[0] == "" and values[1] == ATTENDANCE_TOTAL
        for col, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = Mm(width)
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            numeric = col == 0 or text.replace(",", "").rstrip("%").isdigit()
            add_line(cell, text, align=CENTER if numeric else None, bold=bold, size=TABLE_SIZE)


def _element(tag: str) -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement(tag)


def build_report(a: Attendance, event: Event) -> DocumentObject:
    doc = new_document(210, 297, (20, 20, 30, 15))
    _heading(doc, event)
    add_line(doc, "BÁO CÁO", align=CENTER, bold=True, size=16, before=18)
    add_line(doc, f"kết quả tham dự {event.title or a.title}", align=CENTER, bold=True, after=12)
    intro = (
        f"Thực hiện Kế hoạch số {event.plan_number}, "
        if event.plan_number
        else "Thực hiện kế hoạch, "
    )
    add_line(
        doc,
        intro + "Ban Tổ chức báo cáo kết quả tham dự của đại biểu như sau:",
        align=JUSTIFY,
        first_line_mm=10,
        after=6,
    )
    add_line(doc, "1. Tình hình chung", bold=True, first_line_mm=10, after=3)
    for line in _figures_text(a.total):
        add_line(doc, line, align=JUSTIFY, first_line_mm=10, after=3)

    add_line(doc, "2. Theo thành phần đại biểu", bold=True, first_line_mm=10, before=6, after=6)
    headers = ["STT", "Thành phần", *(ATTENDANCE_FIGURES[k] for k in FIGURES[:4])]
    headers.append(ATTENDANCE_RATE)
    groups = [
        (str(n), a.category_names.get(code, code), c)
        for n, (code, c) in enumerate(a.by_category.items(), start=1)
    ]
    groups.append(("", ATTENDANCE_TOTAL, a.total))
    rows = [
        [n, name, *(str(getattr(c, k)) for k in FIGURES[:4]), percent(c.rate)]
        for n, name, c in groups
    ]
    _table(doc, headers, rows, (12, 53, 22, 18, 20, 20, 20))

    add_line(doc, "3. Đại biểu vắng mặt", bold=True, first_line_mm=10, before=9, after=6)
    absentees = a.absentees
    if absentees:
        rows = [
            [str(n), p.full_name, p.unit_name or p.role, p.reason or "Không có lý do"]
            for n, p in enumerate(absentees, start=1)
        ]
        _table(doc, ["STT", "Họ và tên", "Đơn vị", "Lý do"], rows, (12, 45, 63, 45))
    else:
        add_line(doc, "Không có đại biểu vắng mặt.", first_line_mm=10)

    add_line(doc, "", after=12)
    block = borderless_table(doc, (80, 85))
    block.rows[0]._tr.get_or_add_trPr().append(_element("w:cantSplit"))  # signer on one page
    left, right = block.rows[0].cells
    add_line(left, "Nơi nhận:", underline=True, bold=True, size=SMALL_SIZE)
    for line in ("- Thường trực Đảng ủy Khối (b/c),", "- Lưu Văn phòng, Ban Tổ chức."):
        add_line(left, line, size=SMALL_SIZE)
    add_line(right, DOC_SIGN_ON_BEHALF, align=CENTER, bold=True)
    add_line(right, event.signer_title.upper(), align=CENTER, bold=True, after=72)
    add_line(right, event.signer, align=CENTER, bold=True)
    for paragraph in doc.paragraphs:
        paragraph.paragraph_format.widow_control = True
    doc.styles["Normal"].font.size = Pt(14)
    return doc


def write_attendance_outputs(a: Attendance, ws: Workspace) -> list[str]:
    """Every output of `hoithao attendance`: the xlsx and JSON figures, then the report."""
    return [*write_attendance(a, ws), write_attendance_report(a, ws)]


def write_attendance_report(a: Attendance, ws: Workspace) -> str:
    """Write output/bao_cao_tham_du.docx; returns its workspace-relative path."""
    from hoithao.master.read import read_master

    event = read_master(ws.master, display_path=ws.rel(ws.master)).event
    target = ws.output(ATTENDANCE_DOCX)
    save_document(build_report(a, event), target)
    return ws.rel(target)
