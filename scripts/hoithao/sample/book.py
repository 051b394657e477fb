"""How the sample's files are written: openpyxl helpers with fixed dates so regenerating gives
the same bytes, and the legacy encodings (TCVN3, VNI) old offices still type in."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from hoithao.sample.data import FIXED_TIME

# --- writing helpers -------------------------------------------------------------------------
HEADER_FONT = Font(name="Times New Roman", bold=True, size=12)
BODY_FONT = Font(name="Times New Roman", size=12)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
ZIP_TIME = (2022, 4, 26, 8, 0, 0)
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def new_book() -> Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.creator = "Văn phòng Đảng ủy Khối"
    book.properties.lastModifiedBy = "Văn phòng Đảng ủy Khối"
    return book


def save_book(book: Workbook, path: Path, *, when: datetime = FIXED_TIME) -> None:
    book.properties.created = when
    book.properties.modified = when
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    freeze_zip(path)
    touch(path, when)


def freeze_zip(path: Path, *, content_types: dict[str, str] | None = None) -> None:
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


def touch(path: Path, when: datetime) -> None:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


def header_row(sheet: Worksheet, row: int, labels: Sequence[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=col, value=label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def table_sheet(
    book: Workbook,
    title: str,
    labels: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    formats: dict[int, str] | None = None,
) -> Worksheet:
    sheet = book.create_sheet(title)
    header_row(sheet, 1, labels)
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


def dropdown(sheet: Worksheet, column: int, choices: Sequence[str], last_row: int = 500) -> None:
    letter = get_column_letter(column)
    rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    rule.error = "Chọn một giá trị trong danh sách."
    rule.errorTitle = "Giá trị không hợp lệ"
    rule.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(rule)


# --- .ods and .xls returns: LibreOffice converts a written xlsx ----------------------------
def office_convert(source: Path, target: Path, fmt: str) -> bool:
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
        freeze_zip(target)
    return True


def via_office(write: Any, target: Path, fmt: str, day: date, office: bool) -> None:
    """Write an xlsx, then convert it; without LibreOffice the xlsx itself is the return."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, target.stem + ".xlsx")
        write(source)
        if not (office and office_convert(source, target, fmt)):
            target = target.with_suffix(".xlsx")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    touch(target, datetime.combine(day, datetime.min.time()).replace(hour=9))


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
