"""Vietnamese text: NFC, accent-free matching keys, and what a Vietnamese syllable is.

Staff and units type the same label many ways ("Họ và tên", "HO VA TEN", "họ  và tên" in NFD);
every comparison in the product goes through `fold` or `header_key` so that they all match.
The syllable rules let `vn.legacy` tell text typed with a TCVN3/VNI font from real Unicode.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NON_KEY = re.compile(r"[^a-z0-9/]+")
# Letters that look like Vietnamese ones and are typed or pasted in their place: the Icelandic
# eth "Ð" (U+00D0, what many fonts and old keyboards give for Đ), the African D, and Cyrillic or
# Greek letters that look Latin (a name pasted from a PDF or a Russian keyboard layout).
_D_LOOKALIKES = {"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"}
_LATIN_LOOKALIKES = dict(
    zip(
        "АВЕКМНОРСТХУаеорсхуіјѕԁһӏΑΒΕΗΙΚΜΝΟΡΤΧΥΖοικνρτυχ",
        "ABEKMHOPCTXYaeopcxyijsdhlABEHIKMNOPTXYZoikvptux",
        strict=True,
    )
)
_CONFUSABLES = str.maketrans(_D_LOOKALIKES)
_LOOKALIKE_WORD = re.compile(rf"\w*[{''.join(_LATIN_LOOKALIKES)}]\w*")
# đ/Đ are letters of their own, not d + a combining mark, so NFD does not strip them.
_D_MAP = str.maketrans(
    {"đ": "d", "Đ": "D"}
    | {k: v.translate({ord("Đ"): "D", ord("đ"): "d"}) for k, v in _D_LOOKALIKES.items()}
    | _LATIN_LOOKALIKES
)
_FORMAT_CHARS = dict.fromkeys(map(ord, "\u00ad\u180e\u200e\u200f\u2061\u2062\u2063\u2064"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    """NFC, every run of white space (non-breaking included) as one space, trimmed.

    Zero-width characters and the byte-order mark are dropped (pasted web text keeps them); the
    soft hyphen is not: it is the TCVN3 letter ư.
    """
    if text.isascii():  # already NFC, nothing invisible: most cells (numbers, e-mails, codes)
        return _SPACES.sub(" ", text).strip()
    return _SPACES.sub(" ", nfc(text).translate(_INVISIBLE)).strip()


def fold_confusables(text: str) -> str:
    """Look-alike letters as the Vietnamese ones they stand for ("Ðào" → "Đào", a Cyrillic "о"
    inside "Nguyễn Vаn Аn" → Latin), and invisible format characters (soft hyphen, direction
    marks) dropped. Run after the legacy conversion: the soft hyphen and "Ð" are TCVN3 letters.
    A word wholly in Cyrillic or Greek is left alone: it is no look-alike."""
    if text.isascii():  # every look-alike and format character is beyond ASCII
        return text
    text = text.translate(_CONFUSABLES).translate(_FORMAT_CHARS)
    return _LOOKALIKE_WORD.sub(_latin_word, text) if not text.isascii() else text


def _latin_word(match: re.Match[str]) -> str:
    word = match.group()
    latin = word.translate(str.maketrans(_LATIN_LOOKALIKES))
    has_latin = any("a" <= unicodedata.normalize("NFD", c)[0].lower() <= "z" for c in word)
    return latin if has_latin or is_syllable(latin) else word


def strip_accents(text: str) -> str:
    if text.isascii():  # nothing to map, decompose or strip
        return text
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return nfc("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


# Room for the labels, roles, headings and common names that recur; names, phones and e-mails
# are mostly seen once, and a larger cache only held them: at 10,000 returns each reading
# process grew by ~70 MB with 1 << 16 entries per function, for no measurable speed.
CACHE_SIZE = 1 << 12
F = TypeVar("F", bound=Callable[..., object])
_CACHED: list[Callable[..., object]] = []


def text_cache(func: F) -> F:
    """The one cache of the pure text functions (folding, labels, roles, phones, names, dates).

    Why: every cell of every return goes through them, and the same few hundred labels, roles,
    headings and names recur in every file, so a bounded cache keyed by the text turns them into
    a dict lookup. Measured on benchmarks/bench_consolidate.py's N=1,000 workspace (build only,
    one process): 1.29 s of CPU with the caches; 1.52 s without vn's, 1.41 s without
    rules/normalize's, 1.44 s without intake's (identify and locate share plain_fold, so each
    alone shows little).
    """
    cached = lru_cache(maxsize=CACHE_SIZE)(func)
    _CACHED.append(cached)
    return cached  # type: ignore[return-value]


def clear_text_caches() -> None:
    """Free what the text caches hold: a worker that read returns and now writes outputs."""
    for cached in _CACHED:
        cached.cache_clear()  # type: ignore[attr-defined]


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
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # CLDR vi order
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
RARE_RHYMES = frozenset("oo ooc oong oeo oao uơ uyu uya uych uyp oen oem ênh êng eng".split())
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
        if ch in TONE_MARKS:
            if tone or not letters:
                return None
            tone, where = TONE_MARKS[ch], len(letters) - 1
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
    # "ych", "ynh" … only after qu ("quỳnh"), "yêt", "yên" … also alone; else it is uynh, uyên
    return not (len(rhyme) > 1 and rhyme[0] == "y" and (onset or rhyme[1] != "ê"))


def is_syllable(word: str) -> bool:
    """True when the word is one well-formed Vietnamese syllable (any letter case), or a
    syllable of a minority place name (Krông, Đăk, Đạ Tẻh, Kbang, Chư Păh)."""
    return syllable_rhyme(word) is not None


@text_cache
def syllable_rhyme(word: str) -> str | None:
    """The rhyme of a well-formed syllable, or None when the word is not one."""
    parts = _split_tone(word)
    if parts is None:
        return None
    letters, tone, where = parts
    for onset in _ONSETS:
        if letters.startswith(onset):
            rhyme = letters[len(onset) :]
            if (
                rhyme in _RHYMES
                and _tone_fits(rhyme, tone)
                and _spelled_right(onset, rhyme)
                and (not tone or _tone_placed(rhyme, where - len(onset)))
            ):
                return rhyme
    return _minority_rhyme(letters, tone, where)


def _tone_fits(rhyme: str, tone: int) -> bool:
    """A syllable closed by -c, -ch, -p, -t carries sắc or nặng, never another tone or none."""
    return tone in (4, 5) if rhyme.endswith(_STOP_FINALS) else True


# Place names of the Central Highlands and the north-west are written in Vietnamese letters
# but not by Vietnamese spelling: clusters (Kr, Gl, Kb, Pl), -k and -h finals, k before any
# vowel (Krông Pắc, Đăk Glong, Đạ Tẻh, Kon Plông, Chư Păh, Ea H'leo, M'Drắk).
_CLUSTERS = (
    "br", "bl", "chr", "dr", "gl", "gr", "hr", "kb", "kl", "kr", "mn", "pl", "pr",
    "j", "f", "w", "z",
)  # fmt: skip
_MINORITY_ONSETS = (
    *_CLUSTERS, "ng", "nh", "ch", "kh", "ph", "th", "tr", "b", "d", "đ", "g", "h", "k", "l",
    "m", "n", "p", "r", "s", "t", "v", "x", "y", "",
)  # fmt: skip
_MINORITY_RHYMES = frozenset(
    "ăk ak ôk ok uk ek êk ơk ưk ik ah ăh eh êh ih oh ôh ơh uh ưh ea ơng ông ong ang on".split()
)


def _minority_rhyme(letters: str, tone: int, where: int) -> str | None:
    for onset in _MINORITY_ONSETS:
        if not letters.startswith(onset):
            continue
        rhyme = letters[len(onset) :]
        if rhyme in _MINORITY_RHYMES or (onset in _CLUSTERS and rhyme in _RHYMES):
            if (rhyme.endswith("k") and tone not in (0, 4, 5)) or not _tone_fits(rhyme, tone):
                continue
            if tone and not _tone_placed(rhyme, where - len(onset)):
                continue
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

# Family names (the first word of a full name): "Hoà Hoàng Bình" is no name, but VNI typing of
# "Hồ Hồng Bình" is, since "Hoà" is no family name and "Hồ" is.
FAMILY_NAMES = frozenset(
    unicodedata.normalize("NFC", w)
    for w in """
    nguyễn trần lê phạm huỳnh hoàng phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trương đoàn lâm
    mai lưu cao châu tạ thái tô quách hà lương trịnh văn kiều từ phùng hứa mạc âu tôn thân khúc
    triệu ông la diệp giang hầu lữ lạc nông quan chu đào vương lục kim doãn ninh tăng bạch chế
    khổng kha lò đàm mã biện thạch đồng đậu lò lại lã lỗ ma mẫn nghiêm nhữ ôn phí phó quản sầm
    thái thạch thi tiêu tống trang trình vi viên y cù bế hoàng giáp hàn hạ hạp khương khuất
    lạc lò mông mục nhan ninh phương quang quế sử tào thiều thủy ung uông vĩnh vòng xa yên
    """.split()
)
