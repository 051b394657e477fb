"""Word returns: the table of a .docx read into the raw sheets the spreadsheet readers give."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from docx import Document

from hoithao.engine.consolidate import build
from hoithao.intake.locate import find_table
from hoithao.intake.read import UnreadableFileError, read_workbook
from hoithao.workspace import Workspace

from ..conftest import TODAY, form_row, write_docx

HEADING = ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "CHI BỘ SỞ TƯ PHÁP", "DANH SÁCH ĐĂNG KÝ THAM DỰ"]


def two_row_header_docx(path: Path) -> Path:
    """`Chức vụ` merged over `Đảng` | `Chuyên môn`; STT, name and phone merged down."""
    document = Document()
    for text in HEADING:
        document.add_paragraph(text)
    document.add_paragraph("")
    table = document.add_table(rows=4, cols=5)
    for c, text in enumerate(["STT", "Họ và tên", "Chức vụ", "", "Điện thoại"]):
        table.cell(0, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(1, 2).text = "Đảng"
    table.cell(1, 3).text = "Chuyên môn"
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))
    people = [
        ["1", "Nguyễn Văn An", "Bí thư", "Giám đốc", "0905123456"],
        ["2", "Trần Thị Bình", "Phó Bí thư", "Phó Giám đốc", "0905 123 457"],
    ]
    for r, person in enumerate(people, start=2):
        for c, text in enumerate(person):
            table.cell(r, c).text = text
    document.add_paragraph("Người lập biểu")
    document.add_paragraph("Nguyễn Văn Ký")
    document.save(str(path))
    return path


def test_merged_cells_are_merges_not_repeated_text(tmp_path: Path) -> None:
    workbook = read_workbook(two_row_header_docx(tmp_path / "phieu.docx"))
    [sheet] = workbook.sheets
    assert sheet.name == "Bảng 1"
    header = sheet.rows.index(["STT", "Họ và tên", "Chức vụ", "", "Điện thoại"])
    assert sheet.rows[header + 1] == ["", "", "Đảng", "Chuyên môn", ""]
    assert sorted(sheet.merged) == [
        (header, 0, header + 1, 0),
        (header, 1, header + 1, 1),
        (header, 2, header, 3),
        (header, 4, header + 1, 4),
    ]
    # row 1 is the table's first row: issues cite the row of the Word table
    assert sheet.excel_row(header) == 1
    assert workbook.heading == [[text] for text in HEADING]


def test_two_row_word_header_is_located(tmp_path: Path) -> None:
    table = find_table(read_workbook(two_row_header_docx(tmp_path / "phieu.docx")))
    assert table is not None
    assert table.columns == {
        "seq": 1,
        "full_name": 2,
        "party_role": 3,
        "job_title": 4,
        "phone": 5,
    }
    assert [r.values["full_name"] for r in table.rows] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert [r.excel_row for r in table.rows] == [3, 4]
    assert len(table.ignored) == 2  # the signature block


def test_word_return_consolidated_and_identified_by_heading(workspace: Workspace) -> None:
    two_row_header_docx(workspace.returns_dir / "danh sach.docx")
    c = build(workspace, today=TODAY)
    assert [(d.full_name, d.unit_code, d.job_title) for d in c.registered] == [
        ("Nguyễn Văn An", "CS02", "Giám đốc"),
        ("Trần Thị Bình", "CS02", "Phó Giám đốc"),
    ]
    [log] = c.file_log
    assert (log.status, log.rows_read, log.rows_accepted, log.rows_ignored) == (
        "consolidated",
        4,
        2,
        2,
    )
    assert c.registered[0].source.endswith("danh sach.docx!3")


def test_heading_table_above_the_delegate_table_identifies(workspace: Workspace) -> None:
    """The Party-document heading laid out in a borderless two-column table."""
    document = Document()
    heading = document.add_table(rows=2, cols=2)
    heading.cell(0, 0).text = "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
    heading.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    heading.cell(1, 0).text = "CHI BỘ BAN DÂN TỘC"
    document.add_paragraph("DANH SÁCH ĐẠI BIỂU")
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(["TT", "Họ và tên", "Chức vụ Đảng"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["1", "Lê Văn Cường", "Bí thư"]):
        table.cell(1, c).text = text
    document.save(str(workspace.returns_dir / "dang ky.docx"))
    c = build(workspace, today=TODAY)
    assert [(d.full_name, d.unit_code) for d in c.registered] == [("Lê Văn Cường", "CS04")]


def test_form_columns_in_word(workspace: Workspace) -> None:
    write_docx(
        workspace.returns_dir / "CS02 dang ky.docx",
        [form_row(1, "Phạm Thị Dung", gender="Nữ"), ["", "", "", "", "", "", "", "", "", ""]],
        above=["PHIẾU ĐĂNG KÝ"],
    )
    c = build(workspace, today=TODAY)
    [delegate] = c.registered
    assert (delegate.full_name, delegate.gender, delegate.unit_code) == (
        "Phạm Thị Dung",
        "Nữ",
        "CS02",
    )


def test_word_without_table_is_f03(workspace: Workspace) -> None:
    document = Document()
    document.add_paragraph("Chi bộ Sở Tư pháp xin đăng ký đồng chí Nguyễn Văn An.")
    document.save(str(workspace.returns_dir / "CS02.docx"))
    c = build(workspace, today=TODAY)
    assert [i.code for i in c.issues if i.file.endswith("CS02.docx")] == ["F03"]


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a zip", b"just text"])
def test_broken_word_file_is_unreadable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "CS02.docx"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError):
        read_workbook(path)


def test_word_file_too_big_to_load_is_refused(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "CS02.docx", [form_row(1, "Nguyễn Văn An")])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        # hex text: inflates only 2×, so the guard's bomb check lets it through
        archive.writestr("word/filler.xml", random.Random(1).randbytes(11 * 1024 * 1024).hex())
    with pytest.raises(UnreadableFileError, match="tệp Word quá lớn"):
        read_workbook(path)


def test_word_file_with_an_entity_declaration_is_refused(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "CS02.docx", [form_row(1, "Nguyễn Văn An")])
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>', 1
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(UnreadableFileError, match="bom XML"):
        read_workbook(path)


def test_table_inside_a_layout_table_and_name_in_the_page_header(workspace: Workspace) -> None:
    document = Document()
    document.sections[0].header.paragraphs[0].text = "CHI BỘ SỞ TƯ PHÁP"
    layout = document.add_table(rows=1, cols=1)
    cell = layout.cell(0, 0)
    cell.paragraphs[0].text = "DANH SÁCH ĐĂNG KÝ"
    inner = cell.add_table(rows=2, cols=3)
    for c, text in enumerate(["TT", "Họ và tên", "Chức vụ Đảng"]):
        inner.cell(0, c).text = text
    for c, text in enumerate(["1", "Nguyễn Văn An", "Bí thư"]):
        inner.cell(1, c).text = text
    document.save(str(workspace.returns_dir / "danh sach.docx"))
    c = build(workspace, today=TODAY)
    assert [(d.full_name, d.unit_code) for d in c.registered] == [("Nguyễn Văn An", "CS02")]


def test_pictures_do_not_count_against_the_xml_limit(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "CS02.docx", [form_row(1, "Nguyễn Văn An")])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/media/image1.png", random.Random(2).randbytes(19 * 1024 * 1024))
    assert read_workbook(path).sheets[0].rows[1][1] == "Nguyễn Văn An"


def test_table_after_a_long_letter(workspace: Workspace) -> None:
    """A cover letter of many paragraphs, then the list: the heading still names the unit."""
    lines = ["CHI BỘ SỞ TƯ PHÁP", *(f"Đoạn {n} của công văn trả lời." for n in range(40))]
    write_docx(workspace.returns_dir / "cong van.docx", [form_row(1, "Nguyễn Văn An")], above=lines)
    c = build(workspace, today=TODAY)
    assert [(d.full_name, d.unit_code) for d in c.registered] == [("Nguyễn Văn An", "CS02")]
