"""Returns inside a .zip or a saved e-mail (.eml): one level, the same limits as any file, every
member a line of the log with its rows accounted for."""

from __future__ import annotations

import email
import io
import zipfile
from collections import Counter
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoithao.engine.consolidate import build
from hoithao.intake.containers import MAX_MEMBERS, display_name
from hoithao.run import run
from hoithao.workspace import CHECKIN_FILE, MASTER_FILE, OUTPUT_DIR, RETURNS_DIR, Workspace

from ..conftest import TODAY, build_master, form_row, tree_hashes, write_docx, write_return
from ..test_properties import rows_strategy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RETURNS = RETURNS_DIR


def return_bytes(tmp_path: Path, name: str, rows: list, **kwargs: object) -> bytes:
    """A real return file (made by the usual factories), as the bytes to put in a container."""
    path = tmp_path / "made" / name
    if path.suffix == ".docx":
        write_docx(path, rows, **kwargs)  # type: ignore[arg-type]
    else:
        write_return(path, rows, **kwargs)  # type: ignore[arg-type]
    return path.read_bytes()


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def write_eml(
    path: Path,
    attachments: dict[str, bytes],
    *,
    subject: str = "Gửi phiếu đăng ký",
    sender: str = "Văn phòng <vanphong@example.vn>",
    sent: datetime = datetime(2022, 5, 10, 9, 30),
    inline_logo: bool = False,
) -> Path:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "banto chuc <btc@example.vn>"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent.astimezone())
    message.set_content("Kính gửi Ban Tổ chức, đơn vị gửi kèm phiếu đăng ký.")
    if inline_logo:
        message.add_alternative("<p>Kính gửi <img src='cid:logo'></p>", subtype="html")
        html = message.get_payload()[1]
        html.add_related(b"\x89PNG\r\n\x1a\nlogo", "image", "png", cid="<logo>")
    for name, data in attachments.items():
        maintype, subtype = (
            XLSX.split("/")
            if name.endswith(".xlsx")
            else ("application", "pdf" if name.endswith(".pdf") else "octet-stream")
        )
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(bytes(message))
    return path


def logs(c) -> dict[str, tuple]:
    return {f.path: (f.status, f.unit, f.rows_read, f.rows_accepted) for f in c.file_log}


# --- zip ----------------------------------------------------------------------------------------
def test_zip_members_are_returns(workspace: Workspace, tmp_path: Path) -> None:
    members = {
        "CS02.xlsx": return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")]),
        "Chi bo Ban Dan toc/phieu.docx": return_bytes(
            tmp_path,
            "b.docx",
            [form_row(1, "Lê Thị Bình", gender="Nữ")],
            above=["CHI BỘ BAN DÂN TỘC"],
        ),
        "ghi chu.txt": b"xin gui",
    }
    write_zip(workspace.returns_dir / "phieu gui ve.zip", members)
    c = build(workspace, today=TODAY)
    zipped = f"{RETURNS}/phieu gui ve.zip"
    assert logs(c) == {
        f"{zipped}/CS02.xlsx": ("consolidated", "CS02", 1, 1),
        f"{zipped}/Chi bo Ban Dan toc/phieu.docx": ("consolidated", "CS04", 1, 1),
        f"{zipped}/ghi chu.txt": ("skipped", "", 0, 0),
    }
    assert {d.source for d in c.registered} == {
        f"{zipped}/CS02.xlsx!2",
        f"{zipped}/Chi bo Ban Dan toc/phieu.docx!2",
    }
    assert c.file_counts()["found"] == 3


def test_zip_named_after_the_unit_identifies_its_members(
    workspace: Workspace, tmp_path: Path
) -> None:
    data = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")])
    write_zip(workspace.returns_dir / "CS02.zip", {"phieu.xlsx": data})
    c = build(workspace, today=TODAY)
    assert [d.unit_code for d in c.registered] == ["CS02"]


def test_zip_member_date_is_its_date_in_the_zip(workspace: Workspace, tmp_path: Path) -> None:
    older = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")])
    newer = return_bytes(tmp_path, "b.xlsx", [form_row(1, "Trần Văn Bình")])
    with zipfile.ZipFile(workspace.returns_dir / "CS02.zip", "w") as archive:
        archive.writestr(zipfile.ZipInfo("CS02 lan 2.xlsx", (2022, 5, 12, 8, 0, 0)), newer)
        archive.writestr(zipfile.ZipInfo("CS02 lan 1.xlsx", (2022, 5, 2, 8, 0, 0)), older)
    c = build(workspace, today=TODAY)
    assert [d.full_name for d in c.registered] == ["Trần Văn Bình"]
    assert logs(c)[f"{RETURNS}/CS02.zip/CS02 lan 1.xlsx"][0] == "superseded"


def test_nested_container_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("CS02.xlsx", return_bytes(tmp_path, "a.xlsx", [form_row(1, "An Văn")]))
    write_zip(workspace.returns_dir / "CS02.zip", {"trong.zip": inner.getvalue()})
    c = build(workspace, today=TODAY)
    [issue] = c.issues[:1]
    assert (issue.code, issue.file, issue.unit) == ("F01", f"{RETURNS}/CS02.zip/trong.zip", "CS02")
    assert "gửi trực tiếp" in issue.message
    assert not c.registered


def bomb_xlsx() -> bytes:
    """A workbook whose one part inflates 50 MB of zeros from ~50 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    return out.getvalue()


def test_zip_bomb_inside_a_zip_is_refused_alone(workspace: Workspace, tmp_path: Path) -> None:
    good = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")])
    write_zip(workspace.returns_dir / "CS02.zip", {"bom.xlsx": bomb_xlsx(), "CS02.xlsx": good})
    c = build(workspace, today=TODAY)
    bomb = f"{RETURNS}/CS02.zip/bom.xlsx"
    assert logs(c)[bomb][0] == "rejected"
    [issue] = [i for i in c.issues if i.file == bomb]
    assert issue.code == "F01"
    assert "bom nén" in issue.message
    assert [d.full_name for d in c.registered] == ["Nguyễn Văn An"]


def test_member_inflating_past_the_limit_refuses_the_zip(workspace: Workspace) -> None:
    write_zip(workspace.returns_dir / "CS02.zip", {"CS02.xlsx": b"\0" * (60 * 1024 * 1024)})
    c = build(workspace, today=TODAY)
    assert logs(c) == {f"{RETURNS}/CS02.zip": ("rejected", "CS02", 0, 0)}
    assert "bom nén" in c.issues[0].message


def test_zip_of_500_members_is_refused(workspace: Workspace) -> None:
    write_zip(workspace.returns_dir / "CS02.zip", {f"p{n}.csv": b"a,b\n" for n in range(500)})
    c = build(workspace, today=TODAY)
    assert logs(c) == {f"{RETURNS}/CS02.zip": ("rejected", "CS02", 0, 0)}
    assert f"500, giới hạn {MAX_MEMBERS}" in c.issues[0].message


def test_member_paths_are_never_used_to_write(workspace: Workspace, tmp_path: Path) -> None:
    data = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")])
    write_zip(
        workspace.returns_dir / "CS02.zip",
        {"../../../thoat.xlsx": data, "/tuyet_doi/CS02.xlsx": data, "..\\..\\win.xlsx": data},
    )
    before = tree_hashes(tmp_path)
    outside = {p for p in tmp_path.parent.iterdir()}
    run(workspace, today=TODAY)
    written = {k for k in tree_hashes(tmp_path) if k not in before}
    assert all(
        Path(k).is_relative_to(workspace.root / OUTPUT_DIR) or k.endswith(CHECKIN_FILE)
        for k in written
    )
    assert {p for p in tmp_path.parent.iterdir()} == outside
    c = build(workspace, today=TODAY)
    assert sorted(logs(c)) == [
        f"{RETURNS}/CS02.zip/thoat.xlsx",
        f"{RETURNS}/CS02.zip/tuyet_doi/CS02.xlsx",
        f"{RETURNS}/CS02.zip/win.xlsx",
    ]


def test_display_name_drops_parent_and_root_parts() -> None:
    assert display_name("../a/./b.xlsx") == "a/b.xlsx"
    assert display_name("C:\\..\\x.xlsx") == "C:/x.xlsx"
    assert display_name("..") == "(không tên)"


def test_broken_and_empty_zips(workspace: Workspace) -> None:
    (workspace.returns_dir / "CS02.zip").write_bytes(b"PK\x03\x04 hong")
    write_zip(workspace.returns_dir / "CS04.zip", {"ghi chu.txt": b"x"})
    c = build(workspace, today=TODAY)
    f01 = {i.file: i.message for i in c.issues if i.code == "F01"}
    assert set(f01) == {f"{RETURNS}/CS02.zip", f"{RETURNS}/CS04.zip"}
    assert "không có phiếu đăng ký" in f01[f"{RETURNS}/CS04.zip"]


# --- e-mail -------------------------------------------------------------------------------------
def test_eml_attachments_are_returns(workspace: Workspace, tmp_path: Path) -> None:
    data = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")])
    write_eml(
        workspace.returns_dir / "thu.eml",
        {"phieu.xlsx": data},
        subject="Chi bộ Sở Tư pháp gửi phiếu đăng ký hội thảo",
        inline_logo=True,
    )
    c = build(workspace, today=TODAY)
    assert [(d.full_name, d.unit_code, d.source) for d in c.registered] == [
        ("Nguyễn Văn An", "CS02", f"{RETURNS}/thu.eml/phieu.xlsx!2")
    ]
    # the logo shown in the body is no attachment: not a line of the log
    assert logs(c) == {f"{RETURNS}/thu.eml/phieu.xlsx": ("consolidated", "CS02", 1, 1)}


def test_eml_date_orders_two_returns(workspace: Workspace, tmp_path: Path) -> None:
    first = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")])
    second = return_bytes(tmp_path, "b.xlsx", [form_row(1, "Trần Văn Bình")])
    # saved in the opposite order: only the e-mails' Date tells which came later
    write_eml(workspace.returns_dir / "b.eml", {"CS02.xlsx": first}, sent=datetime(2022, 5, 3))
    write_eml(workspace.returns_dir / "a.eml", {"CS02.xlsx": second}, sent=datetime(2022, 5, 9))
    c = build(workspace, today=TODAY)
    assert [d.full_name for d in c.registered] == ["Trần Văn Bình"]


def test_eml_without_return_and_with_pdf(workspace: Workspace) -> None:
    write_eml(workspace.returns_dir / "CS04 thu.eml", {})
    write_eml(
        workspace.returns_dir / "thu2.eml",
        {"danh sach.pdf": b"%PDF-1.4"},
        subject="Chi bộ Sở Tư pháp gửi danh sách",
    )
    c = build(workspace, today=TODAY)
    f01 = {(i.file, i.unit): i.message for i in c.issues if i.code == "F01"}
    assert set(f01) == {
        (f"{RETURNS}/CS04 thu.eml", "CS04"),
        (f"{RETURNS}/thu2.eml/danh sach.pdf", "CS02"),
    }
    assert "Excel (.xlsx) hoặc Word (.docx)" in f01[(f"{RETURNS}/thu2.eml/danh sach.pdf", "CS02")]


# --- nothing lost, over containers ----------------------------------------------------------------
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    members=st.lists(
        st.tuples(st.sampled_from(["CS01", "CS02", "CS03", "CS04"]), rows_strategy, st.booleans()),
        min_size=1,
        max_size=4,
    ),
    as_mail=st.booleans(),
)
def test_rows_accounted_per_member(
    tmp_path_factory: pytest.TempPathFactory, members: list, as_mail: bool
) -> None:
    root = tmp_path_factory.mktemp("ws")
    build_master(root / MASTER_FILE)
    (root / RETURNS).mkdir(parents=True)
    made = tmp_path_factory.mktemp("made")
    contents: dict[str, bytes] = {}
    expected: dict[str, int] = {}
    container = "thu.eml" if as_mail else "phieu.zip"
    for n, (code, rows, signed) in enumerate(members):
        below = [["", "Tổng cộng"], [], ["", "", "", "Người lập biểu"], ["", "", "", "Võ Văn Ký"]]
        name = f"{code}_{n}.xlsx"
        contents[name] = return_bytes(
            made, name, [r for _, r in rows], unit_code=code, below=below if signed else []
        )
        non_blank = sum(1 for kind, _ in rows if kind != "blank")
        expected[f"{RETURNS}/{container}/{name}"] = non_blank + (3 if signed else 0)
    if as_mail:
        write_eml(root / RETURNS / container, contents)
    else:
        write_zip(root / RETURNS / container, contents)

    c = build(Workspace(Path(root).resolve()), today=TODAY)
    assert {f.path for f in c.file_log} == set(expected)
    for log in c.file_log:
        assert log.rows_read == log.rows_accepted + log.rows_rejected + log.rows_ignored
        assert log.rows_read == expected[log.path]
    # an accepted row is a registered delegate, or a named invitee it was merged into (W10)
    from_rows = [d for d in c.delegates if d.source]
    sources = Counter(d.source for d in from_rows)
    assert all(count == 1 for count in sources.values())
    used = [f for f in c.file_log if f.status == "consolidated"]
    assert len(from_rows) == sum(f.rows_accepted for f in used)


def test_attached_email_is_a_nested_container(workspace: Workspace, tmp_path: Path) -> None:
    inner = tmp_path / "inner.eml"
    write_eml(inner, {"CS02.xlsx": return_bytes(tmp_path, "a.xlsx", [form_row(1, "An Văn")])})
    message = EmailMessage()
    message["Subject"] = "Fwd: phiếu đăng ký Chi bộ Sở Tư pháp"
    message.set_content("Chuyển tiếp thư của đơn vị.")
    message.add_attachment(email.message_from_bytes(inner.read_bytes()))
    (workspace.returns_dir / "chuyen tiep.eml").write_bytes(bytes(message))
    c = build(workspace, today=TODAY)
    [issue] = [i for i in c.issues if i.code == "F01"]
    assert issue.file == f"{RETURNS}/chuyen tiep.eml/thư đính kèm 1.eml"
    assert issue.unit == "CS02"  # from the subject
    assert "gửi trực tiếp" in issue.message
    assert not c.registered


def test_utf8_member_name_without_the_zip_flag(workspace: Workspace, tmp_path: Path) -> None:
    """Windows tools write UTF-8 names without saying so: zipfile reads them as cp437."""
    data = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")])
    placeholder = "Phieu dang ky Chi bo So Tu phap.xlsx"
    real = "Phiếu đăng ký Chi bộ Sở Tư pháp.xlsx"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr(placeholder + "_" * (len(real.encode()) - len(placeholder)), data)
    patched = raw.getvalue().replace(
        (placeholder + "_" * (len(real.encode()) - len(placeholder))).encode(), real.encode()
    )
    (workspace.returns_dir / "phieu.zip").write_bytes(patched)
    c = build(workspace, today=TODAY)
    assert [(f.path, f.unit) for f in c.file_log] == [(f"{RETURNS}/phieu.zip/{real}", "CS02")]


def test_paper_sent_with_the_form_is_skipped_not_f03(workspace: Workspace, tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("CHI BỘ SỞ TƯ PHÁP")
    document.add_paragraph("THAM LUẬN")
    document.add_paragraph("Nâng cao chất lượng sinh hoạt chi bộ.")
    paper = io.BytesIO()
    document.save(paper)
    form = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")])
    write_eml(
        workspace.returns_dir / "thu.eml",
        {"phieu.xlsx": form, "bai viet.docx": paper.getvalue()},
        subject="Chi bộ Sở Tư pháp gửi phiếu đăng ký",
    )
    c = build(workspace, today=TODAY)
    assert logs(c) == {
        f"{RETURNS}/thu.eml/phieu.xlsx": ("consolidated", "CS02", 1, 1),
        f"{RETURNS}/thu.eml/bai viet.docx": ("skipped", "", 0, 0),
    }
    [skipped] = [i for i in c.issues if i.file.endswith("bai viet.docx")]
    assert skipped.code == "F05"
    assert "workbooks/tham_luan/" in skipped.message


def test_eml_sent_from_the_units_address_identifies_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    data = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")])
    write_eml(
        workspace.returns_dir / "thu.eml",
        {"danh sach.xlsx": data},
        subject="Gửi danh sách",
        sender="Văn thư <ChiBo.STP@binhdinh.gov.vn>",  # CS02's address in the master
    )
    c = build(workspace, today=TODAY)
    assert [(d.full_name, d.unit_code) for d in c.registered] == [("Nguyễn Văn An", "CS02")]


def test_outlook_winmail_dat_says_what_to_do(workspace: Workspace) -> None:
    write_eml(
        workspace.returns_dir / "thu.eml",
        {"winmail.dat": b"\x78\x9f\x3e\x22 tnef"},
        subject="Chi bộ Sở Tư pháp gửi phiếu",
    )
    c = build(workspace, today=TODAY)
    [issue] = c.issues[:1]
    assert (issue.code, issue.file, issue.unit) == ("F01", f"{RETURNS}/thu.eml/winmail.dat", "CS02")
    assert "dạng HTML hoặc văn bản thường" in issue.message


def test_eml_whose_subject_says_bo_sung_is_a_supplement(
    workspace: Workspace, tmp_path: Path
) -> None:
    full = return_bytes(tmp_path, "a.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS02")
    write_eml(workspace.returns_dir / "dau.eml", {"CS02.xlsx": full}, sent=datetime(2022, 5, 5))
    extra = return_bytes(tmp_path, "b.xlsx", [form_row(1, "Trần Văn Bình", "Phó Bí thư")])
    write_eml(
        workspace.returns_dir / "thu.eml",
        {"danh sach.xlsx": extra},
        subject="Chi bộ Sở Tư pháp đăng ký bổ sung đại biểu",
        sent=datetime(2022, 5, 12, 9),
    )
    c = build(workspace, today=TODAY)
    assert sorted(d.full_name for d in c.registered) == ["Nguyễn Văn An", "Trần Văn Bình"]
    assert [i.file for i in c.issues if i.code == "F07"] == [f"{RETURNS}/thu.eml/danh sach.xlsx"]
