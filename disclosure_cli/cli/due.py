"""`disc due` (every open deadline, a calendar file) and `disc deadline` (the what-if calculator): issue 25."""

from datetime import date
from typing import Annotated

import typer

from disclosure_cli.cli.common import DbOpt, OrgOpt, OutOpt, RollupOpt, info, open_ledger

DUE_FORMATS = ("table", "csv", "tsv", "json", "md", "ics")


def register(app: typer.Typer) -> None:
    app.command("due")(due)
    app.command("deadline")(deadline)


def due(
    ctx: typer.Context,
    within: Annotated[int | None, typer.Option("--within", help="只列出 N 个工作日内到期的（已逾期的总会列出）", show_default=False)] = None,
    today: Annotated[str | None, typer.Option("--today", help="以此日期为“今天”（默认今天）", show_default=False)] = None,
    org: OrgOpt = None,
    rollup: RollupOpt = False,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="table|csv|tsv|json|md|ics（ics：日历文件，可导入 Outlook、WPS、手机日历）", show_default=False)] = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """列出全部未到期和已逾期的期限，最近的在前：答复申请、补正、征求意见、缴费、告知延期、复议答复和诉讼答辩、
    年度报告、政策解读，以及送达后申请人的救济期限。有已逾期的事项时退出码 1（便于定时任务提醒）。

    --format ics 写成日历文件：每个期限一个全天事件，编号稳定，再次导入时更新而不重复。

    示例：disc due --within 5；disc due --format ics -o 政务公开期限.ics
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import due as deadlines_due
    from disclosure_cli.ledger.fields import parse_date
    from disclosure_cli.ledger.tally import org_ids
    from disclosure_cli.output import deliver, records_text, resolve_format

    fmt = resolve_format(fmt, out, DUE_FORMATS)
    when = date.fromisoformat(parse_date(today, "今天（--today）", allow_future=True)) if today else date.today()
    if within is not None and not 0 <= within <= 250:
        raise BadInput(f"--within 应为 0 至 250 个工作日，而不是 {within}")
    ledger = open_ledger(ctx, db)
    items = deadlines_due.gather(ledger, org_ids(ledger, org, rollup), when, within)
    if fmt == "ics":
        # always UTF-8 with CRLF (RFC 5545), whatever --encoding says for text output
        deliver(deadlines_due.ics(items, f"{org or ledger.org} 政务公开期限", when).encode("utf-8"), out)
    else:
        rows = [d.to_dict() for d in items]
        if fmt in ("table", "md"):
            for r in rows:
                r["due"] = ("【逾期】" if r["overdue"] else "") + r["due"] + ("（暂定）" if r["provisional"] else "")
        cols = [("due", "期限"), ("label", "事项"), ("ref", "编号"), ("org", "单位"), ("what", "说明"), ("action", "办理")]
        if fmt in ("csv", "tsv", "json"):
            cols = [(k, k) for k in ("due", "kind", "label", "org", "ref", "what", "action", "provisional", "overdue", "uid")]
        deliver(records_text(rows, cols, fmt, key="due"), out)
    late = [d for d in items if d.overdue]
    if late:
        info(f"已逾期 {len(late)} 项")
        raise typer.Exit(1)


def deadline(
    received: Annotated[str | None, typer.Option("--received", help="收到申请之日", show_default=False)] = None,
    correction_sent: Annotated[str | None, typer.Option("--correction-sent", help="发出补正通知之日", show_default=False)] = None,
    correction_received: Annotated[str | None, typer.Option("--correction-received", help="收到补正之日", show_default=False)] = None,
    extension: Annotated[int, typer.Option("--extension", help="延长的工作日数（最长20）")] = 0,
    pause: Annotated[
        list[str] | None, typer.Option("--pause", help="不计入期限的一段时间：开始日..结束日（可多次给出）", show_default=False)
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="复议或诉讼的答复期限：review（行政复议）或 suit（行政诉讼）", show_default=False)] = None,
    served: Annotated[str | None, typer.Option("--served", help="收到复议申请书或起诉状副本之日（与 --case 一起）", show_default=False)] = None,
) -> None:
    """期限计算器：给出收到申请之日（及补正、延长、暂停），算出答复期限并逐步说明，与 disc request show 一样；
    或给出 --case 和 --served，算出复议答复或诉讼答辩的期限。不读写台账（节假日只用程序库的安排）。

    示例：disc deadline --received 2024-09-27 --pause 2024-10-08..2024-10-15
    示例：disc deadline --case review --served 2024-09-27
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import deadlines_calc

    if case is not None:
        if received or correction_sent or correction_received or extension or pause:
            raise BadInput("--case 只与 --served 一起用；申请的答复期限请用 --received …")
        due_day, steps = deadlines_calc.case_answer(case, served)
    else:
        due_day, steps = deadlines_calc.request_deadline(received, correction_sent, correction_received, extension, pause or [])
    import sys

    from disclosure_cli.cli.common import on_screen

    sys.stdout.write(on_screen("".join(f"  {step}\n" for step in steps) + f"期限：{due_day}") + "\n")
