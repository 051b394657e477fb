"""Vietnamese text: NFC, accent-free matching keys, and legacy TCVN3/VNI conversion.

Staff and units type the same label many ways ("Họ và tên", "HO VA TEN", "họ  và tên" in NFD);
every comparison in the product goes through `fold` or `header_key` so that they all match.
Old offices still type with the ABC (TCVN3, .VnTime) or VNI keyboards; Excel then stores their
bytes as Windows-1252 letters ("NguyÔn V¨n An"), which `fix_legacy` turns back into Unicode.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NON_KEY = re.compile(r"[^a-z0-9/]+")
# đ/Đ are letters of their own, not d + a combining mark, so NFD does not strip them.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    """NFC, every run of white space (non-breaking included) as one space, trimmed.

    Zero-width characters and the byte-order mark are dropped (pasted web text keeps them); the
    soft hyphen is not: it is the TCVN3 letter ư.
    """
    return _SPACES.sub(" ", nfc(text).translate(_INVISIBLE)).strip()


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return nfc("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


CACHE_SIZE = 1 << 16

text_cache = lru_cache(maxsize=CACHE_SIZE)
"""The one cache of the pure text functions (folding, labels, roles, phones, names, dates).

Why: every cell of every return goes through them, and the same few hundred labels, roles,
headings and names recur in every file, so a bounded cache keyed by the text turns them into a
dict lookup. Measured on benchmarks/bench_consolidate.py's N=1,000 workspace (build only, one
process): 1.29 s of CPU with the caches; 1.52 s without vn's, 1.41 s without rules/normalize's,
1.44 s without intake's (identify and locate share plain_fold, so each alone shows little).
"""


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: the key for matching names and labels."""
    return _fold(text if type(text) is str else str(text))


@text_cache
def _fold(text: str) -> str:
    return collapse_spaces(strip_accents(text).lower())


def header_key(text: str) -> str:
    """`fold`, then only letters, digits and '/' kept, words joined by single spaces."""
    return _header_key(text if type(text) is str else str(text))


@text_cache
def _header_key(text: str) -> str:
    return _NON_KEY.sub(" ", _fold(text)).strip()


def ascii_name(text: str) -> str:
    """Accent-free text with the original letter case, for file names."""
    return collapse_spaces(strip_accents(str(text)))


# --- Vietnamese syllables -------------------------------------------------------------------
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # CLDR vi order
_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
_RHYMES = frozenset(
    """
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên êng ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot oo ooc oong
    oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua uân uâng uât uây uc uê uêch uênh ui um un ung uơ uôc uôi uôm uôn uông uôt up ut
    uy uya uych uyên uyêt uyn uynh uyp uyt uyu
    ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
    y yêm yên yêng yêt yêu ych yn ynh yp yt
    """.split()
)
_STOP_FINALS = ("c", "ch", "p", "t")
_VOWELS = frozenset("aăâeêioôơuưy")
# real but rare rhymes: a reading that needs them is the less likely one ("Coäc": VNI "Cộc")
_RARE_RHYMES = frozenset("oo ooc oong oeo oao uơ uyu uya uych uyp oen oem ênh êng eng".split())
# base letter + combining mark (after NFD) -> the Vietnamese letter it makes
VOWEL_MODS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def split_tone(word: str) -> tuple[str, int] | None:
    """Lower-case letters without tone and the tone (0 none … 5 nặng); None if not Vietnamese."""
    parts = _split_tone(word)
    return None if parts is None else parts[:2]


def _split_tone(word: str) -> tuple[str, int, int] | None:
    letters: list[str] = []
    tone, where = 0, -1
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONE_MARKS:
            if tone or not letters:
                return None
            tone, where = _TONE_MARKS[ch], len(letters) - 1
        elif unicodedata.combining(ch):
            mod = VOWEL_MODS.get((letters[-1] if letters else "", ch))
            if mod is None:
                return None
            letters[-1] = mod
        elif "a" <= ch <= "z" or ch == "đ":
            letters.append(ch)
        else:
            return None
    return "".join(letters), tone, where


def _tone_placed(rhyme: str, where: int) -> bool:
    """The tone sits on the main vowel; both the old (hoà, thuỷ) and new (hòa, thủy) styles."""
    vowels = [i for i, ch in enumerate(rhyme) if ch in _VOWELS]
    if where not in vowels:
        return False
    marked = [i for i in vowels if rhyme[i] in "ăâêôơư"]
    if marked:
        return where in marked
    if vowels[-1] != len(rhyme) - 1 or len(vowels) == 1:
        return where == vowels[-1] or rhyme.startswith("oo")
    if len(vowels) == 3:
        return where == vowels[1]
    return where == vowels[0] or rhyme in ("oa", "oe", "uy")


def _spelled_right(onset: str, rhyme: str) -> bool:
    """Vietnamese spelling rules: k/gh/ngh before e ê i y, c/g/ng not; gi and qu take no i/u."""
    front = rhyme[:1] in ("e", "ê", "i", "y")
    if onset in ("k", "gh", "ngh"):
        return front and (onset == "k" or rhyme[:1] != "y")
    if onset in ("c", "ng") or (onset == "g" and rhyme[:1] != "i"):
        return not front
    if onset == "gi":
        return rhyme[:1] != "i"
    if onset == "qu":
        return rhyme[:1] not in ("u", "ư", "o")
    # "ych", "ynh", "yêt" … only after qu or alone ("quỳnh", "yên"); else it is uynh, uyên
    return not (len(rhyme) > 1 and rhyme[0] == "y" and onset)


def is_syllable(word: str) -> bool:
    """True when the word is one well-formed Vietnamese syllable (any letter case)."""
    return _syllable_rhyme(word) is not None


def _syllable_rhyme(word: str) -> str | None:
    parts = _split_tone(word)
    if parts is None:
        return None
    letters, tone, where = parts
    for onset in _ONSETS:
        if letters.startswith(onset):
            rhyme = letters[len(onset) :]
            if (
                rhyme in _RHYMES
                and not (tone in (1, 2, 3) and rhyme.endswith(_STOP_FINALS))
                and _spelled_right(onset, rhyme)
                and (not tone or _tone_placed(rhyme, where - len(onset)))
            ):
                return rhyme
    return None


# Frequent syllables of names, party and office words: when a cell reads as valid Unicode and
# as valid legacy text, the reading made of these wins ("Phan Thò An" is VNI "Phan Thị An").
COMMON_SYLLABLES = frozenset(
    unicodedata.normalize("NFC", w)
    for w in """
    an anh ánh ân ấn ẩn ba bà bá bạch bảo bắc bằng bé bích biên bình bí bộ bùi ca cà cai cao cảnh
    cầm cần chánh chánh châu chi chí chính chín chung chúc chủ chức cơ công cúc cù cường dân diễm
    diệp doãn dung dũng duy duyên dương dự đại đam đan đào đạt đăng đặng đảng điền điệp định đinh
    đoàn đông đồng đỗ đức đường gia giang giám giáo hà hạ hai hải hạnh hào hảo hằng hân hậu hiền
    hiếu hiệp hiển hoa hoà hòa hoài hoàn hoàng hồ hồng hợp huân huấn huệ hùng hưng hương hường
    hữu huy huyền huỳnh hy kha khánh khang khải khiêm khoa khôi kiên kiều kim kỳ lai lam lan lâm
    lê lệ liên liêm liễu linh loan long lộc lợi luân lực lương lưu lý mai mạnh minh mỹ my nam
    nga ngân nghĩa ngọc ngô nguyên nguyễn nguyệt nhàn nhã nhân nhật nhi nhung như ninh nữ oanh
    phan phát phó phong phú phúc phùng phụng phương phượng quang quách quân quốc quế quý quyên
    quyết quỳnh sang sáu sâm sơn sương tạ tài tám tâm tân tấn thạch thái thanh thành thảo thắm
    thắng thân thế thi thị thiện thịnh thoa thông thu thuận thuý thúy thùy thuỳ thủy thuỷ thư
    thương thường thực tiên tiến tín toàn tô tôn trà trâm trần trí triệu trinh trọng trung
    trúc trương trường tú tuấn tùng tuyết tư tường uyên ủy uỷ văn vân viên việt vinh võ vũ vương
    vy xuân xã yên yến ý ban chấp hành thường vụ trực viên ủy cấp cục sở phòng chi hội
    nhiệm tổ chức tuyên giáo kiểm tra dân vận
    """.split()
)


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
_CP1252_ONLY = re.compile(r"[^\x00-\x7f\u00a0-\u00ff]")
_TOKEN = re.compile(r"[^\s\d!-/:-@\[-`{-~]+")


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


def _tcvn3_case(tokens: list[str], converted: list[str]) -> list[str]:
    """Upper-case letters lost by VN3: an all-capitals word or cell (.VnTimeH), or a toned capital
    starting a word of a Title Case cell ("Huúnh Ngäc Èn" is "Huỳnh Ngọc Ẩn")."""
    ascii_letters = [c for t in tokens for c in t if c.isascii() and c.isalpha()]
    if all(c.isupper() for c in ascii_letters) and any(map(_is_upper_ascii_word, tokens)):
        return [c.upper() for c in converted]
    out = [
        c.upper() if _is_upper_ascii_word(t) else c for t, c in zip(tokens, converted, strict=True)
    ]
    for n, (token, word) in enumerate(zip(tokens, out, strict=True)):
        if token[:1] in _TCVN3_TONED and word[:1].islower():
            others = [w for m, w in enumerate(out) if m != n and w[:1].isalpha()]
            if len(others) >= 2 and all(w[:1].isupper() for w in others):
                out[n] = word[:1].upper() + word[1:]
    return out


def _convert(text: str, encoding: str) -> tuple[str, int] | None:
    """The text read in one legacy encoding and a score (lower: the likelier reading), or None
    when some word would not be a Vietnamese syllable."""
    allowed = _TCVN3_SET if encoding == "TCVN3" else _VNI_CHARS
    if any(not ch.isascii() and ch not in allowed for ch in text):
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
        converted = _tcvn3_case(tokens, converted)
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
    odd = sum(1 for w in converted if _syllable_rhyme(w) in _RARE_RHYMES or not _natural_case(w))
    rare_words = sum(
        1
        for t, w in zip(tokens, converted, strict=True)
        if t != w and w.lower() not in COMMON_SYLLABLES
    )
    return nfc("".join(pieces)), changed + 2 * odd + rare_words


def _natural_case(word: str) -> bool:
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())


def _genuine_word(word: str) -> bool:
    return is_syllable(word) and _natural_case(word)


def legacy_encoding(text: str) -> str | None:
    """The legacy encoding the text was typed in, or None when it may well be genuine Unicode."""
    if text.isascii() or _CP1252_ONLY.search(text):
        return None
    words = [t for t in _TOKEN.findall(text) if not t.isascii()]
    genuine = all(_genuine_word(w) for w in words)
    if genuine and all(w.lower() in COMMON_SYLLABLES for w in words):
        return None  # reads as real Vietnamese already: leave it
    results = {enc: _convert(text, enc) for enc in ("VNI", "TCVN3")}
    found = {enc: r for enc, r in results.items() if r is not None}
    if not found:
        return None
    # Both readings valid ("Bí thö"): the one that changes fewer characters is the one typed.
    best = min(found, key=lambda enc: found[enc][1])
    if genuine:
        # "Phan Thò An" is valid Unicode too, but "thò" is rare in a name and VNI "Thị" is not.
        changed = set(_TOKEN.findall(found[best][0])) - set(_TOKEN.findall(text))
        if not all(w.lower() in COMMON_SYLLABLES for w in changed):
            return None
    return best


def fix_legacy(text: str) -> tuple[str, str | None]:
    """(Unicode NFC text, "TCVN3" | "VNI") for a cell typed in a legacy encoding, else (text, None).

    Conservative: text that already reads as Vietnamese, English, numbers, e-mails, or names such
    as "Renée" come back unchanged, because every word of a converted cell must be a syllable.
    """
    if text.isascii():
        return text, None
    return _fix_legacy(text)


@text_cache
def _fix_legacy(text: str) -> tuple[str, str | None]:
    encoding = legacy_encoding(text)
    if encoding is None:
        return text, None
    result = _convert(text, encoding)
    assert result is not None
    return result[0], encoding


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
    tone = next((m for m in marks if m in _TONE_MARKS), "")
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
