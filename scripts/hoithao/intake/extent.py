"""How far the cells of a sheet reach, read from its XML without parsing it.

calamine builds a dense grid from A1 to the farthest cell it meets: one cell at XFD1048576 asks
for 512 GB and aborts the interpreter. The scanners here find, with regular expressions and
bounded work, where calamine would put each cell of a worksheet (or an .ods table), and raise
UnsafeFileError before the extent of one sheet, or of the whole book, passes the limits.
guard.py runs them over every sheet part it inflates.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from hoithao.errors import UnsafeFileError

MAX_CELLS = 5_000_000  # rows × columns of a sheet's extent, counted from A1
MAX_ROWS = 100_000  # a return has a few hundred rows; Excel allows 1,048,576
MAX_CELL_RECORDS = 1_000_000  # cells written in the file, whatever their position
MAX_TOTAL_CELLS = 10_000_000  # extents of all sheets together
TOO_BIG = "tệp quá lớn hoặc bất thường"
ENCRYPTED = "tệp có đặt mật khẩu: hãy bỏ mật khẩu rồi gửi lại"


@dataclass
class Extent:
    """Rows × columns calamine would allocate for one sheet; `book` holds every sheet's."""

    part: str
    book: list[Extent] = field(default_factory=list, repr=False)
    rows: int = 0
    cols: int = 0
    cells: int = 0

    def __post_init__(self) -> None:
        check_book(self.book)
        self.book.append(self)

    def grow(self, row: int, col: int, cells: int = 1) -> None:
        self.rows = max(self.rows, row)
        self.cols = max(self.cols, col)
        self.cells += cells
        if self.rows > MAX_ROWS or self.rows * self.cols > MAX_CELLS:
            raise UnsafeFileError(
                f"{TOO_BIG} (bảng trong “{self.part}” trải tới {_n(self.rows)} dòng × "
                f"{_n(self.cols)} cột, giới hạn {_n(MAX_ROWS)} dòng và {_n(MAX_CELLS)} ô)"
            )
        if self.cells > MAX_CELL_RECORDS:
            raise UnsafeFileError(f"{TOO_BIG} (“{self.part}” có hơn {_n(MAX_CELL_RECORDS)} ô)")


def check_book(book: list[Extent]) -> None:
    """Many sheets each under the limit still add up (a thousand sheets of 4 million cells)."""
    total = sum(e.rows * e.cols for e in book)
    if total > MAX_TOTAL_CELLS:
        raise UnsafeFileError(
            f"{TOO_BIG} (các trang tính cộng lại {_n(total)} ô, giới hạn {_n(MAX_TOTAL_CELLS)} ô)"
        )


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


# Tags are matched with their attributes parsed, quoted values whole: '>' is legal inside an
# attribute value, and <c x=">" r="XFD90000"> must not hide its reference from the scan.
PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
ATTR = rb"""\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*')"""
ATTR_PARTS = re.compile(rb"""\s+([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_TAG = re.compile(rb"<" + PREFIX + rb"(row|c)((?:" + ATTR + rb")*)\s*(/?)>")
_CELL_WITH_REF = re.compile(
    rb"<"
    + PREFIX
    + rb"c(?:"
    + ATTR
    + rb""")*?\s+r\s*=\s*["']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})["']"""
    rb"(?:" + ATTR + rb")*\s*(/?)>"
)
_REF = re.compile(rb"\$?([A-Za-z]{0,3})\$?([0-9]{0,9})")
_ANY_CELL = re.compile(rb"<" + PREFIX + rb"c[\s/>]")
_C_THEN_END = re.compile(rb"c[\s/>]")


def may_hold_cells(data: bytes) -> bool:
    """Whether a cell tag may start here: both the count of starts and the cell patterns need
    "<c" or "<prefix:c" then a space, '/' or '>'. Styles, themes and relationships have none,
    and scanning them would change nothing. (As _ANY_CELL.search, but 5× cheaper on a theme.)"""
    for found in _C_THEN_END.finditer(data):
        before = data[found.start() - 1 : found.start()]
        if before == b"<":
            return True
        if before == b":":
            return _ANY_CELL.search(data) is not None
    return False


# as _ANY_CELL, written as an alternation: twice as fast on a sheet, which has a '<' every few bytes
_CELL_START = re.compile(rb"<c[\s/>]|<[A-Za-z_][\w.-]*:c[\s/>]")
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: [a-z]+="[^"]*")*(/?)>')


def attributes(attrs: bytes) -> dict[bytes, bytes]:
    """Attribute name → value; the first wins, as in quick-xml (calamine's parser)."""
    found: dict[bytes, bytes] = {}
    for name, double, single in ATTR_PARTS.findall(attrs):
        found.setdefault(name, double or single)
    return found


def _tag_starts(data: bytes, name: bytes) -> int:
    """How many <name …> tags begin in data (plain or prefixed), counted without parsing."""
    starts = sum(data.count(b"<" + name + end) for end in (b" ", b"\t", b"\n", b"\r", b">", b"/"))
    if b":" + name in data:
        starts += len(_prefixed_start(name).findall(data))
    return starts


@functools.cache
def _prefixed_start(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<[A-Za-z_][\w.-]*:" + re.escape(name) + rb"[\s/>]")


def malformed(part: str) -> UnsafeFileError:
    return UnsafeFileError(f"{TOO_BIG} (phần “{part}” có thẻ XML sai cú pháp)")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


class SheetScanner:
    """Where calamine would put each cell: its r="B7", else the next column of the current row."""

    def __init__(self, part: str, book: list[Extent]) -> None:
        self.extent = Extent(part, book)
        self.part = part
        self.row = 0
        self.col = 0

    def feed(self, data: bytes) -> None:
        if not may_hold_cells(data):
            return
        # Fast path: the layout Excel, LibreOffice and xlsxwriter write (r="B7" first, no
        # prefix) has a far cheaper pattern. Each of its matches is a cell start as _CELL_START
        # counts them (plain or prefixed "<c" then any space, '/' or '>': a superset of what
        # calamine takes for a cell), so when both find as many, every start was matched and
        # _CELL_WITH_REF would find exactly these cells.
        cells = _PLAIN_CELL.findall(data)
        if len(cells) == len(_CELL_START.findall(data)):
            self._feed_refs(cells)
            return
        starts = _tag_starts(data, b"c")
        cells = _CELL_WITH_REF.findall(data)
        if len(cells) == starts:
            self._feed_refs(cells)
        else:
            self._feed_tags(data, starts)

    def _feed_refs(self, cells: list[tuple[bytes, bytes, bytes]]) -> None:
        """Fast path, every cell has its reference: the loops stay in C."""
        if not cells:
            return
        # calamine drops style-only cells (<c r="XFD1048576" s="0"/>): calamine corpus
        # issue_174.xlsx has 16,384 of them on row 1,048,576 and reads as 2 rows × 11 columns
        letters, digits, slashes = zip(*cells, strict=True)
        if any(slashes):
            valued = [(cell[0], cell[1]) for cell in cells if not cell[2]]
            letters, digits = zip(*valued, strict=True) if valued else ((), ())
        if digits:
            rows = max(map(int, digits))
            cols = max(map(_column_number, set(letters)))
            self.extent.grow(rows, cols, len(digits))
        self.row, self.col = int(cells[-1][1]), _column_number(cells[-1][0])

    def _feed_tags(self, data: bytes, starts: int) -> None:
        seen = {b"row": 0, b"c": 0}
        for tag, attrs, slash in _SHEET_TAG.findall(data):
            seen[tag] += 1
            ref = _REF.fullmatch(attributes(attrs).get(b"r", b""))
            letters, digits = ref.groups() if ref else (b"", b"")
            if tag == b"row":
                self.row = int(digits) if digits else self.row + 1
                self.col = 0
                continue
            if letters and digits:
                self.row, self.col = int(digits), _column_number(letters)
            else:
                self.col += 1
            if not slash:
                self.extent.grow(max(self.row, 1), self.col)
        if seen[b"c"] < starts or seen[b"row"] < _tag_starts(data, b"row"):
            raise malformed(self.part)


_ODS_NAMES = (b"table-row", b"table-cell", b"covered-table-cell")
_ODS_TAG = re.compile(
    rb"<(/?)" + PREFIX + rb"(table-row|table-cell|covered-table-cell|table)((?:" + ATTR + rb")*)"
    rb"\s*(/?)>"
)


class OdsScanner:
    """ODS compresses runs with number-rows/columns-repeated: count only runs that hold a value,
    since trailing empty runs to row 1,048,576 are normal in LibreOffice files."""

    def __init__(self, part: str, book: list[Extent]) -> None:
        self.extent = Extent(part, book)
        self.book = book
        self.part = part
        self.row = 0
        self.col = 0
        self.row_repeat = 1
        self.row_cols = 0
        self.row_cells = 0

    def feed(self, data: bytes) -> None:
        opened = 0
        for closing, tag, attrs, empty in _ODS_TAG.findall(data):
            if tag == b"table":
                if not closing:
                    self.extent = Extent(self.part, self.book)
                    self.row = 0
                continue
            if closing:
                if tag == b"table-row":
                    self._end_row()
                continue
            opened += 1
            found = attributes(attrs)
            if tag == b"table-row":
                self.row_repeat = _repeat(found, b"number-rows-repeated")
                self.col = self.row_cols = self.row_cells = 0
                if empty:
                    self._end_row()
                continue
            span = _repeat(found, b"number-columns-repeated")
            if not empty or any(name.endswith(b"value-type") for name in found):
                self.row_cols = self.col + span
                self.row_cells += span
            self.col += span
        if opened < sum(_tag_starts(data, name) for name in _ODS_NAMES):
            raise malformed(self.part)

    def _end_row(self) -> None:
        if self.row_cells:
            self.extent.grow(self.row + self.row_repeat, self.row_cols, 0)
            self.extent.grow(0, 0, self.row_cells * self.row_repeat)
        self.row += self.row_repeat
        self.row_repeat = 1
        self.row_cells = 0


def _repeat(found: dict[bytes, bytes], suffix: bytes) -> int:
    for name, value in found.items():
        if name.endswith(suffix):
            digits = value.strip()
            return max(1, int(digits)) if digits.isdigit() else 1
    return 1
