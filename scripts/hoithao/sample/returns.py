"""The returned registration forms of the sample: our form, and every messy way units answer
(self-made lists, two-row headers, legacy fonts, CSV, .xlsm/.ods/.xls, damaged files)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hoithao.forms.vocab import (
    FORM_COLUMNS,
    FORM_SHEET_GUIDE,
    FORM_SHEET_IDENTITY,
    FORM_SHEET_REGISTRATION,
    FORM_VERSION,
    IDENTITY_KEYS,
    UNIT_CODE_LABEL,
)
from hoithao.sample.book import (
    BODY_FONT,
    BOX,
    XLSM_MAIN,
    XLSX_MAIN,
    freeze_zip,
    header_row,
    new_book,
    save_book,
    to_tcvn3,
    to_vni,
    touch,
    via_office,
)
from hoithao.sample.data import (
    CONCURRENT,
    CORRUPT,
    DBCS,
    EVENT_CODE,
    JOB_TITLES,
    LOCK_FILE,
    MESSY,
    MISSING,
    NO_TABLE,
    SEED,
    TCVN3_PEOPLE,
    TITLE,
    TWICE,
    UNIDENTIFIABLE,
    VNI_PEOPLE,
    WITH_ERRORS,
    People,
    Person,
    SampleUnit,
    short_name,
)
from hoithao.vn.text import ascii_name


def _job_title(unit_name: str, role: str, rng: random.Random) -> str:
    deputy = role != "Bí thư"
    short = short_name(unit_name)
    head = short.split(" ")[0]
    pair = JOB_TITLES.get(head, ("Giám đốc", "Phó Giám đốc"))
    if deputy and rng.random() < 0.4:
        return rng.choice(("Chánh Văn phòng", "Trưởng phòng Tổ chức - Hành chính"))
    return pair[1] if deputy else pair[0]


@dataclass
class Row:
    person: Person
    party_role: str
    job_title: str
    unit_name: str  # "" = the unit itself
    category: str = ""
    note: str = ""

    def cells(self, seq: int) -> list[Any]:
        p = self.person
        return [
            seq,
            p.full_name,
            p.gender,
            self.party_role,
            self.job_title,
            self.unit_name,
            self.category,
            p.phone,
            p.email,
            self.note,
        ]


def _delegates(unit: SampleUnit, subs: Sequence[SampleUnit], people: People) -> list[Row]:
    rng = people.rng
    rows = []
    for target in (unit, *subs):
        role = "Bí thư" if rng.random() < 0.7 else "Phó Bí thư"
        rows.append(
            Row(
                people.make(),
                role,
                _job_title(target.name, role, rng),
                "" if target is unit else target.name,
            )
        )
    return rows


def _form_date(rng: random.Random) -> date:
    return date(2022, 4, 28) + timedelta(days=rng.randrange(15))


def _date_line(day: date) -> str:
    return f"Quy Nhơn, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _signing_body(unit: SampleUnit) -> str:
    return "T/M ĐẢNG ỦY" if unit.kind == DBCS else "T/M CHI ỦY"


def _identity_sheet(book: Workbook, unit_code: str) -> None:
    sheet = book.create_sheet(FORM_SHEET_IDENTITY)
    sheet.append([IDENTITY_KEYS["event_code"], EVENT_CODE])
    sheet.append([IDENTITY_KEYS["unit_code"], unit_code])
    sheet.append([IDENTITY_KEYS["version"], FORM_VERSION])
    sheet.sheet_state = "hidden"


def _put(
    sheet: Worksheet,
    row: int,
    col: int,
    value: Any,
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = False,
) -> None:
    cell = sheet.cell(row=row, column=col, value=value)
    cell.font = Font(name="Times New Roman", size=13, bold=bold, italic=italic)
    if center:
        cell.alignment = Alignment(horizontal="center")


def write_our_form(
    path: Path,
    unit: SampleUnit,
    rows: Sequence[Row],
    day: date,
    *,
    text: Any = str,
    identity: bool = True,
    junk_sheet: bool = False,
    signer: str | None = None,
    when: datetime | None = None,
) -> None:
    """A return in our form's layout (DESIGN §4); `text` re-encodes what the unit typed."""
    book = new_book()
    guide = book.create_sheet(FORM_SHEET_GUIDE)
    guide["A1"] = (
        "Điền danh sách đại biểu ở sheet “Đăng ký”, mỗi người một dòng; gửi lại trước hạn."
    )
    sheet = book.create_sheet(FORM_SHEET_REGISTRATION)
    nfd = text is _nfd
    t = text if nfd else str  # headings come from our template: Unicode unless the file is NFD
    _put(sheet, 1, 1, t("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"), bold=True)
    _put(sheet, 1, 7, t("ĐẢNG CỘNG SẢN VIỆT NAM"), bold=True)
    _put(sheet, 2, 1, t(unit.name.upper()), bold=True)
    _put(sheet, 4, 1, t("PHIẾU ĐĂNG KÝ ĐẠI BIỂU DỰ HỘI THẢO"), bold=True)
    _put(sheet, 5, 1, t(TITLE), italic=True)
    _put(sheet, 6, 1, t("Đơn vị:"))
    _put(sheet, 6, 2, t(unit.name), bold=True)
    _put(sheet, 7, 1, t(UNIT_CODE_LABEL + ":"))
    _put(sheet, 7, 2, unit.code, bold=True)
    header_row(sheet, 9, [t(label) for label in FORM_COLUMNS.values()])
    r = 10
    for seq, row in enumerate(rows, start=1):
        for c, value in enumerate(row.cells(seq), start=1):
            cell = sheet.cell(
                row=r, column=c, value=text(value) if isinstance(value, str) and value else value
            )
            cell.border = BOX
            cell.font = BODY_FONT
            cell.number_format = "@" if c in (8, 9) else "General"
        r += 1
    for _ in range(2):  # the template's empty bordered rows
        for c in range(1, len(FORM_COLUMNS) + 1):
            sheet.cell(row=r, column=c).border = BOX
        r += 1
    r += 1
    _put(sheet, r, 6, t(_date_line(day)), italic=True, center=True)
    _put(sheet, r + 1, 6, t(_signing_body(unit)), bold=True, center=True)
    _put(sheet, r + 2, 6, t("BÍ THƯ"), bold=True, center=True)
    _put(sheet, r + 6, 6, text(signer or rows[0].person.full_name), bold=True, center=True)
    for col, width in zip("ABCDEFGHIJ", (5, 26, 9, 14, 24, 30, 22, 14, 28, 14), strict=True):
        sheet.column_dimensions[col].width = width
    book.active = 1
    if junk_sheet:
        junk = book.create_sheet("Sheet1")
        junk.append(["Danh sách đảng viên dự học tập Nghị quyết (năm 2021)"])
        junk.append(["TT", "Họ và tên", "Năm sinh", "Chi bộ"])
        junk.append([1, "Phạm Văn Thọ", 1971, "Chi bộ 1"])
        junk.append([2, "Lê Thị Hoa", 1983, "Chi bộ 2"])
        junk.sheet_state = "hidden"
    if identity:
        _identity_sheet(book, unit.code)
    save_book(book, path, when=when or datetime.combine(day, datetime.min.time()).replace(hour=16))


def _nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def _plain_book(
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


def _person_named(people: People, full_name: str, gender: str) -> Person:
    made = people.make(gender)
    people.used.add(full_name)
    return Person(full_name, gender, made.phone, made.email, made.birth_year)


def _self_made(path: Path, unit: SampleUnit, people: People, day: date) -> None:
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
        ["", "", "", "", _date_line(day)],
    ]
    _plain_book(path, lines, day, title="Danh sách")


def _two_row_header(path: Path, unit: SampleUnit, people: People, day: date) -> None:
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
        ["", "", "", "", "", _date_line(day)],
    ]
    book_path = path
    _plain_book(book_path, lines, day, title="DS")
    book = openpyxl.load_workbook(book_path)
    sheet = book["DS"]
    sheet.merge_cells("C4:D4")
    for col in "ABEFG":
        sheet.merge_cells(f"{col}4:{col}5")
    save_book(book, book_path, when=datetime.combine(day, datetime.min.time()).replace(hour=10))


def _total_and_signature(
    path: Path, unit: SampleUnit, subs: Sequence[SampleUnit], people: People, day: date
) -> None:
    """Nam | Nữ columns marked "x", a total row, "Người lập biểu" with a name under it."""
    rows = _delegates(unit, subs, people)
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
        ["", "Người lập biểu", "", "", "", _date_line(day)],
        ["", "", "", "", "", _signing_body(unit)],
        [],
        ["", people.make("Nữ").full_name, "", "", "", rows[0].person.full_name],
    ]
    _plain_book(path, lines, day, title="Danh sách")


def _second_sheet(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    row = _delegates(unit, (), people)[0]
    cover = [
        "ĐẢNG ỦY SỞ TÀI CHÍNH",
        "Kính gửi: Ban Tổ chức Đảng ủy Khối các cơ quan tỉnh",
        "Thực hiện Kế hoạch số 38-KH/ĐUK, Đảng ủy Sở Tài chính đăng ký đại biểu dự Hội thảo "
        "(danh sách ở sheet bên cạnh).",
        f"{UNIT_CODE_LABEL}: {unit.code}",
        _date_line(day),
    ]
    lines = [list(FORM_COLUMNS.values()), row.cells(1)]
    _plain_book(path, lines, day, title="Danh sách", cover=cover)


def _csv(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    rows = _delegates(unit, (), people)
    lines = [
        ["PHIẾU ĐĂNG KÝ ĐẠI BIỂU DỰ HỘI THẢO", "", "", "", "", "", "", "", "", ""],
        ["Đơn vị: " + unit.name, "", "", "", "", "", "", "", "", ""],
        list(FORM_COLUMNS.values()),
        *[[str(v) for v in row.cells(i)] for i, row in enumerate(rows, start=1)],
        ["", "", "", "", "", _date_line(day), "", "", "", ""],
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\r\n".join(",".join(_csv_cell(c) for c in line) for line in lines) + "\r\n"
    path.write_bytes(text.encode("utf-8-sig"))
    touch(path, datetime.combine(day, datetime.min.time()))


def _csv_cell(value: str) -> str:
    if any(ch in value for ch in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _tcvn3(path: Path, unit: SampleUnit, people: People, day: date) -> None:
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
        person = _person_named(people, name, gender)
        lines.append(
            [i, to_tcvn3(name), to_tcvn3(gender), to_tcvn3(role), to_tcvn3(title), person.phone, ""]
        )
    lines += [
        [],
        ["", "", "", "", to_tcvn3(f"Quy Nhơn, ngày {day.day:02d} tháng {day.month:02d} năm 2022")],
    ]
    _plain_book(path, lines, day, title="Sheet1")


def _vni_form(path: Path, unit: SampleUnit, people: People, day: date) -> None:
    """Our form, the names and roles typed in VNI-Times."""
    rows = []
    for name, gender, role, title in VNI_PEOPLE:
        rows.append(Row(_person_named(people, name, gender), role, title, ""))
    write_our_form(path, unit, rows, day, text=to_vni)


def _with_errors(
    path: Path, unit: SampleUnit, subs: Sequence[SampleUnit], people: People, day: date
) -> None:
    """Every row-level problem once: R01 R02 R03 W01 W02 W03 W04 W05."""
    own, first_sub, second_sub, *others = _delegates(unit, subs, people)
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
        day = _form_date(rng)
        if unit.code in MISSING:
            continue
        kind = messy.get(unit.code)
        short = short_name(unit.name)
        if unit.code == TWICE:
            first = _delegates(unit, subs, people)
            write_our_form(
                folder / f"Phiếu đăng ký - {short}.xlsx",
                unit,
                first,
                date(2022, 5, 4),
                when=datetime(2022, 5, 9, 17),
            )
            second = [first[0], *_delegates(unit, subs, people)[1:]]
            second[0] = Row(people.make(), "Phó Bí thư", "Phó Giám đốc", "")
            write_our_form(
                folder / f"Phiếu đăng ký - {short} (sửa lại).xlsx",
                unit,
                second,
                date(2022, 5, 9),
                when=datetime(2022, 5, 4, 17),
            )
        elif unit.code == WITH_ERRORS:
            _with_errors(folder / f"{unit.code}_dang_ky.xlsx", unit, subs, people, day)
        elif unit.code == CORRUPT:
            target = folder / f"{unit.code} - Phieu dang ky.xlsx"
            write_our_form(target, unit, _delegates(unit, subs, people), day)
            target.write_bytes(target.read_bytes()[:700])  # a mail attachment cut short
            touch(target, datetime.combine(day, datetime.min.time()))
        elif unit.code == NO_TABLE:
            _plain_book(
                folder / f"{unit.code} - Công văn trả lời.xlsx",
                [
                    [unit.name.upper()],
                    ["Kính gửi: Ban Tổ chức Đảng ủy Khối các cơ quan tỉnh"],
                    ["Chi bộ xin đăng ký đại biểu sau do đồng chí Bí thư đang đi công tác."],
                    [_date_line(day)],
                ],
                day,
            )
        elif kind == "self_made":
            _self_made(folder / "Danh sach dang ky hoi thao.xlsx", unit, people, day)
        elif kind == "two_row_header":
            _two_row_header(
                folder / f"DS đại biểu dự hội thảo - {unit.name}.xlsx", unit, people, day
            )
        elif kind == "total_and_signature":
            _total_and_signature(folder / f"Đăng ký HT - {short}.xlsx", unit, subs, people, day)
        elif kind == "second_sheet":
            _second_sheet(folder / f"{unit.code} - Đăng ký hội thảo.xlsx", unit, people, day)
        elif kind == "hidden_junk":
            write_our_form(
                folder / f"Phiếu đăng ký - {short}.xlsx",
                unit,
                _delegates(unit, subs, people),
                day,
                junk_sheet=True,
            )
        elif kind == "nfd":
            write_our_form(
                folder / _nfd(f"Phiếu đăng ký {short}.xlsx"),
                unit,
                _delegates(unit, subs, people),
                day,
                text=_nfd,
                identity=False,
            )
        elif kind == "tcvn3":
            _tcvn3(folder / f"{unit.code} - MTTQ tinh.xlsx", unit, people, day)
        elif kind == "vni":
            _vni_form(folder / "Phiếu đăng ký - LĐLĐ tỉnh.xlsx", unit, people, day)
        elif kind == "csv":
            _csv(folder / f"{unit.code}_dang_ky.csv", unit, people, day)
        elif kind == "xlsm":
            target = folder / f"Phiếu đăng ký - {short}.xlsm"
            write_our_form(target, unit, _delegates(unit, subs, people), day)
            freeze_zip(
                target,
                content_types={XLSX_MAIN: XLSM_MAIN},
            )
            touch(target, datetime.combine(day, datetime.min.time()))
        elif kind == "ods":
            rows = _delegates(unit, subs, people)
            via_office(
                lambda p, u=unit, r=rows, d=day: write_our_form(p, u, r, d),
                folder / f"Phiếu đăng ký - {short}.ods",
                "ods",
                day,
                office,
            )
        elif kind == "xls":
            via_office(
                lambda p, u=unit, d=day: _self_made(p, u, people, d),
                folder / f"{unit.code} - danh sach dai bieu.xls",
                "xls:MS Excel 97",
                day,
                office,
            )
        else:
            name = f"Phiếu đăng ký - {short}.xlsx" if unit.code == "CS02" else _normal_name(unit, i)
            rows = _delegates(unit, subs, people)
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
    _plain_book(
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
