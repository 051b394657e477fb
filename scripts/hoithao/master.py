"""Read and check the master workbook `workbooks/hoi_thao.xlsx`.

Staff edit the master by hand, so columns are found by header text (case-, space- and
diacritic-insensitive) and every problem that would make later steps wrong stops the run with a
message naming the sheet, the Excel row and the value, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NoReturn, TypeVar

import python_calamine

from . import vocab
from .errors import MasterError
from .models import (
    BudgetLine,
    Category,
    Event,
    Invitee,
    Master,
    PaperAssignment,
    Recipient,
    Unit,
)
from .normalize import clean_value
from .vntext import fold, header_key

# Excel's day 0 for serial dates (the 1900 leap-year bug makes it 30 Dec 1899, not 31).
_EXCEL_EPOCH = datetime(1899, 12, 30)
_DATE_DMY = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_TIME = re.compile(r"(\d{1,2})\s*(?::|h|gio)\s*(\d{2})?(?:\s*(?::\s*\d{2}|phut))?")
T = TypeVar("T")
_LIST_SPLIT = re.compile(r"\s*(?:[,;/\n]|\bhoặc\b)\s*")


@dataclass(frozen=True)
class _Row:
    number: int  # the row number staff see in Excel
    values: Mapping[str, object]


def _cell_text(value: object) -> str:
    """A cell as text: calamine gives floats for numbers, date/time objects for dates."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time() else f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return clean_value(str(value))


def _is_guide_row(raw: Sequence[object]) -> bool:
    """Row 2 of a master made by `hoithao init` explains the sheet; it is not data."""
    first = next((text for text in map(_cell_text, raw) if text), "")
    return fold(first).startswith(fold(vocab.MASTER_GUIDE_ROW_MARK))


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def _kinds_text() -> str:
    return ", ".join(vocab.UNIT_KINDS)


_KIND_KEYS = {header_key(kind): kind for kind in vocab.UNIT_KINDS} | {
    header_key(alias): kind for alias, kind in vocab.UNIT_KIND_ALIASES.items()
}
_ROLE_KEYS = {header_key(role): role for role in vocab.PARTY_ROLES} | {
    header_key(alias): role for alias, role in vocab.PARTY_ROLE_ALIASES.items()
}
_FORM_KEYS = {header_key(form): form for form in vocab.PAPER_FORMS}
_BASIS_KEYS = {header_key(b): b for b in (vocab.BUDGET_PER_DELEGATE, vocab.BUDGET_FIXED)}
_GENDER_KEYS = {header_key(k): v for k, v in vocab.GENDER_ALIASES.items()}


def _mark_key(text: str) -> str:
    # not header_key: it drops "-" and "✓", which are marks staff use in the Triệu tập column
    return fold(text).strip(" .")


_YES = {_mark_key(v) for v in vocab.SUMMONED_YES}
_NO = {_mark_key(v) for v in vocab.SUMMONED_NO}


def match_unit_kind(text: str) -> str | None:
    """The canonical Loại hình for what staff typed, or None."""
    return _KIND_KEYS.get(header_key(text))


def parse_datetime(value: object) -> datetime | None:
    """A date-time cell, an Excel serial, or text like "07:30 19/5/2022" or "19/05/2022 7h30"."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # a date typed into a cell formatted as a number: Excel keeps the serial
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=float(value))
        raise ValueError(value)
    text = fold(_cell_text(value))  # not header_key: it drops ":" "-" ","
    day = _parse_date_text(text)
    if day is None:
        raise ValueError(value)
    found, rest = day
    clock = _TIME.search(rest)
    if clock is None:
        if re.search(r"\d", rest):
            raise ValueError(value)
        return datetime.combine(found, time())
    hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(value)
    return datetime.combine(found, time(hour, minute))


def parse_date(value: object) -> date | None:
    """A date cell, an Excel serial, or text like "10/5/2022" or "ngày 10 tháng 5 năm 2022"."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_datetime(value).date()  # type: ignore[union-attr]
    found = _parse_date_text(fold(_cell_text(value)))
    if found is None or re.search(r"\d", found[1]):
        raise ValueError(value)
    return found[0]


def _parse_date_text(text: str) -> tuple[date, str] | None:
    """The date found in folded text, and the text around it (where a time may be)."""
    for pattern, order in ((_DATE_WORDS, "dmy"), (_DATE_DMY, "dmy"), (_DATE_ISO, "ymd")):
        match = pattern.search(text)
        if match is None:
            continue
        a, b, c = (int(g) for g in match.groups())
        year, month, day = (c, b, a) if order == "dmy" else (a, b, c)
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        return found, (text[: match.start()] + " " + text[match.end() :]).strip()
    return None


def parse_int(value: object) -> int | None:
    """A whole number from a number cell or text with thousands separators ("1.000")."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return int(value)
        raise ValueError(value)
    text = _cell_text(value).replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+|\d+", text):
        return int(re.sub(r"[.,]", "", text))
    raise ValueError(value)


def parse_number(value: object) -> float | None:
    """An amount from a number cell or text such as "20.000 đ", "20,000" or "1,5"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = fold(_cell_text(value))
    text = re.sub(r"(vnd|dong|d)$", "", text.replace(" ", "")).strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d+([.,]\d+)?", text):
        return float(text.replace(",", "."))
    raise ValueError(value)


def _parse_positive(value: object) -> int | None:
    number = parse_int(value)
    if number is not None and number <= 0:
        raise ValueError(value)
    return number


def _split_list(text: str) -> list[str]:
    return [part for part in _LIST_SPLIT.split(text) if part]


def _phone_text(value: object) -> str:
    # a phone typed as a number loses its leading zero: 912345678.0 -> "0912345678"
    text = _cell_text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 8 <= len(text) <= 10:
        return "0" + text
    return text


class _MasterReader:
    def __init__(self, path: Path, display_path: str) -> None:
        self.path = path
        self.display = display_path
        self.sheets: dict[str, list[list[object]]] = {}

    # --- messages --------------------------------------------------------------------------
    def fail(self, detail: str) -> NoReturn:
        raise MasterError(f"Sổ gốc {self.display}: {detail}")

    def fail_row(self, sheet: str, row: int, detail: str) -> NoReturn:
        self.fail(f'sheet "{sheet}", dòng {row}: {detail}.')

    # --- workbook --------------------------------------------------------------------------
    def load(self) -> None:
        if not self.path.is_file():
            self.fail(
                'không tìm thấy tệp. Tạo thư mục làm việc bằng lệnh "hoithao init" '
                "hoặc chép sổ gốc vào đúng chỗ."
            )
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except python_calamine.PasswordError:
            self.fail("tệp được đặt mật khẩu. Hãy gỡ mật khẩu trong Excel rồi chạy lại.")
        except OSError as exc:
            self.fail(f"không mở được tệp ({exc.strerror or exc}).")
        except Exception:  # calamine raises several types for zip/XML damage or a non-Excel file
            self.fail(
                "không đọc được tệp (tệp hỏng hoặc không phải bảng tính Excel). "
                "Hãy mở bằng Excel, lưu lại dạng Excel Workbook (.xlsx) rồi chạy lại."
            )
        with book:
            names = {header_key(name): name for name in reversed(book.sheet_names)}
            for wanted in vocab.MASTER_SHEETS:
                actual = names.get(header_key(wanted))
                if actual is None:
                    if wanted in vocab.REQUIRED_MASTER_SHEETS:
                        self.fail(f'thiếu sheet "{wanted}".')
                    continue
                try:
                    rows = book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
                except Exception:  # a damaged sheet part inside a readable zip
                    self.fail(
                        f'không đọc được sheet "{wanted}" (tệp hỏng). '
                        "Hãy mở bằng Excel, lưu lại rồi chạy lại."
                    )
                self.sheets[wanted] = rows

    def table(
        self, sheet: str, columns: Mapping[str, str], required: Sequence[str]
    ) -> Iterator[_Row]:
        """Data rows of a sheet whose header is row 1; rows blank in every known column skipped."""
        rows = self.sheets.get(sheet, [])
        header = [header_key(_cell_text(cell)) for cell in rows[0]] if rows else []
        positions: dict[str, int] = {}
        for key, label in columns.items():
            wanted = header_key(label)
            if wanted in header:
                positions[key] = header.index(wanted)
        if not any(_cell_text(cell) for row in rows for cell in row):
            return  # absent or left completely empty: no rows, nothing to complain about
        missing = [f'"{columns[key]}"' for key in required if key not in positions]
        if missing:
            self.fail(f'sheet "{sheet}" thiếu cột {", ".join(missing)} ở dòng tiêu đề (dòng 1).')
        for number, raw in enumerate(rows[1:], start=2):
            if number == 2 and _is_guide_row(raw):
                continue
            values = {key: raw[col] if col < len(raw) else "" for key, col in positions.items()}
            if any(_cell_text(v) for v in values.values()):
                yield _Row(number, values)

    # --- sheets ----------------------------------------------------------------------------
    def event(self) -> Event:
        sheet = vocab.SHEET_INFO
        columns = {"item": vocab.INFO_ITEM, "value": vocab.INFO_VALUE}
        by_label = {header_key(label): key for key, label in vocab.INFO_ROWS.items()}
        raw: dict[str, tuple[int, object]] = {}
        for row in self.table(sheet, columns, ("item", "value")):
            key = by_label.get(header_key(_cell_text(row.values["item"])))
            if key and key not in raw:
                raw[key] = (row.number, row.values["value"])

        def text(key: str) -> str:
            return _cell_text(raw[key][1]) if key in raw else ""

        return Event(
            event_code=text("event_code"),
            title=text("title"),
            plan_number=text("plan_number"),
            organiser=text("organiser"),
            starts_at=self._info(raw, "starts_at", parse_datetime, "ngày giờ", "07:30 19/05/2022"),
            venue=text("venue"),
            hall_capacity=self._info(
                raw, "hall_capacity", _parse_positive, "số nguyên dương", "150"
            ),
            registration_deadline=self._info(
                raw, "registration_deadline", parse_date, "ngày", "10/05/2022"
            ),
            paper_deadline=self._info(raw, "paper_deadline", parse_date, "ngày", "12/05/2022"),
            signer=text("signer"),
            signer_title=text("signer_title"),
            signed_on=self._info(raw, "signed_on", parse_date, "ngày", "26/04/2022"),
        )

    def _info(
        self,
        raw: Mapping[str, tuple[int, object]],
        key: str,
        parse: Callable[[object], T | None],
        kind: str,
        example: str,
    ) -> T | None:
        if key not in raw:
            return None
        number, value = raw[key]
        try:
            return parse(value)
        except ValueError:
            label = _lower_first(vocab.INFO_ROWS[key])
            self.fail_row(
                vocab.SHEET_INFO,
                number,
                f'{label} "{_cell_text(value)}" không phải là {kind} (ví dụ: {example})',
            )

    def units(self) -> dict[str, Unit]:
        sheet = vocab.SHEET_UNITS
        cols = vocab.UNIT_COLUMNS
        units: dict[str, Unit] = {}
        for row in self.table(sheet, cols, vocab.MASTER_REQUIRED_COLUMNS[sheet]):
            v = {key: _cell_text(value) for key, value in row.values.items()}
            code, name = v.get("code", "").upper(), v.get("name", "")
            if not code:
                detail = f' (đơn vị "{name}")' if name else ""
                self.fail_row(sheet, row.number, f"thiếu mã đơn vị{detail}")
            if code in units:
                self.fail_row(
                    sheet, row.number, f'mã đơn vị "{code}" bị trùng với dòng {units[code].row}'
                )
            if not name:
                self.fail_row(sheet, row.number, f'đơn vị "{code}" thiếu tên đơn vị')
            kind_text = v.get("kind", "")
            kind = match_unit_kind(kind_text)
            if kind is None:
                what = (
                    f'loại hình "{kind_text}" không hợp lệ'
                    if kind_text
                    else (f'đơn vị "{code}" chưa ghi loại hình')
                )
                self.fail_row(sheet, row.number, f"{what}; ghi một trong: {_kinds_text()}")
            parent = v.get("parent", "").upper()
            grassroots = kind in vocab.GRASSROOTS_KINDS
            if grassroots and parent:
                self.fail_row(
                    sheet,
                    row.number,
                    f'đơn vị "{code}" là {kind} nên để trống cột "{cols["parent"]}" '
                    f'(đang ghi "{parent}")',
                )
            if not grassroots and not parent:
                self.fail_row(
                    sheet,
                    row.number,
                    f'đơn vị "{code}" là {kind} nhưng chưa ghi mã đơn vị cấp trên '
                    f'ở cột "{cols["parent"]}"',
                )
            mark = v.get("summoned", "")
            folded = _mark_key(mark)
            if folded and folded not in _YES | _NO:
                self.fail_row(
                    sheet,
                    row.number,
                    f'cột "{cols["summoned"]}" ghi "{mark}"; ghi "x" để triệu tập '
                    'hoặc "không" để không triệu tập',
                )
            summoned = folded not in _NO if grassroots else folded in _YES
            units[code] = Unit(
                code=code,
                name=name,
                kind=kind,
                parent=parent,
                summoned=summoned,
                email=v.get("email", ""),
                phone=_phone_text(row.values.get("phone", "")),
                address=v.get("address", ""),
                row=row.number,
            )
        self._check_parents(units)
        return units

    def _check_parents(self, units: dict[str, Unit]) -> None:
        sheet = vocab.SHEET_UNITS
        for unit in units.values():
            if not unit.parent:
                continue
            parent = units.get(unit.parent)
            if parent is None:
                self.fail_row(
                    sheet,
                    unit.row,
                    f'đơn vị "{unit.code}" trực thuộc "{unit.parent}" nhưng không có đơn vị '
                    f'nào mã "{unit.parent}"',
                )
            if parent.kind != vocab.KIND_DANG_BO_CO_SO:
                self.fail_row(
                    sheet,
                    unit.row,
                    f'đơn vị "{unit.code}" trực thuộc "{parent.code}" nhưng "{parent.code}" là '
                    f'{parent.kind}; cột "{vocab.UNIT_COLUMNS["parent"]}" phải là mã của một '
                    f"{vocab.KIND_DANG_BO_CO_SO}",
                )
            if unit.summoned and not parent.summoned:
                self.fail_row(
                    sheet,
                    unit.row,
                    f'đơn vị "{unit.code}" được triệu tập nhưng đơn vị cấp trên "{parent.code}" '
                    "ghi không triệu tập",
                )

    def categories(self) -> dict[str, Category]:
        sheet = vocab.SHEET_CATEGORIES
        cols = vocab.CATEGORY_COLUMNS
        categories: dict[str, Category] = {}
        kind_owner: dict[str, Category] = {}
        for row in self.table(sheet, cols, vocab.MASTER_REQUIRED_COLUMNS[sheet]):
            v = {key: _cell_text(value) for key, value in row.values.items()}
            code, name = v.get("code", "").upper(), v.get("name", "")
            if not code:
                detail = f' (thành phần "{name}")' if name else ""
                self.fail_row(sheet, row.number, f"thiếu mã thành phần{detail}")
            if code in categories:
                self.fail_row(
                    sheet,
                    row.number,
                    f'mã thành phần "{code}" bị trùng với dòng {categories[code].row}',
                )
            if not name:
                self.fail_row(sheet, row.number, f'thành phần "{code}" thiếu tên thành phần')
            kinds: list[str] = []
            for part in _split_list(v.get("unit_kinds", "")):
                kind = match_unit_kind(part)
                if kind is None:
                    self.fail_row(
                        sheet,
                        row.number,
                        f'{_lower_first(cols["unit_kinds"])} "{part}" không hợp lệ; '
                        f"ghi một hoặc nhiều loại trong: {_kinds_text()}",
                    )
                if kind in kind_owner:
                    owner = kind_owner[kind]
                    self.fail_row(
                        sheet,
                        row.number,
                        f'loại hình "{kind}" đã thuộc thành phần "{owner.code}" (dòng {owner.row})',
                    )
                if kind not in kinds:
                    kinds.append(kind)
            roles = tuple(
                _ROLE_KEYS.get(header_key(part), part)
                for part in _split_list(v.get("valid_roles", ""))
            )
            quota_text = v.get("quota", "")
            try:
                quota = parse_int(row.values.get("quota", ""))
            except ValueError:
                quota = 0
            if quota is not None and quota <= 0:
                self.fail_row(
                    sheet,
                    row.number,
                    f'{_lower_first(cols["quota"])} "{quota_text}" không phải là số nguyên dương',
                )
            mark = v.get("invited", "")
            folded = _mark_key(mark)
            if folded and folded not in _YES | _NO:
                self.fail_row(
                    sheet,
                    row.number,
                    f'cột "{cols["invited"]}" ghi "{mark}"; ghi "có" (hoặc để trống) để gửi '
                    'giấy mời, "không" để không gửi',
                )
            category = Category(
                code, name, tuple(kinds), roles, quota, row.number, invited=folded not in _NO
            )
            categories[code] = category
            for kind in kinds:
                kind_owner[kind] = category
        return categories

    def invitees(self, categories: Mapping[str, Category]) -> list[Invitee]:
        sheet = vocab.SHEET_INVITEES
        cols = vocab.INVITEE_COLUMNS
        invitees: list[Invitee] = []
        for row in self.table(sheet, cols, vocab.MASTER_REQUIRED_COLUMNS[sheet]):
            v = {key: _cell_text(value) for key, value in row.values.items()}
            name = v.get("full_name", "")
            if not name:
                self.fail_row(sheet, row.number, f"thiếu {_lower_first(cols['full_name'])}")
            category = v.get("category", "").upper()
            if not category:
                self.fail_row(
                    sheet,
                    row.number,
                    f'đại biểu "{name}" chưa ghi thành phần '
                    f'(một mã ở sheet "{vocab.SHEET_CATEGORIES}")',
                )
            if category not in categories:
                self.fail_row(
                    sheet,
                    row.number,
                    f'thành phần "{category}" chưa được khai báo ở sheet '
                    f'"{vocab.SHEET_CATEGORIES}"',
                )
            gender = v.get("gender", "")
            invitees.append(
                Invitee(
                    full_name=name,
                    gender=_GENDER_KEYS.get(header_key(gender), gender),
                    title=v.get("title", ""),
                    organisation=v.get("organisation", ""),
                    category=category,
                    phone=_phone_text(row.values.get("phone", "")),
                    email=v.get("email", ""),
                    address=v.get("address", ""),
                    row=row.number,
                )
            )
        return invitees

    def papers(self, units: Mapping[str, Unit]) -> list[PaperAssignment]:
        sheet = vocab.SHEET_PAPERS
        cols = vocab.PAPER_COLUMNS
        papers: list[PaperAssignment] = []
        for row in self.table(sheet, cols, vocab.MASTER_REQUIRED_COLUMNS[sheet]):
            v = {key: _cell_text(value) for key, value in row.values.items()}
            code = v.get("unit_code", "").upper()
            if not code:
                self.fail_row(sheet, row.number, "thiếu mã đơn vị được phân công tham luận")
            if code not in units:
                self.fail_row(
                    sheet,
                    row.number,
                    f'đơn vị "{code}" chưa được khai báo ở sheet "{vocab.SHEET_UNITS}"',
                )
            form_text = v.get("form", "")
            form = _FORM_KEYS.get(header_key(form_text), "")
            if form_text and not form:
                allowed = " hoặc ".join(f'"{f}"' for f in vocab.PAPER_FORMS)
                self.fail_row(
                    sheet, row.number, f'hình thức "{form_text}" không hợp lệ; ghi {allowed}'
                )
            try:
                order = parse_int(row.values.get("order", ""))
            except ValueError:
                order = 0
            if order is not None and order <= 0:
                self.fail_row(
                    sheet,
                    row.number,
                    f'{_lower_first(cols["order"])} "{v.get("order", "")}" '
                    "không phải là số nguyên dương",
                )
            try:
                deadline = parse_date(row.values.get("deadline", ""))
            except ValueError:
                self.fail_row(
                    sheet,
                    row.number,
                    f'{_lower_first(cols["deadline"])} "{v.get("deadline", "")}" '
                    "không phải là ngày (ví dụ: 12/05/2022)",
                )
            papers.append(
                PaperAssignment(code, v.get("orientation", ""), form, order, deadline, row.number)
            )
        return papers

    def recipients(self) -> list[Recipient]:
        sheet = vocab.SHEET_RECIPIENTS
        cols = vocab.RECIPIENT_COLUMNS
        result = []
        for row in self.table(sheet, cols, vocab.MASTER_REQUIRED_COLUMNS[sheet]):
            v = {key: _cell_text(value) for key, value in row.values.items()}
            if v.get("recipient"):
                result.append(Recipient(v["recipient"], v.get("note", "")))
        return result

    def budget(self) -> list[BudgetLine]:
        sheet = vocab.SHEET_BUDGET
        cols = vocab.BUDGET_COLUMNS
        lines = []
        for row in self.table(sheet, cols, vocab.MASTER_REQUIRED_COLUMNS[sheet]):
            v = {key: _cell_text(value) for key, value in row.values.items()}
            if not v.get("item"):
                self.fail_row(sheet, row.number, f"thiếu tên {_lower_first(cols['item'])}")
            numbers: dict[str, float | None] = {}
            for key in ("price", "quantity", "sessions"):
                try:
                    numbers[key] = parse_number(row.values.get(key, ""))
                except ValueError:
                    self.fail_row(
                        sheet,
                        row.number,
                        f'{_lower_first(cols[key])} "{v.get(key, "")}" không phải là số',
                    )
            basis_text = v.get("basis", "")
            basis = _BASIS_KEYS.get(header_key(basis_text), "")
            if basis_text and not basis:
                allowed = " hoặc ".join(f'"{b}"' for b in _BASIS_KEYS.values())
                self.fail_row(
                    sheet,
                    row.number,
                    f'cột "{cols["basis"]}" ghi "{basis_text}"; ghi {allowed}',
                )
            lines.append(
                BudgetLine(
                    item=v["item"],
                    unit_of_measure=v.get("unit_of_measure", ""),
                    price=numbers["price"] or 0.0,
                    basis=basis,
                    quantity=numbers["quantity"],
                    sessions=numbers["sessions"],
                    legal_basis=v.get("legal_basis", ""),
                    row=row.number,
                )
            )
        return lines


def read_master(path: Path, *, display_path: str = vocab.MASTER_FILE) -> Master:
    """Read the master workbook; a broken one raises MasterError naming sheet, row and value."""
    reader = _MasterReader(Path(path), display_path)
    reader.load()
    event = reader.event()
    units = reader.units()
    categories = reader.categories()
    return Master(
        event=event,
        units=units,
        categories=categories,
        invitees=reader.invitees(categories),
        papers=reader.papers(units),
        recipients=reader.recipients(),
        budget=reader.budget(),
    )
