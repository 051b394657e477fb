"""Which unit a row's `Đơn vị`, a sub-unit heading or a sheet name stands for, among the units
a return may register: typed freely ("1. Chi bộ Phòng Tổng hợp", "ĐB Bệnh viện Đa khoa",
"Văn phòng Sở"), so matched by the unit's own words, not its exact name."""

from __future__ import annotations

import re

from hoithao.forms.vocab import UNIT_NAME_PREFIXES
from hoithao.models import Unit
from hoithao.vn.text import fold

_NUMBERED = re.compile(r"^\s*(?:\d{1,3}|[ivxlc]{1,6}|[a-z])\s*[.)/:-]\s*")


# organisation words, long and short, before a unit's own name ("ĐB Bệnh viện", "CB Văn phòng")
_ORGANISATION = re.compile(
    r"^(?:(?:"
    + "|".join(sorted(UNIT_NAME_PREFIXES, key=len, reverse=True))
    + r"|cb|db|du|dbbp|cbtt)\b\s*)+"
)


def _core(folded: str) -> str:
    return _ORGANISATION.sub("", " ".join(re.findall(r"[a-z0-9]+", folded)))


def match_unit(text: str, allowed: dict[str, Unit]) -> Unit | None:
    """The unit a cell, a sub-unit heading ("1. Chi bộ Phòng Tổng hợp") or a sheet name
    ("ĐB Bệnh viện Đa khoa") stands for, among the units allowed."""
    key = " ".join(_NUMBERED.sub("", fold(text), count=1).split())
    if not key:
        return None
    for unit in allowed.values():
        if key in (fold(unit.name), unit.code.lower()):
            return unit
    core = _core(key)
    if len(core.split()) < 2:  # one word ("Y", "Tổng") is too little to pick a unit by
        return None
    cores = {u.code: _core(fold(u.name)) for u in allowed.values()}
    same = [u for u in allowed.values() if cores[u.code] == core]
    if len(same) == 1:
        return same[0]
    partial = [u for u in allowed.values() if f" {core} " in f" {cores[u.code]} "]
    if not partial:
        partial = [u for u in allowed.values() if f" {cores[u.code]} " in f" {core} "]
    return partial[0] if len(partial) == 1 else None
