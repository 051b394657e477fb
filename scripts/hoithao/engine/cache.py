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
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from hoithao.engine.ordering import ReturnDates
from hoithao.engine.result import ReturnResult
from hoithao.issues import FileLog, Issue
from hoithao.models import Delegate, PaperForm
from hoithao.workspace import CACHE_DIR, TEMP_PREFIX, Workspace

FORMAT = 1  # bumped when the entry layout changes
RESULTS_FOLDER = "phieu"
_CLASSES: dict[str, type] = {
    cls.__name__: cls for cls in (ReturnResult, FileLog, Issue, Delegate, PaperForm, ReturnDates)
}


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
        {"format": FORMAT, "key": key, "results": [_encode(r) for r in results]},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    return hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b"\n" + body


def decode_entry(data: bytes, key: str) -> list[ReturnResult]:
    check, _, body = data.partition(b"\n")
    if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != check:
        raise DamagedEntryError("digest")
    entry = json.loads(body, object_hook=_decode)
    if entry.get("format") != FORMAT or entry.get("key") != key:
        raise DamagedEntryError("foreign")
    results = entry["results"]
    if not all(isinstance(r, ReturnResult) for r in results):
        raise DamagedEntryError("shape")
    return results


TIMES = ("read_seconds", "process_seconds")  # how long it took: not part of the result


def _encode(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {
            "$": type(value).__name__,
            **{
                f.name: _encode(getattr(value, f.name))
                for f in fields(value)
                if f.name not in TIMES
            },
        }
    if isinstance(value, datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"not kept in the cache: {type(value).__name__}")


def _decode(value: dict[str, object]) -> object:
    """json's object hook: called on every object, innermost first."""
    kind = value.get("$")
    if kind is None:
        return value
    if kind in ("datetime", "date", "tuple"):
        inner = value["v"]
        if kind == "tuple" and isinstance(inner, list):
            return tuple(inner)
        if isinstance(inner, str):
            return (
                datetime.fromisoformat(inner) if kind == "datetime" else date.fromisoformat(inner)
            )
        raise DamagedEntryError(f"bad {kind}")
    cls = _CLASSES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise DamagedEntryError(f"unknown kind {kind!r}")
    del value["$"]
    return cls(**value)
