"""The registration form: what we send, and what units really type back as headers."""

from __future__ import annotations

FORM_SHEET_GUIDE = "Hướng dẫn"

FORM_SHEET_REGISTRATION = "Đăng ký"

FORM_SHEET_PAPER = "Tham luận"

FORM_SHEET_IDENTITY = "_hoithao"

FORM_SHEET_LISTS = "_danh_muc"

FORM_VERSION = "1"

IDENTITY_KEYS = {"event_code": "ma_hoi_thao", "unit_code": "ma_don_vi", "version": "phien_ban"}

UNIT_CODE_LABEL = "Mã đơn vị"

# field -> header of the delegate table in our form (order = column order)
FORM_COLUMNS = {
    "seq": "STT",
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "party_role": "Chức vụ Đảng",
    "job_title": "Chức vụ chuyên môn",
    "unit": "Đơn vị",
    "category": "Thành phần",
    "phone": "Điện thoại",
    "email": "Email",
    "note": "Ghi chú",
}

FORM_PAPER_COLUMNS = {
    "orientation": "Định hướng nội dung",
    "title": "Tên bài",
    "presenter": "Người trình bày",
    "presenter_title": "Chức vụ",
    "phone": "Điện thoại",
}

# What units really type as headers. Matching folds case, spaces and diacritics.
HEADER_ALIASES = {
    "seq": ("STT", "TT", "Số TT", "Số thứ tự", "No", "#"),
    "full_name": (
        "Họ và tên",
        "Họ tên",
        "Họ, tên",
        "Họ và tên đại biểu",
        "Họ tên đại biểu",
        "Tên đại biểu",
        "Đại biểu",
        "Họ và tên đồng chí",
        "Họ và tên người tham dự",
        "Tên",
        "Full name",
        "Name",
    ),
    "gender": ("Giới tính", "Giới", "Phái", "Nam/Nữ", "Nam, Nữ", "Gender", "Sex"),
    "male": ("Nam",),
    "female": ("Nữ",),
    "party_role": (
        "Chức vụ Đảng",
        "Chức vụ trong Đảng",
        "Chức vụ đảng",
        "CV Đảng",
        "Chức danh Đảng",
        "Chức vụ Đảng ủy",
        "Chức vụ cấp ủy",
        "Chức vụ chi bộ",
        "Chức vụ",
    ),
    "job_title": (
        "Chức vụ chuyên môn",
        "Chức vụ CM",
        "CV chuyên môn",
        "Chức vụ chính quyền",
        "Chức danh chuyên môn",
        "Chức vụ công tác",
        "Chức danh",
    ),
    "unit": ("Đơn vị", "Đơn vị công tác", "Chi bộ", "Tổ chức đảng", "Cơ quan", "Nơi công tác"),
    "category": ("Thành phần", "Thành phần tham dự", "Đối tượng"),
    "phone": (
        "Điện thoại",
        "Số điện thoại",
        "SĐT",
        "SDT",
        "ĐT",
        "Điện thoại di động",
        "ĐTDĐ",
        "Di động",
        "Số ĐT",
        "Phone",
        "Mobile",
    ),
    "email": ("Email", "E-mail", "Thư điện tử", "Địa chỉ email", "Mail"),
    "note": ("Ghi chú", "Ghi chú khác", "Note"),
    "birth_year": ("Năm sinh", "Ngày sinh", "Ngày tháng năm sinh"),
}

# header cells that name a group over two-row headers ("Năm sinh" over Nam | Nữ)
HEADER_GROUP_WORDS = ("nam sinh", "ngay sinh", "gioi tinh")

# words in a row's first cells that mark a total row or a signature block below the table
TOTAL_ROW_WORDS = ("tong", "tong cong", "cong", "tong so", "total")

SIGNATURE_WORDS = (
    "nguoi lap bieu",
    "nguoi lap",
    "nguoi ky",
    "thu truong",
    "t/m",
    "tm.",
    "tm ",
    "bi thu",
    "ky ten",
    "ky, ghi ro ho ten",
    "xac nhan",
    "noi nhan",
)

# a return may carry the date it was made, e.g. "ngày 05 tháng 5 năm 2022"
FORM_DATE_LABELS = ("ngay lap", "ngay")

# {key} -> what it becomes in each unit's form; staff who restyle the template keep these
FORM_PLACEHOLDERS = {
    "ten_don_vi": "Tên đơn vị",
    "ma_don_vi": "Mã đơn vị",
    "loai_hinh": "Loại hình đơn vị",
    "thanh_phan": "Thành phần được triệu tập của đơn vị",
    "ten_hoi_thao": "Tên hội thảo",
    "so_ke_hoach": "Số kế hoạch",
    "co_quan_to_chuc": "Cơ quan tổ chức",
    "thoi_gian": "Thời gian hội thảo",
    "dia_diem": "Địa điểm",
    "han_dang_ky": "Hạn đăng ký (dd/mm/yyyy)",
    "hinh_thuc_tham_luan": "Hình thức tham luận của đơn vị",
    "han_gui_tham_luan": "Hạn gửi tham luận của đơn vị (dd/mm/yyyy)",
    "nam": "Năm tổ chức hội thảo",
}

# rows of sheet "Hướng dẫn" from the cell starting with this text down are for staff only
# and are removed from the forms sent to units
FORM_STAFF_SECTION = "Phần dành cho cán bộ văn phòng"

FORMS_MAILING_FILE = "output/phieu_gui_don_vi/gui_phieu.xlsx"

FORMS_MAILING_SHEET = "Gửi phiếu"

FORMS_MAILING_COLUMNS = {
    "unit_code": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
    "email": "Email",
    "attachment": "Tệp đính kèm",
    "deadline": "Hạn đăng ký",
}

# placeholders beyond FORM_PLACEHOLDERS; a key typed in capitals ({TEN_DON_VI}) gives capitals
FORM_MORE_PLACEHOLDERS = {
    "ma_hoi_thao": "Mã hội thảo",
    "dinh_huong_tham_luan": "Định hướng nội dung tham luận của đơn vị",
    "thu_tu_trinh_bay": "Thứ tự trình bày tham luận của đơn vị",
    "cap_tren": "Tổ chức đảng cấp trên (dòng trên của tên cơ quan ban hành, HD 36-HD/VPTW)",
    "cap_uy": "Tên cấp ủy, chi bộ của đơn vị (cơ quan ban hành, HD 36-HD/VPTW)",
    "thay_mat": "Thể thức đề ký: T/M ĐẢNG ỦY, T/M CHI BỘ theo loại hình đơn vị",
}

FORM_TITLE = "PHIẾU ĐĂNG KÝ ĐẠI BIỂU DỰ HỘI THẢO"

# a "Họ" column left of a "Tên" column: the two are joined into the full name
FAMILY_NAME_ALIASES = ("Họ", "Họ đệm", "Họ và đệm", "Họ và tên đệm", "Họ và chữ đệm", "Họ lót")

# sub-labels under a "Chức vụ" group header (folded): "Đảng" | "Chuyên môn"
HEADER_SUBLABELS = {"dang": "party_role", "chuyen mon": "job_title", "chinh quyen": "job_title"}

# organisation words that start a unit name (folded), longest first: the rest is the core name
UNIT_NAME_PREFIXES = (
    "dang bo co so",
    "chi bo co so",
    "dang bo bo phan",
    "chi bo truc thuoc",
    "dang bo",
    "dang uy",
    "chi bo",
    "chi uy",
)

# words units put in file names around the unit's name (folded)
FILE_NAME_FILLERS = (
    "danh sach",
    "phieu dang ky",
    "dang ky",
    "phieu",
    "ds",
    "tham du",
    "hoi thao",
    "dai bieu",
    "gui",
    "lan",
    "final",
    "moi",
)
