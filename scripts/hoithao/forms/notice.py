"""The processing notice (Nghị định 13/2023/NĐ-CP) units read on every form's guide sheet.

It says what is collected, for what, who sees it and how long it is kept — what the decree asks
a data controller to tell people before their data is collected.
"""

from __future__ import annotations

from typing import Any

from hoithao.vn.text import header_key

NOTICE_TITLE = "THÔNG BÁO VỀ XỬ LÝ DỮ LIỆU CÁ NHÂN (Nghị định số 13/2023/NĐ-CP)"
NOTICE_LINES = (
    "Dữ liệu thu thập: họ và tên, giới tính, chức vụ Đảng, chức vụ chuyên môn, đơn vị, "
    "thành phần, số điện thoại, email của đại biểu do đơn vị cử (và người trình bày tham luận).",
    "Mục đích: lập danh sách đại biểu, gửi giấy mời, làm thẻ đại biểu, điểm danh và liên hệ về "
    "công tác tổ chức hội thảo; không dùng vào việc khác.",
    "Người được xem: cán bộ Ban Tổ chức hội thảo được giao nhiệm vụ. Danh sách ký tên, thẻ đại "
    "biểu, phong bì không ghi số điện thoại, email; bản gửi ra ngoài cơ quan được che số điện "
    "thoại và email; không cung cấp cho bên thứ ba.",
    "Thời gian lưu: đến khi hoàn thành công tác tổ chức và báo cáo kết quả hội thảo; sau đó "
    "Ban Tổ chức xoá phiếu đăng ký, danh sách và các tệp tổng hợp.",
    "Đơn vị gửi phiếu đề nghị thông báo nội dung này cho các đồng chí được cử. Đại biểu có thể "
    "đề nghị Ban Tổ chức cho xem, sửa hoặc xoá thông tin của mình.",
)


def add_privacy_notice(sheet: Any) -> None:
    """Append the notice to the guide sheet (openpyxl), unless the template already has one
    (staff may word their own: a cell starting with the notice's title counts)."""
    from openpyxl.styles import Alignment, Font

    from hoithao.forms.template import set_text
    from hoithao.xlsx.output import FONT

    mark = header_key(NOTICE_TITLE)[:30]
    last = 0
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                if header_key(cell.value).startswith(mark):
                    return
                last = max(last, cell.row)
    row = last + 2
    for n, text in enumerate((NOTICE_TITLE, *NOTICE_LINES)):
        cell = sheet.cell(row + n, 1)
        set_text(cell, text if n == 0 else f"– {text}")
        cell.font = Font(name=FONT, size=12, bold=n == 0)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
