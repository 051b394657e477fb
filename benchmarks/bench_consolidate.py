"""Benchmark: `hoithao consolidate` end to end at N = 100, 1,000 and 10,000 returns.

Not a test: it prints figures. For each N it generates a workspace (a master with N summoned
units, plus a few spare ones, and one return per unit: by default the unit's form exactly as
`hoithao forms` makes it from the default template, filled in with 1–4 delegates, some messy,
some with issues; with --minimal a bare one-sheet workbook, a header row and the same rows),
then measures, each as wall time and CPU time (this process's children: the command and its
workers), and as a ratio of the first run:
  - the first run of `python -m hoithao consolidate` in a fresh process (no outputs, no cache),
    its phases as the command reports them, and the memory of all its processes together
    (sampled every 20 ms from /proc: the sum of the processes' PSS, shared pages split
    between the processes that share them, and the sum of their RSS);
  - a re-run with nothing changed (outputs, cache and check-in workbook there);
  - a re-run after ONE new return (a spare unit's), as returns trickle in;
  - the floor: python-calamine parsing every sheet of the same files, nothing else;
  - the usual way: a pandas.read_excel(engine="openpyxl") loop over the same files.

    python benchmarks/bench_consolidate.py                # N = 100 and 1,000
    python benchmarks/bench_consolidate.py -n 1000 --minimal
    python benchmarks/bench_consolidate.py -n 100 --spawn     # workers as on Windows
    python benchmarks/bench_consolidate.py -n 100 -n 1000 -n 10000 --keep /tmp/bench

It runs on Windows too (an office PC's figures): wall times there, CPU and memory shown as nan.
"""

from __future__ import annotations

import argparse
import compileall
import functools
import io
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import xlsxwriter

from hoithao.forms import fill as forms
from hoithao.forms.template import new_form_template
from hoithao.forms.vocab import FORM_COLUMNS, FORM_SHEET_IDENTITY, FORM_SHEET_REGISTRATION
from hoithao.master.read import read_master
from hoithao.master.vocab import (
    CATEGORY_COLUMNS,
    INFO_ITEM,
    INFO_ROWS,
    INFO_VALUE,
    KIND_CHI_BO_CO_SO,
    KIND_DANG_BO_CO_SO,
    MASTER_COLUMNS,
    SHEET_CATEGORIES,
    SHEET_INFO,
    SHEET_UNITS,
    UNIT_COLUMNS,
)
from hoithao.models import Master, Unit
from hoithao.workspace import CHECKIN_FILE, FORM_TEMPLATE, MASTER_FILE, OUTPUT_DIR, RETURNS_DIR

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Đức", "Thu", "Quốc", "Xuân"]
GIVEN = ["An", "Ánh", "Bình", "Dũng", "Đức", "Hằng", "Hùng", "Lộc", "Nhung", "Thủy", "Tâm", "Vinh"]
ROLES = ["Bí thư", "Phó Bí thư", "BT", "PBT", "Bí thư chi bộ", "Đảng viên"]
ROLE_WEIGHTS = [5, 5, 2, 2, 2, 1]


SPARE = 5  # units summoned without a return at first: each "one new return" is one of theirs


def write_master(path: Path, n: int) -> None:
    book = xlsxwriter.Workbook(str(path))
    info = book.add_worksheet(SHEET_INFO)
    info.write_row(0, 0, [INFO_ITEM, INFO_VALUE])
    values = {
        "event_code": "BENCH-2022",
        "title": "Hội thảo đo tốc độ",
        "plan_number": "38-KH/ĐUK",
        "organiser": "Đảng ủy Khối",
        "starts_at": "08 giờ 00 ngày 15/12/2022",
        "venue": "Hội trường",
        "hall_capacity": 100_000,
    }
    for row, (key, value) in enumerate(values.items(), start=1):
        info.write(row, 0, INFO_ROWS[key])
        info.write(row, 1, value)
    units = book.add_worksheet(SHEET_UNITS)
    cols = ("code", "name", "kind", "parent", "summoned", "email")
    units.write_row(0, 0, [UNIT_COLUMNS[c] for c in cols])
    for i in range(n + SPARE):
        kind = KIND_DANG_BO_CO_SO if i % 3 == 0 else KIND_CHI_BO_CO_SO
        prefix = "Đảng bộ" if kind == KIND_DANG_BO_CO_SO else "Chi bộ"
        row = [f"U{i:05d}", f"{prefix} Cơ quan số {i}", kind, "", "x", f"u{i}@example.vn"]
        units.write_row(i + 1, 0, row)
    categories = book.add_worksheet(SHEET_CATEGORIES)
    categories.write_row(0, 0, list(CATEGORY_COLUMNS.values()))
    kinds = f"{KIND_DANG_BO_CO_SO}, {KIND_CHI_BO_CO_SO}"
    categories.write_row(1, 0, ["CS", "Bí thư, phó bí thư cơ sở", kinds, "Bí thư, Phó Bí thư", 3])
    for sheet, columns in MASTER_COLUMNS.items():
        if sheet not in (SHEET_UNITS, SHEET_CATEGORIES):
            book.add_worksheet(sheet).write_row(0, 0, list(columns.values()))
    book.close()


def _form_template() -> bytes:
    buffer = io.BytesIO()
    new_form_template().save(buffer)  # what `hoithao init` puts in templates/
    return buffer.getvalue()


def delegate_rows(index: int) -> list[dict[str, object]]:
    """1–4 delegates; every 10th return retyped messily (names in capitals with "Đ/c", phones
    as numbers); some rows with issues (bad phone, missing gender, wrong role, over quota)."""
    rng = random.Random(index)
    messy = index % 10 == 0
    rows = []
    for n in range(rng.randint(1, 4)):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        phone: object = f"09{rng.randint(10_000_000, 99_999_999)}"
        if messy:
            name = "Đ/c " + name.upper()
            phone = float(str(phone)[1:])
        if index % 7 == 0 and n == 0:
            phone = "12345"
        gender = "" if index % 11 == 0 and n == 0 else rng.choice(["Nam", "Nữ"])
        rows.append(
            {
                "seq": n + 1,
                "full_name": name,
                "gender": gender,
                "party_role": rng.choices(ROLES, ROLE_WEIGHTS)[0],
                "job_title": "Chuyên viên",
                "phone": phone,
                "email": f"dv{index}.{n}@example.vn",
            }
        )
    return rows


def write_return(path: Path, unit: Unit, master: Master, template: bytes, index: int) -> int:
    """The unit's form as `hoithao forms` makes it, filled in by the unit (the hidden identity
    sheet lost in every 10th, retyped messily)."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    forms.fill_form(book, unit, master, template=FORM_TEMPLATE)
    sheet = book[FORM_SHEET_REGISTRATION]
    header, columns = forms.find_header(sheet) or (0, {})
    rows = delegate_rows(index)
    for n, values in enumerate(rows):
        for key, value in values.items():
            if key != "seq":
                sheet.cell(header + 1 + n, columns[key]).value = value
    if index % 10 == 0:
        del book[FORM_SHEET_IDENTITY]
    book.save(path)
    return len(rows)


def write_minimal_return(path: Path, index: int) -> int:
    """A bare one-sheet workbook: the form's header row and the same rows, nothing else (the
    unit is told by the file name)."""
    rows = delegate_rows(index)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, list(FORM_COLUMNS.values()))
    for n, values in enumerate(rows, start=1):
        sheet.write_row(n, 0, [values.get(key, "") for key in FORM_COLUMNS])
    book.close()
    return len(rows)


def _return_path(returns: Path, index: int) -> Path:
    return returns / f"{index // 500:02d}" / f"U{index:05d}_dang_ky.xlsx"


@functools.cache
def _context(root: Path) -> tuple[Master, list[Unit], bytes]:
    """The master, its units and the form template, once per worker."""
    master = read_master(root / MASTER_FILE)
    return master, master.summoned_grassroots(), _form_template()


def add_return(root: Path, index: int, minimal: bool) -> int:
    """Return number `index` (its unit's) written into the workspace."""
    path = _return_path(root / RETURNS_DIR, index)
    path.parent.mkdir(parents=True, exist_ok=True)
    if minimal:
        return write_minimal_return(path, index)
    master, units, template = _context(root)
    return write_return(path, units[index], master, template, index)


def _write_returns(job: tuple[Path, int, int, bool]) -> int:
    """Returns start..stop-1 of the workspace (one worker's share)."""
    root, start, stop, minimal = job
    return sum(add_return(root, index, minimal) for index in range(start, stop))


def make_workspace(root: Path, n: int, *, minimal: bool = False) -> tuple[list[Path], int]:
    # a fresh workspace every time: outputs and the check-in workbook left by an earlier
    # benchmark (--keep) would turn the first run into a re-run
    if root.exists():
        shutil.rmtree(root)
    returns = root / RETURNS_DIR
    returns.mkdir(parents=True, exist_ok=True)
    write_master(root / MASTER_FILE, n)
    paths = [_return_path(returns, i) for i in range(n)]
    for folder in {p.parent for p in paths}:
        folder.mkdir(exist_ok=True)
    step = 50
    jobs = [(root, start, min(start + step, n), minimal) for start in range(0, n, step)]
    with multiprocessing.Pool(os.cpu_count()) as pool:  # openpyxl: ~20 ms a form
        rows = sum(pool.map(_write_returns, jobs))
    return paths, rows


def time_calamine(paths: list[Path]) -> float:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
    return time.perf_counter() - started


def time_naive(paths: list[Path]) -> float:
    import pandas as pd

    started = time.perf_counter()
    for path in paths:
        pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
    return time.perf_counter() - started


def time_read_phase(paths: list[Path]) -> float:
    """Our read phase alone, measured as the floor is (one process): the guard and the parse of
    the sheets consolidation reads, batch by batch as the command reads them (each batch of
    files checked, then parsed)."""
    from hoithao.engine.pool import batch_size
    from hoithao.intake.locate import UNREAD_SHEETS
    from hoithao.intake.read import check_return, parse_return

    size = batch_size(len(paths))
    started = time.perf_counter()
    for start in range(0, len(paths), size):
        checked = [check_return(p, skip_sheets=UNREAD_SHEETS) for p in paths[start : start + size]]
        for item in checked:
            parse_return(item, skip_sheets=UNREAD_SHEETS)
    return time.perf_counter() - started


def command_env() -> dict[str, str]:
    # Python's default behaviour, as on the users' machines: bytecode is cached (some sandboxes
    # set PYTHONDONTWRITEBYTECODE, which makes every run compile the package again)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"HOITHAO_TIMINGS": "1"}


def clear_outputs(root: Path) -> None:
    """Back to a first run: no outputs, no check-in workbook. The disk then settles: deleting
    ~500 files leaves work for the file system that would otherwise land on the next run."""
    shutil.rmtree(root / OUTPUT_DIR, ignore_errors=True)
    (root / CHECKIN_FILE).unlink(missing_ok=True)
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(1)


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the command and its workers
    phases: dict[str, float]
    pss_mb: float  # peak of the sum over the process tree (nan where /proc is missing)
    rss_mb: float


def _tree(root: int) -> list[int]:
    """The process and its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_bytes().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _memory_kb(pids: list[int]) -> tuple[int, int]:
    """Sum of PSS and of RSS over the processes (kB)."""
    pss = rss = 0
    for pid in pids:
        try:
            with Path(f"/proc/{pid}/smaps_rollup").open(encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return pss, rss


def _sample(pid: int, done: threading.Event, peaks: list[int]) -> None:
    while not done.wait(0.02):
        pss, rss = _memory_kb(_tree(pid))
        peaks[0], peaks[1] = max(peaks[0], pss), max(peaks[1], rss)


def _children_cpu() -> float:
    """User + system seconds of the child processes ended so far; nan on Windows, where Python
    does not know them (the benchmark then gives wall times only: an office PC's figures)."""
    if sys.platform == "win32":
        return float("nan")
    times = os.times()
    return times.children_user + times.children_system


# the command with its workers spawned, as on Windows (each a new interpreter), not forked
SPAWNED = (
    "import multiprocessing; multiprocessing.set_start_method('spawn'); "
    "from hoithao.cli import command; command()"
)


def run_command(root: Path, *, spawn: bool = False) -> Run:
    """The command in a fresh process: wall and CPU seconds, its phases, its memory."""
    before = _children_cpu()
    started = time.perf_counter()
    tool = ["-c", SPAWNED] if spawn else ["-m", "hoithao"]
    process = subprocess.Popen(
        [sys.executable, *tool, "--root", str(root), "consolidate", "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=command_env(),
    )
    peaks = [0, 0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, done, peaks), daemon=True)
    if Path("/proc/self/smaps_rollup").exists():
        sampler.start()
    _out, err = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    cpu = _children_cpu() - before  # (the command reaps its workers)
    if process.returncode != 0:
        sys.exit(f"consolidate failed ({process.returncode}):\n{err}")
    phases: dict[str, float] = {}
    for line in err.splitlines():
        if line.startswith("timings: "):
            phases = json.loads(line.removeprefix("timings: "))
    phases.pop("peak_mb", None)
    nan = float("nan")
    return Run(wall, cpu, phases, peaks[0] / 1024 or nan, peaks[1] / 1024 or nan)


def median_run(runs: list[Run]) -> Run:
    """Wall and CPU medians (taken separately); memory: the highest peak."""
    middle = sorted(runs, key=lambda r: r.wall)[len(runs) // 2]
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        middle.phases,
        max(r.pss_mb for r in runs),
        max(r.rss_mb for r in runs),
    )


def time_help() -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "hoithao", "--help"],
        capture_output=True,
        check=True,
        env=command_env(),
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="number of returns (repeatable)")
    parser.add_argument("--keep", type=Path, help="build workspaces here and keep them")
    parser.add_argument(
        "--minimal", action="store_true", help="bare one-sheet returns instead of the form"
    )
    parser.add_argument(
        "--spawn", action="store_true", help="workers spawned, as on Windows, not forked"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each kind per size, medians shown (default 3)"
    )
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=1000,
        help="time the pandas+openpyxl loop on at most this many files and scale up (default 1000)",
    )
    args = parser.parse_args()
    sizes = args.n or [100, 1000]
    base = args.keep or Path(tempfile.mkdtemp(prefix="hoithao-bench-"))
    import hoithao

    compileall.compile_dir(Path(hoithao.__file__).parent, quiet=1)  # as a pip install does
    time_help()  # warm the file cache
    kind = "minimal one-sheet returns" if args.minimal else "form-shaped returns"
    kind += ", workers spawned" if args.spawn else ""
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, {kind}, in {base}")
    print(f"hoithao --help: {min(time_help() for _ in range(3)):.2f} s")
    table = []
    for n in sizes:
        root = base / f"n{n}{'m' if args.minimal else ''}"
        paths, rows = make_workspace(root, n, minimal=args.minimal)
        firsts = []
        for _ in range(args.runs):
            clear_outputs(root)  # the cache too: it lives in output/
            firsts.append(run_command(root, spawn=args.spawn))
        first = median_run(firsts)
        same = median_run([run_command(root, spawn=args.spawn) for _ in range(args.runs)])
        ones = []
        for k in range(min(args.runs, SPARE)):
            add_return(root, n + k, args.minimal)
            ones.append(run_command(root, spawn=args.spawn))
        one = median_run(ones)
        read = time_read_phase(paths)
        floor = time_calamine(paths)
        sample = paths[: args.naive_sample]
        naive = time_naive(sample) * len(paths) / len(sample)
        scaled = f" (timed on {len(sample):,} files, scaled)" if len(sample) < len(paths) else ""
        phases = first.phases
        print(
            f"\nN = {n:,} returns, {rows:,} delegate rows ({kind})\n"
            f"  first run              {first.wall:6.2f} s wall {first.cpu:6.2f} s CPU   "
            f"median of {len(firsts)}; {first.wall / n:.4f} s/return\n"
            f"    its phases: read {phases.get('read', 0):.2f} + normalise/validate "
            f"{phases.get('process', 0):.2f} CPU s over the workers, "
            f"write {phases.get('write', 0):.2f} s\n"
            f"    memory of all its processes together: {first.pss_mb:.0f} MB PSS "
            f"(sum of RSS {first.rss_mb:.0f} MB)\n"
            f"  re-run, nothing changed {same.wall:6.2f} s wall {same.cpu:6.2f} s CPU   "
            f"{same.wall / first.wall:.2f}× / {same.cpu / first.cpu:.2f}× the first run\n"
            f"  re-run, one new return  {one.wall:6.2f} s wall {one.cpu:6.2f} s CPU   "
            f"{one.wall / first.wall:.2f}× / {one.cpu / first.cpu:.2f}× the first run\n"
            f"  read phase alone       {read:6.2f} s   guard + parse, one process: "
            f"{read / floor:.2f}× the floor\n"
            f"  floor: calamine parse  {floor:6.2f} s   every sheet, one process\n"
            f"  usual: pandas+openpyxl {naive:6.2f} s{scaled}: "
            f"the first run is {naive / first.wall:.1f}× faster than this loop alone"
        )
        table.append(
            f"| {n:,} | {rows:,} | {first.wall:.2f} | {first.cpu:.2f} | "
            f"{first.pss_mb:.0f} ({first.rss_mb:.0f}) | "
            f"{same.wall / first.wall:.2f}× / {same.cpu / first.cpu:.2f}× | "
            f"{one.wall / first.wall:.2f}× / {one.cpu / first.cpu:.2f}× | "
            f"{naive:.1f} | {naive / first.wall:.1f}× | {read / floor:.2f}× |"
        )
    print(
        f"\n{kind}\n| N | rows | first run s wall | CPU s | MB all processes: PSS (RSS) "
        "| nothing changed: wall / CPU | one new return: wall / CPU | pandas s "
        "| pandas ÷ run | read ÷ calamine |\n" + "|---" * 10 + "|"
    )
    print("\n".join(table))


if __name__ == "__main__":
    main()
