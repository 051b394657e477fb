"""Where the delegate table is: which sheet, which header rows, which column holds what.

Units rebuild the form their own way: titles above the table, one- or two-row headers, merged
cells, columns renamed, reordered or added, a total row and a signature block below. The header
row is recognised by its labels (HEADER_ALIASES, folded), never by its position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from hoithao.forms.vocab import (
    FAMILY_NAME_ALIASES,
    FORM_SHEET_GUIDE,
    FORM_SHEET_IDENTITY,
    FORM_SHEET_LISTS,
    FORM_SHEET_REGISTRATION,
    HEADER_ALIASES,
    HEADER_SUBLABELS,
    SIGNATURE_WORDS,
    TOTAL_ROW_WORDS,
)
from hoithao.intake.read import RawSheet, RawWorkbook
from hoithao.intake.sections import merged_down, section_heading
from hoithao.rules.vocab import GENDER_FEMALE, GENDER_MALE
from hoithao.vn.legacy import fix_legacy
from hoithao.vn.text import fold, header_key, text_cache

HEADER_SCAN_ROWS = 30
# sheets of our form that never hold the table; only identify reads the identity sheet, so the
# other two need not even be read (read_workbook's skip_sheets)
UNREAD_SHEETS = (FORM_SHEET_LISTS, FORM_SHEET_GUIDE)
SKIPPED_SHEETS = (FORM_SHEET_IDENTITY, *UNREAD_SHEETS)
EXACT, PREFIX = 2, 1


@dataclass
class TableRow:
    excel_row: int
    values: dict[str, object]  # field key (FORM_COLUMNS, "birth_year") -> raw cell value
    section: str = ""  # the sub-unit heading the row is listed under ("1. Chi bộ Phòng …")


@dataclass
class Table:
    sheet: str
    header_row: int  # Excel number of the last header row
    columns: dict[str, int]  # field key -> Excel column number (1 = A); "male"/"female" if split
    rows: list[TableRow] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)  # Excel rows of total/signature blocks
    title: str = ""  # the sheet's caption (a Word table's paragraph above it)

    @property
    def rows_read(self) -> int:
        return len(self.rows) + len(self.ignored)


# --- header labels ------------------------------------------------------------------------------
def _alias_index() -> tuple[dict[str, str], list[tuple[str, str]]]:
    aliases = {**HEADER_ALIASES, "family_name": FAMILY_NAME_ALIASES}
    exact: dict[str, str] = {}
    for key, labels in aliases.items():
        for label in labels:
            exact.setdefault(header_key(label), key)
    # a label that continues an alias ("Họ và tên đồng chí", "Số điện thoại liên hệ"); one-word
    # aliases are too short to trust this way ("Tên bài" is not a name column)
    prefixes = sorted(((k, f) for k, f in exact.items() if " " in k), key=lambda kf: -len(kf[0]))
    return exact, prefixes


_EXACT, _PREFIXES = _alias_index()
# key.startswith(alias + " ") needs the key's first word to be the alias's: grouping the prefixes
# by first word (longest first kept) spares a loop over every alias for each unknown cell text
_PREFIXES_BY_WORD: dict[str, list[tuple[str, str]]] = {}
for _alias, _field in _PREFIXES:
    _PREFIXES_BY_WORD.setdefault(_alias.split(" ", 1)[0], []).append((_alias, _field))
_PARENS = re.compile(r"\(.*?\)|\[.*?\]")
_BARE_ROLE = header_key("Chức vụ")


def _label(value: object) -> str:
    """The header key of a cell, without "(ghi rõ)"-style remarks or text after a colon."""
    return _text_label(value) if isinstance(value, str) else ""


@text_cache
def _text_label(text: str) -> str:
    key = header_key(_PARENS.sub(" ", text).split(":")[0])
    if match_label(key) is None and not text.isascii():
        # headers typed with a TCVN3/VNI font ("Hä vµ tªn") are matched once converted
        converted, encoding = fix_legacy(text)
        if encoding:
            return header_key(_PARENS.sub(" ", converted).split(":")[0])
    return key


@text_cache
def plain_fold(text: str) -> str:
    """`fold` of the text, legacy TCVN3/VNI typing converted first."""
    return fold(fix_legacy(text)[0] if not text.isascii() else text)


@text_cache
def match_label(key: str) -> tuple[str, int] | None:
    """(field, strength) for a header key: exact alias, else the longest alias it starts with."""
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key], EXACT
    for alias, field_key in _PREFIXES_BY_WORD.get(key.split(" ", 1)[0], ()):
        if key.startswith(alias + " "):
            return field_key, PREFIX
    return None


def _cell(rows: list[list[object]], r: int, c: int) -> object:
    if 0 <= r < len(rows) and 0 <= c < len(rows[r]):
        return rows[r][c]
    return ""


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled_columns(row: list[object]) -> list[int]:
    """Indexes of the cells that are not blank (as _blank, inlined: this runs on every row)."""
    return [c for c, v in enumerate(row) if (v.strip() if v.__class__ is str else v is not None)]


def _merged_fill(sheet: RawSheet, r: int) -> list[object]:
    """Row r with merged areas spread: the label of a merged header cell over every column.
    The row itself (not a copy) when no merged area covers it: callers only read it."""
    row = sheet.rows[r] if r < len(sheet.rows) else []
    areas = [m for m in sheet.merged if m[0] <= r <= m[2] and m[1] < len(row)]
    if not areas:
        return row
    row = list(row)
    for top, left, _bottom, right in areas:
        value = _cell(sheet.rows, top, left)
        for c in range(left, min(right, len(row) - 1) + 1):
            row[c] = value
    return row


@dataclass
class _Header:
    sheet_index: int
    sheet: RawSheet
    last: int  # index into sheet.rows of the last header row
    columns: dict[str, int]  # field -> index into the row
    score: int


def _resolve(matches: Sequence[tuple[int, str, int, str]]) -> tuple[dict[str, int], int]:
    """(col, field, strength, key) matches -> one column per field, the best match winning."""
    if len(matches) < 2:  # a header needs the name and at least one other field
        return {m[1]: m[0] for m in matches}, 0
    columns: dict[str, int] = {}
    strength: dict[str, int] = {}
    for col, key_field, power, _key in sorted(matches, key=lambda m: (-m[2], -len(m[3]), m[0])):
        if key_field not in columns and col not in columns.values():
            columns[key_field] = col
            strength[key_field] = power
    # a bare "Chức vụ" beside a real party-role column is the job title
    for col, key_field, _power, key in matches:
        if key == _BARE_ROLE and key_field == "party_role" and columns.get(key_field) != col:
            if "job_title" not in columns and col not in columns.values():
                columns["job_title"] = col
                strength["job_title"] = PREFIX
    fields = {"gender" if f in ("male", "female") else f for f in columns}
    if "full_name" not in columns or len(fields) < 2:
        return columns, 0
    score = sum(strength.values())
    if "male" in columns and "female" in columns:
        score -= min(strength["male"], strength["female"])
    return columns, score


def _single_row(row: list[object]) -> tuple[tuple[int, str, int, str], ...]:
    return _row_matches(tuple(row))


@text_cache
def _row_matches(row: tuple[object, ...]) -> tuple[tuple[int, str, int, str], ...]:
    """(col, field, strength, key) of every header label in the row. Cached by content: the
    title rows, header and empty numbered rows of our form are the same in every return."""
    matches = []
    for c, value in enumerate(row):
        if value.__class__ is str and value:  # most cells: numbers, dates, ""
            key = _text_label(value)  # type: ignore[arg-type]
            found = match_label(key)
            if found:
                matches.append((c, *found, key))
    return tuple(matches)


def _two_rows(
    top: list[object], bottom: list[object]
) -> tuple[list[tuple[int, str, int, str]], int]:
    """Labels of a two-row header: "Năm sinh" over Nam | Nữ, "Chức vụ" over Đảng | Chuyên môn.
    Also returns how many columns took their meaning from the second row."""
    width = max(len(top), len(bottom))
    labels = [_label(_cell([top], 0, c)) for c in range(width)]
    subs = [_label(_cell([bottom], 0, c)) for c in range(width)]
    # a group label written once over several sub-labels, without merge information (ods, csv)
    for c in range(1, width):
        if not labels[c] and subs[c] and subs[c - 1]:
            labels[c] = labels[c - 1]
    matches = []
    used = 0
    for c in range(width):
        top_key, sub = labels[c], subs[c]
        found = None
        if sub:
            alone = match_label(sub)
            if sub in HEADER_SUBLABELS and top_key:
                found = (HEADER_SUBLABELS[sub], EXACT)
            elif alone and alone[0] in ("male", "female"):
                found = alone
            else:
                combined = match_label(f"{top_key} {sub}".strip())
                found = combined if combined and combined[1] == EXACT else alone
            used += found is not None
        if found is None:
            found = match_label(top_key)
        if found:
            matches.append((c, *found, top_key if not sub else sub))
    return matches, used


def _is_label_row(row: list[object]) -> bool:
    """Every filled cell is short text, not a person's data (no digits, no '@')."""
    filled = [v for v in row if not _blank(v)]
    return bool(filled) and all(
        isinstance(v, str) and len(v) <= 40 and not re.search(r"[\d@]", v) for v in filled
    )


def _headers_in(sheet: RawSheet, sheet_index: int) -> list[_Header]:
    found: list[_Header] = []
    merged_rows = {r for top, _, bottom, _ in sheet.merged for r in range(top, bottom + 1)}
    for r in range(min(HEADER_SCAN_ROWS, len(sheet.rows))):
        top = _merged_fill(sheet, r) if r in merged_rows else sheet.rows[r]
        columns, score = _resolve(_single_row(top))
        if score:
            found.append(_Header(sheet_index, sheet, r, columns, score))
        if r + 1 >= len(sheet.rows) or "full_name" not in columns:
            continue
        bottom = sheet.rows[r + 1]
        if not _blank(_cell([bottom], 0, columns["full_name"])) or not _is_label_row(bottom):
            continue
        matches, used = _two_rows(top, bottom)
        columns2, score2 = _resolve(matches)
        if score2 > score or (used and score2 == score):
            if score:
                found.pop()  # the first row alone is not the header
            found.append(_Header(sheet_index, sheet, r + 1, columns2, score2))
    return found


def _numbering_row(row: list[object]) -> bool:
    """The "(1) (2) (3)" or "1 2 3" row some forms put under the header."""
    filled = [v for v in row if not _blank(v)]
    if len(filled) < 3:
        return False
    numbers = []
    for value in filled:
        text = str(value).strip().strip("()")
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


# --- below the header ---------------------------------------------------------------------------
_TOTAL = re.compile(r"^(" + "|".join(sorted(TOTAL_ROW_WORDS, key=len, reverse=True)) + r")\b")
_PLACE_DATE = re.compile(r"^([^,]{1,40},\s*)?ngay\b[\s.…]*\d{0,2}[\s.…/]*thang\b")


def _is_total(row: list[object], name_col: int) -> bool:
    texts = [(c, v) for c, v in enumerate(row) if isinstance(v, str) and v.strip()]
    if not texts or texts[0][1].strip()[:1].lower() not in ("t", "c"):
        return False
    col, first = texts[0]
    folded = plain_fold(first)
    if not _TOTAL.match(folded):
        return False
    # "Công Thị Hoa" is a name, not "cộng": a total row carries no other words
    return any(ch.isdigit() or ch == ":" for ch in first) or len(texts) == 1 or col != name_col


def _signature_like(text: str) -> bool:
    folded = plain_fold(text)
    if _PLACE_DATE.match(folded):
        return True
    for word in SIGNATURE_WORDS:
        if folded.startswith(word) and (
            len(folded) == len(word) or not folded[len(word)].isalnum() or word[-1] in " ./"
        ):
            return True
    return False


def _is_signature(row: list[object], name_col: int, seq_col: int) -> bool:
    if _is_number(_cell([row], 0, seq_col)):
        return False  # a numbered row is a delegate, whatever it says
    name = _cell([row], 0, name_col)
    if isinstance(name, str) and _signature_like(name):
        return True
    if not _blank(name):
        return False  # "Bí thư" typed as a delegate's party role is data, not a signature
    filled = [v for v in row if not _blank(v)]
    marks = sum(1 for v in filled if isinstance(v, str) and _signature_like(v))
    # a nameless data row ("Bí thư" and a phone number) is rejected later, not ignored
    return marks > 0 and len(filled) - marks < 2


def _year(value: object) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else 0
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    elif isinstance(value, date):
        number = value.year
    else:
        return None
    return number if 1900 <= number <= 2100 else None


def _values(row: list[object], columns: dict[str, int]) -> dict[str, object]:
    values = {f: _cell([row], 0, c) for f, c in columns.items()}
    marks = {g: values.pop(k, "") for k, g in (("male", "Nam"), ("female", "Nữ"))}
    marked = [g for g, v in marks.items() if not _blank(v)]
    if len(marked) == 1 and _blank(values.get("gender", "")):
        values["gender"] = GENDER_MALE if marked[0] == "Nam" else GENDER_FEMALE
        year = _year(marks[marked[0]])
        if year and _blank(values.get("birth_year", "")):
            values["birth_year"] = year
    family = values.pop("family_name", "")
    if not _blank(family):
        given = values.get("full_name", "")
        values["full_name"] = f"{str(family).strip()} {'' if _blank(given) else str(given).strip()}"
    return values


def _is_number_only(value: object, col: int, seq_col: int, mapped: set[int]) -> bool:
    """Only an STT: in the STT column, or a bare number in an unlabelled column."""
    return (col == seq_col or col not in mapped) and _is_number(value)


def _is_number(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().rstrip(".").isdigit()
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _read_rows(header: _Header) -> Table:
    sheet, columns = header.sheet, header.columns
    table = Table(
        sheet.name,
        sheet.excel_row(header.last),
        {f: sheet.first_col + c for f, c in sorted(columns.items(), key=lambda fc: fc[1])},
        title=sheet.title,
    )
    name_col = columns["full_name"]
    seq_col = columns.get("seq", -1)
    mapped = set(columns.values())
    ended = False
    section = ""
    start = header.last + 1
    if start < len(sheet.rows) and _numbering_row(sheet.rows[start]):
        start += 1
        table.header_row += 1
    down = merged_down(sheet, start, columns)
    for r in range(start, len(sheet.rows)):
        row = sheet.rows[r]
        if r in down:  # "Đơn vị" merged down over the unit's people: each row gets its value
            row = list(row)
            for c, value in down[r].items():
                row.extend([""] * (c + 1 - len(row)))
                row[c] = value
        filled = _filled_columns(row)
        # a row holding only its STT number is an unused line of the form
        if not filled or (
            len(filled) == 1 and _is_number_only(row[filled[0]], filled[0], seq_col, mapped)
        ):
            continue
        excel_row = sheet.excel_row(r)
        heading = "" if ended else section_heading(row, filled)
        if heading:  # "1. Chi bộ Phòng Tổng hợp": the rows below belong to that sub-unit
            section = heading
            table.ignored.append(excel_row)
            continue
        if ended or _is_total(row, name_col) or _is_signature(row, name_col, seq_col):
            ended = True
            table.ignored.append(excel_row)
            continue
        table.rows.append(TableRow(excel_row, _values(row, columns), section))
    return table


def find_table(workbook: RawWorkbook) -> Table | None:
    """The delegate table of a return, or None when no sheet has a recognisable header."""
    tables = find_tables(workbook)
    return tables[0] if tables else None


def find_tables(workbook: RawWorkbook) -> list[Table]:
    """The delegate table of a return first, then the best table of every other sheet that has
    rows under it (a đảng bộ's workbook with one sheet per chi bộ); the caller decides which of
    those others to read (those whose sheet names a sub-unit)."""
    if "tables" not in workbook.cache:
        workbook.cache["tables"] = _find_tables(workbook)
    return workbook.cache["tables"]  # type: ignore[return-value]


def _find_tables(workbook: RawWorkbook) -> list[Table]:
    candidates: list[tuple[tuple[object, ...], _Header]] = []
    for index, sheet in enumerate(workbook.sheets):
        if sheet.name in SKIPPED_SHEETS:
            continue
        for header in _headers_in(sheet, index):
            has_rows = any(
                not _blank(_cell(sheet.rows, r, header.columns["full_name"]))
                for r in range(header.last + 1, len(sheet.rows))
            )
            rank = (
                sheet.visible,
                has_rows,
                header.score,
                sheet.name == FORM_SHEET_REGISTRATION,
                -index,
                -header.last,
            )
            candidates.append((rank, header))
    if not candidates:
        return []
    _rank, best = max(candidates, key=lambda c: c[0])
    per_sheet: dict[int, tuple[tuple[object, ...], _Header]] = {}
    for rank, header in candidates:
        if header.sheet_index != best.sheet_index and rank[1]:  # has rows
            if header.sheet_index not in per_sheet or rank > per_sheet[header.sheet_index][0]:
                per_sheet[header.sheet_index] = (rank, header)
    others = [per_sheet[index][1] for index in sorted(per_sheet)]
    return [_read_rows(header) for header in [best, *others]]
