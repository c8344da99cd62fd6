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

RULES = (
    "L-LETTER-MISSING", "L-LETTER-CORRECTION-LATE", "L-LETTER-EXTENSION-LATE", "L-LETTER-REPLY-LATE",
    "L-LETTER-BASIS", "L-LETTER-REASONS", "L-LETTER-CONSULT", "L-LETTER-REVIEW-BODY", "L-LETTER-ONLINE",
)


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


# --------------------------------------------------------------------------- the law on letters already issued (issue 20)
_WRONG_BASIS = ("国办公开办函", "第三十六条第（一）（二）项", "第三十六条第（四）（五）项")


def _expected_bases(code: str) -> tuple[str, ...]:
    b = vocab.LETTER_BASIS[code].basis
    if code == "granted":
        return (b, vocab.GRANTED_PUBLISHED_BASIS)
    if code == "unavailable.not_held":
        return (b, vocab.NOT_HELD_ELSEWHERE_BASIS)
    return (b,)


def letter_law(ledger: Ledger, year: int, org_ids: list[int], today: date | str | None = None) -> list[Finding]:
    """L-LETTER-BASIS, -REASONS, -CONSULT, -REVIEW-BODY, -ONLINE: letters issued before disc knew better
    (docs/letters.md): a basis that is not the law's, a refusal without reasons, a 第十五条 refusal
    without the consultation, a review body of the old law on a 2024 letter, an online letter without
    the online channel for review."""
    found: dict[str, list[Finding]] = {r: [] for r in RULES[4:]}

    def add(rule: str, lt: letters.IssuedLetter, text: str) -> None:
        found[rule].append(Finding(rule, "W", f"{vocab.LETTER_KINDS.label(lt.kind)} {lt.number}（申请 {lt.request}，"
                                   f"{_day(lt.dated)}）{text}", table="letters", where=f"文书 {lt.number}"))

    for lt in letters.issued_letters(ledger, year, org_ids):
        facts = lt.content.get("facts", {})
        given = facts.get("given", {})
        code = lt.outcome
        if lt.kind == "reply" and code:
            basis = facts.get("basis") or ""
            b = vocab.LETTER_BASIS[code]
            if any(w in basis for w in _WRONG_BASIS) or (code != "partial" and code != "other.other"
                                                        and basis not in _expected_bases(code)) or not basis:
                add("L-LETTER-BASIS", lt, f"引用的依据「{basis or '（无）'}」不是该办理结果应引用的条款"
                    f"（{'或'.join(_expected_bases(code)) or '经办人写明的依据'}，见 docs/letters.md）：更正后 --reissue 重新出具")
            needs_reason = b.note and not (code == "unavailable.not_held" and given.get("holder"))
            if (needs_reason and not facts.get("note") and not given.get("proactive")) or (
                "law" in b.needs and not given.get("law")
            ):
                add("L-LETTER-REASONS", lt, f"没有写明{b.note or '所依据的法律、行政法规'}：不予公开、不予提供须说明理由"
                    "（条例第三十六条第（三）项；法释〔2011〕17号第五条，被告对理由承担举证责任）")
            if code == "not_processed.excessive" and not (lt.reasons_asked and lt.reasons_asked <= lt.dated):
                add("L-LETTER-REASONS", lt, "以第三十五条不予处理，但台账中没有要求申请人说明理由的记录")
            if code == "withheld.third_party" and not (lt.consulted and lt.consulted <= lt.dated):
                add("L-LETTER-CONSULT", lt, "以第十五条不予公开，但此前没有书面征求第三方意见（条例第三十二条）")
        if lt.dated >= vocab.REVIEW_LAW_REVISED:
            body = facts.get("review_body") or ""
            old = (lt.settings_since or letters.ORIGIN) < vocab.REVIEW_LAW_REVISED and (
                lt.settings_recorded or "") < vocab.REVIEW_LAW_REVISED
            if old or any(w in body for w in ("或者", "或")):
                add("L-LETTER-REVIEW-BODY", lt, "使用的复议机关设置是按修订前的行政复议法登记的（2024年1月1日起由本级人民政府"
                    "复议县级以上地方人民政府工作部门的行为，第二十四条）：核对后 disc org set 单位 --review-body 复议机关 "
                    "--since 2024-01-01，再 --reissue 重新出具")
            online = given.get("delivery", "online" if lt.via == "online" else None) in vocab.INTERNET_DELIVERY
            if online and not any("网上提交行政复议申请书" in r for r in lt.content.get("remedies", [])):
                add("L-LETTER-ONLINE", lt, "经互联网渠道送达，但没有写明提交行政复议申请书的网上渠道（行政复议法第二十二条第二款）")
    out: list[Finding] = []
    for rule, items in found.items():
        out += _listed(rule, items, "份文书")
    return out


CHECKS = (letter_missing, letter_correction_late, letter_extension_late, letter_reply_late, letter_law)


def letter_findings(ledger: Ledger, year: int, org_ids: list[int], today: date | str | None = None) -> list[Finding]:
    """All the L-LETTER-* rules, in the order of RULES (what `disc check` calls)."""
    out: list[Finding] = []
    for check in CHECKS:
        out += check(ledger, year, org_ids, today)
    return out
