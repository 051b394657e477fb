"""The one xlsxwriter factory: safe options, cached formats, text-only user strings, atomic save.

Every xlsx the tool writes goes through `XlsxOutput`, so that no user string becomes a formula
or a live link, every file is replaced atomically, and a file open in Excel gives a clear message.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from hoithao.errors import LockedOutputError, write_error
from hoithao.workspace import TEMP_PREFIX
from hoithao.xlsx import fastrows, packaging

FONT = "Times New Roman"
# Excel's limit for one cell; longer user text is cut with a marker instead of failing.
MAX_CELL_CHARS = 32767

STYLES: dict[str, dict[str, Any]] = {
    "text": {"num_format": "@", "valign": "top"},
    "wrap": {"num_format": "@", "valign": "top", "text_wrap": True},
    "header": {
        "bold": True,
        "text_wrap": True,
        "align": "center",
        "valign": "vcenter",
        "border": 1,
        "bg_color": "#D9E1F2",
    },
    "title": {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"},
    "subtitle": {"italic": True, "align": "center"},
    "bold": {"bold": True},
    "int": {"num_format": "#,##0", "valign": "top"},
    "money": {"num_format": "#,##0", "valign": "top"},
    "money_bold": {"num_format": "#,##0", "bold": True},
    "pct": {"num_format": "0.0%", "valign": "top"},
    "date": {"num_format": "dd/mm/yyyy", "valign": "top", "align": "left"},
    "datetime": {"num_format": "dd/mm/yyyy hh:mm", "valign": "top", "align": "left"},
    "cell": {"border": 1, "valign": "top", "text_wrap": True, "num_format": "@"},
    "cell_center": {"border": 1, "valign": "top", "align": "center", "num_format": "@"},
    "cell_int": {"border": 1, "valign": "top", "num_format": "#,##0"},
    "error": {"font_color": "#9C0006", "bg_color": "#FFC7CE", "num_format": "@"},
    "warning": {"font_color": "#9C5700", "bg_color": "#FFEB9C", "num_format": "@"},
    "info": {"font_color": "#1F4E78", "num_format": "@"},
}

_FIXED_CREATED = datetime(2022, 1, 1)
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _clean_text(value: str) -> str:
    if len(value) > MAX_CELL_CHARS:
        return value[: MAX_CELL_CHARS - 1] + "…"
    return value


class _Workbook(xlsxwriter.Workbook):
    def _get_packager(self) -> packaging.FastPackager:  # xlsxwriter's hook for this
        return packaging.FastPackager()

    def _store_workbook(self) -> None:
        with packaging.quick_zip():
            super()._store_workbook()


class XlsxOutput:
    """Context manager around an xlsxwriter Workbook written to a temp file, then renamed."""

    def __init__(
        self,
        path: Path,
        *,
        display_path: str | None = None,
        title: str = "",
        keywords: str = "",
    ) -> None:
        self.path = Path(path)
        self.display_path = display_path or self.path.name
        self._title = title
        self._keywords = keywords  # document property; feedback.py keeps a content digest there
        self._formats: dict[tuple[str, ...], Format] = {}
        self._tmp: Path | None = None
        self._buffer = io.BytesIO()
        self.book: xlsxwriter.Workbook

    def __enter__(self) -> XlsxOutput:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = new_temp_file(self.path.parent, ".xlsx")
        except OSError as exc:
            raise write_error(exc, self.display_path, self.path) from exc
        try:
            os.close(fd)
        except BaseException:  # (__exit__ is not called when __enter__ fails)
            self._tmp.unlink(missing_ok=True)
            raise
        # the zip is built in memory and written in one go: a zip written straight to a file
        # costs a seek and a flush per part, which dominates a small workbook
        self._buffer = io.BytesIO()
        self.book = _Workbook(
            self._buffer,
            {
                # no temp folder of XML parts: 4× cheaper per workbook, and our outputs are small
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_date_format": "dd/mm/yyyy",
            },
        )
        properties: dict[str, Any] = {
            "title": self._title,
            "author": "hoithao",
            "created": _FIXED_CREATED,
        }
        if self._keywords:
            properties["keywords"] = self._keywords
        self.book.set_properties(properties)
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        assert self._tmp is not None
        try:
            if exc_type is None:
                try:
                    self.book.close()
                    self._tmp.write_bytes(self._buffer.getbuffer())  # (no copy)
                except OSError as err:
                    raise write_error(err, self.display_path, self.path) from err
                except FileCreateError as err:  # xlsxwriter's wrapper of an OSError
                    cause = err.args[0] if err.args else None
                    if not isinstance(cause, OSError):
                        cause = OSError(0, "")
                    raise write_error(cause, self.display_path, self.path) from err
                replace_atomically(self._tmp, self.path, self.display_path)
        finally:
            with contextlib.suppress(OSError):
                self._tmp.unlink(missing_ok=True)

    # --- formats ---------------------------------------------------------------------------
    def fmt(self, *names: str, **extra: Any) -> Format:
        """One cached Format per combination of named styles (plus extra properties)."""
        key = names + tuple(f"{k}={v}" for k, v in sorted(extra.items())) if extra else names
        found = self._formats.get(key)
        if found is None:  # (asked for every cell of a big sheet: the lookup comes first)
            props: dict[str, Any] = {"font_name": FONT, "font_size": 12}
            for name in names:
                props.update(STYLES[name])
            props.update(extra)
            found = self._formats[key] = self.book.add_format(props)
        return found

    def sheet(self, name: str) -> Worksheet:
        ws = self.book.add_worksheet(name[:31])
        fastrows.install(ws)
        return ws

    # --- cells -------------------------------------------------------------------------------
    def write(
        self, ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None
    ) -> None:
        """Write a value by its Python type; every string is written as text, never a formula."""
        if value.__class__ is str and value:  # the common case first
            self.write_text(ws, row, col, value, fmt)
        elif value is None or value == "":
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt or self.fmt())
        elif isinstance(value, (int, float)):
            # xlsxwriter's default format is Calibri 11: numbers would print in another font
            ws.write_number(row, col, value, fmt or self.fmt())
        elif isinstance(value, (datetime, date, time)):
            ws.write_datetime(row, col, value, fmt or self.fmt("date"))
        else:
            self.write_text(ws, row, col, str(value), fmt)

    def write_text(
        self, ws: Worksheet, row: int, col: int, text: str, fmt: Format | None = None
    ) -> None:
        text = _clean_text(text)
        if text.startswith("<r>") and text.endswith("</r>"):
            # xlsxwriter copies such a string into the file as raw rich-text XML: a unit's
            # "<r>a&b</r>" would make the workbook unreadable. Two plain runs keep it text.
            ws.write_rich_string(row, col, text[:1], self.fmt(), text[1:], fmt or self.fmt("text"))
        else:
            ws.write_string(row, col, text, fmt or self.fmt("text"))

    def write_row(
        self,
        ws: Worksheet,
        row: int,
        values: Sequence[Any],
        fmt: Format | None = None,
        col: int = 0,
    ) -> None:
        formats = [fmt] * len(values)
        fastrows.put_row(self, ws, row, values, formats, formats, col)

    def write_table(
        self,
        ws: Worksheet,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        first_row: int = 0,
        widths: Sequence[float] | None = None,
        autofilter: bool = True,
        cell_fmt: Format | None = None,
    ) -> int:
        """A plain list: one header row, then data; returns the number of data rows."""
        header_fmt = self.fmt("header")
        for col, header in enumerate(headers):
            ws.write_string(first_row, col, header, header_fmt)
        count = 0
        for count, values in enumerate(rows, start=1):
            self.write_row(ws, first_row + count, values, cell_fmt)
        if widths:
            for col, width in enumerate(widths):
                ws.set_column(col, col, width)
        if autofilter and headers:
            ws.autofilter(first_row, 0, first_row + max(count, 1), len(headers) - 1)
        ws.freeze_panes(first_row + 1, 0)
        return count


def replace_atomically(tmp: Path, target: Path, display_path: str) -> None:
    """os.replace, with the message users need when Excel holds the target open."""
    try:
        # mkstemp makes the file private (0600); outputs get the usual permissions instead
        tmp.chmod(0o666 & ~_UMASK)
        tmp.replace(target)
    except PermissionError as exc:
        raise LockedOutputError(
            f"Không ghi được {display_path}: tệp đang mở trong Excel hoặc chỉ cho phép đọc. "
            "Hãy đóng tệp rồi chạy lại; bản cũ vẫn được giữ nguyên."
        ) from exc
    except OSError as exc:
        raise write_error(exc, display_path, target) from exc


def new_temp_file(folder: Path, suffix: str) -> tuple[int, Path]:
    """A new private temp file in `folder` (`.~tmp-…`), open for writing. Its name is chosen
    before it exists, so that an interruption (Ctrl+C) right as it is created leaves nothing
    behind: with tempfile.mkstemp a 0-byte file could stay until the next run."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}{suffix}"
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
        except OSError:
            raise
        except BaseException:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            raise
    raise FileExistsError(errno.EEXIST, "No usable temporary name found", str(folder))


def write_bytes_atomically(data: bytes | Iterable[bytes], target: Path, display_path: str) -> None:
    """Same guarantees as XlsxOutput for outputs that are not xlsx (JSON, docx, pdf); `data`
    may come in pieces, so that a big JSON is never held whole."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = new_temp_file(target.parent, target.suffix)
    except OSError as exc:
        raise write_error(exc, display_path, target) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in [data] if isinstance(data, bytes) else data:
                handle.write(piece)
        replace_atomically(tmp, target, display_path)
    except OSError as exc:
        raise write_error(exc, display_path, target) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
