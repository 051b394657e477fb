"""A password on output/tong_hop.xlsx (Excel's own "Encrypt with Password", via msoffcrypto)."""

from __future__ import annotations

import io
from pathlib import Path

from hoithao.errors import HoithaoError
from hoithao.xlsx.output import write_bytes_atomically

PASSWORD_ENV = "HOITHAO_MAT_KHAU"


def protect_workbook(path: Path, password: str, display_path: str) -> None:
    """Replace the workbook by its encrypted form; Excel and LibreOffice ask for the password."""
    from msoffcrypto.format.ooxml import OOXMLFile

    if not password:
        raise HoithaoError("Mật khẩu không được để trống.")
    out = io.BytesIO()
    with path.open("rb") as handle:
        OOXMLFile(handle).encrypt(password, out)
    write_bytes_atomically(out.getvalue(), path, display_path)
