"""Personal data (Nghị định 13/2023/NĐ-CP): README's table is exact for every output; the
processing notice on every form; masked copies; a password; deletion after the event."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from hoithao.checkin.attendance import compute_attendance
from hoithao.checkin.erase import RECORD_FILE
from hoithao.checkin.report import write_attendance
from hoithao.cli import main
from hoithao.forms.fill import write_forms
from hoithao.forms.notice import NOTICE_TITLE
from hoithao.forms.template import build_form_template
from hoithao.forms.vocab import FORM_SHEET_GUIDE
from hoithao.master.vocab import SHEET_UNITS, UNIT_COLUMNS
from hoithao.outputs.badges import write_badges
from hoithao.outputs.documents import build_templates, render_documents
from hoithao.outputs.share import write_shared_copies
from hoithao.outputs.vocab import DELEGATE_COLUMNS, DELEGATES_SHEET
from hoithao.rules.mask import mask_phone, mask_text
from hoithao.run import report_changes, run
from hoithao.workspace import SUMMARY_XLSX, Workspace

from .conftest import REPO, TODAY, UNITS, ReturnFactory, form_row

PHONE = "0905123456"
EMAIL = "an.nguyen@example.vn"
UNIT_PHONE = "02563822123"
BAD_EMAIL = "binh@@sai"
TOKENS = (PHONE, EMAIL, UNIT_PHONE, BAD_EMAIL, *(u[5] for u in UNITS if u[5]))
README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_table() -> dict[str, str]:
    """README's personal-data table: path → "có" / "không"."""
    section = README.split("## Personal data", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            for path in re.findall(r"`([^`]+)`", cells[0]):
                table[path] = cells[1]
    return table


def readme_key(relative: str) -> str:
    for folder in (
        "workbooks/phieu_dang_ky/",
        "output/diem_danh_sao_luu/",
        "output/chia_se/",
        "output/lich_su/",
        "output/.cache/",
    ):
        if relative.startswith(folder):
            return folder
    if re.fullmatch(r"output/phan_hoi/(?!gui_)[^/]+\.xlsx", relative):
        return "output/phan_hoi/<Mã>.xlsx"
    if re.fullmatch(r"output/phieu_gui_don_vi/(?!gui_)[^/]+\.xlsx", relative):
        return "output/phieu_gui_don_vi/<Mã>_<tên không dấu>.xlsx"
    return relative


def text_of(path: Path) -> str:
    if path.suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        book = CalamineWorkbook.from_path(str(path))
        return "\n".join(
            str(value)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
            for value in row
        )
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(
                archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
            )
    return path.read_text(encoding="utf-8")


def add_unit_phones(ws: Workspace) -> None:
    book = openpyxl.load_workbook(ws.master)
    sheet = book[SHEET_UNITS]
    col = sheet.max_column + 1
    sheet.cell(1, col, UNIT_COLUMNS["phone"])
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, col, UNIT_PHONE)
    book.save(ws.master)


@pytest.fixture
def everything(workspace: Workspace, make_return: ReturnFactory) -> Workspace:
    """Every command that writes, on a workspace with phones and e-mails everywhere."""
    add_unit_phones(workspace)
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An", phone=PHONE, email=EMAIL)])
    make_return("CS03.xlsx", [form_row(1, "Võ Thị Bình", "Phó Bí thư", email=BAD_EMAIL)])
    write_forms(workspace)
    run(workspace, today=TODAY)
    make_return("CS04.xlsx", [form_row(1, "Trương Văn Phúc", phone="0987111222")])
    # a corrected phone: the change report shows the old and the new number
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An", phone="0905999888", email=EMAIL)])
    result = run(workspace, today=TODAY)  # the check-in append leaves a backup
    write_attendance(compute_attendance(workspace), workspace)
    build_templates(workspace.templates_dir)
    render_documents(workspace, result.consolidation)
    write_badges(result.consolidation, workspace)
    report_changes(workspace, None, today=TODAY)
    write_shared_copies(workspace)
    return workspace


def test_readme_table_is_exact_for_every_file(everything: Workspace) -> None:
    table = readme_table()
    found: dict[str, bool] = {}
    for path in sorted(everything.root.rglob("*")):
        relative = everything.rel(path)
        if not path.is_file() or relative.startswith("templates/") or "/.~" in relative:
            continue
        text = text_of(path)
        key = readme_key(relative)
        found[key] = found.get(key, False) or any(token in text for token in TOKENS)
    assert set(found) <= set(table), set(found) - set(table)
    with_contacts = {key for key, has in found.items() if has}
    assert with_contacts == {key for key in found if table[key] == "có"}


def test_every_form_carries_the_processing_notice(workspace: Workspace) -> None:
    result = write_forms(workspace)
    for form in result.forms:
        guide = openpyxl.load_workbook(workspace.root / form)[FORM_SHEET_GUIDE]
        lines = [c.value for c in guide["A"] if isinstance(c.value, str)]
        start = lines.index(NOTICE_TITLE)
        notice = " ".join(lines[start:])
        for words in ("Dữ liệu thu thập", "Mục đích", "Người được xem", "Thời gian lưu"):
            assert words in notice
        assert "Nghị định số 13/2023/NĐ-CP" in lines[start]


def test_a_template_with_its_own_notice_is_left_alone(workspace: Workspace) -> None:
    build_form_template(workspace.form_template)
    book = openpyxl.load_workbook(workspace.form_template)
    guide = book[FORM_SHEET_GUIDE]
    guide["A30"] = NOTICE_TITLE.upper() + " — theo quy định của Đảng ủy Khối"
    book.save(workspace.form_template)
    form = write_forms(workspace).forms[0]
    guide = openpyxl.load_workbook(workspace.root / form)[FORM_SHEET_GUIDE]
    texts = [c.value for c in guide["A"] if isinstance(c.value, str)]
    assert sum("13/2023" in t for t in texts) == 1


@pytest.mark.parametrize(
    ("typed", "masked"),
    [
        ("0912345678", "09xx xxx 678"),
        ("+84 912.345.678", "09xx xxx 678"),
        ("912345678", "09xx xxx 678"),
        ("02563822123", "02xx xxxx 123"),
    ],
)
def test_phone_masks(typed: str, masked: str) -> None:
    assert mask_phone(typed) == masked
    assert mask_text(f"Gọi {typed} hoặc a.b@x.gov.vn") == f"Gọi {masked} hoặc a***@x.gov.vn"


def test_mask_leaves_other_numbers(workspace: Workspace) -> None:
    for text in ("19/05/2022", "150.000.000 đồng", "CS01-47GYC", "dòng 1234567"):
        assert mask_text(text) == text


def test_shared_copies_mask_phones_and_emails(everything: Workspace) -> None:
    share = everything.root / "output" / "chia_se"
    copies = sorted(p.name for p in share.iterdir())
    assert "tong_hop.xlsx" in copies
    assert "gui_phieu.xlsx" in copies
    for copy in share.iterdir():
        text = text_of(copy)
        assert not any(token in text for token in TOKENS), copy.name
    delegates = CalamineWorkbook.from_path(str(share / "tong_hop.xlsx"))
    rows = delegates.get_sheet_by_name(DELEGATES_SHEET).to_python()
    phone_col = rows[0].index(DELEGATE_COLUMNS["phone"])
    assert "09xx xxx 888" in [r[phone_col] for r in rows]  # An's corrected phone
    data = json.loads((share / "tong_hop.json").read_text(encoding="utf-8"))
    assert {d["email"] for d in data["delegates"]} >= {"a***@example.vn"}
    # only texts change: charts and every other part stay
    with (
        zipfile.ZipFile(everything.root / SUMMARY_XLSX) as a,
        zipfile.ZipFile(share / "tong_hop.xlsx") as b,
    ):
        assert a.namelist() == b.namelist()
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
    assert changed == {"xl/sharedStrings.xml"}


def test_chia_se_command(everything: Workspace) -> None:
    result = CliRunner().invoke(main, ["--root", str(everything.root), "chia-se"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Đã tạo 7 bản sao đã che dữ liệu cá nhân: output/chia_se/")


def test_chia_se_before_any_output(workspace: Workspace) -> None:
    result = CliRunner().invoke(main, ["--root", str(workspace.root), "chia-se"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Lỗi: Chưa có kết quả nào để chia sẻ trong output/. Hãy chạy `hoithao consolidate` trước.\n"
    )


@pytest.mark.parametrize("typed", ["", "bí-mật-123\n", "bí-mật-123\nkhác\n"])
def test_a_password_prompt_left_stops_the_run_and_says_so(
    workspace: Workspace, make_return: ReturnFactory, typed: str
) -> None:
    """Nothing typed (the input ends), or the confirmation not typed: stopped, not an error."""
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An", phone=PHONE)], unit_code="CS02")
    result = CliRunner().invoke(
        main,
        ["--root", str(workspace.root), "consolidate", "--no-progress", "--mat-khau"],
        input=typed,
    )
    assert result.exit_code == 1
    assert result.stderr.endswith("Đã dừng theo yêu cầu.\n")
    assert "không mong đợi" not in result.output
    assert not (workspace.root / SUMMARY_XLSX).exists()


def test_password_on_the_summary(workspace: Workspace, make_return: ReturnFactory) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An", phone=PHONE)], unit_code="CS02")
    result = CliRunner().invoke(
        main,
        ["--root", str(workspace.root), "consolidate", "--no-progress", "--mat-khau"],
        input="bí-mật-123\nbí-mật-123\n",
    )
    assert result.exit_code == 0, result.output
    assert "Đã đặt mật khẩu cho output/tong_hop.xlsx" in result.stdout
    encrypted = (workspace.root / SUMMARY_XLSX).read_bytes()
    office = msoffcrypto.OfficeFile(io.BytesIO(encrypted))
    assert office.is_encrypted()
    office.load_key(password="bí-mật-123")
    plain = io.BytesIO()
    office.decrypt(plain)
    plain.seek(0)
    book = CalamineWorkbook.from_filelike(plain)
    assert PHONE in str(book.get_sheet_by_name(DELEGATES_SHEET).to_python())
    assert not list(workspace.root.rglob(".~tmp-*"))
    # the masked copies skip what they cannot open, and say so
    share = CliRunner().invoke(main, ["--root", str(workspace.root), "chia-se"])
    assert "Lưu ý: Bỏ qua output/tong_hop.xlsx: tệp có mật khẩu" in share.stdout


def erase(ws: Workspace, *args: str, typed: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(ws.root), "xoa-du-lieu", *args], input=typed)
    return result.exit_code, result.output


def test_erase_removes_output_and_asks_before_staff_files(everything: Workspace) -> None:
    returns = sorted(everything.returns_dir.iterdir())
    code, out = erase(everything, typed="HT38\n")
    assert code == 0, out
    assert not everything.output_dir.exists()
    assert sorted(everything.returns_dir.iterdir()) == returns
    assert everything.checkin.exists()
    assert "Không xoá phiếu đăng ký và tệp điểm danh" in out

    code, out = erase(everything, typed="ht38-2022\n")
    assert code == 0, out
    assert "Đã xoá: 3 tệp phiếu đăng ký trong workbooks/phieu_dang_ky/, " in out
    assert list(everything.returns_dir.iterdir()) == []
    assert everything.returns_dir.is_dir()
    assert not everything.checkin.exists()
    assert everything.master.exists()
    record = (everything.root / RECORD_FILE).read_text(encoding="utf-8").splitlines()
    assert record[1] == "  Đã xoá: thư mục output/ (" + record[1].split("(")[1]
    stamp = datetime.strptime(record[0].split(" — ")[0], "%d/%m/%Y %H:%M:%S")
    assert stamp.year >= 2024
    assert "  Đã xoá: workbooks/diem_danh.xlsx" in record
    assert any(line.startswith("  Giữ lại: workbooks/hoi_thao.xlsx") for line in record)


def test_erase_left_at_its_question_keeps_staff_files(everything: Workspace) -> None:
    """Ctrl+C or the end of the input at the question: as Enter, nothing of staff's is erased,
    and the erasing of output/ is still recorded."""
    returns = sorted(everything.returns_dir.iterdir())
    code, out = erase(everything, typed="")
    assert code == 0, out
    assert not everything.output_dir.exists()
    assert sorted(everything.returns_dir.iterdir()) == returns
    assert everything.checkin.exists()
    assert "Không xoá phiếu đăng ký và tệp điểm danh" in out
    assert "không mong đợi" not in out
    assert (everything.root / RECORD_FILE).exists()


def test_erase_refuses_a_check_in_open_in_excel(everything: Workspace) -> None:
    (everything.checkin.parent / "~$diem_danh.xlsx").write_bytes(b"lock")
    code, out = erase(everything, "--ma", "HT38-2022")
    assert code == 1
    assert "workbooks/diem_danh.xlsx đang mở trong Excel" in out
    assert everything.checkin.exists()
