"""workbooks/diem_danh.xlsx: the check-in workbook staff mark on the day.

The tool creates it once (xlsxwriter), then only appends to it (append.py): new delegates at
the bottom, "Đã rút…" in the status column of withdrawn ones. Staff cells are never written.
Scanning: the badge QR code holds the `Mã ĐB`; a USB scanner types it plus Enter, so staff put
the cursor in sheet `Quét mã` (column A, one code per row) and scan badge after badge; typing
or scanning the code in the row`s own `Quét mã` column of `Điểm danh` counts as well.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hoithao.checkin.vocab import (
    CHECKIN_COLUMNS,
    CHECKIN_DROPDOWN,
    CHECKIN_MAP_COLUMNS,
    CHECKIN_MAP_SHEET,
    CHECKIN_SCAN_COLUMNS,
    CHECKIN_SCAN_SHEET,
    CHECKIN_SHEET,
)
from hoithao.errors import LockedOutputError
from hoithao.xlsx.fastrows import put_row, set_height
from hoithao.xlsx.output import XlsxOutput, replace_atomically
from hoithao.xlsx.printing import PAGE_FOOTER, RowHeights, fit_row

if TYPE_CHECKING:
    from hoithao.models import Consolidation
    from hoithao.workspace import Workspace
from hoithao.checkin.append import AppendPrep, append_checkin, backup_checkin, prepare_append
from hoithao.checkin.rows import (
    MARK_ROWS,
    SCAN_GUIDE,
    STAFF_FIELDS,
    WIDTHS,
    CheckinRow,
    checkin_rows,
    xl_col,
)


def update_checkin(c: Consolidation, ws: Workspace) -> str:
    """Create the check-in workbook, or append new delegates and mark withdrawn ones."""
    path = ws.checkin
    rows = checkin_rows(c.delegates, c.master)
    if not path.exists():
        write_new_checkin(path, rows, display_path=ws.rel(path), title=c.master.event.title)
        return ws.rel(path)
    refuse_if_open(path, ws.rel(path))
    append_checkin(path, rows, ws, withdrawn_on=c.today.strftime("%d/%m/%Y"))
    return ws.rel(path)


@dataclass(frozen=True)
class AppendDraft:
    """The check-in workbook with this run's rows appended, saved beside it under a temporary
    name while the workers write the other outputs, and the size and time of the workbook it
    was made from."""

    path: Path
    made_from: tuple[int, int]


@dataclass(frozen=True)
class CheckinPlan:
    """What the check-in workbook gets from a run, as plain data: a worker can write it
    without the Consolidation."""

    rows: list[CheckinRow]
    title: str
    withdrawn_on: str
    prep: AppendPrep | None = None  # read ahead (`read_ahead`)


def checkin_plan(c: Consolidation, prep: AppendPrep | None = None) -> CheckinPlan:
    return CheckinPlan(
        checkin_rows(c.delegates, c.master),
        c.master.event.title,
        c.today.strftime("%d/%m/%Y"),
        prep,
    )


def read_ahead(ws: Workspace) -> Callable[[], AppendPrep | None] | None:
    """What a worker can read of the check-in workbook while the run is consolidated, if
    there is one to append to (`prepare_append`)."""
    return functools.partial(prepare_append, ws.checkin) if ws.checkin.exists() else None


def draft_checkin(plan: CheckinPlan, ws: Workspace) -> Path | AppendDraft | None:
    """The workbook this run leads to, written beside its place under a temporary name while
    the other outputs are written (in a worker): a new workbook, or the existing one with the
    run's rows appended (None: nothing to append). `run` places it last."""
    path = ws.checkin
    if not path.exists():
        draft = path.with_name(f".~tmp-new-{path.name}")
        write_new_checkin(draft, plan.rows, display_path=ws.rel(path), title=plan.title)
        return draft
    display = ws.rel(path)
    stat = path.stat()
    refuse_if_open(path, display)
    draft = path.with_name(f".~tmp-append-{path.name}")
    made_from = (stat.st_size, stat.st_mtime_ns)
    prep = plan.prep if plan.prep is not None and plan.prep.made_from == made_from else None
    if not append_checkin(
        path, plan.rows, ws, withdrawn_on=plan.withdrawn_on, draft=draft, prep=prep
    ):
        return None
    return AppendDraft(draft, made_from)


def place_checkin_draft(draft: Path, c: Consolidation, ws: Workspace) -> str:
    """The draft becomes the check-in workbook, unless one has appeared meanwhile: then the
    draft is dropped and that workbook is updated as usual."""
    path = ws.checkin
    if path.exists():
        draft.unlink(missing_ok=True)
        return update_checkin(c, ws)
    replace_atomically(draft, path, ws.rel(path))
    return ws.rel(path)


def place_append_draft(draft: AppendDraft, c: Consolidation, ws: Workspace) -> str:
    """Last, as update_checkin: the draft replaces the workbook (after its backup) unless staff
    saved the workbook meanwhile; then the draft is dropped and the append done again."""
    path = ws.checkin
    try:
        stat = path.stat()
        unchanged = (stat.st_size, stat.st_mtime_ns) == draft.made_from
    except OSError:
        unchanged = False
    try:
        if not unchanged:
            return update_checkin(c, ws)
        refuse_if_open(path, ws.rel(path))
        backup_checkin(path, ws)
        replace_atomically(draft.path, path, ws.rel(path))
    finally:
        draft.path.unlink(missing_ok=True)
    return ws.rel(path)


def drop_draft(draft: Path | AppendDraft | None) -> None:
    """A run that fails leaves no draft behind."""
    if draft is not None:
        (draft.path if isinstance(draft, AppendDraft) else draft).unlink(missing_ok=True)


# --- a new workbook -----------------------------------------------------------------------------
def write_new_checkin(path: Path, rows: list[CheckinRow], *, display_path: str, title: str) -> None:
    with XlsxOutput(path, display_path=display_path, title="Điểm danh đại biểu") as out:
        sheet = out.sheet(CHECKIN_SHEET)
        keys = list(CHECKIN_COLUMNS)
        headers = list(CHECKIN_COLUMNS.values())
        staff = out.fmt("cell_center", bg_color="#FFF2CC")
        cell = out.fmt("cell")
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, out.fmt("header"))
            sheet.set_column(col, col, WIDTHS[keys[col]], out.fmt("text"))
        fit_row(sheet, 0, [(h, WIDTHS[k]) for h, k in zip(headers, keys, strict=True)])
        formats = [staff if key in STAFF_FIELDS and key != "reason" else cell for key in keys]
        # xlsxwriter stores no row height; LibreOffice then overlaps wrapped lines
        table = [[row.value(key) for key in keys] for row in rows]
        heights = RowHeights([WIDTHS[key] for key in keys]).of_rows(table)
        for r, (values, height) in enumerate(zip(table, heights, strict=True), start=1):
            put_row(out, sheet, r, values, formats, formats)  # "" → a blank cell
            set_height(sheet, r, height)
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
                    "source": list(CHECKIN_DROPDOWN),
                    # a time or a scanned code is a valid mark too: warn, never block
                    "error_type": "information",
                    "show_error": False,
                    "input_title": CHECKIN_COLUMNS[key],
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
        sheet.set_footer(f'&C&"Times New Roman"&12{PAGE_FOOTER}')
        sheet.activate()

        scan = out.sheet(CHECKIN_SCAN_SHEET)
        for col, header in enumerate(CHECKIN_SCAN_COLUMNS.values()):
            scan.write_string(0, col, header, out.fmt("header"))
        scan.set_column(0, 0, 20, out.fmt("text"))
        scan.set_column(1, 1, 18, out.fmt("datetime"))
        scan.set_column(2, 2, 30, out.fmt("text"))
        scan.set_column(4, 4, 60, out.fmt("wrap"))
        out.write_text(scan, 0, 4, SCAN_GUIDE, out.fmt("wrap", italic=True))
        scan.set_row(0, 80)
        scan.freeze_panes(1, 0)

        hidden = out.sheet(CHECKIN_MAP_SHEET)
        out.write_row(hidden, 0, list(CHECKIN_MAP_COLUMNS.values()))
        for r, row in enumerate(rows, start=1):
            out.write_row(hidden, r, [row.id, row.unit_code, row.category_code])
        hidden.hide()


def _header_text(title: str) -> str:
    # "&" starts a header code in Excel; doubled it is a literal ampersand
    return title.replace("&", "&&")[:200]


# --- appending to a workbook staff have edited --------------------------------------------------
def refuse_if_open(path: Path, display: str) -> None:
    """Excel (~$name) and LibreOffice (.~lock.name#) leave a lock file beside an open workbook."""
    for lock in (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            raise LockedOutputError(
                f"{display} đang mở trong Excel (có tệp khoá {lock.name}). Hãy lưu, đóng tệp "
                "rồi chạy lại; danh sách điểm danh chưa được cập nhật và vẫn giữ nguyên. "
                f"Nếu Excel đã đóng mà vẫn báo, hãy xoá tệp {lock.name}."
            )
