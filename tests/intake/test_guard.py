"""Issue 7: hostile and broken returns are refused before any parser sees them.

Every file here is built by the test. Files that would hurt calamine (the A1 + XFD1048576 sheet
aborts python-calamine 0.9.1) are never parsed in this process; only in a child via
`isolate.parse_isolated`, to show that the guard is needed.
"""

from __future__ import annotations

import functools
import io
import random
import re
import struct
import tempfile
import time
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from hoithao.engine.consolidate import build
from hoithao.forms.vocab import (
    FORM_COLUMNS,
    FORM_SHEET_GUIDE,
    FORM_SHEET_LISTS,
    FORM_SHEET_REGISTRATION,
)
from hoithao.intake import extent, guard
from hoithao.intake.extent import ENCRYPTED
from hoithao.intake.guard import UnsafeFileError, check_file
from hoithao.intake.isolate import parse_isolated
from hoithao.intake.locate import UNREAD_SHEETS
from hoithao.intake.read import UnreadableFileError, read_workbook
from hoithao.outputs.vocab import DELEGATES_SHEET
from hoithao.run import run
from hoithao.workspace import RETURNS_DIR, SUMMARY_XLSX, Workspace, safe_filename

from ..conftest import TODAY, ReturnFactory, form_row, tree_hashes

# --- a minimal .xlsx, built part by part --------------------------------------------------------
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
    '<sheet name="Đăng ký" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>",
}
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_xlsx(path: Path, sheet_data: str, *, head: str = SHEET_HEAD, dimension: str = "") -> Path:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f"{head}{dim}<sheetData>{sheet_data}</sheetData></worksheet>",
        )
    return path


def corner_xlsx(path: Path) -> Path:
    """One cell in A1, one in XFD1048576: python-calamine 0.9.1 asks for 512 GB and aborts."""
    rows = f'<row r="1">{cell("A1", "a")}</row><row r="1048576">{cell("XFD1048576", "z")}</row>'
    return write_xlsx(path, rows)


def rejected(path: Path, **kwargs: int) -> str:
    """The guard's reason; also checks that it answered without hanging."""
    started = time.monotonic()
    with pytest.raises(UnsafeFileError) as caught:
        check_file(path, **kwargs)
    assert time.monotonic() - started < 10, "the guard must answer quickly"
    return str(caught.value)


# --- decompression and XML bombs ----------------------------------------------------------------
def test_zip_bomb_rejected_from_declared_sizes(tmp_path: Path) -> None:
    path = tmp_path / "bom_nen.xlsx"
    row = f'<row r="1">{cell("A1", "x" * 1000)}</row>'.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:  # streamed: test stays small
            part.write(f"{SHEET_HEAD}<sheetData>".encode())
            for _ in range(12 * 1024):
                part.write(row)
            part.write(b"</sheetData></worksheet>")
    assert path.stat().st_size < 200 * 1024
    reason = rejected(path)
    assert reason.startswith("tệp quá lớn hoặc bất thường")
    assert "bom nén" in reason


def test_zip_bomb_over_total_uncompressed_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "MAX_TOTAL_UNCOMPRESSED", 64 * 1024)
    path = write_xlsx(
        tmp_path / "lon.xlsx",
        "".join(f'<row r="{i}">{cell(f"A{i}", "y" * 50)}</row>' for i in range(1, 2000)),
    )
    reason = rejected(path)
    assert reason.startswith("tệp quá lớn hoặc bất thường (giải nén ra")


def test_zip_whose_declared_sizes_lie_is_not_inflated_past_them(tmp_path: Path) -> None:
    """A forged central directory claiming a small size: inflating stops there (CRC fails)."""
    path = write_xlsx(tmp_path / "gia_mao.xlsx", f'<row r="1">{cell("A1", "a" * 5000)}</row>')
    data = bytearray(path.read_bytes())
    sheet_name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + len(sheet_name)] == sheet_name:
                struct.pack_into("<I", data, start + size_at, 100)
            start += 4
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size == 100
    assert rejected(path).startswith("tệp bị hỏng")


def test_xml_entity_expansion_in_sheet_rejected(tmp_path: Path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    head = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]><worksheet xmlns="{NS}">'
    path = write_xlsx(
        tmp_path / "ty_cuoi.xlsx", f'<row r="1">{cell("A1", "&lol9;")}</row>', head=head
    )
    reason = rejected(path)
    assert reason.startswith("tệp quá lớn hoặc bất thường")
    assert "DOCTYPE/ENTITY" in reason


def test_too_many_zip_entries_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_ENTRIES", 20)
    path = write_xlsx(tmp_path / "nhieu_phan.xlsx", f'<row r="1">{cell("A1", "a")}</row>')
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(30):
            archive.writestr(f"customXml/item{i}.xml", "<x/>")
    assert "phần nén" in rejected(path)


def spoil(path: Path, names: tuple[str, ...]) -> None:
    """Make these parts impossible to inflate: an invalid deflate block (type 11) over each."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename in names:
                name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
                body = info.header_offset + 30 + name_len + extra_len
                data[body : body + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(data))


def book_xlsx(path: Path, sheets: list[tuple[str, str]], parts: dict[str, str]) -> Path:
    """Sheets as (name attribute as written, part it names); parts: zip entry → sheet data."""
    targets = sorted({part for _, part in sheets})
    ids = {part: f"rId{i}" for i, part in enumerate(targets, start=1)}
    listed = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="{ids[part]}"/>'
        for i, (name, part) in enumerate(sheets, start=1)
    )
    relations = "".join(
        f'<Relationship Id="{ids[part]}" Type="{REL}/worksheet" Target="/{part}"/>'
        for part in targets
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PARTS["_rels/.rels"])
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>{listed}'
            "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{PKG}">{relations}</Relationships>',
        )
        for part, rows in parts.items():
            archive.writestr(part, f"{SHEET_HEAD}<sheetData>{rows}</sheetData></worksheet>")
    return path


def test_parts_calamine_never_opens_are_not_inflated(tmp_path: Path) -> None:
    """Why the guard may skip the theme, document properties and package-level parts: calamine
    reads a workbook whose copies of them cannot be inflated at all."""
    skipped = ("[Content_Types].xml", "docProps/core.xml", "xl/theme/theme1.xml")
    path = tmp_path / "CS02.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("docProps/core.xml", "<coreProperties/>" * 50)
        archive.writestr("xl/theme/theme1.xml", "<theme/>" * 500)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'{SHEET_HEAD}<sheetData><row r="1">{cell("A1", "Nguyễn Văn An")}</row></sheetData>'
            "</worksheet>",
        )
    spoil(path, skipped)
    with zipfile.ZipFile(path) as archive:
        for name in skipped:
            with pytest.raises((zlib.error, zipfile.BadZipFile)):
                archive.read(name)
    check_file(path)
    assert read_workbook(path).sheets[0].rows == [["Nguyễn Văn An"]]


GUIDE, LISTS = FORM_SHEET_GUIDE, FORM_SHEET_LISTS
A1 = f'<row r="1">{cell("A1", "Nguyễn Văn An")}</row>'
CORNER = f'<row r="1">{cell("A1", "a")}</row><row r="1048576">{cell("XFD1048576", "z")}</row>'


def test_sheets_consolidation_does_not_read_are_not_inflated(tmp_path: Path) -> None:
    """The guide and list sheets of our form are never parsed (skip_sheets); calamine reads the
    workbook although their parts cannot be inflated, and so the guard may skip them too."""
    sheets = [(GUIDE, "xl/worksheets/sheet1.xml"), ("Đăng ký", "xl/worksheets/sheet2.xml")]
    sheets.append((LISTS, "xl/worksheets/sheet3.xml"))
    path = book_xlsx(tmp_path / "CS02.xlsx", sheets, {part: A1 for _, part in sheets})
    spoil(path, ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"))
    workbook = read_workbook(path, skip_sheets=UNREAD_SHEETS)
    assert [(s.name, s.rows) for s in workbook.sheets] == [("Đăng ký", [["Nguyễn Văn An"]])]
    with pytest.raises(UnreadableFileError, match="hỏng"):
        read_workbook(path)  # every sheet read: the spoiled parts are inflated and refused


@pytest.mark.parametrize(
    "sheets",
    [
        # the part is also the registration sheet's
        [(GUIDE, "xl/worksheets/sheet1.xml"), ("Đăng ký", "xl/worksheets/sheet1.xml")],
        # a name written with an entity is not compared, so its part is checked
        [("_danh&#95;muc", "xl/worksheets/sheet1.xml"), ("Đăng ký", "xl/worksheets/sheet2.xml")],
        # the same part under another case
        [(GUIDE, "xl/worksheets/sheet1.xml"), ("Đăng ký", "xl/worksheets/SHEET1.xml")],
    ],
)
def test_a_part_a_read_sheet_may_use_is_still_checked(
    tmp_path: Path, sheets: list[tuple[str, str]]
) -> None:
    parts = {"xl/worksheets/sheet1.xml": CORNER, "xl/worksheets/sheet2.xml": A1}
    path = book_xlsx(tmp_path / "CS02.xlsx", sheets, parts)
    with pytest.raises(UnsafeFileError, match=r"1\.048\.576 dòng"):
        guard.check_and_read(path, unread_sheets=UNREAD_SHEETS)


# --- absurd extents -----------------------------------------------------------------------------
def test_cells_in_a1_and_xfd1048576_rejected_before_parsing(tmp_path: Path) -> None:
    reason = rejected(corner_xlsx(tmp_path / "goc.xlsx"))
    assert reason.startswith("tệp quá lớn hoặc bất thường")
    assert "1.048.576 dòng × 16.384 cột" in reason


def _calamine_every_sheet(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(book.get_sheet_by_index(i).height for i in range(len(book.sheet_names)))


def test_calamine_really_aborts_on_that_file_and_isolation_contains_it(tmp_path: Path) -> None:
    """Why the guard exists: the abort kills only the child; the parent gets UnsafeFileError."""
    with pytest.raises(UnsafeFileError, match=r"^tệp làm trình đọc bị lỗi"):
        parse_isolated(_calamine_every_sheet, corner_xlsx(tmp_path / "goc.xlsx"))


def test_parse_isolated_returns_results_and_reraises_errors(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", f'<row r="1">{cell("A1", "a")}</row>')
    assert parse_isolated(_calamine_every_sheet, path) == 1
    with pytest.raises(FileNotFoundError):
        parse_isolated(Path.read_bytes, tmp_path / "khong_co.xlsx")


def test_dimension_claim_alone_is_harmless_and_accepted(tmp_path: Path) -> None:
    """LibreOffice writes <dimension ref="A1:AMJ3"/> and worse; calamine ignores it, so do we."""
    path = write_xlsx(
        tmp_path / "dim.xlsx", f'<row r="1">{cell("A1", "a")}</row>', dimension="A1:XFD1048576"
    )
    check_file(path)


def test_style_only_cells_far_away_do_not_count(tmp_path: Path) -> None:
    """calamine drops <c r=… s="0"/> (calamine corpus issue_174.xlsx: 16,384 on the last row)."""
    styled = "".join(f'<c r="{col}1048576" s="0"/>' for col in ("XFB", "XFC", "XFD"))
    path = write_xlsx(
        tmp_path / "kieu.xlsx", f'<row r="1">{cell("A1", "a")}</row><row r="1048576">{styled}</row>'
    )
    check_file(path)


def test_cells_without_references_are_placed_like_calamine_does(tmp_path: Path) -> None:
    text = '<c t="inlineStr"><is><t>a</t></is></c>'
    far = f'<row r="1">{text}</row><row r="900000">{text}</row>'
    assert "900.000 dòng" in rejected(write_xlsx(tmp_path / "khong_ref.xlsx", far))
    near = '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row>'
    check_file(write_xlsx(tmp_path / "gan.xlsx", near))


def test_namespaced_sheet_cells_are_scanned(tmp_path: Path) -> None:
    head = f'<?xml version="1.0"?><x:worksheet xmlns:x="{NS}">'
    rows = (
        '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="1048576"><x:c r="XFD1048576"><x:v>2</x:v></x:c></x:row>'
    )
    path = tmp_path / "ns.xlsx"
    write_xlsx(path, rows, head=head)
    assert "16.384 cột" in rejected(path)


@pytest.mark.parametrize(
    "far_cell",
    [
        '<c t="inlineStr" x=">" r="XFD90000"><is><t>z</t></is></c>',  # '>' is legal in a value
        '<c x=\' r="A1"\' r="XFD90000"><v>1</v></c>',  # a fake r inside another value
        '<c\n  r = "XFD90000"\n><v>1</v></c>',
    ],
)
def test_attribute_tricks_do_not_hide_a_reference(tmp_path: Path, far_cell: str) -> None:
    """90,000 rows × 16,384 columns: calamine would ask for ~30 GB and abort."""
    rows = f'<row r="1">{cell("A1", "a")}</row><row r="90000">{far_cell}</row>'
    reason = rejected(write_xlsx(tmp_path / "meo.xlsx", rows))
    assert "90.000 dòng × 16.384 cột" in reason


def test_overlong_tag_split_across_chunks_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "CHUNK", 64)
    monkeypatch.setattr(guard, "MAX_TAG", 300)
    padded = f'<c x="{"y" * 600}" r="XFD90000"><v>1</v></c>'
    path = write_xlsx(tmp_path / "dai.xlsx", f'<row r="1">{cell("A1", "a")}{padded}</row>')
    assert "thẻ XML sai cú pháp" in rejected(path)
    monkeypatch.setattr(guard, "MAX_TAG", 10_000)  # whole again across chunks: the ref is seen
    assert "16.384 cột" in rejected(path) or "90.000 dòng" in rejected(path)


def test_ods_attribute_tricks(tmp_path: Path) -> None:
    row = (
        '<table:table-row table:style-name=">" table:number-rows-repeated="999999">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    )
    assert "999.999 dòng" in rejected(write_ods(tmp_path / "meo.ods", row))


def test_many_sheets_add_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extent, "MAX_TOTAL_CELLS", 150)
    rows = f'<row r="1">{cell("A1", "a")}</row><row r="10">{cell("J10", "b")}</row>'
    path = write_xlsx(tmp_path / "hai_sheet.xlsx", rows)
    check_file(path)  # 100 cells
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(
            "xl/worksheets/sheet2.xml", f"{SHEET_HEAD}<sheetData>{rows}</sheetData></worksheet>"
        )
    assert "các trang tính cộng lại 200 ô" in rejected(path)


def write_ods(path: Path, table: str, manifest: str = "") -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f'<office:spreadsheet><table:table table:name="Đăng ký">{table}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest or "<manifest:manifest/>")
    return path


ODS_VALUE = '<table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>'


def test_ods_repeated_rows_and_columns_with_values_rejected(tmp_path: Path) -> None:
    row = (
        '<table:table-row table:number-rows-repeated="999999999">'
        '<table:table-cell table:number-columns-repeated="999999999" office:value-type="float" '
        'office:value="1"/></table:table-row>'
    )
    assert "999.999.999 dòng" in rejected(write_ods(tmp_path / "lap.ods", row))


def test_ods_trailing_empty_repeats_are_normal(tmp_path: Path) -> None:
    """LibreOffice pads every sheet with empty repeated rows and columns to the sheet's end."""
    table = (
        f"<table:table-row>{ODS_VALUE}"
        '<table:table-cell table:number-columns-repeated="16383"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    check_file(write_ods(tmp_path / "libre.ods", table))


def test_encrypted_ods_reported_as_password(tmp_path: Path) -> None:
    manifest = (
        '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
        "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>"
    )
    path = write_ods(
        tmp_path / "mat_khau.ods", f"<table:table-row>{ODS_VALUE}</table:table-row>", manifest
    )
    assert rejected(path) == ENCRYPTED


# --- .xls: a hand-built compound file with one value cell at IV65536 ----------------------------
def _biff(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def write_xls(path: Path, cells: list[tuple[int, int]]) -> Path:
    """A BIFF8 workbook in a minimal OLE2 container (512-byte sectors, no mini stream).

    calamine reads it; with a value cell at IV65536 it takes ~2.6 s and 1 GB for one sheet.
    """
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0, 1997, 0, 0x0600)
    sheet_bof = struct.pack("<HHHHII", 0x0600, 0x0010, 0, 1997, 0, 0x0600)
    name = b"Sheet1"
    boundsheet_size = 4 + 8 + len(name)
    globals_size = 4 + len(bof) + boundsheet_size + 4
    boundsheet = struct.pack("<IBBBB", globals_size, 0, 0, len(name), 0) + name
    stream = _biff(0x0809, bof) + _biff(0x0085, boundsheet) + _biff(0x000A, b"")
    stream += _biff(0x0809, sheet_bof)
    for row, col in cells:
        stream += _biff(0x0203, struct.pack("<HHHd", row, col, 15, 1.0))
    stream += _biff(0x000A, b"")
    stream += _biff(
        0x00EB, b"\x00" * max(0, 4200 - len(stream))
    )  # past the 4 KB mini-stream cutoff
    sectors = -(-len(stream) // 512)
    free, end, fat_mark, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_mark, end, *range(3, 2 + sectors), end]
    fat += [free] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, 4096, end, 0, end, 0
    )
    header += struct.pack("<109I", 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            raw,
            len(raw),
            kind,
            1,
            nostream,
            nostream,
            child,
            b"",
            0,
            0,
            0,
            start,
            size,
        )

    directory = entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, nostream, 2, len(stream))
    directory += entry("", 0, nostream, 0, 0) * 2
    body = struct.pack("<128I", *fat) + directory + stream.ljust(sectors * 512, b"\x00")
    path.write_bytes(header + body)
    return path


def test_xls_value_cell_at_the_last_row_and_column_rejected(tmp_path: Path) -> None:
    import olefile

    path = write_xls(tmp_path / "xa.xls", [(0, 0), (65535, 255)])
    assert olefile.OleFileIO(str(path)).exists("Workbook")
    reason = rejected(path)
    assert "65.536 dòng × 256 cột" in reason


def test_small_xls_passes(tmp_path: Path) -> None:
    check_file(write_xls(tmp_path / "nho.xls", [(0, 0), (20, 9)]))


# --- size, encryption, corruption ---------------------------------------------------------------
def test_file_over_size_limit_refused_before_parsing(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "to.xlsx", f'<row r="1">{cell("A1", "a")}</row>')
    reason = rejected(path, max_bytes=100)
    assert reason.startswith("tệp quá lớn (")
    assert reason.endswith("giới hạn 0,0001 MB)")


def test_size_limit_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * (2 * 1024 * 1024))
    check_file(path)
    monkeypatch.setenv(guard.MAX_FILE_MB_ENV, "1,5")
    assert guard.max_file_bytes() == 1536 * 1024
    assert rejected(path) == "tệp quá lớn (2 MB, giới hạn 1,5 MB)"
    monkeypatch.setenv(guard.MAX_FILE_MB_ENV, "không rõ")
    assert guard.max_file_bytes() == guard.MAX_FILE_BYTES


def test_encrypted_xlsx_reported_as_password_not_corrupt(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Nguyễn Văn An"])
    book.save(plain)
    plain.seek(0)
    path = tmp_path / "mat_khau.xlsx"
    with path.open("wb") as out:
        OOXMLFile(plain).encrypt("123456", out)
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    assert rejected(path) == "tệp có đặt mật khẩu: hãy bỏ mật khẩu rồi gửi lại"


def test_truncated_zip_is_corrupt(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "du.xlsx", f'<row r="1">{cell("A1", "a")}</row>').read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert rejected(path).startswith("tệp bị hỏng")


def test_random_bytes_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ngau_nhien.xlsx"
    path.write_bytes(random.Random(7).randbytes(4096))
    assert rejected(path) == "nội dung tệp không phải bảng tính .xlsx (tệp hỏng hoặc bị đổi đuôi)"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    assert rejected(path) == "tệp rỗng (0 byte)"


def test_binary_csv(tmp_path: Path) -> None:
    path = tmp_path / "nhi_phan.csv"
    path.write_bytes(b"STT,H\x00\x01\x02\xff\xfe" * 100)
    assert rejected(path) == "tệp .csv không phải văn bản (có byte nhị phân)"


def test_utf16_csv_is_text(tmp_path: Path) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes("Họ và tên\tSĐT\r\n".encode("utf-16"))
    check_file(path)


def test_ordinary_returns_pass(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for i in range(200):
        book.active.append([i, "Nguyễn Văn An", "Nam", "Bí thư", "0912345678"])
    for suffix in (".xlsx", ".xlsm"):
        book.save(tmp_path / f"phieu{suffix}")
        check_file(tmp_path / f"phieu{suffix}")


# --- end to end: one bad file is one F01, the run goes on ---------------------------------------
def _encrypted(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["Mã đơn vị", "CS03"])
    book.save(plain)
    plain.seek(0)
    with path.open("wb") as out:
        OOXMLFile(plain).encrypt("123456", out)
    return path


def test_hostile_returns_become_f01_and_the_run_goes_on(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    folder = workspace.returns_dir
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    corner_xlsx(folder / "CS01.xlsx")  # would abort the whole process if it reached calamine
    write_xlsx(
        folder / "CS04_dtd.xlsx",
        f'<row r="1">{cell("A1", "a")}</row>',
        head=f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aa">]><worksheet xmlns="{NS}">',
    )
    _encrypted(folder / "CS03.xlsx")
    (folder / "CS01_rong.xlsx").write_bytes(b"")
    (folder / "CS04.xlsx").write_bytes(random.Random(1).randbytes(2000))
    (folder / "CS04.csv").write_bytes(b"\x00\x01PK\x03" * 50)
    expected = {
        "CS01.xlsx": "tệp quá lớn hoặc bất thường",
        "CS04_dtd.xlsx": "DOCTYPE/ENTITY",
        "CS03.xlsx": "tệp có đặt mật khẩu: hãy bỏ mật khẩu rồi gửi lại",
        "CS01_rong.xlsx": "tệp rỗng",
        "CS04.xlsx": "không phải bảng tính .xlsx",
        "CS04.csv": "không phải văn bản",
    }
    c = build(workspace, today=TODAY)
    f01 = {Path(i.file).name: i for i in c.issues if i.code == "F01"}
    assert set(f01) == set(expected)
    for name, reason in expected.items():
        assert f01[name].level == "error"
        assert f01[name].file == f"{RETURNS_DIR}/{name}"
        assert reason in f01[name].message
    status = {Path(f.path).name: f.status for f in c.file_log}
    assert status == {"CS02.xlsx": "consolidated"} | dict.fromkeys(expected, "rejected")
    assert [d.full_name for d in c.registered] == ["Nguyễn Văn An"]


def test_file_over_the_configured_limit_is_f01(
    workspace: Workspace, make_return: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_return("CS02.xlsx", [form_row(i, f"Nguyễn Văn {chr(65 + i)}") for i in range(20)])
    monkeypatch.setenv(guard.MAX_FILE_MB_ENV, "0.001")
    [issue] = [i for i in build(workspace, today=TODAY).issues if i.code == "F01"]
    assert "tệp quá lớn (" in issue.message
    assert "giới hạn 0,001 MB" in issue.message


# --- formula, hyperlink and macro safety in outputs ---------------------------------------------
EVIL = ['=HYPERLINK("http://x","A")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=1+1"]


def _output_parts(ws: Workspace) -> dict[str, dict[str, bytes]]:
    parts = {}
    for path in ws.output_dir.rglob("*.xlsx"):
        with zipfile.ZipFile(path) as archive:
            parts[ws.rel(path)] = {n: archive.read(n) for n in archive.namelist()}
    return parts


def test_formula_lookalikes_stay_text_in_every_output(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    rows = [
        form_row(n, f"Trần Văn {value}", job_title=value, note=value)
        for n, value in enumerate(EVIL, 1)
    ]
    rows.append(form_row(len(EVIL) + 1, '=HYPERLINK("http://x","A")', note="@SUM(A1)"))
    make_return("CS02.csv", rows)  # CSV keeps "=…" as typed text; openpyxl would write formulas
    run(workspace, today=TODAY)
    parts = _output_parts(workspace)
    assert SUMMARY_XLSX in parts
    for output, files in parts.items():
        for name, data in files.items():
            assert "hyperlink" not in name.lower(), (output, name)
            if not name.startswith("xl/worksheets/"):
                continue
            text = data.decode()
            assert "<hyperlink" not in text, (output, name)
            for formula in re.findall(r"<f>(.*?)</f>", text):  # only the tool's own formulas
                assert not re.search(r"HYPERLINK|SUM\(A1\)|^[+-]?\d+$|^1\+1$", formula), formula
    book = CalamineWorkbook.from_path(str(workspace.root / SUMMARY_XLSX))
    cells = {v for row in book.get_sheet_by_name(DELEGATES_SHEET).to_python() for v in row}
    assert '=HYPERLINK("http://x","A")' in cells
    assert "@SUM(A1)" in cells
    assert "+1" in cells


def test_xlsm_macros_never_reach_an_output(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    path = make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    macro = path.with_suffix(".xlsm")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(macro, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b'\xd0\xcf\x11\xe0Attribute VB_Name = "Auto_Open"')
    path.unlink()
    result = run(workspace, today=TODAY)
    assert [d.full_name for d in result.consolidation.registered] == ["Nguyễn Văn An"]
    for output in workspace.output_dir.rglob("*"):
        assert output.suffix.lower() not in (".xlsm", ".bin")
        if output.is_file():
            assert b"vbaProject" not in output.read_bytes()
            assert b"VB_Name" not in output.read_bytes()
    for files in _output_parts(workspace).values():
        assert not any("vba" in name.lower() for name in files)


def test_input_hyperlinks_are_not_live_in_outputs(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    path = make_return(
        "CS02.xlsx", [form_row(1, "Nguyễn Văn An", email="an@x.vn")], unit_code="CS02"
    )
    book = openpyxl.load_workbook(path)
    sheet = book[FORM_SHEET_REGISTRATION]
    sheet["B2"].hyperlink = "http://evil.example/phish"
    sheet["I2"].hyperlink = "mailto:an@x.vn"
    book.save(path)
    result = run(workspace, today=TODAY)
    assert [d.full_name for d in result.consolidation.registered] == ["Nguyễn Văn An"]
    for output, files in _output_parts(workspace).items():
        for name, data in files.items():
            assert b"evil.example" not in data, (output, name)
            assert b"<hyperlink" not in data, (output, name)
            assert not name.endswith(".rels") or b"/hyperlink" not in data, (output, name)


# --- file names and paths -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("CON", "CON"),
        ("nul.txt", "nul.txt"),
        ("LPT1", "LPT1"),
        ("a/b", "/"),
        ("a\\b", "\\"),
        ("..", ".."),
        ("../../etc/passwd", ".."),
        ("x" * 300, None),
        ("Đảng bộ Sở Y tế.", None),
        ('Chi bộ "A" <B>|C?*:', None),
        ("", None),
    ],
)
def test_safe_filename(text: str, bad: str | None) -> None:
    name = safe_filename(text)
    assert name
    assert len(name) <= 80
    assert not re.search(r'[\\/:*?"<>|\x00-\x1f]', name)
    assert ".." not in name
    assert not name.endswith((".", " "))
    assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert name.isascii()
    if bad:
        assert name != bad


def test_strange_return_paths_do_not_escape_output(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    make_return(
        "Phòng ..  Tổ chức/ đợt 2 /CON.xlsx",
        [form_row(1, "Nguyễn Văn An", phone="")],
        unit_code="CS02",
    )
    make_return(
        "Tổ ..x/ ..  /CS04.xlsx",
        [form_row(1, "Võ Thị Ưng", email="sai@")],
        sheet_title="..",
    )
    inputs = workspace.root / "workbooks"
    before = set(workspace.root.rglob("*")) - set(workspace.output_dir.rglob("*"))
    hashes = tree_hashes(inputs, workspace.templates_dir)
    result = run(workspace, today=TODAY)
    after = set(workspace.root.rglob("*")) - set(workspace.output_dir.rglob("*"))
    assert after - before <= {workspace.checkin}  # the one file the tool may create in workbooks/
    assert before <= after
    now = tree_hashes(inputs, workspace.templates_dir)
    now.pop(str(workspace.checkin), None)
    assert now == hashes
    for output in result.outputs:
        target = (workspace.root / output).resolve()
        assert target.is_relative_to(workspace.output_dir.resolve()) or target == workspace.checkin
    for path in workspace.output_dir.rglob("*"):
        assert path.resolve().is_relative_to(workspace.output_dir.resolve())
        assert safe_filename(path.stem) == path.stem or path.parent == workspace.output_dir
    assert {d.unit_code for d in result.consolidation.registered} >= {"CS02", "CS04"}


# --- fuzz: whatever the bytes, the reader returns or says UnreadableFileError -------------------
@functools.cache
def _valid_return() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = FORM_SHEET_REGISTRATION
    sheet.append(["PHIẾU ĐĂNG KÝ — Chi bộ Sở Tư pháp"])
    sheet.append(list(FORM_COLUMNS.values()))
    for n in range(1, 6):
        sheet.append(form_row(n, f"Nguyễn Văn {chr(64 + n)}", email="a@b.vn"))
    book.save(buffer)
    return buffer.getvalue()


def _read_or_refuse(data: bytes, name: str = "CS02.xlsx") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            read_workbook(path)
        except UnreadableFileError:
            pass


FUZZ = settings(max_examples=50, deadline=None, derandomize=True, database=None)
flips = st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 255)), min_size=1, max_size=8)


@FUZZ
@given(flips=flips, cut=st.none() | st.integers(0, 2**31))
def test_fuzz_bytes_of_the_zip(flips: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(_valid_return())
    for at, value in flips:
        data[at % len(data)] = value
    _read_or_refuse(bytes(data[: cut % len(data)] if cut is not None else data))


@FUZZ
@given(part=st.integers(0, 100), flips=flips, cut=st.none() | st.integers(0, 2**31))
def test_fuzz_bytes_inside_a_zip_part(
    part: int, flips: list[tuple[int, int]], cut: int | None
) -> None:
    """Mutate the XML itself and zip it again, so calamine parses garbage, not a CRC error."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_valid_return())) as source:
        names = source.namelist()
        victim = names[part % len(names)]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in names:
                data = bytearray(source.read(name))
                if name == victim and data:
                    for at, value in flips:
                        data[at % len(data)] = value
                    data = data[: cut % (len(data) + 1)] if cut is not None else data
                target.writestr(name, bytes(data))
    _read_or_refuse(out.getvalue())


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r"))
cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.dates(min_value=date(1900, 3, 1)),
    st.times(),
    _text.map(lambda s: s[:200]),
    st.sampled_from([*EVIL, "Họ và tên", "Mã đơn vị", "CS02", "#N/A", "=1/0"]),
)
sheet_names = st.text(
    st.characters(blacklist_characters="[]:*?/\\'", blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=31,
)


@FUZZ
@given(
    sheets=st.lists(
        st.tuples(
            sheet_names,
            st.integers(1, 40),
            st.integers(1, 20),
            st.lists(st.lists(cell_values, max_size=12), max_size=25),
            st.booleans(),
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda s: s[0].lower(),
    ),
    suffix=st.sampled_from([".xlsx", ".xlsm"]),
)
def test_fuzz_cell_values_and_layouts(
    sheets: list[tuple[str, int, int, list[list[object]], bool]], suffix: str
) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, top, left, rows, hidden in sheets:
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.cell(top + r, left + c, value)
        sheet.sheet_state = "hidden" if hidden and len(book.worksheets) > 1 else "visible"
    buffer = io.BytesIO()
    book.save(buffer)
    _read_or_refuse(buffer.getvalue(), f"CS02{suffix}")
