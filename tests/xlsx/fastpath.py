"""Helpers: write a workbook with and without xlsx/fastrows.py and compare it part for part."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from hoithao.issues import FileLog, Issue
from hoithao.models import Consolidation
from hoithao.xlsx import fastrows

# What users type that a writer must keep as it is: spaces kept, formulas as text, control
# characters escaped, XML-looking text as text, Excel's cell limit respected.
HARD_TEXTS = (
    "  Nguyễn Văn An",
    "Trần Thị Bình  ",
    "=SUM(1)",
    "Lê\x01Văn\x1fCường _x0041_",
    "<r>a&b</r>",
    "Phòng <Tổ chức> & Kiểm tra",
    "Dòng một\nDòng hai\nDòng ba",
    "Bí thư, Giám đốc Sở Kế hoạch và Đầu tư tỉnh Bình Định kiêm Chủ tịch Hội đồng quản lý quỹ",
    "Ghi chú dài " * 1500,  # over 16,383 characters: xlsxwriter's own check applies
    "x" * 40_000,  # over Excel's 32,767: cut with a marker
    "",
    "\ue000 kí tự riêng",
    "0905123456",
)


def parts(data: bytes | Path) -> list[tuple[str, bytes]]:
    source = data if isinstance(data, Path) else io.BytesIO(data)
    with zipfile.ZipFile(source) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def assert_same_both_ways(write: Callable[[], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """`write()` with the fast path and without it: the same parts, in the same order."""
    assert fastrows._faithful(), "write_rows must write xlsxwriter's rows on this xlsxwriter"
    with monkeypatch.context() as patch:
        patch.setattr(fastrows, "ENABLED", False)
        reference = parts(write())
    fast = parts(write())
    assert [name for name, _ in fast] == [name for name, _ in reference]
    for (name, mine), (_, theirs) in zip(fast, reference, strict=True):
        assert mine == theirs, name


def harden(c: Consolidation) -> Consolidation:
    """The consolidation with the hard texts in the delegates' fields, issues and file log."""
    texts = HARD_TEXTS
    for n, d in enumerate(c.delegates):
        d.full_name = texts[n % len(texts)] or "Phạm Thị Dung"
        d.job_title = texts[(n + 1) % len(texts)]
        d.unit_name = texts[(n + 2) % len(texts)]
        d.note = texts[(n + 3) % len(texts)]
        d.email = texts[(n + 4) % len(texts)]
        d.warnings = [texts[(n + 5) % len(texts)]]
    c.issues = [
        replace(issue, value=texts[n % len(texts)], message=texts[(n + 1) % len(texts)])
        for n, issue in enumerate(c.issues)
    ] + [
        Issue("W01", text or "Thiếu", unit="CS01", file="CS01.xlsx", row=n, value=text)
        for n, text in enumerate(texts)
    ]
    c.file_log = [*c.file_log, *(FileLog(f"{n}.xlsx", note=t) for n, t in enumerate(texts))]
    return c
