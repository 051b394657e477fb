"""output/tron_thu.xlsx: sheets, Word-friendly headers, text-only cells, Vietnamese date text."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from hoithao.issues import Issue
from hoithao.master.vocab import (
    KIND_CHI_BO_CO_SO,
    KIND_DANG_BO_BO_PHAN,
    KIND_DANG_BO_CO_SO,
    PAPER_FORM_PRESENT,
    PAPER_FORM_SEND,
)
from hoithao.models import (
    Category,
    Delegate,
    Event,
    Invitee,
    Master,
    PaperAssignment,
    PaperStatus,
    Recipient,
    Unit,
)
from hoithao.outputs.mailmerge import (
    merge_tables,
    word_field_name,
    write_mailmerge,
)
from hoithao.outputs.vocab import (
    INVITATION_MERGE_COLUMNS,
    MERGE_SHEET_BADGE,
    MERGE_SHEET_ENVELOPE,
    MERGE_SHEET_INVITATION,
    MERGE_SHEET_PAPER_REMINDER,
    MERGE_SHEET_RECIPIENTS,
    MERGE_SHEET_REGISTRATION_REMINDER,
)
from hoithao.workspace import Workspace

from ..conftest import TODAY, ReturnFactory, form_row

EVIL_NAME = '=HYPERLINK("http://evil.example","bấm vào đây")'
UNITS = [
    Unit(
        "CS01",
        "Đảng bộ Sở Y tế",
        KIND_DANG_BO_CO_SO,
        email="dangbo.syt@binhdinh.gov.vn",
        phone="02563822222",
        address="756 Trần Hưng Đạo, Quy Nhơn",
    ),
    Unit(
        "CS02",
        "Chi bộ Sở Tư pháp",
        KIND_CHI_BO_CO_SO,
        email="chibo.stp@binhdinh.gov.vn",
        phone="0256 3812345",
    ),
    Unit("CS03", "Đảng bộ Cục Thuế tỉnh", KIND_DANG_BO_CO_SO, email="dangbo.ct@binhdinh.gov.vn"),
    Unit("BP01", "Đảng bộ Bệnh viện Đa khoa tỉnh", KIND_DANG_BO_BO_PHAN, parent="CS01"),
]
CATEGORIES = [
    Category("KM", "Khách mời"),
    Category("CS", "Bí thư hoặc phó bí thư chi, đảng bộ cơ sở", GRASS := (KIND_DANG_BO_CO_SO,)),
    Category("TT", "Bí thư hoặc phó bí thư đảng bộ bộ phận", (KIND_DANG_BO_BO_PHAN,)),
]


def make_master() -> Master:
    event = Event(
        "HT38-2022",
        "Hội thảo “Giải pháp nâng cao chất lượng sinh hoạt chi bộ”",
        plan_number="38-KH/ĐUK",
        organiser="Đảng ủy Khối các cơ quan tỉnh Bình Định",
        starts_at=datetime(2022, 5, 19, 7, 30),
        venue="Hội trường Khách sạn Thanh Bình, thành phố Quy Nhơn",
        hall_capacity=150,
        registration_deadline=date(2022, 5, 10),
        paper_deadline=date(2022, 5, 20),
        signer="Nguyễn Đặng Thị Thu Hòa",
        signer_title="Phó Bí thư Thường trực",
    )
    return Master(
        event,
        {u.code: u for u in UNITS},
        {c.code: c for c in CATEGORIES},
        invitees=[
            Invitee(
                "Trần Văn Hùng",
                "Nam",
                "Phó Trưởng Ban Tổ chức Tỉnh ủy",
                "Ban Tổ chức Tỉnh ủy",
                "KM",
                phone="0905111222",
                address="01 Trần Phú, Quy Nhơn",
                row=2,
            ),
        ],
        papers=[
            PaperAssignment("CS02", "Kinh nghiệm sinh hoạt chuyên đề", PAPER_FORM_PRESENT, 1),
            PaperAssignment(
                "CS03", "Đổi mới nội dung sinh hoạt", PAPER_FORM_SEND, 2, date(2022, 5, 12)
            ),
            PaperAssignment("CS01", "Sinh hoạt chi bộ ở đơn vị sự nghiệp", PAPER_FORM_SEND, 3),
        ],
        recipients=[Recipient("Ban Tổ chức Tỉnh ủy", "b/c"), Recipient("Lưu VP, BTC")],
    )


@dataclass
class FakeConsolidation:
    """The attributes of consolidate.Consolidation that the mail-merge writers read."""

    master: Master
    delegates: list[Delegate]
    papers: list[PaperStatus] = field(default_factory=list)
    returned: set[str] = field(default_factory=set)
    today: date = TODAY
    issues: list[Issue] = field(default_factory=list)

    @property
    def missing_units(self) -> list[Unit]:
        return [u for u in self.master.summoned_grassroots() if u.code not in self.returned]

    @property
    def registered(self) -> list[Delegate]:
        return [d for d in self.delegates if not d.is_invitee]


def make_consolidation() -> FakeConsolidation:
    master = make_master()
    units = master.units
    delegates = [
        Delegate(
            "KM-ABCDE",
            "Trần Văn Hùng",
            "Nam",
            job_title="Phó Trưởng Ban Tổ chức Tỉnh ủy",
            unit_name="Ban Tổ chức Tỉnh ủy",
            category="KM",
            phone="0905111222",
            is_invitee=True,
            order=2,
        ),
        Delegate(
            "CS01-AAAAA",
            "Nguyễn Văn An",
            "Nam",
            "Bí thư",
            "Giám đốc",
            "CS01",
            "Đảng bộ Sở Y tế",
            "CS",
            phone="0912345678",
            email="an@binhdinh.gov.vn",
        ),
        Delegate(
            "CS01-BBBBB",
            EVIL_NAME,
            "Nữ",
            "Phó Bí thư",
            "",
            "CS01",
            "Đảng bộ Sở Y tế",
            "CS",
            phone="0987654321",
        ),
        Delegate(
            "BP01-CCCCC",
            "Lê Thị Ánh",
            "Nữ",
            "Bí thư",
            "Giám đốc bệnh viện",
            "BP01",
            "Đảng bộ Bệnh viện Đa khoa tỉnh",
            "TT",
            phone="0905000111",
        ),
    ]
    papers = [
        PaperStatus(master.papers[0], units["CS02"], date(2022, 5, 20), "pending", []),
        PaperStatus(master.papers[1], units["CS03"], date(2022, 5, 12), "late", []),
        PaperStatus(
            master.papers[2],
            units["CS01"],
            date(2022, 5, 20),
            "received",
            ["workbooks/tham_luan/CS01.docx"],
            date(2022, 5, 11),
        ),
    ]
    return FakeConsolidation(master, delegates, papers, returned={"CS01"})


def sheet_rows(path: Path, sheet: str) -> list[list[str]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def sheet_xml(path: Path) -> dict[str, str]:
    """Sheet name -> its worksheet XML, through workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
        targets |= {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)}
        result = {}
        for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', book):
            result[name] = archive.read(
                "xl/" + targets[rid].lstrip("/").removeprefix("xl/")
            ).decode()
        return result


@pytest.fixture
def written(workspace: Workspace) -> Path:
    return workspace.root / write_mailmerge(make_consolidation(), workspace)


def test_word_field_name_turns_spaces_and_marks_into_underscores() -> None:
    assert word_field_name("Họ và tên") == "Họ_và_tên"
    assert word_field_name("E-mail") == "E_mail"
    assert word_field_name("Họ_và_tên") == "Họ_và_tên"
    assert len(word_field_name("x" * 60)) == 40


# --- the workbook --------------------------------------------------------------------------
MERGE_SHEETS = [
    MERGE_SHEET_INVITATION,
    MERGE_SHEET_BADGE,
    MERGE_SHEET_ENVELOPE,
    MERGE_SHEET_REGISTRATION_REMINDER,
    MERGE_SHEET_PAPER_REMINDER,
    MERGE_SHEET_RECIPIENTS,
]


def test_sheets_have_one_word_friendly_header_row(written: Path) -> None:
    assert written.name == "tron_thu.xlsx"
    book = CalamineWorkbook.from_path(str(written))
    assert book.sheet_names == MERGE_SHEETS
    for sheet in MERGE_SHEETS:
        headers = sheet_rows(written, sheet)[0]
        assert all(headers), sheet
        assert len(set(headers)) == len(headers), sheet
        # Word would show each header unchanged as the «field» name
        assert [word_field_name(h) for h in headers] == headers, sheet


def test_no_formula_no_merged_cells_and_phones_as_text(written: Path) -> None:
    xml = sheet_xml(written)
    assert list(xml) == MERGE_SHEETS
    for sheet, text in xml.items():
        assert not re.search(r"<f[ >]", text), sheet
        assert "mergeCell" not in text, sheet
        # every filled cell is a string cell: shared string or inline string
        filled = re.findall(r"<c ([^>]*[^/])>", text)  # "<c …/>" is a blank cell
        assert filled, sheet
        for attrs in filled:
            assert re.search(r'\bt="(s|inlineStr)"', attrs), (sheet, attrs)
    rows = sheet_rows(written, MERGE_SHEET_INVITATION)
    assert EVIL_NAME in [r[rows[0].index("Họ_và_tên")] for r in rows]
    reminders = sheet_rows(written, MERGE_SHEET_REGISTRATION_REMINDER)
    phone = reminders[0].index("Điện_thoại")
    assert [r[phone] for r in reminders[1:]] == ["0256 3812345", ""]


def test_invitation_rows_are_ready_to_print(written: Path) -> None:
    rows = sheet_rows(written, MERGE_SHEET_INVITATION)
    head, body = rows[0], [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    assert head == list(INVITATION_MERGE_COLUMNS.values())
    assert [r["Họ_và_tên"] for r in body] == [
        "Trần Văn Hùng",
        "Nguyễn Văn An",
        EVIL_NAME,
        "Lê Thị Ánh",
    ]
    an = body[1]
    assert an["Mã_ĐB"] == "CS01-AAAAA"
    assert an["Xưng_hô"] == "Đồng chí"
    assert an["Chức_danh"] == "Bí thư Đảng bộ Sở Y tế"
    assert an["Thành_phần"] == "Bí thư hoặc phó bí thư chi, đảng bộ cơ sở"
    assert an["Thời_gian"] == "7 giờ 30 phút, thứ Năm, ngày 19 tháng 5 năm 2022"
    assert an["Số_kế_hoạch"] == "38-KH/ĐUK"
    # no `Ngày ký` in the master: blanks for the signer, the event's year, never today
    assert an["Địa_danh_ngày_tháng"] == "Bình Định, ngày    tháng    năm 2022"
    assert an["Chức_vụ_người_ký"] == "PHÓ BÍ THƯ THƯỜNG TRỰC"
    assert body[0]["Chức_danh"] == "Phó Trưởng Ban Tổ chức Tỉnh ủy"


def test_badges_carry_no_personal_contact_data(written: Path) -> None:
    rows = sheet_rows(written, MERGE_SHEET_BADGE)
    assert rows[0] == ["Mã_ĐB", "Họ_và_tên", "Chức_vụ", "Đơn_vị", "Thành_phần", "Tên_hội_thảo"]
    cells = {cell for row in rows for cell in row}
    assert not cells & {"0912345678", "0905111222", "an@binhdinh.gov.vn"}
    assert rows[1][:4] == [
        "KM-ABCDE",
        "Trần Văn Hùng",
        "Phó Trưởng Ban Tổ chức Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
    ]


def test_envelopes_only_where_someone_is_invited(written: Path) -> None:
    rows = sheet_rows(written, MERGE_SHEET_ENVELOPE)
    assert rows[0] == ["Mã_đơn_vị", "Kính_gửi", "Địa_chỉ", "Số_giấy_mời"]
    assert rows[1:] == [
        # CS01 encloses its own two delegates and the one of its sub-unit BP01;
        # CS02 and CS03 registered nobody: no envelope
        ["CS01", "Đảng bộ Sở Y tế", "756 Trần Hưng Đạo, Quy Nhơn", "3"],
        # a named invitee's envelope is addressed to the person
        ["", "Đồng chí Trần Văn Hùng", "Ban Tổ chức Tỉnh ủy, 01 Trần Phú, Quy Nhơn", "1"],
    ]


def _with_staff_and_signer(*, invited: str | bool) -> FakeConsolidation:
    """The sample's case: serving staff (PV) and the signer herself are among the delegates."""
    c = make_consolidation()
    master = c.master
    master.categories["PV"] = Category("PV", "Cán bộ phục vụ", invited=invited is True)
    master.invitees.extend(
        [
            Invitee(
                "Nguyễn Đặng Thị Thu Hòa",
                "Nữ",
                "Phó Bí thư Thường trực",
                "Đảng ủy Khối",
                "KM",
                row=3,
            ),
            Invitee("Kiều Thị Ngân", "Nữ", "Chuyên viên", "Đảng ủy Khối", "PV", row=4),
        ]
    )
    c.delegates.extend(
        [
            Delegate("KM-SIGNR", "Nguyễn Đặng Thị Thu Hòa", "Nữ", category="KM", is_invitee=True),
            Delegate("PV-STAFF", "Kiều Thị Ngân", "Nữ", category="PV", is_invitee=True),
        ]
    )
    return c


def test_signer_and_uninvited_categories_get_no_invitation_nor_envelope() -> None:
    c = _with_staff_and_signer(invited=False)
    tables = {t.sheet: t for t in merge_tables(c)}
    names = [r["Họ_và_tên"] for r in tables[MERGE_SHEET_INVITATION].records()]
    assert "Nguyễn Đặng Thị Thu Hòa" not in names
    assert "Kiều Thị Ngân" not in names
    addressees = [r["Kính_gửi"] for r in tables[MERGE_SHEET_ENVELOPE].records()]
    assert addressees == ["Đảng bộ Sở Y tế", "Đồng chí Trần Văn Hùng"]
    # they still get a badge: they attend
    badges = [r["Họ_và_tên"] for r in tables[MERGE_SHEET_BADGE].records()]
    assert {"Nguyễn Đặng Thị Thu Hòa", "Kiều Thị Ngân"} <= set(badges)


def test_invited_category_receives_invitations() -> None:
    c = _with_staff_and_signer(invited=True)
    names = [r["Họ_và_tên"] for r in merge_tables(c)[0].records()]
    assert "Kiều Thị Ngân" in names
    assert "Nguyễn Đặng Thị Thu Hòa" not in names


def test_signing_date_comes_from_the_master() -> None:
    c = make_consolidation()
    c.master = replace(c.master, event=replace(c.master.event, signed_on=date(2022, 5, 3)))
    row = merge_tables(c)[0].records()[0]
    assert row["Địa_danh_ngày_tháng"] == "Bình Định, ngày 03 tháng 5 năm 2022"


def test_reminders_list_missing_units_and_papers(written: Path) -> None:
    rows = sheet_rows(written, MERGE_SHEET_REGISTRATION_REMINDER)
    assert [r[:3] for r in rows[1:]] == [
        ["CS02", "Chi bộ Sở Tư pháp", "chibo.stp@binhdinh.gov.vn"],
        ["CS03", "Đảng bộ Cục Thuế tỉnh", "dangbo.ct@binhdinh.gov.vn"],
    ]
    assert rows[1][4] == "ngày 10 tháng 5 năm 2022"
    # today (15/5) is past the registration deadline (10/5)
    assert "đã qua" in rows[1][5]
    assert rows[1][5].startswith("Kính gửi Chi bộ Sở Tư pháp:")

    papers = [
        dict(zip(rows_[0], r, strict=False))
        for rows_ in [sheet_rows(written, MERGE_SHEET_PAPER_REMINDER)]
        for r in rows_[1:]
    ]
    assert [(p["Mã_đơn_vị"], p["Tình_trạng"], p["Hạn_gửi"]) for p in papers] == [
        ("CS02", "Chưa nhận", "ngày 20 tháng 5 năm 2022"),
        ("CS03", "Quá hạn", "ngày 12 tháng 5 năm 2022"),
    ]
    assert papers[1]["Email"] == "dangbo.ct@binhdinh.gov.vn"
    assert "đã qua" in papers[1]["Nội_dung_nhắc"]
    assert "trước ngày 20 tháng 5 năm 2022" in papers[0]["Nội_dung_nhắc"]


def test_recipients_print_as_under_a_party_document(written: Path) -> None:
    rows = sheet_rows(written, MERGE_SHEET_RECIPIENTS)
    assert rows[1:] == [
        ["1", "Ban Tổ chức Tỉnh ủy", "b/c", "- Ban Tổ chức Tỉnh ủy (b/c),"],
        ["2", "Lưu VP, BTC", "", "- Lưu VP, BTC."],
    ]


def test_empty_lists_still_give_header_rows(workspace: Workspace) -> None:
    empty = FakeConsolidation(make_master(), [], [], returned={"CS01", "CS02", "CS03"})
    empty.master.recipients.clear()
    path = workspace.root / write_mailmerge(empty, workspace)
    for table in merge_tables(empty):
        if table.sheet != MERGE_SHEET_ENVELOPE:
            assert sheet_rows(path, table.sheet) in (
                [list(table.headers)],
                [list(table.headers), []],
            )


def test_with_real_consolidation(workspace: Workspace, make_return: ReturnFactory) -> None:
    """End to end through consolidate.build once the reading modules are in place."""
    pytest.importorskip("hoithao.intake.identify")
    from hoithao.engine.consolidate import build

    make_return("CS01.xlsx", [form_row(1, "Nguyễn Văn An", phone="0912345678")], unit_code="CS01")
    consolidation = build(workspace, today=TODAY)
    path = workspace.root / write_mailmerge(consolidation, workspace)
    rows = sheet_rows(path, MERGE_SHEET_INVITATION)
    names = [r[rows[0].index("Họ_và_tên")] for r in rows[1:]]
    assert "Nguyễn Văn An" in names
    assert "Trần Văn Hùng" in names
    reminders = sheet_rows(path, MERGE_SHEET_REGISTRATION_REMINDER)
    assert "CS01" not in [r[0] for r in reminders[1:]]
