"""Each input file's bytes hashed once a run: engine/unchanged.py's key of the whole run and
engine/cache.py's key of each return both read the digests from here (hashing 10,000 returns
twice cost a re-run ~0.2 s)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path


@dataclass(frozen=True)
class FileDigest:
    content: str  # of the bytes: content, not times, says whether a file changed
    mtime_ns: int  # taken from the open file, as the bytes were read


class FileDigests:
    """The digests of the files read so far this run, by the path users see (workspace-relative).

    Hashed once and then trusted for the rest of the run: a return replaced while the run
    reads it is the next run's new return, as it was when each reader hashed the file again."""

    def __init__(self) -> None:
        self._known: dict[str, FileDigest] = {}

    def of(self, path: Path, shown: str) -> FileDigest | None:
        """None when the file cannot be read now (not remembered: a later reader tries again)."""
        known = self._known.get(shown)
        if known is None:
            try:
                known = file_digest(path)
            except OSError:
                return None
            self._known[shown] = known
        return known


WHOLE = 1 << 24  # files up to this size are read in one go (a third faster than streamed)


def file_digest(path: Path) -> FileDigest:
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        if stat.st_size <= WHOLE:
            digest = hashlib.blake2b(handle.read(), digest_size=16)
        else:  # a film dropped among the returns: not held in memory whole
            digest = hashlib.file_digest(handle, partial(hashlib.blake2b, digest_size=16))
    return FileDigest(digest.hexdigest(), stat.st_mtime_ns)
