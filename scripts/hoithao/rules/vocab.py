"""Canonical party roles and genders, and the variants units type for them."""

from __future__ import annotations

PARTY_ROLES = (
    "Bí thư",
    "Phó Bí thư",
    "Ủy viên Ban Thường vụ",
    "Cấp ủy viên",
    "Đảng viên",
)

# variants -> canonical (matched on the folded text, after stripping the organisation part)
PARTY_ROLE_ALIASES = {
    "bt": "Bí thư",
    "bi thu": "Bí thư",
    "pbt": "Phó Bí thư",
    "pho bi thu": "Phó Bí thư",
    "pho bi thu thuong truc": "Phó Bí thư",
    "uvbtv": "Ủy viên Ban Thường vụ",
    "uy vien ban thuong vu": "Ủy viên Ban Thường vụ",
    "uy vien btv": "Ủy viên Ban Thường vụ",
    "cuv": "Cấp ủy viên",
    "cap uy vien": "Cấp ủy viên",
    "uy vien": "Cấp ủy viên",
    "dang uy vien": "Cấp ủy viên",
    "chi uy vien": "Cấp ủy viên",
    "uy vien ban chap hanh": "Cấp ủy viên",
    "dv": "Đảng viên",
    "dang vien": "Đảng viên",
}

# organisation words that may follow a role ("Bí thư chi bộ", "Phó bí thư Đảng ủy")
PARTY_ROLE_SUFFIXES = (
    "chi bo co so",
    "chi bo",
    "dang uy co so",
    "dang uy bo phan",
    "dang uy",
    "dang bo co so",
    "dang bo bo phan",
    "dang bo",
    "chi uy",
    "cap uy",
)

GENDER_MALE = "Nam"

GENDER_FEMALE = "Nữ"

GENDER_ALIASES = {
    "nam": GENDER_MALE,
    "m": GENDER_MALE,
    "male": GENDER_MALE,
    "ong": GENDER_MALE,
    "nu": GENDER_FEMALE,
    "f": GENDER_FEMALE,
    "female": GENDER_FEMALE,
    "ba": GENDER_FEMALE,
}

# prefixes stripped from names (folded, followed by a space or "/")
NAME_PREFIXES = ("dong chi", "d/c", "đ/c", "dc", "ong", "ba")

# folded variants -> canonical role, besides PARTY_ROLE_ALIASES
PARTY_ROLE_MORE_ALIASES = {
    "bi thu thuong truc": "Bí thư",
    "pho bi thu thuong truc": "Phó Bí thư",
    "uy vien thuong vu": "Ủy viên Ban Thường vụ",
    "uy vien ban thuong vu dang uy": "Ủy viên Ban Thường vụ",
    "uy vien cap uy": "Cấp ủy viên",
    "uy vien ban chap hanh dang bo": "Cấp ủy viên",
    "dang vien chinh thuc": "Đảng viên",
    "dang vien du bi": "Đảng viên",
}

# words that may follow a role without changing it ("Đảng viên dự bị")
PARTY_ROLE_QUALIFIERS = ("du bi", "chinh thuc", "thuong truc", "co so", "xa", "phuong")

# folded spellings of gender besides GENDER_ALIASES
GENDER_MORE_ALIASES = {"nam gioi": GENDER_MALE, "nu gioi": GENDER_FEMALE, "n/a": ""}
