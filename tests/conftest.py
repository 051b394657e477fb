"""Fixtures that build real workspaces: a small master workbook and returns in every format."""

from __future__ import annotations

import ast
import csv
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hoithao.forms.vocab import (
    FORM_COLUMNS,
    FORM_SHEET_IDENTITY,
    FORM_SHEET_REGISTRATION,
    FORM_VERSION,
    IDENTITY_KEYS,
)
from hoithao.master.vocab import (
    BUDGET_COLUMNS,
    CATEGORY_COLUMNS,
    DECISION_COLUMNS,
    INFO_ITEM,
    INFO_ROWS,
    INFO_VALUE,
    INVITEE_COLUMNS,
    KIND_CHI_BO_CO_SO,
    KIND_CHI_BO_TRUC_THUOC,
    KIND_DANG_BO_BO_PHAN,
    KIND_DANG_BO_CO_SO,
    PAPER_COLUMNS,
    PAPER_FORM_PRESENT,
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
)
from hoithao.workspace import (
    MASTER_FILE,
    OUTPUT_DIR,
    PAPERS_DIR,
    RETURNS_DIR,
    TEMPLATES_DIR,
    Workspace,
)

REPO = Path(__file__).resolve().parents[1]

UNITS = [
    # code, name, kind, parent, summoned, email
    ("CS01", "Đảng bộ Sở Y tế", KIND_DANG_BO_CO_SO, "", "", "dangbo.syt@binhdinh.gov.vn"),
    ("CS02", "Chi bộ Sở Tư pháp", KIND_CHI_BO_CO_SO, "", "", "chibo.stp@binhdinh.gov.vn"),
    (
        "CS03",
        "Đảng bộ Cục Thuế tỉnh",
        KIND_DANG_BO_CO_SO,
        "",
        "",
        "dangbo.ct@binhdinh.gov.vn",
    ),
    ("CS04", "Chi bộ Ban Dân tộc", KIND_CHI_BO_CO_SO, "", "", "chibo.bdt@binhdinh.gov.vn"),
    ("CS05", "Chi bộ Sở Ngoại vụ", KIND_CHI_BO_CO_SO, "", "không", ""),
    ("BP01", "Đảng bộ Bệnh viện Đa khoa tỉnh", KIND_DANG_BO_BO_PHAN, "CS01", "x", ""),
    ("TT01", "Chi bộ Văn phòng Sở Y tế", KIND_CHI_BO_TRUC_THUOC, "CS01", "x", ""),
    ("TT02", "Chi bộ Phòng Nghiệp vụ Y", KIND_CHI_BO_TRUC_THUOC, "CS01", "", ""),
]
CATEGORIES = [
    ("KM", "Khách mời", "", "", ""),
    ("BCH", "Ban Chấp hành Đảng bộ Khối", "", "", ""),
    (
        "CS",
        "Bí thư hoặc phó bí thư chi, đảng bộ cơ sở",
        f"{KIND_DANG_BO_CO_SO}, {KIND_CHI_BO_CO_SO}",
        "Bí thư, Phó Bí thư",
        1,
    ),
    (
        "TT",
        "Bí thư hoặc phó bí thư đảng bộ bộ phận, chi bộ trực thuộc",
        f"{KIND_DANG_BO_BO_PHAN}, {KIND_CHI_BO_TRUC_THUOC}",
        "Bí thư, Phó Bí thư",
        1,
    ),
]
INVITEES = [
    ("Trần Văn Hùng", "Nam", "Phó Trưởng Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "KM"),
    ("Lê Thị Thu Hằng", "Nữ", "Ủy viên Ban Chấp hành", "Đảng ủy Khối", "BCH"),
]
PAPERS = [("CS01", "Kinh nghiệm sinh hoạt chuyên đề", PAPER_FORM_PRESENT, 1, None)]


def write_sheet(
    book: openpyxl.Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))


def build_master(
    path: Path,
    *,
    units: Sequence[Sequence[Any]] = UNITS,
    categories: Sequence[Sequence[Any]] = CATEGORIES,
    invitees: Sequence[Sequence[Any]] = INVITEES,
    papers: Sequence[Sequence[Any]] = PAPERS,
    capacity: int = 150,
    decisions: Sequence[Sequence[Any]] = (),
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    info = {
        "event_code": "HT38-2022",
        "title": "Hội thảo “Giải pháp nâng cao chất lượng sinh hoạt chi bộ”",
        "plan_number": "38-KH/ĐUK",
        "organiser": "Đảng ủy Khối các cơ quan tỉnh Bình Định",
        "starts_at": datetime(2022, 5, 19, 7, 30),
        "venue": "Hội trường Khách sạn Thanh Bình, thành phố Quy Nhơn",
        "hall_capacity": capacity,
        "registration_deadline": datetime(2022, 5, 10),
        "paper_deadline": datetime(2022, 5, 12),
        "signer": "Nguyễn Văn Thành",
        "signer_title": "Phó Bí thư Thường trực",
    }
    write_sheet(
        book,
        SHEET_INFO,
        [INFO_ITEM, INFO_VALUE],
        [(INFO_ROWS[k], v) for k, v in info.items()],
    )
    unit_headers = [
        UNIT_COLUMNS[k] for k in ("code", "name", "kind", "parent", "summoned", "email")
    ]
    write_sheet(book, SHEET_UNITS, unit_headers, units)
    write_sheet(book, SHEET_CATEGORIES, list(CATEGORY_COLUMNS.values()), categories)
    invitee_headers = [
        INVITEE_COLUMNS[k] for k in ("full_name", "gender", "title", "organisation", "category")
    ]
    write_sheet(book, SHEET_INVITEES, invitee_headers, invitees)
    write_sheet(book, SHEET_PAPERS, list(PAPER_COLUMNS.values()), papers)
    write_sheet(
        book,
        SHEET_RECIPIENTS,
        list(RECIPIENT_COLUMNS.values()),
        [("Ban Tổ chức Tỉnh ủy", "b/c")],
    )
    write_sheet(book, SHEET_BUDGET, list(BUDGET_COLUMNS.values()), [])
    if decisions:
        write_sheet(book, SHEET_DECISIONS, list(DECISION_COLUMNS.values()), decisions)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


FORM_HEADERS = list(FORM_COLUMNS.values())


def write_return(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[str] = FORM_HEADERS,
    above: Sequence[Sequence[Any]] = (),
    below: Sequence[Sequence[Any]] = (),
    unit_code: str | None = None,
    sheet_title: str = FORM_SHEET_REGISTRATION,
) -> Path:
    """A return as units send them: optional rows above and below the table, in any format."""
    lines = [*above, list(headers), *rows, *below]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(lines)
        return path
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    for line in lines:
        sheet.append(list(line))
    if unit_code:
        hidden = book.create_sheet(FORM_SHEET_IDENTITY)
        hidden.append([IDENTITY_KEYS["event_code"], "HT38-2022"])
        hidden.append([IDENTITY_KEYS["unit_code"], unit_code])
        hidden.append([IDENTITY_KEYS["version"], FORM_VERSION])
        hidden.sheet_state = "hidden"
    book.save(path)
    return path


def form_row(
    n: int, name: str, role: str = "Bí thư", phone: str = "0912345678", **extra: str
) -> list[Any]:
    values = {
        "seq": n,
        "full_name": name,
        "gender": extra.get("gender", "Nam"),
        "party_role": role,
        "job_title": extra.get("job_title", "Giám đốc"),
        "unit": extra.get("unit", ""),
        "category": extra.get("category", ""),
        "phone": phone,
        "email": extra.get("email", ""),
        "note": extra.get("note", ""),
    }
    return [values[k] for k in FORM_COLUMNS]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """An empty-returns workspace with the small master above."""
    root = tmp_path / "hội thảo"
    for folder in (RETURNS_DIR, PAPERS_DIR, TEMPLATES_DIR, OUTPUT_DIR):
        (root / folder).mkdir(parents=True)
    build_master(root / MASTER_FILE)
    return Workspace(root.resolve())


@pytest.fixture
def returns_dir(workspace: Workspace) -> Path:
    return workspace.returns_dir


ReturnFactory = Callable[..., Path]


@pytest.fixture
def make_return(returns_dir: Path) -> ReturnFactory:
    def make(name: str, rows: Sequence[Sequence[Any]], **kwargs: Any) -> Path:
        return write_return(returns_dir / name, rows, **kwargs)

    return make


def tree_hashes(*folders: Path) -> dict[str, str]:
    """sha256 of every file under the folders: inputs must be byte-identical after a run."""
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def command_imports(root: Path, args: Sequence[str], heavy: Sequence[str]) -> tuple[str, list[str]]:
    """The command run in a fresh interpreter on the workspace: (what it printed, which of the
    `heavy` modules it imported)."""
    code = (
        "import sys\n"
        "from hoithao.cli import main\n"
        "try:\n"
        f"    main(['--root', {str(root)!r}, *{list(args)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"print(sorted(m for m in {tuple(heavy)!r} if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    *printed, imported = done.stdout.splitlines()
    return "\n".join(printed), ast.literal_eval(imported)


TODAY = date(2022, 5, 15)


def write_docx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[str] = FORM_HEADERS,
    above: Sequence[str] = (),
    below: Sequence[str] = (),
) -> Path:
    """A Word return as units type it: paragraphs above and below one table (python-docx)."""
    from docx import Document

    document = Document()
    for text in above:
        document.add_paragraph(text)
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    for r, line in enumerate([list(headers), *rows]):
        for c, value in enumerate(line):
            table.cell(r, c).text = "" if value is None else str(value)
    for text in below:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
