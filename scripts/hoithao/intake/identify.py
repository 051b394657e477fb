"""Which unit sent this file, and on which date the form was made.

Clues, strongest first: the hidden identity sheet of our form, a "Mã đơn vị" cell, the unit's
name in the heading, the file name. The first clue decides; later clues that name another unit
become conflicts (issue F06), since a unit may have copied another unit's form.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from hoithao.forms.vocab import (
    FILE_NAME_FILLERS,
    FORM_SHEET_IDENTITY,
    IDENTITY_KEYS,
    UNIT_CODE_LABEL,
    UNIT_NAME_PREFIXES,
)
from hoithao.intake.locate import SKIPPED_SHEETS, find_table, plain_fold
from hoithao.intake.read import RawSheet, RawWorkbook
from hoithao.models import Master, Unit
from hoithao.vn.text import fold, header_key, text_cache

HEADING_ROWS = 12
FUZZY_RATIO = 0.85
CLUE_IDENTITY = "theo sheet nhận diện"
CLUE_CODE_CELL = "theo ô Mã đơn vị"
CLUE_HEADING = "theo tên đơn vị ở tiêu đề"
CLUE_FILE_NAME = "theo tên tệp"
# how a conflict names its source: "<source> chỉ <unit> (<code>)"
SOURCE_NAMES = {
    CLUE_IDENTITY: "sheet nhận diện",
    CLUE_CODE_CELL: "ô Mã đơn vị",
    CLUE_HEADING: "tiêu đề",
    CLUE_FILE_NAME: "tên tệp",
}


@dataclass
class Identification:
    unit_code: str | None
    clue: str = ""  # short Vietnamese phrase: how the unit was recognised
    conflicts: list[str] = field(default_factory=list)  # "tên tệp chỉ Chi bộ Sở Ngoại vụ (CS05)"
    event_code: str | None = None


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


# --- the clues ----------------------------------------------------------------------------------
def _identity_sheet(workbook: RawWorkbook) -> tuple[str | None, str | None]:
    """(unit code, event code) from our hidden sheet of key/value rows."""
    sheet = workbook.sheet(FORM_SHEET_IDENTITY)
    if sheet is None:
        return None, None
    found: dict[str, str] = {}
    for row in sheet.rows:
        cells = [_text(v) for v in row if _text(v)]
        if len(cells) >= 2:
            found[fold(cells[0])] = cells[1]
    keys = IDENTITY_KEYS
    return found.get(keys["unit_code"]) or None, found.get(keys["event_code"]) or None


_CODE_LABEL = header_key(UNIT_CODE_LABEL)
_CODE_AFTER_LABEL = re.compile(re.escape(fold(UNIT_CODE_LABEL)) + r"\s*:\s*([a-z0-9][\w.-]*)")


def _code_cells(rows: list[list[object]]) -> list[str]:
    """Values of cells labelled "Mã đơn vị": after ':' in the same cell (our form writes
    "Đơn vị: … — Mã đơn vị: CS02"), or in the next filled cell to the right of the label."""
    values = []
    for row in rows:
        for c, value in enumerate(row):
            if value.__class__ is not str:
                continue
            inline, is_label = _code_clue(value)  # type: ignore[arg-type]
            if inline:
                values.extend(inline)
            elif is_label:
                right = next((_text(v) for v in row[c + 1 : c + 4] if _text(v)), "")
                if right:
                    values.append(right)
    return values


@text_cache
def _code_clue(text: str) -> tuple[tuple[str, ...], bool]:
    """(codes written after "Mã đơn vị:" in the text, whether the text is that label alone)."""
    return tuple(_CODE_AFTER_LABEL.findall(plain_fold(text))), header_key(text) == _CODE_LABEL


def _ordered(workbook: RawWorkbook) -> list[RawSheet]:
    sheets = [s for s in workbook.sheets if s.name not in SKIPPED_SHEETS]
    return sorted(sheets, key=lambda s: not s.visible)


def _heading_rows(workbook: RawWorkbook) -> list[list[object]]:
    """The rows above the table (or the first rows of every sheet when there is no table),
    after the heading the reader found outside the sheets (a Word document's)."""
    table = find_table(workbook)
    rows: list[list[object]] = list(workbook.heading[:HEADING_ROWS])
    for sheet in _ordered(workbook):
        if table is None:
            rows.extend(sheet.rows[:HEADING_ROWS])
        elif sheet.name == table.sheet:
            rows.extend(sheet.rows[: max(0, table.header_row - sheet.first_row)])
    return rows


def heading_texts(workbook: RawWorkbook) -> list[str]:
    """The texts above the table (where a return calls itself "danh sách bổ sung")."""
    return [text for row in _heading_rows(workbook) for text in row if isinstance(text, str)]


_WORD = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"[a-z]+|\d+")


def _words(text: str) -> str:
    """Folded words joined by single spaces: punctuation never decides a match."""
    return " ".join(_WORD.findall(text))


@text_cache
def _heading_words(text: str) -> str:
    return _words(plain_fold(text))


def _core(name: str) -> str:
    """A unit's folded name without its organisation words: "chi bo so tu phap" -> "so tu phap"."""
    for prefix in UNIT_NAME_PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def _code_key(code: str) -> tuple[str, ...]:
    """ "CS02", "cs2" and "CS-02" give the same key."""
    return tuple(str(int(t)) if t.isdigit() else t for t in _TOKEN.findall(code.lower()))


class _UnitIndex:
    """Lookups by code, whole name and core name, so that a file costs the same whatever the
    number of units; only the fuzzy fallback still looks at every unit."""

    def __init__(self, master: Master) -> None:
        self.master = master
        self.units = list(master.units.values())
        self.names = {u.code: _words(fold(u.name)) for u in self.units}
        self.by_code: dict[tuple[str, ...], Unit] = {}
        self.by_name: dict[str, Unit] = {}
        self.by_core: dict[str, list[Unit]] = {}
        # an e-mail sent from a unit's address in the master (the Đơn vị sheet's Email)
        self.by_email = {u.email.strip().lower(): u for u in self.units if "@" in u.email}
        for unit in self.units:
            self.by_code.setdefault(_code_key(unit.code), unit)
            name = self.names[unit.code]
            self.by_name.setdefault(name, unit)
            core = _core(name)
            if core != name:
                self.by_core.setdefault(core, []).append(unit)
        self.longest = max((len(n.split()) for n in self.names.values()), default=0)

    def exact(self, text: str) -> Unit | None:
        """A unit whose whole name stands in the text (the longest wins), or whose core equals
        the text's core ("ĐẢNG ỦY SỞ Y TẾ" for "Đảng bộ Sở Y tế")."""
        words = text.split()
        for size in range(min(len(words), self.longest), 0, -1):
            for i in range(len(words) - size + 1):
                unit = self.by_name.get(" ".join(words[i : i + size]))
                if unit is not None:
                    return unit
        core = _core(text)
        candidates = self.by_core.get(core, []) if core != text else []
        return candidates[0] if len(candidates) == 1 else None

    def fuzzy(self, text: str) -> Unit | None:
        """The unit whose name is nearly equal to the text (typos, missing words)."""
        best: tuple[float, int, Unit] | None = None
        matcher = difflib.SequenceMatcher(None, text, "", autojunk=False)
        for unit in self.units:
            name = self.names[unit.code]
            if 2 * min(len(text), len(name)) < FUZZY_RATIO * (len(text) + len(name)):
                continue  # lengths alone rule out the ratio
            matcher.set_seq2(name)
            if matcher.real_quick_ratio() < FUZZY_RATIO or matcher.quick_ratio() < FUZZY_RATIO:
                continue
            score = matcher.ratio()
            if score >= FUZZY_RATIO and (best is None or (score, len(name)) > best[:2]):
                best = (score, len(name), unit)
        return best[2] if best else None


_INDEX: list[_UnitIndex] = []


def _index(master: Master) -> _UnitIndex:
    """One index per master, kept while the same master is used (one run, or one worker)."""
    if not _INDEX or _INDEX[0].master is not master:
        _INDEX[:] = [_UnitIndex(master)]
    return _INDEX[0]


def index_units(master: Master) -> None:
    """Build the master's index now (engine/pool.py does it before forking its workers)."""
    _index(master)


def _code_in_name(stem: str, index: _UnitIndex) -> Unit | None:
    words = _WORD.findall(fold(stem))
    for n in (1, 2):  # "cs02" or "cs 02"
        for i in range(len(words) - n + 1):
            unit = index.by_code.get(_code_key("".join(words[i : i + n])))
            # a code of digits only ("01") would match any number in a name ("lần 1")
            if unit is not None and not unit.code.isdigit():
                return unit
    return None


# the fillers of file names, longest first, each removed in turn (compiled once: every return
# has a name)
_FILLERS = [
    re.compile(rf"(?<![a-z0-9]){re.escape(filler)}(?![a-z0-9])")
    for filler in sorted(FILE_NAME_FILLERS, key=len, reverse=True)
]


def _file_name_words(stem: str) -> str:
    words = _words(fold(stem))
    for filler in _FILLERS:
        words = filler.sub(" ", words)
    return " ".join(w for w in words.split() if not w.isdigit())


# --- putting the clues together -----------------------------------------------------------------
def _grassroots(unit: Unit, master: Master) -> tuple[Unit, str]:
    """A sub-unit's return counts for its parent: (grassroots unit, remark for the clue)."""
    if unit.is_grassroots or unit.parent not in master.units:
        return unit, ""
    parent = master.units[unit.parent]
    return parent, f"{unit.name} ({unit.code}) thuộc {parent.name}"


def identify_unit(workbook: RawWorkbook, master: Master) -> Identification:
    """The grassroots unit that sent the return, how it was recognised, and conflicting clues.

    Names are matched exactly first; the fuzzy match (typos) is tried only when no clue has
    recognised the unit, since a near-miss is too weak to contradict a stronger clue.
    """
    index = _index(master)
    code, event = _identity_sheet(workbook)
    clues: list[tuple[str, Unit | None, str]] = []  # (clue, unit, what was written)
    if code:
        clues.append((CLUE_IDENTITY, index.by_code.get(_code_key(code)), code))
    heading = _heading_rows(workbook)
    for value in _code_cells(heading):
        clues.append((CLUE_CODE_CELL, index.by_code.get(_code_key(value)), value))
    texts = [
        (text, words)
        for row in heading
        for text in row
        if text.__class__ is str and (words := _heading_words(text))  # type: ignore[arg-type]
    ]
    heading_clue = next(
        ((text, unit) for text, words in texts if (unit := index.exact(words)) is not None),
        None,
    )
    # the file's own name, then the names around it (its zip or e-mail, the e-mail's subject)
    names = [(workbook.path.stem, workbook.path.name)] + [(h, h) for h in workbook.hints]
    file_unit, file_name = None, workbook.path.name
    for stem, shown in names:
        if "@" in stem:  # the sender's address of an e-mail
            file_unit = index.by_email.get(stem.strip().lower())
        else:
            words = _file_name_words(stem)
            file_unit = _code_in_name(stem, index) or (index.exact(words) if words else None)
        if file_unit is not None:
            file_name = shown
            break
    if not any(unit for _, unit, _ in clues) and heading_clue is None and file_unit is None:
        heading_clue = next(
            ((text, unit) for text, words in texts if (unit := index.fuzzy(words)) is not None),
            None,
        )
        for stem, shown in names:
            if heading_clue is not None or file_unit is not None:
                break
            if "@" in stem:
                continue
            words = _file_name_words(stem)
            file_unit = index.fuzzy(words) if words else None
            file_name = shown
    if heading_clue is not None:
        clues.append((CLUE_HEADING, heading_clue[1], heading_clue[0]))
    if file_unit is not None:
        clues.append((CLUE_FILE_NAME, file_unit, file_name))

    result = Identification(None, event_code=event)
    unknown: list[str] = []
    for clue, unit, written in clues:
        source = SOURCE_NAMES[clue]
        if unit is None:
            unknown.append(f"{source} ghi mã “{written}” không có trong danh sách đơn vị")
            continue
        top, remark = _grassroots(unit, master)
        if result.unit_code is None:
            result.unit_code = top.code
            result.clue = f"{clue}: {remark}" if remark else clue
        elif top.code != result.unit_code:
            result.conflicts.append(f"{source} chỉ {top.name} ({top.code})")
    if result.unit_code is not None:
        result.conflicts[:0] = unknown
    result.conflicts = list(dict.fromkeys(result.conflicts))
    return result


# --- the date written on the form ---------------------------------------------------------------
_WORDS_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_PLACE = re.compile(r"^([^,:\d]{1,40},\s*)?$")
# a cheap look before folding: a date written in words or digits, or a short "Ngày lập" label
_MAY_BE_DATE = re.compile(r"\d{4}|^\s*\S{2,5}\s*(\S{2,4}\s*)?:?\s*$")
_END = re.compile(r"^[\s.;,)]*$")
_DATE_LABEL = re.compile(r"^ngay(\s+lap(\s+bieu|\s+phieu)?)?\s*:?$")


def _make_date(day: str, month: str, year: str) -> date | None:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if 2000 <= value.year <= 2100 else None


def _date_in_text(text: str) -> date | None:
    """ "Quy Nhơn, ngày 05 tháng 5 năm 2022", "Ngày lập: 05/05/2022", "ngày 5/5/2022"."""
    folded = plain_fold(text)
    at = folded.find("ngay")
    if at < 0 or not _PLACE.match(folded[:at]):
        return None  # "hạn gửi trước ngày …" is a deadline, not the form's date
    rest = folded[at:]
    words = _WORDS_DATE.match(rest)
    if words:
        found, tail = words.groups(), rest[words.end() :]
    else:
        label = re.match(r"ngay(\s+lap(\s+bieu|\s+phieu)?)?\s*:?\s*", rest)
        numeric = _NUMERIC_DATE.match(rest, label.end()) if label else None
        if numeric is None:
            return None
        found, tail = numeric.groups(), rest[numeric.end() :]
    # "ngày 30/03/2006 của Bộ trưởng …" cites a decision; the form's date ends its line
    return _make_date(*found) if _END.match(tail) else None


def find_form_date(workbook: RawWorkbook) -> date | None:
    """The date written on the form (place-date line or "Ngày lập"), the last one if several."""
    found: date | None = None
    for sheet in reversed(_ordered(workbook)):
        for row in sheet.rows:
            for c, value in enumerate(row):
                if value.__class__ is not str:
                    continue
                written = _cell_date(value)  # type: ignore[arg-type]
                if written is True:  # a "Ngày lập:" label: the date is in a cell to its right
                    right = next((v for v in row[c + 1 : c + 4] if _text(v)), None)
                    written = None
                    if isinstance(right, (date, datetime)):
                        written = right.date() if isinstance(right, datetime) else right
                    elif isinstance(right, str):
                        written = _date_in_text(f"ngày {right}")
                if written:
                    found = written
    return found


@text_cache
def _cell_date(text: str) -> date | bool | None:
    """The date a cell's text states; True for a bare date label ("Ngày lập:"); else None.
    Cached: the same roles, headings and labels recur in every return."""
    if not _MAY_BE_DATE.search(text):
        return None
    written = _date_in_text(text)
    if written is None and _DATE_LABEL.match(plain_fold(text)):
        return True
    return written
