"""The offline kit: what it holds, the pip commands it runs, and a real offline install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from hoithao.kit import bundle
from hoithao.kit.launchers import LAUNCHERS, encode_batch, render_launcher

from ..conftest import REPO


def batch_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.decode("utf-8").split("\r\n")[:-1]
    assert lines[:3] == ["@echo off", "chcp 65001 >nul", 'cd /d "%~dp0"']
    assert lines[-1].startswith("pause")
    return lines


def test_windows_wheels_are_downloaded_per_python_version(tmp_path: Path) -> None:
    commands = bundle.download_commands(
        ["click>=8.1,<9", "lxml>=3.1.0"],
        tmp_path / "w",
        tmp_path / "b",
        ["3.11", "3.12"],
        "win_amd64",
    )
    assert commands == [
        [
            "download",
            "--only-binary=:all:",
            "--platform",
            "win_amd64",
            "--python-version",
            version,
            "--implementation",
            "cp",
            "--find-links",
            str(tmp_path / "b"),
            "--dest",
            str(tmp_path / "w"),
            "click>=8.1,<9",
            "lxml>=3.1.0",
            "colorama",
        ]
        for version in ("3.11", "3.12")
    ]


def test_supported_versions_match_the_package() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'requires-python = ">={bundle.PYTHON_VERSIONS[0]}"' in pyproject


def test_kit_files(tmp_path: Path) -> None:
    bundle.write_kit_files(tmp_path, ["3.11", "3.12", "3.13"])
    installer = batch_lines(tmp_path / "cai_dat.bat")
    assert 'if not defined HOME_DIR set "HOME_DIR=%LOCALAPPDATA%\\hoithao"' in installer
    assert (
        'for %%v in (3.13 3.12 3.11) do if not defined PY (py -%%v -c "" >nul 2>&1 && '
        'set "PY=py -%%v")'
    ) in installer
    assert '%PY% -m venv --clear "%HOME_DIR%\\.venv"' in installer
    assert (
        '"%HOME_DIR%\\.venv\\Scripts\\python.exe" -m pip install --disable-pip-version-check '
        '--no-index --find-links "%~dp0wheels" --upgrade hoithao'
    ) in installer
    assert "echo Máy chưa có Python 3.11 đến 3.13." in installer
    new = batch_lines(tmp_path / "tao_hoi_thao_moi.bat")
    assert '%HOITHAO_CMD% init "%THU_MUC%"' in new
    guide = (tmp_path / "HUONG_DAN.txt").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf")
    assert "bấm đúp cai_dat.bat" in guide.decode("utf-8-sig").replace("Bấm", "bấm")
    for launcher in LAUNCHERS:
        copied = tmp_path / "bat_mau" / launcher.file_name
        assert copied.read_bytes() == encode_batch(render_launcher(launcher))


def test_requires_dist_reads_the_wheel_metadata(tmp_path: Path) -> None:
    wheel = tmp_path / "x-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as out:
        out.writestr(
            "x-1.0.dist-info/METADATA",
            'Name: x\nRequires-Dist: click<9,>=8.1\nRequires-Dist: pytest; extra == "test"\n'
            'Requires-Dist: colorama; platform_system == "Windows"\n',
        )
    assert bundle.requires_dist(wheel) == [
        "click<9,>=8.1",
        'colorama; platform_system == "Windows"',
    ]


def test_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(bundle.BundleError, match=r"thiếu pyproject\.toml"):
        bundle.build_bundle(tmp_path / "out", project=tmp_path)


def test_the_click_layer_does_not_import_the_builder() -> None:
    code = "import sys, hoithao.cli; print('hoithao.kit.bundle' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "False"


def registry_reachable(tmp_path: Path) -> bool:
    probe_args = ["--dest", str(tmp_path / "probe"), "colorama"]
    probe = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", *probe_args],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.slow
def test_bundle_installs_offline_into_a_fresh_venv(tmp_path: Path) -> None:
    if not registry_reachable(tmp_path):
        pytest.skip("the package registry cannot be reached")
    built = bundle.build_bundle(tmp_path / "dist", platform=bundle.CURRENT)
    assert any(name.startswith("hoithao-") for name in built.wheels)
    with zipfile.ZipFile(built.archive) as archive:
        names = set(archive.namelist())
    assert "hoithao_cai_dat/cai_dat.bat" in names
    assert {f"hoithao_cai_dat/wheels/{w}" for w in built.wheels} <= names

    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    scripts = target / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / "python"
    # no index and no pip configuration: only the kit's wheels folder
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    kit = ["--find-links", str(built.folder / "wheels"), "hoithao"]
    subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-index", *kit],
        check=True,
        capture_output=True,
        env=env,
    )
    tool = scripts / "hoithao"
    usage = subprocess.run([str(tool), "xyz"], capture_output=True, text=True, env=env)
    assert usage.returncode == 2
    assert "Lỗi: Không có lệnh 'xyz'." in usage.stderr  # the catalog ships in the wheel
    workspace = tmp_path / "Hội thảo"
    subprocess.run([str(tool), "init", str(workspace)], check=True, capture_output=True, env=env)
    assert (workspace / "tong_hop.bat").is_file()
    status = subprocess.run(
        [str(tool), "--root", str(workspace), "trang-thai"], capture_output=True, text=True, env=env
    )
    assert status.returncode == 0, status.stderr
    assert "Việc tiếp theo:" in status.stdout


@pytest.mark.slow
def test_windows_bundle_resolves_offline_for_every_python(tmp_path: Path) -> None:
    """The win_amd64 kit holds every wheel pip needs, version by version, with no index."""
    if not registry_reachable(tmp_path):
        pytest.skip("the package registry cannot be reached")
    versions = [bundle.PYTHON_VERSIONS[0], bundle.PYTHON_VERSIONS[-1]]
    built = bundle.build_bundle(tmp_path / "dist", versions=versions)
    assert all(bundle.wheel_fits(name, "win_amd64") for name in built.wheels)
    assert any(name.startswith("colorama-") for name in built.wheels)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    for version in versions:
        report = tmp_path / f"report-{version}.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--dry-run",
                "--no-index",
                "--quiet",
                "--find-links",
                str(built.folder / "wheels"),
                "--only-binary=:all:",
                "--platform",
                "win_amd64",
                "--python-version",
                version,
                "--implementation",
                "cp",
                "--target",
                str(tmp_path / "target"),
                "--report",
                str(report),
                "hoithao",
            ],
            check=True,
            capture_output=True,
            env=env,
        )
        installed = {
            item["metadata"]["name"].lower()
            for item in json.loads(report.read_text(encoding="utf-8"))["install"]
        }
        assert {"hoithao", "python-calamine", "lxml", "click"} <= installed
