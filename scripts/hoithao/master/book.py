"""The master workbook loaded once: its sheets as rows, found by header text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import NoReturn

import python_calamine

from hoithao.errors import MasterError, os_reason
from hoithao.master.cells import SheetRow, cell_text, is_guide_row
from hoithao.master.vocab import (
    MASTER_SHEETS,
    REQUIRED_MASTER_SHEETS,
)
from hoithao.vn.text import header_key


class MasterBook:
    """The master's sheets as rows, and the messages that stop a run naming sheet and row."""

    def __init__(self, path: Path, display_path: str) -> None:
        self.path = path
        self.display = display_path
        self.sheets: dict[str, list[list[object]]] = {}
        self.info_rows: dict[str, int] = {}  # Thông tin key -> its row (read_event)

    def fail(self, detail: str) -> NoReturn:
        raise MasterError(f"Sổ gốc {self.display}: {detail}")

    def fail_row(self, sheet: str, row: int, detail: str) -> NoReturn:
        self.fail(f'sheet "{sheet}", dòng {row}: {detail}.')

    def load(self) -> None:
        if not self.path.is_file():
            self.fail(
                'không tìm thấy tệp. Tạo thư mục làm việc bằng lệnh "hoithao init" '
                "hoặc chép sổ gốc vào đúng chỗ."
            )
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except python_calamine.PasswordError:
            self.fail("tệp được đặt mật khẩu. Hãy gỡ mật khẩu trong Excel rồi chạy lại.")
        except OSError as exc:
            self.fail(f"không mở được tệp ({os_reason(exc)}).")
        except Exception:  # calamine raises several types for zip/XML damage or a non-Excel file
            self.fail(
                "không đọc được tệp (tệp hỏng hoặc không phải bảng tính Excel). "
                "Hãy mở bằng Excel, lưu lại dạng Excel Workbook (.xlsx) rồi chạy lại."
            )
        with book:
            names = {header_key(name): name for name in reversed(book.sheet_names)}
            for wanted in MASTER_SHEETS:
                actual = names.get(header_key(wanted))
                if actual is None:
                    if wanted in REQUIRED_MASTER_SHEETS:
                        self.fail(f'thiếu sheet "{wanted}".')
                    continue
                try:
                    rows = book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
                except Exception:  # a damaged sheet part inside a readable zip
                    self.fail(
                        f'không đọc được sheet "{wanted}" (tệp hỏng). '
                        "Hãy mở bằng Excel, lưu lại rồi chạy lại."
                    )
                self.sheets[wanted] = rows

    def table(
        self, sheet: str, columns: Mapping[str, str], required: Sequence[str]
    ) -> Iterator[SheetRow]:
        """Data rows of a sheet whose header is row 1; rows blank in every known column skipped."""
        rows = self.sheets.get(sheet, [])
        header = [header_key(cell_text(cell)) for cell in rows[0]] if rows else []
        positions: dict[str, int] = {}
        for key, label in columns.items():
            wanted = header_key(label)
            if wanted in header:
                positions[key] = header.index(wanted)
        if not any(cell_text(cell) for row in rows for cell in row):
            return  # absent or left completely empty: no rows, nothing to complain about
        missing = [f'"{columns[key]}"' for key in required if key not in positions]
        if missing:
            self.fail(f'sheet "{sheet}" thiếu cột {", ".join(missing)} ở dòng tiêu đề (dòng 1).')
        for number, raw in enumerate(rows[1:], start=2):
            if number == 2 and is_guide_row(raw):
                continue
            values = {key: raw[col] if col < len(raw) else "" for key, col in positions.items()}
            if any(cell_text(v) for v in values.values()):
                yield SheetRow(number, values)
