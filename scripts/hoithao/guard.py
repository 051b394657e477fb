"""Refuse hostile or broken spreadsheets before any parser sees them.

calamine runs in our process and trusts the file: python-calamine 0.9.1 aborts the whole
interpreter (SIGABRT, nothing to catch) on an .xlsx with cells in A1 and XFD1048576, and turns a
1.7 MB zip bomb into 28 million cells, 31 s and 5 GB. So every file is checked here first, with
bounded time and memory: size on disk, the zip's declared and real sizes, DTDs in XML parts, the
extent of the cells actually present, and Office encryption.
"""

from __future__ import annotations

import functools
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, TypeVar

MAX_FILE_MB_ENV = "HOITHAO_MAX_FILE_MB"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_CELLS = 5_000_000  # rows × columns of a sheet's extent, counted from A1
MAX_ROWS = 100_000  # a return has a few hundred rows; Excel allows 1,048,576
MAX_CELL_RECORDS = 1_000_000  # cells written in the file, whatever their position
MAX_TOTAL_CELLS = 10_000_000  # extents of all sheets together

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".ods"})
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
CHUNK = 1 << 20
MAX_TAG = 1 << 20  # a longer XML tag is no spreadsheet's; it could hide a cell reference
SNIFF = 64 * 1024
# Files up to this size are read once into memory and their parts inflated straight from those
# bytes (see _plain_part); parts up to FAST_PART are inflated whole, larger ones streamed.
FAST_FILE = 32 * 1024 * 1024
FAST_PART = 8 * 1024 * 1024

TOO_BIG = "tệp quá lớn hoặc bất thường"
ENCRYPTED = "tệp có đặt mật khẩu: hãy bỏ mật khẩu rồi gửi lại"


class UnsafeFileError(Exception):
    """The file must not be parsed; the message (Vietnamese) says why, for the F01 issue."""


def max_file_bytes() -> int:
    """The size limit: $HOITHAO_MAX_FILE_MB if set to a positive number, else 20 MB."""
    raw = os.environ.get(MAX_FILE_MB_ENV, "").strip().replace(",", ".")
    try:
        megabytes = float(raw)
    except ValueError:
        return MAX_FILE_BYTES
    return int(megabytes * 1024 * 1024) if megabytes > 0 else MAX_FILE_BYTES


def _mb(size: int) -> str:
    """25,3 MB; 0,01 MB for tiny test limits. Vietnamese decimal comma."""
    megabytes = size / (1024 * 1024)
    text = f"{megabytes:.1f}" if megabytes >= 1 else f"{megabytes:.4f}".rstrip("0")
    return text.removesuffix(".0").rstrip(".").replace(".", ",")


def check_file(path: Path, *, max_bytes: int | None = None) -> None:
    """Raise UnsafeFileError when the file must not reach a parser; return quietly otherwise.

    Only what can be decided cheaply and safely is decided here; a file that passes may still
    be unreadable, and the reader reports that as usual.
    """
    check_and_read(path, max_bytes=max_bytes)


def check_and_read(
    path: Path, *, max_bytes: int | None = None, unread_sheets: Collection[str] = ()
) -> bytes | None:
    """check_file, returning the bytes it checked when the file was small enough to read whole
    (else None). Parsing those bytes, not the file again, also means a file swapped after the
    check is never parsed unchecked.

    `unread_sheets`: sheets the caller will not parse (read_workbook's skip_sheets); their parts
    are not inflated when the workbook names them plainly and no other sheet uses them.
    """
    limit = max_bytes if max_bytes is not None else max_file_bytes()
    try:
        size = path.stat().st_size
        if size == 0:
            raise UnsafeFileError("tệp rỗng (0 byte)")
        if size > limit:
            raise UnsafeFileError(f"tệp quá lớn ({_mb(size)} MB, giới hạn {_mb(limit)} MB)")
        with path.open("rb") as handle:
            # a small file is read whole, once: the zip check then works from memory
            whole = handle.read(size + 1) if size <= FAST_FILE else None
            if whole is not None and len(whole) != size:  # changed since it was measured
                whole = None
                handle.seek(0)
            head = whole[:SNIFF] if whole is not None else handle.read(SNIFF)
            suffix = path.suffix.lower()
            if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
                if _check_zip(handle, data=whole, unread_sheets=unread_sheets):
                    parse_isolated(_probe_sheets, path, timeout=PROBE_TIMEOUT)
            elif head.startswith(OLE_MAGIC):
                _check_ole(handle)
            elif suffix in ZIP_SUFFIXES:
                raise UnsafeFileError(
                    f"nội dung tệp không phải bảng tính {suffix} (tệp hỏng hoặc bị đổi đuôi)"
                )
            elif suffix in TEXT_SUFFIXES:
                _check_text(head, suffix)
    except OSError as exc:
        raise UnsafeFileError(f"không mở được tệp ({exc.strerror or exc})") from exc
    return whole


# --- zip packages: .xlsx .xlsm .xlsb .ods -------------------------------------------------------
def _check_zip(
    handle: IO[bytes], *, data: bytes | None = None, unread_sheets: Collection[str] = ()
) -> bool:
    """Bound sizes and extents; True when sheets are binary (.xlsb) and need the child probe.

    `data`: the whole file, when small. Plain parts are then inflated straight from it, without
    zipfile's per-part machinery, which costs more than the inflating itself.
    """
    handle.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else handle) as archive:
            infos = archive.infolist()
            _check_directory(infos)
            parts = [(_part_name(i.filename), i) for i in infos]
            names = dict(parts)
            _check_ods_encryption(archive, names)
            total = 0
            book: list[_Extent] = []
            ends = _part_ends(infos, len(data)) if data is not None else {}
            unread: frozenset[str] = frozenset()
            plain_parts: dict[str, bytes | None] = {}
            # the workbook and its relationships first: they say which parts hold unread sheets
            for name, info in sorted(parts, key=lambda part: part[0] not in _BOOK_PARTS):
                if _NEVER_PARSED.fullmatch(name) or name in unread:
                    continue
                budget = MAX_TOTAL_UNCOMPRESSED - total
                plain = _plain_part(data, info, ends) if data is not None else None
                total += _check_part(archive, info, name, budget, book, plain)
                if unread_sheets and name in _BOOK_PARTS:
                    plain_parts[name] = plain
                    if len(plain_parts) == len(_BOOK_PARTS) and None not in plain_parts.values():
                        unread = _unread_sheet_parts(
                            plain_parts[_BOOK_PARTS[0]],  # type: ignore[arg-type]
                            plain_parts[_BOOK_PARTS[1]],  # type: ignore[arg-type]
                            frozenset(unread_sheets),
                        )
            _check_book(book)
            return any(n.startswith("xl/worksheets/") and n.endswith(".bin") for n in names)
    except UnsafeFileError:
        raise
    except NotImplementedError as exc:  # compression methods zipfile lacks (e.g. deflate64)
        raise UnsafeFileError(f"tệp nén theo cách không hỗ trợ ({exc})") from exc
    except RuntimeError as exc:
        if "encrypted" in str(exc):  # zipfile: "File … is encrypted, password required"
            raise UnsafeFileError(ENCRYPTED) from exc
        raise UnsafeFileError(f"tệp bị hỏng (không giải nén được: {exc})") from exc
    # corruption surfaces as BadZipFile, zlib.error, EOFError, struct.error, ValueError…
    except Exception as exc:
        raise UnsafeFileError(f"tệp bị hỏng (không giải nén được: {exc})") from exc


# Parts calamine never inflates (python-calamine 0.9: it opens the package relationships, the
# workbook, its relationships, styles, shared strings and sheets, or content.xml of an .ods). Their
# declared sizes are still checked with all the others; inflating them (a theme is ~10 KB) would
# only cost time. tests/test_hostile_inputs.py proves calamine reads a workbook whose copies of
# exactly these parts cannot be inflated, so a calamine upgrade that starts reading one fails there.
_NEVER_PARSED = re.compile(r"docprops/[^/]+|xl/theme/[^/]+|\[content_types\]\.xml")


def _part_name(name: str) -> str:
    # some writers use Windows separators inside the zip (calamine corpus issue_530.xlsx)
    return name.replace("\\", "/").lstrip("/").lower()


_BOOK_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")


@functools.lru_cache(maxsize=256)  # returns made from one form share these two parts
def _unread_sheet_parts(workbook: bytes, rels: bytes, unread: frozenset[str]) -> frozenset[str]:
    """Parts that only sheets named in `unread` use, found as calamine finds a sheet's part
    (its r:id, the relationship's Target under xl/, part names compared without case). Names
    are compared as written, entities undecoded; anything unusual (a tag the patterns miss, a
    duplicated attribute or Id, a missing relationship) gives no part at all."""
    wanted = {name.encode() for name in unread}
    sheets = _SHEET_ELEMENT.findall(workbook)
    relations = _RELATIONSHIP_ELEMENT.findall(rels)
    if len(sheets) != len(_SHEET_START.findall(workbook)):
        return frozenset()
    if len(relations) != len(_RELATIONSHIP_START.findall(rels)):
        return frozenset()
    targets: dict[bytes, bytes] = {}
    for attrs in relations:
        found = _attributes(attrs)
        ident = found.get(b"Id")
        if ident is None or ident in targets or len(found) != len(_ATTR_PARTS.findall(attrs)):
            return frozenset()
        targets[ident] = found.get(b"Target", b"")
    only_unread: dict[str, bool] = {}
    for attrs in sheets:
        found = _attributes(attrs)
        ids = [found[key] for key in (b"r:id", b"relationships:id") if key in found]
        if len(ids) != 1 or ids[0] not in targets or len(found) != len(_ATTR_PARTS.findall(attrs)):
            return frozenset()
        target = targets[ids[0]].decode("utf-8", "replace")
        if target.startswith("/xl/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = f"xl/{target}"
        part = target.lower()
        only_unread[part] = only_unread.get(part, True) and found.get(b"name") in wanted
    return frozenset(part for part, alone in only_unread.items() if alone)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Declared sizes in the central directory: cheap, read before inflating anything."""
    if len(infos) > MAX_ENTRIES:
        raise UnsafeFileError(f"{TOO_BIG} (có {len(infos)} phần nén, giới hạn {MAX_ENTRIES})")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UnsafeFileError(
            f"{TOO_BIG} (giải nén ra {_mb(total)} MB, giới hạn {_mb(MAX_TOTAL_UNCOMPRESSED)} MB)"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise UnsafeFileError(
                f"{TOO_BIG} (phần “{info.filename}” nén {ratio:.0f} lần, dấu hiệu bom nén)"
            )


def _check_ods_encryption(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> None:
    manifest = names.get("meta-inf/manifest.xml")
    if manifest is not None and manifest.file_size < 4 * 1024 * 1024:
        if b"encryption-data" in archive.read(manifest):
            raise UnsafeFileError(ENCRYPTED)


def _part_ends(infos: list[zipfile.ZipInfo], size: int) -> dict[int, int]:
    """Where each part's bytes must end: at the next part's header (or the file's end)."""
    starts = sorted({i.header_offset for i in infos})
    return dict(zip(starts, [*starts[1:], size], strict=True))


_LOCAL_HEADER = struct.Struct("<4s2xHHxxxxxxxxxxxxxxxxHH")  # signature, flags, method, name, extra
_UNUSUAL_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, patched data, strong encryption


def _plain_part(data: bytes, info: zipfile.ZipInfo, ends: dict[int, int]) -> bytes | None:
    """The part's bytes, inflated straight from the file, when nothing about it is unusual:
    stored or deflated, not encrypted, local header agreeing with the directory, no overlap with
    the next part, and the real size and CRC equal to the declared ones. Anything else → None,
    and the part goes through zipfile as before, which decides (and words) what is wrong."""
    if info.flag_bits & _UNUSUAL_FLAGS or info.file_size > FAST_PART:
        return None
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    start = info.header_offset
    if start < 0 or start + _LOCAL_HEADER.size > len(data):
        return None
    signature, flags, method, name_len, extra_len = _LOCAL_HEADER.unpack_from(data, start)
    if signature != ZIP_MAGIC or method != info.compress_type:
        return None
    name_at = start + _LOCAL_HEADER.size
    try:
        name = data[name_at : name_at + name_len].decode("utf-8" if flags & 0x800 else "cp437")
    except UnicodeDecodeError:
        return None
    body = name_at + name_len + extra_len
    end = body + info.compress_size
    if name != info.orig_filename or end > ends.get(start, 0):
        return None
    if info.compress_type == zipfile.ZIP_STORED:
        out = data[body:end]
    else:
        inflater = zlib.decompressobj(-15)
        try:  # max_length: never more than declared (+1 to notice a longer stream)
            out = inflater.decompress(memoryview(data)[body:end], info.file_size + 1)
        except zlib.error:
            return None
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        return None
    return out


def _chunks(data: bytes) -> Iterator[bytes]:
    """The same pieces _stream would read, so that the scanners see what they always saw."""
    for at in range(0, len(data), CHUNK):
        yield data[at : at + CHUNK]


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> Iterator[bytes]:
    """The real inflated bytes, stopping once `budget` is spent: declared sizes can lie."""
    spent = 0
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            spent += len(chunk)
            if spent > budget:
                raise UnsafeFileError(f"{TOO_BIG} (nội dung giải nén vượt giới hạn)")
            yield chunk


def _check_part(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    budget: int,
    book: list[_Extent],
    plain: bytes | None,
) -> int:
    """Inflate one part fully (bounded); XML parts are scanned. Returns the bytes inflated.

    `name`: the part's _part_name; `plain`: the part already inflated and verified by
    _plain_part, or None.
    """
    if info.is_dir():
        return 0
    if plain is not None and len(plain) > budget:
        raise UnsafeFileError(f"{TOO_BIG} (nội dung giải nén vượt giới hạn)")
    chunks = _chunks(plain) if plain is not None else _stream(archive, info, budget)
    if not name.endswith((".xml", ".rels")):
        return sum(len(c) for c in chunks)
    # a sheet scanner is made at the first chunk that may hold a cell: most parts (styles,
    # themes, relationships) hold none, and feeding them would change nothing
    scanner: _OdsScanner | _SheetScanner | None = (
        _OdsScanner(name, book) if name == "content.xml" else None
    )
    spent = 0
    tail = b""
    for chunk in chunks:
        spent += len(chunk)
        data = tail + chunk if tail else chunk
        if b"<!" in data and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
            raise UnsafeFileError(
                f"{TOO_BIG} (phần “{info.filename}” có khai báo DOCTYPE/ENTITY, dấu hiệu bom XML)"
            )
        cut = data.rfind(b"<")  # keep the last tag, maybe cut in two, for the next round
        if cut < 0:
            cut = len(data)
        elif len(data) - cut > MAX_TAG:
            raise _malformed(info.filename)
        if scanner is None and _may_hold_cells(data):
            scanner = _SheetScanner(name, book)
        if scanner is not None:
            scanner.feed(data[:cut])
        tail = data[cut:]
    if scanner is not None:
        scanner.feed(tail)
    return spent


# --- the extent of the cells actually written ---------------------------------------------------
@dataclass
class _Extent:
    """Rows × columns calamine would allocate for one sheet; `book` holds every sheet's."""

    part: str
    book: list[_Extent] = field(default_factory=list, repr=False)
    rows: int = 0
    cols: int = 0
    cells: int = 0

    def __post_init__(self) -> None:
        _check_book(self.book)
        self.book.append(self)

    def grow(self, row: int, col: int, cells: int = 1) -> None:
        self.rows = max(self.rows, row)
        self.cols = max(self.cols, col)
        self.cells += cells
        if self.rows > MAX_ROWS or self.rows * self.cols > MAX_CELLS:
            raise UnsafeFileError(
                f"{TOO_BIG} (bảng trong “{self.part}” trải tới {_n(self.rows)} dòng × "
                f"{_n(self.cols)} cột, giới hạn {_n(MAX_ROWS)} dòng và {_n(MAX_CELLS)} ô)"
            )
        if self.cells > MAX_CELL_RECORDS:
            raise UnsafeFileError(f"{TOO_BIG} (“{self.part}” có hơn {_n(MAX_CELL_RECORDS)} ô)")


def _check_book(book: list[_Extent]) -> None:
    """Many sheets each under the limit still add up (a thousand sheets of 4 million cells)."""
    total = sum(e.rows * e.cols for e in book)
    if total > MAX_TOTAL_CELLS:
        raise UnsafeFileError(
            f"{TOO_BIG} (các trang tính cộng lại {_n(total)} ô, giới hạn {_n(MAX_TOTAL_CELLS)} ô)"
        )


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


# Tags are matched with their attributes parsed, quoted values whole: '>' is legal inside an
# attribute value, and <c x=">" r="XFD90000"> must not hide its reference from the scan.
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_ATTR = rb"""\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*')"""
_ATTR_PARTS = re.compile(rb"""\s+([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_TAG = re.compile(rb"<" + _PREFIX + rb"(row|c)((?:" + _ATTR + rb")*)\s*(/?)>")
_CELL_WITH_REF = re.compile(
    rb"<"
    + _PREFIX
    + rb"c(?:"
    + _ATTR
    + rb""")*?\s+r\s*=\s*["']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})["']"""
    rb"(?:" + _ATTR + rb")*\s*(/?)>"
)
_REF = re.compile(rb"\$?([A-Za-z]{0,3})\$?([0-9]{0,9})")
_SHEET_ELEMENT = re.compile(rb"<" + _PREFIX + rb"sheet((?:" + _ATTR + rb")*)\s*/?>")
_SHEET_START = re.compile(rb"<" + _PREFIX + rb"sheet[\s/>]")
_RELATIONSHIP_ELEMENT = re.compile(rb"<" + _PREFIX + rb"Relationship((?:" + _ATTR + rb")*)\s*/?>")
_RELATIONSHIP_START = re.compile(rb"<" + _PREFIX + rb"Relationship[\s/>]")
_ANY_CELL = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
_C_THEN_END = re.compile(rb"c[\s/>]")


def _may_hold_cells(data: bytes) -> bool:
    """Whether a cell tag may start here: both the count of starts and the cell patterns need
    "<c" or "<prefix:c" then a space, '/' or '>'. Styles, themes and relationships have none,
    and scanning them would change nothing. (As _ANY_CELL.search, but 5× cheaper on a theme.)"""
    for found in _C_THEN_END.finditer(data):
        before = data[found.start() - 1 : found.start()]
        if before == b"<":
            return True
        if before == b":":
            return _ANY_CELL.search(data) is not None
    return False


# as _ANY_CELL, written as an alternation: twice as fast on a sheet, which has a '<' every few bytes
_CELL_START = re.compile(rb"<c[\s/>]|<[A-Za-z_][\w.-]*:c[\s/>]")
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: [a-z]+="[^"]*")*(/?)>')


def _attributes(attrs: bytes) -> dict[bytes, bytes]:
    """Attribute name → value; the first wins, as in quick-xml (calamine's parser)."""
    found: dict[bytes, bytes] = {}
    for name, double, single in _ATTR_PARTS.findall(attrs):
        found.setdefault(name, double or single)
    return found


def _tag_starts(data: bytes, name: bytes) -> int:
    """How many <name …> tags begin in data (plain or prefixed), counted without parsing."""
    starts = sum(data.count(b"<" + name + end) for end in (b" ", b"\t", b"\n", b"\r", b">", b"/"))
    if b":" + name in data:
        starts += len(_prefixed_start(name).findall(data))
    return starts


@functools.cache
def _prefixed_start(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<[A-Za-z_][\w.-]*:" + re.escape(name) + rb"[\s/>]")


def _malformed(part: str) -> UnsafeFileError:
    return UnsafeFileError(f"{TOO_BIG} (phần “{part}” có thẻ XML sai cú pháp)")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


class _SheetScanner:
    """Where calamine would put each cell: its r="B7", else the next column of the current row."""

    def __init__(self, part: str, book: list[_Extent]) -> None:
        self.extent = _Extent(part, book)
        self.part = part
        self.row = 0
        self.col = 0

    def feed(self, data: bytes) -> None:
        if not _may_hold_cells(data):
            return
        # Fast path: the layout Excel, LibreOffice and xlsxwriter write (r="B7" first, no
        # prefix) has a far cheaper pattern. Each of its matches is a cell start as _CELL_START
        # counts them (plain or prefixed "<c" then any space, '/' or '>': a superset of what
        # calamine takes for a cell), so when both find as many, every start was matched and
        # _CELL_WITH_REF would find exactly these cells.
        cells = _PLAIN_CELL.findall(data)
        if len(cells) == len(_CELL_START.findall(data)):
            self._feed_refs(cells)
            return
        starts = _tag_starts(data, b"c")
        cells = _CELL_WITH_REF.findall(data)
        if len(cells) == starts:
            self._feed_refs(cells)
        else:
            self._feed_tags(data, starts)

    def _feed_refs(self, cells: list[tuple[bytes, bytes, bytes]]) -> None:
        """Fast path, every cell has its reference: the loops stay in C."""
        if not cells:
            return
        # calamine drops style-only cells (<c r="XFD1048576" s="0"/>): calamine corpus
        # issue_174.xlsx has 16,384 of them on row 1,048,576 and reads as 2 rows × 11 columns
        letters, digits, slashes = zip(*cells, strict=True)
        if any(slashes):
            valued = [(cell[0], cell[1]) for cell in cells if not cell[2]]
            letters, digits = zip(*valued, strict=True) if valued else ((), ())
        if digits:
            rows = max(map(int, digits))
            cols = max(map(_column_number, set(letters)))
            self.extent.grow(rows, cols, len(digits))
        self.row, self.col = int(cells[-1][1]), _column_number(cells[-1][0])

    def _feed_tags(self, data: bytes, starts: int) -> None:
        seen = {b"row": 0, b"c": 0}
        for tag, attrs, slash in _SHEET_TAG.findall(data):
            seen[tag] += 1
            ref = _REF.fullmatch(_attributes(attrs).get(b"r", b""))
            letters, digits = ref.groups() if ref else (b"", b"")
            if tag == b"row":
                self.row = int(digits) if digits else self.row + 1
                self.col = 0
                continue
            if letters and digits:
                self.row, self.col = int(digits), _column_number(letters)
            else:
                self.col += 1
            if not slash:
                self.extent.grow(max(self.row, 1), self.col)
        if seen[b"c"] < starts or seen[b"row"] < _tag_starts(data, b"row"):
            raise _malformed(self.part)


_ODS_NAMES = (b"table-row", b"table-cell", b"covered-table-cell")
_ODS_TAG = re.compile(
    rb"<(/?)" + _PREFIX + rb"(table-row|table-cell|covered-table-cell|table)((?:" + _ATTR + rb")*)"
    rb"\s*(/?)>"
)


class _OdsScanner:
    """ODS compresses runs with number-rows/columns-repeated: count only runs that hold a value,
    since trailing empty runs to row 1,048,576 are normal in LibreOffice files."""

    def __init__(self, part: str, book: list[_Extent]) -> None:
        self.extent = _Extent(part, book)
        self.book = book
        self.part = part
        self.row = 0
        self.col = 0
        self.row_repeat = 1
        self.row_cols = 0
        self.row_cells = 0

    def feed(self, data: bytes) -> None:
        opened = 0
        for closing, tag, attrs, empty in _ODS_TAG.findall(data):
            if tag == b"table":
                if not closing:
                    self.extent = _Extent(self.part, self.book)
                    self.row = 0
                continue
            if closing:
                if tag == b"table-row":
                    self._end_row()
                continue
            opened += 1
            found = _attributes(attrs)
            if tag == b"table-row":
                self.row_repeat = _repeat(found, b"number-rows-repeated")
                self.col = self.row_cols = self.row_cells = 0
                if empty:
                    self._end_row()
                continue
            span = _repeat(found, b"number-columns-repeated")
            if not empty or any(name.endswith(b"value-type") for name in found):
                self.row_cols = self.col + span
                self.row_cells += span
            self.col += span
        if opened < sum(_tag_starts(data, name) for name in _ODS_NAMES):
            raise _malformed(self.part)

    def _end_row(self) -> None:
        if self.row_cells:
            self.extent.grow(self.row + self.row_repeat, self.row_cols, 0)
            self.extent.grow(0, 0, self.row_cells * self.row_repeat)
        self.row += self.row_repeat
        self.row_repeat = 1
        self.row_cells = 0


def _repeat(found: dict[bytes, bytes], suffix: bytes) -> int:
    for name, value in found.items():
        if name.endswith(suffix):
            digits = value.strip()
            return max(1, int(digits)) if digits.isdigit() else 1
    return 1


# --- OLE compound files: .xls, and encrypted .xlsx/.xlsb ------------------------------------------
def _check_ole(handle: IO[bytes]) -> None:
    """Encrypted Office files are OLE containers; say "password", not "corrupt"."""
    import msoffcrypto

    handle.seek(0)
    try:
        encrypted = msoffcrypto.OfficeFile(handle).is_encrypted()
    except Exception:  # msoffcrypto raises bare Exception/olefile errors on foreign OLE files
        encrypted = False
    if encrypted:
        raise UnsafeFileError(ENCRYPTED)
    _check_biff(handle)


# BIFF5/8 records that hold a value, each starting with row and column (u16, u16). calamine
# skips BLANK/MULBLANK, but builds a dense grid over the rest: one LABELSST moved to IV65536
# in a 30 KB .xls makes it take 2.8 s and 1 GB.
_BIFF_VALUE_RECORDS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E})
_BIFF_MULRK = 0x00BD
_BIFF_BOF = 0x0809
_BIFF_FILEPASS = 0x002F
_BIFF_RECORD = struct.Struct("<HH")
_BIFF_CELL = struct.Struct("<HH")


def _check_biff(handle: IO[bytes]) -> None:
    """Walk the workbook stream of an .xls and bound the extent of each sheet's value cells."""
    import olefile

    handle.seek(0)
    try:
        ole = olefile.OleFileIO(handle)
        streams = [e for e in ole.listdir() if len(e) == 1 and e[0].lower() in ("workbook", "book")]
        if not streams:
            return
        data = ole.openstream(streams[0]).read()
    except Exception:  # olefile raises many types on broken containers; calamine reports those
        return
    book: list[_Extent] = []
    extent = _Extent("phần chung của tệp", book)
    sheets = 0
    offset, end = 0, len(data) - 4
    while offset <= end:
        kind, length = _BIFF_RECORD.unpack_from(data, offset)
        body = offset + 4
        offset = body + length
        if kind == _BIFF_FILEPASS:  # what follows is encrypted (BIFF5 XOR: msoffcrypto misses it)
            raise UnsafeFileError(ENCRYPTED)
        if kind == _BIFF_BOF:
            sheets += 1
            extent = _Extent(f"trang tính thứ {sheets - 1}", book)
        elif kind in _BIFF_VALUE_RECORDS and length >= 4 and offset <= len(data):
            row, col = _BIFF_CELL.unpack_from(data, body)
            extent.grow(row + 1, col + 1)
        elif kind == _BIFF_MULRK and length >= 6 and offset <= len(data):
            row, first = _BIFF_CELL.unpack_from(data, body)
            last = int.from_bytes(data[offset - 2 : offset], "little")
            extent.grow(row + 1, max(first, last) + 1, max(1, last - first + 1))
    _check_book(book)


# --- text: .csv ---------------------------------------------------------------------------------
def _check_text(head: bytes, suffix: str) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 "Unicode text" from Excel
        return
    if b"\x00" in head:
        raise UnsafeFileError(f"tệp {suffix} không phải văn bản (có byte nhị phân)")


# --- last resort: parse in a child process ------------------------------------------------------
CRASHED = "tệp làm trình đọc bị lỗi"
PROBE_TIMEOUT = 30.0
PROBE_MEMORY = 2 * 1024 * 1024 * 1024
T = TypeVar("T")


def _run_child(func: Callable[[Path], object], path: Path, conn: Connection) -> None:
    try:
        result: tuple[str, object] = ("ok", func(path))
    except Exception as exc:
        result = ("error", exc)
    try:
        conn.send(result)
    except Exception as exc:  # an unpicklable result or exception
        conn.send(("error", UnsafeFileError(f"{CRASHED} ({type(exc).__name__})")))
    conn.close()


def parse_isolated(func: Callable[[Path], T], path: Path, *, timeout: float = 60.0) -> T:
    """func(path) in a fresh process, so a parser that aborts or hangs loses only this file.

    Costs a process start (about 0.1–0.2 s), so it is a fallback, not the default path.
    Exceptions raised by func are re-raised here; a crash, a hang past `timeout` or a
    result that cannot be sent back becomes UnsafeFileError.
    """
    import multiprocessing

    if multiprocessing.current_process().daemon:  # daemonic processes may not have children
        raise UnsafeFileError(f"{CRASHED} (không tách được tiến trình đọc riêng)")
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run_child, args=(func, path, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise UnsafeFileError(f"{CRASHED} (quá {timeout:.0f} giây)")
        status, value = receiver.recv()
    except EOFError:
        child.join(5)
        raise UnsafeFileError(f"{CRASHED} (mã thoát {child.exitcode})") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if status == "error":
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]


def _probe_sheets(path: Path) -> None:
    """In the child: build every sheet once, under a memory cap where the OS offers one.

    For formats whose cells cannot be scanned cheaply here (.xlsb's binary sheet parts).
    """
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (PROBE_MEMORY, PROBE_MEMORY))
    except (ImportError, ValueError, OSError):
        pass
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:  # unreadable: the reader says so with its own message
        return
    extents: list[_Extent] = []
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception:  # the reader reports unreadable sheets; only size matters here
            continue
        _Extent(name, extents).grow(sheet.height, sheet.width, 0)
    _check_book(extents)
