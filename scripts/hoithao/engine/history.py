"""What changed since the last run (DESIGN §9): snapshots in output/lich_su/ and the comparison.

Every `consolidate` whose result differs from the latest snapshot keeps a new one; the report
compares the result with the snapshot before it. Delegate codes (Mã ĐB) are carried over from the
latest snapshot to the same person even when a return corrects their name's spelling, phone or
role, since badges with the code may already be printed (`reuse_ids`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import orjson

from hoithao.engine.result import delegate_id
from hoithao.errors import HistoryError, write_error
from hoithao.models import Changes, Delegate, Master
from hoithao.vn.text import fold
from hoithao.workspace import HISTORY_DIR, Workspace
from hoithao.xlsx.output import write_bytes_atomically

STAMP = "%Y-%m-%d_%H%M%S"
_STAMP_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{6}$")
# the fields of a delegate whose change is reported (`source` moves with every new file)
FIELDS = (
    "full_name",
    "gender",
    "party_role",
    "job_title",
    "unit_code",
    "category",
    "phone",
    "email",
)
NAME_SIMILARITY = 0.85  # folded full names at least this alike: a spelling correction
GIVEN_SIMILARITY = 0.75  # given names (last word) at least this alike
CONTACT_BONUS = 0.25  # same phone or e-mail: a looser name match suffices


# --- snapshots ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Snapshot:
    time: datetime
    path: Path | None
    delegates: list[dict[str, str]]
    units_returned: list[str]

    def content(self) -> tuple[object, ...]:
        """What a change report compares (not the files the rows came from)."""
        people = sorted(tuple(d.get(k, "") for k in ("id", *FIELDS)) for d in self.delegates)
        return tuple(people), tuple(sorted(self.units_returned))


def _record(d: Delegate) -> dict[str, str]:
    return {**d.to_json(), "unit_name": d.unit_name, "invitee": "x" if d.is_invitee else ""}


def current_snapshot(delegates: Iterable[Delegate], returned: Iterable[str]) -> Snapshot:
    return Snapshot(datetime.min, None, [_record(d) for d in delegates], sorted(returned))


def history_folder(ws: Workspace) -> Path:
    return ws.path(HISTORY_DIR)


def list_snapshots(ws: Workspace) -> list[tuple[datetime, Path]]:
    """The snapshot files, oldest first; other files in the folder are ignored."""
    folder = history_folder(ws)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.json"):
        if _STAMP_NAME.match(path.stem):
            try:
                found.append((datetime.strptime(path.stem, STAMP), path))
            except ValueError:  # "2022-13-45_…": not a time, not ours
                continue
    return sorted(found)


def load_snapshot(path: Path) -> Snapshot | None:
    """None for a file that is not a readable snapshot (hand-edited, cut short)."""
    try:
        data = orjson.loads(path.read_bytes())
        when = datetime.fromisoformat(data["time"])
        delegates = [{k: str(v) for k, v in d.items()} for d in data["delegates"]]
        return Snapshot(when, path, delegates, [str(c) for c in data["units_returned"]])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def latest_snapshots(ws: Workspace, count: int = 2) -> list[Snapshot]:
    """The last `count` readable snapshots, oldest first; only those are read (a fortnight of
    daily runs keeps dozens of files, each the whole list)."""
    found: list[Snapshot] = []
    for _, path in reversed(list_snapshots(ws)):
        snapshot = load_snapshot(path)
        if snapshot is not None:
            found.insert(0, snapshot)
            if len(found) == count:
                break
    return found


def save_snapshot(ws: Workspace, snapshot: Snapshot, now: datetime) -> str:
    """output/lich_su/<YYYY-MM-DD_HHMMSS>.json, a second later than any existing one."""
    existing = list_snapshots(ws)
    when = now.replace(microsecond=0)
    if existing and existing[-1][0] >= when:
        when = existing[-1][0].replace(microsecond=0)
        when = when.fromtimestamp(when.timestamp() + 1)
    name = f"{HISTORY_DIR}/{when.strftime(STAMP)}.json"
    data = {
        "time": when.isoformat(),
        "delegates": snapshot.delegates,
        "units_returned": snapshot.units_returned,
    }
    try:
        target = ws.output(name)
    except OSError as exc:  # output/lich_su is a file, or output/ cannot be written
        raise write_error(exc, name, ws.root / name) from exc
    write_bytes_atomically(json_bytes(data), target, name)
    return name


def find_snapshot(ws: Workspace, wanted: str) -> Snapshot:
    """`--tu`: a snapshot file (name or path), or a date: the last snapshot up to that day."""
    text = wanted.strip()
    candidates = [Path(text), history_folder(ws) / text, history_folder(ws) / f"{text}.json"]
    for path in candidates:
        if path.is_file():
            snapshot = load_snapshot(path)
            if snapshot is None:
                raise HistoryError(f"Tệp {text} không phải bản lưu kết quả tổng hợp của hoithao.")
            return snapshot
    day = _parse_day(text)
    if day is None:
        raise HistoryError(
            f"“{text}” không phải ngày (ví dụ 09/05/2022 hoặc 2022-05-09) cũng không phải tệp "
            f"trong {HISTORY_DIR}/."
        )
    files = list_snapshots(ws)
    for when, path in reversed(files):
        snapshot = load_snapshot(path) if when <= datetime.combine(day, time.max) else None
        if snapshot is not None:
            return snapshot
    first = f" Bản lưu sớm nhất: {files[0][0]:%d/%m/%Y %H:%M}." if files else ""
    raise HistoryError(f"Không có bản lưu kết quả nào đến hết ngày {day:%d/%m/%Y}.{first}")


def _parse_day(text: str) -> date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --- the same person across runs ----------------------------------------------------------------
def _given(name: str) -> str:
    words = fold(name).split()
    return words[-1] if words else ""


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _score(now: Delegate, before: dict[str, str]) -> float:
    """How surely two records of one unit are one person whose row was corrected; 0: not."""
    if _ratio(_given(now.full_name), _given(before["full_name"])) < GIVEN_SIMILARITY:
        return 0.0
    name = _ratio(fold(now.full_name), fold(before["full_name"]))
    contact = (now.phone and now.phone == before.get("phone")) or (
        now.email and now.email.lower() == before.get("email", "").lower()
    )
    score = name + (CONTACT_BONUS if contact else 0.0)
    return score if score >= NAME_SIMILARITY else 0.0


def reuse_ids(
    delegates: list[Delegate], previous: list[dict[str, str]], family: Callable[[str], str]
) -> None:
    """Give each delegate the code the same person had in the previous snapshot.

    Within one family (a grassroots unit with its sub-units; an invitee category): the same
    folded name first, then the closest corrected spelling. Everyone else keeps the code made
    from unit and name, made unique if it is a code someone else holds or held.
    """

    def key(unit_code: str, category: str, invitee: bool) -> str:
        return f"#{category}" if invitee else family(unit_code)

    groups: dict[str, list[dict[str, str]]] = {}
    for record in previous:
        group = key(record["unit_code"], record.get("category", ""), bool(record.get("invitee")))
        groups.setdefault(group, []).append(record)
    taken: set[str] = set()
    matched: dict[int, str] = {}
    pending = list(enumerate(delegates))
    for exact in (True, False):
        pairs = []
        for index, d in pending:
            for record in groups.get(key(d.unit_code, d.category, d.is_invitee), []):
                if record["id"] in taken:
                    continue
                if exact:
                    same = fold(d.full_name) == fold(record["full_name"])
                    score = 2.0 + (record["unit_code"] == d.unit_code) if same else 0.0
                else:
                    score = _score(d, record)
                if score:
                    pairs.append((score, index, record["id"]))
        for _value, index, code in sorted(pairs, key=lambda p: -p[0]):
            if index not in matched and code not in taken:
                matched[index] = code
                taken.add(code)
        pending = [(i, d) for i, d in pending if i not in matched]
    held = {record["id"] for record in previous} | taken
    for index, d in enumerate(delegates):
        if index in matched:
            d.id = matched[index]
            continue
        code, n = d.id, 1
        while code in held:
            n += 1
            code = delegate_id(d.id.rsplit("-", 1)[0], f"{d.full_name}#{n}")
        d.id = code
        held.add(code)


def unit_family(master: Master) -> Callable[[str], str]:
    """A unit's grassroots unit: corrections may move a person to a sub-unit and back."""

    def family(code: str) -> str:
        unit = master.units.get(code)
        return unit.parent if unit is not None and unit.parent else code

    return family


# --- the change report --------------------------------------------------------------------------
def compare(before: Snapshot | None, now: Snapshot) -> Changes:
    """The changes that turn `before` into `now` (everything is new when there is no before)."""
    if before is None:
        return Changes(None)
    old = {d["id"]: d for d in before.delegates}
    new = {d["id"]: d for d in now.delegates}
    changes = Changes(before.time)
    changes.added = [d for code, d in new.items() if code not in old]
    changes.removed = [d for code, d in old.items() if code not in new]
    for code, d in new.items():
        if code in old:
            for name in FIELDS:
                if old[code].get(name, "") != d.get(name, ""):
                    changes.changed.append((d, name, old[code].get(name, ""), d.get(name, "")))
    returned_before, returned_now = set(before.units_returned), set(now.units_returned)
    changes.units_returned = sorted(returned_now - returned_before)
    changes.units_withdrawn = sorted(returned_before - returned_now)
    return changes


@dataclass
class History:
    """What build learnt from output/lich_su/: the report, and the snapshot run must keep."""

    changes: Changes
    pending: Snapshot | None  # None: the result is the latest snapshot already


def _same(one: Snapshot, other: Snapshot) -> bool:
    """Snapshot.content() equal, a count first (a new return most often adds people)."""
    if len(one.delegates) != len(other.delegates):
        return False
    return one.content() == other.content()


def compare_with_history(ws: Workspace, latest: Snapshot | None, now: Snapshot) -> History:
    """Against the latest snapshot; if the result is that snapshot, against the one before,
    read only then (each is the whole list: ~0.1 s at 10,000 returns)."""
    if latest is not None and _same(latest, now):
        found = latest_snapshots(ws, 2)
        before = found[0] if len(found) > 1 else None
        return History(compare(before, now), None)
    return History(compare(latest, now), now)


LIST_SLICE = 2000  # items of a list made into text at a time (~1 MB at 10,000 returns)
_DUMPS_OPTIONS = orjson.OPT_NON_STR_KEYS  # a count by number keeps its keys as json did


def json_bytes(data: dict[str, object]) -> Iterator[bytes]:
    """The object as UTF-8 JSON, indented, each item of a list on a line of its own: as readable
    as indent=2 for a delegate or an issue. orjson makes each line (json's C encoder took ~0.1 s
    at 10,000 returns, its indent=2 five times that), and the text comes in pieces, so that a
    writer never holds the whole of it."""
    yield b"{"
    for n, (key, value) in enumerate(data.items()):
        head = (b"\n  " if n == 0 else b",\n  ") + _dumps(key) + b": "
        if isinstance(value, list) and value:
            for start in range(0, len(value), LIST_SLICE):
                items = b",\n    ".join(map(_dumps, value[start : start + LIST_SLICE]))
                yield head + (b"[\n    " if start == 0 else b",\n    ") + items
                head = b""
            yield b"\n  ]"
        else:
            yield head + _dumps(value)
    yield b"\n}\n"


def _dumps(value: object) -> bytes:
    return orjson.dumps(value, option=_DUMPS_OPTIONS)
