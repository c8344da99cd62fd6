"""Matching printed labels against the official ones: the text keys, and one pool of labels per
kind of table cell (difflib on folded text, so a misspelt label still lands on the row it meant;
what was printed is kept for FMT-LABEL)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from disclosure_cli import vocab
from disclosure_cli.report.readers.edition import OUTDATED_COLUMNS, OUTDATED_ROWS
from disclosure_cli.text import fold

SUBTOTAL_WORDS = ("小计", "合计")
ROW_MIN = 0.6  # a label in a table cell
LOOSE_MIN = 0.75  # a label cut out of a line of text
COL_MIN = 0.6


def key(text: str) -> str:
    """Matching key of a label: the one text fold (disclosure_cli.text.fold)."""
    return fold(text)


def printed(text: str) -> str:
    """A label as printed, with the line breaks of a narrow cell taken out."""
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    return "".join(parts) if parts else text.strip()


_PREFIX = re.compile(r"^(\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+[、.]|\d+\.)")
_PAREN_TAIL = re.compile(r"\([^()]*\)$")
_YEAR = re.compile(r"\(?(?:19|20)\d{2}年度?\)?")


def variants(k: str, years: bool = False) -> tuple[str, ...]:
    """The key with and without its numbering and its trailing note in brackets."""
    out = {k}
    if years:
        out.add(_YEAR.sub("", k))
    for v in list(out):
        bare = _PREFIX.sub("", v)
        out.add(bare)
        out.add(_PAREN_TAIL.sub("", v))
        out.add(_PAREN_TAIL.sub("", bare))
    return tuple(v for v in out if len(v) >= 2 or v == k)


def ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Entry:
    code: str | None
    kind: str  # row | column | group | results | parent | corner | content | outdated | subtotal | heading
    label: str
    group: str | None = None  # t3 sub-item: its group code
    exact_only: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    score: float
    entry: Entry


class Pool:
    """Labels one kind of table cell may carry; best match by similarity, exact on aliases."""

    def __init__(self, entries: list[Entry], years: bool = False):
        self.entries = entries
        self.years = years
        self._cands = [(e, variants(key(e.label), years)) for e in entries]
        self._exact: dict[str, Entry] = {}
        for e in entries:
            for a in (e.label, *e.exact_only):
                self._exact.setdefault(key(a), e)

    def match(self, text: str, where: tuple[str, ...] | None = None) -> Match | None:
        return self._match(text, where)

    @lru_cache(maxsize=4096)  # noqa: B019 - pools are module-level singletons
    def _match(self, text: str, where: tuple[str, ...] | None) -> Match | None:
        k = key(text)
        if not k or len(k) > 80:
            return None
        e = self._exact.get(k)
        if e is not None and (where is None or e.group in where):
            return Match(1.0, e)
        head = self._head_of_one_label(k, where)
        return head if head is not None else self._most_similar(k, where)

    def _head_of_one_label(self, k: str, where: tuple[str, ...] | None) -> Match | None:
        """The start of one long label, the rest of it cut off by a page or a cell's line break."""
        if len(k) < 8:
            return None
        starts = {
            entry.code: entry
            for entry, cands in self._cands
            if (where is None or entry.group in where) and any(c.startswith(k) and len(k) >= 0.4 * len(c) for c in cands)
        }
        return Match(0.9, next(iter(starts.values()))) if len(starts) == 1 else None

    def _most_similar(self, k: str, where: tuple[str, ...] | None) -> Match | None:
        mine = variants(k, self.years)
        best: Match | None = None
        for entry, cands in self._cands:
            if where is not None and entry.group not in where:
                continue
            s = max(ratio(a, b) for a in mine for b in cands)
            if best is None or s > best.score:
                best = Match(s, entry)
        return best


def t3_group_of(code: str) -> str:
    return code.split(".")[0]


def _t3_row_entries() -> list[Entry]:
    out: list[Entry] = []
    groups_done: set[str] = set()
    for r in vocab.T3_ROWS:
        if not r.level3:
            out.append(Entry(r.code, "row", r.level2 or r.level1, group=None))
            continue
        g = t3_group_of(r.code)
        if g not in groups_done:
            groups_done.add(g)
            out.append(Entry(g, "group", r.level2, group=g))
        out.append(Entry(r.code, "row", r.level3, group=g))
    out.append(Entry("results", "results", vocab.RESULTS))
    return out + [Entry(None, "subtotal", w) for w in SUBTOTAL_WORDS]


@lru_cache(maxsize=1)
def pools() -> dict[str, Pool]:
    t2_rows = [Entry(t.code, "row", t.label, exact_only=t.aliases) for t in vocab.T2_ROWS]
    t2_rows += [Entry(None, "outdated", lab) for lab in OUTDATED_ROWS]
    t2_rows += [Entry(None, "subtotal", w) for w in SUBTOTAL_WORDS]
    t2_cols = [Entry(t.code, "column", t.label) for t in vocab.T2_COLUMNS]
    t2_cols += [Entry(None, "outdated", lab) for lab in OUTDATED_COLUMNS]
    t2_cols.append(Entry(None, "content", vocab.T2_CONTENT_HEADER))

    t3_cols = [Entry(t.code, "column", t.label) for t in vocab.T3_COLUMNS]
    t3_cols += [
        Entry("applicants", "group", vocab.APPLICANT_HEADER),
        Entry("legal_person", "group", vocab.LEGAL_PERSON_LABEL),
        Entry(None, "corner", vocab.T3_CORNER),
    ]
    t3_cols += [Entry(None, "subtotal", w) for w in SUBTOTAL_WORDS]

    t4_cols = [Entry(t.code, "column", t.label) for t in vocab.T4_COLUMNS]
    t4_cols += [Entry(t.code, "group", t.label) for t in vocab.T4_ROWS]
    t4_cols.append(Entry(None, "parent", vocab.T4_SUIT_LABEL))
    t4_rows = [Entry(t.code, "row", t.label) for t in vocab.T4_ROWS]

    parts = [Entry(n, "heading", h) for n, h in vocab.PARTS]
    return {
        "t2.row": Pool(t2_rows),
        "t2.col": Pool(t2_cols, years=True),
        "t3.row": Pool(_t3_row_entries()),
        "t3.col": Pool(t3_cols, years=True),
        "t4.col": Pool(t4_cols, years=True),
        "t4.row": Pool(t4_rows),
        "part": Pool(parts),
    }


@lru_cache(maxsize=1)
def _official_keys() -> frozenset[str]:
    kinds = ("row", "column", "group", "results", "parent", "content", "heading")
    return frozenset(key(e.label) for pool in pools().values() for e in pool.entries if e.kind in kinds)


def is_official_label(text: str) -> bool:
    """The text is one of the format's labels exactly (folded): a row, a column, a group, a heading."""
    return key(text) in _official_keys()


def t4_group_named(text: str) -> str | None:
    """The 表四 group a caption or header cell names, wording aside: 「（二）行政诉讼情况（未经复议
    直接起诉）」 is suit_direct, 「复议后起诉」 suit_after_review, 「行政复议情况」 review;
    「行政诉讼」 alone names the parent of two groups, not one."""
    k = key(text)
    if len(k) > 40:
        return None
    if "复议后起诉" in k or "复议后诉讼" in k or "经复议后" in k:
        return "suit_after_review"
    if "直接起诉" in k or "未经复议" in k:
        return "suit_direct"
    if "行政复议" in k and "诉讼" not in k and "起诉" not in k:
        return "review"
    return None
