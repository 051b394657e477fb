"""Sheets "Đại biểu mời", "Tham luận", "Nơi nhận" and "Kinh phí"."""

from __future__ import annotations

from collections.abc import Mapping

from hoithao.master.book import MasterBook
from hoithao.master.cells import (
    BASIS_KEYS,
    FORM_KEYS,
    GENDER_KEYS,
    cell_text,
    lower_first,
    parse_date,
    parse_int,
    parse_number,
    phone_text,
)
from hoithao.master.vocab import (
    BUDGET_COLUMNS,
    INVITEE_COLUMNS,
    MASTER_REQUIRED_COLUMNS,
    PAPER_COLUMNS,
    PAPER_FORMS,
    RECIPIENT_COLUMNS,
    SHEET_BUDGET,
    SHEET_CATEGORIES,
    SHEET_INVITEES,
    SHEET_PAPERS,
    SHEET_RECIPIENTS,
    SHEET_UNITS,
)
from hoithao.models import (
    BudgetLine,
    Category,
    Invitee,
    PaperAssignment,
    Recipient,
    Unit,
)
from hoithao.vn.text import header_key


def read_invitees(book: MasterBook, categories: Mapping[str, Category]) -> list[Invitee]:
    sheet = SHEET_INVITEES
    cols = INVITEE_COLUMNS
    invitees: list[Invitee] = []
    for row in book.table(sheet, cols, MASTER_REQUIRED_COLUMNS[sheet]):
        v = {key: cell_text(value) for key, value in row.values.items()}
        name = v.get("full_name", "")
        if not name:
            book.fail_row(sheet, row.number, f"thiếu {lower_first(cols['full_name'])}")
        category = v.get("category", "").upper()
        if not category:
            book.fail_row(
                sheet,
                row.number,
                f'đại biểu "{name}" chưa ghi thành phần (một mã ở sheet "{SHEET_CATEGORIES}")',
            )
        if category not in categories:
            book.fail_row(
                sheet,
                row.number,
                f'thành phần "{category}" chưa được khai báo ở sheet "{SHEET_CATEGORIES}"',
            )
        gender = v.get("gender", "")
        invitees.append(
            Invitee(
                full_name=name,
                gender=GENDER_KEYS.get(header_key(gender), gender),
                title=v.get("title", ""),
                organisation=v.get("organisation", ""),
                category=category,
                phone=phone_text(row.values.get("phone", "")),
                email=v.get("email", ""),
                address=v.get("address", ""),
                row=row.number,
            )
        )
    return invitees


def read_papers(book: MasterBook, units: Mapping[str, Unit]) -> list[PaperAssignment]:
    sheet = SHEET_PAPERS
    cols = PAPER_COLUMNS
    papers: list[PaperAssignment] = []
    for row in book.table(sheet, cols, MASTER_REQUIRED_COLUMNS[sheet]):
        v = {key: cell_text(value) for key, value in row.values.items()}
        code = v.get("unit_code", "").upper()
        if not code:
            book.fail_row(sheet, row.number, "thiếu mã đơn vị được phân công tham luận")
        if code not in units:
            book.fail_row(
                sheet,
                row.number,
                f'đơn vị "{code}" chưa được khai báo ở sheet "{SHEET_UNITS}"',
            )
        form_text = v.get("form", "")
        form = FORM_KEYS.get(header_key(form_text), "")
        if form_text and not form:
            allowed = " hoặc ".join(f'"{f}"' for f in PAPER_FORMS)
            book.fail_row(sheet, row.number, f'hình thức "{form_text}" không hợp lệ; ghi {allowed}')
        try:
            order = parse_int(row.values.get("order", ""))
        except ValueError:
            order = 0
        if order is not None and order <= 0:
            book.fail_row(
                sheet,
                row.number,
                f'{lower_first(cols["order"])} "{v.get("order", "")}" '
                "không phải là số nguyên dương",
            )
        try:
            deadline = parse_date(row.values.get("deadline", ""))
        except ValueError:
            book.fail_row(
                sheet,
                row.number,
                f'{lower_first(cols["deadline"])} "{v.get("deadline", "")}" '
                "không phải là ngày (ví dụ: 12/05/2022)",
            )
        papers.append(
            PaperAssignment(code, v.get("orientation", ""), form, order, deadline, row.number)
        )
    return papers


def read_recipients(book: MasterBook) -> list[Recipient]:
    sheet = SHEET_RECIPIENTS
    cols = RECIPIENT_COLUMNS
    result = []
    for row in book.table(sheet, cols, MASTER_REQUIRED_COLUMNS[sheet]):
        v = {key: cell_text(value) for key, value in row.values.items()}
        if v.get("recipient"):
            result.append(Recipient(v["recipient"], v.get("note", "")))
    return result


def read_budget(book: MasterBook) -> list[BudgetLine]:
    sheet = SHEET_BUDGET
    cols = BUDGET_COLUMNS
    lines = []
    for row in book.table(sheet, cols, MASTER_REQUIRED_COLUMNS[sheet]):
        v = {key: cell_text(value) for key, value in row.values.items()}
        if not v.get("item"):
            book.fail_row(sheet, row.number, f"thiếu tên {lower_first(cols['item'])}")
        numbers: dict[str, float | None] = {}
        for key in ("price", "quantity", "sessions"):
            try:
                numbers[key] = parse_number(row.values.get(key, ""))
            except ValueError:
                book.fail_row(
                    sheet,
                    row.number,
                    f'{lower_first(cols[key])} "{v.get(key, "")}" không phải là số',
                )
        basis_text = v.get("basis", "")
        basis = BASIS_KEYS.get(header_key(basis_text), "")
        if basis_text and not basis:
            allowed = " hoặc ".join(f'"{b}"' for b in BASIS_KEYS.values())
            book.fail_row(
                sheet,
                row.number,
                f'cột "{cols["basis"]}" ghi "{basis_text}"; ghi {allowed}',
            )
        lines.append(
            BudgetLine(
                item=v["item"],
                unit_of_measure=v.get("unit_of_measure", ""),
                price=numbers["price"] or 0.0,
                basis=basis,
                quantity=numbers["quantity"],
                sessions=numbers["sessions"],
                legal_basis=v.get("legal_basis", ""),
                row=row.number,
            )
        )
    return lines
