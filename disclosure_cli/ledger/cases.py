"""Cases tied to the applications they arose from, and the respondent's deadlines (issue 25).

When an application ends in a 行政复议 or a 行政诉讼, the unit is the respondent and its first duty
has a short deadline counted from the day it received the copy of the review application or of the
complaint (``served``):

* 行政复议 from 2024-01-01: a written answer with the evidence within 10 days (行政复议法 2023
  第四十八条), and 第八十八条 makes 「十日」 working days. Without it the act is treated as having no
  evidence (第七十条).
* 行政复议 served before 2024-01-01: 10 days (2017 法第二十三条); its 第四十条 made only 「五日」「七日」
  working days, so these were calendar days, counted as civil procedure counts them.
* 行政诉讼: the evidence and a 答辩状 within 15 days (行政诉讼法 第六十七条), calendar days.

Calendar days are counted as 民事诉讼法 第八十五条 says (行政诉讼法 第一百零一条 and the 2017 复议法
第四十条 refer to it): from the day after, and a period whose last day is a holiday ends on the
first working day after it.

A case's result for 表四 comes from the decision the law names (vocab.CASE_DECISION_SPECS, reasons in
docs/cases.md); a clerk who counts it in another column says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput, NotFound
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.fields import check_id, parse_date, text_field
from disclosure_cli.workdays import WorkCalendar, fmt_date

REVIEW_ANSWER_DAYS = 10
SUIT_ANSWER_DAYS = 15
NEW_REVIEW_LAW = date.fromisoformat(vocab.REVIEW_LAW_REVISED)


@dataclass(frozen=True)
class AnswerDue:
    due: date
    provisional: bool
    steps: list[str]


def calendar_days(cal: WorkCalendar, start: date, days: int) -> tuple[date, bool, str]:
    """民事诉讼法 第八十五条: counting starts the day after `start`; a last day that is a holiday (a
    day off on the calendar, weekends included) moves to the first working day after it."""
    last = start + timedelta(days=days)
    moved = last
    while not cal.is_workday(moved):
        moved += timedelta(days=1)
    note = "" if moved == last else f"，{fmt_date(last)}是休假日，顺延至其后第一个工作日{fmt_date(moved)}"
    return moved, cal.is_provisional(moved), note


def answer_due(cal: WorkCalendar, kind: str, served: date) -> AnswerDue:
    """The respondent's deadline for its answer (复议) or 答辩状 (诉讼), explained."""
    if kind == "review" and served >= NEW_REVIEW_LAW:
        due, provisional = cal.add_workdays(served, REVIEW_ANSWER_DAYS)
        return AnswerDue(due, provisional, [
            f"{fmt_date(served)}收到行政复议申请书副本（或申请笔录复印件）",
            f"自次日起{REVIEW_ANSWER_DAYS}个工作日内提出书面答复并提交证据、依据（行政复议法第四十八条；"
            f"「十日」指工作日，第八十八条），最迟{fmt_date(due)}",
            "逾期不答复的，视为该行政行为没有证据、依据（第七十条）",
        ])
    if kind == "review":
        due, provisional, note = calendar_days(cal, served, REVIEW_ANSWER_DAYS)
        return AnswerDue(due, provisional, [
            f"{fmt_date(served)}收到行政复议申请书副本（或申请笔录复印件）",
            f"自次日起{REVIEW_ANSWER_DAYS}日内提出书面答复（修订前的行政复议法第二十三条；该法第四十条只把「五日」「七日」"
            f"定为工作日，「十日」按民事诉讼法第八十五条计算）{note}，最迟{fmt_date(due)}",
        ])
    due, provisional, note = calendar_days(cal, served, SUIT_ANSWER_DAYS)
    return AnswerDue(due, provisional, [
        f"{fmt_date(served)}收到起诉状副本",
        f"自次日起{SUIT_ANSWER_DAYS}日内提交作出行政行为的证据和所依据的规范性文件，并提出答辩状（行政诉讼法第六十七条；"
        f"期间按民事诉讼法第八十五条计算，第一百零一条）{note}，最迟{fmt_date(due)}",
    ])


def applies(kind: str) -> str:
    return "review" if kind == "review" else "suit"


def resolve_decision(kind: str, text: str) -> str:
    """A decision typed as code, label or alias, among those that apply to this kind of case."""
    return vocab.CASE_DECISIONS[applies(kind)].resolve(text, "决定类型（--decision）")


# --------------------------------------------------------------------------- writes
def _case(ledger: Ledger, case_id: int) -> dict[str, Any]:
    check_id(case_id, "案件")
    cur = ledger.conn.execute("SELECT * FROM legal_case WHERE id = ?", (case_id,))
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {case_id} 的复议诉讼案件（disc case list 列出全部）")
    rec = dict(zip([d[0] for d in cur.description], row, strict=True))
    if rec["voided_at"]:
        raise BadInput(f"案件 {case_id} 已作废")
    return rec


def request_of(ledger: Ledger, ref: str | None, org_id: int) -> int | None:
    """The application a case arose from (same unit)."""
    if ref is None:
        return None
    from disclosure_cli.ledger.requests import resolve_request

    rid = resolve_request(ledger, ref)
    owner = ledger.conn.execute("SELECT org_id FROM request WHERE id = ?", (rid,)).fetchone()[0]
    if owner != org_id:
        raise BadInput(f"申请 {ref} 不是本单位的申请，案件只能关联本单位的申请")
    return rid


def record_answer(ledger: Ledger, case_id: int, *, answered: str | None = None, served: str | None = None,
                  allow_future: bool = False) -> dict[str, Any]:
    """`disc case answer`: the day the copy was received and/or the day the answer went in."""
    s = parse_date(served, "收到副本日期（--served）", required=False, allow_future=allow_future)
    a = parse_date(answered, "提交答复日期（--date）", required=False, allow_future=allow_future)
    if s is None and a is None:
        raise BadInput("请给出 --served（收到复议申请书或起诉状副本的日期）或 --date（提交答复、答辩状的日期）")
    with ledger.write() as conn:
        rec = _case(ledger, case_id)
        new_s, new_a = s or rec["served"], a or rec["answered"]
        if rec["served"] and s and s != rec["served"]:
            raise BadInput(f"案件 {case_id} 已登记于 {rec['served']} 收到副本")
        if rec["answered"] and a and a != rec["answered"]:
            raise BadInput(f"案件 {case_id} 已登记于 {rec['answered']} 提交答复")
        if new_s and new_s < rec["filed"]:
            raise BadInput(f"收到副本日期 {new_s} 早于申请复议或起诉的日期 {rec['filed']}")
        if new_a and new_s and new_a < new_s:
            raise BadInput(f"提交答复日期 {new_a} 早于收到副本日期 {new_s}")
        conn.execute("UPDATE legal_case SET served = ?, answered = ? WHERE id = ?", (new_s, new_a, case_id))
        ledger.log("edit", "legal_case", case_id, before={"served": rec["served"], "answered": rec["answered"]},
                   after={"served": new_s, "answered": new_a})
    return {"served": new_s, "answered": new_a}


def close(ledger: Ledger, case_id: int, *, day: str, decision: str | None = None, result: str | None = None,
          reason: str | None = None, allow_future: bool = False) -> str:
    """`disc case close`: the decision as the law names it gives the 表四 column; --result alone (no
    decision) is the column itself; a result other than the decision's column needs a reason."""
    when = parse_date(day, "审结日期（--date）", allow_future=allow_future)
    why = text_field(reason, "理由（--reason）")
    with ledger.write() as conn:
        rec = _case(ledger, case_id)
        if rec["result"]:
            raise BadInput(f"案件 {case_id} 已于 {rec['decided']} 审结（{vocab.T4_COLUMNS.label(rec['result'])}）")
        if when < rec["filed"]:
            raise BadInput(f"审结日期 {when} 早于立案日期 {rec['filed']}")
        code = resolve_decision(rec["kind"], decision) if decision else None
        mapped = vocab.CASE_DECISION[code].result if code else None
        res = vocab.CASE_RESULTS.resolve(result, "结果（--result）") if result else mapped
        if res is None:
            raise BadInput("请给出 --decision 决定类型（如 维持、撤销、驳回诉讼请求；见 docs/cases.md），或 --result 表四的结果列")
        if mapped is not None and res != mapped and not why:
            d = vocab.CASE_DECISION[code]  # type: ignore[index]
            raise BadInput(
                f"「{d.label}」（{d.article}）计入表四「{vocab.T4_COLUMNS.label(mapped)}」；"
                f"要计入「{vocab.T4_COLUMNS.label(res)}」须用 --reason 写明理由"
            )
        conn.execute(
            "UPDATE legal_case SET result = ?, decided = ?, decision = ?, result_reason = ? WHERE id = ?",
            (res, when, code, why if res != mapped else None, case_id),
        )
        ledger.log("close", "legal_case", case_id, before={"result": None},
                   after={"result": res, "decided": when, "decision": code, **({"reason": why} if why else {})})
    return res


# --------------------------------------------------------------------------- reading
_COLS = ("c.id, c.org_id, c.kind, c.filed, c.ref, c.result, c.decided, c.decision, c.result_reason, c.served, c.answered,"
         " c.request_id, r.year, r.seq")


def cases(ledger: Ledger, ids: list[int] | None = None, *, case_id: int | None = None) -> list[dict[str, Any]]:
    """Standing cases (of these units), each with its application's number and the answer deadline."""
    from disclosure_cli.ledger.holidays import calendar
    from disclosure_cli.ledger.query import org_in
    from disclosure_cli.ledger.requests import number_of

    where = ["c.voided_at IS NULL"]
    if ids is not None:
        where.append(org_in(ids, "c.org_id"))
    if case_id is not None:
        where.append(f"c.id = {int(case_id)}")
    cur = ledger.conn.execute(
        f"SELECT {_COLS} FROM legal_case c LEFT JOIN request r ON r.id = c.request_id"
        f" WHERE {' AND '.join(where)} ORDER BY c.filed, c.id"
    )
    cal = calendar(ledger)
    out = []
    for row in cur:
        rec = dict(zip([d[0] for d in cur.description], row, strict=True))
        y, s = rec.pop("year"), rec.pop("seq")
        rec["request"] = number_of(y, s) if y is not None else None
        rec["answer_due"] = None
        if rec["served"]:
            got = answer_due(cal, rec["kind"], date.fromisoformat(rec["served"]))
            rec["answer_due"], rec["answer_steps"] = got.due.isoformat(), got.steps
        out.append(rec)
    return out


def late_answers(ledger: Ledger, ids: list[int], year: int, today: date) -> list[dict[str, Any]]:
    """Cases of the year whose answer went in after its deadline, or is still missing past it."""
    out = []
    for c in cases(ledger, ids):
        if not c["answer_due"] or not (c["served"][:4] == str(year)):
            continue
        if c["answered"] and c["answered"] > c["answer_due"]:
            out.append(c)
        elif not c["answered"] and not c["decided"] and today.isoformat() > c["answer_due"]:
            out.append(c)
    return out


def direct_suits_on_refusals(ledger: Ledger, ids: list[int], year: int) -> list[dict[str, Any]]:
    """Direct suits (no review first) on an application whose reply refused disclosure on or after
    2024-01-01: such a decision goes to review first (行政复议法 2023 第二十三条第一款第（四）项), so
    a direct suit suggests the reply told the applicant the wrong remedy, or was not read."""
    found = []
    for c in cases(ledger, ids):
        if c["kind"] != "suit_direct" or c["request_id"] is None or not c["filed"].startswith(str(year)):
            continue
        row = ledger.conn.execute(
            "SELECT number, dated, outcome FROM letter WHERE request_id = ? AND kind = 'reply' AND voided_at IS NULL",
            (c["request_id"],),
        ).fetchone()
        if row is None or row[1] < vocab.REVIEW_LAW_REVISED:
            continue
        basis = vocab.LETTER_BASIS.get(row[2] or "")
        if basis is not None and basis.withheld:
            found.append({**c, "letter": row[0], "letter_dated": row[1], "outcome": row[2]})
    return found
