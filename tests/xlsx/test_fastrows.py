"""Rows stored and written by fastrows are, part for part, what xlsxwriter writes."""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from hoithao.xlsx import fastrows, packaging
from hoithao.xlsx.output import XlsxOutput
from hoithao.xlsx.printing import fit_row, write_print_table

from .fastpath import HARD_TEXTS, assert_same_both_ways


def test_the_probe_finds_write_rows_faithful() -> None:
    assert fastrows._faithful()


def write_hard_book(path: Path) -> Path:
    with XlsxOutput(path, title="Kiểm tra") as out:
        ws = out.sheet("Bảng")
        cell, center = out.fmt("cell"), out.fmt("cell_center")
        ws.merge_range(0, 0, 0, 4, "Tiêu đề", out.fmt("title"))
        values: list[Any] = [*HARD_TEXTS, 0, -3, 2.5, 1e20, True, None, date(2022, 5, 15)]
        values += [datetime(2022, 5, 15, 8, 30), math.nan, 12345678901234567890]
        for row, start in enumerate(range(0, len(values), 4), start=2):
            chunk = values[start : start + 4]
            texts = [cell, None, center, cell][: len(chunk)]
            numbers = [None, center, cell, None][: len(chunk)]
            if any(isinstance(v, float) and math.isnan(v) for v in chunk):
                continue  # xlsxwriter refuses NaN: both ways raise
            fastrows.put_row(out, ws, row, chunk, texts, numbers, col=row % 3)
            fit_row(ws, row, [(v, 20) for v in chunk])
        # a row written out of order, one xlsxwriter wrote first, one it overwrote afterwards
        fastrows.put_row(out, ws, 1, ["trước", 1], [cell, cell], [center, center])
        ws.write_string(40, 3, "của xlsxwriter", center)
        fastrows.put_row(out, ws, 40, ["tiếp", 2], [cell, cell], [cell, cell])
        bold = out.fmt("bold")
        fastrows.put_row(out, ws, 41, ["mới", "x", 7], [bold, cell, cell], [bold, bold, bold])
        ws.write_string(41, 0, "ghi đè", out.fmt("warning"))
        fastrows.put_row(out, ws, 42, ["đậm"], [bold], [bold])
        ws.write_comment(43, 1, "ghi chú")
        fastrows.put_row(out, ws, 43, ["có ghi chú"], [cell], [cell])
        ws.set_row(44, 30, bold)
        fastrows.put_row(out, ws, 44, ["dòng có định dạng"], [None], [None])
        ws.set_row(45, None, None, {"hidden": True})
        fastrows.put_row(out, ws, 45, ["dòng ẩn"], [cell], [cell])
        for row in range(46, 80):
            fastrows.set_height(ws, row, 15 + row % 4 * 7.3)
            if row % 5:
                out.write_row(ws, row, [f"Đại biểu {row}", row, "", None], cell, col=row % 17)
        table = out.sheet("Danh sách")
        rows = [(n, text, "Nam", "") for n, text in enumerate(HARD_TEXTS, start=1)]
        levels = ({1: out.fmt("cell", "error")} if n % 2 else {} for n in range(len(rows)))
        write_print_table(
            out,
            table,
            ["STT", "Họ tên", "Giới tính", "Ghi chú"],
            rows,
            [5, 20, 8, 30],
            row_formats=levels,
        )
    return path


def test_every_kind_of_cell_and_row_is_written_as_xlsxwriter_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same_both_ways(lambda: write_hard_book(tmp_path / "a.xlsx"), monkeypatch)


def test_hard_texts_read_back_as_written(tmp_path: Path) -> None:
    path = write_hard_book(tmp_path / "a.xlsx")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Danh sách").to_python()
    expected = [t[:32766] + "…" if len(t) > 32767 else t for t in HARD_TEXTS]
    assert [row[1] for row in rows[1:]] == expected
    table = openpyxl.load_workbook(path)["Danh sách"]
    assert (table["B4"].value, table["B4"].data_type) == ("=SUM(1)", "s")  # text, not a formula


def test_shared_strings_that_hold_the_separator_are_escaped_one_by_one() -> None:
    strings = ["a\ue000b", " c", "<r>d</r>", "e\x02&"]
    assert packaging.shared_strings_xml(strings) == "".join(map(packaging.shared_string, strings))
    assert packaging.shared_strings_xml(strings[1:]) == "".join(
        map(packaging.shared_string, strings[1:])
    )


cell = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 5), st.lists(cell, max_size=6)), max_size=25
    ),
    formats=st.lists(st.sampled_from(["cell", "bold", "none"]), min_size=6, max_size=6),
)
def test_any_rows_in_any_order_are_written_as_xlsxwriter_writes_them(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[int, int, list[Any]]],
    formats: list[str],
) -> None:
    def write() -> Path:
        with XlsxOutput(tmp_path / "p.xlsx") as out:
            ws = out.sheet("P")
            chosen = [None if f == "none" else out.fmt(f) for f in formats]
            for row, col, values in rows:
                fastrows.put_row(out, ws, row, values, chosen, chosen[::-1], col=col)
                if row % 3 == 0:
                    ws.write_string(row, col, "ghi đè", out.fmt("info"))
        return tmp_path / "p.xlsx"

    assert_same_both_ways(write, monkeypatch)


def test_a_long_sheet_written_out_in_pieces_is_xlsxwriters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows go out a few thousand pieces at a time, each let go once written, between the rows
    xlsxwriter writes itself; the parts, shared strings too, are deflated as they are written."""
    monkeypatch.setattr(packaging, "_STRINGS_A_PIECE", 7)

    def write() -> Path:
        with XlsxOutput(tmp_path / "l.xlsx", title="Danh sách ký tên") as out:
            ws = out.sheet("Ký tên")
            cell, bold = out.fmt("cell"), out.fmt("bold")
            for row in range(5_000):
                if row % 1_500 == 700:
                    ws.set_row(row, None, bold)  # a row xlsxwriter writes
                texts = (str(row + 1), f"Trần Thị Ngọc Ánh {row % 97}", "Chi bộ Sở Y tế")
                fastrows.put_row(out, ws, row, (*texts, row), [cell] * 4, [bold] * 4)
            ws.set_footer("&CTrang &P / &N — Hội thảo sinh hoạt chi bộ")
        return tmp_path / "l.xlsx"

    assert_same_both_ways(write, monkeypatch)
