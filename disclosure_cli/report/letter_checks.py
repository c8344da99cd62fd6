"""`disc check` rules on letters (issue 12): each a plain function (ledger, year, org_ids, today) -> findings.

L-LETTER-MISSING          an application closed in the year has no reply letter stating its outcome
L-LETTER-CORRECTION-LATE  a 补正 notice dated later than 7 working days after receipt (条例第三十条)
L-LETTER-EXTENSION-LATE   an extension notice dated after the original deadline (条例第三十三条第二款)
L-LETTER-REPLY-LATE       a reply letter dated after the answer deadline (条例第三十三条)

Severity W: a person must look. The queries and the deadline arithmetic are the ledger's
(ledger.letters, the same engine as `disc request show`); this module only words the findings.
L-LETTER-MISSING judges a unit only from the day of its first letter issued with disc, so a ledger
kept before letters existed (sample.db) stays silent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from disclosure_cli import vocab
from disclosure_cli.ledger import letters
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report.model import Finding
from disclosure_cli.workdays import fmt_date

MAX_LISTED = 20  # as the other L- rules: the first few one by one, the rest counted

RULES = ("L-LETTER-MISSING", "L-LETTER-CORRECTION-LATE", "L-LETTER-EXTENSION-LATE", "L-LETTER-REPLY-LATE")


def _today(today: date | str | None) -> date:
    if today is None:
        return date.today()
    return date.fromisoformat(today) if isinstance(today, str) else today


def _day(text: str) -> str:
    return fmt_date(date.fromisoformat(text))


def _listed(rule: str, found: list[Finding], what: str) -> list[Finding]:
    if len(found) <= MAX_LISTED:
        return found
    more = len(found) - MAX_LISTED
    return [*found[:MAX_LISTED], Finding(rule, "W", f"另有 {more} {what}（共 {len(found)} 件）", table="letters")]


def letter_missing(ledger: Ledger, year: int, org_ids: list[int], today: date | str | None = None) -> list[Finding]:
    """L-LETTER-MISSING: closed in the year, no standing reply letter, or one stating another outcome."""
    out = []
    for c in letters.missing_replies(ledger, year, org_ids):
        outcome = vocab.OUTCOMES.label(c.outcome) if c.outcome else ""
        if c.letter is None:
            msg = (
                f"申请 {c.request} 于{_day(c.closed)}办结（{outcome}），没有答复书："
                f"disc request letter {c.request}"
            )
        else:
            said = vocab.OUTCOMES.label(c.letter_outcome) if c.letter_outcome else "无"
            msg = (
                f"申请 {c.request} 的答复书 {c.letter} 写的办理结果（{said}）与台账（{outcome}）不一致："
                f"disc request letter {c.request} --reissue --reason 原因"
            )
        out.append(
            Finding(
                "L-LETTER-MISSING", "W", msg, table="letters", where=f"申请 {c.request}",
                expected=c.outcome, actual=c.letter_outcome,
            )
        )
    return _listed("L-LETTER-MISSING", out, "件已办结的申请没有相符的答复书")


def _late(
    ledger: Ledger, year: int, org_ids: list[int], today: date | str | None,
    rule: str, kind: str, say: Callable[[letters.LetterCase], str], what: str,
) -> list[Finding]:
    out = [
        Finding(rule, "W", say(c), table="letters", where=f"申请 {c.request}", expected=c.due, actual=c.dated)
        for c in letters.late_letters(ledger, year, org_ids, kind, _today(today))
    ]
    return _listed(rule, out, what)


def _provisional(c: letters.LetterCase) -> str:
    return "（期限暂定）" if c.provisional else ""


def letter_correction_late(
    ledger: Ledger, year: int, org_ids: list[int], today: date | str | None = None
) -> list[Finding]:
    """L-LETTER-CORRECTION-LATE: a 补正 notice letter dated after 7 working days from receipt."""

    def say(c: letters.LetterCase) -> str:
        return (
            f"申请 {c.request}（{_day(c.received)}收到）的补正通知书 {c.letter} 日期为{_day(c.dated)}，"
            f"晚于收到申请之日起7个工作日（最迟{_day(c.due)}{_provisional(c)}，条例第三十条）"
        )

    return _late(ledger, year, org_ids, today, "L-LETTER-CORRECTION-LATE", "correction", say, "份补正通知书晚于7个工作日")


def letter_extension_late(
    ledger: Ledger, year: int, org_ids: list[int], today: date | str | None = None
) -> list[Finding]:
    """L-LETTER-EXTENSION-LATE: an extension notice dated after the deadline the application had without it."""

    def say(c: letters.LetterCase) -> str:
        return (
            f"申请 {c.request}（{_day(c.received)}收到）的延期答复告知书 {c.letter} 日期为{_day(c.dated)}，"
            f"晚于原答复期限{_day(c.due)}{_provisional(c)}：延期应在原期限内告知（条例第三十三条第二款）"
        )

    return _late(
        ledger, year, org_ids, today, "L-LETTER-EXTENSION-LATE", "extension", say, "份延期答复告知书晚于原答复期限"
    )


def letter_reply_late(
    ledger: Ledger, year: int, org_ids: list[int], today: date | str | None = None
) -> list[Finding]:
    """L-LETTER-REPLY-LATE: a reply letter dated after the answer deadline (补正, extension, pauses counted)."""

    def say(c: letters.LetterCase) -> str:
        return (
            f"申请 {c.request}（{_day(c.received)}收到）的答复书 {c.letter} 日期为{_day(c.dated)}，"
            f"晚于答复期限{_day(c.due)}{_provisional(c)}"
        )

    return _late(ledger, year, org_ids, today, "L-LETTER-REPLY-LATE", "reply", say, "份答复书晚于答复期限")


CHECKS = (letter_missing, letter_correction_late, letter_extension_late, letter_reply_late)


def letter_findings(ledger: Ledger, year: int, org_ids: list[int], today: date | str | None = None) -> list[Finding]:
    """All four rules, in the order of RULES (what `disc check` calls)."""
    out: list[Finding] = []
    for check in CHECKS:
        out += check(ledger, year, org_ids, today)
    return out
