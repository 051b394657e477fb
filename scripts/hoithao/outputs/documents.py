"""Word mail-merge templates (invitation, badge, envelope) and the documents merged from them.

The templates carry real MERGEFIELDs named like the columns of output/tron_thu.xlsx, so staff
can run Word's own mail merge; `render_documents` does the merge itself for staff who never have.
Layout follows Hướng dẫn 36-HD/VPTW, as Kế hoạch 38-KH/ĐUK does.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from hoithao.errors import WorkspaceError
from hoithao.outputs.mailmerge import merge_tables
from hoithao.outputs.vocab import (
    BADGE_HEADING,
    BADGE_MERGE_COLUMNS,
    DOC_INVITATION_NUMBER,
    DOC_ORGANISER,
    DOC_SIGN_ON_BEHALF,
    ENVELOPE_MERGE_COLUMNS,
    INVITATION_MERGE_COLUMNS,
    MERGE_SHEET_BADGE,
    MERGE_SHEET_ENVELOPE,
    MERGE_SHEET_INVITATION,
    MERGED_BADGE,
    MERGED_ENVELOPE,
    MERGED_INVITATION,
    TEMPLATE_BADGE,
    TEMPLATE_ENVELOPE,
    TEMPLATE_INVITATION,
)
from hoithao.vn.party import PARTY_NAME, party_heading_lines
from hoithao.workspace import TEMPLATES_DIR, Workspace
from hoithao.xlsx.output import write_bytes_atomically

if TYPE_CHECKING:
    from hoithao.models import Consolidation

FONT = "Times New Roman"
BODY_SIZE = 14
SMALL_SIZE = 12
_FIXED_TIME = datetime(2022, 1, 1)

INV = INVITATION_MERGE_COLUMNS
BADGE = BADGE_MERGE_COLUMNS
ENV = ENVELOPE_MERGE_COLUMNS


# --- low-level: runs and merge fields -------------------------------------------------------------
def _style_run(
    run_element: OxmlElement, *, bold: bool, italic: bool, size: float | None, underline: bool
) -> None:
    props = OxmlElement("w:rPr")
    if bold:
        props.append(OxmlElement("w:b"))
    if italic:
        props.append(OxmlElement("w:i"))
    # CT_RPr is a sequence: b, i, …, sz, …, u; Word rejects other orders as corrupt
    if size:
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size * 2)))
        props.append(sz)
    if underline:
        u = OxmlElement("w:u")
        u.set(qn("w:val"), "single")
        props.append(u)
    run_element.append(props)


def add_text(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    underline: bool = False,
) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    if size:
        run.font.size = Pt(size)


def add_field(
    paragraph: Paragraph,
    name: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    underline: bool = False,
) -> None:
    """A complex MERGEFIELD (begin / instrText / separate / «name» / end), as Word inserts it."""
    parts: list[tuple[str, str]] = [
        ("begin", ""),
        ("instr", f" MERGEFIELD {name} \\* MERGEFORMAT "),
        ("separate", ""),
        ("text", f"«{name}»"),
        ("end", ""),
    ]
    for kind, value in parts:
        run = OxmlElement("w:r")
        _style_run(run, bold=bold, italic=italic, size=size, underline=underline)
        if kind == "instr":
            child = OxmlElement("w:instrText")
            child.set(qn("xml:space"), "preserve")
            child.text = value
        elif kind == "text":
            child = OxmlElement("w:t")
            child.set(qn("xml:space"), "preserve")
            child.text = value
        else:
            child = OxmlElement("w:fldChar")
            child.set(qn("w:fldCharType"), kind)
        run.append(child)
        paragraph._p.append(run)


Piece = tuple[str, str]  # ("text", "Kính gửi: ") or ("field", "Họ_và_tên")


def add_line(
    container: DocumentObject | _Cell,
    pieces: list[Piece] | str,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    underline: bool = False,
    before: float = 0,
    after: float = 0,
    indent_mm: float = 0,
    first_line_mm: float = 0,
) -> Paragraph:
    """One paragraph from text and merge-field pieces, with its spacing set (no style surprises)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if indent_mm:
        fmt.left_indent = Mm(indent_mm)
    if first_line_mm:
        fmt.first_line_indent = Mm(first_line_mm)
    if align is not None:
        paragraph.alignment = align
    style = {"bold": bold, "italic": italic, "size": size, "underline": underline}
    for kind, value in [("text", pieces)] if isinstance(pieces, str) else pieces:
        if kind == "field":
            add_field(paragraph, value, **style)
        else:
            add_text(paragraph, value, **style)
    return paragraph


def new_document(
    width_mm: float, height_mm: float, margins_mm: tuple[float, float, float, float]
) -> DocumentObject:
    """Times New Roman everywhere (East Asian and complex-script slots too), page size, margins."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    normal.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if width_mm > height_mm else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width_mm), Mm(height_mm)
    top, bottom, left, right = margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    props = doc.core_properties
    props.author = props.last_modified_by = "hoithao"
    props.created = props.modified = _FIXED_TIME
    props.revision = 1
    return doc


def borderless_table(doc: DocumentObject, widths_mm: tuple[float, ...]):
    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)  # w:gridCol, what LibreOffice and Word lay out by
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
        # a new cell starts with one empty paragraph; drop it so content starts at the top
        cell._tc.remove(cell.paragraphs[0]._p)
    return table


def _drop_leading_paragraph(doc: DocumentObject) -> None:
    body = doc.element.body
    first = body[0]
    if first.tag == qn("w:p") and not first.xpath(".//w:t"):
        body.remove(first)


# --- the three templates --------------------------------------------------------------------------
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _party_heading(doc: DocumentObject, number: str, date_field: str) -> None:
    """Issuing body with `*` and number top left; party name and place/date line top right."""
    # the right column holds the longest date line ("…, ngày 28 tháng 12 năm 2022", italic 14),
    # the left one "ĐẢNG ỦY KHỐI CÁC CƠ QUAN" in bold 14; each with its cell padding
    left, right = borderless_table(doc, (78, 87)).rows[0].cells
    *parents, issuer = party_heading_lines(DOC_ORGANISER)
    for line in parents:
        add_line(left, line, align=CENTER, size=BODY_SIZE)
    add_line(left, issuer, align=CENTER, bold=True, size=BODY_SIZE)
    add_line(left, "*", align=CENTER, size=BODY_SIZE)
    add_line(left, number, align=CENTER, size=BODY_SIZE)
    add_line(right, PARTY_NAME, align=CENTER, bold=True, underline=True, size=15)
    add_line(right, "", size=BODY_SIZE)
    add_line(right, [("field", date_field)], align=CENTER, italic=True, size=BODY_SIZE)


def build_invitation(path: Path) -> Path:
    doc = new_document(210, 297, (20, 20, 30, 15))
    _party_heading(doc, DOC_INVITATION_NUMBER, INV["place_date"])
    add_line(doc, "GIẤY MỜI", align=CENTER, bold=True, size=16, before=24, after=12)
    add_line(
        doc,
        [
            ("text", "Kính gửi: "),
            ("field", INV["salutation"]),
            ("text", " "),
            ("field", INV["full_name"]),
        ],
        align=CENTER,
        bold=True,
        after=3,
    )
    add_line(doc, [("field", INV["position"])], align=CENTER, italic=True, after=12)
    add_line(
        doc,
        [
            ("text", "Thực hiện Kế hoạch số "),
            ("field", INV["plan_number"]),
            ("text", ", Ban Thường vụ Đảng ủy Khối tổ chức "),
            ("field", INV["event_title"]),
            ("text", ". Ban Thường vụ Đảng ủy Khối trân trọng kính mời đồng chí đến dự."),
        ],
        align=JUSTIFY,
        first_line_mm=10,
        after=6,
    )
    for label, key in (
        ("Thời gian: ", "time_text"),
        ("Địa điểm: ", "venue"),
        ("Thành phần: ", "category"),
    ):
        add_line(
            doc,
            [("text", label), ("field", INV[key]), ("text", ".")],
            align=JUSTIFY,
            first_line_mm=10,
            after=6,
        )
    add_line(
        doc,
        "Đề nghị đồng chí sắp xếp công việc, đến dự đúng thời gian và chuẩn bị ý kiến trao đổi "
        "tại Hội thảo./.",
        align=JUSTIFY,
        first_line_mm=10,
        after=18,
    )
    left, right = borderless_table(doc, (80, 85)).rows[0].cells
    add_line(left, "Nơi nhận:", underline=True, size=BODY_SIZE)
    for line in ("- Như trên,", "- Lưu Văn phòng, Ban Tổ chức."):
        add_line(left, line, size=SMALL_SIZE)
    add_line(right, DOC_SIGN_ON_BEHALF, align=CENTER, bold=True)
    add_line(right, [("field", INV["signer_title"])], align=CENTER, bold=True, after=72)
    add_line(right, [("field", INV["signer"])], align=CENTER, bold=True)
    _drop_leading_paragraph(doc)
    return save_document(doc, path)


def build_badge(path: Path) -> Path:
    """A6 landscape: one badge per page, cut or slipped into a holder."""
    doc = new_document(148, 105, (8, 8, 10, 10))
    add_line(doc, DOC_ORGANISER.upper(), align=CENTER, bold=True, size=11)
    add_line(doc, [("field", BADGE["event_title"])], align=CENTER, italic=True, size=10, after=8)
    add_line(doc, BADGE_HEADING, align=CENTER, bold=True, size=20, after=6)
    add_line(doc, [("field", BADGE["full_name"])], align=CENTER, bold=True, size=22, after=4)
    add_line(doc, [("field", BADGE["role"])], align=CENTER, size=14)
    add_line(doc, [("field", BADGE["unit_name"])], align=CENTER, size=14, after=6)
    add_line(doc, [("field", BADGE["category"])], align=CENTER, italic=True, size=11)
    add_line(
        doc, [("text", "Mã đại biểu: "), ("field", BADGE["id"])], align=CENTER, size=10, before=4
    )
    _drop_leading_paragraph(doc)
    return save_document(doc, path)


def build_envelope(path: Path) -> Path:
    """DL envelope (220 × 110 mm): sender top left, recipient block lower right."""
    doc = new_document(220, 110, (10, 10, 12, 12))
    add_line(doc, DOC_ORGANISER.upper(), bold=True, size=12)
    add_line(doc, "*", size=12, indent_mm=40, after=36)
    add_line(
        doc, [("text", "Kính gửi: "), ("field", ENV["addressee"])], bold=True, indent_mm=80, after=6
    )
    add_line(doc, [("text", "Địa chỉ: "), ("field", ENV["address"])], indent_mm=80)
    _drop_leading_paragraph(doc)
    return save_document(doc, path)


def save_document(doc: DocumentObject, path: Path) -> Path:
    buffer = BytesIO()
    doc.save(buffer)
    write_bytes_atomically(buffer.getvalue(), path, path.name)
    return path


TEMPLATE_BUILDERS: dict[str, Callable[[Path], Path]] = {
    TEMPLATE_INVITATION: build_invitation,
    TEMPLATE_BADGE: build_badge,
    TEMPLATE_ENVELOPE: build_envelope,
}
# template -> (sheet of tron_thu.xlsx whose columns it uses, merged document)
DOCUMENTS = {
    TEMPLATE_INVITATION: (MERGE_SHEET_INVITATION, MERGED_INVITATION),
    TEMPLATE_BADGE: (MERGE_SHEET_BADGE, MERGED_BADGE),
    TEMPLATE_ENVELOPE: (MERGE_SHEET_ENVELOPE, MERGED_ENVELOPE),
}


def build_templates(folder: Path, *, overwrite: bool = True) -> list[Path]:
    """Write the three Word templates into `folder` (for `hoithao init` and the repository).

    With overwrite=False a template staff already restyled is kept; only missing ones are made.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    targets = [
        (folder / Path(relative).name, build) for relative, build in TEMPLATE_BUILDERS.items()
    ]
    return [build(path) for path, build in targets if overwrite or not path.exists()]


# --- merging --------------------------------------------------------------------------------------
def missing_templates(ws: Workspace) -> list[str]:
    """Workspace-relative paths of the Word templates that are not there."""
    return [t for t in DOCUMENTS if not ws.path(t).is_file()]


def template_note(missing: list[str]) -> str:
    """What `merge` tells staff when it used built-in templates (as `forms` does for the form)."""
    return (
        f"Không có mẫu Word {', '.join(missing)}: đã dùng mẫu mặc định. Muốn chỉnh mẫu, chạy "
        f'"hoithao init" ở một thư mục mới rồi chép thư mục {TEMPLATES_DIR}/ sang.'
    )


def render_documents(
    ws: Workspace, c: Consolidation, *, notes: list[str] | None = None
) -> list[str]:
    """Merge every template with its table: one document per template, one page per record.

    A template missing from templates/ is replaced by the built-in one and `notes` says so."""
    from mailmerge import MailMerge

    missing = missing_templates(ws)
    if missing and notes is not None:
        notes.append(template_note(missing))
    tables = {table.sheet: table for table in merge_tables(c)}
    written = []
    with tempfile.TemporaryDirectory() as spare:
        for template, (sheet, target) in DOCUMENTS.items():
            records = tables[sheet].records()
            if not records:
                continue
            source = ws.path(template)
            if template in missing:
                source = TEMPLATE_BUILDERS[template](Path(spare) / Path(template).name)
            buffer = BytesIO()
            try:
                with MailMerge(str(source)) as document:
                    document.merge_templates(records, separator="page_break")
                    document.write(buffer)
            except (zipfile.BadZipFile, KeyError, OSError) as exc:
                raise WorkspaceError(
                    f"Không đọc được mẫu {template} (tệp hỏng hoặc không phải Word .docx). "
                    "Mẫu phải là tệp Word .docx; hãy lưu lại bằng Word (Save As → Word "
                    "Document) hoặc tạo lại bằng `hoithao init`."
                ) from exc
            path = ws.output(target)
            write_bytes_atomically(buffer.getvalue(), path, ws.rel(path))
            written.append(ws.rel(path))
    return written
