"""The few errors that stop a run (everything else is an Issue), and operating-system errors in
Vietnamese: what went wrong with a file and what to do.

The OS words its errors in English ("No space left on device"); staff read only the Vietnamese
reason here. The English text (`technical`) goes to the log's technical column, for whoever
maintains the tool.
"""

from __future__ import annotations

import errno
from pathlib import Path, PurePosixPath


class HoithaoError(Exception):
    """A run cannot complete; the message is Vietnamese and says what to do."""


class MasterError(HoithaoError):
    """The master workbook is missing or broken."""


class LockedOutputError(HoithaoError):
    """An output file cannot be replaced, usually because it is open in Excel."""


class WorkspaceError(HoithaoError):
    """The folder is not a workspace, or cannot be written."""


class HistoryError(HoithaoError):
    """The earlier result asked for (`hoithao thay-doi --tu …`) does not exist."""


class FileProblem(Exception):
    """A file cannot be read: a Vietnamese message for users, and the library's own words
    (`technical`) for the log's technical column only."""

    def __init__(self, message: str, technical: str = "") -> None:
        super().__init__(message, technical)  # both in args, so the error survives pickling

    def __str__(self) -> str:
        return str(self.args[0])

    @property
    def technical(self) -> str:
        return str(self.args[1]) if len(self.args) > 1 else ""


class UnsafeFileError(FileProblem):
    """A return must not be parsed (guard.py); the message (Vietnamese) says why, for its F01."""


# --- operating-system errors --------------------------------------------------------------------

KEEP_OLD = "bản cũ (nếu có) vẫn được giữ nguyên"
_EDQUOT = getattr(errno, "EDQUOT", -122)
_REASONS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    _EDQUOT: "đã hết hạn mức dung lượng của người dùng trên ổ đĩa",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.EACCES: "không có quyền truy cập (thư mục chỉ đọc hoặc tệp bị khoá)",
    errno.EPERM: "không có quyền truy cập (thư mục chỉ đọc hoặc tệp bị khoá)",
    errno.EISDIR: "ở vị trí này đang có một thư mục cùng tên",
    errno.ENOTDIR: "một phần của đường dẫn là tệp chứ không phải thư mục",
    errno.EEXIST: "ở vị trí này đang có một tệp cùng tên",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.ENAMETOOLONG: "tên hoặc đường dẫn quá dài",
    errno.EIO: "lỗi đọc/ghi ổ đĩa (ổ đĩa hoặc USB có thể bị hỏng)",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
}
_ADVICE = {
    errno.ENOSPC: "Hãy giải phóng dung lượng ổ đĩa rồi chạy lại",
    _EDQUOT: "Hãy giải phóng dung lượng ổ đĩa rồi chạy lại",
    errno.EROFS: "Hãy chép thư mục làm việc sang ổ đĩa ghi được rồi chạy lại",
    errno.EACCES: "Hãy đóng tệp nếu đang mở, kiểm tra quyền ghi vào thư mục rồi chạy lại",
    errno.EPERM: "Hãy đóng tệp nếu đang mở, kiểm tra quyền ghi vào thư mục rồi chạy lại",
    errno.EISDIR: "Hãy đổi tên hoặc xoá thư mục đó rồi chạy lại",
    errno.ENOTDIR: "Hãy đổi tên hoặc xoá tệp đang chắn chỗ thư mục rồi chạy lại",
    errno.EEXIST: "Hãy đổi tên hoặc xoá tệp đang chắn chỗ thư mục rồi chạy lại",
}


def os_reason(exc: OSError) -> str:
    """The Vietnamese reason for an OS error, never the OS's English words."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    if isinstance(exc, PermissionError):
        return _REASONS[errno.EACCES]
    return f"lỗi hệ thống (mã {exc.errno})" if exc.errno else "lỗi hệ thống"


def technical(exc: BaseException) -> str:
    """The library's own words, for the log's technical column only."""
    return f"{type(exc).__name__}: {exc}"


def write_error(exc: OSError, display_path: str, target: Path | None = None) -> WorkspaceError:
    """The message for a failed write of `display_path` (workspace-relative); with the
    `target` path, a file standing where a folder must be is named."""
    if exc.errno in (errno.EEXIST, errno.ENOTDIR) and target is not None:
        blocker = _file_in_the_way(target, display_path)
        if blocker:
            return WorkspaceError(
                f"Không ghi được {display_path}: “{blocker}” là một tệp chứ không phải thư mục. "
                f"Hãy đổi tên hoặc xoá tệp {blocker} rồi chạy lại; {KEEP_OLD}."
            )
    code = exc.errno if exc.errno in _REASONS else None
    if code is None and isinstance(exc, PermissionError):
        code = errno.EACCES
    advice = _ADVICE.get(code or 0, "Kiểm tra dung lượng ổ đĩa và quyền ghi rồi chạy lại")
    cls = LockedOutputError if code in (errno.EACCES, errno.EPERM) else WorkspaceError
    return cls(f"Không ghi được {display_path}: {os_reason(exc)}. {advice}; {KEEP_OLD}.")


def _file_in_the_way(target: Path, display_path: str) -> str | None:
    """The workspace path of the first ancestor of `target` that is a file, if any."""
    shown = PurePosixPath(display_path)
    for depth, folder in enumerate(target.parents):
        if depth >= len(shown.parents) - 1:
            return None
        if folder.exists():
            return None if folder.is_dir() else shown.parents[depth].as_posix()
    return None
