"""The sample's returns in the other shapes units send (DESIGN §10): a Word table, an e-mail
with the form attached, a zip, a list with Họ and Tên apart, one sheet per sub-unit, a list
divided by sub-unit headings, and a photo of the form. Every file is seeded and carries fixed
dates, so regenerating gives the same bytes."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hoithao.sample.book import (
    BODY_FONT,
    BOX,
    ZIP_TIME,
    freeze_zip,
    header_row,
    new_book,
    save_book,
    touch,
)
from hoithao.sample.data import GOV_MAIL, SampleUnit, short_name
from hoithao.vn.text import ascii_name

if TYPE_CHECKING:
    from hoithao.sample.our_form import Row

# unit -> the shape of its return
SHAPES = {
    "CS13": "word_table",
    "CS17": "email",
    "CS15": "zip",
    "CS06": "split_names",
    "CS04": "sub_unit_sheets",
    "CS01": "sub_unit_headings",
}
PHOTO = "CS44"  # a summoned unit that only sent a photo of its form (F01, told what to send)
PHOTO_FILE = "CS44 - anh chup phieu dang ky.jpg"
ZIP_NOTE = "Thu gui Ban To chuc.txt"
VIETNAM = timezone(timedelta(hours=7))
OurForm = Callable[[Path], None]  # writes the unit's return in our form to a path


def file_name(unit: SampleUnit) -> str:
    """The name each shape's return is saved under in workbooks/phieu_dang_ky/."""
    short = short_name(unit.name)
    return {
        "word_table": f"Danh sách đại biểu - {short}.docx",
        "email": "Thư Bệnh viện Đa khoa gửi phiếu đăng ký.eml",
        "zip": f"{unit.code}_ho_so_dang_ky.zip",
        "split_names": f"Danh sach dai bieu {ascii_name(short)}.xlsx",
        "sub_unit_sheets": f"{unit.code} - Danh sách theo chi bộ.xlsx",
        "sub_unit_headings": f"DS đại biểu {short}.xlsx",
    }[SHAPES[unit.code]]


def write_shape(
    folder: Path, unit: SampleUnit, rows: Sequence[Row], day: date, our_form: OurForm
) -> None:
    """The unit's return in its shape; `rows` are its delegates (sub-units' rows name them)."""
    path = folder / file_name(unit)
    kind = SHAPES[unit.code]
    when = datetime.combine(day, datetime.min.time()).replace(hour=16)
    if kind == "word_table":
        _word_table(path, unit, rows, day, when)
    elif kind in ("email", "zip"):
        with tempfile.TemporaryDirectory() as scratch:
            form = Path(scratch) / "form.xlsx"
            our_form(form)
            data = form.read_bytes()
        if kind == "email":
            _email(path, unit, data, when)
        else:
            _zip(path, unit, data, when)
    elif kind == "split_names":
        _split_names(path, unit, rows, day, when)
    elif kind == "sub_unit_sheets":
        _sub_unit_sheets(path, unit, rows, when)
    else:
        _sub_unit_headings(path, unit, rows, when)
    touch(path, when)


def write_photo(folder: Path) -> None:
    """Not a picture anyone could read: the first bytes of a JPEG are enough to be one."""
    path = folder / PHOTO_FILE
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8 + b"\xff\xd9")
    touch(path, datetime(2022, 5, 7, 10))


def _date_line(day: date) -> str:
    return f"Quy Nhơn, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _word_table(
    path: Path, unit: SampleUnit, rows: Sequence[Row], day: date, when: datetime
) -> None:
    """Typed in Word: `Chức vụ` merged over `Đảng` | `Chuyên môn`, the other headers merged down."""
    from docx import Document

    document = Document()
    for text in ("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", unit.name.upper(), ""):
        document.add_paragraph(text)
    document.add_paragraph("DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ DỰ HỘI THẢO")
    headers = ["TT", "Họ và tên", "Giới tính", "Chức vụ", "", "Đơn vị", "Điện thoại"]
    table = document.add_table(rows=2 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    for c, text in enumerate(headers):
        table.cell(0, c).text = text
    table.cell(1, 3).text, table.cell(1, 4).text = "Đảng", "Chuyên môn"
    table.cell(0, 3).merge(table.cell(0, 4))
    for c in (0, 1, 2, 5, 6):
        table.cell(0, c).merge(table.cell(1, c))
    for r, row in enumerate(rows, start=2):
        p = row.person
        values = [str(r - 1), p.full_name, p.gender, row.party_role, row.job_title]
        for c, text in enumerate([*values, row.unit_name, p.phone]):
            table.cell(r, c).text = text
    document.add_paragraph(_date_line(day))
    document.add_paragraph("T/M ĐẢNG ỦY")
    document.add_paragraph(rows[0].person.full_name)
    properties = document.core_properties
    properties.author = properties.last_modified_by = short_name(unit.name)
    properties.created = properties.modified = when
    properties.revision = 1
    document.save(str(path))
    freeze_zip(path)


def _email(path: Path, unit: SampleUnit, form: bytes, when: datetime) -> None:
    """Saved from the mail client: the form attached under a name that tells nothing."""
    message = EmailMessage()
    message["From"] = f"Văn phòng {short_name(unit.name)} <{unit.slug}@{GOV_MAIL}>"
    message["To"] = f"Ban Tổ chức Đảng ủy Khối <btc.duk@{GOV_MAIL}>"
    message["Subject"] = f"{unit.name} gửi phiếu đăng ký dự hội thảo"
    message["Date"] = format_datetime(when.replace(hour=16, minute=30, tzinfo=VIETNAM))
    message.set_content(
        "Kính gửi Ban Tổ chức Đảng ủy Khối,\n\n"
        f"{unit.name} gửi kèm phiếu đăng ký đại biểu dự hội thảo.\n\nTrân trọng."
    )
    subtype = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    message.add_attachment(form, maintype="application", subtype=subtype, filename="Phieu.xlsx")
    message.set_boundary("=_hoithao_mau_" + unit.code)  # a fixed boundary: the same bytes
    path.write_bytes(bytes(message))


def _zip(path: Path, unit: SampleUnit, form: bytes, when: datetime) -> None:
    stamp = (*when.timetuple()[:5], 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(f"{unit.code}_phieu_dang_ky.xlsx", stamp), form)
        note = f"Kính gửi Ban Tổ chức: {unit.name} gửi phiếu đăng ký.\n".encode()
        archive.writestr(zipfile.ZipInfo(ZIP_NOTE, ZIP_TIME), note)


def _body(sheet, row: int, values: Sequence[object]) -> None:  # type: ignore[no-untyped-def]
    for c, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=c, value=value)
        cell.border = BOX
        cell.font = BODY_FONT


def _split_names(
    path: Path, unit: SampleUnit, rows: Sequence[Row], day: date, when: datetime
) -> None:
    """The classic list with `Họ và tên đệm` and `Tên` in two columns."""
    book = new_book()
    sheet = book.create_sheet("DS")
    sheet.append([unit.name.upper()])
    sheet.append(["DANH SÁCH ĐẠI BIỂU DỰ HỘI THẢO"])
    headers = ["STT", "Họ và tên đệm", "Tên", "Giới tính", "Chức vụ Đảng", "Chức vụ chính quyền"]
    header_row(sheet, 4, [*headers, "Đơn vị", "Số điện thoại"])
    for n, row in enumerate(rows, start=1):
        family, given = row.person.full_name.rsplit(" ", 1)
        values = [n, family, given, row.person.gender, row.party_role, row.job_title]
        _body(sheet, 4 + n, [*values, row.unit_name, row.person.phone])
    sheet.cell(row=6 + len(rows), column=6, value=_date_line(day))
    save_book(book, path, when=when)


def _sub_unit_sheets(path: Path, unit: SampleUnit, rows: Sequence[Row], when: datetime) -> None:
    """A đảng bộ's workbook: the Đảng ủy's own people, then one sheet per sub-unit."""
    book = new_book()
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.unit_name, []).append(row)
    headers = ["STT", "Họ và tên", "Giới tính", "Chức vụ Đảng", "Chức vụ chuyên môn", "Điện thoại"]
    for name, members in groups.items():
        title = "Đảng ủy" if not name else _sheet_name(name)
        sheet = book.create_sheet(title)
        sheet.append([(name or unit.name).upper()])
        header_row(sheet, 2, headers)
        for n, row in enumerate(members, start=1):
            p = row.person
            _body(sheet, 2 + n, [n, p.full_name, p.gender, row.party_role, row.job_title, p.phone])
    save_book(book, path, when=when)


def _sheet_name(unit_name: str) -> str:
    """ "Chi bộ Văn phòng Sở Tài nguyên và Môi trường" → "Văn phòng Sở Tài nguyên và Môi", the
    way a unit shortens it to Excel's 31 characters: whole words, organisation word dropped."""
    words = unit_name.split()
    for prefix in (["Đảng", "bộ", "bộ", "phận"], ["Chi", "bộ"], ["Đảng", "bộ"]):
        if words[: len(prefix)] == prefix:
            words = words[len(prefix) :]
            break
    name = ""
    for word in words:
        if len(f"{name} {word}".strip()) > 31:
            break
        name = f"{name} {word}".strip()
    return name


def _sub_unit_headings(path: Path, unit: SampleUnit, rows: Sequence[Row], when: datetime) -> None:
    """One list, no `Đơn vị` column: a heading line per organisation, its people below."""
    book = new_book()
    sheet = book.create_sheet("Danh sách")
    sheet.append([unit.name.upper()])
    sheet.append(["DANH SÁCH ĐẠI BIỂU DỰ HỘI THẢO"])
    headers = ["STT", "Họ và tên", "Giới tính", "Chức vụ Đảng", "Chức vụ chuyên môn", "Điện thoại"]
    header_row(sheet, 4, headers)
    line = 5
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.unit_name, []).append(row)
    for number, (name, members) in enumerate(groups.items()):
        heading = name or unit.name.replace("Đảng bộ", "Đảng ủy", 1)
        sheet.cell(row=line, column=1, value=roman[number]).font = BODY_FONT
        sheet.cell(row=line, column=2, value=heading.upper()).font = BODY_FONT
        sheet.merge_cells(start_row=line, start_column=2, end_row=line, end_column=len(headers))
        line += 1
        for n, row in enumerate(members, start=1):
            p = row.person
            _body(sheet, line, [n, p.full_name, p.gender, row.party_role, row.job_title, p.phone])
            line += 1
    save_book(book, path, when=when)


# --- papers --------------------------------------------------------------------------------------
# what units wrote on their form's paper sheet: unit -> (title, presenter's role)
PAPER_ANSWERS = {
    "CS02": ("Sinh hoạt chuyên đề gắn với chuyên môn ở Đảng bộ Sở Y tế", "Bí thư Đảng ủy"),
    "CS17": ("Kinh nghiệm sinh hoạt chi bộ ở các khoa lâm sàng", "Phó Bí thư Đảng ủy"),
}
PDF_PAPER = "CS13"  # sent as PDF only: listed, not compiled, in the kỷ yếu
LATE_PAPER = "CS34"  # saved after the deadline: Nộp muộn


def write_pdf_paper(path: Path, unit: SampleUnit, saved: datetime) -> None:
    """A one-page PDF whose information dictionary records when it was saved."""
    stamp = saved.strftime("D:%Y%m%d%H%M%S+07'00'")
    text = ascii_name(f"Tham luan - {unit.name}")
    content = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        f"<< /Title ({text}) /CreationDate ({stamp}) /ModDate ({stamp}) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    touch(path, saved)
