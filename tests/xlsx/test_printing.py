"""Print set-up and row heights: what makes a sheet print the same in Excel and LibreOffice."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from hoithao.xlsx import printing
from hoithao.xlsx.fastrows import set_height
from hoithao.xlsx.output import XlsxOutput
from hoithao.xlsx.printing import (
    MIN_PRINTED_POINTS,
    TABLE_FONT_SIZE,
    RowHeights,
    fit_row,
    fits_portrait,
    print_scale,
    row_points,
    text_lines,
    write_print_table,
)

from .fastpath import HARD_TEXTS


def test_text_lines_wraps_words_as_the_programs_do() -> None:
    assert text_lines("", 20) == 1
    assert text_lines("Nam", 6) == 1
    assert text_lines("Chi bộ Sở Tư pháp", 30) == 1
    long = "Bí thư hoặc phó bí thư đảng bộ bộ phận, chi bộ trực thuộc"
    assert text_lines(long, 30) == 2
    assert text_lines(long, 12) >= 4
    assert text_lines("một\nhai\nba", 30) == 3
    # capitals and file names are wider than the average letter, and break inside
    assert text_lines("CS01_Dang_bo_Van_phong_UBND_tinh.xlsx", 40) == 2
    assert text_lines("Đảng bộ Sở Y tế", 40) == 1


def test_row_height_grows_with_lines() -> None:
    assert row_points(1) < row_points(2) < row_points(3)
    assert row_points(2) >= 2 * TABLE_FONT_SIZE * 1.15


def test_orientation_is_chosen_so_text_stays_readable() -> None:
    assert fits_portrait([5, 30, 20, 20])
    assert not fits_portrait([5, 14, 21, 6, 12, 18, 29, 8, 22, 12])
    # the landscape copy of that table still prints its 12-pt text at 9.5 pt or more
    scale = print_scale([5, 14, 21, 6, 12, 18, 29, 8, 22, 12], landscape=True)
    assert scale * TABLE_FONT_SIZE >= MIN_PRINTED_POINTS


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_print_table_sets_heights_page_and_print_area(tmp_path: Path) -> None:
    target = tmp_path / "bang.xlsx"
    headers = ["STT", "Họ và tên", "Đơn vị", "Email", "Nguồn"]
    rows = [
        (1, "Nguyễn Văn An", "Chi bộ Phòng Tổng hợp, Đảng bộ Văn phòng UBND tỉnh", "a@b.vn", "x!3"),
        (2, "Lê Thị Bé", "Chi bộ Sở Tư pháp", "", "y!4"),
    ]
    with XlsxOutput(target) as out:
        sheet = out.sheet("Danh sách")
        write_print_table(out, sheet, headers, rows, [5, 22, 24, 26, 30], print_columns=3)
    xml = _sheet_xml(target)
    heights = dict(re.findall(r'<row r="(\d+)"[^>]*ht="([\d.]+)" customHeight="1"', xml))
    assert float(heights["2"]) > float(heights["3"])  # the long unit name wraps
    assert '<pageSetup paperSize="9"' in xml
    assert 'orientation="portrait"' in xml  # three printed columns fit portrait
    assert "Trang &amp;P/&amp;N" in xml
    with zipfile.ZipFile(target) as archive:
        book = archive.read("xl/workbook.xml").decode()
    assert "_xlnm.Print_Area" in book
    assert "$A$1:$C$3" in book
    assert "_xlnm.Print_Titles" in book
    values = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Danh sách").to_python()
    assert values[1][:3] == [1.0, "Nguyễn Văn An", rows[0][2]]


def test_row_heights_of_a_table_are_fit_rows(tmp_path: Path) -> None:
    widths = [5, 12, 21, 44]
    rows = [
        (n, HARD_TEXTS[n % len(HARD_TEXTS)], HARD_TEXTS[(n + 3) % len(HARD_TEXTS)], "a/b/c " * n)
        for n in range(40)
    ]
    for font_size, minimum in ((TABLE_FONT_SIZE, 0), (13, 28)):
        with XlsxOutput(tmp_path / "h.xlsx") as out:
            one, other = out.sheet("fit_row"), out.sheet("RowHeights")
            heights = RowHeights(widths[:3], font_size=font_size, minimum=minimum).of_rows(rows)
            for row, (values, height) in enumerate(zip(rows, heights, strict=True)):
                fit_row(
                    one,
                    row,
                    zip(values[:3], widths[:3], strict=True),
                    font_size=font_size,
                    minimum=minimum,
                )
                set_height(other, row, height)
            assert other.row_info == one.row_info


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        st.text(alphabet="aiMW@0 _-./\t\xa0\nĐđƯẫỗ", max_size=40),
        st.text(max_size=30),
        st.sampled_from(["Nguyễn Thị Minh Khai", "workbooks/phieu_dang_ky/thu.eml/a.xlsx"]),
    ),
    width=st.sampled_from([4, 6, 9, 12.5, 18, 22, 30, 45]),
    font_size=st.sampled_from([10, 11, 12, 13]),
)
def test_a_short_cell_is_one_line_as_the_greedy_wrap_says(
    text: str, width: float, font_size: float
) -> None:
    """The shortcut for short texts agrees with the word-by-word wrap."""
    assert printing._count_lines(text, width, font_size) == printing._greedy_lines(
        text, width, font_size
    )


def test_the_widest_character_is_widest() -> None:
    chars = [chr(c) for c in range(32, 0x2000)] + list("ẪỗỮ\t\xa0")
    assert max(printing._em(c) for c in chars) == printing._WIDEST
