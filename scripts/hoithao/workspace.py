"""Every path of a workspace, and messages that show them relative to it."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from hoithao.errors import WorkspaceError, write_error

# the workspace layout (DESIGN §2), relative to its root
MASTER_FILE = "workbooks/hoi_thao.xlsx"

RETURNS_DIR = "workbooks/phieu_dang_ky"

PAPERS_DIR = "workbooks/tham_luan"

CHECKIN_FILE = "workbooks/diem_danh.xlsx"

TEMPLATES_DIR = "templates"

OUTPUT_DIR = "output"

FORM_TEMPLATE = "templates/phieu_dang_ky.xlsx"

FORMS_OUT_DIR = "output/phieu_gui_don_vi"

FEEDBACK_OUT_DIR = "output/phan_hoi"

SUMMARY_XLSX = "output/tong_hop.xlsx"

SUMMARY_JSON = "output/tong_hop.json"

HISTORY_DIR = "output/lich_su"

CHANGES_XLSX = "output/thay_doi.xlsx"

# returns' results, the master, the inputs' and the outputs' digests: safe to delete
CACHE_DIR = "output/.cache"

ROOT_ENV = "HOITHAO_ROOT"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def resolve(cls, root: str | os.PathLike[str] | None = None) -> Workspace:
        """--root, else $HOITHAO_ROOT, else the current folder."""
        chosen = root or os.environ.get(ROOT_ENV) or Path.cwd()
        path = Path(chosen).expanduser().resolve()
        if not path.is_dir():
            raise WorkspaceError(f"Thư mục làm việc không tồn tại: {path}")
        return cls(path)

    def path(self, relative: str) -> Path:
        return self.root / relative

    @property
    def master(self) -> Path:
        return self.path(MASTER_FILE)

    @property
    def returns_dir(self) -> Path:
        return self.path(RETURNS_DIR)

    @property
    def papers_dir(self) -> Path:
        return self.path(PAPERS_DIR)

    @property
    def checkin(self) -> Path:
        return self.path(CHECKIN_FILE)

    @property
    def templates_dir(self) -> Path:
        return self.path(TEMPLATES_DIR)

    @property
    def form_template(self) -> Path:
        return self.path(FORM_TEMPLATE)

    @property
    def output_dir(self) -> Path:
        return self.path(OUTPUT_DIR)

    def output(self, relative: str) -> Path:
        """A path under output/, created on demand."""
        target = self.root / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(exc, self.rel(target), target) from exc
        return target

    def rel(self, path: str | os.PathLike[str]) -> str:
        """The path as users see it in messages: relative to the workspace, with '/'."""
        text = os.fspath(path)
        root = str(self.root) + os.sep
        parts = text[len(root) :].split(os.sep) if text.startswith(root) else [""]  # noqa: PTH206
        if all(part not in ("", ".", "..") for part in parts):  # pathlib costs 30 µs a path
            return "/".join(parts)
        p = Path(path)
        if p.is_absolute() and ".." not in p.parts and p.is_relative_to(self.root):
            return p.relative_to(self.root).as_posix()  # found under the root: no resolving
        try:
            return p.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return p.as_posix()


_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
# letters, digits and a few marks every file system and mail client accepts; the rest → "_"
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9().-]+")


def safe_filename(text: str, *, max_length: int = 80) -> str:
    """An accent-free file name that Windows, macOS and mail attachments all accept.

    Words are joined by "_"; no `/ \\ : * ? " < > |`, no "..", no leading or trailing dot,
    no reserved device name (CON, NUL, COM1…), at most `max_length` characters, never empty.
    """
    from hoithao.vn.text import ascii_name

    limit = max(1, max_length)
    name = _UNSAFE_RUN.sub("_", ascii_name(text))
    name = re.sub(r"\.{2,}", ".", name)
    name = name[:limit].strip("_.- ")
    if not name:
        name = "_"
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = ("_" + name)[:limit].rstrip(". ")
    return name


# --- the run lock and temporary files of killed runs ------------------------------------------
# Temporary files of killed runs: found and removed by the next run, never those of a live one.
#
# Every output is written to `.~tmp-*` beside its place and renamed over it; a run killed in
# between (power cut, kill -9, a closed console) leaves that file behind — one in workbooks/ may
# hold delegates' names. A run holds an OS lock on `output/.~hoithao.lock` for as long as it lives
# (the OS drops it when the process dies, however it dies), so a run that gets the lock knows no
# other run is writing and every `.~tmp-*` it finds is stale.

TEMP_PREFIX = ".~tmp-"
LOCK_NAME = ".~hoithao.lock"


def _lock(handle: IO[bytes]) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class RunLock:
    """The lock a run holds on its workspace; `stale` lists what `claim` removed."""

    def __init__(self) -> None:
        self.handle: IO[bytes] | None = None
        self.path: Path | None = None
        self.stale: list[str] = []

    def release(self) -> None:
        """Unlock and remove the lock file: no run leaves a file of its own behind (a run that
        opened it meanwhile and finds it gone only skips the clean-up of killed runs' files)."""
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
            self.handle = None
            if self.path is not None:
                with contextlib.suppress(OSError):
                    self.path.unlink()


def claim_workspace(ws: Workspace) -> RunLock:
    """Lock the workspace for this process and remove the temporary files killed runs left.

    When another run holds the lock, or output/ cannot be written (the write that follows
    words that), nothing is removed."""
    lock = RunLock()
    try:
        ws.output_dir.mkdir(parents=True, exist_ok=True)
        path = ws.output_dir / LOCK_NAME
        handle = path.open("a+b")
    except OSError:
        return lock
    if not _lock(handle):
        handle.close()
        return lock
    lock.handle, lock.path = handle, path
    lock.stale = remove_stale_temp_files(ws)
    return lock


def stale_temp_files(ws: Workspace) -> list[Path]:
    found: list[Path] = []
    if ws.output_dir.is_dir():
        found.extend(p for p in ws.output_dir.rglob(TEMP_PREFIX + "*") if p.is_file())
    base = ws.checkin.parent  # workbooks/: the check-in workbook is written there, not deeper
    if base.is_dir():
        found.extend(p for p in base.glob(TEMP_PREFIX + "*") if p.is_file())
    return sorted(found)


def remove_stale_temp_files(ws: Workspace) -> list[str]:
    """Remove every `.~tmp-*` under output/ and in workbooks/; their workspace paths."""
    removed = []
    for path in stale_temp_files(ws):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(ws.rel(path))
    return removed


def stale_message(removed: list[str]) -> str:
    return (
        f"Đã xoá {len(removed)} tệp tạm còn sót lại từ một lần chạy bị ngắt giữa chừng: "
        + ", ".join(removed)
        + "."
    )
