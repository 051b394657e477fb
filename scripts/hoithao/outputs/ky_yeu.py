"""output/ky_yeu_tham_luan.docx: the papers compiled into one Word volume ("tổng hợp tham luận").

A cover page, a contents page holding a real Word TOC field (Word and LibreOffice fill it in on
update), then every received Word paper in presentation order, each on a new page under its
title and presenter. The papers are joined with docxcompose, which carries each paper's styles,
numbering, pictures and footnotes over; papers sent as PDF or not received are listed on the
contents page instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hoithao.models import PaperStatus
from hoithao.outputs.compendium import compendium_order, paper_title, presenter_line
from hoithao.outputs.vocab import (
    KY_YEU_CONTENTS,
    KY_YEU_COVER,
    KY_YEU_DOCX,
    KY_YEU_NOT_INCLUDED,
    KY_YEU_REASONS,
    KY_YEU_SUBTITLE,
    KY_YEU_TOC_HINT,
)
from hoithao.vn.party import party_heading_lines
from hoithao.xlsx.output import FONT, write_bytes_atomically

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document as DocumentObject

    from hoithao.models import Consolidation
    from hoithao.workspace import Workspace

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
