"""output/tong_hop.xlsx and output/tong_hop.json: the consolidated picture for the office."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from hoithao.engine.history import json_bytes
from hoithao.master.vocab import UNIT_COLUMNS, UNIT_KINDS
from hoithao.outputs.changes import change_rows, write_change_rows
from hoithao.outputs.vocab import (
    DELEGATE_COLUMNS,
    DELEGATES_SHEET,
    FIELD_LABELS,
    FILE_STATUS_LABELS,
    ISSUE_COLUMNS,
    ISSUES_SHEET,
    LEVEL_LABELS,
    LOG_COLUMNS,
    LOG_SHEET,
    LOG_TOTAL_LABEL,
    LOG_TOTAL_NOTE,
    MISSING_SHEET,
    PAPER_STATES,
    PAPERS_SHEET,
    SUMMARY_SHEET,
)
from hoithao.rules.validate import deadline_text
from hoithao.workspace import SUMMARY_JSON, SUMMARY_XLSX
from hoithao.xlsx.output import XlsxOutput, write_bytes_atomically
from hoithao.xlsx.printing import (
    CHART_FONT,
    fit_row,
    setup_page,
    style_chart,
    write_print_table,
)

if TYPE_CHECKING:
    from hoithao.models import Consolidation
    from hoithao.workspace import Workspace


def category_rows(c: Consolidation) -> list[tuple[str, str, int, int]]:
    """(code, name, summoned, registered) per category, in master order."""
    registered = Counter(d.category for d in c.delegates)
    summoned_units = [u for u in c.master.units.values() if u.summoned]
    rows = []
    for category in c.master.categories.values():
        if category.is_named:
            expected = sum(1 for i in c.master.invitees if i.category == category.code)
        else:
            units = sum(1 for u in summoned_units if u.kind in category.unit_kinds)
            expected = units * (category.quota or 1)
        rows.append((category.code, category.name, expected, registered[category.code]))
    return rows


def kind_rows(c: Consolidation) -> list[tuple[str, int, int, int]]:
    """(kind, summoned units, units with delegates, delegates) per unit type."""
    by_unit = Counter(d.unit_code for d in c.registered)
    rows = []
    for kind in UNIT_KINDS:
        units = [u for u in c.master.units.values() if u.kind == kind and u.summoned]
        answered = sum(1 for u in units if by_unit[u.code])
        rows.append((kind, len(units), answered, sum(by_unit[u.code] for u in units)))
    return rows


Row = tuple[object, ...]


@dataclass
class SummaryPlan:
    """tong_hop.xlsx as plain values: a worker writes it from this alone (outputs/runner.py)
    while this process writes the JSON, without the Consolidation sent anywhere."""

    title: str
    today: date
    facts: list[tuple[str, object]]
    categories: list[tuple[str, str, int, int]]
    kinds: list[tuple[str, int, int, int]]
    returned: int  # summoned grassroots units that sent a return
    summoned: int
    changes: list[tuple[str, ...]]
    since: datetime | None  # the result the changes are against
    delegates: list[Row]
    missing: list[Row]
    issues: list[Row]
    levels: list[str]  # each issue's, to colour its row
    papers: list[Row]
    log: list[Row]
    totals: dict[str, int]  # rows read, accepted, rejected, ignored


def summary_plan(c: Consolidation) -> SummaryPlan:
    summoned = c.master.summoned_grassroots()
    returned = sum(1 for u in summoned if u.code in c.returned)
    received = sum(1 for p in c.papers if p.is_received)
    levels = c.issue_counts()
    facts: list[tuple[str, object]] = [
        ("Đơn vị đã gửi phiếu / được triệu tập", f"{returned}/{len(summoned)}"),
        ("Tổng số đại biểu (kể cả khách mời)", len(c.delegates)),
        ("Sức chứa hội trường", c.master.event.hall_capacity or ""),
        ("Tham luận đã nhận / được phân công", f"{received}/{len(c.papers)}"),
        ("Lỗi / cảnh báo cần xử lý", f"{levels['error']}/{levels['warning']}"),
    ]
    return SummaryPlan(
        title=c.master.event.title,
        today=c.today,
        facts=facts,
        categories=category_rows(c),
        kinds=kind_rows(c),
        returned=returned,
        summoned=len(summoned),
        changes=list(change_rows(c.changes, c.master)),
        since=c.changes.since,
        delegates=_delegate_rows(c),
        missing=[
            (n, u.code, u.name, u.kind, u.email, u.phone, u.address)
            for n, u in enumerate(c.missing_units, start=1)
        ],
        issues=_issue_rows(c),
        levels=[issue.level for issue in c.issues],
        papers=_paper_rows(c),
        log=[
            (
                f.path,
                f.unit,
                FILE_STATUS_LABELS[f.status],
                f.rows_read,
                f.rows_accepted,
                f.rows_rejected,
                f.rows_ignored,
                f.note,
                f.technical,
            )
            for f in c.file_log
        ],
        totals=c.row_counts(),
    )


def _write_overview(out: XlsxOutput, plan: SummaryPlan) -> None:
    ws = out.sheet(SUMMARY_SHEET)
    widths = [40, 12, 12, 12, 4]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, 3, plan.title, out.fmt("title", text_wrap=True))
    fit_row(ws, 0, [(plan.title, sum(widths[:4]) - 8)], font_size=14)
    ws.merge_range(
        1, 0, 1, 3, f"Tình hình đăng ký đến ngày {plan.today:%d/%m/%Y}", out.fmt("subtitle")
    )
    row = 3
    for label, value in plan.facts:
        out.write_text(ws, row, 0, label, out.fmt("cell"))
        out.write(
            ws,
            row,
            1,
            value,
            out.fmt("cell_center") if isinstance(value, str) else out.fmt("cell_int"),
        )
        fit_row(ws, row, [(label, widths[0])])
        row += 1

    row += 1
    out.write_text(ws, row, 0, "Theo thành phần", out.fmt("bold"))
    row += 1
    cat_first = row + 1
    headers = ["Thành phần", "Triệu tập", "Đã đăng ký", "Tỷ lệ"]
    out.write_row(ws, row, headers, out.fmt("header"))
    fit_row(ws, row, zip(headers, widths, strict=False))
    for code, name, expected, registered in plan.categories:
        row += 1
        out.write_text(ws, row, 0, f"{name} ({code})", out.fmt("cell"))
        ws.write_number(row, 1, expected, out.fmt("cell_int"))
        ws.write_number(row, 2, registered, out.fmt("cell_int"))
        rate = registered / expected if expected else 0
        ws.write_formula(
            row, 3, f"=IF(B{row + 1}=0,0,C{row + 1}/B{row + 1})", out.fmt("pct", border=1), rate
        )
        fit_row(ws, row, [(f"{name} ({code})", widths[0])])
    cat_last = row

    row += 2
    out.write_text(ws, row, 0, "Theo loại hình tổ chức đảng", out.fmt("bold"))
    row += 1
    headers = ["Loại hình", "Đơn vị triệu tập", "Đơn vị có đăng ký", "Số đại biểu"]
    out.write_row(ws, row, headers, out.fmt("header"))
    fit_row(ws, row, zip(headers, widths, strict=False))
    for kind, units, answered, count in plan.kinds:
        row += 1
        out.write_text(ws, row, 0, kind, out.fmt("cell"))
        for col, value in enumerate((units, answered, count), start=1):
            ws.write_number(row, col, value, out.fmt("cell_int"))
        fit_row(ws, row, [(kind, widths[0])])

    sheet = SUMMARY_SHEET
    chart = out.book.add_chart({"type": "bar"})
    for col, name in ((1, "Triệu tập"), (2, "Đã đăng ký")):
        chart.add_series(
            {
                "name": name,
                "categories": [sheet, cat_first, 0, cat_last, 0],
                "values": [sheet, cat_first, col, cat_last, col],
                "data_labels": {"value": True, "font": CHART_FONT},
            }
        )
    style_chart(chart, "Đại biểu theo thành phần")
    chart.set_y_axis({"num_font": CHART_FONT, "reverse": True})
    chart.set_size({"width": 570, "height": 420})
    ws.insert_chart(row + 2, 0, chart)

    # the pie's figures live in a hidden column: they print nowhere, the chart still reads them
    helper = 6
    ws.set_column(helper, helper + 1, 14, None, {"hidden": True})
    ws.write_string(3, helper, "Đã gửi phiếu", out.fmt("text"))
    ws.write_number(3, helper + 1, plan.returned, out.fmt())
    ws.write_string(4, helper, "Chưa gửi phiếu", out.fmt("text"))
    ws.write_number(4, helper + 1, plan.summoned - plan.returned, out.fmt())
    pie = out.book.add_chart({"type": "pie"})
    pie.add_series(
        {
            "name": "Phiếu đăng ký",
            "categories": [sheet, 3, helper, 4, helper],
            "values": [sheet, 3, helper + 1, 4, helper + 1],
            "data_labels": {"percentage": True, "category": True, "font": CHART_FONT},
        }
    )
    style_chart(pie, "Đơn vị gửi phiếu đăng ký")
    pie.set_size({"width": 570, "height": 320})
    ws.insert_chart(row + 24, 0, pie)
    setup_page(ws, widths[:4], landscape=False)
    ws.set_h_pagebreaks([row + 1])  # the charts on a page of their own, never cut
    ws.print_area(0, 0, row + 40, 4)


def _delegate_rows(c: Consolidation) -> list[Row]:
    names = {code: cat.name for code, cat in c.master.categories.items()}
    return [
        (
            n,
            d.id,
            d.full_name,
            d.gender,
            d.party_role,
            d.job_title,
            d.unit_name,
            d.unit_code,
            names.get(d.category, d.category),
            d.phone,
            d.email,
            d.note,
            ", ".join(d.warnings),
            d.source,
        )
        for n, d in enumerate(c.delegates, start=1)
    ]


def _write_delegates(out: XlsxOutput, plan: SummaryPlan) -> None:
    ws = out.sheet(DELEGATES_SHEET)
    headers = ["STT", *DELEGATE_COLUMNS.values()]
    widths = [5, 14, 21, 6, 12, 18, 29, 8, 22, 12, 28, 20, 14, 36]
    # the printed copy stops at Điện thoại: e-mail, note, warnings and source would shrink
    # fourteen columns to 5 pt on A4; they stay on screen
    printed = headers.index("Điện thoại") + 1
    write_print_table(out, ws, headers, _take(plan, "delegates"), widths, print_columns=printed)


def _write_missing(out: XlsxOutput, plan: SummaryPlan) -> None:
    ws = out.sheet(MISSING_SHEET)
    headers = [
        "STT",
        *(UNIT_COLUMNS[k] for k in ("code", "name", "kind", "email", "phone", "address")),
    ]
    write_print_table(out, ws, headers, plan.missing, [5, 9, 36, 14, 28, 13, 36])


def _issue_rows(c: Consolidation) -> list[Row]:
    return [
        (
            LEVEL_LABELS[issue.level],
            issue.code,
            unit_label(c, issue.unit),
            issue.file,
            issue.row,
            FIELD_LABELS.get(issue.field, issue.field),
            issue.value,
            issue.message,
        )
        for issue in c.issues
    ]


def _write_issues(out: XlsxOutput, plan: SummaryPlan) -> None:
    ws = out.sheet(ISSUES_SHEET)
    headers = list(ISSUE_COLUMNS.values())
    widths = [9, 6, 24, 26, 6, 12, 18, 50]
    levels = ({0: out.fmt("cell", level)} for level in _take(plan, "levels"))  # by level
    write_print_table(out, ws, headers, _take(plan, "issues"), widths, row_formats=levels)


def unit_label(c: Consolidation, code: str) -> str:
    """`CS02 - Đảng bộ Sở Y tế`: the code staff filter by, the name staff read."""
    unit = c.master.units.get(code)
    return f"{code} - {c.master.unit_full_name(code)}" if unit else code


def _paper_rows(c: Consolidation) -> list[Row]:
    ordered = sorted(c.papers, key=lambda p: (p.assignment.order is None, p.assignment.order or 0))
    return [
        (
            n,
            p.assignment.order or "",
            p.unit.code,
            p.unit.name,
            p.assignment.orientation,
            p.assignment.form,
            deadline_text(p.deadline),
            PAPER_STATES[p.state],
            "; ".join(p.files),
        )
        for n, p in enumerate(ordered, start=1)
    ]


def _write_papers(out: XlsxOutput, plan: SummaryPlan) -> None:
    ws = out.sheet(PAPERS_SHEET)
    headers = [
        "STT",
        "Thứ tự trình bày",
        "Mã đơn vị",
        "Tên đơn vị",
        "Định hướng nội dung",
        "Hình thức",
        "Hạn gửi",
        "Trạng thái",
        "Tệp đã nhận",
    ]
    write_print_table(out, ws, headers, plan.papers, [5, 9, 8, 28, 40, 10, 11, 10, 28])


def _write_log(out: XlsxOutput, plan: SummaryPlan) -> None:
    ws = out.sheet(LOG_SHEET)
    headers = list(LOG_COLUMNS.values())
    widths = [44, 9, 14, 9, 8, 8, 8, 36, 30]
    count = write_print_table(out, ws, headers, _take(plan, "log"), widths, print_columns=8)
    # the totals the printed summary gives: superseded, rejected and skipped files are listed
    # above but not counted (their rows are not in the delegate list)
    row = count + 2
    bold = out.fmt("bold")
    out.write_text(ws, row, 0, LOG_TOTAL_LABEL, bold)
    for col, key in enumerate(("read", "accepted", "rejected", "ignored"), start=3):
        ws.write_number(row, col, plan.totals[key], bold)
    out.write_text(ws, row, 7, LOG_TOTAL_NOTE, out.fmt("text", italic=True))
    ws.print_area(0, 0, row, 7)  # the totals row is printed too


def write_summary_xlsx(c: Consolidation, ws: Workspace) -> str:
    return write_summary_plan(summary_plan(c), ws)


def _take(plan: SummaryPlan, name: str) -> list:  # type: ignore[type-arg]
    """A big list of the plan, which then lets go of it: once written, its rows are only
    memory (~40 MB at 10,000 returns, held while the workbook is zipped)."""
    rows = getattr(plan, name)
    setattr(plan, name, [])
    return rows


def write_summary_plan(plan: SummaryPlan, ws: Workspace) -> str:
    """tong_hop.xlsx; the plan's big lists are used up (`_take`)."""
    target = ws.output(SUMMARY_XLSX)
    with XlsxOutput(target, display_path=SUMMARY_XLSX, title=plan.title) as out:
        _write_overview(out, plan)
        write_change_rows(out, plan.changes, plan.since)
        _write_delegates(out, plan)
        _write_missing(out, plan)
        _write_issues(out, plan)
        _write_papers(out, plan)
        _write_log(out, plan)
    return SUMMARY_XLSX


def write_summary_json(c: Consolidation, ws: Workspace) -> str:
    write_bytes_atomically(json_bytes(c.to_json()), ws.output(SUMMARY_JSON), SUMMARY_JSON)
    return SUMMARY_JSON
