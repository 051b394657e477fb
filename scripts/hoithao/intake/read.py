"""Find the returned files and read one of them into plain rows, whatever its format.

Every spreadsheet format goes through python-calamine (fast, no formulas evaluated, no macros);
CSV through the csv module. Row numbers are kept as Excel shows them, so every issue can cite
`file!row` the way the unit sees its own file.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hoithao.errors import os_reason, technical
from hoithao.intake.extent import ENCRYPTED
from hoithao.intake.raw import (
    MAX_COLS,
    MAX_ROWS,
    RawSheet,
    RawWorkbook,
    Skipped,
    UnreadableFileError,
)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
CSV_SUFFIXES = (".csv",)
WORD_SUFFIXES = (".docx",)
# files that hold returns: a zip (one level) or a saved e-mail whose attachments are returns
CONTAINER_SUFFIXES = (".zip", ".eml")
_ASK_FOR_FORM = "đề nghị đơn vị gửi lại phiếu đăng ký bằng tệp Excel (.xlsx) hoặc Word (.docx)"
_PICTURE = f"tệp ảnh chụp không đọc được danh sách: {_ASK_FOR_FORM}"
# what units send that cannot be read: each is F01 with a message saying what to send instead
UNREADABLE_SHAPES = {
    ".pdf": f"tệp PDF (bản quét hoặc bản in) không đọc được danh sách: {_ASK_FOR_FORM}",
    ".doc": (
        "tệp Word đời cũ (.doc) không đọc được: đề nghị đơn vị mở tệp bằng Word, chọn Lưu thành "
        "(Save As) dạng .docx rồi gửi lại, hoặc gửi phiếu Excel (.xlsx)"
    ),
    **dict.fromkeys(
        (".odt", ".rtf", ".pages", ".wps"),
        "tệp văn bản dạng này không đọc được: đề nghị đơn vị lưu lại dạng Word (.docx) hoặc gửi "
        "phiếu Excel (.xlsx)",
    ),
    ".rar": (
        "tệp nén .rar không mở được: đề nghị đơn vị gửi trực tiếp các tệp phiếu đăng ký "
        "(Excel hoặc Word) hoặc nén dạng .zip"
    ),
    ".7z": (
        "tệp nén .7z không mở được: đề nghị đơn vị gửi trực tiếp các tệp phiếu đăng ký "
        "(Excel hoặc Word) hoặc nén dạng .zip"
    ),
    ".msg": (
        "thư Outlook (.msg) không đọc được: hãy lưu thư dạng .eml, hoặc lưu riêng tệp phiếu đăng "
        "ký đính kèm (Excel hoặc Word) vào thư mục phiếu"
    ),
    **dict.fromkeys(
        (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".webp"), _PICTURE
    ),
}
RETURN_SUFFIXES = (
    SPREADSHEET_SUFFIXES + CSV_SUFFIXES + WORD_SUFFIXES + CONTAINER_SUFFIXES
) + tuple(UNREADABLE_SHAPES)
CSV_DELIMITERS = ",;\t"

CORRUPT = "tệp bị hỏng hoặc không đúng định dạng"


# --- finding returns ----------------------------------------------------------------------------
def _is_hidden(path: Path) -> bool:
    if path.name.startswith("."):
        return True
    if os.name != "nt":  # only Windows files carry the hidden attribute
        return False
    try:
        attributes = getattr(path.stat(), "st_file_attributes", 0)  # Windows only
    except OSError:
        return False
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _skip_reason(path: Path, relative: str) -> str | None:
    if path.name.startswith("~$"):
        return "tệp tạm của Excel (~$…)"
    if _is_hidden(path):
        return "tệp ẩn"
    if any(part.startswith(".") for part in relative.split("/")[:-1]):
        return "tệp nằm trong thư mục ẩn"
    suffix = path.suffix.lower()
    if suffix not in RETURN_SUFFIXES:
        return f"không phải phiếu đăng ký ({suffix or 'không có đuôi tệp'})"
    return None


def find_returns(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """Every file below `folder` (recursive, sorted by relative path): returns and skipped files."""
    if not folder.is_dir():
        return [], []
    found: list[tuple[str, Path]] = []  # (relative path with "/", path): pathlib once a folder
    for root, _dirs, names in os.walk(folder):
        base = Path(root)
        prefix = base.relative_to(folder).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        found.extend((prefix + name, base / name) for name in names)
    returns: list[Path] = []
    skipped: list[Skipped] = []
    for relative, path in sorted(found, key=lambda item: item[0]):
        reason = _skip_reason(path, relative)
        if reason is None:
            returns.append(path)
        else:
            skipped.append(Skipped(path, reason))
    return returns, skipped


# --- reading one file ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckedFile:
    """A file the guard let through, and the bytes it checked (None when too big to hold):
    parsing those bytes, not the file again, never parses a file swapped after the check.

    A member of a container (zip, e-mail) has only its bytes: `path` is then its name, never
    opened, and `modified` its date inside the container."""

    path: Path
    data: bytes | None
    modified: datetime | None = None
    hints: tuple[str, ...] = ()
    recorded: datetime | None = None  # an attachment's e-mail Date: a saved time (DESIGN §9)
    # properties.saved_time(data), when the guard read it in its pass (`dated`)
    dated: bool = False
    saved: datetime | None = None

    @property
    def is_member(self) -> bool:
        return self.modified is not None


def check_return(path: Path, *, skip_sheets: Collection[str] = ()) -> CheckedFile:
    """The guard's verdict (UnreadableFileError when the file must not be parsed)."""
    from hoithao.intake import guard

    unreadable = UNREADABLE_SHAPES.get(path.suffix.lower())
    if unreadable:
        raise UnreadableFileError(unreadable)
    try:
        data, dated, saved = guard.check_read_and_date(path, unread_sheets=skip_sheets)
    except guard.UnsafeFileError as exc:
        raise UnreadableFileError(str(exc), exc.technical) from exc
    return CheckedFile(path, data, dated=dated, saved=saved)


def check_member(
    name: Path,
    data: bytes,
    modified: datetime,
    *,
    hints: tuple[str, ...] = (),
    recorded: datetime | None = None,
    skip_sheets: Collection[str] = (),
) -> CheckedFile:
    """check_return for a container member: the same limits, on its bytes."""
    from hoithao.intake import guard

    unreadable = UNREADABLE_SHAPES.get(name.suffix.lower())
    if unreadable:
        raise UnreadableFileError(unreadable)
    try:
        guard.check_bytes(data, name.suffix.lower(), unread_sheets=skip_sheets)
    except guard.UnsafeFileError as exc:
        raise UnreadableFileError(str(exc), exc.technical) from exc
    return CheckedFile(name, data, modified, hints, recorded)


def parse_return(checked: CheckedFile, *, skip_sheets: Collection[str] = ()) -> RawWorkbook:
    """The checked file's sheets as values; UnreadableFileError when they cannot be read."""
    workbook = _parse(checked, skip_sheets)
    workbook.hints = checked.hints
    return workbook


def _parse(checked: CheckedFile, skip_sheets: Collection[str]) -> RawWorkbook:
    path = checked.path
    if checked.modified is not None:
        modified = checked.modified
    else:
        try:
            modified = datetime.fromtimestamp(path.stat().st_mtime)
        except OSError as exc:
            raise UnreadableFileError(
                f"không mở được tệp ({os_reason(exc)})", technical(exc)
            ) from exc
    suffix = path.suffix.lower()
    if suffix in UNREADABLE_SHAPES:
        raise UnreadableFileError(UNREADABLE_SHAPES[suffix])
    if suffix in WORD_SUFFIXES:
        from hoithao.intake.read_docx import read_docx

        data = checked.data if checked.data is not None else _read_bytes(path)
        return read_docx(data, path, modified)
    if suffix in CSV_SUFFIXES and not _is_binary(checked):
        data = checked.data if checked.data is not None else _read_bytes(path)
        return _read_csv(path, data, modified)
    if suffix in SPREADSHEET_SUFFIXES or suffix in CSV_SUFFIXES:
        return _read_calamine(checked, modified, skip_sheets)
    raise UnreadableFileError(f"định dạng {suffix or '(không có đuôi)'} không được hỗ trợ")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(f"không mở được tệp ({os_reason(exc)})", technical(exc)) from exc


def read_workbook(path: Path, *, skip_sheets: Collection[str] = ()) -> RawWorkbook:
    """All sheets of one return as values; UnreadableFileError for anything that cannot be read.

    Sheets named in `skip_sheets` are left unparsed (the form's guide and lists: ~1/3 of a form).
    """
    return parse_return(check_return(path, skip_sheets=skip_sheets), skip_sheets=skip_sheets)


def _is_binary(checked: CheckedFile) -> bool:
    """An Excel file saved with a .csv name (zip or OLE container), read as a workbook."""
    if checked.data is not None:
        head = checked.data[:8]
    else:
        try:
            with checked.path.open("rb") as handle:
                head = handle.read(8)
        except OSError:
            return False
    return head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))


# Suffixes whose zip content calamine reads the same way from bytes as from the path; from the
# bytes the guard checked it is faster (no re-reading the file) and parses exactly what was checked.
BYTES_SUFFIXES = (".xlsx", ".xlsm")


def _open_calamine(checked: CheckedFile):  # -> CalamineWorkbook, imported lazily
    from python_calamine import CalamineWorkbook, PasswordError

    path, data = checked.path, checked.data
    if checked.is_member:  # only the bytes exist: calamine recognises the format by content
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(data or b""))
        except PasswordError as exc:
            raise UnreadableFileError(ENCRYPTED) from exc
        except Exception as exc:
            raise UnreadableFileError(CORRUPT) from exc
    if data is not None and path.suffix.lower() in BYTES_SUFFIXES and data[:4] == b"PK\x03\x04":
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(data))
        except PasswordError as exc:
            raise UnreadableFileError(ENCRYPTED) from exc
        except Exception:  # the file then goes the usual way, which words the failure
            pass
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise UnreadableFileError(ENCRYPTED) from exc
    except Exception:  # calamine picks the parser by suffix: retry by content (.xls that is xlsx)
        pass
    try:
        with path.open("rb") as handle:
            return CalamineWorkbook.from_filelike(handle)
    except PasswordError as exc:
        raise UnreadableFileError(ENCRYPTED) from exc
    except Exception as exc:
        raise UnreadableFileError(_corrupt_reason(path), technical(exc)) from exc


def _corrupt_reason(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip().lower()
    except OSError:
        return CORRUPT
    if head.startswith((b"<!doctype html", b"<html", b"<table")):
        return (
            f"{CORRUPT} (tệp là trang web HTML đổi đuôi; hãy mở bằng Excel và lưu lại dạng .xlsx)"
        )
    return CORRUPT


def _read_calamine(checked: CheckedFile, modified: datetime, skip: Collection[str]) -> RawWorkbook:
    try:
        return _calamine_workbook(checked, modified, skip)
    except BaseException as exc:
        # pyo3 turns a Rust panic inside calamine into PanicException, a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise UnreadableFileError(CORRUPT, technical(exc)) from exc


def _calamine_workbook(
    checked: CheckedFile, modified: datetime, skip: Collection[str]
) -> RawWorkbook:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    book = _open_calamine(checked)
    sheets: list[RawSheet] = []
    notes: list[str] = []
    try:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.name in skip:
                continue
            try:
                sheet = book.get_sheet_by_name(meta.name)
                # skip_empty_area drops leading empty rows and columns; `start` says how many
                values = sheet.to_python(skip_empty_area=True, nrows=MAX_ROWS + 1)
                start = sheet.start or (0, 0)
                merged = sheet.merged_cell_ranges or []
            except Exception:  # one broken sheet (chart, dialog, odd record) spoils no other
                notes.append(f"Sheet “{meta.name}”: không đọc được, đã bỏ qua.")
                continue
            sheets.append(
                _raw_sheet(
                    meta.name,
                    values,
                    visible=meta.visible == SheetVisibleEnum.Visible,
                    start=start,
                    merged=merged,
                    notes=notes,
                )
            )
    finally:
        book.close()
    return RawWorkbook(checked.path, modified, sheets, notes)


def _raw_sheet(
    name: str,
    values: list[list[object]],
    *,
    visible: bool,
    start: tuple[int, int],
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    notes: list[str],
) -> RawSheet:
    if len(values) > MAX_ROWS:
        values = values[:MAX_ROWS]
        notes.append(f"Sheet “{name}”: chỉ đọc {MAX_ROWS} dòng đầu.")
    rows = values  # calamine's lists are fresh: used as they are unless too wide
    if values and max(map(len, values)) > MAX_COLS:
        notes.append(f"Sheet “{name}”: chỉ đọc {MAX_COLS} cột đầu.")
        rows = [row[:MAX_COLS] for row in values]
    top, left = start
    areas = []
    for (r0, c0), (r1, c1) in merged:
        if r1 >= top and c1 >= left and r0 - top < len(rows) and c0 - left < MAX_COLS:
            areas.append((max(r0 - top, 0), max(c0 - left, 0), r1 - top, c1 - left))
    return RawSheet(name, rows, visible, top + 1, left + 1, areas)


# --- CSV ----------------------------------------------------------------------------------------
def _decode(data: bytes) -> str | None:
    """UTF-8 (BOM or not), UTF-16 with BOM; None for the Windows code page a Vietnamese PC uses,
    which is decoded field by field (vn.codepage)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in CSV_DELIMITERS}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _read_csv(path: Path, data: bytes, modified: datetime) -> RawWorkbook:
    decoded = _decode(data)
    # a code page: every byte kept as one character (latin-1) until the fields are split
    text = (decoded if decoded is not None else data.decode("latin-1")).replace("\x00", "")
    notes: list[str] = []
    rows: list[list[object]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text)):
            if len(rows) == MAX_ROWS:
                notes.append(f"Chỉ đọc {MAX_ROWS} dòng đầu.")
                break
            rows.append(list(record[:MAX_COLS]))
    except csv.Error as exc:
        raise UnreadableFileError(CORRUPT, technical(exc)) from exc
    if decoded is None:
        from hoithao.vn.codepage import decode_fields

        fields = decode_fields([str(v).encode("latin-1") for row in rows for v in row])
        it = iter(fields)
        rows = [[next(it) for _ in row] for row in rows]
    return RawWorkbook(path, modified, [RawSheet(path.stem, rows)], notes)
