"""When a paper was saved by its author, as recorded inside the file: a copy, a download or a
git clone resets the file's own time, the document's record does not.

Word: `dcterms:modified` (else `dcterms:created`) in docProps/core.xml. PDF: the last
`/ModDate` (else `/CreationDate`) of the document information, else the XMP `xmp:ModifyDate`.
Both are read with bounded effort: a paper is not a return and is not otherwise parsed.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

MAX_CORE_XML = 1024 * 1024
MAX_PDF_BYTES = 50 * 1024 * 1024

_W3CDTF = re.compile(rb"<dcterms:(modified|created)[^>]*>\s*([0-9T:.+\-Z]+)\s*<")
_PDF_DATE = re.compile(
    rb"/(ModDate|CreationDate)\s*\(\s*D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+\-])?(\d{2})?'?(\d{2})?"
)
_XMP_DATE = re.compile(
    rb"<?xmp:(ModifyDate|CreateDate)>?\s*=?\s*[\"']?(\d{4}-\d{2}-\d{2}T[0-9:.+\-Z]+)"
)


def saved_time(path: Path) -> datetime | None:
    """The paper's own saved time (local, naive), or None when the file records none."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".docx", ".docm", ".odt"):
            return _docx_time(path)
        if suffix == ".pdf":
            return _pdf_time(path)
    except (OSError, zipfile.BadZipFile, ValueError, OverflowError):
        return None
    return None


def _local(moment: datetime) -> datetime:
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _docx_time(path: Path) -> datetime | None:
    with zipfile.ZipFile(path) as archive:
        try:
            info = archive.getinfo("docProps/core.xml")
        except KeyError:
            return None
        if info.file_size > MAX_CORE_XML:
            return None
        with archive.open(info) as handle:
            core = handle.read(MAX_CORE_XML)
    found = {kind: value for kind, value in _W3CDTF.findall(core)}
    text = found.get(b"modified") or found.get(b"created")
    if not text:
        return None
    moment = datetime.fromisoformat(text.decode().replace("Z", "+00:00"))
    # Word writes 1601-01-01 or 1900 for "unknown"; a paper is not that old
    return _local(moment) if moment.year >= 1990 else None


def _pdf_time(path: Path) -> datetime | None:
    size = path.stat().st_size
    if size > MAX_PDF_BYTES:
        return None
    data = path.read_bytes()
    dates = {}
    for match in _PDF_DATE.finditer(data):
        dates[match.group(1)] = match  # the last one written: incremental saves append
    match = dates.get(b"ModDate") or dates.get(b"CreationDate")
    if match is not None:
        return _pdf_moment(match)
    xmp = {kind: value for kind, value in _XMP_DATE.findall(data)}
    text = xmp.get(b"ModifyDate") or xmp.get(b"CreateDate")
    if text:
        return _local(datetime.fromisoformat(text.decode().replace("Z", "+00:00")))
    return None


def _pdf_moment(match: re.Match[bytes]) -> datetime | None:
    """D:YYYYMMDDHHmmSSOHH'mm' (every part after the year optional)."""
    year, month, day, hour, minute, second, sign, tz_hours, tz_minutes = (
        g.decode() if g else None for g in match.groups()[1:]
    )
    moment = datetime(
        int(year or 0),
        int(month or 1),
        int(day or 1),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
    )
    if sign in ("+", "-"):
        offset = timedelta(hours=int(tz_hours or 0), minutes=int(tz_minutes or 0))
        moment = moment.replace(tzinfo=timezone(offset if sign == "+" else -offset))
    elif sign == "Z":
        moment = moment.replace(tzinfo=timezone.utc)
    return _local(moment) if moment.year >= 1990 else None
