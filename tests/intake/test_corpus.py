"""Every file of ../shared/corpus/ is read or rejected (F01–F03), never a crash or a hang.

The corpus is real spreadsheets from other projects' test suites (see its MANIFEST.tsv): fuzz
cases, encrypted files, old BIFF versions, files renamed to the wrong suffix. Each goes through
the very path `consolidate` uses (`find_returns`, then `process_return`: guard, read, identify,
locate), in worker processes of our own, so that a parser abort or hang fails the test that
names the file instead of killing pytest.
"""

from __future__ import annotations

import os
import re
import threading
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from ..conftest import REPO, build_master

CORPUS = Path(os.environ.get("HOITHAO_CORPUS", REPO.parent / "shared" / "corpus"))
if not CORPUS.is_dir():
    pytest.skip(f"no corpus at {CORPUS}", allow_module_level=True)

FILES = sorted(
    (p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.tsv"),
    key=lambda p: p.relative_to(CORPUS).as_posix(),
)
TIMEOUT = 30.0  # per file; the slowest corpus file takes well under a second
MEMORY = 3 * 1024 * 1024 * 1024  # a worker that needs more is as broken as one that hangs
WORKERS = 2
READ_ISSUES = {"F01", "F02", "F03"}
# words of a library's English exception text ("File is not a zip file", "Bad CRC-32",
# "negative seek value", "Cannot detect file format"): never in a message users read
ENGLISH = re.compile(
    r"\b(error|file|zip|crc|seek|invalid|unexpected|expected|record|value|negative|bad|cannot|"
    r"detect|format|stream|header|offset)\b",
    re.IGNORECASE,
)


def _serve(master: Any, conn: Connection) -> None:
    """Worker loop: one path in, a plain summary of its ReturnResult out."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    except (ImportError, ValueError, OSError):
        pass
    from hoithao.engine.returns import consolidate_table, process_return
    from hoithao.intake.locate import find_table
    from hoithao.intake.read import UnreadableFileError, read_workbook

    unit = next(iter(master.units.values()))
    while (item := conn.recv()) is not None:
        path, display = item
        try:
            result = process_return(Path(path), master, display)
            log = result.log
            outcome = {
                "status": log.status,
                "path": log.path,
                "rows": _rows(log),
                "issues": [(i.code, i.message) for i in result.issues],
            }
            # Most corpus files name no unit of our master (F02 stops process_return there):
            # also locate the table and consolidate it as if a unit had sent it.
            try:
                table = find_table(read_workbook(Path(path)))
            except UnreadableFileError:
                table = None
            if table is not None:
                outcome["as_return"] = _rows(consolidate_table(table, unit, master, display).log)
            conn.send(outcome)
        except BaseException as exc:  # the point of the test: report what escaped, and where
            conn.send({"raised": f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"})


def _rows(log: Any) -> tuple[int, int, int, int]:
    return (log.rows_read, log.rows_accepted, log.rows_rejected, log.rows_ignored)


class _Worker:
    """A spawned process reading files one at a time; restarted after a crash or a hang."""

    def __init__(self, master: Any) -> None:
        self.master = master
        self.process: Any = None
        self.conn: Connection | None = None

    def _start(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        # not daemonic: the guard itself may spawn a child to probe .xlsb files
        self.process = context.Process(target=_serve, args=(self.master, child_end))
        self.process.start()
        child_end.close()

    def _stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join(5)
        self.process = self.conn = None

    def run(self, path: Path) -> dict[str, Any]:
        if self.process is None:
            self._start()
        assert self.conn is not None
        self.conn.send((str(path), path.relative_to(CORPUS).as_posix()))
        try:
            if self.conn.poll(TIMEOUT):
                return self.conn.recv()
            outcome = {"hung": f"no answer after {TIMEOUT:.0f} s"}
        except EOFError:
            self.process.join(5)
            outcome = {"crashed": f"worker died, exit code {self.process.exitcode}"}
        self._stop()
        return outcome

    def close(self) -> None:
        if self.conn is not None:
            self.conn.send(None)
            self.process.join(5)
        self._stop()


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, dict[str, Any]]:
    """Run the whole corpus once, in WORKERS processes."""
    from hoithao.intake.read import find_returns
    from hoithao.master.read import read_master

    master = read_master(build_master(tmp_path_factory.mktemp("corpus") / "hoi_thao.xlsx"))
    returns, skipped = find_returns(CORPUS)
    results: dict[Path, dict[str, Any]] = {
        s.path: {"skipped": s.reason} for s in skipped if s.path.name != "MANIFEST.tsv"
    }

    def serve(paths: list[Path]) -> None:
        worker = _Worker(master)
        try:
            for path in paths:
                results[path] = worker.run(path)
        finally:
            worker.close()

    threads = [threading.Thread(target=serve, args=(returns[i::WORKERS],)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(CORPUS).as_posix() for p in FILES])
def test_corpus_file_read_or_rejected(path: Path, outcomes: dict[Path, dict[str, Any]]) -> None:
    outcome = outcomes[path]
    for failure in ("crashed", "hung", "raised"):
        assert failure not in outcome, f"{path.name}: {outcome[failure]}"
    if "skipped" in outcome:  # not a spreadsheet suffix: logged as F05 by consolidate
        assert outcome["skipped"]
        return
    assert outcome["path"] == path.relative_to(CORPUS).as_posix()
    codes = {code for code, _ in outcome["issues"]}
    if outcome["status"] == "rejected":
        assert codes & READ_ISSUES, outcome["issues"]
        assert all(message for _, message in outcome["issues"])
        english = [m for _, m in outcome["issues"] if ENGLISH.search(m)]
        assert english == [], english
    else:
        assert outcome["status"] == "consolidated", outcome
    for key in ("rows", "as_return"):  # nothing lost: rows read = accepted + rejected + ignored
        if key in outcome:
            read, accepted, rejected, ignored = outcome[key]
            assert read == accepted + rejected + ignored, (key, outcome[key])
