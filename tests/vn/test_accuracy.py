"""The legacy converter measured against an independent oracle (tests/vn/oracle.py: Unikey's
TCVN3 and VNI tables written out byte by byte) on 10,000 generated names and 3,333 unit names.
benchmarks/bench_vietnamese.py prints the same figures with the misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoithao.intake.read import read_workbook
from hoithao.vn.legacy import fix_legacy, fix_legacy_rows

from . import oracle as vn_oracle

NAMES = vn_oracle.names(10_000)
UNITS = vn_oracle.unit_names(3_333)


def _exact(pairs: list[tuple[str, str]], *, name: bool) -> float:
    return sum(fix_legacy(given, name=name)[0] == want for given, want in pairs) / len(pairs)


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_legacy_names_come_back_exactly(encoding: str) -> None:
    encode = vn_oracle.ENCODERS[encoding]
    assert _exact([(encode(n), n) for n in NAMES], name=True) >= 0.999


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_every_name_after_dc_comes_back(encoding: str) -> None:
    encode = vn_oracle.ENCODERS[encoding]
    for prefix in ("Đ/c", "Đồng chí"):
        pairs = [(encode(f"{prefix} {n}"), f"{prefix} {n}") for n in NAMES[:2000]]
        assert _exact(pairs, name=True) == 1.0


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_unit_names_with_minority_places_come_back(encoding: str) -> None:
    encode = vn_oracle.ENCODERS[encoding]
    keep = vn_oracle.tcvn3_can_store if encoding == "TCVN3" else str
    right = sum(keep(fix_legacy(encode(u))[0]) == keep(u) for u in UNITS)
    assert right / len(UNITS) >= 0.98


def test_genuine_unicode_names_and_words_are_never_changed() -> None:
    assert [n for n in NAMES if fix_legacy(n, name=True) != (n, None)] == []
    words = vn_oracle.latin1_words()
    assert len(words) > 400
    assert [w for w in words if fix_legacy(w) != (w, None)] == []
    assert [w for w in words if fix_legacy(w, name=True) != (w, None)] == []


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_code_page_csv_with_unicode_headings_keeps_legacy_names(
    tmp_path: Path, encoding: str
) -> None:
    """Excel on a Vietnamese Windows saves CSV in code page 1258: our form's headings in real
    Vietnamese, the names typed with a legacy font byte for byte."""
    encode = vn_oracle.ENCODERS[encoding]
    wrong = []
    for start in range(0, 500, 5):
        batch = NAMES[start : start + 5]
        body = b"".join(f"{n},".encode() + encode(x).encode("cp1252") + b"\r\n" for n, x in
                        enumerate(batch, 1))  # fmt: skip
        path = tmp_path / f"{start}.csv"
        path.write_bytes(vn_oracle.to_cp1258("STT,Họ và tên\r\n") + body)
        header, *rows = read_workbook(path).sheets[0].rows
        assert header == ["STT", "Họ và tên"]
        fixed = fix_legacy_rows([{"full_name": r[1]} for r in rows])
        wrong += [(n, f) for n, f in zip(batch, fixed, strict=True) if f["full_name"][0] != n]
    assert wrong == []


def test_issue_csv_example(tmp_path: Path) -> None:
    path = tmp_path / "phieu.csv"
    path.write_bytes(vn_oracle.to_cp1258("Họ và tên;Chức vụ\r\n") + "TrÇn V¨n Dòng;BÝ th\xad\r\n"
                     .encode("cp1252"))  # fmt: skip
    rows = read_workbook(path).sheets[0].rows
    assert rows[1] == ["TrÇn V¨n Dòng", "BÝ th\xad"]  # every legacy byte kept for the converter
    fixed = fix_legacy_rows([{"full_name": rows[1][0], "job_title": rows[1][1]}])[0]
    assert fixed["full_name"] == ("Trần Văn Dũng", "TCVN3")


def test_no_single_latin1_syllable_is_ever_converted() -> None:
    """Every one-syllable word that Latin-1 letters can spell (lower, Title, UPPER case)."""
    from hoithao.vn.text import is_syllable

    onsets = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split()
    nuclei = "a à á ã â e è é ê i ì í o ò ó õ ô u ù ú y ý oa oà oá uy uý ia ià ío ua uà úa".split()
    finals = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y"]
    words = {
        form
        for onset in ["", *onsets]
        for nucleus in nuclei
        for final in finals
        if is_syllable(word := onset + nucleus + final) and not word.isascii()
        and all(ord(c) < 256 for c in word)
        for form in (word, word.title(), word.upper())
    }  # fmt: skip
    assert len(words) > 1000
    assert sorted(w for w in words if fix_legacy(w) != (w, None)) == []


def test_code_page_csv_typed_in_unicode_reads_back(tmp_path: Path) -> None:
    """The same PC without legacy fonts: every name in real cp1258 comes back as typed."""
    wrong = []
    for start in range(0, 500, 5):
        batch = NAMES[start : start + 5]
        lines = "".join(f"{n},{x}\r\n" for n, x in enumerate(batch, 1))
        path = tmp_path / f"{start}.csv"
        path.write_bytes(vn_oracle.to_cp1258("STT,Họ và tên\r\n" + lines))
        _header, *rows = read_workbook(path).sheets[0].rows
        fixed = fix_legacy_rows([{"full_name": r[1]} for r in rows])
        wrong += [(n, f) for n, f in zip(batch, fixed, strict=True) if f["full_name"] != (n, None)]
    assert wrong == []
