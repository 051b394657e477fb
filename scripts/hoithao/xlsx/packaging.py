"""The shared strings and the zip of a workbook xlsxwriter writes, made cheaper, the same parts.

xlsxwriter writes the shared strings one call per string (escaping each with two regular
expressions) and deflates every part at level 6; a big workbook spent a third of its save there.
`FastPackager` (xlsxwriter's own hook, Workbook._get_packager) writes them in one pass, escaped
exactly as xlsxwriter escapes them, and `quick_zip` deflates at level 1 as the fillers do.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Iterator
from io import StringIO
from typing import Any
from zipfile import ZIP64_LIMIT, ZIP_DEFLATED, ZipFile, ZipInfo

import xlsxwriter.workbook
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings

from hoithao.xlsx import fastrows

_CONTROL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


def shared_string(text: str) -> str:
    """One <si>, escaped as xlsxwriter escapes it."""
    text = _CONTROL_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    if text.startswith("<r>") and text.endswith("</r>"):
        return f"<si>{text}</si>"  # the runs of write_rich_string, already XML
    preserve = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<si><t{preserve}>{text}</t></si>"


def shared_strings_xml(strings: list[str]) -> str:
    """The <si> of every string, as `shared_string` writes them, escaped all at once."""
    joined = _SEPARATOR.join(strings)
    if joined.count(_SEPARATOR) != len(strings) - 1 or not strings:
        return "".join(map(shared_string, strings))
    joined = _CONTROL_ESCAPE.sub(r"_x005F\1", joined)
    joined = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", joined)
    out = []
    add = out.append
    for text in joined.split(_SEPARATOR):
        if text.startswith("<r>") and text.endswith("</r>"):
            add(f"<si>{text}</si>")
            continue
        if "&" in text or "<" in text or ">" in text:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if text[:1].isspace() or text[-1:].isspace():
            add(f'<si><t xml:space="preserve">{text}</t></si>')
        else:
            add(f"<si><t>{text}</t></si>")
    return "".join(out)


def shared_strings_pieces(strings: list[str]) -> Iterator[str]:
    """`shared_strings_xml` of the strings a few thousand at a time: the summary's strings at
    N=10,000 (~5 MB) were held four times over while escaped at once."""
    for start in range(0, len(strings), _STRINGS_A_PIECE):
        yield shared_strings_xml(strings[start : start + _STRINGS_A_PIECE])


# joins the strings while escaping: no escape can match across it or make it
_SEPARATOR = "\ue000"
_STRINGS_A_PIECE = 4096


class QuickZipInfo(ZipInfo):
    """A part deflated at level 1, as the fillers do: xlsxwriter's level 6 took half of the
    summary's save for a file a quarter smaller."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._compresslevel = 1


@contextlib.contextmanager
def quick_zip() -> Iterator[None]:
    """While xlsxwriter zips a workbook, its parts are QuickZipInfo, zipped by DeflatedZipFile."""
    module = xlsxwriter.workbook
    if not fastrows.ENABLED or module.ZipInfo is not ZipInfo or module.ZipFile is not ZipFile:
        yield
        return
    module.ZipInfo, module.ZipFile = QuickZipInfo, DeflatedZipFile
    try:
        yield
    finally:
        module.ZipInfo, module.ZipFile = ZipInfo, ZipFile


class Deflated:
    """A part's UTF-8 deflated as it is written, as a zip holds it (raw, at QuickZipInfo's
    level). xlsxwriter held a sheet as text, copied it, encoded it, then deflated it: the summary
    of 10,000 delegates took ~25 MB more for its save; deflated, its parts take ~3 MB."""

    def __init__(self) -> None:
        self._compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
        self._pieces: list[bytes] = []
        self.crc = 0
        self.size = 0
        self._data: bytes | None = None

    def add(self, data: bytes) -> None:
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        deflated = self._compressor.compress(data)
        if deflated:
            self._pieces.append(deflated)

    def data(self) -> bytes:
        if self._data is None:
            self._pieces.append(self._compressor.flush())
            self._data = b"".join(self._pieces)
            self._pieces.clear()
        return self._data

    def inflated(self) -> bytes:
        return zlib.decompress(self.data(), -15)

    def encode(self, encoding: str = "utf-8") -> Deflated:
        """What xlsxwriter's save hands to writestr: getvalue().encode("utf-8")."""
        assert encoding.lower().replace("-", "") == "utf8"
        return self


class Utf8Part(StringIO):
    """A part of the package deflated as it is written (`Deflated`)."""

    def __init__(self) -> None:
        super().__init__()
        self.deflated = Deflated()

    def write(self, text: str) -> int:
        self.deflated.add(text.encode())
        return len(text)

    def getvalue(self) -> Deflated:  # type: ignore[override]
        return self.deflated


class DeflatedZipFile(ZipFile):
    """xlsxwriter's zip, taking each `Deflated` part as it is: what ZipFile.writestr would
    write for its bytes at level 1, header for header (tests/xlsx/test_packaging.py)."""

    def writestr(
        self,
        zinfo_or_arcname: str | ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(data, Deflated):
            super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)
            return
        zinfo = zinfo_or_arcname
        if not (
            isinstance(zinfo, QuickZipInfo)
            and zinfo.compress_type == ZIP_DEFLATED
            and compress_type is None
            and compresslevel is None
            and self._seekable  # type: ignore[attr-defined]
            and data.size * 1.05 <= ZIP64_LIMIT
        ):
            super().writestr(zinfo_or_arcname, data.inflated(), compress_type, compresslevel)
            return
        deflated = data.data()
        with self._lock:  # type: ignore[attr-defined]
            if self._writing:  # type: ignore[attr-defined]
                raise ValueError("Can't write to ZIP archive while an open writing handle exists.")
            zinfo.file_size = data.size
            zinfo.compress_size = len(deflated)
            zinfo.CRC = data.crc
            zinfo.flag_bits = 0x00
            if not zinfo.external_attr:
                zinfo.external_attr = 0o600 << 16
            self.fp.seek(self.start_dir)  # type: ignore[union-attr]
            zinfo.header_offset = self.fp.tell()  # type: ignore[union-attr]
            self._writecheck(zinfo)  # type: ignore[attr-defined]
            self._didModify = True  # type: ignore[attr-defined]
            self.fp.write(zinfo.FileHeader(False))  # type: ignore[union-attr]
            self.fp.write(deflated)  # type: ignore[union-attr]
            self.start_dir = self.fp.tell()  # type: ignore[union-attr]
            self.filelist.append(zinfo)
            self.NameToInfo[zinfo.filename] = zinfo


class FastPackager(Packager):
    """xlsxwriter's packager, the shared strings written in one join (~5× cheaper), each part
    deflated as it is written (`Utf8Part`) when `quick_zip` zips it."""

    def _filename(self, xml_filename: str) -> StringIO | str:
        if not (self.in_memory and xlsxwriter.workbook.ZipFile is DeflatedZipFile):
            return super()._filename(xml_filename)
        part = Utf8Part()
        self.filenames.append((part, xml_filename, False))
        return part

    def _write_shared_strings_file(self) -> None:
        table = self.workbook.str_table
        if not (fastrows.ENABLED and self.in_memory and table.count):
            super()._write_shared_strings_file()
            return
        sst = SharedStrings()
        sst.string_table = table
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._xml_declaration()
        sst._write_sst()
        for piece in shared_strings_pieces(table.string_array):
            sst.fh.write(piece)
        sst._xml_end_tag("sst")
        sst._xml_close()
