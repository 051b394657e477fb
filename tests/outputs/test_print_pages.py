"""Every output a clerk prints, rendered by LibreOffice: no text printed over text, no text
below ~9 pt on paper (the sample workspace, whose lists are long and whose names wrap)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from hoithao.checkin.attendance import compute_attendance
from hoithao.engine.consolidate import build
from hoithao.forms.fill import write_forms
from hoithao.forms.vocab import FORMS_MAILING_FILE
from hoithao.outputs.attendance_doc import write_attendance_outputs
from hoithao.outputs.badges import write_badges
from hoithao.outputs.documents import build_templates, render_documents
from hoithao.outputs.vocab import MERGE_XLSX
from hoithao.run import run
from hoithao.sample.build import build_sample
from hoithao.workspace import FORMS_OUT_DIR, Workspace

from ..conftest import TODAY
from .pdf_pages import has_pdftotext, overlapping_words, read_pages, small_words

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có"),
    pytest.mark.skipif(not has_pdftotext(), reason="poppler (pdftotext) không có"),
]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("in") / "ws"
    build_sample(root)
    ws = Workspace(root)
    run(ws, today=TODAY)
    write_attendance_outputs(compute_attendance(ws), ws)
    build_templates(ws.templates_dir, overwrite=False)
    render_documents(ws, build(ws, today=TODAY))
    write_forms(ws)
    write_badges(build(ws, today=TODAY), ws)
    out = ws.output_dir
    sources = [
        *sorted(out.glob("*.xlsx")),
        *sorted((out / "phan_hoi").glob("*.xlsx"))[:3],
        out / "phan_hoi" / "gui_phan_hoi.xlsx",
        root / FORMS_MAILING_FILE,
        ws.checkin,
        next((root / FORMS_OUT_DIR).glob("CS02_*.xlsx")),
        *sorted(out.glob("*.docx")),
    ]
    # tron_thu.xlsx is a data source for Word's mail merge, never printed itself
    sources = [s for s in sources if s.name != Path(MERGE_XLSX).name]
    target = tmp_path_factory.mktemp("pdf")
    profile = (tmp_path_factory.mktemp("lo") / "profile").as_uri()
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {s.name: target / f"{s.stem}.pdf" for s in sources}


def test_every_printed_page_is_readable(pdfs: dict[str, Path]) -> None:
    problems = []
    for name, pdf in pdfs.items():
        assert pdf.is_file(), name
        for page in read_pages(pdf):
            for a, b in overlapping_words(page)[:3]:
                problems.append(f"{name} trang {page.number}: “{a.text}” in đè “{b.text}”")
            small = small_words(page)
            if small:
                sizes = sorted({round(w.points, 1) for w in small})
                words = " ".join(w.text for w in small[:5])
                problems.append(f"{name} trang {page.number}: chữ {sizes} pt: {words}")
    assert problems == []


def test_tables_print_on_a4_in_the_orientation_their_width_needs(pdfs: dict[str, Path]) -> None:
    summary = read_pages(pdfs["tong_hop.xlsx"])
    assert all(round(min(p.width, p.height)) == 595 for p in summary)
    # the overview is portrait with its charts; the wide delegate list landscape
    assert not summary[0].landscape
    assert summary[2].landscape
    attendance = read_pages(pdfs["thong_ke_tham_du.xlsx"])
    assert not attendance[0].landscape
    words = [w.text for w in attendance[0].words]
    assert "Trang" in words  # page numbers in the footer
