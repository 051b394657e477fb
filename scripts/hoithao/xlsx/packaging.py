"""The shared strings and the zip of a workbook xlsxwriter writes, made cheaper, the same parts.

xlsxwriter writes the shared strings one call per string (escaping each with two regular
expressions) and deflates every part at level 6; a big workbook spent a third of its save there.
`FastPackager` (xlsxwriter's own hook, Workbook._get_packager) writes them in one pass, escaped
exactly as xlsxwriter escapes them, and `quick_zip` deflates at level 1 as the fillers do.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from io import StringIO
from typing import Any
from zipfile import ZipInfo

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


# joins the strings while escaping: no escape can match across it or make it
_SEPARATOR = "\ue000"


class QuickZipInfo(ZipInfo):
    """A part deflated at level 1, as the fillers do: xlsxwriter's level 6 took half of the
    summary's save for a file a quarter smaller."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._compresslevel = 1


@contextlib.contextmanager
def quick_zip() -> Iterator[None]:
    """While xlsxwriter zips a workbook, its parts are QuickZipInfo."""
    module = xlsxwriter.workbook
    if not fastrows.ENABLED or module.ZipInfo is not ZipInfo:
        yield
        return
    module.ZipInfo = QuickZipInfo
    try:
        yield
    finally:
        module.ZipInfo = ZipInfo


class Utf8Part(StringIO):
    """A part of the package kept as UTF-8 as it is written. In xlsxwriter's StringIO a sheet
    of 10,000 delegates was held as text (two bytes a character once one is Vietnamese), then
    copied by getvalue(), then encoded: three times its size, at the run's peak of memory."""

    def __init__(self) -> None:
        super().__init__()
        self.data = bytearray()

    def write(self, text: str) -> int:
        self.data += text.encode()
        return len(text)

    def getvalue(self) -> _Encoded:  # type: ignore[override]
        return _Encoded(self.data)


class _Encoded:
    """What xlsxwriter's save asks of a part: getvalue().encode("utf-8"), the bytes it zips."""

    def __init__(self, data: bytearray) -> None:
        self.data = data

    def encode(self, encoding: str = "utf-8") -> bytearray:
        assert encoding.lower().replace("-", "") == "utf8"
        return self.data


class FastPackager(Packager):
    """xlsxwriter's packager, the shared strings written in one join (~5× cheaper), each part
    kept as UTF-8 (`Utf8Part`)."""

    def _filename(self, xml_filename: str) -> StringIO | str:
        if not (fastrows.ENABLED and self.in_memory):
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
        sst.fh.write(shared_strings_xml(table.string_array))
        sst._xml_end_tag("sst")
        sst._xml_close()
