"""When a spreadsheet was last saved, as recorded inside it (xlsx/xlsm/docx `docProps/core.xml`,
ods `meta.xml`): a clue to which of two returns is the later one (engine/ordering.py).

Here, not in engine/, so that the guard reads it in the pass that checks the file: opening the
zip a second time only for this small part cost as much as a third of the guard's own work.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

# a document-properties part is a few hundred bytes; more is not a properties part
MAX_PROPERTIES_BYTES = 64 * 1024
_CORE_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>\s*([^<\s]+)\s*</dcterms:modified>")
_ODS_DATE = re.compile(rb"<dc:date>\s*([^<\s]+)\s*</dc:date>")
_PROPERTY_PARTS = (("docProps/core.xml", _CORE_MODIFIED), ("meta.xml", _ODS_DATE))
ZIP_MAGIC = b"PK\x03\x04"


def _parse_stamp(text: str) -> datetime | None:
    """W3CDTF as written by Excel ("2022-05-09T10:00:00Z") or LibreOffice (local, no zone)."""
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        match = re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", text)
        if match is None:
            return None
        value = datetime.fromisoformat(match.group(0))  # fractions beyond microseconds
    if value.tzinfo is None:
        value = value.astimezone()  # LibreOffice writes the saver's local time
    value = value.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)
    return value if 1990 <= value.year <= 2100 else None


def saved_time(data: bytes | None, path: Path | None = None) -> datetime | None:
    """When the file was last saved, as recorded inside it (UTC); None when it says nothing.

    Reads only a small properties part, bounded, with a regular expression (no XML parser:
    the guard does not check these parts, so they are treated as hostile)."""
    try:
        source: io.BytesIO | Path
        if data is not None:
            if data[:4] != ZIP_MAGIC:
                return None
            source = io.BytesIO(data)
        elif path is not None:
            source = path
        else:
            return None
        with zipfile.ZipFile(source) as archive:
            return saved_time_in(archive)
    except Exception:  # zlib.error, BadZipFile, …: a part that cannot be read says nothing
        return None


def saved_time_in(
    archive: zipfile.ZipFile,
    inflated: Callable[[zipfile.ZipInfo], bytes | None] = lambda info: None,
) -> datetime | None:
    """saved_time of an open zip; `inflated`: the part's bytes when the caller can give them
    (verified against the directory), else None and the part is read through zipfile. Raises
    what reading the part raises."""
    names = set(archive.namelist())
    for part, pattern in _PROPERTY_PARTS:
        if part not in names:
            continue
        info = archive.getinfo(part)
        if info.file_size > MAX_PROPERTIES_BYTES:
            return None
        text = inflated(info)
        if text is None:
            with archive.open(info) as handle:
                text = handle.read(MAX_PROPERTIES_BYTES)
        found = pattern.search(text)
        return _parse_stamp(found.group(1).decode("ascii", "replace")) if found else None
    return None
