"""The offline install kit: `python -m hoithao.kit` builds `hoithao_cai_dat/` and its .zip.

Office PCs are often offline, so the kit carries the wheel of hoithao and of every requirement for
Windows (win_amd64, each supported Python version), the double-click launchers, and `cai_dat.bat`,
which makes a virtual environment in HOITHAO_HOME (default `%LOCALAPPDATA%\\hoithao`, writable
without administrator rights) and installs with `pip install --no-index --find-links`.

Built on a machine that reaches the package registry; kept out of the click layer's imports.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hoithao.kit.launchers import (
    CLOSE_PROMPT,
    DEFAULT_HOME,
    HOME_ENV,
    INSTALLER,
    KIT_NAME,
    LAUNCHERS,
    encode_batch,
    find_tool_lines,
    render_launcher,
)

PYTHON_VERSIONS = ("3.11", "3.12", "3.13", "3.14")  # python-calamine 0.9 needs 3.11+
WINDOWS = "win_amd64"
CURRENT = "current"  # this machine's platform and Python: what a test can install and run
WHEELS_DIR = "wheels"
LAUNCHERS_DIR = "bat_mau"
NEW_WORKSPACE = "tao_hoi_thao_moi.bat"
GUIDE = "HUONG_DAN.txt"
# pip download evaluates markers such as `platform_system == "Windows"` on the building machine,
# not the target: click and tqdm need colorama on Windows, so it is asked for by name
WINDOWS_ONLY = ("colorama",)
PROJECT_FILES = ("pyproject.toml", "README.md")


class BundleError(Exception):
    """The kit could not be built (pip failed, no project to build from)."""


@dataclass(frozen=True)
class Bundle:
    folder: Path
    archive: Path
    wheels: list[str]


def _pip(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise BundleError(f"pip {args[0]} không thành công:\n{tail}")


def default_project() -> Path:
    """The checkout this module lives in (scripts/hoithao/kit/bundle.py → the repository)."""
    return Path(__file__).resolve().parents[3]


def requires_dist(wheel: Path) -> list[str]:
    """The requirements written in a wheel's METADATA, without extras-only ones."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
    found = []
    for line in metadata.splitlines():
        if line.startswith("Requires-Dist:"):
            requirement = line.split(":", 1)[1].strip()
            if "extra ==" not in requirement:
                found.append(requirement)
    return found


def download_commands(
    requirements: Sequence[str], wheels: Path, built: Path, versions: Sequence[str], platform: str
) -> list[list[str]]:
    """One `pip download` per Python version: binary wheels only, for the target platform.

    `built` holds wheels made here from source-only packages (pure Python, e.g. docopt), which
    pip then takes as binaries for any platform."""
    extra = list(WINDOWS_ONLY) if platform.startswith("win") else []
    return [
        [
            "download",
            "--only-binary=:all:",
            "--platform",
            platform,
            "--python-version",
            version,
            "--implementation",
            "cp",
            "--find-links",
            str(built),
            "--dest",
            str(wheels),
            *requirements,
            *extra,
        ]
        for version in versions
    ]


def _copy_project(project: Path, target: Path) -> Path:
    """A clean copy to build the wheel from (setuptools writes egg-info next to the sources)."""
    if not (project / "pyproject.toml").is_file():
        raise BundleError(f"{project} không phải thư mục mã nguồn hoithao (thiếu pyproject.toml).")
    for name in PROJECT_FILES:
        shutil.copy2(project / name, target / name)
    shutil.copytree(
        project / "scripts",
        target / "scripts",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    return target


def wheel_fits(wheel: str, platform: str) -> bool:
    """A pure-Python wheel, or one built for the platform."""
    return wheel.endswith("-none-any.whl") or wheel.endswith(f"{platform}.whl")


def build_bundle(
    out_dir: Path,
    *,
    versions: Sequence[str] = PYTHON_VERSIONS,
    platform: str = WINDOWS,
    project: Path | None = None,
) -> Bundle:
    """Build `out_dir/hoithao_cai_dat/` and `out_dir/hoithao_cai_dat.zip` (replacing both)."""
    folder = out_dir / KIT_NAME
    if folder.exists():
        shutil.rmtree(folder)
    wheels = folder / WHEELS_DIR
    wheels.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = _copy_project(project or default_project(), Path(tmp))
        _pip("wheel", "--no-deps", "--wheel-dir", str(wheels), str(source))
        own = next(wheels.glob("hoithao-*.whl"))
        requirements = requires_dist(own)
        built = Path(tmp) / "built"
        if platform == CURRENT:
            _pip("wheel", "--wheel-dir", str(wheels), *requirements)
        else:
            _pip("wheel", "--wheel-dir", str(built), *requirements)
            for command in download_commands(requirements, wheels, built, versions, platform):
                _pip(*command)
            for stray in wheels.glob("*.whl"):
                if not wheel_fits(stray.name, platform):
                    stray.unlink()
    write_kit_files(folder, versions)
    archive = _zip(folder, out_dir / f"{KIT_NAME}.zip")
    return Bundle(folder, archive, sorted(p.name for p in wheels.glob("*.whl")))


def write_kit_files(folder: Path, versions: Sequence[str]) -> None:
    """cai_dat.bat, tao_hoi_thao_moi.bat, the guide, and the launchers to copy into workspaces."""
    (folder / INSTALLER).write_bytes(encode_batch(render_installer(versions)))
    (folder / NEW_WORKSPACE).write_bytes(encode_batch(render_new_workspace()))
    # Notepad recognises UTF-8 with a BOM on every Windows version
    guide = "\r\n".join(GUIDE_LINES) + "\r\n"
    (folder / GUIDE).write_bytes(guide.encode("utf-8-sig"))
    samples = folder / LAUNCHERS_DIR
    samples.mkdir(exist_ok=True)
    for launcher in LAUNCHERS:
        (samples / launcher.file_name).write_bytes(encode_batch(render_launcher(launcher)))


def _zip(folder: Path, archive: Path) -> Path:
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(folder.parent).as_posix())
    return archive


def _bat_header(title: str) -> list[str]:
    return ["@echo off", "chcp 65001 >nul", 'cd /d "%~dp0"', f"title hoithao - {title}"]


def _bat_footer() -> list[str]:
    return [":xong", "echo.", f"echo {CLOSE_PROMPT}", "pause >nul"]


def render_installer(versions: Sequence[str]) -> str:
    """cai_dat.bat: find a supported Python, make the venv, install from wheels\\ only."""
    low, high = versions[0].split("."), versions[-1].split(".")
    version_check = (
        f"import sys; sys.exit(0 if ({low[0]}, {low[1]}) <= sys.version_info[:2] <= "
        f"({high[0]}, {high[1]}) else 1)"
    )
    venv_python = r'"%HOME_DIR%\.venv\Scripts\python.exe"'
    pip_offline = (
        f"{venv_python} -m pip install --disable-pip-version-check --no-index "
        f'--find-links "%~dp0{WHEELS_DIR}"'
    )
    return "\n".join(
        [
            *_bat_header("Cài đặt"),
            f'set "HOME_DIR=%{HOME_ENV}%"',
            f'if not defined HOME_DIR set "HOME_DIR={DEFAULT_HOME}"',
            'set "PY="',
            f"for %%v in ({' '.join(reversed(versions))}) do "
            'if not defined PY (py -%%v -c "" >nul 2>&1 && set "PY=py -%%v")',
            "if defined PY goto co_python",
            f'python -c "{version_check}" >nul 2>&1',
            'if not errorlevel 1 set "PY=python"',
            ":co_python",
            "if not defined PY goto khong_co_python",
            'echo Cài hoithao vào "%HOME_DIR%" (không cần Internet)...',
            '%PY% -m venv --clear "%HOME_DIR%\\.venv"',
            "if errorlevel 1 goto loi",
            f"{pip_offline} --upgrade hoithao",
            "if errorlevel 1 goto loi",
            f"{pip_offline} --force-reinstall --no-deps hoithao",
            "if errorlevel 1 goto loi",
            r'"%HOME_DIR%\.venv\Scripts\hoithao.exe" --version',
            "if errorlevel 1 goto loi",
            "echo.",
            "echo Đã cài xong. Tạo hội thảo mới: bấm đúp tao_hoi_thao_moi.bat.",
            f"echo Các tệp bấm đúp trong thư mục {LAUNCHERS_DIR} chép vào thư mục hội thảo nào "
            "cũng dùng được.",
            "goto xong",
            ":khong_co_python",
            f"echo Máy chưa có Python {versions[0]} đến {versions[-1]}.",
            "echo Cài Python (bộ cài python-3.x-amd64.exe của python.org), đánh dấu ô",
            'echo "Add python.exe to PATH", rồi bấm lại cai_dat.bat.',
            "goto xong",
            ":loi",
            "echo Cài đặt không thành công: xem thông báo ở trên,",
            "echo chụp màn hình gửi cán bộ kỹ thuật.",
            *_bat_footer(),
        ]
    )


def render_new_workspace() -> str:
    """tao_hoi_thao_moi.bat: ask for a folder and run `hoithao init` there."""
    return "\n".join(
        [
            *_bat_header("Tạo hội thảo mới"),
            *find_tool_lines(),
            "if not defined HOITHAO_CMD goto chua_cai",
            "echo Gõ đường dẫn thư mục cho hội thảo mới (nên gõ không dấu), ví dụ D:\\HoiThao2026",
            'set "THU_MUC="',
            'set /p "THU_MUC=Thư mục: "',
            "if not defined THU_MUC goto xong",
            '%HOITHAO_CMD% init "%THU_MUC%"',
            "if errorlevel 1 goto xong",
            'start "" "%THU_MUC%"',
            "goto xong",
            ":chua_cai",
            f"echo Chưa cài hoithao: bấm đúp {INSTALLER} trước.",
            *_bat_footer(),
        ]
    )


GUIDE_LINES = (
    "BỘ CÀI ĐẶT HOITHAO (không cần Internet)",
    "",
    f"1. Máy cần Python {PYTHON_VERSIONS[0]} đến {PYTHON_VERSIONS[-1]} (bộ cài của python.org, "
    "đánh dấu “Add python.exe to PATH”).",
    f"2. Bấm đúp {INSTALLER}: chương trình được cài vào thư mục hoithao trong %LOCALAPPDATA% "
    f"(hoặc thư mục ghi trong biến {HOME_ENV}), không cần quyền quản trị.",
    f"3. Hội thảo mới: bấm đúp {NEW_WORKSPACE}, gõ thư mục (ví dụ D:\\HoiThao2026). Thư mục mới "
    "có sẵn sổ gốc, mẫu phiếu và các tệp bấm đúp.",
    "4. Trong thư mục hội thảo, bấm đúp:",
    *(f"   - {launcher.file_name}: {launcher.title}" for launcher in LAUNCHERS),
    f"5. Thư mục {LAUNCHERS_DIR} có các tệp bấm đúp đó để chép vào thư mục hội thảo cũ.",
    f"Cài lại hoặc cập nhật: bấm đúp {INSTALLER} của bộ cài mới.",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hoithao.kit",
        description="Tạo bộ cài đặt hoithao không cần Internet (thư mục và tệp .zip).",
    )
    parser.add_argument("--out", type=Path, default=Path("dist"), help="thư mục đặt bộ cài")
    parser.add_argument(
        "--python",
        action="append",
        dest="versions",
        help=f"phiên bản Python (lặp lại được; mặc định {', '.join(PYTHON_VERSIONS)})",
    )
    parser.add_argument(
        "--platform", default=WINDOWS, help=f"{WINDOWS} (mặc định) hoặc {CURRENT} (máy này)"
    )
    parser.add_argument("--project", type=Path, help="thư mục mã nguồn hoithao")
    args = parser.parse_args(argv)
    versions = args.versions or (
        [f"{sys.version_info[0]}.{sys.version_info[1]}"]
        if args.platform == CURRENT
        else list(PYTHON_VERSIONS)
    )
    try:
        bundle = build_bundle(
            args.out, versions=versions, platform=args.platform, project=args.project
        )
    except BundleError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(f"Bộ cài: {bundle.folder} ({len(bundle.wheels)} wheel)")
    print(f"Tệp nén: {bundle.archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
