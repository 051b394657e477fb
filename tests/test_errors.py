"""Every OS error on writing: the documented Vietnamese message, exit 1, nothing half-written,
no English library text in what users read (it goes to the log's technical column)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from python_calamine import CalamineWorkbook
from xlsxwriter.exceptions import FileCreateError

from hoithao.cli import main
from hoithao.errors import os_reason, write_error
from hoithao.outputs.vocab import LOG_COLUMNS, LOG_SHEET
from hoithao.run import run
from hoithao.workspace import RETURNS_DIR, SUMMARY_JSON, SUMMARY_XLSX, Workspace
from hoithao.xlsx.edit import XlsxPackage

from .conftest import TODAY, ReturnFactory, form_row

ENGLISH = ("Errno", "No space", "Permission denied", "FileExistsError", "Read-only", "OSError")


@pytest.fixture
def consolidated(workspace: Workspace, make_return: ReturnFactory) -> Workspace:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    run(workspace, today=TODAY)
    return workspace


def consolidate(ws: Workspace) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(ws.root), "consolidate", "--no-progress"])
    assert not any(word in result.output for word in ENGLISH), result.output
    return result.exit_code, result.output


def temp_files(ws: Workspace) -> list[Path]:
    return list(ws.root.rglob(".~tmp-*"))


class FullDisk:
    """A file handle on a full disk: the first write fails like the OS does."""

    def __init__(self, fd: int, *args: object) -> None:
        os.close(fd)

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_while_writing_the_json(
    consolidated: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = consolidated.root / SUMMARY_JSON
    before = target.read_bytes()
    monkeypatch.setattr("hoithao.xlsx.output.os.fdopen", FullDisk)
    code, output = consolidate(consolidated)
    assert code == 1
    assert output.strip() == (
        "Lỗi: Không ghi được output/tong_hop.json: ổ đĩa đã đầy. Hãy giải phóng dung lượng ổ đĩa "
        "rồi chạy lại; bản cũ (nếu có) vẫn được giữ nguyên."
    )
    assert target.read_bytes() == before
    assert temp_files(consolidated) == []


def test_output_is_a_plain_file(consolidated: Workspace) -> None:
    shutil.rmtree(consolidated.output_dir)
    consolidated.output_dir.write_text("không phải thư mục", encoding="utf-8")
    code, output = consolidate(consolidated)
    assert code == 1
    assert "là một tệp chứ không phải thư mục" in output
    assert "Hãy đổi tên hoặc xoá tệp output rồi chạy lại" in output


def test_a_folder_where_a_file_should_be(consolidated: Workspace) -> None:
    target = consolidated.root / SUMMARY_JSON
    target.unlink()
    target.mkdir()
    code, output = consolidate(consolidated)
    assert code == 1
    assert "Lỗi: Không ghi được output/tong_hop.json: ở vị trí này đang có một thư mục" in output
    assert temp_files(consolidated) == []


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EROFS, "ổ đĩa chỉ cho phép đọc"),
        (errno.EACCES, "không có quyền truy cập"),
        (errno.ENOSPC, "ổ đĩa đã đầy"),
    ],
)
def test_check_in_append_failures_keep_the_workbook(
    consolidated: Workspace,
    make_return: ReturnFactory,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    words: str,
) -> None:
    before = consolidated.checkin.read_bytes()
    make_return("CS04.xlsx", [form_row(1, "Võ Thị Ưng", gender="Nữ")], unit_code="CS04")

    def fails(self: object, target: Path) -> None:
        target.write_bytes(b"PK\x03\x04")  # the first bytes went out, then the OS refused
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(XlsxPackage, "save", fails)
    exit_code, output = consolidate(consolidated)
    assert exit_code == 1
    assert f"Lỗi: Không ghi được workbooks/diem_danh.xlsx: {words}" in output
    assert consolidated.checkin.read_bytes() == before
    assert temp_files(consolidated) == []


def test_xlsxwriter_wrapped_errors_are_worded_too(
    consolidated: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def close(self: object) -> None:
        raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(xlsxwriter.Workbook, "close", close)
    code, output = consolidate(consolidated)
    assert code == 1
    assert "Lỗi: Không ghi được output/tong_hop.xlsx: ổ đĩa đã đầy." in output


def test_every_errno_has_vietnamese_words() -> None:
    for code in (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EISDIR, errno.ENOTDIR, 9999):
        reason = os_reason(OSError(code, "English words"))
        assert "English" not in reason
    message = str(write_error(PermissionError(errno.EPERM, "x"), "output/a.xlsx"))
    assert message.startswith("Không ghi được output/a.xlsx: không có quyền truy cập")


def broken_files(folder: Path, good: Path) -> None:
    (folder / "CS03.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # "not a zip file"
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # a flipped byte: "Bad CRC-32"
    (folder / "CS04.xlsx").write_bytes(bytes(data))


def test_unreadable_returns_are_worded_in_vietnamese_only(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    good = make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    broken_files(workspace.returns_dir, good)
    run(workspace, today=TODAY)
    summary = json.loads((workspace.root / SUMMARY_JSON).read_text(encoding="utf-8"))
    f01 = [i["message"] for i in summary["issues"] if i["code"] == "F01"]
    assert len(f01) == 2
    for message in f01:
        assert message.startswith("Không đọc được tệp: tệp bị hỏng")
        assert not any(w in message for w in ("zip file", "CRC", "seek", "Error"))
    book = CalamineWorkbook.from_path(str(workspace.root / SUMMARY_XLSX))
    log = book.get_sheet_by_name(LOG_SHEET).to_python()
    assert log[0][-1] == LOG_COLUMNS["technical"]
    technical = {row[0]: row[-1] for row in log[1:]}
    assert "zip" in technical[f"{RETURNS_DIR}/CS03.xlsx"].lower()
    assert technical[f"{RETURNS_DIR}/CS04.xlsx"]
    assert technical[f"{RETURNS_DIR}/CS02.xlsx"] == ""
