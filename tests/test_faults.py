"""Faults while writing: a clear message, exit 1 (130 for Ctrl-C), nothing half-written."""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from click.testing import CliRunner

import hoithao
from hoithao.cli import main
from hoithao.run import run
from hoithao.workspace import SUMMARY_XLSX, Workspace
from hoithao.xlsx.edit import XlsxPackage

from .conftest import TODAY, form_row


@pytest.fixture
def consolidated(workspace: Workspace, make_return) -> Workspace:
    """A workspace consolidated once, so every output has a previous version to keep."""
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    run(workspace, today=TODAY)
    return workspace


def consolidate(ws: Workspace) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(ws.root), "consolidate", "--no-progress"])
    return result.exit_code, result.output


def stray_temp_files(ws: Workspace) -> list[str]:
    return [p.name for p in ws.root.rglob(".~tmp-*")]


def test_locked_output_names_the_file_and_keeps_the_previous(
    consolidated: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = consolidated.root / SUMMARY_XLSX
    before = target.read_bytes()

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    code, output = consolidate(consolidated)
    assert code == 1
    assert "Lỗi: Không ghi được output/tong_hop.xlsx: tệp đang mở trong Excel" in output
    assert "Traceback" not in output
    assert target.read_bytes() == before
    assert stray_temp_files(consolidated) == []


def test_disk_full_is_a_clear_message(
    consolidated: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = consolidated.root / SUMMARY_XLSX
    before = target.read_bytes()

    def disk_full(self: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", disk_full)
    code, output = consolidate(consolidated)
    assert code == 1
    assert "Lỗi: Không ghi được output/tong_hop.xlsx" in output
    assert "dung lượng ổ đĩa" in output
    assert target.read_bytes() == before
    assert stray_temp_files(consolidated) == []


def test_output_folder_not_writable_is_a_clear_message(
    consolidated: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def denied(path: object, *args: Any, **kwargs: Any) -> int:
        if Path(str(path)).name.startswith(".~tmp-"):  # an output's temp file, beside it
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    code, output = consolidate(consolidated)
    assert code == 1
    assert "Lỗi: Không ghi được output/tong_hop.xlsx: không có quyền truy cập" in output
    assert "quyền ghi" in output
    assert "Permission" not in output


def test_ctrl_c_leaves_previous_outputs_whole(
    consolidated: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = sorted(consolidated.output_dir.rglob("*.xlsx"))
    before = {p: p.read_bytes() for p in outputs}

    def interrupted(self: object, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C while the summary's last sheet is being written
    monkeypatch.setattr(xlsxwriter.Workbook, "close", interrupted)
    code, output = consolidate(consolidated)
    assert code == 130
    assert "Đã dừng theo yêu cầu" in output
    assert {p: p.read_bytes() for p in outputs} == before
    assert stray_temp_files(consolidated) == []


def test_check_in_workbook_is_never_half_written(
    consolidated: Workspace, make_return, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkin = consolidated.checkin
    before = checkin.read_bytes()
    make_return("CS04.xlsx", [form_row(1, "Võ Thị Ưng", gender="Nữ")], unit_code="CS04")

    def interrupted(self: object, target: Path) -> None:
        target.write_bytes(before[: len(before) // 2])  # half a zip, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(XlsxPackage, "save", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(consolidated, today=TODAY)
    assert checkin.read_bytes() == before
    assert stray_temp_files(consolidated) == []


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork" or not hasattr(os, "killpg"),
    reason="a console's process group, workers forked",
)
def test_ctrl_c_stops_the_workers_without_a_traceback(consolidated: Workspace) -> None:
    """Ctrl+C reaches every process of the console: only the Vietnamese line is printed."""
    outputs = sorted(consolidated.output_dir.rglob("*.xlsx"))
    marker = consolidated.root / "writing"
    script = textwrap.dedent(
        f"""
        import pathlib, sys, time
        from hoithao.cli import main
        from hoithao.engine import pool
        from hoithao.outputs import runner

        def slow(plan, ws):
            pathlib.Path({str(marker)!r}).write_text("x")
            time.sleep(600)

        pool.PARALLEL_THRESHOLD = 1
        pool._worker_count = lambda: 2
        make, _ = runner.PLANNED[runner.write_summary_xlsx]
        runner.PLANNED[runner.write_summary_xlsx] = (make, slow)
        main(["--root", {str(consolidated.root)!r}, "consolidate", "--no-progress"])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(hoithao.__file__).parents[1])}
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60  # bounds on the waits, not speed assertions
        while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), process.communicate(timeout=60)
        os.killpg(process.pid, signal.SIGINT)
        _, errors = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130
    assert "Đã dừng theo yêu cầu" in errors
    assert "Traceback" not in errors
    assert stray_temp_files(consolidated) == []
    for path in outputs:  # each the previous file or a whole new one
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
