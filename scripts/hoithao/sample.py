"""The sample workspace for Kế hoạch 38-KH/ĐUK: master workbook, returned forms and papers.

The repository is itself a workspace, so a fresh clone has real work for `hoithao consolidate`.
Everything is synthetic and seeded: regenerating gives the same content (and, for the files
written here, the same bytes: zip entries and document properties carry fixed dates).
Run `python -m hoithao.sample [ROOT]`; without ROOT it rebuilds the repository's `workbooks/`.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import vocab
from .vntext import ascii_name

SEED = 38_2022
EVENT_CODE = "HT38-2022"
FIXED_TIME = datetime(2022, 4, 26, 8, 0, 0)
STARTS_AT = datetime(2022, 5, 19, 7, 30)
REGISTRATION_DEADLINE = datetime(2022, 5, 10)
PAPER_DEADLINE = datetime(2022, 5, 12)
ORGANISER = "Đảng ủy Khối các cơ quan tỉnh Bình Định"
TITLE = (
    "Hội thảo “Giải pháp nâng cao chất lượng sinh hoạt chi bộ, nhất là sinh hoạt chuyên đề "
    "gắn với thực hiện nhiệm vụ chuyên môn, nghiệp vụ”"
)
VENUE = "Hội trường Khách sạn Thanh Bình, thành phố Quy Nhơn, tỉnh Bình Định"
GOV_MAIL = "binhdinh.gov.vn"

DBCS, CBCS = vocab.KIND_DANG_BO_CO_SO, vocab.KIND_CHI_BO_CO_SO
DBBP, CBTT = vocab.KIND_DANG_BO_BO_PHAN, vocab.KIND_CHI_BO_TRUC_THUOC


# --- units -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SampleUnit:
    code: str
    name: str
    kind: str
    parent: str = ""
    summoned: str = ""  # what the Triệu tập cell says
    slug: str = ""  # e-mail local part

    @property
    def is_summoned(self) -> bool:
        if self.parent:
            return self.summoned == "x"
        return self.summoned != "không"


def _table(text: str) -> list[list[str]]:
    """Rows of a " | "-separated block: the sample's data, kept readable and short."""
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


# kind (ĐB = Đảng bộ cơ sở, CB = Chi bộ cơ sở) | name | e-mail local part; codes CS01… in order
_GRASSROOTS = _table("""
ĐB | Đảng bộ Văn phòng UBND tỉnh | vpubnd
ĐB | Đảng bộ Sở Y tế | syt
ĐB | Đảng bộ Sở Nông nghiệp và Phát triển nông thôn | snnptnt
ĐB | Đảng bộ Sở Tài nguyên và Môi trường | stnmt
ĐB | Đảng bộ Sở Văn hóa và Thể thao | svhtt
ĐB | Đảng bộ Sở Giáo dục và Đào tạo | sgddt
ĐB | Đảng bộ Sở Tài chính | stc
ĐB | Đảng bộ Sở Kế hoạch và Đầu tư | skhdt
ĐB | Đảng bộ Sở Giao thông vận tải | sgtvt
ĐB | Đảng bộ Sở Xây dựng | sxd
ĐB | Đảng bộ Sở Lao động - Thương binh và Xã hội | sldtbxh
ĐB | Đảng bộ Sở Công Thương | sct
ĐB | Đảng bộ Cục Thuế tỉnh | cucthue
ĐB | Đảng bộ Bảo hiểm xã hội tỉnh | bhxh
ĐB | Đảng bộ Kho bạc Nhà nước tỉnh | kbnn
ĐB | Đảng bộ Đài Phát thanh và Truyền hình Bình Định | btv
ĐB | Đảng bộ Bệnh viện Đa khoa tỉnh | bvdk
ĐB | Đảng bộ Trường Cao đẳng Y tế Bình Định | cdyt
ĐB | Đảng bộ Cục Hải quan tỉnh | haiquan
ĐB | Đảng bộ Ban Quản lý Khu kinh tế tỉnh | bqlkkt
ĐB | Đảng bộ Sở Nội vụ | snv
ĐB | Đảng bộ Cục Thống kê tỉnh | cucthongke
CB | Chi bộ Sở Tư pháp | stp
CB | Chi bộ Ban Dân tộc | bdt
CB | Chi bộ Sở Ngoại vụ | sngv
CB | Chi bộ Sở Khoa học và Công nghệ | skhcn
CB | Chi bộ Sở Thông tin và Truyền thông | stttt
CB | Chi bộ Sở Du lịch | sdl
CB | Chi bộ Thanh tra tỉnh | thanhtra
CB | Chi bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh | vpdbqh
CB | Chi bộ Cơ quan Ủy ban MTTQ Việt Nam tỉnh | mttq
CB | Chi bộ Liên đoàn Lao động tỉnh | ldld
CB | Chi bộ Hội Liên hiệp Phụ nữ tỉnh | hlhpn
CB | Chi bộ Tỉnh Đoàn | tinhdoan
CB | Chi bộ Hội Nông dân tỉnh | hnd
CB | Chi bộ Hội Cựu chiến binh tỉnh | hccb
CB | Chi bộ Liên minh Hợp tác xã tỉnh | lmhtx
CB | Chi bộ Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh | lhhkhkt
CB | Chi bộ Hội Chữ thập đỏ tỉnh | hctd
CB | Chi bộ Hội Văn học Nghệ thuật tỉnh | hvhnt
CB | Chi bộ Báo Bình Định | baobinhdinh
CB | Chi bộ Trung tâm Xúc tiến Đầu tư | ipc
CB | Chi bộ Ban Quản lý dự án Dân dụng và Công nghiệp tỉnh | bqldadd
CB | Chi bộ Ban Quản lý dự án Giao thông tỉnh | bqldagt
CB | Chi bộ Ban Quản lý dự án Nông nghiệp và PTNT tỉnh | bqldann
CB | Chi bộ Quỹ Đầu tư phát triển tỉnh | quydtpt
CB | Chi bộ Ngân hàng Nhà nước Chi nhánh Bình Định | nhnn
CB | Chi bộ Ngân hàng Chính sách xã hội tỉnh | nhcsxh
CB | Chi bộ Bệnh viện Y học cổ truyền và Phục hồi chức năng | bvyhct
CB | Chi bộ Bệnh viện Tâm thần tỉnh | bvtt
CB | Chi bộ Bảo tàng Quang Trung | btqt
CB | Chi bộ Trường Cao đẳng Kỹ thuật Công nghệ Quy Nhơn | cdktcn
CB | Chi bộ Trường Cao đẳng Bình Định | cdbd
CB | Chi bộ Cục Quản lý thị trường tỉnh | qltt
CB | Chi bộ Cục Thi hành án dân sự tỉnh | thads
CB | Chi bộ Văn phòng Đăng ký đất đai tỉnh | vpdkdd
CB | Chi bộ Ban Thi đua - Khen thưởng tỉnh | btdkt
CB | Chi bộ Trung tâm Phát triển quỹ đất tỉnh | ttptqd
""")
NOT_SUMMONED = {"CS40", "CS46"}  # Hội Văn học Nghệ thuật, Quỹ Đầu tư phát triển (đang sắp xếp)
_KINDS = {"ĐB": DBCS, "CB": CBCS, "BP": DBBP, "TT": CBTT}

# code | name | parent | Triệu tập (sub-units are summoned only when marked "x")
_SUB_UNITS = _table("""
BP01 | Đảng bộ bộ phận Trung tâm Kiểm soát bệnh tật tỉnh | CS02 | x
TT01 | Chi bộ Văn phòng Sở Y tế | CS02 | x
TT02 | Chi bộ Chi cục Dân số - Kế hoạch hóa gia đình | CS02 | x
TT03 | Chi bộ Chi cục An toàn vệ sinh thực phẩm | CS02 |
BP02 | Đảng bộ bộ phận Chi cục Kiểm lâm | CS03 | x
BP03 | Đảng bộ bộ phận Chi cục Thủy lợi | CS03 |
TT04 | Chi bộ Văn phòng Sở Nông nghiệp và PTNT | CS03 | x
TT05 | Chi bộ Chi cục Thủy sản | CS03 | x
TT06 | Chi bộ Trung tâm Khuyến nông | CS03 | x
TT07 | Chi bộ Phòng Tổng hợp | CS01 | x
TT08 | Chi bộ Trung tâm Phục vụ hành chính công | CS01 | x
TT09 | Chi bộ Phòng Quản trị - Tài vụ | CS01 |
BP04 | Đảng bộ bộ phận Nhà hát Nghệ thuật truyền thống tỉnh | CS05 | x
TT10 | Chi bộ Bảo tàng tỉnh | CS05 | x
TT11 | Chi bộ Thư viện tỉnh | CS05 | x
BP05 | Đảng bộ bộ phận Văn phòng Cục Thuế | CS13 | x
TT12 | Chi bộ Phòng Kiểm tra thuế | CS13 | x
TT13 | Chi bộ Phòng Thanh tra thuế | CS13 |
BP06 | Đảng bộ bộ phận Chi cục Bảo vệ môi trường | CS04 | x
TT14 | Chi bộ Văn phòng Sở Tài nguyên và Môi trường | CS04 | x
TT15 | Chi bộ Chi cục Biển và Hải đảo | CS04 | x
TT16 | Chi bộ Khối Nội | CS17 | x
TT17 | Chi bộ Khối Ngoại | CS17 | x
TT18 | Chi bộ Khối Cận lâm sàng | CS17 | x
TT19 | Chi bộ Phòng Tổ chức cán bộ | CS17 |
TT20 | Chi bộ Văn phòng Bảo hiểm xã hội tỉnh | CS14 | x
TT21 | Chi bộ Phòng Quản lý thu | CS14 | x
""")


def sample_units() -> list[SampleUnit]:
    """Grassroots units, each followed by its sub-units: the master's (protocol) order."""
    units: list[SampleUnit] = []
    for i, (kind, name, slug) in enumerate(_GRASSROOTS, start=1):
        code = f"CS{i:02d}"
        units.append(
            SampleUnit(code, name, _KINDS[kind], "", "không" if code in NOT_SUMMONED else "", slug)
        )
        units.extend(
            SampleUnit(sub, sub_name, _KINDS[sub[:2]], parent, mark, f"{slug}.{sub.lower()}")
            for sub, sub_name, parent, mark in _SUB_UNITS
            if parent == code
        )
    return units


# --- people ----------------------------------------------------------------------------------
FAMILY = (
    "Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Huỳnh Huỳnh Võ Võ Phan Đặng Bùi Đỗ Hồ Ngô "
    "Dương Đào Đoàn Trương Lương Mai Tạ Châu Hoàng Lâm Văn Kiều"
).split()
MIDDLE_MALE = "Văn Văn Minh Đức Quốc Thanh Hữu Ngọc Xuân Công Tấn Đình Trọng Anh".split()
MIDDLE_FEMALE = ("Thị", "Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thị Kim", "Thị Thanh", "Thị Bích")
GIVEN_MALE = (
    "Hùng Dũng Tuấn Hải Sơn Phong Tâm Bình Quang Thắng Nam Trung Khánh Long Hiếu Phúc Toàn "
    "Vinh Lộc Thành Cường Định Nghĩa Hoàng Tín Tùng Kiên Lực Hòa Sỹ"
).split()
GIVEN_FEMALE = (
    "Hương Lan Hoa Hạnh Mai Thủy Trang Nga Phượng Hằng Dung Linh Thảo Nhung Yến Vân Oanh "
    "Hiền Loan Tuyết Diệu Quyên Ngân Nhàn"
).split()
MOBILE_PREFIXES = (
    "090 093 070 076 077 078 079 091 094 088 081 082 083 084 085 096 097 098 086 "
    "032 033 034 035 036 037 038 039 056 058 059"
).split()


@dataclass(frozen=True)
class Person:
    full_name: str
    gender: str
    phone: str
    email: str
    birth_year: int


class People:
    """Seeded synthetic people; never the same name twice in the sample."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, gender: str | None = None, *, mail_domain: str = GOV_MAIL) -> Person:
        rng = self.rng
        gender = gender or rng.choice(("Nam", "Nam", "Nam", "Nữ", "Nữ"))
        while True:
            male = gender == "Nam"
            family = rng.choice(FAMILY)
            middle = rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)
            given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
            full_name = f"{family} {middle} {given}"
            if full_name not in self.used:
                self.used.add(full_name)
                break
        phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
        ascii_parts = ascii_name(full_name).lower().split()
        local = ascii_parts[-1] + "".join(p[0] for p in ascii_parts[:-1])
        email = f"{local}{rng.randrange(10, 99)}@{mail_domain}" if rng.random() < 0.6 else ""
        return Person(full_name, gender, phone, email, rng.randrange(1966, 1986))


# --- legacy Vietnamese encodings, as Excel shows them with .VnTime / VNI-Times fonts ----------
# TCVN3 (ABC): one byte per lower-case precomposed letter; upper case only for Ă Â Ê Ô Ơ Ư Đ.
_TCVN3 = dict(
    zip(
        "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
        "¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ",
        strict=True,
    )
)
_VNI_TONES = {"": "", "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"": "i", "\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 bytes read as Latin-1; upper-case toned vowels have no TCVN3 code."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3:
            out.append(_TCVN3[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            raise ValueError(f"no TCVN3 code for {ch!r} in {text!r}")
    return "".join(out)


def to_vni(text: str) -> str:
    """Unicode → VNI-Windows bytes read as Latin-1: a base letter, then mark bytes."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if ord(base) >= 128 or not marks:
            if ord(ch) >= 128:
                raise ValueError(f"no VNI code for {ch!r}")
            out.append(ch)
            continue
        tone = next((m for m in marks if m in _VNI_TONES and m), "")
        shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
        upper = base.isupper()
        low = base.lower()
        if shape == "\u0302":
            seq = low + _VNI_HAT[tone]
        elif shape == "\u0306":
            seq = low + _VNI_BREVE[tone]
        elif shape == "\u031b":
            seq = ("ô" if low == "o" else "ö") + _VNI_TONES[tone]
        elif low == "i":
            seq = _VNI_I[tone]
        elif low == "y" and tone == "\u0323":
            seq = "î"
        else:
            seq = low + _VNI_TONES[tone]
        if upper:
            seq = seq[0].upper() + seq[1:].upper()
        out.append(seq)
    return "".join(out)


# --- writing helpers -------------------------------------------------------------------------
HEADER_FONT = Font(name="Times New Roman", bold=True, size=12)
BODY_FONT = Font(name="Times New Roman", size=12)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
ZIP_TIME = (2022, 4, 26, 8, 0, 0)
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _new_book() -> Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.creator = "Văn phòng Đảng ủy Khối"
    book.properties.lastModifiedBy = "Văn phòng Đảng ủy Khối"
    return book


def _save(book: Workbook, path: Path, *, when: datetime = FIXED_TIME) -> None:
    book.properties.created = when
    book.properties.modified = when
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    _freeze_zip(path)
    _touch(path, when)


def _freeze_zip(path: Path, *, content_types: dict[str, str] | None = None) -> None:
    """Rewrite a zip package with fixed entry dates so regenerating gives the same bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(i.filename, i.compress_type, source.read(i)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, method, data in entries:
            if content_types and name == "[Content_Types].xml":
                text = data.decode("utf-8")
                for old, new in content_types.items():
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            if name == "docProps/core.xml":
                data = _same_modified(data)
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = method  # an .ods keeps its "mimetype" entry stored
            info.external_attr = 0o644 << 16
            target.writestr(info, data)


_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _same_modified(core: bytes) -> bytes:
    """openpyxl stamps "modified" with the clock at save; use the fixed "created" instead."""
    created = _CREATED.search(core)
    if created is None:
        return core
    return _MODIFIED.sub(lambda m: m.group(1) + created.group(1) + m.group(2), core)


def _touch(path: Path, when: datetime) -> None:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


def _header_row(sheet: Worksheet, row: int, labels: Sequence[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=col, value=label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _table_sheet(
    book: Workbook,
    title: str,
    labels: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    formats: dict[int, str] | None = None,
) -> Worksheet:
    sheet = book.create_sheet(title)
    _header_row(sheet, 1, labels)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.font = BODY_FONT
            cell.border = BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if formats and c in formats:
                cell.number_format = formats[c]
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    return sheet


def _dropdown(sheet: Worksheet, column: int, choices: Sequence[str], last_row: int = 500) -> None:
    letter = get_column_letter(column)
    rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    rule.error = "Chọn một giá trị trong danh sách."
    rule.errorTitle = "Giá trị không hợp lệ"
    rule.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(rule)


# --- the master workbook ---------------------------------------------------------------------
# code | name | Loại hình áp dụng | Chức vụ hợp lệ | Số lượng mỗi đơn vị (plan III.1)
CATEGORIES = _table(f"""
KM | Lãnh đạo Ban Tổ chức Tỉnh ủy | | |
PDV | Lãnh đạo Phòng Tổ chức đảng, đảng viên - Ban Tổ chức Tỉnh ủy | | |
BCH | Ban Chấp hành Đảng bộ Khối các cơ quan tỉnh | | |
CS | Bí thư hoặc phó bí thư chi bộ, đảng bộ cơ sở | {DBCS}, {CBCS} | Bí thư, Phó Bí thư | 1
TT | Bí thư hoặc phó bí thư đảng bộ bộ phận, chi bộ trực thuộc | {DBBP}, {CBTT} | Bí thư, Phó Bí thư | 1
PV | Cán bộ các ban, Văn phòng Đảng ủy Khối (phục vụ) | | |
""")  # noqa: E501

# name | gender | title | organisation | category: protocol rank order (staff keep it so)
INVITEES = _table("""
Trần Quang Minh | Nam | Phó Trưởng Ban Thường trực Ban Tổ chức Tỉnh ủy | Ban Tổ chức Tỉnh ủy | KM
Lê Thị Thanh Bình | Nữ | Phó Trưởng Ban Tổ chức Tỉnh ủy | Ban Tổ chức Tỉnh ủy | KM
Võ Đình Khải | Nam | Trưởng phòng Tổ chức đảng, đảng viên | Ban Tổ chức Tỉnh ủy | PDV
Huỳnh Thị Kim Oanh | Nữ | Phó Trưởng phòng Tổ chức đảng, đảng viên | Ban Tổ chức Tỉnh ủy | PDV
Phan Văn Đức | Nam | Bí thư Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Nguyễn Đặng Thị Thu Hòa | Nữ | Phó Bí thư Thường trực Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Đặng Ngọc Sơn | Nam | Phó Bí thư Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Trương Công Tín | Nam | Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Bùi Thị Hạnh | Nữ | Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Đỗ Xuân Hiếu | Nam | Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Ngô Văn Lực | Nam | Ủy viên Ban Chấp hành, Chánh Văn phòng Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Lương Thị Mỹ Dung | Nữ | Ủy viên Ban Chấp hành, Phó Trưởng Ban Tổ chức Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Hồ Quốc Cường | Nam | Ủy viên Ban Chấp hành, Bí thư Đảng ủy Sở Tài chính | Sở Tài chính | BCH
Dương Minh Tâm | Nam | Ủy viên Ban Chấp hành, Bí thư Đảng ủy Sở Y tế | Sở Y tế | BCH
Mai Thị Tuyết | Nữ | Ủy viên Ban Chấp hành, Bí thư Chi bộ Sở Tư pháp | Sở Tư pháp | BCH
Đào Hữu Nghĩa | Nam | Ủy viên Ban Chấp hành, Bí thư Đảng ủy Cục Thuế tỉnh | Cục Thuế tỉnh | BCH
Tạ Đức Phong | Nam | Ủy viên Ban Chấp hành, Bí thư Đảng ủy Kho bạc Nhà nước tỉnh | Kho bạc Nhà nước tỉnh | BCH
Châu Thị Diệu Linh | Nữ | Ủy viên Ban Chấp hành, Chủ tịch Công đoàn Viên chức tỉnh | Công đoàn Viên chức tỉnh | BCH
Lâm Văn Toàn | Nam | Ủy viên Ban Chấp hành, Bí thư Đoàn Khối | Đoàn Khối các cơ quan tỉnh | BCH
Kiều Thị Ngân | Nữ | Chuyên viên Ban Tổ chức Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | PV
Phạm Anh Tuấn | Nam | Chuyên viên Văn phòng Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | PV
Huỳnh Thị Nhàn | Nữ | Kế toán Văn phòng Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | PV
""")  # noqa: E501

# unit | orientation, following plan section II.2 | form | order | own deadline (empty: event's)
PAPERS = _table("""
CS02 | Kinh nghiệm lựa chọn chủ đề sinh hoạt chuyên đề gắn với nhiệm vụ chuyên môn ngành y tế | Trình bày | 1 |
CS03 | Giải pháp nâng cao chất lượng sinh hoạt chi bộ ở đảng bộ có nhiều chi bộ trực thuộc, đóng chân trên nhiều địa bàn | Trình bày | 2 |
CS23 | Vai trò của bí thư chi bộ trong chuẩn bị nội dung, điều hành sinh hoạt chi bộ thường kỳ | Trình bày | 3 |
CS13 | Đổi mới nội dung sinh hoạt chuyên đề gắn với nhiệm vụ quản lý thu ngân sách: thuận lợi, khó khăn và kiến nghị | Trình bày | 4 |
CS34 | Sinh hoạt chi bộ trong điều kiện phòng, chống dịch Covid-19: kinh nghiệm sinh hoạt trực tuyến | Trình bày | 5 |
CS17 | Nâng cao chất lượng sinh hoạt chi bộ ở đơn vị sự nghiệp y tế làm việc theo ca, trực | Gửi bài | | 16/05/2022
CS31 | Kết hợp sinh hoạt chi bộ với học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh | Gửi bài | |
CS09 | Tự phê bình và phê bình trong sinh hoạt chi bộ; đánh giá kết quả thực hiện nghị quyết của chi bộ | Gửi bài | |
CS26 | Kiến nghị, đề xuất với cấp ủy cấp trên về hướng dẫn nội dung, quy trình sinh hoạt chuyên đề ở chi bộ cơ sở ít đảng viên | Gửi bài | | 16/05/2022
""")  # noqa: E501
PAPERS_RECEIVED = {"CS02", "CS03", "CS23", "CS17", "CS31"}  # CS13, CS34, CS09, CS26: not yet

RECIPIENTS = _table("""
Ban Tổ chức Tỉnh ủy | b/c
Đ/c Nguyễn Giờ - UVBTVTU |
Trưởng ban BTC Tỉnh ủy | b/c
Các đ/c UVBCH Đảng bộ Khối |
Các ban, VP ĐUK |
Các chi, đảng bộ cơ sở |
Website ĐUK |
Lưu VP, BTC |
""")

# item | unit of measure | price (VND) | Tính theo | quantity | sessions | legal basis
BUDGET = _table("""
Thuê hội trường (Khách sạn Thanh Bình), âm thanh, máy chiếu | buổi | 6000000 | Cố định | 1 | 1 | Hợp đồng thuê hội trường; Thông tư 40/2017/TT-BTC, Điều 12, khoản 1
Giải khát giữa giờ | người/buổi | 40000 | Đại biểu | | 1 | Thông tư 40/2017/TT-BTC, Điều 12, khoản 2 (tối đa 40.000 đồng/buổi/đại biểu)
Tài liệu hội thảo (báo cáo đề dẫn, tham luận) | bộ | 60000 | Đại biểu | | 1 | Thông tư 40/2017/TT-BTC, Điều 12, khoản 1 (in, sao tài liệu)
Hỗ trợ tiền ăn cho đại biểu không hưởng lương từ ngân sách nhà nước | người/ngày | 150000 | Cố định | 4 | 1 | Thông tư 40/2017/TT-BTC, Điều 12, khoản 2 (hội nghị tại thành phố thuộc tỉnh)
Chi viết tham luận | bài | 500000 | Cố định | 9 | 1 | Quy chế chi tiêu nội bộ của Văn phòng Đảng ủy Khối
Xây dựng báo cáo đề dẫn | báo cáo | 1000000 | Cố định | 1 | 1 | Quy chế chi tiêu nội bộ của Văn phòng Đảng ủy Khối
Phông, băng rôn, khẩu hiệu | bộ | 1500000 | Cố định | 1 | 1 | Báo giá; Thông tư 40/2017/TT-BTC, Điều 12, khoản 1
Hoa trang trí, nước uống bàn chủ tọa | lần | 800000 | Cố định | 1 | 1 | Thông tư 40/2017/TT-BTC, Điều 12, khoản 1
""")  # noqa: E501


def _unit_contacts(unit: SampleUnit, rng: random.Random) -> tuple[str, str, str]:
    email = f"{unit.slug}@{GOV_MAIL}" if not unit.parent or rng.random() < 0.3 else ""
    phone = f"0256 38{rng.randrange(10, 99)} {rng.randrange(100, 999)}"
    street = rng.choice(
        (
            "Lê Duẩn",
            "Trần Phú",
            "Nguyễn Huệ",
            "Phạm Hùng",
            "Lê Lợi",
            "Hai Bà Trưng",
            "Tăng Bạt Hổ",
            "Nguyễn Tất Thành",
            "Ngô Mây",
            "Lý Thường Kiệt",
            "Biên Cương",
            "An Dương Vương",
        )
    )
    address = f"{rng.randrange(1, 400)} {street}, thành phố Quy Nhơn"
    return email, phone, address


def _typed(rows: Sequence[Sequence[str]]) -> list[list[Any]]:
    """Numbers and dd/mm/yyyy dates of a data block as real cells, empty text as empty cells."""

    def cell(text: str) -> Any:
        if not text:
            return None
        if text.isdigit():
            return int(text)
        if text.count("/") == 2 and text.replace("/", "").isdigit():
            return datetime.strptime(text, "%d/%m/%Y")
        return text

    return [[cell(text) for text in row] for row in rows]


def write_master(path: Path, units: Sequence[SampleUnit]) -> None:
    rng = random.Random(SEED)
    book = _new_book()
    info = {
        "event_code": EVENT_CODE,
        "title": TITLE,
        "plan_number": "38-KH/ĐUK",
        "organiser": ORGANISER,
        "starts_at": STARTS_AT,
        "venue": VENUE,
        "hall_capacity": 150,
        "registration_deadline": REGISTRATION_DEADLINE,
        "paper_deadline": PAPER_DEADLINE,
        "signer": "Nguyễn Đặng Thị Thu Hòa",
        "signer_title": "Phó Bí thư Thường trực",
    }
    sheet = _table_sheet(
        book,
        vocab.SHEET_INFO,
        [vocab.INFO_ITEM, vocab.INFO_VALUE],
        [(vocab.INFO_ROWS[k], v) for k, v in info.items()],
        [26, 100],
    )
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell = row[0]
        if isinstance(cell.value, datetime):
            cell.number_format = "hh:mm dd/mm/yyyy" if cell.value.hour else "dd/mm/yyyy"
            cell.alignment = Alignment(horizontal="left")

    unit_rows = []
    for unit in units:
        email, phone, address = _unit_contacts(unit, rng)
        unit_rows.append(
            (
                unit.code,
                unit.name,
                unit.kind,
                unit.parent,
                unit.summoned or ("" if unit.parent else "x"),
                email,
                phone,
                address,
            )
        )
    sheet = _table_sheet(
        book,
        vocab.SHEET_UNITS,
        list(vocab.UNIT_COLUMNS.values()),
        unit_rows,
        [11, 52, 18, 11, 10, 30, 15, 42],
    )
    _dropdown(sheet, 3, vocab.UNIT_KINDS)
    _dropdown(sheet, 5, ("x", "không"))

    _table_sheet(
        book,
        vocab.SHEET_CATEGORIES,
        list(vocab.CATEGORY_COLUMNS.values()),
        _typed(CATEGORIES),
        [8, 58, 36, 22, 12],
    )

    invitee_rows = []
    people = People(rng)
    for name, gender, title, organisation, category in INVITEES:
        person = people.make(gender)
        invitee_rows.append(
            (
                name,
                gender,
                title,
                organisation,
                category,
                person.phone,
                f"{ascii_name(name).lower().split()[-1]}.{category.lower()}@{GOV_MAIL}",
                "Số 02 Trần Phú, thành phố Quy Nhơn"
                if category in ("KM", "PDV")
                else "Số 52 Nguyễn Huệ, thành phố Quy Nhơn",
            )
        )
    _table_sheet(
        book,
        vocab.SHEET_INVITEES,
        list(vocab.INVITEE_COLUMNS.values()),
        invitee_rows,
        [28, 10, 56, 32, 11, 14, 30, 38],
    )

    sheet = _table_sheet(
        book,
        vocab.SHEET_PAPERS,
        list(vocab.PAPER_COLUMNS.values()),
        _typed(PAPERS),
        [11, 80, 12, 12, 13],
        formats={5: "dd/mm/yyyy"},
    )
    _dropdown(sheet, 3, vocab.PAPER_FORMS)

    _table_sheet(
        book, vocab.SHEET_RECIPIENTS, list(vocab.RECIPIENT_COLUMNS.values()), RECIPIENTS, [40, 12]
    )

    sheet = _table_sheet(
        book,
        vocab.SHEET_BUDGET,
        list(vocab.BUDGET_COLUMNS.values()),
        _typed(BUDGET),
        [52, 13, 13, 12, 10, 9, 60],
        formats={3: "#,##0"},
    )
    _dropdown(sheet, 4, (vocab.BUDGET_PER_DELEGATE, vocab.BUDGET_FIXED))
    _save(book, path)


# --- returns ---------------------------------------------------------------------------------
MISSING = {"CS08", "CS11", "CS19", "CS22", "CS28", "CS36", "CS44", "CS50", "CS55"}
CORRUPT = "CS53"  # sends a damaged file only (F01)
NO_TABLE = "CS48"  # sends a cover letter without the list (F03)
TWICE = "CS10"  # an earlier return, then a corrected one (F04)
WITH_ERRORS = "CS03"  # R01 R02 R03 W01 W02 W03 W04 W05
LOCK_FILE = "~$Phiếu đăng ký - Sở Y tế.xlsx"
SKIPPED_FILES = (LOCK_FILE, "ghi chú.txt")
UNIDENTIFIABLE = "Book1.xlsx"  # a list with no unit clue at all (F02)
# file -> unit, for the returns that are meant to be read; messy ones named for what they show
MESSY = {
    "self_made": "CS23",
    "two_row_header": "CS12",
    "total_and_signature": "CS14",
    "second_sheet": "CS07",
    "hidden_junk": "CS05",
    "nfd": "CS24",
    "tcvn3": "CS31",
    "vni": "CS32",
    "csv": "CS25",
    "xlsm": "CS20",
    "ods": "CS16",
    "xls": "CS21",
}
# one person holds posts in two units (kiêm nhiệm) and both register them: W06
CONCURRENT = ("CS43", "CS45")  # Ban QLDA Dân dụng và Công nghiệp, Ban QLDA Nông nghiệp
PLANTED_CODES = tuple("F01 F02 F03 F04 F05 R01 R02 R03 W01 W02 W03 W04 W05 W06 W07 U01 P01".split())


def _short(unit_name: str) -> str:
    """ "Đảng bộ Sở Y tế" → "Sở Y tế": how units name their own files."""
    for prefix in ("Đảng bộ bộ phận ", "Đảng bộ ", "Chi bộ "):
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


def _job_title(unit_name: str, role: str, rng: random.Random) -> str:
    deputy = role != "Bí thư"
    short = _short(unit_name)
    head = short.split(" ")[0]
    titles = {
        "Sở": ("Giám đốc", "Phó Giám đốc"),
        "Cục": ("Cục trưởng", "Phó Cục trưởng"),
        "Bệnh": ("Giám đốc", "Phó Giám đốc"),
        "Trường": ("Hiệu trưởng", "Phó Hiệu trưởng"),
        "Ban": ("Trưởng ban", "Phó Trưởng ban"),
        "Hội": ("Chủ tịch", "Phó Chủ tịch"),
        "Liên": ("Chủ tịch", "Phó Chủ tịch"),
        "Báo": ("Tổng Biên tập", "Phó Tổng Biên tập"),
        "Phòng": ("Trưởng phòng", "Phó Trưởng phòng"),
        "Chi": ("Chi cục trưởng", "Phó Chi cục trưởng"),
        "Trung": ("Giám đốc Trung tâm", "Phó Giám đốc Trung tâm"),
        "Khối": ("Trưởng khoa", "Phó Trưởng khoa"),
        "Văn": ("Chánh Văn phòng", "Phó Chánh Văn phòng"),
    }
    pair = titles.get(head, ("Giám đốc", "Phó Giám đốc"))
    if deputy and rng.random() < 0.4:
        return rng.choice(("Chánh Văn phòng", "Trưởng phòng Tổ chức - Hành chính"))
    return pair[1] if deputy else pair[0]


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


def _delegates(unit: SampleUnit, subs: Sequence[SampleUnit], people: People) -> list[Row]:
    rng = people.rng
    rows = []
    for target in (unit, *subs):
        role = "Bí thư" if rng.random() < 0.7 else "Phó Bí thư"
        rows.append(
            Row(
                people.make(),
                role,
                _job_title(target.name, role, rng),
                "" if target is unit else target.name,
            )
        )
    return rows


def _form_date(rng: random.Random) -> date:
    return date(2022, 4, 28) + timedelta(days=rng.randrange(15))


def _date_line(day: date) -> str:
    return f"Quy Nhơn, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _signing_body(unit: SampleUnit) -> str:
    return "T/M ĐẢNG ỦY" if unit.kind == DBCS else "T/M CHI ỦY"


def _identity_sheet(book: Workbook, unit_code: str) -> None:
    sheet = book.create_sheet(vocab.FORM_SHEET_IDENTITY)
    sheet.append([vocab.IDENTITY_KEYS["event_code"], EVENT_CODE])
    sheet.append([vocab.IDENTITY_KEYS["unit_code"], unit_code])
    sheet.append([vocab.IDENTITY_KEYS["version"], vocab.FORM_VERSION])
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
    book = _new_book()
    guide = book.create_sheet(vocab.FORM_SHEET_GUIDE)
    guide["A1"] = (
        "Điền danh sách đại biểu ở sheet “Đăng ký”, mỗi người một dòng; gửi lại trước hạn."
    )
    sheet = book.create_sheet(vocab.FORM_SHEET_REGISTRATION)
    nfd = text is _nfd
    t = text if nfd else str  # headings come from our template: Unicode unless the file is NFD
    _put(sheet, 1, 1, t("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"), bold=True)
    _put(sheet, 1, 7, t("ĐẢNG CỘNG SẢN VIỆT NAM"), bold=True)
    _put(sheet, 2, 1, t(unit.name.upper()), bold=True)
    _put(sheet, 4, 1, t("PHIẾU ĐĂNG KÝ ĐẠI BIỂU DỰ HỘI THẢO"), bold=True)
    _put(sheet, 5, 1, t(TITLE), italic=True)
    _put(sheet, 6, 1, t("Đơn vị:"))
    _put(sheet, 6, 2, t(unit.name), bold=True)
    _put(sheet, 7, 1, t(vocab.UNIT_CODE_LABEL + ":"))
    _put(sheet, 7, 2, unit.code, bold=True)
    _header_row_at(sheet, 9, [t(label) for label in vocab.FORM_COLUMNS.values()])
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
        for c in range(1, len(vocab.FORM_COLUMNS) + 1):
            sheet.cell(row=r, column=c).border = BOX
        r += 1
    r += 1
    _put(sheet, r, 6, t(_date_line(day)), italic=True, center=True)
    _put(sheet, r + 1, 6, t(_signing_body(unit)), bold=True, center=True)
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
    _save(book, path, when=when or datetime.combine(day, datetime.min.time()).replace(hour=16))


def _header_row_at(sheet: Worksheet, row: int, labels: Sequence[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=col, value=label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def _plain_book(
    path: Path,
    lines: Sequence[Sequence[Any]],
    day: date,
    *,
    title: str = "Sheet1",
    cover: Sequence[str] = (),
    hidden: Sequence[Sequence[Any]] = (),
) -> None:
    """A unit's self-made workbook: just the lines typed, a cover note sheet if given."""
    book = _new_book()
    if cover:
        note = book.create_sheet("Công văn")
        for line in cover:
            note.append([line])
    sheet = book.create_sheet(title)
    for line in lines:
        sheet.append(list(line))
    sheet.column_dimensions["B"].width = 28
    if hidden:
        junk = book.create_sheet("Sheet3")
        for line in hidden:
            junk.append(list(line))
        junk.sheet_state = "hidden"
    _save(book, path, when=datetime.combine(day, datetime.min.time()).replace(hour=10))


def _person_named(people: People, full_name: str, gender: str) -> Person:
    made = people.make(gender)
    people.used.add(full_name)
    return Person(full_name, gender, made.phone, made.email, made.birth_year)


def _self_made(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    """Typed from scratch: capitals, "Đ/c", phones as numbers (zero lost), "+84"."""
    p1, p2 = people.make("Nam"), people.make("Nữ")
    plus84 = f"+84 {p2.phone[1:4]} {p2.phone[4:7]} {p2.phone[7:]}"
    lines = [
        [unit.name.upper()],
        ["DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ THAM DỰ HỘI THẢO"],
        ["(Theo Kế hoạch số 38-KH/ĐUK ngày 26/4/2022 của Ban Thường vụ Đảng ủy Khối)"],
        [],
        ["STT", "HỌ TÊN", "CHỨC VỤ TRONG ĐẢNG", "CHỨC VỤ CHUYÊN MÔN", "SĐT", "EMAIL"],
        [1, "Đ/c " + p1.full_name.upper(), "Bí thư Chi bộ", "Giám đốc Sở", int(p1.phone), p1.email],
        [2, "Đ/c " + p2.full_name.upper(), "P. Bí thư", "Phó Giám đốc Sở", plus84, ""],
        [],
        ["", "", "", "", _date_line(day)],
    ]
    _plain_book(path, lines, day, title="Danh sách")


def _two_row_header(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    """The classic form: "Năm sinh" over Nam | Nữ, the birth year under one of them."""
    p1, p2 = people.make("Nam"), people.make("Nữ")
    lines = [
        ["ĐẢNG ỦY " + _short(unit.name).upper()],
        ["DANH SÁCH ĐĂNG KÝ DỰ HỘI THẢO SINH HOẠT CHI BỘ"],
        [],
        ["STT", "Họ và tên", "Năm sinh", "", "Chức vụ Đảng", "Chức vụ chính quyền", "Điện thoại"],
        ["", "", "Nam", "Nữ", "", "", ""],
        [1, p1.full_name, p1.birth_year, "", "Bí thư Đảng ủy", "Giám đốc Sở", p1.phone],
        [
            2,
            p2.full_name,
            "",
            p2.birth_year,
            "Phó Bí thư Đảng ủy",
            "Phó Giám đốc Sở",
            p2.phone[:4] + "." + p2.phone[4:7] + "." + p2.phone[7:],
        ],
        [],
        ["", "", "", "", "", _date_line(day)],
    ]
    book_path = path
    _plain_book(book_path, lines, day, title="DS")
    book = openpyxl.load_workbook(book_path)
    sheet = book["DS"]
    sheet.merge_cells("C4:D4")
    for col in "ABEFG":
        sheet.merge_cells(f"{col}4:{col}5")
    _save(book, book_path, when=datetime.combine(day, datetime.min.time()).replace(hour=10))


def _total_and_signature(
    path: Path, unit: SampleUnit, subs: Sequence[SampleUnit], people: People, day: date
) -> None:
    """Nam | Nữ columns marked "x", a total row, "Người lập biểu" with a name under it."""
    rows = _delegates(unit, subs, people)
    lines: list[list[Any]] = [
        [unit.name.upper()],
        ["DANH SÁCH ĐẠI BIỂU DỰ HỘI THẢO"],
        [],
        [
            "TT",
            "Họ và tên",
            "Nam",
            "Nữ",
            "Chức vụ Đảng",
            "Chức vụ CM",
            "Đơn vị công tác",
            "Số điện thoại",
        ],
    ]
    for i, row in enumerate(rows, start=1):
        p = row.person
        male = p.gender == "Nam"
        phone = p.phone if i != 2 else f"{p.phone} - 0256 3822 111"  # two numbers in one cell
        lines.append(
            [
                i,
                p.full_name,
                "x" if male else "",
                "" if male else "x",
                row.party_role,
                row.job_title,
                row.unit_name or unit.name,
                phone,
            ]
        )
    lines += [
        ["", f"Tổng cộng: {len(rows):02d} đồng chí"],
        [],
        ["", "Người lập biểu", "", "", "", _date_line(day)],
        ["", "", "", "", "", _signing_body(unit)],
        [],
        ["", people.make("Nữ").full_name, "", "", "", rows[0].person.full_name],
    ]
    _plain_book(path, lines, day, title="Danh sách")


def _second_sheet(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    row = _delegates(unit, (), people)[0]
    cover = [
        "ĐẢNG ỦY SỞ TÀI CHÍNH",
        "Kính gửi: Ban Tổ chức Đảng ủy Khối các cơ quan tỉnh",
        "Thực hiện Kế hoạch số 38-KH/ĐUK, Đảng ủy Sở Tài chính đăng ký đại biểu dự Hội thảo "
        "(danh sách ở sheet bên cạnh).",
        f"{vocab.UNIT_CODE_LABEL}: {unit.code}",
        _date_line(day),
    ]
    lines = [list(vocab.FORM_COLUMNS.values()), row.cells(1)]
    _plain_book(path, lines, day, title="Danh sách", cover=cover)


def _csv(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    rows = _delegates(unit, (), people)
    lines = [
        ["PHIẾU ĐĂNG KÝ ĐẠI BIỂU DỰ HỘI THẢO", "", "", "", "", "", "", "", "", ""],
        ["Đơn vị: " + unit.name, "", "", "", "", "", "", "", "", ""],
        list(vocab.FORM_COLUMNS.values()),
        *[[str(v) for v in row.cells(i)] for i, row in enumerate(rows, start=1)],
        ["", "", "", "", "", _date_line(day), "", "", "", ""],
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\r\n".join(",".join(_csv_cell(c) for c in line) for line in lines) + "\r\n"
    path.write_bytes(text.encode("utf-8-sig"))
    _touch(path, datetime.combine(day, datetime.min.time()))


def _csv_cell(value: str) -> str:
    if any(ch in value for ch in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


# people typed in legacy encodings: no upper-case toned vowels (TCVN3 has no code for them)
TCVN3_PEOPLE = (
    ("Nguyễn Văn An", "Nam", "Bí thư", "Phó Chủ tịch"),
    ("Trương Thị Hương", "Nữ", "Phó Bí thư", "Trưởng ban Tổ chức - Kiểm tra"),
)
VNI_PEOPLE = (("Đặng Thị Ánh Tuyết", "Nữ", "Bí thư", "Chủ tịch Liên đoàn Lao động tỉnh"),)


def _tcvn3(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    """An old office's own list, every cell typed with the ABC keyboard in .VnTime."""
    lines: list[list[Any]] = [
        [to_tcvn3("Chi bộ Cơ quan MTTQ Việt Nam tỉnh")],
        [to_tcvn3("Danh sách đăng ký dự Hội thảo sinh hoạt chi bộ")],
        [],
        [
            to_tcvn3(h)
            for h in (
                "STT",
                "Họ và tên",
                "Giới tính",
                "Chức vụ Đảng",
                "Chức vụ chuyên môn",
                "Điện thoại",
                "Ghi chú",
            )
        ],
    ]
    for i, (name, gender, role, title) in enumerate(TCVN3_PEOPLE, start=1):
        person = _person_named(people, name, gender)
        lines.append(
            [i, to_tcvn3(name), to_tcvn3(gender), to_tcvn3(role), to_tcvn3(title), person.phone, ""]
        )
    lines += [
        [],
        ["", "", "", "", to_tcvn3(f"Quy Nhơn, ngày {day.day:02d} tháng {day.month:02d} năm 2022")],
    ]
    _plain_book(path, lines, day, title="Sheet1")


def _vni_form(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    """Our form, the names and roles typed in VNI-Times."""
    rows = []
    for name, gender, role, title in VNI_PEOPLE:
        rows.append(Row(_person_named(people, name, gender), role, title, ""))
    write_our_form(path, unit, rows, day, text=to_vni)


def _with_errors(
    path: Path, unit: SampleUnit, subs: Sequence[SampleUnit], people: People, day: date
) -> None:
    """Every row-level problem once: R01 R02 R03 W01 W02 W03 W04 W05."""
    own, first_sub, second_sub, *others = _delegates(unit, subs, people)
    rows = [
        own,
        Row(people.make("Nam"), "Đảng viên", "Trưởng phòng Kế hoạch", ""),  # W01, and W02 (quota 1)
        first_sub,
        Row(
            replace(second_sub.person, gender=""),
            second_sub.party_role,
            second_sub.job_title,
            second_sub.unit_name,
        ),  # W05
    ]
    for row in others:
        rows.append(
            Row(
                replace(row.person, phone="091234", email="kehoach.snn@"),
                row.party_role,
                row.job_title,
                row.unit_name,
            )  # W03, W04
        )
    rows.append(
        Row(
            replace(people.make("Nam"), full_name=""),
            "Bí thư",
            "Chi cục trưởng",
            first_sub.unit_name,
        )
    )  # R01
    rows.append(
        Row(people.make(), "Bí thư", "Trưởng phòng", "Chi bộ Phòng Kế hoạch - Tài chính")
    )  # R02
    rows.append(first_sub)  # R03
    write_our_form(path, unit, rows, day)


def _normal_name(unit: SampleUnit, i: int) -> str:
    short = _short(unit.name)
    styles = (
        f"Phiếu đăng ký - {short}.xlsx",
        f"{unit.code}_dang_ky.xlsx",
        f"{unit.code} - {ascii_name(unit.name)}.xlsx",
        f"Đăng ký hội thảo {short}.xlsx",
        f"Gửi qua email/{ascii_name(short).replace(' ', '_')}_phieu_dk.xlsx",
        f"Phieu dang ky {unit.code}.xlsx",
    )
    return styles[i % len(styles)]


def _office_convert(source: Path, target: Path, fmt: str) -> bool:
    """LibreOffice turns one generated xlsx into .ods/.xls; only for the committed sample."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    fmt,
                    "--outdir",
                    tmp,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
        except (OSError, subprocess.SubprocessError):
            return False
        produced = Path(tmp, source.stem + "." + fmt.split(":")[0])
        if not produced.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(produced, target)
    if target.suffix == ".ods":
        _freeze_zip(target)
    return True


def _via_office(write: Any, target: Path, fmt: str, day: date, office: bool) -> None:
    """Write an xlsx, then convert it; without LibreOffice the xlsx itself is the return."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, target.stem + ".xlsx")
        write(source)
        if not (office and _office_convert(source, target, fmt)):
            target = target.with_suffix(".xlsx")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    _touch(target, datetime.combine(day, datetime.min.time()).replace(hour=9))


def write_returns(folder: Path, units: Sequence[SampleUnit], *, office: bool = False) -> None:
    rng = random.Random(SEED + 1)
    people = People(rng)
    messy = {code: kind for kind, code in MESSY.items()}
    shared: Row | None = None
    summoned = [u for u in units if not u.parent and u.is_summoned]
    for i, unit in enumerate(summoned):
        subs = [u for u in units if u.parent == unit.code and u.is_summoned]
        day = _form_date(rng)
        if unit.code in MISSING:
            continue
        kind = messy.get(unit.code)
        short = _short(unit.name)
        if unit.code == TWICE:
            first = _delegates(unit, subs, people)
            write_our_form(
                folder / f"Phiếu đăng ký - {short}.xlsx",
                unit,
                first,
                date(2022, 5, 4),
                when=datetime(2022, 5, 9, 17),
            )
            second = [first[0], *_delegates(unit, subs, people)[1:]]
            second[0] = Row(people.make(), "Phó Bí thư", "Phó Giám đốc", "")
            write_our_form(
                folder / f"Phiếu đăng ký - {short} (sửa lại).xlsx",
                unit,
                second,
                date(2022, 5, 9),
                when=datetime(2022, 5, 4, 17),
            )
        elif unit.code == WITH_ERRORS:
            _with_errors(folder / f"{unit.code}_dang_ky.xlsx", unit, subs, people, day)
        elif unit.code == CORRUPT:
            target = folder / f"{unit.code} - Phieu dang ky.xlsx"
            write_our_form(target, unit, _delegates(unit, subs, people), day)
            target.write_bytes(target.read_bytes()[:700])  # a mail attachment cut short
            _touch(target, datetime.combine(day, datetime.min.time()))
        elif unit.code == NO_TABLE:
            _plain_book(
                folder / f"{unit.code} - Công văn trả lời.xlsx",
                [
                    [unit.name.upper()],
                    ["Kính gửi: Ban Tổ chức Đảng ủy Khối các cơ quan tỉnh"],
                    ["Chi bộ xin đăng ký đại biểu sau do đồng chí Bí thư đang đi công tác."],
                    [_date_line(day)],
                ],
                day,
            )
        elif kind == "self_made":
            _self_made(folder / "Danh sach dang ky hoi thao.xlsx", unit, people, day)
        elif kind == "two_row_header":
            _two_row_header(
                folder / f"DS đại biểu dự hội thảo - {unit.name}.xlsx", unit, people, day
            )
        elif kind == "total_and_signature":
            _total_and_signature(folder / f"Đăng ký HT - {short}.xlsx", unit, subs, people, day)
        elif kind == "second_sheet":
            _second_sheet(folder / f"{unit.code} - Đăng ký hội thảo.xlsx", unit, people, day)
        elif kind == "hidden_junk":
            write_our_form(
                folder / f"Phiếu đăng ký - {short}.xlsx",
                unit,
                _delegates(unit, subs, people),
                day,
                junk_sheet=True,
            )
        elif kind == "nfd":
            write_our_form(
                folder / _nfd(f"Phiếu đăng ký {short}.xlsx"),
                unit,
                _delegates(unit, subs, people),
                day,
                text=_nfd,
                identity=False,
            )
        elif kind == "tcvn3":
            _tcvn3(folder / f"{unit.code} - MTTQ tinh.xlsx", unit, people, day)
        elif kind == "vni":
            _vni_form(folder / "Phiếu đăng ký - LĐLĐ tỉnh.xlsx", unit, people, day)
        elif kind == "csv":
            _csv(folder / f"{unit.code}_dang_ky.csv", unit, people, day)
        elif kind == "xlsm":
            target = folder / f"Phiếu đăng ký - {short}.xlsm"
            write_our_form(target, unit, _delegates(unit, subs, people), day)
            _freeze_zip(
                target,
                content_types={XLSX_MAIN: XLSM_MAIN},
            )
            _touch(target, datetime.combine(day, datetime.min.time()))
        elif kind == "ods":
            rows = _delegates(unit, subs, people)
            _via_office(
                lambda p, u=unit, r=rows, d=day: write_our_form(p, u, r, d),
                folder / f"Phiếu đăng ký - {short}.ods",
                "ods",
                day,
                office,
            )
        elif kind == "xls":
            _via_office(
                lambda p, u=unit, d=day: _self_made(p, u, people, d),
                folder / f"{unit.code} - danh sach dai bieu.xls",
                "xls:MS Excel 97",
                day,
                office,
            )
        else:
            name = f"Phiếu đăng ký - {short}.xlsx" if unit.code == "CS02" else _normal_name(unit, i)
            rows = _delegates(unit, subs, people)
            if unit.code == CONCURRENT[0]:
                shared = rows[0]
            elif unit.code == CONCURRENT[1] and shared is not None:
                rows[0] = Row(shared.person, "Bí thư", "Giám đốc (kiêm nhiệm)", "")
            write_our_form(folder / name, unit, rows, day)
    # things that land in the folder and must be skipped, or cannot be attributed
    lock = folder / LOCK_FILE
    lock.write_bytes(b"\x0cVan phong DUK" + b" " * 41 + b"\x00" * 108)
    (folder / "ghi chú.txt").write_text(
        "Đã gọi điện nhắc các đơn vị chưa gửi phiếu ngày 09/5.\n", encoding="utf-8"
    )
    stranger = people.make("Nam")
    _plain_book(
        folder / UNIDENTIFIABLE,
        [
            list(vocab.FORM_COLUMNS.values()),
            [
                1,
                stranger.full_name,
                "Nam",
                "Bí thư",
                "Trưởng phòng",
                "",
                "",
                stranger.phone,
                "",
                "",
            ],
        ],
        date(2022, 5, 6),
    )
    for path in (lock, folder / "ghi chú.txt"):
        _touch(path, datetime(2022, 5, 9, 8))


# --- papers ----------------------------------------------------------------------------------
def write_papers(folder: Path, units: Sequence[SampleUnit]) -> None:
    """A few received papers as small .docx; the others stay missing (P01 after the deadline)."""
    from docx import Document

    by_code = {u.code: u for u in units}
    orientation = {code: text for code, text, *_ in PAPERS}
    folder.mkdir(parents=True, exist_ok=True)
    for n, code in enumerate(sorted(PAPERS_RECEIVED)):
        unit = by_code[code]
        doc = Document()
        props = doc.core_properties
        props.author = _short(unit.name)
        props.last_modified_by = _short(unit.name)
        props.created = props.modified = datetime(2022, 5, 8 + n % 4, 9)
        props.revision = 1
        props.title = "Tham luận"
        doc.add_paragraph(unit.name.upper())
        doc.add_heading("THAM LUẬN", level=1)
        doc.add_paragraph(orientation[code])
        doc.add_paragraph(
            "Thực hiện Kế hoạch số 38-KH/ĐUK của Ban Thường vụ Đảng ủy Khối, "
            f"{unit.name.lower().replace('đảng bộ', 'Đảng bộ').replace('chi bộ', 'Chi bộ')} "
            "xin trao đổi một số kinh nghiệm về nâng cao chất lượng sinh hoạt chi bộ, "
            "sinh hoạt chuyên đề gắn với thực hiện nhiệm vụ chuyên môn, nghiệp vụ."
        )
        name = (
            f"Tham luận {unit.name}.docx"
            if code == "CS23"
            else f"Tham luan - {code} - {ascii_name(unit.name)}.docx"
        )
        path = folder / name
        doc.save(str(path))
        _freeze_zip(path)
        _touch(path, datetime(2022, 5, 8 + n % 4, 9))


# --- everything ------------------------------------------------------------------------------
def build_sample(root: Path, *, office: bool = False) -> None:
    """Write the sample master, returns and papers under root (existing ones replaced)."""
    root = Path(root)
    units = sample_units()
    for folder in (vocab.RETURNS_DIR, vocab.PAPERS_DIR):
        target = root / folder
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
    write_master(root / vocab.MASTER_FILE, units)
    write_returns(root / vocab.RETURNS_DIR, units, office=office)
    write_papers(root / vocab.PAPERS_DIR, units)


def repository_root() -> Path:
    return Path(__file__).resolve().parents[2]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else repository_root()
    build_sample(root, office=True)
    print(f"Đã tạo bộ dữ liệu mẫu trong {root / 'workbooks'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
