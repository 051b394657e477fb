"""The click layer: parse options, call one library function, print a short Vietnamese summary.

Heavy modules are imported inside the commands so that `hoithao --help` starts instantly.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from hoithao.errors import HoithaoError
from hoithao.vn.click_text import (
    HELP_OPTION_TEXT,
    OPTIONS_METAVAR,
    SUBCOMMAND_METAVAR,
    click_in_vietnamese,
    first_paragraph,
)
from hoithao.workspace import ROOT_ENV, Workspace

if TYPE_CHECKING:
    from hoithao.models import Consolidation
    from hoithao.workspace import RunLock

F = TypeVar("F", bound=Callable[..., Any])
# set to print phase timings on stderr after `consolidate` (used by the benchmark)
TIMINGS_ENV = "HOITHAO_TIMINGS"
STOPPED = "Đã dừng theo yêu cầu; các tệp kết quả cũ vẫn giữ nguyên."  # Ctrl+C

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class VietnameseCommand(click.Command):
    """A command whose usage line, help option and descriptions read in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        return first_paragraph(self.short_help or self.help)  # whole, never cut with "…"


class VietnameseGroup(VietnameseCommand, click.Group):
    """The `hoithao` group: click's own messages are Vietnamese while it runs (vn/click_text)."""

    command_class = VietnameseCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with click_in_vietnamese():
            return super().main(*args, **kwargs)


class Context:
    def __init__(self, root: str | None, debug: bool) -> None:
        self.root = root
        self.debug = debug
        self.lock: RunLock | None = None

    def workspace(self) -> Workspace:
        """The workspace, locked for this run; temporary files a killed run left are removed
        and named."""
        from hoithao.workspace import claim_workspace, stale_message

        ws = Workspace.resolve(self.root)
        if self.lock is None:
            self.lock = claim_workspace(ws)
            click.get_current_context().call_on_close(self.lock.release)
            if self.lock.stale:
                click.echo(stale_message(self.lock.stale), err=True)
        return ws


def run_safely(func: F) -> F:
    """Map errors that stop a run to exit code 1 and a `Lỗi: …` line (traceback with --debug)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context().find_object(Context)
        debug = bool(ctx and ctx.debug)
        try:
            return func(*args, **kwargs)
        except HoithaoError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"Lỗi: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo(STOPPED, err=True)
            sys.exit(130)
        except click.Abort:  # a question left with Ctrl+C or at the end of the input
            click.echo("Đã dừng theo yêu cầu.", err=True)
            sys.exit(1)
        except OSError as exc:  # a write the library did not word: still said in Vietnamese
            if debug:
                raise
            click.echo(f"Lỗi: {os_error_message(exc, ctx)}", err=True)
            sys.exit(1)
        except Exception:
            if debug:
                raise
            click.echo(
                "Lỗi không mong đợi. Chạy lại với --debug để xem chi tiết kỹ thuật và gửi cho "
                "người phụ trách kỹ thuật.",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def os_error_message(exc: OSError, ctx: Context | None) -> str:
    """The Vietnamese message for an OS error, naming the file relative to the workspace."""
    from pathlib import Path

    from hoithao.errors import write_error

    name = exc.filename if isinstance(exc.filename, str) else None
    if name is None:
        return str(write_error(exc, "tệp kết quả"))
    try:
        ws = Workspace.resolve(ctx.root if ctx else None)
        return str(write_error(exc, ws.rel(name), Path(name)))
    except HoithaoError:
        return str(write_error(exc, name, Path(name)))


def build_and_write(
    obj: Context, write: Callable[[Consolidation, Workspace], str]
) -> tuple[Consolidation, str]:
    """Consolidate the workspace in memory and hand it to one writer: (consolidation, path)."""
    from hoithao.engine.consolidate import build

    ws = obj.workspace()
    consolidation = build(ws)
    return consolidation, write(consolidation, ws)


@click.group(cls=VietnameseGroup, context_settings=CONTEXT)
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    metavar="THƯ_MỤC",
    envvar=ROOT_ENV,
    help="Thư mục làm việc của hội thảo (mặc định: thư mục hiện tại; hoặc biến HOITHAO_ROOT).",
)
@click.option("--debug", is_flag=True, help="In chi tiết lỗi (traceback) để gỡ lỗi.")
@click.version_option(
    package_name="hoithao", message="hoithao %(version)s", help="In số phiên bản rồi thoát."
)
@click.pass_context
def main(ctx: click.Context, root: str | None, debug: bool) -> None:
    """hoithao — tự động hoá công tác tổ chức hội thảo bằng Excel.

    Các lệnh chính: `init` (tạo thư mục làm việc mới), `forms` (tạo phiếu đăng ký gửi đơn vị),
    `consolidate` (tổng hợp phiếu đăng ký đơn vị gửi về), `trang-thai` (tình hình hội thảo).
    """
    ctx.obj = Context(root, debug)


def command() -> NoReturn:
    """The console command (`hoithao`, `python -m hoithao`): `main`, then the process ends
    without tearing the interpreter down. Every output is closed and in place by then, and the
    exit handlers run (the pool's workers are gone); freeing every module and object one by one
    took ~35 ms of a ~0.6 s re-run at 1,000 returns."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:  # (click ends with sys.exit, whatever happened)
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # (a closed pipe)
            stream.flush()
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # another Python: the usual end
        raise SystemExit(code)
    run_exit_handlers()
    os._exit(code)


@main.command("init", context_settings=CONTEXT)
@click.argument("directory", metavar="THƯ_MỤC", type=click.Path(file_okay=False))
@run_safely
def init_command(directory: str) -> None:
    """Tạo thư mục làm việc trống cho một hội thảo mới tại THƯ_MỤC."""
    from hoithao.kit.launchers import LAUNCHERS
    from hoithao.new_workspace import init_workspace

    created = init_workspace(directory)
    click.echo(f"Đã tạo thư mục làm việc: {created}")
    click.echo("Tệp bấm đúp để chạy: " + ", ".join(x.file_name for x in LAUNCHERS) + ".")
    click.echo("Bước tiếp theo: điền workbooks/hoi_thao.xlsx rồi chạy `hoithao forms`.")


@main.command("forms", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def forms_command(obj: Context) -> None:
    """Tạo phiếu đăng ký điền sẵn cho từng đơn vị được triệu tập (output/phieu_gui_don_vi/)."""
    from hoithao.forms.fill import write_forms

    ws = obj.workspace()
    result = write_forms(ws)
    click.echo(f"Đã tạo {len(result.forms)} phiếu đăng ký trong {result.folder}.")
    click.echo(f"Bảng gửi thư: {result.mailing}")
    for note in result.notes:
        click.echo(f"Lưu ý: {note}")


@main.command("ky-ten", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def signin_command(obj: Context) -> None:
    """Tạo danh sách ký tên đại biểu để in (output/danh_sach_ky_ten.xlsx)."""
    from hoithao.outputs.signin import write_signin

    c, path = build_and_write(obj, write_signin)
    click.echo(f"Đã tạo danh sách ký tên: {path} ({len(c.delegates)} đại biểu).")


@main.command("kinh-phi", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def budget_command(obj: Context) -> None:
    """Lập dự toán kinh phí theo số đại biểu (output/du_toan_kinh_phi.xlsx)."""
    from hoithao.outputs.budget import estimate_budget, write_budget

    c, path = build_and_write(obj, write_budget)
    budget = estimate_budget(c)
    click.echo(f"Đã lập dự toán kinh phí: {path}")
    total = f"{budget.total:,.0f}".replace(",", ".")
    # "(… đồng chẵn)." — the sentence's full stop outside the brackets
    click.echo(f"Tổng cộng: {total} đồng ({budget.in_words.rstrip('.')}).")
    if budget.over_capacity:
        click.echo(
            f"Cảnh báo: {budget.head_count} đại biểu, vượt sức chứa hội trường "
            f"({budget.capacity} chỗ) {budget.over_capacity} chỗ."
        )


@main.command("tron-thu", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def mailmerge_command(obj: Context) -> None:
    """Tạo bảng trộn thư output/tron_thu.xlsx (giấy mời, thẻ đại biểu, phong bì, nhắc việc)."""
    from hoithao.outputs.mailmerge import write_mailmerge

    _, path = build_and_write(obj, write_mailmerge)
    click.echo(f"Đã tạo bảng trộn thư: {path}")


@main.command("merge", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def merge_command(obj: Context) -> None:
    """Trộn sẵn giấy mời, thẻ đại biểu, phong bì từ mẫu Word (mỗi người một trang)."""
    from hoithao.engine.consolidate import build
    from hoithao.outputs.documents import render_documents

    ws = obj.workspace()
    notes: list[str] = []
    written = render_documents(ws, build(ws), notes=notes)
    click.echo(
        "Đã tạo: " + (", ".join(written) if written else "không có tài liệu nào (danh sách trống)")
    )
    for note in notes:
        click.echo(f"Lưu ý: {note}")


@main.command("attendance", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def attendance_command(obj: Context) -> None:
    """Thống kê tham dự từ workbooks/diem_danh.xlsx: output/thong_ke_tham_du.xlsx, .json và báo
    cáo để ký output/bao_cao_tham_du.docx."""
    from hoithao.checkin.attendance import compute_attendance, format_attendance
    from hoithao.outputs.attendance_doc import write_attendance_outputs

    ws = obj.workspace()
    result = compute_attendance(ws)
    click.echo(format_attendance(result, write_attendance_outputs(result, ws)))


@main.command("the", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def badges_command(obj: Context) -> None:
    """In thẻ đại biểu có mã QR của Mã ĐB, 10 thẻ mỗi trang A4 (output/the_dai_bieu_qr.docx)."""
    from hoithao.outputs.badges import write_badges

    consolidation, path = build_and_write(obj, write_badges)
    click.echo(f"Đã tạo {len(consolidation.delegates)} thẻ đại biểu: {path}")


@main.command("ky-yeu", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def ky_yeu_command(obj: Context) -> None:
    """Tổng hợp các bài tham luận (Word) thành kỷ yếu: output/ky_yeu_tham_luan.docx."""
    from hoithao.engine.consolidate import build
    from hoithao.outputs.compendium import write_ky_yeu

    ws = obj.workspace()
    result = write_ky_yeu(build(ws), ws)
    click.echo(f"Đã tổng hợp {len(result.included)} bài tham luận vào kỷ yếu: {result.path}")
    if result.left_out:
        click.echo(f"Chưa đưa vào kỷ yếu {len(result.left_out)} bài:")
        for paper, reason in result.left_out:
            click.echo(f"  - {paper.unit.name}: {reason}")
    click.echo("Mở tệp trong Word và cập nhật mục lục (chuột phải → Update Field).")


@main.command("trang-thai", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def status_command(obj: Context) -> None:
    """Tình hình hội thảo: phiếu đã nhận, đại biểu, tham luận, các hạn và việc tiếp theo."""
    from hoithao.status import format_status, read_status

    # only reads, so it takes no run lock: it answers even while a consolidate is running
    click.echo(format_status(read_status(Workspace.resolve(obj.root))))


@main.command("consolidate", context_settings=CONTEXT)
@click.option("--no-progress", is_flag=True, help="Không hiện thanh tiến độ.")
@click.option(
    "--mat-khau",
    "protect",
    is_flag=True,
    help="Đặt mật khẩu cho output/tong_hop.xlsx (hỏi mật khẩu, hoặc lấy từ biến HOITHAO_MAT_KHAU).",
)
@click.pass_obj
@run_safely
def consolidate_command(obj: Context, no_progress: bool, protect: bool) -> None:
    """Kiểm tra và tổng hợp mọi phiếu đăng ký trong workbooks/phieu_dang_ky/ (lệnh chính)."""
    from hoithao.run import consolidate
    from hoithao.workspace import SUMMARY_XLSX

    ws = obj.workspace()
    password = ""
    if protect:  # (its module imports xlsxwriter: not for a replayed answer)
        from hoithao.xlsx.protect import PASSWORD_ENV

        password = os.environ.get(PASSWORD_ENV) or click.prompt(
            f"Mật khẩu cho {SUMMARY_XLSX}", hide_input=True, confirmation_prompt=True
        )
    # a protected summary is a new file each time: never the last run's answer
    answer = consolidate(ws, progress=not no_progress, reuse=not protect)
    if protect:
        from hoithao.xlsx.protect import protect_workbook

        protect_workbook(ws.path(SUMMARY_XLSX), password, SUMMARY_XLSX)
    click.echo(answer.summary)
    if protect:
        click.echo(f"Đã đặt mật khẩu cho {SUMMARY_XLSX}; hãy báo mật khẩu riêng cho người cần.")
    if os.environ.get(TIMINGS_ENV):
        click.echo("timings: " + json.dumps(run_timings(answer.timings)), err=True)


@main.command("thay-doi", context_settings=CONTEXT)
@click.option(
    "--tu",
    "since",
    metavar="NGÀY|TỆP",
    help="So với kết quả đến hết ngày này (09/05/2022 hoặc 2022-05-09) hoặc với một tệp trong "
    "output/lich_su/; mặc định: lần tổng hợp trước.",
)
@click.pass_obj
@run_safely
def changes_command(obj: Context, since: str | None) -> None:
    """Báo cáo thay đổi danh sách đại biểu so với một lần tổng hợp trước (output/thay_doi.xlsx)."""
    from hoithao.run import format_changes, report_changes

    click.echo(format_changes(report_changes(obj.workspace(), since)))


@main.command("chia-se", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def share_command(obj: Context) -> None:
    """Tạo bản sao kết quả để gửi ra ngoài cơ quan, đã che điện thoại và email (output/chia_se/)."""
    from hoithao.outputs.share import write_shared_copies

    result = write_shared_copies(obj.workspace())
    click.echo(
        f"Đã tạo {len(result.written)} bản sao đã che dữ liệu cá nhân: " + ", ".join(result.written)
    )
    click.echo(f"Số điện thoại, email đã che: {result.masked}.")
    for note in result.notes:
        click.echo(f"Lưu ý: {note}")


@main.command("xoa-du-lieu", context_settings=CONTEXT)
@click.option(
    "--ma", "code", help="Mã hội thảo để xác nhận xoá phiếu và tệp điểm danh (không hỏi)."
)
@click.pass_obj
@run_safely
def erase_command(obj: Context, code: str | None) -> None:
    """Sau hội thảo: xoá output/, rồi (khi gõ đúng mã hội thảo) xoá phiếu và tệp điểm danh."""
    from hoithao.checkin.erase import (
        erase_output,
        erase_personal_files,
        plan_erase,
        write_erase_record,
    )

    ws = obj.workspace()
    plan = plan_erase(ws)
    if obj.lock is not None:
        obj.lock.release()  # the lock file lives in output/, which goes now
    removed = erase_output(ws)
    click.echo(f"Đã xoá {removed[0]}." if removed else "Không có thư mục output/ để xoá.")
    if plan.personal_files(ws):
        click.echo("Còn dữ liệu cá nhân trong: " + ", ".join(plan.personal_files(ws)) + ".")
        typed = code
        if typed is None:
            try:
                typed = click.prompt(
                    f"Gõ mã hội thảo {plan.confirmation} để xoá vĩnh viễn (Enter để giữ lại)",
                    default="",
                    show_default=False,
                )
            except click.Abort:  # Ctrl+C, or no more input: as Enter, keep them
                click.echo()
                typed = ""
        if plan.matches(typed):
            personal = erase_personal_files(ws, plan)
            removed += personal
            click.echo("Đã xoá: " + ", ".join(personal) + ".")
        else:
            click.echo("Không xoá phiếu đăng ký và tệp điểm danh (mã không khớp hoặc bỏ qua).")
    record = write_erase_record(ws, plan, removed)
    click.echo(f"Đã ghi lại việc xoá vào {record}.")


def run_timings(timings: dict[str, float]) -> dict[str, float]:
    """Phase seconds plus peak memory in MB, for benchmarks/bench_consolidate.py."""
    figures = {name: round(seconds, 3) for name, seconds in timings.items()}
    try:
        import resource
    except ImportError:  # Windows has no resource module
        return figures
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures["peak_mb"] = round(max(own, workers) / 1024, 1)  # ru_maxrss is in KiB on Linux
    return figures
