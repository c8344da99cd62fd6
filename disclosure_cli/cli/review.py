"""The review round (issue 23): `disc review add|list|accept|return|check|table|close|bulletin`."""


from typing import Annotated

import typer

from disclosure_cli.cli.common import (
    ClerkOpt,
    DbOpt,
    FormatOpt,
    OrgOpt,
    OutOpt,
    YearOpt,
    err,
    info,
    is_tty,
    open_ledger,
)

DateOpt = Annotated[str | None, typer.Option("--date", "-d", help="日期（默认今天）", show_default=False)]
ReviewerOpt = Annotated[
    str | None, typer.Option("--reviewer", help="发文机关（默认台账的本单位）", show_default=False)
]


def register(app: typer.Typer) -> None:
    review_app = typer.Typer(
        help="年度报告审核：登记各单位报送的报告、退回问题、核对改正、出通报（区政务公开办用）。", no_args_is_help=True
    )
    for name, fn in (("add", review_add), ("list", review_list), ("accept", review_accept), ("return", review_return),
                     ("check", review_check), ("table", review_table), ("close", review_close),
                     ("bulletin", review_bulletin)):
        review_app.command(name)(fn)
    app.add_typer(review_app, name="review")


def _year(year: int | None) -> int:
    from disclosure_cli.cli.common import need_year

    return need_year(year)


def review_add(
    ctx: typer.Context,
    files: Annotated[list[str] | None, typer.Argument(help="报告文件或文件夹（docx、pdf、html、txt）", metavar="FILE...")] = None,
    from_ledger: Annotated[
        bool, typer.Option("--from-ledger", help="不读文件：各单位的报告由本台账（已合并的单位台账）生成并检查后登记")
    ] = False,
    year: YearOpt = None,
    org: Annotated[str | None, typer.Option("--org", help="报告所属单位（默认从文档中读出）", show_default=False)] = None,
    received: Annotated[str | None, typer.Option("--received", help="收到日期（默认今天）", show_default=False)] = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记单位报送的年度报告（一个版本）：检查、记下发现的问题；再次报送的版本核对哪些已改正。

    单位从文档的标题读出（读不出或有重名时在终端上询问，否则请用 --org）。

    示例：disc --db 惠农区.db review add 各街道年报/ --received 2024-01-12
    示例：disc --db 惠农区.db review add --from-ledger --year 2023（各单位交来台账、已合并时）
    """
    from disclosure_cli.report import review

    ledger = open_ledger(ctx, db, clerk)
    if from_ledger:
        if files:
            from disclosure_cli.errors import BadInput

            raise BadInput("--from-ledger 时不给文件：报告由台账生成")
        for a in review.add_from_ledger(ledger, _year(year), org=org, received=received):
            info(f"{a.path} 第 {a.version} 版：新问题 {a.new}，仍在 {a.still}，已改正 {a.fixed}")
        return
    if not files:
        from disclosure_cli.errors import BadInput

        raise BadInput("请给出报告文件或文件夹，或用 --from-ledger 由台账生成")

    def choose(path, named, why):  # type: ignore[no-untyped-def]
        if not is_tty():
            from disclosure_cli.errors import BadInput

            raise BadInput(why)
        err(why)
        return typer.prompt(f"{path} 是哪个单位的报告（单位名称或 上级/单位）")

    skipped: list[str] = []
    for a in review.add_documents(ledger, files, year=year, org=org, received=received, choose=choose, skipped=skipped):
        info(f"{a.path} → {a.org} 第 {a.version} 版：新问题 {a.new}，仍在 {a.still}，已改正 {a.fixed}")
    for note in skipped:
        err(note)


def review_list(
    ctx: typer.Context,
    year: YearOpt = None,
    org: Annotated[str | None, typer.Option("--org", help="只看该单位的问题（默认：各单位汇总）", show_default=False)] = None,
    state: Annotated[
        str | None,
        typer.Option("--state", help="只看某种状态：open|returned|fixed|accepted|closed（或 待处理、已退回 …）", show_default=False),
    ] = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """各单位的问题及其状态（待处理、已退回、已改正、已接受、已关闭）；--org 列出该单位的每个问题。

    示例：disc review list --year 2023；disc review list --year 2023 --org 南街街道
    """
    from disclosure_cli.ledger import review as reg
    from disclosure_cli.output import deliver, records_text, resolve_format

    y = _year(year)
    fmt = resolve_format(fmt, out)
    ledger = open_ledger(ctx, db)
    if state is not None:  # a code or its label, as every option of disc takes
        state = {v: k for k, v in reg.STATES.items()}.get(state.strip(), state.strip().lower())
    if state is not None and state not in reg.STATES:
        from disclosure_cli.errors import BadInput

        raise BadInput(f"--state「{state}」不支持，可用：{'、'.join(f'{k}（{v}）' for k, v in reg.STATES.items())}")
    if org is None and state is None:
        names = {}
        rows: dict[int, dict] = {}
        for i in reg.issues(ledger, y):
            names[i["org_id"]] = i["org"]
            r = rows.setdefault(i["org_id"], {"org": i["org"], **dict.fromkeys(reg.STATES, 0)})
            r[i["state"]] += 1
        cols = [("org", "单位"), *((k, v) for k, v in reg.STATES.items())]
        deliver(records_text(list(rows.values()), cols, fmt), out)
        return
    rows_ = reg.issues(ledger, y, ledger.org_id(org) if org else None, (state,) if state else None)
    if fmt in ("table", "md"):
        for r in rows_:
            r["state"] = reg.STATES[r["state"]]
    cols = [("id", "编号"), ("org", "单位"), ("state", "状态"), ("rule", "规则"), ("location", "位置"), ("message", "问题"),
            ("notice", "整改通知"), ("fingerprint", "指纹")]
    deliver(records_text(rows_, cols, fmt), out)


def review_accept(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="问题编号或指纹（disc review list）")],
    reason: Annotated[str, typer.Option("--reason", help="接受的理由（如：文档所写无误，规则误报）")],
    by: Annotated[str | None, typer.Option("--by", help="审核人（默认经办人）", show_default=False)] = None,
    year: YearOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """接受一个问题（不需要单位修改），写明理由；以后的版本再出现也不再列入退回。

    示例：disc review accept 7 --reason 该单位确未收到申请，表三为零无误
    """
    from disclosure_cli.ledger import review as reg

    iid = reg.accept(open_ledger(ctx, db, clerk), ref, reason=reason, by=by, year=year)
    info(f"已接受问题 {iid}")


def review_return(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(help="单位名称")],
    year: YearOpt = None,
    out: Annotated[str | None, typer.Option("--output", "-o", help="整改通知文件（.docx 或 .txt；不给则输出到屏幕）", show_default=False)] = None,
    day: DateOpt = None,
    by: Annotated[str | None, typer.Option("--by", help="要求报送修改稿的日期（默认通知日期后 5 个工作日，评估规则文件 review.fix_workdays 可改）", show_default=False)] = None,
    prefix: Annotated[str, typer.Option("--prefix", help="通知编号前缀")] = "政务公开整改",
    reviewer: ReviewerOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """把单位待处理的问题退回：出具编号的整改通知（列出每个问题的位置和修改要求），问题记为已退回。

    示例：disc --db 惠农区.db review return 南街街道 --year 2023 -o 南街街道整改通知.docx
    """
    from datetime import date

    from disclosure_cli.files import check_output, need_suffix
    from disclosure_cli.ledger import review as reg
    from disclosure_cli.ledger.fields import parse_date
    from disclosure_cli.output import deliver
    from disclosure_cli.report import review

    y = _year(year)
    ledger = open_ledger(ctx, db, clerk)
    if out and out != "-":
        check_output(out)  # before the notice is numbered
        need_suffix(out, (".docx", ".txt"), "整改通知")
        reg.refuse_registered_file(ledger, out)
    dated = parse_date(day, "日期（--date）") if day else date.today().isoformat()
    due = review.fix_due(ledger, dated, by)

    def emit(number: str, returned: list[dict]) -> None:
        spec = review.notice_blocks(ledger, unit, y, number, dated, due, returned, reviewer or ledger.org)
        if out and out.lower().endswith(".docx"):
            from disclosure_cli.report.office import write_official

            write_official(spec, out)
        elif _to_screen(out):
            _show(spec)
        else:
            deliver(review.render_text(spec), out)

    number, returned = reg.record_notice(ledger, ledger.org_id(unit), y, dated, due, prefix, emit)
    info(f"已出具 {number}：退回 {len(returned)} 个问题，要求 {due} 前报送修改稿")


def review_check(ctx: typer.Context, year: YearOpt = None, fmt: FormatOpt = None, out: OutOpt = None, db: DbOpt = None,
                 clerk: ClerkOpt = None) -> None:
    """跨报告核对并登记：各单位报告的第一、五、六部分两两比较（及与本单位上年比较）找雷同；
    上级单位的报告与下级单位报告之和比较；列出还没有交来报告的单位。

    示例：disc --db 惠农区.db review check --year 2023
    """
    from disclosure_cli.cli.reports import print_findings
    from disclosure_cli.output import resolve_format
    from disclosure_cli.report import review

    y = _year(year)
    fmt = resolve_format(fmt, out)
    ledger = open_ledger(ctx, db, clerk)
    if out and out != "-":
        from disclosure_cli.files import check_output

        check_output(out)  # before anything is registered
    found = review.sync_cross(ledger, y)
    from disclosure_cli.ledger.desk import org_names

    names = org_names(ledger)
    findings = []
    for oid, fs in found.items():
        for f in fs:
            f.org = names[oid]
            findings.append(f)
    print_findings(findings, fmt, out, by_unit=True)
    if any(f.severity == "E" for f in findings):
        raise typer.Exit(1)


def review_table(ctx: typer.Context, year: YearOpt = None, fmt: FormatOpt = None, out: OutOpt = None, db: DbOpt = None) -> None:
    """各单位并列（根据报送的报告）：报告中的指标、发现的问题、各状态的数量、报送日期与截止日；▲▼ 同 disc units。

    示例：disc --db 惠农区.db review table --year 2023
    """
    from disclosure_cli.output import deliver, records_text, resolve_format
    from disclosure_cli.report import desk, review

    y = _year(year)
    fmt = resolve_format(fmt, out)
    rows = review.table_rows(open_ledger(ctx, db), y)
    if fmt in ("csv", "tsv", "json"):
        deliver(records_text(rows, [(k, k) for k, _ in review.TABLE_COLUMNS], fmt), out)
        return
    marks = desk.quartile_marks([{k: v for k, v in r.items() if k in ("requests_new", "substantive_rate", "review_corrected_rate")}
                                 | {"_total": r.get("_missing", False)} for r in rows])
    shown = []
    for i, r in enumerate(rows):
        d = {}
        for k, _ in review.TABLE_COLUMNS:
            v = r.get(k)
            if r.get("_missing") and k not in ("org",):
                v = "未报送" if k == "version" else ""
            elif k.endswith("_rate"):
                v = "—" if v is None else f"{v * 100:.1f}%"
            elif k in ("on_time", "zero_report"):
                v = ("按时" if v else "逾期") if k == "on_time" else ("是" if v else "")
            elif v is None:
                v = "—"
            d[k] = f"{v}{marks.get((i, k), '')}"
        shown.append(d)
    deliver(records_text(shown, review.TABLE_COLUMNS, fmt), out)


def review_close(ctx: typer.Context, year: YearOpt = None, org: OrgOpt = None, db: DbOpt = None, clerk: ClerkOpt = None) -> None:
    """本轮审核结束：已改正和已接受的问题记为已关闭。

    示例：disc review close --year 2023
    """
    from disclosure_cli.ledger import review as reg

    ledger = open_ledger(ctx, db, clerk)
    n = reg.close(ledger, _year(year), ledger.org_id(org) if org else None)
    info(f"已关闭 {n} 个问题")


def review_bulletin(
    ctx: typer.Context,
    year: YearOpt = None,
    out: Annotated[str | None, typer.Option("--output", "-o", help="通报文件（.docx 或 .txt；不给则输出到屏幕）", show_default=False)] = None,
    day: DateOpt = None,
    reviewer: ReviewerOpt = None,
    db: DbOpt = None,
) -> None:
    """通报草稿：按时报送情况、按规则统计的问题、各单位退回和改正的情况、排名——全部来自审核登记。

    示例：disc --db 惠农区.db review bulletin --year 2023 -o 2023年报审核通报.docx
    """
    from datetime import date

    from disclosure_cli.ledger.fields import parse_date
    from disclosure_cli.output import deliver
    from disclosure_cli.report import review

    y = _year(year)
    ledger = open_ledger(ctx, db)
    if out and out != "-":
        from disclosure_cli.files import check_output, need_suffix
        from disclosure_cli.ledger import review as reg

        check_output(out)
        need_suffix(out, (".docx", ".txt"), "通报")
        reg.refuse_registered_file(ledger, out)
    dated = parse_date(day, "日期（--date）") if day else date.today().isoformat()
    spec = review.bulletin_blocks(ledger, y, reviewer or ledger.org, dated)
    if out and out.lower().endswith(".docx"):
        from disclosure_cli.report.office import write_official

        write_official(spec, out)
    elif _to_screen(out):
        _show(spec)
    else:
        deliver(review.render_text(spec), out)


def _to_screen(out: str | None) -> bool:
    import sys

    return (not out or out == "-") and is_tty(sys.stdout)


def _show(spec: dict) -> None:  # type: ignore[type-arg]
    """A notice or a 通报 on a terminal: its paragraphs folded to the width, its tables as disc lays
    tables out there (whole at 80 columns); to a file or a pipe it stays the document's text."""
    import sys

    from disclosure_cli.cli.common import on_screen
    from disclosure_cli.output import records_text

    def say(text: str) -> None:
        sys.stdout.write(on_screen(text) + "\n")
        sys.stdout.flush()

    say(spec["title"] + (f"\n{spec['number']}" if spec.get("number") else "") + f"\n\n{spec['salutation']}\n")
    for b in spec["blocks"]:
        if isinstance(b, str):
            say(b + "\n")
        elif b[0] == "heading":
            say(b[1] + "\n")
        else:
            cols = [(f"c{i}", h) for i, h in enumerate(b[1])]
            records_text([{f"c{i}": v for i, v in enumerate(row)} for row in b[2]], cols, "table", key=cols[1][0] if len(cols) > 2 and b[1][0] in ("序号", "排名") else cols[0][0])
    say(f"{spec['issuer']}\n{spec['date']}")
