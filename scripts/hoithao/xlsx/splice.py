"""Text cells written into a worksheet's XML as bytes: its rows are never parsed into a tree.

Why: at 10,000 returns the check-in workbook's list is a 9 MB part; as an lxml tree it took
~450 MB and seconds to add a handful of rows at its bottom. Here the rows stay bytes: regular
expressions find the rows and cells that change, and only those bytes are rewritten; every
other row is kept byte for byte. A part of a shape this does not handle (a prefixed namespace,
a row or cell without its reference, rows out of order, attributes in an unusual order)
answers None, and hoithao.xlsx.edit edits it as a tree.

'<' is always escaped in XML text, so "<row", "</row>", "<c" and "</c>" found by a pattern are
always tags.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from hoithao.xlsx.tree import col_index, col_letter, row_height

_SHEET_DATA = re.compile(rb"<sheetData\b[^>]*?(/>|>)")
_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)
_ROW_START = re.compile(rb"<row[\s>/]")
_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"([^>]*?)(/>|>(.*?)</c>)', re.S)
_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d')
_ODD_REF = re.compile(rb'<c r="(?![A-Z]{1,3}\d)')
_CELL_HEAD = re.compile(rb'<c r="([A-Z]{1,3})\d+"([^>]*?)/?>')
_STYLE = re.compile(rb'\ss="(\d+)"')
_TYPE = re.compile(rb'\st="[^"]*"')
_SPANS = re.compile(rb'\sspans="[^"]*"')
_HEIGHT = re.compile(rb'\sht="([^"]*)"')
_CUSTOM_HEIGHT = re.compile(rb'\scustomHeight="[^"]*"')
_VALUE = (b"<v>", b"<v/>", b"<v ", b"<is>", b"<is/>", b"<is ")
PLACEHOLDER = b"<sheetData/>"


@dataclass(frozen=True)
class SheetRows:
    """A worksheet part cut around its rows: `head` + `open_tag` + `body` + `</sheetData>` +
    `tail`."""

    head: bytes
    open_tag: bytes
    body: bytes
    tail: bytes
    spans: tuple[tuple[int, int, int], ...]  # (row number, start, end) in body, in order

    def frame(self) -> bytes:
        """The part with an empty <sheetData/>: small, for the ranges outside the rows."""
        return self.head + PLACEHOLDER + self.tail

    def join(self, framed: bytes) -> bytes:
        """`framed` (the frame, edited and serialised) with the rows put back."""
        if framed.count(PLACEHOLDER) != 1:
            raise ValueError("the frame lost its sheetData")
        return framed.replace(PLACEHOLDER, self.open_tag + self.body + b"</sheetData>")


def split_rows(xml: bytes) -> SheetRows | None:
    """The part cut around its rows, or None when its shape is not one this module edits."""
    found = list(_SHEET_DATA.finditer(xml))
    if len(found) != 1:
        return None
    match = found[0]
    if match.group(1) == b"/>":  # no rows yet
        head, tail = xml[: match.start()], xml[match.end() :]
        return SheetRows(head, match.group(0)[:-2].rstrip() + b">", b"", tail, ())
    end = xml.find(b"</sheetData>", match.end())
    if end < 0:
        return None
    body = xml[match.end() : end]
    spans = tuple((int(m.group(1)), m.start(), m.end()) for m in _ROW.finditer(body))
    rows = [r for r, _, _ in spans]
    if len(spans) != len(_ROW_START.findall(body)) or rows != sorted(set(rows)):
        return None  # a row without its number, or rows out of order: the tree decides
    starts = sum(body.count(tag) for tag in (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r"))
    if starts != body.count(b'<c r="') or _ODD_REF.search(body):
        return None  # a cell without its reference first, or "d1" for D1: the tree decides
    head, tail = xml[: match.start()], xml[end + len(b"</sheetData>") :]
    return SheetRows(head, match.group(0), body, tail, spans)


def last_value_row(rows: SheetRows) -> int:
    """The last row with a cell holding a value (as hoithao.xlsx.edit counts it)."""
    for r, start, end in reversed(rows.spans):
        chunk = rows.body[start:end]
        if any(tag in chunk for tag in _VALUE):
            return r
    return 0


def last_column(rows: SheetRows) -> int:
    """The furthest column any cell is in (1 when there is none)."""
    letters = set(_COLUMN.findall(rows.body))
    return max((col_index(x.decode()) for x in letters), default=1)


def column_styles(rows: SheetRows, header_row: int) -> dict[int, int]:
    """Column → the style most cells below the header use, counted over the tags' attributes
    (few distinct ones: the row number is not part of them)."""
    start = next((s for r, s, _ in rows.spans if r > header_row), len(rows.body))
    counts: Counter[tuple[bytes, bytes]] = Counter(_CELL_HEAD.findall(rows.body, start))
    per_column: dict[int, Counter[int]] = {}
    for (letters, attrs), n in counts.items():
        style = _STYLE.search(attrs)
        per_column.setdefault(col_index(letters.decode()), Counter())[
            int(style.group(1)) if style else 0
        ] += n
    return {c: counter.most_common(1)[0][0] for c, counter in per_column.items()}


def set_cells(
    rows: SheetRows,
    cells: Mapping[tuple[int, int], str | None],
    *,
    styles: Mapping[int, int],
    header_row: int,
    text_xml: Callable[[str], bytes],
    heights: Mapping[int, float] | None = None,
) -> SheetRows:
    """`cells` written as hoithao.xlsx.edit's set_cells writes them (text: an inline string;
    "": no value, style kept; None: the cell made if missing; `heights`: of the rows made, and
    the least of a row that has a height of its own). `text_xml(text)` gives the escaped <is>
    content."""
    heights = heights or {}
    by_row: dict[int, dict[int, str | None]] = {}
    for (r, c), text in cells.items():
        by_row.setdefault(r, {})[c] = text
    where = {r: (start, end) for r, start, end in rows.spans}
    numbers = [r for r, _, _ in rows.spans]
    pieces: list[tuple[int, int, int, bytes]] = []  # (start, end, row, new bytes) in body
    for r in sorted(by_row):
        if r in where:
            start, end = where[r]
            old = _grown(rows.body[start:end], heights.get(r))
            new = _edit_row(old, r, by_row[r], styles, header_row, text_xml)
            pieces.append((start, end, r, new))
        else:
            later = bisect.bisect_right(numbers, r)  # the first row below r
            at = rows.spans[later][1] if later < len(rows.spans) else len(rows.body)
            height = heights.get(r)
            attrs = b' ht="%s" customHeight="1"' % row_height(height).encode() if height else b""
            new = _edit_row(
                b'<row r="%d"%s>' % (r, attrs), r, by_row[r], styles, header_row, text_xml
            )
            pieces.append((at, at, r, new))
    return _rebuilt(rows, sorted(pieces, key=lambda p: (p[0], p[1])))


def _rebuilt(rows: SheetRows, pieces: list[tuple[int, int, int, bytes]]) -> SheetRows:
    """The rows with each piece in place (a row replaced, or inserted before the row at its
    start) and their spans moved along, not searched for again (~0.14 s at 25,000 rows)."""
    body, spans, done, i = bytearray(), [], 0, 0
    for start, end, r, new in pieces:
        shift = len(body) - done
        while i < len(rows.spans) and rows.spans[i][1] < start:
            row, s, e = rows.spans[i]
            spans.append((row, s + shift, e + shift))
            i += 1
        body += rows.body[done:start]
        if end > start:
            i += 1  # the row replaced
        spans.append((r, len(body), len(body) + len(new)))
        body += new
        done = end
    shift = len(body) - done
    spans += [(row, s + shift, e + shift) for row, s, e in rows.spans[i:]]
    body += rows.body[done:]
    return replace(rows, body=bytes(body), spans=tuple(spans))


def _grown(row: bytes, height: float | None) -> bytes:
    """The row at least `height` tall, if it has a height of its own (a row without one is
    left to the program's own fitting); never lowered."""
    open_end = row.find(b">")
    found = _HEIGHT.search(row, 0, open_end)
    if height is None or found is None:
        return row
    try:
        if float(found.group(1)) >= height:
            return row
    except ValueError:
        pass  # an odd value: replaced
    tag = row[:open_end]
    tag = tag[: found.start()] + b' ht="%s"' % row_height(height).encode() + tag[found.end() :]
    if _CUSTOM_HEIGHT.search(tag):
        tag = _CUSTOM_HEIGHT.sub(b' customHeight="1"', tag)
    else:
        tag = tag.rstrip(b"/") + b' customHeight="1"' + (b"/" if tag.endswith(b"/") else b"")
    return tag + row[open_end:]


def _edit_row(
    row: bytes,
    r: int,
    cells: dict[int, str | None],
    styles: Mapping[int, int],
    header_row: int,
    text_xml: Callable[[str], bytes],
) -> bytes:
    open_end = row.find(b">") + 1
    empty = row[open_end - 2 : open_end] == b"/>"
    open_tag = _SPANS.sub(b"", row[: open_end - 2] + b">" if empty else row[:open_end])
    content = b"" if empty else row[open_end : len(row) - len(b"</row>")]
    existing = [
        (col_index(m.group(1).decode()), m.start(), m.end(), m.group(3))
        for m in _CELL.finditer(content)
    ]
    pieces: list[tuple[int, int, bytes]] = []
    for c in sorted(cells):
        text = cells[c]
        found = next((e for e in existing if e[0] == c), None)
        if found is not None:
            if text is None:
                continue
            _, start, end, attrs = found
            pieces.append((start, end, _cell(r, c, _TYPE.sub(b"", attrs), text, text_xml)))
            continue
        left = [e for e in existing if e[0] < c]
        at = left[-1][2] if left else 0
        if r <= header_row:
            style = int(m.group(1)) if left and (m := _STYLE.search(left[-1][3])) else 0
        else:
            style = styles.get(c, 0)
        attrs = b' s="%d"' % style if style else b""
        pieces.append((at, at, _cell(r, c, attrs, text, text_xml)))
    out, done = bytearray(open_tag), 0
    for start, end, new in sorted(pieces, key=lambda p: (p[0], p[1])):
        out += content[done:start]
        out += new
        done = end
    out += content[done:]
    return bytes(out) + b"</row>"


def _cell(
    r: int, c: int, attrs: bytes, text: str | None, text_xml: Callable[[str], bytes]
) -> bytes:
    ref = f"{col_letter(c)}{r}".encode()
    if not text:
        return b'<c r="' + ref + b'"' + attrs + b"/>"
    body = text_xml(text)
    return b'<c r="' + ref + b'"' + attrs + b' t="inlineStr"><is>' + body + b"</is></c>"
