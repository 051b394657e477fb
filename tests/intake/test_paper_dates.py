"""A paper's received date: the time saved inside it, before the file's own time."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from docx import Document

from hoithao.engine.papers import received_time
from hoithao.intake.paper_dates import saved_time


def docx_saved(path: Path, modified: datetime | None, created: datetime | None = None) -> Path:
    document = Document()
    document.add_paragraph("Tham luận")
    properties = document.core_properties
    if created is not None:
        properties.created = created
    properties.modified = modified  # type: ignore[assignment]
    document.save(str(path))
    return path


def test_docx_modified_time(tmp_path: Path) -> None:
    path = docx_saved(tmp_path / "a.docx", datetime(2022, 5, 10, 8, 30))
    moment = saved_time(path)
    assert moment is not None
    # core.xml keeps UTC: compare as the same instant
    assert moment.astimezone(timezone.utc).replace(tzinfo=None) == datetime(2022, 5, 10, 8, 30)


def test_docx_created_when_modified_missing(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    docx_saved(path, datetime(2022, 5, 9))
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    core = parts["docProps/core.xml"].decode()
    core = re.sub(r"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", "", core)
    core = re.sub(
        r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", r"\g<1>2022-05-07T02:00:00Z\2", core
    )
    parts["docProps/core.xml"] = core.encode()
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    moment = saved_time(path)
    assert moment is not None
    assert moment.astimezone(timezone.utc).replace(tzinfo=None) == datetime(2022, 5, 7, 2, 0)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"/CreationDate (D:20220501090000+07'00') /ModDate (D:20220511083000+07'00')", (11, 1)),
        (b"/CreationDate (D:20220503120000Z)", (3, 12)),
        (b"<xmp:ModifyDate>2022-05-08T10:00:00+07:00</xmp:ModifyDate>", (8, 3)),
        # an incremental save appends a newer information dictionary: the last one counts
        (b"/ModDate (D:20220501000000Z) ... /ModDate (D:20220512000000Z)", (12, 0)),
    ],
)
def test_pdf_information_dates(tmp_path: Path, body: bytes, expected: tuple[int, int]) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << " + body + b" >> endobj\n%%EOF")
    moment = saved_time(path)
    assert moment is not None
    utc = moment.astimezone(timezone.utc)
    assert (utc.day, utc.hour) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", b"%PDF-1.4 no dates"), ("a.docx", b"not a zip"), ("a.doc", b"\xd0\xcf")],
)
def test_no_saved_time(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert saved_time(path) is None


def test_received_time_prefers_the_saved_time_to_the_copy_time(tmp_path: Path) -> None:
    path = docx_saved(tmp_path / "CS01.docx", datetime(2022, 5, 10, 8, 30))
    os.utime(path, (datetime(2026, 1, 1).timestamp(),) * 2)  # a git clone or a copy
    assert received_time(path).date() in (date(2022, 5, 10), date(2022, 5, 11))
    bare = tmp_path / "CS02.pdf"
    bare.write_bytes(b"%PDF-1.4")
    os.utime(bare, (datetime(2022, 5, 9, 12).timestamp(),) * 2)
    assert received_time(bare) == datetime(2022, 5, 9, 12)
