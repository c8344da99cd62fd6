"""Counting the ledger for tables 二, 三, 四 and the items tally: the counting rules, in one place
(README explains them), and the records behind any one cell (`disc explain`), by the same rules.

表二: 本年制发 = issued in the year; 本年废止 = repealed in the year; 现行有效 = issued by 31 December
      and not repealed by then; decisions and 行政事业性收费 by their date.
表三: each application counts once per year: 新收 = received in the year; 上年结转 = received before the
      year and not closed before 1 January; result rows = closed in the year, by outcome; 结转下年度 =
      received by 31 December and still open then. So 一 + 二 = 三(七) + 四 holds by construction.
表四: a case appears in year Y if it was filed in Y or was still open on 1 January of Y; it is counted
      under its result if decided in Y, as 尚未审结 if not decided by 31 December of Y.
Voided records never count.

Each rule is one SQL condition below; the table counts and the explained records both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.items import Vocab
from disclosure_cli.ledger.query import org_in, year_days, year_months

# --------------------------------------------------------------------------- the rules
T2_DOC_COLUMNS = {
    "issued": "issued BETWEEN :y0 AND :y1",
    "repealed": "repealed BETWEEN :y0 AND :y1",
    "in_force": "issued <= :y1 AND (repealed IS NULL OR repealed > :y1)",
}
DECISION_RULE = "decided BETWEEN :y0 AND :y1"
FEE_RULE = "received BETWEEN :y0 AND :y1"
T3_BUCKETS = {
    "new": "received BETWEEN :y0 AND :y1",
    "carried_over": "received < :y0 AND (closed IS NULL OR closed >= :y0)",
    "result": "closed BETWEEN :y0 AND :y1",  # the row is the outcome; （七）总计 is all of them
    "carried_forward": "received <= :y1 AND (closed IS NULL OR closed > :y1)",
}
T4_IN_YEAR = "filed <= :y1 AND (filed >= :y0 OR decided IS NULL OR decided >= :y0)"
T4_COLUMN = "CASE WHEN decided IS NOT NULL AND decided <= :y1 THEN result ELSE 'pending' END"
FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分


def _args(year: int) -> dict[str, str]:
    y0, y1 = year_days(year)
    return {"y0": y0, "y1": y1}


def org_ids(ledger: Ledger, org: str | None = None, rollup: bool = False) -> list[int]:
    """The org, and with rollup every org below it (a 区 adding up its 街道 and departments)."""
    root = ledger.org_id(org)
    if not rollup:
        return [root]
    rows = ledger.conn.execute(
        "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT org.id FROM org JOIN sub ON org.parent_id = sub.id)"
        " SELECT id FROM sub ORDER BY id",
        (root,),
    )
    return [r[0] for r in rows]


# --------------------------------------------------------------------------- counts
@dataclass
class Counts:
    """The cells the ledger gives for a year: (row, column) -> value, per table; fee in 分."""

    t2: dict[tuple[str, str], int]
    fee_fen: int
    t3: dict[tuple[str, str], int]
    t4: dict[tuple[str, str], int]


def count(ledger: Ledger, year: int, ids: list[int]) -> Counts:
    conn = ledger.conn
    args = _args(year)
    live = f"voided_at IS NULL AND {org_in(ids)}"
    t2: dict[tuple[str, str], int] = {}
    cols = ", ".join(f"sum({cond})" for cond in T2_DOC_COLUMNS.values())
    for kind, *sums in conn.execute(f"SELECT kind, {cols} FROM document WHERE {live} GROUP BY kind", args):
        for col, n in zip(T2_DOC_COLUMNS, sums, strict=True):
            t2[(kind, col)] = n or 0
    for kind, n in conn.execute(f"SELECT kind, sum(count) FROM decision WHERE {DECISION_RULE} AND {live} GROUP BY kind", args):
        t2[(kind, "decisions")] = n
    fen = conn.execute(f"SELECT coalesce(sum(amount_fen), 0) FROM fee_receipt WHERE {FEE_RULE} AND {live}", args).fetchone()[0]

    t3: dict[tuple[str, str], int] = {}
    parts = []
    for bucket, cond in T3_BUCKETS.items():
        row = "outcome" if bucket == "result" else f"'{bucket}'"
        parts.append(f"SELECT applicant_type, {row} AS bucket FROM request WHERE {cond} AND {live}")
    sql = f"SELECT bucket, applicant_type, count(*) FROM ({' UNION ALL '.join(parts)}) GROUP BY bucket, applicant_type"
    for bucket, applicant, n in conn.execute(sql, args):
        t3[(bucket, applicant)] = n

    t4: dict[tuple[str, str], int] = {}
    for kind, col, n in conn.execute(
        f"SELECT kind, {T4_COLUMN}, count(*) FROM legal_case WHERE {T4_IN_YEAR} AND {live} GROUP BY 1, 2", args
    ):
        t4[(kind, col)] = n
    return Counts(t2, int(fen), t3, t4)


def item_counts(ledger: Ledger, year: int, ids: list[int]) -> dict[tuple[str, str], int]:
    """Items by (channel, category), from the running totals kept by triggers (migration 0005)."""
    sql = (
        "SELECT channel, category, sum(total) FROM item_total"
        f" WHERE {org_in(ids)} AND month BETWEEN ? AND ? GROUP BY channel, category HAVING sum(total) > 0"
    )
    return {(ch, cat): n for ch, cat, n in ledger.conn.execute(sql, year_months(year))}


def month_counts(ledger: Ledger, year: int, ids: list[int]) -> dict[tuple[str, str], int]:
    """Items by (YYYY-MM, channel) of the year."""
    sql = f"SELECT month, channel, sum(total) FROM item_total WHERE {org_in(ids)} AND month BETWEEN ? AND ? GROUP BY 1, 2"
    return {(m, ch): n for m, ch, n in ledger.conn.execute(sql, year_months(year))}


def unsigned_items(ledger: Ledger, year: int, ids: list[int], limit: int, fields: tuple[str, ...]) -> tuple[int, list[tuple]]:
    """How many items of the year lack a 三审 sign-off (running totals), and the first `limit`."""
    total = ledger.conn.execute(
        f"SELECT coalesce(sum(unsigned), 0) FROM item_total WHERE {org_in(ids)} AND month BETWEEN ? AND ?",
        year_months(year),
    ).fetchone()[0]
    if not total:
        return 0, []
    rows = ledger.conn.execute(
        f"SELECT id, title, {', '.join(fields)} FROM item WHERE {org_in(ids)} AND voided_at IS NULL"
        " AND published BETWEEN ? AND ? AND (drafter IS NULL OR reviewer IS NULL OR approver IS NULL)"
        f" ORDER BY published, id LIMIT {int(limit)}",
        year_days(year),
    ).fetchall()
    return int(total), rows


def holds_year(ledger: Ledger, year: int, ids: list[int]) -> bool:
    """Does the ledger have any record in that year (so cross-year rules can compare)?"""
    y0, y1 = year_days(year)
    for table, col in (("item", "published"), ("request", "received"), ("decision", "decided"), ("document", "issued"), ("legal_case", "filed")):
        if ledger.conn.execute(f"SELECT 1 FROM {table} WHERE {col} BETWEEN ? AND ? AND {org_in(ids)} LIMIT 1", (y0, y1)).fetchone():
            return True
    return False


def orgs_with_records(ledger: Ledger, ids: list[int]) -> list[int]:
    """The orgs among ids that hold any live record of their own, in any year (a district's own org
    that only gathers its units holds none)."""
    found: set[int] = set()
    for table in ("item", "request", "decision", "document", "legal_case", "fee_receipt"):
        found.update(r[0] for r in ledger.conn.execute(
            f"SELECT DISTINCT org_id FROM {table} WHERE voided_at IS NULL AND {org_in(ids)}"
        ))
    return sorted(found)


# --------------------------------------------------------------------------- the records behind a cell
@dataclass(frozen=True)
class Record:
    """One record counted in a cell: what a clerk looks it up by. Never personal data."""

    kind: str  # item | document | decision | fee | request | case
    id: int
    day: str
    text: str
    count: int | Decimal  # what it adds to the cell (items: its count; fees: 万元, exact)
    ref: str = ""  # a number a clerk knows it by (2023-007, a 文号)
    org_id: int = 0  # the unit it belongs to (request numbers repeat from unit to unit)


def records_behind(ledger: Ledger, year: int, ids: list[int], table: str, row: str, column: str) -> list[Record]:
    """The records the cell (table, row, column) counts for the year, by the rules above; their
    counts add up to the cell. BadInput for a cell the table does not have."""
    args: dict[str, Any] = {**_args(year)}
    live = f"voided_at IS NULL AND {org_in(ids)}"
    conn = ledger.conn
    if table == "items":
        vocab_ = Vocab.load(conn)
        conds = [live, "published BETWEEN :y0 AND :y1"]
        if row != "total":
            args["channel"] = vocab_.channel(row)
            conds.append("channel = :channel")
        if column != "total":
            args["category"] = vocab_.category(column)
            conds.append("category = :category")
        sql = f"SELECT id, published, title, count, org_id FROM item WHERE {' AND '.join(conds)} ORDER BY published, id"
        return [Record("item", i, d, t, n, "", o) for i, d, t, n, o in conn.execute(sql, args)]
    if table == "t2":
        _check(table, row, column, vocab.T2_CELLS)
        if row in ("regulation", "normative_document"):
            args["kind"] = row
            sql = (
                f"SELECT id, issued, title, 1, coalesce(number, ''), org_id FROM document WHERE {live} AND kind = :kind"
                f" AND {T2_DOC_COLUMNS[column]} ORDER BY issued, id"
            )
            return [Record("document", i, d, t, n, ref, o) for i, d, t, n, ref, o in conn.execute(sql, args)]
        if row == "fee":
            sql = f"SELECT id, received, coalesce(note, ''), amount_fen, org_id FROM fee_receipt WHERE {live} AND {FEE_RULE} ORDER BY received, id"
            return [Record("fee", i, d, t, Decimal(n) / FEN_PER_WAN, "", o) for i, d, t, n, o in conn.execute(sql, args)]
        args["kind"] = row
        sql = (
            f"SELECT id, decided, coalesce(ref, ''), count, org_id FROM decision WHERE {live} AND kind = :kind AND {DECISION_RULE}"
            " ORDER BY decided, id"
        )
        return [Record("decision", i, d, t, n, t, o) for i, d, t, n, o in conn.execute(sql, args)]
    if table == "t3":
        _check(table, row, column, vocab.t3_cells())
        if row in T3_BUCKETS:
            cond = T3_BUCKETS[row]
        elif row == "total":
            cond = T3_BUCKETS["result"]
        else:
            cond = T3_BUCKETS["result"] + " AND outcome = :outcome"
            args["outcome"] = row
        if column != "total":
            cond += " AND applicant_type = :applicant"
            args["applicant"] = column
        date_col = "closed" if row not in ("new", "carried_over", "carried_forward") else "received"
        sql = (
            f"SELECT id, {date_col}, subject, year, seq, org_id FROM request WHERE {live} AND {cond} ORDER BY {date_col}, id"
        )
        return [Record("request", i, d, t, 1, f"{y}-{s:03d}", o) for i, d, t, y, s, o in conn.execute(sql, args)]
    if table == "t4":
        _check(table, row, column, vocab.t4_cells())
        args["kind"] = row
        cond = f"{T4_IN_YEAR} AND kind = :kind"
        if column != "total":
            cond += f" AND {T4_COLUMN} = :col"
            args["col"] = column
        sql = f"SELECT id, filed, coalesce(ref, ''), 1, org_id FROM legal_case WHERE {live} AND {cond} ORDER BY filed, id"
        return [Record("case", i, d, t, n, t, o) for i, d, t, n, o in conn.execute(sql, args)]
    raise BadInput(vocab.unknown_message("表格", table, list(vocab.TABLES)))


def _check(table: str, row: str, column: str, cells: list[tuple[str, str]]) -> None:
    rows = list(dict.fromkeys(r for r, _ in cells))
    if row not in rows:
        raise BadInput(vocab.unknown_message(f"{vocab.TABLE_LABELS[table]}的行", row, rows))
    if (row, column) not in cells:
        raise BadInput(vocab.unknown_message(f"{vocab.TABLE_LABELS[table]}「{row}」行的列", column, [c for r, c in cells if r == row]))
