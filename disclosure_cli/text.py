"""One text fold and one number parser for everything that reads what people wrote (issue 10):
the document readers, the rules and the prose checks use these, so a label or a number reads the
same wherever it is met. Lowest layer: imports nothing of disc.

* fold(): the key two labels are compared by — NFKC (full/half width, brackets), traditional
  characters as simplified (規章 → 规章, by OpenCC), no whitespace or line breaks, no quotes or
  markup, 1、/1．/1. before a sub-item alike, lower case.
* simplified(): traditional characters as simplified, everything else as it was (a whole document
  is converted before any label is matched, so 主動公開 finds its part).
* parse_number(): a number as prose prints it — 1,234 / ７ / 26.55 / 1.2万 / 十七 / 两千三百.
* parse_cell(): a number as a table cell prints it — digits only (full-width and thousands
  separators allowed); a count must be whole, an amount keeps every decimal it was printed with.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from disclosure_cli.lazy import lazy

if TYPE_CHECKING:  # decimal is imported where a number is parsed: `disc add` never needs it
    from decimal import Decimal

# --------------------------------------------------------------------------- traditional → simplified
_converter = None


def _t2s():
    global _converter
    if _converter is None:
        try:
            import opencc

            _converter = opencc.OpenCC("t2s").convert
        except Exception:  # a broken install: leave the text as it is rather than fail
            _converter = lambda s: s  # noqa: E731
    return _converter


_CJK = lazy(r"[\u3400-\u9fff\uf900-\ufaff]")


def simplified(text: str) -> str:
    """Traditional Chinese characters as simplified; text without CJK is returned untouched."""
    if not text or not _CJK.search(text):
        return text
    return _t2s()(text)


# --------------------------------------------------------------------------- look-alike characters
# What PDF printers and web pages put in place of ordinary characters: full-width digits
# (２０２３年), Kangxi radicals and CJK radical supplements (Chromium's PDFs: ⼈⺠政府 for 人民政府).
# Folded before a document is read; the rest of the text (full-width punctuation) stays as it is.
_LOOKALIKE_RADICALS = "⺟母⺠民⻅见⻆角⻓长⻔门⻘青⻙韦⻚页⻛风⻜飞⻝食⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻬齐⻮齿⻰龙⻳龟"
_LOOKALIKES: dict[int, str] | None = None


def _lookalike_table() -> dict[int, str]:
    global _LOOKALIKES
    if _LOOKALIKES is None:
        table = {0xFF10 + d: str(d) for d in range(10)}
        for cp in range(0x2F00, 0x2FD6):  # Kangxi radicals: NFKC gives the ideograph
            table[cp] = unicodedata.normalize("NFKC", chr(cp))
        pairs = _LOOKALIKE_RADICALS
        table.update({ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)})
        _LOOKALIKES = table
    return _LOOKALIKES


def plain_chars(text: str) -> str:
    """Full-width digits and radical look-alikes as the ordinary characters a reader matches."""
    return text.translate(_lookalike_table())


# --------------------------------------------------------------------------- the folds
def normalize(text: str) -> str:
    """The light fold for what clerks type (channel, category, outcome names): half/full width,
    spaces, case. Cheap on purpose: `disc add` pays for it (no OpenCC here)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(text.split()).lower()



_QUOTES = lazy(r"[\"'“”‘’「」『』〝〞*#`]")
_ITEM_NUMBER = lazy(r"^(\d+)[、,.．]")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The comparison key of a label (see the module docstring)."""
    t = unicodedata.normalize("NFKC", simplified(text))
    t = "".join(t.split()).lower()
    t = _QUOTES.sub("", t)
    return _ITEM_NUMBER.sub(r"\1.", t)


_SPACE_NOT_BETWEEN_WORDS = lazy(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


def join_lines(text: str) -> str:
    """Drop the whitespace PDF line breaks and web copies put inside Chinese text ("17 件" → "17件"),
    keeping a space only between two Latin letters or digits."""
    return _SPACE_NOT_BETWEEN_WORDS.sub("", text)


# --------------------------------------------------------------------------- numbers
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join([*_CN_DIGIT, *_CN_UNIT, *_CN_BIG])
FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_GROUPED = lazy(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = lazy(r"\d+(?:\.\d+)?")


def parse_chinese_numeral(text: str) -> int | None:
    """十七 → 17, 一百零五 → 105, 两千三百 → 2300, 三万五千 → 35000, 二〇二三 → 2023; else None."""
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in _CN_DIGIT for ch in text):  # digit by digit: 二〇二三, 零
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))
    total = section = digit = 0
    seen_digit = False
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
            seen_digit = True
        elif ch in _CN_UNIT:
            if not seen_digit and ch == "十":  # 十七: the leading 一 is implied
                digit = 1
            elif not seen_digit:
                return None
            section += digit * _CN_UNIT[ch]
            digit, seen_digit = 0, False
        else:  # 万 / 亿
            section += digit
            if section == 0:
                return None
            total += section * _CN_BIG[ch]
            section = digit = 0
            seen_digit = False
    return total + section + digit


def _digits(text: str) -> str:
    t = "".join(unicodedata.normalize("NFKC", text).split()).translate(FULLWIDTH)
    return t.replace(",", "") if _GROUPED.fullmatch(t) else t


def parse_number(text: str) -> int | Decimal | None:
    """A number as prose prints it (module docstring); int when whole, else Decimal (never float)."""
    t = _digits(text)
    if not t:
        return None
    if t[0] in CN_NUMERAL_CHARS:
        return parse_chinese_numeral(t)
    factor = 1
    if t.endswith("万"):
        factor, t = 10_000, t[:-1]
        t = t.replace(",", "") if _GROUPED.fullmatch(t) else t
    if not _PLAIN.fullmatch(t):
        return None
    from decimal import Decimal

    value = Decimal(t) * factor
    return int(value) if value == value.to_integral_value() else value


def cell_text(text: str) -> str:
    """The digits of a cell as printed: full-width folded, spaces and thousands separators out."""
    return _digits(text)


def is_cell_number(text: str | None) -> bool:
    return text is not None and bool(_PLAIN.fullmatch(_digits(text)))


def parse_cell(text: str, money: bool) -> int | Decimal | None:
    """A table cell's number (module docstring); None when the cell does not hold one. An amount in
    万元 keeps every decimal printed (0.123456 万元 is exact to the 分); a count must be whole."""
    t = _digits(text)
    if not _PLAIN.fullmatch(t):
        return None
    if money:
        from decimal import Decimal, InvalidOperation

        try:
            return Decimal(t)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            return None
    if "." in t:
        return None  # a count with decimals is not a count: kept as printed (CELL-VALUE)
    return int(t)


# --------------------------------------------------------------------------- folding to a terminal's width
_NO_LINE_START = set("，。、；：？！）」』》〕】”’,.;:?!)]}…")


def display_width(text: str) -> int:
    """Display columns of a text: East Asian wide and full-width characters take two."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return n


def _chunks(text: str) -> list[str]:
    """Units a line may break between: a Latin word with its trailing space, or one Chinese
    character (closing punctuation stays with the character before it: a line never starts with ，)."""
    out: list[str] = []
    for m in _CHUNK.finditer(text):
        piece = m.group(0)
        if out and (piece[0] in _NO_LINE_START or (piece in _UNIT_AFTER_NUMBER and out[-1][-1:].isdigit())):
            out[-1] += piece  # 「，」 never opens a line, nor 「月」 after its 「1」
        else:
            out.append(piece)
    return out


_UNIT_AFTER_NUMBER = set("年月日时分秒号条件个次天元万")
_CHUNK = lazy(r"[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+\s*|\s+|.")


def wrap_line(text: str, limit: int, first: str = "", rest: str = "") -> list[str]:
    """One paragraph folded to `limit` display columns, `first` before its first line and `rest`
    before the others."""
    lines: list[str] = []
    line = first
    room = max(10, limit - display_width(rest))
    pieces: list[str] = []
    for chunk in _chunks(text):  # a word longer than a line (a web address) is cut where the line ends
        if display_width(chunk) > room and chunk.isascii():
            pieces += [chunk[i:i + room] for i in range(0, len(chunk), room)]
        else:
            pieces.append(chunk)
    for chunk in pieces:
        if line.strip() and display_width(line + chunk.rstrip()) > limit:
            lines.append(line.rstrip())
            line = rest + chunk.lstrip()
        else:
            line += chunk
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines
