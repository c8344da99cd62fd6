"""`disc check`: the rule catalogue on the report a ledger builds, plus the ledger-only L-* rules."""

from __future__ import annotations

from datetime import date

from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report.model import Finding

REVIEW_FIELDS = {"drafter": "起草", "reviewer": "审核", "approver": "签发"}
# review_policy in meta: none | full (三审: drafted, reviewed, approved)
POLICIES = {"none": (), "full": tuple(REVIEW_FIELDS), "三审": tuple(REVIEW_FIELDS)}
MAX_LISTED = 20


def check_ledger(ledger: Ledger, year: int, *, org: str | None = None, today: str | None = None) -> list[Finding]:
    """Every rule on the ledger's report for the year, after SQLite's integrity check of the file
    (run on a second connection beside the rules: a damaged ledger is an error, not a report of
    zeros). DiscError naming the damage when the file is not sound."""
    import threading

    from disclosure_cli.errors import DiscError
    from disclosure_cli.ledger.db import corrupt_message, integrity_problems

    problems: list[str] = []
    worker = None
    if ledger.path.exists() and not ledger.readonly:
        worker = threading.Thread(target=lambda: problems.extend(integrity_problems(ledger.path)), daemon=True)
        worker.start()
    try:
        findings = _check_ledger(ledger, year, org=org, today=today)
    finally:
        if worker is not None:
            worker.join()
    if problems:
        raise DiscError(corrupt_message(ledger.path, "SQLite 完整性检查：" + "；".join(problems[:3])))
    return findings


def _check_ledger(ledger: Ledger, year: int, *, org: str | None = None, today: str | None = None) -> list[Finding]:
    from disclosure_cli.report import build, checks, letter_checks

    ids = build.org_ids(ledger, org)
    report = build.build_full_report(ledger, year, org=org)  # source stays "ledger": template rules skip it
    from disclosure_cli.ledger.records import get_narratives

    previous = None
    # drafts are generated, so two years of drafts always look alike: X-SAME-TEXT judges stored prose only
    stored_both = bool(get_narratives(ledger, year, org) and get_narratives(ledger, year - 1, org))
    if build.holds_year(ledger, year - 1, ids):
        if stored_both:
            previous = build.build_full_report(ledger, year - 1, org=org)
        else:  # X-CARRY and X-IN-FORCE need last year's tables only
            previous = build.build_report(ledger, year - 1, org=org, with_items=False)
    findings = checks.check_report(report, previous)
    if not stored_both:
        findings = [f for f in findings if f.rule != "X-SAME-TEXT"]
    findings += implausible_findings(ledger, ids, today)
    findings += review_findings(ledger, year, ids)
    findings += deadline_findings(ledger, year, ids, today)
    findings += letter_checks.letter_findings(ledger, year, ids, today)  # issue 12; to the rule registry later
    for f in findings:
        f.source = str(ledger.path)
    return findings


def implausible_findings(ledger: Ledger, ids: list[int], today: str | None) -> list[Finding]:
    """L-IMPLAUSIBLE: records an older disc (or another tool) let in that this one would refuse."""
    from disclosure_cli.ledger.audit import implausible

    when = today or date.today().isoformat()
    found, total = implausible(ledger, ids, when)
    out = []
    for rec in found:
        label = f"「{rec['label']}」" if rec["label"] else ""
        out.append(
            Finding(
                "L-IMPLAUSIBLE",
                "W",
                f"{rec['what']} {rec['id']}{label}的数据不合理（{'，'.join(rec['problems'])}）：日期应在 2008-05-01 至今天之间，"
                "数量不超过 100,000；请核实后用 disc edit 更正或 disc void 作废",
                table=rec["table"],
                where=f"{rec['what']} {rec['id']}",
            )
        )
    if total > len(found):
        out.append(Finding("L-IMPLAUSIBLE", "W", f"另有 {total - len(found)} 条记录的数据不合理"))
    return out


def review_findings(ledger: Ledger, year: int, ids: list[int]) -> list[Finding]:
    """L-REVIEW: items lacking the sign-offs the ledger's review policy (三审) asks for."""
    needed = POLICIES.get(ledger.meta("review_policy", "none") or "none", ())
    if not needed:
        return []
    # how many: the running totals (migration 0005); which: the first few, in publication order
    org_in = ", ".join(str(i) for i in ids)
    total = ledger.conn.execute(
        f"SELECT coalesce(sum(unsigned), 0) FROM item_total WHERE org_id IN ({org_in}) AND month BETWEEN ? AND ?",
        (f"{year}-01", f"{year}-12"),
    ).fetchone()[0]
    if not total:
        return []
    rows = ledger.conn.execute(
        f"SELECT id, title, {', '.join(needed)} FROM item WHERE org_id IN ({org_in}) AND voided_at IS NULL"
        " AND published BETWEEN ? AND ? AND (drafter IS NULL OR reviewer IS NULL OR approver IS NULL)"
        f" ORDER BY published, id LIMIT {MAX_LISTED}",
        (f"{year}-01-01", f"{year}-12-31"),
    ).fetchall()
    out = []
    for row in rows[:MAX_LISTED]:
        missing = [REVIEW_FIELDS[f] for f, v in zip(needed, row[2:], strict=True) if not (v or "").strip()]
        out.append(
            Finding(
                "L-REVIEW",
                "W",
                f"信息 {row[0]}「{row[1]}」缺少三审签字：{'、'.join(missing)}",
                table="items",
                where=f"信息 {row[0]}",
            )
        )
    if total > MAX_LISTED:
        out.append(Finding("L-REVIEW", "W", f"另有 {total - MAX_LISTED} 条信息缺少三审签字", table="items"))
    return out


def deadline_findings(ledger: Ledger, year: int, ids: list[int], today: str | None) -> list[Finding]:
    """L-LATE-REPLY, L-OPEN-OVERDUE, L-CORRECTION-LATE, L-LATE-PUBLISH (issue 4), where the ledger can tell."""
    try:
        from disclosure_cli.ledger import deadlines
    except ImportError:
        return []
    when = date.fromisoformat(today) if today else date.today()
    return deadlines.findings(ledger, year, ids, when)
