"""Answer deadlines of applications from their ledger records, one or 100,000 at a time (issue 4).

The arithmetic lives in disclosure_cli.workdays; this module gathers what it needs from the ledger:
the calendar (holiday statements read once), and each application's 补正, extension, pauses and
信息处理费 — fetched for all selected applications in one query per table, never per row, so that
`disc request list --overdue` over 100,000 applications stays well under a second.

It also records those events (`disc request correction | extend | pause`) and produces the ledger
findings L-LATE-REPLY, L-OPEN-OVERDUE, L-CORRECTION-LATE and L-LATE-PUBLISH for `disc check`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from disclosure_cli.errors import BadInput
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.ledger.fields import parse_date, text_field
from disclosure_cli.ledger.query import org_in, year_days
from disclosure_cli.ledger.requests import number_of, resolve_request
from disclosure_cli.vocab import REQUEST_STATUSES
from disclosure_cli.workdays import (
    ANSWER_DAYS,
    MAX_EXTENSION_DAYS,
    Deadline,
    Pause,
    WorkCalendar,
    compute_deadline,
)

FEE_PAUSE_REASON = "缴纳信息处理费"

# status codes (machine formats) and their labels (table, md)
STATUS_LABELS = {t.code: t.label for t in REQUEST_STATUSES}  # vocab is the one place for labels


# --------------------------------------------------------------------------- events


@dataclass
class FeeInfo:
    method: str
    pieces: int | None
    pages: int | None
    amount_fen: int
    notice: date
    paid: date | None


@dataclass
class Events:
    """What happened to one application between receipt and answer."""

    correction_sent: date | None = None
    correction_received: date | None = None
    extension_days: int = 0
    approved_by: str | None = None
    extension_decided: date | None = None
    pauses: list[Pause] = field(default_factory=list)  # recorded pauses; end None = still running
    fee: FeeInfo | None = None
    delay_until: date | None = None  # 条例第三十五条: the reasonable later date told to the applicant
    delay_decided: date | None = None

    def all_pauses(self) -> list[Pause]:
        """Recorded pauses plus the fee notice → payment span (not counted, 国办函〔2020〕109号)."""
        out = list(self.pauses)
        if self.fee is not None:
            out.append(Pause(self.fee.notice, self.fee.paid, FEE_PAUSE_REASON))
        return out


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_FEW = 500  # up to this many applications, events are fetched by id; beyond, whole tables are read once


def load_events(ledger: Ledger, ids: list[int] | None = None) -> dict[int, Events]:
    """Events of the given applications (None: of every application), one query per table.

    Event tables hold a few rows per application at most, so for a long list reading each table
    whole is cheaper than matching it against the list in SQL.
    """
    conn = ledger.conn
    out: dict[int, Events] = {}
    if ids is not None and not ids:
        return out
    if ids is not None and len(ids) <= _FEW:
        cond = f"voided_at IS NULL AND request_id IN ({', '.join(str(int(i)) for i in ids)})"
    else:
        cond = "voided_at IS NULL"

    def ev(rid: int) -> Events:
        e = out.get(rid)
        if e is None:
            e = out[rid] = Events()
        return e

    for rid, sent, received in conn.execute(f"SELECT request_id, sent, received FROM request_correction WHERE {cond}"):
        e = ev(rid)
        e.correction_sent, e.correction_received = _d(sent), _d(received)
    for rid, days, by, decided in conn.execute(
        f"SELECT request_id, days, approved_by, decided FROM request_extension WHERE {cond}"
    ):
        e = ev(rid)
        e.extension_days, e.approved_by, e.extension_decided = days, by, _d(decided)
    for rid, a, b, reason in conn.execute(
        f"SELECT request_id, start_day, end_day, reason FROM request_pause WHERE {cond} ORDER BY start_day, id"
    ):
        ev(rid).pauses.append(Pause(date.fromisoformat(a), _d(b), reason))
    for rid, method, pieces, pages, fen, notice, paid in conn.execute(
        f"SELECT request_id, method, pieces, pages, amount_fen, notice, paid FROM request_fee WHERE {cond}"
    ):
        ev(rid).fee = FeeInfo(method, pieces, pages, fen, date.fromisoformat(notice), _d(paid))
    for rid, day, until in conn.execute(
        f"SELECT request_id, day, until FROM request_event WHERE {cond} AND kind = 'delay_set' ORDER BY day, id"
    ):
        e = ev(rid)
        e.delay_decided, e.delay_until = date.fromisoformat(day), _d(until)
    return out


# --------------------------------------------------------------------------- one application's status


@dataclass(slots=True)
class RequestStatus:
    """An application with its deadline as of ``today`` (or as of its answer, once closed).

    status: open | overdue | awaiting_correction | paused | closed | closed_late | invalid.
    Applications without events share one Deadline object per receipt date: do not mutate it.
    """

    id: int
    number: str
    received: date
    applicant_type: str
    subject: str
    via: str | None
    outcome: str | None
    closed: date | None
    events: Events | None
    deadline: Deadline | None
    today: date
    status: str = "invalid"
    error: str | None = None  # records the calendar cannot work with (inconsistent dates)
    fee_due: date | None = None  # last day to pay a notified fee that is still unpaid
    personal: dict[str, Any] | None = None
    voided: str | None = None  # when and why it was voided (request show); a voided one is in no list

    @property
    def overdue(self) -> bool:
        """Open, clock running, past its deadline today."""
        return self.status == "overdue"

    @property
    def proposal(self) -> str | None:
        """Outcome disc proposes: other.unpaid_fee when a notified fee is unpaid past its 20 working days."""
        if self.fee_due is not None and self.closed is None and self.today > self.fee_due:
            return "other.unpaid_fee"
        return None


def _status_code(dl: Deadline, closed: date | None, events: Events | None, today: date) -> str:
    if closed is not None:
        return "closed_late" if dl.stopped is None and closed > dl.due else "closed"
    if dl.stopped is not None:
        if events is not None and events.correction_sent is not None and events.correction_received is None:
            return "awaiting_correction"
        return "paused"
    return "overdue" if today > dl.due else "open"


def compute(
    cal: WorkCalendar,
    received: date,
    closed: date | None,
    events: Events | None,
    today: date,
    *,
    explain: bool = False,
) -> Deadline:
    """The deadline of one application. Closed: pauses still open are taken to end on the answer day."""
    if events is None:
        due, provisional = cal.add_workdays(received, ANSWER_DAYS)
        if not explain:
            return Deadline(due, provisional, None, False, [], received, ANSWER_DAYS, None)
        return compute_deadline(cal, received, today=None if closed else today)
    pauses = events.all_pauses()
    if closed is not None:
        pauses = [Pause(p.start, p.end if p.end is not None else max(p.start, closed), p.reason) for p in pauses]
    dl = compute_deadline(
        cal,
        received,
        correction_sent=events.correction_sent,
        correction_received=events.correction_received,
        extension_days=events.extension_days,
        extension_approved_by=events.approved_by,
        pauses=pauses,
        today=None if closed is not None else today,
        explain=explain,
    )
    if events.delay_until is not None and events.delay_until > dl.due:
        from dataclasses import replace

        from disclosure_cli.workdays import fmt_date

        step = (f"{fmt_date(events.delay_decided or events.delay_until)}认为申请人说明的理由合理，依照条例第三十五条"
                f"确定延迟答复的合理期限：{fmt_date(events.delay_until)}")
        dl = replace(dl, due=events.delay_until, provisional=False, steps=[*dl.steps, step] if explain else dl.steps)
    return dl


def _status(cal: WorkCalendar, row: tuple, events: Events | None, today: date, explain: bool) -> RequestStatus:
    """The general path: one application with events (or explained step by step)."""
    rid, year, seq, received, atype, subject, via, outcome, closed = row[:9]
    rec = date.fromisoformat(received)
    cl = date.fromisoformat(closed) if closed else None
    st = RequestStatus(rid, number_of(year, seq), rec, atype, subject, via, outcome, cl, events, None, today)
    try:
        st.deadline = compute(cal, rec, cl, events, today, explain=explain)
    except BadInput as e:
        st.error = str(e)
        return st
    st.status = _status_code(st.deadline, cl, events, today)
    if events is not None and events.fee is not None and events.fee.paid is None:
        from disclosure_cli.fees import fee_payment_due

        st.fee_due = fee_payment_due(cal, events.fee.notice)[0]
    return st


_REQUEST_COLS = "id, year, seq, received, applicant_type, subject, via, outcome, closed"


def statuses(
    ledger: Ledger,
    where: str,
    args: tuple | list = (),
    *,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
    explain: bool = False,
    include_personal: bool = False,
) -> list[RequestStatus]:
    """Status and deadline of every application selected by ``where`` (a condition on table request).

    Hot path (`disc request list` over 100,000 applications): events come from one query per table;
    an application without events needs only its receipt date, so its deadline is computed once per
    distinct receipt date and shared.
    """
    cal = calendar or _calendar(ledger)
    today = today or date.today()
    if include_personal:
        cols = ", ".join("r." + c.strip() for c in _REQUEST_COLS.split(","))
        sql = (
            f"SELECT {cols}, p.name, p.phone, p.id_number, p.address FROM request r"
            f" LEFT JOIN request_personal p ON p.request_id = r.id WHERE r.id IN (SELECT id FROM request WHERE {where})"
        )
    else:
        sql = f"SELECT {_REQUEST_COLS} FROM request WHERE {where}"
    found = ledger.conn.execute(sql, args).fetchall()
    events = load_events(ledger, [r[0] for r in found] if len(found) <= _FEW else None)
    out: list[RequestStatus] = []
    append = out.append
    get = events.get
    by_receipt: dict[str, tuple[date, Deadline, bool]] = {}
    closed_dates: dict[str, date] = {}
    add_workdays = cal.add_workdays
    for row in found:
        ev = get(row[0])
        if ev is not None or explain:
            st = _status(cal, row, ev, today, explain)
        else:
            rid, year, seq, received, atype, subject, via, outcome, closed = row[:9]
            hit = by_receipt.get(received)
            if hit is None:
                rec = date.fromisoformat(received)
                due, provisional = add_workdays(rec, ANSWER_DAYS)
                hit = by_receipt[received] = (
                    rec,
                    Deadline(due, provisional, None, False, [], rec, ANSWER_DAYS, None),
                    today > due,
                )
            rec, dl, past = hit
            if closed is None:
                st = RequestStatus(
                    rid, f"{year}-{seq:03d}", rec, atype, subject, via, None, None, None, dl, today,
                    "overdue" if past else "open",
                )
            else:
                cl = closed_dates.get(closed)
                if cl is None:
                    cl = closed_dates[closed] = date.fromisoformat(closed)
                st = RequestStatus(
                    rid, f"{year}-{seq:03d}", rec, atype, subject, via, outcome, cl, None, dl, today,
                    "closed_late" if cl > dl.due else "closed",
                )
        if include_personal:
            st.personal = dict(zip(("name", "phone", "id_number", "address"), row[9:13], strict=True))
        append(st)
    return out


def _calendar(ledger: Ledger) -> WorkCalendar:
    from disclosure_cli.ledger.holidays import calendar

    return calendar(ledger)


def status_of(
    ledger: Ledger,
    request_id: str | int,
    *,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
    explain: bool = True,
    include_personal: bool = False,
    org: str | None = None,
) -> RequestStatus:
    """One application, with the step-by-step explanation by default (`disc request show`); org: the
    unit whose numbering the number is in (each unit numbers its own applications)."""
    rid = resolve_request(ledger, request_id, org)
    found = statuses(
        ledger, "id = ?", (rid,), today=today, calendar=calendar, explain=explain, include_personal=include_personal
    )
    st = found[0]
    voided = ledger.conn.execute("SELECT voided_at, void_reason FROM request WHERE id = ?", (rid,)).fetchone()
    if voided and voided[0]:  # a voided application is in no table and no list: say so, not 「已办结」
        st.status = "voided"
        st.voided = f"已于 {voided[0][:10]} 作废：{voided[1] or '（未写原因）'}"
    return st


def entry_warnings(ledger: Ledger, ref: str | int, org: str | None = None) -> list[str]:
    """What a clerk should hear at once after recording a step, not months later from `check`: a
    补正 notice sent after its 7 working days, an answer after its deadline."""
    from disclosure_cli.workdays import fmt_date

    st = status_of(ledger, ref, explain=False, org=org)
    out: list[str] = []
    dl, ev = st.deadline, st.events
    if dl is not None and dl.correction_late and ev is not None and ev.correction_sent is not None:
        out.append(f"注意：补正通知 {fmt_date(ev.correction_sent)} 发出，晚于最迟日期 {fmt_date(dl.correction_due)}"
                   "（收到申请后7个工作日内，条例第三十条）；disc check 会列为问题")
    if st.status == "closed_late" and dl is not None and st.closed is not None:
        out.append(f"注意：答复日期 {fmt_date(st.closed)} 晚于答复期限 {fmt_date(dl.due)}，将计为逾期答复；"
                   "如有未登记的延长、补正或暂停，请先登记（disc request show 查看期限的计算）")
    return out


def deadline_for(
    ledger: Ledger, request_id: str | int, calendar: WorkCalendar | None = None, *, today: date | None = None
) -> Deadline:
    """The answer deadline of one application (id or number 2023-007), with its steps."""
    st = status_of(ledger, request_id, today=today, calendar=calendar)
    if st.deadline is None:
        raise BadInput(f"申请 {st.number} 的记录无法计算期限：{st.error}")
    return st.deadline


# --------------------------------------------------------------------------- listing


def list_statuses(
    ledger: Ledger,
    *,
    today: date | None = None,
    open_only: bool = False,
    overdue: bool = False,
    due_within: int | None = None,
    year: int | None = None,
    org: str | None = None,
    include_personal: bool = False,
    calendar: WorkCalendar | None = None,
) -> list[RequestStatus]:
    """`disc request list`: filtered and sorted by deadline.

    --overdue: open, clock running, past the deadline. --due-within N: open, clock running, due at
    most N working days after today (overdue ones included: they are the most urgent).
    """
    today = today or date.today()
    where = ["org_id = ?", "voided_at IS NULL"]
    args: list[Any] = [ledger.org_id(org)]
    if year:
        where.append("received BETWEEN ? AND ?")
        args += [f"{year}-01-01", f"{year}-12-31"]
    if open_only or overdue or due_within is not None:
        where.append("closed IS NULL")
    if overdue:
        # every working day is a calendar day: nothing received in the last 20 days can be overdue
        # (+received: let SQLite choose between the index of open applications and a plain scan)
        where.append("+received < ?")
        args.append((today - timedelta(days=ANSWER_DAYS)).isoformat())
    cal = calendar or _calendar(ledger)
    rows = statuses(ledger, " AND ".join(where), args, today=today, calendar=cal, include_personal=include_personal)
    if overdue:
        rows = [r for r in rows if r.overdue]
    elif due_within is not None:
        if due_within < 0:
            raise BadInput(f"--due-within 应为不小于 0 的工作日数，而不是 {due_within}")
        rows = [
            r
            for r in rows
            if r.deadline is not None
            and r.deadline.stopped is None
            and (r.today > r.deadline.due or cal.workdays_between(today, r.deadline.due) <= due_within)
        ]
    far = date.max
    rows.sort(key=lambda r: (r.deadline.due if r.deadline else far, r.received, r.id))
    return rows


def workdays_left(cal: WorkCalendar, st: RequestStatus, cache: dict[date, int] | None = None) -> int | None:
    """Working days from today to the deadline (negative: overdue by that many); None when not counting.

    ``cache`` (due date -> result) saves the count when many applications share a deadline.
    """
    dl = st.deadline
    if dl is None or st.closed is not None or dl.stopped is not None:
        return None
    if cache is None:
        return cal.workdays_between(st.today, dl.due)
    n = cache.get(dl.due)
    if n is None:
        n = cache[dl.due] = cal.workdays_between(st.today, dl.due)
    return n


# --------------------------------------------------------------------------- recording events


def _open_request(ledger: Ledger, ref: str | int, org: str | None = None) -> tuple[int, str, date, date | None]:
    rid = resolve_request(ledger, ref, org)
    year, seq, received, closed, voided = ledger.conn.execute(
        "SELECT year, seq, received, closed, voided_at FROM request WHERE id = ?", (rid,)
    ).fetchone()
    number = number_of(year, seq)
    if voided:
        raise BadInput(f"申请 {number} 已作废")
    return rid, number, date.fromisoformat(received), _d(closed)


def _within(number: str, what: str, d: date, received: date, closed: date | None) -> None:
    if d < received:
        raise BadInput(f"{what} {d.isoformat()} 早于申请 {number} 的收到申请日期 {received.isoformat()}")
    if closed is not None and d > closed:
        raise BadInput(f"{what} {d.isoformat()} 晚于申请 {number} 的办结日期 {closed.isoformat()}")


def record_extension(
    ledger: Ledger,
    ref: str | int,
    *,
    approved_by: str,
    days: int = MAX_EXTENSION_DAYS,
    decided: str | None = None,
    allow_future: bool = False,
    late_reason: str | None = None,
    today: date | None = None,
    org: str | None = None,
) -> str:
    """`disc request extend`: one extension of at most 20 working days, approved by the office head.
    An extension approved after the deadline it would extend is refused unless the clerk says why
    (late_reason): 第三十三条第二款 extends a running period, and a back-filled one is the first
    thing a review body doubts."""
    by = text_field(approved_by, "批准人（--approved-by）", required=True)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise BadInput(f"延长天数（--days）应为1至{MAX_EXTENSION_DAYS}个工作日（条例第三十三条第二款），而不是 {days}")
    when = parse_date(decided, "批准日期（--date）", required=False, allow_future=allow_future)
    with ledger.write() as conn:
        rid, number, received, closed = _open_request(ledger, ref, org)
        if closed is not None and when is None:
            raise BadInput(f"申请 {number} 已于 {closed.isoformat()} 办结；补登延期请用 --date 给出批准日期")
        if when:
            _within(number, "批准日期", date.fromisoformat(when), received, closed)
        why_late = text_field(late_reason, "逾期批准的原因（--late-reason）")
        approved = date.fromisoformat(when) if when else (today or date.today())
        original = compute(_calendar(ledger), received, closed, load_events(ledger, [rid]).get(rid), approved)
        if original.stopped is None and approved > original.due and not why_late:
            from disclosure_cli.workdays import fmt_date

            raise BadInput(
                f"申请 {number} 的答复期限是{fmt_date(original.due)}，批准日期{fmt_date(approved)}已过期限：延长答复期限应在"
                "期限内决定并告知申请人（条例第三十三条第二款）。确系补登的，请用 --late-reason 写明原因"
            )
        old = conn.execute(
            "SELECT days, approved_by FROM request_extension WHERE request_id = ? AND voided_at IS NULL", (rid,)
        ).fetchone()
        if old is not None:
            raise BadInput(
                f"申请 {number} 已延长答复期限{old[0]}个工作日（{old[1]}同意）；"
                f"延长只有一次，最长{MAX_EXTENSION_DAYS}个工作日（条例第三十三条第二款）"
            )
        cur = conn.execute(
            "INSERT INTO request_extension (request_id, days, approved_by, decided, recorded_at, late_reason)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (rid, days, by, when, now_iso(), why_late),
        )
        ledger.log("extend", "request", rid, after={"extension_id": cur.lastrowid, "days": days, "approved_by": by, "decided": when})
    return number


def record_correction(
    ledger: Ledger, ref: str | int, *, sent: str | None = None, received: str | None = None, allow_future: bool = False,
    org: str | None = None,
) -> str:
    """`disc request correction`: the 补正 notice sent (once), then the day the 补正 arrived."""
    s = parse_date(sent, "补正通知发出日期（--sent）", required=False, allow_future=allow_future)
    r = parse_date(received, "收到补正日期（--received）", required=False, allow_future=allow_future)
    if s is None and r is None:
        raise BadInput("请给出 --sent（补正通知发出日期）或 --received（收到补正日期）")
    with ledger.write() as conn:
        rid, number, rec, closed = _open_request(ledger, ref, org)
        for what, v in (("补正通知发出日期", s), ("收到补正日期", r)):
            if v:
                _within(number, what, date.fromisoformat(v), rec, closed)
        old = conn.execute(
            "SELECT id, sent, received FROM request_correction WHERE request_id = ? AND voided_at IS NULL", (rid,)
        ).fetchone()
        if old is None:
            if s and r and r < s:
                raise BadInput(f"收到补正日期 {r} 早于补正通知发出日期 {s}")
            cur = conn.execute(
                "INSERT INTO request_correction (request_id, sent, received, recorded_at) VALUES (?, ?, ?, ?)",
                (rid, s, r, now_iso()),
            )
            ledger.log("correction", "request", rid, after={"correction_id": cur.lastrowid, "sent": s, "received": r})
            return number
        cid, old_s, old_r = old
        if s and old_s and s != old_s:
            raise BadInput(
                f"申请 {number} 已于 {old_s} 发出补正通知；补正应一次性告知（条例第三十条），不能再登记第二次"
            )
        if r and old_r and r != old_r:
            raise BadInput(f"申请 {number} 已登记于 {old_r} 收到补正")
        new_s, new_r = s or old_s, r or old_r
        if new_s and new_r and new_r < new_s:
            raise BadInput(f"收到补正日期 {new_r} 早于补正通知发出日期 {new_s}")
        conn.execute("UPDATE request_correction SET sent = ?, received = ? WHERE id = ?", (new_s, new_r, cid))
        ledger.log(
            "correction", "request", rid, before={"sent": old_s, "received": old_r}, after={"sent": new_s, "received": new_r}
        )
    return number


def record_pause(
    ledger: Ledger,
    ref: str | int,
    *,
    start: str | None = None,
    end: str | None = None,
    reason: str | None = None,
    allow_future: bool = False,
    org: str | None = None,
) -> str:
    """`disc request pause`: time that does not count. Without --to the pause stays open; --to alone closes it."""
    a = parse_date(start, "暂停开始日期（--from）", required=False, allow_future=allow_future)
    b = parse_date(end, "暂停结束日期（--to）", required=False, allow_future=allow_future)
    with ledger.write() as conn:
        rid, number, rec, closed = _open_request(ledger, ref, org)
        open_row = conn.execute(
            "SELECT id, start_day, reason FROM request_pause WHERE request_id = ? AND end_day IS NULL AND voided_at IS NULL",
            (rid,),
        ).fetchone()
        if a is None:
            if b is None:
                raise BadInput("请给出 --from（暂停开始日期），或用 --to 结束正在进行的暂停")
            if open_row is None:
                raise BadInput(f"申请 {number} 没有正在进行的暂停；新的暂停请给出 --from 和 --reason")
            if b < open_row[1]:
                raise BadInput(f"暂停结束日期 {b} 早于开始日期 {open_row[1]}")
            _within(number, "暂停结束日期", date.fromisoformat(b), rec, closed)
            conn.execute("UPDATE request_pause SET end_day = ? WHERE id = ?", (b, open_row[0]))
            ledger.log("pause_end", "request", rid, before={"pause_id": open_row[0], "to": None}, after={"to": b})
            return number
        why = text_field(reason, "暂停原因（--reason）", required=True)
        _within(number, "暂停开始日期", date.fromisoformat(a), rec, closed)
        if b is not None:
            if b < a:
                raise BadInput(f"暂停结束日期 {b} 早于开始日期 {a}")
            _within(number, "暂停结束日期", date.fromisoformat(b), rec, closed)
        elif open_row is not None:
            raise BadInput(f"申请 {number} 已有一段自 {open_row[1]} 起尚未结束的暂停（{open_row[2]}）：请先用 --to 结束它")
        elif closed is not None:
            raise BadInput(f"申请 {number} 已办结：补登暂停请同时给出 --to")
        cur = conn.execute(
            "INSERT INTO request_pause (request_id, start_day, end_day, reason, recorded_at) VALUES (?, ?, ?, ?, ?)",
            (rid, a, b, why, now_iso()),
        )
        ledger.log("pause", "request", rid, after={"pause_id": cur.lastrowid, "from": a, "to": b, "reason": why})
    return number


# --------------------------------------------------------------------------- what `disc check` judges


@dataclass
class YearDeadlines:
    """Applications of a year measured against their deadlines (report/rules/ledger.py words the
    findings): each entry is (number, received, closed or today, due, provisional, working days late)."""

    late: list[tuple[str, date, date, date, bool, int]] = field(default_factory=list)
    open_overdue: list[tuple[str, date, date, date, bool, int]] = field(default_factory=list)
    correction_late: list[tuple[str, date, date, date, bool, int]] = field(default_factory=list)  # sent, due


def year_deadlines(
    ledger: Ledger, year: int, ids: list[int], today: date, calendar: WorkCalendar | None = None
) -> YearDeadlines:
    """Answered in the year after the deadline; open today past it; 补正 notices of applications
    received in the year sent after 7 working days.

    `disc check` runs this on a year of 100,000 applications: applications without events are
    judged on ISO date strings against one deadline per receipt date.
    """
    if isinstance(today, str):
        today = date.fromisoformat(today)
    cal = calendar or _calendar(ledger)  # one calendar for many units (disc units): it caches its years
    y0, y1 = year_days(year)
    now = today.isoformat()
    rows = ledger.conn.execute(
        f"SELECT id, year, seq, received, closed FROM request WHERE {org_in(ids)} AND voided_at IS NULL"
        " AND ((closed BETWEEN ? AND ?) OR (closed IS NULL AND received <= ?) OR (received BETWEEN ? AND ?))",
        (y0, y1, y1, y0, y1),
    ).fetchall()
    events = load_events(ledger, [r[0] for r in rows] if len(rows) <= _FEW else None)
    dues: dict[str, tuple[str, bool]] = {}
    late: list[tuple] = []
    open_over: list[tuple] = []
    corr: list[tuple] = []
    for row in rows:
        rid, _, _, received, closed = row
        ev = events.get(rid)
        if ev is None:
            hit = dues.get(received)
            if hit is None:
                d, prov = cal.add_workdays(date.fromisoformat(received), ANSWER_DAYS)
                hit = dues[received] = (d.isoformat(), prov)
            due, prov = hit
            if closed is None:
                if now > due and received <= y1:
                    open_over.append((row, due, prov))
            elif closed > due and y0 <= closed <= y1:
                late.append((row, due, prov))
            continue
        st = _status(cal, (rid, row[1], row[2], received, None, None, None, None, closed), ev, today, False)
        dl = st.deadline
        if dl is None:
            continue
        if st.status == "closed_late" and y0 <= closed <= y1:
            late.append((row, dl.due.isoformat(), dl.provisional))
        elif st.status == "overdue" and received <= y1:
            open_over.append((row, dl.due.isoformat(), dl.provisional))
        if y0 <= received <= y1 and dl.correction_late and ev.correction_sent and dl.correction_due:
            corr.append((row, dl.correction_due.isoformat(), False, ev.correction_sent.isoformat()))
    out = YearDeadlines()
    d = date.fromisoformat
    for (_rid, y, seq, received, closed), due, prov in sorted(late, key=lambda f: (f[0][3], f[0][0])):
        out.late.append((number_of(y, seq), d(received), d(closed), d(due), prov, cal.workdays_between(d(due), d(closed))))
    for (_rid, y, seq, received, _), due, prov in sorted(open_over, key=lambda f: (f[0][3], f[0][0])):
        out.open_overdue.append((number_of(y, seq), d(received), today, d(due), prov, cal.workdays_between(d(due), today)))
    for (_rid, y, seq, received, _), due, prov, sent in sorted(corr, key=lambda f: (f[0][3], f[0][0])):
        out.correction_late.append((number_of(y, seq), d(received), d(sent), d(due), prov, cal.workdays_between(d(due), d(sent))))
    return out


def late_published(ledger: Ledger, year: int, ids: list[int]) -> list[tuple[int, str, date, date, date, bool, int]]:
    """Items of the year published more than 20 working days after their 形成或者变更 date (条例第二十六条):
    (id, title, formed, published, due, provisional, working days late)."""
    cal = _calendar(ledger)
    # 20 working days span at least 20 calendar days: SQL drops the items that cannot be late
    rows = ledger.conn.execute(
        # INDEXED BY: only items with a formed date can be late; never scan the others
        f"SELECT id, title, formed, published FROM item INDEXED BY item_formed"
        f" WHERE {org_in(ids)} AND voided_at IS NULL AND formed IS NOT NULL"
        " AND published BETWEEN ? AND ? AND published > date(formed, '+20 days') ORDER BY published, id",
        year_days(year),
    ).fetchall()
    out = []
    dues: dict[str, tuple[date, bool]] = {}
    for iid, title, formed, published in rows:
        hit = dues.get(formed)
        if hit is None:
            hit = dues[formed] = cal.add_workdays(date.fromisoformat(formed), ANSWER_DAYS)
        due, provisional = hit
        pub = date.fromisoformat(published)
        if pub <= due:
            continue
        out.append((iid, title, date.fromisoformat(formed), pub, due, provisional, cal.workdays_between(due, pub)))
    return out


def late_steps(ledger: Ledger, year: int, ids: list[int]) -> list[tuple[str, str, date, date]]:
    """Steps taken after the deadline they belong before (issue 10: no rule only in the CLI): an
    extension decided after the original answer deadline (条例第三十三条第二款), a fee notice sent
    after the answer deadline. (kind extension|fee, number, step date, deadline)."""
    cal = _calendar(ledger)
    y0, y1 = year_days(year)
    out: list[tuple[str, str, date, date]] = []
    for kind, sql in (
        ("extension", "SELECT r.id, r.year, r.seq, r.received, e.decided FROM request_extension e JOIN request r ON r.id = e.request_id"
                      " WHERE e.voided_at IS NULL AND e.decided BETWEEN ? AND ?"),
        ("fee", "SELECT r.id, r.year, r.seq, r.received, f.notice FROM request_fee f JOIN request r ON r.id = f.request_id"
                " WHERE f.voided_at IS NULL AND f.notice BETWEEN ? AND ?"),
    ):
        rows = ledger.conn.execute(f"{sql} AND r.voided_at IS NULL AND {org_in(ids, 'r.org_id')}", (y0, y1)).fetchall()
        events = load_events(ledger, [r[0] for r in rows])
        for rid, y, seq, received, when in rows:
            ev = events.get(rid)
            before = Events(
                correction_sent=ev.correction_sent if ev else None,
                correction_received=ev.correction_received if ev else None,
                pauses=[p for p in (ev.pauses if ev else []) if p.start < date.fromisoformat(when)],
            )
            try:
                dl = compute(cal, date.fromisoformat(received), None, before, date.fromisoformat(when))
            except BadInput:
                continue
            if dl.stopped is None and date.fromisoformat(when) > dl.due:
                out.append((kind, number_of(y, seq), date.fromisoformat(when), dl.due))
    return out
