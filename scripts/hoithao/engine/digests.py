"""Each input file's bytes hashed once a run: engine/unchanged.py's key of the whole run and
engine/cache.py's key of each return both read the digests from here (hashing 10,000 returns
twice cost a re-run ~0.2 s).

Between runs the digests are kept with each file's size, time and identity
(`output/.cache/digests.json`), as git's index and rsync's quick check keep them: a file whose
stat is as it was is not read again (hashing 10,000 returns cost every re-run ~0.2 s). A file
is trusted that way only when its time is well before the moment the run that hashed it
began, measured by the clock of the disk it is on (`_disk_time`): a file rewritten after it
was hashed then has another time, even on a FAT drive whose time step is 2 seconds or a
network drive whose clock is not this computer's. On Windows, a file rewritten in place with
its size and its time set back as they were is not seen (elsewhere its change time tells); no
program that saves a workbook does that.

The tool's own source is digested here too (`source_digest`): both keys hold it, and a re-run
with nothing new then needs no more than this module and engine/unchanged.py."""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path

import orjson

PACKAGE = Path(__file__).resolve().parents[1]  # hoithao/, whose __init__.py has __version__
KEPT = "digests.json"
FORMAT = 1
# a file is trusted only if its time is this much before the run that hashed it began:
# coarser than any disk's time step (FAT's: 2 s)
SETTLED_NS = 3_000_000_000


@cache
def source_digest(package: Path) -> str:
    """The digest of the tool's source, its version included: an edited module is a new tool."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class FileDigest:
    content: str  # of the bytes: content, not times, says whether a file changed
    mtime_ns: int  # taken from the open file, as the bytes were read
    size: int = -1  # the same
    stamp: str = ""  # size, times, identity and disk, by path (`_stamp`); "": not to be kept


class FileDigests:
    """The digests of the files read so far this run, by the path users see (workspace-relative).

    Hashed once and then trusted for the rest of the run: a return replaced while the run
    reads it is the next run's new return, as it was when each reader hashed the file again.
    With `folder` (the cache's), the digests the last run kept are taken for files whose stat
    is as it was (`keep` writes them for the next run)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._known: dict[str, FileDigest] = {}
        self._folder = folder
        self._kept: dict[str, list[str]] = {}
        self._kept_clock: tuple[int, int] | None = None  # (time ns, disk) the last record began
        self._clock: tuple[int, int] | None = None  # this run's, taken before its first hash
        self._hashed = 0
        if folder is not None:
            self._kept, self._kept_clock = _read_kept(folder / KEPT)

    def of(self, path: Path, shown: str) -> FileDigest | None:
        """None when the file cannot be read now (not remembered: a later reader tries again)."""
        known = self._known.get(shown)
        if known is None:
            known = self._as_kept(path, shown)
            if known is None:
                self._start_clock()
                try:
                    known = self._hashed_now(path)
                except OSError:
                    return None
                self._hashed += 1
            self._known[shown] = known
        return known

    def _hashed_now(self, path: Path) -> FileDigest:
        """The file's digest, stamped by its stat taken by path just before it was read, as the
        next run will stat it (on Windows a path's stat and an open file's may tell its
        identity and disk in other terms), if the file read was the one stat saw."""
        if self._folder is None:
            return file_digest(path)
        before = path.stat()
        known = file_digest(path)
        if (before.st_size, before.st_mtime_ns) != (known.size, known.mtime_ns):
            return known  # changed meanwhile: not kept
        return replace(known, stamp=_stamp(before))

    def _as_kept(self, path: Path, shown: str) -> FileDigest | None:
        kept = self._kept.get(shown)
        if kept is None or self._kept_clock is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        when, disk = self._kept_clock
        if stat.st_mtime_ns >= when - SETTLED_NS or stat.st_dev != disk or _stamp(stat) != kept[0]:
            return None
        return FileDigest(kept[1], stat.st_mtime_ns, stat.st_size, kept[0])

    def _start_clock(self) -> None:
        """The disk's time before the first file of this run is hashed (once): the record's
        temporary file, made empty and looked at (it becomes the record, or goes)."""
        if self._clock is None and self._folder is not None:
            self._clock = _disk_time(self._temp()) or (0, -1)

    def keep(self) -> None:
        """The digests of this run's files, for the next run. Nothing is written when the record
        would say no more than the last one (every file as it was, none trusted sooner). A record
        that cannot be written only costs time."""
        if self._folder is None:
            return
        temp = self._temp()
        try:
            files = {shown: [d.stamp, d.content] for shown, d in self._known.items() if d.stamp}
            clock = self._clock if self._hashed else self._kept_clock
            if clock is None or clock[1] < 0 or not self._news(files, clock):
                return
            temp.write_bytes(orjson.dumps({"format": FORMAT, "clock": list(clock), "files": files}))
            temp.replace(self._folder / KEPT)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)

    def _news(self, files: dict[str, list[str]], clock: tuple[int, int]) -> bool:
        if files != self._kept:
            return True
        if not self._hashed or self._kept_clock is None:
            return False
        return _settled(files, clock) != _settled(files, self._kept_clock)

    def _temp(self) -> Path:
        assert self._folder is not None
        return self._folder / f".~tmp-{KEPT}-{os.getpid()}"


def _settled(files: dict[str, list[str]], clock: tuple[int, int]) -> set[str]:
    """The files a record with this clock lets the next run trust."""
    return {
        f for f, (stamp, _) in files.items() if int(stamp.split(":")[1]) < clock[0] - SETTLED_NS
    }


def _read_kept(path: Path) -> tuple[dict[str, list[str]], tuple[int, int] | None]:
    """The last run's record; nothing for a missing, damaged or foreign one."""
    try:
        record = orjson.loads(path.read_bytes())
        when, disk = record["clock"]
        files = record["files"]
        if record["format"] != FORMAT or type(when) is not int or type(disk) is not int:
            return {}, None
        if type(files) is not dict or not all(_is_entry(v) for v in files.values()):
            return {}, None
    except (OSError, ValueError, TypeError, KeyError):
        return {}, None
    return files, (when, disk)


def _is_entry(value: object) -> bool:
    return type(value) is list and len(value) == 2 and all(type(v) is str for v in value)


def _disk_time(path: Path) -> tuple[int, int] | None:
    """Now, by the clock that stamps files on `path`'s disk: a file made and looked at."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_dev


def _stamp(stat: os.stat_result) -> str:
    # text, not numbers: a file's identity on some disks is wider than JSON's integers. The
    # change time (not Windows': its st_ctime is the creation) moves with any write, even one
    # whose modification time was then set back.
    changed = 0 if os.name == "nt" else stat.st_ctime_ns
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}:{stat.st_dev}:{changed}"


WHOLE = 1 << 24  # files up to this size are read in one go (a third faster than streamed)


def file_digest(path: Path) -> FileDigest:
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        if stat.st_size <= WHOLE:
            digest = hashlib.blake2b(handle.read(), digest_size=16)
        else:  # a film dropped among the returns: not held in memory whole
            digest = hashlib.file_digest(handle, partial(hashlib.blake2b, digest_size=16))
    return FileDigest(digest.hexdigest(), stat.st_mtime_ns, stat.st_size)
