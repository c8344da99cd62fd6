"""Tables 二, 三 and 四 of the model from the ledger's counts (ledger/tally.py holds the counting
rules and their SQL): every official cell gets a value, totals are the sums of their parts."""

from __future__ import annotations

from decimal import Decimal

from disclosure_cli import vocab
from disclosure_cli.ledger import tally
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report.model import AnnualReport

FEN_PER_WAN = tally.FEN_PER_WAN


def fill(ledger: Ledger, report: AnnualReport, ids: list[int]) -> None:
    counts = tally.count(ledger, report.year, ids)
    report.t2.update(counts.t2)
    report.t2[("fee", "amount_wan")] = Decimal(counts.fee_fen) / FEN_PER_WAN
    t3 = report.t3
    t3.update(counts.t3)
    applicants = vocab.APPLICANT_TYPES.codes
    for col in applicants:
        t3[("total", col)] = sum(t3[(r, col)] for r in vocab.OUTCOME_CODES)
    for row in vocab.T3_ROW_CODES:
        t3[(row, "total")] = sum(t3[(row, col)] for col in applicants)
    t4 = report.t4
    t4.update(counts.t4)
    for kind in vocab.T4_ROWS.codes:
        t4[(kind, "total")] = sum(t4[(kind, c)] for c in ("upheld", "corrected", "other", "pending"))
