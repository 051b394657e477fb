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
from dataclasses import is_dataclass
from datetime import date, datetime
from pathlib import Path

from hoithao.engine.cache import PACKAGE, source_digest
from hoithao.models import Consolidation
from hoithao.workspace import CACHE_DIR, TEMP_PREFIX, Workspace

MANIFEST = "outputs.json"
FORMAT = 1


def _plain(value: object) -> object:
    """json's fallback: dataclasses as their fields, sets sorted, times as ISO text."""
    if is_dataclass(value) and not isinstance(value, type):
        return vars(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"not part of the outputs' digest: {type(value).__name__}")


def outputs_digest(c: Consolidation, ws: Workspace) -> str:
    """A digest of everything the outputs of `run` are made from."""
    digest = hashlib.blake2b(source_digest(PACKAGE).encode(), digest_size=20)
    content = [c.master, c.delegates, c.issues, c.file_log, c.papers, c.returned, c.today]
    content.append(c.changes)
    digest.update(json.dumps(content, default=_plain, ensure_ascii=False).encode())
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
    target = _manifest(ws)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(TEMP_PREFIX + MANIFEST)
        temp.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        temp.replace(target)
