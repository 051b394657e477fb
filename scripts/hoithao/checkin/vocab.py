"""The check-in workbook staff mark during the event, and the attendance report."""

from __future__ import annotations

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
