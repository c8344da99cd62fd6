"""Ledger-only rules (L-*): what `disc check` finds in the records themselves — deadlines, sign-offs,
implausible values, steps taken too late. The ledger (ledger/deadlines.py, tally.py, audit.py)
gives the facts; the findings are worded here."""

from __future__ import annotations

from datetime import date

from disclosure_cli import vocab
from disclosure_cli.report.model import Finding
from disclosure_cli.report.rules.base import Context
from disclosure_cli.workdays import fmt_date

MAX_LISTED = 20  # findings listed one by one per rule; the rest are counted in one line
REVIEW_FIELDS = {"drafter": "起草", "reviewer": "审核", "approver": "签发"}
# review_policy in meta: none | full (三审: drafted, reviewed, approved)
POLICIES = {"none": (), "full": tuple(REVIEW_FIELDS), "三审": tuple(REVIEW_FIELDS)}


def _more(rule: str, total: int, what: str, table: str = "requests") -> list[Finding]:
    """One line counting the findings of a rule beyond the first MAX_LISTED."""
    if total <= MAX_LISTED:
        return []
    return [Finding(rule, "W", f"另有 {total - MAX_LISTED} {what}（共 {total} {what[:1]}）", table=table)]


def implausible(ctx: Context) -> None:
    """L-IMPLAUSIBLE: records an older disc (or another tool) let in that this one would refuse."""
    from disclosure_cli.ledger.audit import implausible as find

    found, total = find(ctx.ledger, ctx.ids, ctx.today)
    for rec in found:
        label = f"「{rec['label']}」" if rec["label"] else ""
        ctx.add(
            "L-IMPLAUSIBLE",
            f"{rec['what']} {rec['id']}{label}的数据不合理（{'，'.join(rec['problems'])}）：日期应在 2008-05-01 至今天之间，"
            "数量不超过 100,000；请核实后用 disc edit 更正或 disc void 作废",
            table=rec["table"],
            where=f"{rec['what']} {rec['id']}",
        )
    if total > len(found):
        ctx.add("L-IMPLAUSIBLE", f"另有 {total - len(found)} 条记录的数据不合理")


def review(ctx: Context) -> None:
    """L-REVIEW: items lacking the sign-offs the ledger's review policy (三审) asks for."""
    from disclosure_cli.ledger.tally import unsigned_items

    needed = POLICIES.get(ctx.ledger.meta("review_policy", "none") or "none", ())
    if not needed:
        return
    total, rows = unsigned_items(ctx.ledger, ctx.year, ctx.ids, MAX_LISTED, needed)
    for row in rows:
        missing = [REVIEW_FIELDS[f] for f, v in zip(needed, row[2:], strict=True) if not (v or "").strip()]
        ctx.add("L-REVIEW", f"信息 {row[0]}「{row[1]}」缺少三审签字：{'、'.join(missing)}", table="items", where=f"信息 {row[0]}")
    if total > MAX_LISTED:
        ctx.add("L-REVIEW", f"另有 {total - MAX_LISTED} 条信息缺少三审签字", table="items")


def deadlines(ctx: Context) -> None:
    """L-LATE-REPLY, L-OPEN-OVERDUE, L-CORRECTION-LATE (issue 4)."""
    from datetime import date

    from disclosure_cli.ledger.deadlines import year_deadlines

    today = date.fromisoformat(ctx.today) if ctx.today else date.today()
    got = year_deadlines(ctx.ledger, ctx.year, ctx.ids, today)
    for number, received, closed, due, prov, n in got.late[:MAX_LISTED]:
        ctx.findings.append(Finding(
            "L-LATE-REPLY", "W",
            f"申请 {number}（{fmt_date(received)}收到）于{fmt_date(closed)}答复，"
            f"晚于答复期限{fmt_date(due)}{'（期限暂定）' if prov else ''}，逾期{n}个工作日",
            table="requests", where=f"申请 {number}", expected=due.isoformat(), actual=closed.isoformat(),
        ))
    ctx.findings += _more("L-LATE-REPLY", len(got.late), "件申请逾期答复")
    for number, received, now, due, prov, n in got.open_overdue[:MAX_LISTED]:
        ctx.findings.append(Finding(
            "L-OPEN-OVERDUE", "W",
            f"申请 {number}（{fmt_date(received)}收到）尚未答复，"
            f"答复期限{fmt_date(due)}{'（期限暂定）' if prov else ''}已过，至{fmt_date(now)}逾期{n}个工作日",
            table="requests", where=f"申请 {number}", expected=due.isoformat(), actual=now.isoformat(),
        ))
    ctx.findings += _more("L-OPEN-OVERDUE", len(got.open_overdue), "件未办结申请已逾期")
    for number, received, sent, due, _prov, n in got.correction_late[:MAX_LISTED]:
        ctx.findings.append(Finding(
            "L-CORRECTION-LATE", "W",
            f"申请 {number}（{fmt_date(received)}收到）的补正通知应于{fmt_date(due)}前发出"
            f"（7个工作日，条例第三十条），实际{fmt_date(sent)}发出，晚{n}个工作日",
            table="requests", where=f"申请 {number}", expected=due.isoformat(), actual=sent.isoformat(),
        ))
    ctx.findings += _more("L-CORRECTION-LATE", len(got.correction_late), "件申请的补正通知逾期发出")


def late_publish(ctx: Context) -> None:
    """L-LATE-PUBLISH: published more than 20 working days after formed or changed (条例第二十六条)."""
    from disclosure_cli.ledger.deadlines import late_published

    found = late_published(ctx.ledger, ctx.year, ctx.ids)
    for iid, title, formed, pub, due, provisional, n in found[:MAX_LISTED]:
        ctx.findings.append(Finding(
            "L-LATE-PUBLISH", "W",
            f"信息 {iid}「{title}」形成或变更于{fmt_date(formed)}，应于{fmt_date(due)}"
            f"{'（暂定）' if provisional else ''}前公开（20个工作日，条例第二十六条），"
            f"实际{fmt_date(pub)}公开，晚{n}个工作日",
            table="items", where=f"信息 {iid}", expected=due.isoformat(), actual=pub.isoformat(),
        ))
    ctx.findings += _more("L-LATE-PUBLISH", len(found), "条信息逾期公开", table="items")


def late_steps(ctx: Context) -> None:
    """L-EXTENSION-LATE, L-FEE-NOTICE-LATE: an extension decided, or a fee notice sent, after the
    answer deadline it should have come before (条例第三十三条第二款; 国办函〔2020〕109号)."""
    from disclosure_cli.ledger.deadlines import late_steps as find

    for kind, number, when, due in find(ctx.ledger, ctx.year, ctx.ids):
        if kind == "extension":
            ctx.add(
                "L-EXTENSION-LATE",
                f"申请 {number} 的延期于{fmt_date(when)}批准，晚于原答复期限{fmt_date(due)}：延长应在答复期限内决定并告知申请人",
                table="requests", where=f"申请 {number}", expected=due.isoformat(), actual=when.isoformat(),
            )
        else:
            ctx.add(
                "L-FEE-NOTICE-LATE",
                f"申请 {number} 的收费通知于{fmt_date(when)}发出，晚于答复期限{fmt_date(due)}：收费通知应在答复期限内发出",
                table="requests", where=f"申请 {number}", expected=due.isoformat(), actual=when.isoformat(),
            )


def letters(ctx: Context) -> None:
    """L-LETTER-*: the reply letters and notices against the record (issue 12)."""
    from disclosure_cli.report import letter_checks

    ctx.findings += letter_checks.letter_findings(ctx.ledger, ctx.year, ctx.ids, ctx.today)


def cases(ctx: Context) -> None:
    """L-CASE-*: the respondent's answer in time; a direct suit on a 2024 refusal (issue 25)."""
    from disclosure_cli.ledger import cases as legal
    from disclosure_cli.workdays import fmt_date

    today = date.fromisoformat(ctx.today) if ctx.today else date.today()
    for c in legal.late_answers(ctx.ledger, ctx.ids, ctx.year, today):
        kind = "书面答复" if c["kind"] == "review" else "答辩状"
        where = f"案件 {c['id']}" + (f"（{c['ref']}）" if c["ref"] else "")
        due = fmt_date(date.fromisoformat(c["answer_due"]))
        if c["answered"]:
            message = f"{where}于{fmt_date(date.fromisoformat(c['answered']))}提交{kind}，晚于期限{due}"
        else:
            message = f"{where}的{kind}期限{due}已过，台账没有提交的记录（disc case answer {c['id']} --date 日期）"
        ctx.add("L-CASE-ANSWER-LATE", message, table="t4", row=c["kind"], where=where,
                expected=c["answer_due"], actual=c["answered"])
    for c in legal.direct_suits_on_refusals(ctx.ledger, ctx.ids, ctx.year):
        ctx.add(
            "L-CASE-DIRECT-SUIT",
            f"案件 {c['id']} 直接起诉申请 {c['request']} 的答复（{c['letter']}，{c['letter_dated']}，"
            f"{vocab.OUTCOMES.label(c['outcome'])}）：2024年1月1日起不予公开的决定应先申请行政复议"
            "（行政复议法第二十三条第一款第（四）项），请核对答复书告知的救济途径",
            table="t4", row="suit_direct", where=f"案件 {c['id']}",
        )


def tampered(ctx: Context) -> None:
    """L-TAMPERED: the change log or a frozen publication rewritten outside disc (issue 19)."""
    from disclosure_cli.ledger.audit import tampered as find

    for t in find(ctx.ledger):
        ctx.add("L-TAMPERED", t["detail"] + "：请用备份核对，查明是谁、何时改动的", where=t["where"])


def duplicate_refs(ctx: Context) -> None:
    """L-DUPLICATE-REF: one 文号 on two live records, each counted (issue 19)."""
    from disclosure_cli.ledger.audit import duplicate_refs as find

    tables = {"document": "t2", "decision": "t2", "legal_case": "t4"}
    for d in find(ctx.ledger, ctx.ids, ctx.year):
        ctx.add(
            "L-DUPLICATE-REF",
            f"{d['what']}文号「{d['ref']}」登记了 {d['n']} 次（编号 {d['ids']}），每次都计入了表格：若是重复录入，"
            f"请作废多余的一条（disc void 编号 --kind {'doc' if d['table'] == 'document' else 'decision' if d['table'] == 'decision' else 'case'}）",
            table=tables[d["table"]], where=f"文号 {d['ref']}",
        )
