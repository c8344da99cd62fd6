"""Steps of an application that letters rely on and that are not letters themselves (issue 20):
asking the applicant for reasons (条例第三十五条) and their answer, a third party's answer to a
consultation (条例第三十二条). And the 第四十一条 request to correct a record about oneself, with its
answer (not a disclosure application: never in table 三)."""

from __future__ import annotations

from typing import Any

from disclosure_cli.errors import BadInput, NotFound
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.ledger.fields import check_id, parse_date, text_field
from disclosure_cli.ledger.requests import resolve_request

POSITIONS = {"agrees": "同意公开", "objects": "不同意公开"}
EVENT_LABELS = {"reasons_asked": "要求说明理由", "reasons_given": "收到说明的理由", "consult_answer": "第三方或机关的意见",
                "delay_set": "确定延迟答复的合理期限"}


def _request_row(ledger: Ledger, ref: str | int, org: str | None) -> dict[str, Any]:
    rid = resolve_request(ledger, ref, org)
    row = ledger.conn.execute(
        "SELECT id, year, seq, received, closed, voided_at FROM request WHERE id = ?", (rid,)
    ).fetchone()
    rec = dict(zip(("id", "year", "seq", "received", "closed", "voided_at"), row, strict=True))
    rec["number"] = f"{rec['year']}-{rec['seq']:03d}"
    if rec["voided_at"]:
        raise BadInput(f"申请 {rec['number']} 已作废")
    return rec


def record_event(
    ledger: Ledger,
    ref: str | int,
    kind: str,
    day: str,
    *,
    party: str | None = None,
    position: str | None = None,
    detail: str | None = None,
    until: str | None = None,
    org: str | None = None,
) -> int:
    """Record one step; its day lies between the receipt and today (and before the reply for asking)."""
    if kind not in EVENT_LABELS:
        raise BadInput(f"未知的办理步骤：{kind}")
    rec = _request_row(ledger, ref, org)
    when = parse_date(day, "日期（--date）")
    if when < rec["received"]:
        raise BadInput(f"日期 {when} 早于申请 {rec['number']} 的收到日期 {rec['received']}")
    party = text_field(party, "第三方（--from）")
    detail = text_field(detail, "说明（--note）")
    if kind == "consult_answer":
        if not party:
            raise BadInput("第三方意见须写明是哪一个第三方：--from 名称")
        if position not in POSITIONS:
            raise BadInput("第三方意见须写明同意还是不同意公开：--agrees 或 --objects")
        sent = ledger.conn.execute(
            "SELECT min(dated) FROM letter WHERE request_id = ? AND kind IN ('consult', 'co_maker') AND voided_at IS NULL",
            (rec["id"],),
        ).fetchone()[0]
        if sent is None or sent > when:
            raise BadInput(
                f"申请 {rec['number']} 在 {when} 以前没有出具征求意见的函：先出具 disc request letter {rec['number']} "
                "--kind consult --to 第三方（条例第三十二条要求书面征求意见；共同制作的机关用 --kind co_maker，第三十四条）"
            )
    else:
        position = None
    until_day = None
    if kind == "delay_set":
        given = ledger.conn.execute(
            "SELECT min(day) FROM request_event WHERE request_id = ? AND kind = 'reasons_given' AND voided_at IS NULL",
            (rec["id"],),
        ).fetchone()[0]
        if given is None or given > when:
            raise BadInput(
                f"申请 {rec['number']} 在 {when} 以前没有登记收到申请人说明的理由：延迟答复须在认为理由合理之后"
                f"（条例第三十五条）；先登记 disc request reasons {rec['number']} --date 日期"
            )
        until_day = parse_date(until, "延迟答复的合理期限（--until）", allow_future=True)
        if until_day <= when:
            raise BadInput(f"延迟答复的合理期限 {until_day} 应晚于作出决定的日期 {when}")
        if rec["closed"]:
            raise BadInput(f"申请 {rec['number']} 已于 {rec['closed']} 办结，不能再延迟答复")
        old = ledger.conn.execute(
            "SELECT until FROM request_event WHERE request_id = ? AND kind = 'delay_set' AND voided_at IS NULL", (rec["id"],)
        ).fetchone()
        if old is not None:
            raise BadInput(f"申请 {rec['number']} 已确定延迟答复至 {old[0]}")
    if kind == "reasons_given":
        asked = ledger.conn.execute(
            "SELECT min(day) FROM request_event WHERE request_id = ? AND kind = 'reasons_asked' AND voided_at IS NULL",
            (rec["id"],),
        ).fetchone()[0]
        if asked is None or asked > when:
            raise BadInput(f"申请 {rec['number']} 在 {when} 以前没有登记要求说明理由：disc request ask-reasons {rec['number']} --date 日期")
    with ledger.write() as conn:
        cur = conn.execute(
            "INSERT INTO request_event (request_id, kind, day, party, position, detail, until, recorded_at, clerk)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rec["id"], kind, when, party, position, detail, until_day, now_iso(), ledger.clerk),
        )
        eid = int(cur.lastrowid)
        # the third party may be a person: the trail names the step, never the party
        ledger.log("add", "request", rec["id"], after={"number": rec["number"], "step": kind, "day": when,
                                                       **({"position": position} if position else {}),
                                                       **({"until": until_day} if until_day else {})})
    return eid


def events(ledger: Ledger, ref: str | int, *, org: str | None = None) -> list[dict[str, Any]]:
    rec = _request_row(ledger, ref, org)
    cur = ledger.conn.execute(
        "SELECT id, kind, day, party, position, detail, until FROM request_event WHERE request_id = ? AND voided_at IS NULL"
        " ORDER BY day, id", (rec["id"],),
    )
    return [dict(zip([d[0] for d in cur.description], r, strict=True)) for r in cur]


# --------------------------------------------------------------------------- 条例第四十一条
CORRECTION_RESULTS = {
    "corrected": "已更正",
    "forwarded": "已转送有权更正的机关",
    "told": "已告知向有权更正的机关提出",
    "refused": "不予更正",
}
_RESULT_ALIASES = {"更正": "corrected", "已更正": "corrected", "转送": "forwarded", "告知": "told", "不予更正": "refused"}


def add_record_correction(
    ledger: Ledger, *, received: str, subject: str, evidence: str | None = None, personal: dict[str, str | None] | None = None,
    org: str | None = None,
) -> int:
    values = {
        "org_id": ledger.org_id(org),
        "received": parse_date(received, "收到日期（--received）"),
        "subject": text_field(subject, "要求更正的记录（--subject）", required=True),
        "evidence": text_field(evidence, "证据（--evidence）"),
    }
    pdata = {k: text_field((personal or {}).get(k), k) for k in ("name", "phone", "id_number", "address")}
    with ledger.write() as conn:
        cur = conn.execute(
            "INSERT INTO record_correction (org_id, received, subject, evidence) VALUES (?, ?, ?, ?)",
            tuple(values.values()),
        )
        cid = int(cur.lastrowid)
        if any(pdata.values()):
            conn.execute(
                "INSERT INTO record_correction_personal (correction_id, name, phone, id_number, address) VALUES (?, ?, ?, ?, ?)",
                (cid, *pdata.values()),
            )
        ledger.log("add", "record_correction", cid, after={"received": values["received"], "personal_data": any(pdata.values())})
    return cid


def answer_record_correction(
    ledger: Ledger, cid: int, *, result: str, day: str, reasons: str, holder: str | None = None
) -> None:
    check_id(cid, "更正请求")
    code = _RESULT_ALIASES.get(result.strip(), result.strip())
    if code not in CORRECTION_RESULTS:
        raise BadInput(f"处理结果（--result）应为 {'、'.join(f'{k}（{v}）' for k, v in CORRECTION_RESULTS.items())}")
    when = parse_date(day, "处理日期（--date）")
    reasons_text = text_field(reasons, "理由（--reasons）", required=True)
    holder_text = text_field(holder, "有权更正的机关（--holder）")
    if code in ("forwarded", "told") and not holder_text:
        raise BadInput("转送或告知向其他机关提出时，须写明有权更正的机关：--holder 机关名称（条例第四十一条）")
    with ledger.write() as conn:
        row = conn.execute("SELECT received, result, voided_at FROM record_correction WHERE id = ?", (cid,)).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {cid} 的更正请求")
        if row[2]:
            raise BadInput(f"更正请求 {cid} 已作废")
        if row[1]:
            raise BadInput(f"更正请求 {cid} 已处理（{CORRECTION_RESULTS[row[1]]}）")
        if when < row[0]:
            raise BadInput(f"处理日期 {when} 早于收到日期 {row[0]}")
        conn.execute(
            "UPDATE record_correction SET result = ?, answered = ?, reasons = ?, holder = ? WHERE id = ?",
            (code, when, reasons_text, holder_text, cid),
        )
        ledger.log("close", "record_correction", cid, after={"result": code, "answered": when})


def list_record_corrections(ledger: Ledger, *, year: int | None = None, org: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT id, received, subject, evidence, result, answered, holder, reasons FROM record_correction"
           " WHERE org_id = ? AND voided_at IS NULL")
    args: list[Any] = [ledger.org_id(org)]
    if year:
        sql += " AND received BETWEEN ? AND ?"
        args += [f"{year}-01-01", f"{year}-12-31"]
    cur = ledger.conn.execute(sql + " ORDER BY received, id", args)
    out = [dict(zip([d[0] for d in cur.description], r, strict=True)) for r in cur]
    for r in out:
        r["result"] = CORRECTION_RESULTS.get(r["result"], "尚未处理") if r["result"] else "尚未处理"
    return out

