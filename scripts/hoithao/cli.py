"""The click layer: parse options, call one library function, print a short Vietnamese summary.

Heavy modules are imported inside the commands so that `hoithao --help` starts instantly.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from hoithao.errors import HoithaoError
from hoithao.workspace import ROOT_ENV, Workspace

if TYPE_CHECKING:
    from hoithao.models import Consolidation

F = TypeVar("F", bound=Callable[..., Any])
# set to print phase timings on stderr after `consolidate` (used by the benchmark)
TIMINGS_ENV = "HOITHAO_TIMINGS"

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
HELP_OPTION_TEXT = "In hướng dẫn này rồi thoát."


class VietnameseCommand(click.Command):
    """A command whose -h/--help option explains itself in Vietnamese (click's text is English)."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class VietnameseGroup(VietnameseCommand, click.Group):
    command_class = VietnameseCommand


class Context:
    def __init__(self, root: str | None, debug: bool) -> None:
        self.root = root
        self.debug = debug

    def workspace(self) -> Workspace:
        return Workspace.resolve(self.root)


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
            click.echo("Đã dừng theo yêu cầu; các tệp kết quả cũ vẫn giữ nguyên.", err=True)
            sys.exit(130)
        except Exception as exc:
            if debug:
                raise
            click.echo(
                f"Lỗi không mong đợi: {type(exc).__name__}: {exc}. "
                "Chạy lại với --debug để xem chi tiết và gửi cho người phụ trách kỹ thuật.",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


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
    `consolidate` (tổng hợp phiếu đăng ký đơn vị gửi về).
    """
    ctx.obj = Context(root, debug)


@main.command("init", context_settings=CONTEXT)
@click.argument("directory", type=click.Path(file_okay=False))
@run_safely
def init_command(directory: str) -> None:
    """Tạo thư mục làm việc trống cho một hội thảo mới tại DIRECTORY."""
    from hoithao.new_workspace import init_workspace

    created = init_workspace(directory)
    click.echo(f"Đã tạo thư mục làm việc: {created}")
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
    from hoithao.outputs.documents import render_documents, require_templates

    ws = obj.workspace()
    require_templates(ws)
    written = render_documents(ws, build(ws))
    click.echo(
        "Đã tạo: " + (", ".join(written) if written else "không có tài liệu nào (danh sách trống)")
    )


@main.command("attendance", context_settings=CONTEXT)
@click.pass_obj
@run_safely
def attendance_command(obj: Context) -> None:
    """Thống kê tham dự từ workbooks/diem_danh.xlsx (output/thong_ke_tham_du.xlsx và .json)."""
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


@main.command("consolidate", context_settings=CONTEXT)
@click.option("--no-progress", is_flag=True, help="Không hiện thanh tiến độ.")
@click.pass_obj
@run_safely
def consolidate_command(obj: Context, no_progress: bool) -> None:
    """Kiểm tra và tổng hợp mọi phiếu đăng ký trong workbooks/phieu_dang_ky/ (lệnh chính)."""
    from hoithao.run import format_summary, run

    ws = obj.workspace()
    result = run(ws, progress=not no_progress)
    click.echo(format_summary(result, ws))
    if os.environ.get(TIMINGS_ENV):
        click.echo("timings: " + json.dumps(run_timings(result.consolidation.timings)), err=True)


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
