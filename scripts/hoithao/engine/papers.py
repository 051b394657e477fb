"""Paper (tham luận) tracking: which assigned units have sent their paper, and who is late."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path

from hoithao.intake.paper_dates import saved_time
from hoithao.issues import Issue
from hoithao.models import Master, PaperForm, PaperState, PaperStatus, Unit
from hoithao.vn.text import fold

PAPER_SUFFIXES = (".docx", ".doc", ".pdf", ".odt", ".rtf")


def _tokens(text: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", fold(text)))


def _matches(path: Path, unit: Unit) -> bool:
    stem = path.stem
    if unit.code.lower() in _tokens(stem):
        return True
    name = " ".join(re.split(r"[^a-z0-9]+", fold(unit.name))).strip()
    flat = " ".join(re.split(r"[^a-z0-9]+", fold(stem))).strip()
    return bool(name) and f" {name} " in f" {flat} "


def find_paper_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in PAPER_SUFFIXES and not p.name.startswith(("~$", "."))
    )


def received_time(path: Path) -> datetime:
    """When the paper was saved by its author (recorded inside it), else the file's time."""
    return saved_time(path) or datetime.fromtimestamp(path.stat().st_mtime)


def track_papers(
    master: Master,
    folder: Path,
    *,
    today: date,
    rel: Callable[[Path], str] = str,
    forms: Mapping[str, PaperForm] | None = None,
) -> list[PaperStatus]:
    """Status of every assignment; a file matches a unit by its code or its full name.
    `forms`: what each unit wrote on its return's paper sheet, by unit code."""
    files = find_paper_files(folder)
    statuses = []
    for assignment in master.papers:
        unit = master.units[assignment.unit_code]
        deadline = assignment.deadline or master.event.paper_deadline
        matched = [f for f in files if _matches(f, unit)]
        state: PaperState
        if matched:
            received: date | None = min(received_time(f) for f in matched).date()
            late = deadline is not None and received is not None and received > deadline
            state = "received_late" if late else "received"
        else:
            received = None
            state = "late" if deadline and today > deadline else "pending"
        form = (forms or {}).get(unit.code)
        statuses.append(
            PaperStatus(
                assignment, unit, deadline, state, [rel(f) for f in matched], received, form
            )
        )
    return statuses


def check_papers(statuses: list[PaperStatus]) -> list[Issue]:
    return [
        Issue(
            "P01",
            f"{s.unit.name} chưa gửi tham luận, hạn gửi {s.deadline:%d/%m/%Y}.",
            unit=s.unit.code,
            value=s.assignment.orientation,
        )
        for s in statuses
        if s.state == "late"
    ]
