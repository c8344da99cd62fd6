"""Several units in one ledger: `disc org add/list/move` (the org tree) and `disc merge UNIT.db...`."""


import sys
from typing import Annotated

import typer

from disclosure_cli.cli.common import ClerkOpt, DbOpt, FormatOpt, OutOpt, guard_output, info, open_ledger

ParentOpt = Annotated[str | None, typer.Option("--parent", "-p", help="上级单位名称（须已在台账中）", show_default=False)]


def register(app: typer.Typer) -> None:
    org_app = typer.Typer(
        help="单位：一本台账可记多个单位（区及其下属街道、部门），供 --org/--rollup 汇总。", no_args_is_help=True
    )
    org_app.command("add")(org_add)
    org_app.command("list")(org_list)
    org_app.command("move")(org_move)
    org_app.command("set")(org_set)
    org_app.command("settings")(org_settings)
    org_app.command("template")(org_template)
    app.add_typer(org_app, name="org")
    app.command("merge")(merge)
    app.command("reidentify")(reidentify)
    app.command("units")(units)


def org_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="单位名称，如 南街街道")],
    parent: ParentOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """新增单位，可指定上级单位。

    示例：disc org add 惠农区；disc org add 南街街道 --parent 惠农区
    """
    from disclosure_cli.ledger import orgs

    ledger = open_ledger(ctx, db, clerk)
    org_id = orgs.add_org(ledger, name, parent)
    sys.stdout.write(f"{org_id}\n")
    info(f"已新增单位 {name.strip()}" + (f"（上级：{parent.strip()}）" if parent else ""))


def org_move(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="单位名称")],
    parent: ParentOpt = None,
    top: Annotated[bool, typer.Option("--top", help="不设上级（成为最上一级）")] = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """调整单位的上级（不允许形成循环）。

    示例：disc org move 南街街道 --parent 惠农区
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import orgs

    if (parent is None) == (not top):
        raise BadInput("请给出 --parent 上级单位，或 --top（不设上级），二者选一")
    orgs.move_org(open_ledger(ctx, db, clerk), name, None if top else parent)
    info(f"已调整 {name.strip()} 的上级：" + ("无" if top else parent.strip()))


def org_list(ctx: typer.Context, fmt: FormatOpt = None, out: OutOpt = None, db: DbOpt = None) -> None:
    """列出台账中的单位（树形：上级在前，下级缩进）。

    示例：disc org list；disc org list --format csv
    """
    from disclosure_cli.ledger import orgs
    from disclosure_cli.output import deliver, records_text, resolve_format

    fmt = resolve_format(fmt, out, ("table", "txt", "csv", "tsv", "json", "md"))
    rows = orgs.list_orgs(open_ledger(ctx, db))
    if fmt in ("table", "txt"):
        deliver(orgs.tree_text(rows), out)
        return
    cols = [("id", "编号"), ("name", "单位"), ("parent", "上级单位"), ("depth", "层级"), ("items", "信息条数")]
    deliver(records_text(rows, cols, fmt), out)


def org_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="单位名称")],
    review_body: Annotated[str | None, typer.Option("--review-body", help="行政复议机关，如 惠农区人民政府", show_default=False)] = None,
    court: Annotated[str | None, typer.Option("--court", help="行政诉讼的人民法院，如 惠农区人民法院", show_default=False)] = None,
    letter_prefix: Annotated[
        str | None, typer.Option("--letter-prefix", help="文书编号前缀，如 惠南街依复（编号为 惠南街依复〔2024〕7号）", show_default=False)
    ] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="文书上的机关全称（默认单位名称）", show_default=False)] = None,
    address: Annotated[str | None, typer.Option("--address", help="政府信息公开工作机构的联系地址", show_default=False)] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="联系电话", show_default=False)] = None,
    review_online: Annotated[
        str | None,
        typer.Option("--review-online", help="复议机关接收行政复议申请的网上渠道（网址或平台名称）：网上送达的答复书须写明", show_default=False),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="自此日起适用（不给：首次设置自始适用，之后修改当前最新的一组设置）", show_default=False)
    ] = None,
    report_deadline: Annotated[
        str | None,
        typer.Option(
            "--report-deadline",
            help="年度报告截止日（次年的 月-日），如 01-31；给 default 恢复默认（部门、乡镇、街道 01-31，县级以上人民政府 03-31）",
            show_default=False,
        ),
    ] = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """设置单位出具答复书、告知书所用的信息：复议机关、人民法院、文书编号前缀、联系方式；以及年度报告的截止日。

    设置带起始日期：文书按其日期使用当时适用的设置（复议机关自2024年1月1日起可能不同）。
    已出具的文书不受以后修改的影响。

    示例：disc org set 惠农区南街街道 --review-body 惠农区人民政府 --court 惠农区人民法院 --letter-prefix 惠南街依复 --since 2024-01-01
    """
    from disclosure_cli.ledger import letters

    ledger = open_ledger(ctx, db, clerk)
    if report_deadline is not None:
        from disclosure_cli.ledger import desk

        mmdd = None if report_deadline.strip().lower() in ("default", "默认") else report_deadline
        stored = desk.set_report_deadline(ledger, name, mmdd)
        info(f"已设置单位「{name.strip()}」的年度报告截止日：" + (stored or "默认"))
        if all(v is None for v in (review_body, court, letter_prefix, issuer, address, phone, review_online, since)):
            return
    s = letters.set_settings(
        ledger,
        name,
        since=since,
        review_body=review_body,
        court=court,
        letter_prefix=letter_prefix,
        issuer=issuer,
        address=address,
        phone=phone,
        review_online=review_online,
    )
    start = "自始" if s.since == letters.ORIGIN else f"自{s.since}起"
    online = s.review_online
    info(f"已设置单位「{s.org}」{start}适用的文书信息：复议机关 {s.review_body}；人民法院 {s.court}；编号前缀 {s.letter_prefix}"
         + (f"；复议网上渠道 {online}" if online else ""))


def org_settings(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="单位名称（默认本单位）", show_default=False)] = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """列出单位的文书设置（按起始日期，每组设置适用到下一组开始之前）。

    示例：disc org settings 惠农区南街街道
    """
    from disclosure_cli.ledger import letters
    from disclosure_cli.output import deliver, records_text, resolve_format

    fmt = resolve_format(fmt, out)
    rows = letters.list_settings(open_ledger(ctx, db), name)
    if fmt in ("table", "md"):
        for r in rows:
            r["since"] = r["since"] or "自始"
    cols = [
        ("since", "起始日期"),
        ("review_body", "复议机关"),
        ("court", "人民法院"),
        ("letter_prefix", "编号前缀"),
        ("issuer", "机关名称"),
        ("address", "联系地址"),
        ("phone", "联系电话"),
        ("review_online", "复议网上渠道"),
    ]
    deliver(records_text(rows, cols, fmt), out)


def org_template(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="单位名称")],
    kind: Annotated[str, typer.Option("--kind", "-k", help="文书类型：reply|receipt|correction|extension|fee|consult")],
    file: Annotated[str | None, typer.Option("--file", help="模板文件（UTF-8 文本，可用 {received} 等占位符）", show_default=False)] = None,
    reset: Annotated[bool, typer.Option("--reset", help="恢复 disc 的默认措辞")] = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """查看或更换单位某类文书的正文模板。不给 --file 时输出当前模板（标准错误上列出可用的占位符）。

    模板只管正文措辞：答复内容及其依据 {decision} 由台账的办理结果写出，救济途径和联系方式总由 disc 添加，
    模板不能去掉。无法识别的占位符、缺少必须写明的内容，都会拒绝保存。

    示例：disc org template 惠农区南街街道 --kind reply > 答复书.txt；disc org template 惠农区南街街道 --kind reply --file 答复书.txt
    """

    from disclosure_cli.errors import BadInput
    from disclosure_cli.report import letters

    ledger = open_ledger(ctx, db, clerk)
    if reset and file:
        raise BadInput("--file 和 --reset 只能给出一个")
    if reset:
        from disclosure_cli.ledger import letters as store

        done = store.clear_template(ledger, name, kind)
        info("已恢复默认模板" if done else "该单位本来就使用默认模板")
        return
    if file:
        from disclosure_cli.files import read_text_file

        # the one reader of a clerk's text file: GBK or UTF-16 from Notepad, size bounded, a binary refused
        letters.set_template(ledger, name, kind, read_text_file(file, "文书模板", max_bytes=200_000))
        info(f"已保存单位「{name.strip()}」的模板")
        return
    text, own = letters.template_for(ledger, name, kind)
    sys.stdout.write(text.rstrip("\n") + "\n")
    from disclosure_cli import vocab

    code = vocab.LETTER_KINDS.resolve(kind)
    info(("（本单位的模板）" if own else "（disc 的默认模板）") + " 可用的占位符：")
    for key, what in letters.known_keys(code).items():
        info(f"  {{{key}}}  {what}" + ("（必须）" if key in letters.REQUIRED_KEYS[code] else ""))


def reidentify(ctx: typer.Context, db: DbOpt = None, clerk: ClerkOpt = None) -> None:
    """给台账换一个新标识（内容不变）：用于从同一个文件复制出来的各单位台账（如区里下发的模板）。

    区里合并时按标识区分单位；两本台账标识相同，合并会拒绝并提示运行本命令。

    示例：disc --db 北街街道.db reidentify
    """
    from disclosure_cli.ledger import merge as merging

    old, new = merging.reidentify(open_ledger(ctx, db, clerk))
    info(f"已更换台账标识：{old[:8]}… → {new[:8]}…（记录未改动；现在可以交给区里合并）")


def merge(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(help="单位台账文件（.db），可多个", metavar="FILE...")],
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            "-p",
            help="把单位挂到此上级单位下（须已在本台账中；已有上级的单位不变）。"
            "不给时：本台账只有一个最上一级单位（如本区）就挂到它之下",
            show_default=False,
        ),
    ] = None,
    top: Annotated[bool, typer.Option("--top", help="单位不挂到任何上级下（成为最上一级）")] = False,
    on_conflict: Annotated[
        str,
        typer.Option(
            "--on-conflict",
            help="冲突（同一条记录在单位台账和本台账中被改得不同）的处理：report 报告并保留本台账的值（默认，退出码 1）；"
            "keep 保留本台账的值并视为已解决；take 改用单位台账的值",
        ),
    ] = "report",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只演算并报告，不写入")] = False,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """把各单位的台账合并进本台账（如区汇总各街道、部门），供 --org … --rollup 汇总出报告。

    每个单位的记录归入其单位名下（本台账没有的单位会新建，挂到 --parent 指定的上级下；不指定时，
    本台账只有一个最上一级单位就挂到它之下，--top 则不挂）；记录在本台账中
    另编内部编号，申请编号（如 2023-007）未被占用时保留。同一文件再次合并不会重复添加，单位台账中
    修改过的记录会同步过来。若同一条记录在单位台账和本台账中被改得不同，列出冲突（记录、字段、两边的
    值），不覆盖本台账的值，退出码 1。

    一次合并是一个事务：出错则本台账不变。单位台账文件只读不写（旧版本的台账在临时副本上升级，
    只读介质上的文件也可合并）。修改记录（disc log）记下每次合并，不含申请人个人信息。

    示例：disc --db 惠农区.db merge 南街街道.db 北街街道.db --parent 惠农区
    """
    from disclosure_cli.ledger import merge as merging
    from disclosure_cli.output import deliver, records_text, resolve_format

    fmt = resolve_format(fmt, out)
    ledger = open_ledger(ctx, db, clerk)
    guard_output(out, *files)
    res = merging.merge_ledgers(ledger, files, parent=parent, top=top, on_conflict=on_conflict, dry_run=dry_run)
    for u in res.units:
        parts = [
            f"新增 {sum(u.added.values())}",
            f"更新 {sum(u.updated.values())}",
            f"未变 {sum(u.unchanged.values())}",
        ]
        if u.conflicts:
            parts.append(f"冲突 {len(u.conflicts)}")
        info(f"{'（演算）' if dry_run else ''}{u.file}（{u.org}）：" + "，".join(parts) + " 条记录")
        if u.orgs_created:
            info("  新建单位：" + "、".join(u.orgs_created))
        for note in u.notes:
            info("  " + note)
    if dry_run:
        info("--dry-run：未写入本台账")
    if res.conflicts or (out and out != "-"):  # a file asked for is always made (empty: no conflicts)
        cols = [
            ("file", "单位台账"),
            ("record", "本台账记录"),
            ("unit_record", "单位台账记录"),
            ("field", "字段"),
            ("unit_value", "单位台账的值"),
            ("target_value", "本台账的值"),
            ("resolved", "处理"),
        ]
        if fmt in ("csv", "tsv", "json"):
            cols.insert(1, ("table", "表"))
        rows = [c.to_dict() for c in res.conflicts]
        for r in rows:
            r["resolved"] = {"": "未覆盖", "keep": "保留本台账", "take": "改用单位台账"}[r["resolved"]]
        deliver(records_text(rows, cols, fmt), out)
    if res.open_conflicts:
        info(
            f"有 {len(res.open_conflicts)} 处冲突未覆盖（保留了本台账的值）。核对后可再次合并并加 --on-conflict keep 或 take"
        )
        raise typer.Exit(1)


def units(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", "-y", help="年度（默认上一年）", show_default=False)] = None,
    org: Annotated[str | None, typer.Option("--org", help="上级单位：列出其下的全部单位（默认台账中的全部单位）", show_default=False)] = None,
    chart: Annotated[bool, typer.Option("--chart", help="每个单位一条横条：全年信息条数")] = False,
    show_metrics: Annotated[bool, typer.Option("--metrics", help="列出各指标的定义、计算方法、单位、好坏方向、最少样本和出处")] = False,
    today: Annotated[str | None, typer.Option("--today", help="以此日期为“今天”判断逾期（默认今天）", show_default=False)] = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """各单位并列对比：信息条数（分渠道）、最长更新间隔、申请办理（按期率、超期、延期、补正）、复议诉讼纠错率、零报告、同比。

    表格视图中，▲ 为各单位中表现最好的四分之一，▼ 为最差的四分之一（至少 4 个单位时；比率少于 30 件不评）。
    没有自己的记录、下有单位的上级单位不参加排名，列在最后作为合计行。
    各列的代码、定义和计算方法：disc units --metrics（CSV/JSON 用这些代码；比率为 0–1 的小数，无数据为空；
    分渠道的列为 items_渠道代码，随台账的渠道而定）。

    在终端中分三张表（主动公开、依申请公开、复议诉讼与零报告）显示；-o 文件或 --format md/txt 为一张完整的表。

    示例：disc --db 惠农区.db units --year 2023 --org 惠农区
    """
    from disclosure_cli.cli.common import need_year, parse_today
    from disclosure_cli.errors import BadInput
    from disclosure_cli.output import deliver, records_text, resolve_format
    from disclosure_cli.report import desk

    ledger = open_ledger(ctx, db)
    if show_metrics:
        from disclosure_cli.ledger import metrics
        from disclosure_cli.ledger.desk import channel_labels

        fmt = resolve_format(fmt, out)
        human = fmt in ("table", "md", "txt")
        words = {"higher": "越高越好", "lower": "越低越好"} if human else {}
        rows = [m.__dict__ | {"min_sample": m.min_sample or "", "better": words.get(m.better or "", m.better or "")}
                for m in metrics.dictionary(channel_labels(ledger))]
        cols = [("code", "代码"), ("label", "名称"), ("definition", "定义"), ("formula", "计算"), ("unit", "单位"),
                ("better", "方向"), ("min_sample", "最少样本"), ("source", "出处")]
        deliver(records_text(rows, cols, fmt), out)
        return
    y = need_year(year)
    rows = desk.unit_rows(ledger, y, parent=org, today=parse_today(today))
    if chart:
        if fmt in ("csv", "tsv", "json"):
            raise BadInput(f"--chart 输出的是图形，不能与 --format {fmt} 同用")
        from disclosure_cli.report import chart as charts

        title = f"{y}年各单位主动公开信息条数\n"
        deliver(title + charts.bars([r["org"] for r in rows], [r["items"] for r in rows], unit=" 条"), out)
        return
    fmt = resolve_format(fmt, out)
    columns = desk.unit_columns(ledger)
    if fmt in ("csv", "tsv", "json"):
        deliver(records_text(rows, [(k, k) for k, _ in columns], fmt), out)
        return
    shown = desk.unit_display(rows, columns)
    if fmt == "table" and (not out or out == "-"):  # a terminal: three tables, each within 80 columns
        labels = dict(columns)
        for title, keys in desk.unit_views(ledger):
            records_text(shown, [(k, labels[k]) for k in keys], fmt, title=f"{y}年 {title}")
    else:
        deliver(records_text(shown, columns, fmt), out)
    if fmt == "table" and len(rows) >= 4:
        info("▲ 各单位中最好的四分之一；▼ 最差的四分之一（各指标的好坏方向与定义：disc units --metrics）；"
             "比率的样本少于 30 件时不评")
