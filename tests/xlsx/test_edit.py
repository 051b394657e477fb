"""Surgical edits of a workbook: new cells, the ranges that grow with the list, nothing else."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table
from python_calamine import CalamineWorkbook

from hoithao.xlsx.edit import XlsxPackage, excel_text


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_tables_and_ranges_grow_only_where_the_list_ends(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for row in (["Mã", "Tên", "Ghi chú"], ["A1", "An", ""], ["A2", "Bình", ""]):
        sheet.append(row)
    sheet.add_table(Table(displayName="DanhSach", ref="A1:C3"))
    sheet.print_title_rows = "1:1"
    other = book.create_sheet("Ghi chú")
    other.append(["x"])
    other.print_area = "A1:B3"  # another sheet's names never move
    checks = DataValidation(type="list", formula1='"x,có"')
    checks.add("C2:C3")
    checks.add("B9:B12")  # elsewhere on the sheet: not part of the list
    sheet.add_data_validation(checks)
    sheet.conditional_formatting.add("A2:C3", FormulaRule(formula=["LEN($C2)>0"]))
    sheet.conditional_formatting.add("A1:C1", FormulaRule(formula=["TRUE"]))  # header only
    sheet.print_area = "A1:C3"
    book.save(path)
    before = parts(path)

    pkg = XlsxPackage.open(path)
    cells = {(4, 1): "A3", (4, 2): " Chi\x01 _x0041_ ", (4, 3): "=HYPERLINK(1)"}
    pkg.set_cells("Danh sách", cells, header_row=1)
    out = tmp_path / "out.xlsx"
    pkg.save(out)
    after = parts(out)
    assert 'ref="A1:C4"' in after["xl/tables/table1.xml"].decode()
    assert {n for n in before if before[n] != after[n]} == {
        "xl/worksheets/sheet1.xml",
        "xl/tables/table1.xml",
        "xl/workbook.xml",
    }
    names = after["xl/workbook.xml"].decode()
    assert "$1:$1" in names  # print titles stay on the header
    assert "'Danh sách'!$A$1:$C$4" in names  # the print area grows with the list
    assert "'Ghi chú'!$A$1:$B$3" in names
    sheet_xml = after["xl/worksheets/sheet1.xml"].decode()
    assert 'sqref="B9:B12 C2:C4"' in sheet_xml  # openpyxl sorts the ranges
    assert 'sqref="A2:C4"' in sheet_xml
    assert 'sqref="A1:C1"' in sheet_xml
    row = XlsxPackage.open(out).values("Danh sách")[4]
    assert row == {1: "A3", 2: " Chi\x01 _x0041_ ", 3: "=HYPERLINK(1)"}
    assert "<f>" not in after["xl/worksheets/sheet1.xml"].decode()
    assert excel_text("_x0041_") == "_x005F_x0041_"
    assert parts(path) == before  # the source is never touched


def test_lower_case_references_and_blank_styles_are_read_as_excel_reads_them(
    tmp_path: Path,
) -> None:
    """Some writers put "d1" for D1 or s="" on a cell; Excel opens such files, so must we."""
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Danh sách"
    for row in (["Mã", "Tên"], ["A1", "An"], ["A2", "Bình"]):
        book.active.append(row)
    book.save(path)
    members = parts(path)
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace('r="B2"', 'r="b2" s=""', 1).replace('r="A3"', 'r="a3"')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, sheet.encode() if name.endswith("sheet1.xml") else data)

    pkg = XlsxPackage.open(path)
    assert pkg.values("Danh sách")[2] == {1: "A1", 2: "An"}
    pkg.set_cells("Danh sách", {(4, 1): "A3", (4, 2): "Cường"}, header_row=1)
    pkg.save(tmp_path / "out.xlsx")
    out = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx"))  # openpyxl refuses s=""
    assert out.get_sheet_by_name("Danh sách").to_python()[-1] == ["A3", "Cường"]
