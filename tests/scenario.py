"""Several days of returns on one workspace: files added with chosen internal and file times."""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hoithao.run import run
from hoithao.workspace import SUMMARY_JSON, Workspace

from .conftest import write_return

_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>")


def set_saved_time(path: Path, saved: datetime | None) -> None:
    """Rewrite docProps/core.xml's dcterms:modified (UTC), or remove it when None."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                stamp = b""
                if saved is not None:
                    stamp = (
                        b'<dcterms:modified xsi:type="dcterms:W3CDTF">'
                        + f"{saved:%Y-%m-%dT%H:%M:%S}Z".encode()
                        + b"</dcterms:modified>"
                    )
                data = _MODIFIED.sub(stamp, data)
            target.writestr(info, data)


def set_file_time(path: Path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


class Stream:
    """The office's fortnight: units' files arrive, staff run consolidate once a day."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def add(
        self,
        name: str,
        rows: Sequence[Sequence[Any]],
        *,
        mtime: datetime,
        unit_code: str | None = None,
        written: date | None = None,
        saved: datetime | None = None,
        heading: str | None = None,
    ) -> Path:
        """A return with a place-date line when `written`, the saved time inside it when `saved`
        (xlsx only), and the file time `mtime`."""
        above = [[heading]] if heading else []
        below = []
        if written:
            below = [
                [],
                ["", f"Quy Nhơn, ngày {written.day} tháng {written.month} năm {written.year}"],
            ]
        path = write_return(
            self.ws.returns_dir / name, rows, unit_code=unit_code, above=above, below=below
        )
        if path.suffix in (".xlsx", ".xlsm"):
            set_saved_time(path, saved)
        set_file_time(path, mtime)
        return path

    def remove(self, name: str) -> None:
        (self.ws.returns_dir / name).unlink()

    def day(self, when: datetime) -> dict[str, Any]:
        """Run consolidate as on that day; that day's tong_hop.json."""
        run(self.ws, today=when.date(), now=when)
        return json.loads(self.ws.output(SUMMARY_JSON).read_text(encoding="utf-8"))
