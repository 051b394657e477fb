"""Masks for copies that leave the office (Nghị định 13/2023/NĐ-CP: no more personal data than
the purpose needs): enough of a phone or e-mail to tell entries apart (`09xx xxx 678`,
`n***@binhdinh.gov.vn`), nothing more.
"""

from __future__ import annotations

import re

# a Vietnamese number as typed or normalised: 0912345678, 0912 345 678, +84 912.345.678,
# 02563 822 123; or a mobile that lost its leading zero in a number cell (912345678)
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)?84[\s.\-]?|0)\d(?:[\s.\-]?\d){7,9}(?!\d)"
    r"|(?<![\d.,])[35789]\d{8}(?![\d.,])"
)
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)")
# what is left of an address typed wrong ("binh@@sai", "an @ gmail"): masked whole
_AT = re.compile(r"[^\s,;()<>\"']*@[^\s,;()<>\"']*")


def mask_phone(text: str) -> str:
    """0912345678 → 09xx xxx 678: the first two and last three digits stay."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9:
        digits = "0" + digits
    masked = digits[:2] + "x" * (len(digits) - 5) + digits[-3:]
    return f"{masked[:4]} {masked[4:-3]} {masked[-3:]}"


def mask_email(text: str) -> str:
    """nguyen.van.an@binhdinh.gov.vn → n***@binhdinh.gov.vn (the unit's domain stays); an
    address typed wrong becomes ***@***."""
    text = _EMAIL.sub(lambda m: f"{m.group(1)[:1]}\x00@{m.group(2)}", text)
    text = _AT.sub(lambda m: m.group() if "\x00@" in m.group() else "***@***", text)
    return text.replace("\x00", "***")


def mask_text(text: str) -> str:
    """Every phone number and e-mail inside a text masked; the rest unchanged."""
    if "@" in text:
        text = mask_email(text)
    return _PHONE.sub(lambda m: mask_phone(m.group()), text)
