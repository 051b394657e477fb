"""Big tables written through xlsxwriter at a fraction of its cost per cell, byte for byte the same.

The summary, the sign-in sheets and the check-in workbook hold a row per delegate: ~10 µs per
cell went to xlsxwriter's checks when a cell is stored and to its generic XML writer when the
sheet is saved. `put_row` numbers a row's shared strings as xlsxwriter would (in call order) and
writes the row's cells' XML at once, each cell's style left as a field: xlsxwriter numbers
formats only when it saves, in the order cells use them. `write_rows`, in place of the sheet's
own, fills those fields in that order and hands every other row and cell to xlsxwriter's methods.
Everything else in the workbook (styles, merged cells, print set-up, validations, names,
charts) stays xlsxwriter's; xlsx/packaging.py makes the shared strings and the zip cheaper.

`ENABLED` off gives the reference: tests write each workbook both ways and compare every part
(tests/xlsx/test_fastrows.py and the writers' tests). A probe does the same once per process on
a small sheet, so an xlsxwriter that writes rows differently turns the fast path off. A chart
or autofit must not read cells of put_row: xlsxwriter does not see them as cells.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Iterable, Sequence
from itertools import count
from typing import TYPE_CHECKING, Any, Protocol

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellNumberTuple,
    CellStringTuple,
    RowInfo,
    Worksheet,
)

if TYPE_CHECKING:
    from xlsxwriter.format import Format


class XlsxOutput(Protocol):
    """What put_row asks of xlsx/output.py's XlsxOutput (its way for every unusual value)."""

    def fmt(self, *names: str) -> Format: ...

    def write(
        self, ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None
    ) -> None: ...


ENABLED = True
# xlsxwriter truncates text over 32,767 UTF-16 units; under half of that none can apply
_SHORT = 16_383
_MAX_ROW = 1_048_576
_MAX_COL = 16_384
_LETTERS: list[str] = []


def _letter(col: int) -> str:
    return _letters(col + 1)[col]


def _letters(columns: int) -> list[str]:
    """Column letters, at least `columns` of them."""
    while len(_LETTERS) < columns:
        _LETTERS.append(xl_col_to_name(len(_LETTERS)))
    return _LETTERS


class _Rows:
    """A sheet's rows written by put_row: per row its cells' XML, each cell's style a field
    ({k}: the sheet's k-th format) filled in when the sheet is saved, when xlsxwriter numbers
    its formats (in the order cells use them)."""

    def __init__(self) -> None:
        self.xml: dict[int, tuple[str, int, int]] = {}  # row → (cells, first col, last col)
        self.keys: dict[Format, int] = {}
        self.fresh: dict[int, list[Format]] = {}  # row → formats no earlier row used
        self.last = -1  # rows come in order; one that does not is stored as xlsxwriter does


def install(ws: Worksheet) -> None:
    """Write this sheet's rows with `write_rows` (when the probe found it faithful)."""
    if ENABLED and _faithful():
        ws._write_rows = write_rows.__get__(ws)  # type: ignore[method-assign]
        ws.hoithao_rows = _Rows()


def active(ws: Worksheet) -> bool:
    return ENABLED and not ws.constant_memory and "hoithao_rows" in ws.__dict__


def put_row(
    out: XlsxOutput,
    ws: Worksheet,
    row: int,
    values: Sequence[Any],
    texts: Sequence[Format | None],
    numbers: Sequence[Format | None],
    col: int = 0,
) -> None:
    """`out.write(ws, row, c, value, fmt)` for each value, `fmt` from `numbers` for an int or
    float (bool too, as isinstance counts it) and from `texts` for anything else."""
    rows: _Rows | None = ws.__dict__.get("hoithao_rows")
    if (
        rows is None
        or not ENABLED
        or row >= _MAX_ROW
        or col + len(values) > _MAX_COL
        or row <= rows.last  # rows come in order; one that does not is xlsxwriter's
        or row in ws.table  # xlsxwriter wrote into it already
    ):
        for c, value, text, number in zip(count(col), values, texts, numbers):
            out.write(ws, row, c, value, number if isinstance(value, (int, float)) else text)
        return
    rows.last = row
    sst = ws.str_table
    strings = sst.string_table
    keys = rows.keys
    fresh: list[Format] = []
    cells: list[str] = []
    add = cells.append
    first = last = -1
    used = 0
    letters = _letters(col + len(values))
    r = row + 1
    for c, value, text, number in zip(count(col), values, texts, numbers):
        kind = value.__class__
        if kind is str and 0 < len(value) <= _SHORT:
            if value.startswith("<r>") and value.endswith("</r>"):
                out.write(ws, row, c, value, text)  # written as two runs: XlsxOutput's way
                continue
            index = strings.get(value)
            if index is None:
                index = strings[value] = sst.unique_count
                sst.unique_count += 1
            used += 1
            fmt = text or out.fmt("text")
            key = keys.get(fmt)
            if key is None:
                key = keys[fmt] = len(keys)
                fresh.append(fmt)
            add(f'<c r="{letters[c]}{r}" s="{{{key}}}" t="s"><v>{index}</v></c>')
        elif kind is int or (kind is float and math.isfinite(value)):
            fmt = number or out.fmt()
            key = keys.get(fmt)
            if key is None:
                key = keys[fmt] = len(keys)
                fresh.append(fmt)
            add(f'<c r="{letters[c]}{r}" s="{{{key}}}"><v>{value:.16G}</v></c>')
        elif value is None or (kind is str and not value):
            if text is None:
                continue  # xlsxwriter stores no blank without a format
            key = keys.get(text)
            if key is None:
                key = keys[text] = len(keys)
                fresh.append(text)
            add(f'<c r="{letters[c]}{r}" s="{{{key}}}"/>')
        else:  # long text, bool, dates, NaN…: XlsxOutput.write decides
            out.write(ws, row, c, value, number if isinstance(value, (int, float)) else text)
            continue
        if first < 0:
            first = c
        last = c
    sst.count += used
    if cells:
        rows.xml[row] = ("".join(cells), first, last)
        if fresh:
            rows.fresh[row] = fresh
        # ws._check_dimensions(row, first) and (row, last), inline: both are in bounds
        if ws.dim_rowmin is None or row < ws.dim_rowmin:
            ws.dim_rowmin = row
        if ws.dim_rowmax is None or row > ws.dim_rowmax:
            ws.dim_rowmax = row
        if ws.dim_colmin is None or first < ws.dim_colmin:
            ws.dim_colmin = first
        if ws.dim_colmax is None or last > ws.dim_colmax:
            ws.dim_colmax = last


def set_height(ws: Worksheet, row: int, height: float) -> None:
    """ws.set_row(row, height), without its options."""
    pixels = int(height * 4.0 / 3.0 + 0.5)
    if not pixels or row >= _MAX_ROW or not active(ws):
        ws.set_row(row, height)
        return
    ws._check_dimensions(row, ws.dim_colmin if ws.dim_colmin is not None else 0)
    shared = _HEIGHTS.get(pixels)
    if shared is None:
        shared = _HEIGHTS[pixels] = (RowInfo(pixels), [pixels, False])
    ws.row_info[row], ws.row_sizes[row] = shared


# one RowInfo and size per height in pixels (xlsxwriter only reads them), not one per row: the
# summary's 84,000 rows at N=10,000 held ~11 MB of them
_HEIGHTS: dict[int, tuple[RowInfo, list[int | bool]]] = {}


def write_rows(self: Worksheet) -> None:
    """Worksheet._write_rows, the same XML: rows of put_row, plain rows and common cells
    written here, every other cell and row by xlsxwriter's own methods. Each row of put_row is
    written once (the sheet is saved once) and let go."""
    rows: _Rows = self.hoithao_rows
    spans = _spans(self, rows.xml)
    self.row_spans = spans
    table = self.table
    row_info = self.row_info
    comments = self.comments
    default = self.default_row_height
    original = self.original_row_height
    plain = self.excel_version != 2010
    xml = rows.xml
    styles = _Styles(rows)
    parts: list[str] = []
    add = parts.append
    fh = self.fh
    for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
        cells = table.get(row_num)
        made = xml.pop(row_num, None)  # (a row is let go as it is written)
        info = row_info.get(row_num)
        if not cells and made is None and info is None and row_num not in comments:
            continue
        span = spans.get(row_num // 16)
        if (not cells and made is None) or not plain or (info is not None and _special(info)):
            fh.write("".join(parts))
            parts.clear()
            if not cells and made is None:
                self._write_row(row_num, span, info, empty_row=True)
                continue
            self._write_row(row_num, span, info)
        else:
            height = default if info is None else info.height
            attributes = f' spans="{span}"' if span else ""
            if height != original or height != default:
                attributes += f' ht="{height * 0.75:.16g}" customHeight="1"'
            add(f'<row r="{row_num + 1}"{attributes}>')
        if made is None:
            _add_cells(self, row_num, cells, parts)
        elif cells:  # xlsxwriter wrote cells into this row afterwards: theirs win
            _add_merged(self, row_num, made[0], cells, styles, parts)
        else:
            add(styles.fill(row_num, made[0]))
        add("</row>")
        if len(parts) > _FLUSH:
            fh.write("".join(parts))
            parts.clear()
    fh.write("".join(parts))


# pieces of XML gathered before they are written out: the sheet is never held whole twice
_FLUSH = 4096


class _Styles:
    """The xf index of each of a sheet's put_row formats, numbered as xlsxwriter numbers
    them: when a cell first uses it, in row then column order."""

    def __init__(self, rows: _Rows) -> None:
        self.formats = list(rows.keys)
        self.fresh = rows.fresh
        self.xfs: list[int | None] = [None] * len(self.formats)
        self.skipped: set[int] = set()  # first used by a cell xlsxwriter later overwrote

    def fill(self, row_num: int, made: str) -> str:
        if self.skipped:
            self.number(int(key) for key in _KEYS.findall(made))
        else:
            xfs = self.xfs
            for fmt in self.fresh.get(row_num, ()):
                xfs[self.formats.index(fmt)] = fmt._get_xf_index()
        return made.format(*self.xfs)

    def number(self, keys: Iterable[int]) -> None:
        for key in keys:
            self.xfs[key] = self.formats[key]._get_xf_index()
            self.skipped.discard(key)


def _add_merged(
    self: Worksheet,
    row_num: int,
    made: str,
    cells: dict[int, Any],
    styles: _Styles,
    parts: list[str],
) -> None:
    """A row of put_row that xlsxwriter later wrote cells into: both, in column order."""
    mine = {}
    for piece in made.split("<c r=")[1:]:
        found = _REF.match(piece)
        assert found is not None
        mine[_column(found.group(1))] = ("<c r=" + piece, int(found.group(2)))
    for col in sorted(mine.keys() | cells.keys()):
        if col in cells:
            _add_cells(self, row_num, {col: cells[col]}, parts)
        else:
            piece, key = mine[col]
            styles.number((key,))
            parts.append(piece.format(*styles.xfs))
    for key in {key for _, key in mine.values()}:
        if styles.xfs[key] is None:
            styles.skipped.add(key)


_REF = re.compile(r'"([A-Z]+)\d+" s="\{(\d+)\}"')
_KEYS = re.compile(r's="\{(\d+)\}"')


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _add_cells(self: Worksheet, row_num: int, cells: dict[int, Any], parts: list[str]) -> None:
    add = parts.append
    r = row_num + 1
    for col in sorted(cells):
        cell = cells[col]
        kind = cell.__class__
        fmt = cell[-1] if kind is CellStringTuple or kind is CellNumberTuple else None
        if kind is CellBlankTuple:
            fmt = cell[0]
        if fmt is None:  # another kind of cell, or no format of its own: xlsxwriter's way
            self.fh.write("".join(parts))
            parts.clear()
            self._write_cell(row_num, col, cell)
            continue
        xf = fmt.xf_index
        if xf is None:
            xf = fmt._get_xf_index()
        if kind is CellStringTuple:
            add(f'<c r="{_letter(col)}{r}" s="{xf}" t="s"><v>{cell[0]}</v></c>')
        elif kind is CellNumberTuple:
            add(f'<c r="{_letter(col)}{r}" s="{xf}"><v>{cell[0]:.16G}</v></c>')
        else:
            add(f'<c r="{_letter(col)}{r}" s="{xf}"/>')


def _special(info: Any) -> bool:
    return bool(info.row_format or info.hidden or info.level or info.collapsed)


def _spans(self: Worksheet, made: dict[int, tuple[str, int, int]]) -> dict[int, str]:
    """Worksheet._calculate_spans, for put_row's rows too, without visiting every column."""
    blocks: dict[int, list[int]] = {}
    table = self.table
    comments = self.comments
    for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
        row = made.get(row_num)
        cells = table.get(row_num)
        if row is not None and not cells and row_num not in comments:
            low, high = row[1], row[2]
        else:
            columns = [*(cells or ()), *(comments.get(row_num) or ())]
            if row is not None:
                columns += row[1:]
            if not columns:
                continue
            low, high = min(columns), max(columns)
        block = blocks.get(row_num // 16)
        if block is None:
            blocks[row_num // 16] = [low, high]
        else:
            block[0] = min(block[0], low)
            block[1] = max(block[1], high)
    return {index: f"{low + 1}:{high + 1}" for index, (low, high) in blocks.items()}


def probe() -> bool:
    """Whether the fast path is on: the probe, run once a process (before workers are forked,
    so that they inherit its answer)."""
    return ENABLED and _faithful()


@functools.cache
def _faithful() -> bool:
    """Whether `write_rows` writes a probe sheet exactly as this xlsxwriter does."""
    import xlsxwriter

    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    try:
        ws = book.add_worksheet()
        ws.hoithao_rows = _Rows()
        bold = book.add_format({"bold": True})
        ws.set_column(3, 3, 10, bold)
        ws.write_string(0, 0, "a", bold)
        for r in range(1, 40):
            ws.write_number(r, 1 + r % 3, r / 7, bold)
            ws.write_string(r, 2, " x&<y>\x01", bold if r % 2 else None)
            ws.write_blank(r, 5, None, bold)
            if r % 5 == 0:
                ws.write_formula(r, 0, "=1+1", None, 2)
                ws.set_row(r, 30)
            if r % 7 == 0:
                ws.set_row(r, None, bold)
            if r % 11 == 0:
                ws.write_boolean(r, 3, True)
        ws.set_row(45, 20)
        ws.set_row(46, None, None, {"hidden": True})
        ws.write_number(50, 0, 1)
        same = _same_rows(ws)
        ws.write_comment(51, 1, "c")
        return same and _same_rows(ws)
    except Exception:
        return False
    finally:
        book.fileclosed = True  # never saved: nothing to close


def _same_rows(ws: Worksheet) -> bool:
    written = []
    for method in (ws._write_rows, write_rows.__get__(ws)):
        ws.fh = io.StringIO()
        method()
        written.append(ws.fh.getvalue())
    return written[0] == written[1]
