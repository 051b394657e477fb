"""Paper (tham luận) tracking: which assigned units have sent their paper, and who is late."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from hoithao.issues import Issue
from hoithao.models import Master, PaperState, PaperStatus, Unit
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


def track_papers(
    master: Master, folder: Path, *, today: date, rel: Callable[[Path], str] = str
) -> list[PaperStatus]:
    """Status of every assignment; a file matches a unit by its code or its full name."""
    files = find_paper_files(folder)
    statuses = []
    for assignment in master.papers:
        unit = master.units[assignment.unit_code]
        deadline = assignment.deadline or master.event.paper_deadline
        matched = [f for f in files if _matches(f, unit)]
        if matched:
            received = min(datetime.fromtimestamp(f.stat().st_mtime).date() for f in matched)
            state: PaperState = "received"
        else:
            received = None
            state = "late" if deadline and today > deadline else "pending"
        statuses.append(
            PaperStatus(assignment, unit, deadline, state, [rel(f) for f in matched], received)
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
