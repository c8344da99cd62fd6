"""Build the AnnualReport of an org and a year from ledger records. Table values are always derived
from records here and nowhere else; renderers and checks only read the model.
"""

from __future__ import annotations

from typing import Any

from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.items import Vocab
from disclosure_cli.report.model import AnnualReport, ItemsTally


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


def _in(ids: list[int]) -> str:
    return f"org_id IN ({', '.join(str(int(i)) for i in ids)})"


def _months(year: int) -> tuple[str, str]:
    return f"{year:04d}-01", f"{year:04d}-12"


def items_tally(ledger: Ledger, year: int, ids: list[int]) -> ItemsTally:
    """Items by channel × category, from the running totals kept by triggers (migration 0005)."""
    vocab = Vocab.load(ledger.conn)
    counts: dict[tuple[str, str], int] = {}
    sql = (
        "SELECT channel, category, sum(total) FROM item_total"
        f" WHERE {_in(ids)} AND month BETWEEN ? AND ? GROUP BY channel, category HAVING sum(total) > 0"
    )
    for ch, cat, n in ledger.conn.execute(sql, _months(year)):
        counts[(ch, cat)] = n
    # Every channel is shown (a 0 says "we have it and published nothing"); only used categories are.
    used = {cat for _, cat in counts}
    categories = [c for c in vocab.categories if c in used]
    return ItemsTally(list(vocab.channels), categories, counts)


def items_by_month(ledger: Ledger, year: int, ids: list[int]) -> list[dict[str, Any]]:
    """Long rows for `disc stats --by month`: row = YYYY-MM or total, column = channel code or total."""
    vocab = Vocab.load(ledger.conn)
    sql = f"SELECT month, channel, sum(total) FROM item_total WHERE {_in(ids)} AND month BETWEEN ? AND ? GROUP BY 1, 2"
    cells: dict[tuple[str, str], int] = {}
    for month, ch, n in ledger.conn.execute(sql, _months(year)):
        cells[(month, ch)] = n
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    channels = [c for c, _ in vocab.channels]
    rows = []
    for month in [*months, "total"]:
        for ch in [*channels, "total"]:
            if month == "total" and ch == "total":
                v = sum(cells.values())
            elif month == "total":
                v = sum(n for (_, c), n in cells.items() if c == ch)
            elif ch == "total":
                v = sum(n for (m, _), n in cells.items() if m == month)
            else:
                v = cells.get((month, ch), 0)
            rows.append({"row": month, "column": ch, "value": v})
    return rows


def build_report(
    ledger: Ledger,
    year: int,
    *,
    org: str | None = None,
    rollup: bool = False,
    statutory: bool = True,
    with_items: bool = True,
) -> AnnualReport:
    """statutory=False skips tables 二/三/四 (left at 0) for `disc stats --table items`;
    with_items=False skips the items tally (last year's tables for the cross-year rules)."""
    ids = org_ids(ledger, org, rollup)
    name = org or ledger.org
    report = AnnualReport.empty(name, year)
    if with_items:
        report.items = items_tally(ledger, year, ids)
    if statutory:
        from disclosure_cli.report import tables

        tables.fill(ledger, report, ids)
    return report


def fee_summary(ledger: Ledger, year: int, ids: list[int]):
    """信息处理费 for part 六; the fee lifecycle (issue 4) may not have recorded any yet."""
    from disclosure_cli.report.model import FeeSummary

    has = ledger.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'request_fee'").fetchone()
    if not has:
        return FeeSummary()
    from disclosure_cli.ledger.fees import summary

    return summary(ledger, year, ids)


def build_full_report(ledger: Ledger, year: int, *, org: str | None = None, rollup: bool = False) -> AnnualReport:
    """The report as published: tables, 信息处理费, and the prose (stored, else drafted) with numbers filled."""
    from disclosure_cli.ledger.records import get_narratives
    from disclosure_cli.report import narrative

    ids = org_ids(ledger, org, rollup)
    report = build_report(ledger, year, org=org, rollup=rollup)
    report.fee = fee_summary(ledger, year, ids)
    report.months = items_by_month(ledger, year, ids)
    report.title = report.default_title
    narrative.compose(report, get_narratives(ledger, year, org))
    return report


def holds_year(ledger: Ledger, year: int, ids: list[int]) -> bool:
    """Does the ledger have any record in that year (so cross-year rules can compare)?"""
    y0, y1 = f"{year}-01-01", f"{year}-12-31"
    for table, col in (("item", "published"), ("request", "received"), ("decision", "decided"), ("document", "issued"), ("legal_case", "filed")):
        if ledger.conn.execute(
            f"SELECT 1 FROM {table} WHERE {col} BETWEEN ? AND ? AND {_in(ids)} LIMIT 1", (y0, y1)
        ).fetchone():
            return True
    return False
