"""workbooks/diem_danh.xlsx: the check-in workbook staff mark on the day.

The tool creates it once (xlsxwriter), then only appends to it with openpyxl: new delegates at
the bottom, "Đã rút…" in the status column of withdrawn ones. Staff cells are never written.
Scanning: the badge QR code holds the `Mã ĐB`; a USB scanner types it plus Enter, so staff put
the cursor in sheet `Quét mã` (column A, one code per row) and scan badge after badge; typing
or scanning the code in the row's own `Quét mã` column of `Điểm danh` counts as well.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import vocab
from .errors import HoithaoError, LockedOutputError
from .excel import FONT, XlsxOutput, replace_atomically
from .printing import fit_row
from .vntext import header_key

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet as OpenpyxlSheet

    from .consolidate import Consolidation
    from .models import Delegate, Master
    from .workspace import Workspace

# How far down the dropdowns and the "marked" highlight reach in a new workbook.
MARK_ROWS = 5000
HEADER_SCAN_ROWS = 10
# sized so that the printed list (landscape A4, fit to width) keeps its 12-pt text near 10 pt
WIDTHS = {
    "id": 11,
    "full_name": 22,
    "role": 20,
    "unit": 28,
    "category": 22,
    "present": 7,
    "excused": 8,
    "reason": 18,
    "scan": 12,
    "status": 16,
}
STAFF_FIELDS = ("present", "excused", "reason", "scan")
STATUS_SEPARATOR = "; "
SCAN_GUIDE = (
    "Cách quét: bấm vào ô A2 rồi quét mã QR trên thẻ đại biểu; máy quét gõ mã và Enter, "
    "con trỏ tự xuống dòng. Tắt bộ gõ tiếng Việt (Unikey, EVKey) khi quét. "
    "Cột Thời gian: có thể nhập giờ đến (Ctrl+Shift+;)."
)


@dataclass
class CheckinRow:
    """What the tool writes for one delegate (staff columns stay empty)."""

    id: str
    full_name: str
    role: str
    unit: str
    category: str
    unit_code: str
    category_code: str
    status: str = ""

    def value(self, key: str) -> str:
        return str(getattr(self, key, "") or "")


@dataclass
class CheckinColumns:
    """Where the headers of sheet Điểm danh are in a workbook staff may have edited."""

    header_row: int
    columns: dict[str, int] = field(default_factory=dict)  # field -> 1-based column


def role_text(delegate: Delegate) -> str:
    parts = [delegate.party_role, delegate.job_title]
    return ", ".join(p for p in parts if p)


def checkin_rows(delegates: list[Delegate], master: Master) -> list[CheckinRow]:
    names = {code: c.name for code, c in master.categories.items()}
    return [
        CheckinRow(
            id=d.id,
            full_name=d.full_name,
            role=role_text(d),
            unit=d.unit_name,
            category=names.get(d.category, d.category),
            unit_code=d.unit_code,
            category_code=d.category,
        )
        for d in delegates
    ]


def update_checkin(c: Consolidation, ws: Workspace) -> str:
    """Create the check-in workbook, or append new delegates and mark withdrawn ones."""
    path = ws.checkin
    rows = checkin_rows(c.delegates, c.master)
    if not path.exists():
        write_new_checkin(path, rows, display_path=ws.rel(path), title=c.master.event.title)
        return ws.rel(path)
    _refuse_if_open(path, ws.rel(path))
    append_checkin(path, rows, ws, withdrawn_on=c.today.strftime("%d/%m/%Y"))
    return ws.rel(path)


def new_checkin_draft(c: Consolidation, ws: Workspace) -> Path:
    """The workbook a first run creates, written beside its place under a temporary name, so
    that a large run can build it in a worker while the other outputs are written;
    `place_checkin_draft` then puts it in place, still last."""
    path = ws.checkin
    draft = path.with_name(f".~tmp-new-{path.name}")
    rows = checkin_rows(c.delegates, c.master)
    write_new_checkin(draft, rows, display_path=ws.rel(path), title=c.master.event.title)
    return draft


def place_checkin_draft(draft: Path, c: Consolidation, ws: Workspace) -> str:
    """The draft becomes the check-in workbook, unless one has appeared meanwhile: then the
    draft is dropped and that workbook is updated as usual."""
    path = ws.checkin
    if path.exists():
        draft.unlink(missing_ok=True)
        return update_checkin(c, ws)
    replace_atomically(draft, path, ws.rel(path))
    return ws.rel(path)


# --- a new workbook -----------------------------------------------------------------------------
def write_new_checkin(path: Path, rows: list[CheckinRow], *, display_path: str, title: str) -> None:
    with XlsxOutput(path, display_path=display_path, title="Điểm danh đại biểu") as out:
        sheet = out.sheet(vocab.CHECKIN_SHEET)
        keys = list(vocab.CHECKIN_COLUMNS)
        headers = list(vocab.CHECKIN_COLUMNS.values())
        staff = out.fmt("cell_center", bg_color="#FFF2CC")
        cell = out.fmt("cell")
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, out.fmt("header"))
            sheet.set_column(col, col, WIDTHS[keys[col]], out.fmt("text"))
        fit_row(sheet, 0, [(h, WIDTHS[k]) for h, k in zip(headers, keys, strict=True)])
        for r, row in enumerate(rows, start=1):
            for col, key in enumerate(keys):
                fmt = staff if key in STAFF_FIELDS and key != "reason" else cell
                out.write(sheet, r, col, row.value(key), fmt)  # "" → a blank cell
            # xlsxwriter stores no row height; LibreOffice then overlaps wrapped lines
            fit_row(sheet, r, [(row.value(k), WIDTHS[k]) for k in keys])
        last = max(MARK_ROWS, len(rows) + 200)
        for key in ("present", "excused"):
            col = keys.index(key)
            sheet.data_validation(
                1,
                col,
                last,
                col,
                {
                    "validate": "list",
                    "source": list(vocab.CHECKIN_DROPDOWN),
                    # a time or a scanned code is a valid mark too: warn, never block
                    "error_type": "information",
                    "show_error": False,
                    "input_title": vocab.CHECKIN_COLUMNS[key],
                    "input_message": "Đánh x (hoặc có, ✓, giờ đến).",
                },
            )
        present = xl_col(keys.index("present"))
        excused = xl_col(keys.index("excused"))
        status = xl_col(keys.index("status"))
        ranges = f"A2:{xl_col(len(keys) - 1)}{last + 1}"
        for formula, colour in (
            (f"=AND(LEN(${present}2)>0,LEN(${excused}2)>0)", "#F8CBAD"),
            (f"=LEN(${status}2)>0", "#D9D9D9"),
            (f"=LEN(${present}2)>0", "#C6EFCE"),
            (f"=LEN(${excused}2)>0", "#DDEBF7"),
        ):
            sheet.conditional_format(
                ranges, {"type": "formula", "criteria": formula, "format": out.fmt(bg_color=colour)}
            )
        sheet.freeze_panes(1, 2)
        sheet.autofilter(0, 0, max(len(rows), 1), len(keys) - 1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
        sheet.repeat_rows(0)
        sheet.fit_to_pages(1, 0)
        sheet.set_header(f'&C&"Times New Roman,Bold"&13ĐIỂM DANH ĐẠI BIỂU — {_header_text(title)}')
        sheet.set_footer(f'&C&"Times New Roman"&12{vocab.PAGE_FOOTER}')
        sheet.activate()

        scan = out.sheet(vocab.CHECKIN_SCAN_SHEET)
        for col, header in enumerate(vocab.CHECKIN_SCAN_COLUMNS.values()):
            scan.write_string(0, col, header, out.fmt("header"))
        scan.set_column(0, 0, 20, out.fmt("text"))
        scan.set_column(1, 1, 18, out.fmt("datetime"))
        scan.set_column(2, 2, 30, out.fmt("text"))
        scan.set_column(4, 4, 60, out.fmt("wrap"))
        out.write_text(scan, 0, 4, SCAN_GUIDE, out.fmt("wrap", italic=True))
        scan.set_row(0, 80)
        scan.freeze_panes(1, 0)

        hidden = out.sheet(vocab.CHECKIN_MAP_SHEET)
        out.write_row(hidden, 0, list(vocab.CHECKIN_MAP_COLUMNS.values()))
        for r, row in enumerate(rows, start=1):
            out.write_row(hidden, r, [row.id, row.unit_code, row.category_code])
        hidden.hide()


def xl_col(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(index)


def _header_text(title: str) -> str:
    # "&" starts a header code in Excel; doubled it is a literal ampersand
    return title.replace("&", "&&")[:200]


# --- appending to a workbook staff have edited --------------------------------------------------
def _refuse_if_open(path: Path, display: str) -> None:
    """Excel (~$name) and LibreOffice (.~lock.name#) leave a lock file beside an open workbook."""
    for lock in (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            raise LockedOutputError(
                f"{display} đang mở trong Excel (có tệp khoá {lock.name}). Hãy lưu, đóng tệp "
                "rồi chạy lại; danh sách điểm danh chưa được cập nhật và vẫn giữ nguyên. "
                f"Nếu Excel đã đóng mà vẫn báo, hãy xoá tệp {lock.name}."
            )


def find_checkin_columns(sheet: OpenpyxlSheet) -> CheckinColumns | None:
    """The header row is the first row (of the top few) that has `Mã ĐB` and `Họ và tên`."""
    wanted = {header_key(h): key for key, h in vocab.CHECKIN_COLUMNS.items()}
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
            f"{vocab.CHECKIN_BACKUP_DIR}/ hoặc đổi tên tệp để công cụ tạo lại."
        ) from exc
    sheet, columns = _checkin_sheet(book, display)
    id_col = columns.columns["id"]
    changed = False
    if "status" not in columns.columns:
        col = sheet.max_column + 1
        header = sheet.cell(columns.header_row, col, vocab.CHECKIN_COLUMNS["status"])
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

    withdrawn_text = vocab.CHECKIN_WITHDRAWN.format(date=withdrawn_on)
    for code, r in existing.items():
        if code not in tool_codes:
            continue
        status = sheet.cell(r, status_col)
        text = str(status.value or "")
        is_withdrawn = text.startswith(vocab.CHECKIN_WITHDRAWN_PREFIX)
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
    named = [s for s in sheets if header_key(s[0]) == header_key(vocab.CHECKIN_SHEET)]
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
    if vocab.CHECKIN_MAP_SHEET in names:
        mapped = (
            dict(sheets)[vocab.CHECKIN_MAP_SHEET]
            if vocab.CHECKIN_MAP_SHEET in dict(sheets)
            else None
        )
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
        withdrawn = status.startswith(vocab.CHECKIN_WITHDRAWN_PREFIX)
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
    wanted = {header_key(h): key for key, h in vocab.CHECKIN_COLUMNS.items()}
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
    named = [s for s in book.worksheets if header_key(s.title) == header_key(vocab.CHECKIN_SHEET)]
    for sheet in named + [s for s in book.worksheets if s not in named]:
        columns = find_checkin_columns(sheet)
        if columns is not None:
            return sheet, columns
    raise HoithaoError(
        f"{display} không còn sheet “{vocab.CHECKIN_SHEET}” có cột “{vocab.CHECKIN_COLUMNS['id']}” "
        f"và “{vocab.CHECKIN_COLUMNS['full_name']}” ở các dòng đầu. Hãy khôi phục tiêu đề cột "
        "(hoặc đổi tên tệp để công cụ tạo tệp điểm danh mới)."
    )


def _tool_codes(book: Any, existing: dict[str, int]) -> set[str]:
    """Codes the tool wrote (hidden sheet); without it every code on the sheet counts as ours."""
    if vocab.CHECKIN_MAP_SHEET not in book.sheetnames:
        return set(existing)
    sheet = book[vocab.CHECKIN_MAP_SHEET]
    return {
        str(row[0]).strip().upper()
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row and row[0] not in (None, "")
    }


def _record_codes(book: Any, rows: list[CheckinRow]) -> None:
    if vocab.CHECKIN_MAP_SHEET in book.sheetnames:
        sheet = book[vocab.CHECKIN_MAP_SHEET]
    else:
        sheet = book.create_sheet(vocab.CHECKIN_MAP_SHEET)
        sheet.append(list(vocab.CHECKIN_MAP_COLUMNS.values()))
        sheet.sheet_state = "hidden"
    start = last_used_row(sheet) + 1
    for offset, row in enumerate(rows):
        for col, value in enumerate((row.id, row.unit_code, row.category_code), start=1):
            cell = sheet.cell(start + offset, col)
            cell.value = value or None
            if value:
                cell.data_type = "s"


def _backup(path: Path, ws: Workspace) -> Path:
    folder = ws.output(vocab.CHECKIN_BACKUP_DIR + "/x").parent
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
