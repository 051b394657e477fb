"""Validation rules: small functions that yield Issues, listed in registries.

Adding a rule is one function, one registry line and one test. Row rules see one parsed row
of a return; set rules see the whole consolidation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from hoithao.issues import Issue
from hoithao.models import Category, Delegate, Master, Unit
from hoithao.rules.normalize import role_matches
from hoithao.vn.names import name_identity


@dataclass
class ParsedRow:
    """One data row of a return after normalisation, before it becomes a Delegate."""

    file: str
    excel_row: int
    full_name: str
    gender: str
    party_role: str
    job_title: str
    unit: Unit | None
    category: Category | None
    phone: str
    phone_valid: bool
    email: str
    email_valid: bool
    note: str
    raw_unit: str = ""
    phone_unreadable: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)

    def where(self, field_name: str, value: str) -> dict[str, object]:
        return {
            "unit": self.unit.code if self.unit else "",
            "file": self.file,
            "row": self.excel_row,
            "field": field_name,
            "value": value,
        }


RowRule = Callable[[ParsedRow], Iterator[Issue]]


def check_party_role(row: ParsedRow) -> Iterator[Issue]:
    category = row.category
    if category is None or not category.valid_roles:
        return
    if not row.party_role or not role_matches(row.party_role, category.valid_roles):
        shown = row.party_role or "(trống)"
        yield Issue(
            "W01",
            f"Chức vụ Đảng “{shown}” không đúng thành phần “{category.name}” "
            f"(cần: {', '.join(category.valid_roles)}).",
            **row.where("party_role", row.party_role),  # type: ignore[arg-type]
        )


def check_phone(row: ParsedRow) -> Iterator[Issue]:
    if not row.phone:
        yield Issue("W03", "Thiếu số điện thoại.", **row.where("phone", ""))  # type: ignore[arg-type]
    elif not row.phone_valid:
        yield Issue(
            "W03",
            f"Số điện thoại “{row.phone}” không hợp lệ.",
            **row.where("phone", row.phone),  # type: ignore[arg-type]
        )
    for part in row.phone_unreadable:
        yield Issue(
            "W03",
            f"Số điện thoại “{part}” không hợp lệ; đã ghi nguyên văn vào cột Ghi chú.",
            **row.where("phone", part),  # type: ignore[arg-type]
        )


def check_email(row: ParsedRow) -> Iterator[Issue]:
    if row.email and not row.email_valid:
        yield Issue(
            "W04",
            f"Email “{row.email}” không hợp lệ.",
            **row.where("email", row.email),  # type: ignore[arg-type]
        )


def check_gender(row: ParsedRow) -> Iterator[Issue]:
    if not row.gender:
        yield Issue(
            "W05",
            "Thiếu hoặc không rõ giới tính (ghi Nam hoặc Nữ).",
            **row.where("gender", ""),  # type: ignore[arg-type]
        )


ROW_RULES: tuple[RowRule, ...] = (check_party_role, check_phone, check_email, check_gender)


def check_row(row: ParsedRow) -> list[Issue]:
    return [issue for rule in ROW_RULES for issue in rule(row)]


# --- rules over the whole consolidation ---------------------------------------------------------
def check_quota(delegates: Iterable[Delegate], master: Master) -> Iterator[Issue]:
    """W02 on every delegate beyond the category's quota for one unit (kept, flagged)."""
    counts: dict[tuple[str, str], list[Delegate]] = defaultdict(list)
    for delegate in delegates:
        if not delegate.is_invitee:
            counts[(delegate.unit_code, delegate.category)].append(delegate)
    for (unit_code, category_code), group in counts.items():
        category = master.categories.get(category_code)
        if category is None or category.quota is None or len(group) <= category.quota:
            continue
        for delegate in group[category.quota :]:
            file, _, row = delegate.source.rpartition("!")
            yield Issue(
                "W02",
                f"Đơn vị đăng ký {len(group)} người cho thành phần “{category.name}”, "
                f"vượt số lượng triệu tập ({category.quota}).",
                unit=unit_code,
                file=file,
                row=int(row) if row.isdigit() else None,
                field="full_name",
                value=delegate.full_name,
            )


def source_where(delegate: Delegate) -> dict[str, object]:
    """Where a registered delegate came from, as an Issue's unit, file, row, field and value."""
    file, _, row = delegate.source.rpartition("!")
    return {
        "unit": delegate.unit_code,
        "file": file,
        "row": int(row) if row.isdigit() else None,
        "field": "full_name",
        "value": delegate.full_name,
    }


def check_cross_unit_duplicates(delegates: Iterable[Delegate]) -> Iterator[Issue]:
    """W06: one person (name and phone, in any spelling) registered by two units; W11 (a hint)
    when the names match and one of the two phones is missing."""
    seen: dict[str, list[Delegate]] = defaultdict(list)
    for delegate in delegates:
        if delegate.is_invitee:
            continue
        same_name = seen[name_identity(delegate.full_name)]
        earlier = [d for d in same_name if d.unit_code != delegate.unit_code]
        same_name.append(delegate)
        same = next((d for d in earlier if d.phone and d.phone == delegate.phone), None)
        if same is not None:
            yield Issue(
                "W06",
                f"{delegate.full_name} ({delegate.phone}) cũng được đơn vị {same.unit_code} "
                f"đăng ký ({same.source}).",
                **source_where(delegate),  # type: ignore[arg-type]
            )
            continue
        maybe = next((d for d in earlier if not (d.phone and delegate.phone)), None)
        if maybe is not None:
            yield Issue(
                "W11",
                f"{delegate.full_name} trùng họ tên với người đơn vị {maybe.unit_code} đăng ký "
                f"({maybe.source}); một bên không ghi số điện thoại nên chưa rõ có phải một người.",
                **source_where(delegate),  # type: ignore[arg-type]
            )


def check_missing_units(master: Master, returned: set[str]) -> Iterator[Issue]:
    for unit in master.summoned_grassroots():
        if unit.code not in returned:
            yield Issue(
                "U01",
                f"{unit.name} chưa gửi phiếu đăng ký.",
                unit=unit.code,
            )


def check_capacity(master: Master, head_count: int) -> Iterator[Issue]:
    capacity = master.event.hall_capacity
    if capacity and head_count > capacity:
        yield Issue(
            "C01",
            f"Tổng số đại biểu ({head_count}) vượt sức chứa hội trường ({capacity} chỗ).",
            value=str(head_count),
        )


def deadline_text(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
