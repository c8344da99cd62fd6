"""Reporting commands: stats, report, check, lint."""


import sys
from typing import Annotated

import typer

from disclosure_cli.cli.common import (
    DbOpt,
    FormatOpt,
    OrgOpt,
    OutOpt,
    YearOpt,
    need_year,
    open_ledger,
)

TableOpt = Annotated[
    list[str] | None,
    typer.Option("--table", "-t", help="只输出某张表：items（信息条数）、t2、t3、t4；可多次给出"),
]
RollupOpt = Annotated[bool, typer.Option("--rollup", help="汇总本单位及其下属全部单位")]


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
    app.command("report")(report)
    app.command("check")(check)
    app.command("lint")(lint)


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

    示例：disc report --year 2023 --format html -o 2023年报.html
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.output import deliver, resolve_format
    from disclosure_cli.report import build

    y = need_year(year)
    fmt = resolve_format(fmt, out, REPORT_FORMATS, default_tty="txt")
    if fmt in ("docx", "xlsx") and (not out or out == "-"):
        raise BadInput(f"{fmt} 格式需要用 -o 指定输出文件，如 -o {y}年报.{fmt}")
    rep = build.build_full_report(open_ledger(ctx, db), y, org=org, rollup=rollup)
    if signed:
        from disclosure_cli.ledger.fields import parse_date

        rep.signed = parse_date(signed, "成文日期（--date）", allow_future=True)
    if fmt in ("docx", "xlsx"):
        from disclosure_cli.report import office

        (office.write_docx if fmt == "docx" else office.write_xlsx)(rep, out)
        return
    from disclosure_cli.report import render

    deliver(render.render(rep, fmt), out)


def print_findings(findings, fmt: str, out: str | None, *, show_source: bool = False) -> None:
    from disclosure_cli.output import deliver, records_text

    rows = [f.to_dict() for f in findings]
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
    if fmt in ("csv", "tsv", "json"):
        cols = [(k, k) for k in ("source", "rule", "severity", "table", "row", "column", "where", "expected", "actual", "message")]
    deliver(records_text(rows, cols, fmt, styles=lambda r: "red" if r["severity"] == "E" else "yellow"), out)


RuleOpt = Annotated[
    list[str] | None,
    typer.Option("--rule", help="只看某些规则：代码（不分大小写，如 t3-balance），或前缀（T3-*、L-）；可多次给出"),
]
ListRulesOpt = Annotated[bool, typer.Option("--list-rules", help="列出全部规则（代码、级别、适用范围、说明）")]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="也列出推测性的问题：正文措辞不止一种读法时（如「办理申请 N 件」）的不一致")
]


def _list_rules(kinds: tuple[str, ...], fmt: str | None, out: str | None) -> None:
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


def check(
    ctx: typer.Context,
    year: YearOpt = None,
    rule: RuleOpt = None,
    list_rules: ListRulesOpt = False,
    today: Annotated[str | None, typer.Option("--today", help="以此日期为“今天”判断逾期（默认今天）")] = None,
    org: OrgOpt = None,
    strict: StrictOpt = False,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """检查某年度的台账和报告：表格勾稽、跨年度衔接、正文与表格一致、三审、期限。

    无问题时不输出、退出码 0；有问题时列出规则代码、级别、单元格和两边的数字；有错误（E）时退出码 1。

    示例：disc check --year 2023
    示例：disc check --year 2023 --rule T3-*
    示例：disc check --list-rules
    """
    from disclosure_cli.cli.common import parse_today
    from disclosure_cli.output import resolve_format
    from disclosure_cli.report import ledger_checks
    from disclosure_cli.report.rules import select

    if list_rules:
        _list_rules(("ledger",), fmt, out)
        return
    chosen = select(rule)
    y = need_year(year)
    asked = fmt is not None
    fmt = resolve_format(fmt, out)
    when = parse_today(today).isoformat()
    ledger = open_ledger(ctx, db)
    findings = ledger_checks.check_ledger(ledger, y, org=org, today=when, rules=chosen, strict=strict)
    # silent when clean (like hledger check); an explicit --format or -o always gives something
    # that parses, even empty: the CSV header, [] (issue 9)
    if findings or asked or out:
        print_findings(findings, fmt, out)
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
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """检查已发布或待发布的年度报告文件：表格勾稽、格式（过时模板、标签错误、空白单元格）、正文与表格是否一致。

    有错误（E）时退出码 1。可一次检查一个文件夹：disc lint 各街道年报/

    示例：disc lint 2023年报.pdf --previous 2022年报.pdf
    """
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
    if sum_:
        results = [lint_mod.lint_sum(files, rule, strict)]
    else:
        results = lint_mod.lint_files(files, previous, rule, strict)
    findings = [f for r in results for f in r.findings]
    unreadable = [r for r in results if r.error]
    if findings or asked or out:
        print_findings(findings, fmt, out, show_source=True)
    if fmt == "table" or (fmt not in ("csv", "tsv", "json") and len(results) > 1):
        summary = [
            {"path": r.path, "year": r.report.year if r.report else "", "errors": r.errors, "warnings": r.warnings,
             "status": "无法读取：" + r.error if r.error else ("有错误" if r.errors else ("有警告" if r.warnings else "通过"))}
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
                err(f"{r.path}：无法读取：{r.error}")
            else:
                err(f"{r.path}：{r.errors} 个错误，{r.warnings} 个警告")
    if any(r.errors for r in results) or unreadable:
        raise typer.Exit(1)
