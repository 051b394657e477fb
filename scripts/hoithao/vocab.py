"""Every sheet name, column label and spelling the product knows, in one place.

Other modules import names from here instead of spelling Vietnamese labels themselves, so
that a label changes in one line and header matching stays consistent everywhere.
"""

from __future__ import annotations

# --- workspace -------------------------------------------------------------------------
MASTER_FILE = "workbooks/hoi_thao.xlsx"
RETURNS_DIR = "workbooks/phieu_dang_ky"
PAPERS_DIR = "workbooks/tham_luan"
CHECKIN_FILE = "workbooks/diem_danh.xlsx"
TEMPLATES_DIR = "templates"
OUTPUT_DIR = "output"
FORM_TEMPLATE = "templates/phieu_dang_ky.xlsx"
FORMS_OUT_DIR = "output/phieu_gui_don_vi"
FEEDBACK_OUT_DIR = "output/phan_hoi"
SUMMARY_XLSX = "output/tong_hop.xlsx"
SUMMARY_JSON = "output/tong_hop.json"

# --- master workbook ---------------------------------------------------------------------
SHEET_INFO = "Thông tin"
SHEET_UNITS = "Đơn vị"
SHEET_CATEGORIES = "Thành phần"
SHEET_INVITEES = "Đại biểu mời"
SHEET_PAPERS = "Tham luận"
SHEET_RECIPIENTS = "Nơi nhận"
SHEET_BUDGET = "Kinh phí"
MASTER_SHEETS = (
    SHEET_INFO,
    SHEET_UNITS,
    SHEET_CATEGORIES,
    SHEET_INVITEES,
    SHEET_PAPERS,
    SHEET_RECIPIENTS,
    SHEET_BUDGET,
)
# Sheets without which no run makes sense; the others may be absent (read as empty).
REQUIRED_MASTER_SHEETS = (SHEET_INFO, SHEET_UNITS, SHEET_CATEGORIES)

INFO_ITEM = "Mục"
INFO_VALUE = "Giá trị"
# field -> row label of sheet "Thông tin"
INFO_ROWS = {
    "event_code": "Mã hội thảo",
    "title": "Tên hội thảo",
    "plan_number": "Số kế hoạch",
    "organiser": "Cơ quan tổ chức",
    "starts_at": "Thời gian",
    "venue": "Địa điểm",
    "hall_capacity": "Sức chứa hội trường",
    "registration_deadline": "Hạn đăng ký",
    "paper_deadline": "Hạn gửi tham luận",
    "signer": "Người ký",
    "signer_title": "Chức vụ người ký",
    "signed_on": "Ngày ký",
}

# field -> header, for each master sheet (order = order of the columns in a new master)
UNIT_COLUMNS = {
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "kind": "Loại hình",
    "parent": "Trực thuộc",
    "summoned": "Triệu tập",
    "email": "Email",
    "phone": "Điện thoại",
    "address": "Địa chỉ",
}
CATEGORY_COLUMNS = {
    "code": "Mã",
    "name": "Tên thành phần",
    "unit_kinds": "Loại hình áp dụng",
    "valid_roles": "Chức vụ hợp lệ",
    "quota": "Số lượng mỗi đơn vị",
    "invited": "Gửi giấy mời",
}
INVITEE_COLUMNS = {
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "title": "Chức vụ",
    "organisation": "Cơ quan",
    "category": "Thành phần",
    "phone": "Điện thoại",
    "email": "Email",
    "address": "Địa chỉ",
}
PAPER_COLUMNS = {
    "unit_code": "Mã đơn vị",
    "orientation": "Định hướng nội dung",
    "form": "Hình thức",
    "order": "Thứ tự trình bày",
    "deadline": "Hạn gửi",
}
RECIPIENT_COLUMNS = {"recipient": "Nơi nhận", "note": "Ghi chú"}
BUDGET_COLUMNS = {
    "item": "Khoản chi",
    "unit_of_measure": "Đơn vị tính",
    "price": "Đơn giá",
    "basis": "Tính theo",
    "quantity": "Số lượng",
    "sessions": "Số buổi",
    "legal_basis": "Căn cứ",
}
MASTER_COLUMNS = {
    SHEET_UNITS: UNIT_COLUMNS,
    SHEET_CATEGORIES: CATEGORY_COLUMNS,
    SHEET_INVITEES: INVITEE_COLUMNS,
    SHEET_PAPERS: PAPER_COLUMNS,
    SHEET_RECIPIENTS: RECIPIENT_COLUMNS,
    SHEET_BUDGET: BUDGET_COLUMNS,
}
# columns a master sheet must have (others may be missing: read as empty)
MASTER_REQUIRED_COLUMNS = {
    SHEET_UNITS: ("code", "name", "kind"),
    SHEET_CATEGORIES: ("code", "name"),
    SHEET_INVITEES: ("full_name",),
    SHEET_PAPERS: ("unit_code",),
    SHEET_RECIPIENTS: ("recipient",),
    SHEET_BUDGET: ("item", "price"),
}

# unit types (Loại hình)
KIND_DANG_BO_CO_SO = "Đảng bộ cơ sở"
KIND_CHI_BO_CO_SO = "Chi bộ cơ sở"
KIND_DANG_BO_BO_PHAN = "Đảng bộ bộ phận"
KIND_CHI_BO_TRUC_THUOC = "Chi bộ trực thuộc"
GRASSROOTS_KINDS = (KIND_DANG_BO_CO_SO, KIND_CHI_BO_CO_SO)
SUB_UNIT_KINDS = (KIND_DANG_BO_BO_PHAN, KIND_CHI_BO_TRUC_THUOC)
UNIT_KINDS = GRASSROOTS_KINDS + SUB_UNIT_KINDS

SUMMONED_YES = ("x", "có", "co", "1", "yes", "✓", "v")
SUMMONED_NO = ("không", "khong", "0", "no", "-")

PAPER_FORM_PRESENT = "Trình bày"
PAPER_FORM_SEND = "Gửi bài"
PAPER_FORMS = (PAPER_FORM_PRESENT, PAPER_FORM_SEND)

BUDGET_PER_DELEGATE = "Đại biểu"
BUDGET_FIXED = "Cố định"

# --- party roles: canonical spelling, in protocol rank order ----------------------------------
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

# --- the registration form -------------------------------------------------------------------
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

# --- outputs ----------------------------------------------------------------------------------
SUMMARY_SHEET = "Tổng hợp"
DELEGATES_SHEET = "Danh sách đại biểu"
MISSING_SHEET = "Đơn vị chưa gửi"
ISSUES_SHEET = "Kiểm tra"
PAPERS_SHEET = "Tham luận"
LOG_SHEET = "Nhật ký"

DELEGATE_COLUMNS = {
    "id": "Mã ĐB",
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "party_role": "Chức vụ Đảng",
    "job_title": "Chức vụ chuyên môn",
    "unit_name": "Đơn vị",
    "unit_code": "Mã đơn vị",
    "category": "Thành phần",
    "phone": "Điện thoại",
    "email": "Email",
    "note": "Ghi chú",
    "warnings": "Cảnh báo",
    "source": "Nguồn",
}
ISSUE_COLUMNS = {
    "level": "Mức",
    "code": "Mã lỗi",
    "unit": "Đơn vị",
    "file": "Tệp",
    "row": "Dòng",
    "field": "Trường",
    "value": "Giá trị",
    "message": "Nội dung",
}
LOG_COLUMNS = {
    "path": "Tệp",
    "unit": "Đơn vị",
    "status": "Trạng thái",
    "rows_read": "Số dòng đọc",
    "rows_accepted": "Nhận",
    "rows_rejected": "Loại",
    "rows_ignored": "Bỏ qua",
    "note": "Ghi chú",
}
LEVEL_LABELS = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}
FILE_STATUS_LABELS = {
    "consolidated": "Đã tổng hợp",
    "superseded": "Bị thay thế",
    "rejected": "Bị loại",
    "skipped": "Bỏ qua",
}
# field key -> the label users see in issue rows
FIELD_LABELS = {**FORM_COLUMNS, "birth_year": "Năm sinh", "file": "Tệp", "unit_code": "Mã đơn vị"}

# --- hoithao forms: template placeholders and the mail-merge table for sending forms -------
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

# --- master workbook: extra spellings staff use ------------------------------------------------
# folded variants of Loại hình -> canonical kind (the canonical names themselves always match)
UNIT_KIND_ALIASES = {
    "dbcs": KIND_DANG_BO_CO_SO,
    "cbcs": KIND_CHI_BO_CO_SO,
    "dbbp": KIND_DANG_BO_BO_PHAN,
    "dang bo phan": KIND_DANG_BO_BO_PHAN,
    "cbtt": KIND_CHI_BO_TRUC_THUOC,
    "chi bo truc thuoc dang bo co so": KIND_CHI_BO_TRUC_THUOC,
    "chi bo truc thuoc dang uy co so": KIND_CHI_BO_TRUC_THUOC,
}
MASTER_SHEET_GUIDE = "Hướng dẫn"

# --- signin.py, budget.py, compendium.py: print-ready lists and the budget estimate ------------
SIGNIN_XLSX = "output/danh_sach_ky_ten.xlsx"
SIGNIN_SHEET = "Danh sách ký tên"
SIGNIN_TITLE = "DANH SÁCH ĐẠI BIỂU DỰ HỘI THẢO"
SIGNIN_COLUMNS = {
    "seq": "STT",
    "full_name": "Họ và tên",
    "title": "Chức vụ",
    "unit": "Đơn vị",
    "signature": "Ký tên",
}
SIGNIN_SUBSTITUTE_HINT = "(đại biểu dự thay)"
SIGNIN_OTHER_CATEGORY = "Đại biểu khác"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
PAGE_FOOTER = "Trang &P/&N"

BUDGET_XLSX = "output/du_toan_kinh_phi.xlsx"
BUDGET_SHEET = "Dự toán"
BUDGET_TITLE = "DỰ TOÁN KINH PHÍ"
BUDGET_OUT_COLUMNS = {
    "seq": "STT",
    "item": "Khoản chi",
    "unit_of_measure": "Đơn vị tính",
    "quantity": "Số lượng",
    "sessions": "Số buổi",
    "price": "Đơn giá (đồng)",
    "amount": "Thành tiền (đồng)",
    "legal_basis": "Căn cứ",
}
BUDGET_TOTAL = "Tổng cộng"
BUDGET_IN_WORDS = "Bằng chữ"
BUDGET_CURRENCY_END = "đồng chẵn"
BUDGET_PREPARER = "NGƯỜI LẬP BIỂU"
BUDGET_APPROVER = "T/M BAN THƯỜNG VỤ"

COMPENDIUM_XLSX = "output/muc_luc_tham_luan.xlsx"
COMPENDIUM_SHEET = "Mục lục tham luận"
COMPENDIUM_TITLE = "MỤC LỤC TÀI LIỆU HỘI THẢO"
COMPENDIUM_COLUMNS = {
    "seq": "STT",
    "unit": "Đơn vị",
    "orientation": "Định hướng nội dung",
    "form": "Hình thức",
    "state": "Trạng thái",
    "files": "Tệp nhận được",
    "received_on": "Ngày nhận",
    "page": "Trang",
}

# --- mailmerge.py / documents.py: output/tron_thu.xlsx and the Word mail-merge templates -------
MERGE_XLSX = "output/tron_thu.xlsx"
MERGE_SHEET_INVITATION = "Giấy mời"
MERGE_SHEET_BADGE = "Thẻ đại biểu"
MERGE_SHEET_ENVELOPE = "Phong bì"
MERGE_SHEET_REGISTRATION_REMINDER = "Nhắc đăng ký"
MERGE_SHEET_PAPER_REMINDER = "Nhắc tham luận"
MERGE_SHEET_RECIPIENTS = "Nơi nhận"
# Headers of tron_thu.xlsx ARE the Word merge-field names: Word turns a space or a punctuation
# mark of an Excel header into "_" in «field» names, so headers use only letters (Vietnamese
# letters kept), digits and "_": what staff see in Excel is exactly what they see in Word.
INVITATION_MERGE_COLUMNS = {
    "id": "Mã_ĐB",
    "salutation": "Xưng_hô",
    "full_name": "Họ_và_tên",
    "party_role": "Chức_vụ_Đảng",
    "job_title": "Chức_vụ_chuyên_môn",
    "position": "Chức_danh",
    "unit_name": "Đơn_vị",
    "category": "Thành_phần",
    "event_title": "Tên_hội_thảo",
    "plan_number": "Số_kế_hoạch",
    "time_text": "Thời_gian",
    "venue": "Địa_điểm",
    "place_date": "Địa_danh_ngày_tháng",
    "signer": "Người_ký",
    "signer_title": "Chức_vụ_người_ký",
}
BADGE_MERGE_COLUMNS = {
    "id": "Mã_ĐB",
    "full_name": "Họ_và_tên",
    "role": "Chức_vụ",
    "unit_name": "Đơn_vị",
    "category": "Thành_phần",
    "event_title": "Tên_hội_thảo",
}
ENVELOPE_MERGE_COLUMNS = {
    "unit_code": "Mã_đơn_vị",
    "addressee": "Kính_gửi",
    "address": "Địa_chỉ",
    "count": "Số_giấy_mời",
}
REGISTRATION_REMINDER_COLUMNS = {
    "unit_code": "Mã_đơn_vị",
    "unit_name": "Tên_đơn_vị",
    "email": "Email",
    "phone": "Điện_thoại",
    "deadline": "Hạn_đăng_ký",
    "message": "Nội_dung_nhắc",
}
PAPER_REMINDER_COLUMNS = {
    "unit_code": "Mã_đơn_vị",
    "unit_name": "Tên_đơn_vị",
    "email": "Email",
    "orientation": "Định_hướng_nội_dung",
    "form": "Hình_thức",
    "deadline": "Hạn_gửi",
    "state": "Tình_trạng",
    "message": "Nội_dung_nhắc",
}
RECIPIENT_MERGE_COLUMNS = {
    "seq": "STT",
    "recipient": "Nơi_nhận",
    "note": "Ghi_chú",
    "line": "Dòng_in",
}
MERGE_SALUTATION = "Đồng chí"
# what the time reads while the master has none (the plan's own words)
TIME_UNKNOWN = "(sẽ có thông báo cụ thể)"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
# Party document heading (Hướng dẫn 36-HD/VPTW), as in Kế hoạch 38-KH/ĐUK: the Word templates,
# made without a master, head with this organiser (party_doc.party_heading_lines splits it)
DOC_ORGANISER = "Đảng ủy Khối các cơ quan tỉnh Bình Định"
DOC_INVITATION_NUMBER = "Số        -GM/ĐUK"
DOC_SIGN_ON_BEHALF = "T/M BAN THƯỜNG VỤ"
DOC_REPORT_NUMBER = "Số        -BC/ĐUK"
# Hướng dẫn 36-HD/VPTW: a Party organisation's name → its executive that issues and signs
PARTY_COMMITTEE_OF = {"Đảng bộ": "Đảng ủy", "Chi bộ": "Chi bộ"}
# a provincial-level committee → the Party organisation it leads ("Tỉnh ủy Bình Định" → "Đảng bộ
# tỉnh Bình Định")
PARTY_BODY_OF_COMMITTEE = {
    "tỉnh ủy": "tỉnh",
    "thành ủy": "thành phố",
    "huyện ủy": "huyện",
    "quận ủy": "quận",
    "thị ủy": "thị xã",
}
# Word templates and the documents `hoithao merge` renders from them (template -> sheet)
TEMPLATE_INVITATION = "templates/giay_moi.docx"
TEMPLATE_BADGE = "templates/the_dai_bieu.docx"
TEMPLATE_ENVELOPE = "templates/phong_bi.docx"
MERGED_INVITATION = "output/giay_moi.docx"
MERGED_BADGE = "output/the_dai_bieu.docx"
MERGED_ENVELOPE = "output/phong_bi.docx"

# --- check-in, attendance and badges (checkin.py, attendance.py, badges.py) -------------------
CHECKIN_SHEET = "Điểm danh"
# field -> header of sheet "Điểm danh" (order = column order of a new check-in workbook);
# staff mark "present", "excused", "reason", "scan"; "status" is written by the tool only
CHECKIN_COLUMNS = {
    "id": "Mã ĐB",
    "full_name": "Họ và tên",
    "role": "Chức vụ",
    "unit": "Đơn vị",
    "category": "Thành phần",
    "present": "Có mặt",
    "excused": "Vắng có lý do",
    "reason": "Lý do",
    "scan": "Quét mã",
    "status": "Tình trạng",
}
# the sheet a USB scanner types into: one badge code per row, then Enter
CHECKIN_SCAN_SHEET = "Quét mã"
CHECKIN_SCAN_COLUMNS = {"id": "Mã ĐB", "time": "Thời gian", "note": "Ghi chú"}
# hidden sheet the tool keeps: which codes it wrote, with their unit and category codes
CHECKIN_MAP_SHEET = "_ma_dai_bieu"
CHECKIN_MAP_COLUMNS = {"id": "Mã ĐB", "unit_code": "Mã đơn vị", "category": "Mã thành phần"}
CHECKIN_WITHDRAWN = "Đã rút khỏi danh sách ngày {date}"
CHECKIN_WITHDRAWN_PREFIX = "Đã rút"
CHECKIN_BACKUP_DIR = "output/diem_danh_sao_luu"
CHECKIN_DROPDOWN = ("x", "có", "✓")
# folded marks meaning "yes" in Có mặt / Vắng có lý do / Quét mã (a time or the row's code too)
MARKS_YES = ("x", "co", "co mat", "1", "v", "ok", "yes", "da den", "✓", "✔", "☑", "☒", "√")
MARKS_NO = ("0", "khong", "-", "no")

ATTENDANCE_XLSX = "output/thong_ke_tham_du.xlsx"
ATTENDANCE_JSON = "output/thong_ke_tham_du.json"
ATTENDANCE_DOCX = "output/bao_cao_tham_du.docx"
ATTENDANCE_SUMMARY_SHEET = "Tổng hợp"
ATTENDANCE_CATEGORY_SHEET = "Theo thành phần"
ATTENDANCE_UNIT_SHEET = "Theo đơn vị"
ATTENDANCE_ABSENT_SHEET = "Vắng mặt"
ATTENDANCE_CONFLICT_SHEET = "Đánh dấu trùng"
ATTENDANCE_WALKIN_SHEET = "Đại biểu bổ sung"
ATTENDANCE_REVIEW_SHEET = "Cần xem lại"
# figure key -> label in the official form
ATTENDANCE_FIGURES = {
    "summoned": "Tổng số đại biểu triệu tập",
    "present": "Có mặt",
    "excused": "Vắng có lý do",
    "absent": "Vắng không lý do",
    "walk_ins": "Đại biểu bổ sung",
}
ATTENDANCE_RATE = "Tỷ lệ có mặt"

# not the_dai_bieu.docx: that name is the mail-merged badge of documents.py (no QR code)
BADGES_DOCX = "output/the_dai_bieu_qr.docx"

# --- forms.py / init.py: more form placeholders, the master's instruction rows -----------------
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
# a master row 2 whose first filled cell starts with this is an instruction, not data
MASTER_GUIDE_ROW_MARK = "Hướng dẫn:"

# --- read.py / locate.py / identify.py: what returns really look like ---------------------------
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

# --- normalize (helper "text"): more spellings of roles ---------------------------------------
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

# --- attendance_report.py: column labels of output/thong_ke_tham_du.xlsx ---------------------
ATTENDANCE_STATES = {
    "present": "Có mặt",
    "excused": "Vắng có lý do",
    "absent": "Vắng không lý do",
}
ATTENDANCE_SUMMARY_COLUMNS = {"figure": "Chỉ tiêu", "count": "Số lượng", "rate": ATTENDANCE_RATE}
ATTENDANCE_GROUP_CODE = "Mã"
ATTENDANCE_TOTAL = "Tổng cộng"
ATTENDANCE_ABSENT_COLUMNS = {
    "seq": "STT",
    "id": "Mã ĐB",
    "full_name": "Họ và tên",
    "role": "Chức vụ",
    "unit": "Đơn vị",
    "category": "Thành phần",
    "state": "Tình trạng",
    "reason": "Lý do",
}
ATTENDANCE_CONFLICT_COLUMNS = {
    "row": "Dòng",
    "id": "Mã ĐB",
    "full_name": "Họ và tên",
    "unit": "Đơn vị",
    "present": "Có mặt",
    "excused": "Vắng có lý do",
    "reason": "Lý do",
    "counted": "Đã tính",
}
ATTENDANCE_WALKIN_COLUMNS = {
    "seq": "STT",
    "row": "Dòng",
    "id": "Mã ĐB",
    "full_name": "Họ và tên",
    "role": "Chức vụ",
    "unit": "Đơn vị",
    "category": "Thành phần",
}
ATTENDANCE_REVIEW_COLUMNS = {
    "sheet": "Sheet",
    "row": "Dòng",
    "column": "Cột",
    "value": "Giá trị",
    "note": "Ghi chú",
}

# --- budget.py, papers.py, badges.py: row labels and states printed in outputs ------------------
BUDGET_ROWS = {
    "head_count": "I. Căn cứ số lượng đại biểu",
    "registered": "Đại biểu các đơn vị đã đăng ký",
    "invitees": "Đại biểu mời (khách mời, Ban Chấp hành)",
    "total": "Tổng số đại biểu",
    "capacity": "Sức chứa hội trường",
    "items": "II. Các khoản chi",
}
# state of an assigned paper (papers.PaperState) -> what the sheets and reminders print
PAPER_STATES = {"received": "Đã nhận", "pending": "Chưa nhận", "late": "Quá hạn"}
# top line of a badge when its category has no name
BADGE_HEADING = "ĐẠI BIỂU"
