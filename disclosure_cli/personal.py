"""One masker for applicants' personal data, wherever a clerk typed it (issue 19).

Names, phones, ID numbers and addresses live in their own table and are shown only when asked for
(`--include-personal`, and letters to the applicant). But a clerk types them into free text too — a
subject 「张三要求公开…」, a note 「电话 139-0952-1234」 — and every output that does not ask for personal
data must mask them there, spelt however they were typed: digits full-width or half, dashes and
spaces inside a phone, an ID number's x in either case.

Two sources of values: those still held (matched through one regular expression shaped as a trie),
and those erased by `disc request purge-personal`, which the ledger keeps only as salted hashes so
that a purged name stays masked where it was typed before or is typed again, without the ledger
holding the name. Pure: no database; the ledger layer gathers the values (ledger/personal.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

MASK = "＊＊＊"
MIN_MASKED = 2  # a one-character "name" would mask half the ledger; real names, phones, addresses are longer
# dropped before matching, in values and in text alike: 139-0952-1234 = 139 0952 1234 = 13909521234
_SEPARATORS = frozenset(" \t\u00a0\u3000-‐‑‒–—―－_·•・.．()（）")


def _hasher() -> Any:
    try:  # the C module behind hashlib.blake2b, without loading OpenSSL (a clerk's `disc add` start-up)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Python builds
        from hashlib import blake2b
    return blake2b


def fold(text: str) -> tuple[str, list[int]]:
    """The text as matched (NFKC: full-width → half-width; lower case; separators dropped) and, for
    each character of it, the index of the character of ``text`` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch in _SEPARATORS:
            continue
        if ch.isascii():
            n = ch.lower()
        else:
            n = unicodedata.normalize("NFKC", ch).lower()
            if n in _SEPARATORS or not n:
                continue
        for c in n:
            out.append(c)
            where.append(i)
    return "".join(out), where


def _fast_table() -> dict[int, Any]:
    table: dict[int, Any] = {ord(c): None for c in _SEPARATORS}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII forms → ASCII
        table[code] = chr(code - 0xFEE0)
    for c in _SEPARATORS:
        table[ord(c)] = None
    return table


_FAST = _fast_table()


def quick_fold(text: str) -> str:
    """fold() without the index map, at C speed: enough to know whether a text holds anything."""
    return text.translate(_FAST).lower()


def fold_value(value: str) -> str:
    return fold(value)[0]


def digest(folded: str, salt: bytes) -> bytes:
    """The salted hash a purged value is remembered by."""
    return _hasher()(folded.encode("utf-8"), key=salt[:64], digest_size=16).digest()


class Masker:
    """Masks personal values in a text. ``mask`` returns the text with every occurrence replaced by
    ＊＊＊; ``hit`` only says whether there is one."""

    def __init__(self, values: Iterable[str] = (), hashed: Iterable[tuple[int, bytes]] = (), salt: bytes = b""):
        words = sorted({f for f in (fold_value(v) for v in values if v) if len(f) >= MIN_MASKED})
        self.rx = _trie_regex(words) if words else None
        self.hashed: dict[int, set[bytes]] = {}
        for length, d in hashed:
            if length >= MIN_MASKED:
                self.hashed.setdefault(length, set()).add(bytes(d))
        self.salt = salt
        self._lengths = sorted(self.hashed, reverse=True)

    def __bool__(self) -> bool:
        return self.rx is not None or bool(self.hashed)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) in ``text`` of every personal value found, merged where they overlap."""
        if not self or not text:
            return []
        if not self._any(quick_fold(text)):
            return []
        folded, where = fold(text)
        found: list[tuple[int, int]] = []
        if self.rx is not None:
            found += [(m.start(), m.end()) for m in self.rx.finditer(folded) if m.end() > m.start()]
        if self.hashed:
            blake = _hasher()
            key = self.salt[:64]
            n = len(folded)
            for length in self._lengths:
                wanted = self.hashed[length]
                for i in range(n - length + 1):
                    piece = folded[i : i + length]
                    if blake(piece.encode("utf-8"), key=key, digest_size=16).digest() in wanted:
                        found.append((i, i + length))
        if not found:
            return []
        found.sort()
        merged = [found[0]]
        for a, b in found[1:]:
            if a < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return [(where[a], where[b - 1] + 1) for a, b in merged]

    def _any(self, folded: str) -> bool:
        if self.rx is not None and self.rx.search(folded):
            return True
        if self.hashed:
            blake = _hasher()
            key = self.salt[:64]
            n = len(folded)
            for length in self._lengths:
                wanted = self.hashed[length]
                for i in range(n - length + 1):
                    if blake(folded[i : i + length].encode("utf-8"), key=key, digest_size=16).digest() in wanted:
                        return True
        return False

    def mask(self, text: Any) -> Any:
        """``text`` with each personal value replaced by ＊＊＊ (anything not a string is returned as is)."""
        if not isinstance(text, str) or not self:
            return text
        spans = self.spans(text)
        if not spans:
            return text
        out, last = [], 0
        for a, b in spans:
            out.append(text[last:a])
            out.append(MASK)
            last = b
        out.append(text[last:])
        return "".join(out)

    __call__ = mask

    def hit(self, text: str | None) -> bool:
        return isinstance(text, str) and bool(self.spans(text))

    def record(self, rec: dict[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
        """A record with every text field masked, except the fields in ``keep`` (codes, numbers)."""
        if not self:
            return rec
        skip = set(keep)
        return {k: (v if k in skip else self.mask(v)) for k, v in rec.items()}


NO_MASK = Masker()


def _trie_regex(words: list[str]) -> re.Pattern[str]:
    """Tens of thousands of values over millions of cells: one regular expression shaped as a trie
    (王(?:伟|芳…)|139(?:…)), so the scan runs in the regex engine, which at each position follows one
    branch per character instead of trying every value; the longest match wins."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        kids = [re.escape(ch) + pattern(sub) for ch, sub in sorted(node.items()) if ch]
        if not kids:
            return ""
        body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(pattern(trie))
