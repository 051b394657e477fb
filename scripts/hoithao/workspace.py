"""Every path of a workspace, and messages that show them relative to it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import vocab
from .errors import WorkspaceError

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
        return self.path(vocab.MASTER_FILE)

    @property
    def returns_dir(self) -> Path:
        return self.path(vocab.RETURNS_DIR)

    @property
    def papers_dir(self) -> Path:
        return self.path(vocab.PAPERS_DIR)

    @property
    def checkin(self) -> Path:
        return self.path(vocab.CHECKIN_FILE)

    @property
    def templates_dir(self) -> Path:
        return self.path(vocab.TEMPLATES_DIR)

    @property
    def form_template(self) -> Path:
        return self.path(vocab.FORM_TEMPLATE)

    @property
    def output_dir(self) -> Path:
        return self.path(vocab.OUTPUT_DIR)

    def output(self, relative: str) -> Path:
        """A path under output/, created on demand."""
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def rel(self, path: str | os.PathLike[str]) -> str:
        """The path as users see it in messages: relative to the workspace, with '/'."""
        p = Path(path)
        try:
            return p.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return p.as_posix()
