"""Cells spliced into a sheet's bytes read back exactly as the tree path writes them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from hoithao.xlsx import splice
from hoithao.xlsx.edit import XlsxPackage

from ..conftest import REPO

SHEET = "Điểm danh"
TEXTS = st.one_of(
    st.none(),
    st.just(""),
    st.sampled_from(
        ["Nguyễn Thị Ánh", " Lê Văn Bình ", "A & B <C>", "dòng 1\r\ndòng 2", "=SUM(1)"]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)
CELLS = st.dictionaries(
    st.tuples(st.integers(1, 9), st.integers(1, 6)), TEXTS, min_size=1, max_size=12
)


def xlsxwriter_book(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(SHEET)
    head = book.add_format({"bold": True, "border": 1})
    cell = book.add_format({"border": 1, "text_wrap": True})
    sheet.write_row(0, 0, ["Mã", "Họ và tên", "Đơn vị", "Có mặt"], head)
    for r, name in enumerate(["Trần Văn An", "Phạm Thị Bình", "Võ Minh Châu"], start=1):
        sheet.write_row(r, 0, [f"CS0{r}-A", name, "Chi bộ Sở Tư pháp"], cell)
        sheet.write_blank(r, 3, None, cell)
    sheet.set_row(2, 18)  # row 3: a height of its own, which an edit may raise
    sheet.set_column(4, 5, 12, book.add_format({"num_format": "@"}))
    sheet.autofilter(0, 0, 3, 3)
    sheet.data_validation(1, 3, 3, 3, {"validate": "list", "source": ["x", "có"]})
    book.close()


def openpyxl_book(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    for row in (["Mã", "Họ và tên", None, "Có mặt"], ["CS01-A", "Trần Văn An", "x", 1], [None]):
        sheet.append(row)
    sheet["B5"] = "Hàng sau một dòng trống"
    sheet["C5"].style = "Good"
    book.save(path)


def sheet_part(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def edit(
    source: Path, target: Path, cells: dict[tuple[int, int], str | None], *, tree: bool
) -> None:
    book = XlsxPackage.open(source)
    if tree:
        book.sheet(SHEET)  # parsed: the edit goes through the tree
    heights = {r: 15 + 2.25 * r for r, _ in cells if r % 2}  # (for the rows the edit makes)
    book.set_cells(SHEET, cells, header_row=1, heights=heights)
    book.save(target)


@pytest.mark.parametrize("make", [xlsxwriter_book, openpyxl_book])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=CELLS)
def test_splice_writes_what_the_tree_writes(
    make: object, cells: dict[tuple[int, int], str | None], tmp_path: Path
) -> None:
    source = tmp_path / "nguon.xlsx"
    if not source.exists():
        make(source)  # type: ignore[operator]
    assert splice.split_rows(sheet_part(source)) is not None  # the bytes path applies here
    edit(source, tmp_path / "cay.xlsx", cells, tree=True)
    edit(source, tmp_path / "byte.xlsx", cells, tree=False)
    assert canonical(sheet_part(tmp_path / "byte.xlsx")) == canonical(
        sheet_part(tmp_path / "cay.xlsx")
    )


@pytest.mark.parametrize("make", [xlsxwriter_book, openpyxl_book])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=CELLS, again=CELLS)
def test_spans_moved_along_are_where_the_rows_are(
    make: object,
    cells: dict[tuple[int, int], str | None],
    again: dict[tuple[int, int], str | None],
    tmp_path: Path,
) -> None:
    """set_cells moves the rows' spans by the bytes it adds instead of searching the body
    again: they are what split_rows finds in the result, edit after edit."""
    source = tmp_path / "nguon.xlsx"
    if not source.exists():
        make(source)  # type: ignore[operator]
    rows = splice.split_rows(sheet_part(source))
    assert rows is not None
    for edit_cells in (cells, again):
        rows = splice.set_cells(
            rows, edit_cells, styles={}, header_row=1, text_xml=lambda t: b"<t>x</t>"
        )
        found = splice.split_rows(rows.head + rows.open_tag + rows.body + b"</sheetData>")
        assert found is not None
        assert rows.spans == found.spans


def test_rows_untouched_by_the_edit_keep_their_bytes(tmp_path: Path) -> None:
    source = tmp_path / "nguon.xlsx"
    xlsxwriter_book(source)
    before = sheet_part(source)
    edit(source, tmp_path / "out.xlsx", {(5, 1): "CS04-B", (5, 2): "Đỗ Thị Giang"}, tree=False)
    after = sheet_part(tmp_path / "out.xlsx")
    rows = splice.split_rows(before)
    assert rows is not None
    assert rows.body in after  # the old rows, byte for byte, the new one after them
    row = b'<row r="5" ht="26.25" customHeight="1">'  # (the height `edit` gives an odd row)
    assert row + b'<c r="A5" s="3" t="inlineStr"><is><t>CS04-B</t></is></c>' in after
    assert b'<autoFilter ref="A1:D5"/>' in after
    assert b'sqref="D2:D5"' in after


@pytest.mark.parametrize(
    "xml",
    [
        b'<worksheet xmlns="m"><sheetData><row><c r="A1"/></row></sheetData></worksheet>',
        b'<worksheet xmlns="m"><sheetData><row r="1"><c s="1"/></row></sheetData></worksheet>',
        b'<worksheet xmlns="m"><sheetData><row r="2"/><row r="1"/></sheetData></worksheet>',
        b'<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1"/></x:sheetData></x:worksheet>',
        b'<worksheet xmlns="m"><sheetData><row r="1"><c s="1" r="A1"/></row>'
        b"</sheetData></worksheet>",
    ],
)
def test_shapes_splice_does_not_know_go_to_the_tree(xml: bytes) -> None:
    assert splice.split_rows(xml) is None


def test_an_empty_sheet_gets_its_first_rows(tmp_path: Path) -> None:
    source = tmp_path / "trong.xlsx"
    book = xlsxwriter.Workbook(str(source))
    book.add_worksheet(SHEET)
    book.close()
    cells = {(1, 1): "Mã", (2, 1): "CS01-A", (2, 2): "Nguyễn Văn An"}
    edit(source, tmp_path / "cay.xlsx", cells, tree=True)
    edit(source, tmp_path / "byte.xlsx", cells, tree=False)
    assert canonical(sheet_part(tmp_path / "byte.xlsx")) == canonical(
        sheet_part(tmp_path / "cay.xlsx")
    )
    read = openpyxl.load_workbook(tmp_path / "byte.xlsx")[SHEET]
    assert [[c.value for c in row] for row in read.iter_rows()] == [
        ["Mã", None],
        ["CS01-A", "Nguyễn Văn An"],
    ]


CORPUS = REPO.parent / "shared" / "corpus"


def _normalised(xml: bytes) -> bytes:
    """c14n without whitespace-only text: a cleared cell keeps its pretty-printing in the tree."""
    root = etree.fromstring(xml)
    for node in root.iter():
        if node.text is not None and not node.text.strip() and not str(node.tag).endswith("}t"):
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    return etree.tostring(root, method="c14n")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/corpus")
def test_real_workbooks_of_other_projects_are_spliced_as_the_tree_edits_them(
    tmp_path: Path,
) -> None:
    """Excel-, LibreOffice- and library-made sheets of the shared corpus: a new row under the list,
    a header cell made sure of, a cell cleared, rows given heights — spliced and tree-edited,
    the same XML."""
    compared = 0
    for path in sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm")):
        try:
            names = [s.name for s in XlsxPackage.open(path).sheets][:3]
        except Exception:  # not a workbook this module opens: intake's tests cover those
            continue
        for name in names:
            book = XlsxPackage.open(path)
            sheet = next(s for s in book.sheets if s.name == name)
            rows = splice.split_rows(book.parts.get(sheet.part, b""))
            if rows is None or len(rows.body) > 5_000_000:
                continue
            last = splice.last_value_row(rows)
            cells = {(last + 1, 1): "Nguyễn Văn Ánh", (last + 1, 3): "A & B", (1, 1): None}
            cells[(2, 2)] = ""
            written = []
            for tree in (True, False):
                edited = XlsxPackage.open(path)
                if tree:
                    edited.sheet(name)
                heights = {last + 1: 31.5, 2: 99.75, 1: 12.0}  # new; raised; kept, mostly
                edited.set_cells(name, cells, header_row=1, heights=heights)
                edited.save(tmp_path / "out.xlsx")
                with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
                    written.append(_normalised(archive.read(sheet.part)))
            assert written[0] == written[1], (path.relative_to(CORPUS), name)
            compared += 1
    assert compared > 100


def test_an_edit_raises_a_row_of_its_own_height_and_nothing_else(tmp_path: Path) -> None:
    """Rows are never lowered, and a row without a height stays the program's to fit."""
    source = tmp_path / "nguon.xlsx"
    xlsxwriter_book(source)  # row 3 is 18 points high; rows 2 and 4 have no height
    for tree in (False, True):
        target = tmp_path / f"cao_{tree}.xlsx"
        book = XlsxPackage.open(source)
        if tree:
            book.sheet(SHEET)
        cells = {(2, 4): "x", (3, 4): "x", (4, 4): "x"}
        book.set_cells(SHEET, cells, header_row=1, heights={2: 40, 3: 40, 4: 10})
        book.save(target)
        rows = {
            int(r): attrs for r, attrs in re.findall(rb'<row r="(\d+)"([^>]*)>', sheet_part(target))
        }
        assert b"ht=" not in rows[2]
        assert b'ht="40"' in rows[3]
        assert b'customHeight="1"' in rows[3]
        assert b"ht=" not in rows[4]
    again = XlsxPackage.open(tmp_path / "cao_False.xlsx")
    again.set_cells(SHEET, {(3, 4): "y"}, header_row=1, heights={3: 20})
    again.save(tmp_path / "thap.xlsx")
    assert b'<row r="3" ht="40"' in sheet_part(tmp_path / "thap.xlsx")  # never lowered
