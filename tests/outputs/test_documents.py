"""Word templates: real MERGEFIELDs matching tron_thu.xlsx, Party layout; merged documents."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Mm
from python_calamine import CalamineWorkbook

from hoithao.cli import main
from hoithao.outputs.documents import (
    DOCUMENTS,
    build_templates,
    missing_templates,
    render_documents,
)
from hoithao.outputs.mailmerge import word_field_name, write_mailmerge
from hoithao.outputs.vocab import (
    DOC_INVITATION_NUMBER,
    DOC_SIGN_ON_BEHALF,
    MERGE_XLSX,
    MERGED_BADGE,
    MERGED_ENVELOPE,
    MERGED_INVITATION,
    TEMPLATE_ENVELOPE,
)
from hoithao.vn.party import PARTY_NAME
from hoithao.workspace import TEMPLATES_DIR, Workspace

from ..conftest import ReturnFactory, form_row
from ..outputs.test_mailmerge import EVIL_NAME, make_consolidation

REPO = Path(__file__).resolve().parents[2]
TEMPLATE_NAMES = ["giay_moi.docx", "the_dai_bieu.docx", "phong_bi.docx"]
SIMPLE_FIELD = re.compile(r'<w:fldSimple [^>]*w:instr="([^"]*)"')
INSTR_TEXT = re.compile(r"<w:instrText[^>]*>([^<]*)</w:instrText>")
MERGEFIELD = re.compile(r"^\s*MERGEFIELD\s+(\"[^\"]+\"|\S+)", re.IGNORECASE)


def merge_fields(path: Path) -> list[str]:
    """Every MERGEFIELD name of the document body, simple and complex fields alike."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    names = []
    for instr in SIMPLE_FIELD.findall(xml) + INSTR_TEXT.findall(xml):
        match = MERGEFIELD.match(instr)
        if match:
            names.append(match.group(1).strip('"'))
    return names


def page_breaks(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    return len(re.findall(r'<w:br [^>]*w:type="page"', xml))


def all_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


@pytest.fixture
def templated(workspace: Workspace) -> Workspace:
    build_templates(workspace.templates_dir)
    return workspace


@pytest.mark.parametrize("folder", ["built", "repository"])
def test_every_mergefield_is_a_column_of_its_sheet(
    folder: str, workspace: Workspace, tmp_path: Path
) -> None:
    if folder == "built":
        templates = tmp_path / "templates"
        assert [p.name for p in build_templates(templates)] == TEMPLATE_NAMES
    else:
        templates = REPO / TEMPLATES_DIR
        if not (templates / TEMPLATE_NAMES[0]).is_file():
            pytest.skip("templates/*.docx not generated in the repository yet")
    xlsx = workspace.root / write_mailmerge(make_consolidation(), workspace)
    book = CalamineWorkbook.from_path(str(xlsx))
    for template, (sheet, _target) in DOCUMENTS.items():
        fields = merge_fields(templates / Path(template).name)
        assert fields, template
        columns = {word_field_name(h) for h in book.get_sheet_by_name(sheet).to_python()[0]}
        assert set(fields) <= columns, (template, set(fields) - columns)


def test_invitation_is_laid_out_as_a_party_document(tmp_path: Path) -> None:
    path = build_templates(tmp_path)[0]
    doc = Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt in (13, 14)
    heading_left, heading_right = (c.text for c in doc.tables[0].rows[0].cells)
    assert heading_left.splitlines() == [
        "ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN",
        "*",
        DOC_INVITATION_NUMBER,
    ]
    assert heading_right.splitlines()[0] == PARTY_NAME
    assert "«Địa_danh_ngày_tháng»" in heading_right
    text = all_text(path)
    assert "GIẤY MỜI" in text
    assert "Kính gửi: «Xưng_hô» «Họ_và_tên»" in text
    assert "Nơi nhận:" in text
    assert DOC_SIGN_ON_BEHALF in text
    # the signature block (right) comes after the body, with the signer's name last
    assert text.rstrip().endswith("«Người_ký»")


def test_badge_and_envelope_page_sizes(tmp_path: Path) -> None:
    _invitation, badge, envelope = build_templates(tmp_path)

    def size(path: Path) -> tuple[int, int]:
        section = Document(str(path)).sections[0]
        return round(section.page_width.mm), round(section.page_height.mm)

    assert size(badge) == (148, 105)
    assert size(envelope) == (220, 110)
    assert Document(str(envelope)).sections[0].left_margin >= Mm(10)


def test_merge_renders_one_page_per_record(templated: Workspace) -> None:
    c = make_consolidation()
    written = render_documents(templated, c)
    assert written == [MERGED_INVITATION, MERGED_BADGE, MERGED_ENVELOPE]
    names = ["Trần Văn Hùng", "Nguyễn Văn An", EVIL_NAME, "Lê Thị Ánh"]
    for relative in written:
        path = templated.root / relative
        text = all_text(path)
        assert "«" not in text
        assert "MERGEFIELD" not in path.read_bytes().decode("latin-1")
        if relative == MERGED_ENVELOPE:
            assert page_breaks(path) == 1  # CS01 (with BP01), then the invitee by name
            assert "Kính gửi: Đảng bộ Sở Y tế" in text
            assert "Kính gửi: Đồng chí Trần Văn Hùng" in text
            continue
        assert page_breaks(path) == len(names) - 1
        positions = [text.index(name) for name in names]
        assert positions == sorted(positions), relative
    invitation = all_text(templated.root / MERGED_INVITATION)
    assert "Kính gửi: Đồng chí Nguyễn Văn An" in invitation
    assert "Thời gian: 7 giờ 30 phút, thứ Năm, ngày 19 tháng 5 năm 2022." in invitation
    assert "Bình Định, ngày    tháng    năm 2022" in invitation
    assert invitation.count("GIẤY MỜI") == len(names)


def test_merge_never_touches_templates(templated: Workspace) -> None:
    before = {p.name: p.read_bytes() for p in templated.templates_dir.iterdir()}
    render_documents(templated, make_consolidation())
    assert {p.name: p.read_bytes() for p in templated.templates_dir.iterdir()} == before


def test_missing_template_falls_back_to_the_built_in_one(workspace: Workspace) -> None:
    """As `forms` does with the form template: the built-in template, and a note."""
    build_templates(workspace.templates_dir)
    (workspace.templates_dir / "phong_bi.docx").unlink()
    assert missing_templates(workspace) == [TEMPLATE_ENVELOPE]
    result = CliRunner().invoke(main, ["--root", str(workspace.root), "merge"])
    assert result.exit_code == 0, result.output
    assert (
        "Lưu ý: Không có mẫu Word templates/phong_bi.docx: đã dùng mẫu mặc định. Muốn chỉnh "
        'mẫu, chạy "hoithao init" ở một thư mục mới rồi chép thư mục templates/ sang.\n'
    ) in result.stdout
    assert (workspace.root / MERGED_ENVELOPE).is_file()
    assert (workspace.root / MERGED_INVITATION).is_file()
    assert missing_templates(workspace) == [TEMPLATE_ENVELOPE]


def test_broken_template_is_a_clear_error(templated: Workspace) -> None:
    (templated.templates_dir / "giay_moi.docx").write_bytes(b"not a docx")
    from hoithao.errors import WorkspaceError

    with pytest.raises(WorkspaceError, match=r"Không đọc được mẫu templates/giay_moi\.docx"):
        render_documents(templated, make_consolidation())


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_merged_documents(templated: Workspace, tmp_path: Path) -> None:
    written = render_documents(templated, make_consolidation())
    out = tmp_path / "pdf"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(templated.root / w) for w in written),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for relative in written:
        pdf = (out / Path(relative).with_suffix(".pdf").name).read_bytes()
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        # four invitations and badges; two envelopes (CS01, the invitee)
        assert pages == (2 if relative == MERGED_ENVELOPE else 4), relative


def test_build_templates_keeps_restyled_ones(tmp_path: Path) -> None:
    build_templates(tmp_path)
    restyled = tmp_path / "giay_moi.docx"
    mtime = restyled.stat().st_mtime_ns
    (tmp_path / "phong_bi.docx").unlink()
    assert build_templates(tmp_path, overwrite=False) == [tmp_path / "phong_bi.docx"]
    assert restyled.stat().st_mtime_ns == mtime


def test_cli_tron_thu_and_merge(workspace: Workspace, make_return: ReturnFactory) -> None:
    make_return("CS01.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS01")
    build_templates(workspace.templates_dir)
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(workspace.root), "tron-thu"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Đã tạo bảng trộn thư: {MERGE_XLSX}\n"
    result = runner.invoke(main, ["--root", str(workspace.root), "merge"])
    assert result.exit_code == 0, result.output
    merged = [MERGED_INVITATION, MERGED_BADGE, MERGED_ENVELOPE]
    assert result.output == "Đã tạo: " + ", ".join(merged) + "\n"
    text = all_text(workspace.root / MERGED_INVITATION)
    # named invitees first (master order), then the registered delegate
    names = ["Trần Văn Hùng", "Lê Thị Thu Hằng", "Nguyễn Văn An"]
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    assert page_breaks(workspace.root / MERGED_INVITATION) == len(names) - 1
