"""An independent oracle for Vietnamese text: Unikey's TCVN3 (ABC) and VNI-Windows tables written
out byte by byte from the published charts, and generators of realistic names and unit names.

Nothing here imports hoithao: the accuracy tests and benchmarks/bench_vietnamese.py measure our
converter against these tables, not against itself.
"""

from __future__ import annotations

import random
import unicodedata

# --- TCVN 5712:1993 VN3, as Unikey's "TCVN3 (ABC)" charset writes it ---------------------------
# Byte → letter. VN3 has no code for a capital toned vowel: Unikey writes the lower-case byte and
# the .VnTimeH font draws it as a capital.
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TO_TCVN3 = {letter: bytes([b]).decode("cp1252") for b, letter in _TCVN3_BYTES.items()}

# --- VNI-Windows: a base letter and a mark byte; a few letters are one byte ---------------------
_VNI_TONE = {"": "", "sắc": "ù", "huyền": "ø", "hỏi": "û", "ngã": "õ", "nặng": "ï"}
_VNI_CIRCUMFLEX = {"": "â", "sắc": "á", "huyền": "à", "hỏi": "å", "ngã": "ã", "nặng": "ä"}
_VNI_BREVE = {"": "ê", "sắc": "é", "huyền": "è", "hỏi": "ú", "ngã": "ü", "nặng": "ë"}
_VNI_I = {"": "i", "sắc": "í", "huyền": "ì", "hỏi": "æ", "ngã": "ó", "nặng": "ò"}
_TONE_NAMES = {
    "\u0301": "sắc",
    "\u0300": "huyền",
    "\u0309": "hỏi",
    "\u0303": "ngã",
    "\u0323": "nặng",
}


def to_tcvn3(text: str) -> str:
    """Unicode → what Excel shows for TCVN3 bytes (cp1252), capitals as .VnTimeH stores them."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = _TO_TCVN3.get(ch) or _TO_TCVN3.get(ch.lower())
        out.append(code if code is not None else ch)
    return "".join(out)


def to_vni(text: str) -> str:
    """Unicode → what Excel shows for VNI-Windows bytes (cp1252); capitals take capital marks."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        low = ch.lower()
        if low == "đ":
            out.append("Ñ" if ch.isupper() else "ñ")
            continue
        parts = unicodedata.normalize("NFD", low)
        base = parts[0]
        marks = parts[1:]
        if not marks or base not in "aeiouy":
            out.append(ch)
            continue
        tone = next((_TONE_NAMES[m] for m in marks if m in _TONE_NAMES), "")
        if "\u0302" in marks:
            seq = base + _VNI_CIRCUMFLEX[tone]
        elif "\u0306" in marks:
            seq = base + _VNI_BREVE[tone]
        elif "\u031b" in marks:
            seq = ("ô" if base == "o" else "ö") + _VNI_TONE[tone]
        elif base == "i":
            seq = _VNI_I[tone]
        elif base == "y" and tone == "nặng":
            seq = "î"
        else:
            seq = base + _VNI_TONE[tone]
        out.append(seq.upper() if ch.isupper() else seq)
    return "".join(out)


ENCODERS = {"TCVN3": to_tcvn3, "VNI": to_vni}
_LOWER_ONLY = frozenset(
    c for c in _TCVN3_BYTES.values() if c.islower() and c.upper() not in _TO_TCVN3
)


def tcvn3_can_store(text: str) -> str:
    """What TCVN3 keeps of a text: a capital toned vowel (Á, Ầ, Ủ …) has no code, so "Ủy ban"
    typed with a .VnTime font is "ủy ban" (whole-capital cells use .VnTimeH: see to_tcvn3)."""
    return "".join(ch.lower() if ch.lower() in _LOWER_ONLY else ch for ch in text)


# --- realistic names ------------------------------------------------------------------------
FAMILY = (
    "Nguyễn " * 38
    + "Trần " * 11
    + "Lê " * 9
    + "Phạm " * 7
    + "Huỳnh " * 5
    + "Hoàng " * 4
    + "Phan " * 4
    + "Võ " * 4
    + "Vũ " * 3
    + "Đặng " * 2
    + "Bùi " * 2
    + "Đỗ " * 2
    + "Hồ " * 2
    + "Ngô " * 2
    + "Dương " * 2
    + "Lý Đinh Trương Đoàn Lâm Mai Lưu Cao Châu Tạ Thái Tô Quách Hà "
    "Lương Trịnh Văn Kiều Từ Phùng Hứa Mạc Âu Tôn Thân Khúc Triệu Ông La Diệp Giang Hầu Lữ Lạc "
    "Nông Quan Chu Đào Vương Lục Kim Doãn Ninh Tăng Bạch Chế Khổng Kha Lò Đàm Mã Biện Thạch"
).split()
MIDDLE_MEN = (
    "Văn " * 12 + "Hữu Đức Minh Quốc Ngọc Thanh Xuân Công Đình Quang Tấn Hoàng Bảo Anh Thành "
    "Trọng Duy Hồng Tuấn Viết Như Kim Phước Tiến Chí Mạnh Thế Khắc Bá Sỹ Sĩ Đăng Phú Cao Trung "
    "Nhật Gia Hải Tường Thái Vĩnh Phi Hoài Lương"
).split()
MIDDLE_WOMEN = (
    "Thị " * 14 + "Ngọc Thanh Thu Kim Minh Hồng Thúy Thuý Phương Mỹ Bích Diệu Hoài Quỳnh Tuyết "
    "Ánh Bảo Hải Khánh Lan Mai Như Thảo Xuân Yến Cẩm Diễm Tường Vân Hương Hạnh"
).split()
GIVEN_MEN = (
    "An Anh Bảo Bình Cường Chiến Công Dũng Duy Dương Đạt Điền Định Đông Đức Giang Hải Hào "
    "Hiếu Hiệp Hòa Hoà Hoàng Hùng Hưng Huy Khải Khang Khánh Khoa Kiên Lâm Lộc Long Luân Lực "
    "Mạnh Minh Nam Nghĩa Nhân Phát Phong Phú Phúc Phước Quang Quân Quốc Quý Sơn Sang Tài Tâm "
    "Tân Thắng Thành Thanh Thiện Thịnh Thông Thuận Tiến Toàn Trí Trung Trường Tuấn Tùng Việt "
    "Vinh Vũ Vương Xuân Tú Khôi Ân Ẩn Ất Ích Ưng Ổn Oai Khuê Lượng Thưởng Ngạn Đoàn Hậu Hiển"
).split()
GIVEN_WOMEN = (
    "Anh Ánh Bích Chi Châu Diễm Diệp Dung Duyên Đào Giang Hà Hạnh Hằng Hiền Hoa Hòa Hoà Hồng "
    "Huệ Hương Hường Huyền Khánh Lan Liên Linh Loan Mai My Mỹ Nga Ngân Ngọc Nguyệt Nhàn Nhi "
    "Nhung Như Oanh Phương Phượng Quyên Quỳnh Sương Tâm Thảo Thắm Thanh Thu Thủy Thuỷ Thúy Thuý "
    "Thùy Thuỳ Thư Trang Trâm Trinh Tuyết Uyên Vân Vy Xuân Yến Ái Ấm Oanh Ý Ngà Lài Lụa Cúc Huế"
).split()


def random_name(rng: random.Random) -> str:
    """One full name: family, one or two middle names (or none), given name."""
    woman = rng.random() < 0.45
    middle_pool, given_pool = (MIDDLE_WOMEN, GIVEN_WOMEN) if woman else (MIDDLE_MEN, GIVEN_MEN)
    middles = rng.choices(middle_pool, k=rng.choices((0, 1, 2), weights=(5, 75, 20))[0])
    return " ".join([rng.choice(FAMILY), *middles, rng.choice(given_pool)])


def names(count: int, seed: int = 14) -> list[str]:
    """`count` names, one in ten in capitals (as many forms type them)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        name = random_name(rng)
        out.append(name.upper() if rng.random() < 0.1 else name)
    return out


# --- unit names, minority place names included ------------------------------------------------
_UNIT_KINDS = ("Chi bộ", "Đảng bộ", "Chi bộ cơ sở", "Đảng bộ cơ sở", "Đảng bộ bộ phận")
_BODIES = (
    "Trường Tiểu học", "Trường THCS", "Trường THPT", "Trung tâm Y tế", "Ủy ban nhân dân xã",
    "Ủy ban nhân dân thị trấn", "Công an huyện", "Ban Quản lý rừng phòng hộ", "Hạt Kiểm lâm",
    "Bệnh viện Đa khoa", "Phòng Giáo dục và Đào tạo", "Trạm Khuyến nông", "Kho bạc Nhà nước",
    "Chi cục Thuế", "Bưu điện huyện", "Văn phòng Huyện ủy", "Trường Mầm non", "Hội Nông dân",
    "Ban Quản lý dự án", "Chi nhánh Ngân hàng Chính sách xã hội", "Thư viện", "Ban Dân tộc",
)  # fmt: skip
PLACES = (
    "Quy Nhơn", "An Nhơn", "Hoài Nhơn", "Tây Sơn", "Phù Cát", "Phù Mỹ", "Vĩnh Thạnh", "Hoài Ân",
    "An Lão", "Vân Canh", "Tuy Phước", "Nhơn Hội", "Cát Tiến", "Bình Định", "Thanh Hóa",
    "Khánh Hòa", "Hòa Bình", "Thừa Thiên Huế", "Quảng Ngãi", "Bến Tre", "Đồng Tháp",
    "Krông Bông", "Krông Pắc", "Krông Năng", "Krông Ana", "Krông Búk", "Đăk Glong", "Đắk Mil",
    "Đắk Song", "Đăk Pơ", "Đăk Hà", "Đăk Tô", "Đạ Tẻh", "Đạ Huoai", "Lắk", "Buôn Đôn", "Cư Jút",
    "Kbang", "Kông Chro", "Ia Pa", "Ia Grai", "Chư Păh", "Chư Prông", "Chư Sê", "Mang Yang",
    "Đức Cơ", "Sa Thầy", "Kon Plông", "Kon Rẫy", "Tu Mơ Rông", "Mường Tè", "Mường Nhé",
    "Bắc Yên", "Si Ma Cai", "Bảo Lộc", "Di Linh", "Lâm Hà", "Đơn Dương", "Lạc Dương", "Đam Rông",
    "Bù Đăng", "Bù Gia Mập", "Hớn Quản", "Tánh Linh", "Ninh Sơn", "Bác Ái", "Ea Súp", "Ea Kar",
)  # fmt: skip


def unit_names(count: int, seed: int = 38) -> list[str]:
    """`count` names such as "Chi bộ Trường THCS Krông Bông" (about half of them minority)."""
    rng = random.Random(seed)
    return [
        f"{rng.choice(_UNIT_KINDS)} {rng.choice(_BODIES)} {rng.choice(PLACES)}"
        for _ in range(count)
    ]


# --- genuine Unicode single words whose letters are all Latin-1 ------------------------------
# (the words a careless converter takes for legacy text: "Cô" reads as VNI "Cơ", "TÊN" as TCVN3
# "TẤN")
_MORE_WORDS = (
    "cô chú bác anh chị em ông bà tên số tuổi nam nữ là có không và với của cho các này đó ở "
    "ý kiến hà tây bến cà mau tô vân lý võ mã châu tâm tân xuân quân phú bích thúy mai lâm tài "
    "khánh trân hân chí bé cần thơ sóc trăng kiên ninh hòa hoà lào cai yên huế sài gòn ghi chú "
    "giám đốc phó trưởng phòng ban văn hóa hoá xã ấp thôn tổ trú quán dân tộc kinh tày thái mường "
    "ê đê gia rai ba na xơ đăng hrê cơ ho mnông chăm khơ me hoa nùng dao mông sán chay giáy lô lô "
    "đà nẵng đà lạt vũng tàu cà phê trà bánh mì tháng năm ngày giờ phút hàng cán bộ"
).split()


def latin1_words() -> list[str]:
    """Real one-syllable words made only of Latin-1 letters, lower, Title and UPPER case."""
    pool = {
        w.lower()
        for text in (
            *FAMILY,
            *MIDDLE_MEN,
            *MIDDLE_WOMEN,
            *GIVEN_MEN,
            *GIVEN_WOMEN,
            *PLACES,
            *_BODIES,
            *_UNIT_KINDS,
            *_MORE_WORDS,
        )
        for w in text.split()
    }
    words = sorted(w for w in pool if not w.isascii() and all(ord(c) < 256 for c in w))
    return [form for w in words for form in (w, w.title(), w.upper())]


def to_cp1258(text: str) -> bytes:
    """Unicode as Excel saves a CSV on a Vietnamese Windows (code page 1258): a letter cp1258
    holds whole (à, ê, ư, đ) as one byte, else its base letter and the combining tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in parts[1:] if m in _TONE_NAMES)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONE_NAMES))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return out
