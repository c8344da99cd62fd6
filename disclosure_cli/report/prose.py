"""What the prose of an annual report says in numbers: sentences, quantities, and the statements the
TXT-* rules compare with the tables (validation-rules.md, "Prose against tables").

Published reports write numbers as Arabic digits (with spaces from PDF line breaks, sometimes with
thousands separators) or as Chinese numerals (十七件, 两千三百条). This module only reads: it says
"the prose states 17 applications" and leaves it to checks.py to compare with table 三. It is
deliberately conservative — a number is an application count only when the sentence says so — because
a false warning on every report trains reviewers to ignore the tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# --------------------------------------------------------------------------- numbers (disclosure_cli.text)
from disclosure_cli.text import CN_NUMERAL_CHARS, join_lines, parse_chinese_numeral, parse_number  # noqa: E402

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？ (paragraph breaks end one too); line breaks inside one are joined.

    Semicolons do not end a sentence: "其中…；…；…" breakdowns stay together.
    """
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text.replace("\r", "")):
        para = join_lines(para)
        for s in re.split(r"(?<=[。！？!?])", para):
            s = s.strip()
            if s:
                out.append(s)
    return out


def quote(sentence: str, at: int | None = None, limit: int = 80) -> str:
    """The sentence as a user reads it in a finding, shortened around position `at` if too long."""
    if len(sentence) <= limit:
        return sentence
    at = len(sentence) // 2 if at is None else at
    start = max(0, min(at - limit // 2, len(sentence) - limit))
    text = sentence[start : start + limit]
    return ("…" if start > 0 else "") + text + ("…" if start + limit < len(sentence) else "")


# --------------------------------------------------------------------------- quantities
UNITS = ("人次", "万元", "元", "件", "个", "份", "条", "次", "篇", "起", "宗", "例", "项", "期", "场", "人")
_ARABIC = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?(?:\s*万(?!元))?"
_CN = f"[{CN_NUMERAL_CHARS}]+"
_QUANTITY = re.compile(
    rf"(?P<num>{_ARABIC}|{_CN})\s*(?P<approx>余|多)?\s*(?P<unit>{'|'.join(UNITS)})"
)
# "申请数量为0": a bare number after 为 (Arabic or 零 only: "融为一体" is not a number)
_BARE = re.compile(r"为\s*(?P<num>\d+|零)(?![\d.年月日号%‰])")


@dataclass(frozen=True)
class Quantity:
    """A number with its measure word, where it sits in the sentence."""

    value: int | Decimal
    unit: str  # "" for a bare number after 为
    start: int
    end: int
    text: str
    approx: bool = False  # 100余件, 200多条: not a count to compare

    @property
    def yuan(self) -> Decimal | None:
        """The amount in 元 for a money quantity, else None."""
        if self.unit == "元":
            return Decimal(self.value)
        if self.unit == "万元":
            return Decimal(self.value) * 10_000
        return None


def find_quantities(sentence: str, bare: bool = False) -> list[Quantity]:
    """Every number followed by a measure word (件/个/条/次/元/万元 …), in order.

    Ordinals (第3件) are skipped. bare: also numbers after 为 without a measure word.
    """
    text = sentence.translate(_FULLWIDTH)
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        if m.start() > 0 and text[m.start() - 1] == "第":
            continue
        value = parse_number(m.group("num"))
        if value is None:
            continue
        found.append(
            Quantity(value, m.group("unit"), m.start(), m.end(), sentence[m.start() : m.end()], bool(m.group("approx")))
        )
    if bare:
        taken = [(q.start, q.end) for q in found]
        for m in _BARE.finditer(text):
            s, e = m.start("num"), m.end("num")
            if any(a <= s < b for a, b in taken):
                continue
            value = parse_number(m.group("num"))
            if value is not None:
                found.append(Quantity(value, "", s, e, sentence[s:e]))
        found.sort(key=lambda q: q.start)
    return found


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)|([零〇一二三四五六七八九]{4})(?=\s*年)")


def years_in(text: str) -> list[int]:
    """Four-digit years in a title or a period: 2023年, 2023-01-01, 二〇二三年."""
    out: list[int] = []
    for m in _YEAR.finditer(text.translate(_FULLWIDTH)):
        if m.group(1):
            out.append(int(m.group(1)))
        else:
            y = parse_chinese_numeral(m.group(2))
            if y is not None and 1900 <= y <= 2099:
                out.append(y)
    return out


# the report naming itself: 「2022年政府信息公开工作年度报告」, 「2022年度报告」, 「本机关2022年度…工作情况」
_SELF_NAMED = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年(?:度)?\s*(?:政府信息公开(?:工作)?(?:年度)?报告|年度报告|政府信息公开工作情况报告)"
)
# a period of its own: 「自2022年1月1日起至2022年12月31日止」 inside the prose
_PROSE_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日(?:起)?\s*(?:至|到|—|-|－)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
# 「2022年，街道主动公开政府信息…条」: a sentence opening on a year and stating the year's statistics
_YEAR_LEAD = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）][^。；]{0,20}?[。．.]\s*)?((?:19|20)\d{2})\s*年(?:度)?\s*[，,]")
_STAT_VERBS = re.compile(r"主动公开[^，。；]{0,12}\d|收到[^，。；]{0,16}申请|受理[^，。；]{0,16}申请|办结[^，。；]{0,8}\d")
_COMPARED = re.compile(r"相比|同比|比较|较上年|增长|下降|以来|至今|将|计划|拟|预计|上年|去年")


def other_years(text: str, year: int, *, statistics: bool = False) -> list[tuple[str, int]]:
    """Sentences that call the report another year than its own: it names itself (2022年度报告),
    prints its own period (自2022年1月1日至12月31日), or — with statistics, for part 一 — opens on
    「2022年，」 and states that year's counts (a paragraph carried over from last year's report).
    A year spoken of in comparison or plans (与2022年相比, 2024年将…) is not."""
    out: list[tuple[str, int]] = []
    for s in split_sentences(text):
        flat = s.translate(_FULLWIDTH)
        hit = None
        for m in _SELF_NAMED.finditer(flat):
            if int(m.group(1)) != year and not re.search(r"(?:上|前)一?(?:年度|年)[^，。；]{0,6}$|参照|对照|与$", flat[: m.start()]):
                hit = int(m.group(1))
                break
        if hit is None:
            for m in _PROSE_PERIOD.finditer(flat):
                ys = {int(m.group(1)), int(m.group(2))}
                if year not in ys:
                    hit = min(ys)
                    break
        if hit is None and statistics:
            m = _YEAR_LEAD.match(flat)
            if m and int(m.group(1)) != year and _STAT_VERBS.search(flat) and not _COMPARED.search(flat):
                others = set(years_in(flat[m.end():]))
                if not others - {int(m.group(1))}:
                    hit = int(m.group(1))
        if hit is not None:
            out.append((s.strip(), hit))
    return out


@dataclass(frozen=True)
class StaleYear:
    """A sentence of part 一 that opens on an earlier year and tells that year's work."""

    sentence: str
    year: int
    guess: bool  # not last year, or not where a paragraph begins: it may be a look back


def stale_years(text: str, year: int) -> list[StaleYear]:
    """Sentences of part 一 (总体情况, about the report's own year) that open on an earlier year —
    「2024年，我局……」 in a 2025 report — and are no comparison, plan or look back (与2024年相比,
    2024年以来, 较上年). Definite where it is last year and the sentence begins a paragraph (or follows
    its sub-heading): a paragraph carried over from last year's report; a guess otherwise."""
    out: list[StaleYear] = []
    for para in re.split(r"\n", text.replace("\r", "")):
        first = True
        for s in split_sentences(para):
            flat = s.translate(_FULLWIDTH)
            if _SUB_HEADING_SENTENCE.fullmatch(flat.strip()):
                continue  # 「（一）主动公开。」: the sentence after it begins the paragraph
            m = _YEAR_LEAD.match(flat)
            opens = first
            first = False
            if not m or int(m.group(1)) >= year or _COMPARED.search(flat):
                continue
            if year in years_in(flat[m.end():]):
                continue  # it speaks of the report's year too
            said = int(m.group(1))
            out.append(StaleYear(s.strip(), said, guess=not (opens and said == year - 1)))
    return out


_SUB_HEADING_SENTENCE = re.compile(r"[（(][一二三四五六七八九十]+[)）][^。！？]{0,20}[。．.]")


# ---- 均已办结 while applications are carried over (TXT-ALL-CLOSED)
_ALL_CLOSED = re.compile(r"(?:均|全部|都)已?(?:全部)?(?:办结|办理完毕|处理完毕|办理完成|答复完毕)|已全部(?:办结|办理完毕|答复完毕)")
_ALL_CLOSED_IN_TIME = re.compile(r"(?:均|全部|都)(?:在[^，。；]{0,10}(?:内|前)|按期|按时|如期)(?:办结|办理完毕|答复完毕)")
_STILL_OPEN = re.compile(r"结转下|继续办理|尚未办结|正在办理|未办结|结转至")


@dataclass(frozen=True)
class AllClosed:
    sentence: str
    at: int
    guess: bool

    @property
    def quote(self) -> str:
        return quote(self.sentence, self.at)


def all_closed(text: str) -> list[AllClosed]:
    """Sentences about applications that say every one was closed (均已办结, 全部办理完毕). A clause
    about last year's carry-over alone (「上年结转的2件均已办结」) says nothing of the others, and a
    sentence that itself names what goes on to next year is not one; 「均在法定期限内办结」 may speak
    of time only: a guess."""
    out: list[AllClosed] = []
    for s in split_sentences(text):
        if "申请" not in s or _STILL_OPEN.search(s) or _REVIEW.search(s):
            continue
        for start, seg in _segments(s):
            m = _ALL_CLOSED.search(seg) or _ALL_CLOSED_IN_TIME.search(seg)
            if m is None or "结转" in seg[: m.start()]:
                continue
            out.append(AllClosed(s, start + m.start(), guess=_ALL_CLOSED.search(seg) is None))
            break
    return out


# --------------------------------------------------------------------------- keyword → number
@dataclass(frozen=True)
class KeywordNumber:
    """A keyword and the first quantity after it: 受理…申请 → 17件."""

    keyword: str
    start: int  # of the keyword
    quantity: Quantity
    between: str  # text between the keyword and the quantity


def keyword_numbers(
    sentence: str, keywords: tuple[str, ...], window: int = 40, bare: bool = False
) -> list[KeywordNumber]:
    """For each occurrence of a keyword, the first quantity that follows within `window` characters."""
    quantities = find_quantities(sentence, bare=bare)
    out: list[KeywordNumber] = []
    for m in re.finditer("|".join(map(re.escape, keywords)), sentence):
        q = next((q for q in quantities if q.start >= m.end()), None)
        if q is None or q.start - m.end() > window:
            continue
        out.append(KeywordNumber(m.group(0), m.start(), q, sentence[m.end() : q.start]))
    return out


@dataclass(frozen=True)
class Stated:
    """A number the prose states about something the tables also count."""

    sentence: str
    value: int | Decimal
    kind: str = ""  # TXT-CASES: review | suit | both
    at: int = 0  # position of the number (or of the negation) in the sentence

    @property
    def quote(self) -> str:
        return quote(self.sentence, self.at)


# ---- what the prose states, clause by clause (TXT-REQUESTS, TXT-RESULTS, TXT-CASES, TXT-DOCUMENTS)
@dataclass(frozen=True)
class Claim:
    """A number the prose states about something table 二, 三 or 四 counts.

    kind: received | handled | carried_over | carried_forward | result.<row or group> |
    review | suit | both | corrected_none | docs.<issued|repealed|in_force>.<row>.
    The number is bound to the words before it in its own clause (split at ，；：), so a number is
    never read as something a neighbouring clause speaks of (「…行政复议351件；行政诉讼46件」).
    """

    kind: str
    value: int | Decimal
    sentence: str
    at: int
    guess: bool = False
    columns: tuple[str, ...] = ()  # received: the applicant columns the clause names (none: all)
    parts: tuple[str, ...] = ()  # result.sum: the result groups the clause names together
    at_least: bool = False  # result.sum with 等: the groups named are some of those counted

    @property
    def quote(self) -> str:
        return quote(self.sentence, self.at)


_COUNT_UNITS = {"件", "个", "份", "宗", "起", "例", "次", ""}
# a count of something else: petitions, hotline tickets, meetings, disputes, people
_OTHER_SUBJECTS = re.compile(
    r"信访|12345|热线|转办|诉求|纠纷|举报|投诉|留言|咨询|来信|来电|人次|会议|例会|培训|座谈|检查|督查|提案|建议|件次"
)
# a count of the report's own parts, not of cases or applications: 「共分六个部分」
_NOT_A_COUNT_TAIL = re.compile(r"^(?:部分|方面|板块|栏目|章|节|大类|类别|项内容|项工作)")
# a part of the applicants: a negation about them says nothing of the others
def _applicant_subsets() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    from disclosure_cli import vocab

    label = vocab.T3_COLUMNS.label
    legal = tuple(c for c in vocab.T3_COLUMNS.codes if c not in ("natural_person", "total"))
    return [
        (re.compile(f"{re.escape(vocab.LEGAL_PERSON_LABEL)}|法人和其他组织|法人、其他组织"), legal),
        (re.compile(f"{re.escape(label('business'))}|企业"), ("business",)),
        *[(re.compile(re.escape(label(c))), (c,)) for c in ("research", "public_interest", "legal_service")],
        (re.compile(f"{re.escape(label('natural_person'))}|公民个人|个人"), ("natural_person",)),
    ]


_APPLICANT_SUBSETS = _applicant_subsets()
_NEGATION = re.compile(r"(?:^|[^并])(?:未|没有|无)(?:发生|出现|收到|受理|涉及|被|产生)?")
_RESULT_WORDS = [  # longest first: 予以公开及部分公开 before 予以公开
    (re.compile(r"予以公开(?:及|和|与|、)部分公开"), "result.granted+partial"),
    (re.compile(r"(?:予以|同意|全部)公开"), "result.granted"),
    (re.compile(r"部分公开"), "result.partial"),
    (re.compile(r"不予公开"), "result.withheld"),
    (re.compile(r"无法提供"), "result.unavailable"),
    (re.compile(r"不予处理"), "result.not_processed"),
    (re.compile(r"(?:作)?其他处理"), "result.other"),
    (re.compile(r"办结|已答复|予以答复|作出答复|答复申请"), "result.total"),
]
_CARRIED_FORWARD = re.compile(r"结转(?:至|到)?下(?:一)?年(?:度)?")
_CARRIED_OVER = re.compile(r"上(?:一)?年(?:度)?结转|结转自上年")
_RECEIVED = re.compile(r"收到|受理|新收|接收|接到|收悉|新增|申请数量")
_HANDLED = re.compile(r"办理|处理")
_REVIEW, _SUIT = re.compile(r"行政复议|复议"), re.compile(r"行政诉讼|诉讼|起诉")
_CORRECTED = re.compile(r"纠错|纠正|败诉|撤销|确认违法|被改变")
_DOC_NOUN = re.compile(r"(?:行政)?规范性文件|规章")
_DOC_VERBS = [(re.compile(r"现行有效|有效"), "in_force"), (re.compile(r"废止|失效"), "repealed"),
              (re.compile(r"制发|印发|出台|发布|制定|新制"), "issued")]


def _segments(sentence: str) -> list[tuple[int, str]]:
    """(start, text) of each clause of a sentence, split at ，,；;：: (asides in brackets stay)."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif ch in "，,；;：:" and not depth:
            out.append((start, sentence[start:i]))
            start = i + 1
    out.append((start, sentence[start:]))
    return out


def _last(patterns, text: str):  # type: ignore[no-untyped-def]
    """The pattern matching nearest the end of `text` (the words right before a number)."""
    best = None
    for pat, kind in patterns:
        for m in pat.finditer(text):
            if best is None or m.end() > best[0].end() or (m.end() == best[0].end() and m.start() < best[0].start()):
                best = (m, kind)
    return best


def claims(text: str, *, in_part_four: bool = False) -> list[Claim]:
    """Every number the prose states about applications, results, reviews and suits, and
    规范性文件 — each read from its own clause; what a clause might mean more than one thing is
    read the ways it may (the rules accept any of them)."""
    out: list[Claim] = []
    for s in split_sentences(text):
        about_requests = "申请" in s and "公开" in s
        about_cases = bool(_REVIEW.search(s) or _SUIT.search(s)) and (
            in_part_four or "信息公开" in s or "依申请" in s or "公开工作" in s
        )
        about_docs = bool(_DOC_NOUN.search(s))
        if not (about_requests or about_cases or about_docs):
            continue
        flat = _without_parentheses(s)
        for start, seg in _segments(flat):
            out += _segment_claims(s, start, seg, about_requests, about_cases, about_docs)
    return out


def _segment_claims(s: str, start: int, seg: str, about_requests: bool, about_cases: bool, about_docs: bool) -> list[Claim]:
    out: list[Claim] = []
    quantities = [q for q in find_quantities(seg, bare=True) if not q.approx and q.unit in _COUNT_UNITS]
    negated = _NEGATION.search(seg)
    if not quantities:
        if negated and _applicant_subset(seg[negated.end():]) is not None:
            return _subset_negation(s, start, seg, negated, about_requests)
        if negated and about_cases and (_REVIEW.search(seg) or _SUIT.search(seg)):
            rest = seg[negated.end():]
            if _CORRECTED.search(rest):
                # 「未发生…被复议纠错」 speaks of corrected reviews, 「…诉讼败诉」 of lost suits
                review = bool(_REVIEW.search(rest)) and "诉讼" not in rest
                suit = bool(re.search(r"诉讼|败诉", rest)) and not re.search(r"复议", rest)
                scope = "review" if review else "suit" if suit else "both"
                return [Claim(f"corrected_none.{scope}", 0, s, start + negated.start())]
            kinds = [k for k, pat in (("review", _REVIEW), ("suit", _SUIT)) if pat.search(seg[negated.end():])]
            return [Claim(k, 0, s, start + negated.start()) for k in kinds]
        if negated and about_requests and "申请" in seg and not _OTHER_SUBJECTS.search(seg):
            rest = seg[negated.start():]
            if _RECEIVED.search(rest) or re.search(r"无(?:政府)?信息公开申请|无依申请", rest):
                return [Claim("received", 0, s, start + negated.start())]
        return out
    prev = 0
    for q in quantities:
        lead = seg[prev : q.start]
        head = seg[: q.start]
        prev = q.end
        if s[start + q.start - 1 : start + q.start] == "第" or "率" in lead or "分别" in lead:
            continue
        if _OTHER_SUBJECTS.search(head) or _NOT_A_COUNT_TAIL.match(seg[q.end :]):
            continue
        at = start + q.start
        doc = _DOC_NOUN.search(head) if about_docs else None
        if about_docs and (doc or (_last(_DOC_VERBS, lead) and _DOC_NOUN.search(s[:at]))):
            verb = _last(_DOC_VERBS, head)
            noun = (doc or _DOC_NOUN.search(s[:at]))
            if verb:
                row = "regulation" if noun and noun.group(0) == "规章" else "normative_document"
                out.append(Claim(f"docs.{verb[1]}.{row}", q.value, s, at))
                continue
        if about_cases and (_REVIEW.search(head) or _SUIT.search(head)):
            review, suit = _REVIEW.search(head), _SUIT.search(head)
            if review and suit:
                if re.search(r"共|合计|总计|累计", head):
                    out.append(Claim("both", q.value, s, at))
                elif re.search(r"各|均|都", lead[-3:] if lead else head[-3:]):
                    out += [Claim("review", q.value, s, at), Claim("suit", q.value, s, at)]
            elif review or suit:
                out.append(Claim("review" if review else "suit", q.value, s, at))
            continue
        if not about_requests:
            continue
        if _CARRIED_FORWARD.search(lead) or (_CARRIED_FORWARD.search(head) and not _last(_RESULT_WORDS, lead)):
            out.append(Claim("carried_forward", q.value, s, at))
            continue
        over = _CARRIED_OVER.search(lead)
        if over:
            # 「加上上年结转共受理10件」: the number is what was received, carry-over included
            summed = _RECEIVED.search(lead[over.end():])  # 「加上上年结转的3件」 is the carry-over itself
            out.append(Claim("received" if summed else "carried_over", q.value, s, at))
            continue
        group = _result_group(lead)
        if group is not None:
            parts, at_least = group
            out.append(Claim("result.sum", q.value, s, at, guess=at_least, parts=parts, at_least=at_least))
            continue
        result = _last(_RESULT_WORDS, lead)
        if result:
            out.append(Claim(result[1], q.value, s, at))
            continue
        tail = seg[q.end : q.end + 12]
        if _RECEIVED.search(head) and ("申请" in head or "申请" in s[: start] or tail.lstrip("件个份").startswith(("政府信息公开申请", "信息公开申请", "申请"))):
            out.append(Claim("received", q.value, s, at))
            continue
        if _HANDLED.search(lead) and ("申请" in head or "申请" in s[: start]):
            out.append(Claim("handled", q.value, s, at))
    return out


def _applicant_subset(text: str) -> tuple[str, ...] | None:
    """The applicant columns a clause names (「法人或其他组织」, 「科研机构」), None when it names none."""
    cols: list[str] = []
    rest = text
    for pat, codes in _APPLICANT_SUBSETS:
        if pat.search(rest):
            cols += [c for c in codes if c not in cols]
            rest = pat.sub("", rest)
    return tuple(cols) or None


def _subset_negation(s: str, start: int, seg: str, negated: re.Match[str], about_requests: bool) -> list[Claim]:
    """「未收到法人或其他组织的申请」 says no application came from those applicants — nothing of the
    others, nor of the whole: bound to their columns of 表三 (applications) or to nothing (表四 does
    not count cases by applicant)."""
    rest = seg[negated.end():]
    if not about_requests or _REVIEW.search(rest) or _SUIT.search(rest) or "申请" not in rest:
        return []
    if not (_RECEIVED.search(seg[negated.start():]) or re.search(r"无(?:政府)?信息公开申请|无依申请", rest)):
        return []
    cols = _applicant_subset(rest) or ()
    return [Claim("received", 0, s, start + negated.start(), columns=cols)]


def _result_group(lead: str) -> tuple[tuple[str, ...], bool] | None:
    """Results named together before one number: 「不予公开、无法提供共8件」 (their sum), 「不予公开、
    无法提供等情形共8件」 (at least their sum: 等 says there are more). None for one result alone."""
    spans: list[tuple[int, int, str]] = []
    for pat, kind in _RESULT_WORDS:
        for m in pat.finditer(lead):
            if not any(a < m.end() and m.start() < b for a, b, _ in spans):
                spans.append((m.start(), m.end(), kind.split(".", 1)[1]))
    spans.sort()
    groups = tuple(dict.fromkeys(k for *_, k in spans))
    if "total" in groups:
        return None
    after = lead[spans[-1][1]:] if spans else ""
    at_least = bool(re.match(r"\s*(?:等|及其他|和其他|以及其他)", after))
    if len(groups) > 1 or (groups and at_least):
        # joined by 、和及与 one after the other: one group of results
        between = [lead[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1)]
        if all(re.fullmatch(r"\s*(?:、|和|及|与|以及|，)?\s*", b) for b in between):
            return groups, at_least
    return None


def application_counts(text: str) -> list[Stated]:
    """Numbers of applications the prose says were received (for callers of old)."""
    return [Stated(c.sentence, c.value, at=c.at) for c in claims(text) if c.kind == "received"]


def case_counts(text: str, in_part_four: bool = False) -> list[Stated]:
    """Numbers of 行政复议 / 行政诉讼 cases the prose states (kind review, suit, or both)."""
    return [Stated(c.sentence, c.value, c.kind, c.at) for c in claims(text, in_part_four=in_part_four)
            if c.kind in ("review", "suit", "both")]


# ---- 信息处理费 (TXT-FEE)
FEE_WORD = "信息处理费"
_FEE_WORDS = re.compile(r"信息(?:公开)?处理费|处理费|(?:政府)?信息公开(?:申请)?(?:的)?收费|收费(?:事项|情况)|收取(?:任何)?费用|(?:产生|发生)[^，。；]{0,12}费用")
_FEE_NONE = re.compile(
    r"(?:未|没有|无|免|不)[^，。；,;]{0,10}?(?:收取|收费|产生|发生|缴纳|收)"
    r"|(?:处理费|费用)[^，。；,;]{0,8}?(?:为|：|:)?\s*(?:0|零|无)(?![\d.])"
)


@dataclass(frozen=True)
class FeeStatement:
    """What part 六 says about 信息处理费."""

    mentioned: bool  # the fee is spoken of at all
    stated: bool  # it says whether (and how much) was charged
    amount_yuan: Decimal | None = None  # the amount stated, 0 for "未收取"
    sentence: str = ""


def fee_statement(text: str) -> FeeStatement:
    """Does the text say whether 信息处理费 was charged? It is written many ways: 未收取信息处理费,
    未收取信息公开处理费, 未发生政府信息公开收费事项, 未发生收费情况, 未产生…费用, 收取…0元;
    "严格执行《信息处理费管理办法》" alone says nothing."""
    sentences = [s for s in split_sentences(text) if _FEE_WORDS.search(s)]
    if not sentences:
        return FeeStatement(False, False)
    for s in sentences:
        k = _FEE_WORDS.search(s).start()  # type: ignore[union-attr]
        money = [q for q in find_quantities(s) if q.yuan is not None and not q.approx]
        after = [q for q in money if q.start >= k] or money
        if after:
            return FeeStatement(True, True, after[0].yuan, s)
        if _FEE_NONE.search(s):
            return FeeStatement(True, True, Decimal(0), s)
        if any(q.unit == "件" for q in find_quantities(s)):
            return FeeStatement(True, True, None, s)
    return FeeStatement(True, False, None, sentences[0])


# ---- proactively published items (TXT-ITEMS)
_ITEM_TOTAL_UNITS = {"条", "篇", "件"}
_ITEM_PART_UNITS = {"条", "篇", "件", "次", "期", "个"}


@dataclass(frozen=True)
class ItemsBreakdown:
    """"主动公开信息 N 条，其中 a 条 … b 条 … c 次": the total and the parts the prose gives."""

    sentence: str
    total: int | Decimal
    parts: tuple[int | Decimal, ...]
    at: int = 0
    guess: bool = False  # a list that may not be complete (…等)
    why: str = ""  # why it may not be complete

    @property
    def quote(self) -> str:
        return quote(self.sentence, self.at)


def _without_parentheses(text: str) -> str:
    """Blank out （…） asides, keeping positions: "3条（含年报1篇）" does not add the 1."""
    out, depth = [], 0
    for ch in text:
        if ch in "（(":
            depth += 1
        if depth:
            out.append(" ")
        else:
            out.append(ch)
        if ch in "）)" and depth:
            depth -= 1
    return "".join(out)


_ITEM_TOTAL = re.compile(r"主动(?:公开|发布)|公开(?:政府)?信息|发布(?:各类)?(?:政府)?信息")
_LIST_OPENER = re.compile(r"其中|包括|含")
# a clause after 「；」 that turns to these (applications, cases, table 二's decisions and documents, fees) is
# no part of the items list: 「…公示栏8条；作出行政许可决定5件」
_NOT_ITEMS = re.compile(r"申请|复议|诉讼|热线|12345|纠纷|会议|例会|培训|办结|受理|答复|访问|浏览|粉丝|关注"
                        r"|决定|制发|制定|废止|现行有效|收费|收取")


def items_breakdowns(text: str) -> list[ItemsBreakdown]:
    """A total of published items followed by 其中 or 包括 and at least two parts: 「主动公开信息
    316条，其中政府网站60条、公众号240条」. The total is bound to 主动公开 in its own clause; the
    parts end where a clause turns to something else (「…；行政诉讼46件」 is not a part); a list
    that trails off with 等 is not complete and is marked a guess."""
    out: list[ItemsBreakdown] = []
    for s in split_sentences(text):
        flat = _without_parentheses(s)
        for opener in _LIST_OPENER.finditer(flat):
            k = opener.start()
            quantities = [q for q in find_quantities(flat) if not q.approx]
            before = [q for q in quantities if q.end <= k]
            if not before or before[-1].unit not in _ITEM_TOTAL_UNITS or k - before[-1].end > 3:
                continue
            total = before[-1]
            seg_start = max(flat.rfind(c, 0, total.start) for c in "，,；;。") + 1
            if not _ITEM_TOTAL.search(flat[seg_start : total.start]):
                continue
            end = len(flat)
            pos = opener.end()
            for m in re.finditer(r"[；;]", flat[pos:]):
                clause_end = pos + m.start()
                nxt = flat[clause_end + 1 :]
                first_number = re.search(r"\d", nxt)
                lead = nxt[: first_number.start()] if first_number else nxt
                if _NOT_ITEMS.search(lead) or _LIST_OPENER.search(lead) or _ITEM_TOTAL.search(lead):
                    end = clause_end
                    break
            again = _LIST_OPENER.search(flat, opener.end())
            if again and again.start() < end and again.group(0) == "其中":
                end = again.start()
            parts = [q for q in quantities if opener.end() <= q.start < end and q.unit in _ITEM_PART_UNITS]
            if len(parts) < 2:
                continue
            tail = flat[parts[-1].end : end]
            examples = opener.group(0) in ("含", "包括") or flat[opener.end() : opener.end() + 2] == "包括"
            # a list may name some channels only: parts that add up to less than the total are not a
            # contradiction the sentence states (a guess); parts that add up to more always are
            short = sum(q.value for q in parts) < total.value
            ends_etc = "等" in tail[:4]
            why = ("" if not short else "所列分项以「等」结尾，可能不全" if ends_etc else "所列是举例" if examples
                   else "所列分项之和小于总数，可能只列了部分渠道")
            out.append(ItemsBreakdown(s, total.value, tuple(q.value for q in parts), total.start, bool(why), why))
            break
    return out


_PUBLISHED_TOTAL = ("主动公开", "主动发布")


def items_totals(text: str) -> list[Stated]:
    """"主动公开政府信息 N 条": totals of proactively published items the prose states."""
    out: list[Stated] = []
    for s in split_sentences(text):
        for kn in keyword_numbers(s, _PUBLISHED_TOTAL, window=20):
            q = kn.quantity
            if q.approx or q.unit not in _ITEM_TOTAL_UNITS or "其中" in kn.between:
                continue
            out.append(Stated(s, q.value, at=q.start))
            break
    return out
