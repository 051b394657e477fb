"""What a reader makes of one file: sheets of plain values, whatever the format (spreadsheet,
Word table, CSV), and the reasons a file is not read. Shared by read.py and its private
back-ends, which import nothing else from each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hoithao.errors import FileProblem

# A return has a few dozen rows; these bounds keep a stray huge sheet from costing anything.
MAX_ROWS = 5_000
MAX_COLS = 60


class UnreadableFileError(FileProblem):
    """The file cannot be read; the message is a plain Vietnamese reason (issue F01)."""


@dataclass(frozen=True)
class Skipped:
    """A file under the returns folder that is not a return (issue F05, never an error)."""

    path: Path
    reason: str


@dataclass
class RawSheet:
    """One sheet as values. rows[i][j] is the cell at Excel row first_row + i, column
    first_col + j (both 1-based); empty cells are ""."""

    name: str
    rows: list[list[object]]
    visible: bool = True
    first_row: int = 1
    first_col: int = 1
    # merged areas as (top, left, bottom, right) indexes into rows, inclusive
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    title: str = ""  # a Word table's caption (the paragraph just above it)

    def excel_row(self, index: int) -> int:
        return self.first_row + index


@dataclass
class RawWorkbook:
    path: Path
    modified: datetime
    sheets: list[RawSheet]
    notes: list[str] = field(default_factory=list)  # e.g. rows cut off by MAX_ROWS
    # heading rows outside the sheets (a Word document's heading above its first table)
    heading: list[list[object]] = field(default_factory=list)
    # names that may tell the unit besides the file's own: its container, an e-mail's subject
    hints: tuple[str, ...] = ()
    # results computed once per workbook (locate.find_table is needed by identify too)
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def sheet(self, name: str) -> RawSheet | None:
        return next((s for s in self.sheets if s.name == name), None)
