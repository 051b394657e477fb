"""Pure per-field normalisers: a cell value in, the canonical text out.

Every function here is idempotent and returns NFC text, so a value can be normalised again (after
a re-read, a merge, a hand edit) without drifting.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from hoithao.rules.vocab import (
    GENDER_ALIASES,
    GENDER_MORE_ALIASES,
    NAME_PREFIXES,
    PARTY_ROLE_ALIASES,
    PARTY_ROLE_MORE_ALIASES,
    PARTY_ROLE_QUALIFIERS,
    PARTY_ROLE_SUFFIXES,
    PARTY_ROLES,
)
from hoithao.vn.names import split_title, title_case_word
from hoithao.vn.phone import old_landline, service_number
from hoithao.vn.text import collapse_spaces, fold, text_cache

# --- cell values ------------------------------------------------------------------------------


def clean_value(raw: object) -> str:
    """A cell as text: calamine gives floats for numbers and date/time objects for dates."""
    if raw.__class__ is str:
        return _clean_text(raw)  # type: ignore[arg-type]
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "x" if raw else ""  # a ticked box counts like a typed "x"
    if isinstance(raw, float):
        if math.isnan(raw):
            return ""
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, datetime):
        if raw.time() != time():
            return f"{raw:%d/%m/%Y %H:%M}"
        return f"{raw:%d/%m/%Y}"
    if isinstance(raw, date):
        return f"{raw:%d/%m/%Y}"
    if isinstance(raw, time):
        return f"{raw:%H:%M}"
    return collapse_spaces(str(raw))


@text_cache
def _clean_text(text: str) -> str:
    return collapse_spaces(text)


# --- names ------------------------------------------------------------------------------------
_HONORIFICS = (
    "ong",
    "ba",
)  # also real words of names ("Ông Ích Khiêm"): stripped only before 3+ words
_PREFIX_END = re.compile(r"^[\s/.:,\-]+")
_EDGE_PUNCT = " .,;:-–—*•·_"
_NAME_LIKE = re.compile(r"^[\w\s.,;:/'’()\-–—*•·]*$")


def _strip_prefix(text: str) -> str:
    """Drop one leading "Đ/c", "Đồng chí", "Ông", "Bà" … when a name follows it."""
    key = fold(text)
    for prefix in sorted(NAME_PREFIXES, key=len, reverse=True):
        prefix = fold(prefix)
        if not key.startswith(prefix):
            continue
        rest = text[len(prefix) :]
        if not _PREFIX_END.match(rest):
            continue
        rest = _PREFIX_END.sub("", rest)
        if prefix in _HONORIFICS and "/" in text[len(prefix) : len(prefix) + 1]:
            rest = re.sub(r"^(?i:b[àa]|[ôo]ng)\s*", "", rest)  # "Ông/Bà Nguyễn Văn A"
        elif prefix in _HONORIFICS and len(rest.split()) < 3:
            continue
        if rest:
            return rest
    return text


def normalize_name(text: str) -> str:
    """NFC, single spaces, no "Đ/c"/"Đồng chí" before it, Vietnamese title case; a title
    ("PGS.TS.", "Đại tá") kept in its usual casing, "H'Hen" cased as typed (vn.names)."""
    return _normalize_name(text if type(text) is str else str(text))


@text_cache
def _normalize_name(text: str) -> str:
    name = collapse_spaces(text)
    if not _NAME_LIKE.match(name):
        return name  # not a name (a formula, a note): keep it exactly as typed
    name = name.strip(_EDGE_PUNCT)
    while True:
        stripped = _strip_prefix(name).strip(_EDGE_PUNCT)
        if stripped == name:
            break
        name = stripped
    if not name:
        return ""
    titled = split_title(name)
    body = " ".join(title_case_word(w) for w in titled.name.split(" "))
    return f"{titled.title} {body}" if titled.title else body


# --- gender -----------------------------------------------------------------------------------


def normalize_gender(text: str) -> str:
    """ "Nam", "Nữ" or "" (unknown): the forms' spellings are in GENDER_ALIASES."""
    key = fold(text).strip(_EDGE_PUNCT)
    return GENDER_ALIASES.get(key) or GENDER_MORE_ALIASES.get(key, "")


# --- party roles ------------------------------------------------------------------------------
_ROLE_SPLIT = re.compile(r"\s*(?:[,;/+&\n]|\s-\s|\s–\s|\bkiem\b|\bva\b|\bdong thoi\b)\s*")
_ROLE_ABBREVIATIONS = {
    "bt": "bi thu",
    "pbt": "pho bi thu",
    "uv": "uy vien",
    "btv": "ban thuong vu",
    "bch": "ban chap hanh",
    "tt": "thuong truc",
    "cuv": "cap uy vien",
    "uvbtv": "uy vien ban thuong vu",
    "uvbch": "uy vien ban chap hanh",
    "cb": "chi bo",
    "dv": "dang vien",
}
_ROLE_ALIASES = {
    **PARTY_ROLE_ALIASES,
    **PARTY_ROLE_MORE_ALIASES,
    **{fold(role): role for role in PARTY_ROLES},
}
_ROLE_ALIASES_LONGEST_FIRST = sorted(_ROLE_ALIASES, key=len, reverse=True)


def _role_key(part: str) -> str:
    words = re.sub(r"[.()\-:]+", " ", part).split()
    if len(words) > 1 and words[0] == "p" and words[1] in ("bi", "bt"):
        words[0] = "pho"  # "P.Bí thư", "P. BT"
    return " ".join(_ROLE_ABBREVIATIONS.get(w, w) for w in words)


def _match_role(key: str) -> str | None:
    aliases = _ROLE_ALIASES
    for alias in _ROLE_ALIASES_LONGEST_FIRST:
        if key == alias:
            return aliases[alias]
        if key.startswith(alias + " "):
            rest = key[len(alias) + 1 :]
            tails = PARTY_ROLE_SUFFIXES + PARTY_ROLE_QUALIFIERS
            if any(rest == t or rest.startswith(t + " ") for t in tails):
                return aliases[alias]
    return None


def normalize_party_role(text: str) -> str:
    """The canonical role of PARTY_ROLES for any spelling ("BT", "P.Bí thư", "Phó bí thư
    Đảng ủy"); several roles in one cell give the highest; anything else comes back cleaned."""
    return _normalize_party_role(text if type(text) is str else str(text))


@text_cache
def _normalize_party_role(text: str) -> str:
    cleaned = collapse_spaces(text)
    if not cleaned:
        return ""
    found = [_match_role(_role_key(part)) for part in _ROLE_SPLIT.split(fold(cleaned))]
    roles = [r for r in found if r]
    if not roles:
        return cleaned
    return min(roles, key=PARTY_ROLES.index)


@text_cache
def role_rank(role: str) -> int:
    """Protocol rank: 0 for Bí thư …; unknown or empty roles after every known one."""
    canonical = normalize_party_role(role)
    if canonical in PARTY_ROLES:
        return PARTY_ROLES.index(canonical)
    return len(PARTY_ROLES)


@text_cache
def role_matches(role: str, valid_roles: tuple[str, ...]) -> bool:
    """Whether the role is one of the category's valid roles, in whichever spelling."""
    key = fold(normalize_party_role(role))
    return bool(key) and key in {fold(normalize_party_role(v)) for v in valid_roles}


# --- phone numbers ----------------------------------------------------------------------------
# Mobile prefixes renumbered by the Ministry of Information and Communications in 2018
# (Viettel, MobiFone, VinaPhone, Vietnamobile, Gmobile): 11-digit 01xx numbers became 10 digits.
OLD_MOBILE_PREFIXES = {
    "162": "32", "163": "33", "164": "34", "165": "35", "166": "36", "167": "37", "168": "38",
    "169": "39",
    "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
    "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
    "186": "56", "188": "58",
    "199": "59",
}  # fmt: skip
_PHONE_SPLIT = re.compile(
    r"[\n\r;,|\\]+|(?<=\d)\s*/\s*(?=[\d+(])|\s+[-–—]\s+|\s+(?:hoặc|hoac|và|va|or|and)\s+",
    re.IGNORECASE,
)
_PHONE_RUN = re.compile(r"(?:\+|\b00)?\(?\d[\d\s.\-()]*\d\)?")
_NO_PHONE = re.compile(r"^[\W_]*$")


@dataclass(frozen=True)
class PhoneResult:
    """The number written the Vietnamese way, whether it is valid, and any further numbers."""

    phone: str
    valid: bool
    others: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()  # further parts with digits that make no number: kept


# an old area code and a landline subscriber grouped as such: "(056) 3822 111", "0511.3822111"
_OLD_LANDLINE = re.compile(
    r"^(?:\(0?(\d{1,3})\)[\s.\-]*|0?(\d{1,3})[\s.\-]+)(?:\d{7,8}|\d{4}[\s.\-]\d{3,4})$"
)


def _vn_number(digits: str, international: bool, area: str = "") -> str | None:
    """`0…` national form of a valid Vietnamese number; "+…" for a foreign one (not valid here)."""
    import phonenumbers  # here, not at the top: a re-run from the cache never needs it

    if international:
        if not digits.startswith("84"):
            try:
                parsed = phonenumbers.parse("+" + digits)
            except phonenumbers.NumberParseException:
                return None
            if phonenumbers.is_valid_number(parsed):
                return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            return None
        national = digits[2:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        national = digits[2:]
    else:
        national = digits[1:] if digits.startswith("0") else digits  # Excel dropped the 0
    national = national.lstrip("0")
    if not international and service_number(national):
        return national  # 1800 / 1900: no leading 0
    if len(national) == 10 and national[:3] in OLD_MOBILE_PREFIXES:
        national = OLD_MOBILE_PREFIXES[national[:3]] + national[3:]
    if area and (landline := old_landline(national, area=area)):
        return "0" + landline  # "(056) 3822 111": Bình Định's code before 2017, now 0256
    try:
        parsed = _parse_national(national)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(parsed) and phonenumbers.region_code_for_number(parsed) == "VN":
        return "0" + str(parsed.national_number)
    landline = old_landline(national)
    return "0" + landline if landline else None


# nine ASCII digits, the first not 0: the shape of nearly every number units write (a mobile
# number or a landline with its area code, the leading 0 dropped)
_NINE_DIGITS = re.compile(r"[1-9][0-9]{8}")


def _parse_national(national: str):  # -> phonenumbers.PhoneNumber, imported lazily
    """phonenumbers.parse("0" + national, "VN"), without its text handling (~60% of the time
    a phone cell takes) for nine plain digits, whose parse is always the number itself under
    +84; tests/rules/test_normalize.py compares the two on generated numbers. Every other
    shape is left to the library."""
    import phonenumbers

    if _NINE_DIGITS.fullmatch(national):
        return phonenumbers.PhoneNumber(country_code=84, national_number=int(national))
    return phonenumbers.parse("0" + national, "VN")


def _parse_run(run: str) -> str | None:
    run = run.strip()
    international = run.startswith(("+", "00"))
    digits = re.sub(r"\D", "", run)
    if run.startswith("00"):
        digits = digits[2:]
    match = _OLD_LANDLINE.match(run)
    area = (match.group(1) or match.group(2)) if match and not international else ""
    return _vn_number(digits, international, area)


def _numbers_in(part: str) -> list[str]:
    """Valid numbers of one part; a run of digit groups too long for one number is cut where the
    groups seen so far make a valid number ("0905 123 456 0914 222 333")."""
    found: list[str] = []
    for match in _PHONE_RUN.finditer(part):
        run = match.group()
        number = _parse_run(run)
        if number:
            found.append(number)
            continue
        pending = ""
        for group in re.split(r"[\s\-]+", run):
            pending = f"{pending} {group}".strip()
            number = _parse_run(pending)
            if number and sum(c.isdigit() for c in pending) >= 9:
                found.append(number)
                pending = ""
    return found


def normalize_phone(raw: object) -> PhoneResult:
    """Phone cell → `0xxxxxxxxx` (mobile) or area-code landline (old codes mapped to the 2017
    ones), `1900xxxx` service numbers, no spaces; further numbers in `others`, whatever
    separates them; parts that make no number in `unreadable`. Invalid text is kept (cleaned)
    with valid=False so staff see what was written."""
    if isinstance(raw, str):
        return _normalize_phone_text(raw)
    if isinstance(raw, float) and raw.is_integer():
        return _normalize_phone_text(str(int(raw)))  # typed as a number: Excel dropped the 0
    return _normalize_phone_text(str(raw) if raw is not None else "")


@text_cache
def _normalize_phone_text(text: str) -> PhoneResult:
    cleaned = collapse_spaces(text)
    if _NO_PHONE.match(cleaned):
        return PhoneResult("", False, ())
    numbers: list[str] = []
    unreadable: list[str] = []
    for part in _PHONE_SPLIT.split(text):
        found = _numbers_in(part)
        numbers += [n for n in found if n not in numbers]
        if not found and sum(c.isdigit() for c in part) >= 6:
            unreadable.append(collapse_spaces(part))
    if not numbers:
        return PhoneResult(cleaned, False, ())
    numbers.sort(key=lambda n: n.startswith("+"))  # a Vietnamese number first
    first = numbers[0]
    return PhoneResult(first, not first.startswith("+"), tuple(numbers[1:]), tuple(unreadable))


# --- e-mail -----------------------------------------------------------------------------------
_MAILTO = re.compile(r"^(?:mailto:)?<?(.*?)>?$", re.IGNORECASE)


def normalize_email(text: str) -> tuple[str, bool]:
    """(normalised address, True), or (the text as written, False); empty is not an error.

    Syntax only (no DNS look-up): the office may be offline, and a typo is what we want to catch.
    """
    return _normalize_email(text if type(text) is str else str(text))


@text_cache
def _normalize_email(text: str) -> tuple[str, bool]:
    cleaned = collapse_spaces(text)
    if not cleaned:
        return "", True
    candidate = _MAILTO.match(cleaned.replace(" ", "")).group(1)  # type: ignore[union-attr]
    if (plain := _plain_address(candidate)) is not None:
        return plain, True
    # here, not at the top: ~25 ms to import, and plain addresses never need it
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(candidate, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return cleaned, False
    return result.normalized, True


# the shape of nearly every address units write: ASCII letters and digits in runs joined by one
# ".", "_" or "-"; a domain of such labels (hyphens inside only) under a top-level domain of
# letters; short enough that no length rule of RFC 5321 applies
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9]+(?:[._\-][A-Za-z0-9]+)*@(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\.)+[A-Za-z]{2,}"
)
PLAIN_ADDRESS_MAX = 64
# email_validator.SPECIAL_USE_DOMAIN_NAMES, without importing the library for it (~25 ms, most of
# a one-new-return re-run's reading); tests/rules/test_normalize.py checks the two agree
SPECIAL_USE_DOMAINS = ("arpa", "invalid", "local", "localhost", "onion", "test")


def _plain_address(candidate: str) -> str | None:
    """email_validator's normalised address for the plainest shape (the domain in lower case),
    without its Unicode and IDNA handling (~90% of the time an address takes); None for any
    other shape, or a special-use domain (.local, .test…), which the library then decides.
    tests/rules/test_normalize.py compares the two on generated addresses."""
    if len(candidate) > PLAIN_ADDRESS_MAX or not _PLAIN_ADDRESS.fullmatch(candidate):
        return None
    local, _, domain = candidate.partition("@")
    domain = domain.lower()
    if any(domain == d or domain.endswith("." + d) for d in SPECIAL_USE_DOMAINS):
        return None
    return f"{local}@{domain}"
