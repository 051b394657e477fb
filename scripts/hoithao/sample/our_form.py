"""Our registration form filled in as a unit does: the shape most sample returns take."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hoithao.forms.vocab import (
    FORM_COLUMNS,
    FORM_SHEET_GUIDE,
    FORM_SHEET_IDENTITY,
    FORM_SHEET_REGISTRATION,
    FORM_VERSION,
    IDENTITY_KEYS,
    UNIT_CODE_LABEL,
)
from hoithao.sample.book import (
    BODY_FONT,
    BOX,
    header_row,
    new_book,
    save_book,
)
from hoithao.sample.data import (
    DBCS,
    EVENT_CODE,
    JOB_TITLES,
    TITLE,
    People,
    Person,
    SampleUnit,
    short_name,
)


def job_title(unit_name: str, role: str, rng: random.Random) -> str:
    deputy = role != "Bí thư"
    short = short_name(unit_name)
    head = short.split(" ")[0]
    pair = JOB_TITLES.get(head, ("Giám đốc", "Phó Giám đốc"))
    if deputy and rng.random() < 0.4:
        return rng.choice(("Chánh Văn phòng", "Trưởng phòng Tổ chức - Hành chính"))
    return pair[1] if deputy else pair[0]


def to_nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


@dataclass
class Row:
    person: Person
    party_role: str
    job_title: str
    unit_name: str  # "" = the unit itself
    category: str = ""
    note: str = ""

    def cells(self, seq: int) -> list[Any]:
        p = self.person
        return [
            seq,
            p.full_name,
            p.gender,
            self.party_role,
            self.job_title,
            self.unit_name,
            self.category,
            p.phone,
            p.email,
            self.note,
        ]


def sample_delegates(unit: SampleUnit, subs: Sequence[SampleUnit], people: People) -> list[Row]:
    rng = people.rng
    rows = []
    for target in (unit, *subs):
        role = "Bí thư" if rng.random() < 0.7 else "Phó Bí thư"
        rows.append(
            Row(
                people.make(),
                role,
                job_title(target.name, role, rng),
                "" if target is unit else target.name,
            )
        )
    return rows


def form_date(rng: random.Random) -> date:
    return date(2022, 4, 28) + timedelta(days=rng.randrange(15))


def date_line(day: date) -> str:
    return f"Quy Nhơn, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def signing_body(unit: SampleUnit) -> str:
    return "T/M ĐẢNG ỦY" if unit.kind == DBCS else "T/M CHI ỦY"


def _identity_sheet(book: Workbook, unit_code: str) -> None:
    sheet = book.create_sheet(FORM_SHEET_IDENTITY)
    sheet.append([IDENTITY_KEYS["event_code"], EVENT_CODE])
    sheet.append([IDENTITY_KEYS["unit_code"], unit_code])
    sheet.append([IDENTITY_KEYS["version"], FORM_VERSION])
    sheet.sheet_state = "hidden"


def _put(
    sheet: Worksheet,
    row: int,
    col: int,
    value: Any,
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = False,
) -> None:
    cell = sheet.cell(row=row, column=col, value=value)
    cell.font = Font(name="Times New Roman", size=13, bold=bold, italic=italic)
    if center:
        cell.alignment = Alignment(horizontal="center")


def write_our_form(
    path: Path,
    unit: SampleUnit,
    rows: Sequence[Row],
    day: date,
    *,
    text: Any = str,
    identity: bool = True,
    junk_sheet: bool = False,
    signer: str | None = None,
    when: datetime | None = None,
) -> None:
    """A return in our form's layout (DESIGN §4); `text` re-encodes what the unit typed."""
    book = new_book()
    guide = book.create_sheet(FORM_SHEET_GUIDE)
    guide["A1"] = (
        "Điền danh sách đại biểu ở sheet “Đăng ký”, mỗi người một dòng; gửi lại trước hạn."
    )
    sheet = book.create_sheet(FORM_SHEET_REGISTRATION)
    nfd = text is to_nfd
    t = text if nfd else str  # headings come from our template: Unicode unless the file is NFD
    _put(sheet, 1, 1, t("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"), bold=True)
    _put(sheet, 1, 7, t("ĐẢNG CỘNG SẢN VIỆT NAM"), bold=True)
    _put(sheet, 2, 1, t(unit.name.upper()), bold=True)
    _put(sheet, 4, 1, t("PHIẾU ĐĂNG KÝ ĐẠI BIỂU DỰ HỘI THẢO"), bold=True)
    _put(sheet, 5, 1, t(TITLE), italic=True)
    _put(sheet, 6, 1, t("Đơn vị:"))
    _put(sheet, 6, 2, t(unit.name), bold=True)
    _put(sheet, 7, 1, t(UNIT_CODE_LABEL + ":"))
    _put(sheet, 7, 2, unit.code, bold=True)
    header_row(sheet, 9, [t(label) for label in FORM_COLUMNS.values()])
    r = 10
    for seq, row in enumerate(rows, start=1):
        for c, value in enumerate(row.cells(seq), start=1):
            cell = sheet.cell(
                row=r, column=c, value=text(value) if isinstance(value, str) and value else value
            )
            cell.border = BOX
            cell.font = BODY_FONT
            cell.number_format = "@" if c in (8, 9) else "General"
        r += 1
    for _ in range(2):  # the template's empty bordered rows
        for c in range(1, len(FORM_COLUMNS) + 1):
            sheet.cell(row=r, column=c).border = BOX
        r += 1
    r += 1
    _put(sheet, r, 6, t(date_line(day)), italic=True, center=True)
    _put(sheet, r + 1, 6, t(signing_body(unit)), bold=True, center=True)
    _put(sheet, r + 2, 6, t("BÍ THƯ"), bold=True, center=True)
    _put(sheet, r + 6, 6, text(signer or rows[0].person.full_name), bold=True, center=True)
    for col, width in zip("ABCDEFGHIJ", (5, 26, 9, 14, 24, 30, 22, 14, 28, 14), strict=True):
        sheet.column_dimensions[col].width = width
    book.active = 1
    if junk_sheet:
        junk = book.create_sheet("Sheet1")
        junk.append(["Danh sách đảng viên dự học tập Nghị quyết (năm 2021)"])
        junk.append(["TT", "Họ và tên", "Năm sinh", "Chi bộ"])
        junk.append([1, "Phạm Văn Thọ", 1971, "Chi bộ 1"])
        junk.append([2, "Lê Thị Hoa", 1983, "Chi bộ 2"])
        junk.sheet_state = "hidden"
    if identity:
        _identity_sheet(book, unit.code)
    save_book(book, path, when=when or datetime.combine(day, datetime.min.time()).replace(hour=16))
