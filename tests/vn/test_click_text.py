"""Click speaks Vietnamese (cli.py with vn/click_text.py): usage errors, help headings, full
descriptions, exit code 2 kept; the catalog covers every message of the installed click."""

from __future__ import annotations

import ast
import gettext
import os
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from hoithao.cli import main
from hoithao.vn import click_text as cli_vi
from hoithao.workspace import ROOT_ENV

# click's own strings that only a programmer mistake can show (bad declarations, reprs)
DEVELOPER_ONLY = {
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Invalid start character for option ({option})",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "Choice({choices})",
}
GROUP_USAGE = (
    "Cách dùng: hoithao [TUỲ_CHỌN] LỆNH [THAM_SỐ]...\nGõ 'hoithao --help' để xem hướng dẫn.\n\n"
)
INIT_USAGE = (
    "Cách dùng: hoithao init [TUỲ_CHỌN] THƯ_MỤC\nGõ 'hoithao init --help' để xem hướng dẫn.\n\n"
)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> click.testing.Result:
    return runner.invoke(main, list(args), prog_name="hoithao")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--xyz"], GROUP_USAGE + "Lỗi: Không có tuỳ chọn '--xyz'.\n"),
        (["xyz-abc"], GROUP_USAGE + "Lỗi: Không có lệnh 'xyz-abc'.\n"),
        (
            ["consolidat"],
            GROUP_USAGE + "Lỗi: Không có lệnh 'consolidat'. Có phải ý bạn là 'consolidate'?\n",
        ),
        (
            ["--roo", "x", "forms"],
            GROUP_USAGE + "Lỗi: Không có tuỳ chọn '--roo'. Có phải ý bạn là '--root'?\n",
        ),
        (["--root"], "Lỗi: Tuỳ chọn '--root' cần một giá trị.\n"),
        (["init"], INIT_USAGE + "Lỗi: Thiếu tham số 'THƯ_MỤC'.\n"),
        (["init", "a", "b"], INIT_USAGE + "Lỗi: Thừa tham số: b.\n"),
        (["init", "--force", "a"], INIT_USAGE + "Lỗi: Không có tuỳ chọn '--force'.\n"),
    ],
)
def test_usage_errors_are_vietnamese_and_exit_2(
    runner: CliRunner, args: list[str], expected: str
) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == expected


def test_root_that_is_a_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "sổ.xlsx").write_bytes(b"")
    result = invoke(runner, "--root", str(tmp_path / "sổ.xlsx"), "forms")
    assert result.exit_code == 2
    assert result.stderr == GROUP_USAGE + (
        f"Lỗi: Giá trị không hợp lệ cho '--root': '{tmp_path / 'sổ.xlsx'}' là một tệp, "
        "không phải thư mục.\n"
    )


def test_group_help_has_vietnamese_headings_and_full_descriptions(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Cách dùng: hoithao [TUỲ_CHỌN] LỆNH [THAM_SỐ]...\n")
    assert "\nTuỳ chọn:\n" in out
    assert "\nLệnh:\n" in out
    for english in ("Usage", "Options", "Commands", "COMMAND", "Show this", "…"):
        assert english not in out
    assert "--root THƯ_MỤC" in out
    flat = " ".join(out.split())
    for name, command in main.commands.items():
        assert f"{name} {cli_vi.first_paragraph(command.help)}" in flat


def test_command_help_is_vietnamese(runner: CliRunner) -> None:
    result = invoke(runner, "init", "--help")
    assert result.exit_code == 0
    assert result.stdout == (
        "Cách dùng: hoithao init [TUỲ_CHỌN] THƯ_MỤC\n\n"
        "  Tạo thư mục làm việc trống cho một hội thảo mới tại THƯ_MỤC.\n\n"
        "Tuỳ chọn:\n"
        "  -h, --help  In hướng dẫn này rồi thoát.\n"
    )


def test_no_arguments_shows_the_help(runner: CliRunner) -> None:
    result = invoke(runner)
    assert result.exit_code == 2
    assert result.output.startswith("Cách dùng: hoithao [TUỲ_CHỌN] LỆNH [THAM_SỐ]...\n")
    assert "\nLệnh:\n" in result.output


def test_gettext_state_is_restored(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "fr")
    domain = gettext.textdomain()
    assert invoke(runner, "--xyz").exit_code == 2
    assert gettext.textdomain() == domain
    assert os.environ["LANGUAGE"] == "fr"
    assert gettext.gettext("Usage:") == "Usage:"


def test_shipped_catalog_is_compiled_from_the_module() -> None:
    assert cli_vi.CATALOG_FILE.read_bytes() == cli_vi.compile_catalog()


def test_catalog_reads_back_through_gettext() -> None:
    with cli_vi.CATALOG_FILE.open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)
    for msgid, msgstr in cli_vi.MESSAGES.items():
        assert catalog.gettext(msgid) == msgstr
    for (one, many), (vi_one, vi_many) in cli_vi.PLURALS.items():
        assert catalog.ngettext(one, many, 1) == vi_one
        assert catalog.ngettext(one, many, 3) == vi_many


def click_msgids() -> set[str]:
    """Every literal click passes to `_()` or `ngettext()` (the singular), read from its source."""
    found = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "ngettext"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_message_of_the_installed_click_is_translated() -> None:
    translated = set(cli_vi.MESSAGES) | {one for one, _many in cli_vi.PLURALS}
    assert click_msgids() - translated - DEVELOPER_ONLY == set()


def test_translations_keep_the_placeholders_click_fills() -> None:
    formatter = string.Formatter()

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in formatter.parse(text) if name}

    for msgid, msgstr in cli_vi.MESSAGES.items():
        assert fields(msgstr) <= fields(msgid), msgid
    for (one, many), (vi_one, vi_many) in cli_vi.PLURALS.items():
        assert fields(vi_one) | fields(vi_many) <= fields(one) | fields(many), one
