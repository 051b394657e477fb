"""Appending new delegates to a check-in workbook staff already edit, never touching their marks."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import warnings
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoithao.checkin.vocab import (
    CHECKIN_BACKUP_DIR,
    CHECKIN_COLUMNS,
    CHECKIN_MAP_COLUMNS,
    CHECKIN_MAP_SHEET,
    CHECKIN_SHEET,
    CHECKIN_WITHDRAWN,
    CHECKIN_WITHDRAWN_PREFIX,
)
from hoithao.errors import HoithaoError, LockedOutputError
from hoithao.vn.text import header_key
from hoithao.xlsx.output import FONT, replace_atomically

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet as OpenpyxlSheet

    from hoithao.workspace import Workspace
from hoithao.checkin.rows import (
    HEADER_SCAN_ROWS,
    STAFF_FIELDS,
    STATUS_SEPARATOR,
    CheckinColumns,
    CheckinRow,
)


def find_checkin_columns(sheet: OpenpyxlSheet) -> CheckinColumns | None:
    """The header row is the first row (of the top few) that has `Mã ĐB` and `Họ và tên`."""
    wanted = {header_key(h): key for key, h in CHECKIN_COLUMNS.items()}
    for row in sheet.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS):
        found: dict[str, int] = {}
        for cell in row:
            if isinstance(cell.value, str):
                key = wanted.get(header_key(cell.value))
                if key and key not in found:
                    found[key] = cell.column
        if "id" in found and "full_name" in found:
            return CheckinColumns(row[0].row, found)
    return None


def last_used_row(sheet: OpenpyxlSheet) -> int:
    """max_row counts rows that only carry formatting; this is the last row with a value."""
    for row in range(sheet.max_row, 0, -1):
        if any(c.value not in (None, "") for c in sheet[row]):
            return row
    return 0


def _copy_style(source: Any, target: Any) -> None:
    if source.has_style:
        target._style = source._style.copy()  # openpyxl has no public API for a style copy


def _style_new_cell(cell: Any, key: str) -> None:
    """The look of a tool-made row, built afresh so that no staff fill is copied down."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    cell.font = Font(name=FONT, size=12)
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    cell.number_format = "@"
    if key in STAFF_FIELDS and key != "reason":
        cell.alignment = Alignment(horizontal="center", vertical="top")
        cell.fill = PatternFill("solid", fgColor="FFF2CC")
    else:
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def append_checkin(path: Path, rows: list[CheckinRow], ws: Workspace, *, withdrawn_on: str) -> bool:
    """Add new delegates, mark withdrawn ones; True when the file changed."""
    if _nothing_to_do(path, rows):
        return False
    import openpyxl

    display = ws.rel(path)
    try:
        with warnings.catch_warnings():
            # openpyxl warns (and drops) Excel extensions it cannot keep, e.g. some validations
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(path)
    except PermissionError as exc:
        raise LockedOutputError(f"Không mở được {display}: tệp đang mở hoặc bị khoá.") from exc
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise HoithaoError(
            f"Không đọc được {display} ({exc}). Nếu tệp đã hỏng, hãy lấy bản sao lưu trong "
            f"{CHECKIN_BACKUP_DIR}/ hoặc đổi tên tệp để công cụ tạo lại."
        ) from exc
    sheet, columns = _checkin_sheet(book, display)
    id_col = columns.columns["id"]
    changed = False
    if "status" not in columns.columns:
        col = sheet.max_column + 1
        header = sheet.cell(columns.header_row, col, CHECKIN_COLUMNS["status"])
        _copy_style(sheet.cell(columns.header_row, id_col), header)
        columns.columns["status"] = col
        changed = True
    status_col = columns.columns["status"]

    existing: dict[str, int] = {}
    for r in range(columns.header_row + 1, sheet.max_row + 1):
        value = sheet.cell(r, id_col).value
        if value not in (None, ""):
            existing.setdefault(str(value).strip().upper(), r)
    tool_codes = _tool_codes(book, existing)
    current = {row.id.upper(): row for row in rows}

    withdrawn_text = CHECKIN_WITHDRAWN.format(date=withdrawn_on)
    for code, r in existing.items():
        if code not in tool_codes:
            continue
        status = sheet.cell(r, status_col)
        text = str(status.value or "")
        is_withdrawn = text.startswith(CHECKIN_WITHDRAWN_PREFIX)
        if code not in current and not is_withdrawn:
            # anything staff wrote in the tool's status column is kept after the mark
            status.value = f"{withdrawn_text}{STATUS_SEPARATOR}{text}" if text else withdrawn_text
            status.data_type = "s"
            changed = True
        elif code in current and is_withdrawn:
            # registered again: the tool's own mark is lifted, staff text restored
            status.value = text.partition(STATUS_SEPARATOR)[2] or None
            changed = True

    new_rows = [row for row in rows if row.id.upper() not in existing]
    if new_rows:
        changed = True
        start = max(last_used_row(sheet), columns.header_row) + 1
        for offset, row in enumerate(new_rows):
            r = start + offset
            for key, col in columns.columns.items():
                cell = sheet.cell(r, col)
                _style_new_cell(cell, key)
                if key not in STAFF_FIELDS:
                    cell.value = row.value(key) or None
                    if cell.value is not None:
                        cell.data_type = "s"  # text, never a formula: names may start with "="
        _record_codes(book, new_rows)
    if not changed:
        return False
    _backup(path, ws)
    _save_atomically(book, path, display)
    return True


# --- re-runs: most find nothing to add or mark ----------------------------------------------------
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _nothing_to_do(path: Path, rows: list[CheckinRow]) -> bool:
    """True when append_checkin would change nothing, decided from the values alone with
    calamine (~20× cheaper than loading the workbook with openpyxl, which re-runs paid every
    time). Anything this cannot read exactly as openpyxl would (formulas, numbers or dates in
    the columns it compares, an unreadable file) answers False, and openpyxl decides."""
    try:
        values = _plain_values(path)
    except Exception:  # any doubt: the openpyxl path decides, and words any error
        return False
    if values is None:
        return False
    sheets, names = values
    named = [s for s in sheets if header_key(s[0]) == header_key(CHECKIN_SHEET)]
    for _title, grid in named + [s for s in sheets if s not in named]:
        columns = _columns_in(grid)
        if columns is not None:
            break
    else:
        return False
    if "status" not in columns.columns:
        return False
    id_col, status_col = columns.columns["id"] - 1, columns.columns["status"] - 1
    existing: dict[str, str] = {}  # code -> status text
    for row in grid[columns.header_row :]:
        value = row[id_col] if id_col < len(row) else ""
        if value in (None, ""):
            continue
        status = row[status_col] if status_col < len(row) else ""
        if not isinstance(value, str) or not isinstance(status, str):
            return False
        existing.setdefault(value.strip().upper(), status)
    if CHECKIN_MAP_SHEET in names:
        mapped = dict(sheets)[CHECKIN_MAP_SHEET] if CHECKIN_MAP_SHEET in dict(sheets) else None
        if mapped is None:
            return False
        tool_codes = set()
        for row in mapped[1:]:
            if row and row[0] not in (None, ""):
                if not isinstance(row[0], str):
                    return False
                tool_codes.add(row[0].strip().upper())
    else:
        tool_codes = set(existing)
    current = {row.id.upper() for row in rows}
    if any(code not in existing for code in current):
        return False  # new delegates to add
    for code, status in existing.items():
        withdrawn = status.startswith(CHECKIN_WITHDRAWN_PREFIX)
        if code in tool_codes and (code in current) == withdrawn:
            return False  # someone to mark withdrawn, or a mark to lift
    return True


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


def _checkin_sheet(book: Any, display: str) -> tuple[OpenpyxlSheet, CheckinColumns]:
    named = [s for s in book.worksheets if header_key(s.title) == header_key(CHECKIN_SHEET)]
    for sheet in named + [s for s in book.worksheets if s not in named]:
        columns = find_checkin_columns(sheet)
        if columns is not None:
            return sheet, columns
    raise HoithaoError(
        f"{display} không còn sheet “{CHECKIN_SHEET}” có cột “{CHECKIN_COLUMNS['id']}” "
        f"và “{CHECKIN_COLUMNS['full_name']}” ở các dòng đầu. Hãy khôi phục tiêu đề cột "
        "(hoặc đổi tên tệp để công cụ tạo tệp điểm danh mới)."
    )


def _tool_codes(book: Any, existing: dict[str, int]) -> set[str]:
    """Codes the tool wrote (hidden sheet); without it every code on the sheet counts as ours."""
    if CHECKIN_MAP_SHEET not in book.sheetnames:
        return set(existing)
    sheet = book[CHECKIN_MAP_SHEET]
    return {
        str(row[0]).strip().upper()
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row and row[0] not in (None, "")
    }


def _record_codes(book: Any, rows: list[CheckinRow]) -> None:
    if CHECKIN_MAP_SHEET in book.sheetnames:
        sheet = book[CHECKIN_MAP_SHEET]
    else:
        sheet = book.create_sheet(CHECKIN_MAP_SHEET)
        sheet.append(list(CHECKIN_MAP_COLUMNS.values()))
        sheet.sheet_state = "hidden"
    start = last_used_row(sheet) + 1
    for offset, row in enumerate(rows):
        for col, value in enumerate((row.id, row.unit_code, row.category_code), start=1):
            cell = sheet.cell(start + offset, col)
            cell.value = value or None
            if value:
                cell.data_type = "s"


def _backup(path: Path, ws: Workspace) -> Path:
    folder = ws.output(CHECKIN_BACKUP_DIR + "/x").parent
    stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
    target = folder / f"{path.stem}_{stamp}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}_{stamp}_{n}{path.suffix}"
    shutil.copy2(path, target)
    return target


def _save_atomically(book: Any, path: Path, display: str) -> None:
    fd, name = tempfile.mkstemp(prefix=".~tmp-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        book.save(tmp)
        replace_atomically(tmp, path, display)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
