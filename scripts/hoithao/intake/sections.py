"""What rows below a header mean besides people: a sub-unit heading ("1. Chi bộ Phòng Tổng
hợp") that files the rows under it, and cells merged down over several people ("Đơn vị"
written once for a unit's rows)."""

from __future__ import annotations

import re

from hoithao.forms.vocab import UNIT_NAME_PREFIXES
from hoithao.intake.read import RawSheet
from hoithao.vn.legacy import fix_legacy
from hoithao.vn.text import fold


def _plain(text: str) -> str:
    return fold(fix_legacy(text)[0] if not text.isascii() else text)


def _is_numbering(value: object) -> bool:
    """A heading's number ("1", "2.", 3): short, unlike a phone number."""
    if isinstance(value, str):
        digits = value.strip().rstrip(".")
        return digits.isdigit() and len(digits) <= 3
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1000


# columns whose cell a unit merges down over several people (one unit, one category)
FILL_DOWN = ("unit", "category")


def merged_down(
    sheet: RawSheet, start: int, columns: dict[str, int]
) -> dict[int, dict[int, object]]:
    """Row index -> {column: value} for the rows a vertical merge of a FILL_DOWN column covers
    below its first row (merged cells hold their value in the first cell only)."""
    wanted = {columns[f] for f in FILL_DOWN if f in columns}
    down: dict[int, dict[int, object]] = {}
    for top, left, bottom, right in sheet.merged:
        if bottom <= top or top < start or not wanted & set(range(left, right + 1)):
            continue
        value = sheet.rows[top][left] if left < len(sheet.rows[top]) else ""
        for r in range(top + 1, min(bottom, len(sheet.rows) - 1) + 1):
            for c in wanted & set(range(left, right + 1)):
                down.setdefault(r, {})[c] = value
    return down


_NUMBERING = re.compile(r"^\s*(?:[0-9]{1,3}|[ivxlc]{1,6}|[a-z])?\s*[.)/:-]?\s*")
_SECTION = re.compile(r"^(?:" + "|".join(sorted(UNIT_NAME_PREFIXES, key=len)) + r")\b")


def section_heading(row: list[object], filled: list[int]) -> str:
    """The text of a sub-unit heading row: one text cell naming a party organisation, maybe
    after a number in a cell of its own; nothing else on the row."""
    if len(filled) > 2:  # a person's row: at most one text and one number make a heading
        return ""
    numbers = [c for c in filled if _is_numbering(row[c]) or _roman(row[c])]
    texts = [row[c] for c in filled if c not in numbers and isinstance(row[c], str)]
    if len(texts) != 1 or len(filled) - len(numbers) != 1 or len(numbers) > 1:
        return ""
    text = str(texts[0]).strip()
    rest = _NUMBERING.sub("", _plain(text), count=1)
    if not _SECTION.match(rest) and not _SECTION.match(_plain(text)):
        return ""
    return text


def _roman(value: object) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"\s*[IVXLC]{1,6}\s*\.?\s*", value))
