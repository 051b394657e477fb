"""The compiled volume of papers: cover, contents with a TOC field, papers in speaking order."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from hoithao.cli import main
from hoithao.engine.consolidate import build
from hoithao.master.vocab import PAPER_FORM_PRESENT, PAPER_FORM_SEND
from hoithao.outputs.compendium import write_ky_yeu
from hoithao.outputs.vocab import KY_YEU_CONTENTS, KY_YEU_COVER, KY_YEU_DOCX, KY_YEU_NOT_INCLUDED
from hoithao.workspace import Workspace

from ..conftest import TODAY, build_master, form_row
from .test_compendium import paper_sheet

PAPERS = [
    ("CS02", "Sinh hoạt chi bộ ở cơ quan nhỏ", PAPER_FORM_SEND, None, None),
    ("CS03", "Thu ngân sách", PAPER_FORM_PRESENT, 2, None),
    ("CS01", "Kinh nghiệm sinh hoạt chuyên đề", PAPER_FORM_PRESENT, 1, None),
    ("CS04", "Đổi mới nội dung sinh hoạt", PAPER_FORM_SEND, None, None),
]


def paper(path: Path, text: str, *, numbered: bool = False) -> Path:
    """A paper as an author writes it: its own style, a numbered list, saved on 10/5."""
    document = Document()
    quote = document.styles.add_style("Trích dẫn riêng", WD_STYLE_TYPE.PARAGRAPH)
    quote.font.italic = True
    document.add_paragraph(text)
    document.add_paragraph("Lời dẫn của tác giả.", style="Trích dẫn riêng")
    if numbered:
        for item in ("Thứ nhất, chuẩn bị kỹ.", "Thứ hai, chọn chuyên đề sát thực tế."):
            document.add_paragraph(item, style="List Number")
    document.core_properties.modified = datetime(2022, 5, 10)
    document.save(str(path))
    return path


@pytest.fixture
def volume(workspace: Workspace, make_return):  # type: ignore[no-untyped-def]
    build_master(workspace.master, papers=PAPERS)
    paper(workspace.papers_dir / "CS01_tham_luan.docx", "Nội dung bài của Sở Y tế.", numbered=True)
    paper(workspace.papers_dir / "CS02 Chi bo So Tu phap.docx", "Nội dung bài của Sở Tư pháp.")
    (workspace.papers_dir / "CS03_tham_luan.pdf").write_bytes(b"%PDF-1.4\n%%EOF")
    path = make_return("CS01.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS01")
    paper_sheet(
        path,
        {
            "Tên bài": "Nâng cao chất lượng sinh hoạt chuyên đề",
            "Người trình bày": "Nguyễn Văn An",
            "Chức vụ": "Bí thư Đảng ủy",
        },
    )
    result = write_ky_yeu(build(workspace, today=TODAY), workspace)
    return result, Document(str(workspace.path(result.path)))


def texts(document) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in document.paragraphs]


def test_papers_in_speaking_order_each_on_a_new_page(volume) -> None:  # type: ignore[no-untyped-def]
    result, document = volume
    assert result.path == KY_YEU_DOCX
    assert [p.unit.code for p in result.included] == ["CS01", "CS02"]
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h.text for h in headings] == [
        "Nâng cao chất lượng sinh hoạt chuyên đề",
        "(chưa ghi tên bài; định hướng: Sinh hoạt chi bộ ở cơ quan nhỏ)",
    ]
    assert all(h.paragraph_format.page_break_before for h in headings)
    lines = texts(document)
    at = [p._p for p in document.paragraphs]
    first, second = at.index(headings[0]._p), at.index(headings[1]._p)
    assert lines[first + 1] == "Nguyễn Văn An, Bí thư Đảng ủy\nĐảng bộ Sở Y tế"
    assert lines[first + 2] == "Nội dung bài của Sở Y tế."
    assert lines.index("Nội dung bài của Sở Tư pháp.") > second


def test_each_papers_styles_and_numbering_kept(volume) -> None:  # type: ignore[no-untyped-def]
    _result, document = volume
    assert "Trích dẫn riêng" in [s.name for s in document.styles]
    quoted = [p for p in document.paragraphs if p.text == "Lời dẫn của tác giả."]
    assert [p.style.name for p in quoted] == ["Trích dẫn riêng", "Trích dẫn riêng"]
    items = [p for p in document.paragraphs if p.text.startswith("Thứ")]
    assert [p.style.name for p in items] == ["List Number", "List Number"]
    numbering = document.part.numbering_part.element
    assert numbering.findall(qn("w:num"))


def test_cover_and_contents_with_a_toc_field(volume) -> None:  # type: ignore[no-untyped-def]
    _result, document = volume
    lines = texts(document)
    assert KY_YEU_COVER in lines
    contents = lines.index(KY_YEU_CONTENTS)
    assert lines.index(KY_YEU_COVER) < contents
    # before Word updates the field it shows the titles, in speaking order
    assert lines[contents + 1 : contents + 3] == [
        "Nâng cao chất lượng sinh hoạt chuyên đề",
        "(chưa ghi tên bài; định hướng: Sinh hoạt chi bộ ở cơ quan nhỏ)",
    ]
    body = document.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert instructions == [' TOC \\o "1-1" \\h \\z \\u ']
    kinds = [c.get(qn("w:fldCharType")) for c in body.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None
    assert update.get(qn("w:val")) == "true"


def test_pdf_and_missing_papers_listed_on_the_contents_page(volume) -> None:  # type: ignore[no-untyped-def]
    result, document = volume
    assert {(p.unit.code, reason.split(" (")[0]) for p, reason in result.left_out} == {
        ("CS03", "bài gửi dạng PDF"),
        ("CS04", "chưa nhận được bài"),
    }
    lines = texts(document)
    listed = lines[lines.index(KY_YEU_NOT_INCLUDED + ":") + 1 :][:2]
    assert listed[0].startswith("(chưa ghi tên bài; định hướng: Thu ngân sách) — Đảng bộ Cục Thuế")
    assert "PDF (CS03_tham_luan.pdf)" in listed[0]
    assert listed[1].endswith("Chi bộ Ban Dân tộc: chưa nhận được bài")
    assert lines.index(listed[1]) < lines.index("Nội dung bài của Sở Y tế.")


def test_broken_word_paper_is_left_out(workspace: Workspace) -> None:
    build_master(workspace.master, papers=PAPERS)
    (workspace.papers_dir / "CS01.docx").write_bytes(b"PK\x03\x04 hong")
    result = write_ky_yeu(build(workspace, today=TODAY), workspace)
    [reason] = [r for p, r in result.left_out if p.unit.code == "CS01"]
    assert reason.startswith("tệp Word không đọc được (CS01.docx)")
    assert not result.included


def test_cli(workspace: Workspace) -> None:
    build_master(workspace.master, papers=PAPERS)
    paper(workspace.papers_dir / "CS01_tham_luan.docx", "Bài.")
    outcome = CliRunner().invoke(main, ["--root", str(workspace.root), "ky-yeu"])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.splitlines()[0] == (
        f"Đã tổng hợp 1 bài tham luận vào kỷ yếu: {KY_YEU_DOCX}"
    )
    assert "Chưa đưa vào kỷ yếu 3 bài:" in outcome.output
    assert (workspace.root / KY_YEU_DOCX).is_file()


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có")
def test_libreoffice_opens_the_volume(tmp_path: Path, workspace: Workspace, volume) -> None:  # type: ignore[no-untyped-def]
    profile = (tmp_path / "lo_profile").as_uri()
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path),
            str(workspace.path(KY_YEU_DOCX)),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = (tmp_path / "ky_yeu_tham_luan.txt").read_text(encoding="utf-8-sig")
    assert "Nội dung bài của Sở Y tế." in text
    assert "Nâng cao chất lượng sinh hoạt chuyên đề" in text
