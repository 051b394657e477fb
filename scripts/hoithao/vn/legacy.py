"""Text typed with the old TCVN3 (ABC, .VnTime) and VNI (VNI-Times) fonts, back to Unicode.

Excel stores such text as Windows-1252 letters ("NguyÔn V¨n An", "Nguyeãn Vaên An"). A cell alone
may read as real Unicode too ("Hoà Hoàng Bình" is VNI for "Hồ Hồng Bình"; "Cô" could be VNI
"Cơ"), so the encoding is decided with context: a row, then the column and the file, and the cell
alone only as a last resort and conservatively. A leading "Đ/c" / "Đồng chí" in any encoding is
taken off before a name is judged, and a cell mixing Unicode with legacy text (a note typed
later) is judged piece by piece.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from hoithao.vn.text import (
    COMMON_SYLLABLES,
    FAMILY_NAMES,
    RARE_RHYMES,
    TONE_MARKS,
    is_syllable,
    nfc,
    syllable_rhyme,
    text_cache,
)

LEGACY_ENCODINGS = ("TCVN3", "VNI")

# --- legacy encodings -----------------------------------------------------------------------
# TCVN 5712:1993 VN3 (the ABC keyboard, .VnTime fonts), bytes 0xA1-0xFE read as Windows-1252.
# VN3 has no upper-case toned letters: capitals were typed with the same bytes in the
# .VnTimeH fonts, whose glyphs are capitals; see `_tcvn3_case`.
_TCVN3_CHARS = "¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ"
_TCVN3_UNICODE = "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
TCVN3_TO_UNICODE = dict(zip(_TCVN3_CHARS, _TCVN3_UNICODE, strict=True))
UNICODE_TO_TCVN3 = {u: t for t, u in TCVN3_TO_UNICODE.items()}

# VNI-Windows (VNI-Times fonts): a base letter followed by a mark character; a few letters
# (đ ơ ư and the toned i, ỵ) are single characters. Upper-case letters take upper-case marks.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_LETTERS = {
    "ñ": "đ",
    "ô": "ơ",
    "ö": "ư",
    "ì": "ì",
    "í": "í",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
}
_VNI_MARK_CHARS = frozenset("".join([*_VNI_TONES, *_VNI_HAT, *_VNI_BREVE]))
_VNI_CHARS = frozenset(_VNI_MARK_CHARS | set(_VNI_LETTERS))
_VNI_CHARS = _VNI_CHARS | {c.upper() for c in _VNI_CHARS}
_TCVN3_SET = frozenset(_TCVN3_CHARS)
_TCVN3_TONED = frozenset(_TCVN3_CHARS[14:])  # the letters VN3 has only in lower case
# Windows-1252 punctuation a legacy cell may hold besides its letters ("–", curly quotes)
_CP1252_PUNCT = "\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022"
_NOT_CP1252 = re.compile(rf"[^\x00-\x7f\u00a0-\u00ff{_CP1252_PUNCT}]")
_TOKEN = re.compile(rf"[^\s\d!-/:-@\[-`{{-~{_CP1252_PUNCT}]+")


def _vni_decode(word: str) -> str | None:
    """One word of VNI text as Unicode, or None when a mark stands where VNI cannot put it."""
    out: list[str] = []
    i = 0
    while i < len(word):
        ch = word[i]
        low = ch.lower()
        nxt = word[i + 1].lower() if i + 1 < len(word) else ""
        base = _VNI_LETTERS.get(low) if low in ("ô", "ö") else low
        combined = None
        if base in ("a", "e", "o", "u", "y", "ơ", "ư") and nxt in _VNI_TONES:
            combined = base + _VNI_TONES[nxt]
        elif base in ("a", "e", "o") and nxt in _VNI_HAT:
            combined = base + "\u0302" + _VNI_HAT[nxt]
        elif base == "a" and nxt in _VNI_BREVE:
            combined = base + "\u0306" + _VNI_BREVE[nxt]
        if combined is not None:
            letter = nfc(combined)
            out.append(letter.upper() if ch.isupper() else letter)
            i += 2
            continue
        if low in _VNI_MARK_CHARS:
            return None
        if low in _VNI_LETTERS:
            letter = _VNI_LETTERS[low]
            out.append(letter.upper() if ch.isupper() else letter)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _tcvn3_decode(word: str) -> str:
    return "".join(TCVN3_TO_UNICODE.get(ch, ch) for ch in word)


def _is_upper_ascii_word(word: str) -> bool:
    letters = [c for c in word if c.isascii() and c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _tcvn3_case(tokens: list[str], converted: list[str], name: bool) -> list[str]:
    """Upper-case letters lost by VN3: an all-capitals word or cell (.VnTimeH), or a toned capital
    starting a word of a Title Case cell ("Huúnh Ngäc Èn" is "Huỳnh Ngọc Ẩn")."""
    ascii_letters = [c for t in tokens for c in t if c.isascii() and c.isalpha()]
    inner_capital = any(c.isascii() and c.isupper() for t in tokens for c in t[1:])
    if all(c.isupper() for c in ascii_letters) and len(ascii_letters) > 1 and inner_capital:
        return [c.upper() for c in converted]
    out = [
        c.upper() if _is_upper_ascii_word(t) else c for t, c in zip(tokens, converted, strict=True)
    ]
    # words starting with a toned letter cannot tell their case: the others decide
    others = [w for t, w in zip(tokens, out, strict=True) if t[:1] not in _TCVN3_TONED]
    if len(others) >= (1 if name else 2) and all(
        w[:1].isupper() for w in others if w[:1].isalpha()
    ):
        for n, (token, word) in enumerate(zip(tokens, out, strict=True)):
            if token[:1] in _TCVN3_TONED:
                out[n] = word[:1].upper() + word[1:]
    return out


@dataclass(frozen=True)
class _Reading:
    text: str
    score: int  # lower: the likelier reading


def _convert(text: str, encoding: str, name: bool = False) -> _Reading | None:
    """The text read in one legacy encoding, or None when some word would not be a syllable."""
    allowed = _TCVN3_SET if encoding == "TCVN3" else _VNI_CHARS
    if any(not ch.isascii() and ch not in allowed and ch not in _CP1252_PUNCT for ch in text):
        return None
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    tokens = [text[a:b] for a, b in spans]
    converted: list[str] = []
    for token in tokens:
        if token.isascii():
            converted.append(token)
            continue
        word = _tcvn3_decode(token) if encoding == "TCVN3" else _vni_decode(token)
        if word is None or not is_syllable(word):
            return None
        converted.append(word)
    if encoding == "TCVN3":
        converted = _tcvn3_case(tokens, converted, name)
    pieces: list[str] = []
    last = 0
    for (a, b), word in zip(spans, converted, strict=True):
        pieces += [text[last:a], word]
        last = b
    pieces.append(text[last:])
    # how many legacy characters the reading replaced (a VNI "í" stays "í", TCVN3 reads it "ớ")
    changed = sum(
        1
        for t, w in zip(tokens, converted, strict=True)
        for c in t
        if not c.isascii() and c not in w
    )
    odd = sum(1 for w in converted if syllable_rhyme(w) in RARE_RHYMES or not _natural_case(w))
    rare_words = sum(
        1
        for t, w in zip(tokens, converted, strict=True)
        if t != w and w.lower() not in COMMON_SYLLABLES
    )
    return _Reading(nfc("".join(pieces)), changed + 2 * odd + rare_words)


def _natural_case(word: str) -> bool:
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())


def _genuine_word(word: str) -> bool:
    return is_syllable(word) and _natural_case(word)


# --- "Đ/c", "Đồng chí" in any encoding ---------------------------------------------------------
_PREFIXES = ("Đ/c", "Đ/C", "đ/c", "Đồng chí", "đồng chí", "ĐỒNG CHÍ", "Đồng Chí")


@dataclass(frozen=True)
class _Verdict:
    """What a cell alone says: its readings, whether Unicode is ruled out, the choice made."""

    readings: Mapping[str, str]  # encoding -> the whole cell converted
    certain: str | None = None  # the legacy encoding when the cell cannot be real Unicode
    alone: str | None = None  # the choice when nothing else is known (conservative)
    unicode: bool = False  # typed in Unicode beyond Latin-1 (ễ, ơ, đ …): evidence against legacy


@lru_cache(maxsize=1)
def _prefix_table() -> tuple[re.Pattern[str], dict[str, tuple[str, str | None]]]:
    """A pattern for every spelling of the prefixes, and spelling -> (Unicode, encoding)."""
    spellings: dict[str, tuple[str, str | None]] = {}
    for encoding in LEGACY_ENCODINGS:
        for prefix in _PREFIXES:
            spellings.setdefault(to_legacy(prefix, encoding), (prefix, encoding))
    spellings |= {p: (p, None) for p in _PREFIXES}
    alternatives = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"^({alternatives})([\s.:,\-]+)"), spellings


def _split_prefix(text: str) -> tuple[str, str, str | None]:
    """(prefix in Unicode, the rest, the prefix's legacy encoding) — ("", text, None) if none."""
    pattern, spellings = _prefix_table()
    match = pattern.match(text)
    if match is None:
        return "", text, None
    unicode, encoding = spellings[match.group(1)]
    return unicode + match.group(2), text[match.end() :], encoding


# --- one cell ---------------------------------------------------------------------------------
_SEGMENT = re.compile(r"(\n|\(|\)|,|;|\s[-–]\s)")


@text_cache
def _judge(text: str, name: bool) -> _Verdict:
    """Everything one cell says on its own; the context is weighed by `fix_legacy`."""
    if text.isascii():
        return _Verdict({})
    if _NOT_CP1252.search(text):
        return _judge_mixed(text, name)
    prefix, rest, prefix_encoding = _split_prefix(text)
    found = {e: r for e in LEGACY_ENCODINGS if (r := _convert(rest, e, name)) and r.text != rest}
    if prefix_encoding and prefix_encoding not in found:
        found[prefix_encoding] = _Reading(rest, 0)  # "§/c Phan Huy": only the prefix to convert
    if not found:
        return _Verdict({})
    readings = {e: prefix + r.text for e, r in found.items()}
    best = min(found, key=lambda e: found[e].score)
    if prefix_encoding in found:
        return _Verdict(readings, prefix_encoding, prefix_encoding)
    words = [t for t in _TOKEN.findall(rest) if not t.isascii()]
    if not all(_genuine_word(w) for w in words):
        return _Verdict(readings, best, best)
    if name and _first_word(rest) in FAMILY_NAMES:
        # "Tô Hoài" is a name; VNI "Tơ Hồi" is not, whatever the rest of the table was typed in
        found = {e: r for e, r in found.items() if _first_word(r.text) in FAMILY_NAMES}
        readings = {e: prefix + r.text for e, r in found.items()}
        if not found:
            return _Verdict({})
    return _Verdict(readings, None, _alone(rest, found, name))


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0].lower()


def _alone(rest: str, found: Mapping[str, _Reading], name: bool) -> str | None:
    """The encoding of a cell that reads as real Unicode and as legacy text, nothing else known:
    only when the legacy reading is the far likelier text."""
    if len(rest.split()) < 2:
        return None  # "Cô" (VNI "Cơ"), "TÊN" (TCVN3 "TẤN"): a single word stays as typed
    recased = found.get("TCVN3") if name else None
    if recased and recased.text.isupper() and recased.text.lower() == rest.lower():
        return "TCVN3"  # "Lý THANH KHOA": .VnTimeH capitals, "LÝ THANH KHOA"
    if name:
        named = [e for e, r in found.items() if _first_word(r.text) in FAMILY_NAMES]
        if _first_word(rest) in FAMILY_NAMES and not named:
            return None  # "Hoàng Ích" is a name; VNI "Hồng Ích" is not
        if _first_word(rest) not in FAMILY_NAMES and named:
            return min(named, key=lambda e: found[e].score)  # VNI "Hồ Hồng Bình", not "Hoà …"
    best = min(found, key=lambda e: found[e].score)
    words = [t for t in _TOKEN.findall(rest) if not t.isascii()]
    if all(w.lower() in COMMON_SYLLABLES for w in words):
        return None  # reads as real Vietnamese already: leave it
    # "Phan Thò An" is valid Unicode too, but "thò" is rare in a name and VNI "Thị" is not.
    changed = set(_TOKEN.findall(found[best].text)) - set(_TOKEN.findall(rest))
    return best if all(w.lower() in COMMON_SYLLABLES for w in changed) else None


def _judge_mixed(text: str, name: bool) -> _Verdict:
    """A cell holding Unicode beyond Latin-1: only its Latin-1 pieces that cannot be Unicode
    ("NguyÔn V¨n An (nữ)", "Đ/c NguyÔn V¨n An") are converted."""
    prefix, rest, _ = _split_prefix(text)
    pieces = _SEGMENT.split(rest)
    votes: Counter[str] = Counter()
    out: dict[str, list[str]] = {e: [prefix] for e in LEGACY_ENCODINGS}
    for piece in pieces:
        verdict = _judge(piece, name) if not _NOT_CP1252.search(piece) else _Verdict({})
        if verdict.certain:
            votes[verdict.certain] += 1
        for encoding in LEGACY_ENCODINGS:
            chosen = verdict.readings.get(encoding) if verdict.certain == encoding else None
            out[encoding].append(chosen or piece)
    unicode = any(ord(ch) > 0xFF and ch.isalpha() for ch in text)
    if not votes:
        return _Verdict({}, unicode=unicode)
    encoding = votes.most_common(1)[0][0]
    return _Verdict({encoding: "".join(out[encoding])}, encoding, encoding, unicode=unicode)


def legacy_verdict(text: str) -> tuple[str | None, bool]:
    """(the legacy encoding when the text cannot be Unicode, whether a legacy reading exists)."""
    verdict = _judge(text, False)
    rest = _split_prefix(text)[1]
    return verdict.certain, any(_convert(rest, e) is not None for e in LEGACY_ENCODINGS)


def fix_legacy(
    text: str, *, context: str | None = None, name: bool = False
) -> tuple[str, str | None]:
    """(Unicode NFC text, "TCVN3" | "VNI") for a cell typed in a legacy encoding, else (text, None).

    `context` is the encoding the cell's row, column or file was typed in: a cell that reads both
    as Unicode and as that encoding is then converted. Without it the cell alone decides,
    conservatively: English, numbers, e-mails, "Renée" and text that reads as Vietnamese stay.
    `name` says the cell holds a person's name (its first word is a family name).
    """
    if text.isascii():
        return text, None
    verdict = _judge(text, name)
    if context in verdict.readings and (verdict.certain in (None, context)):
        chosen: str | None = context
    else:
        chosen = verdict.certain or verdict.alone
    if chosen is None:
        return text, None
    return verdict.readings[chosen], chosen


# --- many cells: a table's rows -----------------------------------------------------------------
def _majority(votes: Counter[str], against: int = 0) -> str | None:
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] <= against:
        return None
    if len(ranked) == 2 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def fix_legacy_rows(
    rows: Sequence[Mapping[str, str]],
    *,
    name_fields: Collection[str] = ("full_name",),
    picked_fields: Collection[str] = (),
) -> list[dict[str, tuple[str, str | None]]]:
    """Every cell of a table converted, the encoding decided with context: the cell's row first
    (a row whose job title cannot be Unicode was typed with that font, name included), then its
    column, then the whole table, the cell alone last. A row with Unicode typed beyond Latin-1
    in a field other than `picked_fields` (values picked from the form's lists) was typed in
    Unicode: only its cells that cannot be Unicode are converted."""
    judged = [
        {key: _judge(text, key in name_fields) for key, text in row.items() if text} for row in rows
    ]
    column_votes: dict[str, Counter[str]] = {}
    column_unicode: Counter[str] = Counter()
    file_votes: Counter[str] = Counter()
    row_context: list[str | None] = []
    for verdicts in judged:
        votes = Counter(v.certain for v in verdicts.values() if v.certain)
        unicode = [k for k, v in verdicts.items() if v.unicode and not v.certain]
        file_votes += votes
        for key, verdict in verdicts.items():
            if verdict.certain:
                column_votes.setdefault(key, Counter())[verdict.certain] += 1
        column_unicode.update(unicode)
        typed_unicode = any(k not in picked_fields for k in unicode)
        row_context.append(_majority(votes) or ("" if typed_unicode else None))
    file_context = _majority(file_votes)
    out: list[dict[str, tuple[str, str | None]]] = []
    for row, verdicts, context in zip(rows, judged, row_context, strict=True):
        fixed: dict[str, tuple[str, str | None]] = {}
        for key, text in row.items():
            if key not in verdicts:
                fixed[key] = (text, None)
                continue
            cell_context = context
            if cell_context is None and key in column_votes:
                cell_context = _majority(column_votes[key], column_unicode[key])
            if cell_context is None and not column_unicode[key]:
                cell_context = file_context
            fixed[key] = fix_legacy(text, context=cell_context or None, name=key in name_fields)
        out.append(fixed)
    return out


def to_legacy(text: str, encoding: str) -> str:
    """Unicode text typed as a legacy keyboard would have stored it (tests and sample returns)."""
    out: list[str] = []
    for ch in nfc(text):
        if encoding == "TCVN3":
            out.append(UNICODE_TO_TCVN3.get(ch) or UNICODE_TO_TCVN3.get(ch.lower(), ch))
        else:
            out.append(_vni_encode(ch))
    return "".join(out)


def _vni_encode(ch: str) -> str:
    upper = ch.isupper()
    low = ch.lower()
    for letter_code, letter in _VNI_LETTERS.items():
        if letter == low:
            return letter_code.upper() if upper else letter_code
    decomposed = unicodedata.normalize("NFD", low)
    if len(decomposed) == 1 or decomposed[0] not in "aeouy":
        return ch
    base, marks = decomposed[0], decomposed[1:]
    tone = next((m for m in marks if m in TONE_MARKS), "")
    shape = marks.replace(tone, "")
    if shape == "\u031b":  # ơ ư are single characters, then the tone mark
        code = {"o": "ô", "u": "ö"}[base] + next(
            (k for k, v in _VNI_TONES.items() if v == tone), ""
        )
    elif shape == "\u0302":
        code = base + next(k for k, v in _VNI_HAT.items() if v == tone)
    elif shape == "\u0306":
        code = base + next(k for k, v in _VNI_BREVE.items() if v == tone)
    else:
        code = base + next((k for k, v in _VNI_TONES.items() if v == tone), "")
    return code.upper() if upper else code
