"""Workbooks of text tables filled from a skeleton are, part for part, what xlsxwriter writes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from hoithao.xlsx import fill as xlsx_fill
from hoithao.xlsx import packaging
from hoithao.xlsx.fill import TextTable, write_text_tables, write_with_xlsxwriter

TITLE = "Trộn thư"
HEADERS = ("Mã_ĐB", "Họ_và_tên", "Đơn_vị", "Điện_thoại")
ROWS = [
    ("CS02-AB12C", "Nguyễn Văn An", "Chi bộ Sở Tư pháp", "0905123456"),
    ("CS03-XY34Z", "Trần Thị Bình", "", '=HYPERLINK("x")'),
]


def parts(data: bytes | Path) -> dict[str, bytes]:
    source = data if isinstance(data, Path) else io.BytesIO(data)
    with zipfile.ZipFile(source) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def reference(tables: list[TextTable], folder: Path) -> dict[str, bytes]:
    target = folder / "reference.xlsx"
    write_with_xlsxwriter(tables, target, display_path=target.name, title=TITLE)
    return parts(target)


def filled(tables: list[TextTable]) -> bytes | None:
    skeleton = xlsx_fill._skeleton(xlsx_fill._layout(tables), TITLE)
    assert skeleton is not None, "the skeleton must match this xlsxwriter's output"
    return skeleton.fill(tables)


def test_filled_workbook_is_xlsxwriters_part_for_part(tmp_path: Path) -> None:
    tables = [
        TextTable("Giấy mời", HEADERS, ROWS, (12, 30, 30, 14)),
        TextTable("Nhắc đăng ký", ("Mã_đơn_vị", "Tên_đơn_vị"), [], (10, 40)),
        TextTable("Phong bì", ("A",), [("x",)] * 40),
    ]
    data = filled(tables)
    assert data is not None
    assert list(parts(data)) == list(reference(tables, tmp_path))
    assert parts(data) == reference(tables, tmp_path)


def test_written_tables_read_back_as_text(tmp_path: Path) -> None:
    target = tmp_path / "tron_thu.xlsx"
    write_text_tables(
        [TextTable("Giấy mời", HEADERS, ROWS * 30)], target, display_path="x", title=TITLE
    )
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Giấy mời").to_python()
    assert rows[0] == list(HEADERS)
    assert rows[2] == list(ROWS[1])  # the formula look-alike stays text
    assert len(rows) == 61
    with zipfile.ZipFile(target) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
header = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@st.composite
def tables(draw: st.DrawFn) -> list[TextTable]:
    found = []
    for n in range(draw(st.integers(1, 3))):
        headers = tuple(draw(st.lists(header, min_size=1, max_size=5)))
        rows = draw(st.lists(st.tuples(*[text] * len(headers)), max_size=40))
        found.append(TextTable(f"Sheet {n}", headers, rows, (10.0,) * len(headers)))
    return found


@settings(max_examples=60, deadline=None)
@given(tables())
def test_any_text_tables_are_written_as_xlsxwriter_writes_them(
    tmp_path_factory: pytest.TempPathFactory, tables: list[TextTable]
) -> None:
    """Control characters, _x0041_-like text, spaces at the ends, markup, repeated texts and
    headers: the filler writes the same parts, or declines and xlsxwriter writes."""
    folder = tmp_path_factory.mktemp("t")
    data = filled(tables)
    if data is not None:
        assert parts(data) == reference(tables, folder)
    write_text_tables(tables, folder / "out.xlsx", display_path="out.xlsx", title=TITLE)
    assert parts(folder / "out.xlsx") == reference(tables, folder)


@pytest.mark.parametrize(
    "row",
    [
        ("<r>a</r>", "b"),  # rich-text look-alike: XlsxOutput writes it as two runs
        ("a" * 20_000, "b"),  # long enough for truncation rules to matter
        ("a",),  # shorter than the header row
    ],
)
def test_unusual_rows_go_to_xlsxwriter(tmp_path: Path, row: tuple[str, ...]) -> None:
    tables = [TextTable("S", ("A", "B"), [row])]
    assert filled(tables) is None
    if len(row) == 2:
        write_text_tables(tables, tmp_path / "out.xlsx", display_path="out.xlsx", title=TITLE)
        assert parts(tmp_path / "out.xlsx") == reference(tables, tmp_path)


def long_rows(n: int) -> list[tuple[str, ...]]:
    return [
        (f"CS{i:05d}", f"Nguyễn Thị Ánh {i % 700}", "Chi bộ Sở Tư pháp", "" if i % 3 else "0905")
        for i in range(n)
    ]


def test_long_tables_zipped_piece_by_piece_are_xlsxwriters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packaging, "_STRINGS_A_PIECE", 7)  # the shared strings in pieces too
    rows = long_rows(2 * xlsx_fill._ROWS_A_PIECE + 7)
    tables = [
        TextTable("Giấy mời", HEADERS, rows, (12, 30, 30, 14)),
        TextTable("Phù hiệu", HEADERS[:2], [row[:2] for row in reversed(rows)]),
    ]
    data = filled(tables)
    assert data is not None
    assert parts(data) == reference(tables, tmp_path)


def test_a_cell_declined_late_in_a_long_table_leaves_the_workbook_to_xlsxwriter(
    tmp_path: Path,
) -> None:
    """The first sheet is zipped already when the filler meets a cell it does not write."""
    rows = long_rows(2 * xlsx_fill._ROWS_A_PIECE)
    rows[-1] = ("<r>x</r>", *rows[-1][1:])
    tables = [TextTable("Giấy mời", HEADERS, long_rows(50)), TextTable("Phù hiệu", HEADERS, rows)]
    assert filled(tables) is None
    write_text_tables(tables, tmp_path / "out.xlsx", display_path="out.xlsx", title=TITLE)
    assert parts(tmp_path / "out.xlsx") == reference(tables, tmp_path)
