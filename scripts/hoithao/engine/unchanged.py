"""Outputs a re-run need not write again: everything they are made from is what the last run
wrote them from, and they are still on disk as that run left them.

What it buys: the write phase is a third of a first run (0.7-1.2 s at N=1,000, 8-9 s at
N=10,000, benchmarks/bench_consolidate.py); with the returns' results from engine/cache.py, a
re-run with nothing changed writes nothing but checks the check-in workbook (nothing to
append), in 0.05 s at N=1,000. The digest covers the whole
Consolidation (master, delegates, issues, file log, papers, date, changes since the last
snapshot), the templates, the papers' Word files the kỷ yếu copies, and the tool's source; the
manifest beside the cache (output/.cache/) keeps it with the size and time of every file
written. A missing, damaged or foreign manifest only means the outputs are written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from hoithao.engine.digests import PACKAGE, FileDigests, file_digest, source_digest
from hoithao.workspace import CACHE_DIR, MASTER_FILE, TEMP_PREFIX, Workspace

if TYPE_CHECKING:
    from hoithao.models import Consolidation

MANIFEST = "outputs.json"
FORMAT = 1
DIGEST_SLICE = 1000  # records of the Consolidation turned into text at a time


def _plain(value: object) -> object:
    """orjson's fallback (it writes dataclasses, dates and times itself): sets sorted, paths."""
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"not part of the outputs' digest: {type(value).__name__}")


def outputs_digest(c: Consolidation, ws: Workspace) -> str:
    """A digest of everything the outputs of `run` are made from."""
    digest = hashlib.blake2b(source_digest(PACKAGE).encode(), digest_size=20)
    content = [c.master, c.delegates, c.issues, c.file_log, c.papers, c.returned, c.today]
    content.append(c.changes)
    for part in content:  # a long list in slices: its whole text would be ~70 MB at 10,000
        items = part if isinstance(part, list) else [part]
        digest.update(b"\0%d\0" % len(items))
        for start in range(0, len(items), DIGEST_SLICE):
            piece = items[start : start + DIGEST_SLICE]
            digest.update(orjson.dumps(piece, default=_plain, option=orjson.OPT_NON_STR_KEYS))
    templates = ws.templates_dir
    files = sorted(p for p in templates.rglob("*") if p.is_file()) if templates.is_dir() else []
    files += [ws.path(f) for f in sorted({f for p in c.papers for f in p.files})]
    for path in files:
        digest.update(ws.rel(path).encode() + b"\0")
        with contextlib.suppress(OSError):
            digest.update(hashlib.blake2b(path.read_bytes()).digest())
    return digest.hexdigest()


def _manifest(ws: Workspace) -> Path:
    return ws.path(CACHE_DIR) / MANIFEST


def _stats(ws: Workspace, outputs: list[str]) -> dict[str, list[int]]:
    """Size and modification time of every file of the outputs (a folder: the files in it)."""
    found: dict[str, list[int]] = {}
    for output in outputs:
        path = ws.path(output)
        if output.endswith("/"):
            files = sorted(p for p in path.glob("*") if p.is_file()) if path.is_dir() else []
        else:
            files = [path]
        for file in files:
            with contextlib.suppress(OSError):
                stat = file.stat()
                found[ws.rel(file)] = [stat.st_size, stat.st_mtime_ns]
    return found


def unchanged_outputs(ws: Workspace, digest: str) -> list[str] | None:
    """The outputs the last run wrote, when they need not be written again; else None."""
    try:
        manifest = json.loads(_manifest(ws).read_text(encoding="utf-8"))
        if manifest["format"] != FORMAT or manifest["digest"] != digest:
            return None
        outputs = manifest["outputs"]
        if not all(isinstance(o, str) for o in outputs):
            return None
        if _stats(ws, outputs) != manifest["files"]:
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return outputs


def forget_outputs(ws: Workspace) -> None:
    """Before writing: a run stopped halfway must not leave a manifest that still matches."""
    with contextlib.suppress(OSError):
        _manifest(ws).unlink(missing_ok=True)


def remember_outputs(ws: Workspace, digest: str, outputs: list[str]) -> None:
    """After every output was written; a manifest that cannot be written only costs time."""
    manifest = {"format": FORMAT, "digest": digest, "outputs": outputs}
    manifest["files"] = _stats(ws, outputs)
    _write_record(_manifest(ws), manifest)


# --- a whole run with nothing new: the last run's answer, as it printed it -------------------
RUN_RECORD = "run.json"


def inputs_key(ws: Workspace, today: date, digests: FileDigests | None = None) -> str:
    """Name and bytes of every file a run reads (workbooks/, templates/), the check-in
    workbook aside (the run itself appends to it: `checkin_key`), with the day (deadlines) and
    the tool. Bytes, not times: a file replaced within a FAT or network drive's 2-second time
    step must not pass for the one the last run read (hashing 10,000 returns costs ~0.2 s of
    CPU; the run's results cache then takes the returns' digests from `digests`)."""
    digests = digests or FileDigests()
    digest = hashlib.blake2b(source_digest(PACKAGE).encode(), digest_size=20)
    digest.update(today.isoformat().encode())
    checkin = ws.rel(ws.checkin)
    for folder in (ws.path(MASTER_FILE).parent, ws.templates_dir):
        for shown, path in _files(ws, folder):
            if shown != checkin:
                content = digests.of(path, shown)
                digest.update(f"{shown}\0{content.content if content else '-'}\n".encode())
    return digest.hexdigest()


def _files(ws: Workspace, folder: Path) -> list[tuple[str, Path]]:
    """Every file below `folder` as (the path users see, path), sorted: os.walk, whose entries
    say what they are without a stat of each file (pathlib's rglob + is_file: one each)."""
    found = []
    for root, _dirs, names in os.walk(folder):
        base = Path(root)
        prefix = ws.rel(base) + "/"
        found.extend((prefix + name, base / name) for name in names)
    return sorted(found)


def checkin_key(ws: Workspace) -> str:
    try:
        content = file_digest(ws.checkin).content
    except OSError:
        content = "-"
    return f"{ws.rel(ws.checkin)}\0{content}\n"


def replayed_summary(ws: Workspace, key: str) -> str | None:
    """What the last run printed, when nothing it read has changed since (inputs, check-in
    workbook) and its outputs are still as it left them; else None: run again."""
    try:
        record = json.loads(_record(ws).read_text(encoding="utf-8"))
        if record["format"] != FORMAT or record["key"] != key:
            return None
        if record["checkin"] != checkin_key(ws) or not isinstance(record["summary"], str):
            return None
        if unchanged_outputs(ws, record["outputs_digest"]) is None:
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return record["summary"]


def remember_run(ws: Workspace, key: str, outputs_digest: str, summary: str) -> None:
    """After a whole run; `key` taken before it began (a file that came meanwhile was not read)."""
    record = {
        "format": FORMAT,
        "key": key,
        "checkin": checkin_key(ws),
        "outputs_digest": outputs_digest,
        "summary": summary,
    }
    _write_record(_record(ws), record)


def forget_run(ws: Workspace) -> None:
    with contextlib.suppress(OSError):
        _record(ws).unlink(missing_ok=True)


def _record(ws: Workspace) -> Path:
    return ws.path(CACHE_DIR) / RUN_RECORD


def _write_record(target: Path, record: dict[str, object]) -> None:
    with contextlib.suppress(OSError):  # a record that cannot be written only costs time
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(TEMP_PREFIX + target.name)
        temp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        temp.replace(target)
