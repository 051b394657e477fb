"""Attendance figures from the check-in workbook, in the form the Standing Committee uses.

This module reads and counts; attendance_report.py writes the xlsx and JSON.

Rules (also printed in the workbook): a row is "present" when `Có mặt` or its own `Quét mã`
holds a mark (x, có, 1, ✓, a time, the row's code) or its code was scanned on sheet `Quét mã`;
"excused" when `Vắng có lý do` is marked or only a `Lý do` is written; else "absent". A row marked
both present and excused is counted present and listed as a conflict, so that
present + excused + absent = summoned always holds. Withdrawn rows are not summoned; rows staff
added (no code, or a code the tool did not write) are "đại biểu bổ sung", counted apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from hoithao.checkin.vocab import (
    ATTENDANCE_CONFLICT_SHEET,
    ATTENDANCE_REVIEW_SHEET,
    CHECKIN_BACKUP_DIR,
    CHECKIN_COLUMNS,
    CHECKIN_MAP_SHEET,
    CHECKIN_SCAN_COLUMNS,
    CHECKIN_SCAN_SHEET,
    CHECKIN_SHEET,
    CHECKIN_WITHDRAWN_PREFIX,
    MARKS_NO,
    MARKS_YES,
)
from hoithao.errors import HoithaoError
from hoithao.vn.text import collapse_spaces, fold, header_key, strip_accents
from hoithao.workspace import Workspace

FIGURES = ("summoned", "present", "excused", "absent", "walk_ins")
_TIME = re.compile(r"^\d{1,2}\s*[:hg.]\s*\d{1,2}(\s*[:.]\s*\d{1,2})?\s*(am|pm|sa|ch)?$")
HEADER_SCAN_ROWS = 10


@dataclass
class Counts:
    summoned: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0
    walk_ins: int = 0

    @property
    def rate(self) -> float:
        """Share of the summoned who came, as a fraction rounded to 4 places (0.9167)."""
        return round(self.present / self.summoned, 4) if self.summoned else 0.0

    def to_json(self) -> dict[str, Any]:
        return {**{k: getattr(self, k) for k in FIGURES}, "rate": self.rate}


@dataclass
class Person:
    """One row of sheet Điểm danh as the figures see it."""

    row: int
    id: str
    full_name: str
    role: str = ""
    unit_name: str = ""
    unit_code: str = ""
    category: str = ""
    reason: str = ""
    state: str = "absent"  # present / excused / absent
    present_mark: str = ""
    excused_mark: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "full_name": self.full_name, "unit_code": self.unit_code}


@dataclass
class Review:
    """A value the tool could not read as a mark: shown to staff, counted as no mark."""

    sheet: str
    row: int
    column: str
    value: str
    note: str


@dataclass
class Attendance:
    title: str
    people: list[Person]
    walk_ins: list[Person]
    conflicts: list[Person]
    review: list[Review]
    total: Counts
    by_category: dict[str, Counts]
    by_unit: dict[str, Counts]
    category_names: dict[str, str] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)

    @property
    def absentees(self) -> list[Person]:
        return [p for p in self.people if p.state != "present"]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.total.to_json(),
            "by_category": {k: v.to_json() for k, v in self.by_category.items()},
            "by_unit": {k: v.to_json() for k, v in self.by_unit.items()},
            "conflicts": [{**p.to_json(), "row": p.row} for p in self.conflicts],
            "absentees": [{**p.to_json(), "reason": p.reason} for p in self.absentees],
        }


# --- reading marks ------------------------------------------------------------------------------
def code_key(value: Any) -> str:
    """A scanned or typed code, compared without case, spaces or stray Vietnamese accents."""
    return strip_accents(str(value or "")).upper().replace(" ", "")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return collapse_spaces(str(value))


def read_mark(value: Any, code: str = "") -> bool | None:
    """True/False for a readable mark or blank; None for a value that is no mark we know."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (datetime, date, time, timedelta)):
        return True  # a time of arrival typed or stamped by staff
    if isinstance(value, (int, float)):
        if value == 1 or 0 < value < 1:  # Excel stores 7:25 as the fraction 0.309…
            return True
        return False if value == 0 else None
    text = fold(str(value))
    if not text:
        return False
    if text in MARKS_YES or _TIME.match(text):
        return True
    if text in MARKS_NO:
        return False
    if code and code_key(value) == code_key(code):
        return True
    return None


# --- reading the workbook -----------------------------------------------------------------------
def _find_header(rows: list[list[Any]], labels: dict[str, str]) -> tuple[int, dict[str, int]]:
    wanted = {header_key(label): key for key, label in labels.items()}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for col, value in enumerate(row):
            key = wanted.get(header_key(str(value))) if isinstance(value, str) else None
            if key and key not in found:
                found[key] = col
        if "id" in found and "full_name" in found:
            return index, found
    return -1, {}


def _sheet(book: Any, name: str) -> list[list[Any]] | None:
    for sheet_name in book.sheet_names:
        if header_key(sheet_name) == header_key(name):
            return book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    return None


def _match(text: str, names: dict[str, str]) -> str:
    """code for a unit / category typed by name or code; "" when unknown."""
    key = fold(text)
    if not key:
        return ""
    for code, name in names.items():
        if key in (fold(name), fold(code)):
            return code
    return ""


def compute_attendance(ws: Workspace) -> Attendance:
    """Read workbooks/diem_danh.xlsx (calamine) and the master; no file is written."""
    from python_calamine import CalamineWorkbook

    from hoithao.master.read import read_master

    path = ws.checkin
    display = ws.rel(path)
    if not path.exists():
        raise HoithaoError(
            f"Chưa có {display}. Hãy chạy `hoithao consolidate` trước để tạo danh sách điểm danh."
        )
    master = read_master(ws.master, display_path=ws.rel(ws.master))
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for a damaged file
        raise HoithaoError(
            f"Không đọc được {display}: tệp bị hỏng hoặc không phải tệp Excel (.xlsx). Hãy lấy "
            f"bản sao lưu trong {CHECKIN_BACKUP_DIR}/."
        ) from exc
    rows = _sheet(book, CHECKIN_SHEET)
    header, columns = _find_header(rows or [], CHECKIN_COLUMNS)
    if rows is None or header < 0:
        raise HoithaoError(
            f"{display} không có sheet “{CHECKIN_SHEET}” với cột "
            f"“{CHECKIN_COLUMNS['id']}” và “{CHECKIN_COLUMNS['full_name']}”."
        )
    tool_map = _read_map(book)
    category_names = {code: c.name for code, c in master.categories.items()}
    unit_names = {code: u.name for code, u in master.units.items()}
    review: list[Review] = []
    scanned = _read_scans(book, tool_map, review)

    people: list[Person] = []
    walk_ins: list[Person] = []
    conflicts: list[Person] = []
    seen: dict[str, Person] = {}
    for index in range(header + 1, len(rows)):
        row = rows[index]

        def cell(key: str, row: list[Any] = row) -> Any:
            col = columns.get(key)
            return row[col] if col is not None and col < len(row) else None

        code = _text(cell("id"))
        name = _text(cell("full_name"))
        if not code and not name:
            continue
        key = code_key(code)
        known = tool_map.get(key) if tool_map is not None else ((key, "", "") if key else None)
        person = Person(
            row=index + 1,
            id=code,
            full_name=name,
            role=_text(cell("role")),
            unit_name=_text(cell("unit")),
            reason=_text(cell("reason")),
        )
        if known is not None and tool_map is not None:
            person.unit_code, person.category = known[1], known[2]
        else:
            person.unit_code = _match(person.unit_name, unit_names)
            person.category = _match(_text(cell("category")), category_names)

        marks = {}
        for mark_key in ("present", "excused", "scan"):
            raw = cell(mark_key)
            marks[mark_key] = read_mark(raw, code)
            if marks[mark_key] is None:
                review.append(
                    Review(
                        CHECKIN_SHEET,
                        index + 1,
                        CHECKIN_COLUMNS[mark_key],
                        _text(raw),
                        "Không hiểu dấu này; chưa được tính. Dùng x, có, ✓ hoặc giờ đến.",
                    )
                )
        person.present_mark = _text(cell("present")) or _text(cell("scan"))
        person.excused_mark = _text(cell("excused"))
        present = bool(marks["present"] or marks["scan"] or (key and key in scanned))
        excused = bool(marks["excused"])
        if present:
            person.state = "present"
        elif excused or person.reason:
            person.state = "excused"
        withdrawn = _text(cell("status")).startswith(CHECKIN_WITHDRAWN_PREFIX)
        if key in seen:
            review.append(
                Review(
                    CHECKIN_SHEET,
                    index + 1,
                    CHECKIN_COLUMNS["id"],
                    code,
                    f"Mã ĐB đã có ở dòng {seen[key].row}; dòng này không được tính.",
                )
            )
            continue
        if known is None or withdrawn:
            # staff added this person, or a withdrawn delegate came after all
            if present or not (excused or withdrawn):
                person.state = "present"
                walk_ins.append(person)
            continue
        seen[key] = person
        people.append(person)
        if present and excused:
            person.present_mark = person.present_mark or "(đã quét mã)"
            conflicts.append(person)
    return _tally(
        master.event.title, people, walk_ins, conflicts, review, category_names, unit_names
    )


def _read_map(book: Any) -> dict[str, tuple[str, str, str]] | None:
    """code key -> (code, unit code, category code) from the hidden sheet the tool keeps."""
    rows = _sheet(book, CHECKIN_MAP_SHEET)
    if rows is None:
        return None
    return {
        code_key(r[0]): (
            _text(r[0]),
            _text(r[1]) if len(r) > 1 else "",
            _text(r[2]) if len(r) > 2 else "",
        )
        for r in rows[1:]
        if r and _text(r[0])
    }


def _read_scans(
    book: Any, tool_map: dict[str, tuple[str, str, str]] | None, review: list[Review]
) -> set[str]:
    rows = _sheet(book, CHECKIN_SCAN_SHEET)
    scanned: set[str] = set()
    for index, row in enumerate(rows or []):
        value = _text(row[0]) if row else ""
        if index == 0 or not value:
            continue
        key = code_key(value)
        if tool_map is not None and key not in tool_map:
            review.append(
                Review(
                    CHECKIN_SCAN_SHEET,
                    index + 1,
                    CHECKIN_SCAN_COLUMNS["id"],
                    value,
                    "Mã không có trong danh sách điểm danh (quét nhầm, hoặc bộ gõ tiếng Việt "
                    "đang bật khi quét).",
                )
            )
        scanned.add(key)
    return scanned


def _tally(
    title: str,
    people: list[Person],
    walk_ins: list[Person],
    conflicts: list[Person],
    review: list[Review],
    category_names: dict[str, str],
    unit_names: dict[str, str],
) -> Attendance:
    total = Counts()
    by_category = {code: Counts() for code in category_names}
    by_unit: dict[str, Counts] = {}

    def groups(p: Person) -> list[Counts]:
        found = [total]
        if p.category:
            found.append(by_category.setdefault(p.category, Counts()))
        if p.unit_code:
            found.append(by_unit.setdefault(p.unit_code, Counts()))
        return found

    for person in people:
        for counts in groups(person):
            counts.summoned += 1
            setattr(counts, person.state, getattr(counts, person.state) + 1)
    for person in walk_ins:
        for counts in groups(person):
            counts.walk_ins += 1
    unit_rank = {code: i for i, code in enumerate(unit_names)}
    by_unit = dict(
        sorted(by_unit.items(), key=lambda kv: (unit_rank.get(kv[0], len(unit_rank)), kv[0]))
    )
    return Attendance(
        title,
        people,
        walk_ins,
        conflicts,
        review,
        total,
        by_category,
        by_unit,
        category_names,
        unit_names,
    )


def _percent(rate: float) -> str:
    return f"{rate * 100:.1f}".replace(".", ",") + "%"


def format_attendance(a: Attendance, outputs: list[str]) -> str:
    """The terminal summary of `hoithao attendance`."""
    t = a.total
    lines = [
        f"Triệu tập {t.summoned}, có mặt {t.present} ({_percent(t.rate)}), vắng có lý do "
        f"{t.excused}, vắng không lý do {t.absent}, bổ sung {t.walk_ins}"
    ]
    if a.conflicts:
        lines.append(
            f"Cần xem lại: {len(a.conflicts)} dòng đánh dấu cả có mặt và vắng có lý do "
            f"(đã tính là có mặt) — sheet “{ATTENDANCE_CONFLICT_SHEET}”"
        )
    if a.review:
        lines.append(
            f"Cần xem lại: {len(a.review)} dấu hoặc mã không đọc được — sheet "
            f"“{ATTENDANCE_REVIEW_SHEET}”"
        )
    lines.append("Kết quả: " + ", ".join(outputs))
    return "\n".join(lines)
