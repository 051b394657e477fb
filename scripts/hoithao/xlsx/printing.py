"""Print-ready sheets: A4, orientation by width, fit to width without shrinking text below ~9 pt,
header rows repeated, page numbers, and row heights computed for wrapped text.

Neither Excel nor LibreOffice grows a row for wrapped text that xlsxwriter wrote (LibreOffice keeps
the default height on open), so every table row gets an explicit height here.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from hoithao.xlsx.output import XlsxOutput

# Excel's header/footer codes: page number of page count, centred
PAGE_FOOTER = "Trang &P/&N"

TABLE_FONT_SIZE = 12
# margins in inches: left 30 mm for binding, right 15 mm, top and bottom 20 mm (HD 36-HD/VPTW)
MARGINS = {"left": 1.0, "right": 0.5, "top": 0.7, "bottom": 0.8}
_A4_POINTS = (595.3, 841.9)
# Text below this size on paper is too small to read; fit-to-width may shrink down to it.
MIN_PRINTED_POINTS = 9.5


CHART_FONT = {"name": "Times New Roman", "size": 10}
CHART_TITLE_FONT = {"name": "Times New Roman", "size": 12, "bold": True}


def style_chart(chart: Any, title: str) -> None:
    """Chart text in the tables' font and readable on paper; data kept in hidden helper cells."""
    chart.set_title({"name": title, "name_font": CHART_TITLE_FONT})
    chart.set_legend({"position": "bottom", "font": CHART_FONT})
    chart.show_hidden_data()
    for axis in ("set_x_axis", "set_y_axis"):
        if hasattr(chart, axis):
            getattr(chart, axis)({"num_font": CHART_FONT})


def column_points(width: float) -> float:
    """Printed width of a column: Excel's width unit is a Calibri-11 digit (7 px) plus 5 px."""
    return (width * 7 + 5) * 0.75


def printable_points(*, landscape: bool) -> float:
    page = _A4_POINTS[1] if landscape else _A4_POINTS[0]
    return page - (MARGINS["left"] + MARGINS["right"]) * 72


def fits_portrait(widths: Sequence[float], *, font_size: float = TABLE_FONT_SIZE) -> bool:
    """Whether a table prints on portrait A4 with its text at least MIN_PRINTED_POINTS."""
    return print_scale(widths, landscape=False) * font_size >= MIN_PRINTED_POINTS


def print_scale(widths: Sequence[float], *, landscape: bool) -> float:
    total = sum(column_points(w) for w in widths)
    return min(1.0, printable_points(landscape=landscape) / total) if total else 1.0


def _em(char: str) -> float:
    """Width of a Times New Roman character in ems (capitals wide, i and punctuation narrow)."""
    if char.isupper() or char in "mwMW@":
        return 0.72
    if char.isdigit() or char in "_-–—%&#":
        return 0.52
    if char in "iljtfr.,:;'|!()[]/ ":
        return 0.3
    return 0.45


_PATH_PIECES = re.compile(r"[^/]*/|[^/]+")


def text_lines(text: object, width: float, *, font_size: float = TABLE_FONT_SIZE) -> int:
    """Lines a wrapped cell needs, words wrapped greedily as Excel and LibreOffice do; a word
    wider than the cell breaks inside (file names, e-mails). A path may also break after a "/"
    ("workbooks/phieu_dang_ky/thu.eml/phieu.xlsx"), or not: the larger count is kept."""
    return _text_lines(str(text), width, font_size)


def _text_lines(text: str, width: float, font_size: float) -> int:
    known = _known_lines(width, font_size)
    found = known.get(text)
    if found is None:
        if _KNOWN_COUNT[0] >= _KNOWN_LIMIT:  # a bound on memory, all widths together
            for each in _ALL_KNOWN:
                each.clear()  # (in place: RowHeights holds them)
            _KNOWN_COUNT[0] = 0
        found = known[text] = _count_lines(text, width, font_size)
        _KNOWN_COUNT[0] += 1
    return found


_KNOWN_LIMIT = 1 << 16  # texts; unit names, roles, categories soon come back after a clear
_KNOWN_COUNT = [0]
_ALL_KNOWN: list[dict[str, int]] = []


@functools.cache
def _known_lines(width: float, font_size: float) -> dict[str, int]:
    """Lines each text needs at this width (a plain dict per width: cheaper to ask than an
    lru_cache, asked for every cell of a table)."""
    known: dict[str, int] = {}
    _ALL_KNOWN.append(known)
    return known


def _count_lines(text: str, width: float, font_size: float) -> int:
    usable, _space = _metrics(width, font_size)
    if len(text) * _WIDEST * font_size <= usable * _SPARE and "\n" not in text:
        return 1  # short enough to fit whatever its letters: most codes, numbers, short names
    return _greedy_lines(text, width, font_size)


# the widest character's ems (_em): a word's pieces and the gaps between words (a space's
# width, no wider than any blank) are never wider than this per character; a hair to spare
# for rounding
_WIDEST = 0.72
_SPARE = 1 - 1e-9


def _greedy_lines(text: str, width: float, font_size: float) -> int:
    plain = _wrapped(text, width, font_size, at_slashes=False)
    if "/" not in text:
        return plain
    return max(plain, _wrapped(text, width, font_size, at_slashes=True))


def _piece_ems(piece: str) -> float:
    ems = _WORD_EMS.get(piece)  # (a dict, not an lru_cache: asked for every word)
    if ems is None:
        ems = sum(map(_char_em, piece))
        # syllables and a path's folders come back; ids, phone numbers, e-mails seldom do
        if len(piece) <= _SYLLABLE or piece[-1] == "/":
            if len(_WORD_EMS) >= _KNOWN_LIMIT:
                _WORD_EMS.clear()
            _WORD_EMS[piece] = ems
    return ems


_WORD_EMS: dict[str, float] = {}  # a name is a few of a few hundred syllables
_SYLLABLE = 8  # the longest Vietnamese syllable ("nghiêng") has 7 letters


_char_em = functools.cache(_em)


def _usable(width: float) -> float:
    return (column_points(width) - 6) * 0.95  # cell padding, and a little to spare


@functools.cache
def _metrics(width: float, font_size: float) -> tuple[float, float]:
    return _usable(width), _em(" ") * font_size


def _wrapped(text: str, width: float, font_size: float, *, at_slashes: bool) -> int:
    usable, space = _metrics(width, font_size)
    total = 0
    for part in text.split("\n"):
        lines, used = 1, 0.0
        for word in part.split():
            gap = space  # before a word; none between the pieces of a path
            for piece in _PATH_PIECES.findall(word) if at_slashes else (word,):
                size = _piece_ems(piece) * font_size
                if not used:
                    used += 0.0 + size
                elif used + gap + size > usable:
                    lines, used = lines + 1, 0.0 + size
                else:
                    used += gap + size
                gap = 0.0
                if used > usable:
                    extra = math.ceil(used / usable) - 1
                    lines, used = lines + extra, used - extra * usable
        total += lines
    return max(1, total)


def row_points(lines: int, *, font_size: float = TABLE_FONT_SIZE) -> float:
    """Height of a row of `lines` wrapped lines: line height 1.17 em plus the cell's padding."""
    return round(lines * font_size * 1.17 + 4, 1)


def fit_row(
    ws: Worksheet,
    row: int,
    cells: Iterable[tuple[object, float]],
    *,
    font_size: float = TABLE_FONT_SIZE,
    minimum: float = 0,
) -> None:
    """Give a row the height its tallest wrapped cell needs."""
    lines = 1
    for text, width in cells:  # (a row per delegate: no generator, no keyword call)
        if text != "":
            if text.__class__ is not str:
                text = str(text)
            known = _known_lines(width, font_size)
            found = known.get(text)
            if found is None:
                found = _text_lines(text, width, font_size)
            if found > lines:
                lines = found
    from hoithao.xlsx.fastrows import set_height  # (xlsxwriter: not for `trang-thai`)

    set_height(ws, row, max(minimum, row_points(lines, font_size=font_size)))


class RowHeights:
    """fit_row's heights for the rows of one table, its columns' widths given once: a table of
    a row per delegate asks for every cell (values beyond the widths are not measured)."""

    def __init__(
        self, widths: Sequence[float], *, font_size: float = TABLE_FONT_SIZE, minimum: float = 0
    ) -> None:
        self.columns = [(width, _known_lines(width, font_size)) for width in widths]
        self.font_size = font_size
        self.minimum = minimum
        self.heights: dict[int, float] = {}  # lines → the row's height

    def _height(self, lines: int) -> float:
        height = self.heights.get(lines)
        if height is None:
            points = row_points(lines, font_size=self.font_size)
            height = self.heights[lines] = max(self.minimum, points)
        return height

    def of_rows(self, rows: Sequence[Sequence[object]]) -> list[float]:
        """Each row's height, as fit_row gives it, measured a column at a time: comprehensions,
        not a loop per cell (the summary's ~42,000 rows at 10,000 returns: 0.42 → 0.27 s)."""
        most = [1] * len(rows)
        font_size = self.font_size
        for index, (width, known) in enumerate(self.columns):
            cells = [row[index] if len(row) > index else "" for row in rows]
            texts = [t if t.__class__ is str else str(t) for t in cells]
            lines = [known.get(t) or _text_lines(t, width, font_size) for t in texts]
            most = list(map(max, most, lines))
        return [self._height(n) for n in most]


def setup_page(
    ws: Worksheet,
    widths: Sequence[float],
    *,
    header_rows: tuple[int, int] | None = None,
    landscape: bool | None = None,
    font_size: float = TABLE_FONT_SIZE,
) -> None:
    """A4, portrait when the table fits it readably (else landscape), one page wide, page
    numbers in the footer, header rows repeated on every page."""
    if landscape is None:
        landscape = not fits_portrait(widths, font_size=font_size)
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(**MARGINS)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)
    ws.set_footer(f'&C&"Times New Roman,Regular"&11{PAGE_FOOTER}', {"margin": 0.3})
    if header_rows is not None:
        ws.repeat_rows(*header_rows)


def write_print_table(
    out: XlsxOutput,
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float],
    *,
    first_row: int = 0,
    print_columns: int | None = None,
    landscape: bool | None = None,
    formats: dict[int, Format] | None = None,
    autofilter: bool = True,
    row_formats: Iterable[dict[int, Format]] | None = None,
) -> int:
    """A bordered, wrapped table with row heights for its text and the page set up.

    `print_columns` keeps the first columns on the printed copy (the print area) when the rest
    (e-mail, source, …) would shrink the text below readable size; all stay on screen.
    `row_formats`, one per row, overrides `formats` in that row.
    """
    from hoithao.xlsx.fastrows import put_row, set_height  # (xlsxwriter: not for `trang-thai`)

    header_fmt = out.fmt("header")
    text_fmt = out.fmt("cell")
    number_fmt = out.fmt("cell_int", align="center")
    formats = formats or {}
    for col, header in enumerate(headers):
        ws.write_string(first_row, col, header, header_fmt)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    printed = len(headers) if print_columns is None else print_columns
    fit_row(ws, first_row, zip(headers[:printed], widths, strict=False))
    rows = rows if isinstance(rows, list) else list(rows)
    heights = RowHeights(widths[:printed]).of_rows(rows)
    texts = [formats.get(col, text_fmt) for col in range(len(headers))]
    numbers = [formats.get(col, number_fmt) for col in range(len(headers))]
    overrides = None if row_formats is None else iter(row_formats)
    row = first_row
    for (row, values), height in zip(enumerate(rows, start=first_row + 1), heights, strict=True):
        while len(texts) < len(values):  # a row longer than the headers: defaults beyond
            texts.append(formats.get(len(texts), text_fmt))
            numbers.append(formats.get(len(numbers), number_fmt))
        if overrides is None:
            put_row(out, ws, row, values, texts, numbers)
        else:
            override = next(overrides)
            put_row(out, ws, row, values, _over(texts, override), _over(numbers, override))
        set_height(ws, row, height)
    count = row - first_row
    if autofilter and headers:
        ws.autofilter(first_row, 0, first_row + max(count, 1), len(headers) - 1)
    ws.freeze_panes(first_row + 1, 0)
    setup_page(ws, widths[:printed], header_rows=(first_row, first_row), landscape=landscape)
    if print_columns is not None:
        ws.print_area(0, 0, max(row, first_row), print_columns - 1)
    return count


def _over(formats: list[Format], override: dict[int, Format]) -> list[Format]:
    return [override.get(col, fmt) for col, fmt in enumerate(formats)] if override else formats
