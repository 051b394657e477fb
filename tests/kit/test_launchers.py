"""Double-click launchers: what cmd needs (CRLF, UTF-8 without BOM, chcp before any Vietnamese)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from hoithao.cli import main
from hoithao.kit.launchers import (
    LAUNCHERS,
    NOT_INSTALLED,
    Launcher,
    encode_batch,
    render_launcher,
    write_launchers,
)
from hoithao.new_workspace import init_workspace

NAMES = [launcher.file_name for launcher in LAUNCHERS]


@pytest.fixture
def workspace_root(tmp_path: Path) -> Path:
    return init_workspace(tmp_path / "Hội thảo Đắk Lắk (2023) & hội nghị")


def lines_of(path: Path) -> list[str]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "a BOM breaks the first line in cmd"
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "every line must end with CRLF"
    text = data.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    return text.split("\r\n")[:-1]


def test_init_writes_every_launcher(workspace_root: Path) -> None:
    assert sorted(p.name for p in workspace_root.glob("*.bat")) == sorted(NAMES)
    assert {"tao_phieu.bat", "tong_hop.bat", "diem_danh.bat", "trang_thai.bat"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_launcher_shape(workspace_root: Path, name: str) -> None:
    lines = lines_of(workspace_root / name)
    # cmd reads each line in the code page in force: all before chcp must be ASCII
    assert lines[:3] == ["@echo off", "chcp 65001 >nul", 'cd /d "%~dp0"']
    assert lines[-1].startswith("pause")
    assert any(not line.isascii() for line in lines[3:]), "its Vietnamese text is after chcp"
    labels = {line[1:] for line in lines if line.startswith(":")}
    targets = set(re.findall(r"goto (\w+)", "\n".join(lines)))
    assert targets <= labels


@pytest.mark.parametrize("launcher", LAUNCHERS, ids=NAMES)
def test_launcher_runs_a_real_command_on_its_own_folder(launcher: Launcher) -> None:
    text = render_launcher(launcher)
    run_line = next(line for line in text.split("\n") if line.startswith("%HOITHAO_CMD%"))
    assert run_line == f'%HOITHAO_CMD% --root "%~dp0." {launcher.command}'
    assert launcher.command in main.commands


def test_consolidate_launcher_opens_the_summary_only_on_success() -> None:
    lines = render_launcher(next(x for x in LAUNCHERS if x.command == "consolidate")).split("\n")
    run = next(i for i, line in enumerate(lines) if line.startswith("%HOITHAO_CMD%"))
    assert lines[run + 1 : run + 3] == [
        "if errorlevel 1 goto xong",
        'start "" "output\\tong_hop.xlsx"',
    ]


def test_tool_is_looked_for_where_the_kit_installs_it() -> None:
    text = render_launcher(LAUNCHERS[0])
    order = [
        r'"%HOITHAO_HOME%\.venv\Scripts\hoithao.exe"',
        r'"%LOCALAPPDATA%\hoithao\.venv\Scripts\hoithao.exe"',
        r'"%~dp0.venv\Scripts\hoithao.exe"',
        "where hoithao.exe",
        "py -3 -m hoithao",
    ]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)
    missing = text.index(":chua_cai")
    for line in NOT_INSTALLED:
        assert text.index(f"echo {line}") > missing


def test_staff_edits_are_kept(tmp_path: Path) -> None:
    mine = tmp_path / "tong_hop.bat"
    mine.write_bytes(b"@echo off\r\nrem my own\r\n")
    written = write_launchers(tmp_path)
    assert mine.read_bytes() == b"@echo off\r\nrem my own\r\n"
    assert sorted(p.name for p in written) == sorted(set(NAMES) - {"tong_hop.bat"})


def test_encode_batch_makes_nfc_crlf_utf8() -> None:
    nfd = unicodedata.normalize("NFD", "echo Tổng hợp\nx")
    assert encode_batch(nfd) == "echo Tổng hợp\r\nx\r\n".encode()
