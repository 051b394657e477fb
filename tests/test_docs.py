"""README stays true: it names every command and every issue code, and the test command is CI's;
both ways: what it names exists (commands, issue codes, .bat files, and every output file, made
by running the commands on a copy from `python -m hoithao.sample DIR`, which must therefore be a
usable workspace) and its sample run is what `consolidate` prints there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from hoithao.cli import main
from hoithao.issues import ISSUE_KINDS
from hoithao.kit import bundle
from hoithao.kit.launchers import INSTALLER, LAUNCHERS
from hoithao.sample import build as sample
from hoithao.workspace import ROOT_ENV

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_names_every_command() -> None:
    for name in main.commands:
        assert f"hoithao {name}" in README, name


def test_readme_issue_table_matches_registry() -> None:
    rows = dict(re.findall(r"^\| `?([A-Z]\d\d)`? \| ([a-z]+) \|", README, flags=re.MULTILINE))
    assert rows == {code: kind.level for code, kind in ISSUE_KINDS.items()}


def test_ci_runs_readme_test_command() -> None:
    command = "pip install -r requirements-dev.txt && python -m pytest"
    assert command in README
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


# what README shows as code: `spans` and fenced blocks
CODE = re.findall(r"```.*?```|`[^`\n]+`", README, flags=re.DOTALL)
PATH = re.compile(r"(?:output|workbooks|templates)[/\\](?:<[^>]*>|[^\s`,;:)<])*")


def named_commands() -> set[str]:
    return {
        name
        for code in CODE
        for name in re.findall(r"(?:^|[\s`&])hoithao ([a-z][a-z-]*)", code, flags=re.MULTILINE)
    }


def named_paths() -> set[str]:
    """Workspace paths README names, with `/`; `<Mã>` and the like become `*`."""
    found = set()
    for code in CODE:
        for path in PATH.findall(code):
            path = re.sub(r"<[^>]*>", "*", path.replace("\\", "/")).rstrip(".")
            # a unit's file under phieu_dang_ky/ or tham_luan/ is an example, not an output
            example = re.match(r"workbooks/(phieu_dang_ky|tham_luan)/.", path)
            if "…" not in path and not example and path not in {"output/", "workbooks/"}:
                found.add(path)
    return found


def test_every_command_named_exists_and_every_command_is_named() -> None:
    assert named_commands() == set(main.commands)


def test_every_issue_code_named_exists_and_every_code_is_named() -> None:
    assert set(re.findall(r"\b[A-Z]\d\d\b", README)) == set(ISSUE_KINDS)


def test_every_batch_file_named_exists() -> None:
    named = set(re.findall(r"\b(\w+\.bat)\b", README))
    launchers = {launcher.file_name for launcher in LAUNCHERS}
    assert named == launchers | {INSTALLER, bundle.NEW_WORKSPACE}


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """`python -m hoithao.sample DIR`, then every command, as staff would run them."""
    root = tmp_path_factory.mktemp("thử nghiệm") / "HoiThao"
    assert sample.main([str(root)]) == 0
    runner = CliRunner()
    printed = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(ROOT_ENV, raising=False)
        commands = ["forms", "consolidate", "merge", "the", "ky-yeu", "attendance", "trang-thai"]
        for command in commands:
            args = ["--root", str(root), command]
            result = runner.invoke(
                main, [*args, "--no-progress"] if command == "consolidate" else args
            )
            assert result.exit_code == 0, (command, result.output)
            printed[command] = result.stdout
        # a unit withdraws its return: the re-run appends to the check-in workbook, backup first
        next((root / "workbooks" / "phieu_dang_ky").glob("CS0*.xlsx")).unlink()
        result = runner.invoke(main, ["--root", str(root), "consolidate", "--no-progress"])
        assert result.exit_code == 0, result.output
        for command in ["thay-doi", "chia-se"]:
            result = runner.invoke(main, ["--root", str(root), command])
            assert result.exit_code == 0, (command, result.output)
    return root, printed


@pytest.mark.slow
def test_every_output_file_named_is_made(sample_copy: tuple[Path, dict[str, str]]) -> None:
    root, _ = sample_copy
    paths = named_paths()
    assert {
        "output/tong_hop.xlsx",
        "output/the_dai_bieu_qr.docx",
        "templates/giay_moi.docx",
    } <= paths
    missing = sorted(path for path in paths if not list(root.glob(path.rstrip("/"))))
    assert missing == []


@pytest.mark.slow
def test_sample_run_is_what_consolidate_prints(sample_copy: tuple[Path, dict[str, str]]) -> None:
    _, printed = sample_copy
    section = README.split("## Sample run", 1)[1]
    shown = re.search(r"```\n(.*?)```", section, flags=re.DOTALL)
    assert shown is not None
    assert printed["consolidate"] == shown.group(1)
