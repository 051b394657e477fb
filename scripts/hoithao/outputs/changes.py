"""Sheet `Thay đổi` (in tong_hop.xlsx, and output/thay_doi.xlsx for `hoithao thay-doi`): what
changed since an earlier result, one row per change, for the report to the Standing Committee."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hoithao.outputs.vocab import CHANGE_COLUMNS, CHANGE_KINDS, CHANGES_SHEET, DELEGATE_COLUMNS
from hoithao.workspace import CHANGES_XLSX, HISTORY_DIR
from hoithao.xlsx.output import XlsxOutput
from hoithao.xlsx.printing import write_print_table

if TYPE_CHECKING:
    from datetime import datetime

    from hoithao.models import Changes, Master
    from hoithao.workspace import Workspace

WIDTHS = [10, 10, 22, 28, 14, 20, 20, 40]
PRINTED_COLUMNS = 7  # the file name stays on screen: the printed copy keeps readable text
FIRST_RUN = (
    "Lần tổng hợp đầu tiên: chưa có kết quả trước để so sánh. Các lần sau so với bản lưu "
    f"trong {HISTORY_DIR}/."
)
NOTHING = "Không có thay đổi."


def _file(source: str) -> str:
    return source.rpartition("!")[0] or source


def _unit(master: Master, code: str) -> str:
    unit = master.units.get(code)
    return f"{unit.name} ({code})" if unit else code


def change_rows(changes: Changes, master: Master) -> Iterator[tuple[str, ...]]:
    """(Thay đổi, Mã ĐB, Họ và tên, Đơn vị, Nội dung, Cũ, Mới, Tệp) per change."""
    for d in changes.added:
        unit = d.get("unit_name", "") or _unit(master, d["unit_code"])
        yield CHANGE_KINDS["added"], d["id"], d["full_name"], unit, "", "", "", _file(d["source"])
    for d in changes.removed:
        unit = d.get("unit_name", "") or _unit(master, d["unit_code"])
        yield CHANGE_KINDS["removed"], d["id"], d["full_name"], unit, "", "", "", ""
    for d, name, old, new in changes.changed:
        unit = d.get("unit_name", "") or _unit(master, d["unit_code"])
        label = DELEGATE_COLUMNS.get(name, name)
        yield (
            CHANGE_KINDS["changed"],
            d["id"],
            d["full_name"],
            unit,
            label,
            old,
            new,
            _file(d["source"]),
        )
    for code in changes.units_returned:
        yield CHANGE_KINDS["units_returned"], "", "", _unit(master, code), "", "", "", ""
    for code in changes.units_withdrawn:
        yield CHANGE_KINDS["units_withdrawn"], "", "", _unit(master, code), "", "", "", ""


def write_changes_sheet(out: XlsxOutput, changes: Changes, master: Master) -> None:
    write_change_rows(out, list(change_rows(changes, master)), changes.since)


def write_change_rows(out: XlsxOutput, rows: list[tuple[str, ...]], since: datetime | None) -> None:
    """The sheet of changes: `rows` as change_rows gives them, against the result of `since`."""
    ws = out.sheet(CHANGES_SHEET)
    headers = list(CHANGE_COLUMNS.values())
    count = write_print_table(out, ws, headers, rows, WIDTHS, print_columns=PRINTED_COLUMNS)
    note_row = count + 2
    if since is None:
        note = FIRST_RUN
    else:
        note = f"So với kết quả tổng hợp lúc {since:%H:%M ngày %d/%m/%Y}."
        if not count:
            note += " " + NOTHING
    out.write_text(ws, note_row, 0, note, out.fmt("text", italic=True))
    ws.print_area(0, 0, note_row, PRINTED_COLUMNS - 1)  # the note is printed too


def write_changes_xlsx(changes: Changes, master: Master, ws: Workspace) -> str:
    """output/thay_doi.xlsx: the report `hoithao thay-doi --tu …` asked for."""
    target = ws.output(CHANGES_XLSX)
    with XlsxOutput(target, display_path=CHANGES_XLSX, title=master.event.title) as out:
        write_changes_sheet(out, changes, master)
    return CHANGES_XLSX
