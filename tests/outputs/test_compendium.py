"""Table of contents of the papers: presentation order first, then papers only sent in."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from docx import Document

from hoithao.engine.consolidate import build
from hoithao.forms.vocab import FORM_SHEET_PAPER
from hoithao.master.vocab import PAPER_FORM_PRESENT, PAPER_FORM_SEND
from hoithao.outputs.compendium import write_compendium
from hoithao.outputs.vocab import (
    COMPENDIUM_COLUMNS,
    COMPENDIUM_FIRST_PAGE,
    COMPENDIUM_SHEET,
    COMPENDIUM_XLSX,
    PAGE_FOOTER,
)
from hoithao.workspace import Workspace

from ..conftest import TODAY, build_master, form_row

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


def paper_sheet(path: Path, answers: dict[str, str]) -> None:
    """Fill the `Tham luận` sheet of a return the way our form lays it out."""
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet(FORM_SHEET_PAPER)
    sheet.append(["ĐĂNG KÝ THAM LUẬN"])
    for label, value in answers.items():
        sheet.append([label, value])
    book.save(path)


def test_compendium(workspace: Workspace, make_return) -> None:
    build_master(workspace.master, papers=PAPERS)
    paper = workspace.papers_dir / "CS01 - Tham luan Dang bo So Y te.docx"
    document = Document()
    document.add_paragraph("Tham luận")
    document.core_properties.modified = datetime(2022, 5, 10, 8, 0)
    document.save(str(paper))
    late = workspace.papers_dir / "CS04_tham_luan.docx"
    document.core_properties.modified = datetime(2022, 5, 21, 16, 0)
    document.save(str(late))
    return_path = make_return("CS01.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS01")
    paper_sheet(
        return_path,
        {
            "Định hướng nội dung": "Kinh nghiệm sinh hoạt chuyên đề",
            "Tên bài": "Nâng cao chất lượng sinh hoạt chuyên đề ở Đảng bộ Sở Y tế",
            "Người trình bày": "đ/c nguyễn văn an",
            "Chức vụ": "Bí thư Đảng ủy",
            "Điện thoại": "0905 123 456",
        },
    )
    c = build(workspace, today=TODAY)
    rel = write_compendium(c, workspace)
    assert rel == COMPENDIUM_XLSX
    sheet = openpyxl.load_workbook(workspace.path(rel))[COMPENDIUM_SHEET]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] == COMPENDIUM_COLUMNS["seq"])
    assert rows[header] == list(COMPENDIUM_COLUMNS.values())
    body = rows[header + 1 :]
    columns = list(COMPENDIUM_COLUMNS)
    column = {key: [r[columns.index(key)] for r in body] for key in columns}
    assert column["seq"] == ["1", "2", "3", "4"]
    assert column["unit"] == [
        "Đảng bộ Sở Y tế",
        "Đảng bộ Cục Thuế tỉnh",
        "Chi bộ Sở Tư pháp",
        "Chi bộ Ban Dân tộc",
    ]
    assert column["title"] == [
        "Nâng cao chất lượng sinh hoạt chuyên đề ở Đảng bộ Sở Y tế",
        "(chưa ghi tên bài; định hướng: Sinh hoạt chuyên đề gắn với nhiệm vụ thu ngân sách)",
        "(chưa ghi tên bài; định hướng: Sinh hoạt chi bộ ở cơ quan nhỏ)",
        "(chưa ghi tên bài; định hướng: Đổi mới nội dung sinh hoạt)",
    ]
    assert column["presenter"] == ["Nguyễn Văn An, Bí thư Đảng ủy", None, None, None]
    assert column["form"] == ["Trình bày", "Trình bày", "Gửi bài", "Gửi bài"]
    # deadline 12/5 passed on 15/5; CS04's own deadline is 20/5 and its paper was saved on 21/5
    assert column["state"] == ["Đã nhận", "Quá hạn", "Quá hạn", "Nộp muộn"]
    assert column["received_on"][0] == datetime(2022, 5, 10)
    assert column["received_on"][3] == datetime(2022, 5, 21)
    assert column["files"] == [
        "CS01 - Tham luan Dang bo So Y te.docx",
        None,
        None,
        "CS04_tham_luan.docx",
    ]
    assert column["pages"] == [None] * 4
    # the start page: the first paper's is the cell above the table, each next one adds pages
    first = rows.index(next(r for r in rows if r[0] == COMPENDIUM_FIRST_PAGE))
    assert rows[first][9] == 3
    assert column["page"][0] == f"=$J${first + 1}"
    assert (
        column["page"][1]
        == f'=IF(OR(J{header + 2}="",I{header + 2}=""),"",J{header + 2}+I{header + 2})'
    )
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
