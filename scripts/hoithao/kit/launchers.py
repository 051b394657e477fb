"""Double-click launchers (.bat) for a workspace, so staff never open a console.

Each launcher runs from its own folder (`%~dp0`), so a copy in any workspace works there. It looks
for the installed tool where `cai_dat.bat` of the offline kit puts it (`HOITHAO_HOME`, default
`%LOCALAPPDATA%\\hoithao`), then in a `.venv` beside itself (README's developer install), then on
PATH, then `py -m hoithao`; it says in Vietnamese what to do when none is found, and ends with
`pause` so the window stays open to be read.

The Vietnamese text needs `chcp 65001` (UTF-8) before cmd reads it, and the file must be UTF-8
without BOM: cmd decodes each line of a batch file in the code page in force when it reaches the
line, so the two ASCII lines before `chcp` are read right and every later one as UTF-8, while a
BOM would glue three bytes to `@echo off`. Python 3.11+ needs Windows 10 or later, whose cmd
handles code page 65001 and whose console font (Consolas) has the Vietnamese letters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "HOITHAO_HOME"
DEFAULT_HOME = r"%LOCALAPPDATA%\hoithao"
VENV_EXE = r".venv\Scripts\hoithao.exe"
INSTALLER = "cai_dat.bat"
KIT_NAME = "hoithao_cai_dat"


@dataclass(frozen=True)
class Launcher:
    file_name: str
    title: str
    command: str  # a `hoithao` command
    open_after: str = ""  # a file or folder (Windows path, workspace-relative) opened on success


LAUNCHERS = (
    Launcher("tao_phieu.bat", "Tạo phiếu đăng ký gửi đơn vị", "forms", r"output\phieu_gui_don_vi"),
    Launcher("tong_hop.bat", "Tổng hợp phiếu đăng ký", "consolidate", r"output\tong_hop.xlsx"),
    Launcher("diem_danh.bat", "Thống kê điểm danh", "attendance", r"output\thong_ke_tham_du.xlsx"),
    Launcher("trang_thai.bat", "Tình hình hội thảo", "trang-thai"),
)

NOT_INSTALLED = (
    "Chưa cài chương trình hoithao trên máy này.",
    f"Cách cài: giải nén bộ cài đặt {KIT_NAME}.zip (cán bộ kỹ thuật gửi), bấm đúp {INSTALLER}",
    "trong thư mục vừa giải nén, chờ báo cài xong, rồi bấm lại tệp này.",
)
CLOSE_PROMPT = "Bấm phím bất kỳ để đóng cửa sổ này."


def find_tool_lines() -> list[str]:
    """Batch lines that set HOITHAO_CMD to the installed tool, or leave it undefined."""
    home_exe = rf"%{HOME_ENV}%\{VENV_EXE}"
    default_exe = rf"{DEFAULT_HOME}\{VENV_EXE}"
    local_exe = rf"%~dp0{VENV_EXE}"
    return [
        f"rem Tìm hoithao: biến {HOME_ENV}, thư mục hoithao trong LOCALAPPDATA (nơi {INSTALLER} "
        "cài), .venv cạnh tệp này, PATH, py",
        'set "HOITHAO_CMD="',
        f'if defined {HOME_ENV} if exist "{home_exe}" set HOITHAO_CMD="{home_exe}"',
        f'if not defined HOITHAO_CMD if exist "{default_exe}" set HOITHAO_CMD="{default_exe}"',
        f'if not defined HOITHAO_CMD if exist "{local_exe}" set HOITHAO_CMD="{local_exe}"',
        "if not defined HOITHAO_CMD for /f \"delims=\" %%i in ('where hoithao.exe 2^>nul') do "
        'if not defined HOITHAO_CMD set HOITHAO_CMD="%%i"',
        "if defined HOITHAO_CMD goto co_hoithao",
        'py -3 -c "import hoithao" >nul 2>&1',
        "if not errorlevel 1 set HOITHAO_CMD=py -3 -m hoithao",
        ":co_hoithao",
    ]


def _header(title: str) -> list[str]:
    return ["@echo off", "chcp 65001 >nul", 'cd /d "%~dp0"', f"title hoithao - {title}"]


def _footer() -> list[str]:
    return [
        "goto xong",
        ":chua_cai",
        *(f"echo {line}" for line in NOT_INSTALLED),
        ":xong",
        "echo.",
        f"echo {CLOSE_PROMPT}",
        "pause >nul",
    ]


def render_launcher(launcher: Launcher) -> str:
    """The text of one launcher (lines joined with "\\n"; `encode_batch` makes the file bytes)."""
    lines = [
        *_header(launcher.title),
        *find_tool_lines(),
        "if not defined HOITHAO_CMD goto chua_cai",
        f"echo {launcher.title}...",
        "echo.",
        # "%~dp0." not "%~dp0": a trailing backslash would escape the closing quote
        f'%HOITHAO_CMD% --root "%~dp0." {launcher.command}',
    ]
    if launcher.open_after:
        lines += ["if errorlevel 1 goto xong", f'start "" "{launcher.open_after}"']
    return "\n".join([*lines, *_footer()])


def encode_batch(text: str) -> bytes:
    """A batch file as cmd wants it: NFC, CRLF line ends, UTF-8 without BOM."""
    lines = unicodedata.normalize("NFC", text).split("\n")
    return "".join(f"{line}\r\n" for line in lines).encode("utf-8")


def write_launchers(folder: Path, *, overwrite: bool = False) -> list[Path]:
    """Write every launcher into folder; an existing one (perhaps edited by staff) is kept."""
    written = []
    for launcher in LAUNCHERS:
        path = folder / launcher.file_name
        if path.exists() and not overwrite:
            continue
        path.write_bytes(encode_batch(render_launcher(launcher)))
        written.append(path)
    return written
