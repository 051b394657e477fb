"""A Word return (.docx) as the same raw sheets a spreadsheet gives, so identify and locate work
unchanged.

Each table of the document becomes one sheet ("Bảng 1", "Bảng 2", …): the paragraphs typed
between the previous table and this one are rows above it (the title, "1. Chi bộ Phòng Tổng
hợp"), and the paragraphs after the last table are rows below it (the signature block). Row 1 of
a sheet is the table's first row, so an issue's row number is the row of the Word table. Merged
cells become merged areas, as calamine reports a spreadsheet's, never repeated text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime

from hoithao.intake.raw import MAX_COLS, MAX_ROWS, RawSheet, RawWorkbook, UnreadableFileError

CORRUPT = "tệp Word bị hỏng hoặc không đúng định dạng .docx"
SHEET_PREFIX = "Bảng"
# a table this small above the first data table is the Party-document heading laid out in a
# borderless table ("ĐẢNG BỘ KHỐI …" | "ĐẢNG CỘNG SẢN VIỆT NAM"): identify reads it as heading
HEADING_TABLE_ROWS = 4
TITLE_LENGTH = 80
MAX_NESTING = 2  # tables inside tables inside tables: deeper ones are no form
HEADER_ROWS = 6
ABOVE_ROWS = 20
# a return's document.xml is a few hundred KB; python-docx holds the whole XML tree in memory
MAX_XML_BYTES = 20 * 1024 * 1024
TOO_BIG = "tệp Word quá lớn hoặc bất thường (nội dung giải nén vượt {limit} MB)"


def read_docx(data: bytes, path_name: object, modified: datetime) -> RawWorkbook:
    """The tables of a .docx (its bytes, already checked by the guard) as raw sheets."""
    from docx import Document

    _check_parts(data)
    try:
        document = Document(io.BytesIO(data))
        blocks = list(_blocks(document))
        header = _page_header(document)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFileError(CORRUPT) from exc
    except Exception as exc:  # lxml and python-docx raise their own kinds for broken parts
        raise UnreadableFileError(CORRUPT) from exc
    workbook = _workbook(blocks, path_name, modified)
    workbook.heading[:0] = header
    return workbook


def _check_parts(data: bytes) -> None:
    """Bound what python-docx will load: the guard already bounded the package as a whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(
                i.file_size
                for i in archive.infolist()
                if i.filename.lower().startswith("word/") and i.filename.lower().endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFileError(CORRUPT) from exc
    if size > MAX_XML_BYTES:
        raise UnreadableFileError(TOO_BIG.format(limit=MAX_XML_BYTES // (1024 * 1024)))


_Block = tuple[str, list[list[object]], list[tuple[int, int, int, int]]]  # kind, rows, merged


def _blocks(document) -> Iterator[_Block]:
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows, merged = _table_grid(item)
            yield "table", rows, merged
            # a table typed inside a cell of a layout table is a table of its own
            for nested in _nested_tables(item):
                yield "table", *_table_grid(nested)
        else:
            text = item.text.strip()
            if text:
                yield "paragraph", [[text]], []


def _nested_tables(table, depth: int = 0) -> Iterator:  # type: ignore[no-untyped-def,type-arg]
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per column it spans
                continue
            seen.add(id(cell._tc))
            for nested in cell.tables:
                yield nested
                if depth < MAX_NESTING:
                    yield from _nested_tables(nested, depth + 1)


def _page_header(document) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """The first page header's lines: some units put their name there, not in the body."""
    rows: list[list[object]] = []
    try:
        header = document.sections[0].header
        rows += [[p.text.strip()] for p in header.paragraphs if p.text.strip()]
        for table in header.tables:
            rows += [[c.text.strip() for c in row.cells] for row in table.rows]
    except (IndexError, AttributeError, KeyError):  # no section, or a header part missing
        return []
    return rows[:HEADER_ROWS]


def _workbook(blocks: list[_Block], path_name: object, modified: datetime) -> RawWorkbook:
    from pathlib import Path

    tables = [i for i, (kind, _rows, _merged) in enumerate(blocks) if kind == "table"]
    sheets: list[RawSheet] = []
    notes: list[str] = []
    heading: list[list[object]] = []
    for block in blocks[: tables[0] if tables else len(blocks)]:
        heading.extend(block[1])
    if len(tables) > 1 and len(blocks[tables[0]][1]) <= HEADING_TABLE_ROWS:
        heading.extend(blocks[tables[0]][1])
    previous = -1
    for n, index in enumerate(tables, start=1):
        # the lines just above the table (locate looks for a header near the top of a sheet)
        above = [block[1][0] for block in blocks[previous + 1 : index]][-ABOVE_ROWS:]
        _kind, rows, merged = blocks[index]
        below: list[list[object]] = []
        if n == len(tables):
            below = [block[1][0] for block in blocks[index + 1 :]]
        name = f"{SHEET_PREFIX} {n}"
        if len(rows) > MAX_ROWS:
            rows = rows[:MAX_ROWS]
            notes.append(f"{name}: chỉ đọc {MAX_ROWS} dòng đầu.")
        shift = len(above)
        areas = [(t + shift, left, b + shift, r) for t, left, b, r in merged if t < len(rows)]
        title = str(above[-1][0]) if above and len(str(above[-1][0])) <= TITLE_LENGTH else ""
        sheets.append(
            RawSheet(
                name,
                [*above, *rows, *below],
                first_row=1 - shift,
                merged=areas,
                title=title,
            )
        )
        previous = index
    if not tables:  # no table: the paragraphs alone, for identify and for the F03 message
        sheets.append(RawSheet(f"{SHEET_PREFIX} 1", heading[:MAX_ROWS]))
    return RawWorkbook(Path(str(path_name)), modified, sheets, notes, heading=heading)


def _table_grid(table) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    """The table's text on its column grid and its merged areas (top, left, bottom, right).

    Word stores a horizontal merge as one cell spanning columns (w:gridSpan) and a vertical one
    as a first cell (w:vMerge="restart") continued by empty cells below (w:vMerge)."""
    from docx.table import _Cell

    rows: list[list[object]] = []
    merged: list[tuple[int, int, int, int]] = []
    open_down: dict[int, int] = {}  # column -> index in merged of the vertical merge going on
    for r, tr in enumerate(table._tbl.tr_lst[: MAX_ROWS + 1]):
        row: list[object] = [""] * min(tr.grid_before, MAX_COLS)
        for tc in tr.tc_lst:
            col, span = len(row), max(tc.grid_span, 1)
            if col >= MAX_COLS:
                break
            v_merge = tc.vMerge
            if v_merge == "continue" and col in open_down:
                top, left, _bottom, right = merged[open_down[col]]
                merged[open_down[col]] = (top, left, r, right)
                row.extend([""] * span)
                continue
            open_down.pop(col, None)
            row.append(_Cell(tc, table).text.strip())
            row.extend([""] * (span - 1))
            if v_merge == "restart":
                open_down[col] = len(merged)
                merged.append((r, col, r, col + span - 1))
            elif span > 1:
                merged.append((r, col, r, col + span - 1))
        rows.append(row[:MAX_COLS])
    # a vertical merge that never continued is a plain cell (or a horizontal span)
    merged = [m for m in merged if m[0] != m[2] or m[1] != m[3]]
    return rows, merged
