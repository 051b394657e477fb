"""Refuse hostile or broken spreadsheets before any parser sees them.

calamine runs in our process and trusts the file: python-calamine 0.9.1 aborts the whole
interpreter (SIGABRT, nothing to catch) on an .xlsx with cells in A1 and XFD1048576, and turns a
1.7 MB zip bomb into 28 million cells, 31 s and 5 GB. So every file is checked here first, with
bounded time and memory: size on disk, the zip`s declared and real sizes, DTDs in XML parts, the
extent of the cells actually present (scanned by extent.py), and Office encryption; legacy
binary and text files are checked by guard_legacy.py.
"""

from __future__ import annotations

import functools
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, NamedTuple

from hoithao.errors import UnsafeFileError, os_reason, technical
from hoithao.intake.extent import (
    ATTR,
    ATTR_PARTS,
    ENCRYPTED,
    PREFIX,
    TOO_BIG,
    Extent,
    OdsScanner,
    SheetScanner,
    attributes,
    check_book,
    malformed,
    may_hold_cells,
)
from hoithao.intake.guard_legacy import check_ole, check_text
from hoithao.intake.isolate import PROBE_TIMEOUT, parse_isolated, probe_sheets
from hoithao.intake.properties import saved_time_in

MAX_FILE_MB_ENV = "HOITHAO_MAX_FILE_MB"


MAX_FILE_BYTES = 20 * 1024 * 1024


MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024


MAX_RATIO = 100


RATIO_MIN_BYTES = 10 * 1024 * 1024


MAX_ENTRIES = 10_000


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
    return check_read_and_date(path, max_bytes=max_bytes, unread_sheets=unread_sheets)[0]


def check_read_and_date(
    path: Path, *, max_bytes: int | None = None, unread_sheets: Collection[str] = ()
) -> tuple[bytes | None, bool, datetime | None]:
    """check_and_read, and the saved time recorded inside the file (properties.saved_time of
    the bytes returned), read in the same pass: (bytes, whether it was read, saved time). It is
    not read for a file too big to hold, nor for one that is not a zip (it records none)."""
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
            verdict = _check_content(handle, whole, head, path.suffix.lower(), unread_sheets)
            if verdict.probe:
                parse_isolated(probe_sheets, path, timeout=PROBE_TIMEOUT)
    except OSError as exc:
        raise UnsafeFileError(f"không mở được tệp ({os_reason(exc)})", technical(exc)) from exc
    return whole, verdict.dated, verdict.saved


def check_bytes(data: bytes, suffix: str, *, unread_sheets: Collection[str] = ()) -> None:
    """check_file for a file that exists only as bytes (a member of a zip or an e-mail)."""
    import tempfile

    limit = max_file_bytes()
    if not data:
        raise UnsafeFileError("tệp rỗng (0 byte)")
    if len(data) > limit:
        raise UnsafeFileError(f"tệp quá lớn ({_mb(len(data))} MB, giới hạn {_mb(limit)} MB)")
    if _check_content(io.BytesIO(data), data, data[:SNIFF], suffix, unread_sheets).probe:
        # the child probe reads a path: a file of our own making, never named after the member
        handle, name = tempfile.mkstemp(prefix=".~tmp-hoithao-", suffix=".xlsb")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            parse_isolated(probe_sheets, Path(name), timeout=PROBE_TIMEOUT)
        finally:
            Path(name).unlink()


class _Verdict(NamedTuple):
    probe: bool = False  # the sheets need the child probe (.xlsb)
    dated: bool = False  # the saved time recorded inside the file was read: `saved`
    saved: datetime | None = None


def _check_content(
    handle: IO[bytes], whole: bytes | None, head: bytes, suffix: str, unread: Collection[str]
) -> _Verdict:
    """The checks by content."""
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _check_zip(handle, data=whole, unread_sheets=unread)
    if head.startswith(OLE_MAGIC):
        check_ole(handle)
    elif suffix in ZIP_SUFFIXES or suffix == ".docx":
        kind = "tệp Word" if suffix == ".docx" else "bảng tính"
        raise UnsafeFileError(
            f"nội dung tệp không phải {kind} {suffix} (tệp hỏng hoặc bị đổi đuôi)"
        )
    elif suffix in TEXT_SUFFIXES:
        check_text(head, suffix)
    return _Verdict()


# --- zip packages: .xlsx .xlsm .xlsb .ods -------------------------------------------------------
def _check_zip(
    handle: IO[bytes], *, data: bytes | None = None, unread_sheets: Collection[str] = ()
) -> _Verdict:
    """Bound sizes and extents; probe when sheets are binary (.xlsb) and need the child probe.

    `data`: the whole file, when small. Plain parts are then inflated straight from it, without
    zipfile's per-part machinery, which costs more than the inflating itself; and the saved time
    recorded inside it is read from the open archive, which saved_time would open again.
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
            book: list[Extent] = []
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
            check_book(book)
            probe = any(n.startswith("xl/worksheets/") and n.endswith(".bin") for n in names)
            if data is None or data[:4] != ZIP_MAGIC:  # saved_time reads no other
                return _Verdict(probe)
            return _Verdict(probe, True, _saved_time(archive, data, ends))
    except UnsafeFileError:
        raise
    except NotImplementedError as exc:  # compression methods zipfile lacks (e.g. deflate64)
        raise UnsafeFileError("tệp nén theo cách không hỗ trợ", technical(exc)) from exc
    except RuntimeError as exc:
        if "encrypted" in str(exc):  # zipfile: "File … is encrypted, password required"
            raise UnsafeFileError(ENCRYPTED) from exc
        raise UnsafeFileError("tệp bị hỏng (không giải nén được)", technical(exc)) from exc
    # corruption surfaces as BadZipFile, zlib.error, EOFError, struct.error, ValueError…
    except Exception as exc:
        raise UnsafeFileError("tệp bị hỏng (không giải nén được)", technical(exc)) from exc


def _saved_time(archive: zipfile.ZipFile, data: bytes, ends: dict[int, int]) -> datetime | None:
    """properties.saved_time(data), from the archive already open: the same part, its bytes
    inflated by _plain_part when it can, else read through zipfile as saved_time reads it."""
    try:
        return saved_time_in(archive, lambda info: _plain_part(data, info, ends))
    except Exception:  # as saved_time: a part that cannot be read says nothing
        return None


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


_SHEET_ELEMENT = re.compile(rb"<" + PREFIX + rb"sheet((?:" + ATTR + rb")*)\s*/?>")


_SHEET_START = re.compile(rb"<" + PREFIX + rb"sheet[\s/>]")


_RELATIONSHIP_ELEMENT = re.compile(rb"<" + PREFIX + rb"Relationship((?:" + ATTR + rb")*)\s*/?>")


_RELATIONSHIP_START = re.compile(rb"<" + PREFIX + rb"Relationship[\s/>]")


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
        found = attributes(attrs)
        ident = found.get(b"Id")
        if ident is None or ident in targets or len(found) != len(ATTR_PARTS.findall(attrs)):
            return frozenset()
        targets[ident] = found.get(b"Target", b"")
    only_unread: dict[str, bool] = {}
    for attrs in sheets:
        found = attributes(attrs)
        ids = [found[key] for key in (b"r:id", b"relationships:id") if key in found]
        if len(ids) != 1 or ids[0] not in targets or len(found) != len(ATTR_PARTS.findall(attrs)):
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
    book: list[Extent],
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
    scanner: OdsScanner | SheetScanner | None = (
        OdsScanner(name, book) if name == "content.xml" else None
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
            raise malformed(info.filename)
        if scanner is None and may_hold_cells(data):
            scanner = SheetScanner(name, book)
        if scanner is not None:
            scanner.feed(data[:cut])
        tail = data[cut:]
    if scanner is not None:
        scanner.feed(tail)
    return spent
