"""The summary workbook: its big sheets written by the fast path, as xlsxwriter writes them."""

from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from hoithao.engine.consolidate import build
from hoithao.models import Consolidation
from hoithao.outputs.summary import write_summary_xlsx
from hoithao.outputs.vocab import DELEGATES_SHEET, ISSUES_SHEET, LEVEL_LABELS
from hoithao.workspace import SUMMARY_XLSX, Workspace

from ..conftest import TODAY, ReturnFactory, form_row
from ..xlsx.fastpath import HARD_TEXTS, assert_same_both_ways, harden


@pytest.fixture
def hard(workspace: Workspace, make_return: ReturnFactory) -> Consolidation:
    """Returns of two units, one with a row the rules reject, then the hard texts everywhere."""
    rows = [form_row(n, f"Nguyễn Văn {n}", phone=f"09{n:08d}") for n in range(1, 30)]
    make_return("CS01.xlsx", rows, unit_code="CS01")
    make_return("CS02.xlsx", [form_row(1, "Lê Văn Cường", "Phó Bí thư", "")], unit_code="CS02")
    return harden(build(workspace, today=TODAY))


def test_summary_is_written_as_xlsxwriter_writes_it(
    hard: Consolidation, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write() -> object:
        return workspace.output(write_summary_xlsx(hard, workspace))

    assert_same_both_ways(write, monkeypatch)  # type: ignore[arg-type]


def test_summary_keeps_the_hard_texts_and_colours_issues_by_level(
    hard: Consolidation, workspace: Workspace
) -> None:
    path = workspace.output(write_summary_xlsx(hard, workspace))
    assert path == workspace.output(SUMMARY_XLSX)
    book = CalamineWorkbook.from_path(str(path))
    delegates = book.get_sheet_by_name(DELEGATES_SHEET).to_python()
    names = [row[2] for row in delegates[1:]]
    assert names[: len(HARD_TEXTS) - 1] == [
        t[:32766] + "…" if len(t) > 32767 else t or "Phạm Thị Dung" for t in HARD_TEXTS[:-1]
    ]
    issues = book.get_sheet_by_name(ISSUES_SHEET).to_python()
    assert [row[0] for row in issues[1:]] == [LEVEL_LABELS[i.level] for i in hard.issues]
