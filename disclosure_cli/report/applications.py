"""An application as a clerk reads it: the rows of `disc request list` and the account of `disc
request show` (every step of its deadline), built here so that the command only prints them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.fees import FEE_PAYMENT_DAYS, METHOD_LABELS
from disclosure_cli.ledger import deadlines
from disclosure_cli.ledger.deadlines import RequestStatus
from disclosure_cli.report.model import format_number
from disclosure_cli.workdays import WorkCalendar, fmt_date, fmt_day

PERSONAL_COLUMNS = [("name", "姓名"), ("phone", "电话"), ("id_number", "证件号码"), ("address", "地址")]
LIST_COLUMNS = [
    ("number", "编号"),
    ("received", "收到日期"),
    ("applicant_type", "申请人类型"),
    ("subject", "申请内容"),
    ("due", "答复期限"),
    ("provisional", "暂定"),
    ("status", "状态"),
    ("workdays_left", "剩余工作日"),
    ("outcome", "办理结果"),
    ("closed", "办结日期"),
    ("proposal", "建议"),
]


def _yuan(fen: int) -> str:
    return format_number(Decimal(fen) / 100)


def listing(
    rows: list[RequestStatus], cal: WorkCalendar, *, human: bool, include_personal: bool = False
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Records and columns of `disc request list`: labels for people (human), codes for machines.
    Built for 100,000 rows: one deadline text and one working-day count per distinct due date."""
    types = {t.code: (t.short_label if human else t.code) for t in vocab.APPLICANT_TYPES}
    outcomes = {t.code: (t.short_label if human else t.code) for t in vocab.OUTCOMES}
    status_text = dict(deadlines.STATUS_LABELS) if human else {k: k for k in deadlines.STATUS_LABELS}
    yes, no = ("暂定", "") if human else (True, False)
    iso: dict[date, str] = {}
    left: dict[date, int] = {}
    records = []
    append = records.append
    for st in rows:
        dl = st.deadline
        status = st.status
        if dl is not None:
            due = iso.get(dl.due)
            if due is None:
                due = iso[dl.due] = dl.due.isoformat()
        rec = {
            "number": st.number,
            "received": st.received.isoformat(),
            "applicant_type": types.get(st.applicant_type, st.applicant_type),
            "subject": st.subject,
            "due": due if dl is not None else None,
            "provisional": yes if dl is not None and dl.provisional else no,
            "status": status_text[status],
            "workdays_left": deadlines.workdays_left(cal, st, left),
            "outcome": outcomes.get(st.outcome, st.outcome) if st.outcome else None,
            "closed": st.closed.isoformat() if st.closed else None,
            "proposal": None,
        }
        proposal = st.proposal
        if proposal:
            rec["proposal"] = f"建议办结：{vocab.OUTCOMES.label(proposal)}" if human else proposal
        if human and st.error:
            rec["proposal"] = st.error
        if include_personal:
            rec.update(st.personal or {})
        append(rec)
    cols = [
        ("number", "编号"),
        ("received", "收到日期"),
        ("applicant_type", "申请人类型"),
        ("subject", "申请内容"),
        ("due", "答复期限"),
        ("provisional", "暂定"),
        ("status", "状态"),
        ("workdays_left", "剩余工作日"),
        ("outcome", "办理结果"),
        ("closed", "办结日期"),
        ("proposal", "建议"),
    ]
    if include_personal:
        cols += PERSONAL_COLUMNS
    cols = LIST_COLUMNS + (PERSONAL_COLUMNS if include_personal else [])
    return records, cols


def show_json(st: RequestStatus, cal: WorkCalendar, include_personal: bool = False) -> dict[str, Any]:
    """`disc request show --format json`."""
    dl = st.deadline
    doc = {
        "number": st.number,
        "id": st.id,
        "received": st.received.isoformat(),
        "applicant_type": st.applicant_type,
        "subject": st.subject,
        "via": st.via,
        "status": st.status,
        "outcome": st.outcome,
        "closed": st.closed.isoformat() if st.closed else None,
        "due": dl.due.isoformat() if dl else None,
        "provisional": bool(dl and dl.provisional),
        "working_days": dl.working_days if dl else None,
        "correction_due": dl.correction_due.isoformat() if dl and dl.correction_due else None,
        "stopped": dl.stopped if dl else None,
        "workdays_left": deadlines.workdays_left(cal, st),
        "fee_payment_due": st.fee_due.isoformat() if st.fee_due else None,
        "proposal": st.proposal,
        "error": st.error,
        "voided": st.voided,
        "steps": dl.steps if dl else [],
    }
    if include_personal:
        doc["personal"] = st.personal
    if include_personal:
        doc["personal"] = st.personal
    return doc


def show_text(st: RequestStatus, cal: WorkCalendar, include_personal: bool = False) -> str:
    """`disc request show`: the application, its events, and its deadline step by step."""
    dl, ev = st.deadline, st.events
    lines = [f"申请 {st.number}"]
    add = lines.append
    add(f"收到申请之日：{fmt_day(st.received)}")
    add(f"申请人类型：{vocab.APPLICANT_TYPES.label(st.applicant_type)}")
    add(f"申请内容：{st.subject}")
    if st.via:
        add(f"申请方式：{vocab.REQUEST_VIA.label(st.via)}")
    if st.status == "voided":
        add(f"状态：已作废（{st.voided}），不计入任何表格和清单；所出文书仍在 disc request letters 中")
    elif st.closed:
        add(f"状态：已办结，{fmt_date(st.closed)}，{vocab.OUTCOMES.label(st.outcome)}")
    else:
        add(f"状态：{deadlines.STATUS_LABELS[st.status]}")
    if include_personal:
        p = st.personal or {}
        labels = dict(PERSONAL_COLUMNS)
        shown = [f"{labels[k]} {v}" for k, v in p.items() if v]
        add("申请人个人信息：" + ("；".join(shown) if shown else "无（未登记或已清除）"))
    if ev is not None:
        if ev.correction_sent or ev.correction_received:
            parts = []
            if ev.correction_sent:
                parts.append(f"{fmt_date(ev.correction_sent)}发出补正通知")
            parts.append(f"{fmt_date(ev.correction_received)}收到补正" if ev.correction_received else "尚未收到补正")
            add("补正：" + "；".join(parts))
        if ev.extension_days:
            when = f"，{fmt_date(ev.extension_decided)}" if ev.extension_decided else ""
            add(f"延长：{ev.extension_days}个工作日，{ev.approved_by}同意{when}")
        for p in ev.pauses:
            end = fmt_date(p.end) if p.end else "尚未结束"
            add(f"暂停：{fmt_date(p.start)}至{end}（{p.reason}）")
        if ev.fee is not None:
            f = ev.fee
            qty = f"本月第{f.pieces}件" if f.method == "item" else f"{f.pages}页"
            paid = f"{fmt_date(f.paid)}缴纳" if f.paid else "尚未缴纳"
            if not f.paid and st.fee_due:
                paid += f"（缴费期限{fmt_day(st.fee_due)}）"
            add(f"信息处理费：{METHOD_LABELS[f.method]}，{qty}，{_yuan(f.amount_fen)}元；{fmt_date(f.notice)}发出收费通知，{paid}")
    if dl is None:
        add(f"答复期限：无法计算（{st.error}）")
    else:
        add("")
        add("答复期限的计算：")
        for i, s in enumerate(dl.steps, 1):
            add(f"  {i}. {s}")
        if st.closed is not None:
            if st.status == "closed_late":
                add(f"答复日期：{fmt_date(st.closed)}，逾期{cal.workdays_between(dl.due, st.closed)}个工作日。")
            elif dl.stopped is None:
                add(f"答复日期：{fmt_date(st.closed)}，在期限内。")
    if st.proposal:
        add(
            f"建议：收费通知发出后{FEE_PAYMENT_DAYS}个工作日内未缴费（截至{fmt_date(st.fee_due)}），视为放弃申请，"
            f"可办结为「{vocab.OUTCOMES.label(st.proposal)}」：disc request close {st.number} --outcome {st.proposal} --date …"
        )
    return "\n".join(lines) + "\n"
