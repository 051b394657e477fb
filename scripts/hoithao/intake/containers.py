"""Returns that arrive inside another file: a .zip of forms, an e-mail saved as .eml.

One level only: a container inside a container is refused, not opened. A member is only ever
held as bytes: its name is shown to staff (`thu_CS12.eml/phieu.xlsx`) and used as a clue to the
unit, but never used to write anywhere. The container itself went through the guard (size,
inflation ratio of each part); here the count of members and the bytes actually inflated are
bounded as well, and each member then goes through the guard like any file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from time import perf_counter
from typing import TYPE_CHECKING

from hoithao.errors import os_reason, technical
from hoithao.intake.read import (
    CONTAINER_SUFFIXES,
    ENCRYPTED,
    RETURN_SUFFIXES,
    UNREADABLE_SHAPES,
    CheckedFile,
    Skipped,
    UnreadableFileError,
    check_member,
    check_return,
)

if TYPE_CHECKING:
    from email.message import EmailMessage

MAX_MEMBERS = 100
MAX_INFLATED = 200 * 1024 * 1024
MAX_MIME_DEPTH = 8
NESTED = (
    "tệp nén hoặc thư nằm trong một tệp nén hoặc thư khác không được mở: đề nghị đơn vị gửi "
    "trực tiếp các tệp phiếu đăng ký"
)
EMPTY = {
    ".zip": "tệp nén không có phiếu đăng ký nào: đề nghị đơn vị gửi phiếu (Excel hoặc Word)",
    ".eml": "thư không đính kèm phiếu đăng ký (Excel hoặc Word): đề nghị đơn vị gửi kèm phiếu",
}
# Outlook wraps the attachments of a rich-text (RTF) message into one winmail.dat
WINMAIL = (
    "tệp đính kèm winmail.dat (thư Outlook dạng RTF) không mở được: đề nghị đơn vị gửi lại thư "
    "dạng HTML hoặc văn bản thường, đính kèm phiếu đăng ký (Excel hoặc Word)"
)
BROKEN_ZIP = "tệp nén .zip bị hỏng, không giải nén được"
BROKEN_MAIL = "tệp thư .eml bị hỏng, không đọc được"
JUNK_FOLDERS = ("__MACOSX/",)  # macOS Finder's resource forks: not files anyone sent


@dataclass(frozen=True)
class Member:
    """One file inside a container: its bytes to read, or why it is not read."""

    name: str  # as shown after the container's path: "phieu.xlsx", "Chi bo/CS12.xlsx"
    data: bytes | None = None
    modified: datetime | None = None
    error: str = ""  # F01: the file cannot be read (too big, nested, encrypted, a picture…)
    recorded: datetime | None = None  # the e-mail's Date:, for an attachment
    skip: str = ""  # F05: not a return at all


@dataclass(frozen=True)
class Opened:
    members: list[Member]
    hints: tuple[str, ...]  # the container's stem; an e-mail's subject, sender and address


def open_container(path: Path, data: bytes, modified: datetime) -> Opened:
    """The members of a checked container; UnreadableFileError when it cannot be opened at all.
    `modified`: the container's own time, for members whose date it does not record."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        members = _zip_members(data, modified)
        hints: tuple[str, ...] = (path.stem,)
    elif suffix == ".eml":
        members, hints = _mail_members(data, modified)
        hints = (path.stem, *hints)
    else:
        raise UnreadableFileError(f"định dạng {suffix} không được hỗ trợ")
    if not any(m.data is not None or m.error for m in members):
        raise UnreadableFileError(EMPTY[suffix])
    return Opened(members, hints)


def display_name(name: str) -> str:
    """A member's name for display: "/" separators, no root, no "." or ".." parts."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    clean = [p for p in parts if p not in ("/", ".", "..") and p.strip()]
    return "/".join(clean) or "(không tên)"


def _verdict(name: str) -> str | None:
    """Why a member is not read (None: it is a return to read)."""
    if PurePosixPath(name).name.lower() == "winmail.dat":
        return WINMAIL
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in CONTAINER_SUFFIXES:
        return NESTED
    return UNREADABLE_SHAPES.get(suffix)


def _skip_reason(name: str) -> str:
    base = PurePosixPath(name).name
    if base.startswith("~$"):
        return "tệp tạm của Excel (~$…)"
    if base.startswith(".") or any(p.startswith(".") for p in PurePosixPath(name).parts[:-1]):
        return "tệp ẩn"
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in RETURN_SUFFIXES and base.lower() != "winmail.dat":
        return f"không phải phiếu đăng ký ({suffix or 'không có đuôi tệp'})"
    return ""


# --- zip ----------------------------------------------------------------------------------------
def _zip_name(info: zipfile.ZipInfo) -> str:
    """The name as the sender saw it: tools that write UTF-8 names without the zip's UTF-8
    flag are common, and zipfile then decodes them as cp437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _zip_members(data: bytes, stamp: datetime) -> list[Member]:
    import io

    from hoithao.intake import guard

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [
            i
            for i in archive.infolist()
            if not i.is_dir() and not i.filename.startswith(JUNK_FOLDERS)
        ]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFileError(BROKEN_ZIP) from exc
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFileError(
            f"tệp nén có quá nhiều tệp ({len(infos)}, giới hạn {MAX_MEMBERS}): đề nghị đơn vị "
            "chỉ gửi các phiếu đăng ký"
        )
    limit = guard.max_file_bytes()
    members: list[Member] = []
    inflated = 0
    with archive:
        for info in infos:
            name = display_name(_zip_name(info))
            try:
                modified = datetime(*info.date_time)
            except ValueError:
                modified = stamp
            skip = _skip_reason(name)
            if skip:
                members.append(Member(name, skip=skip))
                continue
            refused = _verdict(name)
            if refused is None and info.file_size > limit:
                refused = f"tệp quá lớn ({guard._mb(info.file_size)} MB)"
            if refused is None and inflated >= MAX_INFLATED:
                refused = "tệp nén giải nén ra quá lớn: các tệp còn lại không được đọc"
            if refused:
                members.append(Member(name, modified=modified, error=refused))
                continue
            try:
                with archive.open(info) as handle:
                    content = handle.read(limit + 1)  # bounded whatever the size declared
            except RuntimeError as exc:  # zipfile: "File … is encrypted, password required"
                members.append(Member(name, modified=modified, error=_zip_error(exc)))
                continue
            except Exception as exc:  # BadZipFile, zlib.error, EOFError, NotImplementedError…
                members.append(Member(name, modified=modified, error=_zip_error(exc)))
                continue
            inflated += len(content)
            if len(content) > limit:
                members.append(Member(name, modified=modified, error="tệp quá lớn"))
                continue
            members.append(Member(name, content, modified))
    return members


def _zip_error(exc: Exception) -> str:
    if "encrypted" in str(exc):
        return ENCRYPTED
    return "không giải nén được tệp này (tệp nén bị hỏng)"


# --- e-mail -------------------------------------------------------------------------------------
def _mail_members(data: bytes, stamp: datetime) -> tuple[list[Member], tuple[str, ...]]:
    # here, not at the top: the email package takes ~6 ms to import, and few returns are e-mails
    import email
    import email.policy
    import email.utils
    from email.message import EmailMessage

    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        recorded = _mail_date(message)
        sent = recorded or stamp
        real, address = email.utils.parseaddr(_header(message, "From"))
        hints = tuple(t.strip() for t in (_header(message, "Subject"), real, address) if t)
        parts = list(_attachments(message))
    except Exception as exc:  # the email package raises many kinds on broken headers
        raise UnreadableFileError(BROKEN_MAIL) from exc
    if len(parts) > MAX_MEMBERS:
        raise UnreadableFileError(
            f"thư có quá nhiều tệp đính kèm ({len(parts)}, giới hạn {MAX_MEMBERS})"
        )
    members = []
    for index, part in enumerate(parts, start=1):
        default = "thư đính kèm {}.eml" if _is_message(part) else "tệp đính kèm {}"
        name = display_name(part.get_filename() or default.format(index))
        if _is_message(part) and not name.lower().endswith(CONTAINER_SUFFIXES):
            name += ".eml"
        skip = _skip_reason(name)
        if skip or _inline_picture(part):
            members.append(Member(name, skip=skip or "ảnh trong nội dung thư"))
            continue
        refused = _verdict(name)
        if refused:
            members.append(Member(name, modified=sent, error=refused))
            continue
        try:
            content = part.get_payload(decode=True) or b""
        except Exception:
            members.append(Member(name, modified=sent, error="tệp đính kèm bị hỏng"))
            continue
        members.append(Member(name, content, sent, recorded=recorded))
    return members, hints


def _attachments(message: EmailMessage, depth: int = 0) -> Iterator[EmailMessage]:
    """The attached files; an attached e-mail is one of them (a nested container, refused),
    never opened. `depth` bounds a hostile nesting of multipart parts."""
    if not message.is_multipart():  # the whole message is the one file (rare, but valid MIME)
        if message.get_filename() or message.get_content_disposition() == "attachment":
            yield message
        return
    for part in message.iter_parts():
        if part.get_content_type() == "message/rfc822":
            yield part  # type: ignore[misc]
        elif part.is_multipart():
            if depth < MAX_MIME_DEPTH:
                yield from _attachments(part, depth + 1)  # type: ignore[arg-type]
        elif part.get_filename() or part.get_content_disposition() == "attachment":
            yield part  # type: ignore[misc]


def _is_message(part: EmailMessage) -> bool:
    return part.get_content_type() == "message/rfc822"


def _inline_picture(part: EmailMessage) -> bool:
    """A logo or signature picture shown in the message body, not something attached."""
    return part.get_content_maintype() == "image" and (
        part.get_content_disposition() == "inline" or bool(part.get("Content-ID"))
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "").strip()
    except Exception:
        return ""


def _mail_date(message: EmailMessage) -> datetime | None:
    """The time the e-mail was sent (local time): the date of its attachments (§9)."""
    try:
        import email.utils

        sent = email.utils.parsedate_to_datetime(_header(message, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    if sent.tzinfo is not None:
        sent = sent.astimezone().replace(tzinfo=None)
    return sent


# --- the guard's verdict, file by file or member by member -------------------------------------
@dataclass(frozen=True)
class Refused:
    """A file that cannot be read (F01); its name (and its container's hints) may still tell
    the unit, whose feedback then says what to send instead."""

    path: Path
    reason: str
    hints: tuple[str, ...] = ()
    technical: str = ""  # the library's own words, for the log's technical column only


def checked_steps(
    path: Path, file: str, *, skip_sheets: Collection[str] = ()
) -> Iterator[tuple[str, CheckedFile | Refused | Skipped, float]]:
    """The guard's verdict on a file, or on each member of a container (whose members are
    held as bytes: at most MAX_MEMBERS of them and MAX_INFLATED bytes in all)."""
    started = perf_counter()
    try:
        checked = check_return(path, skip_sheets=skip_sheets)
    except UnreadableFileError as exc:
        yield file, Refused(path, str(exc), technical=exc.technical), perf_counter() - started
        return
    if path.suffix.lower() not in CONTAINER_SUFFIXES:
        yield file, checked, perf_counter() - started
        return
    try:
        data = checked.data if checked.data is not None else path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime)
        opened = open_container(path, data, modified)
    except OSError as exc:
        reason = f"không mở được tệp ({os_reason(exc)})"
        yield file, Refused(path, reason, technical=technical(exc)), 0.0
        return
    except UnreadableFileError as exc:
        yield file, Refused(path, str(exc), technical=exc.technical), perf_counter() - started
        return
    del checked, data
    for member in opened.members:
        started = perf_counter()
        shown, name = f"{file}/{member.name}", Path(member.name)
        step: CheckedFile | Refused | Skipped
        if member.skip:
            step = Skipped(name, member.skip)
        elif member.error or member.data is None or member.modified is None:
            step = Refused(name, member.error, opened.hints)
        else:
            try:
                step = check_member(
                    name,
                    member.data,
                    member.modified,
                    hints=opened.hints,
                    recorded=member.recorded,
                    skip_sheets=skip_sheets,
                )
            except UnreadableFileError as exc:
                step = Refused(name, str(exc), opened.hints, exc.technical)
        yield shown, step, perf_counter() - started
