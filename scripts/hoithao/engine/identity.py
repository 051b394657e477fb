"""One person, one delegate across the whole event.

A member of the Ban Chấp hành is a named invitee in the master and is often registered again by
his own unit as its Bí thư: he must get one code, one badge, one invitation and one seat. Two
units registering the same person is flagged (W06), whatever the spelling of name or phone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from hoithao.forms.vocab import UNIT_NAME_PREFIXES
from hoithao.issues import Issue
from hoithao.master.vocab import SHEET_INVITEES
from hoithao.models import Delegate
from hoithao.rules.validate import source_where
from hoithao.vn.names import name_identity
from hoithao.vn.text import fold


def _organisation_key(text: str) -> str:
    """An organisation's name without "Đảng bộ", "Chi bộ" …: "Đảng bộ Sở Y tế" → "so y te"."""
    key = fold(text)
    for prefix in sorted(UNIT_NAME_PREFIXES, key=len, reverse=True):
        if key.startswith(prefix + " "):
            return key[len(prefix) + 1 :]
    return key


def _same_place(invitee: Delegate, delegate: Delegate) -> bool:
    ours, theirs = _organisation_key(invitee.unit_name), _organisation_key(delegate.unit_name)
    return bool(ours and theirs) and (ours in theirs or theirs in ours)


def _same_person(invitee: Delegate, delegate: Delegate, unique_name: bool) -> bool:
    """Same name (title, case, tone placement, look-alikes aside), and a second clue: the same
    phone number, or the invitee's organisation is the unit, or one phone is missing and no one
    else bears the name."""
    if invitee.phone and delegate.phone:
        return invitee.phone == delegate.phone or _same_place(invitee, delegate)
    return _same_place(invitee, delegate) or unique_name


def merge_invitees(
    registered: Sequence[Delegate], invitees: Sequence[Delegate]
) -> tuple[list[Delegate], list[Delegate], list[Issue]]:
    """(registered delegates that are not invitees, the invitees completed with what their unit
    wrote, W10 for each merge). The invitee keeps his code, category and master order."""
    by_name: dict[str, list[Delegate]] = defaultdict(list)
    for invitee in invitees:
        by_name[name_identity(invitee.full_name)].append(invitee)
    registered_names = defaultdict(int)
    for delegate in registered:
        registered_names[name_identity(delegate.full_name)] += 1
    merged: dict[str, Delegate] = {}
    kept: list[Delegate] = []
    issues: list[Issue] = []
    for delegate in registered:
        key = name_identity(delegate.full_name)
        unique = len(by_name.get(key, ())) == 1 and registered_names[key] == 1
        candidates = [i for i in by_name.get(key, ()) if i.id not in merged]
        match = next((i for i in candidates if _same_person(i, delegate, unique)), None)
        if match is None:
            kept.append(delegate)
            continue
        merged[match.id] = replace(
            match,
            gender=match.gender or delegate.gender,
            party_role=match.party_role or delegate.party_role,
            phone=match.phone or delegate.phone,
            email=match.email or delegate.email,
            note="; ".join(filter(None, [match.note, f"Cũng được {delegate.unit_name} đăng ký"])),
            source=delegate.source,
        )
        by_name_only = not (match.phone and delegate.phone) and not _same_place(match, delegate)
        issues.append(
            Issue(
                "W10",
                f"{delegate.full_name} là đại biểu mời (sheet “{SHEET_INVITEES}”, dòng "
                f"{match.order}, thành phần {match.category}): tính một lần, theo thành phần "
                "của đại biểu mời."
                + (" Chỉ căn cứ họ tên: hãy kiểm tra lại." if by_name_only else ""),
                **source_where(delegate),  # type: ignore[arg-type]
            )
        )
    return kept, [merged.get(i.id, i) for i in invitees], issues
