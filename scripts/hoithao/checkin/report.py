"""output/thong_ke_tham_du.xlsx and .json: the attendance figures attendance.py computes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from hoithao.checkin.attendance import FIGURES, Attendance, Counts
from hoithao.checkin.vocab import (
    ATTENDANCE_ABSENT_COLUMNS,
    ATTENDANCE_ABSENT_SHEET,
    ATTENDANCE_CATEGORY_SHEET,
    ATTENDANCE_CONFLICT_COLUMNS,
    ATTENDANCE_CONFLICT_SHEET,
    ATTENDANCE_FIGURES,
    ATTENDANCE_GROUP_CODE,
    ATTENDANCE_JSON,
    ATTENDANCE_RATE,
    ATTENDANCE_REVIEW_COLUMNS,
    ATTENDANCE_REVIEW_SHEET,
    ATTENDANCE_STATES,
    ATTENDANCE_SUMMARY_COLUMNS,
    ATTENDANCE_SUMMARY_SHEET,
    ATTENDANCE_TOTAL,
    ATTENDANCE_UNIT_SHEET,
    ATTENDANCE_WALKIN_COLUMNS,
    ATTENDANCE_WALKIN_SHEET,
    ATTENDANCE_XLSX,
    CHECKIN_COLUMNS,
)
from hoithao.workspace import Workspace
from hoithao.xlsx.output import XlsxOutput, write_bytes_atomically
from hoithao.xlsx.printing import fit_row, setup_page, style_chart, write_print_table

RULES_NOTE = (
    "Cách tính: có mặt = cột “Có mặt” hoặc “Quét mã” có dấu (x, có, 1, ✓, giờ đến, mã của "
    "dòng) hoặc mã đã quét ở sheet “Quét mã”; vắng có lý do = cột “Vắng có lý do” có dấu hoặc "
    "chỉ ghi “Lý do”; còn lại là vắng không lý do. Dòng đánh dấu cả có mặt và vắng có lý do "
    "được tính là có mặt và liệt kê ở sheet “Đánh dấu trùng” để kiểm tra lại. Đại biểu đã rút "
    "không tính vào số triệu tập; người thêm vào cuối danh sách là đại biểu bổ sung."
)


def write_attendance(a: Attendance, ws: Workspace) -> list[str]:
    """output/thong_ke_tham_du.xlsx and .json; returns their workspace-relative paths."""
    xlsx = ws.output(ATTENDANCE_XLSX)
    with XlsxOutput(xlsx, display_path=ws.rel(xlsx), title="Thống kê tham dự") as out:
        _write_summary(out, a)
        _write_groups(
            out,
            a,
            ATTENDANCE_CATEGORY_SHEET,
            CHECKIN_COLUMNS["category"],
            a.by_category,
            a.category_names,
            chart=True,
        )
        _write_groups(
            out,
            a,
            ATTENDANCE_UNIT_SHEET,
            CHECKIN_COLUMNS["unit"],
            a.by_unit,
            a.unit_names,
            chart=False,
        )
        _write_people(out, a)
    target = ws.output(ATTENDANCE_JSON)
    data = json.dumps(a.to_json(), ensure_ascii=False, indent=2) + "\n"
    write_bytes_atomically(data.encode("utf-8"), target, ws.rel(target))
    return [ws.rel(xlsx), ws.rel(target)]


def _write_summary(out: XlsxOutput, a: Attendance) -> None:
    sheet = out.sheet(ATTENDANCE_SUMMARY_SHEET)
    widths = (44, 14, 14)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.merge_range(0, 0, 0, 2, a.title, out.fmt("title", text_wrap=True))
    fit_row(sheet, 0, [(a.title, sum(widths) - 6)], font_size=14)
    sheet.merge_range(1, 0, 1, 2, "Thống kê tình hình tham dự", out.fmt("subtitle"))
    headers = list(ATTENDANCE_SUMMARY_COLUMNS.values())
    for col, header in enumerate(headers):
        sheet.write_string(3, col, header, out.fmt("header"))
    fit_row(sheet, 3, zip(headers, widths, strict=True))
    t = a.total
    rows = [
        (ATTENDANCE_FIGURES["summoned"], t.summoned, None),
        (ATTENDANCE_FIGURES["present"], t.present, t.rate),
        (ATTENDANCE_FIGURES["excused"], t.excused, _share(t.excused, t.summoned)),
        (ATTENDANCE_FIGURES["absent"], t.absent, _share(t.absent, t.summoned)),
        (ATTENDANCE_FIGURES["walk_ins"], t.walk_ins, None),
    ]
    for r, (label, value, share) in enumerate(rows, start=4):
        out.write_text(sheet, r, 0, label, out.fmt("cell"))
        fit_row(sheet, r, [(label, widths[0])])
        sheet.write_number(r, 1, value, out.fmt("cell_int"))
        if share is None:
            sheet.write_blank(r, 2, None, out.fmt("cell"))
        else:
            sheet.write_number(r, 2, share, out.fmt("pct", border=1))
    note_row = 4 + len(rows) + 1
    if a.conflicts:
        warning = (
            f"{len(a.conflicts)} đại biểu được đánh dấu cả có mặt và vắng có lý do: đã tính là "
            f"có mặt, xem sheet “{ATTENDANCE_CONFLICT_SHEET}”."
        )
        sheet.merge_range(note_row, 0, note_row, 2, warning, out.fmt("warning", text_wrap=True))
        fit_row(sheet, note_row, [(warning, sum(widths) - 2)])
        note_row += 1
    sheet.merge_range(note_row, 0, note_row, 2, RULES_NOTE, out.fmt("wrap", italic=True))
    fit_row(sheet, note_row, [(RULES_NOTE, sum(widths) - 2)])
    if t.summoned:
        chart = out.book.add_chart({"type": "pie"})
        chart.add_series(
            {
                "name": "Tình hình tham dự",
                "categories": [sheet.name, 5, 0, 7, 0],
                "values": [sheet.name, 5, 1, 7, 1],
                "data_labels": {"value": True, "percentage": True},
                "points": [{"fill": {"color": c}} for c in ("#70AD47", "#5B9BD5", "#C00000")],
            }
        )
        style_chart(chart, "Có mặt / vắng")
        chart.set_size({"width": 520, "height": 320})
        # below the table, on A4 portrait: the page a clerk files
        sheet.insert_chart(note_row + 2, 0, chart)
    setup_page(sheet, widths, landscape=False)
    sheet.print_area(0, 0, note_row + 20, 2)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _write_groups(
    out: XlsxOutput,
    a: Attendance,
    sheet_name: str,
    label: str,
    groups: dict[str, Counts],
    names: dict[str, str],
    *,
    chart: bool,
) -> None:
    sheet = out.sheet(sheet_name)
    headers = [
        ATTENDANCE_GROUP_CODE,
        label,
        *(ATTENDANCE_FIGURES[k] for k in FIGURES),
        ATTENDANCE_RATE,
    ]
    rows = [
        [code, names.get(code, code), *(getattr(c, k) for k in FIGURES), c.rate]
        for code, c in groups.items()
    ]
    t = a.total
    rows.append(["", ATTENDANCE_TOTAL, *(getattr(t, k) for k in FIGURES), t.rate])
    widths = [8, 38, 10, 9, 10, 10, 10, 9]
    out.write_table(sheet, headers, [], widths=widths, autofilter=False)
    fit_row(sheet, 0, zip(headers, widths, strict=True))
    for r, values in enumerate(rows, start=1):
        fit_row(sheet, r, [(str(values[1]), widths[1])])
        bold = r == len(rows)
        for col, value in enumerate(values):
            if col < 2:
                out.write_text(sheet, r, col, str(value), out.fmt("cell", bold=bold))
            elif col == len(values) - 1:
                sheet.write_number(r, col, value, out.fmt("pct", border=1, bold=bold))
            else:
                sheet.write_number(r, col, value, out.fmt("cell_int", bold=bold))
    if not chart:
        note = "Khách mời không thuộc đơn vị nào trong sổ gốc nên không có ở bảng này."
        sheet.merge_range(len(rows) + 2, 1, len(rows) + 2, 7, note, out.fmt("wrap", italic=True))
    if chart and len(rows) > 1:
        column = out.book.add_chart({"type": "column", "subtype": "stacked"})
        last = len(rows) - 1
        for col, colour in ((3, "#70AD47"), (4, "#5B9BD5"), (5, "#C00000")):
            column.add_series(
                {
                    "name": [sheet.name, 0, col],
                    "categories": [sheet.name, 1, 1, last, 1],
                    "values": [sheet.name, 1, col, last, col],
                    "fill": {"color": colour},
                }
            )
        style_chart(column, "Tham dự theo thành phần")
        column.set_size({"width": 620, "height": 380})
        sheet.insert_chart(len(rows) + 2, 0, column)
    setup_page(sheet, widths, header_rows=(0, 0))


def _list_sheet(
    out: XlsxOutput,
    name: str,
    columns: dict[str, str],
    records: Sequence[dict[str, Any]],
    widths: Sequence[float],
) -> Any:
    """One plain list: a header row from `columns`, each record's values in that order."""
    sheet = out.sheet(name)
    write_print_table(
        out, sheet, list(columns.values()), [[r[key] for key in columns] for r in records], widths
    )
    return sheet


def _write_people(out: XlsxOutput, a: Attendance) -> None:
    names = a.category_names
    _list_sheet(
        out,
        ATTENDANCE_ABSENT_SHEET,
        ATTENDANCE_ABSENT_COLUMNS,
        [
            {
                "seq": n,
                "id": p.id,
                "full_name": p.full_name,
                "role": p.role,
                "unit": p.unit_name,
                "category": names.get(p.category, p.category),
                "state": ATTENDANCE_STATES[p.state],
                "reason": p.reason,
            }
            for n, p in enumerate(a.absentees, start=1)
        ],
        [5, 13, 21, 20, 29, 22, 12, 20],
    )
    _list_sheet(
        out,
        ATTENDANCE_CONFLICT_SHEET,
        ATTENDANCE_CONFLICT_COLUMNS,
        [
            {
                "row": p.row,
                "id": p.id,
                "full_name": p.full_name,
                "unit": p.unit_name,
                "present": p.present_mark,
                "excused": p.excused_mark,
                "reason": p.reason,
                "counted": ATTENDANCE_STATES["present"],
            }
            for p in a.conflicts
        ],
        [6, 13, 21, 29, 10, 12, 24, 10],
    )
    _list_sheet(
        out,
        ATTENDANCE_WALKIN_SHEET,
        ATTENDANCE_WALKIN_COLUMNS,
        [
            {
                "seq": n,
                "row": p.row,
                "id": p.id,
                "full_name": p.full_name,
                "role": p.role,
                "unit": p.unit_name,
                "category": names.get(p.category, p.category),
            }
            for n, p in enumerate(a.walk_ins, start=1)
        ],
        [5, 6, 13, 21, 20, 29, 22],
    )
    if a.review:
        _list_sheet(
            out,
            ATTENDANCE_REVIEW_SHEET,
            ATTENDANCE_REVIEW_COLUMNS,
            [vars(r) for r in a.review],
            [14, 6, 16, 22, 50],
        )
