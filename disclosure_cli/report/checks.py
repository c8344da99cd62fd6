"""The rules of ../shared/reference/validation-rules.md on one AnnualReport: the engine and the
registry live in report/rules/ (one module per family); this module keeps the names callers use."""

from __future__ import annotations

from disclosure_cli.report.model import AnnualReport, Finding
from disclosure_cli.report.rules import REGISTRY, has_errors, run, select
from disclosure_cli.report.rules.base import T3_RESULTS, E, W, fold_label

RULES: dict[str, tuple[str, str]] = {code: (r.severity, r.description) for code, r in REGISTRY.items()}


def check_report(
    report: AnnualReport,
    previous: AnnualReport | None = None,
    *,
    kind: str | None = None,
    rules: set[str] | None = None,
    strict: bool = False,
) -> list[Finding]:
    """Every finding on the report, in a stable order; last year's report turns on the X-* rules.
    kind: ledger (tables counted from records) or document (read from a file) — by default what
    the report says of itself."""
    return run(report, kind=kind or ("ledger" if report.source == "ledger" else "document"), previous=previous, rules=rules, strict=strict)


__all__ = ["E", "W", "T3_RESULTS", "RULES", "check_report", "has_errors", "fold_label", "select"]
