"""Problems in the data are records, not exceptions: a run collects them and goes on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class IssueKind:
    code: str
    level: Level
    title: str  # Vietnamese, shown in the issue-code table of README and on the summary sheet


# The registry: README's issue-code table is checked against it (tests/test_docs.py).
ISSUE_KINDS: dict[str, IssueKind] = {
    k.code: k
    for k in (
        IssueKind("F01", "error", "Không đọc được tệp (hỏng, có mật khẩu, không hỗ trợ)"),
        IssueKind("F02", "error", "Không xác định được đơn vị gửi tệp"),
        IssueKind("F03", "error", "Không tìm thấy bảng danh sách đại biểu"),
        IssueKind("F04", "info", "Đã có phiếu mới hơn của cùng đơn vị, phiếu này không dùng"),
        IssueKind(
            "F05", "info", "Tệp bị bỏ qua (tệp tạm của Excel, tệp ẩn, không phải phiếu đăng ký)"
        ),
        IssueKind("F06", "warning", "Các dấu hiệu nhận diện đơn vị mâu thuẫn nhau"),
        IssueKind(
            "F07", "info", "Phiếu bổ sung: đại biểu được thêm vào danh sách đã gửi của đơn vị"
        ),
        IssueKind("R01", "error", "Dòng không có họ tên"),
        IssueKind("R02", "error", "Đơn vị của dòng không đúng hoặc không thuộc đơn vị gửi phiếu"),
        IssueKind("R03", "error", "Một người được ghi hai lần trong cùng phiếu"),
        IssueKind("W01", "warning", "Chức vụ Đảng không đúng thành phần triệu tập"),
        IssueKind("W02", "warning", "Số đại biểu vượt số lượng được triệu tập"),
        IssueKind("W03", "warning", "Thiếu số điện thoại hoặc số không hợp lệ"),
        IssueKind("W04", "warning", "Email không hợp lệ"),
        IssueKind("W05", "warning", "Thiếu hoặc không rõ giới tính"),
        IssueKind("W06", "warning", "Cùng một người được hai đơn vị đăng ký"),
        IssueKind("W07", "info", "Đã chuyển chữ từ bảng mã cũ (TCVN3/VNI) sang Unicode"),
        IssueKind(
            "W08", "warning", "Thành phần ghi trên phiếu không đúng, đã dùng thành phần theo đơn vị"
        ),
        IssueKind(
            "W09", "warning", "Không chắc phiếu nào của đơn vị gửi sau: nói rõ đã dùng phiếu nào"
        ),
        IssueKind(
            "W10", "info", "Đại biểu mời cũng được đơn vị đăng ký: tính một lần, như đại biểu mời"
        ),
        IssueKind(
            "W11", "info", "Trùng họ tên với người đơn vị khác đăng ký, một bên thiếu số điện thoại"
        ),
        IssueKind("X01", "warning", "Dòng của sheet Xử lý phiếu không áp dụng được"),
        IssueKind("U01", "warning", "Đơn vị được triệu tập chưa gửi phiếu đăng ký"),
        IssueKind("P01", "warning", "Đơn vị được phân công chưa gửi tham luận dù đã quá hạn"),
        IssueKind("C01", "warning", "Số đại biểu vượt sức chứa hội trường"),
        IssueKind(
            "M01", "warning", "Sổ gốc để trống thông tin mà giấy mời, phiếu cần (hạn, người ký…)"
        ),
    )
}


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    unit: str = ""
    file: str = ""
    row: int | None = None
    field: str = ""
    value: str = ""

    @property
    def level(self) -> Level:
        return ISSUE_KINDS[self.code].level

    def to_json(self) -> dict[str, object]:
        # every field is a plain value: vars() is asdict() without its deep copy (5× faster)
        return {"level": self.level, **vars(self)}


def make_issue(code: str, message: str, **where: object) -> Issue:
    if code not in ISSUE_KINDS:
        raise KeyError(f"unknown issue code {code}")
    return Issue(code, message, **where)  # type: ignore[arg-type]


FileStatus = Literal["consolidated", "superseded", "rejected", "skipped"]


@dataclass
class FileLog:
    """What happened to one file found under workbooks/phieu_dang_ky/."""

    path: str
    unit: str = ""
    status: FileStatus = "consolidated"
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    rows_ignored: int = 0
    note: str = ""
    technical: str = ""  # a library's own (English) words: the log's technical column only

    def to_json(self) -> dict[str, object]:
        data = dict(vars(self))  # plain values only, as in Issue.to_json
        data.pop("note")
        data.pop("technical")
        return data
