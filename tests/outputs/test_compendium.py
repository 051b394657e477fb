"""Table of contents of the papers: presentation order first, then papers only sent in."""

from __future__ import annotations

from datetime import date

import openpyxl

from hoithao.engine.consolidate import build
from hoithao.master.vocab import PAPER_FORM_PRESENT, PAPER_FORM_SEND
from hoithao.outputs.compendium import write_compendium
from hoithao.outputs.vocab import COMPENDIUM_COLUMNS, COMPENDIUM_SHEET, COMPENDIUM_XLSX, PAGE_FOOTER
from hoithao.workspace import Workspace

from ..conftest import TODAY, build_master

PAPERS = [
    ("CS02", "Sinh hoạt chi bộ ở cơ quan nhỏ", PAPER_FORM_SEND, None, None),
    (
        "CS03",
        "Sinh hoạt chuyên đề gắn với nhiệm vụ thu ngân sách",
        PAPER_FORM_PRESENT,
        2,
        None,
    ),
    ("CS01", "Kinh nghiệm sinh hoạt chuyên đề", PAPER_FORM_PRESENT, 1, None),
    ("CS04", "Đổi mới nội dung sinh hoạt", PAPER_FORM_SEND, None, date(2022, 5, 20)),
]


def test_compendium(workspace: Workspace) -> None:
    build_master(workspace.master, papers=PAPERS)
    (workspace.papers_dir / "CS01 - Tham luan Dang bo So Y te.docx").write_bytes(b"paper")
    c = build(workspace, today=TODAY)
    rel = write_compendium(c, workspace)
    assert rel == COMPENDIUM_XLSX
    sheet = openpyxl.load_workbook(workspace.path(rel))[COMPENDIUM_SHEET]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] == COMPENDIUM_COLUMNS["seq"])
    assert rows[header] == list(COMPENDIUM_COLUMNS.values())
    body = rows[header + 1 :]
    assert [r[0] for r in body] == ["1", "2", "3", "4"]
    assert [r[1] for r in body] == [
        "Đảng bộ Sở Y tế",
        "Đảng bộ Cục Thuế tỉnh",
        "Chi bộ Sở Tư pháp",
        "Chi bộ Ban Dân tộc",
    ]
    assert [r[3] for r in body] == ["Trình bày", "Trình bày", "Gửi bài", "Gửi bài"]
    # deadline 12/5 passed on 15/5 except CS04's own deadline of 20/5
    assert [r[4] for r in body] == ["Đã nhận", "Quá hạn", "Quá hạn", "Chưa nhận"]
    assert body[0][5] == "CS01 - Tham luan Dang bo So Y te.docx"
    assert body[0][6] is not None
    assert all(r[7] is None for r in body)
    assert sheet.print_title_rows.replace("$", "") == f"{header + 1}:{header + 1}"
    assert sheet.page_setup.orientation == "landscape"
    # xlsxwriter leaves out fitToWidth="1": it is the OOXML default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth or 1) == 1
    assert sheet.page_setup.fitToHeight == 0
    assert PAGE_FOOTER in sheet.oddFooter.center.text


def test_no_papers_assigned(workspace: Workspace) -> None:
    build_master(workspace.master, papers=[])
    c = build(workspace, today=TODAY)
    sheet = openpyxl.load_workbook(workspace.path(write_compendium(c, workspace))).active
    texts = [v for r in sheet.iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert any(t.startswith("Chưa có bài tham luận nào") for t in texts)
