"""Read and check the master workbook `workbooks/hoi_thao.xlsx`.

Staff edit the master by hand, so columns are found by header text (case-, space- and
diacritic-insensitive) and every problem that would make later steps wrong stops the run with a
message naming the sheet, the Excel row and the value, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from hoithao.master.book import MasterBook
from hoithao.master.check import check_essentials
from hoithao.master.decisions import read_decisions
from hoithao.master.event import read_event
from hoithao.master.lists import read_budget, read_invitees, read_papers, read_recipients
from hoithao.master.units import read_categories, read_units
from hoithao.models import Master
from hoithao.workspace import MASTER_FILE


def read_master(
    path: Path, *, display_path: str = MASTER_FILE, require_essentials: bool = True
) -> Master:
    """Read the master workbook; a broken one raises MasterError naming sheet, row and value,
    and so does one without the event's name, time, venue or units (unless not required)."""
    book = MasterBook(Path(path), display_path)
    book.load()
    event = read_event(book)
    units = read_units(book)
    categories = read_categories(book)
    master = Master(
        event=event,
        units=units,
        categories=categories,
        invitees=read_invitees(book, categories),
        papers=read_papers(book, units),
        recipients=read_recipients(book),
        budget=read_budget(book),
        decisions=read_decisions(book),
        info_rows=book.info_rows,
    )
    if require_essentials:
        check_essentials(master, book.info_rows, display_path)
    return master
