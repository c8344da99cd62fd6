"""Tables 二, 三 and 四 from ledger records: the counting rules, in one place (README explains them).

表二: 本年制发 = issued in the year; 本年废止 = repealed in the year; 现行有效 = issued by 31 December
      and not repealed by then; decisions and 行政事业性收费 by their date.
表三: each application counts once per year: 新收 = received in the year; 上年结转 = received before the
      year and not closed before 1 January; result rows = closed in the year, by outcome; 结转下年度 =
      received by 31 December and still open then. So 一 + 二 = 三(七) + 四 holds by construction.
表四: a case appears in year Y if it was filed in Y or was still open on 1 January of Y; it is counted
      under its result if decided in Y, as 尚未审结 if not decided by 31 December of Y.
"""

from __future__ import annotations

from decimal import Decimal

from disclosure_cli import vocab
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report.model import AnnualReport

FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分


def _in(ids: list[int]) -> str:
    return f"org_id IN ({', '.join(str(int(i)) for i in ids)})"


def fill(ledger: Ledger, report: AnnualReport, ids: list[int]) -> None:
    y0, y1 = f"{report.year}-01-01", f"{report.year}-12-31"
    conn = ledger.conn
    live = f"voided_at IS NULL AND {_in(ids)}"

    # ------------------------------------------------------------------ 表二
    for kind, issued, repealed, in_force in conn.execute(
        "SELECT kind,"
        " sum(issued BETWEEN :y0 AND :y1),"
        " sum(repealed BETWEEN :y0 AND :y1),"
        " sum(issued <= :y1 AND (repealed IS NULL OR repealed > :y1))"
        f" FROM document WHERE {live} GROUP BY kind",
        {"y0": y0, "y1": y1},
    ):
        report.t2[(kind, "issued")] = issued or 0
        report.t2[(kind, "repealed")] = repealed or 0
        report.t2[(kind, "in_force")] = in_force or 0
    for kind, n in conn.execute(
        f"SELECT kind, sum(count) FROM decision WHERE decided BETWEEN ? AND ? AND {live} GROUP BY kind", (y0, y1)
    ):
        report.t2[(kind, "decisions")] = n
    fen = conn.execute(
        f"SELECT coalesce(sum(amount_fen), 0) FROM fee_receipt WHERE received BETWEEN ? AND ? AND {live}", (y0, y1)
    ).fetchone()[0]
    report.t2[("fee", "amount_wan")] = Decimal(fen) / FEN_PER_WAN

    # ------------------------------------------------------------------ 表三
    t3 = report.t3
    for bucket, applicant, n in conn.execute(
        "SELECT bucket, applicant_type, count(*) FROM ("
        "  SELECT applicant_type, 'new' AS bucket FROM request"
        f"   WHERE received BETWEEN :y0 AND :y1 AND {live}"
        "  UNION ALL SELECT applicant_type, 'carried_over' FROM request"
        f"   WHERE received < :y0 AND (closed IS NULL OR closed >= :y0) AND {live}"
        "  UNION ALL SELECT applicant_type, outcome FROM request"
        f"   WHERE closed BETWEEN :y0 AND :y1 AND {live}"
        "  UNION ALL SELECT applicant_type, 'carried_forward' FROM request"
        f"   WHERE received <= :y1 AND (closed IS NULL OR closed > :y1) AND {live}"
        ") GROUP BY bucket, applicant_type",
        {"y0": y0, "y1": y1},
    ):
        t3[(bucket, applicant)] = n
    applicants = vocab.APPLICANT_TYPES.codes
    for col in applicants:
        t3[("total", col)] = sum(t3[(r, col)] for r in vocab.OUTCOME_CODES)
    for row in vocab.T3_ROW_CODES:
        t3[(row, "total")] = sum(t3[(row, col)] for col in applicants)

    # ------------------------------------------------------------------ 表四
    t4 = report.t4
    for kind, col, n in conn.execute(
        "SELECT kind, CASE WHEN decided IS NOT NULL AND decided <= :y1 THEN result ELSE 'pending' END, count(*)"
        " FROM legal_case"
        " WHERE filed <= :y1 AND (filed >= :y0 OR decided IS NULL OR decided >= :y0)"
        f" AND {live} GROUP BY 1, 2",
        {"y0": y0, "y1": y1},
    ):
        t4[(kind, col)] = n
    for kind in vocab.T4_ROWS.codes:
        t4[(kind, "total")] = sum(t4[(kind, c)] for c in ("upheld", "corrected", "other", "pending"))
