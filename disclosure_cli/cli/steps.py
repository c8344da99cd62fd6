"""Steps a letter relies on (issue 20): reasons asked and given (条例第三十五条), a third party's answer
(条例第三十二条); and 第四十一条 requests to correct a record about oneself."""


from typing import Annotated

import typer

from disclosure_cli.cli.common import ClerkOpt, DbOpt, FormatOpt, OrgOpt, OutOpt, YearOpt, info, open_ledger
from disclosure_cli.cli.records import request_app

RefArg = Annotated[str, typer.Argument(help="申请编号（2024-003）或 id")]
DateOpt = Annotated[str, typer.Option("--date", "-d", help="日期")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="说明", show_default=False)]


def register(app: typer.Typer) -> None:
    request_app.command("ask-reasons")(request_ask_reasons)
    request_app.command("reasons")(request_reasons)
    request_app.command("consult-answer")(request_consult_answer)
    request_app.command("delay")(request_delay)
    correction_app = typer.Typer(
        help="第四十一条：要求更正与本人相关的政府信息记录（不是政府信息公开申请，不计入表三）。", no_args_is_help=True
    )
    correction_app.command("add")(record_correction_add)
    correction_app.command("answer")(record_correction_answer)
    correction_app.command("list")(record_correction_list)
    app.add_typer(correction_app, name="record-correction")


def request_ask_reasons(
    ctx: typer.Context, ref: RefArg, day: DateOpt, note: NoteOpt = None, org: OrgOpt = None, db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记已要求申请人说明理由（条例第三十五条：申请的数量、频次明显超过合理范围）。

    以「不予处理」答复此类申请之前须先登记本步骤。

    示例：disc request ask-reasons 2024-003 --date 2024-03-05
    """
    from disclosure_cli.ledger import steps

    steps.record_event(open_ledger(ctx, db, clerk), ref, "reasons_asked", day, detail=note, org=org)
    info(f"已登记：{day} 要求申请人说明理由（申请 {ref}）")


def request_reasons(
    ctx: typer.Context, ref: RefArg, day: DateOpt, note: NoteOpt = None, org: OrgOpt = None, db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记收到申请人说明的理由（条例第三十五条）。

    示例：disc request reasons 2024-003 --date 2024-03-10 --note "称系课题研究所需"
    """
    from disclosure_cli.ledger import steps

    steps.record_event(open_ledger(ctx, db, clerk), ref, "reasons_given", day, detail=note, org=org)
    info(f"已登记：{day} 收到申请人说明的理由（申请 {ref}）")


def request_delay(
    ctx: typer.Context,
    ref: RefArg,
    until: Annotated[str, typer.Option("--until", help="延迟答复的合理期限（最迟答复日期）")],
    day: DateOpt,
    note: NoteOpt = None,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记确定延迟答复的合理期限（条例第三十五条：认为申请人说明的理由合理，但无法在第三十三条规定的期限内答复）。

    答复期限随之改为该日期；告知申请人用 disc request letter 编号 --kind delay。

    示例：disc request delay 2024-003 --date 2024-03-20 --until 2024-05-31 --note "申请涉及 2015 年以来的全部档案"
    """
    from disclosure_cli.ledger import steps

    steps.record_event(open_ledger(ctx, db, clerk), ref, "delay_set", day, detail=note, until=until, org=org)
    info(f"已登记：{day} 确定延迟答复的合理期限至 {until}（申请 {ref}）；告知申请人：disc request letter {ref} --kind delay")


def request_consult_answer(
    ctx: typer.Context,
    ref: RefArg,
    party: Annotated[str, typer.Option("--from", help="提出意见的第三方或共同制作机关（与征询函的 --to 一致）")],
    day: DateOpt,
    agrees: Annotated[bool, typer.Option("--agrees", help="第三方同意公开")] = False,
    objects: Annotated[bool, typer.Option("--objects", help="第三方不同意公开")] = False,
    note: NoteOpt = None,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记第三方对征询函的书面意见（条例第三十二条）。

    以「会损害第三方合法权益」不予公开之前，须已出具征询函，并登记第三方的意见或等待15个工作日期满。

    示例：disc request consult-answer 2024-003 --from 某某置业有限公司 --date 2024-03-15 --objects --note "涉及商业秘密"
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import steps

    if agrees == objects:
        raise BadInput("请写明第三方的意见：--agrees（同意公开）或 --objects（不同意公开），二者选一")
    steps.record_event(
        open_ledger(ctx, db, clerk), ref, "consult_answer", day, party=party, position="agrees" if agrees else "objects",
        detail=note, org=org,
    )
    info(f"已登记第三方意见：{'同意' if agrees else '不同意'}公开（申请 {ref}）")


def record_correction_add(
    ctx: typer.Context,
    received: Annotated[str, typer.Option("--received", help="收到日期")],
    subject: Annotated[str, typer.Option("--subject", help="要求更正的记录及不准确之处")],
    evidence: Annotated[str | None, typer.Option("--evidence", help="申请人提供的证据", show_default=False)] = None,
    name: Annotated[str | None, typer.Option("--name", help="申请人姓名（个人信息，单独保存）", show_default=False)] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="联系电话（个人信息）", show_default=False)] = None,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记要求更正与本人相关的政府信息记录的请求（条例第四十一条），打印编号。

    示例：disc record-correction add --received 2024-05-06 --subject "低保名册中本人的家庭人口数有误" --evidence 户口簿
    """
    import sys

    from disclosure_cli.ledger import steps

    cid = steps.add_record_correction(
        open_ledger(ctx, db, clerk), received=received, subject=subject, evidence=evidence,
        personal={"name": name, "phone": phone}, org=org,
    )
    sys.stdout.write(f"{cid}\n")


def record_correction_answer(
    ctx: typer.Context,
    cid: Annotated[int, typer.Argument(help="更正请求编号")],
    result: Annotated[str, typer.Option("--result", help="corrected 已更正 | forwarded 转送有权机关 | told 告知向有权机关提出 | refused 不予更正")],
    day: DateOpt,
    reasons: Annotated[str, typer.Option("--reasons", help="理由（审核的情况、不予更正的原因等）")],
    holder: Annotated[str | None, typer.Option("--holder", help="有权更正的机关（转送或告知时必填）", show_default=False)] = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """登记更正请求的处理结果（条例第四十一条）。

    示例：disc record-correction answer 1 --result corrected --date 2024-05-20 --reasons "经核对户籍资料属实，已更正"
    """
    from disclosure_cli.ledger import steps

    steps.answer_record_correction(open_ledger(ctx, db, clerk), cid, result=result, day=day, reasons=reasons, holder=holder)
    info(f"已登记更正请求 {cid} 的处理结果")


def record_correction_list(
    ctx: typer.Context, year: YearOpt = None, org: OrgOpt = None, fmt: FormatOpt = None, out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """列出第四十一条更正请求及其处理结果（不含申请人个人信息）。

    示例：disc record-correction list --year 2024
    """
    from disclosure_cli.ledger import steps
    from disclosure_cli.output import deliver, records_text, resolve_format

    fmt = resolve_format(fmt, out)
    rows = steps.list_record_corrections(open_ledger(ctx, db), year=year, org=org)
    cols = [("id", "编号"), ("received", "收到日期"), ("subject", "要求更正的记录"), ("result", "处理结果"),
            ("answered", "处理日期"), ("holder", "有权更正的机关"), ("reasons", "理由")]
    deliver(records_text(rows, cols, fmt), out)
