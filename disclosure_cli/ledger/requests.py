"""Applications for disclosure (依申请公开): receipt, outcome, and the personal data kept apart.

An application has a phone-friendly number per org and year (2023-007), accepted wherever an id is.
Applicant name and contacts live in request_personal and are read only on explicit request.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput, NotFound
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.ledger.fields import check_id, parse_date, text_field

PERSONAL_FIELDS = ("name", "phone", "id_number", "address")
_NUMBER = re.compile(r"^\s*(\d{4})\s*[-－—/]\s*(\d{1,6})\s*$")


def number_of(year: int, seq: int) -> str:
    return f"{year}-{seq:03d}"


def resolve_request(ledger: Ledger, ref: str | int, org: str | None = None) -> int:
    """An application's internal id from either the id (17) or its number (2023-007)."""
    text = str(ref).strip()
    m = _NUMBER.match(text)
    if m:
        row = ledger.conn.execute(
            "SELECT id FROM request WHERE org_id = ? AND year = ? AND seq = ?",
            (ledger.org_id(org), int(m.group(1)), int(m.group(2))),
        ).fetchone()
        if row is None:
            others = [n for (n,) in ledger.conn.execute(
                "SELECT o.name FROM request r JOIN org o ON o.id = r.org_id WHERE r.year = ? AND r.seq = ? ORDER BY o.name",
                (int(m.group(1)), int(m.group(2))),
            )]
            hint = f"；{'、'.join(others)}有此编号，请用 --org 指明单位" if others else ""
            raise NotFound(f"{'本单位' if org is None else org}没有编号为 {text} 的申请{hint}")
        return int(row[0])
    if text.isdigit() and len(text) >= 20:
        raise NotFound(f"没有编号为 {text[:20]}… 的申请")
    if text.isdigit():
        row = ledger.conn.execute("SELECT id FROM request WHERE id = ?", (check_id(int(text), "申请"),)).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {text} 的申请")
        return int(row[0])
    raise BadInput(f"申请编号「{text}」无法识别：应为 2023-007 这样的编号或数字 id")


def add_request(
    ledger: Ledger,
    *,
    received: str,
    applicant_type: str,
    subject: str,
    via: str | None = None,
    personal: dict[str, str | None] | None = None,
    org: str | None = None,
    allow_future: bool = False,
) -> tuple[int, str]:
    """Record a new application; returns (id, number). Personal data is never written to the log."""
    values = {
        "received": parse_date(received, "收到申请日期（--received）", allow_future=allow_future),
        "applicant_type": vocab.APPLICANT_TYPES.resolve(applicant_type, "申请人类型（--applicant-type）"),
        "subject": text_field(subject, "申请内容（--subject）", required=True),
        "via": vocab.REQUEST_VIA.resolve(via, "申请方式（--via）") if via else None,
    }
    pdata = {k: text_field((personal or {}).get(k), k) for k in PERSONAL_FIELDS}
    org_id = ledger.org_id(org)
    year = int(values["received"][:4])
    with ledger.write() as conn:
        seq = conn.execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM request WHERE org_id = ? AND year = ?", (org_id, year)
        ).fetchone()[0]
        cur = conn.execute(
            "INSERT INTO request (org_id, year, seq, received, applicant_type, subject, via)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (org_id, year, seq, values["received"], values["applicant_type"], values["subject"], values["via"]),
        )
        rid = int(cur.lastrowid)
        if any(pdata.values()):
            conn.execute(
                "INSERT INTO request_personal (request_id, name, phone, id_number, address) VALUES (?, ?, ?, ?, ?)",
                (rid, *(pdata[k] for k in PERSONAL_FIELDS)),
            )
        ledger.log(
            "add",
            "request",
            rid,
            after={**values, "number": number_of(year, seq), "personal_data": bool(any(pdata.values()))},
        )
    return rid, number_of(year, seq)


def get_request(ledger: Ledger, ref: str | int, *, include_personal: bool = False, org: str | None = None) -> dict[str, Any]:
    rid = resolve_request(ledger, ref, org)
    cur = ledger.conn.execute("SELECT * FROM request WHERE id = ?", (rid,))
    rec = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
    rec["number"] = number_of(rec["year"], rec["seq"])
    if include_personal:
        row = ledger.conn.execute(
            f"SELECT {', '.join(PERSONAL_FIELDS)}, purged_at FROM request_personal WHERE request_id = ?", (rid,)
        ).fetchone()
        rec["personal"] = dict(zip([*PERSONAL_FIELDS, "purged_at"], row or [None] * 5, strict=True))
    return rec


def close_request(
    ledger: Ledger, ref: str | int, *, outcome: str, date: str, org: str | None = None, allow_future: bool = False
) -> str:
    code = vocab.OUTCOMES.resolve(outcome, "办理结果（--outcome）")
    when = parse_date(date, "办结日期（--date）", allow_future=allow_future)
    with ledger.write() as conn:
        rec = get_request(ledger, ref, org=org)
        if rec["voided_at"]:
            raise BadInput(f"申请 {rec['number']} 已作废")
        if rec["outcome"]:
            raise BadInput(
                f"申请 {rec['number']} 已于 {rec['closed']} 办结（{vocab.OUTCOMES.label(rec['outcome'])}）；"
                "一件申请只计一个办理结果。如需更正，请先 disc request reopen"
            )
        if when < rec["received"]:
            raise BadInput(f"办结日期 {when} 早于收到申请日期 {rec['received']}")
        conn.execute("UPDATE request SET outcome = ?, closed = ? WHERE id = ?", (code, when, rec["id"]))
        ledger.log("close", "request", rec["id"], before={"outcome": None}, after={"outcome": code, "closed": when})
    return code


def reopen_request(ledger: Ledger, ref: str | int, *, reason: str, org: str | None = None) -> None:
    if not (reason or "").strip():
        raise BadInput("更正原因（--reason）不能为空")
    with ledger.write() as conn:
        rec = get_request(ledger, ref, org=org)
        if not rec["outcome"]:
            raise BadInput(f"申请 {rec['number']} 尚未办结，无需重新打开")
        conn.execute("UPDATE request SET outcome = NULL, closed = NULL WHERE id = ?", (rec["id"],))
        ledger.log(
            "reopen",
            "request",
            rec["id"],
            before={"outcome": rec["outcome"], "closed": rec["closed"]},
            after={"outcome": None},
            reason=reason.strip(),
        )


REQUEST_COLUMNS = ["id", "number", "received", "applicant_type", "subject", "via", "outcome", "closed"]


def list_requests(
    ledger: Ledger, *, year: int | None = None, open_only: bool = False, org: str | None = None
) -> list[dict[str, Any]]:
    where, args = ["org_id = ?", "voided_at IS NULL"], [ledger.org_id(org)]
    if year:
        where.append("received BETWEEN ? AND ?")
        args += [f"{year}-01-01", f"{year}-12-31"]
    if open_only:
        where.append("closed IS NULL")
    sql = (
        "SELECT id, year, seq, received, applicant_type, subject, via, outcome, closed FROM request"
        f" WHERE {' AND '.join(where)} ORDER BY received, id"
    )
    out = []
    for rid, y, seq, received, at, subject, via, outcome, closed in ledger.conn.execute(sql, args):
        out.append(
            {
                "id": rid,
                "number": number_of(y, seq),
                "received": received,
                "applicant_type": at,
                "subject": subject,
                "via": via,
                "outcome": outcome,
                "closed": closed,
            }
        )
    return out


@dataclass
class Purged:
    applications: int  # purged now in the ledger
    backups: list[Path]  # backup copies beside the ledger purged too


def ledger_backups(path: Path) -> list[Path]:
    """The copies disc leaves beside a ledger: upgrade backups (台账.db.bak-vN), and temporary
    ones a killed upgrade may have left behind."""
    import glob

    folder = path.parent if str(path.parent) else Path(".")
    name = glob.escape(path.name)
    found = set(folder.glob(f"{name}.bak-v*")) | set(folder.glob(f".{name}.bak-v*.tmp"))
    return sorted(p for p in found if p.is_file())


def purge_personal(ledger: Ledger, before: str, *, org: str | None = None) -> Purged:
    """Erase applicants' personal data for applications closed before a date; statistics are untouched.

    The backups disc made beside the ledger hold the same personal data: they are purged too, of
    every application whose data the ledger no longer holds (issue 9). A backup that cannot be
    written refuses the purge before anything is erased, naming the file.
    """
    cutoff = parse_date(before, "日期（--before）", allow_future=True)
    backups = ledger_backups(ledger.path)
    locked = [b for b in backups if not os.access(b, os.W_OK) or not os.access(b.parent, os.W_OK)]
    if locked:
        raise BadInput(
            "以下备份文件中也有申请人个人信息，但无法写入，清除未进行："
            + "、".join(str(b) for b in locked)
            + "。请开放写权限，或确认不再需要后删除它们，再运行一次"
        )
    # without secure_delete SQLite leaves the old bytes of a shrunk row in the page (SQLite builds differ)
    ledger.conn.execute("PRAGMA secure_delete = ON")
    with ledger.write() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT p.request_id FROM request_personal p JOIN request r ON r.id = p.request_id"
                " WHERE r.org_id = ? AND r.closed IS NOT NULL AND r.closed < ? AND p.purged_at IS NULL",
                (ledger.org_id(org), cutoff),
            )
        ]
        masked = _forget(ledger, ids)
        ledger.log("purge_personal", "request", None, after={"before": cutoff, "applications": len(ids), "masked": masked})
    purged = [r[0] for r in ledger.conn.execute("SELECT request_id FROM request_personal WHERE purged_at IS NOT NULL")]
    done = []
    for b in backups:
        if _purge_copy(b, purged):
            done.append(b)
    return Purged(len(ids), done)


def _forget(ledger: Ledger, ids: list[int]) -> int:
    """Inside the purge's transaction: erase these applicants' personal data (and the addressees of
    their consultation letters), remember the values only as salted hashes, and mask them wherever a
    clerk typed them — records, prose, the change log's copies of free text (re-sealed). Returns
    how many text cells were masked."""
    from disclosure_cli.ledger import personal
    from disclosure_cli.ledger.seal import seal_log
    from disclosure_cli.personal import Masker

    conn = ledger.conn
    if not ids:
        return 0
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS purge_ids (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.purge_ids")
    conn.executemany("INSERT INTO temp.purge_ids VALUES (?)", [(i,) for i in ids])
    values = [
        str(v) for row in conn.execute(
            f"SELECT {', '.join(personal.PERSONAL_COLUMNS)} FROM request_personal WHERE request_id IN (SELECT id FROM temp.purge_ids)"
        ) for v in row if v is not None
    ]
    values += [str(v) for (v,) in conn.execute(
        "SELECT addressee FROM letter WHERE addressee IS NOT NULL AND request_id IN (SELECT id FROM temp.purge_ids)"
    )]
    personal.remember_purged(ledger, values)
    at = now_iso()
    conn.execute(
        "UPDATE request_personal SET name = NULL, phone = NULL, id_number = NULL, address = NULL, purged_at = ?"
        " WHERE request_id IN (SELECT id FROM temp.purge_ids)", (at,),
    )
    conn.execute("UPDATE letter SET addressee = NULL WHERE request_id IN (SELECT id FROM temp.purge_ids)")
    mask = Masker(values)
    frozen = ("request_personal", "change_log", "publication", "publication_record", "purged_value",
              "meta", "item_total", "merge_source")
    # the change log and the letters as sent: only the personal data typed into them is masked, and a
    # log row is re-sealed (their triggers let a purge through)
    conn.execute("INSERT INTO meta (key, value) VALUES ('purging', ?)", (at,))
    try:
        masked = personal.mask_everywhere(conn, mask, skip=frozen)
        rows = conn.execute(
            "SELECT id, at, clerk, action, entity, entity_id, before, after, reason FROM change_log"
        ).fetchall()
        for row in rows:
            new = [mask.mask(v) for v in row[6:9]]
            if new != list(row[6:9]):
                sealed = seal_log(*row[:6], *new)
                conn.execute("UPDATE change_log SET before = ?, after = ?, reason = ?, seal = ? WHERE id = ?",
                             (*new, sealed, row[0]))
                masked += 1
    finally:
        conn.execute("DELETE FROM meta WHERE key = 'purging'")
    ledger._meta = None
    return masked


def _purge_copy(path: Path, request_ids: list[int]) -> bool:
    """Erase the personal data of these applications from a backup copy, and vacuum it so that no
    freed page keeps the old bytes. True when the copy held any."""
    import sqlite3

    from disclosure_cli.errors import DiscError

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        has = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'request_personal'").fetchone()
        if not has or not request_ids:
            return False
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TEMP TABLE purge_ids (id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO purge_ids VALUES (?)", [(i,) for i in request_ids])
        conn.execute(
            "UPDATE request_personal SET name = NULL, phone = NULL, id_number = NULL, address = NULL"
            " WHERE request_id IN (SELECT id FROM purge_ids)"
        )
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        return True
    except sqlite3.Error as e:
        raise DiscError(f"台账已清除个人信息，但备份 {path} 未能清除（{e}）：请确认不再需要后删除该备份") from None
    finally:
        conn.close()
