"""Commands for an application's life between receipt and answer, and the working-day calendar:
request list/show/extend/correction/pause/fee/fee-paid, holiday add/list/import (issue 4)."""


import sys
from datetime import date
from typing import Annotated

import typer

from disclosure_cli.cli.common import (
    AllowFutureOpt,
    ClerkOpt,
    DbOpt,
    FormatOpt,
    LimitOpt,
    OrgOpt,
    OutOpt,
    YearOpt,
    err,
    info,
    is_tty,
    more_note,
    open_ledger,
    screen_limit,
    show_personal,
)
from disclosure_cli.cli.records import request_app

holiday_app = typer.Typer(
    help="工作日历：节假日和调休上班日（程序库 chinesecalendar 之外由台账登记的日期优先）", no_args_is_help=True
)

RefArg = Annotated[str, typer.Argument(help="申请编号（2023-007）或 id")]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="以此日期为“今天”计算剩余和逾期（默认今天）", show_default=False)
]
PersonalOpt = Annotated[
    bool, typer.Option("--include-personal", help="同时显示申请人个人信息（姓名、电话、证件号码、地址）")
]


def register(app: typer.Typer) -> None:
    request_app.command("list")(request_list)
    request_app.command("show")(request_show)
    request_app.command("extend")(request_extend)
    request_app.command("correction")(request_correction)
    request_app.command("pause")(request_pause)
    request_app.command("fee")(request_fee)
    request_app.command("fee-paid")(request_fee_paid)
    holiday_app.command("add")(holiday_add)
    holiday_app.command("list")(holiday_list)
    holiday_app.command("import")(holiday_import)
    app.add_typer(holiday_app, name="holiday")


def _today(value: str | None) -> date:
    from disclosure_cli.cli.common import parse_today

    return parse_today(value)


def _due_note(ledger, ref: str, org: str | None = None) -> None:
    """After recording an event: the deadline it gives, on stderr."""
    from disclosure_cli.ledger import deadlines
    from disclosure_cli.workdays import fmt_day

    st = deadlines.status_of(ledger, ref, explain=False, org=org)
    dl = st.deadline
    if dl is None:
        err(f"注意：申请 {st.number} 的记录无法计算期限：{st.error}")
        return
    note = f"申请 {st.number} 答复期限：{fmt_day(dl.due)}{'【暂定】' if dl.provisional else ''}"
    if dl.stopped:
        note += f"（目前计时停止：{dl.stopped}）"
    info(note)


# --------------------------------------------------------------------------- request list / show



def request_list(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="只列未办结的申请")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列已逾期未答复的申请")] = False,
    due_within: Annotated[
        int | None, typer.Option("--due-within", help="只列 N 个工作日内到期（含已逾期）的未办结申请", show_default=False)
    ] = None,
    year: YearOpt = None,
    today: TodayOpt = None,
    include_personal: PersonalOpt = False,
    limit: LimitOpt = None,
    org: OrgOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """列出政府信息公开申请，按答复期限排序。有已逾期未答复的申请时退出码 1（便于定时任务提醒）。

    剩余工作日为负数表示已逾期的工作日数。期限涉及尚未公布节假日安排的年份时标“暂定”。

    示例：disc request list --overdue；disc request list --due-within 3 --format csv
    """
    from disclosure_cli.ledger import deadlines
    from disclosure_cli.ledger.holidays import calendar
    from disclosure_cli.output import deliver, records_text, resolve_format
    from disclosure_cli.report import applications

    fmt = resolve_format(fmt, out)
    ledger = open_ledger(ctx, db)
    if include_personal:
        show_personal()
    cal = calendar(ledger)
    rows = deadlines.list_statuses(
        ledger,
        today=_today(today),
        open_only=open_only,
        overdue=overdue,
        due_within=due_within,
        year=year,
        org=org,
        include_personal=include_personal,
        calendar=cal,
    )
    records, cols = applications.listing(rows, cal, human=fmt in ("table", "md"), include_personal=include_personal)
    any_overdue = any(st.status == "overdue" for st in rows)
    styles = (lambda r: "red" if r["status"] == deadlines.STATUS_LABELS["overdue"] else None) if fmt == "table" else None
    shown = screen_limit(fmt, out, limit)
    deliver(records_text(records[:shown] if shown else records, cols, fmt, styles=styles), out)
    if shown:
        more_note(min(shown, len(records)), len(records))
    if any_overdue:
        raise typer.Exit(1)


def request_show(
    ctx: typer.Context,
    ref: RefArg,
    today: TodayOpt = None,
    include_personal: PersonalOpt = False,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="text（默认）或 json")] = None,
    org: OrgOpt = None,
    db: DbOpt = None,
) -> None:
    """显示一件申请的办理情况，并逐步说明答复期限的计算：起算日、跳过的节假日和周末、补正、延长、暂停。

    示例：disc request show 2024-003
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import deadlines
    from disclosure_cli.ledger.holidays import calendar
    from disclosure_cli.output import deliver
    from disclosure_cli.report import applications

    fmt = (fmt or "text").lower()
    if fmt not in ("text", "txt", "json"):
        raise BadInput(f"输出格式「{fmt}」不支持，可用：text、json")
    ledger = open_ledger(ctx, db)
    if include_personal:
        show_personal()
    cal = calendar(ledger)
    st = deadlines.status_of(ledger, ref, today=_today(today), calendar=cal, include_personal=include_personal, org=org)
    if fmt == "json":
        import json

        deliver(json.dumps(applications.show_json(st, cal, include_personal), ensure_ascii=False, indent=2) + "\n", None)
    else:
        from disclosure_cli.cli.common import on_screen

        deliver(on_screen(applications.show_text(st, cal, include_personal)), None)


def _yuan(fen: int) -> str:
    from disclosure_cli.report.applications import _yuan as yuan

    return yuan(fen)


# --------------------------------------------------------------------------- request events


def request_extend(
    ctx: typer.Context,
    ref: RefArg,
    approved_by: Annotated[str, typer.Option("--approved-by", help="同意延长的政府信息公开工作机构负责人")],
    days: Annotated[int, typer.Option("--days", help="延长的工作日数（最长20）")] = 20,
    when: Annotated[str | None, typer.Option("--date", help="批准日期（补登已办结申请时必填）", show_default=False)] = None,
    late_reason: Annotated[
        str | None, typer.Option("--late-reason", help="批准日期晚于答复期限时（补登），写明原因", show_default=False)
    ] = None,
    allow_future: AllowFutureOpt = False,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记延长答复期限（一次，最长20个工作日，须经机构负责人同意；条例第三十三条第二款）。

    批准日期晚于答复期限的，须用 --late-reason 写明原因，否则不予登记。

    示例：disc request extend 2024-003 --approved-by 李主任
    """
    from disclosure_cli.ledger import deadlines

    ledger = open_ledger(ctx, db, clerk)
    number = deadlines.record_extension(
        ledger, ref, approved_by=approved_by, days=days, decided=when, allow_future=allow_future, late_reason=late_reason,
        org=org,
    )
    info(f"已登记申请 {number} 延长答复期限{days}个工作日")
    _due_note(ledger, number, org)


def request_correction(
    ctx: typer.Context,
    ref: RefArg,
    sent: Annotated[str | None, typer.Option("--sent", help="补正通知发出日期", show_default=False)] = None,
    received: Annotated[str | None, typer.Option("--received", help="收到补正之日（答复期限自次日起重新计算）", show_default=False)] = None,
    allow_future: AllowFutureOpt = False,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记补正：补正通知（收到申请之日起7个工作日内一次性发出），以及收到补正之日（条例第三十条）。

    示例：disc request correction 2024-003 --sent 2024-02-20；disc request correction 2024-003 --received 2024-02-27
    """
    from disclosure_cli.ledger import deadlines

    ledger = open_ledger(ctx, db, clerk)
    number = deadlines.record_correction(ledger, ref, sent=sent, received=received, allow_future=allow_future, org=org)
    info(f"已登记申请 {number} 的补正")
    for note in deadlines.entry_warnings(ledger, ref, org):
        info(note)
    _due_note(ledger, number, org)


def request_pause(
    ctx: typer.Context,
    ref: RefArg,
    start: Annotated[str | None, typer.Option("--from", help="暂停开始日期", show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--to", help="暂停结束日期（不给则暂停持续，之后再用 --to 结束）", show_default=False)] = None,
    reason: Annotated[str | None, typer.Option("--reason", "-r", help="原因，如 征求第三方意见", show_default=False)] = None,
    allow_future: AllowFutureOpt = False,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记不计入答复期限的时间（征求第三方或其他机关意见；条例第三十三条第三款），首尾两天都不计。

    示例：disc request pause 2024-003 --from 2024-03-01 --to 2024-03-15 --reason 征求第三方意见
    """
    from disclosure_cli.ledger import deadlines

    ledger = open_ledger(ctx, db, clerk)
    number = deadlines.record_pause(ledger, ref, start=start, end=end, reason=reason, allow_future=allow_future, org=org)
    info(f"已登记申请 {number} 的暂停")
    _due_note(ledger, number, org)


def request_fee(
    ctx: typer.Context,
    ref: RefArg,
    method: Annotated[str, typer.Option("--method", help="item（按件计收）或 pages（按量计收）")],
    notice: Annotated[str, typer.Option("--notice", help="收费通知发出日期")],
    pages: Annotated[int | None, typer.Option("--pages", help="按量计收的页数", show_default=False)] = None,
    allow_future: AllowFutureOpt = False,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """计算并登记信息处理费收费通知（国办函〔2020〕109号）。金额由 disc 计算：按件按同一申请人当月累计件数，
    按量按页数，均超额累进；一件申请只能选一种方式。通知至缴费的时间不计入答复期限。

    示例：disc request fee 2024-003 --method pages --pages 57 --notice 2024-03-01
    """
    from disclosure_cli.fees import fee_payment_due
    from disclosure_cli.ledger import deadlines, fees
    from disclosure_cli.ledger.holidays import calendar
    from disclosure_cli.workdays import fmt_day

    ledger = open_ledger(ctx, db, clerk)
    before = deadlines.status_of(ledger, ref, explain=False, org=org).deadline
    fee = fees.record_notice(ledger, ref, method=method, notice=notice, pages=pages, allow_future=allow_future, org=org)
    if before is not None and before.stopped is None and fee.notice > before.due.isoformat():
        err(f"注意：收费通知日期 {fee.notice} 晚于答复期限 {before.due.isoformat()}；收费通知应在答复期限内发出")
    for line in fee.breakdown:
        sys.stdout.write(line + "\n")
    due, provisional = fee_payment_due(calendar(ledger), date.fromisoformat(fee.notice))
    info(
        f"已登记申请 {fee.number} 的收费通知：{_yuan(fee.amount_fen)}元；"
        f"申请人应于{fmt_day(due)}{'【暂定】' if provisional else ''}前缴纳，逾期视为放弃申请"
    )


def request_fee_paid(
    ctx: typer.Context,
    ref: RefArg,
    when: Annotated[str, typer.Option("--date", "-d", help="缴费日期")],
    allow_future: AllowFutureOpt = False,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记申请人缴纳信息处理费的日期（答复期限自次日起继续计算）。

    示例：disc request fee-paid 2024-003 --date 2024-03-08
    """
    from disclosure_cli.ledger import fees

    ledger = open_ledger(ctx, db, clerk)
    fee = fees.record_paid(ledger, ref, paid=when, allow_future=allow_future, org=org)
    info(f"已登记申请 {fee.number} 于 {fee.paid} 缴纳信息处理费 {_yuan(fee.amount_fen)}元")
    _due_note(ledger, fee.number, org)


# --------------------------------------------------------------------------- holiday


def holiday_add(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(help="日期，如 2027-02-06")],
    off: Annotated[bool, typer.Option("--off", help="这一天放假")] = False,
    work: Annotated[bool, typer.Option("--work", help="这一天上班（调休）")] = False,
    reason: Annotated[str | None, typer.Option("--reason", "-r", help="如 春节、春节调休上班", show_default=False)] = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记一天放假或上班，优先于程序库的数据（程序库尚无的年份、地方规定）。

    某年只要登记了一天，该年即视为已知，不再标“暂定”：请登记该年全部放假和调休上班日，
    或用 disc holiday import 导入国务院通知。

    示例：disc holiday add 2027-02-06 --off --reason 春节
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import holidays
    from disclosure_cli.ledger.fields import parse_date
    from disclosure_cli.workdays import fmt_day

    if off == work:
        raise BadInput("请给出 --off（放假）或 --work（上班）其中之一")
    ledger = open_ledger(ctx, db, clerk)
    before = holidays.calendar(ledger)
    result = holidays.add_holiday(ledger, day, working=work, reason=reason)
    d = date.fromisoformat(parse_date(day, "日期", allow_future=True))
    what = "上班" if work else "放假"
    if result.unchanged:
        info(f"{fmt_day(d)}已登记为{what}，未改动")
        return
    info(f"已登记：{fmt_day(d)}{what}{f'（{reason.strip()}）' if reason and reason.strip() else ''}")
    if not before.is_known_year(d.year):
        info(
            f"注意：{d.year}年此前没有节假日数据，现已视为已知年份，该年期限不再标“暂定”；"
            f"请登记{d.year}年全部放假和调休上班日（或用 disc holiday import 导入国务院通知）"
        )


def holiday_list(
    ctx: typer.Context,
    year: YearOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """列出节假日和调休上班日。给出 --year 时列出该年全部（程序库和台账登记，注明来源）；
    否则列出台账登记的全部日期。

    示例：disc holiday list --year 2027
    """
    from disclosure_cli.ledger import holidays
    from disclosure_cli.output import deliver, records_text, resolve_format

    fmt = resolve_format(fmt, out)
    ledger = open_ledger(ctx, db)
    cols = [("day", "日期"), ("weekday", "星期"), ("status", "放假/上班"), ("reason", "说明"), ("source", "来源")]
    if year is None:
        rows = holidays.list_overrides(ledger)
        cols.append(("recorded_at", "登记时间"))
    else:
        cal = holidays.calendar(ledger)
        rows = holidays.year_days(cal, year)
        if not cal.is_known_year(year):
            err(
                f"{year}年的节假日安排尚未知（chinesecalendar 没有该年数据，台账也未登记）："
                "暂按星期一至星期五为工作日计算，相关期限标“暂定”。"
                "国务院公布后请用 disc holiday import 通知文件 登记。"
            )
    if fmt in ("csv", "tsv", "json"):
        for r in rows:
            r["status"] = "work" if r["working"] else "off"
    deliver(records_text(rows, cols, fmt), out)


def _read_notice(path: str) -> str:
    import html
    import re

    from disclosure_cli.files import read_text_file

    text = read_text_file(path, "节假日安排通知", max_bytes=5_000_000)
    if re.search(r"<(html|body|p|div)\b", text, re.I):
        # a page saved from the web: paragraphs become lines, tags go, entities are decoded
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", text)
        text = re.sub(r"\s+", " ", text)  # line breaks in HTML source are only spaces
        text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text


def holiday_import(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="国务院办公厅关于YYYY年部分节假日安排的通知（文本或网页另存的 .html；- 为标准输入）", metavar="FILE")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不询问，直接登记")] = False,
    year: Annotated[int | None, typer.Option("--year", help="通知的年份（默认从标题读出）", show_default=False)] = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """读入国务院办公厅的年度节假日安排通知，列出识别出的放假日期和调休上班日，确认后登记。

    在终端上会询问确认；在脚本中请加 --yes。

    示例：disc holiday import 2027年节假日安排.txt
    """
    from disclosure_cli.ledger import holidays
    from disclosure_cli.workdays import parse_notice, summarize_overrides

    overrides = parse_notice(_read_notice(file), year)
    years = sorted({o.day.year for o in overrides})
    off = sum(1 for o in overrides if not o.working)
    work = len(overrides) - off
    out = sys.stdout.write
    out(f"从通知中识别出{'、'.join(str(y) for y in years)}年的安排：放假{off}天，调休上班{work}天。\n")
    for line in summarize_overrides(overrides):
        out(f"  {line}\n")
    known, diffs = holidays.library_differences(overrides)
    if known and not diffs:
        out(f"与程序库 chinesecalendar 的{'、'.join(str(y) for y in known)}年数据一致。\n")
    elif diffs:
        out("与程序库 chinesecalendar 的数据不一致（登记后以台账为准）：\n")
        for line in diffs:
            out(f"  {line}\n")
    ledger = open_ledger(ctx, db, clerk)
    standing = {o.day: o for o in holidays.load_overrides(ledger)}
    changed = [o for o in overrides if o.day in standing and standing[o.day].working != o.working]
    if changed:
        out("将改变台账中已登记的日期：" + "、".join(o.day.isoformat() for o in changed) + "\n")
    sys.stdout.flush()
    if not yes:
        if not is_tty(sys.stdin):
            err("未登记：确认无误后请加 --yes 再运行一次（非交互运行时不会询问）")
            raise typer.Exit(2)
        if not typer.confirm("登记以上日期？", default=False):
            err("未登记")
            raise typer.Exit(1)
    result = holidays.import_overrides(ledger, overrides)
    info(f"已登记：新增{result.added}天，替换{result.replaced}天，已有相同登记{result.unchanged}天")
