"""The `Tham luận` sheet of a return: title, presenter, role and phone read back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hoithao.forms.vocab import FORM_SHEET_PAPER
from hoithao.intake.paper_form import read_paper_form
from hoithao.intake.read import RawSheet, RawWorkbook
from hoithao.models import PaperForm


def book(*sheets: RawSheet) -> RawWorkbook:
    return RawWorkbook(Path("CS01.xlsx"), datetime(2022, 5, 1), list(sheets))


def test_label_value_rows_as_our_form() -> None:
    sheet = RawSheet(
        FORM_SHEET_PAPER,
        [
            ["ĐĂNG KÝ THAM LUẬN", ""],
            ["Định hướng nội dung", "Kinh nghiệm sinh hoạt chuyên đề"],
            ["Tên bài", "Nâng cao chất lượng sinh hoạt"],
            ["Người trình bày", "Đ/c NGUYỄN VĂN AN"],
            ["Chức vụ", "Bí thư Đảng ủy"],
            ["Điện thoại", 905123456.0],
        ],
    )
    assert read_paper_form(book(sheet), "CS01.xlsx") == PaperForm(
        title="Nâng cao chất lượng sinh hoạt",
        presenter="Nguyễn Văn An",
        presenter_title="Bí thư Đảng ủy",
        phone="0905123456",
        source="CS01.xlsx!3",
    )


def test_small_table_layout_and_legacy_typing() -> None:
    sheet = RawSheet(
        "THAM LUAN",
        [
            ["Tên bài tham luận", "Tác giả", "Chức vụ", "SĐT"],
            ["Sinh ho¹t chi bé", "Trần Thị Bình", "Phó Bí thư", "0914 222 333"],
        ],
        first_row=4,
    )
    form = read_paper_form(book(sheet), "x.xlsx")
    assert form is not None
    assert (form.title, form.presenter, form.presenter_title, form.phone) == (
        "Sinh hoạt chi bộ",
        "Trần Thị Bình",
        "Phó Bí thư",
        "0914222333",
    )
    assert form.source == "x.xlsx!5"


def test_nothing_filled_in_or_no_sheet() -> None:
    empty = RawSheet(
        FORM_SHEET_PAPER,
        [["Định hướng nội dung", "Kinh nghiệm"], ["Tên bài", ""], ["Người trình bày", None]],
    )
    assert read_paper_form(book(empty), "a.xlsx") is None
    assert read_paper_form(book(RawSheet("Đăng ký", [["Tên bài", "x"]])), "a.xlsx") is None
