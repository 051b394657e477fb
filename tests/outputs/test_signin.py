"""Sign-in sheets: print setup, one block per category in master order, no personal contacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from hoithao.cli import main
from hoithao.engine.consolidate import build
from hoithao.models import Consolidation
from hoithao.outputs.signin import (
    SUBSTITUTE_ROWS,
    signin_blocks,
    write_signin,
)
from hoithao.outputs.vocab import (
    DELEGATE_COLUMNS,
    PAGE_FOOTER,
    SIGNIN_COLUMNS,
    SIGNIN_SHEET,
    SIGNIN_SUBSTITUTE_HINT,
    SIGNIN_TITLE,
    SIGNIN_XLSX,
)
from hoithao.vn.party import PARTY_NAME
from hoithao.workspace import Workspace

from ..conftest import TODAY, ReturnFactory, form_row
from ..xlsx.fastpath import assert_same_both_ways, harden

PHONES = ("0912345678", "0987654321", "0903111222")


def make_consolidation(ws: Workspace, make_return: ReturnFactory) -> Consolidation:
    """Two grassroots returns, one of them with a sub-unit delegate, plus the named invitees."""
    make_return(
        "CS01.xlsx",
        [
            form_row(1, "Nguyễn Văn An", phone=PHONES[0]),
            form_row(
                2, "Phạm Thị Bình", "Bí thư", PHONES[1], unit="Đảng bộ Bệnh viện Đa khoa tỉnh"
            ),
        ],
        unit_code="CS01",
    )
    make_return(
        "CS02.xlsx", [form_row(1, "Lê Văn Cường", "Phó Bí thư", PHONES[2])], unit_code="CS02"
    )
    return build(ws, today=TODAY)


@pytest.fixture
def consolidation(workspace: Workspace, make_return: ReturnFactory) -> Consolidation:
    return make_consolidation(workspace, make_return)


def _cells(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def signin(workspace: Workspace, consolidation: Consolidation) -> Any:
    rel = write_signin(consolidation, workspace)
    assert rel == SIGNIN_XLSX
    book = openpyxl.load_workbook(workspace.path(rel))
    assert book.sheetnames == [SIGNIN_SHEET]
    return book[SIGNIN_SHEET]


def _header_row(rows: list[list[Any]]) -> int:
    return next(
        i for i, r in enumerate(rows) if r[: len(SIGNIN_COLUMNS)] == list(SIGNIN_COLUMNS.values())
    )


def test_print_setup(signin: Any, consolidation: Consolidation) -> None:
    rows = _cells(signin)
    header = _header_row(rows) + 1  # Excel row number
    assert signin.print_title_rows.replace("$", "") == f"{header}:{header}"
    assert signin.page_setup.paperSize == 9
    assert signin.page_setup.orientation == "portrait"
    # xlsxwriter leaves out fitToWidth="1": it is the OOXML default
    assert signin.sheet_properties.pageSetUpPr.fitToPage
    assert (signin.page_setup.fitToWidth or 1) == 1
    assert signin.page_setup.fitToHeight == 0
    assert PAGE_FOOTER in signin.oddFooter.center.text
    assert len(signin.row_breaks.brk) == len(consolidation.master.categories) - 1
    font = signin.cell(header, 2).font
    assert font.name == "Times New Roman"
    assert 13 <= font.size <= 14


def test_party_heading(signin: Any) -> None:
    rows = _cells(signin)
    assert rows[0][0] == "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"
    assert rows[1][0] == "ĐẢNG ỦY KHỐI CÁC CƠ QUAN"
    assert rows[2][0] == "*"
    assert PARTY_NAME in rows[0]
    texts = [v for r in rows for v in r if isinstance(v, str)]
    assert SIGNIN_TITLE in texts
    assert "Thời gian: 7 giờ 30 phút, thứ Năm, ngày 19 tháng 5 năm 2022" in texts


def test_blocks_in_category_then_protocol_order(signin: Any, consolidation: Consolidation) -> None:
    rows = _cells(signin)[_header_row(_cells(signin)) + 1 :]
    titles = [r[0] for r in rows if r[0] and str(r[0])[0] in "IVX"]
    names = [c.name for c in consolidation.master.categories.values()]
    assert titles == [
        f"{n}. {name}" for n, name in zip(("I", "II", "III", "IV"), names, strict=True)
    ]
    listed = [r[1] for r in rows if r[1] and r[1] != SIGNIN_SUBSTITUTE_HINT]
    assert listed == [d.full_name for d in consolidation.delegates]
    assert {"Nguyễn Văn An", "Phạm Thị Bình", "Lê Văn Cường", "Trần Văn Hùng"} <= set(listed)


def test_substitute_rows_continue_numbering(signin: Any, consolidation: Consolidation) -> None:
    rows = _cells(signin)[_header_row(_cells(signin)) + 1 :]
    blocks = signin_blocks(consolidation)
    assert sum(1 for r in rows if r[1] == SIGNIN_SUBSTITUTE_HINT) == SUBSTITUTE_ROWS * len(blocks)
    # first block: the named guests, then the substitute rows numbered on
    people = len(blocks[0][1])
    first = rows[1 : 1 + people + SUBSTITUTE_ROWS]
    assert [r[0] for r in first] == [str(n) for n in range(1, people + SUBSTITUTE_ROWS + 1)]
    assert all(r[4] is None for r in first)


def test_no_phone_or_email(signin: Any) -> None:
    texts = {str(v) for r in _cells(signin) for v in r if v is not None}
    assert not texts & set(PHONES)
    assert not any("@" in t for t in texts)
    assert not {DELEGATE_COLUMNS["phone"], DELEGATE_COLUMNS["email"]} & texts


def test_sign_rows_tall_and_signature_column_wide(signin: Any) -> None:
    rows = _cells(signin)
    first_data = _header_row(rows) + 3  # header, block title, first delegate (1-based)
    assert signin.row_dimensions[first_data].height >= 28
    assert signin.column_dimensions["E"].width >= 15


def test_cli_ky_ten(workspace: Workspace, make_return: ReturnFactory) -> None:
    make_return("CS01.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS01")
    result = CliRunner().invoke(main, ["--root", str(workspace.root), "ky-ten"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Đã tạo danh sách ký tên: {SIGNIN_XLSX} (3 đại biểu).\n"
    assert Path(workspace.path(SIGNIN_XLSX)).is_file()


def test_signin_is_written_as_xlsxwriter_writes_it(
    workspace: Workspace, consolidation: Consolidation, monkeypatch: pytest.MonkeyPatch
) -> None:
    hard = harden(consolidation)

    def write() -> Path:
        return workspace.root / write_signin(hard, workspace)

    assert_same_both_ways(write, monkeypatch)
    rows = CalamineWorkbook.from_path(str(write())).get_sheet_by_index(0).to_python()
    names = {row[1] for row in rows}
    assert {"  Nguyễn Văn An", "=SUM(1)", "Lê\x01Văn\x1fCường _x0041_"} & names
