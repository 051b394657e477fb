"""Appending new delegates to a check-in workbook staff already edit, never touching their marks.

Only the cells the tool adds or marks change, and the ranges that grow with them
(hoithao.xlsx.edit): staff formulas keep their cached values, Excel's x14 validations,
comments and pictures stay byte for byte as they were.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hoithao.checkin.rows import (
    HEADER_SCAN_ROWS,
    STAFF_FIELDS,
    STATUS_SEPARATOR,
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
from hoithao.xlsx.edit import XlsxPackage, save_package

if TYPE_CHECKING:
    from hoithao.workspace import Workspace


def append_checkin(
    path: Path,
    rows: list[CheckinRow],
    ws: Workspace,
    *,
    withdrawn_on: str,
    draft: Path | None = None,
) -> bool:
    """Add new delegates, mark withdrawn ones; True when the file changed. Only the cells the
    tool adds or marks (and the ranges that grow with them) change: xlsx_edit.py. With `draft`
    the result is saved there instead (no backup): `place_append_draft` puts it in place."""
    if _nothing_to_do(path, rows):
        return False
    display = ws.rel(path)
    try:
        book = XlsxPackage.open(path)
        name, grid, columns = _checkin_grid(book, display)
    except HoithaoError:
        raise
    except PermissionError as exc:
        raise LockedOutputError(f"Không mở được {display}: tệp đang mở hoặc bị khoá.") from exc
    except Exception as exc:  # a damaged zip or XML raises many types
        raise HoithaoError(
            f"Không đọc được {display}: tệp bị hỏng hoặc không phải tệp Excel (.xlsx). Hãy lấy "
            f"bản sao lưu trong {CHECKIN_BACKUP_DIR}/ hoặc đổi tên tệp để công cụ tạo lại."
        ) from exc
    header = columns.header_row
    cells: dict[tuple[int, int], str | None] = {}
    if "status" not in columns.columns:
        col = max((c for row in grid.values() for c in row), default=0) + 1
        cells[(header, col)] = CHECKIN_COLUMNS["status"]
        columns.columns["status"] = col
    id_col, status_col = columns.columns["id"], columns.columns["status"]
    existing: dict[str, int] = {}
    for r in sorted(grid):
        value = grid[r].get(id_col)
        if r > header and value not in (None, ""):
            existing.setdefault(str(value).strip().upper(), r)
    tool_codes = _tool_codes(book, existing)
    current = {row.id.upper(): row for row in rows}

    withdrawn_text = CHECKIN_WITHDRAWN.format(date=withdrawn_on)
    for code, r in existing.items():
        if code not in tool_codes:
            continue
        text = str(grid[r].get(status_col) or "")
        is_withdrawn = text.startswith(CHECKIN_WITHDRAWN_PREFIX)
        if code not in current and not is_withdrawn:
            # anything staff wrote in the tool's status column is kept after the mark
            cells[(r, status_col)] = (
                f"{withdrawn_text}{STATUS_SEPARATOR}{text}" if text else withdrawn_text
            )
        elif code in current and is_withdrawn:
            # registered again: the tool's own mark is lifted, staff text restored
            cells[(r, status_col)] = text.partition(STATUS_SEPARATOR)[2]

    new_rows = [row for row in rows if row.id.upper() not in existing]
    start = max(max(grid, default=0), header) + 1
    for offset, row in enumerate(new_rows):
        for key, col in columns.columns.items():
            # staff columns: an empty cell in the column's style, nothing written
            text = None if key in STAFF_FIELDS else row.value(key)
            cells[(start + offset, col)] = text or None
    if not cells:
        return False
    book.set_cells(name, cells, header_row=header)
    if new_rows and any(s.name == CHECKIN_MAP_SHEET for s in book.sheets):
        mapped = book.values(CHECKIN_MAP_SHEET)
        first = max(max(mapped, default=0), 1) + 1
        book.set_cells(
            CHECKIN_MAP_SHEET,
            {
                (first + offset, col): value or None
                for offset, row in enumerate(new_rows)
                for col, value in enumerate((row.id, row.unit_code, row.category_code), 1)
            },
        )
    if draft is not None:
        save_package(book, draft, display)
        return True
    backup_checkin(path, ws)
    save_package(book, path, display)
    return True


def _checkin_grid(
    book: XlsxPackage, display: str
) -> tuple[str, dict[int, dict[int, object]], CheckinColumns]:
    names = [s.name for s in book.sheets]
    named = [n for n in names if header_key(n) == header_key(CHECKIN_SHEET)]
    for name in named + [n for n in names if n not in named]:
        grid = book.values(name)
        top = [
            [grid.get(r, {}).get(c) for c in range(1, max(grid.get(r, {0: 0})) + 1)]
            for r in range(1, HEADER_SCAN_ROWS + 1)
        ]
        columns = _columns_in(top)
        if columns is not None:
            return name, grid, columns
    raise HoithaoError(
        f"{display} không còn sheet “{CHECKIN_SHEET}” có cột “{CHECKIN_COLUMNS['id']}” "
        f"và “{CHECKIN_COLUMNS['full_name']}” ở các dòng đầu. Hãy khôi phục tiêu đề cột "
        "(hoặc đổi tên tệp để công cụ tạo tệp điểm danh mới)."
    )


def _tool_codes(book: XlsxPackage, existing: dict[str, int]) -> set[str]:
    """Codes the tool wrote (hidden sheet); without it every code on the sheet counts as ours."""
    if not any(s.name == CHECKIN_MAP_SHEET for s in book.sheets):
        return set(existing)
    return {
        str(row[1]).strip().upper()
        for r, row in book.values(CHECKIN_MAP_SHEET).items()
        if r > 1 and row.get(1) not in (None, "")
    }


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
