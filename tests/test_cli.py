"""The CLI foundation: help, exit codes 0/1/2, --root and HOITHAO_ROOT, --debug, init → forms."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import hoithao
from hoithao.cli import HELP_OPTION_TEXT, TIMINGS_ENV, main
from hoithao.forms.vocab import FORM_SHEET_IDENTITY, FORMS_MAILING_FILE, IDENTITY_KEYS
from hoithao.master.vocab import (
    INFO_ROWS,
    KIND_CHI_BO_CO_SO,
    KIND_DANG_BO_CO_SO,
    SHEET_INFO,
    SHEET_UNITS,
)
from hoithao.workspace import FORMS_OUT_DIR, MASTER_FILE, ROOT_ENV, Workspace

from .conftest import UNITS, ReturnFactory, build_master, form_row, tree_hashes, write_return

COMMANDS = sorted(main.commands)
DUPLICATE = [*UNITS, ("CS02", "Chi bộ Sở Tài chính", KIND_CHI_BO_CO_SO, "", "", "")]
DUPLICATE_MESSAGE = (
    'Lỗi: Sổ gốc workbooks/hoi_thao.xlsx: sheet "Đơn vị", dòng 10: mã đơn vị "CS02" bị trùng '
    "với dòng 3.\n"
)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    return CliRunner()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A workspace in a folder with a Vietnamese name, master from conftest, no template."""
    folder = tmp_path / "Hội thảo Quy Nhơn"
    build_master(folder / MASTER_FILE)
    return folder


# --- help and usage ----------------------------------------------------------------------------
def test_group_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "tự động hoá công tác tổ chức hội thảo" in result.output
    assert "Thư mục làm việc của hội thảo" in result.output
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_vietnamese_help(runner: CliRunner, name: str) -> None:
    result = runner.invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    doc = (main.commands[name].help or "").strip()
    assert doc, f"{name} has no help text"
    assert doc.split("\n")[0][:40] in result.output
    assert any(ch in doc for ch in "ạảãáàăâđêôơưệộ"), f"{name}: help is not Vietnamese"


@pytest.mark.parametrize("args", [[], *([name] for name in COMMANDS)])
def test_help_option_explains_itself_in_vietnamese(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert HELP_OPTION_TEXT in result.output
    assert "Show this message" not in result.output


def test_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["tong-hop-ngay"])
    assert result.exit_code == 2
    assert "tong-hop-ngay" in result.output


def test_init_without_directory_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(main, ["init"]).exit_code == 2


def test_nonexistent_root(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "không có"
    result = runner.invoke(main, ["--root", str(missing), "forms"])
    assert result.exit_code == 1
    assert result.stderr == f"Lỗi: Thư mục làm việc không tồn tại: {missing.resolve()}\n"


@pytest.mark.parametrize("name", [n for n in COMMANDS if n != "init"])
def test_every_command_reports_errors_through_run_safely(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    missing = tmp_path / "không có"
    result = runner.invoke(main, ["--root", str(missing), name])
    assert result.exit_code == 1
    assert result.stderr == f"Lỗi: Thư mục làm việc không tồn tại: {missing.resolve()}\n"


# --- forms on good and broken workspaces ---------------------------------------------------
def test_forms_with_root(runner: CliRunner, root: Path) -> None:
    before = tree_hashes(root / "workbooks")
    result = runner.invoke(main, ["--root", str(root), "forms"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "Đã tạo 4 phiếu đăng ký trong output/phieu_gui_don_vi.",
        "Bảng gửi thư: output/phieu_gui_don_vi/gui_phieu.xlsx",
    ]
    assert "Lưu ý: Không có mẫu phiếu templates/phieu_dang_ky.xlsx" in result.stdout
    assert len(list((root / FORMS_OUT_DIR).glob("CS0*.xlsx"))) == 4
    assert tree_hashes(root / "workbooks") == before


def test_forms_honours_hoithao_root(runner: CliRunner, root: Path) -> None:
    result = runner.invoke(main, ["forms"], env={ROOT_ENV: str(root)})
    assert result.exit_code == 0, result.output
    assert (root / FORMS_OUT_DIR / "CS01_Dang_bo_So_Y_te.xlsx").is_file()


def test_forms_in_the_current_folder(
    runner: CliRunner, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root)
    assert runner.invoke(main, ["forms"]).exit_code == 0
    assert (root / FORMS_MAILING_FILE).is_file()


def test_broken_master_exits_1_naming_sheet_row_and_value(runner: CliRunner, root: Path) -> None:
    build_master(root / MASTER_FILE, units=DUPLICATE)
    result = runner.invoke(main, ["--root", str(root), "forms"])
    assert result.exit_code == 1
    assert result.stderr == DUPLICATE_MESSAGE
    assert "Traceback" not in result.output
    assert not (root / FORMS_OUT_DIR).exists()


def test_debug_shows_the_traceback(runner: CliRunner, root: Path) -> None:
    build_master(root / MASTER_FILE, units=DUPLICATE)
    result = runner.invoke(main, ["--debug", "--root", str(root), "forms"])
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "MasterError" in result.stderr
    assert result.stderr.endswith(DUPLICATE_MESSAGE)


def test_missing_master(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--root", str(tmp_path), "forms"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Lỗi: Sổ gốc workbooks/hoi_thao.xlsx: không tìm thấy tệp. Tạo thư mục làm việc bằng lệnh "
        '"hoithao init" hoặc chép sổ gốc vào đúng chỗ.\n'
    )


def test_locked_output_exits_1(
    runner: CliRunner, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    result = runner.invoke(main, ["--root", str(root), "forms"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Lỗi: Không ghi được output/phieu_gui_don_vi/CS01_Dang_bo_So_Y_te.xlsx: tệp đang mở "
        "trong Excel hoặc chỉ cho phép đọc. Hãy đóng tệp rồi chạy lại; bản cũ vẫn được giữ "
        "nguyên.\n"
    )
    assert not [p for p in (root / FORMS_OUT_DIR).iterdir() if p.suffix == ".xlsx"]


# --- init, then forms --------------------------------------------------------------------------
def test_init_then_forms(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "Hội thảo mới Đắk Lắk"
    result = runner.invoke(main, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Đã tạo thư mục làm việc: {folder.resolve()}\n"
        "Tệp bấm đúp để chạy: tao_phieu.bat, tong_hop.bat, diem_danh.bat, trang_thai.bat.\n"
        "Bước tiếp theo: điền workbooks/hoi_thao.xlsx rồi chạy `hoithao forms`.\n"
    )
    # an empty master: the run says what to fill in
    for command in ("forms", "consolidate"):
        result = runner.invoke(main, ["--root", str(folder), command])
        assert result.exit_code == 1
        assert result.stderr == (
            "Lỗi: Sổ gốc workbooks/hoi_thao.xlsx chưa đủ thông tin để chạy: sheet “Thông tin” "
            "chưa điền “Tên hội thảo” (dòng 4), “Thời gian” (dòng 7), “Địa điểm” (dòng 8) ở cột "
            "“Giá trị”; sheet “Đơn vị” chưa có đơn vị nào (mỗi dòng một chi bộ, đảng bộ: "
            "Mã đơn vị, Tên đơn vị, Loại hình). Hãy điền rồi chạy lại.\n"
        )
    assert not list((folder / "output").glob("*.xlsx"))

    master = folder / MASTER_FILE
    book = openpyxl.load_workbook(master)
    info = book[SHEET_INFO]
    for row in info.iter_rows(min_row=3):
        filled = {
            "event_code": "HT-DL-2023",
            "title": "Hội thảo sinh hoạt chi bộ",
            "starts_at": "07:30 19/05/2023",
            "venue": "Hội trường Tỉnh ủy",
        }
        for key, value in filled.items():
            if row[0].value == INFO_ROWS[key]:
                row[1].value = value
    book[SHEET_UNITS].append(["CS01", "Chi bộ Sở Ngoại vụ", KIND_CHI_BO_CO_SO])
    book[SHEET_UNITS].append(["CS02", "Đảng bộ Sở Y tế", KIND_DANG_BO_CO_SO])
    book.save(master)
    before = tree_hashes(folder / "workbooks", folder / "templates")
    result = runner.invoke(main, ["--root", str(folder), "forms"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Đã tạo 2 phiếu đăng ký trong output/phieu_gui_don_vi."
    assert "Lưu ý: 2 đơn vị chưa có email trong sổ gốc: CS01, CS02." in result.stdout
    assert (
        "Lưu ý: Sổ gốc: “Hạn đăng ký” (dòng 10) để trống: phiếu đăng ký ghi “Hạn gửi phiếu: …”."
        in result.stdout
    )
    assert tree_hashes(folder / "workbooks", folder / "templates") == before
    form = openpyxl.load_workbook(folder / FORMS_OUT_DIR / "CS01_Chi_bo_So_Ngoai_vu.xlsx")
    identity = dict(form[FORM_SHEET_IDENTITY].values)
    assert identity[IDENTITY_KEYS["event_code"]] == "HT-DL-2023"

    again = runner.invoke(main, ["init", str(folder)])
    assert again.exit_code == 1
    assert again.stderr.startswith(f"Lỗi: Thư mục {folder.resolve()} đã có sổ gốc")


def test_init_on_a_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "tep.txt"
    target.write_text("x", encoding="utf-8")
    assert runner.invoke(main, ["init", str(target)]).exit_code == 2


def test_consolidate_twice_with_nothing_new_says_the_same_and_writes_nothing(
    runner: CliRunner, workspace: Workspace, make_return: ReturnFactory
) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    args = ["--root", str(workspace.root), "consolidate", "--no-progress"]
    env = {TIMINGS_ENV: "1"}
    first = runner.invoke(main, args, env=env)
    assert first.exit_code == 0, first.output
    hashes = tree_hashes(workspace.output_dir, workspace.checkin.parent)
    again = runner.invoke(main, args, env=env)
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout  # the same summary, word for word
    assert '"replayed": 1.0' in again.stderr
    assert tree_hashes(workspace.output_dir, workspace.checkin.parent) == hashes

    make_return("CS03.xlsx", [form_row(1, "Trần Thị Bình")], unit_code="CS03")  # a new return
    third = runner.invoke(main, args, env=env)
    assert third.exit_code == 0, third.output
    assert "replayed" not in third.stderr
    assert "1 thêm" in third.stdout


# --- the console command ends its process without tearing the interpreter down ------------------
def _hoithao(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(hoithao.__file__).parents[1])}
    env.pop(ROOT_ENV, None)
    return subprocess.run(  # (a bound on the wait, not a speed assertion)
        [sys.executable, "-m", "hoithao", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_the_command_exits_with_clicks_codes_and_all_its_output(tmp_path: Path) -> None:
    assert _hoithao("--help", cwd=tmp_path).returncode == 0
    usage = _hoithao("khong-co-lenh", cwd=tmp_path)
    assert usage.returncode == 2
    assert "khong-co-lenh" in usage.stderr
    missing = _hoithao("consolidate", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.startswith("Lỗi: ")


def test_a_run_of_the_command_writes_every_output_and_prints_its_summary(root: Path) -> None:
    ws = Workspace(root)
    write_return(ws.returns_dir / "CS01.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS01")
    done = _hoithao("consolidate", "--no-progress", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Tổng hợp phiếu đăng ký" in done.stdout
    for name in ("tong_hop.xlsx", "tong_hop.json"):
        assert (ws.output_dir / name).stat().st_size > 0
    json.loads((ws.output_dir / "tong_hop.json").read_text(encoding="utf-8"))
    openpyxl.load_workbook(ws.checkin).close()
    again = _hoithao("consolidate", "--no-progress", cwd=root)
    assert again.stdout == done.stdout  # replayed: the run's record was written whole
    assert again.stderr == done.stderr  # (no stale lock or temp file named)
    assert not list(root.rglob(".~tmp*"))
