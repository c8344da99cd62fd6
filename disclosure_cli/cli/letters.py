"""Letters from the application record (issue 12): `disc request letter` and the register `disc request letters`."""


from datetime import date
from typing import Annotated

import typer

from disclosure_cli import vocab
from disclosure_cli.cli.common import (
    ClerkOpt,
    DbOpt,
    FormatOpt,
    OrgOpt,
    OutOpt,
    YearOpt,
    err,
    info,
    open_ledger,
    show_personal,
)
from disclosure_cli.cli.records import request_app

RefArg = Annotated[str, typer.Argument(help="申请编号（2023-007）或 id")]


def register(app: typer.Typer) -> None:
    request_app.command("letter")(request_letter)
    request_app.command("letters")(request_letters)


def request_letter(
    ctx: typer.Context,
    ref: RefArg,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", "-k",
            help="、".join(f"{k.code} {k.label}" for k in vocab.LETTER_SPECS) + "（已办结申请默认 reply）",
            show_default=False,
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option("--date", "-d", help="文书日期（默认：所记录事项的日期，如办结日期、补正通知发出日期）", show_default=False),
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="txt|md|docx（默认按 -o 扩展名，否则 txt）", show_default=False)] = None,
    out: OutOpt = None,
    note: Annotated[
        str | None, typer.Option("--note", help="经办人写的一段文字（补正事项、获取方式、不予公开部分的理由等）", show_default=False)
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="收件的第三方或共同制作机关（征询函、决定公开告知书、共同制作机关征求意见函）", show_default=False)
    ] = None,
    period: Annotated[
        int | None, typer.Option("--period", help="补正或说明理由的期限，工作日（默认15）", show_default=False)
    ] = None,
    preview: Annotated[bool, typer.Option("--preview", help="只预览，不出具、不编号、不写入台账")] = False,
    proactive: Annotated[
        str | None, typer.Option("--proactive", help="予以公开：信息已主动公开的，写明获取途径（引第三十六条第（一）项）", show_default=False)
    ] = None,
    law: Annotated[
        str | None, typer.Option("--law", help="禁止公开或有特别规定的法律、行政法规（名称和条款）", show_default=False)
    ] = None,
    holder: Annotated[
        str | None, typer.Option("--holder", help="本机关不掌握：负责公开该信息的机关及其联系方式（引第三十六条第（五）项）", show_default=False)
    ] = None,
    earlier: Annotated[
        str | None, typer.Option("--earlier", help="重复申请：已作出的答复（文书编号或申请编号）", show_default=False)
    ] = None,
    withheld_basis: Annotated[
        str | None, typer.Option("--withheld-basis", help="部分公开：不予公开的部分属于哪一种（代码或标签，如 withheld.third_party）", show_default=False)
    ] = None,
    basis: Annotated[str | None, typer.Option("--basis", help="办理结果为「其他」时：处理所依据的条款", show_default=False)] = None,
    delivery: Annotated[
        str | None, typer.Option("--delivery", help="送达方式：网上|电子邮件|邮寄|当面|传真（网上送达须写明复议的网上渠道）", show_default=False)
    ] = None,
    delivered: Annotated[
        str | None, typer.Option("--delivered", help="登记送达日期（已出具的文书也可补登；救济期限自送达起算）", show_default=False)
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="送达方式（与 --delivered 一起）：邮寄|当面|电子邮件|网上|传真", show_default=False)] = None,
    delivery_note: Annotated[
        str | None, typer.Option("--delivery-note", help="送达的说明：邮件单号、签收人等", show_default=False)
    ] = None,
    reissue: Annotated[bool, typer.Option("--reissue", help="作废已出具的同类文书，另出具一份新编号的")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="重新出具的原因（与 --reissue 一起）", show_default=False)] = None,
    org: OrgOpt = None,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
) -> None:
    """出具答复书或告知书：内容、依据和日期都来自台账。

    答复书写明办理结果（即表三计数的结果）及其依据、救济途径（复议机关和法院按单位设置，依文书日期适用的
    法律）；告知书写明台账算出的日期（登记回执的答复期限、延期后的期限、缴费期限等）。第一次出具时编号
    （前缀〔年份〕序号号）并记入台账；再次运行原样输出同一份文书。txt、md 输出到屏幕，docx 须用 -o。

    示例：disc request letter 2024-003 -o 答复书.docx；disc request letter 2024-003 --kind receipt
    """
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger.letters import ReplyInput
    from disclosure_cli.output import resolve_format
    from disclosure_cli.report import letters

    fmt = resolve_format(fmt, out, letters.LETTER_FORMATS, default_tty="txt")
    if fmt == "docx" and (not out or out == "-"):
        raise BadInput("docx 格式须用 -o 指定输出文件，如 -o 答复书.docx")
    if reason is not None and not reissue:
        raise BadInput("--reason 用于重新出具：请同时给出 --reissue")
    if reissue and not reason:
        raise BadInput("重新出具须说明原因：--reissue --reason 原因")
    if (delivered is None) != (by is None):
        raise BadInput("登记送达须同时给出 --delivered 日期 和 --by 送达方式")
    if delivered is not None and preview:
        raise BadInput("预览的文书没有出具，不能登记送达（去掉 --preview）")
    if delivered is not None:  # checked before anything is issued
        from disclosure_cli.ledger.fields import parse_date

        parse_date(delivered, "送达日期（--delivered）")
        vocab.DELIVERY.resolve(by, "送达方式（--by）")
    ledger = open_ledger(ctx, db, clerk)
    if out and out != "-":
        from disclosure_cli.files import check_output

        check_output(out)  # before the letter is numbered: a bad -o must not use up a number
    letter = letters.issue(
        ledger,
        ref,
        kind=kind,
        dated=when,
        note=note,
        addressee=to,
        period=period,
        reissue_reason=reason if reissue else None,
        preview=preview,
        org=org,
        today=date.today(),
        given=ReplyInput(proactive=proactive, law=law, holder=holder, earlier=earlier, withheld_basis=withheld_basis,
                         basis=basis, delivery=delivery),
        delivered_by=by,
    )
    if delivered is not None:
        from disclosure_cli.ledger.letters import record_delivery

        said = record_delivery(ledger, letter.stored, delivered, by, delivery_note)  # type: ignore[arg-type]
    _deliver_letter(letter, fmt, out)
    st = letter.stored
    for w in st.warnings:
        err(f"注意：{w}")
    if preview:
        info("预览：未出具、未编号，台账未改动")
    elif st.created:
        info(f"已出具 {st.number}（申请 {st.request}，文书日期 {st.dated}）")
        from disclosure_cli.ledger.letters import pause_suggestion

        hint = pause_suggestion(ledger, st)
        if hint:
            info(hint)
    else:
        info(f"{st.number} 已于 {st.dated} 出具，按原样输出")
    if delivered is not None:
        info(said)


def _deliver_letter(letter, fmt: str, out: str | None) -> None:  # type: ignore[no-untyped-def]
    """The letter to -o FILE (through the one guarded writer) or the screen. Its text was masked for
    its addressee (report.letters.view): the addressee's own name is printed. A write that fails after
    the letter was numbered says so: the number is registered, and rerunning writes the same letter."""
    from disclosure_cli.errors import DiscError
    from disclosure_cli.output import deliver
    from disclosure_cli.report import letters

    show_personal()
    try:
        if fmt == "docx":
            letters.write_docx(letter, out)  # type: ignore[arg-type]
        else:
            deliver(letters.render(letter, fmt), out)
    except DiscError as exc:
        st = letter.stored
        if st is not None and st.created:
            raise type(exc)(
                f"{exc}。文书 {st.number} 已编号并记入台账；解决上述问题后重新运行同一命令，将原样输出这份文书"
            ) from None
        raise


def request_letters(
    ctx: typer.Context,
    year: YearOpt = None,
    include_personal: Annotated[bool, typer.Option("--include-personal", help="同时列出申请人姓名和第三方名称")] = False,
    org: OrgOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """文书登记簿：已出具的答复书、告知书，按编号排列（作废的也列出，编号不再使用）。

    示例：disc request letters --year 2024；disc request letters --year 2024 --format csv -o 文书登记.csv
    """
    from disclosure_cli import vocab
    from disclosure_cli.ledger import letters
    from disclosure_cli.output import deliver, records_text, resolve_format

    fmt = resolve_format(fmt, out)
    rows = letters.register(open_ledger(ctx, db), year=year, org=org, include_personal=include_personal)
    if include_personal:
        show_personal()
    if fmt in ("table", "md"):
        for r in rows:
            r["kind"] = vocab.LETTER_KINDS.label(r["kind"])
            r["outcome"] = vocab.OUTCOMES.get(r["outcome"]).short_label if r["outcome"] else ""
            r["status"] = "已作废：" + (r["void_reason"] or "") if r["status"] == "voided" else "已出具"
    cols = [
        ("number", "文书编号"),
        ("kind", "类型"),
        ("request", "申请编号"),
        ("dated", "日期"),
        ("outcome", "办理结果"),
        ("status", "状态"),
    ]
    if include_personal:
        cols += [("applicant", "申请人"), ("addressee", "第三方")]
    deliver(records_text(rows, cols, fmt), out)
