"""Badges: the QR code printed on each badge reads back as that delegate's Mã ĐB."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from hoithao.cli import main
from hoithao.outputs.badges import qr_png, write_badges
from hoithao.outputs.vocab import BADGES_DOCX
from hoithao.workspace import Workspace

from ..checkin.test_attendance import consolidation, make_workspace
from ..conftest import ReturnFactory, form_row


def badge_images(path: Path) -> list[bytes]:
    """The pictures of the document in reading order (one QR code per badge)."""
    document = Document(str(path))
    blips = document.element.body.xpath(".//a:blip/@r:embed")
    return [document.part.related_parts[rid].blob for rid in blips]


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


def test_each_code_decodes_once(ws: Workspace) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    image = pytest.importorskip("PIL.Image")
    c = consolidation(ws)
    assert write_badges(c, ws) == BADGES_DOCX
    decoded = []
    for blob in badge_images(ws.root / BADGES_DOCX):
        results = zxingcpp.read_barcodes(image.open(io.BytesIO(blob)).convert("L"))
        decoded.extend(r.text for r in results)
    assert Counter(decoded) == Counter(d.id for d in c.delegates)


def test_badges_show_who_and_never_contacts(ws: Workspace) -> None:
    c = consolidation(ws)
    c.delegates[2].phone, c.delegates[2].email = "0912345678", "an@example.vn"
    write_badges(c, ws)
    path = ws.root / BADGES_DOCX
    assert badge_images(path) == [qr_png(d.id) for d in c.delegates]
    document = Document(str(path))
    text = "\n".join(
        [p.text for cell in document.tables[0]._cells for p in cell.paragraphs]
        + [
            p.text
            for cell in document.tables[0]._cells
            for t in cell.tables
            for c2 in t._cells
            for p in c2.paragraphs
        ]
    )
    for d in c.delegates:
        assert d.full_name in text
        assert d.unit_name in text
    assert "Bí thư hoặc phó bí thư chi, đảng bộ cơ sở".upper() in text
    xml = document.element.xml
    assert "0912345678" not in xml
    assert "an@example.vn" not in xml
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert len(document.tables[0].rows) == -(-len(c.delegates) // 2)


def test_cli_the_makes_badges_from_the_returns(
    workspace: Workspace, make_return: ReturnFactory
) -> None:
    make_return("CS01.xlsx", [form_row(1, "Nguyễn Văn An")], unit_code="CS01")
    result = CliRunner().invoke(main, ["--root", str(workspace.root), "the"])
    assert result.exit_code == 0, result.output
    # one registered delegate and the two named invitees of the master
    assert result.output == f"Đã tạo 3 thẻ đại biểu: {BADGES_DOCX}\n"
    assert len(badge_images(workspace.root / BADGES_DOCX)) == 3
