"""`hoithao init DIR`: an empty workspace for a new event — blank master, folders, form template.

The blank master carries every sheet and header of DESIGN §3 and, in row 2 of each sheet, a short
instruction starting with `MASTER_GUIDE_ROW_MARK` that `master.py` skips, so a freshly
created workspace reads cleanly and staff see what to type where.
"""

from __future__ import annotations

from pathlib import Path

from hoithao.errors import WorkspaceError, os_reason
from hoithao.forms.template import build_form_template
from hoithao.kit.launchers import write_launchers
from hoithao.master.vocab import (
    BUDGET_FIXED,
    BUDGET_PER_DELEGATE,
    DECISION_ACTIONS,
    DECISION_DROP,
    DECISION_SUPPLEMENT,
    DECISION_USE,
    INFO_ITEM,
    INFO_ROWS,
    INFO_VALUE,
    MASTER_COLUMNS,
    MASTER_GUIDE_ROW_MARK,
    MASTER_SHEET_GUIDE,
    MASTER_SHEETS,
    PAPER_FORM_PRESENT,
    PAPER_FORM_SEND,
    PAPER_FORMS,
    SHEET_BUDGET,
    SHEET_CATEGORIES,
    SHEET_DECISIONS,
    SHEET_INFO,
    SHEET_INVITEES,
    SHEET_PAPERS,
    SHEET_RECIPIENTS,
    SHEET_UNITS,
    UNIT_KINDS,
)
from hoithao.outputs.documents import build_templates
from hoithao.workspace import (
    FORM_TEMPLATE,
    MASTER_FILE,
    OUTPUT_DIR,
    PAPERS_DIR,
    RETURNS_DIR,
    TEMPLATES_DIR,
)
from hoithao.xlsx.output import XlsxOutput

_KINDS = ", ".join(UNIT_KINDS)
_MARK = MASTER_GUIDE_ROW_MARK

# sheet → the instruction of its row 2
SHEET_GUIDES = {
    SHEET_INFO: (
        f"{_MARK} ghi giá trị ở cột “{INFO_VALUE}” cho từng mục. Thời gian ghi ngày giờ "
        "(ví dụ 07:30 19/05/2022); các hạn ghi ngày (ví dụ 10/05/2022). Ngày ký: ngày in trên "
        "giấy mời, văn bản gửi đi; để trống thì in “ngày    tháng    năm” để người ký ghi tay."
    ),
    SHEET_UNITS: (
        f"{_MARK} mỗi dòng một đơn vị, từ dòng 3. Loại hình: {_KINDS}. Trực thuộc: mã đảng bộ "
        "cơ sở cấp trên (chỉ ghi cho đơn vị trực thuộc). Triệu tập: chi, đảng bộ cơ sở được "
        "triệu tập trừ khi ghi “không”; đơn vị trực thuộc ghi “x” nếu được triệu tập."
    ),
    SHEET_CATEGORIES: (
        f"{_MARK} mỗi dòng một thành phần. Loại hình áp dụng để trống với thành phần mời đích "
        "danh (khách mời, Ban Chấp hành); Chức vụ hợp lệ cách nhau bằng dấu phẩy, ví dụ: "
        "Bí thư, Phó Bí thư. Gửi giấy mời: để trống hoặc “có” thì gửi giấy mời và phong bì; "
        "“không” với thành phần không nhận giấy mời (ví dụ cán bộ phục vụ)."
    ),
    SHEET_INVITEES: (
        f"{_MARK} mỗi dòng một đại biểu mời đích danh, theo thứ tự lễ tân; cột Thành phần ghi "
        f"mã ở sheet “{SHEET_CATEGORIES}”."
    ),
    SHEET_PAPERS: (
        f"{_MARK} mỗi dòng một đơn vị được phân công tham luận. Hình thức: "
        f"“{PAPER_FORM_PRESENT}” hoặc “{PAPER_FORM_SEND}”; Hạn gửi để trống thì "
        f"dùng “{INFO_ROWS['paper_deadline']}” ở sheet “{SHEET_INFO}”."
    ),
    SHEET_RECIPIENTS: f"{_MARK} mỗi dòng một nơi nhận; Ghi chú ví dụ “b/c”.",
    SHEET_BUDGET: (
        f"{_MARK} Tính theo: “{BUDGET_PER_DELEGATE}” (nhân với số đại biểu) hoặc "
        f"“{BUDGET_FIXED}”; Đơn giá ghi bằng đồng; Căn cứ: văn bản quy định mức chi."
    ),
    SHEET_DECISIONS: (
        f"{_MARK} chỉ ghi khi cần: Tệp = tên tệp trong {RETURNS_DIR}/; Xử lý: "
        f"“{DECISION_USE}” (dùng tệp này làm phiếu của đơn vị), "
        f"“{DECISION_SUPPLEMENT}” (thêm người vào phiếu đã gửi) hoặc "
        f"“{DECISION_DROP}” (không dùng tệp); Đơn vị: "
        "mã đơn vị nếu chương trình nhận sai."
    ),
}

GUIDE_LINES = (
    "SỔ GỐC HỘI THẢO — HƯỚNG DẪN",
    "Sổ gốc do cán bộ văn phòng nhập; chương trình hoithao chỉ đọc, không bao giờ sửa tệp này.",
    "Dòng 1 của mỗi sheet là dòng tiêu đề: giữ nguyên tên cột (có thể đổi thứ tự, thêm cột riêng).",
    "Dòng 2 bắt đầu bằng “Hướng dẫn:” chỉ để đọc, chương trình bỏ qua; có thể xoá.",
    f"Sheet “{SHEET_INFO}”, “{SHEET_UNITS}”, “{SHEET_CATEGORIES}” là bắt buộc; "
    "các sheet khác có thể để trống.",
    "Thứ tự: điền Thông tin → Đơn vị → Thành phần → Đại biểu mời → Tham luận, rồi chạy "
    "“hoithao forms” để tạo phiếu đăng ký gửi các đơn vị.",
    f"Phiếu đơn vị gửi về: chép vào thư mục {RETURNS_DIR}/ rồi chạy “hoithao consolidate”.",
)

_WIDTHS = {
    SHEET_INFO: (26, 70),
    SHEET_UNITS: (12, 40, 18, 12, 11, 30, 14, 40),
    SHEET_CATEGORIES: (8, 50, 40, 24, 12, 14),
    SHEET_INVITEES: (26, 10, 36, 36, 12, 14, 28, 36),
    SHEET_PAPERS: (12, 60, 12, 12, 14),
    SHEET_RECIPIENTS: (50, 20),
    SHEET_BUDGET: (40, 14, 14, 12, 12, 10, 50),
    SHEET_DECISIONS: (50, 12, 12, 50),
}
# column field → dropdown list of a new master
_DROPDOWNS = {
    SHEET_UNITS: {"kind": list(UNIT_KINDS), "summoned": ["x", "không"]},
    SHEET_CATEGORIES: {"invited": ["có", "không"]},
    SHEET_PAPERS: {"form": list(PAPER_FORMS)},
    SHEET_BUDGET: {"basis": [BUDGET_PER_DELEGATE, BUDGET_FIXED]},
    SHEET_DECISIONS: {"action": list(DECISION_ACTIONS.values())},
}
_DATA_ROWS = 500  # how far down the dropdowns of a new master reach


def write_blank_master(path: Path, *, display_path: str = MASTER_FILE) -> None:
    """The master of a new event: headers, one instruction row per sheet, dropdowns."""
    with XlsxOutput(path, display_path=display_path, title="Sổ gốc hội thảo") as out:
        guide = out.sheet(MASTER_SHEET_GUIDE)
        guide.set_column(0, 0, 110)
        out.write_text(guide, 0, 0, GUIDE_LINES[0], out.fmt("title", align="left"))
        for row, line in enumerate(GUIDE_LINES[1:], start=2):
            out.write_text(guide, row, 0, line, out.fmt("wrap"))
        note_fmt = out.fmt("text", italic=True, font_color="#595959")
        for sheet_name in MASTER_SHEETS:
            sheet = out.sheet(sheet_name)
            if sheet_name == SHEET_INFO:
                headers = [INFO_ITEM, INFO_VALUE]
            else:
                headers = list(MASTER_COLUMNS[sheet_name].values())
            for col, header in enumerate(headers):
                out.write_text(sheet, 0, col, header, out.fmt("header"))
            for col, width in enumerate(_WIDTHS.get(sheet_name, ())):
                sheet.set_column(col, col, width)
            out.write_text(sheet, 1, 0, SHEET_GUIDES[sheet_name], note_fmt)
            sheet.freeze_panes(1, 0)
            if sheet_name == SHEET_INFO:
                for row, label in enumerate(INFO_ROWS.values(), start=2):
                    out.write_text(sheet, row, 0, label, out.fmt("bold"))
            fields = list(MASTER_COLUMNS.get(sheet_name, {}))
            for key, items in _DROPDOWNS.get(sheet_name, {}).items():
                col = fields.index(key)
                sheet.data_validation(
                    2, col, _DATA_ROWS, col, {"validate": "list", "source": items}
                )


def init_workspace(directory: str | Path) -> Path:
    """Create the folders, a blank master, the templates and the launchers; never overwrite."""
    root = Path(directory).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} là một tệp, không phải thư mục. Chọn tên thư mục khác.")
    master = root / MASTER_FILE
    if master.exists():
        raise WorkspaceError(
            f"Thư mục {root} đã có sổ gốc {MASTER_FILE}; lệnh init không ghi đè. "
            "Chọn một thư mục mới cho hội thảo mới."
        )
    try:
        for folder in (RETURNS_DIR, PAPERS_DIR, TEMPLATES_DIR, OUTPUT_DIR):
            (root / folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(
            f"Không tạo được thư mục làm việc {root}: {os_reason(exc)}. "
            "Kiểm tra quyền ghi và đường dẫn."
        ) from exc
    write_blank_master(master)
    write_templates_and_launchers(root)
    return root


def write_templates_and_launchers(root: Path) -> None:
    """What a workspace needs besides its master and returns; files already there are kept."""
    template = root / FORM_TEMPLATE
    if not template.exists():
        build_form_template(template)
    build_templates(root / TEMPLATES_DIR, overwrite=False)
    write_launchers(root)
