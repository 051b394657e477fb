"""`hoithao init`: an empty workspace whose blank master reads cleanly and is never overwritten."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from hoithao.errors import MasterError, WorkspaceError
from hoithao.forms.vocab import FORM_SHEET_GUIDE, FORM_SHEET_PAPER, FORM_SHEET_REGISTRATION
from hoithao.master.read import read_master
from hoithao.master.vocab import (
    INFO_ITEM,
    INFO_ROWS,
    INFO_VALUE,
    KIND_CHI_BO_TRUC_THUOC,
    KIND_DANG_BO_CO_SO,
    MASTER_COLUMNS,
    MASTER_GUIDE_ROW_MARK,
    MASTER_SHEET_GUIDE,
    MASTER_SHEETS,
    SHEET_INFO,
    SHEET_UNITS,
    UNIT_KINDS,
)
from hoithao.new_workspace import SHEET_GUIDES, init_workspace
from hoithao.outputs.vocab import TEMPLATE_BADGE, TEMPLATE_ENVELOPE, TEMPLATE_INVITATION
from hoithao.workspace import (
    FORM_TEMPLATE,
    MASTER_FILE,
    OUTPUT_DIR,
    PAPERS_DIR,
    RETURNS_DIR,
    TEMPLATES_DIR,
)

from .conftest import tree_hashes


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "Hội thảo Quy Nhơn 2023"


def test_creates_the_workspace(root: Path) -> None:
    created = init_workspace(root)
    assert created == root.resolve()
    for folder in (RETURNS_DIR, PAPERS_DIR, TEMPLATES_DIR, OUTPUT_DIR):
        assert (root / folder).is_dir()
    assert (root / MASTER_FILE).is_file()
    for word in (TEMPLATE_INVITATION, TEMPLATE_BADGE, TEMPLATE_ENVELOPE):
        assert "MERGEFIELD" in zipfile.ZipFile(root / word).read("word/document.xml").decode()
    template = openpyxl.load_workbook(root / FORM_TEMPLATE)
    assert template.sheetnames == [
        FORM_SHEET_GUIDE,
        FORM_SHEET_REGISTRATION,
        FORM_SHEET_PAPER,
    ]


def test_blank_master_has_every_sheet_header_and_instruction(root: Path) -> None:
    init_workspace(root)
    book = CalamineWorkbook.from_path(str(root / MASTER_FILE))
    assert book.sheet_names == [MASTER_SHEET_GUIDE, *MASTER_SHEETS]
    for name in MASTER_SHEETS:
        rows = book.get_sheet_by_name(name).to_python()
        expected = (
            [INFO_ITEM, INFO_VALUE] if name == SHEET_INFO else list(MASTER_COLUMNS[name].values())
        )
        assert rows[0] == expected, name
        assert rows[1][0] == SHEET_GUIDES[name]
        assert rows[1][0].startswith(MASTER_GUIDE_ROW_MARK)
    info = book.get_sheet_by_name(SHEET_INFO).to_python()
    assert [r[0] for r in info[2:]] == list(INFO_ROWS.values())


def test_blank_master_reads_as_an_empty_event(root: Path) -> None:
    init_workspace(root)
    with pytest.raises(MasterError, match="chưa đủ thông tin để chạy"):
        read_master(root / MASTER_FILE)
    master = read_master(root / MASTER_FILE, require_essentials=False)
    assert master.units == {}
    assert master.categories == {}
    assert master.invitees == []
    assert master.papers == []
    assert master.event.event_code == ""
    assert master.event.starts_at is None


def test_blank_master_offers_dropdowns(root: Path) -> None:
    init_workspace(root)
    sheet = openpyxl.load_workbook(root / MASTER_FILE)[SHEET_UNITS]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["C3:C501"] == '"' + ",".join(UNIT_KINDS) + '"'
    assert lists["E3:E501"] == '"x,không"'


def test_a_filled_blank_master_reads(root: Path) -> None:
    """Staff fill rows 3 and below and keep the instruction row."""
    init_workspace(root)
    book = openpyxl.load_workbook(root / MASTER_FILE)
    book[SHEET_INFO]["B3"] = "HT-2023"
    book[SHEET_INFO]["B4"] = "Hội thảo sinh hoạt chi bộ"
    book[SHEET_INFO]["B7"] = "8:00 20/6/2023"
    book[SHEET_INFO]["B8"] = "Hội trường Tỉnh ủy"
    units = book[SHEET_UNITS]
    units.append(["CS01", "Đảng bộ Sở Y tế", KIND_DANG_BO_CO_SO])
    units.append(["TT01", "Chi bộ Văn phòng", KIND_CHI_BO_TRUC_THUOC, "CS01", "x"])
    book.save(root / MASTER_FILE)
    master = read_master(root / MASTER_FILE)
    assert master.event.event_code == "HT-2023"
    assert [(u.code, u.row, u.summoned) for u in master.units.values()] == [
        ("CS01", 3, True),
        ("TT01", 4, True),
    ]


def test_refuses_to_overwrite_a_master(root: Path) -> None:
    init_workspace(root)
    before = tree_hashes(root)
    with pytest.raises(WorkspaceError) as caught:
        init_workspace(root)
    assert str(caught.value) == (
        f"Thư mục {root.resolve()} đã có sổ gốc workbooks/hoi_thao.xlsx; lệnh init không "
        "ghi đè. Chọn một thư mục mới cho hội thảo mới."
    )
    assert tree_hashes(root) == before


def test_existing_folder_keeps_its_files_and_template(root: Path) -> None:
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "phieu_dang_ky.xlsx").write_bytes(b"staff's own template")
    (root / "ghi chú.txt").write_text("giữ nguyên", encoding="utf-8")
    init_workspace(root)
    assert (root / "templates" / "phieu_dang_ky.xlsx").read_bytes() == b"staff's own template"
    assert (root / "ghi chú.txt").read_text(encoding="utf-8") == "giữ nguyên"
    assert (root / MASTER_FILE).is_file()


def test_a_file_is_not_a_workspace(tmp_path: Path) -> None:
    target = tmp_path / "hoi_thao.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="là một tệp, không phải thư mục"):
        init_workspace(target)
