"""Commands for the records behind tables 二/三/四 and the report prose:
doc, decision, fee, case, request, narrative."""


import sys
from typing import Annotated

import typer

from disclosure_cli.cli.common import (
    AllowFutureOpt,
    ClerkOpt,
    DbOpt,
    FormatOpt,
    OrgOpt,
    OutOpt,
    RollupOpt,
    YearOpt,
    info,
    need_year,
    open_ledger,
)

doc_app = typer.Typer(help="规章、行政规范性文件（表二 第二十条第（一）项）")
decision_app = typer.Typer(help="行政许可、行政处罚、行政强制决定（表二 第二十条第（五）（六）项）")
fee_app = typer.Typer(help="行政事业性收费（表二 第二十条第（八）项；按元登记，表中以万元显示）")
case_app = typer.Typer(help="行政复议、行政诉讼案件（表四）")
request_app = typer.Typer(help="政府信息公开申请（表三）")
narrative_app = typer.Typer(help="年度报告正文（一、五、六部分），可使用 {items.total} 等占位符")


def register(app: typer.Typer) -> None:
    app.add_typer(doc_app, name="doc")
    app.add_typer(decision_app, name="decision")
    app.add_typer(fee_app, name="fee")
    app.add_typer(case_app, name="case")
    app.add_typer(request_app, name="request")
    app.add_typer(narrative_app, name="narrative")


def _print_id(value: object) -> None:
    sys.stdout.write(f"{value}\n")


# --------------------------------------------------------------------------- doc
DuplicateOpt = Annotated[
    str | None,
    typer.Option("--duplicate-reason", help="同一文号有意再登记一次的原因（否则重复的文号会被拒绝）", show_default=False),
]


@doc_app.command("add")
def doc_add(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option("--kind", help="regulation/规章 或 normative_document/行政规范性文件")],
    title: Annotated[str, typer.Option("--title", "-t", help="文件标题")],
    issued: Annotated[str, typer.Option("--issued", help="制发日期")],
    number: Annotated[str | None, typer.Option("--number", help="文号")] = None,
    repealed: Annotated[str | None, typer.Option("--repealed", help="废止日期")] = None,
    interpretation: Annotated[
        str | None, typer.Option("--interpretation", help="政策解读的链接（行政规范性文件应同步发布解读）", show_default=False)
    ] = None,
    org: OrgOpt = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
    duplicate_reason: DuplicateOpt = None,
) -> None:
    """登记一件规章或行政规范性文件，打印其编号。

    示例：disc doc add --kind normative_document --number 惠南街发〔2023〕3号 --title 关于… --issued 2023-03-01
    """
    from disclosure_cli.ledger import records

    _print_id(
        records.add_document(
            open_ledger(ctx, db, clerk), kind=kind, title=title, issued=issued, number=number, repealed=repealed, org=org,
            allow_future=allow_future, interpretation=interpretation, duplicate_reason=duplicate_reason,
        )
    )


@doc_app.command("interpret")
def doc_interpret(
    ctx: typer.Context,
    doc_id: Annotated[int, typer.Argument(help="文件编号")],
    url: Annotated[str | None, typer.Option("--url", help="政策解读的链接", show_default=False)] = None,
    clear: Annotated[bool, typer.Option("--clear", help="清除已登记的解读链接")] = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记文件的政策解读链接（disc check --assess 查找没有解读的行政规范性文件）。

    示例：disc doc interpret 3 --url https://www.example.gov.cn/jd/3.html
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import desk

    if (url is None) == (not clear):
        raise BadInput("请给出 --url 解读链接，或 --clear，二者选一")
    desk.set_interpretation(open_ledger(ctx, db, clerk), doc_id, None if clear else url)
    info(f"已{'清除' if clear else '登记'}文件 {doc_id} 的政策解读链接")


@doc_app.command("repeal")
def doc_repeal(
    ctx: typer.Context,
    doc_id: Annotated[int, typer.Argument(help="文件编号")],
    date: Annotated[str, typer.Option("--date", help="废止日期")],
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记文件废止。示例：disc doc repeal 3 --date 2023-12-01"""
    from disclosure_cli.ledger import records

    records.repeal_document(open_ledger(ctx, db, clerk), doc_id, date, allow_future=allow_future)
    info(f"已登记文件 {doc_id} 废止")


@doc_app.command("list")
def doc_list(ctx: typer.Context, org: OrgOpt = None, fmt: FormatOpt = None, out: OutOpt = None, db: DbOpt = None) -> None:
    """列出规章和行政规范性文件。"""
    from disclosure_cli.ledger import records
    from disclosure_cli.output import deliver, records_text, resolve_format

    rows = records.list_documents(open_ledger(ctx, db), org=org)
    cols = [("id", "编号"), ("kind", "类型"), ("number", "文号"), ("title", "标题"), ("issued", "制发日期"), ("repealed", "废止日期"),
            ("interpretation", "政策解读")]
    deliver(records_text(rows, cols, resolve_format(fmt, out)), out)


# --------------------------------------------------------------------------- decision
@decision_app.command("add")
def decision_add(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option("--kind", help="license/行政许可、penalty/行政处罚、coercion/行政强制")],
    date: Annotated[str, typer.Option("--date", "-d", help="决定日期")],
    count: Annotated[int, typer.Option("--count", "-n", help="决定数量")] = 1,
    ref: Annotated[str | None, typer.Option("--ref", help="决定书文号或来源系统编号")] = None,
    org: OrgOpt = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
    duplicate_reason: DuplicateOpt = None,
) -> None:
    """登记行政许可、处罚、强制决定，打印其编号。

    示例：disc decision add --kind penalty --date 2023-06-01 --ref 惠南街罚〔2023〕5号
    """
    from disclosure_cli.ledger import records

    _print_id(records.add_decision(open_ledger(ctx, db, clerk), kind=kind, date=date, count=count, ref=ref, org=org, allow_future=allow_future,
                                          duplicate_reason=duplicate_reason))


@decision_app.command("import")
def decision_import(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="CSV/TSV/JSON lines/.xlsx；表头：类型/kind、决定日期/decided、数量/count、文号/ref", metavar="FILE")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，不写入")] = False,
    org: OrgOpt = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
    duplicate_reason: DuplicateOpt = None,
) -> None:
    """从其他系统导出的文件批量导入决定（全有或全无）。

    示例：disc decision import 处罚决定.csv
    """
    from disclosure_cli.ledger import records

    n = records.import_decisions(open_ledger(ctx, db, clerk), file, dry_run=dry_run, org=org, allow_future=allow_future,
                                 duplicate_reason=duplicate_reason)
    info(("校验通过（未写入）：" if dry_run else "已导入：") + f"{n} 行")


# --------------------------------------------------------------------------- fee
@fee_app.command("add")
def fee_add(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", "-d", help="收费日期")],
    amount: Annotated[str, typer.Option("--amount", help="金额（元），如 1200.50")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    org: OrgOpt = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记一笔行政事业性收费（元，精确到分）。示例：disc fee add --date 2023-04-01 --amount 1200.50"""
    from disclosure_cli.ledger import records

    _print_id(records.add_fee(open_ledger(ctx, db, clerk), date=date, amount=amount, note=note, org=org, allow_future=allow_future))


# --------------------------------------------------------------------------- case
@case_app.command("add")
def case_add(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option("--kind", help="review/行政复议、suit_direct/未经复议直接起诉、suit_after_review/复议后起诉")],
    filed: Annotated[str, typer.Option("--filed", help="申请复议或起诉的日期")],
    ref: Annotated[str | None, typer.Option("--ref", help="案号")] = None,
    request: Annotated[str | None, typer.Option("--request", help="引起案件的申请（申请编号，如 2024-003）", show_default=False)] = None,
    served: Annotated[
        str | None, typer.Option("--served", help="本机关收到复议申请书或起诉状副本的日期（答复期限由此起算）", show_default=False)
    ] = None,
    org: OrgOpt = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
    duplicate_reason: DuplicateOpt = None,
) -> None:
    """登记一件因政府信息公开被申请复议或起诉的案件，打印其编号。

    给出 --served 时算出本机关的答复期限：复议 10 个工作日（行政复议法第四十八条、第八十八条），
    诉讼 15 日（行政诉讼法第六十七条），并列入 disc due。

    示例：disc case add --kind review --filed 2024-09-20 --ref 惠复〔2024〕12号 --request 2024-003 --served 2024-09-27
    """
    from disclosure_cli.ledger import records

    ledger = open_ledger(ctx, db, clerk)
    case_id = records.add_case(ledger, kind=kind, filed=filed, ref=ref, org=org, allow_future=allow_future,
                               duplicate_reason=duplicate_reason, request=request, served=served)
    _print_id(case_id)
    _answer_note(ledger, case_id)


def _answer_note(ledger, case_id: int) -> None:  # type: ignore[no-untyped-def]
    from disclosure_cli.ledger import cases

    got = cases.cases(ledger, case_id=case_id)
    if got and got[0]["answer_due"] and not got[0]["answered"]:
        info(f"案件 {case_id} 的答复（答辩）期限：{got[0]['answer_due']}；提交后登记 disc case answer {case_id} --date 日期")


@case_app.command("answer")
def case_answer(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument(help="案件编号")],
    answered: Annotated[str | None, typer.Option("--date", "-d", help="提交书面答复或答辩状（及证据）的日期", show_default=False)] = None,
    served: Annotated[str | None, typer.Option("--served", help="收到复议申请书或起诉状副本的日期", show_default=False)] = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记收到复议申请书或起诉状副本的日期、提交答复或答辩状的日期。

    示例：disc case answer 2 --served 2024-09-27；disc case answer 2 --date 2024-10-15
    """
    from disclosure_cli.ledger import cases

    ledger = open_ledger(ctx, db, clerk)
    cases.record_answer(ledger, case_id, answered=answered, served=served, allow_future=allow_future)
    info(f"已登记案件 {case_id}")
    _answer_note(ledger, case_id)


@case_app.command("close")
def case_close(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument(help="案件编号")],
    date: Annotated[str, typer.Option("--date", "-d", help="审结日期")],
    decision: Annotated[
        str | None, typer.Option("--decision", help="决定或判决的类型，如 维持、撤销、确认违法、驳回诉讼请求（见 docs/cases.md）", show_default=False)
    ] = None,
    result: Annotated[
        str | None, typer.Option("--result", help="表四的结果列：upheld/结果维持、corrected/结果纠正、other/其他结果（默认按决定类型）", show_default=False)
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="结果列与决定类型不一致时的理由", show_default=False)] = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记案件审结：决定类型按 docs/cases.md 的对照表计入表四的结果列。

    示例：disc case close 2 --decision 维持 --date 2024-11-20
    """
    from disclosure_cli import vocab
    from disclosure_cli.ledger import records

    res = records.close_case(open_ledger(ctx, db, clerk), case_id, result=result, date=date, allow_future=allow_future,
                             decision=decision, reason=reason)
    info(f"案件 {case_id} 已审结，计入表四「{vocab.T4_COLUMNS.label(res)}」")


@case_app.command("list")
def case_list(ctx: typer.Context, org: OrgOpt = None, fmt: FormatOpt = None, out: OutOpt = None, db: DbOpt = None) -> None:
    """列出复议诉讼案件：关联的申请、答复期限、决定类型和表四的结果列。"""
    from disclosure_cli import vocab
    from disclosure_cli.ledger import records
    from disclosure_cli.output import deliver, records_text, resolve_format

    fmt = resolve_format(fmt, out)
    rows = records.list_cases(open_ledger(ctx, db), org=org)
    cols = [("id", "编号"), ("kind", "类型"), ("filed", "立案日期"), ("ref", "案号"), ("result", "结果"), ("decided", "审结日期"),
            ("request", "申请"), ("served", "收到副本"), ("answer_due", "答复期限"), ("answered", "提交答复"), ("decision", "决定")]
    if fmt in ("table", "md"):
        for r in rows:
            r["kind"] = vocab.CASE_KINDS.label(r["kind"])
            r["decision"] = vocab.CASE_DECISION[r["decision"]].label if r["decision"] else ""
            r["result"] = vocab.T4_COLUMNS.label(r["result"]) if r["result"] else ""
    deliver(records_text(rows, cols, fmt), out)


# --------------------------------------------------------------------------- request
@request_app.command("add")
def request_add(
    ctx: typer.Context,
    received: Annotated[str, typer.Option("--received", help="收到申请之日")],
    applicant_type: Annotated[
        str,
        typer.Option(
            "--applicant-type",
            help="natural_person/自然人、business/商业企业、research/科研机构、public_interest/社会公益组织、legal_service/法律服务机构、other_org/其他",
        ),
    ],
    subject: Annotated[str, typer.Option("--subject", help="申请公开的内容")],
    via: Annotated[str | None, typer.Option("--via", help="当面、信函、网络、传真、电子邮件")] = None,
    name: Annotated[str | None, typer.Option("--name", help="申请人姓名或名称（个人信息）")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="联系电话（个人信息）")] = None,
    id_number: Annotated[str | None, typer.Option("--id-number", help="身份证件号码（个人信息）")] = None,
    address: Annotated[str | None, typer.Option("--address", help="通讯地址（个人信息）")] = None,
    org: OrgOpt = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记一件政府信息公开申请，打印其编号（如 2023-007，电话里好说）。

    申请人姓名和联系方式作为个人信息单独保存，不出现在统计、报告、导出和日志中。

    示例：disc request add --received 2023-03-02 --applicant-type 自然人 --subject "某小区改造规划" --via 网络
    """
    from disclosure_cli.ledger import requests

    _, number = requests.add_request(
        open_ledger(ctx, db, clerk),
        received=received,
        applicant_type=applicant_type,
        subject=subject,
        via=via,
        personal={"name": name, "phone": phone, "id_number": id_number, "address": address},
        org=org,
        allow_future=allow_future,
    )
    _print_id(number)


@request_app.command("close")
def request_close(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="申请编号（2023-007）或 id")],
    outcome: Annotated[str, typer.Option("--outcome", help="办理结果：代码（如 granted）或中文（如 予以公开、重复申请）")],
    date: Annotated[str, typer.Option("--date", "-d", help="答复（办结）日期")],
    org: OrgOpt = None,
    allow_future: AllowFutureOpt = False,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记申请的办理结果（表三“本年度办理结果”21 种结果之一；一件申请只计一个结果）。

    示例：disc request close 2023-007 --outcome 予以公开 --date 2023-03-20
    """
    from disclosure_cli import vocab
    from disclosure_cli.ledger import requests
    from disclosure_cli.ledger.deadlines import entry_warnings

    ledger = open_ledger(ctx, db, clerk)
    code = requests.close_request(ledger, ref, outcome=outcome, date=date, org=org, allow_future=allow_future)
    info(f"申请 {ref} 已办结：{vocab.OUTCOMES.label(code)}")
    for note in entry_warnings(ledger, ref, org):
        info(note)


@request_app.command("reopen")
def request_reopen(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="申请编号或 id")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="更正原因")],
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """撤销已登记的办理结果（记入修改记录），以便更正。"""
    from disclosure_cli.ledger import requests

    requests.reopen_request(open_ledger(ctx, db, clerk), ref, reason=reason, org=org)
    info(f"申请 {ref} 已重新打开")


@request_app.command("purge-personal")
def request_purge(
    ctx: typer.Context,
    before: Annotated[str, typer.Option("--before", help="清除在此日期前办结的申请的个人信息")],
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """清除已办结申请的申请人个人信息（姓名、证件号、电话、地址），统计数字不变。"""
    from disclosure_cli.ledger import requests

    done = requests.purge_personal(open_ledger(ctx, db, clerk), before, org=org)
    info(f"已清除 {done.applications} 件申请的个人信息")
    if done.backups:
        info("台账旁的备份中的这些个人信息也已清除：" + "、".join(str(b) for b in done.backups))


# --------------------------------------------------------------------------- narrative
@narrative_app.command("set")
def narrative_set(
    ctx: typer.Context,
    year: YearOpt = None,
    part: Annotated[str, typer.Option("--part", "-p", help="一、五 或 六（也可写 1、5、6）")] = "",
    file: Annotated[str, typer.Option("--file", help="正文文件（Markdown 或纯文本，UTF-8）；- 为标准输入")] = "",
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """保存年度报告某一部分的正文。数字请用占位符（如 {items.total}、{t3.new.total}），报告生成时自动填入。

    示例：disc narrative set --year 2023 --part 五 --file 问题与改进.md
    """
    from disclosure_cli.errors import BadInput

    y = need_year(year)
    if not part:
        raise BadInput("请用 --part 指定部分（一、五 或 六）")
    if not file:
        raise BadInput("请用 --file 指定正文文件")
    from disclosure_cli.files import read_text_file

    text = read_text_file(file, "报告正文", max_bytes=2_000_000)
    from disclosure_cli.report import narrative

    p = narrative.store(open_ledger(ctx, db, clerk), year=y, part=part, text=text, org=org)
    info(f"已保存 {y} 年报告第{p}部分正文")


@narrative_app.command("placeholders")
def narrative_placeholders(
    ctx: typer.Context,
    year: YearOpt = None,
    org: OrgOpt = None,
    rollup: RollupOpt = False,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """列出正文可用的全部占位符、含义及其在该年度报告中的数值。

    示例：disc narrative placeholders --year 2023
    """
    from disclosure_cli.output import deliver, records_text, resolve_format
    from disclosure_cli.report import build, narrative

    y = need_year(year)
    fmt = resolve_format(fmt, out)
    ledger = open_ledger(ctx, db)
    rep = build.build_report(ledger, y, org=org, rollup=rollup)
    rep.fee = build.fee_summary(ledger, y, build.org_ids(ledger, org, rollup))
    deliver(records_text(narrative.placeholder_rows(rep), [("key", "占位符"), ("label", "含义"), ("value", "数值")], fmt), out)


@narrative_app.command("show")
def narrative_show(
    ctx: typer.Context,
    year: YearOpt = None,
    part: Annotated[str, typer.Option("--part", "-p")] = "",
    org: OrgOpt = None,
    db: DbOpt = None,
) -> None:
    """显示已保存的正文（含占位符原文）。"""
    from disclosure_cli.ledger import records

    stored = records.get_narratives(open_ledger(ctx, db), need_year(year), org)
    parts = [records.resolve_part(part)] if part else [p for p in "一二三四五六" if p in stored]
    for p in parts:
        sys.stdout.write(f"== {p} ==\n{stored.get(p, '（未填写，报告中使用自动草稿）')}\n")
