"""The reviewer's desk, ledger side (issue 13): the facts `disc units`, `disc check --assess` and a
frozen publication need, each one query over the ledger. The report layer words and renders them.

* a unit's figures for the year (items per channel, the longest silence between two posts,
  applications and how they were answered, cases);
* the assessor's facts (posting dates per channel, normative documents without a 解读 link,
  answers given on the last day);
* publications: the cells of a report as it went out and the state of every record they counted,
  so a later change is named record by record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from disclosure_cli.errors import BadInput
from disclosure_cli.ledger import tally
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.ledger.query import org_in, year_days

# --------------------------------------------------------------------------- the org tree


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    parent: str | None
    report_deadline: str | None  # MM-DD set for the unit, or None


def units_below(ledger: Ledger, parent: str | None = None) -> list[Unit]:
    """Every unit below `parent` (any depth, tree order); without a parent every unit of the ledger."""
    conn = ledger.conn
    if parent is None:
        where, args = "1", ()
    else:
        root = ledger.org_id(parent)
        below = [i for i in tally.org_ids(ledger, parent, rollup=True) if i != root]
        if not below:
            return []
        where, args = org_in(below, "o.id"), ()
    rows = conn.execute(
        "SELECT o.id, o.name, p.name, o.report_deadline FROM org o LEFT JOIN org p ON p.id = o.parent_id"
        f" WHERE {where} ORDER BY o.id",
        args,
    ).fetchall()
    return [Unit(*r) for r in rows]


def unit(ledger: Ledger, org_id: int) -> Unit:
    row = ledger.conn.execute(
        "SELECT o.id, o.name, p.name, o.report_deadline FROM org o LEFT JOIN org p ON p.id = o.parent_id WHERE o.id = ?",
        (org_id,),
    ).fetchone()
    return Unit(*row)


# 条例第五十条: a 县级以上地方人民政府's own report by 3月31日; a department (and a 乡镇, a 街道) by 1月31日
_COUNTY_OR_ABOVE = re.compile(r"(省|自治区|市|州|盟|县|区|旗)(人民政府)?$")
_NOT_A_GOVERNMENT = re.compile(r"(街道|镇|乡|苏木|社区|村|园区|开发区|新区管委会)")
DEPARTMENT_DEADLINE, GOVERNMENT_DEADLINE = "01-31", "03-31"


def report_deadline(u: Unit, year: int) -> date:
    """The day the unit's report on `year` is due: its own setting, else by the kind of unit."""
    government = _COUNTY_OR_ABOVE.search(u.name) and not _NOT_A_GOVERNMENT.search(u.name)
    mmdd = u.report_deadline or (GOVERNMENT_DEADLINE if government else DEPARTMENT_DEADLINE)
    try:
        return date.fromisoformat(f"{year + 1:04d}-{mmdd}")
    except ValueError:  # a 02-29 stored by an older disc, in a year without one
        return date(year + 1, 2, 28)


def set_report_deadline(ledger: Ledger, org: str, mmdd: str | None) -> str | None:
    """`disc org set ORG --report-deadline 03-31` (None: back to the default by kind of unit);
    the day as stored. 02-29 is refused: most years have none."""
    if mmdd is not None:
        m = re.fullmatch(r"\s*(\d{1,2})[-/月.](\d{1,2})日?\s*", mmdd)
        try:
            if not m:
                raise ValueError
            mmdd = f"{int(m.group(1)):02d}-{int(m.group(2)):02d}"
            date.fromisoformat(f"2001-{mmdd}")
        except ValueError:
            raise BadInput(
                f"年度报告截止日（--report-deadline）「{mmdd}」应为每年都有的 月-日，如 01-31 或 03-31（不能是 02-29）"
            ) from None
    with ledger.write() as conn:
        oid = ledger.org_id(org)
        before = conn.execute("SELECT report_deadline FROM org WHERE id = ?", (oid,)).fetchone()[0]
        conn.execute("UPDATE org SET report_deadline = ? WHERE id = ?", (mmdd, oid))
        ledger.log("edit", "org", oid, before={"report_deadline": before}, after={"report_deadline": mmdd})
    return mmdd


# --------------------------------------------------------------------------- posting dates


def post_dates(ledger: Ledger, year: int, ids: list[int]) -> dict[tuple[int, str], list[date]]:
    """(org, channel) → the distinct days it posted in the year, in order; a channel that posted
    before the year but not in it is there with its last day before the year only."""
    y0, y1 = year_days(year)
    conn = ledger.conn
    out: dict[tuple[int, str], list[date]] = {}
    for oid, ch, day in conn.execute(
        f"SELECT org_id, channel, max(published) FROM item WHERE voided_at IS NULL AND {org_in(ids)}"
        " AND published < ? GROUP BY org_id, channel",
        (y0,),
    ):
        out[(oid, ch)] = [date.fromisoformat(day)]
    for oid, ch, day in conn.execute(
        f"SELECT DISTINCT org_id, channel, published FROM item WHERE voided_at IS NULL AND {org_in(ids)}"
        " AND published BETWEEN ? AND ? ORDER BY org_id, channel, published",
        (y0, y1),
    ):
        out.setdefault((oid, ch), []).append(date.fromisoformat(day))
    return out


def longest_gaps(ledger: Ledger, year: int, ids: list[int]) -> dict[int, int]:
    """org → the longest gap in days between two posts of the year on one channel; a unit with no
    channel that posted twice is absent (there is no gap to measure)."""
    y0, y1 = year_days(year)
    sql = (
        "SELECT org_id, max(CAST(julianday(published) - julianday(prev) AS INTEGER)) FROM ("
        " SELECT org_id, published, lag(published) OVER (PARTITION BY org_id, channel ORDER BY published) AS prev"
        f" FROM item WHERE voided_at IS NULL AND {org_in(ids)} AND published BETWEEN ? AND ?)"
        " GROUP BY org_id"
    )
    return {oid: int(n) for oid, n in ledger.conn.execute(sql, (y0, y1)) if n is not None}


def org_names(ledger: Ledger) -> dict[int, str]:
    return dict(ledger.conn.execute("SELECT id, name FROM org"))


def channel_kinds(ledger: Ledger) -> dict[str, str]:
    """code → website | new_media | board | other (migration 0010), for the assessors' rules by kind."""
    cols = {r[1] for r in ledger.conn.execute("PRAGMA table_info(channel)")}
    if "kind" not in cols:
        return {}
    return dict(ledger.conn.execute("SELECT code, kind FROM channel"))


def channel_labels(ledger: Ledger) -> dict[str, str]:
    return dict(ledger.conn.execute("SELECT code, label FROM channel ORDER BY position, code"))


# --------------------------------------------------------------------------- applications


def new_requests(ledger: Ledger, year: int, ids: list[int]) -> dict[int, int]:
    """org → applications received in the year (表三 一、本年新收)."""
    sql = f"SELECT org_id, count(*) FROM request WHERE voided_at IS NULL AND {org_in(ids)} AND received BETWEEN ? AND ? GROUP BY 1"
    return dict(ledger.conn.execute(sql, year_days(year)))


@dataclass
class RequestFigures:
    """One unit's applications of the year, measured by the deadline engine."""

    new: int = 0
    closed: int = 0
    late: int = 0  # answered in the year after the deadline
    open_overdue: int = 0  # open today, past the deadline
    extended: int = 0  # received in the year, with an extension
    corrections: int = 0  # received in the year, with a 补正 notice sent
    corrections_late: list[tuple[str, date, date, date]] = field(default_factory=list)  # number, received, sent, due
    last_day: list[str] = field(default_factory=list)  # numbers answered on the last day the law allows


def request_figures(ledger: Ledger, year: int, ids: list[int], today: date) -> dict[int, RequestFigures]:
    """org → its RequestFigures for the year."""
    from disclosure_cli.ledger import deadlines

    y0, y1 = year_days(year)
    conn = ledger.conn
    out: dict[int, RequestFigures] = {i: RequestFigures() for i in ids}
    live = f"voided_at IS NULL AND {org_in(ids)}"
    for oid, new in new_requests(ledger, year, ids).items():
        out[oid].new = new
    for oid, n in conn.execute(
        f"SELECT r.org_id, count(*) FROM request r JOIN request_extension e ON e.request_id = r.id AND e.voided_at IS NULL"
        f" WHERE r.voided_at IS NULL AND {org_in(ids, 'r.org_id')} AND r.received BETWEEN ? AND ? GROUP BY 1",
        (y0, y1),
    ):
        out[oid].extended = n
    for oid, n in conn.execute(
        f"SELECT r.org_id, count(*) FROM request r JOIN request_correction c ON c.request_id = r.id AND c.voided_at IS NULL"
        f" WHERE r.voided_at IS NULL AND {org_in(ids, 'r.org_id')} AND r.received BETWEEN ? AND ? AND c.sent IS NOT NULL GROUP BY 1",
        (y0, y1),
    ):
        out[oid].corrections = n
    org_of = dict(conn.execute(f"SELECT id, org_id FROM request WHERE {live} AND received <= ?", (y1,)))
    from disclosure_cli.ledger.holidays import calendar

    cal = calendar(ledger)
    closed = deadlines.statuses(ledger, f"{live} AND closed BETWEEN ? AND ?", (y0, y1), today=today, calendar=cal)
    for st in closed:
        fig = out[org_of[st.id]]
        fig.closed += 1
        if st.status == "closed_late":
            fig.late += 1
        elif st.deadline is not None and st.closed == st.deadline.due:
            fig.last_day.append(st.number)
    for oid in ids:
        yd = deadlines.year_deadlines(ledger, year, [oid], today, calendar=cal)
        out[oid].open_overdue = len(yd.open_overdue)
        out[oid].corrections_late = [(n, rec, sent, due) for n, rec, sent, due, _, _ in yd.correction_late]
    return out


# --------------------------------------------------------------------------- cases and documents


def case_figures(ledger: Ledger, year: int, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """org → (cases in the year's 表四, decided in the year, of which corrected)."""
    args = dict(zip(("y0", "y1"), year_days(year), strict=True))
    sql = (
        "SELECT org_id, count(*), sum(decided BETWEEN :y0 AND :y1), sum(decided BETWEEN :y0 AND :y1 AND result = 'corrected')"
        f" FROM legal_case WHERE voided_at IS NULL AND {org_in(ids)} AND {tally.T4_IN_YEAR} GROUP BY org_id"
    )
    return {oid: (n, d or 0, c or 0) for oid, n, d, c in ledger.conn.execute(sql, args)}


def documents_without_interpretation(ledger: Ledger, year: int, ids: list[int]) -> list[tuple[int, int, str, str, str]]:
    """Normative documents issued in the year with no 解读 link: (org, id, issued, number, title)."""
    return ledger.conn.execute(
        f"SELECT org_id, id, issued, coalesce(number, ''), title FROM document WHERE voided_at IS NULL AND {org_in(ids)}"
        " AND kind = 'normative_document' AND issued BETWEEN ? AND ? AND interpretation IS NULL ORDER BY issued, id",
        year_days(year),
    ).fetchall()


def set_interpretation(ledger: Ledger, doc_id: int, url: str | None) -> None:
    """Record (or clear) the 解读 link of a document."""
    url = (url or "").strip() or None
    with ledger.write() as conn:
        row = conn.execute("SELECT interpretation FROM document WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise BadInput(f"没有编号为 {doc_id} 的文件")
        conn.execute("UPDATE document SET interpretation = ? WHERE id = ?", (url, doc_id))
        ledger.log("edit", "document", doc_id, before={"interpretation": row[0]}, after={"interpretation": url})


# --------------------------------------------------------------------------- publications

# the records a year's cells count, and the fields each cell depends on (tally's rules)
_STATES = {
    "item": ("item", "published || '|' || channel || '|' || category || '|' || count", "published BETWEEN :y0 AND :y1"),
    "document": (
        "document",
        "kind || '|' || issued || '|' || coalesce(repealed, '')",
        "issued <= :y1 AND (repealed IS NULL OR repealed >= :y0)",
    ),
    "decision": ("decision", "kind || '|' || decided || '|' || count", tally.DECISION_RULE),
    "fee": ("fee_receipt", "received || '|' || amount_fen", tally.FEE_RULE),
    "request": (
        "request",
        "received || '|' || applicant_type || '|' || coalesce(outcome, '') || '|' || coalesce(closed, '')",
        "received <= :y1 AND (closed IS NULL OR closed >= :y0)",
    ),
    "case": (
        "legal_case",
        "kind || '|' || filed || '|' || coalesce(result, '') || '|' || coalesce(decided, '')",
        tally.T4_IN_YEAR,
    ),
}
KIND_TABLES = {"item": "items", "document": "t2", "decision": "t2", "fee": "t2", "request": "t3", "case": "t4"}


def record_states(ledger: Ledger, year: int, ids: list[int]) -> dict[tuple[str, int], str]:
    """(kind, id) → the counted fields of every live record the year's cells count."""
    args = dict(zip(("y0", "y1"), year_days(year), strict=True))
    out: dict[tuple[str, int], str] = {}
    for kind, (table, state, cond) in _STATES.items():
        for rid, s in ledger.conn.execute(
            f"SELECT id, {state} FROM {table} WHERE voided_at IS NULL AND {org_in(ids)} AND {cond}", args
        ):
            out[(kind, rid)] = s
    return out


def record_titles(ledger: Ledger, keys: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """What a clerk knows a record by (never personal data): a title, a subject, a number."""
    columns = {
        "item": "title",
        "document": "title",
        "decision": "coalesce(ref, '')",
        "fee": "coalesce(note, '')",
        "request": "printf('%d-%03d', year, seq)",
        "case": "coalesce(ref, '')",
    }
    out: dict[tuple[str, int], str] = {}
    for kind in {k for k, _ in keys}:
        table, col = _STATES[kind][0], columns[kind]
        wanted = [i for k, i in keys if k == kind]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for rid, text in ledger.conn.execute(f"SELECT id, {col} FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
                out[(kind, rid)] = text
    return out


def record_voided(ledger: Ledger, kind: str, rid: int) -> bool:
    table = _STATES[kind][0]
    row = ledger.conn.execute(f"SELECT voided_at FROM {table} WHERE id = ?", (rid,)).fetchone()
    return row is None or row[0] is not None


@dataclass(frozen=True)
class Publication:
    id: int
    org_id: int
    org: str
    year: int
    rollup: bool
    published: str
    url: str | None
    cells: dict[tuple[str, str, str], Any]
    hashes: dict[str, str]
    recorded_at: str
    clerk: str
    voided_at: str | None = None


def check_can_publish(ledger: Ledger, *, org_id: int, year: int, rollup: bool, replace: bool) -> tuple[int, str] | None:
    """The standing publication `replace` would void; BadInput when there is one and replace is
    not asked, or none and it is (checked again inside the write)."""
    old = ledger.conn.execute(
        "SELECT id, published FROM publication WHERE org_id = ? AND year = ? AND rollup = ? AND voided_at IS NULL",
        (org_id, year, int(rollup)),
    ).fetchone()
    if replace and not old:
        raise BadInput(f"{year} 年度报告（{'汇总' if rollup else '本单位'}）还没有登记发布，没有可替换的；请去掉 --replace")
    if old and not replace:
        raise BadInput(
            f"{year} 年度报告已于 {old[1]} 登记为发布（记录 {old[0]}）；重新发布（如网站上的版本已更正）请加 --replace，"
            "原发布记录会保留并标为作废"
        )
    return old


def store_publication(
    ledger: Ledger,
    *,
    org_id: int,
    year: int,
    rollup: bool,
    published: str,
    url: str | None,
    cells: list[tuple[str, str, str, Any]],
    hashes: dict[str, str],
    ids: list[int],
    replace: bool = False,
) -> int:
    """Freeze a report as published: its cells, the hash of each file, the state of every record
    it counted. One standing publication per unit, year and scope: `replace` voids the earlier one."""
    with ledger.write() as conn:
        old = check_can_publish(ledger, org_id=org_id, year=year, rollup=rollup, replace=replace)
        if old:
            conn.execute(
                "UPDATE publication SET voided_at = ?, void_reason = ? WHERE id = ?", (now_iso(), "重新发布", old[0])
            )
            ledger.log("void", "publication", old[0], reason="重新发布")
        from disclosure_cli.ledger import seal

        states = record_states(ledger, year, ids)
        digest = seal.records_digest("\x1e".join(f"{k}\x1f{i}\x1f{st}" for (k, i), st in sorted(states.items())))
        values = (
            year, int(rollup), published, url,
            json.dumps([list(c) for c in cells], ensure_ascii=False, default=str),
            json.dumps(hashes, sort_keys=True), now_iso(), ledger.clerk, digest,
        )
        cur = conn.execute(
            "INSERT INTO publication (org_id, year, rollup, published, url, cells, hashes, recorded_at, clerk,"
            " records_digest, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (org_id, *values, seal.seal_publication(*values)),
        )
        pid = int(cur.lastrowid)
        conn.executemany(
            "INSERT INTO publication_record (publication_id, kind, record_id, state) VALUES (?, ?, ?, ?)",
            ((pid, k, i, s) for (k, i), s in states.items()),
        )
        ledger.log(
            "publish", "publication", pid,
            after={"year": year, "published": published, "url": url, "rollup": rollup, "records": len(states)},
        )
    return pid


def _publication(row: tuple) -> Publication:
    pid, oid, org, year, rollup, published, url, cells, hashes, at, clerk, voided = row
    frozen = {(t, r, c): v for t, r, c, v in json.loads(cells)}
    return Publication(pid, oid, org, year, bool(rollup), published, url, frozen, json.loads(hashes), at, clerk, voided)


_PUB_COLS = "p.id, p.org_id, o.name, p.year, p.rollup, p.published, p.url, p.cells, p.hashes, p.recorded_at, p.clerk, p.voided_at"


def publications(
    ledger: Ledger, year: int | None = None, ids: list[int] | None = None, *, include_void: bool = False
) -> list[Publication]:
    """Standing publications (of the year, of these units); include_void: the replaced ones too."""
    conds = ["1" if include_void else "p.voided_at IS NULL"]
    args: list[Any] = []
    if year is not None:
        conds.append("p.year = ?")
        args.append(year)
    if ids is not None:
        conds.append(org_in(ids, "p.org_id"))
    rows = ledger.conn.execute(
        f"SELECT {_PUB_COLS} FROM publication p JOIN org o ON o.id = p.org_id WHERE {' AND '.join(conds)}"
        " ORDER BY p.year, p.org_id, p.rollup",
        args,
    ).fetchall()
    return [_publication(r) for r in rows]


def frozen_states(ledger: Ledger, publication_id: int) -> dict[tuple[str, int], str]:
    return {
        (k, i): s
        for k, i, s in ledger.conn.execute(
            "SELECT kind, record_id, state FROM publication_record WHERE publication_id = ?", (publication_id,)
        )
    }
