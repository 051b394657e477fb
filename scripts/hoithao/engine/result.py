"""What one return contributes, apart from how it is computed (engine/returns.py): a re-run
whose results all come from the cache (engine/cache.py) never imports the readers."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from hoithao.engine.ordering import ReturnDates
from hoithao.issues import FileLog, Issue
from hoithao.models import Delegate, PaperForm
from hoithao.vn.names import name_identity


@dataclass
class ReturnResult:
    """What one file contributed: its log line, its delegates and its issues."""

    log: FileLog
    unit_code: str | None = None
    dates: ReturnDates = field(default_factory=ReturnDates)
    supplement: bool = False  # the file name or heading says "bổ sung"
    delegates: list[Delegate] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    paper: PaperForm | None = None  # the return's paper sheet, filled in
    read_seconds: float = 0.0
    process_seconds: float = 0.0


def delegate_id(unit_code: str, full_name: str) -> str:
    """Stable while unit and name stay the same, whatever else changes in the returns."""
    digest = hashlib.sha1(f"{unit_code}|{name_identity(full_name)}".encode()).digest()
    return f"{unit_code}-{base64.b32encode(digest).decode()[:5]}"
