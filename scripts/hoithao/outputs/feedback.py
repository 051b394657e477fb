"""output/phan_hoi/: what each unit must fix in its return, with its own row numbers.

A large run has hundreds of these small workbooks, so the work is split: `plan_feedback` turns
the consolidation into plain `FeedbackFile`s, `write_feedback_files` writes any of them (in this
process or in a worker of consolidate's pool), `finish_feedback` writes the mail-merge sheet and
removes files of units that have nothing left to fix.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hoithao.issues import Issue
from hoithao.outputs.vocab import FIELD_LABELS, LEVEL_LABELS
from hoithao.workspace import CACHE_DIR, FEEDBACK_OUT_DIR
from hoithao.xlsx.fill import package, plain_text, shared_strings, skeleton_parts, sst_head
from hoithao.xlsx.output import XlsxOutput, write_bytes_atomically
from hoithao.xlsx.printing import fit_row, row_points, setup_page, text_lines, write_print_table

if TYPE_CHECKING:
    from hoithao.models import Consolidation
    from hoithao.workspace import Workspace

MAILING_FILE = "gui_phan_hoi.xlsx"
FEEDBACK_MANIFEST = "phan_hoi.json"  # under output/.cache: what the last run wrote
# only problems a unit can fix in its own return; reminders go to the mail-merge tables
FEEDBACK_CODES = frozenset(
    {"F01", "F03", "F06", "R01", "R02", "R03", "W01", "W02", "W03", "W04", "W05", "W06", "W08"}
)
# a rejected file: the unit is asked to send again, unless another of its returns was used
RESEND_CODES = frozenset({"F01", "F03"})
HEADERS = ["Tệp", "Dòng", "Cột", "Giá trị", "Mức", "Nội dung cần sửa"]
HEADER_ROW = 4  # 0-based: title, subtitle, note, a blank row, then the table
TITLE = "Phản hồi phiếu đăng ký"
SHEET = "Phản hồi"
NOTE = (
    "Đề nghị đơn vị sửa các nội dung dưới đây trong phiếu đã gửi (số dòng là số dòng trong tệp "
    "của đơn vị) rồi gửi lại phiếu."
)
WIDTHS = [30, 7, 16, 28, 10, 70]
# Part of every file's content digest: change it whenever the layout below changes, so that
# files written by an older layout are rewritten rather than kept as unchanged.
LAYOUT = "phan-hoi-1"


@dataclass(frozen=True)
class FeedbackFile:
    """Everything one unit's feedback workbook shows: plain data, cheap to send to a worker."""

    code: str
    unit_name: str
    unit_email: str
    event_title: str
    rows: tuple[tuple[object, ...], ...]
    errors: int

    @property
    def name(self) -> str:
        return f"{self.code}.xlsx"

    @property
    def display(self) -> str:
        return f"{FEEDBACK_OUT_DIR}/{self.name}"

    def digest(self) -> str:
        """What the file shows, hashed: kept in the workbook's Keywords property."""
        return "hoithao:" + hashlib.sha256(f"{LAYOUT}|{self!r}".encode()).hexdigest()[:32]


def _as_written(path: Path, digest: str, record: tuple[str, int, int] | None) -> bool:
    """The file is the one the last run wrote from this content: same digest, and the same
    size and modification time (opening 5,000 files to read their digest cost 0.6 s of CPU)."""
    if record is None or record[0] != digest:
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == tuple(record[1:])


def _unchanged(path: Path, digest: str) -> bool:
    """The file there was written from the same content: re-runs (many a day) leave it alone
    instead of building the same workbook again (reading this costs ~1/20 of writing it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f"<cp:keywords>{digest}</cp:keywords>".encode() in core


def issues_by_unit(c: Consolidation) -> dict[str, list[Issue]]:
    """Every issue of a file goes to the unit that sent the file, whatever unit its row names
    (a đảng bộ's rows for its sub-units are the đảng bộ's to fix: sub-units have no e-mail)."""
    sender = {f.path: f.unit for f in c.file_log if f.unit}
    grouped: dict[str, list[Issue]] = defaultdict(list)
    for issue in c.issues:
        unit = sender.get(issue.file) or issue.unit
        if not unit or issue.code not in FEEDBACK_CODES or unit not in c.master.units:
            continue
        if issue.code in RESEND_CODES and unit in c.returned:
            continue  # the unit has since sent a return that could be used: no "send again"
        grouped[unit].append(issue)
    return dict(grouped)


def feedback_folder(ws: Workspace) -> Path:
    return ws.output(FEEDBACK_OUT_DIR + "/x").parent


def plan_feedback(c: Consolidation) -> list[FeedbackFile]:
    """One file per unit with errors or warnings, in the order their issues come."""
    files = []
    for code, issues in issues_by_unit(c).items():
        unit = c.master.units[code]
        rows = tuple(
            (
                i.file.rsplit("/", 1)[-1],
                i.row,
                FIELD_LABELS.get(i.field, i.field),
                i.value,
                LEVEL_LABELS[i.level],
                i.message,
            )
            for i in issues
        )
        errors = sum(1 for i in issues if i.level == "error")
        files.append(FeedbackFile(code, unit.name, unit.email, c.master.event.title, rows, errors))
    return files


Written = dict[str, tuple[str, int, int]]  # file name -> (digest, size, mtime_ns) as written


def write_feedback_files(
    files: Iterable[FeedbackFile], folder: Path, written: Written | None = None
) -> None:
    """Write the given units' workbooks; safe to run in several processes at once. `written`:
    what the last run wrote (feedback_written): a file still as it left it is not opened."""
    skeleton = _skeleton()
    written = written or {}
    for item in files:
        digest = item.digest()
        target = folder / item.name
        if _as_written(target, digest, written.get(item.name)) or _unchanged(target, digest):
            continue
        data = skeleton.fill(item, digest) if skeleton is not None else None
        if data is None:
            _write_with_xlsxwriter(item, target, digest)
        else:
            write_bytes_atomically(data, target, item.display)


def prepare_feedback() -> None:
    """Build the skeleton now: worker processes forked afterwards inherit it."""
    _skeleton()


def _title(item: FeedbackFile) -> str:
    return f"PHẢN HỒI PHIẾU ĐĂNG KÝ — {item.unit_name.upper()}"


def _write_with_xlsxwriter(item: FeedbackFile, target: Path, digest: str) -> None:
    with XlsxOutput(target, display_path=item.display, title=TITLE, keywords=digest) as out:
        sheet = out.sheet(SHEET)
        sheet.merge_range(0, 0, 0, 5, _title(item), out.fmt("title"))
        sheet.merge_range(1, 0, 1, 5, item.event_title, out.fmt("subtitle", text_wrap=True))
        sheet.set_row(1, 36)
        # the instruction spans the table's width, its row as tall as its wrapped lines
        sheet.merge_range(2, 0, 2, 5, NOTE, out.fmt("wrap"))
        fit_row(sheet, 2, [(NOTE, sum(WIDTHS))])
        out.write_table(
            sheet, HEADERS, item.rows, first_row=HEADER_ROW, widths=WIDTHS, cell_fmt=out.fmt("cell")
        )
        fit_row(sheet, HEADER_ROW, zip(HEADERS, WIDTHS, strict=True))
        for r, values in enumerate(item.rows, start=_DATA_ROW):
            sheet.set_row(r, _row_height(values))
        setup_page(sheet, WIDTHS, header_rows=(HEADER_ROW, HEADER_ROW), landscape=True)


def _row_height(values: Sequence[object]) -> float:
    """The height fit_row gives a data row (points), shared by both writers."""
    cells = [(v, w) for v, w in zip(values, WIDTHS, strict=False) if v not in (None, "")]
    lines = max((text_lines(v, w) for v, w in cells), default=1)
    return row_points(lines)


def _ht(height: float) -> str:
    """The `ht` attribute xlsxwriter writes for set_row(height): whole pixels, in points."""
    return f"{int(height * 4.0 / 3.0 + 0.5) * 0.75:.16g}"


# --- the fast path ------------------------------------------------------------------------------
# xlsxwriter costs ~1.7 ms per workbook, nearly all of it in parts that are the same for every
# unit. So each unit's workbook is filled from a skeleton (see xlsx_fill): its own shared
# strings, data rows and filter range; tests/test_feedback.py checks every part against
# xlsxwriter's. Anything unusual (a number that is not finite, a very long text) goes to
# xlsxwriter instead.
_DATA_ROW = HEADER_ROW + 1  # 0-based, as xlsxwriter counts
_MARK = "hoithao:skeleton"


@dataclass(frozen=True)
class _Skeleton:
    parts: list[tuple[str, bytes]]  # every part, in xlsxwriter's order
    sheet: tuple[str, str, str]  # sheet1.xml cut at the dimension, the data rows, the filter
    workbook: tuple[str, str]  # workbook.xml cut at the filter range's last row
    core: tuple[str, str]  # core.xml cut at the keywords
    sst_head: str  # <sst …> up to the count
    text_style: int  # s="…" of a text cell in a data row

    def fill(self, item: FeedbackFile, digest: str) -> bytes | None:
        """The unit's workbook as xlsxwriter would write it; None where that is not sure."""
        fixed = [_title(item), item.event_title, NOTE, *HEADERS]
        index: dict[str, int] = {}
        for text in fixed:
            index.setdefault(text, len(index))
        if len(index) != len(fixed) or not all(fixed):
            return None  # xlsxwriter would number the head rows' strings otherwise
        count = len(fixed)
        # (row, cells, first col, last col, height)
        rows: list[tuple[int, list[str], int, int, str]] = []
        for r, values in enumerate(item.rows, start=_DATA_ROW):
            cells, cols = [], []
            for c, value in enumerate(values):
                ref = f"{_COLUMNS[c]}{r + 1}"
                if value is None or value == "":
                    # XlsxOutput.write: a blank with the table's format (its borders)
                    cells.append(f'<c r="{ref}" s="{self.text_style}"/>')
                elif type(value) is int or (type(value) is float and math.isfinite(value)):
                    cells.append(f'<c r="{ref}" s="{self.text_style}"><v>{value:.16G}</v></c>')
                elif plain_text(value):
                    position = index.setdefault(value, len(index))
                    count += 1
                    cells.append(f'<c r="{ref}" s="{self.text_style}" t="s"><v>{position}</v></c>')
                else:
                    return None
                cols.append(c)
            if cells:
                rows.append((r, cells, min(cols), max(cols), _ht(_row_height(values))))
        if count == len(fixed):
            return None  # no text in the data: xlsxwriter's styles would lack the text format
        last = max([HEADER_ROW] + [r[0] for r in rows]) + 1
        filtered = HEADER_ROW + 1 + max(len(item.rows), 1)  # as XlsxOutput.write_table sets it
        spans = _spans(rows)
        body = "".join(
            f'<row r="{r + 1}" spans="{spans[r // 16]}" ht="{ht}" customHeight="1">'
            f"{''.join(cells)}</row>"
            for r, cells, _, _, ht in rows
        )
        head, after_dimension, after_rows = self.sheet
        made = {
            "xl/worksheets/sheet1.xml": f"{head}{last}{after_dimension}{body}"
            f"{after_rows.replace(_FILTER_MARK, str(filtered))}",
            "xl/sharedStrings.xml": shared_strings(self.sst_head, index, count),
            "xl/workbook.xml": f"{self.workbook[0]}{filtered}{self.workbook[1]}",
            "docProps/core.xml": f"{self.core[0]}{digest}{self.core[1]}",
        }
        return package(self.parts, made)


_COLUMNS = "ABCDEF"


def _spans(rows: list[tuple[int, list[str], int, int, str]]) -> dict[int, str]:
    """xlsxwriter's row spans: first:last column used in each block of 16 rows (1-based).
    The head rows (0–4) use all six columns through the merged title."""
    spans: dict[int, tuple[int, int]] = {0: (0, len(_COLUMNS) - 1)}
    for r, _cells, first, last, _ht in rows:
        low, high = spans.get(r // 16, (first, last))
        spans[r // 16] = (min(low, first), max(high, last))
    return {block: f"{low + 1}:{high + 1}" for block, (low, high) in spans.items()}


_FILTER_MARK = "\x00"


@functools.cache
def _skeleton() -> _Skeleton | None:
    """The skeleton, once per process; None (xlsxwriter for every file) when it cannot be made
    (no writable temp folder) or its XML is not shaped as `fill` expects (another xlsxwriter)."""
    sample = FeedbackFile("X", "x", "", "y", (("a", 1, "b", "c", "d", "e"),), 0)
    parts = skeleton_parts(lambda path: _write_with_xlsxwriter(sample, path, _MARK))
    if parts is None:
        return None
    texts = {name: data.decode() for name, data in parts if name.endswith(".xml")}
    row = _DATA_ROW + 1  # the sample's one data row, as Excel numbers it
    try:
        sheet = texts["xl/worksheets/sheet1.xml"]
        head, rest = re.split(rf'<row r="{row}" spans="1:6"[^>]*>', sheet)
        cells, tail = rest.split("</row>", 1)
        dimension = head.split(f'<dimension ref="A1:F{row}"/>')
        filtered = f'<autoFilter ref="A{HEADER_ROW + 1}:F{row}"/>'
        workbook = texts["xl/workbook.xml"].split(f"$F${row}<")
        core = texts["docProps/core.xml"].split(_MARK)
        head_sst = sst_head(texts["xl/sharedStrings.xml"])
    except (KeyError, ValueError):
        return None
    style = re.fullmatch(
        rf'<c r="A{row}" s="(\d+)" t="s"><v>9</v></c><c r="B{row}" s="\1"><v>1</v></c>'
        rf'<c r="C{row}" s="\1" t="s"><v>10</v></c><c r="D{row}" s="\1" t="s"><v>11</v></c>'
        rf'<c r="E{row}" s="\1" t="s"><v>12</v></c><c r="F{row}" s="\1" t="s"><v>13</v></c>',
        cells,
    )
    shaped = len(dimension) == len(workbook) == len(core) == 2 and tail.count(filtered) == 1
    if style is None or not shaped:
        return None
    filter_ref = f'<autoFilter ref="A{HEADER_ROW + 1}:F{_FILTER_MARK}"/>'
    return _Skeleton(
        parts=parts,
        sheet=(
            dimension[0] + '<dimension ref="A1:F',
            '"/>' + dimension[1],
            tail.replace(filtered, filter_ref),
        ),
        workbook=(workbook[0] + "$F$", "<" + workbook[1]),
        core=(core[0], core[1]),
        sst_head=head_sst,
        text_style=int(style.group(1)),
    )


def finish_feedback(files: list[FeedbackFile], ws: Workspace) -> str:
    """The mail-merge sheet to send the files, and no stale file of a unit now in order."""
    write_mailing_sheet(files, ws)
    return tidy_feedback(files, ws)


def write_mailing_sheet(files: list[FeedbackFile], ws: Workspace) -> None:
    """The mail-merge sheet to send the files (made from the plan: the files need not be
    written yet)."""
    mailing = [
        (f.code, f.unit_name, f.unit_email, f.display, f.errors, len(f.rows) - f.errors)
        for f in files
    ]
    mailing_display = f"{FEEDBACK_OUT_DIR}/{MAILING_FILE}"
    with XlsxOutput(feedback_folder(ws) / MAILING_FILE, display_path=mailing_display) as out:
        sheet = out.sheet("Gửi phản hồi")
        headers = ["Mã đơn vị", "Tên đơn vị", "Email", "Tệp đính kèm", "Số lỗi", "Số cảnh báo"]
        write_print_table(out, sheet, headers, mailing, [9, 36, 28, 26, 8, 10])


def tidy_feedback(files: list[FeedbackFile], ws: Workspace) -> str:
    """Once the files are written: no stale file of a unit now in order, and a record of what
    was written."""
    folder = feedback_folder(ws)
    names = {f.name for f in files} | {MAILING_FILE}
    for stale in folder.glob("*.xlsx"):
        if stale.name not in names:
            stale.unlink()
    _remember_written(files, folder, ws)
    return FEEDBACK_OUT_DIR + "/"


def _manifest(ws: Workspace) -> Path:
    return ws.path(CACHE_DIR) / FEEDBACK_MANIFEST


def feedback_written(ws: Workspace) -> Written:
    """What the last run wrote to output/phan_hoi/ (a cache: anything odd reads as nothing)."""
    try:
        data = json.loads(_manifest(ws).read_bytes())
        return {
            name: (str(digest), int(size), int(mtime))
            for name, (digest, size, mtime) in data.items()
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _remember_written(files: list[FeedbackFile], folder: Path, ws: Workspace) -> None:
    written: dict[str, list[object]] = {}
    for item in files:
        try:
            stat = (folder / item.name).stat()
        except OSError:
            continue
        written[item.name] = [item.digest(), stat.st_size, stat.st_mtime_ns]
    with contextlib.suppress(OSError):  # only a cache: the next run then opens the files
        target = _manifest(ws)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(json.dumps(written).encode(), target, ws.rel(target))


def write_feedback(c: Consolidation, ws: Workspace) -> str:
    """One workbook per unit with errors or warnings, plus a mail-merge sheet to send them."""
    files = plan_feedback(c)
    write_feedback_files(files, feedback_folder(ws), feedback_written(ws))
    return finish_feedback(files, ws)
