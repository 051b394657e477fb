"""Each return's result kept under output/.cache/, keyed by everything it depends on, so that a
re-run reads, checks and parses only the returns that are new or changed.

What it buys, measured with benchmarks/bench_consolidate.py on 2 shared cores: a re-run with
nothing changed reads no return again and costs 0.35-0.37 s at N=1,000 (0.11-0.13x a first run,
wall; 2.5 s at N=10,000, 0.12-0.14x) where it cost as much as a first run; together with
engine/unchanged.py, which then writes nothing. Writing an entry costs the first run ~0.1 ms
of a worker's time per return, loading one ~0.1 ms (JSON, one file per return).

The key is a digest of the file's bytes, its name as shown and its modification time (both
are clues to the unit and to which return is later), staff's unit override for it, and the
context: the master's bytes, the tool's version and source, python-calamine's version,
the size limit of the guard and the time zone. An entry holds its own key and a digest of its
text: a damaged, truncated or foreign entry is ignored (and rewritten), never trusted. Entries
are JSON decoded into a fixed set of classes, never pickles, so an entry cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import date, datetime
from functools import cache
from operator import attrgetter
from pathlib import Path

from hoithao.engine.ordering import ReturnDates
from hoithao.engine.result import ReturnResult
from hoithao.issues import FileLog, Issue
from hoithao.models import Delegate, PaperForm
from hoithao.workspace import CACHE_DIR, TEMP_PREFIX, Workspace

FORMAT = 2  # bumped when the entry layout changes
RESULTS_FOLDER = "phieu"


class DamagedEntryError(ValueError):
    """A cache entry that must not be used."""


PACKAGE = Path(__file__).resolve().parents[1]  # hoithao/, whose __init__.py has __version__


@cache
def source_digest(package: Path) -> str:
    """The digest of the tool's source, its version included: an edited module is a new tool."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def calamine_version() -> str:
    """The parser's version: from its dist-info folder's name, 10 ms faster than
    importlib.metadata, which scans every installed distribution."""
    import python_calamine

    site = Path(python_calamine.__file__).resolve().parents[1]
    found = sorted(p.name for p in site.glob("python_calamine-*.dist-info"))
    if len(found) == 1:
        return found[0]
    from importlib.metadata import version

    return version("python-calamine")


def context_digest(master: Path) -> str:
    """What every result depends on beyond its own file."""
    from hoithao.intake.guard import max_file_bytes

    digest = hashlib.blake2b(digest_size=16)
    parts = (
        f"format {FORMAT}",
        source_digest(PACKAGE),
        calamine_version(),
        str(max_file_bytes()),
        f"{time.timezone} {time.altzone} {time.daylight} {time.tzname}",
        hashlib.blake2b(master.read_bytes()).hexdigest(),
    )
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


class ResultCache:
    """The results of earlier runs, one JSON file per return under output/.cache/phieu/."""

    def __init__(self, ws: Workspace, context: str) -> None:
        self.folder = ws.path(CACHE_DIR) / RESULTS_FOLDER
        self.context = context
        self.hits = 0

    @classmethod
    def open(cls, ws: Workspace) -> ResultCache | None:
        """None when the master cannot be read (the run then says why, as before)."""
        try:
            return cls(ws, context_digest(ws.master))
        except OSError:
            return None

    def key(self, path: Path, file: str, overrides: Mapping[str, str]) -> str | None:
        """The file's key; None when it cannot be read now (it is then processed, which says
        why)."""
        try:
            with path.open("rb") as handle:
                stat = os.fstat(handle.fileno())
                content = hashlib.file_digest(handle, "blake2b").hexdigest()
        except OSError:
            return None
        mine = sorted((f, u) for f, u in overrides.items() if f == file or f.startswith(file + "/"))
        text = "\0".join([self.context, content, file, str(stat.st_mtime_ns), repr(mine)])
        return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> list[ReturnResult] | None:
        """The results kept for `key`, or None (missing, damaged, foreign)."""
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        try:
            results = decode_entry(data, key)
        except (DamagedEntryError, ValueError, TypeError, KeyError, RecursionError):
            return None
        self.hits += 1
        return results

    def keep_only(self, keys: Iterable[str | None]) -> int:
        """Remove the entries no current file uses (a return deleted or replaced, an earlier
        master): staff edit the master often, and each edit would otherwise leave a whole
        set of entries behind for the two weeks of the event. Returns how many went."""
        wanted = {f"{key}.json" for key in keys if key}
        removed = 0
        with contextlib.suppress(OSError):
            for entry in self.folder.glob("*.json"):
                if entry.name not in wanted:
                    with contextlib.suppress(OSError):
                        entry.unlink()
                        removed += 1
        return removed

    def put(self, key: str, results: list[ReturnResult]) -> None:
        """Keep the results; a cache that cannot be written only costs the next run time."""
        put_entry(self.folder, key, results)


def put_entry(folder: Path, key: str, results: list[ReturnResult]) -> None:
    """Written to a temporary file and renamed, so a reader sees a whole entry or none."""
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{key}.json"
        temp = folder / f"{TEMP_PREFIX}{key}-{os.getpid()}"
        temp.write_bytes(encode_entry(key, results))
        temp.replace(target)


def encode_entry(key: str, results: Iterable[ReturnResult]) -> bytes:
    body = json.dumps(
        {"format": FORMAT, "key": key, "results": [_encode_result(r) for r in results]},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    return hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b"\n" + body


def decode_entry(data: bytes, key: str) -> list[ReturnResult]:
    check, _, body = data.partition(b"\n")
    if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != check:
        raise DamagedEntryError("digest")
    entry = json.loads(body)
    if type(entry) is not dict or entry.get("format") != FORMAT or entry.get("key") != key:
        raise DamagedEntryError("foreign")
    results = entry["results"]
    if type(results) is not list:
        raise DamagedEntryError("shape")
    return [_decode_result(r) for r in results]


# --- the layout: each record a JSON array of its fields in declaration order --------------------
# Positional arrays, not {"name": value} objects walked field by field: encoding an entry cost a
# worker ~0.2 ms a return that way. The tool's source is part of every key, so an entry is never
# read by a version whose classes have other fields.
TIMES = ("read_seconds", "process_seconds")  # how long it took: not part of the result
_RESULT_FIELDS = ("log", "unit_code", "dates", "supplement", "delegates", "issues", "paper")
assert tuple(f.name for f in fields(ReturnResult)) == (*_RESULT_FIELDS, *TIMES)


def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_RECORDS: dict[type, int] = {
    cls: len(_names(cls)) for cls in (FileLog, Issue, Delegate, PaperForm, ReturnDates)
}
_LOG, _ISSUE, _DELEGATE, _PAPER = (
    attrgetter(*_names(cls)) for cls in (FileLog, Issue, Delegate, PaperForm)
)
_DATES = attrgetter(*_names(ReturnDates))
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _checked(values: tuple[object, ...]) -> tuple[object, ...]:
    """A record's values as they are written: plain JSON values or lists of them; anything else
    (a tuple, a date) would not come back as it went in."""
    for value in values:
        if value.__class__ not in _PLAIN and not _plain(value):
            raise TypeError(f"not kept in the cache: {type(value).__name__}")
    return values


def _plain(value: object) -> bool:
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def _when(value: date | None) -> str | None:
    """A datetime's ISO text always holds a "T"; a date's never does."""
    if value is None:
        return None
    if not isinstance(value, date):
        raise TypeError(f"not kept in the cache: {type(value).__name__}")
    return value.isoformat()


def _encode_result(result: ReturnResult) -> list[object]:
    return [
        _checked(_LOG(result.log)),
        result.unit_code,
        [_when(v) for v in _DATES(result.dates)],
        result.supplement,
        [_checked(_DELEGATE(d)) for d in result.delegates],
        [_checked(_ISSUE(i)) for i in result.issues],
        _checked(_PAPER(result.paper)) if result.paper is not None else None,
    ]


def _record(cls: type, values: object) -> object:
    if type(values) is not list or len(values) != _RECORDS[cls]:
        raise DamagedEntryError(f"bad {cls.__name__}")
    return cls(*values)


def _moment(text: object) -> date | None:
    if text is None:
        return None
    if type(text) is not str:
        raise DamagedEntryError("bad date")
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def _decode_result(item: object) -> ReturnResult:
    if type(item) is not list or len(item) != len(_RESULT_FIELDS):
        raise DamagedEntryError("bad result")
    log, unit_code, dates, supplement, delegates, issues, paper = item
    if type(dates) is not list or type(delegates) is not list or type(issues) is not list:
        raise DamagedEntryError("bad result")
    return ReturnResult(
        _record(FileLog, log),  # type: ignore[arg-type]
        unit_code,
        _record(ReturnDates, [_moment(v) for v in dates]),  # type: ignore[arg-type]
        supplement,
        [_record(Delegate, d) for d in delegates],  # type: ignore[misc]
        [_record(Issue, i) for i in issues],  # type: ignore[misc]
        None if paper is None else _record(PaperForm, paper),  # type: ignore[arg-type]
    )
