"""What one check-in row holds and where the staff columns are: shared by creating and appending."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hoithao.models import Delegate, Master


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


def xl_col(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(index)
