"""Appending new delegates to a check-in workbook staff already edit, never touching their marks.

Only the cells the tool adds or marks change, and the ranges that grow with them
(hoithao.xlsx.edit): staff formulas keep their cached values, Excel's x14 validations,
comments and pictures stay byte for byte as they were.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hoithao.checkin.rows import (
    HEADER_SCAN_ROWS,
    STAFF_FIELDS,
    STATUS_SEPARATOR,
    WIDTHS,
    CheckinColumns,
    CheckinRow,
)
from hoithao.checkin.vocab import (
    CHECKIN_BACKUP_DIR,
    CHECKIN_COLUMNS,
    CHECKIN_MAP_SHEET,
    CHECKIN_SHEET,
    CHECKIN_WITHDRAWN,
    CHECKIN_WITHDRAWN_PREFIX,
)
from hoithao.errors import HoithaoError, LockedOutputError, write_error
from hoithao.vn.text import header_key
from hoithao.xlsx.printing import RowHeights

if TYPE_CHECKING:
    from hoithao.workspace import Workspace
    from hoithao.xlsx.edit import XlsxPackage


@dataclass
class _Listing:
    """What the check-in sheet holds that an append needs: where its columns are, the row of
    each code (its first), the status text on those rows, and the codes the tool wrote."""

    sheet: str
    columns: CheckinColumns
    existing: dict[str, int]
    statuses: dict[int, str]
    tool_codes: set[str]


@dataclass(frozen=True)
class AppendPrep:
    """What an append reads from the workbook before the run's rows are known, worked out in a
    worker while the run is consolidated (at 10,000 returns ~0.5 s of the ~1 s an append took,
    all in the write phase): the listing, and the column styles of the sheets rows go to. Only
    for the workbook of this size and time (`made_from`)."""

    made_from: tuple[int, int]
    listing: _Listing
    styles: dict[str, dict[int, int]]  # sheet → its column styles below the header


def prepare_append(path: Path) -> AppendPrep | None:
    """None for a workbook the plain listing does not read (the append then reads it all), or
    anything odd: the append words any error."""
    from hoithao.xlsx.edit import XlsxPackage  # lxml: in the worker, not the main process

    try:
        stat = path.stat()
        listing = _plain_listing(path)
        if listing is None:
            return None
        book = XlsxPackage.open(path)
        styles: dict[str, dict[int, int]] = {}
        for name, header in ((listing.sheet, listing.columns.header_row), (CHECKIN_MAP_SHEET, 1)):
            if any(s.name == name for s in book.sheets):
                found = book.column_styles(name, header)
                if found is not None:
                    styles[name] = found
        after = path.stat()
    except Exception:
        return None
    made_from = (stat.st_size, stat.st_mtime_ns)
    if (after.st_size, after.st_mtime_ns) != made_from:
        return None  # saved by staff while it was read
    return AppendPrep(made_from, listing, styles)


def append_checkin(
    path: Path,
    rows: list[CheckinRow],
    ws: Workspace,
    *,
    withdrawn_on: str,
    draft: Path | None = None,
    prep: AppendPrep | None = None,
) -> bool:
    """Add new delegates, mark withdrawn ones; True when the file changed. Only the cells the
    tool adds or marks (and the ranges that grow with them) change: xlsx_edit.py. With `draft`
    the result is saved there instead (no backup): `place_append_draft` puts it in place.
    `prep`: what was read ahead, for the workbook as it is now (the caller checks)."""
    styles = prep.styles if prep is not None else {}
    listing = prep.listing if prep is not None else _plain_listing(path)
    if listing is not None and nothing_to_change(listing, rows):
        return False  # most re-runs: decided from the values alone, the package never opened
    from hoithao.xlsx.edit import XlsxPackage, save_package  # (lxml: only to edit)

    display = ws.rel(path)
    try:
        book = XlsxPackage.open(path)
        if listing is None:
            listing = _package_listing(book, display)
    except HoithaoError:
        raise
    except PermissionError as exc:
        raise LockedOutputError(f"Không mở được {display}: tệp đang mở hoặc bị khoá.") from exc
    except Exception as exc:  # a damaged zip or XML raises many types
        raise HoithaoError(
            f"Không đọc được {display}: tệp bị hỏng hoặc không phải tệp Excel (.xlsx). Hãy lấy "
            f"bản sao lưu trong {CHECKIN_BACKUP_DIR}/ hoặc đổi tên tệp để công cụ tạo lại."
        ) from exc
    name, columns = listing.sheet, listing.columns
    header = columns.header_row
    cells: dict[tuple[int, int], str | None] = {}
    if "status" not in columns.columns:
        grid = book.values(name)
        col = max((c for row in grid.values() for c in row), default=0) + 1
        cells[(header, col)] = CHECKIN_COLUMNS["status"]
        columns.columns["status"] = col
    marks = _marks(listing, rows, withdrawn_on)
    cells.update(marks)
    new_rows = _new_rows(listing, rows)
    start = max(book.last_row(name), header) + 1
    for offset, row in enumerate(new_rows):
        for key, col in columns.columns.items():
            # staff columns: an empty cell in the column's style, nothing written
            text = None if key in STAFF_FIELDS else row.value(key)
            cells[(start + offset, col)] = text or None
    if not cells:
        return False
    book.set_cells(
        name,
        cells,
        header_row=header,
        styles=styles.get(name),
        heights=_marked_heights(marks) | _heights(new_rows, columns, start),
    )
    if new_rows and any(s.name == CHECKIN_MAP_SHEET for s in book.sheets):
        first = max(book.last_row(CHECKIN_MAP_SHEET), 1) + 1
        book.set_cells(
            CHECKIN_MAP_SHEET,
            {
                (first + offset, col): value or None
                for offset, row in enumerate(new_rows)
                for col, value in enumerate((row.id, row.unit_code, row.category_code), 1)
            },
            styles=styles.get(CHECKIN_MAP_SHEET),
        )
    if draft is not None:
        save_package(book, draft, display)
        return True
    backup_checkin(path, ws)
    save_package(book, path, display)
    return True


def _heights(rows: list[CheckinRow], columns: CheckinColumns, start: int) -> dict[int, float]:
    """The heights of the rows added, as a new workbook's rows get them: LibreOffice does not
    fit a row to its wrapped text, and printed lines would overlap."""
    keys = [key for key in columns.columns if key in WIDTHS]
    table = [[row.value(key) for key in keys] for row in rows]
    measured = RowHeights([WIDTHS[key] for key in keys]).of_rows(table)
    return {start + offset: height for offset, height in enumerate(measured)}


def _marked_heights(marks: dict[tuple[int, int], str]) -> dict[int, float]:
    """The least height of each row marked: "Đã rút khỏi danh sách ngày …" takes three lines
    of the status column, and a row of two printed it over the next one (a row is never
    lowered, nor given a height it does not have: xlsx/splice.py `_grown`)."""
    measure = RowHeights([WIDTHS["status"]])
    return {r: measure.of_rows([[text]])[0] for (r, _), text in marks.items()}


def nothing_to_change(listing: _Listing, rows: list[CheckinRow]) -> bool:
    """No delegate to add, no withdrawn mark to set or lift."""
    return not _new_rows(listing, rows) and not _marks(listing, rows, "")


def _new_rows(listing: _Listing, rows: list[CheckinRow]) -> list[CheckinRow]:
    return [row for row in rows if row.id.upper() not in listing.existing]


def _marks(
    listing: _Listing, rows: list[CheckinRow], withdrawn_on: str
) -> dict[tuple[int, int], str]:
    """The withdrawn marks to set (a code of the tool's no longer registered) or to lift
    (registered again), in the tool's status column."""
    status_col = listing.columns.columns["status"]
    current = {row.id.upper() for row in rows}
    withdrawn_text = CHECKIN_WITHDRAWN.format(date=withdrawn_on)
    cells: dict[tuple[int, int], str] = {}
    for code, r in listing.existing.items():
        if code not in listing.tool_codes:
            continue
        text = listing.statuses.get(r, "")
        is_withdrawn = text.startswith(CHECKIN_WITHDRAWN_PREFIX)
        if code not in current and not is_withdrawn:
            # anything staff wrote in the tool's status column is kept after the mark
            cells[(r, status_col)] = (
                f"{withdrawn_text}{STATUS_SEPARATOR}{text}" if text else withdrawn_text
            )
        elif code in current and is_withdrawn:
            # registered again: the tool's own mark is lifted, staff text restored
            cells[(r, status_col)] = text.partition(STATUS_SEPARATOR)[2]
    return cells


def _package_listing(book: XlsxPackage, display: str) -> _Listing:
    """The listing read from the package itself: any workbook (formulas, numbers, no status
    column yet)."""
    names = [s.name for s in book.sheets]
    named = [n for n in names if header_key(n) == header_key(CHECKIN_SHEET)]
    for name in named + [n for n in names if n not in named]:
        grid = book.values(name, up_to_row=HEADER_SCAN_ROWS)
        top = [
            [grid.get(r, {}).get(c) for c in range(1, max(grid.get(r, {0: 0})) + 1)]
            for r in range(1, HEADER_SCAN_ROWS + 1)
        ]
        columns = _columns_in(top)
        if columns is not None:
            break
    else:
        raise HoithaoError(
            f"{display} không còn sheet “{CHECKIN_SHEET}” có cột “{CHECKIN_COLUMNS['id']}” "
            f"và “{CHECKIN_COLUMNS['full_name']}” ở các dòng đầu. Hãy khôi phục tiêu đề cột "
            "(hoặc đổi tên tệp để công cụ tạo tệp điểm danh mới)."
        )
    id_col = columns.columns["id"]
    status_col = columns.columns.get("status", 0)
    grid = book.values(name, columns={id_col, status_col} - {0})
    existing: dict[str, int] = {}
    statuses: dict[int, str] = {}
    for r in sorted(grid):
        value = grid[r].get(id_col)
        if r > columns.header_row and value not in (None, ""):
            code = str(value).strip().upper()
            if code not in existing:
                existing[code] = r
                statuses[r] = str(grid[r].get(status_col) or "")
    tool_codes = set(existing)  # without the hidden sheet every code on the sheet counts
    if any(s.name == CHECKIN_MAP_SHEET for s in book.sheets):
        tool_codes = {
            str(row[1]).strip().upper()
            for r, row in book.values(CHECKIN_MAP_SHEET, columns={1}).items()
            if r > 1 and row.get(1) not in (None, "")
        }
    return _Listing(name, columns, existing, statuses, tool_codes)


# --- re-runs: most find nothing to add or mark ----------------------------------------------------
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _plain_listing(path: Path) -> _Listing | None:
    """The listing read with calamine (far cheaper than walking the package's XML), for a
    workbook whose values it reads exactly as the package does: no formula on any worksheet,
    text (or nothing) in the columns compared, the status column there. Anything else, or any
    doubt, answers None: the package decides (and words any error)."""
    try:
        values = _plain_values(path)
    except Exception:
        return None
    if values is None:
        return None
    sheets, names = values
    named = [s for s in sheets if header_key(s[0]) == header_key(CHECKIN_SHEET)]
    found = (
        (title, grid, columns)
        for title, grid in named + [s for s in sheets if s not in named]
        if (columns := _columns_in(grid)) is not None
    )
    title, grid, columns = next(found, ("", [], None))
    if columns is None or "status" not in columns.columns:
        return None
    id_col, status_col = columns.columns["id"] - 1, columns.columns["status"] - 1
    existing: dict[str, int] = {}
    statuses: dict[int, str] = {}
    for r, row in enumerate(grid[columns.header_row :], start=columns.header_row + 1):
        value = row[id_col] if id_col < len(row) else ""
        if value in (None, ""):
            continue
        status = row[status_col] if status_col < len(row) else ""
        if not isinstance(value, str) or not isinstance(status, str):
            return None
        code = value.strip().upper()
        if code not in existing:
            existing[code] = r
            statuses[r] = status
    tool_codes = set(existing)
    if CHECKIN_MAP_SHEET in names:
        mapped = dict(sheets).get(CHECKIN_MAP_SHEET)
        if mapped is None:
            return None
        tool_codes = set()
        for row in mapped[1:]:
            if row and row[0] not in (None, ""):
                if not isinstance(row[0], str):
                    return None
                tool_codes.add(row[0].strip().upper())
    return _Listing(title, columns, existing, statuses, tool_codes)


def _plain_values(path: Path) -> tuple[list[tuple[str, list[list[object]]]], list[str]] | None:
    """(title, rows from A1) of every worksheet, and every sheet name; None when a worksheet
    holds a formula (openpyxl would show its text, calamine its cached value)."""
    import zipfile

    from python_calamine import CalamineWorkbook, SheetTypeEnum

    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                if _FORMULA.search(archive.read(info)):
                    return None
    book = CalamineWorkbook.from_path(str(path))
    try:
        sheets = [
            (meta.name, book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False))
            for meta in book.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet
        ]
        return sheets, list(book.sheet_names)
    finally:
        book.close()


def _columns_in(grid: list[list[object]]) -> CheckinColumns | None:
    """find_checkin_columns on plain rows."""
    wanted = {header_key(h): key for key, h in CHECKIN_COLUMNS.items()}
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS], start=1):
        found: dict[str, int] = {}
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):
                key = wanted.get(header_key(value))
                if key and key not in found:
                    found[key] = c
        if "id" in found and "full_name" in found:
            return CheckinColumns(r, found)
    return None


def backup_checkin(path: Path, ws: Workspace) -> Path:
    folder = ws.output(CHECKIN_BACKUP_DIR + "/x").parent
    stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
    target = folder / f"{path.stem}_{stamp}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}_{stamp}_{n}{path.suffix}"
    try:
        shutil.copy2(path, target)
    except OSError as exc:
        raise write_error(exc, ws.rel(target), target) from exc
    return target
