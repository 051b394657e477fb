"""A killed run: its temporary files are removed (and named) by the next run, never a live run's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from hoithao.cli import main
from hoithao.run import run
from hoithao.workspace import Workspace, claim_workspace

from .conftest import REPO, TODAY, ReturnFactory, form_row

pytestmark = pytest.mark.skipif(os.name == "nt", reason="kill -9 is POSIX")


def python(script: str, ws: Workspace, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "HOITHAO_ROOT": str(ws.root)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        **kwargs,  # type: ignore[arg-type]
    )


def killed_during(ws: Workspace, folder: str) -> None:
    """Run consolidate in a real process that kills itself (-9) as it renames a temp file
    into `folder`: what a power cut or a closed console does."""
    script = f"""
        import os, signal
        from pathlib import Path
        from hoithao.run import run
        from hoithao.workspace import Workspace
        real = os.replace
        def replace(src, dst):
            if Path(dst).parent.name == {folder!r}:
                os.kill(os.getpid(), signal.SIGKILL)
            real(src, dst)
        os.replace = replace
        run(Workspace.resolve(os.environ["HOITHAO_ROOT"]))
    """
    process = python(script, ws)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL


def temp_files(ws: Workspace) -> list[str]:
    return sorted(ws.rel(p) for p in ws.root.rglob(".~tmp-*"))


def test_next_run_removes_and_names_what_a_killed_run_left(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    run(workspace, today=TODAY)
    make_return("CS03.xlsx", [form_row(1, "Võ Thị Dung")], unit_code="CS03")
    killed_during(workspace, "output")
    killed_during(workspace, "workbooks")  # the check-in append, delegates' names inside
    left = temp_files(workspace)
    assert any(p.startswith("output/.~tmp-") for p in left)
    assert any(p.startswith("workbooks/.~tmp-") for p in left)

    result = CliRunner().invoke(
        main, ["--root", str(workspace.root), "consolidate", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    assert f"Đã xoá {len(left)} tệp tạm còn sót lại" in result.output
    for path in left:
        assert path in result.output
    assert temp_files(workspace) == []


def test_a_live_run_keeps_its_temporary_files(workspace: Workspace) -> None:
    first = claim_workspace(workspace)
    live = workspace.output_dir / ".~tmp-live.xlsx"
    live.write_bytes(b"writing")
    second = claim_workspace(workspace)
    assert second.handle is None  # another run holds the lock
    assert second.stale == []
    assert live.exists()
    first.release()
    third = claim_workspace(workspace)
    assert third.stale == ["output/.~tmp-live.xlsx"]
    third.release()


def test_a_run_leaves_no_file_of_its_own(workspace: Workspace, make_return: ReturnFactory) -> None:
    make_return("CS02.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    args = ["--root", str(workspace.root), "consolidate", "--no-progress"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    leftovers = [p for p in workspace.root.rglob(".~*") if p.is_file()]
    assert leftovers == []


def test_output_as_a_plain_file_does_not_stop_the_claim(workspace: Workspace) -> None:
    workspace.output_dir.rmdir()
    workspace.output_dir.write_text("not a folder")
    lock = claim_workspace(workspace)
    assert (lock.handle, lock.stale) == (None, [])


def test_rel_shows_paths_as_users_see_them(tmp_path: Path) -> None:
    """The string fast path of Workspace.rel (issue 18) says what pathlib says."""
    ws = Workspace((tmp_path / "hội thảo").resolve())
    ws.root.mkdir()
    root = str(ws.root)
    cases = {
        f"{root}/workbooks/phieu_dang_ky/CS 02 – bổ sung.xlsx": (
            "workbooks/phieu_dang_ky/CS 02 – bổ sung.xlsx"
        ),
        ws.root / "output" / "tong_hop.xlsx": "output/tong_hop.xlsx",
        f"{root}/a/../b.xlsx": "b.xlsx",
        f"{root}/./c.xlsx": "c.xlsx",
        f"{root}//d.xlsx": "d.xlsx",
        root: ".",
        f"{root}-other/e.xlsx": f"{root}-other/e.xlsx",
    }
    for path, shown in cases.items():
        assert ws.rel(path) == shown, path
