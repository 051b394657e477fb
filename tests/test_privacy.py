"""Personal data (Nghị định 13/2023/NĐ-CP): phones and e-mails only where they are needed."""

from __future__ import annotations

import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from hoithao.outputs.badges import write_badges
from hoithao.outputs.documents import build_templates, render_documents
from hoithao.outputs.vocab import (
    BADGES_DOCX,
    DELEGATES_SHEET,
    MERGE_SHEET_BADGE,
    MERGE_SHEET_ENVELOPE,
    MERGE_SHEET_INVITATION,
    MERGE_XLSX,
    MERGED_BADGE,
    MERGED_ENVELOPE,
    MERGED_INVITATION,
    SIGNIN_XLSX,
)
from hoithao.run import run
from hoithao.workspace import CHECKIN_FILE, SUMMARY_XLSX, Workspace

from .conftest import TODAY, form_row

PHONE = "0905123456"
EMAIL = "an.nguyen@example.vn"


def sheet_text(path: Path, sheets: tuple[str, ...] = ()) -> str:
    book = CalamineWorkbook.from_path(str(path))
    names = sheets or tuple(book.sheet_names)
    return "\n".join(
        str(value)
        for name in names
        for row in book.get_sheet_by_name(name).to_python()
        for value in row
    )


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_phones_and_emails_stay_out_of_printed_documents(workspace: Workspace, make_return) -> None:
    row = form_row(1, "Nguyễn Văn An", phone=PHONE, email=EMAIL)
    make_return("CS02.xlsx", [row], unit_code="CS02")
    result = run(workspace, today=TODAY)
    build_templates(workspace.templates_dir)
    render_documents(workspace, result.consolidation)
    write_badges(result.consolidation, workspace)
    root = workspace.root

    # the control: the office's own list does carry them
    delegates = sheet_text(root / SUMMARY_XLSX, (DELEGATES_SHEET,))
    assert PHONE in delegates
    assert EMAIL in delegates

    printed = {
        SIGNIN_XLSX: sheet_text(root / SIGNIN_XLSX),
        CHECKIN_FILE: sheet_text(root / CHECKIN_FILE),
        MERGE_XLSX: sheet_text(
            root / MERGE_XLSX,
            (MERGE_SHEET_INVITATION, MERGE_SHEET_BADGE, MERGE_SHEET_ENVELOPE),
        ),
        BADGES_DOCX: docx_text(root / BADGES_DOCX),
        MERGED_INVITATION: docx_text(root / MERGED_INVITATION),
        MERGED_BADGE: docx_text(root / MERGED_BADGE),
        MERGED_ENVELOPE: docx_text(root / MERGED_ENVELOPE),
    }
    for output, text in printed.items():
        assert "Nguyễn Văn An" in text or output == MERGED_ENVELOPE, output
        assert PHONE not in text, output
        assert EMAIL not in text, output
