"""Sheet "Xử lý phiếu" (optional): staff decisions on returned files (DESIGN §9).

Read leniently: a row that cannot be applied (no such file, an action not understood, an unknown
unit) is a warning of the run (X01, engine/selection.py), never a stop.
"""

from __future__ import annotations

from hoithao.master.book import MasterBook
from hoithao.master.cells import cell_text
from hoithao.master.vocab import (
    DECISION_ACTIONS,
    DECISION_COLUMNS,
    MASTER_REQUIRED_COLUMNS,
    SHEET_DECISIONS,
)
from hoithao.models import ReturnDecision
from hoithao.vn.text import header_key

_ACTION_KEYS = {header_key(label): key for key, label in DECISION_ACTIONS.items()}


def read_decisions(book: MasterBook) -> list[ReturnDecision]:
    sheet = SHEET_DECISIONS
    result = []
    for row in book.table(sheet, DECISION_COLUMNS, MASTER_REQUIRED_COLUMNS[sheet]):
        v = {key: cell_text(value) for key, value in row.values.items()}
        if not v.get("file"):
            continue
        typed = v.get("action", "")
        result.append(
            ReturnDecision(
                file=v["file"],
                unit_code=v.get("unit_code", "").upper(),
                action=_ACTION_KEYS.get(header_key(typed), ""),
                action_text=typed,
                note=v.get("note", ""),
                row=row.number,
            )
        )
    return result
