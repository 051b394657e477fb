"""CSV files saved by Excel on a Vietnamese Windows PC: bytes in a code page, not UTF-8.

Windows-1258 writes Vietnamese with combining tone marks, and TCVN3/VNI text typed with old fonts
is stored byte for byte; the same byte means both ("TrÇn V¨n Dòng": 0xF2 is TCVN3 "ũ" and
cp1258's combining dot below, so reading the file as cp1258 gives "Ḍng"). Each field is decoded
the way it reads as Vietnamese: as cp1258 when that gives real syllables, else as cp1252, which
keeps every legacy byte for the converter. A field that reads both ways follows the file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from hoithao.vn.legacy import legacy_verdict
from hoithao.vn.text import is_syllable, nfc

_WORD_SEPARATORS = str.maketrans(dict.fromkeys(map(ord, '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'), " "))


def _as_cp1258(data: bytes) -> str | None:
    """The field as real cp1258 Vietnamese, or None when it does not read as syllables."""
    try:
        text = nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    if any(unicodedata.combining(ch) for ch in text):
        return None  # a tone mark that composes with nothing: not cp1258 text
    words = [w for w in text.translate(_WORD_SEPARATORS).split() if not w.isascii()]
    if not all(is_syllable(w.strip("'’0123456789")) for w in words):
        return None
    return text


def _as_cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # bytes cp1252 leaves undefined (0x81, 0x8D …)


def decode_fields(fields: Sequence[bytes]) -> list[str]:
    """Every field of a code-page CSV as text (see the module docstring)."""
    readings: list[tuple[str | None, str, str | None, bool]] = []
    for data in fields:
        if data.isascii():
            text = data.decode("ascii")
            readings.append((text, text, None, False))
            continue
        western = _as_cp1252(data)
        readings.append((_as_cp1258(data), western, *legacy_verdict(western)))
    legacy = sum(1 for r in readings if r[2])
    vietnamese = sum(
        1 for u, w, _, possible in readings if u is not None and u != w and not possible
    )
    out = []
    for unicode, western, certain, possible in readings:
        if unicode is None or certain or (possible and legacy > vietnamese):
            out.append(western)
        else:
            out.append(unicode)
    return out
