"""output/du_toan_kinh_phi.xlsx: the budget estimate, `Kinh phí` lines × head-count.

Quantities follow `Tính theo`: a `Đại biểu` line costs per person, so its quantity is the head-count
(registered delegates + invitees) plus the line's `Số lượng`, which counts the extra people the
office adds for that line (service staff, reporters); a `Cố định` line uses `Số lượng` as is.
Each line is then × `Số buổi` × `Đơn giá`. The sheet keeps live formulas so staff can adjust.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hoithao.master.vocab import BUDGET_PER_DELEGATE, SHEET_BUDGET, SHEET_INFO
from hoithao.outputs.party_doc import (
    FONT_SIZE,
    document_date_line,
    fit_row_height,
    set_widths,
    setup_a4,
    write_party_heading,
)
from hoithao.outputs.vocab import (
    BUDGET_APPROVER,
    BUDGET_CURRENCY_END,
    BUDGET_IN_WORDS,
    BUDGET_OUT_COLUMNS,
    BUDGET_PREPARER,
    BUDGET_ROWS,
    BUDGET_SHEET,
    BUDGET_TITLE,
    BUDGET_TOTAL,
    BUDGET_XLSX,
)
from hoithao.vn.dates import vn_datetime
from hoithao.vn.text import fold
from hoithao.workspace import MASTER_FILE
from hoithao.xlsx.output import XlsxOutput

if TYPE_CHECKING:
    from xlsxwriter.format import Format

    from hoithao.models import BudgetLine, Consolidation
    from hoithao.workspace import Workspace

# Vietnamese reads digits in groups of three; above "tỷ" the scales repeat ("nghìn tỷ").
_SCALES = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")
BUDGET_WIDTHS = (5, 26, 10, 8, 7, 11, 13, 22)


@dataclass(frozen=True)
class BudgetItem:
    line: BudgetLine
    per_delegate: bool
    extra: float  # per-delegate lines: people added to the head-count; fixed lines: 0
    quantity: float
    sessions: float
    amount: float


@dataclass(frozen=True)
class Budget:
    items: list[BudgetItem]
    registered: int
    invitees: int
    capacity: int | None

    @property
    def head_count(self) -> int:
        return self.registered + self.invitees

    @property
    def total(self) -> float:
        return sum(item.amount for item in self.items)

    @property
    def over_capacity(self) -> int:
        """Seats missing in the hall (0 when everyone fits or no capacity is set)."""
        return max(0, self.head_count - self.capacity) if self.capacity else 0

    @property
    def in_words(self) -> str:
        return amount_in_words(self.total)


def is_per_delegate(line: BudgetLine) -> bool:
    return fold(line.basis) == fold(BUDGET_PER_DELEGATE)


def estimate_budget(c: Consolidation) -> Budget:
    """Pure: the estimate the sheet's formulas reproduce."""
    head_count = len(c.registered) + len(c.invitees)
    items = []
    for line in c.master.budget:
        sessions = line.sessions if line.sessions is not None else 1
        if is_per_delegate(line):
            extra = line.quantity or 0
            quantity = head_count + extra
        else:
            extra = 0
            quantity = line.quantity if line.quantity is not None else 1
        amount = quantity * sessions * line.price
        items.append(BudgetItem(line, is_per_delegate(line), extra, quantity, sessions, amount))
    return Budget(items, len(c.registered), len(c.invitees), c.master.event.hall_capacity)


def amount_in_words(amount: float) -> str:
    """ "Mười hai triệu ba trăm năm mươi nghìn đồng chẵn." — the accounting convention.

    num2words(lang="vi") drops the "không trăm" of an inner group (2.005.000 → "hai triệu năm
    nghìn"), so groups of three are read one by one and inner groups under 100 are padded.
    """
    from num2words import num2words  # ~15 ms to import: only when a budget is written

    number = round(amount)
    if number == 0:
        return "Không đồng."
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        if index == len(groups) - 1 or group >= 100:
            text = num2words(group, lang="vi")
        else:
            text = "không" + num2words(100 + group, lang="vi").removeprefix("một")
        words.append(f"{text} {_SCALES[index]}".strip())
    sentence = " ".join(words) + f" {BUDGET_CURRENCY_END}."
    return sentence[0].upper() + sentence[1:]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


class _BudgetSheet:
    """The estimate sheet, written top to bottom; each section returns nothing and moves `row`."""

    def __init__(self, out: XlsxOutput, c: Consolidation, budget: Budget) -> None:
        self.out, self.c, self.budget = out, c, budget
        self.sheet = out.sheet(BUDGET_SHEET)
        self.last = len(BUDGET_OUT_COLUMNS) - 1
        self.row = 0
        self.head_cell = ""
        self.header_row = 0

    def fmt(self, *names: str, **extra: object) -> Format:
        return self.out.fmt(*names, **{"font_size": FONT_SIZE, "valign": "vcenter", **extra})

    def line(self, text: str, fmt: Format, *, first: int = 0, height: float | None = None) -> None:
        self.sheet.merge_range(self.row, first, self.row, self.last, text, fmt)
        if height:
            self.sheet.set_row(self.row, height)
        self.row += 1

    def titles(self) -> None:
        event = self.c.master.event
        set_widths(self.sheet, BUDGET_WIDTHS)
        date_line = document_date_line(event)
        self.row = write_party_heading(
            self.out, self.sheet, event.organiser, split=3, last_col=self.last, date_line=date_line
        )
        self.line(BUDGET_TITLE, self.fmt("bold", align="center", font_size=FONT_SIZE + 1))
        bold_centre = self.fmt("bold", align="center", text_wrap=True)
        self.line(f"Tổ chức {event.title}", bold_centre, height=36)
        when = f"Thời gian: {vn_datetime(event.starts_at)}"
        if event.venue:
            when += f"; địa điểm: {event.venue}"
        self.line(when, self.fmt(italic=True, align="center", text_wrap=True), height=34)
        self.row += 1

    def head_count(self) -> None:
        """Registered + invitees = the cell every per-delegate quantity refers to."""
        sheet, budget = self.sheet, self.budget
        label = self.fmt(text_wrap=True, valign="vcenter")
        count = self.fmt("int", bold=True, align="center", valign="vcenter")
        label_width = BUDGET_WIDTHS[1] + BUDGET_WIDTHS[2]
        self.out.write_text(sheet, self.row, 0, BUDGET_ROWS["head_count"], self.fmt("bold"))
        self.row += 1
        first = self.row
        facts = [
            (BUDGET_ROWS["registered"], budget.registered),
            (BUDGET_ROWS["invitees"], budget.invitees),
        ]
        for text, value in facts:
            sheet.merge_range(self.row, 1, self.row, 2, text, label)
            fit_row_height(sheet, self.row, [(text, label_width)])  # long labels wrap, not clip
            sheet.write_number(self.row, 3, value, count)
            self.row += 1
        self.head_cell = f"$D${self.row + 1}"
        sheet.merge_range(self.row, 1, self.row, 2, BUDGET_ROWS["total"], self.fmt("bold"))
        total = f"=D{first + 1}+D{first + 2}"
        sheet.write_formula(self.row, 3, total, count, budget.head_count)
        self.row += 1
        sheet.merge_range(self.row, 1, self.row, 2, BUDGET_ROWS["capacity"], label)
        if budget.capacity:
            sheet.write_number(self.row, 3, budget.capacity, count)
        self.line(*self._capacity_check(), first=4, height=34)
        self.row += 1

    def _capacity_check(self) -> tuple[str, Format]:
        budget = self.budget
        if not budget.capacity:
            text = f"Chưa ghi sức chứa hội trường trong sheet “{SHEET_INFO}”."
            return text, self.fmt("warning", text_wrap=True)
        if budget.over_capacity:
            text = (
                f"Cảnh báo: vượt sức chứa {budget.over_capacity} chỗ — cần bố trí thêm chỗ "
                "ngồi hoặc đổi hội trường."
            )
            return text, self.fmt("warning", bold=True, text_wrap=True)
        return f"Đủ chỗ (còn {budget.capacity - budget.head_count} chỗ).", self.fmt(text_wrap=True)

    def items(self) -> None:
        sheet, out = self.sheet, self.out
        out.write_text(sheet, self.row, 0, BUDGET_ROWS["items"], self.fmt("bold"))
        self.row += 1
        self.header_row = self.row
        header = out.fmt("header", bg_color="#FFFFFF", font_size=FONT_SIZE)
        for col, text in enumerate(BUDGET_OUT_COLUMNS.values()):
            sheet.write_string(self.row, col, text, header)
        sheet.set_row(self.row, 36)
        self.row += 1
        cell, centre, num = self.fmt("cell"), self.fmt("cell_center"), self.fmt("cell_int")
        # quantities and sessions may be fractional (half a day): "#,##0" would round them
        qty = self.fmt("cell_int", num_format="General")
        first = self.row
        for n, item in enumerate(self.budget.items, start=1):
            row, line = self.row, item.line
            out.write_text(sheet, row, 0, str(n), centre)
            out.write_text(sheet, row, 1, line.item, cell)
            out.write_text(sheet, row, 2, line.unit_of_measure, centre)
            if item.per_delegate:
                extra = f"+{_number(item.extra)}" if item.extra else ""
                sheet.write_formula(
                    row, 3, f"={self.head_cell}{extra}", qty, _number(item.quantity)
                )
            else:
                sheet.write_number(row, 3, item.quantity, qty)
            sheet.write_number(row, 4, item.sessions, qty)
            sheet.write_number(row, 5, line.price, num)
            sheet.write_formula(
                row, 6, f"=D{row + 1}*E{row + 1}*F{row + 1}", num, _number(item.amount)
            )
            out.write_text(sheet, row, 7, line.legal_basis, cell)
            texts = (line.item, line.unit_of_measure, line.legal_basis)
            widths = (BUDGET_WIDTHS[1], BUDGET_WIDTHS[2], BUDGET_WIDTHS[7])
            fit_row_height(sheet, row, list(zip(texts, widths, strict=True)), minimum=22)
            self.row += 1
        if not self.budget.items:
            note = (
                f"Chưa có khoản chi nào trong sheet “{SHEET_BUDGET}” của "
                f"{MASTER_FILE}: thêm các dòng (Khoản chi, Đơn vị tính, Đơn giá, "
                "Tính theo, Số lượng, Số buổi, Căn cứ) rồi chạy lại."
            )
            self.line(note, self.fmt("warning", border=1, text_wrap=True), height=36)
        self._total(first)

    def _total(self, first: int) -> None:
        sheet, row = self.sheet, self.row
        bold = self.fmt("cell_int", bold=True)
        sheet.merge_range(row, 0, row, 5, BUDGET_TOTAL, self.fmt("cell_center", bold=True))
        if self.budget.items:
            total = f"=SUM(G{first + 1}:G{row})"
            sheet.write_formula(row, 6, total, bold, _number(self.budget.total))
        else:
            sheet.write_number(row, 6, 0, bold)
        sheet.write_blank(row, 7, None, self.fmt("cell"))
        self.row += 1
        words = f"{BUDGET_IN_WORDS}: {self.budget.in_words}"
        self.line(words, self.fmt(italic=True, bold=True, text_wrap=True), height=34)
        self.row += 1

    def signatures(self) -> None:
        event, sheet, row = self.c.master.event, self.sheet, self.row
        sign = self.fmt("bold", align="center")
        sheet.merge_range(row, 0, row, 2, BUDGET_PREPARER, sign)
        sheet.merge_range(row, 4, row, self.last, BUDGET_APPROVER, sign)
        if event.signer_title:
            sheet.merge_range(row + 1, 4, row + 1, self.last, event.signer_title.upper(), sign)
        if event.signer:
            sheet.merge_range(row + 5, 4, row + 5, self.last, event.signer, sign)
        setup_a4(sheet, header_rows=(self.header_row, self.header_row))
        sheet.print_area(0, 0, row + 5, self.last)


def write_budget(c: Consolidation, ws: Workspace) -> str:
    """Write the estimate with live formulas (each carrying its computed value)."""
    path = ws.output(BUDGET_XLSX)
    with XlsxOutput(path, display_path=ws.rel(path), title=BUDGET_TITLE) as out:
        writer = _BudgetSheet(out, c, estimate_budget(c))
        writer.titles()
        writer.head_count()
        writer.items()
        writer.signatures()
    return ws.rel(path)
