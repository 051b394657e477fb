"""How right the Vietnamese text handling is, measured against an independent oracle.

`python benchmarks/bench_vietnamese.py [-n 10000]` generates N personal names and N/3 unit names
(tests/vn/oracle.py: realistic frequencies, minority place names of the Central Highlands),
types them as Unikey's TCVN3 (ABC) and VNI-Windows tables would (written out byte by byte there,
not by our converter), and prints how many come back exactly; also how many genuine Unicode
names and single words are left untouched, and how names survive a Windows code-page CSV.
tests/vn/test_accuracy.py holds the same figures to their thresholds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT)]

from hoithao.intake.read import read_workbook  # noqa: E402
from hoithao.vn.legacy import fix_legacy, fix_legacy_rows  # noqa: E402
from hoithao.vn.text import is_syllable  # noqa: E402
from tests.vn import oracle as vn_oracle  # noqa: E402

Figure = tuple[float, list, int]  # (share exact, the misses, how many cases)


def share(cases: Iterable[tuple[str, str]], convert: Callable[[str], str]) -> Figure:
    """(fraction of inputs converted to the expected text, the misses, the count)."""
    total, misses = 0, []
    for given, expected in cases:
        total += 1
        got = convert(given)
        if got != expected:
            misses.append((given, expected, got))
    return (1 - len(misses) / total if total else 1.0), misses, total


ROLES = ["Bí thư", "Phó Bí thư", "", "", ""]


def _csv_rows(encoding: str, names: list[str], directory: Path) -> list[dict[str, str]]:
    """Five names typed with a legacy font in a CSV saved by Excel on a Vietnamese Windows
    (headings in Unicode, code page 1258), read back as consolidate reads it."""
    encode = vn_oracle.ENCODERS[encoding]
    body = b"".join(
        f"{n},".encode() + encode(name).encode("cp1252") + b"," + encode(role).encode("cp1252")
        + b",0905123456\r\n"
        for n, (name, role) in enumerate(zip(names, ROLES, strict=False), 1)
    )  # fmt: skip
    path = directory / f"{encoding}.csv"
    path.write_bytes(vn_oracle.to_cp1258("STT,Họ và tên,Chức vụ Đảng,Điện thoại\r\n") + body)
    _header, *rows = read_workbook(path).sheets[0].rows
    return [dict(zip(["no", "full_name", "party_role", "phone"], row, strict=True)) for row in rows]


def csv_share(encoding: str, names: list[str]) -> Figure:
    """Fraction of names right after a 5-row code-page CSV is read and converted."""
    total, misses = 0, []
    with tempfile.TemporaryDirectory() as folder:
        for start in range(0, len(names), 5):
            batch = names[start : start + 5]
            rows = _csv_rows(encoding, batch, Path(folder))
            for expected, fixed in zip(batch, fix_legacy_rows(rows), strict=True):
                total += 1
                if fixed["full_name"][0] != expected:
                    misses.append((vn_oracle.ENCODERS[encoding](expected), expected, fixed))
    return 1 - len(misses) / total, misses, total


def figures(count: int) -> dict[str, Figure]:
    names = vn_oracle.names(count)
    units = vn_oracle.unit_names(max(count // 3, 1))
    out: dict[str, Figure] = {}
    for encoding, encode in vn_oracle.ENCODERS.items():
        out[f"{encoding} names"] = share(
            ((encode(n), n) for n in names), lambda t: fix_legacy(t, name=True)[0]
        )
        out[f"{encoding} 'Đ/c' names"] = share(
            ((encode(f"Đ/c {n}"), f"Đ/c {n}") for n in names),
            lambda t: fix_legacy(t, name=True)[0],
        )
        # TCVN3 has no capital toned vowels: "Ủy ban" comes back "ủy ban" (README says so)
        keep = vn_oracle.tcvn3_can_store if encoding == "TCVN3" else str
        out[f"{encoding} unit names"] = share(
            ((encode(u), keep(u)) for u in units), lambda t, keep=keep: keep(fix_legacy(t)[0])
        )
    out["Unicode names untouched"] = share(
        ((n, n) for n in names), lambda t: fix_legacy(t, name=True)[0]
    )
    for encoding in vn_oracle.ENCODERS:
        out[f"{encoding} names in 5-row code-page CSVs"] = csv_share(encoding, names)
    words = vn_oracle.latin1_words()
    out["Unicode single words untouched"] = share(
        ((w, w) for w in words), lambda t: fix_legacy(t)[0]
    )
    syllables = latin1_syllables()
    out["Unicode Latin-1 syllables untouched"] = share(
        ((w, w) for w in syllables), lambda t: fix_legacy(t)[0]
    )
    return out


def latin1_syllables() -> list[str]:
    """Every one-syllable word Latin-1 letters can spell, in three cases (9,813 forms)."""
    onsets = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split()
    nuclei = "a à á ã â e è é ê i ì í o ò ó õ ô u ù ú y ý oa oà oá uy uý ia ià ío ua uà úa".split()
    finals = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y"]
    words = sorted(
        {
            onset + nucleus + final
            for onset in ["", *onsets]
            for nucleus in nuclei
            for final in finals
            if is_syllable(onset + nucleus + final)
            and not (onset + nucleus + final).isascii()
            and all(ord(c) < 256 for c in onset + nucleus + final)
        }
    )
    return [form for w in words for form in (w, w.title(), w.upper())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="how many personal names")
    parser.add_argument("--misses", type=int, default=5, help="misses shown per line")
    args = parser.parse_args()
    print(f"{'measure':40} {'cases':>7} {'exact':>8}")
    for label, (rate, misses, cases) in figures(args.n).items():
        print(f"{label:40} {cases:>7} {rate:>8.2%}")
        for given, expected, got in misses[: args.misses]:
            print(f"    {given!r} -> {got!r} (expected {expected!r})")


if __name__ == "__main__":
    main()
