"""Every open deadline in one list (issue 25): `disc due`.

A missed statutory deadline is the clerk's largest legal risk. The ledger knows each one; this module
gathers them, soonest first:

* reply        — an open application's answer deadline (补正, extension, pauses, delay counted: the
                 deadline engine of ledger/deadlines.py);
* correction   — the last day to send a 补正 notice (7 working days after receipt, 条例第三十条),
                 while it is still ahead and none was sent; informational: not every application needs one;
* correction_back — the applicant's period to return the 补正 (the notice's period), after which the
                 application may be closed as 其他处理（一）;
* consult      — a third party's or co-making organ's 15 working days to answer (第三十二条、第三十四条);
* fee_payment  — the applicant's 20 working days to pay (国办函〔2020〕109号), then 其他处理（二）;
* extension_notice — an extension recorded but not told: the notice is due by the original deadline;
* case_answer  — the respondent's answer or 答辩状 (ledger/cases.py);
* report       — the unit's annual report on last year, unpublished (1月31日 or 3月31日);
* interpretation — a normative document without its 解读 (to be published with it: 国办发〔2016〕80号
                 asks for 同步; disc allows INTERPRETATION_DAYS working days);
* remedy       — informational: the applicant's review (60 days) and suit (6 months) periods after a
                 delivered reply or fee notice; when they end the risk of that decision ends.

Each item has a stable id (kind, record and ledger), so a calendar that imports the .ics again
updates an event rather than adding a second one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.workdays import WorkCalendar, fmt_date

INTERPRETATION_DAYS = 3
KINDS = {
    "reply": "答复申请",
    "correction": "发出补正通知",
    "correction_back": "申请人补正期满",
    "consult": "征求意见期满",
    "fee_payment": "缴费期满",
    "extension_notice": "告知延期",
    "case_answer": "复议答复/诉讼答辩",
    "report": "发布年度报告",
    "interpretation": "发布政策解读",
    "remedy": "申请人救济期限届满",
}
INFORMATIONAL = {"correction", "correction_back", "consult", "fee_payment", "remedy"}  # never "overdue"


@dataclass
class Due:
    uid: str  # stable across runs: kind, record, ledger
    kind: str
    due: date
    provisional: bool
    org: str
    ref: str  # 2024-003, 案件 2, 文件 5, 2023 年度报告
    what: str
    action: str  # the command that settles it, or what to do
    today: date = field(repr=False, default_factory=date.today)

    @property
    def overdue(self) -> bool:
        return self.kind not in INFORMATIONAL and self.due < self.today

    def to_dict(self) -> dict[str, Any]:
        return {
            "due": self.due.isoformat(), "kind": self.kind, "label": KINDS[self.kind], "org": self.org, "ref": self.ref,
            "what": self.what, "action": self.action, "provisional": self.provisional, "overdue": self.overdue,
            "uid": self.uid,
        }


def gather(ledger: Ledger, ids: list[int], today: date, within: int | None = None) -> list[Due]:
    """Every open deadline of these units; within N working days of today (overdue ones always)."""
    from disclosure_cli.ledger.holidays import calendar

    cal = calendar(ledger)
    uid_tail = f"@{ledger.meta('uuid') or 'disc'}"
    names = dict(ledger.conn.execute("SELECT id, name FROM org"))
    out: list[Due] = []
    mask = _masker(ledger)
    out += _requests(ledger, cal, ids, today, names, uid_tail, mask)
    for collect in (_letters_and_steps, _cases, _reports, _interpretations, _remedies):
        out += collect(ledger, cal, ids, today, names, uid_tail)
    if within is not None:
        limit, _ = cal.add_workdays(today, within) if within else (today, False)
        out = [d for d in out if d.overdue or today <= d.due <= limit]
    out.sort(key=lambda d: (d.due, d.kind, d.ref))
    for d in out:  # the calendar file goes to phones and Outlook: no personal value in any text
        d.what, d.action = mask.mask(d.what), mask.mask(d.action)
    return out


def _masker(ledger: Ledger) -> Any:
    from disclosure_cli.ledger.personal import masker

    return masker(ledger)


def _in(ids: list[int], col: str) -> str:
    from disclosure_cli.ledger.query import org_in

    return org_in(ids, col)


def _requests(
    ledger: Ledger, cal: WorkCalendar, ids: list[int], today: date, names: dict, tail: str, mask: Any
) -> list[Due]:
    from disclosure_cli.ledger import deadlines
    from disclosure_cli.ledger.letters import original_deadline
    from disclosure_cli.workdays import CORRECTION_NOTICE_DAYS

    where = f"closed IS NULL AND voided_at IS NULL AND {_in(ids, 'org_id')}"
    owner = dict(ledger.conn.execute(f"SELECT id, org_id FROM request WHERE {where}"))
    out = []
    for st in deadlines.statuses(ledger, where, today=today, calendar=cal):
        org = names.get(owner.get(st.id), "")
        if st.deadline is None:
            continue
        if st.deadline.stopped is None:
            out.append(Due(f"reply-{st.id}{tail}", "reply", st.deadline.due, st.deadline.provisional, org, st.number,
                           f"申请 {st.number} 的答复期限（{mask.mask(st.subject)[:20]}）",  # masked before it is cut
                           f"disc request close {st.number} --outcome … ；disc request letter {st.number}", today))
        ev = st.events
        if ev is None or ev.correction_sent is None:
            last, prov = cal.add_workdays(st.received, CORRECTION_NOTICE_DAYS)
            if last >= today:
                out.append(Due(f"correction-{st.id}{tail}", "correction", last, prov, org, st.number,
                               f"申请 {st.number} 需要补正的，最迟此日一次性告知（条例第三十条）",
                               f"disc request correction {st.number} --sent 日期", today))
        if ev is not None and ev.fee is not None and ev.fee.paid is None:
            from disclosure_cli import fees

            due, prov = fees.fee_payment_due(cal, ev.fee.notice)
            out.append(Due(f"fee-{st.id}{tail}", "fee_payment", due, prov, org, st.number,
                           f"申请 {st.number} 的信息处理费缴纳期限；逾期未缴的按其他处理（二）办结",
                           f"disc request fee-paid {st.number} --date 日期", today))
        if ev is not None and ev.extension_days:
            told = ledger.conn.execute(
                "SELECT 1 FROM letter WHERE request_id = ? AND kind = 'extension' AND voided_at IS NULL", (st.id,)
            ).fetchone()
            if told is None:
                original = original_deadline(cal, st.received, None, ev, today)
                out.append(Due(f"extension-{st.id}{tail}", "extension_notice", original.due, original.provisional, org,
                               st.number, f"申请 {st.number} 已延长答复期限，须在原期限内告知申请人（条例第三十三条第二款）",
                               f"disc request letter {st.number} --kind extension", today))
    return out


def _letters_and_steps(ledger: Ledger, cal: WorkCalendar, ids: list[int], today: date, names: dict, tail: str) -> list[Due]:
    """Consultations awaiting an answer; a 补正 awaited from the applicant."""
    import json

    from disclosure_cli.ledger.requests import number_of

    out = []
    rows = ledger.conn.execute(
        "SELECT l.id, l.request_id, l.kind, l.dated, l.addressee, l.content, r.year, r.seq, r.org_id FROM letter l"
        f" JOIN request r ON r.id = l.request_id WHERE l.voided_at IS NULL AND r.closed IS NULL AND r.voided_at IS NULL"
        f" AND l.kind IN ('consult', 'co_maker', 'correction') AND {_in(ids, 'r.org_id')}"
    ).fetchall()
    for lid, rid, kind, _dated, addressee, content, y, s, org_id in rows:
        number = number_of(y, s)
        org = names.get(org_id, "")
        facts = json.loads(content).get("facts", {})
        if kind in ("consult", "co_maker"):
            answered = ledger.conn.execute(
                "SELECT 1 FROM request_event WHERE request_id = ? AND kind = 'consult_answer' AND voided_at IS NULL"
                " AND party IS ?", (rid, addressee),
            ).fetchone()
            if answered is not None or not facts.get("consult_due"):
                continue
            whom = "被征求意见的机关" if kind == "co_maker" else "第三方"
            then = "视为同意公开" if kind == "co_maker" else "由本机关依法决定是否公开"
            out.append(Due(f"consult-{lid}{tail}", "consult", date.fromisoformat(facts["consult_due"]), False, org, number,
                           f"申请 {number}：{whom}提出意见的期限（逾期未提出的，{then}）；期满后结束暂停",
                           f"disc request consult-answer {number} --from … ；disc request pause {number} --to 日期", today))
        elif kind == "correction" and facts.get("period_due"):
            back = ledger.conn.execute(
                "SELECT received FROM request_correction WHERE request_id = ? AND voided_at IS NULL", (rid,)
            ).fetchone()
            if back is not None and back[0]:
                continue
            out.append(Due(f"correction-back-{lid}{tail}", "correction_back", date.fromisoformat(facts["period_due"]), False,
                           org, number, f"申请 {number} 的补正期限（按通知书日期收到计算）；无正当理由逾期不补正的按其他处理（一）办结",
                           f"disc request correction {number} --received 日期", today))
    return out


def _cases(ledger: Ledger, cal: WorkCalendar, ids: list[int], today: date, names: dict, tail: str) -> list[Due]:
    from disclosure_cli.ledger import cases

    out = []
    for c in cases.cases(ledger, ids):
        if not c["answer_due"] or c["answered"] or c["decided"]:
            continue
        what = "提出书面答复并提交证据、依据" if c["kind"] == "review" else "提交证据、规范性文件并提出答辩状"
        ref = f"案件 {c['id']}" + (f"（{c['ref']}）" if c["ref"] else "")
        out.append(Due(f"case-{c['id']}{tail}", "case_answer", date.fromisoformat(c["answer_due"]), False,
                       names.get(c["org_id"], ""), ref, f"{ref}：{what}（{vocab.CASE_KINDS.label(c['kind'])}）",
                       f"disc case answer {c['id']} --date 日期", today))
    return out


def _reports(ledger: Ledger, cal: WorkCalendar, ids: list[int], today: date, names: dict, tail: str) -> list[Due]:
    from disclosure_cli.ledger.desk import publications, report_deadline, unit
    from disclosure_cli.ledger.tally import holds_year

    year = today.year - 1
    published = {p.org_id for p in publications(ledger, year, ids) if not p.rollup}
    out = []
    for oid in ids:
        if oid in published or not holds_year(ledger, year, [oid]):  # a year the ledger did not keep
            continue
        due = report_deadline(unit(ledger, oid), year)
        out.append(Due(f"report-{oid}-{year}{tail}", "report", due, False, names.get(oid, ""), f"{year} 年度报告",
                       f"{names.get(oid, '')}{year}年政府信息公开工作年度报告的发布期限（条例第四十九条、第五十条）",
                       f"disc report --year {year} …；发布后 disc report publish --year {year} --date 日期", today))
    return out


def _interpretations(ledger: Ledger, cal: WorkCalendar, ids: list[int], today: date, names: dict, tail: str) -> list[Due]:
    rows = ledger.conn.execute(
        "SELECT id, org_id, number, title, issued FROM document WHERE kind = 'normative_document' AND interpretation IS NULL"
        f" AND voided_at IS NULL AND repealed IS NULL AND issued >= ? AND {_in(ids, 'org_id')}",
        ((today - timedelta(days=366)).isoformat(),),
    ).fetchall()
    out = []
    for did, oid, number, title, issued in rows:
        due, prov = cal.add_workdays(date.fromisoformat(issued), INTERPRETATION_DAYS)
        ref = number or f"文件 {did}"
        out.append(Due(f"interpretation-{did}{tail}", "interpretation", due, prov, names.get(oid, ""), ref,
                       f"行政规范性文件「{(title or '')[:24]}」的政策解读（应与文件同步发布）",
                       f"disc doc interpret {did} --url 网址", today))
    return out


def _remedies(ledger: Ledger, cal: WorkCalendar, ids: list[int], today: date, names: dict, tail: str) -> list[Due]:
    """The applicant's periods after a delivered decision: 60 days for review (行政复议法第二十条),
    6 months for a suit (行政诉讼法第四十六条), from delivery."""
    from disclosure_cli.ledger.requests import number_of

    kinds = tuple(k.code for k in vocab.LETTER_SPECS if k.remedies)
    rows = ledger.conn.execute(
        "SELECT d.id, d.day, l.number, l.kind, r.year, r.seq, r.org_id FROM delivery d JOIN letter l ON l.id = d.letter_id"
        " JOIN request r ON r.id = l.request_id WHERE d.voided_at IS NULL AND l.voided_at IS NULL"
        f" AND l.kind IN ({', '.join('?' * len(kinds))}) AND {_in(ids, 'r.org_id')}", kinds,
    ).fetchall()
    out = []
    for did, day, number, _kind, y, s, oid in rows:
        delivered = date.fromisoformat(day)
        if delivered > today:
            continue
        review = delivered + timedelta(days=vocab.REVIEW_DAYS)
        suit = _add_months(delivered, vocab.SUIT_MONTHS)
        for end, what, tag in ((review, f"申请复议的{vocab.REVIEW_DAYS}日", "review"), (suit, f"提起诉讼的{vocab.SUIT_MONTHS}个月", "suit")):
            if end < today:
                continue
            out.append(Due(f"remedy-{tag}-{did}{tail}", "remedy", end, False, names.get(oid, ""), number_of(y, s),
                           f"{number}（{fmt_date(delivered)}送达）：申请人{what}期满", "无需办理；期满前仍可能收到复议申请或起诉", today))
    return out


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise AssertionError(d)


# --------------------------------------------------------------------------- a calendar file
def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with a space; never inside a character."""
    out, cur = [], ""
    for ch in line:
        if len((cur + ch).encode("utf-8")) > (75 if not out else 74):
            out.append(cur)
            cur = ch
        else:
            cur += ch
    out.append(cur)
    return [out[0], *(" " + x for x in out[1:])]


def ics(items: list[Due], name: str, stamp: date) -> str:
    """An iCalendar file (RFC 5545) Outlook, WPS and phones read: one all-day event per deadline with
    its stable UID and a reminder the day before. `stamp`: the DTSTAMP (the --today of the run)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//disc//政务公开期限//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_ics_text(name)}"]
    for d in items:
        summary = f"{'【已逾期】' if d.overdue else ''}{KINDS[d.kind]}：{d.ref}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{d.uid}",
            f"DTSTAMP:{stamp.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{d.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(d.due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(d.what + ('（暂定：该年节假日尚未公布）' if d.provisional else '') + chr(10) + d.action)}",
            f"CATEGORIES:{_ics_text(KINDS[d.kind])}",
            "TRANSP:TRANSPARENT",
        ]
        if d.kind not in INFORMATIONAL:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_ics_text(summary)}", "TRIGGER:-P1D", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
