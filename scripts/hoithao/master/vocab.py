"""The master workbook's sheets, columns and the spellings staff use in it."""

from __future__ import annotations

SHEET_INFO = "Thông tin"

SHEET_UNITS = "Đơn vị"

SHEET_CATEGORIES = "Thành phần"

SHEET_INVITEES = "Đại biểu mời"

SHEET_PAPERS = "Tham luận"

SHEET_RECIPIENTS = "Nơi nhận"

SHEET_BUDGET = "Kinh phí"

SHEET_DECISIONS = "Xử lý phiếu"

MASTER_SHEETS = (
    SHEET_INFO,
    SHEET_UNITS,
    SHEET_CATEGORIES,
    SHEET_INVITEES,
    SHEET_PAPERS,
    SHEET_RECIPIENTS,
    SHEET_BUDGET,
    SHEET_DECISIONS,
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

# sheet "Xử lý phiếu": staff decisions on returns (DESIGN §9)
DECISION_COLUMNS = {"file": "Tệp", "unit_code": "Đơn vị", "action": "Xử lý", "note": "Ghi chú"}

DECISION_USE = "Dùng"

DECISION_SUPPLEMENT = "Bổ sung"

DECISION_DROP = "Bỏ"

DECISION_ACTIONS = {"use": DECISION_USE, "supplement": DECISION_SUPPLEMENT, "drop": DECISION_DROP}

MASTER_COLUMNS = {
    SHEET_UNITS: UNIT_COLUMNS,
    SHEET_CATEGORIES: CATEGORY_COLUMNS,
    SHEET_INVITEES: INVITEE_COLUMNS,
    SHEET_PAPERS: PAPER_COLUMNS,
    SHEET_RECIPIENTS: RECIPIENT_COLUMNS,
    SHEET_BUDGET: BUDGET_COLUMNS,
    SHEET_DECISIONS: DECISION_COLUMNS,
}

# columns a master sheet must have (others may be missing: read as empty)
MASTER_REQUIRED_COLUMNS = {
    SHEET_UNITS: ("code", "name", "kind"),
    SHEET_CATEGORIES: ("code", "name"),
    SHEET_INVITEES: ("full_name",),
    SHEET_PAPERS: ("unit_code",),
    SHEET_RECIPIENTS: ("recipient",),
    SHEET_BUDGET: ("item", "price"),
    SHEET_DECISIONS: ("file",),
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

# a master row 2 whose first filled cell starts with this is an instruction, not data
MASTER_GUIDE_ROW_MARK = "Hướng dẫn:"
