"""An application's or a case's whole file as the ledger holds it (issue 25, the evidence pack).

A 复议机关 or a court asks for everything the unit recorded about one application: what was done and
what was undone. So nothing here drops a voided row: a voided letter, a voided pause or delivery is
returned with its void time and reason, and the pack shows it marked. The rows are read here (the
only layer with SQL); report/pack.py renders and masks them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from disclosure_cli.errors import NotFound
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.letters import _LETTER_COLS, StoredLetter, _stored
from disclosure_cli.ledger.personal import masker
from disclosure_cli.ledger.requests import PERSONAL_FIELDS, number_of
from disclosure_cli.personal import Masker


@dataclass
class RequestFile:
    """One application with everything recorded about it, voided rows included."""

    id: int
    number: str
    org: str
    request: dict[str, Any]
    personal: dict[str, Any] | None  # the applicant's own data (None: never given); read only when asked
    corrections: list[dict[str, Any]] = field(default_factory=list)
    extensions: list[dict[str, Any]] = field(default_factory=list)
    pauses: list[dict[str, Any]] = field(default_factory=list)
    fees: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    letters: list[StoredLetter] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)


def _rows(ledger: Ledger, sql: str, args: tuple = ()) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(sql, args)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


_STEP_TABLES = {
    "corrections": "SELECT id, sent, received, recorded_at, voided_at, void_reason FROM request_correction",
    "extensions": "SELECT id, days, approved_by, decided, late_reason, recorded_at, voided_at, void_reason FROM request_extension",
    "pauses": "SELECT id, start_day, end_day, reason, recorded_at, voided_at, void_reason FROM request_pause",
    "fees": "SELECT id, method, pieces, pages, amount_fen, notice, paid, recorded_at, voided_at, void_reason FROM request_fee",
    "events": "SELECT id, kind, day, party, position, detail, until, recorded_at, clerk, voided_at, void_reason FROM request_event",
}


def request_file(ledger: Ledger, request_id: int, *, include_personal: bool = False) -> RequestFile:
    """The file of one application (by internal id), in the order things were recorded."""
    found = _rows(
        ledger,
        "SELECT r.id, r.year, r.seq, o.name AS org, r.received, r.applicant_type, r.subject, r.via, r.outcome, r.closed,"
        " r.voided_at, r.void_reason, p.purged_at FROM request r JOIN org o ON o.id = r.org_id"
        " LEFT JOIN request_personal p ON p.request_id = r.id WHERE r.id = ?",
        (request_id,),
    )
    if not found:
        raise NotFound(f"没有编号为 {request_id} 的申请")
    rec = found[0]
    number = number_of(rec.pop("year"), rec.pop("seq"))
    rec["number"] = number
    personal = None
    if include_personal:
        got = _rows(ledger, f"SELECT {', '.join(PERSONAL_FIELDS)} FROM request_personal WHERE request_id = ?", (request_id,))
        personal = got[0] if got else None
    f = RequestFile(request_id, number, rec.pop("org"), rec, personal)
    for name, sql in _STEP_TABLES.items():
        order = "day, id" if name == "events" else "id"
        setattr(f, name, _rows(ledger, f"{sql} WHERE request_id = ? ORDER BY {order}", (request_id,)))
    f.letters = [
        _stored(ledger, row)
        for row in ledger.conn.execute(f"SELECT {_LETTER_COLS} FROM letter WHERE request_id = ? ORDER BY id", (request_id,))
    ]
    f.deliveries = _rows(
        ledger,
        "SELECT d.id, d.letter_id, l.number, l.kind, d.day, d.method, d.detail, d.recorded_at, d.clerk, d.voided_at,"
        " d.void_reason FROM delivery d JOIN letter l ON l.id = d.letter_id WHERE l.request_id = ? ORDER BY d.day, d.id",
        (request_id,),
    )
    letter_ids = [lt.id for lt in f.letters if lt.id is not None]
    delivery_ids = [d["id"] for d in f.deliveries]
    f.log = change_log(ledger, [("request", [request_id]), ("letter", letter_ids), ("delivery", delivery_ids)])
    return f


def change_log(ledger: Ledger, entities: list[tuple[str, list[int]]]) -> list[dict[str, Any]]:
    """The change-log entries of these records, oldest first (as `disc log` shows them)."""
    conds, args = [], []
    for entity, ids in entities:
        if ids:
            conds.append(f"(entity = ? AND entity_id IN ({', '.join(str(int(i)) for i in ids)}))")
            args.append(entity)
    if not conds:
        return []
    out = _rows(
        ledger,
        f"SELECT id, at, clerk, action, entity, entity_id, before, after, reason FROM change_log WHERE {' OR '.join(conds)}"
        " ORDER BY id",
        tuple(args),
    )
    for rec in out:
        for k in ("before", "after"):
            rec[k] = json.loads(rec[k]) if rec[k] else None
    return out


def case_file(ledger: Ledger, case_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A case as `disc case list` reads it (its application's number, its answer deadline with the
    steps), voided or not, and its change-log entries."""
    from datetime import date

    from disclosure_cli.ledger import cases
    from disclosure_cli.ledger.holidays import calendar

    found = _rows(
        ledger,
        "SELECT c.id, o.name AS org, c.kind, c.filed, c.ref, c.result, c.decided, c.decision, c.result_reason, c.served,"
        " c.answered, c.request_id, r.year, r.seq, c.voided_at, c.void_reason FROM legal_case c JOIN org o ON o.id = c.org_id"
        " LEFT JOIN request r ON r.id = c.request_id WHERE c.id = ?",
        (int(case_id),),
    )
    if not found:
        raise NotFound(f"没有编号为 {case_id} 的复议诉讼案件（disc case list 列出全部）")
    rec = found[0]
    y, s = rec.pop("year"), rec.pop("seq")
    rec["request"] = number_of(y, s) if y is not None else None
    rec["answer_due"], rec["answer_provisional"], rec["answer_steps"] = None, False, []
    if rec["served"]:
        got = cases.answer_due(calendar(ledger), rec["kind"], date.fromisoformat(rec["served"]))
        rec["answer_due"], rec["answer_provisional"], rec["answer_steps"] = got.due.isoformat(), got.provisional, got.steps
    return rec, change_log(ledger, [("legal_case", [int(case_id)])])


def file_masker(ledger: Ledger, request_id: int | None, *, include_personal: bool) -> Masker:
    """The one masker (ledger/personal.py) for a pack. Asked for personal data, the pack shows its own
    applicant's values and the third parties of its own application; another applicant's values stay
    masked wherever they were typed, even when one of them is spelt the same."""
    if not include_personal or request_id is None:
        return masker(ledger)
    conn = ledger.conn
    cols = ", ".join(PERSONAL_FIELDS)

    def values(sql: str) -> set[str]:
        return {str(v).strip() for row in conn.execute(sql, (request_id,)) for v in row if v is not None}

    own = values(f"SELECT {cols} FROM request_personal WHERE request_id = ?")
    own |= values("SELECT addressee FROM letter WHERE request_id = ?")
    own |= values("SELECT party FROM request_event WHERE request_id = ?")
    others = values(f"SELECT {cols} FROM request_personal WHERE request_id <> ?")
    return masker(ledger, keep=tuple(sorted(own - others)))
