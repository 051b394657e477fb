"""Sheet names, column labels and file names of everything `consolidate` writes."""

from __future__ import annotations

from hoithao.forms.vocab import FORM_COLUMNS
from hoithao.xlsx.printing import PAGE_FOOTER as PAGE_FOOTER  # one spelling, xlsx/printing.py's

SUMMARY_SHEET = "Tổng hợp"

DELEGATES_SHEET = "Danh sách đại biểu"

MISSING_SHEET = "Đơn vị chưa gửi"

ISSUES_SHEET = "Kiểm tra"

PAPERS_SHEET = "Tham luận"

LOG_SHEET = "Nhật ký"

CHANGES_SHEET = "Thay đổi"

# the totals row under sheet Nhật ký: the same figures as the printed summary's "Dòng:" line
LOG_TOTAL_LABEL = "Tổng các tệp đã tổng hợp"

LOG_TOTAL_NOTE = "Không tính tệp bị thay thế, bị loại, bỏ qua (dòng của các tệp đó không được dùng)"

# the Thay đổi sheet: one row per change between two snapshots (DESIGN §9)
CHANGE_COLUMNS = {
    "kind": "Thay đổi",
    "id": "Mã ĐB",
    "full_name": "Họ và tên",
    "unit": "Đơn vị",
    "what": "Nội dung",
    "old": "Cũ",
    "new": "Mới",
    "file": "Tệp",
}

CHANGE_KINDS = {
    "added": "Thêm",
    "removed": "Rút",
    "changed": "Sửa",
    "units_returned": "Đơn vị mới gửi",
    "units_withdrawn": "Đơn vị rút phiếu",
}

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
    "technical": "Chi tiết kỹ thuật",
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
    "title": "Tên bài tham luận",
    "presenter": "Người trình bày",
    "unit": "Đơn vị",
    "form": "Hình thức",
    "state": "Trạng thái",
    "received_on": "Ngày nhận",
    "files": "Tệp nhận được",
    "pages": "Số trang",
    "page": "Trang",
}

COMPENDIUM_FIRST_PAGE = "Bài đầu tiên bắt đầu ở trang:"

COMPENDIUM_PAGE_NOTE = (
    "Điền số trang của từng bài vào cột “Số trang”: cột “Trang” tự tính trang bắt đầu của mỗi bài."
)

COMPENDIUM_NO_TITLE = "(chưa ghi tên bài; định hướng: {orientation})"

# ky_yeu.py: output/ky_yeu_tham_luan.docx, the papers compiled
KY_YEU_DOCX = "output/ky_yeu_tham_luan.docx"

KY_YEU_COVER = "KỶ YẾU HỘI THẢO"

KY_YEU_SUBTITLE = "TỔNG HỢP CÁC BÀI THAM LUẬN"

KY_YEU_CONTENTS = "MỤC LỤC"

KY_YEU_TOC_HINT = (
    "Để có số trang: trong Word, bấm chuột phải vào mục lục, chọn “Update Field” (Cập nhật "
    "trường) → “Update entire table”; trong LibreOffice: Công cụ → Cập nhật → Cập nhật tất cả."
)

KY_YEU_NOT_INCLUDED = "Các bài tham luận chưa có trong kỷ yếu"

KY_YEU_REASONS = {
    "pdf": "bài gửi dạng PDF ({files}): cần bản Word (.docx) để đưa vào kỷ yếu",
    "other": "bài gửi dạng {kinds} ({files}): cần bản Word (.docx) để đưa vào kỷ yếu",
    "unreadable": "tệp Word không đọc được ({files}): {reason}",
    "missing": "chưa nhận được bài",
}

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


# Party document heading (Hướng dẫn 36-HD/VPTW), as in Kế hoạch 38-KH/ĐUK: the Word templates,
# made without a master, head with this organiser (vn/party.py splits it)
DOC_ORGANISER = "Đảng ủy Khối các cơ quan tỉnh Bình Định"

DOC_INVITATION_NUMBER = "Số        -GM/ĐUK"

DOC_SIGN_ON_BEHALF = "T/M BAN THƯỜNG VỤ"
DOC_REPORT_NUMBER = "Số        -BC/ĐUK"

# Word templates and the documents `hoithao merge` renders from them (template -> sheet)
TEMPLATE_INVITATION = "templates/giay_moi.docx"

TEMPLATE_BADGE = "templates/the_dai_bieu.docx"

TEMPLATE_ENVELOPE = "templates/phong_bi.docx"

MERGED_INVITATION = "output/giay_moi.docx"

MERGED_BADGE = "output/the_dai_bieu.docx"

MERGED_ENVELOPE = "output/phong_bi.docx"

# not the_dai_bieu.docx: that name is the mail-merged badge of documents.py (no QR code)
BADGES_DOCX = "output/the_dai_bieu_qr.docx"

BUDGET_ROWS = {
    "head_count": "I. Căn cứ số lượng đại biểu",
    "registered": "Đại biểu các đơn vị đã đăng ký",
    "invitees": "Đại biểu mời (khách mời, Ban Chấp hành)",
    "total": "Tổng số đại biểu",
    "capacity": "Sức chứa hội trường",
    "items": "II. Các khoản chi",
}

# state of an assigned paper (papers.PaperState) -> what the sheets and reminders print
PAPER_STATES = {
    "received": "Đã nhận",
    "received_late": "Nộp muộn",  # received, but after its deadline
    "pending": "Chưa nhận",
    "late": "Quá hạn",  # not received, deadline passed (P01)
}

# top line of a badge when its category has no name
BADGE_HEADING = "ĐẠI BIỂU"
