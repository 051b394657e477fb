"""Each return's result kept under output/.cache/, keyed by everything it depends on, so that a
re-run reads, checks and parses only the returns that are new or changed.

What it buys, measured with benchmarks/bench_consolidate.py on 2 shared cores: a re-run with
nothing changed reads no return again and costs 0.35-0.37 s at N=1,000 (0.11-0.13x a first run,
wall; 2.5 s at N=10,000, 0.12-0.14x) where it cost as much as a first run; together with
engine/unchanged.py, which then writes nothing. The entries are packed in 16 files (8.4 MB at
N=10,000) read in one go: loading 10,000 results costs ~0.11 s of CPU, JSON decoding mostly,
where one file per return cost ~0.3 s and 10,000 file opens (each dear on Windows, antivirus
included). The workers encode each new entry with its result (~0.015 ms a return) and the main
process writes the packs that changed once a run (all 16 at N=10,000: 0.07 s; one new return:
one pack); the keys take each file's digest from engine/digests.py, hashed once a run: 0.02 s
for 10,000 keys, where hashing every return again cost 0.28 s.

The key is a digest of the file's bytes, its name as shown and its modification time (both
are clues to the unit and to which return is later), staff's unit override for it, and the
context: the master's bytes, the tool's version and source, python-calamine's version,
the size limit of the guard and the time zone. Each entry carries its key and a digest of its
text: a damaged, truncated or foreign entry (or a pack of another format) is ignored and
written again, never trusted. Entries are JSON decoded into a fixed set of classes, never
pickles, so an entry cannot run code; a pack is written to a temporary file and renamed, so a
crash leaves the old pack or the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path

import orjson

from hoithao.engine.digests import PACKAGE, FileDigests, file_digest, source_digest
from hoithao.engine.ordering import ReturnDates
from hoithao.engine.result import ReturnResult
from hoithao.issues import FileLog, Issue
from hoithao.master.stored import master_from_json, master_json
from hoithao.models import Delegate, Master, PaperForm
from hoithao.workspace import CACHE_DIR, TEMP_PREFIX, Workspace

FORMAT = 3  # bumped when the layout of a shard or an entry changes
RESULTS_FOLDER = "phieu"
STORED_MASTER = "so_goc.json"  # beside the results' folder
HEADER = f"hoithao-phieu {FORMAT}\n".encode()
HEX = "0123456789abcdef"
SHARDS = len(HEX)  # by a key's first digit: a new return rewrites a sixteenth of the entries
SHARD_NAMES = tuple(f"{digit}.pack" for digit in HEX)
_SHARD = {digit: index for index, digit in enumerate(HEX)}
# an entry: <CHECK_CHARS hex digits of the rest> <key> <JSON>
KEY_BYTES, CHECK_BYTES = 20, 16
KEY_CHARS, CHECK_CHARS = 2 * KEY_BYTES, 2 * CHECK_BYTES
KEY_END = CHECK_CHARS + 1 + KEY_CHARS


class DamagedEntryError(ValueError):
    """A cache entry that must not be used."""


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


def context_digest(master: str) -> str:
    """What every result depends on beyond its own file (`master`: the digest of its bytes)."""
    from hoithao.intake.guard import max_file_bytes

    digest = hashlib.blake2b(digest_size=16)
    parts = (
        f"format {FORMAT}",
        source_digest(PACKAGE),
        calamine_version(),
        str(max_file_bytes()),
        f"{time.timezone} {time.altzone} {time.daylight} {time.tzname}",
        master,
    )
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


class ResultCache:
    """The results of earlier runs, packed in SHARDS files under output/.cache/phieu/: a few files
    to open on a re-run, not one per return (each open costs, on Windows most, antivirus
    included). Read in one go when the first result is asked for; written by `save`, once a run,
    in the main process, which gathers the entries the workers encoded with their results."""

    def __init__(self, ws: Workspace, context: str, digests: FileDigests | None = None) -> None:
        self.folder = ws.path(CACHE_DIR) / RESULTS_FOLDER
        self.context = context
        self.digests = digests or FileDigests()
        self.hits = 0
        self._lines: dict[str, bytes] | None = None  # key -> its entry, as read or added
        self._stale: set[int] = set()  # shards to write again

    @classmethod
    def open(cls, ws: Workspace, digests: FileDigests | None = None) -> ResultCache | None:
        """None when the master cannot be read (the run then says why, as before)."""
        digests = digests or FileDigests()
        master = digests.of(ws.master, ws.rel(ws.master))
        if master is None:
            return None
        return cls(ws, context_digest(master.content), digests)

    def master(self, path: Path, shown: str, read: Callable[[], Master]) -> Master:
        """The master as the last run read it, when the workbook's bytes (and the tool) are the
        same (`output/.cache/so_goc.json`: ~0.15 s of a re-run at 10,000 units, ~15 ms at
        1,000), else `read()`, which raises on a broken workbook as before, kept for the next
        run if the workbook did not change while it was read. A kept master that is damaged,
        foreign or of another workbook is ignored."""
        target = self.folder.parent / STORED_MASTER
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, RecursionError):
            record = json.loads(target.read_bytes())
            text = record["master"]
            if record["key"] == self.context and record["digest"] == _text_digest(text):
                return master_from_json(text)
        master = read()
        known = self.digests.of(path, shown)
        with contextlib.suppress(OSError, ValueError, TypeError):
            if known is None or file_digest(path).content != known.content:
                return master  # saved by staff meanwhile: kept next time
            text = master_json(master)
            record = {"key": self.context, "digest": _text_digest(text), "master": text}
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_shard(target, [json.dumps(record, ensure_ascii=False).encode()], header=b"")
        return master

    def key(self, path: Path, file: str, overrides: Mapping[str, str]) -> str | None:
        """The file's key; None when it cannot be read now (it is then processed, which says
        why)."""
        digest = self.digests.of(path, file)
        if digest is None:
            return None
        mine = sorted((f, u) for f, u in overrides.items() if f == file or f.startswith(file + "/"))
        text = "\0".join([self.context, digest.content, file, str(digest.mtime_ns), repr(mine)])
        return hashlib.blake2b(text.encode(), digest_size=KEY_BYTES).hexdigest()

    def get(self, key: str) -> list[ReturnResult] | None:
        """The results kept for `key`, or None (missing, damaged, foreign: then dropped)."""
        return self.get_many([key])[0]

    def get_many(self, keys: list[str | None]) -> list[list[ReturnResult] | None]:
        """`get` for each key, the JSON of all the entries decoded in one call (one a return
        cost 10,000 returns ~0.1 s more)."""
        lines = self._read()
        found: list[tuple[int, str, bytes]] = []
        for index, key in enumerate(keys):
            line = lines.get(key) if key else None
            if line is not None and key is not None:
                body = _signed_body(line, key)
                if body is None:
                    self._drop(key)
                else:
                    found.append((index, key, body))
        done: list[list[ReturnResult] | None] = [None] * len(keys)
        for (index, key, _), results in zip(found, _loads_all([b for *_, b in found]), strict=True):
            try:
                done[index] = _decode_results(results)
            except (DamagedEntryError, ValueError, TypeError, KeyError, RecursionError):
                self._drop(key)
                continue
            self.hits += 1
        return done

    def _drop(self, key: str) -> None:
        del self._read()[key]
        self._stale.add(_shard(key))

    def add(self, key: str, entry: bytes) -> None:
        """An entry made by `encode_entry` (in a worker), kept by the next `save`."""
        self._read()[key] = entry
        self._stale.add(_shard(key))

    def put(self, key: str, results: list[ReturnResult]) -> None:
        self.add(key, encode_entry(key, results))

    def save(self, keys: Iterable[str | None]) -> int:
        """Write the shards that changed, each keeping only the entries current files use (a
        return deleted or replaced, an earlier master): staff edit the master often, and each
        edit would otherwise leave a whole set of entries behind for the two weeks of the
        event. A cache that cannot be written only costs the next run time. Returns how many
        entries went."""
        lines = self._read()
        wanted = {key for key in keys if key}
        gone = [key for key in lines if key not in wanted]
        for key in gone:
            del lines[key]
            self._stale.add(_shard(key))
        if self._stale:
            shards: dict[int, list[str]] = {index: [] for index in self._stale}
            for key in lines:
                if _shard(key) in shards:
                    shards[_shard(key)].append(key)
            with contextlib.suppress(OSError):
                self.folder.mkdir(parents=True, exist_ok=True)
                for index, mine in sorted(shards.items()):
                    _write_shard(self.folder / SHARD_NAMES[index], [lines[k] for k in sorted(mine)])
        self._stale.clear()
        self._lines = None  # the run goes on to write outputs: read again if asked again
        self._remove_strays()
        return len(gone)

    def _read(self) -> dict[str, bytes]:
        if self._lines is None:
            self._lines = {}
            for index, name in enumerate(SHARD_NAMES):
                self._lines.update(self._read_shard(index, self.folder / name))
        return self._lines

    def _read_shard(self, index: int, path: Path) -> dict[str, bytes]:
        """The shard's entries by key, unchecked (`get` checks the one it is asked for); a shard
        of another format, or with a line that is no entry of it, is written again."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError:
            self._stale.add(index)
            return {}
        if not data.startswith(HEADER):
            self._stale.add(index)
            return {}
        found: dict[str, bytes] = {}
        for line in data[len(HEADER) :].split(b"\n"):
            key = line[CHECK_CHARS + 1 : KEY_END].decode("ascii", "replace")
            if len(line) > KEY_END and _SHARD.get(key[:1]) == index and len(key) == KEY_CHARS:
                found[key] = line
            elif line:
                self._stale.add(index)
        return found

    def _remove_strays(self) -> None:
        """Anything else in the folder: one file per return, as an earlier version kept them."""
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            strays = [
                Path(entry.path)
                for entry in entries
                if entry.name not in SHARD_NAMES and not entry.name.startswith(TEMP_PREFIX)
            ]
            for stray in strays:
                with contextlib.suppress(OSError):
                    stray.unlink()


def _shard(key: str) -> int:
    return _SHARD.get(key[:1], 0)


def _text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _write_shard(target: Path, lines: list[bytes], header: bytes = HEADER) -> None:
    """Written to a temporary file and renamed: a crash leaves the old shard or the new one."""
    if not lines:
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
        return
    temp = target.with_name(f"{TEMP_PREFIX}{target.name}-{os.getpid()}")
    try:
        temp.write_bytes(header + b"\n".join(lines) + b"\n")
        temp.replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def encode_entry(key: str, results: Iterable[ReturnResult]) -> bytes:
    """One line of a shard: a digest of the rest, the key, the results as JSON (which escapes
    every line break inside a string)."""
    body = json.dumps(
        [_encode_result(r) for r in results], ensure_ascii=False, separators=(",", ":")
    ).encode()
    signed = key.encode() + b" " + body
    return hashlib.blake2b(signed, digest_size=CHECK_BYTES).hexdigest().encode() + b" " + signed


def decode_entry(line: bytes, key: str) -> list[ReturnResult]:
    body = _signed_body(line, key)
    if body is None:
        raise DamagedEntryError("digest or key")
    return _decode_results(_loads_all([body])[0])


def _signed_body(line: bytes, key: str) -> bytes | None:
    """The entry's JSON, if its digest and key are as written for `key`."""
    check, signed = line[:CHECK_CHARS], line[CHECK_CHARS + 1 :]
    if hashlib.blake2b(signed, digest_size=CHECK_BYTES).hexdigest().encode() != check:
        return None
    if signed[: KEY_END - CHECK_CHARS] != key.encode() + b" ":
        return None
    return signed[KEY_END - CHECK_CHARS :]


def _loads_all(bodies: list[bytes]) -> list[object]:
    """Each body's JSON, None for one that is none; all in one orjson call if they can be."""
    if not bodies:
        return []
    with contextlib.suppress(ValueError):
        found = orjson.loads(b"[" + b",".join(bodies) + b"]")
        if len(found) == len(bodies):  # (a body "1,2" would be two)
            return found  # type: ignore[no-any-return]
    return [_loads(body) for body in bodies]  # a NaN, which only json reads, or a bad body


def _loads(body: bytes) -> object:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _decode_results(results: object) -> list[ReturnResult]:
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
