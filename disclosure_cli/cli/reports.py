"""Reporting commands: stats, report, check, lint."""


import sys
from typing import Annotated

import typer

from disclosure_cli.cli.common import (
    ClerkOpt,
    DbOpt,
    FormatOpt,
    OrgOpt,
    OutOpt,
    RollupOpt,
    YearOpt,
    need_year,
    open_ledger,
    state,
)

TableOpt = Annotated[
    list[str] | None,
    typer.Option("--table", "-t", help="只输出某张表：items（信息条数）、t2、t3、t4；可多次给出"),
]


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
    report_app = typer.Typer(invoke_without_command=True, no_args_is_help=False, add_completion=False)
    report_app.callback()(report)
    report_app.command("publish")(report_publish)
    report_app.command("published")(report_published)
    app.add_typer(report_app, name="report")
    app.command("check")(check)
    app.command("lint")(lint)
    app.command("explain")(explain)


def stats(
    ctx: typer.Context,
    year: YearOpt = None,
    table: TableOpt = None,
    by: Annotated[str | None, typer.Option("--by", help="month：按月统计各渠道信息条数")] = None,
    chart: Annotated[bool, typer.Option("--chart", help="与 --by month 同用：画成条形图（每月一条，各渠道分段）")] = False,
    org: OrgOpt = None,
    rollup: RollupOpt = False,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """统计：主动公开信息（渠道 × 类别，含合计），以及表二、表三、表四。作废的条目不计。

    CSV/JSON 为长表：year,org,table,row,column,value（代码见 README）。

    示例：disc stats --year 2023 --table t3 --format csv
    """
    from disclosure_cli import vocab
    from disclosure_cli.errors import BadInput
    from disclosure_cli.output import deliver, records_text, resolve_format
    from disclosure_cli.report import build

    y = need_year(year)
    if chart and by != "month":
        raise BadInput("--chart 需要与 --by month 同用：disc stats --year 2023 --by month --chart")
    if chart and fmt in ("csv", "tsv", "json"):
        raise BadInput(f"--chart 输出的是图形，不能与 --format {fmt} 同用")
    fmt = "table" if chart else resolve_format(fmt, out)  # a chart is text, whatever the file is called
    ledger = open_ledger(ctx, db)
    tables = tuple(table or vocab.TABLES)
    for t in tables:
        if t not in vocab.TABLES:
            raise BadInput(f"表「{t}」无法识别，可用：{'、'.join(vocab.TABLES)}")
    cols = [("year", "年度"), ("org", "单位"), ("table", "表"), ("row", "行"), ("column", "列"), ("value", "数值")]
    if by is not None:
        if by != "month":
            raise BadInput(f"--by「{by}」不支持，可用：month")
        ids = build.org_ids(ledger, org, rollup)
        rows = [
            {"year": y, "org": org or ledger.org, "table": "items_month", **r}
            for r in build.items_by_month(ledger, y, ids)
        ]
        if chart:
            _month_chart(rows, ledger, out)
        elif fmt in ("table", "md"):
            deliver(_month_grid(rows, ledger, fmt), out)
        else:
            deliver(records_text(rows, cols, fmt), out)
        return
    rep = build.build_report(ledger, y, org=org, rollup=rollup, statutory=tables != ("items",))
    if fmt in ("csv", "tsv", "json"):
        deliver(records_text(rep.long_rows(tables), cols, fmt), out)
        return
    from disclosure_cli.report import layout, render

    if fmt == "md":
        parts = [f"### {layout.table_title(t, rep.year)}\n\n" + "\n".join(render.md_table(layout.grid(rep, t))) for t in tables]
        deliver("\n".join(parts).rstrip("\n") + "\n", out)
        return
    if out and out != "-":
        deliver("\n".join(render.terminal_text(rep, t) for t in tables), out)
        return
    from rich.console import Console

    console = Console()
    for t in tables:
        console.print(render.terminal(rep, t, console.width))


def _month_grid(rows, ledger, fmt: str) -> str | None:
    from disclosure_cli.ledger.items import Vocab
    from disclosure_cli.output import records_text

    labels = dict(Vocab.load(ledger.conn).channels)
    channels = list(dict.fromkeys(r["column"] for r in rows))
    by_month: dict[str, dict] = {}
    for r in rows:
        by_month.setdefault(r["row"], {"month": "合计" if r["row"] == "total" else r["row"]})[r["column"]] = r["value"]
    cols = [("month", "月份")] + [(c, "合计" if c == "total" else labels.get(c, c)) for c in channels]
    return records_text(list(by_month.values()), cols, fmt)


def _month_chart(rows, ledger, out: str | None) -> None:
    """Bars within 80 columns: coloured in a terminal, plain fills in a file or a pipe."""
    from disclosure_cli.ledger.items import Vocab
    from disclosure_cli.output import deliver
    from disclosure_cli.report import chart

    channels = Vocab.load(ledger.conn).channels
    if out and out != "-":
        deliver(chart.month_bars(rows, channels), out)
        return
    from rich.console import Console

    console = Console()
    if console.is_terminal:
        console.print(chart.month_bars_rich(rows, channels, width=min(console.width, 80)), end="")
    else:
        sys.stdout.write(chart.month_bars(rows, channels))


REPORT_FORMATS = ("txt", "md", "html", "json", "docx", "xlsx")


def report(
    ctx: typer.Context,
    year: YearOpt = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="txt|md|html|json|docx|xlsx（默认按 -o 扩展名，否则 txt）")] = None,
    out: OutOpt = None,
    org: OrgOpt = None,
    rollup: RollupOpt = False,
    signed: Annotated[
        str | None, typer.Option("--date", help="成文日期（落款日期，默认今天），如 2024-01-20", show_default=False)
    ] = None,
    db: DbOpt = None,
) -> None:
    """生成政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）：标题、六个部分、表二表三表四。

    发布后用 disc report publish 登记发布的版本：以后台账的改动使单元格变化时，disc check 会指出。

    示例：disc report --year 2023 --format html -o 2023年报.html
    示例：disc report publish --year 2023 --date 2024-01-20 --url https://…
    """
    if ctx.invoked_subcommand is not None:  # `disc report --year 2023 publish …`: the subcommand takes them
        ctx.meta["report_scope"] = {"year": year, "org": org, "rollup": rollup}
        return
    from disclosure_cli.errors import BadInput
    from disclosure_cli.output import deliver, masked, resolve_format
    from disclosure_cli.report import build

    y = need_year(year)
    explicit = fmt
    fmt = resolve_format(fmt, out, REPORT_FORMATS, default_tty="txt")
    if fmt in ("docx", "xlsx") and (not out or out == "-"):
        raise BadInput(f"{fmt} 格式需要用 -o 指定输出文件，如 -o {y}年报.{fmt}")
    rep = build.build_full_report(open_ledger(ctx, db), y, org=org, rollup=rollup)
    rep.parts = {k: masked(v) for k, v in rep.parts.items()}  # a name typed into the prose (issue 19)
    if signed:
        rep.signed = build.signing_date(signed, y)
    if fmt in ("docx", "xlsx"):
        from disclosure_cli.report import office

        (office.write_docx if fmt == "docx" else office.write_xlsx)(rep, out)
        return
    from disclosure_cli.report import render

    if fmt == "txt" and explicit is None and (not out or out == "-") and sys.stdout.isatty():
        from rich.console import Console

        console = Console()  # the terminal layout; a file or a pipe gets the publication text
        console.print(render.terminal_report(rep, console.width))
        return
    deliver(render.render(rep, fmt), out)


def print_findings(
    findings, fmt: str, out: str | None, *, show_source: bool = False, year: int | None = None, org: str | None = None,
    by_unit: bool = False,
) -> None:
    """year: the ledger's year — a finding on a cell then names the `disc explain` command (CSV/JSON)."""
    from disclosure_cli.output import deliver, records_text

    rows = [f.to_dict() for f in findings]
    if year is not None:
        from disclosure_cli.report.desk import explain_target

        for row, f in zip(rows, findings, strict=True):
            row["explain"] = explain_target(year, f, f.org or org)
    cols = [
        ("rule", "规则"),
        ("severity", "级别"),
        ("where", "位置"),
        ("expected", "应为"),
        ("actual", "实为"),
        ("message", "说明"),
    ]
    if show_source:
        cols.insert(0, ("source", "文件"))
    if by_unit:
        cols.insert(0, ("org", "单位"))
    if fmt in ("csv", "tsv", "json"):
        keys = ["source", "rule", "severity", "table", "row", "column", "where", "expected", "actual", "message"]
        if by_unit:
            keys.insert(0, "org")
        if year is not None:
            keys.append("explain")
        cols = [(k, k) for k in keys]
    if fmt == "table" and (not out or out == "-"):
        _findings_on_terminal(rows, show_source)
        return
    deliver(records_text(rows, cols, fmt, styles=lambda r: "red" if r["severity"] == "E" else "yellow"), out)


def _findings_on_terminal(rows: list[dict], show_source: bool) -> None:
    """One finding per paragraph: a line with the rule, where and the two numbers, then the message
    folded to the terminal's width (a table's narrow 说明 column cut Chinese text off with …)."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    console = Console()
    for r in rows:
        colour = "red" if r["severity"] == "E" else "yellow"
        head = Text()
        head.append(f"{r['severity']} {r['rule']}", style=f"bold {colour}")
        if show_source and r.get("source"):
            head.append(f"  {r['source']}")
        if r.get("org"):
            head.append(f"  {r['org']}", style="bold")
        if r.get("where"):
            head.append(f"  {r['where']}")
        said = [f"{word} {r[k]}" for k, word in (("expected", "应为"), ("actual", "实为")) if r.get(k) not in (None, "")]
        if said:  # a count of placeholders has no 「应为」: say only what there is
            head.append("  " + " · ".join(said), style="bold")
        console.print(head, overflow="fold")
        console.print(Padding(Text(r["message"], overflow="fold"), (0, 0, 0, 2)))
        if r.get("explain"):
            console.print(Padding(Text(f"查看记录：{r['explain']}", style="dim", overflow="fold"), (0, 0, 0, 2)))


RuleOpt = Annotated[
    list[str] | None,
    typer.Option("--rule", help="只看某些规则：代码（不分大小写，如 t3-balance），或前缀（T3-*、L-）；可多次给出"),
]
ListRulesOpt = Annotated[bool, typer.Option("--list-rules", help="列出全部规则（代码、级别、适用范围、说明）")]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="也列出推测性的问题：正文措辞不止一种读法时（如「办理申请 N 件」）的不一致")
]


def _list_rules(kinds: tuple[str, ...], fmt: str | None, out: str | None, ledger_path: str | None = None) -> None:
    from disclosure_cli.output import deliver, records_text, resolve_format
    from disclosure_cli.report.rules import listing

    rows = listing(kinds)
    human = resolve_format(fmt, out)
    if human in ("table", "md", "txt"):
        names = {"ledger": "台账", "document": "文档", "sum": "汇总"}
        for r in rows:
            r["sources"] = "、".join(names[x] for x in r["sources"].split(","))
            r["needs_previous"] = "需要上年" if r["needs_previous"] else ""
    cols = [("code", "规则"), ("severity", "级别"), ("sources", "适用于"), ("needs_previous", "上年报告"), ("description", "说明")]
    if human in ("csv", "tsv", "json"):
        cols = [(k, k) for k in ("code", "severity", "family", "sources", "needs_previous", "description")]
    deliver(records_text(rows, cols, human), out)
    if "ledger" in kinds and human in ("table", "md", "txt"):
        # the assessor's thresholds: national defaults, or the district's rubric file beside its ledger
        from disclosure_cli.ledger.db import resolve_path
        from disclosure_cli.ledger.rubric import load, rubric_file

        path = resolve_path(ledger_path)
        rubric = load(path if path.exists() else None)
        title = f"评估规则的阈值（本地评估规则文件：{rubric.file}）" if rubric.file else (
            f"评估规则的阈值（全国默认；各区可在 {rubric_file(path).name} 中改写）")
        deliver(records_text(rubric.listing(), [("key", "设置"), ("label", "含义"), ("value", "取值"), ("source", "出处")],
                             human, title=title), out if out else None)


def check(
    ctx: typer.Context,
    year: YearOpt = None,
    rule: RuleOpt = None,
    list_rules: ListRulesOpt = False,
    today: Annotated[str | None, typer.Option("--today", help="以此日期为“今天”判断逾期（默认今天）")] = None,
    org: OrgOpt = None,
    strict: StrictOpt = False,
    assess: Annotated[
        bool, typer.Option("--assess", help="改为按第三方评估的指标预检（A-* 规则）：本单位及全部下级单位")
    ] = False,
    rollup: Annotated[
        bool, typer.Option("--rollup", help="本单位及全部下级单位：汇总的表格作一份报告检查，台账规则（L-*）逐个单位检查并写明单位")
    ] = False,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """检查某年度的台账和报告：表格勾稽、跨年度衔接、正文与表格一致、三审、期限、发布后的改动。

    无问题时不输出、退出码 0；有问题时列出规则代码、级别、单元格和两边的数字；有错误（E）时退出码 1。

    示例：disc check --year 2023
    示例：disc check --year 2023 --rule T3-*
    示例：disc check --list-rules
    示例：disc check --year 2023 --assess（渠道超过 14 天未更新、年报逾期、补正延期过多……）
    示例：disc --db 惠农区.db check --year 2023 --org 惠农区 --rollup（区里看各单位的问题）

    单元格的问题可用 disc explain 查看其背后的记录（JSON/CSV 的 explain 列给出命令）。
    """
    from disclosure_cli.cli.common import parse_today
    from disclosure_cli.output import resolve_format
    from disclosure_cli.report import ledger_checks
    from disclosure_cli.report.rules import select

    if list_rules:
        _list_rules(("ledger",), fmt, out, db or state(ctx).get("db"))
        return
    chosen = select(rule)
    y = need_year(year)
    asked = fmt is not None
    fmt = resolve_format(fmt, out)
    when = parse_today(today).isoformat()
    ledger = open_ledger(ctx, db)
    if assess and rollup:
        from disclosure_cli.errors import BadInput

        raise BadInput("--assess 本来就包括全部下级单位，不需要再加 --rollup")
    findings = ledger_checks.check_ledger(
        ledger, y, org=org, today=when, rules=chosen, strict=strict, assess=assess, rollup=rollup
    )
    # silent when clean (like hledger check); an explicit --format or -o always gives something
    # that parses, even empty: the CSV header, [] (issue 9)
    if findings or asked or out:
        print_findings(findings, fmt, out, year=y, org=org, by_unit=rollup)
    if any(f.severity == "E" for f in findings):
        raise typer.Exit(1)


def lint(
    ctx: typer.Context,
    files: Annotated[list[str] | None, typer.Argument(help="年度报告文件（.docx .html .pdf .txt）或文件夹", metavar="FILE...", show_default=False)] = None,
    previous: Annotated[str | None, typer.Option("--previous", help="上一年度的报告文件或台账（.db），用于跨年度检查")] = None,
    extract: Annotated[str | None, typer.Option("--extract", help="只输出从该文件读出的全部单元格（长表），不检查")] = None,
    sum_: Annotated[bool, typer.Option("--sum", help="把各文件的表格相加后再检查（汇总多个单位）")] = False,
    rule: RuleOpt = None,
    list_rules: ListRulesOpt = False,
    strict: StrictOpt = False,
    against_ledger: Annotated[
        bool,
        typer.Option("--against-ledger", help="逐个单元格与台账（--db）比对：现在的数字，以及 disc report publish 登记发布的版本"),
    ] = False,
    year: Annotated[int | None, typer.Option("--year", "-y", help="与 --against-ledger 同用：报告年度（默认读文档）", show_default=False)] = None,
    org: OrgOpt = None,
    rollup: RollupOpt = False,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="基线文件：其中记下的问题不再列出（--write-baseline 写出）", show_default=False)
    ] = None,
    write_baseline: Annotated[
        str | None, typer.Option("--write-baseline", help="把本次发现的问题写成基线文件（按问题的指纹，换格式、换页不变）", show_default=False)
    ] = None,
    db: DbOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """检查已发布或待发布的年度报告文件：表格勾稽、格式（过时模板、标签错误、空白单元格）、正文与表格是否一致。

    有错误（E）时退出码 1。可一次检查一个文件夹：disc lint 各街道年报/

    示例：disc lint 2023年报.pdf --previous 2022年报.pdf
    示例：disc lint 网站上的2023年报.docx --against-ledger（网站上的是不是发布的版本、与台账是否一致）
    示例：disc lint 2023年报.docx --write-baseline 已知.txt；之后 disc lint 2023年报.docx --baseline 已知.txt 只看新问题
    """
    from disclosure_cli.cli.common import err
    from disclosure_cli.errors import BadInput
    from disclosure_cli.output import deliver, records_text, resolve_format
    from disclosure_cli.report import lint as lint_mod

    if list_rules:
        _list_rules(("document", "sum"), fmt, out)
        return
    asked = fmt is not None
    fmt = resolve_format(fmt, out)
    if extract:
        from disclosure_cli.report.read import extract_rows, read_document

        rep = read_document(extract)
        rows = extract_rows(rep)
        keys = ["year", "org", "table", "row", "column", "value", "status"]
        deliver(records_text(rows, [(k, k) for k in keys], fmt), out)
        return
    if not files:
        raise BadInput("请给出要检查的年度报告文件或文件夹")
    if against_ledger and sum_:
        raise BadInput("--against-ledger 与 --sum 不能同用")
    if sum_:
        results = [lint_mod.lint_sum(files, rule, strict)]
    else:
        results = lint_mod.lint_files(files, previous, rule, strict)
    if against_ledger:
        ledger = open_ledger(ctx, db)
        for r in results:
            lint_mod.add_ledger_comparison(r, ledger, year=year, org=org, rollup=rollup, rules=rule)
    if write_baseline:
        from disclosure_cli.report.review import write_baseline as write_it

        n = write_it([((r.report.org or "") if r.report else "", r.findings) for r in results], write_baseline)
        err(f"已把 {n} 个问题写入基线 {write_baseline}")
    if baseline:
        from disclosure_cli.report.review import in_baseline, read_baseline

        known = read_baseline(baseline)
        for r in results:
            unit = (r.report.org or "") if r.report else ""
            kept = [f for f in r.findings if not in_baseline(known, unit, f)]
            if len(kept) < len(r.findings):
                r.notes.append(f"{r.path}：基线中已有的 {len(r.findings) - len(kept)} 个问题未列出")
            r.findings = kept
    findings = [f for r in results for f in r.findings]
    unreadable = [r for r in results if r.error]
    if findings or asked or out:
        print_findings(findings, fmt, out, show_source=True)
    if fmt == "table" or (fmt not in ("csv", "tsv", "json") and len(results) > 1):
        summary = [
            {"path": r.path, "year": r.report.year if r.report else "", "errors": r.errors, "warnings": r.warnings,
             "status": "无法读取：" + r.error.removeprefix("无法读取：") if r.error else ("有错误" if r.errors else ("有警告" if r.warnings else "通过"))}
            for r in results
        ]
        cols = [("path", "文件"), ("year", "年度"), ("errors", "错误"), ("warnings", "警告"), ("status", "结论")]
        from disclosure_cli.cli.common import err

        text = records_text(summary, cols, "txt")
        err(text or "")
    else:
        from disclosure_cli.cli.common import err

        for r in results:
            if r.error:
                err(f"{r.path}：无法读取：{r.error.removeprefix('无法读取：')}")
            else:
                err(f"{r.path}：{r.errors} 个错误，{r.warnings} 个警告")
    from disclosure_cli.cli.common import err as _err

    for r in results:
        for note in r.notes:
            _err(note)
    if any(r.errors for r in results) or unreadable:
        raise typer.Exit(1)


def report_publish(
    ctx: typer.Context,
    year: YearOpt = None,
    date: Annotated[str | None, typer.Option("--date", help="发布日期（报告上网的日期），如 2024-01-20", show_default=False)] = None,
    url: Annotated[str | None, typer.Option("--url", help="发布的网址", show_default=False)] = None,
    org: OrgOpt = None,
    rollup: RollupOpt = False,
    replace: Annotated[bool, typer.Option("--replace", help="重新发布（如网站上的报告已更正）：原发布记录保留并标为作废")] = False,
    out_dir: Annotated[
        str | None, typer.Option("--out-dir", help="把发布的各格式文件（txt md html json docx xlsx）写到此文件夹，即上网的文件", show_default=False)
    ] = None,
    today: Annotated[str | None, typer.Option("--today", help="以此日期为“今天”（默认今天）", show_default=False)] = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记年度报告已发布：保存发布时的全部单元格、每种格式文件的哈希，以及所计入的每条记录。

    以后台账的改动如使该年度的单元格变化，disc check 会报告 L-CHANGED-AFTER-PUBLISH（指出单元格和记录）；
    disc lint 网站上的文件 --against-ledger 会逐格与发布的版本比对。发布日期晚于截止日时 disc check 报告 L-REPORT-DATE。

    示例：disc report publish --year 2023 --date 2024-01-20 --url https://www.example.gov.cn/2023nb.html
    """
    from disclosure_cli.cli.common import info, parse_today
    from disclosure_cli.errors import BadInput
    from disclosure_cli.report import desk

    given = ctx.meta.get("report_scope", {})
    year, org, rollup = year or given.get("year"), org or given.get("org"), rollup or given.get("rollup", False)
    if not date:
        raise BadInput("请用 --date 给出发布日期，如 --date 2024-01-20")
    y = need_year(year)
    ledger = open_ledger(ctx, db, clerk)
    res = desk.publish(
        ledger, y, date, url=url, org=org, rollup=rollup, replace=replace, out_dir=out_dir,
        today=parse_today(today).isoformat(),
    )
    sys.stdout.write(f"{res.id}\n")
    info(f"已登记 {res.org}{y} 年度报告于 {res.published} 发布：{res.cells} 个单元格，{len(res.hashes)} 种格式的哈希")
    for p in res.files:
        info(f"  {p}")
    if res.findings:
        info(f"注意：该报告有 {len(res.findings)} 个错误（E），请用 disc check --year {y} 查看，更正后用 --replace 重新登记")
    if res.todo:
        info("注意：报告正文中仍有【待填写】，请确认网站上发布的是补写后的版本（disc narrative set 补写后用 --replace 重新登记）")


def report_published(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", "-y", help="只看某年度", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="也列出已被重新发布替换的记录")] = False,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """列出登记发布的年度报告（单位、年度、发布日期、网址、docx 的哈希）。

    示例：disc report published --format csv
    """
    from disclosure_cli.output import deliver, records_text, resolve_format
    from disclosure_cli.report import desk

    fmt = resolve_format(fmt, out)
    rows = desk.publication_rows(open_ledger(ctx, db), year, include_void=all_)
    cols = [("id", "编号"), ("org", "单位"), ("year", "年度"), ("scope", "范围"), ("published", "发布日期"), ("url", "网址"),
            ("recorded_at", "登记时间"), ("sha256_docx", "docx 哈希")]
    if all_:
        cols.append(("replaced_at", "被替换时间"))
    if fmt in ("csv", "tsv", "json"):
        cols = [(k, k) for k, _ in cols]
    else:
        for r in rows:
            r["scope"] = {"own": "本单位", "rollup": "汇总"}.get(r["scope"], r["scope"])
    deliver(records_text(rows, cols, fmt), out)


def explain(
    ctx: typer.Context,
    year: YearOpt = None,
    table: Annotated[str | None, typer.Option("--table", "-t", help="items（信息条数）、t2、t3、t4", show_default=False)] = None,
    row: Annotated[str | None, typer.Option("--row", help="行：代码或标签，如 wechat、granted、review、total", show_default=False)] = None,
    column: Annotated[
        str | None, typer.Option("--column", help="列：代码或标签，如 total、natural_person、upheld", show_default=False)
    ] = None,
    org: OrgOpt = None,
    rollup: RollupOpt = False,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """列出某个单元格背后的记录（编号、日期、标题或事由、计数），其合计等于单元格的数字。

    不含申请人姓名、联系方式等个人信息。行列代码见 README（与 stats --format csv 相同）。

    示例：disc explain --year 2023 --table items --row wechat --column total
    示例：disc explain --year 2023 --table t3 --row granted --column natural_person
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.output import deliver, records_text, resolve_format
    from disclosure_cli.report import desk

    missing = [name for name, v in (("--table", table), ("--row", row), ("--column", column)) if not v]
    if missing:
        raise BadInput(f"请给出 {'、'.join(missing)}，如 disc explain --year 2023 --table items --row wechat --column total")
    y = need_year(year)
    fmt = resolve_format(fmt, out)
    ex = desk.explain(open_ledger(ctx, db), y, table, row, column, org=org, rollup=rollup)
    cols = [("org", "单位"), ("kind", "类型"), ("id", "编号"), ("ref", "文号/申请号"), ("date", "日期"), ("text", "标题/事由"),
            ("count", "计数")]
    if fmt == "json":
        import json

        from disclosure_cli.output import json_value

        doc = {
            "year": ex.year, "org": ex.org, "table": ex.table, "row": ex.row, "column": ex.column,
            "value": json_value(ex.value), "total": json_value(ex.total),
            "records": [{k: json_value(v) for k, v in r.items()} for r in ex.rows()],  # a fee's amount is a Decimal
        }
        deliver(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", out)
        return
    from disclosure_cli.cli.common import err

    if fmt in ("csv", "tsv"):
        deliver(records_text(ex.rows(), [(k, k) for k, _ in cols], fmt), out)
    else:
        deliver(records_text(ex.rows(), cols, fmt) if ex.records else "", out)
    verdict = "与单元格一致" if ex.balanced else f"与单元格的 {ex.value} 不一致"
    err(f"{ex.year} 年{ex.label}：{ex.value}；{len(ex.records)} 条记录，合计 {ex.total}，{verdict}")
    if ex.below:  # a district's own cell is empty while its units hold records (issue 21)
        err(f"注意：这是「{ex.org}」自己的记录；其下级单位合计为 {ex.below}。看全部：{ex.rollup_command}")
