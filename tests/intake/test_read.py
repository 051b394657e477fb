"""Finding returns and reading them: every format, Excel row numbers, skipped files, bad files."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from hoithao.intake import read
from hoithao.intake.read import RawWorkbook, UnreadableFileError, find_returns, read_workbook

CORPUS = Path("/work/shared/corpus")
SOFFICE = shutil.which("soffice") or (
    "/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else None
)


def make_xlsx(path: Path) -> Path:
    """Data from C4 on, title merged over C2:E2, a hidden and a very hidden sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Đăng ký"
    sheet["C2"] = "DANH SÁCH"
    sheet.merge_cells("C2:E2")
    sheet["C4"], sheet["D4"], sheet["E4"] = "STT", "Họ và tên", "Điện thoại"
    sheet["C5"], sheet["D5"], sheet["E5"] = 1, "Nguyễn Văn An", "0905123456"
    hidden = book.create_sheet("_hoithao")
    hidden.append(["ma_don_vi", "CS02"])
    hidden.sheet_state = "hidden"
    very = book.create_sheet("Ẩn hẳn")
    very["A1"] = "x"
    very.sheet_state = "veryHidden"
    book.save(path)
    return path


def cell(workbook: RawWorkbook, sheet: str, excel_row: int, excel_col: int) -> object:
    raw = workbook.sheet(sheet)
    assert raw is not None
    return raw.rows[excel_row - raw.first_row][excel_col - raw.first_col]


# --- find_returns -------------------------------------------------------------------------------
def test_find_returns_skips_and_sorts(tmp_path: Path) -> None:
    for name in [
        "b/CS02.xlsx",
        "a.csv",
        "CS01.XLSX",
        "c.ods",
        "d.xls",
        "e.xlsm",
        "f.xlsb",
        "~$CS02.xlsx",
        ".~lock.CS01.xlsx#",
        "thu.docx",
        "README",
        ".an/CS03.xlsx",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    returns, skipped = find_returns(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in returns] == [
        "CS01.XLSX",
        "a.csv",
        "b/CS02.xlsx",
        "c.ods",
        "d.xls",
        "e.xlsm",
        "f.xlsb",
    ]
    reasons = {s.path.relative_to(tmp_path).as_posix(): s.reason for s in skipped}
    assert reasons == {
        ".an/CS03.xlsx": "tệp nằm trong thư mục ẩn",
        ".~lock.CS01.xlsx#": "tệp ẩn",
        "README": "không phải bảng tính (không có đuôi tệp)",
        "thu.docx": "không phải bảng tính (.docx)",
        "~$CS02.xlsx": "tệp tạm của Excel (~$…)",
    }


def test_find_returns_missing_folder(tmp_path: Path) -> None:
    assert find_returns(tmp_path / "không có") == ([], [])


# --- spreadsheets -------------------------------------------------------------------------------
def test_xlsx_keeps_excel_row_numbers_and_visibility(tmp_path: Path) -> None:
    workbook = read_workbook(make_xlsx(tmp_path / "CS02.xlsx"))
    assert [(s.name, s.visible) for s in workbook.sheets] == [
        ("Đăng ký", True),
        ("_hoithao", False),
        ("Ẩn hẳn", False),
    ]
    sheet = workbook.sheets[0]
    assert (sheet.first_row, sheet.first_col) == (2, 3)
    assert cell(workbook, "Đăng ký", 4, 4) == "Họ và tên"
    assert cell(workbook, "Đăng ký", 5, 4) == "Nguyễn Văn An"
    assert cell(workbook, "Đăng ký", 5, 3) == 1
    assert sheet.excel_row(3) == 5
    assert sheet.merged == [(0, 0, 0, 2)]  # C2:E2, as indexes into rows
    assert isinstance(workbook.modified, datetime)


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "CS02.xlsx").rename(tmp_path / "CS02.xlsm")
    assert cell(read_workbook(path), "Đăng ký", 5, 4) == "Nguyễn Văn An"


def test_row_and_column_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_ROWS", 3)
    monkeypatch.setattr(read, "MAX_COLS", 2)
    book = openpyxl.Workbook()
    for n in range(10):
        book.active.append([n, "a", "b", "c"])
    book.save(tmp_path / "lon.xlsx")
    workbook = read_workbook(tmp_path / "lon.xlsx")
    assert workbook.sheets[0].rows == [[0, "a"], [1, "a"], [2, "a"]]
    assert len(workbook.notes) == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 not really a zip", "hỏng"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "hỏng"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "HTML"),
        (b"", "rỗng"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, reason: str) -> None:
    suffix = ".xls" if b"html" in content or content.startswith(b"\xd0") else ".xlsx"
    path = tmp_path / f"hong{suffix}"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=reason):
        read_workbook(path)


@pytest.mark.parametrize("suffix", [".xls", ".csv"])
def test_xlsx_renamed_is_still_read(tmp_path: Path, suffix: str) -> None:
    path = make_xlsx(tmp_path / "a.xlsx").rename(tmp_path / f"a{suffix}")
    assert cell(read_workbook(path), "Đăng ký", 5, 4) == "Nguyễn Văn An"


@pytest.mark.parametrize("name", ["python-calamine/password.xlsx", "calamine/pass_protected.ods"])
def test_encrypted_files_say_password(name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not available")
    with pytest.raises(UnreadableFileError, match="mật khẩu"):
        read_workbook(path)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The xlsx above as .ods and .xls, converted by LibreOffice."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo")
    source = make_xlsx(folder / "CS02.xlsx")
    profile = folder / "profile"
    out = {}
    for suffix, filter_name in (("ods", "ods"), ("xls", "xls:MS Excel 97")):
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                filter_name,
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        out[suffix] = folder / f"CS02.{suffix}"
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", ["ods", "xls"])
def test_ods_and_xls(converted: dict[str, Path], suffix: str) -> None:
    workbook = read_workbook(converted[suffix])
    assert cell(workbook, "Đăng ký", 4, 4) == "Họ và tên"
    assert cell(workbook, "Đăng ký", 5, 4) == "Nguyễn Văn An"
    assert [s.visible for s in workbook.sheets] == [True, False, False]


def test_corpus_vietnamese_files_read_or_rejected() -> None:
    folder = CORPUS / "vietnamese"
    if not folder.is_dir():
        pytest.skip("corpus not available")
    paths, _skipped = find_returns(folder)
    assert paths
    reasons = []
    for path in paths:
        try:
            read_workbook(path)
        except UnreadableFileError as exc:
            reasons.append(str(exc))
    assert all(reasons)


# --- CSV ----------------------------------------------------------------------------------------
ROWS = [["STT", "Họ và tên", "Ghi chú"], ["1", "Nguyễn Thị Hằng", "a, b; c"]]


def _csv(rows: list[list[str]], delimiter: str) -> str:
    def quote(value: str) -> str:
        return f'"{value}"' if any(ch in value for ch in ",;\t\n") else value

    return "\r\n".join(delimiter.join(quote(v) for v in row) for row in rows) + "\r\n"


def cp1258(text: str) -> bytes:
    """Encode as Windows does for Vietnamese: â ă ê ô ơ ư precomposed, tones as combining marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for mark in marks:
            joined = unicodedata.normalize("NFC", base + mark)
            if joined.encode("cp1258", "replace") != b"?":
                base, marks = joined, [m for m in marks if m != mark]
                break
        out += (base + "".join(marks)).encode("cp1258")
    return out


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ";"), ("utf-8", "\t"), ("utf-16", "\t"), ("cp1258", ";")],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = tmp_path / "CS04.csv"
    text = _csv(ROWS, delimiter)
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    workbook = read_workbook(path)
    [sheet] = workbook.sheets
    assert sheet.rows == ROWS
    assert (sheet.first_row, sheet.first_col, sheet.visible) == (1, 1, True)


def test_csv_legacy_bytes_are_kept_for_the_converter(tmp_path: Path) -> None:
    legacy = "NguyÔn V¨n Hïng"  # TCVN3 typing, as Excel shows it with a Unicode font
    path = tmp_path / "CS01.csv"
    path.write_bytes(_csv([["Họ tên", "SĐT"], [legacy, "0905"]], ",").encode("cp1252", "replace"))
    [sheet] = read_workbook(path).sheets
    assert sheet.rows[1] == [legacy, "0905"]


def test_csv_quoted_newline_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('\nHọ tên,Ghi chú\n"Lê Văn A","dòng 1\ndòng 2"\n', encoding="utf-8")
    [sheet] = read_workbook(path).sheets
    assert sheet.rows == [[], ["Họ tên", "Ghi chú"], ["Lê Văn A", "dòng 1\ndòng 2"]]


@pytest.mark.parametrize(
    ("name", "visible"),
    [
        ("calamine/any_sheets.xlsx", [True, False, False]),
        ("calamine/any_sheets.xls", [True, False, False]),
        ("calamine/any_sheets.ods", [True, False, False, True]),
        ("calamine/issue_666_panic.xlsb", [True]),
        ("vietnamese/payroll_xlsx_named_as.xls", [True]),
    ],
)
def test_corpus_formats_and_visibility(name: str, visible: list[bool]) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not available")
    assert [s.visible for s in read_workbook(path).sheets] == visible


def test_calamine_panic_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class PanicException(BaseException):  # what pyo3 raises for a Rust panic
        pass

    def panic(checked: object, modified: datetime, skip: object) -> RawWorkbook:
        raise PanicException("index out of bounds")

    monkeypatch.setattr(read, "_calamine_workbook", panic)
    with pytest.raises(UnreadableFileError, match="hỏng"):
        read_workbook(make_xlsx(tmp_path / "a.xlsx"))
