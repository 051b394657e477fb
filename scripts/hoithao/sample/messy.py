"""Returns as units really make them: their own layouts, two-row headers, totals and signatures,
CSV, legacy TCVN3/VNI fonts and deliberate errors, so that the sample shows every repair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from hoithao.forms.vocab import (
    FORM_COLUMNS,
    UNIT_CODE_LABEL,
)
from hoithao.sample.book import (
    new_book,
    save_book,
    to_tcvn3,
    to_vni,
    touch,
)
from hoithao.sample.data import (
    TCVN3_PEOPLE,
    VNI_PEOPLE,
    People,
    Person,
    SampleUnit,
    short_name,
)
from hoithao.sample.our_form import (
    Row,
    date_line,
    sample_delegates,
    signing_body,
    write_our_form,
)


def plain_book(
    path: Path,
    lines: Sequence[Sequence[Any]],
    day: date,
    *,
    title: str = "Sheet1",
    cover: Sequence[str] = (),
    hidden: Sequence[Sequence[Any]] = (),
) -> None:
    """A unit's self-made workbook: just the lines typed, a cover note sheet if given."""
    book = new_book()
    if cover:
        note = book.create_sheet("Công văn")
        for line in cover:
            note.append([line])
    sheet = book.create_sheet(title)
    for line in lines:
        sheet.append(list(line))
    sheet.column_dimensions["B"].width = 28
    if hidden:
        junk = book.create_sheet("Sheet3")
        for line in hidden:
            junk.append(list(line))
        junk.sheet_state = "hidden"
    save_book(book, path, when=datetime.combine(day, datetime.min.time()).replace(hour=10))


def person_named(people: People, full_name: str, gender: str) -> Person:
    made = people.make(gender)
    people.used.add(full_name)
    return Person(full_name, gender, made.phone, made.email, made.birth_year)


def self_made(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    """Typed from scratch: capitals, "Đ/c", phones as numbers (zero lost), "+84"."""
    p1, p2 = people.make("Nam"), people.make("Nữ")
    plus84 = f"+84 {p2.phone[1:4]} {p2.phone[4:7]} {p2.phone[7:]}"
    lines = [
        [unit.name.upper()],
        ["DANH SÁCH ĐẠI BIỂU ĐĂNG KÝ THAM DỰ HỘI THẢO"],
        ["(Theo Kế hoạch số 38-KH/ĐUK ngày 26/4/2022 của Ban Thường vụ Đảng ủy Khối)"],
        [],
        ["STT", "HỌ TÊN", "CHỨC VỤ TRONG ĐẢNG", "CHỨC VỤ CHUYÊN MÔN", "SĐT", "EMAIL"],
        [1, "Đ/c " + p1.full_name.upper(), "Bí thư Chi bộ", "Giám đốc Sở", int(p1.phone), p1.email],
        [2, "Đ/c " + p2.full_name.upper(), "P. Bí thư", "Phó Giám đốc Sở", plus84, ""],
        [],
        ["", "", "", "", date_line(day)],
    ]
    plain_book(path, lines, day, title="Danh sách")


def two_row_header(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    """The classic form: "Năm sinh" over Nam | Nữ, the birth year under one of them."""
    p1, p2 = people.make("Nam"), people.make("Nữ")
    lines = [
        ["ĐẢNG ỦY " + short_name(unit.name).upper()],
        ["DANH SÁCH ĐĂNG KÝ DỰ HỘI THẢO SINH HOẠT CHI BỘ"],
        [],
        ["STT", "Họ và tên", "Năm sinh", "", "Chức vụ Đảng", "Chức vụ chính quyền", "Điện thoại"],
        ["", "", "Nam", "Nữ", "", "", ""],
        [1, p1.full_name, p1.birth_year, "", "Bí thư Đảng ủy", "Giám đốc Sở", p1.phone],
        [
            2,
            p2.full_name,
            "",
            p2.birth_year,
            "Phó Bí thư Đảng ủy",
            "Phó Giám đốc Sở",
            p2.phone[:4] + "." + p2.phone[4:7] + "." + p2.phone[7:],
        ],
        [],
        ["", "", "", "", "", date_line(day)],
    ]
    book_path = path
    plain_book(book_path, lines, day, title="DS")
    book = openpyxl.load_workbook(book_path)
    sheet = book["DS"]
    sheet.merge_cells("C4:D4")
    for col in "ABEFG":
        sheet.merge_cells(f"{col}4:{col}5")
    save_book(book, book_path, when=datetime.combine(day, datetime.min.time()).replace(hour=10))


def total_and_signature(
    path: Path, unit: SampleUnit, subs: Sequence[SampleUnit], people: People, day: date
) -> None:
    """Nam | Nữ columns marked "x", a total row, "Người lập biểu" with a name under it."""
    rows = sample_delegates(unit, subs, people)
    lines: list[list[Any]] = [
        [unit.name.upper()],
        ["DANH SÁCH ĐẠI BIỂU DỰ HỘI THẢO"],
        [],
        [
            "TT",
            "Họ và tên",
            "Nam",
            "Nữ",
            "Chức vụ Đảng",
            "Chức vụ CM",
            "Đơn vị công tác",
            "Số điện thoại",
        ],
    ]
    for i, row in enumerate(rows, start=1):
        p = row.person
        male = p.gender == "Nam"
        phone = p.phone if i != 2 else f"{p.phone} - 0256 3822 111"  # two numbers in one cell
        lines.append(
            [
                i,
                p.full_name,
                "x" if male else "",
                "" if male else "x",
                row.party_role,
                row.job_title,
                row.unit_name or unit.name,
                phone,
            ]
        )
    lines += [
        ["", f"Tổng cộng: {len(rows):02d} đồng chí"],
        [],
        ["", "Người lập biểu", "", "", "", date_line(day)],
        ["", "", "", "", "", signing_body(unit)],
        [],
        ["", people.make("Nữ").full_name, "", "", "", rows[0].person.full_name],
    ]
    plain_book(path, lines, day, title="Danh sách")


def second_sheet(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    row = sample_delegates(unit, (), people)[0]
    cover = [
        "ĐẢNG ỦY SỞ TÀI CHÍNH",
        "Kính gửi: Ban Tổ chức Đảng ủy Khối các cơ quan tỉnh",
        "Thực hiện Kế hoạch số 38-KH/ĐUK, Đảng ủy Sở Tài chính đăng ký đại biểu dự Hội thảo "
        "(danh sách ở sheet bên cạnh).",
        f"{UNIT_CODE_LABEL}: {unit.code}",
        date_line(day),
    ]
    lines = [list(FORM_COLUMNS.values()), row.cells(1)]
    plain_book(path, lines, day, title="Danh sách", cover=cover)


def write_csv(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    rows = sample_delegates(unit, (), people)
    lines = [
        ["PHIẾU ĐĂNG KÝ ĐẠI BIỂU DỰ HỘI THẢO", "", "", "", "", "", "", "", "", ""],
        ["Đơn vị: " + unit.name, "", "", "", "", "", "", "", "", ""],
        list(FORM_COLUMNS.values()),
        *[[str(v) for v in row.cells(i)] for i, row in enumerate(rows, start=1)],
        ["", "", "", "", "", date_line(day), "", "", "", ""],
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\r\n".join(",".join(csv_cell(c) for c in line) for line in lines) + "\r\n"
    path.write_bytes(text.encode("utf-8-sig"))
    touch(path, datetime.combine(day, datetime.min.time()))


def csv_cell(value: str) -> str:
    if any(ch in value for ch in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_tcvn3(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    """An old office's own list, every cell typed with the ABC keyboard in .VnTime."""
    lines: list[list[Any]] = [
        [to_tcvn3("Chi bộ Cơ quan MTTQ Việt Nam tỉnh")],
        [to_tcvn3("Danh sách đăng ký dự Hội thảo sinh hoạt chi bộ")],
        [],
        [
            to_tcvn3(h)
            for h in (
                "STT",
                "Họ và tên",
                "Giới tính",
                "Chức vụ Đảng",
                "Chức vụ chuyên môn",
                "Điện thoại",
                "Ghi chú",
            )
        ],
    ]
    for i, (name, gender, role, title) in enumerate(TCVN3_PEOPLE, start=1):
        person = person_named(people, name, gender)
        lines.append(
            [i, to_tcvn3(name), to_tcvn3(gender), to_tcvn3(role), to_tcvn3(title), person.phone, ""]
        )
    lines += [
        [],
        ["", "", "", "", to_tcvn3(f"Quy Nhơn, ngày {day.day:02d} tháng {day.month:02d} năm 2022")],
    ]
    plain_book(path, lines, day, title="Sheet1")


def vni_form(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    """Our form, the names and roles typed in VNI-Times."""
    rows = []
    for name, gender, role, title in VNI_PEOPLE:
        rows.append(Row(person_named(people, name, gender), role, title, ""))
    write_our_form(path, unit, rows, day, text=to_vni)


def with_errors(
    path: Path, unit: SampleUnit, subs: Sequence[SampleUnit], people: People, day: date
) -> None:
    """Every row-level problem once: R01 R02 R03 W01 W02 W03 W04 W05."""
    own, first_sub, second_sub, *others = sample_delegates(unit, subs, people)
    rows = [
        own,
        Row(people.make("Nam"), "Đảng viên", "Trưởng phòng Kế hoạch", ""),  # W01, and W02 (quota 1)
        first_sub,
        Row(
            replace(second_sub.person, gender=""),
            second_sub.party_role,
            second_sub.job_title,
            second_sub.unit_name,
        ),  # W05
    ]
    for row in others:
        rows.append(
            Row(
                replace(row.person, phone="091234", email="kehoach.snn@"),
                row.party_role,
                row.job_title,
                row.unit_name,
            )  # W03, W04
        )
    rows.append(
        Row(
            replace(people.make("Nam"), full_name=""),
            "Bí thư",
            "Chi cục trưởng",
            first_sub.unit_name,
        )
    )  # R01
    rows.append(
        Row(people.make(), "Bí thư", "Trưởng phòng", "Chi bộ Phòng Kế hoạch - Tài chính")
    )  # R02
    rows.append(first_sub)  # R03
    write_our_form(path, unit, rows, day)
