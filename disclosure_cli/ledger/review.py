"""The review register in a district's ledger (issue 23, migration 0011): the versions of each unit's
report as submitted, the problems found in them and their states, and the 整改通知 returned.

States of a problem (one per unit, year and fingerprint, across versions):
    open → returned (in a notice) → fixed (gone from a later version) or accepted (reason, by whom)
    → closed (`disc review close`). A problem found again after it was fixed is open again.
The wording (what a notice says, the fingerprint) is the report layer's (report/review.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure_cli.errors import BadInput, NotFound
from disclosure_cli.ledger.db import Ledger, now_iso

STATES = {"open": "待处理", "returned": "已退回", "fixed": "已改正", "accepted": "已接受", "closed": "已关闭"}


@dataclass(frozen=True)
class Found:
    fingerprint: str
    rule: str
    severity: str
    where: str
    message: str


@dataclass
class Submitted:
    doc_id: int
    version: int
    new: list[str]  # fingerprints first seen in this version
    still: list[str]  # seen before, still there
    fixed: list[str]  # gone from this version


def add_document(
    ledger: Ledger, org_id: int, year: int, *, file_name: str, sha256: str, received: str, doc_org: str | None,
    content: dict[str, Any], found: list[Found],
) -> Submitted:
    """Register one version of a unit's report and bring its problems' states up to date."""
    with ledger.write() as conn:
        return register_in(ledger, conn, org_id, year, file_name=file_name, sha256=sha256, received=received,
                           doc_org=doc_org, content=content, found=found)


def registered_version(ledger: Ledger, org_id: int, year: int, sha256: str) -> int | None:
    """The version of the unit's report with these very bytes, if it was registered already."""
    row = ledger.conn.execute(
        "SELECT version FROM review_document WHERE org_id = ? AND year = ? AND sha256 = ?", (org_id, year, sha256)
    ).fetchone()
    return int(row[0]) if row else None


def refuse_registered_file(ledger: Ledger, out: str | Path) -> None:
    """-o onto a report a unit sent in (its bytes are registered) would destroy the evidence of the round."""
    import hashlib

    p = Path(out)
    if not p.is_file():
        return
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    row = ledger.conn.execute(
        "SELECT o.name, d.version FROM review_document d JOIN org o ON o.id = d.org_id WHERE d.sha256 = ?", (digest,)
    ).fetchone()
    if row:
        raise BadInput(f"输出文件 {out} 是已登记的 {row[0]} 第 {row[1]} 版报告：不会覆盖它，请另给一个文件名")


def _insert_issue(conn: Any, org_id: int, year: int, f: Found, doc_id: int) -> None:
    """A problem first seen in this version: open."""
    conn.execute(
        "INSERT INTO review_issue (org_id, year, fingerprint, rule, severity, where_, message, state, first_doc,"
        " last_doc) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
        (org_id, year, f.fingerprint, f.rule, f.severity, f.where, f.message, doc_id, doc_id),
    )


def register_in(
    ledger: Ledger, conn: Any, org_id: int, year: int, *, file_name: str, sha256: str, received: str, doc_org: str | None,
    content: dict[str, Any], found: list[Found],
) -> Submitted:
    """add_document inside a transaction the caller holds: a batch of documents is one write."""
    errors = sum(f.severity == "E" for f in found)
    warnings = len(found) - errors
    same = conn.execute(
        "SELECT version FROM review_document WHERE org_id = ? AND year = ? AND sha256 = ?", (org_id, year, sha256)
    ).fetchone()
    if same:
        raise BadInput(f"{file_name} 与已登记的第 {same[0]} 版是同一个文件（内容逐字节相同），未重复登记")
    version = conn.execute(
        "SELECT coalesce(max(version), 0) + 1 FROM review_document WHERE org_id = ? AND year = ?", (org_id, year)
    ).fetchone()[0]
    doc_id = int(conn.execute(
        "INSERT INTO review_document (org_id, year, version, file_name, sha256, received, doc_org, errors, warnings,"
        " content, recorded_at, clerk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (org_id, year, version, file_name, sha256, received, doc_org, errors, warnings,
         json.dumps(content, ensure_ascii=False, sort_keys=True), now_iso(), ledger.clerk),
    ).lastrowid)
    known = {fp: state for fp, state in conn.execute(
        "SELECT fingerprint, CASE WHEN state = 'closed' AND reason IS NOT NULL THEN 'accepted' ELSE state END"
        " FROM review_issue WHERE org_id = ? AND year = ?", (org_id, year))}
    seen = {f.fingerprint: f for f in found}
    new, still, fixed = [], [], []
    for fp, f in seen.items():
        if fp not in known:
            _insert_issue(conn, org_id, year, f, doc_id)
            new.append(fp)
            continue
        still.append(fp)
        state = known[fp]
        reopen = state in ("fixed", "closed")  # found again after it was fixed (an accepted one stays accepted)
        conn.execute(
            "UPDATE review_issue SET last_doc = ?, message = ?, where_ = ?,"
            " state = CASE WHEN ? THEN 'open' ELSE state END, fixed_in = CASE WHEN ? THEN NULL ELSE fixed_in END"
            " WHERE org_id = ? AND year = ? AND fingerprint = ?",
            (doc_id, f.message, f.where, reopen, reopen, org_id, year, fp),
        )
    cross = {fp for (fp,) in conn.execute(
        "SELECT fingerprint FROM review_issue WHERE org_id = ? AND year = ? AND rule LIKE 'REVIEW-%'", (org_id, year))}
    for fp, state in known.items():
        if fp not in seen and fp not in cross and state in ("open", "returned"):
            conn.execute(
                "UPDATE review_issue SET state = 'fixed', fixed_in = ? WHERE org_id = ? AND year = ? AND fingerprint = ?",
                (doc_id, org_id, year, fp),
            )
            fixed.append(fp)
    ledger.log("add", "review_document", doc_id, after={"year": year, "version": version, "file": file_name,
                                                        "new": len(new), "fixed": len(fixed)})
    return Submitted(doc_id, version, new, still, fixed)


def issues(ledger: Ledger, year: int, org_id: int | None = None, states: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    where, args = ["i.year = ?"], [year]
    if org_id is not None:
        where.append("i.org_id = ?")
        args.append(org_id)
    if states:
        where.append(f"i.state IN ({', '.join('?' * len(states))})")
        args += list(states)
    cur = ledger.conn.execute(
        "SELECT i.id, i.org_id, o.name AS org, i.fingerprint, i.rule, i.severity, i.where_ AS location, i.message, i.state,"
        " d1.version AS first_version, d2.version AS last_version, i.returned_at, n.number AS notice, n.due, i.reason, i.accepted_by,"
        " d3.version AS fixed_in_version"
        " FROM review_issue i JOIN org o ON o.id = i.org_id JOIN review_document d1 ON d1.id = i.first_doc"
        " JOIN review_document d2 ON d2.id = i.last_doc LEFT JOIN review_notice n ON n.id = i.notice_id"
        " LEFT JOIN review_document d3 ON d3.id = i.fixed_in"
        f" WHERE {' AND '.join(where)} ORDER BY o.id, i.severity, i.rule, i.id", args,
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def documents(ledger: Ledger, year: int, *, latest: bool = True) -> list[dict[str, Any]]:
    """The submitted versions of the year (the latest per unit only, by default), content parsed."""
    cond = (" AND d.version = (SELECT max(version) FROM review_document x WHERE x.org_id = d.org_id AND x.year = d.year)"
            if latest else "")
    cur = ledger.conn.execute(
        "SELECT d.id, d.org_id, o.name AS org, d.version, d.file_name, d.sha256, d.received, d.doc_org, d.errors,"
        f" d.warnings, d.content FROM review_document d JOIN org o ON o.id = d.org_id WHERE d.year = ?{cond}"
        " ORDER BY o.id, d.version", (year,),
    )
    cols = [d[0] for d in cur.description]
    out = []
    for r in cur:
        rec = dict(zip(cols, r, strict=True))
        rec["content"] = json.loads(rec["content"])
        out.append(rec)
    return out


def counts(ledger: Ledger, year: int, as_of: str) -> dict[int, dict[str, int]]:
    """org → state → how many of its problems are in it; "late": returned, not fixed, and the
    notice's date for the corrected version passed before as_of (「被退回且未及时修改」); "sent_back":
    listed in an issued 整改通知, whatever became of them. A closed problem counts as what it was
    when the round was closed: accepted (it has the reviewer's reason) or fixed."""
    out: dict[int, dict[str, int]] = {}
    for oid, state, n, late, sent_back in ledger.conn.execute(
        "SELECT i.org_id, CASE WHEN i.state = 'closed' AND i.reason IS NOT NULL THEN 'accepted'"
        " WHEN i.state = 'closed' THEN 'fixed' ELSE i.state END, count(*), sum(i.state = 'returned' AND n.due < ?),"
        " sum(i.notice_id IS NOT NULL) FROM review_issue i"
        " LEFT JOIN review_notice n ON n.id = i.notice_id WHERE i.year = ? GROUP BY 1, 2", (as_of, year)
    ):
        unit = out.setdefault(oid, {})
        unit[state] = unit.get(state, 0) + n
        unit["late"] = unit.get("late", 0) + int(late or 0)
        unit["sent_back"] = unit.get("sent_back", 0) + int(sent_back or 0)
    return out


def _issue(ledger: Ledger, ref: str, year: int | None) -> tuple[int, str]:
    ref = ref.strip()
    if ref.isdigit():
        row = ledger.conn.execute("SELECT id, state, year FROM review_issue WHERE id = ?", (int(ref),)).fetchone()
        if row is not None and year is not None and row[2] != year:
            raise BadInput(f"问题 {ref} 是 {row[2]} 年度的，不是 --year 给出的 {year} 年度")
    else:
        args: list[Any] = [ref]
        cond = ""
        if year is not None:
            cond, args = " AND year = ?", [ref, year]
        rows = ledger.conn.execute(f"SELECT id, state FROM review_issue WHERE fingerprint = ?{cond}", args).fetchall()
        if len(rows) > 1:
            raise BadInput(f"指纹 {ref} 对应多个单位的问题；请用问题编号（disc review list 的 id 列）")
        row = rows[0] if rows else None
    if row is None:
        raise NotFound(f"没有编号或指纹为 {ref} 的问题（disc review list 列出全部）")
    return int(row[0]), row[1]


def accept(ledger: Ledger, ref: str, *, reason: str, by: str | None = None, year: int | None = None) -> int:
    """The reviewer accepts a finding (a true reading that needs no change, or a false finding)."""
    from disclosure_cli.ledger.fields import text_field

    why = text_field(reason, "接受的理由（--reason）", required=True)
    who = text_field(by, "经办人（--by）") or ledger.clerk
    with ledger.write() as conn:
        iid, state = _issue(ledger, ref, year)
        if state in ("accepted", "closed"):
            raise BadInput(f"问题 {iid} 已{STATES[state]}")
        conn.execute("UPDATE review_issue SET state = 'accepted', accepted_at = ?, accepted_by = ?, reason = ? WHERE id = ?",
                     (now_iso(), who, why, iid))
        ledger.log("accept", "review_issue", iid, before={"state": state}, after={"state": "accepted"}, reason=why)
    return iid


def record_notice(ledger: Ledger, org_id: int, year: int, dated: str, due: str, prefix: str,
                  emit: Callable[[str, list[dict[str, Any]]], None] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """Number a 整改通知 to a unit and mark its open problems returned in it: (number, the problems).
    `emit` writes the notice inside the same transaction: a notice that could not be written is not
    numbered and its problems stay open, so running the command again gives it."""
    with ledger.write() as conn:
        todo = issues(ledger, year, org_id, ("open",))
        if not todo:
            raise BadInput("该单位没有待处理的问题，不需要退回（已退回、已改正、已接受的不再列入）")
        seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM review_notice WHERE year = ?", (year + 1,)).fetchone()[0]
        number = f"{prefix}〔{year + 1}〕{seq}号"
        nid = int(conn.execute(
            "INSERT INTO review_notice (org_id, year, seq, number, dated, due, issues, recorded_at, clerk)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (org_id, year + 1, seq, number, dated, due, len(todo), now_iso(), ledger.clerk),
        ).lastrowid)
        conn.executemany("UPDATE review_issue SET state = 'returned', returned_at = ?, notice_id = ? WHERE id = ?",
                         [(dated, nid, t["id"]) for t in todo])
        ledger.log("return", "review_notice", nid, after={"number": number, "issues": len(todo)})
        for t in todo:
            t["state"], t["notice"], t["due"] = "returned", number, due
        if emit is not None:
            emit(number, todo)
    return number, todo


def notices(ledger: Ledger, year: int) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(
        "SELECT n.number, o.name AS org, n.dated, n.due, n.issues FROM review_notice n JOIN org o ON o.id = n.org_id"
        " WHERE n.year = ? ORDER BY n.seq", (year + 1,))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def close(ledger: Ledger, year: int, org_id: int | None = None) -> int:
    """End of the round: fixed and accepted problems are closed."""
    with ledger.write() as conn:
        cond, args = ("", [year]) if org_id is None else (" AND org_id = ?", [year, org_id])
        n = conn.execute(f"UPDATE review_issue SET state = 'closed', closed_at = ? WHERE year = ? AND state IN ('fixed', 'accepted'){cond}",
                         [now_iso(), *args]).rowcount
        ledger.log("close", "review_issue", None, after={"year": year, "closed": n})
    return n


def sync_cross(ledger: Ledger, org_id: int, year: int, found: list[Found], rules: tuple[str, ...]) -> None:
    """The problems found across documents (copies, a parent's sum) for one unit: new ones open, those
    found again after a fix open again, those no longer found fixed — on the unit's latest version."""
    doc = ledger.conn.execute(
        "SELECT id FROM review_document WHERE org_id = ? AND year = ? ORDER BY version DESC LIMIT 1", (org_id, year)
    ).fetchone()
    if doc is None:
        return
    doc_id = doc[0]
    marks = ", ".join("?" * len(rules))
    with ledger.write() as conn:
        known = {fp: (state, reason) for fp, state, reason in conn.execute(
            f"SELECT fingerprint, state, reason FROM review_issue WHERE org_id = ? AND year = ? AND rule IN ({marks})",
            (org_id, year, *rules))}
        seen = {f.fingerprint: f for f in found}
        for fp, f in seen.items():
            if fp not in known:
                _insert_issue(conn, org_id, year, f, doc_id)
            else:
                state, reason = known[fp]
                reopen = state == "fixed" or (state == "closed" and reason is None)
                conn.execute(
                    "UPDATE review_issue SET last_doc = ?, message = ?, state = CASE WHEN ? THEN 'open' ELSE state END"
                    " WHERE org_id = ? AND year = ? AND fingerprint = ?", (doc_id, f.message, reopen, org_id, year, fp))
        for fp, (state, _reason) in known.items():
            if fp not in seen and state in ("open", "returned"):
                conn.execute("UPDATE review_issue SET state = 'fixed', fixed_in = ? WHERE org_id = ? AND year = ? AND fingerprint = ?",
                             (doc_id, org_id, year, fp))
