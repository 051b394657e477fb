"""Personal names as units type them: titles, notes in the name cell, and the casing of names
that Vietnamese title case would spoil.

"PGS.TS. Nguyễn Văn An" keeps its title as academics write it and sorts as "Nguyễn Văn An";
"Nguyễn Thị Thu Hà (nữ)", "Trần Văn Bình, BT" and a second line with the job title carry notes
that belong in other columns; "H'Hen Niê" and "Y-Moan" are cased as their owners write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hoithao.vn.text import collapse_spaces, fold, nfc, text_cache

# academic and professional abbreviations, as they are written
_ACADEMIC = {
    "gs": "GS",
    "pgs": "PGS",
    "ts": "TS",
    "tskh": "TSKH",
    "ths": "ThS",
    "bs": "BS",
    "bsck": "BSCK",
    "bscki": "BSCKI",
    "bsckii": "BSCKII",
    "cki": "CKI",
    "ckii": "CKII",
    "ds": "DS",
    "ks": "KS",
    "cn": "CN",
    "ls": "LS",
    "ngut": "NGƯT",
    "ngnd": "NGND",
    "nsut": "NSƯT",
    "nsnd": "NSND",
}
# military and police ranks: two words, written in sentence case
_RANKS = tuple(
    f"{grade} {level}"
    for level in ("tướng", "tá", "úy")
    for grade in ("Đại", "Thượng", "Trung", "Thiếu")
)
_RANK_KEYS = {fold(r): r for r in _RANKS}
_ABBREVIATION = re.compile(r"([A-Za-zĐđƯư]{2,6})\s*(\.)?\s*")


@dataclass(frozen=True)
class TitledName:
    title: str  # "PGS.TS.", "Đại tá", or ""
    name: str  # the name itself, as given


def split_title(text: str) -> TitledName:
    """The leading academic titles or rank of a name, in their usual casing, and the rest."""
    return _split_title(text)


@text_cache
def _split_title(text: str) -> TitledName:
    text = collapse_spaces(text)
    words = text.split(" ")
    if len(words) > 3 and fold(" ".join(words[:2])) in _RANK_KEYS:
        return TitledName(_RANK_KEYS[fold(" ".join(words[:2]))], " ".join(words[2:]))
    parts: list[str] = []
    pos = 0
    while True:
        match = _ABBREVIATION.match(text, pos)
        if match is None:
            break
        key = fold(match.group(1))
        if key not in _ACADEMIC:
            break
        # without its dot, an abbreviation is a title when typed as such ("TS Nguyễn", "ThS Lê")
        # or chained to one ("pgs.ts nguyễn")
        typed = match.group(1)
        if not (match.group(2) or parts or typed.isupper() or typed == _ACADEMIC[key]):
            break
        parts.append(_ACADEMIC[key])
        pos = match.end()
    rest = text[pos:].strip()
    if not parts or len(rest.split()) < 2:
        return TitledName("", text)
    return TitledName(".".join(parts) + ".", rest)


def title_case_word(word: str) -> str:
    """Vietnamese title case of one word. After an apostrophe or a hyphen the letter is a capital,
    unless the owner wrote it small after a capital initial ("H'hen" stays, "h'hen" and "H'HEN"
    become "H'Hen")."""
    mixed = not (word.islower() or word.isupper())
    out: list[str] = []
    start = True
    after_mark = False
    initial_upper: bool | None = None
    for ch in word:
        if ch.isalpha():
            low = ch.lower()
            if initial_upper is None:
                initial_upper = start
            if after_mark and mixed and initial_upper and ch == low:
                out.append(low)
            else:
                out.append(low.title() if start else low)  # title(): "ß" → "Ss", not "SS"
            start = after_mark = False
        else:
            out.append(ch)
            start = ch in "-('’"
            after_mark = initial_upper is not None and ch in "-'’"
    return nfc("".join(out))  # lower() decomposes a few letters ("İ" → "i" + combining dot)


def name_sort_text(full_name: str) -> str:
    """The name without its title: what protocol order sorts by."""
    return split_title(full_name).name


def name_identity(full_name: str) -> str:
    """The key that says two rows are the same person: no title, no case, no diacritics (so no
    tone placement either), look-alike letters folded."""
    return fold(split_title(full_name).name)


# --- notes typed in the name cell ---------------------------------------------------------------
_NAME_LIKE = re.compile(r"^[\w\s.,;:/'’()\[\]\-–—*•·]*$")
_PAREN = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*")
_GENDER_NOTES = {"nu": "Nữ", "nam": "Nam", "nu gioi": "Nữ", "nam gioi": "Nam"}


@dataclass
class NameCell:
    """A name cell taken apart: the name, and what else was typed into it."""

    name: str
    gender: str = ""  # from a "(nữ)" / "(nam)" note
    notes: list[str] = field(default_factory=list)  # other remarks, for Ghi chú
    after_comma: str = ""  # ", BT": a role or a remark
    more_lines: list[str] = field(default_factory=list)  # lines below the name (job title)


def split_name_cell(text: str) -> NameCell:
    """Take the notes out of a name cell: parenthesised remarks, what follows a comma, and the
    lines below the first. The name itself is left as typed."""
    if not _NAME_LIKE.match(text):
        return NameCell(text)  # not a name (a formula, a sentence): left for the checks to flag
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    if not lines:
        return NameCell("")
    first, more = lines[0], lines[1:]
    cell = NameCell(first, more_lines=more)
    notes: list[str] = []
    for match in _PAREN.finditer(first):
        inner = collapse_spaces(match.group(1))
        gender = _GENDER_NOTES.get(fold(inner).strip(" .:"))
        if gender:
            cell.gender = gender
        elif inner:
            notes.append(inner)
    name = collapse_spaces(_PAREN.sub(" ", first))
    if "," in name:
        head, tail = name.split(",", 1)
        if len(head.split()) >= 2 and tail.strip():
            name, cell.after_comma = head.strip(), collapse_spaces(tail).strip(" ,;")
    cell.name = name
    cell.notes = notes
    return cell
