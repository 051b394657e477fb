"""output/phan_hoi/: what each unit must fix in its return, with its own row numbers."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from . import vocab
from .excel import XlsxOutput
from .issues import Issue

if TYPE_CHECKING:
    from .consolidate import Consolidation
    from .workspace import Workspace

MAILING_FILE = "gui_phan_hoi.xlsx"
# only problems a unit can fix in its own return; reminders go to the mail-merge tables
FEEDBACK_CODES = frozenset(
    {"F03", "F06", "R01", "R02", "R03", "W01", "W02", "W03", "W04", "W05", "W06", "W08"}
)


def issues_by_unit(c: Consolidation) -> dict[str, list[Issue]]:
    grouped: dict[str, list[Issue]] = defaultdict(list)
    for issue in c.issues:
        if issue.unit and issue.code in FEEDBACK_CODES:
            grouped[issue.unit].append(issue)
    return dict(grouped)


def write_feedback(c: Consolidation, ws: Workspace) -> str:
    """One workbook per unit with errors or warnings, plus a mail-merge sheet to send them."""
    folder = ws.output(vocab.FEEDBACK_OUT_DIR + "/x").parent
    written = set()
    mailing = []
    for code, issues in issues_by_unit(c).items():
        unit = c.master.units[code]
        name = f"{code}.xlsx"
        display = f"{vocab.FEEDBACK_OUT_DIR}/{name}"
        with XlsxOutput(folder / name, display_path=display, title="Phản hồi phiếu đăng ký") as out:
            sheet = out.sheet("Phản hồi")
            sheet.merge_range(
                0, 0, 0, 5, f"PHẢN HỒI PHIẾU ĐĂNG KÝ — {unit.name.upper()}", out.fmt("title")
            )
            sheet.merge_range(1, 0, 1, 5, c.master.event.title, out.fmt("subtitle", text_wrap=True))
            sheet.set_row(1, 36)
            out.write_text(
                sheet,
                2,
                0,
                "Đề nghị đơn vị sửa các nội dung dưới đây trong phiếu đã gửi (số dòng là số dòng "
                "trong tệp của đơn vị) rồi gửi lại phiếu.",
                out.fmt("wrap"),
            )
            headers = ["Tệp", "Dòng", "Cột", "Giá trị", "Mức", "Nội dung cần sửa"]
            rows = (
                (
                    i.file.rsplit("/", 1)[-1],
                    i.row,
                    vocab.FIELD_LABELS.get(i.field, i.field),
                    i.value,
                    vocab.LEVEL_LABELS[i.level],
                    i.message,
                )
                for i in issues
            )
            out.write_table(sheet, headers, rows, first_row=4, widths=[30, 7, 16, 28, 10, 70])
            sheet.set_landscape()
            sheet.set_paper(9)
            sheet.fit_to_pages(1, 0)
        written.add(name)
        errors = sum(1 for i in issues if i.level == "error")
        mailing.append((code, unit.name, unit.email, display, errors, len(issues) - errors))

    mailing_display = f"{vocab.FEEDBACK_OUT_DIR}/{MAILING_FILE}"
    with XlsxOutput(folder / MAILING_FILE, display_path=mailing_display) as out:
        sheet = out.sheet("Gửi phản hồi")
        headers = ["Mã đơn vị", "Tên đơn vị", "Email", "Tệp đính kèm", "Số lỗi", "Số cảnh báo"]
        out.write_table(sheet, headers, mailing, widths=[10, 44, 30, 30, 8, 10])
    written.add(MAILING_FILE)

    for stale in folder.glob("*.xlsx"):
        if stale.name not in written:
            stale.unlink()
    return vocab.FEEDBACK_OUT_DIR + "/"
