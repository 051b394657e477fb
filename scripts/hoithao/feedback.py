"""output/phan_hoi/: what each unit must fix in its return, with its own row numbers.

A large run has hundreds of these small workbooks, so the work is split: `plan_feedback` turns
the consolidation into plain `FeedbackFile`s, `write_feedback_files` writes any of them (in this
process or in a worker of consolidate's pool), `finish_feedback` writes the mail-merge sheet and
removes files of units that have nothing left to fix.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
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
HEADERS = ["Tệp", "Dòng", "Cột", "Giá trị", "Mức", "Nội dung cần sửa"]
WIDTHS = [30, 7, 16, 28, 10, 70]
# Part of every file's content digest: change it whenever the layout below changes, so that
# files written by an older layout are rewritten rather than kept as unchanged.
LAYOUT = "phan-hoi-1"


@dataclass(frozen=True)
class FeedbackFile:
    """Everything one unit's feedback workbook shows: plain data, cheap to send to a worker."""

    code: str
    unit_name: str
    unit_email: str
    event_title: str
    rows: tuple[tuple[object, ...], ...]
    errors: int

    @property
    def name(self) -> str:
        return f"{self.code}.xlsx"

    @property
    def display(self) -> str:
        return f"{vocab.FEEDBACK_OUT_DIR}/{self.name}"

    def digest(self) -> str:
        """What the file shows, hashed: kept in the workbook's Keywords property."""
        return "hoithao:" + hashlib.sha256(f"{LAYOUT}|{self!r}".encode()).hexdigest()[:32]


def _unchanged(path: Path, digest: str) -> bool:
    """The file there was written from the same content: re-runs (many a day) leave it alone
    instead of building the same workbook again (reading this costs ~1/20 of writing it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f"<cp:keywords>{digest}</cp:keywords>".encode() in core


def issues_by_unit(c: Consolidation) -> dict[str, list[Issue]]:
    grouped: dict[str, list[Issue]] = defaultdict(list)
    for issue in c.issues:
        if issue.unit and issue.code in FEEDBACK_CODES:
            grouped[issue.unit].append(issue)
    return dict(grouped)


def feedback_folder(ws: Workspace) -> Path:
    return ws.output(vocab.FEEDBACK_OUT_DIR + "/x").parent


def plan_feedback(c: Consolidation) -> list[FeedbackFile]:
    """One file per unit with errors or warnings, in the order their issues come."""
    files = []
    for code, issues in issues_by_unit(c).items():
        unit = c.master.units[code]
        rows = tuple(
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
        errors = sum(1 for i in issues if i.level == "error")
        files.append(FeedbackFile(code, unit.name, unit.email, c.master.event.title, rows, errors))
    return files


def write_feedback_files(files: Iterable[FeedbackFile], folder: Path) -> None:
    """Write the given units' workbooks; safe to run in several processes at once."""
    for item in files:
        digest = item.digest()
        if _unchanged(folder / item.name, digest):
            continue
        with XlsxOutput(
            folder / item.name,
            display_path=item.display,
            title="Phản hồi phiếu đăng ký",
            keywords=digest,
        ) as out:
            sheet = out.sheet("Phản hồi")
            sheet.merge_range(
                0, 0, 0, 5, f"PHẢN HỒI PHIẾU ĐĂNG KÝ — {item.unit_name.upper()}", out.fmt("title")
            )
            sheet.merge_range(1, 0, 1, 5, item.event_title, out.fmt("subtitle", text_wrap=True))
            sheet.set_row(1, 36)
            out.write_text(
                sheet,
                2,
                0,
                "Đề nghị đơn vị sửa các nội dung dưới đây trong phiếu đã gửi (số dòng là số dòng "
                "trong tệp của đơn vị) rồi gửi lại phiếu.",
                out.fmt("wrap"),
            )
            out.write_table(sheet, HEADERS, item.rows, first_row=4, widths=WIDTHS)
            sheet.set_landscape()
            sheet.set_paper(9)
            sheet.fit_to_pages(1, 0)


def finish_feedback(files: list[FeedbackFile], ws: Workspace) -> str:
    """The mail-merge sheet to send the files, and no stale file of a unit now in order."""
    folder = feedback_folder(ws)
    mailing = [
        (f.code, f.unit_name, f.unit_email, f.display, f.errors, len(f.rows) - f.errors)
        for f in files
    ]
    mailing_display = f"{vocab.FEEDBACK_OUT_DIR}/{MAILING_FILE}"
    with XlsxOutput(folder / MAILING_FILE, display_path=mailing_display) as out:
        sheet = out.sheet("Gửi phản hồi")
        headers = ["Mã đơn vị", "Tên đơn vị", "Email", "Tệp đính kèm", "Số lỗi", "Số cảnh báo"]
        out.write_table(sheet, headers, mailing, widths=[10, 44, 30, 30, 8, 10])
    written = {f.name for f in files} | {MAILING_FILE}
    for stale in folder.glob("*.xlsx"):
        if stale.name not in written:
            stale.unlink()
    return vocab.FEEDBACK_OUT_DIR + "/"


def write_feedback(c: Consolidation, ws: Workspace) -> str:
    """One workbook per unit with errors or warnings, plus a mail-merge sheet to send them."""
    files = plan_feedback(c)
    write_feedback_files(files, feedback_folder(ws))
    return finish_feedback(files, ws)
