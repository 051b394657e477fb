"""Which units a return may register, which of its sheets to read, and which unit a row's
`Đơn vị`, a sub-unit heading or a sheet name stands for: typed freely ("1. Chi bộ Phòng Tổng
hợp", "ĐB Bệnh viện Đa khoa", "Văn phòng Sở"), so matched by the unit's own words."""

from __future__ import annotations

import re

from hoithao.forms.vocab import UNIT_NAME_PREFIXES
from hoithao.intake.locate import Table, find_tables
from hoithao.intake.read import RawWorkbook
from hoithao.models import Master, Unit
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


_SUB_UNITS: list[tuple[Master, dict[str, list[Unit]]]] = []


def _summoned_sub_units(master: Master, code: str) -> list[Unit]:
    """master.summoned_sub_units, indexed once per master: asked for every file, it would make a
    run quadratic in the number of units."""
    if not _SUB_UNITS or _SUB_UNITS[0][0] is not master:
        index: dict[str, list[Unit]] = {}
        for unit in master.units.values():
            if unit.summoned:
                index.setdefault(unit.parent, []).append(unit)
        _SUB_UNITS[:] = [(master, index)]
    return _SUB_UNITS[0][1].get(code, [])


def allowed_units(unit: Unit, master: Master) -> dict[str, Unit]:
    """The units a return of `unit` may register: itself and its summoned sub-units."""
    return {unit.code: unit} | {u.code: u for u in _summoned_sub_units(master, unit.code)}


def tables_to_read(workbook: RawWorkbook, unit: Unit, master: Master) -> list[Table]:
    """The return's table, and the table of every other sheet that names one of the units this
    return may register (one sheet per chi bộ); a sheet that names a sub-unit files its rows
    with an empty Đơn vị under that sub-unit."""
    allowed = allowed_units(unit, master)
    chosen = []
    for n, table in enumerate(find_tables(workbook)):
        named = match_unit(table.sheet, allowed) or (
            match_unit(table.title, allowed) if table.title else None
        )
        if n and named is None:
            continue
        if named is not None:
            for row in table.rows:
                row.section = row.section or named.name
        chosen.append(table)
    order = {sheet.name: n for n, sheet in enumerate(workbook.sheets)}
    return sorted(chosen, key=lambda t: order.get(t.sheet, 0))  # "later" = later in the file
