"""Every path of a workspace, and messages that show them relative to it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from hoithao.errors import WorkspaceError

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
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def rel(self, path: str | os.PathLike[str]) -> str:
        """The path as users see it in messages: relative to the workspace, with '/'."""
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
