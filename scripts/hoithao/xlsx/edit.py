"""Surgical edits of a workbook staff keep editing: new text cells, every other byte as it was.

A workbook loaded into an object model and saved back loses what the model does not know:
cached values of formulas (so a formula cell reads empty), Excel's extended (x14) validations,
pictures. Here only the XML parts that must change are re-written — the sheet that gets cells,
and the parts holding a range that must grow with the new rows (tables, defined names); every
other zip member is copied as it was. Cells are written as inline strings (no shared-string table
to rewrite) with the style staff use in that column.
"""

from __future__ import annotations

import contextlib
import functools
import posixpath
import re
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from hoithao.errors import write_error
from hoithao.xlsx.output import replace_atomically

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_M = f"{{{MAIN}}}"

_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_RANGE = re.compile(r"^(\$?)([A-Z]{1,3})(\$?)(\d+)(?::(\$?)([A-Z]{1,3})(\$?)(\d+))?$")
# characters XML 1.0 cannot hold; Excel itself writes them as _xHHHH_
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
# defined names that follow a list as it grows; print titles and the like never do
_GROWING_NAMES = ("_xlnm._FilterDatabase", "_xlnm.Print_Area")


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


@functools.lru_cache(maxsize=1 << 16)  # a sheet is read a few times per edit
def split_ref(ref: str) -> tuple[int, int]:
    """'C12' → (12, 3)."""
    m = _CELL.match(ref)
    if not m:
        raise XlsxEditError(f"bad cell reference {ref!r}")
    return int(m.group(2)), col_index(m.group(1))


def excel_text(text: str) -> str:
    """Text as Excel stores it: `_x0041_` escaped so it reads back as typed, no XML-illegal
    control characters (written the way Excel writes them, `_x0001_`)."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


@dataclass
class _Sheet:
    name: str
    part: str
    index: int  # position among the workbook's sheets (localSheetId)
    tree: etree._ElementTree | None = None
    changed: bool = False
    last_row: int = 0  # last row holding a value before the edits
    grown_to: int = 0


@dataclass
class XlsxPackage:
    """An xlsx opened for surgical edits; `save` writes a new file, the source is never touched."""

    path: Path
    parts: dict[str, bytes] = field(default_factory=dict)
    order: list[zipfile.ZipInfo] = field(default_factory=list)
    sheets: list[_Sheet] = field(default_factory=list)
    _changed: dict[str, bytes] = field(default_factory=dict)
    _strings: list[str] | None = None
    _strings_part: str = ""

    @classmethod
    def open(cls, path: Path) -> XlsxPackage:
        pkg = cls(Path(path))
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                pkg.order.append(info)
                pkg.parts[info.filename] = archive.read(info)
        if "xl/workbook.xml" not in pkg.parts:
            raise XlsxEditError("no xl/workbook.xml")
        rels = pkg._rels("xl/workbook.xml")
        book = pkg._xml("xl/workbook.xml")
        for index, sheet in enumerate(book.iter(f"{_M}sheet")):
            target = rels.get(sheet.get(f"{{{REL}}}id", ""))
            if target and target[1].endswith("/worksheet"):
                pkg.sheets.append(_Sheet(sheet.get("name", ""), target[0], index))
        for target, kind in rels.values():
            if kind.endswith("/sharedStrings"):
                pkg._strings_part = target
        return pkg

    # --- reading ----------------------------------------------------------------------------
    def _xml(self, part: str) -> etree._Element:
        if part not in self.parts:
            raise XlsxEditError(f"missing part {part}")
        return etree.fromstring(self.parts[part], _PARSER)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (absolute part name, relationship type) of a part's relationships."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if rels_part not in self.parts:
            return {}
        found = {}
        for rel in self._xml(rels_part).iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[rel.get("Id", "")] = (posixpath.normpath(full), rel.get("Type", ""))
        return found

    def sheet(self, name: str) -> _Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                if sheet.tree is None:
                    sheet.tree = etree.ElementTree(self._xml(sheet.part))
                    sheet.last_row = _last_value_row(sheet.tree.getroot())
                return sheet
        raise XlsxEditError(f"no worksheet {name!r}")

    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            if self._strings_part in self.parts:
                for si in self._xml(self._strings_part).iter(f"{_M}si"):
                    self._strings.append(_text_of(si))
        return self._strings

    def values(
        self, name: str, *, columns: set[int] | None = None, up_to_row: int | None = None
    ) -> dict[int, dict[int, object]]:
        """row → column → value (text, number, bool) as Excel shows it: a formula's cached value.
        Only `columns`, and rows up to `up_to_row`, when given: a large list is read once per
        run, and most of its cells are not asked for."""
        root = self.sheet(name).tree.getroot()  # type: ignore[union-attr]
        grid: dict[int, dict[int, object]] = {}
        last = max(columns) if columns else None
        for r, row in _rows(root):
            if up_to_row is not None and r > up_to_row:
                break
            c = 0
            for cell in row.iterchildren(f"{_M}c"):  # _cells, inline: every cell of the sheet
                ref = cell.get("r")
                c = split_ref(ref)[1] if ref else c + 1
                if columns is not None and c not in columns:
                    if c > last:  # type: ignore[operator]
                        break  # cells come in column order (Excel refuses a file otherwise)
                    continue
                value = self._cell_value(cell)
                if value is not None:
                    grid.setdefault(r, {})[c] = value
        return grid

    def _cell_value(self, cell: etree._Element) -> object:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            node = cell.find(f"{_M}is")
            return _text_of(node) if node is not None else None
        v = cell.find(f"{_M}v")
        if v is None or v.text is None:
            return None
        if kind == "s":
            strings = self.strings()
            i = int(v.text)
            return strings[i] if 0 <= i < len(strings) else None
        if kind in ("str", "e"):
            return v.text
        if kind == "b":
            return v.text == "1"
        try:
            number = float(v.text)
        except ValueError:
            return v.text
        return int(number) if number.is_integer() else number

    # --- editing ----------------------------------------------------------------------------
    def set_cells(
        self, name: str, cells: Mapping[tuple[int, int], str | None], *, header_row: int = 1
    ) -> None:
        """Write text at (row, column); "" clears a value (keeping the cell's style); None only
        makes sure the cell exists, never touching one that does.

        A cell the sheet does not have yet takes the style most used in its column below the
        header (or, in the header, the style of its left neighbour)."""
        if not cells:
            return
        sheet = self.sheet(name)
        root = sheet.tree.getroot()  # type: ignore[union-attr]
        data = root.find(f"{_M}sheetData")
        if data is None:
            raise XlsxEditError(f"{name}: no sheetData")
        rows, styles = _rows_and_styles(root, header_row)
        for (r, c), text in sorted(cells.items()):
            row = rows.get(r)
            if row is None:
                row = rows[r] = _new_row(data, r)
            row.attrib.pop("spans", None)  # an optional hint that may no longer hold
            cell, _created = _cell_at(row, r, c, styles, header_row)
            if text is None:
                continue
            for child in list(cell):
                cell.remove(child)
            cell.attrib.pop("t", None)
            if not text:
                continue
            cell.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(cell, f"{_M}is"), f"{_M}t")
            t.text = excel_text(text)
            if text != text.strip() or "\n" in text:
                t.set(f"{{{XML_NS}}}space", "preserve")
            if r > sheet.grown_to:
                sheet.grown_to = r
        sheet.changed = True

    def map_strings(self, func: Callable[[str], str]) -> int:
        """Apply `func` to every text of the workbook (shared and inline strings, a formula's
        cached text); only parts where a text changed are re-written. Returns how many changed."""
        changed = 0
        parts = [self._strings_part] if self._strings_part in self.parts else []
        parts += [s.part for s in self.sheets if not s.changed]
        for part in parts:
            root = self._xml(part)
            count = 0
            for node in root.iter(f"{_M}t"):
                old = _unescape(node.text or "")
                if old and (new := func(old)) != old:
                    node.text, count = excel_text(new), count + 1
            for cell in root.iter(f"{_M}c"):
                v = cell.find(f"{_M}v")
                if cell.get("t") == "str" and v is not None and v.text:
                    if (new := func(v.text)) != v.text:
                        v.text, count = new, count + 1
            if count:
                self._changed[part] = _serialise(root)
                changed += count
        return changed

    def save(self, target: Path) -> None:
        """Write the edited workbook to `target` (a new file): changed parts re-serialised,
        every other member copied with its name, date, attributes and compression."""
        for sheet in self.sheets:
            if sheet.changed:
                self._finish(sheet)
        with zipfile.ZipFile(target, "w") as out:
            for info in self.order:
                data = self._changed.get(info.filename, self.parts[info.filename])
                out.writestr(info, data, compress_type=info.compress_type)

    # --- ranges that grow with the list -------------------------------------------------------
    def _finish(self, sheet: _Sheet) -> None:
        root = sheet.tree.getroot()  # type: ignore[union-attr]
        old, new = sheet.last_row, max(sheet.grown_to, sheet.last_row)

        def grow(sqref: str, *, is_list: bool = False) -> str:
            return " ".join(_grow(ref, old, new, is_list) for ref in sqref.split())

        last_row, last_col = _extent(root)
        dim = root.find(f"{_M}dimension")
        if dim is not None:
            dim.set("ref", f"A1:{col_letter(last_col)}{max(last_row, 1)}")
        for node in root.iter(f"{_M}autoFilter"):
            node.set("ref", grow(node.get("ref", ""), is_list=True))
        for tag in ("dataValidation", "conditionalFormatting"):
            for node in root.iter(f"{_M}{tag}"):
                if node.get("sqref"):
                    node.set("sqref", grow(node.get("sqref", "")))
        for node in root.iter(f"{{{XM}}}sqref"):  # x14 validations and formats, in extLst
            if node.text:
                node.text = grow(node.text)
        self._changed[sheet.part] = _serialise(root)
        for target, kind in self._rels(sheet.part).values():
            if kind.endswith("/table") and target in self.parts:
                self._grow_table(target, old, new)
        self._grow_names(sheet, old, new)

    def _grow_table(self, part: str, old: int, new: int) -> None:
        root = self._xml(part)
        if int(root.get("totalsRowCount", "0") or 0):
            return  # a totals row sits under the list: growing would swallow it
        before = root.get("ref", "")
        root.set("ref", _grow(before, old, new, True))
        for node in root.iter(f"{_M}autoFilter"):
            node.set("ref", _grow(node.get("ref", ""), old, new, True))
        if root.get("ref") != before:
            self._changed[part] = _serialise(root)

    def _grow_names(self, sheet: _Sheet, old: int, new: int) -> None:
        root = etree.fromstring(self._changed.get("xl/workbook.xml", self.parts["xl/workbook.xml"]))
        changed = False
        quoted = "'" + sheet.name.replace("'", "''") + "'"
        for node in root.iter(f"{_M}definedName"):
            if node.get("name") not in _GROWING_NAMES or not node.text:
                continue
            text = node.text
            for prefix in (quoted + "!", sheet.name + "!"):
                if text.startswith(prefix) and "," not in text:
                    grown = prefix + _grow(text[len(prefix) :], old, new, True)
                    if grown != text:
                        node.text = grown
                        changed = True
                    break
        if changed:
            self._changed["xl/workbook.xml"] = _serialise(root)


def _grow(ref: str, old: int, new: int, is_list: bool) -> str:
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


def _serialise(root: etree._Element) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + body


def _text_of(node: etree._Element) -> str:
    """Text of an <si> or <is>: its runs, without phonetic guides (rPh)."""
    parts = [
        t.text or ""
        for t in node.iter(f"{_M}t")
        if t.getparent() is not None and t.getparent().tag != f"{_M}rPh"
    ]
    return _unescape("".join(parts))


def _unescape(text: str) -> str:
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def _rows(root: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    data = root.find(f"{_M}sheetData")
    if data is None:
        return
    r = 0
    for row in data.iterchildren(f"{_M}row"):
        r = int(row.get("r") or r + 1)
        if row.get("r") is None:
            row.set("r", str(r))  # rarely omitted; written so that inserts find their place
        yield r, row


def _cells(row: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    c = 0
    for cell in row.iterchildren(f"{_M}c"):
        ref = cell.get("r")
        c = split_ref(ref)[1] if ref else c + 1
        yield c, cell


def _last_value_row(root: etree._Element) -> int:
    return _extent(root)[0]


def _extent(root: etree._Element) -> tuple[int, int]:
    """The last row holding a value, and the last column holding a cell (1 if none)."""
    rows = list(_rows(root))
    last_col = 1
    for _, row in rows:
        if len(row):  # cells come in column order: the last one is the row's furthest
            last_col = max(last_col, _last_cell_column(row))
    value_tags = (f"{_M}v", f"{_M}is")
    for r, row in reversed(rows):
        if any(child.tag in value_tags for cell in row for child in cell):
            return r, last_col
    return 0, last_col


def _last_cell_column(row: etree._Element) -> int:
    cell = row[-1]
    ref = cell.get("r") if cell.tag == f"{_M}c" else None
    if ref:
        return split_ref(ref)[1]
    return max((c for c, _ in _cells(row)), default=1)


def _rows_and_styles(
    root: etree._Element, header_row: int
) -> tuple[dict[int, etree._Element], dict[int, int]]:
    """Row number → row, and column → the style most cells below the header use (a staff
    highlight on one row loses), in one pass over the sheet."""
    rows: dict[int, etree._Element] = {}
    counts: dict[int, Counter[str]] = {}
    for r, row in _rows(root):
        rows[r] = row
        if r <= header_row:
            continue
        c = 0
        for cell in row.iterchildren(f"{_M}c"):  # _cells, inline: every cell of the sheet
            ref = cell.get("r")
            c = split_ref(ref)[1] if ref else c + 1
            counter = counts.get(c)
            if counter is None:
                counter = counts[c] = Counter()
            counter[cell.get("s", "0")] += 1
    styles = {c: int(counter.most_common(1)[0][0]) for c, counter in counts.items()}
    cols = root.find(f"{_M}cols")
    for col in cols.iterchildren(f"{_M}col") if cols is not None else ():
        for c in range(int(col.get("min", "1")), int(col.get("max", "1")) + 1):
            if c not in styles and col.get("style"):
                styles[c] = int(col.get("style", "0"))
        if int(col.get("max", "1")) > 16384:
            break
    return rows, styles


def _new_row(data: etree._Element, r: int) -> etree._Element:
    row = etree.Element(f"{_M}row", r=str(r))
    last = data[-1] if len(data) else None
    if last is None or last.tag != f"{_M}row" or int(last.get("r", "0")) < r:
        data.append(row)  # the usual case, rows added under the list: no walk over the sheet
        return row
    for existing in data.iterchildren(f"{_M}row"):
        if int(existing.get("r", "0")) > r:
            existing.addprevious(row)
            return row
    data.append(row)
    return row


def _cell_at(
    row: etree._Element, r: int, c: int, styles: dict[int, int], header_row: int
) -> tuple[etree._Element, bool]:
    """The cell at column c of the row, and whether it had to be created."""
    left_style = 0
    for col, cell in _cells(row):
        if col == c:
            return cell, False
        if col > c:
            new = etree.Element(f"{_M}c", r=f"{col_letter(c)}{r}")
            cell.addprevious(new)
            break
        left_style = int(cell.get("s", "0"))
    else:
        new = etree.SubElement(row, f"{_M}c", r=f"{col_letter(c)}{r}")
    style = left_style if r <= header_row else styles.get(c, 0)
    if style:
        new.set("s", str(style))
    return new, True


def save_package(book: XlsxPackage, target: Path, display_path: str) -> None:
    """Save beside the target under a temporary name, then replace it atomically."""
    tmp = target.with_name(f".~tmp-{uuid.uuid4().hex}{target.suffix}")
    try:
        try:
            book.save(tmp)
        except OSError as exc:
            raise write_error(exc, display_path, target) from exc
        replace_atomically(tmp, target, display_path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
