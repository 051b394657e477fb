"""The guard for files that are not zips: legacy .xls (OLE2/BIFF8) and text (.csv).

A BIFF file states each cell`s row and column; a cell far out (or a sheet of millions) is
refused before calamine allocates its grid, as guard.py does for the zip formats.
"""

from __future__ import annotations

import struct
from typing import IO

from hoithao.errors import UnsafeFileError
from hoithao.intake.extent import ENCRYPTED, Extent, check_book


# --- OLE compound files: .xls, and encrypted .xlsx/.xlsb ------------------------------------------
def check_ole(handle: IO[bytes]) -> None:
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
    book: list[Extent] = []
    extent = Extent("phần chung của tệp", book)
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
            extent = Extent(f"trang tính thứ {sheets - 1}", book)
        elif kind in _BIFF_VALUE_RECORDS and length >= 4 and offset <= len(data):
            row, col = _BIFF_CELL.unpack_from(data, body)
            extent.grow(row + 1, col + 1)
        elif kind == _BIFF_MULRK and length >= 6 and offset <= len(data):
            row, first = _BIFF_CELL.unpack_from(data, body)
            last = int.from_bytes(data[offset - 2 : offset], "little")
            extent.grow(row + 1, max(first, last) + 1, max(1, last - first + 1))
    check_book(book)


# --- text: .csv ---------------------------------------------------------------------------------
def check_text(head: bytes, suffix: str) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 "Unicode text" from Excel
        return
    if b"\x00" in head:
        raise UnsafeFileError(f"tệp {suffix} không phải văn bản (có byte nhị phân)")
