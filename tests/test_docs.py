"""README stays true: it names every command and every issue code, and the test command is CI's."""

from __future__ import annotations

import re

from hoithao.cli import main
from hoithao.issues import ISSUE_KINDS

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
