"""`hoithao forms`: one prefilled registration form per summoned unit, from a restylable template.

The template (`templates/phieu_dang_ky.xlsx`) carries the layout and `{placeholders}`; this module
fills it with openpyxl (xlsxwriter cannot edit a workbook), adds the dropdown lists and the hidden
identity sheet that later lets consolidation recognise a renamed return, and saves each form
atomically under `output/`. The template itself is never written by `forms`.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from hoithao.errors import HoithaoError, os_reason
from hoithao.forms.notice import add_privacy_notice
from hoithao.forms.template import (
    FORM_ROWS,
    ROW_HEIGHT,
    build_form_template,
    fit_row_heights,
    new_form_template,
    save_book,
    set_text,
    table_cell_style,
)
from hoithao.forms.vocab import (
    FORM_COLUMNS,
    FORM_SHEET_GUIDE,
    FORM_SHEET_IDENTITY,
    FORM_SHEET_LISTS,
    FORM_SHEET_PAPER,
    FORM_SHEET_REGISTRATION,
    FORM_STAFF_SECTION,
    FORM_VERSION,
    FORMS_MAILING_COLUMNS,
    FORMS_MAILING_FILE,
    FORMS_MAILING_SHEET,
    IDENTITY_KEYS,
)
from hoithao.master.check import master_notes
from hoithao.master.read import read_master
from hoithao.master.vocab import PAPER_FORM_PRESENT, SHEET_UNITS, UNIT_COLUMNS
from hoithao.models import Category, Master, PaperAssignment, Unit
from hoithao.rules.vocab import GENDER_FEMALE, GENDER_MALE, PARTY_ROLES
from hoithao.vn.dates import vn_datetime
from hoithao.vn.party import unit_heading
from hoithao.vn.text import header_key
from hoithao.workspace import FORM_TEMPLATE, FORMS_OUT_DIR, Workspace, safe_filename
from hoithao.xlsx.output import XlsxOutput
from hoithao.xlsx.printing import write_print_table

__all__ = ["FORM_ROWS", "FormsResult", "build_form_template", "write_forms"]

SPARE_ROWS = 5  # rows beyond the expected head-count when a unit needs more than FORM_ROWS
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")
_HEADER_SEARCH_ROWS = 60


@dataclass
class FormsResult:
    forms: list[str]  # workspace-relative paths, in the master's unit order
    folder: str
    mailing: str
    notes: list[str] = field(default_factory=list)  # things staff should know (printed by the CLI)


# --- what goes into one unit's form -------------------------------------------------------
def _dmy(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _quota_text(category: Category) -> str:
    return f"{category.quota} đồng chí" if category.quota else "theo kế hoạch"


def expected_delegates(unit: Unit, master: Master) -> int:
    """How many people the unit is asked to send: its own quota plus one quota per sub-unit."""
    total = 0
    for member in [unit, *master.summoned_sub_units(unit.code)]:
        category = master.category_for_kind(member.kind)
        total += category.quota if category and category.quota else 1
    return total


def _composition(unit: Unit, master: Master) -> str:
    parts: list[str] = []
    own = master.category_for_kind(unit.kind)
    if own is not None:
        parts.append(f"{own.name}: {_quota_text(own)}")
    groups: dict[str, list[Unit]] = {}
    for sub in master.summoned_sub_units(unit.code):
        category = master.category_for_kind(sub.kind)
        groups.setdefault(category.code if category else "", []).append(sub)
    for code, subs in groups.items():
        names = ", ".join(s.name for s in subs)
        category = master.categories.get(code)
        if category is None:
            parts.append(f"đại diện các đơn vị trực thuộc ({names})")
        else:
            parts.append(f"{category.name}: {_quota_text(category)} mỗi đơn vị ({names})")
    return "; ".join(parts)


def _assignments(unit: Unit, master: Master) -> list[PaperAssignment]:
    return [p for p in master.papers if p.unit_code == unit.code]


def form_values(unit: Unit, master: Master) -> dict[str, str]:
    """Placeholder key → text for one unit's form."""
    event = master.event
    papers = _assignments(unit, master)
    forms: list[str] = []
    for paper in papers:
        text = paper.form or ""
        if paper.form == PAPER_FORM_PRESENT and paper.order:
            text += f" (thứ tự {paper.order})"
        if text and text not in forms:
            forms.append(text)
    deadlines = sorted({p.deadline or event.paper_deadline for p in papers} - {None})
    year = next(
        (d.year for d in (event.starts_at, event.registration_deadline) if d is not None),
        date.today().year,
    )
    parent = master.units.get(unit.parent) if unit.parent else None
    heading = unit_heading(
        unit.name,
        unit.kind,
        organiser=event.organiser,
        parent=(parent.name, parent.kind) if parent else None,
    )
    return {
        "cap_tren": heading.upper,
        "cap_uy": heading.issuer,
        "thay_mat": heading.on_behalf,
        "ten_don_vi": unit.name,
        "ma_don_vi": unit.code,
        "loai_hinh": unit.kind,
        "thanh_phan": _composition(unit, master),
        "ten_hoi_thao": event.title,
        "so_ke_hoach": event.plan_number,
        "co_quan_to_chuc": event.organiser,
        "thoi_gian": vn_datetime(event.starts_at),
        "dia_diem": event.venue,
        "han_dang_ky": _dmy(event.registration_deadline) or "…",
        "hinh_thuc_tham_luan": "; ".join(forms),
        "han_gui_tham_luan": ", ".join(_dmy(d) for d in deadlines) or "…",
        "nam": str(year),
        "ma_hoi_thao": event.event_code,
        "dinh_huong_tham_luan": "\n".join(p.orientation for p in papers if p.orientation),
        "thu_tu_trinh_bay": ", ".join(str(p.order) for p in papers if p.order),
    }


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace {key} (or {KEY} for capitals); unknown keys are left as typed."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        value = values.get(key.lower())
        if value is None:
            return match.group(0)
        return value.upper() if key.isupper() else value

    return _PLACEHOLDER.sub(replace, text)


def form_filename(unit: Unit) -> str:
    return f"{safe_filename(unit.code, max_length=20)}_{safe_filename(unit.name)}.xlsx"


# --- filling a loaded template ------------------------------------------------------------
def _sheet(book: Workbook, name: str) -> Worksheet | None:
    wanted = header_key(name)
    for sheet in book.worksheets:
        if header_key(sheet.title) == wanted:
            return sheet
    return None


def find_header(sheet: Worksheet) -> tuple[int, dict[str, int]] | None:
    """The template's table header row and field → column, found by the header texts."""
    labels = {header_key(label): key for key, label in FORM_COLUMNS.items()}
    for row in sheet.iter_rows(min_row=1, max_row=_HEADER_SEARCH_ROWS):
        found = {}
        for cell in row:
            if isinstance(cell.value, str) and header_key(cell.value) in labels:
                found.setdefault(labels[header_key(cell.value)], cell.column)
        if "full_name" in found and len(found) >= len(labels) // 2:
            return row[0].row, found
    return None


def _prepared_rows(sheet: Worksheet, header: int, columns: dict[str, int]) -> int:
    """Rows below the header that the template numbers in STT (the empty table)."""
    seq_col = columns.get("seq")
    if seq_col is None:
        return 0
    count = 0
    while isinstance(sheet.cell(header + count + 1, seq_col).value, (int, float)):
        count += 1
    return count


def _insert_rows(sheet: Worksheet, at: int, count: int) -> None:
    """openpyxl moves cells but not merges: unmerge what lies below, insert, merge again."""
    below = [r for r in sheet.merged_cells.ranges if r.min_row >= at]
    for merged in below:
        sheet.unmerge_cells(str(merged))
    sheet.insert_rows(at, count)
    for merged in below:
        merged.shift(0, count)
        sheet.merge_cells(merged.coord)


def _remove_staff_section(sheet: Worksheet) -> None:
    mark = header_key(FORM_STAFF_SECTION)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and header_key(cell.value).startswith(mark):
                start = cell.row
                for merged in [r for r in sheet.merged_cells.ranges if r.max_row >= start]:
                    sheet.unmerge_cells(str(merged))
                sheet.delete_rows(start, sheet.max_row - start + 1)
                return


def _fill_placeholders(book: Workbook, values: dict[str, str]) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "{" in cell.value:
                    set_text(cell, substitute(cell.value, values))


def _write_list_sheet(book: Workbook, lists: dict[str, list[str]]) -> dict[str, str]:
    """The dropdown lists in a hidden sheet; inline lists are capped at 255 characters."""
    sheet = book.create_sheet(FORM_SHEET_LISTS)
    refs: dict[str, str] = {}
    for col, (key, items) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        set_text(sheet.cell(1, col), FORM_COLUMNS[key])
        for row, item in enumerate(items, start=2):
            set_text(sheet.cell(row, col), item)
        if items:
            refs[key] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(items) + 1}"
    sheet.sheet_state = "hidden"
    return refs


def _unique(items: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def dropdown_lists(unit: Unit, master: Master) -> dict[str, list[str]]:
    members = [unit, *master.summoned_sub_units(unit.code)]
    kinds = {m.kind for m in members}
    return {
        "gender": [GENDER_MALE, GENDER_FEMALE],
        "party_role": list(PARTY_ROLES),
        "unit": _unique(m.name for m in members),
        "category": _unique(
            c.name for c in master.categories.values() if kinds & set(c.unit_kinds)
        ),
    }


_STRICT = {"gender", "unit", "category"}


def _add_dropdowns(
    sheet: Worksheet, refs: dict[str, str], columns: dict[str, int], first: int, last: int
) -> None:
    sheet.data_validations.dataValidation = []
    for key, ref in refs.items():
        col = columns.get(key)
        if col is None:
            continue
        strict = key in _STRICT
        validation = DataValidation(
            type="list",
            formula1=ref,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "warning",
            errorTitle="Giá trị không có trong danh sách",
            error=(
                "Hãy chọn một giá trị trong danh sách thả xuống."
                if strict
                else "Giá trị này không có trong danh sách. Vẫn giữ?"
            ),
        )
        letter = get_column_letter(col)
        validation.add(f"{letter}{first}:{letter}{last}")
        sheet.add_data_validation(validation)


def _write_identity(book: Workbook, master: Master, unit: Unit) -> None:
    sheet = book.create_sheet(FORM_SHEET_IDENTITY)
    rows = (
        ("event_code", master.event.event_code),
        ("unit_code", unit.code),
        ("version", FORM_VERSION),
    )
    for row, (key, value) in enumerate(rows, start=1):
        set_text(sheet.cell(row, 1), IDENTITY_KEYS[key])
        set_text(sheet.cell(row, 2), value)
    sheet.sheet_state = "hidden"


def fill_form(book: Workbook, unit: Unit, master: Master, *, template: str) -> None:
    """Turn a loaded template into the unit's form, in place."""
    for name in (FORM_SHEET_LISTS, FORM_SHEET_IDENTITY):
        old = _sheet(book, name)
        if old is not None:
            book.remove(old)
    registration = _sheet(book, FORM_SHEET_REGISTRATION)
    if registration is None:
        raise HoithaoError(
            f'Mẫu phiếu {template} thiếu sheet "{FORM_SHEET_REGISTRATION}". '
            "Khôi phục mẫu từ bản sao lưu, hoặc xoá tệp mẫu để dùng mẫu mặc định."
        )
    found = find_header(registration)
    if found is None:
        labels = " | ".join(FORM_COLUMNS.values())
        raise HoithaoError(
            f'Mẫu phiếu {template}: sheet "{FORM_SHEET_REGISTRATION}" không có dòng tiêu đề '
            f"bảng đại biểu ({labels}). Khôi phục các tiêu đề cột rồi chạy lại."
        )
    header, columns = found
    guide = _sheet(book, FORM_SHEET_GUIDE)
    if guide is not None:
        _remove_staff_section(guide)
        add_privacy_notice(guide)
    paper = _sheet(book, FORM_SHEET_PAPER)
    if paper is not None and not _assignments(unit, master):
        book.remove(paper)

    prepared = _prepared_rows(registration, header, columns)
    wanted = max(prepared or FORM_ROWS, expected_delegates(unit, master) + SPARE_ROWS)
    if wanted > prepared:
        _insert_rows(registration, header + prepared + 1, wanted - prepared)
    first, last = header + 1, header + wanted
    model_height = registration.row_dimensions[header + prepared].height if prepared else None
    for row in range(first, last + 1):
        if row > header + prepared:
            registration.row_dimensions[row].height = model_height or ROW_HEIGHT
        if "seq" in columns:
            registration.cell(row, columns["seq"]).value = row - header
        for key, col in columns.items():
            cell = registration.cell(row, col)
            if row > header + prepared:
                model = registration.cell(header + prepared, col) if prepared else None
                if model is not None and model.has_style:
                    cell._style = copy(model._style)
                else:
                    table_cell_style(cell, key)
            cell.protection = Protection(locked=False)
            if key == "phone":
                cell.number_format = "@"

    _fill_placeholders(book, form_values(unit, master))
    for sheet in book.worksheets:
        fit_row_heights(sheet)
    refs = _write_list_sheet(book, dropdown_lists(unit, master))
    _add_dropdowns(registration, refs, columns, first, last)
    _write_identity(book, master, unit)
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = False
    visible = [s for s in book.worksheets if s.sheet_state == "visible"]
    book.active = book.worksheets.index(visible[0])
    visible[0].sheet_view.tabSelected = True


# --- the command ----------------------------------------------------------------------------
def _load(data: bytes) -> Workbook:
    with warnings.catch_warnings():
        # Excel stores cross-sheet dropdowns in an extension openpyxl drops (and warns about);
        # fill_form rebuilds every dropdown anyway.
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data))


def _template_bytes(ws: Workspace, notes: list[str]) -> bytes:
    path = ws.form_template
    display = ws.rel(path)
    if not path.is_file():
        notes.append(
            f"Không có mẫu phiếu {display}: đã dùng mẫu mặc định. Muốn chỉnh mẫu, chạy "
            f'"hoithao init" ở một thư mục mới rồi chép tệp {FORM_TEMPLATE} sang.'
        )
        buffer = io.BytesIO()
        new_form_template().save(buffer)
        return buffer.getvalue()
    try:
        data = path.read_bytes()
        _load(data)
    except OSError as exc:
        raise HoithaoError(
            f"Không mở được mẫu phiếu {display} ({os_reason(exc)}). "
            "Đóng tệp trong Excel nếu đang mở rồi chạy lại."
        ) from exc
    except Exception as exc:  # zipfile, XML or openpyxl errors: not a usable xlsx
        raise HoithaoError(
            f"Mẫu phiếu {display} bị hỏng hoặc không phải tệp Excel .xlsx. Khôi phục tệp từ bản "
            "sao lưu, hoặc xoá tệp để dùng mẫu mặc định."
        ) from exc
    return data


def _remove_stale(folder: Path, keep: set[Path], ws: Workspace, notes: list[str]) -> None:
    """Forms of units no longer summoned would otherwise be sent by mistake."""
    for path in sorted(folder.glob("*.xlsx")):
        if path in keep or path.name.startswith(("~$", ".")):
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                sheets = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            ours = f'name="{FORM_SHEET_IDENTITY}"' in sheets
        except (OSError, KeyError, zipfile.BadZipFile):
            ours = False
        if not ours:
            continue
        try:
            path.unlink()
        except OSError:
            notes.append(f"Không xoá được phiếu cũ {ws.rel(path)} (tệp đang mở?).")


def write_forms(ws: Workspace) -> FormsResult:
    """One prefilled form per summoned grassroots unit, plus the mail-merge table to send them."""
    master = read_master(ws.master, display_path=ws.rel(ws.master))
    units = master.summoned_grassroots()
    if not units:
        raise HoithaoError(
            f"Sổ gốc {ws.rel(ws.master)} chưa có đơn vị nào được triệu tập "
            f'(sheet "{SHEET_UNITS}" trống hoặc mọi đơn vị ghi "không" ở cột '
            f'"{UNIT_COLUMNS["summoned"]}"). Điền sheet "{SHEET_UNITS}" rồi chạy lại.'
        )
    notes = [f"Sổ gốc: {text}." for _key, text in master_notes(master, master.info_rows)]
    data = _template_bytes(ws, notes)
    template = ws.rel(ws.form_template)
    folder = ws.output(FORMS_OUT_DIR + "/x").parent
    written: list[Path] = []
    names: set[str] = set()
    rows = []
    for unit in units:
        name = form_filename(unit)
        if name.lower() in names:
            name = f"{Path(name).stem}_{len(names) + 1}.xlsx"
        names.add(name.lower())
        target = folder / name
        book = _load(data)
        fill_form(book, unit, master, template=template)
        save_book(book, target, ws.rel(target))
        written.append(target)
        deadline = _dmy(master.event.registration_deadline)
        rows.append((unit.code, unit.name, unit.email, name, deadline))
    _remove_stale(folder, set(written), ws, notes)

    mailing = ws.output(FORMS_MAILING_FILE)
    with XlsxOutput(mailing, display_path=ws.rel(mailing), title="Gửi phiếu đăng ký") as out:
        sheet = out.sheet(FORMS_MAILING_SHEET)
        headers = list(FORMS_MAILING_COLUMNS.values())
        write_print_table(out, sheet, headers, rows, [10, 36, 28, 40, 12])
    missing_mail = [u.code for u in units if not u.email]
    if missing_mail:
        notes.append(
            f"{len(missing_mail)} đơn vị chưa có email trong sổ gốc: {', '.join(missing_mail)}."
        )
    return FormsResult(
        forms=[ws.rel(p) for p in written],
        folder=ws.rel(folder),
        mailing=ws.rel(mailing),
        notes=notes,
    )
