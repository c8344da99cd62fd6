"""Letters to applicants and third parties (issue 12): the SQL side.

Per-unit dated settings (review body, court, letter prefix, contact), a unit's own templates, the
facts a letter states (gathered from the application record and the deadline engine, never typed
by the clerk), issuing with a number that is never given twice, the register, and the queries
behind the L-LETTER-* checks.

The wording of letters is the report layer's (disclosure_cli.report.letters): ``issue_letter`` is
handed a ``compose`` function that turns the facts into the letter's content, and calls it inside
the transaction that assigns the number, so that the number printed is the number stored.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.ledger.fields import parse_count, parse_date, text_field
from disclosure_cli.ledger.requests import number_of, resolve_request

ORIGIN = "0001-01-01"  # settings without a start date apply to every earlier letter
SETTING_FIELDS = ("issuer", "review_body", "court", "letter_prefix", "address", "phone", "review_online")
SETTING_LABELS = {
    "issuer": "出具机关名称（--issuer）",
    "review_body": "行政复议机关（--review-body）",
    "court": "人民法院（--court）",
    "letter_prefix": "文书编号前缀（--letter-prefix）",
    "address": "联系地址（--address）",
    "phone": "联系电话（--phone）",
    "review_online": "复议机关接收行政复议申请的网上渠道（--review-online）",
}
REQUIRED_SETTINGS = ("review_body", "court", "letter_prefix")
DEFAULT_CORRECTION_PERIOD = 15  # working days given for a 补正 (条例第三十条: a reasonable period)
CONTENT_VERSION = 1


def letter_number(prefix: str, year: int, seq: int) -> str:
    """惠南街依复〔2024〕7号."""
    return f"{prefix}〔{year}〕{seq}号"


def set_command(org: str) -> str:
    """The command that gives a unit its letter settings (named in every error about them)."""
    return f"disc org set {org} --review-body 复议机关 --court 人民法院 --letter-prefix 文号前缀 --phone 电话"


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    org_id: int
    org: str
    since: str
    issuer: str | None
    review_body: str
    court: str
    letter_prefix: str
    address: str | None
    phone: str | None
    review_online: str | None = None
    recorded_at: str | None = None

    @property
    def issuer_name(self) -> str:
        return self.issuer or self.org

    def to_dict(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "since": None if self.since == ORIGIN else self.since,
            **{k: getattr(self, k) for k in SETTING_FIELDS},
        }


_SETTING_COLS = "org_id, since, issuer, review_body, court, letter_prefix, address, phone, review_online, recorded_at"


def _org_name(conn: sqlite3.Connection, org_id: int) -> str:
    return conn.execute("SELECT name FROM org WHERE id = ?", (org_id,)).fetchone()[0]


def _settings(conn: sqlite3.Connection, row: tuple) -> Settings:
    org_id, since, issuer, review_body, court, prefix, address, phone, online, recorded = row
    return Settings(org_id, _org_name(conn, org_id), since, issuer, review_body, court, prefix, address, phone, online, recorded)


def settings_on(ledger: Ledger, org_id: int, day: str | date) -> Settings:
    """The settings in force on ``day`` (the latest since <= day); BadInput naming `disc org set` if none."""
    day = day.isoformat() if isinstance(day, date) else day
    row = ledger.conn.execute(
        f"SELECT {_SETTING_COLS} FROM letter_settings WHERE org_id = ? AND since <= ? ORDER BY since DESC LIMIT 1",
        (org_id, day),
    ).fetchone()
    if row is None:
        org = _org_name(ledger.conn, org_id)
        later = ledger.conn.execute(
            "SELECT min(since) FROM letter_settings WHERE org_id = ?", (org_id,)
        ).fetchone()[0]
        if later:
            raise BadInput(
                f"单位「{org}」的文书设置自 {later} 起才适用，{day} 的文书没有可用的设置。"
                f"请补充该日以前适用的设置：{set_command(org)} --since 日期"
            )
        raise BadInput(f"单位「{org}」还没有文书设置（复议机关、人民法院、文书编号前缀、联系方式）。请先设置：{set_command(org)}")
    return _settings(ledger.conn, row)


def list_settings(ledger: Ledger, org: str | None = None) -> list[dict[str, Any]]:
    """Every dated settings row of a unit, oldest first (`disc org settings`)."""
    org_id = ledger.org_id(org)
    rows = ledger.conn.execute(
        f"SELECT {_SETTING_COLS} FROM letter_settings WHERE org_id = ? ORDER BY since", (org_id,)
    ).fetchall()
    return [_settings(ledger.conn, r).to_dict() for r in rows]


def set_settings(ledger: Ledger, org: str | None, *, since: str | None = None, **values: str | None) -> Settings:
    """`disc org set`: settings from a date on.

    With --since: the settings from that day (a new row inheriting what is not given from the settings
    in force that day, or the row already starting that day, amended). Without: the unit's first
    settings apply from the start; later ones amend the latest row. Letters already issued never
    change (they are stored as issued).
    """
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise BadInput(f"未知的文书设置：{'、'.join(sorted(unknown))}")
    given = {k: text_field(v, SETTING_LABELS[k]) for k, v in values.items() if v is not None}
    for k, v in given.items():
        if v is None:
            raise BadInput(f"{SETTING_LABELS[k]}不能为空")
    if "letter_prefix" in given and any(ch in given["letter_prefix"] for ch in "〔〕[]{}"):
        raise BadInput(f"文书编号前缀「{given['letter_prefix']}」只写前缀（如 惠南街依复），年份和序号由 disc 编排")
    start = parse_date(since, "适用起始日期（--since）", required=False)
    if not given:
        raise BadInput("请至少给出一项设置：--review-body、--court、--letter-prefix、--issuer、--address、--phone、--review-online")
    with ledger.write() as conn:
        org_id = ledger.org_id(org)
        name = _org_name(conn, org_id)
        if start is None:
            row = conn.execute(
                f"SELECT {_SETTING_COLS} FROM letter_settings WHERE org_id = ? ORDER BY since DESC LIMIT 1", (org_id,)
            ).fetchone()
            target = ORIGIN if row is None else row[1]
        else:
            target = start
        same = conn.execute(
            f"SELECT {_SETTING_COLS} FROM letter_settings WHERE org_id = ? AND since = ?", (org_id, target)
        ).fetchone()
        if same is not None:
            before = _settings(conn, same)
            after = replace(before, **given)
            conn.execute(
                "UPDATE letter_settings SET issuer = ?, review_body = ?, court = ?, letter_prefix = ?, address = ?,"
                " phone = ?, review_online = ?, recorded_at = ? WHERE org_id = ? AND since = ?",
                (*(getattr(after, k) for k in SETTING_FIELDS), now_iso(), org_id, target),
            )
            changed = {k: v for k, v in given.items() if getattr(before, k) != v}
            if changed:
                ledger.log(
                    "letter_settings",
                    "org",
                    org_id,
                    before={"since": before.to_dict()["since"], **{k: getattr(before, k) for k in changed}},
                    after={"since": after.to_dict()["since"], **changed},
                )
            return after
        base_row = conn.execute(
            f"SELECT {_SETTING_COLS} FROM letter_settings WHERE org_id = ? AND since <= ? ORDER BY since DESC LIMIT 1",
            (org_id, target),
        ).fetchone()
        base = {k: None for k in SETTING_FIELDS}
        if base_row is not None:
            b = _settings(conn, base_row)
            base = {k: getattr(b, k) for k in SETTING_FIELDS}
        merged = {**base, **given}
        missing = [SETTING_LABELS[k] for k in REQUIRED_SETTINGS if not merged.get(k)]
        if missing:
            raise BadInput(f"单位「{name}」的文书设置缺少：{'、'.join(missing)}")
        at = now_iso()
        conn.execute(
            f"INSERT INTO letter_settings (org_id, since, {', '.join(SETTING_FIELDS)}, recorded_at)"
            f" VALUES (?, ?, {', '.join('?' * len(SETTING_FIELDS))}, ?)",
            (org_id, target, *(merged[k] for k in SETTING_FIELDS), at),
        )
        ledger.log(
            "letter_settings", "org", org_id, after={"since": None if target == ORIGIN else target, **merged}
        )
        return Settings(org_id, name, target, *(merged[k] for k in SETTING_FIELDS), at)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- templates


def get_template(ledger: Ledger, org_id: int, kind: str) -> str | None:
    row = ledger.conn.execute("SELECT text FROM letter_template WHERE org_id = ? AND kind = ?", (org_id, kind)).fetchone()
    return None if row is None else row[0]


def store_template(ledger: Ledger, org: str | None, kind: str, text: str) -> None:
    """Store a unit's template for a kind (validated by the caller: report.letters.set_template)."""
    kind = vocab.LETTER_KINDS.resolve(kind, "文书类型（--kind）")
    with ledger.write() as conn:
        org_id = ledger.org_id(org)
        old = get_template(ledger, org_id, kind)
        conn.execute(
            "INSERT INTO letter_template (org_id, kind, text, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(org_id, kind) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            (org_id, kind, text, now_iso()),
        )
        ledger.log("letter_template", "org", org_id, before={"kind": kind, "text": old}, after={"kind": kind, "text": text})


def clear_template(ledger: Ledger, org: str | None, kind: str) -> bool:
    """Back to disc's own wording for a kind; False when the unit had no template of its own."""
    kind = vocab.LETTER_KINDS.resolve(kind, "文书类型（--kind）")
    with ledger.write() as conn:
        org_id = ledger.org_id(org)
        old = get_template(ledger, org_id, kind)
        if old is None:
            return False
        conn.execute("DELETE FROM letter_template WHERE org_id = ? AND kind = ?", (org_id, kind))
        ledger.log("letter_template", "org", org_id, before={"kind": kind, "text": old}, after={"kind": kind, "text": None})
        return True


# --------------------------------------------------------------------------- the facts a letter states


@dataclass
class FeeFacts:
    method: str
    pieces: int | None
    pages: int | None
    amount_fen: int
    notice: date
    payment_due: date
    payment_provisional: bool
    breakdown: list[str]


@dataclass(frozen=True)
class ReplyInput:
    """Facts only the clerk knows, supplied when a reply letter is issued (docs/letters.md §一)."""

    proactive: str | None = None  # granted: where the information was already published (第三十六条第（一）项)
    law: str | None = None  # withheld.prohibited_by_law, inquiry_matter: the law or regulation
    holder: str | None = None  # not_held: the body that is to disclose it (第三十六条第（五）项)
    earlier: str | None = None  # duplicate: the earlier reply
    withheld_basis: str | None = None  # partial: the outcome code of the part withheld
    basis: str | None = None  # other.other: the basis, in the clerk's words
    delivery: str | None = None  # how the letter is delivered (vocab.DELIVERY); online needs the review body's channel

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class LetterFacts:
    """Everything a letter says that the ledger knows: the record, the settings, the computed dates.

    No personal data of the applicant: the addressee is filled in when the letter is printed.
    """

    kind: str
    settings: Settings
    request_id: int
    request: str  # 2024-003
    received: date
    subject: str
    via: str | None
    date: date  # the letter's date
    number: str | None = None  # None: a preview, not issued
    note: str | None = None
    addressee: str | None = None  # consultation letters: the third party
    outcome: str | None = None
    closed: date | None = None
    template: str | None = None  # the unit's own wording for this kind, if any
    # dates computed by the deadline engine
    deadline: date | None = None
    deadline_provisional: bool = False
    deadline_stopped: str | None = None
    original_deadline: date | None = None
    correction_due: date | None = None  # last day for a 补正 notice (7 working days)
    correction_sent: date | None = None
    period: int | None = None  # working days given for a 补正
    period_due: date | None = None
    extension_days: int | None = None
    fee: FeeFacts | None = None
    consult_due: date | None = None
    consulted_on: date | None = None  # a consultation letter to a third party (or a co-making organ) was issued
    objected_on: date | None = None  # disclose_notice: the day the addressee objected
    delay_until: date | None = None  # delay: the reasonable date set under 第三十五条
    # what the clerk supplied for a reply letter (docs/letters.md): see ReplyInput
    given: ReplyInput = field(default_factory=lambda: ReplyInput())
    consult_answers: list[tuple[str, str, date]] = field(default_factory=list)  # (party, agrees|objects, day)
    earlier_reply: str | None = None  # the earlier reply a duplicate application is refused by
    warnings: list[str] = field(default_factory=list)

    @property
    def org(self) -> str:
        return self.settings.org

    @property
    def review_law_revised(self) -> bool:
        """行政复议法 2023 in force on the letter's date."""
        return self.date.isoformat() >= vocab.REVIEW_LAW_REVISED


@dataclass
class StoredLetter:
    """A letter as issued (or a preview: id None, number None)."""

    id: int | None
    org_id: int
    request_id: int
    request: str
    kind: str
    number: str | None
    dated: str
    outcome: str | None
    addressee: str | None
    content: dict[str, Any]
    issued_at: str | None = None
    voided_at: str | None = None
    void_reason: str | None = None
    created: bool = False  # issued by this call (False: an earlier letter reproduced)
    warnings: list[str] = field(default_factory=list)


def _calendar(ledger: Ledger):
    from disclosure_cli.ledger.holidays import calendar

    return calendar(ledger)


def _request(ledger: Ledger, rid: int) -> dict[str, Any]:
    cur = ledger.conn.execute(
        "SELECT id, org_id, year, seq, received, subject, via, outcome, closed, voided_at FROM request WHERE id = ?",
        (rid,),
    )
    rec = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
    rec["number"] = number_of(rec["year"], rec["seq"])
    return rec


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def original_deadline(cal: Any, received: date, closed: date | None, events: Any, today: date) -> Any:
    """The answer deadline the application had without its extension (an extension notice is due before it)."""
    from disclosure_cli.ledger import deadlines

    base = replace(events, extension_days=0, approved_by=None) if events is not None else None
    return deadlines.compute(cal, received, closed, base, today)


def _fee_breakdown(tariff: Any, received: str, method: str, pieces: int | None, pages: int | None) -> list[str]:
    if method == tariff.BY_PAGE:
        return tariff.page_fee_breakdown(pages)
    return [
        f"同一申请人{received[:4]}年{int(received[5:7])}月第{pieces}件申请",
        *tariff.item_fee_breakdown((pieces or 1) - 1, 1),
    ]


def gather_facts(
    ledger: Ledger,
    rec: dict[str, Any],
    kind: str,
    day: date,
    *,
    note: str | None = None,
    addressee: str | None = None,
    period: int | None = None,
    settings: Settings | None = None,
    given: ReplyInput | None = None,
) -> LetterFacts:
    """The facts of one letter, from the record as it stands and the deadline engine."""
    from disclosure_cli import fees as tariff
    from disclosure_cli.ledger import deadlines
    from disclosure_cli.workdays import ANSWER_DAYS, CORRECTION_NOTICE_DAYS, fmt_date

    cal = _calendar(ledger)
    rid = rec["id"]
    received = date.fromisoformat(rec["received"])
    closed = _d(rec["closed"])
    events = deadlines.load_events(ledger, [rid]).get(rid)
    facts = LetterFacts(
        kind=kind,
        settings=settings or settings_on(ledger, rec["org_id"], day),
        request_id=rid,
        request=rec["number"],
        received=received,
        subject=rec["subject"],
        via=rec["via"],
        date=day,
        note=note,
        addressee=addressee,
        outcome=rec["outcome"],
        closed=closed,
        template=get_template(ledger, rec["org_id"], kind),
        given=given or ReplyInput(),
    )
    if facts.given.earlier:
        facts.earlier_reply = earlier_reply(ledger, rec, facts.given.earlier, facts.warnings)
    facts.correction_due = cal.add_workdays(received, CORRECTION_NOTICE_DAYS)[0]
    if events is not None:
        facts.correction_sent = events.correction_sent
    facts.consulted_on = _consulted_on(ledger, rid)
    facts.consult_answers = [
        (party or "", position, date.fromisoformat(d))
        for party, position, d in ledger.conn.execute(
            "SELECT party, position, day FROM request_event WHERE request_id = ? AND kind = 'consult_answer'"
            " AND voided_at IS NULL ORDER BY day, id", (rid,),
        )
    ]
    warn = facts.warnings.append

    if kind == "receipt":
        facts.deadline, facts.deadline_provisional = cal.add_workdays(received, ANSWER_DAYS)
    elif kind == "correction":
        facts.period = period or DEFAULT_CORRECTION_PERIOD
        facts.period_due = cal.add_workdays(day, facts.period)[0]
        if day > facts.correction_due:
            warn(
                f"补正通知书日期{fmt_date(day)}晚于收到申请之日起{CORRECTION_NOTICE_DAYS}个工作日"
                f"（最迟{fmt_date(facts.correction_due)}，条例第三十条）"
            )
        if facts.correction_sent is not None and facts.correction_sent != day:
            warn(f"台账登记的补正通知发出日期是{fmt_date(facts.correction_sent)}，与通知书日期不一致")
    elif kind == "extension":
        assert events is not None and events.extension_days
        facts.extension_days = events.extension_days
        dl = deadlines.compute(cal, received, closed, events, day)
        facts.deadline, facts.deadline_provisional, facts.deadline_stopped = dl.due, dl.provisional, dl.stopped
        facts.original_deadline = original_deadline(cal, received, closed, events, day).due
        if day > facts.original_deadline:
            warn(
                f"延期答复告知书日期{fmt_date(day)}晚于原答复期限{fmt_date(facts.original_deadline)}："
                "延长答复期限应在原期限内告知申请人（条例第三十三条第二款）"
            )
    elif kind == "fee":
        assert events is not None and events.fee is not None
        f = events.fee
        due, prov = tariff.fee_payment_due(cal, f.notice)
        facts.fee = FeeFacts(
            f.method, f.pieces, f.pages, f.amount_fen, f.notice, due, prov,
            _fee_breakdown(tariff, rec["received"], f.method, f.pieces, f.pages),
        )
        if f.notice != day:
            warn(f"台账登记的收费通知日期是{fmt_date(f.notice)}，与通知书日期不一致")
    elif kind in ("consult", "co_maker"):  # 15 working days for an answer (第三十二条、第三十四条)
        facts.consult_due = cal.add_workdays(day, vocab.THIRD_PARTY_DAYS)[0]
    elif kind == "ask_reasons":
        facts.period = period or DEFAULT_CORRECTION_PERIOD
        facts.period_due = cal.add_workdays(day, facts.period)[0]
    elif kind == "disclose_notice":
        facts.objected_on = _d(ledger.conn.execute(
            "SELECT max(day) FROM request_event WHERE request_id = ? AND kind = 'consult_answer' AND position = 'objects'"
            " AND party = ? AND voided_at IS NULL", (rid, addressee),
        ).fetchone()[0])
    elif kind == "delay":
        facts.delay_until = events.delay_until if events is not None else None
    elif kind == "pause_notice":
        dl = deadlines.compute(cal, received, closed, events, day)
        facts.deadline_stopped = dl.stopped
    elif kind == "reply":
        if events is not None and events.fee is not None:
            f = events.fee
            due, prov = tariff.fee_payment_due(cal, f.notice)
            facts.fee = FeeFacts(f.method, f.pieces, f.pages, f.amount_fen, f.notice, due, prov, [])
        try:
            dl = deadlines.compute(cal, received, closed or day, events, day)
        except BadInput:
            dl = None
        if dl is not None:
            facts.deadline, facts.deadline_provisional, facts.deadline_stopped = dl.due, dl.provisional, dl.stopped
            if dl.stopped is None and day > dl.due:
                warn(f"答复书日期{fmt_date(day)}晚于答复期限{fmt_date(dl.due)}")
        if closed is not None and closed != day:
            warn(f"答复书日期{fmt_date(day)}与台账登记的办结日期{fmt_date(closed)}不一致（表三按办结日期统计）")
    return facts


# --------------------------------------------------------------------------- what a reply needs first
def earlier_reply(ledger: Ledger, rec: dict[str, Any], ref: str, warnings: list[str]) -> str:
    """The earlier reply a duplicate application is refused by, as the letter names it: a letter number
    or an application number of this unit resolve to the reply issued (its number and date); anything
    else (a reply from before disc) is printed as given, with a warning."""
    ref = ref.strip()
    row = ledger.conn.execute(
        "SELECT number, dated, kind FROM letter WHERE org_id = ? AND number = ? AND voided_at IS NULL",
        (rec["org_id"], ref),
    ).fetchone()
    if row is None:
        m = re.fullmatch(r"(\d{4})-(\d{1,6})", ref)
        if m:
            row = ledger.conn.execute(
                "SELECT l.number, l.dated, l.kind FROM letter l JOIN request r ON r.id = l.request_id"
                " WHERE r.org_id = ? AND r.year = ? AND r.seq = ? AND l.kind = 'reply' AND l.voided_at IS NULL",
                (rec["org_id"], int(m.group(1)), int(m.group(2))),
            ).fetchone()
            if row is None:
                raise BadInput(f"--earlier {ref}：台账中该申请没有出具过答复书，不能据此认定重复申请")
    if row is None:
        warnings.append(f"--earlier「{ref}」不在台账中（可能是启用 disc 之前的答复），按原文写入答复书")
        return ref
    number, dated, kind = row
    if kind != "reply":
        raise BadInput(f"--earlier {ref} 是{vocab.LETTER_KINDS.label(kind)}，不是答复书")
    from disclosure_cli.workdays import fmt_date

    return f"{number}（{fmt_date(date.fromisoformat(dated))}）"


def old_law_settings(s: Settings, day: date) -> str | None:
    """Why these settings cannot sign a letter dated ``day`` under the 行政复议法 in force then, or None.

    From 2024-01-01 only the 本级人民政府 reviews a county-level department's acts (2023 第二十四条);
    settings made before that day for every date, or naming two review bodies (the old law's choice),
    were made for the old law (docs/letters.md §二)."""
    if day.isoformat() < vocab.REVIEW_LAW_REVISED:
        return None
    fix = f"disc org set {s.org} --review-body 复议机关 --since {vocab.REVIEW_LAW_REVISED}"
    if re.search(r"或者|或|、|／|/", s.review_body):
        return (
            f"单位「{s.org}」的复议机关设置「{s.review_body}」写了不止一个机关：2024年1月1日起施行的行政复议法"
            f"（第二十四条）规定由一个复议机关管辖。请登记自2024年1月1日起的复议机关：{fix}"
        )
    if s.since < vocab.REVIEW_LAW_REVISED and (s.recorded_at or "") < vocab.REVIEW_LAW_REVISED:
        when = (s.recorded_at or "")[:10] or "2024年以前"
        return (
            f"单位「{s.org}」的复议机关设置（{s.review_body}）是 {when} 按修订前的行政复议法登记的，"
            f"文书日期 {day.isoformat()} 适用2024年1月1日起施行的行政复议法（第二十四条：县级以上地方人民政府工作部门的"
            f"行为由本级人民政府复议；街道办事处由设立它的人民政府复议）。请确认并登记新法下的设置：{fix}"
        )
    return None


def reply_missing(ledger: Ledger, rec: dict[str, Any], day: date, given: ReplyInput, note: str | None) -> list[str]:
    """What a reply letter for this application still lacks (docs/letters.md §一), each with the
    option or command that supplies it; empty: it can be issued."""
    from disclosure_cli.ledger import deadlines

    code = rec["outcome"]
    b = vocab.LETTER_BASIS[code]
    need = vocab.LETTER_NEEDS
    missing: list[str] = []
    if code == "granted":
        if not (note or given.proactive):
            missing.append("--note 提供信息的方式，或 --proactive 已主动公开信息的获取途径")
    elif code == "unavailable.not_held":
        if not (note or given.holder):
            missing.append(f"--note {b.note}")
    elif b.note and not note:
        missing.append(f"--note {b.note}")
    if given.proactive and code != "granted":
        missing.append("--proactive 只用于予以公开的答复书")
    if given.holder and code != "unavailable.not_held":
        missing.append("--holder 只用于「本机关不掌握」的答复书")
    events = deadlines.load_events(ledger, [rec["id"]]).get(rec["id"])
    needs = list(b.needs)
    if code == "partial" and given.withheld_basis:  # the part withheld brings its own needs (a consultation)
        needs += [x for x in vocab.LETTER_BASIS.get(given.withheld_basis, b).needs if x not in needs]
    for n in needs:
        if n == "law" and not given.law:
            missing.append(need["law"])
        elif n == "part_basis":
            if not given.withheld_basis:
                missing.append(need["part_basis"])
        elif n == "earlier" and not given.earlier:
            missing.append(need["earlier"])
        elif n == "basis" and not given.basis:
            missing.append(need["basis"])
        elif n == "consulted":
            sent = ledger.conn.execute(
                "SELECT min(dated) FROM letter WHERE request_id = ? AND kind = 'consult' AND voided_at IS NULL AND dated <= ?",
                (rec["id"], day.isoformat()),
            ).fetchone()[0]
            answered = ledger.conn.execute(
                "SELECT count(*) FROM request_event WHERE request_id = ? AND kind = 'consult_answer' AND voided_at IS NULL"
                " AND day <= ?", (rec["id"], day.isoformat()),
            ).fetchone()[0]
            if sent is None:
                missing.append(need["consulted"])
            elif not answered:
                due = _calendar(ledger).add_workdays(date.fromisoformat(sent), vocab.THIRD_PARTY_DAYS)[0]
                if day <= due:
                    missing.append(
                        f"第三方的意见（征询函 {sent} 发出，提出意见的期限至 {due.isoformat()}）："
                        "disc request consult-answer 编号 --from 第三方 --agrees/--objects --date 日期"
                    )
        elif n == "reasons_asked":
            asked = ledger.conn.execute(
                "SELECT count(*) FROM request_event WHERE request_id = ? AND kind = 'reasons_asked' AND voided_at IS NULL"
                " AND day <= ?", (rec["id"], day.isoformat()),
            ).fetchone()[0]
            if not asked:
                missing.append(need["reasons_asked"])
        elif n == "correction":
            if events is None or events.correction_sent is None or (
                code == "unavailable.still_unclear" and events.correction_received is None
            ):
                missing.append(need["correction"])
        elif n == "fee" and (events is None or events.fee is None):
            missing.append(need["fee"])
    if given.withheld_basis:
        wb = given.withheld_basis
        if not wb.startswith("withheld.") or wb == "withheld.inquiry_matter":
            missing.append(f"--withheld-basis「{wb}」不是不予公开的情形（应为 withheld.state_secret 等）")
        elif code != "partial":
            missing.append("--withheld-basis 只用于部分公开的答复书")
    return missing


def _resolve_given(given: ReplyInput | None) -> ReplyInput:
    """Clean the clerk's facts: text fields checked, codes resolved (Chinese labels accepted)."""
    if given is None:
        return ReplyInput()
    labels = {
        "proactive": "已主动公开信息的获取途径（--proactive）", "law": "法律、行政法规（--law）",
        "holder": "负责公开的机关（--holder）", "earlier": "已作出的答复（--earlier）",
        "basis": "依据（--basis）",
    }
    values = {k: text_field(getattr(given, k), label) for k, label in labels.items()}
    wb = given.withheld_basis
    if wb is not None:
        wb = vocab.OUTCOMES.resolve(wb, "不予公开部分的情形（--withheld-basis）")
    delivery = vocab.DELIVERY.resolve(given.delivery, "送达方式（--delivery）") if given.delivery else None
    return ReplyInput(**values, withheld_basis=wb, delivery=delivery)


# --------------------------------------------------------------------------- issuing


_LETTER_COLS = (
    "id, org_id, request_id, kind, number, dated, outcome, addressee, content, issued_at, voided_at, void_reason"
)


def _stored(ledger: Ledger, row: tuple) -> StoredLetter:
    lid, org_id, rid, kind, number, dated, outcome, addressee, content, issued_at, voided_at, reason = row
    year, seq = ledger.conn.execute("SELECT year, seq FROM request WHERE id = ?", (rid,)).fetchone()
    return StoredLetter(
        lid, org_id, rid, number_of(year, seq), kind, number, dated, outcome, addressee, json.loads(content),
        issued_at, voided_at, reason,
    )


def standing_letter(ledger: Ledger, request_id: int, kind: str, addressee: str | None = None) -> StoredLetter | None:
    """The letter of this kind currently standing for an application (consultation: to this third party)."""
    sql = f"SELECT {_LETTER_COLS} FROM letter WHERE request_id = ? AND kind = ? AND voided_at IS NULL"
    args: list[Any] = [request_id, kind]
    if kind in vocab.ADDRESSED_KINDS:
        sql += " AND coalesce(addressee, '') = ?"
        args.append(addressee or "")
    row = ledger.conn.execute(sql, args).fetchone()
    return None if row is None else _stored(ledger, row)


def get_letter(ledger: Ledger, number: str, org: str | None = None) -> StoredLetter:
    """A letter by its number (惠南街依复〔2024〕7号), voided ones included."""
    row = ledger.conn.execute(
        f"SELECT {_LETTER_COLS} FROM letter WHERE org_id = ? AND number = ? ORDER BY id DESC LIMIT 1",
        (ledger.org_id(org), number.strip()),
    ).fetchone()
    if row is None:
        raise BadInput(f"没有编号为 {number} 的文书")
    return _stored(ledger, row)


def _default_kind(rec: dict[str, Any]) -> str:
    if rec["closed"]:
        return "reply"
    choices = "、".join(vocab.LETTER_KINDS.choices()[1:])
    raise BadInput(
        f"申请 {rec['number']} 尚未办结，请用 --kind 指明文书类型：{choices}；"
        f"答复书在办结后出具（disc request close {rec['number']} --outcome … --date …）"
    )


def _consulted_on(ledger: Ledger, rid: int) -> date | None:
    """The first standing letter asking a third party or a co-making organ (第三十二条、第三十四条)."""
    got = ledger.conn.execute(
        "SELECT min(dated) FROM letter WHERE request_id = ? AND kind IN ('consult', 'co_maker') AND voided_at IS NULL", (rid,)
    ).fetchone()[0]
    return _d(got)


def _event_day(ledger: Ledger, rid: int, kind: str) -> date | None:
    got = ledger.conn.execute(
        "SELECT max(day) FROM request_event WHERE request_id = ? AND kind = ? AND voided_at IS NULL", (rid, kind)
    ).fetchone()[0]
    return _d(got)


def event_date(ledger: Ledger, rec: dict[str, Any], kind: str, today: date) -> date:
    """A letter's date when none is given: the date of the event it records (vocab.LETTER_SPECS
    date_from), so its number counts in that year. Refused when the event is not in the ledger (a
    notice states what the ledger holds), and when nothing dates it but today lies past the
    application's answer period: a letter back-filled today would carry this year's number."""
    from disclosure_cli.ledger import deadlines

    number, rid = rec["number"], rec["id"]
    spec = vocab.LETTER_SPEC[kind]
    label = spec.label
    events = deadlines.load_events(ledger, [rid]).get(rid)
    source = spec.date_from
    if source == "closed":
        if not rec["closed"]:
            raise BadInput(
                f"申请 {number} 尚未办结，不能出具{label}：先登记办理结果 disc request close {number} --outcome … --date …"
                + ("；或用 --date 给出决定公开的日期" if kind == "disclose_notice" else "")
            )
        return date.fromisoformat(rec["closed"])
    if source == "received":
        return date.fromisoformat(rec["received"])
    if source == "correction":
        if events is None or events.correction_sent is None:
            raise BadInput(f"申请 {number} 没有登记补正通知：先登记 disc request correction {number} --sent 日期")
        return events.correction_sent
    if source == "extension":
        if events is None or not events.extension_days:
            raise BadInput(f"申请 {number} 没有登记延长答复期限：先登记 disc request extend {number} --approved-by 负责人 --date 日期")
        if events.extension_decided is None:
            raise BadInput(f"申请 {number} 登记的延长没有批准日期：请用 --date 给出延期答复告知书的日期")
        return events.extension_decided
    if source == "fee":
        if events is None or events.fee is None:
            raise BadInput(f"申请 {number} 没有登记收费通知：先登记 disc request fee {number} --method … --notice 日期")
        return events.fee.notice
    if source in ("reasons_asked", "delay_set"):
        day = _event_day(ledger, rid, source)
        if day is None:
            how = (f"disc request ask-reasons {number} --date 日期" if source == "reasons_asked"
                   else f"disc request delay {number} --date 日期 --until 合理期限")
            raise BadInput(f"申请 {number} 没有登记{'要求说明理由' if source == 'reasons_asked' else '延迟答复的合理期限'}：先登记 {how}")
        return day
    # consulted: a pause notice follows the consultation letter; a consultation letter is dated today
    # while the application is in hand, never back-filled past its answer period without --date
    if kind == "pause_notice":
        day = _consulted_on(ledger, rid)
        if day is None:
            raise BadInput(
                f"申请 {number} 还没有出具征求意见的函：先出具 disc request letter {number} --kind consult --to 第三方"
                "（或 --kind co_maker --to 共同制作的机关）"
            )
        return day
    if events is not None:
        consults = [p.start for p in events.pauses if p.end is None or p.end >= p.start]
        if consults:
            return consults[-1]  # the consultation pause registered: the letter starts it
    dl = deadlines.compute(_calendar(ledger), date.fromisoformat(rec["received"]), _d(rec["closed"]), events, today)
    if rec["closed"] or today > dl.due:
        raise BadInput(
            f"申请 {number} 的答复期限是{dl.due.isoformat()}{'（已办结）' if rec['closed'] else ''}，今天出具{label}只能是补登："
            "请用 --date 给出函的实际日期（编号按该日期的年份）"
        )
    return today


def _check_kind_needs(ledger: Ledger, rec: dict[str, Any], kind: str, day: date, addressee: str | None,
                      note: str | None) -> None:
    """What the newer notices need before they can be issued (issue 25)."""
    number, rid = rec["number"], rec["id"]
    if kind == "disclose_notice":
        objected = ledger.conn.execute(
            "SELECT max(day) FROM request_event WHERE request_id = ? AND kind = 'consult_answer' AND position = 'objects'"
            " AND party = ? AND voided_at IS NULL", (rid, addressee),
        ).fetchone()[0]
        if objected is None:
            raise BadInput(
                f"决定公开告知书告知不同意公开的第三方（条例第三十二条）：申请 {number} 没有登记「{addressee}」不同意公开的意见"
                f"（disc request consult-answer {number} --from {addressee} --objects --date 日期）"
            )
        if rec["outcome"] is not None and rec["outcome"] not in ("granted", "partial"):
            raise BadInput(f"申请 {number} 的办理结果是「{vocab.OUTCOMES.label(rec['outcome'])}」，不是决定公开，不需要告知第三方")
        if not note:
            raise BadInput("决定公开告知书须写明决定公开的政府信息内容和理由（条例第三十二条）：--note 内容和理由")
    if kind == "delay" and not note:
        raise BadInput("延迟答复告知书须写明认为理由合理、但无法按期答复的原因：--note 原因")
    if kind == "ask_reasons" and not note:
        raise BadInput("说明理由通知书须写明申请的数量、频次为何明显超过合理范围（条例第三十五条）：--note 情况")


def issue_letter(
    ledger: Ledger,
    ref: str | int,
    *,
    compose: Callable[[LetterFacts], dict[str, Any]],
    kind: str | None = None,
    dated: str | date | None = None,
    note: str | None = None,
    addressee: str | None = None,
    period: int | str | None = None,
    reissue_reason: str | None = None,
    preview: bool = False,
    org: str | None = None,
    today: date | None = None,
    given: ReplyInput | None = None,
    delivered_by: str | None = None,
) -> StoredLetter:
    """`disc request letter`: issue a letter, or reproduce the one already issued.

    A letter of this kind already standing for the application is reproduced as issued (same number,
    same text); --date/--note differing from it are refused. ``reissue_reason`` voids it and issues
    a new one with a new number (the old number is never used again). ``preview``: nothing is stored
    and no number is given. The number is assigned inside the write transaction (BEGIN IMMEDIATE),
    so two clerks issuing at the same moment never get the same number.
    """
    rid = resolve_request(ledger, ref, org)
    rec = _request(ledger, rid)
    if rec["voided_at"]:
        raise BadInput(f"申请 {rec['number']} 已作废")
    kind = vocab.LETTER_KINDS.resolve(kind, "文书类型（--kind）") if kind else _default_kind(rec)
    note = text_field(note, "附言（--note）")
    addressee = text_field(addressee, "第三方名称（--to）")
    spec = vocab.LETTER_SPEC[kind]
    if spec.to != "applicant" and not addressee:
        whom = "共同制作的机关" if spec.to == "organ" else "第三方"
        raise BadInput(f"{spec.label}须写明{whom}的名称：--to 名称")
    if spec.to == "applicant" and addressee:
        addressed = "、".join(f"{vocab.LETTER_SPEC[k].label}（--kind {k}）" for k in vocab.ADDRESSED_KINDS)
        raise BadInput(f"--to 只用于{addressed}；{spec.label}寄给申请人")
    if period is not None and kind not in ("correction", "ask_reasons"):
        raise BadInput("--period（期限，工作日）只用于补正通知书（--kind correction）和说明理由通知书（--kind ask_reasons）")
    days = parse_count(period, "补正期限（--period，工作日）", default=None) if period is not None else None
    given_date = parse_date(dated, "文书日期（--date）", required=False)
    reason = text_field(reissue_reason, "重新出具的原因（--reason）")
    if reissue_reason is not None and not reason:
        raise BadInput("重新出具须说明原因（--reason）")
    given = _resolve_given(given)
    if days is not None and days < vocab.MIN_CORRECTION_PERIOD:
        raise BadInput(
            f"补正期限 {days} 个工作日太短：条例第三十条要求「合理的补正期限」，disc 至少给 {vocab.MIN_CORRECTION_PERIOD} 个工作日"
            "（默认15个工作日，见 docs/letters.md）"
        )
    reply_only = [k for k, v in given.to_dict().items() if k != "delivery" and v]
    if reply_only and kind != "reply":
        raise BadInput(f"{'、'.join('--' + k.replace('_', '-') for k in reply_only)} 只用于答复书（--kind reply）")
    if given.delivery is None and rec["via"] == "online" and kind in ("reply", "fee"):  # to the applicant, with remedies
        given = replace(given, delivery="online")  # an application made online is answered online unless said otherwise

    standing = standing_letter(ledger, rid, kind, addressee)
    if delivered_by and given.delivery is None and (standing is None or reason is not None):
        given = replace(given, delivery=vocab.DELIVERY.resolve(delivered_by, "送达方式（--by）"))  # the letter says how it goes
    label = vocab.LETTER_KINDS.label(kind)
    if standing is not None and reason is None and not preview:
        if kind == "reply" and standing.outcome != rec["outcome"]:
            now = vocab.OUTCOMES.label(rec["outcome"]) if rec["outcome"] else "尚未办结"
            raise BadInput(
                f"申请 {rec['number']} 的答复书 {standing.number} 写的办理结果是「{vocab.OUTCOMES.label(standing.outcome)}」，"
                f"台账现为「{now}」。答复书不能原样重出：更正后请 --reissue --reason 原因 重新出具"
            )
        _same_as_standing(standing, label, rec["number"], given_date, note, days, given)
        return standing
    if reason is not None and standing is None:
        raise BadInput(f"申请 {rec['number']} 还没有出具{label}，无需重新出具（去掉 --reissue）")

    today = today or date.today()
    # the event a notice records must be in the ledger, whatever date is given
    day = event_date(ledger, rec, kind, today) if not given_date else date.fromisoformat(given_date)
    if given_date and kind in ("correction", "extension", "fee", "ask_reasons", "delay", "pause_notice"):
        event_date(ledger, rec, kind, today)
    if day < date.fromisoformat(rec["received"]):
        raise BadInput(f"文书日期 {day.isoformat()} 早于申请 {rec['number']} 的收到申请日期 {rec['received']}")
    if kind == "correction" and not note:
        raise BadInput("补正通知书须写明需要补正的事项：--note 需要补正的事项")
    _check_kind_needs(ledger, rec, kind, day, addressee, note)
    if kind == "reply":
        missing = reply_missing(ledger, rec, day, given, note)
        if missing:
            raise BadInput(
                f"申请 {rec['number']} 的办理结果是「{vocab.OUTCOMES.label(rec['outcome'])}」，答复书还缺少（未出具、未编号）：\n"
                + "\n".join(f"  - {m}" for m in missing),
                missing,
            )
    if spec.remedies:  # the letters that carry remedies
        s_day = settings_on(ledger, rec["org_id"], day)
        why = old_law_settings(s_day, day)
        if why:
            raise BadInput(why)
        if given.delivery in vocab.INTERNET_DELIVERY and day.isoformat() >= vocab.REVIEW_LAW_REVISED and not s_day.review_online:
            raise BadInput(
                f"文书经{vocab.DELIVERY.label(given.delivery)}送达：依照{vocab.ONLINE_REVIEW_ARTICLE}，须同时写明提交行政复议申请书的"
                f"网上渠道，而单位「{s_day.org}」的设置中没有。请登记：disc org set {s_day.org} --review-online 网址或平台名称"
                f"（或用 --delivery 写明其他送达方式）"
            )

    if preview:
        facts = gather_facts(ledger, rec, kind, day, note=note, addressee=addressee, period=days, given=given)
        content = compose(facts)
        return StoredLetter(
            None, rec["org_id"], rid, rec["number"], kind, None, day.isoformat(), facts.outcome if kind == "reply" else None,
            addressee, content, warnings=facts.warnings,
        )

    try:
        with ledger.write() as conn:
            now_standing = standing_letter(ledger, rid, kind, addressee)
            if now_standing is not None and (standing is None or now_standing.id != standing.id):
                return now_standing  # issued by someone else a moment ago: theirs stands
            facts = gather_facts(ledger, rec, kind, day, note=note, addressee=addressee, period=days, given=given)
            if now_standing is not None:
                at = now_iso()
                conn.execute(
                    "UPDATE letter SET voided_at = ?, void_reason = ? WHERE id = ?", (at, reason, now_standing.id)
                )
                ledger.log(
                    "void", "letter", now_standing.id, before={"number": now_standing.number}, after={"voided_at": at},
                    reason=reason,
                )
            s = facts.settings
            year = day.year
            seq = conn.execute(
                "SELECT coalesce(max(seq), 0) + 1 FROM letter WHERE org_id = ? AND year = ?", (rec["org_id"], year)
            ).fetchone()[0]
            facts.number = letter_number(s.letter_prefix, year, seq)
            content = compose(facts)
            outcome = facts.outcome if kind == "reply" else None
            cur = conn.execute(
                "INSERT INTO letter (org_id, request_id, kind, year, seq, number, dated, outcome, addressee, content,"
                " issued_at, clerk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rec["org_id"], rid, kind, year, seq, facts.number, day.isoformat(), outcome, addressee,
                    json.dumps(content, ensure_ascii=False, sort_keys=True), now_iso(), ledger.clerk,
                ),
            )
            lid = int(cur.lastrowid)
            # the trail says which letter went out, never to whom (the addressee may be a person)
            ledger.log(
                "letter", "request", rid,
                after={"letter_id": lid, "kind": kind, "number": facts.number, "dated": day.isoformat(), "outcome": outcome},
                reason=reason,
            )
    except sqlite3.IntegrityError as e:  # the unique indexes: a second standing letter, or a number taken
        raise BadInput(f"出具{label}失败：{e}；请重试") from e
    letter = standing_letter(ledger, rid, kind, addressee)
    assert letter is not None
    letter.created = True
    letter.warnings = facts.warnings
    return letter


def _same_as_standing(
    standing: StoredLetter, label: str, number: str, given_date: str | None, note: str | None, period: int | None,
    given: ReplyInput | None = None,
) -> None:
    """Reproducing an issued letter: options that would change it are refused, not silently ignored."""
    said = standing.content.get("facts", {})
    differs = []
    stated = said.get("given", {})
    for k, v in (given.to_dict() if given else {}).items():
        if v != stated.get(k) and not (k == "delivery" and k not in stated):
            differs.append(f"--{k.replace('_', '-')}")
    if given_date and given_date != standing.dated:
        differs.append(f"日期 {standing.dated}")
    if note is not None and note != said.get("note"):
        differs.append("附言")
    if period is not None and period != said.get("period"):
        differs.append(f"补正期限 {said.get('period')} 个工作日")
    if differs:
        raise BadInput(
            f"申请 {number} 的{label}已出具（{standing.number}，{'、'.join(differs)}），重新生成按原样输出；"
            "如需更正，请加 --reissue --reason 原因：原文书作废，编号不再使用，另出具新编号的文书"
        )


# --------------------------------------------------------------------------- after issuing: delivery, a pause
def record_delivery(ledger: Ledger, letter: StoredLetter, day: str, method: str, detail: str | None = None) -> str:
    """送达 (issue 25): when and how the letter reached its addressee — it starts the applicant's
    remedy periods. Once per letter: the same record again is accepted, a different one refused."""
    if letter.id is None:
        raise BadInput("预览的文书没有出具，不能登记送达")
    when = parse_date(day, "送达日期（--delivered）")
    how = vocab.DELIVERY.resolve(method, "送达方式（--by）")
    said = text_field(detail, "送达说明（--delivery-note）")
    if when < letter.dated:
        raise BadInput(f"送达日期 {when} 早于文书 {letter.number} 的日期 {letter.dated}")
    with ledger.write() as conn:
        old = conn.execute(
            "SELECT day, method FROM delivery WHERE letter_id = ? AND voided_at IS NULL", (letter.id,)
        ).fetchone()
        if old is not None:
            if (old[0], old[1]) == (when, how):
                return f"{letter.number} 已登记于 {when} {vocab.DELIVERY.label(how)}送达"
            raise BadInput(f"{letter.number} 已登记于 {old[0]} {vocab.DELIVERY.label(old[1])}送达，不能再登记另一次送达")
        cur = conn.execute(
            "INSERT INTO delivery (letter_id, day, method, detail, recorded_at, clerk) VALUES (?, ?, ?, ?, ?, ?)",
            (letter.id, when, how, said, now_iso(), ledger.clerk),
        )
        ledger.log("add", "delivery", int(cur.lastrowid), after={"number": letter.number, "day": when, "method": how})
    return f"已登记 {letter.number} 于 {when} {vocab.DELIVERY.label(how)}送达"


def deliveries(ledger: Ledger, request_id: int) -> list[dict[str, Any]]:
    """The standing delivery records of an application's letters."""
    cur = ledger.conn.execute(
        "SELECT l.number, l.kind, d.day, d.method, d.detail, d.recorded_at, d.clerk FROM delivery d"
        " JOIN letter l ON l.id = d.letter_id WHERE l.request_id = ? AND d.voided_at IS NULL ORDER BY d.day, d.id",
        (request_id,),
    )
    return [dict(zip([c[0] for c in cur.description], r, strict=True)) for r in cur]


def pause_suggestion(ledger: Ledger, letter: StoredLetter) -> str | None:
    """After a letter asking a third party or an organ: the pause to register, unless one covering
    its date is registered already (never suggest what is in the ledger)."""
    if letter.kind not in ("consult", "co_maker"):
        return None
    from disclosure_cli.ledger import deadlines

    events = deadlines.load_events(ledger, [letter.request_id]).get(letter.request_id)
    day = date.fromisoformat(letter.dated)
    if events is not None and any(p.start <= day and (p.end is None or p.end >= day) for p in events.pauses):
        return None
    whom = "共同制作机关" if letter.kind == "co_maker" else "第三方"
    return (f"征求{whom}意见的时间不计入答复期限（条例第三十三条第三款）：disc request pause {letter.request} --from {letter.dated}"
            f" --reason 征求{whom}意见；告知申请人：disc request letter {letter.request} --kind pause_notice")


# --------------------------------------------------------------------------- reading letters


def applicant(ledger: Ledger, request_id: int) -> tuple[str | None, str | None]:
    """The applicant's name and address for the letter's addressee (None when never given or purged)."""
    row = ledger.conn.execute("SELECT name, address FROM request_personal WHERE request_id = ?", (request_id,)).fetchone()
    if row is None:
        return None, None
    return (row[0] or None), (row[1] or None)


REGISTER_COLUMNS = ["number", "kind", "request", "dated", "outcome", "status"]


def register(
    ledger: Ledger, *, year: int | None = None, org: str | None = None, include_personal: bool = False
) -> list[dict[str, Any]]:
    """`disc request letters`: every letter issued, in number order; voided ones too (a number is never reused).

    The applicant's name and a consultation letter's addressee only with include_personal.
    """
    where, args = ["l.org_id = ?"], [ledger.org_id(org)]
    if year:
        where.append("l.year = ?")
        args.append(year)
    personal = ", p.name, l.addressee" if include_personal else ""
    join = " LEFT JOIN request_personal p ON p.request_id = l.request_id" if include_personal else ""
    rows = ledger.conn.execute(
        f"SELECT l.number, l.kind, r.year, r.seq, l.dated, l.outcome, l.voided_at, l.void_reason{personal}"
        f" FROM letter l JOIN request r ON r.id = l.request_id{join} WHERE {' AND '.join(where)}"
        " ORDER BY l.year, l.seq",
        args,
    ).fetchall()
    out = []
    for row in rows:
        number, kind, ry, rs, dated, outcome, voided, reason = row[:8]
        rec = {
            "number": number,
            "kind": kind,
            "request": number_of(ry, rs),
            "dated": dated,
            "outcome": outcome,
            "status": "voided" if voided else "issued",
            "void_reason": reason,
        }
        if include_personal:
            rec["applicant"], rec["addressee"] = row[8], row[9]
        out.append(rec)
    return out


# --------------------------------------------------------------------------- queries for the L-LETTER-* checks


def _in(ids: list[int], col: str = "org_id") -> str:
    return f"{col} IN ({', '.join(str(int(i)) for i in ids)})"


@dataclass
class LetterCase:
    """A letter (or a missing one) a check reports: the application, the letter and the dates compared."""

    request: str
    received: str
    letter: str | None = None  # the letter's number
    dated: str | None = None
    due: str | None = None
    provisional: bool = False
    closed: str | None = None
    outcome: str | None = None
    letter_outcome: str | None = None


def missing_replies(ledger: Ledger, year: int, ids: list[int]) -> list[LetterCase]:
    """Applications closed in the year without a standing reply letter stating their outcome.

    Only from the day a unit issued its first letter with disc: applications closed before a unit
    kept its letters in the ledger (a ledger older than this feature, sample.db) are not judged.
    """
    rows = ledger.conn.execute(
        "WITH first AS (SELECT org_id, min(dated) AS since FROM letter WHERE " + _in(ids) + " GROUP BY org_id)"
        " SELECT r.year, r.seq, r.received, r.closed, r.outcome, l.number, l.outcome"
        " FROM request r JOIN first f ON f.org_id = r.org_id"
        " LEFT JOIN letter l ON l.request_id = r.id AND l.kind = 'reply' AND l.voided_at IS NULL"
        " WHERE r.voided_at IS NULL AND r.closed BETWEEN ? AND ? AND r.closed >= f.since"
        " AND (l.id IS NULL OR l.outcome IS NOT r.outcome)"
        " ORDER BY r.closed, r.id",
        (f"{year}-01-01", f"{year}-12-31"),
    ).fetchall()
    return [
        LetterCase(number_of(y, s), received, letter=num, closed=closed, outcome=outcome, letter_outcome=lo)
        for y, s, received, closed, outcome, num, lo in rows
    ]


def _letters_of_year(ledger: Ledger, year: int, ids: list[int], kind: str) -> list[tuple]:
    return ledger.conn.execute(
        "SELECT l.number, l.dated, r.id, r.year, r.seq, r.received, r.closed FROM letter l"
        " JOIN request r ON r.id = l.request_id"
        f" WHERE {_in(ids, 'l.org_id')} AND l.voided_at IS NULL AND r.voided_at IS NULL AND l.kind = ?"
        " AND l.dated BETWEEN ? AND ? ORDER BY l.dated, l.id",
        (kind, f"{year}-01-01", f"{year}-12-31"),
    ).fetchall()


def late_letters(ledger: Ledger, year: int, ids: list[int], kind: str, today: date) -> list[LetterCase]:
    """Standing letters of a kind dated in the year after the day the law allows, as the engine computes it.

    correction: 7 working days after receipt (条例第三十条); extension: the deadline the application had
    without its extension (第三十三条第二款); reply: the answer deadline (with 补正, extension, pauses).
    """
    from disclosure_cli.ledger import deadlines
    from disclosure_cli.workdays import CORRECTION_NOTICE_DAYS

    if kind not in ("correction", "extension", "reply"):
        raise ValueError(kind)
    rows = _letters_of_year(ledger, year, ids, kind)
    if not rows:
        return []
    cal = _calendar(ledger)
    events = deadlines.load_events(ledger, [r[2] for r in rows])
    out = []
    for number, dated, rid, ry, rs, received, closed in rows:
        rec_day, letter_day = date.fromisoformat(received), date.fromisoformat(dated)
        ev = events.get(rid)
        try:
            if kind == "correction":
                due, prov = cal.add_workdays(rec_day, CORRECTION_NOTICE_DAYS)
            else:
                answer = _d(closed) or letter_day
                if kind == "extension":
                    dl = original_deadline(cal, rec_day, answer, ev, today)
                else:
                    dl = deadlines.compute(cal, rec_day, answer, ev, today)
                if dl.stopped is not None:  # the clock is stopped (no 补正 received): no deadline to miss
                    continue
                due, prov = dl.due, dl.provisional
        except BadInput:  # inconsistent event dates: `disc request show` reports them
            continue
        if letter_day > due:
            out.append(LetterCase(number_of(ry, rs), received, number, dated, due.isoformat(), prov, closed))
    return out


# --------------------------------------------------------------------------- letters already issued (checks)
@dataclass
class IssuedLetter:
    """A standing letter as `disc check` judges it (issue 20)."""

    number: str
    request: str
    kind: str
    dated: str
    outcome: str | None
    via: str | None
    content: dict[str, Any]
    consulted: str | None  # first consultation letter of the application, if any
    reasons_asked: str | None  # first 「要求说明理由」 step, if any
    settings_recorded: str | None  # when the settings row the letter used was recorded (None: not known)
    settings_since: str | None


def issued_letters(ledger: Ledger, year: int, org_ids: list[int], kinds: tuple[str, ...] = ("reply", "fee")) -> list[IssuedLetter]:
    """Standing letters of these kinds dated in the year, with what their checks need."""
    from disclosure_cli.ledger.query import org_in

    rows = ledger.conn.execute(
        f"SELECT l.number, r.year, r.seq, l.kind, l.dated, l.outcome, r.via, l.content, l.org_id,"
        " (SELECT min(c.dated) FROM letter c WHERE c.request_id = l.request_id AND c.kind = 'consult' AND c.voided_at IS NULL),"
        " (SELECT min(e.day) FROM request_event e WHERE e.request_id = l.request_id AND e.kind = 'reasons_asked'"
        "  AND e.voided_at IS NULL)"
        f" FROM letter l JOIN request r ON r.id = l.request_id WHERE l.voided_at IS NULL AND {org_in(org_ids, 'l.org_id')}"
        f" AND l.kind IN ({', '.join('?' * len(kinds))}) AND l.year = ? ORDER BY l.dated, l.id",
        (*kinds, year),
    ).fetchall()
    out = []
    for number, ry, rs, kind, dated, outcome, via, content, org_id, consulted, asked in rows:
        c = json.loads(content)
        facts = c.get("facts", {})
        since = facts.get("settings_since") or ORIGIN
        recorded = facts.get("settings_recorded")
        if recorded is None:  # a letter issued before issue 20 kept no record of it: look it up
            got = ledger.conn.execute(
                "SELECT recorded_at FROM letter_settings WHERE org_id = ? AND since = ?", (org_id, since)
            ).fetchone()
            recorded = got[0] if got else None
        out.append(IssuedLetter(number, number_of(ry, rs), kind, dated, outcome, via, c, consulted, asked, recorded, since))
    return out
