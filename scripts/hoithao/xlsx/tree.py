"""The tree path of hoithao.xlsx.edit: a worksheet part parsed with lxml, cells found, made and
written in it. Used for the parts xlsx/splice.py does not edit as bytes, and for reading values."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
M = f"{{{MAIN}}}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")  # Excel reads "d1" as D1
_RANGE = re.compile(r"^(\$?)([A-Z]{1,3})(\$?)(\d+)(?::(\$?)([A-Z]{1,3})(\$?)(\d+))?$")
# characters XML 1.0 cannot hold; Excel itself writes them as _xHHHH_
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


class XlsxEditError(Exception):
    """The package is not a workbook this module can edit (missing part, unknown sheet)."""


def col_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def split_ref(ref: str) -> tuple[int, int]:
    """'C12' → (12, 3)."""
    m = _CELL.match(ref)
    if not m:
        raise XlsxEditError(f"bad cell reference {ref!r}")
    return int(m.group(2)), _column(m.group(1).upper())


@functools.lru_cache(maxsize=1 << 12)  # a few dozen columns; a cache of whole references
def _column(letters: str) -> int:  # missed every time on a 300,000-cell sheet
    return col_index(letters)


def excel_text(text: str) -> str:
    """Text as Excel stores it: `_x0041_` escaped so it reads back as typed, no XML-illegal
    control characters (written the way Excel writes them, `_x0001_`)."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def grow_ref(ref: str, old: int, new: int, is_list: bool) -> str:
    """A range whose bottom is the list's old last row (or between it and the new one) grows
    to the new last row; a range reaching further down already covers the new rows."""
    m = _RANGE.match(ref)
    if not m or new <= old:
        return ref
    d1, c1, d2, r1, d3, c2, d4, r2 = m.groups()
    if c2 is None:
        c2, d3, d4, r2 = c1, d1, d2, r1
    top, bottom = int(r1), int(r2)
    if not (old <= bottom < new) or top > old + 1:
        return ref
    if bottom == top and not is_list:
        return ref  # one row (a header's format, say) is not part of the list
    return f"{d1}{c1}{d2}{top}:{d3}{c2}{d4}{new}"


def serialise(root: etree._Element) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + body


def text_of(node: etree._Element) -> str:
    """Text of an <si> or <is>: its runs, without phonetic guides (rPh)."""
    parts = [
        t.text or ""
        for t in node.iter(f"{M}t")
        if t.getparent() is not None and t.getparent().tag != f"{M}rPh"
    ]
    return unescape("".join(parts))


def unescape(text: str) -> str:
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def rows_of(root: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    data = root.find(f"{M}sheetData")
    if data is None:
        return
    r = 0
    for row in data.iterchildren(f"{M}row"):
        r = int(row.get("r") or r + 1)
        if row.get("r") is None:
            row.set("r", str(r))  # rarely omitted; written so that inserts find their place
        yield r, row


def cells_of(row: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    c = 0
    for cell in row.iterchildren(f"{M}c"):
        ref = cell.get("r")
        c = split_ref(ref)[1] if ref else c + 1
        yield c, cell


def last_value_row(root: etree._Element) -> int:
    return extent(root)[0]


def extent(root: etree._Element) -> tuple[int, int]:
    """The last row holding a value, and the last column holding a cell (1 if none)."""
    rows = list(rows_of(root))
    last_col = 1
    for _, row in rows:
        if len(row):  # cells come in column order: the last one is the row's furthest
            last_col = max(last_col, _last_cell_column(row))
    value_tags = (f"{M}v", f"{M}is")
    for r, row in reversed(rows):
        if any(child.tag in value_tags for cell in row for child in cell):
            return r, last_col
    return 0, last_col


def _last_cell_column(row: etree._Element) -> int:
    cell = row[-1]
    ref = cell.get("r") if cell.tag == f"{M}c" else None
    if ref:
        return split_ref(ref)[1]
    return max((c for c, _ in cells_of(row)), default=1)


def rows_and_styles(
    root: etree._Element, header_row: int
) -> tuple[dict[int, etree._Element], dict[int, int]]:
    """Row number → row, and column → the style most cells below the header use (a staff
    highlight on one row loses), in one pass over the sheet."""
    rows: dict[int, etree._Element] = {}
    counts: dict[int, Counter[str]] = {}
    for r, row in rows_of(root):
        rows[r] = row
        if r <= header_row:
            continue
        c = 0
        for cell in row.iterchildren(f"{M}c"):  # _cells, inline: every cell of the sheet
            ref = cell.get("r")
            c = split_ref(ref)[1] if ref else c + 1
            counter = counts.get(c)
            if counter is None:
                counter = counts[c] = Counter()
            counter[cell.get("s", "0")] += 1
    styles = {c: style_number(counter.most_common(1)[0][0]) for c, counter in counts.items()}
    return rows, column_defaults(root, styles)


def column_defaults(root: etree._Element, styles: dict[int, int]) -> dict[int, int]:
    """`styles`, with the style of <cols> for a column no cell below the header shows."""
    cols = root.find(f"{M}cols")
    for col in cols.iterchildren(f"{M}col") if cols is not None else ():
        for c in range(int(col.get("min", "1")), int(col.get("max", "1")) + 1):
            if c not in styles and col.get("style"):
                styles[c] = style_number(col.get("style", "0"))
        if int(col.get("max", "1")) > 16384:
            break
    return styles


def grow_row(row: etree._Element, height: float | None) -> None:
    """splice's _grown, on a tree."""
    current = row.get("ht")
    if height is None or current is None:
        return
    try:
        if float(current) >= height:
            return
    except ValueError:
        pass
    row.set("ht", row_height(height))
    row.set("customHeight", "1")


def row_height(points: float) -> str:
    """A row's `ht` as written for the rows an edit creates (splice writes the same)."""
    return f"{points:g}"


def style_number(value: str) -> int:
    """A cell's or column's style index; a blank or odd one (some writers leave s="") is 0."""
    return int(value) if value.isdigit() else 0


def inline_text(text: str) -> bytes:
    """The <t> of an inline string, as lxml serialises what set_cells builds."""
    value = excel_text(text)
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
        value = value.replace(raw, escaped)
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f"<t{space}>{value}</t>".encode()


def new_row(data: etree._Element, r: int, height: float | None = None) -> etree._Element:
    row = etree.Element(f"{M}row", r=str(r))
    if height:
        row.set("ht", row_height(height))
        row.set("customHeight", "1")
    last = data[-1] if len(data) else None
    if last is None or last.tag != f"{M}row" or int(last.get("r", "0")) < r:
        data.append(row)  # the usual case, rows added under the list: no walk over the sheet
        return row
    for existing in data.iterchildren(f"{M}row"):
        if int(existing.get("r", "0")) > r:
            existing.addprevious(row)
            return row
    data.append(row)
    return row


def cell_at(
    row: etree._Element, r: int, c: int, styles: dict[int, int], header_row: int
) -> tuple[etree._Element, bool]:
    """The cell at column c of the row, and whether it had to be created."""
    left_style = 0
    for col, cell in cells_of(row):
        if col == c:
            return cell, False
        if col > c:
            new = etree.Element(f"{M}c", r=f"{col_letter(c)}{r}")
            cell.addprevious(new)
            break
        left_style = style_number(cell.get("s", "0"))
    else:
        new = etree.SubElement(row, f"{M}c", r=f"{col_letter(c)}{r}")
    style = left_style if r <= header_row else styles.get(c, 0)
    if style:
        new.set("s", str(style))
    return new, True
