"""Vietnamese collation: the alphabet order of ă â đ ê ô ơ ư, tones after letters, and the
name order of protocol lists (given name first, then middle names, then family name).

Python's default order puts "Đ" after "Z" and "á" after "b"; Excel's is no better for names,
which Vietnamese lists sort by the given name, the last word.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from hoithao.vn.names import name_sort_text
from hoithao.vn.text import VOWEL_MODS, collapse_spaces, fold_confusables, text_cache

# a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z): f j w z, which
# Vietnamese does not use, sit where the Latin alphabet puts them
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: n for n, ch in enumerate(ALPHABET)}
# CLDR vi: no tone, huyền, hỏi, ngã, sắc, nặng
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

WordKey = tuple[tuple[int, ...], tuple[int, ...]]


@text_cache  # family and middle names recur in every list
def word_key(word: str) -> WordKey:
    """(letters, tones) of one word: letters decide; tones only break ties between equal letters.

    Digits come before letters, other characters after them, in code point order. The tone is
    the syllable's, wherever it sits: "Thuý" and "Thúy", "Hoà" and "Hòa" are the same name
    written in the old and the new style, and sort together.
    """
    letters: list[int] = []
    tones: list[int] = []
    pending: str | None = None
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES and letters:
            tones[-1] = _TONES[ch]
        elif unicodedata.combining(ch):
            modified = VOWEL_MODS.get((pending or "", ch))
            if modified is not None:
                letters[-1] = 100 + _RANK[modified]
                pending = modified
        else:
            pending = ch
            if ch in _RANK:
                letters.append(100 + _RANK[ch])
            elif ch.isdigit():
                letters.append(unicodedata.digit(ch, 0))
            else:
                letters.append(1000 + ord(ch))
            tones.append(0)
    return tuple(letters), tuple(t for t in tones if t)


def name_key(full_name: str) -> tuple:
    """Sort key of a Vietnamese full name: given name, then middle names, then family name.

    A title ("PGS.TS.", "Đại tá") does not count. Case, NFC/NFD form, look-alike letters and
    extra spaces do not matter; the NFC text breaks the remaining ties,
    so the order is total and the same on every run.
    """
    text = collapse_spaces(str(full_name))
    name = name_sort_text(fold_confusables(text))  # "PGS.TS. Nguyễn Văn An": "Nguyễn Văn An"
    words = name.split(" ") if name else []
    if not words:
        return ((), (), (), text)
    keys = [word_key(w) for w in words]
    family = keys[0] if len(keys) > 1 else ((), ())
    return (keys[-1], tuple(keys[1:-1]), family, text)


def vietnamese_key(text: str) -> tuple:
    """Sort key of any text (unit names, places) word by word in the Vietnamese alphabet."""
    cleaned = collapse_spaces(str(text))
    words = fold_confusables(cleaned).split(" ") if cleaned else []
    return (tuple(word_key(w) for w in words), cleaned)


def sort_names(names: Iterable[str]) -> list[str]:
    return sorted(names, key=name_key)


def sort_texts(texts: Iterable[str]) -> list[str]:
    return sorted(texts, key=vietnamese_key)
