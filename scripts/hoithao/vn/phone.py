"""The Vietnamese numbering plan where phonenumbers alone is not enough: the landline area codes
changed in 2017, service numbers (1800, 1900), and numbers written the way people read them.

Offices still print and type their landlines with the old area codes ("(056) 3822 111",
"0511 3 822 111"): Quyết định 2036/QĐ-BTTTT (2016) moved every province to a 3-digit code in
three phases between February and June 2017.
"""

from __future__ import annotations

from hoithao.vn.text import text_cache

# old area code (without the 0) -> the code since 2017
OLD_AREA_CODES = {
    # phase 1, 11/02/2017
    "22": "212", "231": "213", "20": "214", "230": "215", "29": "216", "52": "232",
    "53": "233", "54": "234", "510": "235", "511": "236", "37": "237", "38": "238", "39": "239",
    # phase 2, 15/04/2017
    "33": "203", "240": "204", "25": "205", "26": "206", "27": "207", "280": "208", "281": "209",
    "320": "220", "321": "221", "241": "222", "31": "225", "351": "226", "36": "227",
    "350": "228", "30": "229", "60": "260", "501": "261", "500": "262", "63": "263", "59": "269",
    "70": "270", "651": "271", "72": "272", "73": "273", "650": "274", "75": "275", "66": "276",
    "67": "277",
    # phase 3, 17/06/2017 (Phú Thọ 210, Vĩnh Phúc 211, Hòa Bình 218, Hà Giang 219 unchanged)
    "4": "24", "8": "28", "55": "255", "56": "256", "57": "257", "58": "258", "68": "259",
    "62": "252", "61": "251", "64": "254", "780": "290", "781": "291", "710": "292", "711": "293",
    "74": "294", "76": "296", "77": "297", "79": "299",
}  # fmt: skip
SERVICE_PREFIXES = ("1800", "1900")


def old_landline(national: str, *, area: str = "") -> str | None:
    """The national digits (no leading 0) of a pre-2017 landline under its new area code, or None.

    `area` is the first group as written ("056" of "056 3822 111"): when it is an old code, the
    number is read as a landline even if the digits would also make a mobile number now.
    """
    codes = [area] if area in OLD_AREA_CODES else sorted(OLD_AREA_CODES, key=len, reverse=True)
    for code in codes:
        subscriber = national[len(code) :]
        if national.startswith(code) and len(subscriber) == (8 if code in ("4", "8") else 7):
            candidate = OLD_AREA_CODES[code] + subscriber
            if _valid("0" + candidate):
                return candidate
    return None


def service_number(digits: str) -> str | None:
    """A 1800 (free) or 1900 (paid) service number, as digits, or None."""
    if digits.startswith(SERVICE_PREFIXES) and len(digits) in (8, 10) and _valid(digits):
        return digits
    return None


@text_cache
def _valid(number: str) -> bool:
    import phonenumbers  # here, not at the top: a re-run from the cache never needs it

    try:
        parsed = phonenumbers.parse(number, "VN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


@text_cache
def format_phone(number: str) -> str:
    """A normalised number as people read it: "0905 111 222", "0256 3822 111", "1900 1234";
    a foreign number (+…) in the international format."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "VN")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_valid_number(parsed):
        return number
    if number.startswith("+"):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
