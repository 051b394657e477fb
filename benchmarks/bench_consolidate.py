"""Benchmark: `hoithao consolidate` end to end at N = 100, 1,000 and 10,000 returns.

Not a test: it prints figures. For each N it generates a workspace (a master with N summoned
units and one return per unit: the unit's form exactly as `hoithao forms` makes it from the
default template, filled in with 1–4 delegates, some messy, some with issues), then measures:
  - the real command `python -m hoithao consolidate` in a fresh process (wall, start-up included),
    its phases as the command reports them, and its peak memory (max RSS of the process tree);
  - the same command run again on the same workspace (a re-run: outputs and the check-in
    workbook already there, as when staff consolidate several times a day);
  - the floor: python-calamine parsing every sheet of the same files, nothing else;
  - the usual way: a pandas.read_excel(engine="openpyxl") loop over the same files.

    python benchmarks/bench_consolidate.py                # N = 100 and 1,000
    python benchmarks/bench_consolidate.py -n 10000       # one size
    python benchmarks/bench_consolidate.py -n 100 -n 1000 -n 10000 --keep /tmp/bench
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import xlsxwriter

from hoithao.forms import fill as forms
from hoithao.forms.template import new_form_template
from hoithao.forms.vocab import FORM_SHEET_IDENTITY, FORM_SHEET_REGISTRATION
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
    for i in range(n):
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


def write_return(path: Path, unit: Unit, master: Master, template: bytes, index: int) -> int:
    """The unit's form as `hoithao forms` makes it, filled in by the unit: 1–4 delegates; every
    10th retyped messily (names in capitals with "Đ/c", phones as numbers, the hidden identity
    sheet lost); some rows with issues (bad phone, missing gender, wrong role, over quota)."""
    rng = random.Random(index)
    messy = index % 10 == 0
    book = openpyxl.load_workbook(io.BytesIO(template))
    forms.fill_form(book, unit, master, template=FORM_TEMPLATE)
    sheet = book[FORM_SHEET_REGISTRATION]
    header, columns = forms.find_header(sheet) or (0, {})
    count = rng.randint(1, 4)
    for n in range(count):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        phone: object = f"09{rng.randint(10_000_000, 99_999_999)}"
        if messy:
            name = "Đ/c " + name.upper()
            phone = float(str(phone)[1:])
        if index % 7 == 0 and n == 0:
            phone = "12345"
        gender = "" if index % 11 == 0 and n == 0 else rng.choice(["Nam", "Nữ"])
        values = {
            "full_name": name,
            "gender": gender,
            "party_role": rng.choices(ROLES, ROLE_WEIGHTS)[0],
            "job_title": "Chuyên viên",
            "phone": phone,
            "email": f"dv{index}.{n}@example.vn",
        }
        for key, value in values.items():
            sheet.cell(header + 1 + n, columns[key]).value = value
    if messy:
        del book[FORM_SHEET_IDENTITY]
    book.save(path)
    return count


def _return_path(returns: Path, index: int) -> Path:
    return returns / f"{index // 500:02d}" / f"U{index:05d}_dang_ky.xlsx"


@functools.cache
def _context(root: Path) -> tuple[Master, list[Unit], bytes]:
    """The master, its units and the form template, once per worker."""
    master = read_master(root / MASTER_FILE)
    return master, master.summoned_grassroots(), _form_template()


def _write_returns(job: tuple[Path, int, int]) -> int:
    """Returns start..stop-1 of the workspace (one worker's share)."""
    root, start, stop = job
    master, units, template = _context(root)
    returns = root / RETURNS_DIR
    rows = 0
    for index in range(start, stop):
        rows += write_return(_return_path(returns, index), units[index], master, template, index)
    return rows


def make_workspace(root: Path, n: int) -> tuple[list[Path], int]:
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
    jobs = [(root, start, min(start + step, n)) for start in range(0, n, step)]
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


def run_command(root: Path) -> tuple[float, dict[str, float], float]:
    """Wall seconds, phases reported by the command, peak RSS in MB of the process tree."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "hoithao", "--root", str(root), "consolidate", "--no-progress"],
        capture_output=True,
        text=True,
        env=command_env(),
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"consolidate failed ({done.returncode}):\n{done.stderr}")
    phases: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if line.startswith("timings: "):
            phases = json.loads(line.removeprefix("timings: "))
    return wall, phases, phases.pop("peak_mb", float("nan"))


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
        "--runs", type=int, default=3, help="first runs per size, the median is shown (default 3)"
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
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, workspaces in {base}")
    print(f"hoithao --help: {min(time_help() for _ in range(3)):.2f} s")
    table = []
    for n in sizes:
        root = base / f"n{n}"
        paths, rows = make_workspace(root, n)
        runs = []
        for _ in range(args.runs):
            clear_outputs(root)
            runs.append(run_command(root))
        wall, phases, peak = sorted(runs)[len(runs) // 2]
        rerun, _phases, rerun_peak = run_command(root)
        peak = max([peak, rerun_peak] + [r[2] for r in runs])
        read = time_read_phase(paths)
        floor = time_calamine(paths)
        sample = paths[: args.naive_sample]
        naive = time_naive(sample) * len(paths) / len(sample)
        scaled = f" (timed on {len(sample):,} files, scaled)" if len(sample) < len(paths) else ""
        print(
            f"\nN = {n:,} returns, {rows:,} delegate rows\n"
            f"  consolidate, first run    {wall:6.2f} s   median of {len(runs)}; "
            f"{wall / n:.4f} s/return; peak {peak:.0f} MB\n"
            f"    its phases: read {phases.get('read', 0):.2f} + normalise/validate "
            f"{phases.get('process', 0):.2f} CPU s over the workers, "
            f"write {phases.get('write', 0):.2f} s\n"
            f"  consolidate, re-run       {rerun:6.2f} s   outputs already there\n"
            f"  read phase alone          {read:6.2f} s   guard + parse, one process: "
            f"{read / floor:.2f}× the floor\n"
            f"  floor: calamine parse     {floor:6.2f} s   every sheet, one process\n"
            f"  usual: pandas + openpyxl  {naive:6.2f} s{scaled}: "
            f"consolidate is {naive / wall:.1f}× faster than this loop alone"
        )
        table.append(
            f"| {n:,} | {rows:,} | {wall:.2f} | {wall / n:.4f} | {peak:.0f} | {rerun:.2f} | "
            f"{read:.2f} | {floor:.2f} | {naive:.1f} | {naive / wall:.1f}× | {read / floor:.2f}× |"
        )
    print(
        "\n| N | rows | first run s | s/return | peak MB | re-run s | read phase s | calamine s "
        "| pandas s | pandas ÷ run | read ÷ calamine |\n" + "|---" * 11 + "|"
    )
    print("\n".join(table))


if __name__ == "__main__":
    main()
