"""Workbooks written as xlsxwriter writes them, without xlsxwriter's cost per cell and per book.

xlsxwriter writes one skeleton of the layout (a row or two of sample data); the filler keeps
every part of it that does not depend on the data (styles, theme, properties, package) and
writes the rest (rows, shared strings, ranges) the way xlsxwriter writes it. The tests compare
every part, byte for byte, with what xlsxwriter writes for the same data (tests/xlsx/test_fill.py,
tests/outputs/test_feedback.py); anything a filler is not sure of goes to xlsxwriter instead.

Here: the helpers both fillers share, and the filler for workbooks of plain text tables (the
mail-merge tables). feedback.py fills the per-unit feedback workbooks.
"""

from __future__ import annotations

import functools
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.utility import xl_range, xl_range_abs

from hoithao.errors import WorkspaceError
from hoithao.xlsx.output import XlsxOutput, write_bytes_atomically
from hoithao.xlsx.packaging import QuickZipInfo, shared_strings_pieces

LONG_TEXT = 16_000  # under half of Excel's 32,767 UTF-16 units: no truncation can apply
RICH = re.compile(r"<r>.*</r>\Z", re.DOTALL)  # written as two runs by XlsxOutput.write_text


def plain_text(value: object) -> bool:
    """Text XlsxOutput.write writes as a plain shared string (no truncation, no rich runs)."""
    return type(value) is str and len(value) < LONG_TEXT and not RICH.match(value)


def shared_strings(head: str, index: dict[str, int], count: int) -> str:
    """sharedStrings.xml: `head` is the skeleton's, up to its count attribute's value."""
    return "".join(shared_strings_parts(head, index, count))


def shared_strings_parts(head: str, index: dict[str, int], count: int) -> Iterator[str]:
    """`shared_strings` in pieces."""
    yield f'{head}{count}" uniqueCount="{len(index)}">'
    yield from shared_strings_pieces(list(index))
    yield "</sst>"


def sst_head(sst: str) -> str:
    """The skeleton's <sst …> up to (not including) its count."""
    head = sst[: sst.index(' count="') + len(' count="')]
    if "<si>" in head:
        raise ValueError("no count before the strings")
    return head


def package(parts: list[tuple[str, bytes]], made: dict[str, str]) -> bytes:
    """The zip: the skeleton's parts in its order, `made` ones replaced. Replaced parts are
    deflated (fast level); the skeleton's are stored as they are (a few KB, the same each time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            if name in made:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, made[name].encode(), compresslevel=1)
            else:
                archive.writestr(info, data)
    return buffer.getvalue()


def skeleton_parts(write: object) -> list[tuple[str, bytes]] | None:
    """The parts of the workbook `write(path)` makes with xlsxwriter in a temp folder; None
    when no temp folder can be written (the caller then uses xlsxwriter for everything)."""
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "skeleton.xlsx"
            write(path)  # type: ignore[operator]
            with zipfile.ZipFile(path) as archive:
                return [(i.filename, archive.read(i)) for i in archive.infolist()]
    except (OSError, WorkspaceError, zipfile.BadZipFile):
        return None


# --- workbooks of plain text tables -------------------------------------------------------------
@dataclass(frozen=True)
class TextTable:
    """One sheet: a header row, then rows of text ("" for an empty cell)."""

    sheet: str
    headers: tuple[str, ...]
    rows: Sequence[Sequence[str]]
    widths: tuple[float, ...] = ()


def write_text_tables(
    tables: Sequence[TextTable], path: Path, *, display_path: str, title: str
) -> None:
    """What `write_with_xlsxwriter` writes, filled from a skeleton when it can be."""
    skeleton = _skeleton(_layout(tables), title)
    data = skeleton.fill(tables) if skeleton is not None else None
    if data is None:
        write_with_xlsxwriter(tables, path, display_path=display_path, title=title)
    else:
        write_bytes_atomically(data, path, display_path)


def write_with_xlsxwriter(
    tables: Sequence[TextTable], path: Path, *, display_path: str, title: str
) -> None:
    """The reference: each table through XlsxOutput.write_table, every cell text."""
    with XlsxOutput(path, display_path=display_path, title=title) as out:
        for table in tables:
            sheet = out.sheet(table.sheet)
            out.write_table(
                sheet, table.headers, table.rows, widths=table.widths, cell_fmt=out.fmt("text")
            )


Layout = tuple[tuple[str, tuple[str, ...], tuple[float, ...]], ...]


def _layout(tables: Sequence[TextTable]) -> Layout:
    return tuple((t.sheet, t.headers, t.widths) for t in tables)


@dataclass(frozen=True)
class _TablesSkeleton:
    parts: list[tuple[str, bytes]]
    sheets: list[tuple[str, str, str, str]]  # per sheet: its part, before dimension, between
    # dimension and rows, after rows with the filter range as _MARK
    workbook: str  # workbook.xml, each filter range's end as _MARK + sheet index + _MARK
    sst_head: str
    header_style: int
    text_style: int

    def fill(self, tables: Sequence[TextTable]) -> bytes | None:
        """The workbook's zip, each sheet deflated as its rows are made: at 10,000 returns the
        sheets' XML (~22 MB) was held whole until the zip was made."""
        if not any(table.rows for table in tables):
            return None  # no data cell: xlsxwriter's styles would lack the unused text format
        for table in tables:
            width = len(table.headers)
            if width > len(_COLUMN_LETTERS) or any(len(row) != width for row in table.rows):
                return None
            if not all(header and plain_text(header) for header in table.headers):
                return None
        workbook = self.workbook
        for number, table in enumerate(tables):
            filtered = xl_range_abs(0, 0, max(len(table.rows), 1), len(table.headers) - 1)
            workbook = workbook.replace(f"{_MARK}{number}{_MARK}", filtered.rsplit("$", 1)[1])
        strings = _Strings()
        sheets = {
            sheet[0]: (table, sheet) for table, sheet in zip(tables, self.sheets, strict=True)
        }
        buffer = io.BytesIO()
        try:
            with zipfile.ZipFile(buffer, "w") as archive:
                for name, data in self.parts:
                    if name in sheets:
                        table, sheet = sheets[name]
                        _deflate(archive, name, self._sheet_xml(table, sheet, strings))
                    elif name == "xl/workbook.xml":
                        _deflate(archive, name, [workbook])
                    elif name == "xl/sharedStrings.xml":
                        xml = shared_strings_parts(self.sst_head, strings.index, strings.count)
                        _deflate(archive, name, xml)
                    else:
                        archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data)
        except _NotPlain:
            return None
        return buffer.getvalue()

    def _sheet_xml(
        self, table: TextTable, sheet: tuple[str, str, str, str], strings: _Strings
    ) -> Iterator[str]:
        """A sheet's XML in pieces, its strings numbered in `strings` as they come."""
        _part, head, middle, tail = sheet
        width = len(table.headers)
        letters = _COLUMN_LETTERS[:width]
        index = strings.index
        style = self.text_style
        spans = f"1:{width}"
        cells = []
        for letter, header in zip(letters, table.headers, strict=True):
            position = index.setdefault(header, len(index))
            cells.append(f'<c r="{letter}1" s="{self.header_style}" t="s"><v>{position}</v></c>')
        strings.count += width
        yield f"{head}{xl_range(0, 0, len(table.rows), width - 1)}{middle}"
        body = [f'<row r="1" spans="{spans}">{"".join(cells)}</row>']
        count = 0
        for r, row in enumerate(table.rows, start=2):
            cells = []
            for letter, value in zip(letters, row, strict=True):
                if value == "":
                    cells.append(f'<c r="{letter}{r}" s="{style}"/>')
                    continue
                # plain_text(value), inlined: this runs for every cell of a big table
                if value.__class__ is not str or len(value) >= LONG_TEXT:
                    raise _NotPlain
                if value.startswith("<r>") and value.endswith("</r>"):
                    raise _NotPlain
                position = index.get(value)
                if position is None:
                    position = index[value] = len(index)
                count += 1
                cells.append(f'<c r="{letter}{r}" s="{style}" t="s"><v>{position}</v></c>')
            body.append(f'<row r="{r}" spans="{spans}">{"".join(cells)}</row>')
            if len(body) >= _ROWS_A_PIECE:
                yield "".join(body)
                body.clear()
        strings.count += count
        yield "".join(body)
        yield tail.replace(_MARK, xl_range(0, 0, max(len(table.rows), 1), width - 1))


class _Strings:
    """The shared strings of a workbook being filled: each text's number, cells that use one."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0


class _NotPlain(Exception):
    """A cell the filler does not write (xlsxwriter then writes the whole workbook)."""


def _deflate(archive: zipfile.ZipFile, name: str, pieces: Iterable[str]) -> None:
    """A part of `archive` deflated at the fast level as its pieces come, as `package` does."""
    info = QuickZipInfo(name, _ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as part:
        for piece in pieces:
            part.write(piece.encode())


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ROWS_A_PIECE = 1024


_MARK = "\x00"
_COLUMN_LETTERS = [xl_range(0, c, 0, c)[:-1] for c in range(256)]
_CELL_STYLE = re.compile(r'<c r="A([12])" s="(\d+)" t="s">')


@functools.lru_cache(maxsize=8)
def _skeleton(layout: Layout, title: str) -> _TablesSkeleton | None:
    """xlsxwriter's workbook for the layout, each table with one sample row, cut where the data
    goes; None when its XML is not shaped as expected (another xlsxwriter, say)."""
    sample = [TextTable(s, h, [tuple("x" for _ in h)], w) for s, h, w in layout]
    parts = skeleton_parts(
        lambda path: write_with_xlsxwriter(sample, path, display_path=path.name, title=title)
    )
    if parts is None or not all(headers for _, headers, _ in layout):
        return None
    texts = {name: data.decode() for name, data in parts if name.endswith(".xml")}
    try:
        sheets = []
        workbook = texts["xl/workbook.xml"]
        styles: dict[str, set[str]] = {"1": set(), "2": set()}
        for number, (_sheet, headers, _widths) in enumerate(layout):
            part = f"xl/worksheets/sheet{number + 1}.xml"
            xml = texts[part]
            last = xl_range(0, len(headers) - 1, 0, len(headers) - 1)[:-1]
            head, rest = xml.split(f'<dimension ref="A1:{last}2"/>')
            middle, rest = rest.split("<sheetData>")
            rows, tail = rest.split("</sheetData>")
            for row, style in _CELL_STYLE.findall(rows):
                styles[row].add(style)
            filtered = f'<autoFilter ref="A1:{last}2"/>'
            if tail.count(filtered) != 1:
                return None
            sheets.append(
                (
                    part,
                    head + '<dimension ref="',
                    '"/>' + middle + "<sheetData>",
                    "</sheetData>" + tail.replace(filtered, f'<autoFilter ref="{_MARK}"/>'),
                )
            )
            name = f'localSheetId="{number}" hidden="1">'
            at = workbook.index(name)
            end = workbook.index(f"${last}$2<", at) + len(f"${last}$")
            workbook = f"{workbook[:end]}{_MARK}{number}{_MARK}{workbook[end + 1 :]}"
        head_sst = sst_head(texts["xl/sharedStrings.xml"])
    except (KeyError, ValueError):
        return None
    if len(styles["1"]) != 1 or len(styles["2"]) != 1:
        return None
    names = [name for name, _ in parts]  # (the strings are numbered as the sheets are zipped)
    order = [names.index(sheet[0]) for sheet in sheets]
    if "xl/sharedStrings.xml" not in names or order != sorted(order):
        return None
    if names.index("xl/sharedStrings.xml") < order[-1]:
        return None
    return _TablesSkeleton(
        parts=parts,
        sheets=sheets,
        workbook=workbook,
        sst_head=head_sst,
        header_style=int(styles["1"].pop()),
        text_style=int(styles["2"].pop()),
    )
