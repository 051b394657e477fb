"""What a unit wrote on the `Tham luận` sheet of its return: the paper's title, presenter, role
and phone, for the table of contents and the compendium."""

from __future__ import annotations

from hoithao.forms.vocab import FORM_PAPER_COLUMNS, FORM_SHEET_PAPER
from hoithao.intake.locate import find_tables
from hoithao.intake.read import WORD_SUFFIXES, RawSheet, RawWorkbook
from hoithao.models import PaperForm
from hoithao.rules.normalize import clean_value, normalize_name, normalize_phone
from hoithao.vn.legacy import fix_legacy
from hoithao.vn.text import fold, header_key

_LABELS = {header_key(label): key for key, label in FORM_PAPER_COLUMNS.items()}
_LABELS |= {header_key(label): "title" for label in ("Tên bài tham luận", "Tên tham luận")}
_LABELS |= {header_key(label): "presenter" for label in ("Người viết", "Tác giả")}
_LABELS |= {header_key(label): "phone" for label in ("SĐT", "Số điện thoại", "ĐT")}
FIELDS = ("title", "presenter", "presenter_title", "phone")
PAPER_WORDS = ("tham luan",)
PAPER_HEADING_ROWS = 12
PAPER_IN_RETURNS = (
    "bài tham luận, không phải phiếu đăng ký: Ban Tổ chức lưu bài vào thư mục "
    "workbooks/tham_luan/ (tên tệp có mã đơn vị) để theo dõi"
)


def is_paper_document(workbook: RawWorkbook) -> bool:
    """A Word paper sent along with the form (in the same e-mail or zip, or saved beside it):
    no delegate table, and "tham luận" in its name or its first lines. Skipped, not F03."""
    if workbook.path.suffix.lower() not in WORD_SUFFIXES or find_tables(workbook):
        return False
    lines = [workbook.path.stem]
    lines += [str(v) for row in workbook.heading[:PAPER_HEADING_ROWS] for v in row]
    for sheet in workbook.sheets[:1]:
        lines += [str(v) for row in sheet.rows[:PAPER_HEADING_ROWS] for v in row]
    return any(word in fold(line) for line in lines for word in PAPER_WORDS)


def read_paper_form(workbook: RawWorkbook, file: str) -> PaperForm | None:
    """The paper sheet's answers, laid out as our form does (label | value, one per row) or as
    a small table (labels on one row, values on the next); None when nothing is filled in."""
    sheet = next((s for s in workbook.sheets if fold(s.name) == fold(FORM_SHEET_PAPER)), None)
    if sheet is None:
        return None
    found = _label_value_rows(sheet) or _table_rows(sheet)
    if not any(found.get(key) for key in FIELDS):
        return None
    phone = normalize_phone(found.get("phone", "")).phone if found.get("phone") else ""
    row = found.get("row", "")
    return PaperForm(
        title=found.get("title", ""),
        presenter=normalize_name(found.get("presenter", "")),
        presenter_title=found.get("presenter_title", ""),
        phone=phone,
        source=f"{file}!{row}" if row else file,
    )


def _text(value: object) -> str:
    text = clean_value(value)
    return fix_legacy(text)[0] if text and not text.isascii() else text


def _key(value: object) -> str | None:
    return _LABELS.get(header_key(value)) if isinstance(value, str) and value.strip() else None


def _label_value_rows(sheet: RawSheet) -> dict[str, str]:
    found: dict[str, str] = {}
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            key = _key(value)
            if key is None or key not in FIELDS or found.get(key):
                continue
            answer = next((_text(v) for v in row[c + 1 :] if _text(v)), "")
            if answer and _key(answer) is None:
                found[key] = answer
                if key == "title":
                    found["row"] = str(sheet.excel_row(r))
            break
    return found


def _table_rows(sheet: RawSheet) -> dict[str, str]:
    for r, row in enumerate(sheet.rows[:-1]):
        columns = {c: key for c, v in enumerate(row) if (key := _key(v)) in FIELDS}
        if len(columns) < 2:
            continue
        below = sheet.rows[r + 1]
        found = {key: _text(below[c]) for c, key in columns.items() if c < len(below)}
        found["row"] = str(sheet.excel_row(r + 1))
        return found
    return {}
