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


# ---- applications (TXT-REQUESTS)
APPLICATION_TRIGGERS = ("收到", "受理", "新收", "接收", "接到", "收悉", "新增", "办理")
_APPLICATION_UNITS = {"件", "个", "份", "宗", "条", "起", ""}
# A count of something else: petitions, hotline tickets, fees, review/litigation cases.
_NOT_APPLICATIONS = ("信访", "12345", "热线", "转办", "信息处理费", "复议", "诉讼", "举报", "投诉", "留言", "咨询", "来信", "来电")
# Between the verb and the number: a result or a part of the applications, not how many came in.
_NOT_RECEIVED = ("结转", "办结", "答复", "予以公开", "部分公开", "不予", "无法提供", "其中", "申请中", "；", ";")
_NO_APPLICATIONS = re.compile(
    r"(?:未|没有|无)(?:收到|受理|新收|接收|接到)(?P<what>[^，。；,;]{0,25}?)申请"
    r"|(?:全年|本年度?|年内)?无(?:政府)?信息公开申请|无依申请公开"
)


def application_counts(text: str) -> list[Stated]:
    """Numbers of 政府信息公开 applications the prose says were received (收到/受理/新收 … 申请 N 件).

    "未收到政府信息公开申请" states 0. Hotline tickets, petitions, 信息处理费 and review/litigation
    cases are not applications; results (予以公开 N 件) and carry-overs (上年结转 N 件) are not counts
    of applications received.
    """
    out: list[Stated] = []
    for s in split_sentences(text):
        if "申请" not in s or "公开" not in s:
            continue
        taken: set[int] = set()
        for m in _NO_APPLICATIONS.finditer(s):
            what = m.group("what") or ""
            if any(w in what for w in _NOT_APPLICATIONS) or find_quantities(what):
                continue
            out.append(Stated(s, 0, at=m.start()))
            break
        for kn in keyword_numbers(s, APPLICATION_TRIGGERS, bare=True):
            q = kn.quantity
            if q.start in taken or q.approx or q.unit not in _APPLICATION_UNITS:
                continue
            if s[max(0, kn.start - 2) : kn.start].endswith(("未", "没有", "无")):
                continue
            tail = re.split(r"[，。；,;（(]", s[q.end : q.end + 15])[0]
            if "申请" not in kn.between and "申请" not in tail and "申请" not in s[: kn.start]:
                continue
            if any(w in kn.between for w in _NOT_RECEIVED):
                continue
            span = s[kn.start : q.end] + tail
            if any(w in span for w in _NOT_APPLICATIONS):
                continue
            taken.add(q.start)
            out.append(Stated(s, q.value, at=q.start))
    return out


# ---- review and litigation cases (TXT-CASES)
REVIEW, SUIT = "行政复议", "行政诉讼"
_CASE_UNITS = {"件", "起", "宗", "个", "次", "例", ""}
_NO_CASES = re.compile(r"(?:未|没有|无)(?:发生|出现|收到|涉及|被|产生)?(?P<what>[^。；;]{0,25}?)(?:行政复议|行政诉讼)")


def case_counts(text: str, in_part_four: bool = False) -> list[Stated]:
    """Numbers of 行政复议 / 行政诉讼 cases the prose states (kind review, suit, or both for a sum).

    Only sentences about 政府信息公开 count (a 司法局 also reports the reviews it decides), unless the
    text is part 四 itself. "未发生…行政复议、行政诉讼" states 0 for each kind named.
    """
    out: list[Stated] = []
    for s in split_sentences(text):
        if REVIEW not in s and SUIT not in s:
            continue
        if not in_part_four and "信息公开" not in s and "依申请" not in s:
            continue
        negated: set[str] = set()
        for m in _NO_CASES.finditer(s):
            what = m.group("what")
            if find_quantities(what) or "，" in what or "," in what:
                continue
            clause = re.split(r"[，。；,;]", s[m.start() :])[0]
            if find_quantities(clause):
                continue
            for kind, word in (("review", REVIEW), ("suit", SUIT)):
                if word in clause and kind not in negated:
                    negated.add(kind)
                    out.append(Stated(s, 0, kind, m.start()))
        prev_end = 0
        for q in find_quantities(s, bare=True):
            span = s[max(prev_end, q.start - 30) : q.start]
            prev_end = q.end
            if q.approx or q.unit not in _CASE_UNITS:
                continue
            if "率" in span or "分别" in span:
                continue
            has_review, has_suit = REVIEW in span, SUIT in span
            if has_review and has_suit:
                if any(w in span for w in ("共", "合计", "总计")):
                    kind = "both"
                elif any(w in span for w in ("各", "均", "都")):
                    out.append(Stated(s, q.value, "review", q.start))
                    kind = "suit"
                else:
                    continue
            elif has_review:
                kind = "review"
            elif has_suit:
                kind = "suit"
            else:
                continue
            out.append(Stated(s, q.value, kind, q.start))
    return out


# ---- 信息处理费 (TXT-FEE)
FEE_WORD = "信息处理费"
_FEE_NONE = re.compile(
    r"(?:未|没有|无|免|不)[^，。；,;]{0,6}?(?:收取|收费|产生|缴纳|收)"
    r"|信息处理费[^，。；,;]{0,8}?(?:为|：|:)?\s*(?:0|零|无)(?![\d.])"
)


@dataclass(frozen=True)
class FeeStatement:
    """What part 六 says about 信息处理费."""

    mentioned: bool  # the word appears at all
    stated: bool  # it says whether (and how much) was charged
    amount_yuan: Decimal | None = None  # the amount stated, 0 for "未收取"
    sentence: str = ""


def fee_statement(text: str) -> FeeStatement:
    """Does the text say whether 信息处理费 was charged? "未收取信息处理费" and "收取…0元" both do;
    "严格执行《信息处理费管理办法》" alone does not."""
    sentences = [s for s in split_sentences(text) if FEE_WORD in s]
    if not sentences:
        return FeeStatement(False, False)
    for s in sentences:
        k = s.index(FEE_WORD)
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


def items_breakdowns(text: str) -> list[ItemsBreakdown]:
    """Sentences that give a total of published items followed by 其中 and at least two parts."""
    out: list[ItemsBreakdown] = []
    for s in split_sentences(text):
        k = s.find("其中")
        if k < 0 or "公开" not in s[:k]:
            continue
        flat = _without_parentheses(s)
        quantities = [q for q in find_quantities(flat) if not q.approx]
        before = [q for q in quantities if q.end <= k]
        if not before or before[-1].unit not in _ITEM_TOTAL_UNITS or k - before[-1].end > 3:
            continue
        second = s.find("其中", k + 2)
        end = second if second > 0 else len(s)
        parts = [q for q in quantities if k < q.start < end and q.unit in _ITEM_PART_UNITS]
        if len(parts) < 2:
            continue
        out.append(ItemsBreakdown(s, before[-1].value, tuple(q.value for q in parts), before[-1].start))
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
