"""The check-in append changes only what it adds, every other byte as it was (x14 validations,
formulas with cached values, comments, a picture; a workbook saved by LibreOffice)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from PIL import Image as PILImage
from python_calamine import CalamineWorkbook

from hoithao.checkin.append import append_checkin, prepare_append
from hoithao.checkin.attendance import compute_attendance
from hoithao.checkin.rows import WIDTHS, checkin_rows
from hoithao.checkin.vocab import (
    CHECKIN_COLUMNS,
    CHECKIN_MAP_SHEET,
    CHECKIN_SHEET,
    CHECKIN_WITHDRAWN,
)
from hoithao.checkin.workbook import checkin_plan, draft_checkin, update_checkin
from hoithao.engine.consolidate import build
from hoithao.workspace import Workspace
from hoithao.xlsx.printing import row_points, text_lines

from ..conftest import TODAY, ReturnFactory, form_row

SHEET_PART = "xl/worksheets/sheet1.xml"  # Điểm danh, the first sheet of every check-in book
MAP_PART = "xl/worksheets/sheet3.xml"
X14_EXT = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>'Danh mục'!$A$1:$A$3</xm:f></x14:formula1>"
    "<xm:sqref>H2:H{last}</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def grid(path: Path, sheet: str = CHECKIN_SHEET) -> list[list[object]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        book.close()


def rewrite_part(path: Path, part: str, edit: object) -> None:
    """Change one part of a zip in place, the way Excel would have written it."""
    members = parts(path)
    members[part] = edit(members[part].decode()).encode()  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def png() -> io.BytesIO:
    data = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(data, "PNG")
    data.seek(0)
    return data


@pytest.fixture
def first_run(workspace: Workspace, make_return: ReturnFactory) -> Workspace:
    make_return(
        "CS01.xlsx",
        [form_row(1, "Nguyễn Văn An"), form_row(2, "Lê Thị Bình", "Phó Bí thư")],
        unit_code="CS01",
    )
    make_return("CS02.xlsx", [form_row(1, "Phạm Minh Châu")], unit_code="CS02")
    update_checkin(build(workspace, today=TODAY), workspace)
    return workspace


def excel_style_edits(path: Path) -> int:
    """What staff do in Excel: a comment, a picture, a list sheet, and parts openpyxl cannot
    write — formulas with their cached values, an x14 dropdown fed from another sheet.
    Returns the last row of the list."""
    book = openpyxl.load_workbook(path)
    sheet = book[CHECKIN_SHEET]
    sheet["B2"].comment = Comment("Ngồi hàng đầu", "Văn phòng")
    sheet.add_image(Image(png()), "L2")
    lists = book.create_sheet("Danh mục")
    for value in ("Ốm", "Đi công tác", "Bận việc gia đình"):
        lists.append([value])
    sheet["F2"] = '="x"'  # Có mặt
    sheet["G3"] = '=IF(TRUE,"x","")'  # Vắng có lý do
    sheet["H3"] = "=Danh mục!A2"  # Lý do from the list
    last = sheet.max_row
    book.save(path)
    cached = {"F2": "x", "G3": "x", "H3": "Đi công tác"}

    def add_values(xml: str) -> str:
        for ref, value in cached.items():
            # openpyxl writes a formula with an empty <v/> (or <v></v>); Excel keeps the value
            xml = re.sub(
                rf'<c r="{ref}"([^>]*)><f>([^<]*)</f><v\s*(?:/>|></v>)',
                rf'<c r="{ref}"\1 t="str"><f>\2</f><v>{value}</v>',
                xml,
            )
            assert f"<v>{value}</v>" in xml, ref
        return xml.replace("</worksheet>", X14_EXT.replace("{last}", str(last)) + "</worksheet>")

    rewrite_part(path, SHEET_PART, add_values)
    return last


def test_append_keeps_every_other_part_byte_for_byte(
    first_run: Workspace, make_return: ReturnFactory
) -> None:
    ws = first_run
    last = excel_style_edits(ws.checkin)
    before = parts(ws.checkin)
    assert any(name.startswith("xl/media/") for name in before)
    assert any("comments" in name for name in before)
    old_rows = grid(ws.checkin)
    figures = compute_attendance(ws).total
    assert (figures.present, figures.excused) == (1, 1)

    make_return(
        "CS04.xlsx",
        [form_row(1, "Trương Văn Phúc"), form_row(2, "Đỗ Thị Giang", "Phó Bí thư", "0905111222")],
        unit_code="CS04",
    )
    c = build(ws, today=TODAY)
    update_checkin(c, ws)

    after = parts(ws.checkin)
    assert list(after) == list(before)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {SHEET_PART, MAP_PART, "xl/workbook.xml"}
    sheet_xml = after[SHEET_PART].decode()
    new_last = last + 2
    assert f"<xm:sqref>H2:H{new_last}</xm:sqref>" in sheet_xml
    assert '<f>"x"</f><v>x</v>' in sheet_xml
    assert f'<dimension ref="A1:J{new_last}"/>' in sheet_xml
    assert f"$A$1:$J${new_last}<" in after["xl/workbook.xml"].decode()  # _FilterDatabase

    rows = grid(ws.checkin)
    assert [r[:9] for r in rows[: len(old_rows)]] == [r[:9] for r in old_rows]  # staff marks
    added = {d.id: d for d in c.delegates if d.unit_code == "CS04"}
    assert [r[0] for r in rows[last:]] == list(added)
    assert {r[1] for r in rows[last:]} == {"Trương Văn Phúc", "Đỗ Thị Giang"}
    assert all(r[5:9] == ["", "", "", ""] for r in rows[last:])
    figures = compute_attendance(ws).total
    assert (figures.present, figures.excused, figures.absent) == (1, 1, len(rows) - 3)

    styles = dict(re.findall(r'<c r="B(\d+)" s="(\d+)"', sheet_xml))
    assert styles[str(new_last)] == styles["3"]  # the staff sheet's own style, not a new one
    mapped = grid(ws.checkin, CHECKIN_MAP_SHEET)
    assert [r[0] for r in mapped[-2:]] == list(added)


def test_rerun_with_nothing_new_and_withdrawal_keep_marks(
    first_run: Workspace, make_return: ReturnFactory
) -> None:
    ws = first_run
    excel_style_edits(ws.checkin)
    (ws.returns_dir / "CS02.xlsx").unlink()
    update_checkin(build(ws, today=TODAY), ws)
    rows = grid(ws.checkin)
    status = rows[0].index(CHECKIN_COLUMNS["status"])
    withdrawn = [r for r in rows[1:] if r[status]]
    assert [r[status] for r in withdrawn] == ["Đã rút khỏi danh sách ngày 15/05/2022"]
    assert rows[1][5] == "x"
    assert rows[2][6:8] == ["x", "Đi công tác"]
    bytes_now = ws.checkin.read_bytes()
    update_checkin(build(ws, today=TODAY), ws)
    assert ws.checkin.read_bytes() == bytes_now


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có")
def test_append_to_a_workbook_saved_by_libreoffice(
    first_run: Workspace, make_return: ReturnFactory, tmp_path: Path
) -> None:
    ws = first_run
    book = openpyxl.load_workbook(ws.checkin)
    sheet = book[CHECKIN_SHEET]
    sheet["F2"] = '="x"'
    sheet["G3"] = "có"
    sheet["H3"] = '=IF(G3="có","Ốm","")'
    book.save(ws.checkin)
    outdir = tmp_path / "lo"
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            str(ws.checkin),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shutil.copyfile(outdir / ws.checkin.name, ws.checkin)
    before = parts(ws.checkin)
    assert compute_attendance(ws).total.present == 1
    make_return("CS04.xlsx", [form_row(1, "Trương Văn Phúc")], unit_code="CS04")
    c = build(ws, today=TODAY)
    update_checkin(c, ws)
    after = parts(ws.checkin)
    assert list(after) == list(before)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {SHEET_PART, MAP_PART, "xl/workbook.xml"}
    assert SHEET_PART in changed
    figures = compute_attendance(ws)
    assert (figures.total.present, figures.total.excused) == (1, 1)
    assert figures.people[1].reason == "Ốm"
    rows = grid(ws.checkin)
    assert rows[-1][:2] == [
        next(d.id for d in c.delegates if d.unit_code == "CS04"),
        "Trương Văn Phúc",
    ]
    # LibreOffice itself still opens what we wrote
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(tmp_path / "csv"),
            str(ws.checkin),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert "Trương Văn Phúc" in (tmp_path / "csv" / "diem_danh.csv").read_text(encoding="utf-8")


# --- issue 18: what an append reads is read ahead, while the run is consolidated ------------------
def test_an_append_read_ahead_writes_the_same_bytes(
    first_run: Workspace, make_return: ReturnFactory, tmp_path: Path
) -> None:
    ws = first_run
    prep = prepare_append(ws.checkin)
    assert prep is not None
    assert set(prep.styles) == {CHECKIN_SHEET, CHECKIN_MAP_SHEET}
    make_return("CS04.xlsx", [form_row(1, "Trương Văn Phúc")], unit_code="CS04")
    (ws.returns_dir / "CS02.xlsx").unlink()  # and a withdrawn mark
    c = build(ws, today=TODAY)
    rows = checkin_rows(c.delegates, c.master)
    ahead, usual = tmp_path / "ahead.xlsx", tmp_path / "usual.xlsx"
    assert append_checkin(ws.checkin, rows, ws, withdrawn_on="01/06", draft=ahead, prep=prep)
    assert append_checkin(ws.checkin, rows, ws, withdrawn_on="01/06", draft=usual)
    assert ahead.read_bytes() == usual.read_bytes()
    assert "Trương Văn Phúc" in {r[1] for r in grid(ahead)}


def test_nothing_is_read_ahead_of_a_workbook_with_formulas(first_run: Workspace) -> None:
    """calamine reads a formula's cached value, the package its text: the append reads it all."""
    excel_style_edits(first_run.checkin)
    assert prepare_append(first_run.checkin) is None
    assert prepare_append(first_run.root / "khong_co.xlsx") is None


def test_what_was_read_ahead_of_an_older_workbook_is_not_used(
    first_run: Workspace, make_return: ReturnFactory
) -> None:
    """Staff saved the workbook (or a run appended) after it was read ahead: the draft reads it
    again, and appends nobody twice."""
    ws = first_run
    stale = prepare_append(ws.checkin)
    make_return("CS04.xlsx", [form_row(1, "Trương Văn Phúc")], unit_code="CS04")
    c = build(ws, today=TODAY)
    update_checkin(c, ws)  # appended already
    assert draft_checkin(checkin_plan(c, stale), ws) is None  # nothing more to append
    assert [r[1] for r in grid(ws.checkin)].count("Trương Văn Phúc") == 1


def test_rows_added_get_the_height_their_wrapped_text_needs(
    first_run: Workspace, make_return: ReturnFactory
) -> None:
    """LibreOffice does not fit a row to wrapped text: printed, the added rows overlapped."""
    ws = first_run
    before = parts(ws.checkin)[SHEET_PART].decode()
    make_return(
        "CS04.xlsx",
        [
            form_row(1, "Trương Văn Phúc"),
            form_row(2, "Tôn Nữ Thị Hoàng Yến Nhi Phương Thảo", "Phó Bí thư Đảng ủy"),
        ],
        unit_code="CS04",
    )
    update_checkin(build(ws, today=TODAY), ws)
    after = parts(ws.checkin)[SHEET_PART].decode()
    added = re.findall(r'<row r="(\d+)"([^>]*)>', after)[-2:]
    heights = [float(re.search(r'ht="([\d.]+)"', attrs).group(1)) for _, attrs in added]
    assert all('customHeight="1"' in attrs for _, attrs in added)
    assert heights[1] > heights[0]  # the long name wraps onto more lines
    rows_before = re.findall(r'<row r="\d+".*?</row>', before)
    assert re.findall(r'<row r="\d+".*?</row>', after)[: len(rows_before)] == rows_before


def test_a_withdrawn_mark_gets_the_lines_it_needs(first_run: Workspace) -> None:
    """ "Đã rút khỏi danh sách ngày …" takes three lines of the status column: printed, a row of
    two overlapped the next one."""
    ws = first_run
    (ws.returns_dir / "CS02.xlsx").unlink()
    update_checkin(build(ws, today=TODAY), ws)
    xml = parts(ws.checkin)[SHEET_PART].decode()
    rows = dict(re.findall(r'<row r="(\d+)"([^>]*)>', xml))
    marked = [r for r, text in enumerate(grid(ws.checkin), start=1) if "Đã rút" in str(text[-1])]
    assert marked
    needed = row_points(text_lines(CHECKIN_WITHDRAWN.format(date="15/05/2022"), WIDTHS["status"]))
    for r in marked:
        assert float(re.search(r'ht="([\d.]+)"', rows[str(r)]).group(1)) >= needed
