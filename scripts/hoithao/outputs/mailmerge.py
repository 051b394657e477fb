"""output/tron_thu.xlsx: mail-merge tables for Word/Outlook (invitations, badges, envelopes…).

Word reads the first row as field names, guesses column types from the first rows and drops
Excel formatting, so every column here is text already written the way it must print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hoithao.outputs.party_doc import document_date_line
from hoithao.outputs.vocab import (
    BADGE_MERGE_COLUMNS,
    ENVELOPE_MERGE_COLUMNS,
    INVITATION_MERGE_COLUMNS,
    MERGE_SALUTATION,
    MERGE_SHEET_BADGE,
    MERGE_SHEET_ENVELOPE,
    MERGE_SHEET_INVITATION,
    MERGE_SHEET_PAPER_REMINDER,
    MERGE_SHEET_RECIPIENTS,
    MERGE_SHEET_REGISTRATION_REMINDER,
    MERGE_XLSX,
    PAPER_REMINDER_COLUMNS,
    PAPER_STATES,
    RECIPIENT_MERGE_COLUMNS,
    REGISTRATION_REMINDER_COLUMNS,
)
from hoithao.vn.dates import vn_date, vn_datetime, vn_short_date
from hoithao.vn.text import fold
from hoithao.workspace import Workspace
from hoithao.xlsx.fill import TextTable, write_text_tables

if TYPE_CHECKING:
    from hoithao.models import Consolidation, Delegate


@dataclass(frozen=True)
class MergeTable:
    """One sheet of tron_thu.xlsx: its name, the headers (= merge-field names) and text rows."""

    sheet: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    widths: tuple[float, ...] = ()

    def records(self) -> list[dict[str, str]]:
        """Rows as {field name: text}, what a Word merge sees."""
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]

    @classmethod
    def from_dicts(
        cls,
        sheet: str,
        columns: dict[str, str],
        rows: list[dict[str, str]],
        widths: tuple[float, ...],
    ) -> MergeTable:
        """A table from {field key: text} rows, columns in the order vocab gives them."""
        return cls(
            sheet,
            tuple(columns.values()),
            [tuple(row[key] for key in columns) for row in rows],
            widths,
        )


# Word names a merge field after the Excel header, with every character that is not a letter,
# digit or "_" (spaces first of all) turned into "_", and at most 40 characters.
WORD_FIELD_MAX = 40
_NOT_FIELD_CHAR = re.compile(r"[^\w]", re.UNICODE)


def word_field_name(header: str) -> str:
    """The «field» name Word derives from a column header; our headers are already such names."""
    return _NOT_FIELD_CHAR.sub("_", header.strip())[:WORD_FIELD_MAX]


# --- the tables ---------------------------------------------------------------------------------
def _position(d: Delegate) -> str:
    """What follows the name in `Kính gửi`: `Bí thư Đảng bộ Sở Y tế`, or an invitee's title."""
    if d.is_invitee or not d.party_role:
        return d.job_title
    return f"{d.party_role} {d.unit_name}".strip()


def _category_name(c: Consolidation, d: Delegate) -> str:
    category = c.master.categories.get(d.category)
    return category.name if category else d.category


def is_signer(c: Consolidation, full_name: str) -> bool:
    """The person who signs the invitations: she never invites herself."""
    signer = c.master.event.signer
    return bool(signer) and fold(full_name) == fold(signer)


def receives_invitation(c: Consolidation, d: Delegate) -> bool:
    """Whether a delegate gets an invitation: by the category's `Gửi giấy mời`, never the signer."""
    category = c.master.categories.get(d.category)
    if category is not None and not category.invited:
        return False
    return not is_signer(c, d.full_name)


def invitation_table(c: Consolidation) -> MergeTable:
    event = c.master.event
    place_date = document_date_line(event)
    time_text = vn_datetime(event.starts_at)
    rows = [
        {
            "id": d.id,
            "salutation": MERGE_SALUTATION,
            "full_name": d.full_name,
            "party_role": d.party_role,
            "job_title": d.job_title,
            "position": _position(d),
            "unit_name": d.unit_name,
            "category": _category_name(c, d),
            "event_title": event.title,
            "plan_number": event.plan_number,
            "time_text": time_text,
            "venue": event.venue,
            "place_date": place_date,
            "signer": event.signer,
            "signer_title": event.signer_title.upper(),
        }
        for d in c.delegates
        if receives_invitation(c, d)
    ]
    return MergeTable.from_dicts(
        MERGE_SHEET_INVITATION,
        INVITATION_MERGE_COLUMNS,
        rows,
        (12, 10, 24, 14, 24, 36, 30, 30, 40, 12, 40, 40, 30, 24, 26),
    )


def badge_table(c: Consolidation) -> MergeTable:
    """Only what is printed on a badge: no phone, no e-mail."""
    rows = [
        {
            "id": d.id,
            "full_name": d.full_name,
            "role": d.party_role or d.job_title,
            "unit_name": d.unit_name,
            "category": _category_name(c, d),
            "event_title": c.master.event.title,
        }
        for d in c.delegates
    ]
    return MergeTable.from_dicts(
        MERGE_SHEET_BADGE,
        BADGE_MERGE_COLUMNS,
        rows,
        (12, 26, 24, 36, 36, 40),
    )


def envelope_table(c: Consolidation) -> MergeTable:
    """One envelope per grassroots unit with someone invited (its sub-units' invitations
    enclosed), then one per named invitee, addressed to the person."""
    master = c.master
    rows: list[tuple[str, ...]] = []
    by_unit: dict[str, int] = {}
    for d in c.registered:
        if not receives_invitation(c, d):
            continue
        unit = master.units.get(d.unit_code)
        home = unit.parent if unit and unit.parent else d.unit_code
        by_unit[home] = by_unit.get(home, 0) + 1
    for unit in master.summoned_grassroots():
        count = by_unit.get(unit.code, 0)
        if count:
            rows.append((unit.code, unit.name, unit.address, str(count)))
    for invitee in master.invitees:
        category = master.categories.get(invitee.category)
        if (category is not None and not category.invited) or is_signer(c, invitee.full_name):
            continue
        address = ", ".join(part for part in (invitee.organisation, invitee.address) if part)
        rows.append(("", f"{MERGE_SALUTATION} {invitee.full_name}", address, "1"))
    return MergeTable(
        MERGE_SHEET_ENVELOPE,
        tuple(ENVELOPE_MERGE_COLUMNS.values()),
        rows,
        (12, 40, 50, 12),
    )


def registration_reminder_table(c: Consolidation) -> MergeTable:
    event = c.master.event
    deadline = event.registration_deadline
    rows = []
    unread = _unread_returns(c)
    for unit in c.missing_units:
        again = "gửi lại" if unit.code in unread else "gửi phiếu đăng ký"
        if deadline and c.today > deadline:
            when = f"hạn đăng ký là {vn_date(deadline)} đã qua; đề nghị đơn vị {again} ngay"
        elif deadline:
            when = f"đề nghị đơn vị {again} trước {vn_date(deadline)}"
        else:
            when = f"đề nghị đơn vị {again} sớm"
        if unit.code in unread:
            message = (
                f"Kính gửi {unit.name}: Ban Tổ chức đã nhận {unread[unit.code]} của đơn vị "
                f"nhưng không đọc được danh sách đại biểu dự {event.title}; {when}."
            )
        else:
            message = (
                f"Kính gửi {unit.name}: đến nay Ban Tổ chức chưa nhận được phiếu đăng ký đại "
                f"biểu dự {event.title} của đơn vị; {when}."
            )
        rows.append(
            (unit.code, unit.name, unit.email, unit.phone, vn_short_date(deadline), message)
        )
    return MergeTable(
        MERGE_SHEET_REGISTRATION_REMINDER,
        tuple(REGISTRATION_REMINDER_COLUMNS.values()),
        rows,
        (12, 36, 30, 14, 26, 80),
    )


def _unread_returns(c: Consolidation) -> dict[str, str]:
    """Units whose only returns were rejected: what was wrong, in the words of the reminder."""
    reasons = {"F01": "tệp hỏng / không đọc được", "F03": "không có bảng danh sách đại biểu"}
    found: dict[str, list[str]] = {}
    for issue in c.issues:
        if issue.code in reasons and issue.unit:
            name = issue.file.rsplit("/", 1)[-1]
            found.setdefault(issue.unit, []).append(f"tệp “{name}” ({reasons[issue.code]})")
    return {code: ", ".join(files) for code, files in found.items()}


def paper_reminder_table(c: Consolidation) -> MergeTable:
    rows = []
    for status in c.papers:
        if status.is_received:
            continue
        unit = status.unit
        when = (
            f"hạn gửi là {vn_date(status.deadline)} đã qua; đề nghị đơn vị gửi ngay"
            if status.state == "late" and status.deadline
            else f"đề nghị đơn vị gửi trước {vn_date(status.deadline)}"
            if status.deadline
            else "đề nghị đơn vị gửi sớm"
        )
        orientation = status.assignment.orientation
        topic = f" (định hướng: {orientation})" if orientation else ""
        message = (
            f"Kính gửi {unit.name}: Ban Tổ chức chưa nhận được bài tham luận{topic} của đơn vị "
            f"phục vụ {c.master.event.title}; {when}."
        )
        rows.append(
            (
                unit.code,
                unit.name,
                unit.email,
                orientation,
                status.assignment.form,
                vn_short_date(status.deadline),
                PAPER_STATES[status.state],
                message,
            )
        )
    return MergeTable(
        MERGE_SHEET_PAPER_REMINDER,
        tuple(PAPER_REMINDER_COLUMNS.values()),
        rows,
        (12, 36, 30, 40, 12, 26, 12, 80),
    )


def recipient_table(c: Consolidation) -> MergeTable:
    """`Nơi nhận` as it prints under a Party document: `- X (b/c),` … the last line ends with `.`"""
    recipients = c.master.recipients
    rows = []
    for n, r in enumerate(recipients, start=1):
        text = f"{r.recipient} ({r.note})" if r.note else r.recipient
        end = "." if n == len(recipients) else ","
        rows.append((str(n), r.recipient, r.note, f"- {text}{end}"))
    return MergeTable(
        MERGE_SHEET_RECIPIENTS,
        tuple(RECIPIENT_MERGE_COLUMNS.values()),
        rows,
        (6, 40, 12, 50),
    )


def merge_tables(c: Consolidation) -> list[MergeTable]:
    """Every sheet of tron_thu.xlsx, in workbook order."""
    return [
        invitation_table(c),
        badge_table(c),
        envelope_table(c),
        registration_reminder_table(c),
        paper_reminder_table(c),
        recipient_table(c),
    ]


def mailmerge_tables(c: Consolidation) -> list[TextTable]:
    """tron_thu.xlsx's sheets as plain text tables: what a worker needs to write it."""
    return [
        TextTable(t.sheet, t.headers, [tuple(v or "" for v in row) for row in t.rows], t.widths)
        for t in merge_tables(c)
    ]


def write_mailmerge_tables(tables: list[TextTable], ws: Workspace) -> str:
    path = ws.output(MERGE_XLSX)
    write_text_tables(tables, path, display_path=ws.rel(path), title="Trộn thư")
    return ws.rel(path)


def write_mailmerge(c: Consolidation, ws: Workspace) -> str:
    """Write output/tron_thu.xlsx; every cell text, one header row, nothing merged."""
    return write_mailmerge_tables(mailmerge_tables(c), ws)
