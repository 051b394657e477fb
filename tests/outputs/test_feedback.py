"""Per-unit feedback workbooks: the fast path writes exactly what xlsxwriter writes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from hoithao.outputs import feedback
from hoithao.outputs.feedback import FeedbackFile, write_feedback_files
from hoithao.workspace import FEEDBACK_OUT_DIR, Workspace
from hoithao.xlsx import fill as xlsx_fill

from ..conftest import TODAY

MESSAGE = "Số điện thoại “12345” không hợp lệ."
ROW = ("CS02 - Phiếu đăng ký.xlsx", 7, "Điện thoại", "12345", "Cảnh báo", MESSAGE)


def unit_file(rows: tuple[tuple[object, ...], ...], **fields: str) -> FeedbackFile:
    values = {
        "code": "CS02",
        "unit_name": "Chi bộ Sở Tư pháp",
        "unit_email": "chibo.stp@binhdinh.gov.vn",
        "event_title": "Hội thảo nâng cao chất lượng sinh hoạt chi bộ",
    } | fields
    return FeedbackFile(rows=rows, errors=0, **values)  # type: ignore[arg-type]


def parts(data: bytes | Path) -> dict[str, bytes]:
    with zipfile.ZipFile(data if isinstance(data, Path) else __import__("io").BytesIO(data)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def reference(item: FeedbackFile, folder: Path) -> dict[str, bytes]:
    target = folder / "reference.xlsx"
    feedback._write_with_xlsxwriter(item, target, item.digest())
    return parts(target)


def fast(item: FeedbackFile) -> bytes | None:
    skeleton = feedback._skeleton()
    assert skeleton is not None, "the skeleton must match this xlsxwriter's output"
    return skeleton.fill(item, item.digest())


def test_fast_workbook_is_xlsxwriters_part_for_part(tmp_path: Path) -> None:
    rows = (ROW, ("", None, "Họ và tên", "", "Lỗi", "Dòng không có họ tên."), ROW)
    item = unit_file(rows)
    data = fast(item)
    assert data is not None
    assert list(parts(data)) == list(reference(item, tmp_path))
    assert parts(data) == reference(item, tmp_path)


def test_fast_workbook_reads_back(tmp_path: Path) -> None:
    target = tmp_path / "CS02.xlsx"
    write_feedback_files([unit_file((ROW,) * 20)], tmp_path)
    assert target.exists()
    sheet = openpyxl.load_workbook(target).active
    assert sheet.title == "Phản hồi"
    assert sheet["A1"].value == "PHẢN HỒI PHIẾU ĐĂNG KÝ — CHI BỘ SỞ TƯ PHÁP"
    assert [c.value for c in sheet[25]] == list(ROW)
    assert sheet.auto_filter.ref == "A5:F25"
    assert sheet.freeze_panes == "A6"
    assert sheet.page_setup.orientation == "landscape"
    assert set(map(str, sheet.merged_cells.ranges)) == {"A1:F1", "A2:F2", "A3:F3"}
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert rows[5] == [ROW[0], 7, *ROW[2:]]


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
cell = st.one_of(
    st.none(), text, st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False)
)

row = st.tuples(text, cell, text, cell, text, text)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(row, min_size=1, max_size=40), name=text, title=text.filter(bool))
def test_any_feedback_is_written_as_xlsxwriter_writes_it(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[object, ...]],
    name: str,
    title: str,
) -> None:
    """Control characters, _x0041_-like text, spaces at the ends, markup, numbers, blanks, texts
    equal to a header: the fast path writes the same parts, or declines and xlsxwriter writes."""
    item = unit_file(tuple(rows), unit_name=name, event_title=title)
    data = fast(item)
    folder = tmp_path_factory.mktemp("fb")
    if data is not None:
        assert parts(data) == reference(item, folder)
    write_feedback_files([item], folder)
    written = CalamineWorkbook.from_path(str(folder / item.name)).get_sheet_by_index(0)
    assert written.height >= 5


def test_rich_looking_text_goes_to_xlsxwriter(tmp_path: Path) -> None:
    item = unit_file((("<r>x</r>", 1, "a", "b", "c", "d"),))
    assert fast(item) is None
    write_feedback_files([item], tmp_path)
    sheet = CalamineWorkbook.from_path(str(tmp_path / "CS02.xlsx")).get_sheet_by_index(0)
    assert sheet.to_python()[5][0] == "<r>x</r>"


def test_without_a_skeleton_xlsxwriter_writes_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_temp_folder(*args: object, **kwargs: object) -> None:
        raise PermissionError("no temp folder")

    feedback._skeleton.cache_clear()
    monkeypatch.setattr(xlsx_fill.tempfile, "TemporaryDirectory", no_temp_folder)
    try:
        assert feedback._skeleton() is None
        item = unit_file((ROW,))
        write_feedback_files([item], tmp_path)
        assert parts(tmp_path / item.name) == reference(item, tmp_path)
    finally:
        feedback._skeleton.cache_clear()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("CS02 danh sach.pdf", b"%PDF-1.4\n", "tệp PDF"),
        ("Chi bo So Tu phap.jpg", b"\xff\xd8\xff\xe0", "tệp ảnh chụp"),
        ("CS02.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word đời cũ (.doc)"),
        ("CS02 phieu.rar", b"Rar!\x1a\x07\x00", "tệp nén .rar"),
        ("CS02 thu.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "thư Outlook (.msg)"),
        ("CS02.odt", b"PK\x03\x04", "lưu lại dạng Word (.docx)"),
    ],
)
def test_unreadable_shape_reaches_the_units_feedback(
    workspace: Workspace, name: str, content: bytes, says: str
) -> None:
    from hoithao.run import run

    (workspace.returns_dir / name).write_bytes(content)
    run(workspace, today=TODAY)
    sheet = CalamineWorkbook.from_path(
        str(workspace.root / FEEDBACK_OUT_DIR / "CS02.xlsx")
    ).get_sheet_by_index(0)
    [line] = [row for row in sheet.to_python() if row and str(row[0]).endswith(name)]
    assert says in line[-1]
    assert "Excel" in line[-1]
    assert line[-2] == "Lỗi"


# --- feedback goes to the unit that sent the file (DESIGN §9) ----------------------------------
def test_every_issue_of_a_file_goes_to_its_sender(workspace, make_return) -> None:
    from hoithao.engine.consolidate import build

    from ..conftest import TODAY, form_row

    sub_unit = "Chi bộ Văn phòng Sở Y tế"  # TT01, a sub-unit of CS01 (no e-mail of its own)
    make_return(
        "CS01_dang_ky.xlsx",
        [
            form_row(1, "Nguyễn Văn An"),
            form_row(2, "Trần Văn Bình", unit=sub_unit, phone="12"),
            form_row(3, "Lê Thị Cúc", "Phó Bí thư", unit=sub_unit),
        ],
        unit_code="CS01",
    )
    c = build(workspace, today=TODAY)
    assert {i.unit for i in c.issues if i.file.endswith("CS01_dang_ky.xlsx")} >= {"TT01"}
    files = {f.code: f for f in feedback.plan_feedback(c)}
    assert list(files) == ["CS01"]
    assert {row[1] for row in files["CS01"].rows} == {3, 4}  # W03 and W02, rows of TT01


def test_a_damaged_file_reaches_its_unit_and_its_reminder_says_so(workspace, returns_dir) -> None:
    from hoithao.engine.consolidate import build
    from hoithao.outputs.mailmerge import registration_reminder_table

    from ..conftest import TODAY

    (returns_dir / "CS03 - Phieu dang ky.xlsx").write_bytes(b"PK\x03\x04 cut short")
    c = build(workspace, today=TODAY)
    [item] = feedback.plan_feedback(c)
    assert item.code == "CS03"
    assert "gửi lại phiếu (tệp hỏng / không đọc được)" in item.rows[0][5]
    reminders = {row[0]: row[5] for row in registration_reminder_table(c).rows}
    assert (
        "đã nhận tệp “CS03 - Phieu dang ky.xlsx” (tệp hỏng / không đọc được)" in reminders["CS03"]
    )
    assert "gửi lại" in reminders["CS03"]
    assert "chưa nhận được phiếu" in reminders["CS04"]
    assert "chưa nhận được phiếu" not in reminders["CS03"]


def test_no_resend_request_once_a_usable_return_came(workspace, returns_dir, make_return) -> None:
    from hoithao.engine.consolidate import build

    from ..conftest import TODAY, form_row

    (returns_dir / "CS03 - Phieu dang ky.xlsx").write_bytes(b"PK\x03\x04 cut short")
    make_return("CS03 - gui lai.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS03")
    c = build(workspace, today=TODAY)
    assert [i.unit for i in c.issues if i.code == "F01"] == ["CS03"]  # staff still see it
    assert "CS03" not in {f.code for f in feedback.plan_feedback(c)}


def test_a_rerun_trusts_what_it_wrote_only_while_the_file_is_as_it_left_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = workspace.root / FEEDBACK_OUT_DIR
    folder.mkdir(parents=True)
    files = [unit_file((ROW,)), unit_file((ROW, ROW), code="CS03", unit_name="Chi bộ Sở Y tế")]
    write_feedback_files(files, folder)
    feedback._remember_written(files, folder, workspace)
    written = feedback.feedback_written(workspace)
    assert set(written) == {"CS02.xlsx", "CS03.xlsx"}

    opened: list[str] = []
    monkeypatch.setattr(feedback, "_unchanged", lambda path, digest: opened.append(path.name))
    write_feedback_files(files, folder, written)
    assert opened == []  # both as the last run left them: neither file opened

    (folder / "CS03.xlsx").write_bytes((folder / "CS03.xlsx").read_bytes() + b"\0")  # edited
    write_feedback_files(files, folder, written)
    assert opened == ["CS03.xlsx"]  # looked at again, and rewritten (its check returned None)
    assert parts(folder / "CS03.xlsx") == parts(fast(files[1]) or b"")


def test_a_damaged_record_of_what_was_written_is_ignored(workspace: Workspace) -> None:
    manifest = feedback._manifest(workspace)
    manifest.parent.mkdir(parents=True)
    for damaged in (b"{not json", b"[1, 2]", b'{"CS02.xlsx": 5}', b'{"CS02.xlsx": ["a", "b", 1]}'):
        manifest.write_bytes(damaged)
        assert feedback.feedback_written(workspace) == {}
