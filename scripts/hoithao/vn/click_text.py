"""Click in Vietnamese: the catalog for the messages click prints itself (usage errors, headings).

Click wraps its own strings in the classic gettext API (`gettext.gettext`, `ngettext`), the way
its maintainers document for translating them. This module carries the Vietnamese catalog, the
compiled `locale/vi/LC_MESSAGES/hoithao.mo` made from it (`python -m hoithao.vn.click_text`
rewrites it), and a context manager that makes gettext answer from it while one command line
runs. The gettext state is global, so cli.py switches it on only inside its group's `main` and
it is restored after. Click itself is imported only by cli.py.
"""

from __future__ import annotations

import gettext
import inspect
import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "hoithao"
LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"
CATALOG_FILE = LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.mo"
HELP_OPTION_TEXT = "In hướng dẫn này rồi thoát."
OPTIONS_METAVAR = "[TUỲ_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM_SỐ]..."

# click's msgid → Vietnamese; `{name!r}` and friends are click's own placeholders
MESSAGES = {
    "Usage:": "Cách dùng:",
    "Options": "Tuỳ chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",  # a heading of click 8.5
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ '{command} {option}' để xem hướng dẫn.",
    "No such option {name!r}.": "Không có tuỳ chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Missing command.": "Thiếu tên lệnh.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tuỳ chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Option {name!r} does not take a value.": "Tuỳ chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "Aborted!": "Đã dừng.",
    "unknown error": "lỗi không rõ",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Show this message and exit.": HELP_OPTION_TEXT,
    "Show the version and exit.": "In số phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Do you want to continue?": "Tiếp tục chứ?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    "env var: {var}": "biến môi trường: {var}",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "(dynamic)": "(tuỳ lúc chạy)",
    "deprecated": "không còn dùng",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Cảnh báo: lệnh {name!r} không còn được dùng.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Cảnh báo: {param_type} {name!r} không còn được dùng.{extra_message}"
    ),
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    # click's Path type puts its English name first ("Directory '…' is a file."): left out here
    "{name} {filename!r} does not exist.": "Không tìm thấy {filename!r}.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không có quyền đọc {filename!r}.",
    "{name} {filename!r} is not writable.": "Không có quyền ghi vào {filename!r}.",
    "{name} {filename!r} is not executable.": "Không có quyền chạy {filename!r}.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} không phải giá trị có/không hợp lệ. Các giá trị dùng được: {states}"
    ),
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value!r} is not a valid UUID.": "{value!r} không phải UUID hợp lệ.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai giá trị đã nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Press any key to continue...": "Bấm phím bất kỳ để tiếp tục...",
    "{editor}: Editing failed": "{editor}: sửa không thành công",
    "{editor}: Editing failed: {e}": "{editor}: sửa không thành công: {e}",
    "Windows error: {error}": "Lỗi Windows: {error}",
    "d": " ngày",
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Bash cũ hơn 4.4 không hỗ trợ tự hoàn thành lệnh."
    ),
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Không nhận ra phiên bản Bash; không hỗ trợ tự hoàn thành lệnh."
    ),
}
# (singular, plural) → (one, many): click picks the placeholders by count, so two forms are kept
PLURALS = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Có phải ý bạn là {possibility}?",
        "(Có phải ý bạn là một trong: {possibilities}?)",
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Thừa tham số: {args}.",
        "Thừa tham số: {args}.",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Tuỳ chọn {name!r} cần một giá trị.",
        "Tuỳ chọn {name!r} cần {nargs} giá trị.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Cần {nargs} giá trị nhưng chỉ có 1.",
        "Cần {nargs} giá trị nhưng có {len}.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} không phải là {choice}.",
        "{value!r} không thuộc các giá trị {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} không đúng định dạng {format}.",
        "{value!r} không đúng định dạng nào trong {formats}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "Cần {len_type} giá trị nhưng có {len_value}.",
        "Cần {len_type} giá trị nhưng có {len_value}.",
    ),
}
_HEADER = (
    "Content-Type: text/plain; charset=UTF-8\n"
    "Language: vi\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)


def compile_catalog() -> bytes:
    """The GNU .mo bytes of MESSAGES and PLURALS (the layout of CPython's Tools/i18n/msgfmt.py)."""
    entries = {"": _HEADER, **MESSAGES}
    pairs = {k.encode(): v.encode() for k, v in entries.items()}
    for (one, many), forms in PLURALS.items():
        pairs[f"{one}\0{many}".encode()] = "\0".join(forms).encode()
    keys = sorted(pairs)
    ids = b"".join(key + b"\0" for key in keys)
    strs = b"".join(pairs[key] + b"\0" for key in keys)
    count = len(keys)
    ids_start = 7 * 4 + 16 * count
    strs_start = ids_start + len(ids)
    offsets: list[int] = []
    position = 0
    for key in keys:
        offsets += [len(key), ids_start + position]
        position += len(key) + 1
    position = 0
    for key in keys:
        offsets += [len(pairs[key]), strs_start + position]
        position += len(pairs[key]) + 1
    header = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    return header + struct.pack(f"<{4 * count}I", *offsets) + ids + strs


def write_catalog(path: Path = CATALOG_FILE) -> Path:
    """Rewrite the shipped .mo after MESSAGES or PLURALS changed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(compile_catalog())
    return path


@contextmanager
def click_in_vietnamese() -> Iterator[None]:
    """Make gettext (hence click) speak Vietnamese while the block runs, then restore it."""
    previous_domain = gettext.textdomain()
    previous_language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    # gettext picks the language from LANGUAGE first; Windows sets none of its variables
    os.environ["LANGUAGE"] = LANGUAGE
    try:
        yield
    finally:
        gettext.textdomain(previous_domain)
        if previous_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = previous_language


def first_paragraph(text: str | None) -> str:
    """The whole first paragraph of a docstring, on one line (click would cut it with "…")."""
    paragraph = inspect.cleandoc(text or "").split("\n\n")[0]
    return " ".join(paragraph.split())


if __name__ == "__main__":
    print(write_catalog())
