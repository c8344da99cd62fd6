"""Build the AnnualReport of an org and a year from ledger records. Table values are always derived
from records here and nowhere else; renderers and checks only read the model.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from disclosure_cli.ledger import tally
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.items import Vocab
from disclosure_cli.report.model import AnnualReport, FeeSummary, ItemsTally


def org_ids(ledger: Ledger, org: str | None = None, rollup: bool = False) -> list[int]:
    """The org, and with rollup every org below it (a 区 adding up its 街道 and departments)."""
    return tally.org_ids(ledger, org, rollup)


def items_tally(ledger: Ledger, year: int, ids: list[int]) -> ItemsTally:
    """Items by channel × category, from the running totals kept by triggers (migration 0005)."""
    vocab = Vocab.load(ledger.conn)
    counts = tally.item_counts(ledger, year, ids)
    # Every channel is shown (a 0 says "we have it and published nothing"); only used categories are.
    used = {cat for _, cat in counts}
    categories = [c for c in vocab.categories if c in used]
    return ItemsTally(list(vocab.channels), categories, counts)


def items_by_month(ledger: Ledger, year: int, ids: list[int]) -> list[dict[str, Any]]:
    """Long rows for `disc stats --by month`: row = YYYY-MM or total, column = channel code or total."""
    vocab = Vocab.load(ledger.conn)
    cells = tally.month_counts(ledger, year, ids)
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
    report.derived = True
    report.area = rollup and len(ids) > 1
    if with_items:
        report.items = items_tally(ledger, year, ids)
    if statutory:
        from disclosure_cli.report import tables

        tables.fill(ledger, report, ids)
    return report


def fee_summary(ledger: Ledger, year: int, ids: list[int]) -> FeeSummary:
    """信息处理费 for part 六."""
    from disclosure_cli.ledger.fees import summary

    got = summary(ledger, year, ids)
    return FeeSummary(charged=got.charged, amount_yuan=got.amount_yuan, notices=got.notices)


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
    from disclosure_cli.ledger.desk import publications

    standing = [p for p in publications(ledger, year, [ledger.org_id(org)]) if p.rollup == rollup]
    if standing:
        report.published = standing[0].published  # the date under the signature, unless --date
    return report


def holds_year(ledger: Ledger, year: int, ids: list[int]) -> bool:
    """Does the ledger have any record in that year (so cross-year rules can compare)?"""
    return tally.holds_year(ledger, year, ids)


def signing_date(value: str, year: int, today: date | None = None) -> str:
    """--date of a year's report (成文日期): after the year has ended, and not far in the future
    (a report for 2023 signed in 2099, or in March 2023, is a typing error)."""
    from datetime import timedelta

    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger.fields import parse_date

    day = parse_date(value, "成文日期（--date）", allow_future=True)
    today = today or date.today()
    latest = today + timedelta(days=31)
    if day < f"{year + 1}-01-01":
        raise BadInput(f"成文日期（--date）{day} 早于 {year} 年度结束：年度报告在次年（{year + 1}年）成文")
    if day > latest.isoformat():
        raise BadInput(f"成文日期（--date）{day} 太晚：最晚可写到 {latest.isoformat()}（今天之后一个月内）")
    return day
