"""Every xlsx output opens in LibreOffice, and the budget's formulas recalculate to our total."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from hoithao.engine.consolidate import build
from hoithao.models import Consolidation
from hoithao.outputs.budget import estimate_budget, write_budget
from hoithao.outputs.compendium import write_compendium
from hoithao.outputs.signin import write_signin
from hoithao.outputs.vocab import BUDGET_TOTAL, BUDGET_XLSX, COMPENDIUM_XLSX, SIGNIN_XLSX
from hoithao.run import run
from hoithao.workspace import SUMMARY_XLSX, Workspace

from ..conftest import TODAY, ReturnFactory, form_row
from ..outputs.test_budget import add_budget

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có"),
]
# CSV filter options: comma, double quote, UTF-8 (76), start at row 1
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76,1"


def soffice(tmp_path: Path, target: str, outdir: Path, *files: Path) -> None:
    """Convert with a private profile, so a user's LibreOffice or another test never interferes."""
    profile = (tmp_path / "lo_profile").as_uri()
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def consolidated(workspace: Workspace, make_return: ReturnFactory) -> Consolidation:
    add_budget(
        workspace,
        [
            ("Nước uống", "người/buổi", 20000, "Đại biểu", 3, 2, "Nghị quyết 26/2017/NQ-HĐND"),
            ("Thuê hội trường", "buổi", 3500000, "Cố định", 1, 1, "Hợp đồng"),
        ],
    )
    make_return(
        "CS01.xlsx",
        [form_row(1, "Nguyễn Văn An"), form_row(2, "Võ Thị Bé", "Phó Bí thư")],
        unit_code="CS01",
    )
    make_return("CS02.xlsx", [form_row(1, "Lê Văn Cường")], unit_code="CS02")
    run(workspace, today=TODAY)
    c = build(workspace, today=TODAY)
    for writer in (write_signin, write_budget, write_compendium):
        writer(c, workspace)
    return c


def test_every_output_converts_to_pdf(
    tmp_path: Path, workspace: Workspace, consolidated: Consolidation
) -> None:
    outputs = sorted(workspace.output_dir.glob("*.xlsx"))
    names = {p.name for p in outputs}
    expected = {SUMMARY_XLSX, SIGNIN_XLSX, BUDGET_XLSX, COMPENDIUM_XLSX}
    assert {Path(e).name for e in expected} <= names
    pdf_dir = tmp_path / "pdf"
    soffice(tmp_path, "pdf", pdf_dir, *outputs)
    for source in outputs:
        pdf = pdf_dir / f"{source.stem}.pdf"
        assert pdf.is_file(), pdf.name
        assert pdf.stat().st_size > 1000
        assert pdf.read_bytes().startswith(b"%PDF")


def _strip_cached_values(source: Path, target: Path) -> int:
    """Drop every formula's cached value, so the numbers LibreOffice shows are its own."""
    stripped = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, count = re.subn(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1", data.decode())
                stripped += count
                data = text.encode()
            zout.writestr(item, data)
    return stripped


def test_budget_recalculates_to_our_total(
    tmp_path: Path, workspace: Workspace, consolidated: Consolidation
) -> None:
    budget = estimate_budget(consolidated)
    assert budget.total == (5 + 3) * 2 * 20000 + 3500000
    bare = tmp_path / "bare" / "du_toan_kinh_phi.xlsx"
    bare.parent.mkdir()
    assert _strip_cached_values(workspace.path(BUDGET_XLSX), bare) >= 3
    soffice(tmp_path, CSV_UTF8, tmp_path / "csv", bare)
    with (tmp_path / "csv" / "du_toan_kinh_phi.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    total = next(r for r in rows if r and r[0] == BUDGET_TOTAL)
    # whole đồng: read the digits whatever thousands separator the locale adds
    assert int(re.sub(r"\D", "", total[6])) == budget.total
    lines = [r for r in rows if r and r[0] in {"1", "2"}]
    assert [int(re.sub(r"\D", "", r[6])) for r in lines] == [item.amount for item in budget.items]


def test_workbooks_filled_from_a_skeleton_open_in_libreoffice(tmp_path: Path) -> None:
    """The per-unit feedback files and the mail-merge tables are written by xlsx_fill, not
    xlsxwriter: LibreOffice reads them with every cell in place."""
    from hoithao.outputs.feedback import FeedbackFile, write_feedback_files
    from hoithao.xlsx.fill import TextTable, write_text_tables

    message = "Số điện thoại “12345” không hợp lệ."
    row = ("CS02 - Phiếu đăng ký.xlsx", 7, "Điện thoại", "12345", "Cảnh báo", message)
    item = FeedbackFile("CS02", "Chi bộ Sở Tư pháp", "", "Hội thảo chi bộ", (row,), 0)
    write_feedback_files([item], tmp_path)
    tables = [TextTable("Giấy mời", ("Họ_và_tên", "Đơn_vị"), [("Nguyễn Văn An", "")])]
    merge = tmp_path / "tron_thu.xlsx"
    write_text_tables(tables, merge, display_path=merge.name, title="Trộn thư")
    out = tmp_path / "csv"
    soffice(tmp_path, CSV_UTF8, out, tmp_path / "CS02.xlsx", merge)
    with (out / "CS02.csv").open(encoding="utf-8") as handle:
        feedback_rows = list(csv.reader(handle))
    assert feedback_rows[0][0] == "PHẢN HỒI PHIẾU ĐĂNG KÝ — CHI BỘ SỞ TƯ PHÁP"
    assert feedback_rows[5] == [
        "CS02 - Phiếu đăng ký.xlsx",
        "7",
        "Điện thoại",
        "12345",
        "Cảnh báo",
        message,
    ]
    with (out / "tron_thu.csv").open(encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["Họ_và_tên", "Đơn_vị"], ["Nguyễn Văn An", ""]]
