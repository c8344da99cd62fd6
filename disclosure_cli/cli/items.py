"""Commands for the published-items ledger: init, add, list, edit, void, log, channels, categories,
import, export."""


import sys
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
    state,
)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("add")(add)
    app.command("list")(list_cmd)
    app.command("edit")(edit)
    app.command("void")(void)
    app.command("log")(log)
    app.command("import")(import_cmd)
    app.command("export")(export)
    channels_app = typer.Typer(help="渠道：列出或新增（disc channels；disc channels add weibo 微博）", invoke_without_command=True)
    channels_app.callback()(channels)
    channels_app.command("add")(channels_add)
    app.add_typer(channels_app, name="channels")
    categories_app = typer.Typer(help="类别：列出或新增（disc categories；disc categories add 疫情防控）", invoke_without_command=True)
    categories_app.callback()(categories)
    categories_app.command("add")(categories_add)
    app.add_typer(categories_app, name="categories")


def init(
    ctx: typer.Context,
    org: Annotated[str, typer.Option("--org", help="本单位名称，如 惠农区南街街道")],
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """新建台账文件。

    示例：disc init --org 惠农区南街街道
    """
    from disclosure_cli.ledger.db import Ledger

    st = state(ctx)
    ledger = Ledger.create(db or st.get("db"), org, clerk=clerk or st.get("clerk"))
    info(f"已创建台账 {ledger.path}（单位：{ledger.org}）")


def add(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option("--title", "-t", help="标题")] = None,
    channel: Annotated[str | None, typer.Option("--channel", "-c", help="渠道：portal/政府网站、wechat/微信、board/公示栏 …")] = None,
    category: Annotated[str | None, typer.Option("--category", "-k", help="类别，如 工作动态")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="发布日期（默认今天）")] = None,
    url: Annotated[str | None, typer.Option("--url", help="链接")] = None,
    count: Annotated[int, typer.Option("--count", "-n", help="数量：同一公示张贴 N 次可记一条，数量为 N")] = 1,
    formed: Annotated[str | None, typer.Option("--formed", help="信息形成或变更日期（用于 20 个工作日内公开的检查）")] = None,
    drafter: Annotated[str | None, typer.Option("--drafter", help="起草人（三审：起草）")] = None,
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="审核人（三审：审核）")] = None,
    approver: Annotated[str | None, typer.Option("--approver", help="签发人（三审：签发）")] = None,
    note: Annotated[str | None, typer.Option("--note", help="备注")] = None,
    org: OrgOpt = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记一条主动公开信息，打印其编号。

    在终端中缺少的必填项会逐项询问（默认沿用上一条的渠道和类别）；在脚本中缺少则报错。

    示例：disc add --channel 微信 --category 工作动态 --title "社区开展志愿服务活动" --date 2023-05-06
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import items

    ledger = open_ledger(ctx, db, clerk)
    fields = {
        "published": date,
        "channel": channel,
        "category": category,
        "title": title,
        "url": url,
        "count": count,
        "formed": formed,
        "drafter": drafter,
        "reviewer": reviewer,
        "approver": approver,
        "note": note,
    }
    missing = [k for k in ("channel", "category", "title") if not fields[k]]
    if missing:
        if not is_tty(sys.stdin):
            names = {"channel": "--channel（渠道）", "category": "--category（类别）", "title": "--title（标题）"}
            raise BadInput("缺少必填项：" + "、".join(names[k] for k in missing))
        from datetime import date as _date

        from disclosure_cli.ledger.fields import parse_date

        last = dict(items.last_item(ledger) or {})
        vocab = items.Vocab.load(ledger.conn)
        if last.get("channel"):  # offered as the clerk reads it: [微信公众号], not [wechat]
            last["channel"] = vocab.channel_label(last["channel"])
        # each answer is checked as soon as it is typed: an unknown channel is said before the title is asked
        checks = {"channel": vocab.channel, "category": vocab.category, "title": _not_a_date,
                  "published": lambda v: parse_date(v, "发布日期", allow_future=allow_future)}
        prompts = {"channel": "渠道", "category": "类别", "title": "标题", "published": "发布日期"}
        if not fields["published"]:  # asked too, today offered: a post logged the next morning is common
            missing.append("published")
            last["published"] = _date.today().isoformat()
        for k in missing:
            while True:
                answer = typer.prompt(prompts[k], default=last.get(k)) if last.get(k) else typer.prompt(prompts[k])
                try:
                    checks[k](str(answer).strip())
                except BadInput as e:
                    err(f"错误：{e}。请重新输入（Ctrl-C 放弃）")
                    continue
                fields[k] = answer
                break
    item_id = items.add_item(ledger, fields, org=org, allow_future=allow_future)
    sys.stdout.write(f"{item_id}\n")


def _not_a_date(value: str) -> str:
    """A date typed at the title prompt (the clerk thought it asked for the date) is not a title."""
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger.fields import parse_date

    try:
        parse_date(value, "标题", bounded=False)
    except BadInput:
        return value
    raise BadInput(f"「{value}」是日期，不是标题；发布日期在标题之后询问")


def list_cmd(
    ctx: typer.Context,
    year: YearOpt = None,
    start: Annotated[str | None, typer.Option("--from", help="起始日期")] = None,
    end: Annotated[str | None, typer.Option("--to", help="截止日期")] = None,
    channel: Annotated[str | None, typer.Option("--channel", "-c", help="渠道")] = None,
    category: Annotated[str | None, typer.Option("--category", "-k", help="类别")] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="标题包含的文字")] = None,
    all_: Annotated[bool, typer.Option("--all", help="包括已作废的条目（标注“作废”）")] = False,
    limit: LimitOpt = None,
    org: OrgOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """列出主动公开信息。终端中只显示前若干条（--limit）；CSV/JSON 逐行输出全部。

    示例：disc list --year 2023 --channel 微信 --search 救助
    """
    from disclosure_cli.ledger import items
    from disclosure_cli.output import MACHINE_FORMATS, deliver, records_text, resolve_format, stream

    fmt = resolve_format(fmt, out)
    ledger = open_ledger(ctx, db)
    query = dict(year=year, start=start, end=end, channel=channel, category=category, search=search, include_void=all_, org=org)
    shown = screen_limit(fmt, out, limit)
    rows = items.iter_items(ledger, **query, limit=shown)
    cols = ["id", "published", "channel", "category", "title", "count", "url"]
    if all_:
        cols += ["status", "void_reason"]
    headers = {**items.FIELD_LABELS, "status": "状态"}
    columns = [(c, headers[c]) for c in cols]
    human = fmt in ("table", "md")
    labels = dict(items.Vocab.load(ledger.conn).channels) if human else {}

    def shaped():
        for r in rows:
            if all_:
                r["status"] = ("作废" if r["voided_at"] else "") if human else ("voided" if r["voided_at"] else "ok")
            if human:
                r["channel"] = labels.get(r["channel"], r["channel"])
            yield r

    if fmt in MACHINE_FORMATS:
        stream(shaped(), columns, fmt, out)
        return
    listed = list(shaped())
    deliver(records_text(listed, columns, fmt, styles=(lambda r: "strike dim" if r.get("voided_at") else None)), out)
    if shown is not None and len(listed) == shown:
        more_note(shown, items.iter_items(ledger, **query, count_only=True))


def edit(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(help="信息编号")],
    title: Annotated[str | None, typer.Option("--title", "-t")] = None,
    channel: Annotated[str | None, typer.Option("--channel", "-c")] = None,
    category: Annotated[str | None, typer.Option("--category", "-k")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="发布日期")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    count: Annotated[int | None, typer.Option("--count", "-n")] = None,
    formed: Annotated[str | None, typer.Option("--formed")] = None,
    drafter: Annotated[str | None, typer.Option("--drafter")] = None,
    reviewer: Annotated[str | None, typer.Option("--reviewer")] = None,
    approver: Annotated[str | None, typer.Option("--approver")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="修改原因")] = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """修改一条信息的任意字段；修改前后的值记入修改记录（disc log）。

    示例：disc edit 17 --title "更正后的标题" --reason 错别字
    """
    from disclosure_cli.ledger import items

    ledger = open_ledger(ctx, db, clerk)
    diff = items.edit_item(
        ledger,
        item_id,
        {
            "title": title,
            "channel": channel,
            "category": category,
            "published": date,
            "url": url,
            "count": count,
            "formed": formed,
            "drafter": drafter,
            "reviewer": reviewer,
            "approver": approver,
            "note": note,
        },
        reason=reason,
        allow_future=allow_future,
    )
    info(f"已修改 {item_id}：" + "，".join(f"{items.FIELD_LABELS[k]} → {v}" for k, v in diff.items()))


VOIDABLE = {
    "item": ("item", "信息条目"),
    "doc": ("document", "文件"),
    "decision": ("decision", "行政决定"),
    "fee": ("fee_receipt", "收费记录"),
    "case": ("legal_case", "复议诉讼案件"),
    "request": ("request", "申请"),
}


def void(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(help="记录编号（申请也可用 2023-007 这样的编号）")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="作废原因")],
    kind: Annotated[str, typer.Option("--kind", help="记录类型：item（默认）、doc、decision、fee、case、request")] = "item",
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """作废一条记录：不再计入统计，但保留在台账中（disc list --all 可见），原因记入修改记录。

    示例：disc void 17 --reason 重复登记；disc void 3 --kind decision --reason 录入错误
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import items, records

    if kind not in VOIDABLE:
        raise BadInput(f"记录类型「{kind}」无法识别，可用：{'、'.join(VOIDABLE)}")
    ledger = open_ledger(ctx, db, clerk)
    if kind == "item":
        if not record_id.isdigit():
            raise BadInput(f"信息编号「{record_id}」应为数字")
        items.void_item(ledger, int(record_id), reason)
    else:
        table, what = VOIDABLE[kind]
        if kind == "request":
            from disclosure_cli.ledger.requests import resolve_request

            rid = resolve_request(ledger, record_id)
        elif record_id.isdigit():
            rid = int(record_id)
        else:
            raise BadInput(f"{what}编号「{record_id}」应为数字")
        notes = records.void_record(ledger, table, rid, reason, what)
    info(f"已作废 {record_id}")
    if kind != "item":
        for note in notes:
            err(note)


def log(
    ctx: typer.Context,
    record: Annotated[
        str | None, typer.Argument(help="只看某条记录的修改记录：记录编号，或申请编号（如 2024-003）", metavar="[编号]")
    ] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="记录类型：item、request、decision …")] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="申请编号属于哪个单位（默认本单位；各单位的申请各自编号）", show_default=False)
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="最多显示条数（最近的）")] = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """显示修改记录：何时、何人、改了什么（修改前后的值）。

    示例：disc log 17；disc log 2024-003（一件申请）
    """
    import json
    import re

    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import items
    from disclosure_cli.output import deliver, records_text, resolve_format

    fmt = resolve_format(fmt, out)
    ledger = open_ledger(ctx, db)
    item_id: int | None = None
    if record is not None:
        text = record.strip()
        if re.fullmatch(r"\d{4}-\d+", text):  # an application's number, the one a clerk knows
            from disclosure_cli.ledger.requests import resolve_request

            if entity not in (None, "request"):
                raise BadInput(f"{text} 是申请编号，与 --entity {entity} 不符")
            entity, item_id = "request", resolve_request(ledger, text, org)
        elif text.isdigit() and len(text) < 19:
            item_id = int(text)
        else:
            raise BadInput(f"记录编号「{text}」应为数字，或 2024-003 这样的申请编号")
    if item_id is not None and entity is None:
        entity = "item"
    rows = items.change_log(ledger, entity=entity, entity_id=item_id, limit=limit)
    if fmt != "json":
        for r in rows:
            for k in ("before", "after"):
                r[k] = "" if r[k] is None else json.dumps(r[k], ensure_ascii=False)
    if fmt in ("table", "md"):  # words for people, codes for programs
        from disclosure_cli.ledger.db import action_label, entity_label

        for r in rows:
            r["action"], r["entity"] = action_label(r["action"]), entity_label(r["entity"])
    cols = [
        ("id", "序号"),
        ("at", "时间"),
        ("clerk", "经办人"),
        ("action", "操作"),
        ("entity", "对象"),
        ("entity_id", "编号"),
        ("before", "修改前"),
        ("after", "修改后"),
        ("reason", "原因"),
    ]
    deliver(records_text(rows, cols, fmt), out)


def import_cmd(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="CSV、TSV、JSON lines 或 .xlsx 文件；- 表示标准输入", metavar="FILE")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="文件格式：csv|tsv|jsonl|xlsx（默认按扩展名）")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help=".xlsx 的工作表名（默认第一个）")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，不写入")] = False,
    allow_duplicates: Annotated[
        bool, typer.Option("--allow-duplicates", help="与台账中已有条目完全相同的行也导入（默认跳过并报告）")
    ] = False,
    add_categories: Annotated[
        bool, typer.Option("--add-categories", help="文件中台账还没有的类别一并新增（默认列出它们并拒绝导入）")
    ] = False,
    allow_future: AllowFutureOpt = False,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """批量导入主动公开信息：先逐行校验，全部无误才写入（全有或全无）。

    表头可用中文或英文：发布日期/date、渠道/channel、类别/category、标题/title、链接/url、数量/count、
    信息形成日期/formed、起草人/drafter、审核人/reviewer、签发人/approver、备注/note。
    按内容识别文件：CSV/TSV（UTF-8、带 BOM 的 UTF-8、UTF-16、GB18030/GBK）、JSON lines、.xlsx。
    重复导入不会重复计数：本台账导出的行按编号对上，与已有条目完全相同的行跳过并报告。

    示例：disc import 2023年台账.csv --dry-run
    """
    from disclosure_cli.ledger import importer

    ledger = open_ledger(ctx, db, clerk)
    progress, done = _progress_bar(file)
    try:
        res = importer.import_items(
            ledger,
            file,
            fmt=fmt,
            dry_run=dry_run,
            org=org,
            sheet=sheet,
            progress=progress,
            allow_future=allow_future,
            allow_duplicates=allow_duplicates,
            add_categories=add_categories,
        )
    finally:
        done()
    verb = "校验通过（未写入，--dry-run）" if dry_run else "已导入"
    info(f"{verb}：{res.rows} 行，共 {res.items} 条信息")
    would = "将" if dry_run else "已"
    if res.matched:
        info(f"{res.matched} 行是本台账导出的、台账中已有且未改动的条目，{would}跳过")
    if res.duplicates:
        lines = "、".join(str(n) for n in res.duplicate_lines)
        more = "等" if res.duplicates > len(res.duplicate_lines) else ""
        info(
            f"{res.duplicates} 行与台账中已有的条目完全相同（第 {lines} 行{more}），{would}跳过；"
            "确实要重复登记请加 --allow-duplicates"
        )
    if res.masked_lines:
        lines = "、".join(str(n) for n in res.masked_lines)
        info(f"第 {lines} 行的标题含「＊＊＊」（导出时遮盖的个人信息），{would}照原样导入；"
             "如需原文，请向导出该文件的单位索取或用 disc edit 改正")
    if res.repeated:
        lines = "、".join(str(n) for n in res.repeated)
        info(f"第 {lines} 行与文件中前面的某一行完全相同，{would}各作为一条导入；如是重复登记，"
             + ("请删去多余的行后再导入" if dry_run else "请用 disc void 作废多出的一条"))


def _progress_bar(file: str):
    """A progress bar on stderr, only on a terminal and only for files big enough to wait for."""
    import os

    if file == "-" or not is_tty(sys.stderr):
        return None, lambda: None
    try:
        size = os.path.getsize(file)
    except OSError:
        return None, lambda: None
    if size < 2_000_000:
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    bar = Progress("导入", BarColumn(), DownloadColumn(), TimeRemainingColumn(), transient=True, console=Console(stderr=True))
    task = bar.add_task("import", total=size)
    bar.start()
    return (lambda rows, pos: bar.update(task, completed=pos)), bar.stop


def export(
    ctx: typer.Context,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="csv|tsv|json|jsonl（默认按 -o 扩展名，否则 csv）")] = None,
    out: OutOpt = None,
    excel: Annotated[bool, typer.Option("--excel", help="给 Excel 用：加 BOM 以正确显示中文，并防止单元格被当作公式执行")] = False,
    year: YearOpt = None,
    org: OrgOpt = None,
    include_personal: Annotated[
        bool, typer.Option("--include-personal", help="不遮盖标题、备注中出现的申请人姓名、电话等（默认遮盖为＊＊＊）")
    ] = False,
    db: DbOpt = None,
) -> None:
    """导出台账中的全部信息条目（含已作废的，带作废时间和原因），可再导入。

    标题、备注中出现的申请人个人信息遮盖为＊＊＊，除非加 --include-personal。

    示例：disc export --excel -o 台账.csv
    """
    from pathlib import Path

    from disclosure_cli.ledger import importer
    from disclosure_cli.output import EXTENSIONS, masked_records

    if fmt is None:
        fmt = EXTENSIONS.get(Path(out).suffix.lower(), "csv") if out and out != "-" else "csv"
    ledger = open_ledger(ctx, db)
    if include_personal:
        show_personal()
    rows = masked_records(importer.iter_export(ledger, year=year, org=org))
    if out and out != "-":
        from disclosure_cli.output import to_file

        n = to_file(out, lambda fh: importer.write_export(rows, fh, fmt, excel=excel))
        info(f"已导出 {n} 条到 {out}")
    else:
        importer.write_export(rows, sys.stdout, fmt, excel=excel)


def channels(ctx: typer.Context, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """列出渠道及其别名。"""
    if ctx.invoked_subcommand:
        return
    from disclosure_cli.ledger import items
    from disclosure_cli.output import deliver, records_text, resolve_format

    rows = items.list_channels(open_ledger(ctx, db))
    deliver(records_text(rows, [("code", "代码"), ("label", "名称"), ("aliases", "别名")], resolve_format(fmt, None)), None)


def channels_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="英文代码，如 weibo")],
    label: Annotated[str, typer.Argument(help="中文名称，如 政务微博")],
    alias: Annotated[list[str] | None, typer.Option("--alias", "-a", help="别名，可多次给出")] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="渠道类型（评估规则按类型要求更新频率）：website 政府网站、new_media 政务新媒体、board 公示栏、other 其他")
    ] = "other",
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """新增渠道。

    示例：disc channels add weibo 政务微博 --alias 微博 --kind new_media
    """
    from disclosure_cli.ledger import items

    items.add_channel(open_ledger(ctx, db, clerk), code, label, alias or [], kind=kind)
    info(f"已新增渠道 {code}（{label}）")


def categories(ctx: typer.Context, fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """列出类别及其别名。"""
    if ctx.invoked_subcommand:
        return
    from disclosure_cli.ledger import items
    from disclosure_cli.output import deliver, records_text, resolve_format

    rows = items.list_categories(open_ledger(ctx, db))
    deliver(records_text(rows, [("name", "类别"), ("aliases", "别名")], resolve_format(fmt, None)), None)


def categories_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="类别名称")],
    alias: Annotated[list[str] | None, typer.Option("--alias", "-a", help="别名，可多次给出")] = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """新增类别。

    示例：disc categories add 疫情防控 --alias 防疫
    """
    from disclosure_cli.ledger import items

    items.add_category(open_ledger(ctx, db, clerk), name, alias or [])
    info(f"已新增类别 {name}")
