"""`hoithao chia-se`: copies of the outputs for sharing outside the office, phones and e-mails
masked (Nghị định 13/2023/NĐ-CP: no more personal data than the purpose needs).

An xlsx copy differs from its output only in the texts that held a phone or an e-mail (the
parts holding them are re-written, charts and layout stay); a JSON copy is the same JSON with
every such text masked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hoithao.errors import HoithaoError
from hoithao.forms.vocab import FORMS_MAILING_FILE
from hoithao.rules.mask import mask_text
from hoithao.workspace import SUMMARY_JSON, SUMMARY_XLSX, Workspace
from hoithao.xlsx.edit import XlsxPackage, save_package
from hoithao.xlsx.output import write_bytes_atomically

SHARE_DIR = "output/chia_se"
# every output that may hold a phone or an e-mail, or names worth sharing with them masked
SHARED_OUTPUTS = (
    SUMMARY_XLSX,
    SUMMARY_JSON,
    "output/tron_thu.xlsx",
    FORMS_MAILING_FILE,
    "output/danh_sach_ky_ten.xlsx",
    "output/thong_ke_tham_du.xlsx",
    "output/thong_ke_tham_du.json",
)


@dataclass
class ShareResult:
    written: list[str] = field(default_factory=list)
    masked: int = 0
    notes: list[str] = field(default_factory=list)


def _mask_json(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [_mask_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask_json(v) for k, v in value.items()}
    return value


def _masked_count(before: Any, after: Any) -> int:
    return sum(a != b for a, b in zip(_strings(before), _strings(after), strict=True))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return [s for v in items for s in _strings(v)]


def write_shared_copies(ws: Workspace) -> ShareResult:
    """A masked copy of every output in SHARED_OUTPUTS that exists, in output/chia_se/."""
    result = ShareResult()
    for relative in SHARED_OUTPUTS:
        source = ws.path(relative)
        if not source.is_file():
            continue
        name = relative.rsplit("/", 1)[-1]
        target = ws.output(f"{SHARE_DIR}/{name}")
        display = ws.rel(target)
        if source.suffix == ".json":
            data = json.loads(source.read_text(encoding="utf-8"))
            masked = _mask_json(data)
            result.masked += _masked_count(data, masked)
            text = json.dumps(masked, ensure_ascii=False, indent=2)
            write_bytes_atomically(text.encode(), target, display)
        else:
            try:
                book = XlsxPackage.open(source)
            except Exception:  # encrypted (a password) or damaged: not ours to guess
                result.notes.append(
                    f"Bỏ qua {relative}: tệp có mật khẩu hoặc không đọc được. Hãy chạy lại "
                    "lệnh tạo tệp này không đặt mật khẩu rồi chia sẻ."
                )
                continue
            result.masked += book.map_strings(mask_text)
            save_package(book, target, display)
        result.written.append(display)
    if not result.written:
        raise HoithaoError(
            "Chưa có kết quả nào để chia sẻ trong output/. Hãy chạy `hoithao consolidate` trước."
        )
    return result
