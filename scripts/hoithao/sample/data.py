"""The data of the sample workspace for Kế hoạch 38-KH/ĐUK: units, people, categories,
invitees, papers, budget lines, and which returns are planted with which problems.

Tables are " | "-separated text blocks, kept readable; sample.py and sample_returns.py write them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from hoithao.master.vocab import (
    KIND_CHI_BO_CO_SO,
    KIND_CHI_BO_TRUC_THUOC,
    KIND_DANG_BO_BO_PHAN,
    KIND_DANG_BO_CO_SO,
)
from hoithao.vn.text import ascii_name

SEED = 38_2022
EVENT_CODE = "HT38-2022"
FIXED_TIME = datetime(2022, 4, 26, 8, 0, 0)
STARTS_AT = datetime(2022, 5, 19, 7, 30)
REGISTRATION_DEADLINE = datetime(2022, 5, 10)
PAPER_DEADLINE = datetime(2022, 5, 12)
ORGANISER = "Đảng ủy Khối các cơ quan tỉnh Bình Định"
TITLE = (
    "Hội thảo “Giải pháp nâng cao chất lượng sinh hoạt chi bộ, nhất là sinh hoạt chuyên đề "
    "gắn với thực hiện nhiệm vụ chuyên môn, nghiệp vụ”"
)
VENUE = "Hội trường Khách sạn Thanh Bình, thành phố Quy Nhơn, tỉnh Bình Định"
GOV_MAIL = "binhdinh.gov.vn"

DBCS, CBCS = KIND_DANG_BO_CO_SO, KIND_CHI_BO_CO_SO
DBBP, CBTT = KIND_DANG_BO_BO_PHAN, KIND_CHI_BO_TRUC_THUOC


# --- units -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SampleUnit:
    code: str
    name: str
    kind: str
    parent: str = ""
    summoned: str = ""  # what the Triệu tập cell says
    slug: str = ""  # e-mail local part

    @property
    def is_summoned(self) -> bool:
        if self.parent:
            return self.summoned == "x"
        return self.summoned != "không"


def _table(text: str) -> list[list[str]]:
    """Rows of a " | "-separated block: the sample's data, kept readable and short."""
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


# kind (ĐB = Đảng bộ cơ sở, CB = Chi bộ cơ sở) | name | e-mail local part; codes CS01… in order
_GRASSROOTS = _table("""
ĐB | Đảng bộ Văn phòng UBND tỉnh | vpubnd
ĐB | Đảng bộ Sở Y tế | syt
ĐB | Đảng bộ Sở Nông nghiệp và Phát triển nông thôn | snnptnt
ĐB | Đảng bộ Sở Tài nguyên và Môi trường | stnmt
ĐB | Đảng bộ Sở Văn hóa và Thể thao | svhtt
ĐB | Đảng bộ Sở Giáo dục và Đào tạo | sgddt
ĐB | Đảng bộ Sở Tài chính | stc
ĐB | Đảng bộ Sở Kế hoạch và Đầu tư | skhdt
ĐB | Đảng bộ Sở Giao thông vận tải | sgtvt
ĐB | Đảng bộ Sở Xây dựng | sxd
ĐB | Đảng bộ Sở Lao động - Thương binh và Xã hội | sldtbxh
ĐB | Đảng bộ Sở Công Thương | sct
ĐB | Đảng bộ Cục Thuế tỉnh | cucthue
ĐB | Đảng bộ Bảo hiểm xã hội tỉnh | bhxh
ĐB | Đảng bộ Kho bạc Nhà nước tỉnh | kbnn
ĐB | Đảng bộ Đài Phát thanh và Truyền hình Bình Định | btv
ĐB | Đảng bộ Bệnh viện Đa khoa tỉnh | bvdk
ĐB | Đảng bộ Trường Cao đẳng Y tế Bình Định | cdyt
ĐB | Đảng bộ Cục Hải quan tỉnh | haiquan
ĐB | Đảng bộ Ban Quản lý Khu kinh tế tỉnh | bqlkkt
ĐB | Đảng bộ Sở Nội vụ | snv
ĐB | Đảng bộ Cục Thống kê tỉnh | cucthongke
CB | Chi bộ Sở Tư pháp | stp
CB | Chi bộ Ban Dân tộc | bdt
CB | Chi bộ Sở Ngoại vụ | sngv
CB | Chi bộ Sở Khoa học và Công nghệ | skhcn
CB | Chi bộ Sở Thông tin và Truyền thông | stttt
CB | Chi bộ Sở Du lịch | sdl
CB | Chi bộ Thanh tra tỉnh | thanhtra
CB | Chi bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh | vpdbqh
CB | Chi bộ Cơ quan Ủy ban MTTQ Việt Nam tỉnh | mttq
CB | Chi bộ Liên đoàn Lao động tỉnh | ldld
CB | Chi bộ Hội Liên hiệp Phụ nữ tỉnh | hlhpn
CB | Chi bộ Tỉnh Đoàn | tinhdoan
CB | Chi bộ Hội Nông dân tỉnh | hnd
CB | Chi bộ Hội Cựu chiến binh tỉnh | hccb
CB | Chi bộ Liên minh Hợp tác xã tỉnh | lmhtx
CB | Chi bộ Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh | lhhkhkt
CB | Chi bộ Hội Chữ thập đỏ tỉnh | hctd
CB | Chi bộ Hội Văn học Nghệ thuật tỉnh | hvhnt
CB | Chi bộ Báo Bình Định | baobinhdinh
CB | Chi bộ Trung tâm Xúc tiến Đầu tư | ipc
CB | Chi bộ Ban Quản lý dự án Dân dụng và Công nghiệp tỉnh | bqldadd
CB | Chi bộ Ban Quản lý dự án Giao thông tỉnh | bqldagt
CB | Chi bộ Ban Quản lý dự án Nông nghiệp và PTNT tỉnh | bqldann
CB | Chi bộ Quỹ Đầu tư phát triển tỉnh | quydtpt
CB | Chi bộ Ngân hàng Nhà nước Chi nhánh Bình Định | nhnn
CB | Chi bộ Ngân hàng Chính sách xã hội tỉnh | nhcsxh
CB | Chi bộ Bệnh viện Y học cổ truyền và Phục hồi chức năng | bvyhct
CB | Chi bộ Bệnh viện Tâm thần tỉnh | bvtt
CB | Chi bộ Bảo tàng Quang Trung | btqt
CB | Chi bộ Trường Cao đẳng Kỹ thuật Công nghệ Quy Nhơn | cdktcn
CB | Chi bộ Trường Cao đẳng Bình Định | cdbd
CB | Chi bộ Cục Quản lý thị trường tỉnh | qltt
CB | Chi bộ Cục Thi hành án dân sự tỉnh | thads
CB | Chi bộ Văn phòng Đăng ký đất đai tỉnh | vpdkdd
CB | Chi bộ Ban Thi đua - Khen thưởng tỉnh | btdkt
CB | Chi bộ Trung tâm Phát triển quỹ đất tỉnh | ttptqd
""")
NOT_SUMMONED = {"CS40", "CS46"}  # Hội Văn học Nghệ thuật, Quỹ Đầu tư phát triển (đang sắp xếp)
_KINDS = {"ĐB": DBCS, "CB": CBCS, "BP": DBBP, "TT": CBTT}

# code | name | parent | Triệu tập (sub-units are summoned only when marked "x")
_SUB_UNITS = _table("""
BP01 | Đảng bộ bộ phận Trung tâm Kiểm soát bệnh tật tỉnh | CS02 | x
TT01 | Chi bộ Văn phòng Sở Y tế | CS02 | x
TT02 | Chi bộ Chi cục Dân số - Kế hoạch hóa gia đình | CS02 | x
TT03 | Chi bộ Chi cục An toàn vệ sinh thực phẩm | CS02 |
BP02 | Đảng bộ bộ phận Chi cục Kiểm lâm | CS03 | x
BP03 | Đảng bộ bộ phận Chi cục Thủy lợi | CS03 |
TT04 | Chi bộ Văn phòng Sở Nông nghiệp và PTNT | CS03 | x
TT05 | Chi bộ Chi cục Thủy sản | CS03 | x
TT06 | Chi bộ Trung tâm Khuyến nông | CS03 | x
TT07 | Chi bộ Phòng Tổng hợp | CS01 | x
TT08 | Chi bộ Trung tâm Phục vụ hành chính công | CS01 | x
TT09 | Chi bộ Phòng Quản trị - Tài vụ | CS01 |
BP04 | Đảng bộ bộ phận Nhà hát Nghệ thuật truyền thống tỉnh | CS05 | x
TT10 | Chi bộ Bảo tàng tỉnh | CS05 | x
TT11 | Chi bộ Thư viện tỉnh | CS05 | x
BP05 | Đảng bộ bộ phận Văn phòng Cục Thuế | CS13 | x
TT12 | Chi bộ Phòng Kiểm tra thuế | CS13 | x
TT13 | Chi bộ Phòng Thanh tra thuế | CS13 |
BP06 | Đảng bộ bộ phận Chi cục Bảo vệ môi trường | CS04 | x
TT14 | Chi bộ Văn phòng Sở Tài nguyên và Môi trường | CS04 | x
TT15 | Chi bộ Chi cục Biển và Hải đảo | CS04 | x
TT16 | Chi bộ Khối Nội | CS17 | x
TT17 | Chi bộ Khối Ngoại | CS17 | x
TT18 | Chi bộ Khối Cận lâm sàng | CS17 | x
TT19 | Chi bộ Phòng Tổ chức cán bộ | CS17 |
TT20 | Chi bộ Văn phòng Bảo hiểm xã hội tỉnh | CS14 | x
TT21 | Chi bộ Phòng Quản lý thu | CS14 | x
""")


def sample_units() -> list[SampleUnit]:
    """Grassroots units, each followed by its sub-units: the master's (protocol) order."""
    units: list[SampleUnit] = []
    for i, (kind, name, slug) in enumerate(_GRASSROOTS, start=1):
        code = f"CS{i:02d}"
        units.append(
            SampleUnit(code, name, _KINDS[kind], "", "không" if code in NOT_SUMMONED else "", slug)
        )
        units.extend(
            SampleUnit(sub, sub_name, _KINDS[sub[:2]], parent, mark, f"{slug}.{sub.lower()}")
            for sub, sub_name, parent, mark in _SUB_UNITS
            if parent == code
        )
    return units


def short_name(unit_name: str) -> str:
    """ "Đảng bộ Sở Y tế" → "Sở Y tế": how units name their own files."""
    for prefix in ("Đảng bộ bộ phận ", "Đảng bộ ", "Chi bộ "):
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


# --- people ----------------------------------------------------------------------------------
FAMILY = (
    "Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Huỳnh Huỳnh Võ Võ Phan Đặng Bùi Đỗ Hồ Ngô "
    "Dương Đào Đoàn Trương Lương Mai Tạ Châu Hoàng Lâm Văn Kiều"
).split()
MIDDLE_MALE = "Văn Văn Minh Đức Quốc Thanh Hữu Ngọc Xuân Công Tấn Đình Trọng Anh".split()
MIDDLE_FEMALE = ("Thị", "Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thị Kim", "Thị Thanh", "Thị Bích")
GIVEN_MALE = (
    "Hùng Dũng Tuấn Hải Sơn Phong Tâm Bình Quang Thắng Nam Trung Khánh Long Hiếu Phúc Toàn "
    "Vinh Lộc Thành Cường Định Nghĩa Hoàng Tín Tùng Kiên Lực Hòa Sỹ"
).split()
GIVEN_FEMALE = (
    "Hương Lan Hoa Hạnh Mai Thủy Trang Nga Phượng Hằng Dung Linh Thảo Nhung Yến Vân Oanh "
    "Hiền Loan Tuyết Diệu Quyên Ngân Nhàn"
).split()
MOBILE_PREFIXES = (
    "090 093 070 076 077 078 079 091 094 088 081 082 083 084 085 096 097 098 086 "
    "032 033 034 035 036 037 038 039 056 058 059"
).split()


@dataclass(frozen=True)
class Person:
    full_name: str
    gender: str
    phone: str
    email: str
    birth_year: int


class People:
    """Seeded synthetic people; never the same name twice in the sample."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, gender: str | None = None, *, mail_domain: str = GOV_MAIL) -> Person:
        rng = self.rng
        gender = gender or rng.choice(("Nam", "Nam", "Nam", "Nữ", "Nữ"))
        while True:
            male = gender == "Nam"
            family = rng.choice(FAMILY)
            middle = rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)
            given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
            full_name = f"{family} {middle} {given}"
            if full_name not in self.used:
                self.used.add(full_name)
                break
        phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
        ascii_parts = ascii_name(full_name).lower().split()
        local = ascii_parts[-1] + "".join(p[0] for p in ascii_parts[:-1])
        email = f"{local}{rng.randrange(10, 99)}@{mail_domain}" if rng.random() < 0.6 else ""
        return Person(full_name, gender, phone, email, rng.randrange(1966, 1986))


# --- the master workbook ---------------------------------------------------------------------
# code | name | Loại hình áp dụng | Chức vụ hợp lệ | Số lượng mỗi đơn vị | Gửi giấy mời (plan III.1)
CATEGORIES = _table(f"""
KM | Lãnh đạo Ban Tổ chức Tỉnh ủy | | | | có
PDV | Lãnh đạo Phòng Tổ chức đảng, đảng viên - Ban Tổ chức Tỉnh ủy | | | | có
BCH | Ban Chấp hành Đảng bộ Khối các cơ quan tỉnh | | | | có
CS | Bí thư hoặc phó bí thư chi bộ, đảng bộ cơ sở | {DBCS}, {CBCS} | Bí thư, Phó Bí thư | 1 | có
TT | Bí thư hoặc phó bí thư đảng bộ bộ phận, chi bộ trực thuộc | {DBBP}, {CBTT} | Bí thư, Phó Bí thư | 1 | có
PV | Cán bộ các ban, Văn phòng Đảng ủy Khối (phục vụ) | | | | không
""")  # noqa: E501

# name | gender | title | organisation | category: protocol rank order (staff keep it so)
INVITEES = _table("""
Trần Quang Minh | Nam | Phó Trưởng Ban Thường trực Ban Tổ chức Tỉnh ủy | Ban Tổ chức Tỉnh ủy | KM
Lê Thị Thanh Bình | Nữ | Phó Trưởng Ban Tổ chức Tỉnh ủy | Ban Tổ chức Tỉnh ủy | KM
Võ Đình Khải | Nam | Trưởng phòng Tổ chức đảng, đảng viên | Ban Tổ chức Tỉnh ủy | PDV
Huỳnh Thị Kim Oanh | Nữ | Phó Trưởng phòng Tổ chức đảng, đảng viên | Ban Tổ chức Tỉnh ủy | PDV
Phan Văn Đức | Nam | Bí thư Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Nguyễn Đặng Thị Thu Hòa | Nữ | Phó Bí thư Thường trực Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Đặng Ngọc Sơn | Nam | Phó Bí thư Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Trương Công Tín | Nam | Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Bùi Thị Hạnh | Nữ | Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Đỗ Xuân Hiếu | Nam | Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Ngô Văn Lực | Nam | Ủy viên Ban Chấp hành, Chánh Văn phòng Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Lương Thị Mỹ Dung | Nữ | Ủy viên Ban Chấp hành, Phó Trưởng Ban Tổ chức Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | BCH
Hồ Quốc Cường | Nam | Ủy viên Ban Chấp hành, Bí thư Đảng ủy Sở Tài chính | Sở Tài chính | BCH
Dương Minh Tâm | Nam | Ủy viên Ban Chấp hành, Bí thư Đảng ủy Sở Y tế | Sở Y tế | BCH
Mai Thị Tuyết | Nữ | Ủy viên Ban Chấp hành, Bí thư Chi bộ Sở Tư pháp | Sở Tư pháp | BCH
Đào Hữu Nghĩa | Nam | Ủy viên Ban Chấp hành, Bí thư Đảng ủy Cục Thuế tỉnh | Cục Thuế tỉnh | BCH
Tạ Đức Phong | Nam | Ủy viên Ban Chấp hành, Bí thư Đảng ủy Kho bạc Nhà nước tỉnh | Kho bạc Nhà nước tỉnh | BCH
Châu Thị Diệu Linh | Nữ | Ủy viên Ban Chấp hành, Chủ tịch Công đoàn Viên chức tỉnh | Công đoàn Viên chức tỉnh | BCH
Lâm Văn Toàn | Nam | Ủy viên Ban Chấp hành, Bí thư Đoàn Khối | Đoàn Khối các cơ quan tỉnh | BCH
Kiều Thị Ngân | Nữ | Chuyên viên Ban Tổ chức Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | PV
Phạm Anh Tuấn | Nam | Chuyên viên Văn phòng Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | PV
Huỳnh Thị Nhàn | Nữ | Kế toán Văn phòng Đảng ủy Khối | Đảng ủy Khối các cơ quan tỉnh | PV
""")  # noqa: E501

# unit | orientation, following plan section II.2 | form | order | own deadline (empty: event's)
PAPERS = _table("""
CS02 | Kinh nghiệm lựa chọn chủ đề sinh hoạt chuyên đề gắn với nhiệm vụ chuyên môn ngành y tế | Trình bày | 1 |
CS03 | Giải pháp nâng cao chất lượng sinh hoạt chi bộ ở đảng bộ có nhiều chi bộ trực thuộc, đóng chân trên nhiều địa bàn | Trình bày | 2 |
CS23 | Vai trò của bí thư chi bộ trong chuẩn bị nội dung, điều hành sinh hoạt chi bộ thường kỳ | Trình bày | 3 |
CS13 | Đổi mới nội dung sinh hoạt chuyên đề gắn với nhiệm vụ quản lý thu ngân sách: thuận lợi, khó khăn và kiến nghị | Trình bày | 4 |
CS34 | Sinh hoạt chi bộ trong điều kiện phòng, chống dịch Covid-19: kinh nghiệm sinh hoạt trực tuyến | Trình bày | 5 |
CS17 | Nâng cao chất lượng sinh hoạt chi bộ ở đơn vị sự nghiệp y tế làm việc theo ca, trực | Gửi bài | | 16/05/2022
CS31 | Kết hợp sinh hoạt chi bộ với học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh | Gửi bài | |
CS09 | Tự phê bình và phê bình trong sinh hoạt chi bộ; đánh giá kết quả thực hiện nghị quyết của chi bộ | Gửi bài | |
CS26 | Kiến nghị, đề xuất với cấp ủy cấp trên về hướng dẫn nội dung, quy trình sinh hoạt chuyên đề ở chi bộ cơ sở ít đảng viên | Gửi bài | | 16/05/2022
""")  # noqa: E501
PAPERS_RECEIVED = {"CS02", "CS03", "CS23", "CS17", "CS31"}  # CS13, CS34, CS09, CS26: not yet

RECIPIENTS = _table("""
Ban Tổ chức Tỉnh ủy | b/c
Đ/c Nguyễn Giờ - UVBTVTU |
Trưởng ban BTC Tỉnh ủy | b/c
Các đ/c UVBCH Đảng bộ Khối |
Các ban, VP ĐUK |
Các chi, đảng bộ cơ sở |
Website ĐUK |
Lưu VP, BTC |
""")

# item | unit of measure | price (VND) | Tính theo | quantity | sessions | legal basis
BUDGET = _table("""
Thuê hội trường (Khách sạn Thanh Bình), âm thanh, máy chiếu | buổi | 6000000 | Cố định | 1 | 1 | Hợp đồng thuê hội trường; Thông tư 40/2017/TT-BTC, Điều 12, khoản 1
Giải khát giữa giờ | người/buổi | 40000 | Đại biểu | | 1 | Thông tư 40/2017/TT-BTC, Điều 12, khoản 2 (tối đa 40.000 đồng/buổi/đại biểu)
Tài liệu hội thảo (báo cáo đề dẫn, tham luận) | bộ | 60000 | Đại biểu | | 1 | Thông tư 40/2017/TT-BTC, Điều 12, khoản 1 (in, sao tài liệu)
Hỗ trợ tiền ăn cho đại biểu không hưởng lương từ ngân sách nhà nước | người/ngày | 150000 | Cố định | 4 | 1 | Thông tư 40/2017/TT-BTC, Điều 12, khoản 2 (hội nghị tại thành phố thuộc tỉnh)
Chi viết tham luận | bài | 500000 | Cố định | 9 | 1 | Quy chế chi tiêu nội bộ của Văn phòng Đảng ủy Khối
Xây dựng báo cáo đề dẫn | báo cáo | 1000000 | Cố định | 1 | 1 | Quy chế chi tiêu nội bộ của Văn phòng Đảng ủy Khối
Phông, băng rôn, khẩu hiệu | bộ | 1500000 | Cố định | 1 | 1 | Báo giá; Thông tư 40/2017/TT-BTC, Điều 12, khoản 1
Hoa trang trí, nước uống bàn chủ tọa | lần | 800000 | Cố định | 1 | 1 | Thông tư 40/2017/TT-BTC, Điều 12, khoản 1
""")  # noqa: E501


# streets of Quy Nhơn for unit addresses
STREETS = (
    "Lê Duẩn",
    "Trần Phú",
    "Nguyễn Huệ",
    "Phạm Hùng",
    "Lê Lợi",
    "Hai Bà Trưng",
    "Tăng Bạt Hổ",
    "Nguyễn Tất Thành",
    "Ngô Mây",
    "Lý Thường Kiệt",
    "Biên Cương",
    "An Dương Vương",
)

# --- returns ---------------------------------------------------------------------------------
MISSING = {"CS08", "CS11", "CS19", "CS22", "CS28", "CS36", "CS44", "CS50", "CS55"}
CORRUPT = "CS53"  # sends a damaged file only (F01)
NO_TABLE = "CS48"  # sends a cover letter without the list (F03)
TWICE = "CS10"  # an earlier return, then a corrected one (F04)
WITH_ERRORS = "CS03"  # R01 R02 R03 W01 W02 W03 W04 W05
LOCK_FILE = "~$Phiếu đăng ký - Sở Y tế.xlsx"
SKIPPED_FILES = (LOCK_FILE, "ghi chú.txt")
UNIDENTIFIABLE = "Book1.xlsx"  # a list with no unit clue at all (F02)
# file -> unit, for the returns that are meant to be read; messy ones named for what they show
MESSY = {
    "self_made": "CS23",
    "two_row_header": "CS12",
    "total_and_signature": "CS14",
    "second_sheet": "CS07",
    "hidden_junk": "CS05",
    "nfd": "CS24",
    "tcvn3": "CS31",
    "vni": "CS32",
    "csv": "CS25",
    "xlsm": "CS20",
    "ods": "CS16",
    "xls": "CS21",
}
# one person holds posts in two units (kiêm nhiệm) and both register them: W06
CONCURRENT = ("CS43", "CS45")  # Ban QLDA Dân dụng và Công nghiệp, Ban QLDA Nông nghiệp
PLANTED_CODES = tuple("F01 F02 F03 F04 F05 R01 R02 R03 W01 W02 W03 W04 W05 W06 W07 U01 P01".split())


# first word of a unit's short name -> (head's title, deputy's title)
JOB_TITLES = {
    "Sở": ("Giám đốc", "Phó Giám đốc"),
    "Cục": ("Cục trưởng", "Phó Cục trưởng"),
    "Bệnh": ("Giám đốc", "Phó Giám đốc"),
    "Trường": ("Hiệu trưởng", "Phó Hiệu trưởng"),
    "Ban": ("Trưởng ban", "Phó Trưởng ban"),
    "Hội": ("Chủ tịch", "Phó Chủ tịch"),
    "Liên": ("Chủ tịch", "Phó Chủ tịch"),
    "Báo": ("Tổng Biên tập", "Phó Tổng Biên tập"),
    "Phòng": ("Trưởng phòng", "Phó Trưởng phòng"),
    "Chi": ("Chi cục trưởng", "Phó Chi cục trưởng"),
    "Trung": ("Giám đốc Trung tâm", "Phó Giám đốc Trung tâm"),
    "Khối": ("Trưởng khoa", "Phó Trưởng khoa"),
    "Văn": ("Chánh Văn phòng", "Phó Chánh Văn phòng"),
}

# people typed in legacy encodings: no upper-case toned vowels (TCVN3 has no code for them)
TCVN3_PEOPLE = (
    ("Nguyễn Văn An", "Nam", "Bí thư", "Phó Chủ tịch"),
    ("Trương Thị Hương", "Nữ", "Phó Bí thư", "Trưởng ban Tổ chức - Kiểm tra"),
)
VNI_PEOPLE = (("Đặng Thị Ánh Tuyết", "Nữ", "Bí thư", "Chủ tịch Liên đoàn Lao động tỉnh"),)
