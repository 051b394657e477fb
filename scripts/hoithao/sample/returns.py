"""The sample returns: which unit answers, in which shape, under which file name."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from hoithao.forms.vocab import (
    FORM_COLUMNS,
)
from hoithao.sample.book import (
    XLSM_MAIN,
    XLSX_MAIN,
    freeze_zip,
    touch,
    via_office,
)
from hoithao.sample.data import (
    CONCURRENT,
    CORRUPT,
    LOCK_FILE,
    MESSY,
    MISSING,
    NO_TABLE,
    SEED,
    TWICE,
    UNIDENTIFIABLE,
    WITH_ERRORS,
    People,
    SampleUnit,
    short_name,
)
from hoithao.sample.messy import (
    plain_book,
    second_sheet,
    self_made,
    total_and_signature,
    two_row_header,
    vni_form,
    with_errors,
    write_csv,
    write_tcvn3,
)
from hoithao.sample.our_form import (
    Row,
    date_line,
    form_date,
    sample_delegates,
    to_nfd,
    write_our_form,
)
from hoithao.vn.text import ascii_name


def _normal_name(unit: SampleUnit, i: int) -> str:
    short = short_name(unit.name)
    styles = (
        f"Phiếu đăng ký - {short}.xlsx",
        f"{unit.code}_dang_ky.xlsx",
        f"{unit.code} - {ascii_name(unit.name)}.xlsx",
        f"Đăng ký hội thảo {short}.xlsx",
        f"Gửi qua email/{ascii_name(short).replace(' ', '_')}_phieu_dk.xlsx",
        f"Phieu dang ky {unit.code}.xlsx",
    )
    return styles[i % len(styles)]


def write_returns(folder: Path, units: Sequence[SampleUnit], *, office: bool = False) -> None:
    rng = random.Random(SEED + 1)
    people = People(rng)
    messy = {code: kind for kind, code in MESSY.items()}
    shared: Row | None = None
    summoned = [u for u in units if not u.parent and u.is_summoned]
    for i, unit in enumerate(summoned):
        subs = [u for u in units if u.parent == unit.code and u.is_summoned]
        day = form_date(rng)
        if unit.code in MISSING:
            continue
        kind = messy.get(unit.code)
        short = short_name(unit.name)
        if unit.code == TWICE:
            first = sample_delegates(unit, subs, people)
            write_our_form(
                folder / f"Phiếu đăng ký - {short}.xlsx",
                unit,
                first,
                date(2022, 5, 4),
                when=datetime(2022, 5, 9, 17),
            )
            second = [first[0], *sample_delegates(unit, subs, people)[1:]]
            second[0] = Row(people.make(), "Phó Bí thư", "Phó Giám đốc", "")
            write_our_form(
                folder / f"Phiếu đăng ký - {short} (sửa lại).xlsx",
                unit,
                second,
                date(2022, 5, 9),
                when=datetime(2022, 5, 4, 17),
            )
        elif unit.code == WITH_ERRORS:
            with_errors(folder / f"{unit.code}_dang_ky.xlsx", unit, subs, people, day)
        elif unit.code == CORRUPT:
            target = folder / f"{unit.code} - Phieu dang ky.xlsx"
            write_our_form(target, unit, sample_delegates(unit, subs, people), day)
            target.write_bytes(target.read_bytes()[:700])  # a mail attachment cut short
            touch(target, datetime.combine(day, datetime.min.time()))
        elif unit.code == NO_TABLE:
            plain_book(
                folder / f"{unit.code} - Công văn trả lời.xlsx",
                [
                    [unit.name.upper()],
                    ["Kính gửi: Ban Tổ chức Đảng ủy Khối các cơ quan tỉnh"],
                    ["Chi bộ xin đăng ký đại biểu sau do đồng chí Bí thư đang đi công tác."],
                    [date_line(day)],
                ],
                day,
            )
        elif kind == "self_made":
            self_made(folder / "Danh sach dang ky hoi thao.xlsx", unit, people, day)
        elif kind == "two_row_header":
            two_row_header(
                folder / f"DS đại biểu dự hội thảo - {unit.name}.xlsx", unit, people, day
            )
        elif kind == "total_and_signature":
            total_and_signature(folder / f"Đăng ký HT - {short}.xlsx", unit, subs, people, day)
        elif kind == "second_sheet":
            second_sheet(folder / f"{unit.code} - Đăng ký hội thảo.xlsx", unit, people, day)
        elif kind == "hidden_junk":
            write_our_form(
                folder / f"Phiếu đăng ký - {short}.xlsx",
                unit,
                sample_delegates(unit, subs, people),
                day,
                junk_sheet=True,
            )
        elif kind == "nfd":
            write_our_form(
                folder / to_nfd(f"Phiếu đăng ký {short}.xlsx"),
                unit,
                sample_delegates(unit, subs, people),
                day,
                text=to_nfd,
                identity=False,
            )
        elif kind == "tcvn3":
            write_tcvn3(folder / f"{unit.code} - MTTQ tinh.xlsx", unit, people, day)
        elif kind == "vni":
            vni_form(folder / "Phiếu đăng ký - LĐLĐ tỉnh.xlsx", unit, people, day)
        elif kind == "csv":
            write_csv(folder / f"{unit.code}_dang_ky.csv", unit, people, day)
        elif kind == "xlsm":
            target = folder / f"Phiếu đăng ký - {short}.xlsm"
            write_our_form(target, unit, sample_delegates(unit, subs, people), day)
            freeze_zip(
                target,
                content_types={XLSX_MAIN: XLSM_MAIN},
            )
            touch(target, datetime.combine(day, datetime.min.time()))
        elif kind == "ods":
            rows = sample_delegates(unit, subs, people)
            via_office(
                lambda p, u=unit, r=rows, d=day: write_our_form(p, u, r, d),
                folder / f"Phiếu đăng ký - {short}.ods",
                "ods",
                day,
                office,
            )
        elif kind == "xls":
            via_office(
                lambda p, u=unit, d=day: self_made(p, u, people, d),
                folder / f"{unit.code} - danh sach dai bieu.xls",
                "xls:MS Excel 97",
                day,
                office,
            )
        else:
            name = f"Phiếu đăng ký - {short}.xlsx" if unit.code == "CS02" else _normal_name(unit, i)
            rows = sample_delegates(unit, subs, people)
            if unit.code == CONCURRENT[0]:
                shared = rows[0]
            elif unit.code == CONCURRENT[1] and shared is not None:
                rows[0] = Row(shared.person, "Bí thư", "Giám đốc (kiêm nhiệm)", "")
            write_our_form(folder / name, unit, rows, day)
    # things that land in the folder and must be skipped, or cannot be attributed
    lock = folder / LOCK_FILE
    lock.write_bytes(b"\x0cVan phong DUK" + b" " * 41 + b"\x00" * 108)
    (folder / "ghi chú.txt").write_text(
        "Đã gọi điện nhắc các đơn vị chưa gửi phiếu ngày 09/5.\n", encoding="utf-8"
    )
    stranger = people.make("Nam")
    plain_book(
        folder / UNIDENTIFIABLE,
        [
            list(FORM_COLUMNS.values()),
            [
                1,
                stranger.full_name,
                "Nam",
                "Bí thư",
                "Trưởng phòng",
                "",
                "",
                stranger.phone,
                "",
                "",
            ],
        ],
        date(2022, 5, 6),
    )
    for path in (lock, folder / "ghi chú.txt"):
        touch(path, datetime(2022, 5, 9, 8))
