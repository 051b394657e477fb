"""Which returns count for each unit (DESIGN §9): staff decisions, the latest full return, and
the supplements sent after it.

Staff decisions come from the master's optional sheet `Xử lý phiếu`; a row that cannot be applied
is a warning (X01), never a stop. Per unit, the latest full return wins (ordering.py says which is
later, W09 when unsure); supplements (`bổ sung`) sent after it add their people to it (F07), a
person in both keeping the supplement's row; a full return sent after a supplement replaces both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from hoithao.engine.ordering import (
    CLUE_LABELS,
    CLUE_NAME,
    CLUE_PATH,
    ReturnDates,
    compare_returns,
    order_returns,
)
from hoithao.engine.result import ReturnResult
from hoithao.issues import FileLog, Issue
from hoithao.master.vocab import (
    DECISION_ACTIONS,
    DECISION_COLUMNS,
    DECISION_DROP,
    DECISION_USE,
    SHEET_DECISIONS,
    SHEET_UNITS,
)
from hoithao.models import Delegate, Master, ReturnDecision
from hoithao.vn.text import fold
from hoithao.workspace import MASTER_FILE, RETURNS_DIR

STAFF = f"theo quyết định ở sheet “{SHEET_DECISIONS}” của sổ gốc"
ADVICE = (
    f"Nếu không đúng, ghi tên tệp cần dùng vào sheet “{SHEET_DECISIONS}” của sổ gốc, cột "
    f"“{DECISION_COLUMNS['action']}” ghi “{DECISION_USE}” (hoặc "
    f"“{DECISION_DROP}” cho tệp không dùng), rồi chạy lại."
)


# --- staff decisions ----------------------------------------------------------------------------
@dataclass
class Decisions:
    by_file: dict[str, ReturnDecision] = field(default_factory=dict)  # display path → decision
    issues: list[Issue] = field(default_factory=list)

    def dropped(self) -> set[str]:
        return {f for f, d in self.by_file.items() if d.action == "drop"}

    def unit_overrides(self) -> dict[str, str]:
        return {f: d.unit_code for f, d in self.by_file.items() if d.unit_code}


def _key(text: str) -> str:
    return fold(text.replace("\\", "/").strip().strip("/"))


def _file_keys(display: str) -> set[str]:
    prefix = RETURNS_DIR + "/"
    relative = display[len(prefix) :] if display.startswith(prefix) else display
    path = PurePosixPath(relative)
    return {_key(display), _key(relative), _key(path.name), _key(path.stem)}


def _decision_issue(decision: ReturnDecision, message: str, value: str) -> Issue:
    return Issue(
        "X01",
        f"Sheet “{SHEET_DECISIONS}”, dòng {decision.row}: {message}",
        file=MASTER_FILE,
        row=decision.row,
        field="file",
        value=value,
    )


def _unit_code(text: str, master: Master) -> str | None:
    if text in master.units:
        return text
    key = fold(text)
    found = [u.code for u in master.units.values() if key in (fold(u.name), fold(u.code))]
    return found[0] if len(found) == 1 else None


def match_decisions(files: Iterable[str], master: Master) -> Decisions:
    """Staff's rows matched to the files found (display paths), diacritic- and case-blind."""
    result = Decisions()
    keyed: dict[str, list[str]] = {}
    for display in files if master.decisions else ():  # folding 10,000 names costs 0.5 s
        for key in _file_keys(display):
            keyed.setdefault(key, []).append(display)
    for decision in master.decisions:
        if decision.action_text and not decision.action:
            allowed = ", ".join(f"“{a}”" for a in DECISION_ACTIONS.values())
            result.issues.append(
                _decision_issue(
                    decision,
                    f"cột “{DECISION_COLUMNS['action']}” ghi “{decision.action_text}”, "
                    f"chỉ dùng được {allowed}; dòng này chỉ áp dụng cột Đơn vị (nếu có).",
                    decision.action_text,
                )
            )
        code = ""
        if decision.unit_code:
            code = _unit_code(decision.unit_code, master) or ""
            if not code:
                result.issues.append(
                    _decision_issue(
                        decision,
                        f"đơn vị “{decision.unit_code}” không có trong sheet "
                        f"“{SHEET_UNITS}”; cột Đơn vị của dòng này không được dùng.",
                        decision.unit_code,
                    )
                )
        matched = keyed.get(_key(decision.file), [])
        if not matched:
            result.issues.append(
                _decision_issue(
                    decision,
                    f"không có tệp “{decision.file}” trong {RETURNS_DIR}/ (kiểm tra "
                    "tên tệp, có thể ghi tên tệp hoặc đường dẫn trong thư mục đó).",
                    decision.file,
                )
            )
        for display in dict.fromkeys(matched):
            result.by_file[display] = ReturnDecision(
                decision.file,
                code,
                decision.action,
                decision.action_text,
                decision.note,
                decision.row,
            )
    return result


def drop_log(display: str, decision: ReturnDecision) -> tuple[FileLog, Issue]:
    """A file staff marked `Bỏ`: logged as skipped with their note, never read."""
    note = f"bỏ {STAFF}" + (f": {decision.note}" if decision.note else "")
    message = f"Tệp không được dùng {STAFF}" + (f" ({decision.note})." if decision.note else ".")
    return FileLog(display, status="skipped", note=note), Issue("F05", message, file=display)


# --- per unit -----------------------------------------------------------------------------------
def _name(r: ReturnResult) -> str:
    return r.log.path


def _shown(r: ReturnResult) -> str:
    """The file as staff find it in the returns folder."""
    prefix = RETURNS_DIR + "/"
    return r.log.path[len(prefix) :] if r.log.path.startswith(prefix) else r.log.path


def _dates(r: ReturnResult) -> tuple[str, ReturnDates]:
    return r.log.path, r.dates


def _supersede(loser: ReturnResult, winner: ReturnResult, why: str) -> None:
    loser.log.status = "superseded"
    loser.log.note = f"thay bằng {winner.log.path}"
    loser.delegates = []
    loser.issues = [
        Issue(
            "F04",
            f"Phiếu này không được dùng: {why}",
            unit=loser.unit_code or "",
            file=loser.log.path,
        )
    ]


def _why_later(winner: ReturnResult, loser: ReturnResult) -> str:
    verdict = compare_returns(winner.dates, loser.dates, _name(winner), _name(loser))
    how = CLUE_LABELS[verdict.clue]
    if verdict.clue not in (CLUE_NAME, CLUE_PATH):
        how += f" {winner.dates.clue_text(verdict.clue)}"
    return f"đơn vị đã gửi phiếu mới hơn ({_shown(winner)}, {how})."


def _doubt(later: ReturnResult, earlier: ReturnResult, master: Master) -> Issue | None:
    """W09 when the order of two returns of one unit rests on a weak or contradicted clue."""
    verdict = compare_returns(later.dates, earlier.dates, _name(later), _name(earlier))
    if verdict.confident:
        return None
    unit = master.units[later.unit_code or ""]
    how = CLUE_LABELS[verdict.clue]
    if verdict.clue not in (CLUE_NAME, CLUE_PATH):
        how += (
            f": {later.dates.clue_text(verdict.clue)} so với "
            f"{earlier.dates.clue_text(verdict.clue)}"
        )
    return Issue(
        "W09",
        f"Không chắc phiếu nào của {unit.name} gửi sau: “{_shown(later)}” và "
        f"“{_shown(earlier)}” ({verdict.doubt}). Đã coi “{_shown(later)}” là phiếu gửi sau "
        f"(theo {how}). {ADVICE}",
        unit=unit.code,
        file=later.log.path,
        field="file",
        value=earlier.log.path,
    )


def _person(d: Delegate) -> tuple[str, str]:
    return d.unit_code, fold(d.full_name)


def _apply_supplement(supplement: ReturnResult, base: list[ReturnResult], full: bool) -> Issue:
    """Its people join the list; a person already there keeps the supplement's row."""
    people = {_person(d) for d in supplement.delegates}
    replaced = 0
    for earlier in base:
        kept = [d for d in earlier.delegates if _person(d) not in people]
        if len(kept) < len(earlier.delegates):
            count = len(earlier.delegates) - len(kept)
            replaced += count
            earlier.delegates = kept
            note = f"{count} dòng được thay bằng phiếu bổ sung {_shown(supplement)}"
            earlier.log.note = "; ".join(filter(None, [earlier.log.note, note]))
    added = len(people) - replaced
    text = f"Phiếu bổ sung: thêm {added} người vào danh sách của đơn vị"
    if replaced:
        text += f", cập nhật {replaced} người đã có theo phiếu bổ sung"
    if not full:
        text += " (đơn vị chưa có phiếu đầy đủ)"
    supplement.log.note = "; ".join(filter(None, [supplement.log.note, "phiếu bổ sung"]))
    return Issue("F07", text + ".", unit=supplement.unit_code or "", file=supplement.log.path)


def _select_unit(
    group: list[ReturnResult], decisions: dict[str, ReturnDecision], master: Master
) -> list[Issue]:
    def action(r: ReturnResult) -> str:
        decision = decisions.get(r.log.path)
        return decision.action if decision else ""

    def is_supplement(r: ReturnResult) -> bool:
        return action(r) == "supplement" or (r.supplement and action(r) != "use")

    issues: list[Issue] = []
    fulls = [r for r in group if not is_supplement(r)]
    supplements = [r for r in group if is_supplement(r)]
    forced = [r for r in fulls if action(r) == "use"]
    winner: ReturnResult | None = None
    if forced:
        winner = order_returns(forced, _dates)[-1]
        for other in fulls:
            if other is not winner:
                _supersede(other, winner, f"văn phòng chọn dùng phiếu {_shown(winner)} ({STAFF}).")
    elif fulls:
        ordered = order_returns(fulls, _dates)
        winner = ordered[-1]
        for other in ordered[:-1]:
            doubt = _doubt(winner, other, master)
            if doubt:
                issues.append(doubt)
            _supersede(other, winner, _why_later(winner, other))
    applied: list[ReturnResult] = []
    for supplement in supplements:
        if winner is None:
            applied.append(supplement)
            continue
        verdict = compare_returns(supplement.dates, winner.dates, _name(supplement), _name(winner))
        later, earlier = (supplement, winner) if verdict.first_is_later else (winner, supplement)
        doubt = _doubt(later, earlier, master)
        if doubt:
            issues.append(doubt)
        if verdict.first_is_later:
            applied.append(supplement)
        else:
            _supersede(
                supplement,
                winner,
                f"phiếu đầy đủ {_shown(winner)} gửi sau phiếu bổ sung này nên thay thế cả "
                "phiếu bổ sung.",
            )
    base = [winner] if winner else []
    for supplement in order_returns(applied, _dates):
        issues.append(_apply_supplement(supplement, base, winner is not None))
        base.append(supplement)
    return issues


def select_returns(
    results: list[ReturnResult], decisions: dict[str, ReturnDecision], master: Master
) -> list[Issue]:
    """Mark superseded returns, merge supplements into the unit's list; issues W09 and F07."""
    by_unit: dict[str, list[ReturnResult]] = {}
    for result in results:
        if result.log.status == "consolidated" and result.unit_code:
            by_unit.setdefault(result.unit_code, []).append(result)
    issues: list[Issue] = []
    for result in results:
        decision = decisions.get(result.log.path)
        if (
            decision
            and decision.action in ("use", "supplement")
            and result.log.status == "rejected"
        ):
            label = DECISION_ACTIONS[decision.action]
            issues.append(
                _decision_issue(
                    decision,
                    f"tệp “{_shown(result)}” ghi “{label}” nhưng không dùng được "
                    f"({result.log.note}); xem lỗi của tệp ở sheet Kiểm tra.",
                    decision.file,
                )
            )
    for group in by_unit.values():
        issues.extend(_select_unit(group, decisions, master))
    return issues
