"""All returns of the workspace -> one Consolidation: the latest return per unit, the named
invitees, the checks that need every delegate, and the protocol order. Nothing is written here."""

from __future__ import annotations

import functools
from datetime import date
from time import perf_counter
from typing import Any

from hoithao.engine.cache import ResultCache
from hoithao.engine.history import (
    compare_with_history,
    current_snapshot,
    latest_snapshots,
    reuse_ids,
    unit_family,
)
from hoithao.engine.identity import merge_invitees
from hoithao.engine.papers import check_papers, track_papers
from hoithao.engine.pool import PARALLEL_THRESHOLD, WorkerPool, process_all
from hoithao.engine.result import delegate_id
from hoithao.engine.selection import drop_log, match_decisions, select_returns
from hoithao.intake.read import find_returns
from hoithao.issues import FileLog, Issue
from hoithao.master.check import master_issues
from hoithao.master.read import read_master
from hoithao.models import Consolidation, Delegate, Master
from hoithao.rules.normalize import role_rank
from hoithao.rules.validate import (
    check_capacity,
    check_cross_unit_duplicates,
    check_missing_units,
    check_quota,
)
from hoithao.vn.collate import name_key
from hoithao.vn.text import fold
from hoithao.workspace import Workspace

LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2}
# protocol_order sorts the same names twice a run (quota check, then the list): keyed once
_name_key = functools.lru_cache(maxsize=1 << 16)(name_key)


def invitee_delegates(master: Master) -> list[Delegate]:
    delegates = []
    for invitee in master.invitees:
        key = f"{invitee.category}|{fold(invitee.organisation)}"
        delegates.append(
            Delegate(
                id=delegate_id(invitee.category or "KM", f"{invitee.full_name}|{key}"),
                full_name=invitee.full_name,
                gender=invitee.gender,
                party_role="",
                job_title=invitee.title,
                unit_code="",
                unit_name=invitee.organisation,
                category=invitee.category,
                phone=invitee.phone,
                email=invitee.email,
                is_invitee=True,
                order=invitee.row,
            )
        )
    return delegates


def protocol_order(delegates: list[Delegate], master: Master) -> list[Delegate]:
    """By category; named invitees in master order; others by unit, party role, then name."""
    category_rank = {code: i for i, code in enumerate(master.categories)}
    unit_rank = {code: i for i, code in enumerate(master.units)}

    def key(d: Delegate) -> tuple[object, ...]:
        head = (category_rank.get(d.category, len(category_rank)), not d.is_invitee)
        if d.is_invitee:
            return (*head, d.order)
        return (
            *head,
            unit_rank.get(d.unit_code, 0),
            role_rank(d.party_role),
            _name_key(d.full_name),
        )

    return sorted(delegates, key=key)


def _issue_order(issue: Issue) -> tuple[object, ...]:
    return (not issue.file, issue.file, issue.row or 0, LEVEL_ORDER[issue.level], issue.code)


class ReadingBar:
    """The reading's progress bar, made once returns are to be read, and only if many are: a
    re-run reads the few new ones in a blink (tqdm takes ~11 ms to import). It counts what the
    summary calls files found: skipped ones are done at once, and a zip or e-mail adds the
    returns it holds."""

    def __init__(self, files: int, skipped: int, *, shown: bool) -> None:
        self.total, self.done, self.left = files, skipped, files - skipped
        self.shown = shown
        self.bar: Any = None

    def advance(self, results: int, files: int) -> None:
        self.total += results - files
        self.done += results
        self.left -= files
        if self.bar is None and self.shown and self.left >= PARALLEL_THRESHOLD:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers are forked while it is up
            self.bar = tqdm(
                total=self.total, initial=self.done, desc="Đọc phiếu", unit=" tệp", leave=False
            )
        elif self.bar is not None:
            self.bar.total = self.total
            self.bar.update(results)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def build(
    ws: Workspace,
    *,
    today: date | None = None,
    progress: bool = False,
    pool: WorkerPool | None = None,
    cache: ResultCache | None = None,
) -> Consolidation:
    """Every return read (from `cache` where it holds the result), then consolidated."""
    started = perf_counter()
    read = functools.partial(read_master, ws.master, display_path=ws.rel(ws.master))
    master = cache.master(ws.master, ws.rel(ws.master), read) if cache is not None else read()
    paths, skipped = find_returns(ws.returns_dir)
    jobs = [(p, ws.rel(p)) for p in paths]  # (path, as users see it): once, 10,000 may come
    decisions = match_decisions([f for _, f in jobs] + [ws.rel(s.path) for s in skipped], master)
    logs: list[FileLog] = []
    issues: list[Issue] = [
        *master_issues(master, master.info_rows, ws.rel(ws.master)),
        *decisions.issues,
    ]
    for item in skipped:
        display = ws.rel(item.path)
        logs.append(FileLog(display, status="skipped", note=item.reason))
        issues.append(Issue("F05", f"Bỏ qua tệp: {item.reason}.", file=display))
    dropped = decisions.dropped()
    for file in [f for _, f in jobs if f in dropped]:
        log, issue = drop_log(file, decisions.by_file[file])
        logs.append(log)
        issues.append(issue)
    jobs = [(p, f) for p, f in jobs if f not in dropped]

    bar = ReadingBar(len(jobs) + len(skipped), len(skipped), shown=progress)
    try:
        results = process_all(
            jobs,
            master,
            progress=bar.advance,
            pool=pool,
            overrides=decisions.unit_overrides(),
            cache=cache,
        )
    finally:
        bar.close()
    issues.extend(select_returns(results, decisions.by_file, master))

    delegates: list[Delegate] = []
    for result in results:
        logs.append(result.log)
        issues.extend(result.issues)
        delegates.extend(result.delegates)
    returned = {r.unit_code for r in results if r.log.status == "consolidated" and r.unit_code}

    # a named invitee registered by his unit too is one delegate, counted as the invitee
    delegates, invitees, merge_issues = merge_invitees(delegates, invitee_delegates(master))
    quota_issues = list(check_quota(protocol_order(delegates, master), master))
    duplicate_issues = list(check_cross_unit_duplicates(delegates))
    flagged: dict[str, set[str]] = {}
    for issue in quota_issues + duplicate_issues:
        if issue.level == "warning":
            flagged.setdefault(f"{issue.file}!{issue.row}", set()).add(issue.code)
    for delegate in delegates:
        delegate.warnings.extend(sorted(flagged.get(delegate.source, ())))
    issues.extend(merge_issues + quota_issues + duplicate_issues)

    for delegate in delegates:
        unit = master.units.get(delegate.unit_code)
        if unit is not None and unit.parent:
            # printed lists (badges, sign-in, attendance) must say whose sub-unit it is
            delegate.unit_name = master.unit_full_name(delegate.unit_code)
    everyone = protocol_order(delegates + invitees, master)
    latest = next(iter(latest_snapshots(ws, 1)), None)
    reuse_ids(everyone, latest.delegates if latest else [], unit_family(master))
    history = compare_with_history(ws, latest, current_snapshot(everyone, returned))
    today = today or date.today()
    forms = {
        r.unit_code: r.paper
        for r in results
        if r.log.status == "consolidated" and r.unit_code and r.paper is not None
    }
    papers = track_papers(master, ws.papers_dir, today=today, rel=ws.rel, forms=forms)
    issues.extend(check_missing_units(master, returned))
    issues.extend(check_papers(papers))
    issues.extend(check_capacity(master, len(everyone)))
    issues.sort(key=_issue_order)
    logs.sort(key=lambda f: f.path)
    timings = {
        "read": sum(r.read_seconds for r in results),
        "process": sum(r.process_seconds for r in results),
        "build": perf_counter() - started,
        "cached": float(cache.hits if cache else 0),
    }
    c = Consolidation(master, everyone, issues, logs, papers, returned, today, timings)
    c.changes, c.pending_snapshot = history.changes, history.pending
    return c
