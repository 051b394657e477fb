"""Which of two returns of one unit is the later one, and how sure that is (DESIGN §9).

Clues, strongest first: the date written on the form, the time the file was last saved as
recorded inside it (xlsx/xlsm/docx `docProps/core.xml`, ods `meta.xml`), the file's modification
time (reset by e-mail and copying: the weakest). Two returns are compared on the strongest clue
both carry; an order that rests on the file time alone, or on clues that contradict each other,
is still decided but flagged (W09) so that staff can settle it in sheet `Xử lý phiếu`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TypeVar

from hoithao.vn.text import fold, text_cache

T = TypeVar("T")

CLUE_WRITTEN = "written"
CLUE_SAVED = "saved"
CLUE_MODIFIED = "modified"
CLUE_NAME = "name"
CLUE_PATH = "path"
CLUE_LABELS = {
    CLUE_WRITTEN: "ngày ghi trên phiếu",
    CLUE_SAVED: "thời điểm lưu ghi bên trong tệp",
    CLUE_MODIFIED: "thời gian sửa tệp trên máy",
    CLUE_NAME: "tên tệp (có chữ “sửa lại”, “mới”, “lần 2”…)",
    CLUE_PATH: "thứ tự tên tệp",
}
# words in a file name that say "this one replaces an earlier one" (folded)
CORRECTION_WORDS = (
    "sua",
    "sua lai",
    "chinh sua",
    "dieu chinh",
    "cap nhat",
    "thay the",
    "moi",
    "gui lai",
    "nop lai",
    "lan 2",
    "lan 3",
    "final",
)
_CORRECTION = re.compile(r"\b(" + "|".join(re.escape(w) for w in CORRECTION_WORDS) + r")\b")
_SUPPLEMENT = re.compile(r"\bbo\s*sung\b")


@dataclass(frozen=True)
class ReturnDates:
    """The clues to when one return was made. `saved` is UTC; `modified` is local time."""

    written: date | None = None
    saved: datetime | None = None
    modified: datetime | None = None

    def clue_text(self, clue: str) -> str:
        value = {CLUE_WRITTEN: self.written, CLUE_SAVED: self.saved, CLUE_MODIFIED: self.modified}
        shown = value.get(clue)
        if isinstance(shown, datetime):
            if clue == CLUE_SAVED:
                shown = shown.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)
            return f"{shown:%d/%m/%Y %H:%M}"
        return f"{shown:%d/%m/%Y}" if isinstance(shown, date) else "không có"


@dataclass(frozen=True)
class Verdict:
    """The order of two returns: whether the first is the later one, by which clue, how surely."""

    first_is_later: bool
    clue: str
    confident: bool
    doubt: str = ""  # why it is not sure (Vietnamese), empty when confident


# --- names --------------------------------------------------------------------------------------
@text_cache  # every heading cell of every return is asked
def says_supplement(text: str) -> bool:
    """A file name or heading that calls the return a supplement ("bổ sung", any spelling)."""
    return bool(_SUPPLEMENT.search(re.sub(r"[_\-.]+", " ", fold(text))))


def says_correction(name: str) -> bool:
    return bool(_CORRECTION.search(re.sub(r"[_\-.()]+", " ", fold(Path(name).stem))))


# --- comparing two returns ----------------------------------------------------------------------
WEAK_DOUBT = (
    "chỉ dựa vào thời gian sửa tệp trên máy, thời gian này bị đặt lại khi lưu tệp đính kèm "
    "thư điện tử hoặc sao chép tệp"
)
CONTRADICTION_DOUBT = "ngày ghi trên phiếu và thời điểm lưu bên trong tệp ngược nhau"
ONE_SIDED_DOUBT = (
    "hai tệp có cùng thời gian sửa trên máy; chỉ một phiếu có ngày ghi hoặc thời điểm lưu bên "
    "trong tệp"
)
TIE_DOUBT = "hai phiếu có cùng ngày ghi, cùng thời điểm lưu và cùng thời gian sửa tệp"


def _local(saved: datetime) -> datetime:
    return saved.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)


def _earliest(d: ReturnDates) -> tuple[datetime, str] | None:
    """The return was saved no earlier than this: its written day, or its saved time."""
    if d.saved is not None:
        return _local(d.saved), CLUE_SAVED
    if d.written is not None:
        return datetime.combine(d.written, datetime.min.time()), CLUE_WRITTEN
    return None


def _latest(d: ReturnDates) -> datetime | None:
    """The return was saved no later than this: its saved time, or its file time (copying and
    saving an attachment only ever move a file time later)."""
    if d.saved is not None:
        return _local(d.saved)
    return d.modified.replace(microsecond=0) if d.modified else None


def _common_clue(a: ReturnDates, b: ReturnDates) -> Verdict | None:
    """The strongest clue both returns carry that tells them apart (written date, saved time)."""
    if a.written and b.written and a.written != b.written:
        later = a.written > b.written
        if a.saved and b.saved and a.saved != b.saved and (a.saved > b.saved) != later:
            return Verdict(later, CLUE_WRITTEN, False, CONTRADICTION_DOUBT)
        return Verdict(later, CLUE_WRITTEN, True)
    if a.saved and b.saved and a.saved != b.saved:
        later = a.saved > b.saved
        first, second = (b, a) if later else (a, b)
        if first.written and second.saved and first.written > _local(second.saved).date():
            # the earlier-saved return is dated after the later one was saved
            return Verdict(later, CLUE_SAVED, False, CONTRADICTION_DOUBT)
        return Verdict(later, CLUE_SAVED, True)
    return None


def compare_returns(a: ReturnDates, b: ReturnDates, a_name: str, b_name: str) -> Verdict:
    """Is `a` later than `b`? The strongest clue both carry decides. Without one, the order is
    sure only when one return was saved after the other could have been at the latest; else it
    is unsure (W09) and taken from a name saying "sửa lại", then file times, then the return
    that has a written date or saved time, then the names."""
    verdict = _common_clue(a, b)
    if verdict is not None:
        return verdict
    a_from, b_from = _earliest(a), _earliest(b)
    a_until, b_until = _latest(a), _latest(b)
    if a_from and b_until and a_from[0] > b_until:
        return Verdict(True, a_from[1], True)
    if b_from and a_until and b_from[0] > a_until:
        return Verdict(False, b_from[1], True)
    a_fix, b_fix = says_correction(a_name), says_correction(b_name)
    if a_fix != b_fix:
        return Verdict(a_fix, CLUE_NAME, False, WEAK_DOUBT if a_until != b_until else TIE_DOUBT)
    a_time = a.modified.replace(microsecond=0) if a.modified else None
    b_time = b.modified.replace(microsecond=0) if b.modified else None
    if a_time and b_time and a_time != b_time:
        return Verdict(a_time > b_time, CLUE_MODIFIED, False, WEAK_DOUBT)
    if (a_from is None) != (b_from is None):
        clue = (a_from or b_from)[1]  # type: ignore[index]
        return Verdict(a_from is not None, clue, False, ONE_SIDED_DOUBT)
    return Verdict(a_name > b_name, CLUE_PATH, False, TIE_DOUBT)


def order_returns(items: Sequence[T], key: Callable[[T], tuple[str, ReturnDates]]) -> list[T]:
    """Earliest first; `key` gives each item's display name and dates."""

    def cmp(a: T, b: T) -> int:
        (a_name, a_dates), (b_name, b_dates) = key(a), key(b)
        if a_name == b_name:
            return 0
        return 1 if compare_returns(a_dates, b_dates, a_name, b_name).first_is_later else -1

    return sorted(items, key=functools.cmp_to_key(cmp))
