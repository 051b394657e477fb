"""The sample workspace for Kế hoạch 38-KH/ĐUK: master workbook, returned forms and papers.

The repository is itself a workspace, so a fresh clone has real work for `hoithao consolidate`.
Everything is synthetic and seeded: regenerating gives the same content (and, for the files
written here, the same bytes: zip entries and document properties carry fixed dates).
Run `python -m hoithao.sample [ROOT]`; without ROOT it rebuilds the repository's `workbooks/`;
with ROOT it also writes `templates/` and the launchers there, so every command works in the copy.
"""

from __future__ import annotations

import random
import shutil
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment

from hoithao.master.vocab import (
    BUDGET_COLUMNS,
    BUDGET_FIXED,
    BUDGET_PER_DELEGATE,
    CATEGORY_COLUMNS,
    DECISION_ACTIONS,
    DECISION_COLUMNS,
    INFO_ITEM,
    INFO_ROWS,
    INFO_VALUE,
    INVITEE_COLUMNS,
    PAPER_COLUMNS,
    PAPER_FORMS,
    RECIPIENT_COLUMNS,
    SHEET_BUDGET,
    SHEET_CATEGORIES,
    SHEET_DECISIONS,
    SHEET_INFO,
    SHEET_INVITEES,
    SHEET_PAPERS,
    SHEET_RECIPIENTS,
    SHEET_UNITS,
    UNIT_COLUMNS,
    UNIT_KINDS,
)
from hoithao.sample.book import dropdown, freeze_zip, new_book, save_book, table_sheet, touch
from hoithao.sample.data import (
    BUDGET,
    CATEGORIES,
    EVENT_CODE,
    GOV_MAIL,
    INVITEES,
    ORGANISER,
    PAPER_DEADLINE,
    PAPERS,
    PAPERS_RECEIVED,
    RECIPIENTS,
    REGISTRATION_DEADLINE,
    SEED,
    STARTS_AT,
    STREETS,
    TITLE,
    VENUE,
    People,
    SampleUnit,
    sample_units,
    short_name,
)
from hoithao.sample.returns import write_returns
from hoithao.sample.shapes import LATE_PAPER, PDF_PAPER, write_pdf_paper
from hoithao.vn.text import ascii_name
from hoithao.workspace import MASTER_FILE, PAPERS_DIR, RETURNS_DIR, TEMPLATES_DIR


# --- the master workbook ---------------------------------------------------------------------
def _unit_contacts(unit: SampleUnit, rng: random.Random) -> tuple[str, str, str]:
    email = f"{unit.slug}@{GOV_MAIL}" if not unit.parent or rng.random() < 0.3 else ""
    phone = f"0256 38{rng.randrange(10, 99)} {rng.randrange(100, 999)}"
    street = rng.choice(STREETS)
    address = f"{rng.randrange(1, 400)} {street}, thành phố Quy Nhơn"
    return email, phone, address


def _typed(rows: Sequence[Sequence[str]]) -> list[list[Any]]:
    """Numbers and dd/mm/yyyy dates of a data block as real cells, empty text as empty cells."""

    def cell(text: str) -> Any:
        if not text:
            return None
        if text.isdigit():
            return int(text)
        if text.count("/") == 2 and text.replace("/", "").isdigit():
            return datetime.strptime(text, "%d/%m/%Y")
        return text

    return [[cell(text) for text in row] for row in rows]


def write_master(path: Path, units: Sequence[SampleUnit]) -> None:
    rng = random.Random(SEED)
    book = new_book()
    info = {
        "event_code": EVENT_CODE,
        "title": TITLE,
        "plan_number": "38-KH/ĐUK",
        "organiser": ORGANISER,
        "starts_at": STARTS_AT,
        "venue": VENUE,
        "hall_capacity": 150,
        "registration_deadline": REGISTRATION_DEADLINE,
        "paper_deadline": PAPER_DEADLINE,
        "signer": "Nguyễn Đặng Thị Thu Hòa",
        "signer_title": "Phó Bí thư Thường trực",
        "signed_on": "",  # left for the signer to date by hand (DESIGN §11)
    }
    sheet = table_sheet(
        book,
        SHEET_INFO,
        [INFO_ITEM, INFO_VALUE],
        [(INFO_ROWS[k], v) for k, v in info.items()],
        [26, 100],
    )
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell = row[0]
        if isinstance(cell.value, datetime):
            cell.number_format = "hh:mm dd/mm/yyyy" if cell.value.hour else "dd/mm/yyyy"
            cell.alignment = Alignment(horizontal="left")

    unit_rows = []
    for unit in units:
        email, phone, address = _unit_contacts(unit, rng)
        unit_rows.append(
            (
                unit.code,
                unit.name,
                unit.kind,
                unit.parent,
                unit.summoned or ("" if unit.parent else "x"),
                email,
                phone,
                address,
            )
        )
    sheet = table_sheet(
        book,
        SHEET_UNITS,
        list(UNIT_COLUMNS.values()),
        unit_rows,
        [11, 52, 18, 11, 10, 30, 15, 42],
    )
    dropdown(sheet, 3, UNIT_KINDS)
    dropdown(sheet, 5, ("x", "không"))

    table_sheet(
        book,
        SHEET_CATEGORIES,
        list(CATEGORY_COLUMNS.values()),
        _typed(CATEGORIES),
        [8, 58, 36, 22, 12, 14],
    )

    invitee_rows = []
    people = People(rng)
    for name, gender, title, organisation, category in INVITEES:
        person = people.make(gender)
        invitee_rows.append(
            (
                name,
                gender,
                title,
                organisation,
                category,
                person.phone,
                f"{ascii_name(name).lower().split()[-1]}.{category.lower()}@{GOV_MAIL}",
                "Số 02 Trần Phú, thành phố Quy Nhơn"
                if category in ("KM", "PDV")
                else "Số 52 Nguyễn Huệ, thành phố Quy Nhơn",
            )
        )
    table_sheet(
        book,
        SHEET_INVITEES,
        list(INVITEE_COLUMNS.values()),
        invitee_rows,
        [28, 10, 56, 32, 11, 14, 30, 38],
    )

    sheet = table_sheet(
        book,
        SHEET_PAPERS,
        list(PAPER_COLUMNS.values()),
        _typed(PAPERS),
        [11, 80, 12, 12, 13],
        formats={5: "dd/mm/yyyy"},
    )
    dropdown(sheet, 3, PAPER_FORMS)

    table_sheet(book, SHEET_RECIPIENTS, list(RECIPIENT_COLUMNS.values()), RECIPIENTS, [40, 12])

    sheet = table_sheet(
        book,
        SHEET_BUDGET,
        list(BUDGET_COLUMNS.values()),
        _typed(BUDGET),
        [52, 13, 13, 12, 10, 9, 60],
        formats={3: "#,##0"},
    )
    dropdown(sheet, 4, (BUDGET_PER_DELEGATE, BUDGET_FIXED))
    sheet = table_sheet(
        book, SHEET_DECISIONS, list(DECISION_COLUMNS.values()), [], [50, 12, 12, 50]
    )
    dropdown(sheet, 3, tuple(DECISION_ACTIONS.values()))
    save_book(book, path)


# --- papers ----------------------------------------------------------------------------------
def write_papers(folder: Path, units: Sequence[SampleUnit]) -> None:
    """A few received papers as small .docx; the others stay missing (P01 after the deadline)."""
    from docx import Document

    by_code = {u.code: u for u in units}
    orientation = {code: text for code, text, *_ in PAPERS}
    folder.mkdir(parents=True, exist_ok=True)
    for n, code in enumerate(sorted(PAPERS_RECEIVED)):
        unit = by_code[code]
        doc = Document()
        props = doc.core_properties
        props.author = short_name(unit.name)
        props.last_modified_by = short_name(unit.name)
        props.created = props.modified = datetime(2022, 5, 8 + n % 4, 9)
        props.revision = 1
        props.title = "Tham luận"
        doc.add_paragraph(unit.name.upper())
        doc.add_heading("THAM LUẬN", level=1)
        doc.add_paragraph(orientation[code])
        doc.add_paragraph(
            "Thực hiện Kế hoạch số 38-KH/ĐUK của Ban Thường vụ Đảng ủy Khối, "
            f"{unit.name.lower().replace('đảng bộ', 'Đảng bộ').replace('chi bộ', 'Chi bộ')} "
            "xin trao đổi một số kinh nghiệm về nâng cao chất lượng sinh hoạt chi bộ, "
            "sinh hoạt chuyên đề gắn với thực hiện nhiệm vụ chuyên môn, nghiệp vụ."
        )
        name = (
            f"Tham luận {unit.name}.docx"
            if code == "CS23"
            else f"Tham luan - {code} - {ascii_name(unit.name)}.docx"
        )
        path = folder / name
        doc.save(str(path))
        freeze_zip(path)
        touch(path, datetime(2022, 5, 8 + n % 4, 9))
    # one paper sent as PDF only, one saved two days after the deadline
    pdf = by_code[PDF_PAPER]
    write_pdf_paper(folder / f"{pdf.code} - Tham luan.pdf", pdf, datetime(2022, 5, 11, 15))
    late = by_code[LATE_PAPER]
    doc = Document()
    doc.add_paragraph(late.name.upper())
    doc.add_heading("THAM LUẬN", level=1)
    doc.add_paragraph(orientation[late.code])
    props = doc.core_properties
    props.author = props.last_modified_by = short_name(late.name)
    props.created = props.modified = PAPER_DEADLINE + timedelta(days=2, hours=10)
    props.revision = 1
    path = folder / f"Tham luan {late.code} (gui muon).docx"
    doc.save(str(path))
    freeze_zip(path)
    touch(path, datetime(2022, 5, 16, 8))  # saved from the mail later still


# --- everything ------------------------------------------------------------------------------
def build_sample(root: Path, *, office: bool = False) -> None:
    """Write the sample master, returns and papers under root (existing ones replaced)."""
    root = Path(root)
    units = sample_units()
    for folder in (RETURNS_DIR, PAPERS_DIR):
        target = root / folder
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
    write_master(root / MASTER_FILE, units)
    write_returns(root / RETURNS_DIR, units, office=office)
    write_papers(root / PAPERS_DIR, units)


def repository_root() -> Path:
    return Path(__file__).resolve().parents[3]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else repository_root()
    build_sample(root, office=True)
    print(f"Đã tạo bộ dữ liệu mẫu trong {root / 'workbooks'}")
    if args:  # a copy elsewhere: a whole workspace, so that every command works there
        from hoithao.new_workspace import write_templates_and_launchers

        write_templates_and_launchers(root)
        print(f"Mẫu phiếu, mẫu Word và các tệp bấm đúp: {root / TEMPLATES_DIR}, {root}")
    return 0
