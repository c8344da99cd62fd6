"""The small pieces every ledger query shares, written once: which orgs, which year."""

from __future__ import annotations


def org_in(ids: list[int], column: str = "org_id") -> str:
    """`org_id IN (1, 2, 3)` for a roll-up: ids are the ledger's own integers, never user text."""
    return f"{column} IN ({', '.join(str(int(i)) for i in ids)})"


def year_days(year: int) -> tuple[str, str]:
    """The first and last day of a year as ISO dates: the bounds of every `BETWEEN` on a date."""
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def year_months(year: int) -> tuple[str, str]:
    """The first and last month of a year as YYYY-MM (item_total's months)."""
    return f"{year:04d}-01", f"{year:04d}-12"
