"""The default registration-form template: a styled workbook with `{placeholders}`.

Kept apart from forms.py, which fills it: staff may replace `templates/phieu_dang_ky.xlsx`
with their own restyled copy; `hoithao init` writes this default one.
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hoithao.errors import WorkspaceError, os_reason
from hoithao.forms.vocab import (
    FORM_COLUMNS,
    FORM_MORE_PLACEHOLDERS,
    FORM_PAPER_COLUMNS,
    FORM_PLACEHOLDERS,
    FORM_SHEET_GUIDE,
    FORM_SHEET_PAPER,
    FORM_SHEET_REGISTRATION,
    FORM_STAFF_SECTION,
    FORM_TITLE,
    UNIT_CODE_LABEL,
)
from hoithao.master.vocab import PAPER_COLUMNS
from hoithao.vn.party import PARTY_NAME
from hoithao.workspace import FORM_TEMPLATE
from hoithao.xlsx.output import FONT, replace_atomically
from hoithao.xlsx.printing import PAGE_FOOTER

FORM_ROWS = 10  # prepared rows in the default template (a unit with more people gets more)
ROW_HEIGHT = 20  # points: room for handwriting on a printed form
PLACEHOLDERS = {**FORM_PLACEHOLDERS, **FORM_MORE_PLACEHOLDERS}


# --- the default template ---------------------------------------------------------------------
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
# sized so that landscape A4 prints the 12-pt table at about 10 pt (fit to width)
_COLUMN_WIDTHS = {
    "seq": 5,
    "full_name": 24,
    "gender": 7,
    "party_role": 14,
    "job_title": 18,
    "unit": 26,
    "category": 22,
    "phone": 13,
    "email": 22,
    "note": 12,
}


def _put(
    sheet: Worksheet,
    ref: str,
    value: str | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 13,
    align: str = "left",
    wrap: bool = False,
    merge_to: str | None = None,
    locked: bool = True,
) -> None:
    cell = sheet[ref]
    if value:
        set_text(cell, value)
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if not locked:
        cell.protection = Protection(locked=False)
    if merge_to:
        sheet.merge_cells(f"{ref}:{merge_to}")


def set_text(cell: object, text: str) -> None:
    """Text stays text: openpyxl turns any string starting with "=" into a formula."""
    cell.value = text  # type: ignore[attr-defined]
    if text.startswith("="):
        cell.data_type = "s"  # type: ignore[attr-defined]


def fit_row_heights(sheet: Worksheet) -> None:
    """Grow rows holding wrapped text: openpyxl writes no height, and Excel does not re-measure."""
    widths = {}
    for merged in sheet.merged_cells.ranges:
        widths[(merged.min_row, merged.min_col)] = sum(
            sheet.column_dimensions[get_column_letter(c)].width or 9
            for c in range(merged.min_col, merged.max_col + 1)
        )
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if not (isinstance(cell.value, str) and cell.alignment.wrap_text):
                continue
            width = widths.get((cell.row, cell.column)) or (
                sheet.column_dimensions[cell.column_letter].width or 9
            )
            size = (cell.font.sz or 11) if cell.font else 11
            per_line = max(1, int(width * 1.2 * 11 / size))  # Times is narrower than Calibri
            lines = max(
                lines, sum(-(-max(1, len(part)) // per_line) for part in cell.value.split("\n"))
            )
        if lines > 1:
            dimension = sheet.row_dimensions[row[0].row]
            dimension.height = max(dimension.height or 0, lines * 18)


def _print_setup(sheet: Worksheet, *, landscape: bool) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = PAGE_FOOTER
    sheet.oddFooter.center.font = "Times New Roman,Regular"
    sheet.oddFooter.center.size = 11


def _protect(sheet: Worksheet) -> None:
    """Heading locked, no password; staff may still resize and insert rows into the table."""
    sheet.protection.sheet = True
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.insertRows = False


_GUIDE_LINES = (
    "1. Điền danh sách đại biểu vào bảng ở sheet “Đăng ký”, mỗi dòng một đồng chí. "
    "Không đổi tên, không xoá các sheet và không thêm, bớt, đổi tên cột của bảng.",
    "2. Thành phần được triệu tập: {thanh_phan}.",
    "3. Các cột “Giới tính”, “Chức vụ Đảng”, “Đơn vị”, “Thành phần”: bấm vào ô rồi chọn trong "
    "danh sách thả xuống.",
    "4. Cột “Đơn vị”: để trống nếu đại biểu thuộc {ten_don_vi}; chọn tên đảng bộ bộ phận hoặc "
    "chi bộ trực thuộc nếu đại biểu là bí thư, phó bí thư của đơn vị đó.",
    "5. Cột “Thành phần”: để trống thì Ban Tổ chức tính theo loại hình đơn vị.",
    "6. Cột “Điện thoại”: ghi số di động 10 chữ số, ví dụ 0912345678 (ô đã định dạng kiểu chữ "
    "nên giữ được số 0 ở đầu). Mỗi ô một số.",
    "7. Cần thêm dòng: bấm chuột phải vào số dòng trong bảng → Chèn (Insert). Phần tiêu đề của "
    "phiếu được khoá, không có mật khẩu.",
    "8. Nếu phiếu có sheet “Tham luận”, đơn vị được phân công viết tham luận: điền tên bài, người "
    "trình bày và gửi bài trước ngày {han_gui_tham_luan}.",
    "9. Gửi lại chính tệp này (dạng Excel, có thể đổi tên tệp) cho Ban Tổ chức trước ngày "
    "{han_dang_ky}.",
)
_STAFF_LINES = (
    "Phần này chỉ có trong mẫu và tự động bị xoá khỏi phiếu gửi đơn vị.",
    "Có thể đổi phông chữ, màu, độ rộng cột, nội dung các dòng tiêu đề và hướng dẫn; "
    "giữ nguyên tên các sheet và tên các cột của bảng đại biểu.",
    "Các chỗ ghi {khoá} được thay bằng dữ liệu của từng đơn vị; viết hoa khoá (ví dụ "
    "{TEN_DON_VI}) để được chữ in hoa:",
)


def new_form_template() -> Workbook:
    """The default registration-form template, as a workbook in memory."""
    book = openpyxl.Workbook()
    book.properties.title = "Phiếu đăng ký đại biểu dự hội thảo"
    book.properties.creator = "hoithao"
    _template_guide(book.active)
    _template_registration(book.create_sheet(FORM_SHEET_REGISTRATION))
    _template_paper(book.create_sheet(FORM_SHEET_PAPER))
    for sheet in book.worksheets:
        fit_row_heights(sheet)
    return book


def _template_guide(sheet: Worksheet) -> None:
    sheet.title = FORM_SHEET_GUIDE
    sheet.column_dimensions["A"].width = 80  # fits A4 portrait without scaling
    _put(sheet, "A1", "HƯỚNG DẪN ĐIỀN PHIẾU ĐĂNG KÝ ĐẠI BIỂU", bold=True, size=14, align="center")
    _put(sheet, "A2", "{ten_hoi_thao}", italic=True, align="center", wrap=True)
    _put(sheet, "A3", "Đơn vị: {ten_don_vi} — Mã đơn vị: {ma_don_vi}", bold=True, align="center")
    row = 5
    for line in _GUIDE_LINES:
        _put(sheet, f"A{row}", line, wrap=True)
        row += 1
    row += 2
    _put(sheet, f"A{row}", FORM_STAFF_SECTION, bold=True)
    for line in _STAFF_LINES:
        row += 1
        _put(sheet, f"A{row}", line, italic=True, wrap=True)
    for key, meaning in PLACEHOLDERS.items():
        row += 1
        _put(sheet, f"A{row}", f"{{{key}}}: {meaning}", size=12)
    _print_setup(sheet, landscape=False)


def _template_registration(sheet: Worksheet) -> None:
    columns = list(FORM_COLUMNS)
    last = get_column_letter(len(columns))
    for index, key in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _COLUMN_WIDTHS.get(key, 14)
    # HD 36-HD/VPTW: the Party organisation above, then the unit's committee in bold, then "*";
    # ĐẢNG CỘNG SẢN VIỆT NAM underlined, top right
    _put(sheet, "A1", "{CAP_TREN}", size=12, align="center", merge_to="D1")
    _put(sheet, "A2", "{CAP_UY}", bold=True, size=12, align="center", merge_to="D2")
    _put(sheet, "A3", "*", align="center", merge_to="D3")
    _put(sheet, "F1", PARTY_NAME, bold=True, align="center", merge_to=f"{last}1")
    sheet["F1"].font = Font(name=FONT, size=13, bold=True, underline="single")
    _put(sheet, "A5", FORM_TITLE, bold=True, size=15, align="center", merge_to=f"{last}5")
    _put(sheet, "A6", "{ten_hoi_thao}", bold=True, align="center", wrap=True, merge_to=f"{last}6")
    _put(
        sheet,
        "A7",
        "Thời gian: {thoi_gian}. Địa điểm: {dia_diem}.",
        italic=True,
        align="center",
        wrap=True,
        merge_to=f"{last}7",
    )
    _put(sheet, "A8", "Đơn vị: {ten_don_vi}", bold=True, merge_to="F8")
    _put(sheet, "G8", f"{UNIT_CODE_LABEL}: {{ma_don_vi}}", bold=True, merge_to=f"{last}8")
    _put(
        sheet,
        "A9",
        "Thành phần được triệu tập: {thanh_phan}.",
        wrap=True,
        merge_to=f"{last}9",
    )
    _put(
        sheet,
        "A10",
        "Hạn gửi phiếu: {han_dang_ky}. Xem cách điền ở sheet “Hướng dẫn”.",
        italic=True,
        merge_to=f"{last}10",
    )
    for row, height in ((6, 36), (7, 34), (9, 34)):
        sheet.row_dimensions[row].height = height

    header_row = 12
    for index, label in enumerate(FORM_COLUMNS.values(), start=1):
        cell = sheet.cell(header_row, index, label)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        cell.fill = _HEADER_FILL
    sheet.row_dimensions[header_row].height = 32
    for offset in range(1, FORM_ROWS + 1):
        for index, key in enumerate(columns, start=1):
            cell = sheet.cell(header_row + offset, index)
            table_cell_style(cell, key)
        sheet.cell(header_row + offset, 1, offset)
        sheet.row_dimensions[header_row + offset].height = ROW_HEIGHT
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = f"A{header_row + 1}"

    below = header_row + FORM_ROWS + 2
    sign_cols = (columns.index("category") + 1, len(columns))
    for offset, (text, bold, italic) in enumerate(
        (
            ("…, ngày … tháng … năm {nam}", False, True),
            ("{thay_mat}", True, False),
            ("BÍ THƯ", True, False),
            ("(Ký, ghi rõ họ tên)", False, True),
            (None, False, False),
            (None, False, False),
            (None, True, False),  # the secretary's name
        )
    ):
        row = below + offset
        first = True
        for col in range(sign_cols[0], sign_cols[1] + 1):
            cell = sheet.cell(row, col)
            if first and text:
                set_text(cell, text)
            first = False
            cell.font = Font(name=FONT, size=13, bold=bold, italic=italic)
            # centred across the block without merging, so rows can be inserted above it
            cell.alignment = Alignment(horizontal="centerContinuous", vertical="center")
            if text is None or text.startswith("…"):
                cell.protection = Protection(locked=False)
    _print_setup(sheet, landscape=True)
    _protect(sheet)


def table_cell_style(cell: object, key: str) -> None:
    cell.font = Font(name=FONT, size=12)  # type: ignore[attr-defined]
    cell.border = _BOX  # type: ignore[attr-defined]
    horizontal = "center" if key in ("seq", "gender") else "left"
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)  # type: ignore[attr-defined]
    cell.protection = Protection(locked=False)  # type: ignore[attr-defined]
    if key in ("phone", "email"):
        cell.number_format = "@"  # type: ignore[attr-defined]


def _template_paper(sheet: Worksheet) -> None:
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 80
    _put(sheet, "A1", "ĐĂNG KÝ THAM LUẬN", bold=True, size=15, align="center", merge_to="B1")
    _put(sheet, "A2", "{ten_hoi_thao}", italic=True, align="center", wrap=True, merge_to="B2")
    _put(
        sheet,
        "A3",
        f"Đơn vị: {{ten_don_vi}} — {UNIT_CODE_LABEL}: {{ma_don_vi}}",
        bold=True,
        align="center",
        merge_to="B3",
    )
    sheet.row_dimensions[2].height = 36
    rows = [
        (FORM_PAPER_COLUMNS["orientation"], "{dinh_huong_tham_luan}", True),
        (PAPER_COLUMNS["form"], "{hinh_thuc_tham_luan}", True),
        (PAPER_COLUMNS["deadline"], "{han_gui_tham_luan}", True),
        (FORM_PAPER_COLUMNS["title"], "", False),
        (FORM_PAPER_COLUMNS["presenter"], "", False),
        (FORM_PAPER_COLUMNS["presenter_title"], "", False),
        (FORM_PAPER_COLUMNS["phone"], "", False),
    ]
    for row, (label, value, prefilled) in enumerate(rows, start=5):
        _put(sheet, f"A{row}", label, bold=True, size=12, wrap=True)
        _put(sheet, f"B{row}", value, size=12, wrap=True, locked=prefilled)
        for ref in (f"A{row}", f"B{row}"):
            sheet[ref].border = _BOX
            sheet[ref].alignment = Alignment(vertical="top", wrap_text=True)
        if not prefilled:
            sheet[f"B{row}"].number_format = "@"
        sheet.row_dimensions[row].height = 60 if row == 5 else 24
    _put(
        sheet,
        f"A{5 + len(rows) + 1}",
        "Bài tham luận (Word hoặc PDF) gửi Ban Tổ chức trước ngày {han_gui_tham_luan}; tên tệp "
        "nên bắt đầu bằng mã đơn vị, ví dụ {ma_don_vi}_tham_luan.docx.",
        italic=True,
        size=12,
        wrap=True,
        merge_to=f"B{5 + len(rows) + 1}",
    )
    sheet.row_dimensions[5 + len(rows) + 1].height = 34
    _print_setup(sheet, landscape=False)
    _protect(sheet)


def save_book(book: Workbook, target: Path, display: str) -> None:
    """Save to a temp file beside the target, then rename: never a half-written file."""
    # a fresh name rather than mkstemp, whose 0600 mode would hide the form from other users
    tmp = target.parent / f".~tmp-{uuid.uuid4().hex}.xlsx"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        book.save(tmp)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise WorkspaceError(
            f"Không ghi được {display}: {os_reason(exc)}. Kiểm tra quyền ghi và dung lượng ổ đĩa."
        ) from exc
    try:
        replace_atomically(tmp, target, display)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def build_form_template(path: Path, *, display_path: str = FORM_TEMPLATE) -> Path:
    """Write the default template to `path` (used by `hoithao init` and to restore a lost one)."""
    path = Path(path)
    save_book(new_form_template(), path, display_path)
    return path
