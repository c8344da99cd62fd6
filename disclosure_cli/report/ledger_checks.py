"""`disc check`: the rule catalogue on the report a ledger builds, plus the ledger-only L-* rules."""

from __future__ import annotations

from datetime import date

from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report.model import Finding


def check_ledger(
    ledger: Ledger, year: int, *, org: str | None = None, today: str | None = None, rules: set[str] | None = None,
    strict: bool = False, assess: bool = False, rollup: bool = False,
) -> list[Finding]:
    """Every rule on the ledger's report for the year, after SQLite's integrity check of the file
    (run on a second connection beside the rules: a damaged ledger is an error, not a report of
    zeros). DiscError naming the damage when the file is not sound.

    assess: the assessor's indicators (A-*) instead, over the unit and every unit below it; they
    run otherwise only when --rule names them."""
    import threading

    from disclosure_cli.errors import DiscError
    from disclosure_cli.ledger.db import corrupt_message, integrity_problems

    problems: list[str] = []
    worker = None
    if ledger.path.exists() and not ledger.readonly:
        worker = threading.Thread(target=lambda: problems.extend(integrity_problems(ledger.path)), daemon=True)
        worker.start()
    try:
        if assess:
            findings = _assess(ledger, year, org=org, today=today, rules=rules)
        elif rollup:
            findings = _check_rollup(ledger, year, org=org, today=today, rules=rules, strict=strict)
        else:
            findings = _check_ledger(ledger, year, org=org, today=today, rules=rules, strict=strict)
    finally:
        if worker is not None:
            worker.join()
    if problems:
        raise DiscError(corrupt_message(ledger.path, "SQLite 完整性检查：" + "；".join(problems[:3])))
    return findings


def _check_ledger(
    ledger: Ledger, year: int, *, org: str | None = None, today: str | None = None, rules: set[str] | None = None,
    strict: bool = False,
) -> list[Finding]:
    from disclosure_cli.ledger.records import get_narratives
    from disclosure_cli.report import build
    from disclosure_cli.report.rules import LEDGER, REGISTRY, run

    if rules is None:  # the assessor's indicators only with --assess or when named
        rules = {c for c, r in REGISTRY.items() if r.family != "assess"}
    ids = build.org_ids(ledger, org)
    report = build.build_full_report(ledger, year, org=org)
    previous = None
    if build.holds_year(ledger, year - 1, ids):
        if get_narratives(ledger, year - 1, org):
            previous = build.build_full_report(ledger, year - 1, org=org)
        else:  # X-CARRY and X-IN-FORCE need last year's tables only
            previous = build.build_report(ledger, year - 1, org=org, with_items=False)
    findings = run(
        report, kind=LEDGER, previous=previous, rules=rules, ledger=ledger, ids=ids,
        today=today or date.today().isoformat(), strict=strict,
    )
    for f in findings:
        f.source = str(ledger.path)
    return findings


def _check_rollup(
    ledger: Ledger, year: int, *, org: str | None = None, today: str | None = None, rules: set[str] | None = None,
    strict: bool = False,
) -> list[Finding]:
    """`disc check --rollup` (issue 21): the tables of the area added up, checked as one report; then
    every ledger rule (L-*) over each unit below, on its own records, each finding naming its unit.
    What a reviewer sees from the district is what each unit would see with --org."""
    from disclosure_cli.ledger import tally
    from disclosure_cli.ledger.orgs import path_of
    from disclosure_cli.report import build
    from disclosure_cli.report.desk import scope_options
    from disclosure_cli.report.rules import LEDGER, REGISTRY, run

    if rules is None:
        rules = {c for c, r in REGISTRY.items() if r.family != "assess"}
    area = {c for c in rules if REGISTRY[c].family != "ledger"}
    per_unit = {c for c in rules if REGISTRY[c].family == "ledger"}
    ids = build.org_ids(ledger, org, rollup=True)
    top = ledger.org_id(org)
    findings: list[Finding] = []
    if area:
        report = build.build_full_report(ledger, year, org=org, rollup=True)
        previous = build.build_report(ledger, year - 1, org=org, rollup=True, with_items=False) if build.holds_year(
            ledger, year - 1, ids) else None
        for f in run(report, kind=LEDGER, previous=previous, rules=area, ledger=ledger, ids=ids,
                     today=today or date.today().isoformat(), strict=strict):
            f.org = path_of(ledger.conn, top)
            f.scope = f.scope or scope_options(org, True)
            findings.append(f)
    for uid in tally.orgs_with_records(ledger, ids):
        name = path_of(ledger.conn, uid)
        for f in _check_ledger(ledger, year, org=name, today=today, rules=per_unit, strict=strict):
            f.org = name
            f.scope = f.scope or scope_options(name)
            f.message = f"【{name}】{f.message}"
            findings.append(f)
    for f in findings:
        f.source = str(ledger.path)
    return findings


def _assess(
    ledger: Ledger, year: int, *, org: str | None = None, today: str | None = None, rules: set[str] | None = None
) -> list[Finding]:
    from disclosure_cli.report import build
    from disclosure_cli.report.model import AnnualReport
    from disclosure_cli.report.rules import LEDGER, REGISTRY, run

    codes = {c for c, r in REGISTRY.items() if r.family == "assess"}
    chosen = codes if rules is None else rules & codes
    ids = build.org_ids(ledger, org, rollup=True)
    findings = run(
        AnnualReport.empty(org or ledger.org, year), kind=LEDGER, rules=chosen, ledger=ledger, ids=ids,
        today=today or date.today().isoformat(),
    )
    for f in findings:
        f.source = str(ledger.path)
    return findings
