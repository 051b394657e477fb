"""Plain data types shared by every step of the flow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from hoithao.issues import FileLog, Issue


@dataclass(frozen=True)
class Event:
    event_code: str
    title: str
    plan_number: str = ""
    organiser: str = ""
    starts_at: datetime | None = None
    venue: str = ""
    hall_capacity: int | None = None
    registration_deadline: date | None = None
    paper_deadline: date | None = None
    signer: str = ""
    signer_title: str = ""
    signed_on: date | None = None  # `Ngày ký`: None prints a blank date for the signer


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    parent: str = ""
    summoned: bool = True
    email: str = ""
    phone: str = ""
    address: str = ""
    row: int = 0  # row in sheet "Đơn vị": the master's order is the protocol order

    @property
    def is_grassroots(self) -> bool:
        return not self.parent


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    unit_kinds: tuple[str, ...] = ()  # empty: named invitees
    valid_roles: tuple[str, ...] = ()
    quota: int | None = None
    row: int = 0
    invited: bool = True  # `Gửi giấy mời`: receives invitations and envelopes

    @property
    def is_named(self) -> bool:
        return not self.unit_kinds


@dataclass(frozen=True)
class Invitee:
    full_name: str
    gender: str = ""
    title: str = ""
    organisation: str = ""
    category: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    row: int = 0


@dataclass(frozen=True)
class PaperAssignment:
    unit_code: str
    orientation: str = ""
    form: str = ""
    order: int | None = None
    deadline: date | None = None
    row: int = 0


@dataclass(frozen=True)
class Recipient:
    recipient: str
    note: str = ""


@dataclass(frozen=True)
class BudgetLine:
    item: str
    unit_of_measure: str = ""
    price: float = 0.0
    basis: str = ""
    quantity: float | None = None
    sessions: float | None = None
    legal_basis: str = ""
    row: int = 0


@dataclass(frozen=True)
class ReturnDecision:
    """A row of sheet "Xử lý phiếu": staff's word on one returned file."""

    file: str  # file name, or path under workbooks/phieu_dang_ky/
    unit_code: str = ""  # overrides identification when set
    action: str = ""  # "use", "supplement", "drop" or "" (unit override only)
    action_text: str = ""  # as typed, for the warning when it is not understood
    note: str = ""
    row: int = 0


@dataclass
class Master:
    event: Event
    units: dict[str, Unit]
    categories: dict[str, Category]
    invitees: list[Invitee] = field(default_factory=list)
    papers: list[PaperAssignment] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    decisions: list[ReturnDecision] = field(default_factory=list)
    info_rows: dict[str, int] = field(default_factory=dict)  # Thông tin key -> its row

    def sub_units(self, code: str) -> list[Unit]:
        return [u for u in self.units.values() if u.parent == code]

    def summoned_sub_units(self, code: str) -> list[Unit]:
        return [u for u in self.sub_units(code) if u.summoned]

    def summoned_grassroots(self) -> list[Unit]:
        """The units that receive a form and are expected to answer."""
        return [u for u in self.units.values() if u.is_grassroots and u.summoned]

    def unit_full_name(self, code: str) -> str:
        """A sub-unit with its parent, so a printed list says whose it is:
        `Chi bộ Phòng Tổng hợp, Đảng bộ Sở Y tế`."""
        unit = self.units.get(code)
        if unit is None:
            return ""
        parent = self.units.get(unit.parent) if unit.parent else None
        return f"{unit.name}, {parent.name}" if parent else unit.name

    def category_for_kind(self, kind: str) -> Category | None:
        for category in self.categories.values():
            if kind in category.unit_kinds:
                return category
        return None


@dataclass
class Delegate:
    """One person expected at the event: a registered delegate or a named invitee."""

    id: str
    full_name: str
    gender: str = ""
    party_role: str = ""
    job_title: str = ""
    unit_code: str = ""
    unit_name: str = ""
    category: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""
    source: str = ""  # "file!row", empty for named invitees
    warnings: list[str] = field(default_factory=list)
    is_invitee: bool = False
    order: int = 0  # master row of a named invitee

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "full_name": self.full_name,
            "gender": self.gender,
            "party_role": self.party_role,
            "job_title": self.job_title,
            "unit_code": self.unit_code,
            "category": self.category,
            "phone": self.phone,
            "email": self.email,
            "source": self.source,
        }


PaperState = Literal["received", "received_late", "pending", "late"]


@dataclass(frozen=True)
class PaperForm:
    """What a unit wrote on the `Tham luận` sheet of its return."""

    title: str = ""
    presenter: str = ""
    presenter_title: str = ""
    phone: str = ""
    source: str = ""  # "file!row" of the title, for staff to look it up


@dataclass
class PaperStatus:
    assignment: PaperAssignment
    unit: Unit
    deadline: date | None
    state: PaperState
    files: list[str]
    received_on: date | None = None
    form: PaperForm | None = None  # title, presenter… from the unit's return

    @property
    def is_received(self) -> bool:
        return self.state in ("received", "received_late")


@dataclass
class Changes:
    since: datetime | None
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[tuple[dict[str, str], str, str, str]] = field(default_factory=list)
    units_returned: list[str] = field(default_factory=list)
    units_withdrawn: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.added)
            + len(self.removed)
            + len(self.changed)
            + len(self.units_returned)
            + len(self.units_withdrawn)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "added": [d["id"] for d in self.added],
            "removed": [d["id"] for d in self.removed],
            "changed": [
                {"id": d["id"], "field": name, "old": old, "new": new}
                for d, name, old, new in self.changed
            ],
            "units_returned": self.units_returned,
            "units_withdrawn": self.units_withdrawn,
        }


@dataclass
class Consolidation:
    master: Master
    delegates: list[Delegate]
    issues: list[Issue]
    file_log: list[FileLog]
    papers: list[PaperStatus]
    returned: set[str]
    today: date
    # seconds per phase (read and process summed over files, so CPU time when run in parallel)
    timings: dict[str, float] = field(default_factory=dict)
    # what changed since the previous snapshot (engine/history.py)
    changes: Changes = field(default_factory=lambda: Changes(None))
    # the snapshot `run` keeps once the outputs are written; None: the result is already kept
    pending_snapshot: Any = None

    @property
    def missing_units(self) -> list[Unit]:
        return [u for u in self.master.summoned_grassroots() if u.code not in self.returned]

    @property
    def registered(self) -> list[Delegate]:
        return [d for d in self.delegates if not d.is_invitee]

    @property
    def invitees(self) -> list[Delegate]:
        return [d for d in self.delegates if d.is_invitee]

    def file_counts(self) -> dict[str, int]:
        counts = {"found": len(self.file_log)}
        for status in ("consolidated", "superseded", "rejected", "skipped"):
            counts[status] = sum(1 for f in self.file_log if f.status == status)
        return counts

    def row_counts(self) -> dict[str, int]:
        used = [f for f in self.file_log if f.status == "consolidated"]
        return {
            "read": sum(f.rows_read for f in used),
            "accepted": sum(f.rows_accepted for f in used),
            "rejected": sum(f.rows_rejected for f in used),
            "ignored": sum(f.rows_ignored for f in used),
        }

    def issue_counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for issue in self.issues:
            counts[issue.level] += 1
        return counts

    def to_json(self) -> dict[str, object]:
        summoned = self.master.summoned_grassroots()
        return {
            "event": self.master.event.event_code,
            "files": self.file_counts(),
            "rows": self.row_counts(),
            "units": {
                "summoned": len(summoned),
                "returned": sum(1 for u in summoned if u.code in self.returned),
                "missing": [u.code for u in self.missing_units],
            },
            "delegates": [d.to_json() for d in self.delegates],
            "issues": [i.to_json() for i in self.issues],
            "file_log": [f.to_json() for f in self.file_log],
            "changes": self.changes.to_json(),
        }
