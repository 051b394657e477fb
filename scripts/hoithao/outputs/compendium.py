"""output/muc_luc_tham_luan.xlsx: the table of contents staff fill in while compiling the kỷ yếu.

Papers presented at the workshop come first, in speaking order, then papers only sent in, each
with the title, presenter and role the unit wrote on its return. Staff type each paper's page
count; a formula then gives the page where every paper starts.

output/ky_yeu_tham_luan.docx (`hoithao ky-yeu`): the papers compiled into one Word volume, "tổng
hợp tham luận": a cover page, a contents page holding a real Word TOC field (Word and
LibreOffice fill it in on update), then every received Word paper in the same order, each on a
new page under its title and presenter. The papers are joined with docxcompose, which carries
each paper's styles, numbering, pictures and footnotes over; papers sent as PDF or not received
are listed on the contents page instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
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
    KY_YEU_CONTENTS,
    KY_YEU_COVER,
    KY_YEU_DOCX,
    KY_YEU_NOT_INCLUDED,
    KY_YEU_REASONS,
    KY_YEU_SUBTITLE,
    KY_YEU_TOC_HINT,
    PAPER_STATES,
)
from hoithao.vn.party import party_heading_lines
from hoithao.vn.text import fold
from hoithao.workspace import MASTER_FILE
from hoithao.xlsx.output import FONT, XlsxOutput, write_bytes_atomically

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document as DocumentObject

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


# --- the volume: output/ky_yeu_tham_luan.docx ------------------------------------------------
WORD_SUFFIXES = (".docx",)


@dataclass
class KyYeu:
    """What the volume holds: the papers joined, and those left out with the reason."""

    path: str
    included: list[PaperStatus]
    left_out: list[tuple[PaperStatus, str]]


def write_ky_yeu(c: Consolidation, ws: Workspace) -> KyYeu:
    """Compile the received Word papers; returns what went in and what did not."""
    from docx import Document
    from docxcompose.composer import Composer

    included: list[tuple[PaperStatus, DocumentObject]] = []
    left_out: list[tuple[PaperStatus, str]] = []
    for paper in compendium_order(c.papers):
        reason, document = _open_paper(paper, ws)
        if document is None:
            left_out.append((paper, reason))
        else:
            included.append((paper, document))

    master = Document()
    _set_up(master, c)
    _cover(master, c)
    _contents(master, [p for p, _ in included], left_out)
    composer = Composer(master)
    for paper, document in included:
        _paper_heading(master, paper)
        composer.append(document)
    buffer = io.BytesIO()
    composer.save(buffer)
    target = ws.output(KY_YEU_DOCX)
    write_bytes_atomically(buffer.getvalue(), target, ws.rel(target))
    return KyYeu(ws.rel(target), [p for p, _ in included], left_out)


def _open_paper(paper: PaperStatus, ws: Workspace) -> tuple[str, DocumentObject | None]:
    """The paper's Word document, or why it stays out of the volume."""
    from docx import Document

    from hoithao.intake import guard

    reasons = KY_YEU_REASONS
    if not paper.files:
        return reasons["missing"], None
    names = ", ".join(f.rsplit("/", 1)[-1] for f in paper.files)
    words = [f for f in paper.files if f.lower().endswith(WORD_SUFFIXES)]
    if not words:
        kinds = sorted({f.rsplit(".", 1)[-1].upper() for f in paper.files})
        if kinds == ["PDF"]:
            return reasons["pdf"].format(files=names), None
        return reasons["other"].format(kinds=", ".join(kinds), files=names), None
    path: Path = ws.path(words[0])
    try:
        guard.check_file(path)  # a paper is a file from outside like any return
        return "", Document(str(path))
    except guard.UnsafeFileError as exc:
        return reasons["unreadable"].format(files=path.name, reason=exc), None
    except Exception:  # python-docx and lxml raise many kinds on a broken package
        reason = "tệp hỏng hoặc không đúng định dạng .docx"
        return reasons["unreadable"].format(files=path.name, reason=reason), None


def _set_up(document: DocumentObject, c: Consolidation) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # Hướng dẫn 36-HD/VPTW margins: left 30 mm, right 15 mm, top and bottom 20 mm
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)
    for name, size in (("Normal", 14), ("Heading 1", 15), ("Title", 20)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
    properties = document.core_properties
    properties.title = f"{KY_YEU_COVER} — {c.master.event.title}"
    properties.author = properties.last_modified_by = "hoithao"
    # Word refreshes the fields (the contents) when the volume is opened
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        settings.append(update)
    update.set(qn("w:val"), "true")


def _cover(document: DocumentObject, c: Consolidation) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    event = c.master.event
    for line in party_heading_lines(event.organiser):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("*").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(6):
        document.add_paragraph()
    for text, size in ((KY_YEU_COVER, 22), (KY_YEU_SUBTITLE, 16)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(event.title).italic = True
    for _ in range(10):
        document.add_paragraph()
    if event.starts_at is not None:
        when = document.add_paragraph(f"Năm {event.starts_at.year}")
        when.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(
    document: DocumentObject,
    included: list[PaperStatus],
    left_out: list[tuple[PaperStatus, str]],
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(KY_YEU_CONTENTS).bold = True
    # until the field is updated it shows the titles without page numbers
    entries = [paper_title(paper) for paper in included] or [""]
    _toc_field([document.add_paragraph(entry) for entry in entries])
    hint = document.add_paragraph().add_run(KY_YEU_TOC_HINT)
    hint.italic = True
    hint.font.size = Pt(11)
    if left_out:
        document.add_paragraph()
        document.add_paragraph().add_run(KY_YEU_NOT_INCLUDED + ":").bold = True
        for paper, reason in left_out:
            line = document.add_paragraph(style="List Bullet")
            line.add_run(f"{paper_title(paper)} — {paper.unit.name}: ")
            line.add_run(reason).italic = True


def _toc_field(paragraphs: list) -> None:  # type: ignore[type-arg]
    """TOC \\o "1-1" \\h \\z \\u around the paragraphs (the field's shown result): the paper
    titles (Heading 1) as hyperlinks with their page numbers once Word or LibreOffice update it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):  # type: ignore[no-untyped-def]
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            mark.set(qn("w:dirty"), "true")
        run.append(mark)
        return run

    instruction = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = ' TOC \\o "1-1" \\h \\z \\u '
    instruction.append(text)
    first = paragraphs[0]._p
    after = first.find(qn("w:pPr"))
    for element in reversed((char("begin"), instruction, char("separate"))):
        if after is None:
            first.insert(0, element)
        else:
            after.addnext(element)
    paragraphs[-1]._p.append(char("end"))


def _paper_heading(document: DocumentObject, paper: PaperStatus) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    title = document.add_paragraph(paper_title(paper), style="Heading 1")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.page_break_before = True
    byline = document.add_paragraph()
    byline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    byline.add_run(presenter_line(paper) or paper.unit.name).italic = True
    if presenter_line(paper):
        byline.add_run(f"\n{paper.unit.name}").italic = True
