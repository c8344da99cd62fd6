"""Records an older ledger may hold that disc would no longer accept (issue 9): dates before the
first 条例 or after today, counts and amounts no clerk meant. `disc check` reports them
(L-IMPLAUSIBLE) so that they are corrected rather than silently counted."""

from __future__ import annotations

from typing import Any

from disclosure_cli import vocab
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.fields import FIRST_DAY, MAX_COUNT, MAX_YUAN

# table, what a clerk calls it, date columns, count column (or None), label column
_CHECKS = (
    ("item", "信息条目", ("published", "formed"), "count", "title"),
    ("decision", "行政决定", ("decided",), "count", "ref"),
    ("fee_receipt", vocab.T2_ROWS.label("fee"), ("received",), None, "note"),
    ("request", "申请", ("received", "closed"), None, "subject"),
    ("legal_case", "复议诉讼案件", ("filed", "decided"), None, "ref"),
    ("document", "文件", ("issued",), None, "title"),
)
MAX_LISTED = 20


def implausible(ledger: Ledger, ids: list[int], today: str) -> tuple[list[dict[str, Any]], int]:
    """(the first MAX_LISTED implausible records, how many there are in all)."""
    org_in = ", ".join(str(int(i)) for i in ids)
    found: list[dict[str, Any]] = []
    total = 0
    for table, what, dates, count, label in _CHECKS:
        conds = [f"({d} IS NOT NULL AND ({d} < :first OR {d} > :today))" for d in dates]
        if count:
            conds.append(f"{count} > {MAX_COUNT}")
        if table == "fee_receipt":
            conds.append(f"amount_fen > {MAX_YUAN * 100}")
        where = f"org_id IN ({org_in}) AND voided_at IS NULL AND ({' OR '.join(conds)})"
        args = {"first": FIRST_DAY, "today": today}
        n = ledger.conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()[0]
        total += n
        if not n or len(found) >= MAX_LISTED:
            continue
        cols = ", ".join(["id", *dates, *([count] if count else []), label])
        for row in ledger.conn.execute(f"SELECT {cols} FROM {table} WHERE {where} ORDER BY id LIMIT {MAX_LISTED}", args):
            rec = dict(zip(["id", *dates, *([count] if count else []), "label"], row, strict=True))
            problems = [
                f"{d}={rec[d]}" for d in dates if rec[d] is not None and (rec[d] < FIRST_DAY or rec[d] > today)
            ]
            if count and rec[count] is not None and rec[count] > MAX_COUNT:
                problems.append(f"{count}={rec[count]}")
            if table == "fee_receipt" and not problems:
                problems.append("amount 过大")
            found.append({"table": table, "what": what, "id": rec["id"], "label": rec["label"], "problems": problems})
            if len(found) >= MAX_LISTED:
                break
    return found, total
