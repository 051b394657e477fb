"""Budget estimate: per-delegate and fixed lines, live formulas, amount in words, hall capacity."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from num2words import num2words

from hoithao.cli import main
from hoithao.engine.consolidate import build
from hoithao.master.vocab import SHEET_BUDGET
from hoithao.models import Consolidation
from hoithao.outputs.budget import amount_in_words, estimate_budget, write_budget
from hoithao.outputs.vocab import (
    BUDGET_APPROVER,
    BUDGET_IN_WORDS,
    BUDGET_OUT_COLUMNS,
    BUDGET_PREPARER,
    BUDGET_SHEET,
    BUDGET_TOTAL,
    BUDGET_XLSX,
    PAGE_FOOTER,
)
from hoithao.vn.party import PARTY_NAME
from hoithao.workspace import Workspace

from ..conftest import TODAY, ReturnFactory, build_master, form_row

LINES = [
    # Khoản chi, Đơn vị tính, Đơn giá, Tính theo, Số lượng, Số buổi, Căn cứ
    ("Nước uống giữa giờ", "người/buổi", 20000, "Đại biểu", None, 2, "Nghị quyết 26/2017/NQ-HĐND"),
    ("Hỗ trợ tiền ăn", "người", 150000, "đại biểu", 5, None, "Thông tư 40/2017/TT-BTC"),
    ("Thuê hội trường", "buổi", 3000000, "Cố định", 1, 2, "Hợp đồng thuê"),
    ("In tài liệu", "bộ", 25000, "Cố định", 60, None, ""),
]


def add_budget(ws: Workspace, lines: Sequence[Sequence[Any]], *, capacity: int = 150) -> None:
    build_master(ws.master, capacity=capacity)
    book = openpyxl.load_workbook(ws.master)
    sheet = book[SHEET_BUDGET]
    for line in lines:
        sheet.append(list(line))
    book.save(ws.master)


def consolidate_with(ws: Workspace, make_return: ReturnFactory, **kwargs: Any) -> Consolidation:
    add_budget(ws, kwargs.pop("lines", LINES), **kwargs)
    make_return(
        "CS01.xlsx",
        [form_row(1, "Nguyễn Văn An"), form_row(2, "Trần Văn Bình", "Phó Bí thư")],
        unit_code="CS01",
    )
    make_return("CS02.xlsx", [form_row(1, "Lê Thị Cúc")], unit_code="CS02")
    return build(ws, today=TODAY)


@pytest.fixture
def consolidation(workspace: Workspace, make_return: ReturnFactory) -> Consolidation:
    return consolidate_with(workspace, make_return)


def test_estimate(consolidation: Consolidation) -> None:
    budget = estimate_budget(consolidation)
    assert (budget.registered, budget.invitees, budget.head_count) == (3, 2, 5)
    assert [item.quantity for item in budget.items] == [5, 10, 1, 60]
    assert [item.amount for item in budget.items] == [200000, 1500000, 6000000, 1500000]
    assert budget.total == 9200000
    assert budget.in_words == "Chín triệu hai trăm nghìn đồng chẵn."
    assert budget.over_capacity == 0


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (12350000, "Mười hai triệu ba trăm năm mươi nghìn đồng chẵn."),
        (2005000, "Hai triệu không trăm lẻ năm nghìn đồng chẵn."),
        (2050000, "Hai triệu không trăm năm mươi nghìn đồng chẵn."),
        (1000500, "Một triệu năm trăm đồng chẵn."),
        (1250000000, "Một tỷ hai trăm năm mươi triệu đồng chẵn."),
        (115000, "Một trăm mười lăm nghìn đồng chẵn."),
        (0, "Không đồng."),
    ],
)
def test_amount_in_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_words_agree_with_num2words_where_it_is_right() -> None:
    expected = num2words(12350000, lang="vi")
    assert amount_in_words(12350000) == expected[0].upper() + expected[1:] + " đồng chẵn."


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def _find(sheet: Any, text: str) -> tuple[int, int]:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(text)


def test_formulas_with_cached_values(workspace: Workspace, consolidation: Consolidation) -> None:
    path = workspace.path(write_budget(consolidation, workspace))
    budget = estimate_budget(consolidation)
    formulas = openpyxl.load_workbook(path)[BUDGET_SHEET]
    values = openpyxl.load_workbook(path, data_only=True)[BUDGET_SHEET]
    header, _ = _find(formulas, BUDGET_OUT_COLUMNS["amount"])
    for offset, item in enumerate(budget.items, start=1):
        row = header + offset
        assert formulas.cell(row, 7).value == f"=D{row}*E{row}*F{row}"
        assert values.cell(row, 7).value == item.amount
        assert values.cell(row, 4).value == item.quantity
    # per-delegate quantities refer to the head-count cell, so staff change it once
    assert str(formulas.cell(header + 2, 4).value).startswith("=$D$")
    assert str(formulas.cell(header + 2, 4).value).endswith("+5")
    total_row, _ = _find(formulas, BUDGET_TOTAL)
    first, last = header + 1, header + len(budget.items)
    assert formulas.cell(total_row, 7).value == f"=SUM(G{first}:G{last})"
    assert values.cell(total_row, 7).value == budget.total
    xml = _sheet_xml(path)
    cached = re.search(
        rf'<c r="G{total_row}"[^>]*><f>SUM\(G{first}:G{last}\)</f><v>([^<]+)</v>', xml
    )
    assert cached
    assert float(cached.group(1)) == budget.total
    per_delegate = sum(1 for item in budget.items if item.per_delegate)
    # one per line, one per per-delegate quantity, the head-count sum and the total
    assert xml.count("<f>") == len(budget.items) + per_delegate + 2


def test_words_basis_and_signatures(workspace: Workspace, consolidation: Consolidation) -> None:
    path = workspace.path(write_budget(consolidation, workspace))
    sheet = openpyxl.load_workbook(path)[BUDGET_SHEET]
    texts = [v for r in sheet.iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert f"{BUDGET_IN_WORDS}: Chín triệu hai trăm nghìn đồng chẵn." in texts
    assert "Đại biểu các đơn vị đã đăng ký" in texts
    assert {
        BUDGET_PREPARER,
        BUDGET_APPROVER,
        PARTY_NAME,
        "Nguyễn Văn Thành",
    } <= set(texts)
    assert "Đủ chỗ (còn 145 chỗ)." in texts
    assert sheet.page_setup.paperSize == 9
    # xlsxwriter leaves out fitToWidth="1": it is the OOXML default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth or 1) == 1
    assert sheet.page_setup.fitToHeight == 0
    assert PAGE_FOOTER in sheet.oddFooter.center.text


def test_hall_capacity_warning(workspace: Workspace, make_return: ReturnFactory) -> None:
    c = consolidate_with(workspace, make_return, capacity=4)
    assert estimate_budget(c).over_capacity == 1
    sheet = openpyxl.load_workbook(workspace.path(write_budget(c, workspace)))[BUDGET_SHEET]
    texts = [v for r in sheet.iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert any(t.startswith("Cảnh báo: vượt sức chứa 1 chỗ") for t in texts)


def test_empty_budget_sheet(workspace: Workspace, make_return: ReturnFactory) -> None:
    c = consolidate_with(workspace, make_return, lines=[])
    assert estimate_budget(c).total == 0
    path = workspace.path(write_budget(c, workspace))
    sheet = openpyxl.load_workbook(path, data_only=True)[BUDGET_SHEET]
    texts = [v for r in sheet.iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert any(t.startswith("Chưa có khoản chi nào") for t in texts)
    assert f"{BUDGET_IN_WORDS}: Không đồng." in texts


def test_cli_kinh_phi(workspace: Workspace, make_return: ReturnFactory) -> None:
    consolidate_with(workspace, make_return, capacity=4)
    result = CliRunner().invoke(main, ["--root", str(workspace.root), "kinh-phi"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Đã lập dự toán kinh phí: {BUDGET_XLSX}",
        "Tổng cộng: 9.200.000 đồng (Chín triệu hai trăm nghìn đồng chẵn).",
        "Cảnh báo: 5 đại biểu, vượt sức chứa hội trường (4 chỗ) 1 chỗ.",
    ]
