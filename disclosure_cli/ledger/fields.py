"""Parsing what clerks type: dates in the forms they write them, counts, money in 元 without floats."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decimal import Decimal

from disclosure_cli.errors import BadInput, NotFound
from disclosure_cli.lazy import lazy

# Bounds of what a ledger may hold (issue 9): nothing before the first 条例 took effect, nothing
# after today unless the clerk says a future date is meant (--allow-future), no count a typo made,
# nothing SQLite cannot hold.
FIRST_DAY = "2008-05-01"  # 《政府信息公开条例》（国务院令第492号）施行之日
MAX_COUNT = 100_000  # one ledger row: a notice posted 100,000 times is a typo
MAX_YUAN = 10_000_000_000  # 100 亿元 in one receipt
MAX_ID = 2**63 - 1  # SQLite's integer range
MAX_TEXT = 20_000  # characters in one text field
_FUTURE_HINT = "（如确为将来的日期，请加 --allow-future）"

# a date, or a date and a time as Excel writes a date-time cell to CSV (2023/5/6 10:30): the day counts
_DATE_FORMS = lazy(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?\s*$")
_COMPACT = lazy(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_date(
    value: str | date | None,
    field: str,
    *,
    required: bool = True,
    bounded: bool = True,
    allow_future: bool = False,
) -> str | None:
    """ISO text for 2023-05-06, 2023/5/6, 2023.5.6, 2023年5月6日 or 20230506; BadInput naming the field.

    bounded: a date of a record, so not before 2008-05-01 and (unless allow_future) not after today;
    a query bound (--from/--to) passes bounded=False.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise BadInput(f"{field}不能为空")
        return None
    if isinstance(value, date):
        iso = value.isoformat()
    else:
        iso = _iso(str(value), field)
    if bounded:
        check_date(iso, field, allow_future=allow_future)
    return iso


def _iso(text: str, field: str) -> str:
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # the common case, fast
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    m = _DATE_FORMS.match(text) or _COMPACT.match(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except (ValueError, OverflowError):
            pass
    shown = text if len(text) <= 40 else text[:40] + "…"
    hint = ""
    serial = re.fullmatch(r"\s*(\d{5})(?:\.\d+)?\s*", text)  # a day number, or a day and time (45052.4375)
    if serial and 36526 <= int(serial.group(1)) <= 54789:  # Excel's day numbers for 2000–2049
        from datetime import timedelta

        as_excel = date(1899, 12, 30) + timedelta(days=int(serial.group(1)))
        hint = f"；它像是 Excel 的日期序号（即 {as_excel.isoformat()}）：请在 Excel 中把该列设为日期格式后再导出"
    raise BadInput(f"{field}「{shown}」不是有效日期（应写成 2023-05-06）{hint}")


def check_date(iso: str, field: str, *, allow_future: bool = False) -> None:
    """A record's date is plausible: from 2008-05-01 (the first 条例) to today."""
    if iso < FIRST_DAY:
        raise BadInput(f"{field}「{iso}」早于 2008-05-01（《政府信息公开条例》施行之日），应是输入错误")
    if not allow_future and iso > date.today().isoformat():
        raise BadInput(f"{field}「{iso}」晚于今天（{date.today().isoformat()}）{_FUTURE_HINT}")


def check_id(value: int, what: str) -> int:
    """An id typed by a clerk that SQLite could not even hold names no record."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise NotFound(f"没有编号为 {value} 的{what}")
    return value


def parse_count(
    value: str | int | None,
    field: str = "数量",
    *,
    default: int | None = 1,
    minimum: int = 1,
    maximum: int = MAX_COUNT,
) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is None:
            raise BadInput(f"{field}不能为空")
        return default
    if isinstance(value, bool):
        raise BadInput(f"{field}「{value}」不是整数")
    if isinstance(value, int):
        n = value
    else:
        text = str(value).strip()
        if len(text) > 30 or not re.fullmatch(r"[+]?\d+", text):
            raise BadInput(f"{field}「{text[:30]}」不是整数")
        n = int(text)
    if n < minimum:
        raise BadInput(f"{field}必须不小于 {minimum}（现为 {n}）")
    if n > maximum:
        shown = str(n) if n < 10**30 else f"{str(n)[:20]}…"
        raise BadInput(f"{field}「{shown}」过大：一条记录最多 {maximum:,}（请检查是否输入错误）")
    return n


def parse_yuan(value: str | int | Decimal | None, field: str = "金额") -> int:
    """Money in 元 to whole 分 (fen): stored as an integer, never as a float."""
    from decimal import Decimal, InvalidOperation  # not at module top: `disc add` never needs it

    if value is None or not str(value).strip():
        raise BadInput(f"{field}不能为空")
    text = str(value).strip().removesuffix("元").strip()
    shown = text if len(text) <= 30 else text[:30] + "…"
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "").replace("，", "")
    # plain decimals only: Decimal() would also take 1e5, 1_000, NaN and Infinity
    if not _PLAIN_AMOUNT.fullmatch(text):
        if re.fullmatch(r"-\d+(\.\d+)?", text):
            raise BadInput(f"{field}「{shown}」必须是不小于 0 的金额")
        raise BadInput(f"{field}「{shown}」不是金额（单位：元，写成 1200.50 这样的数字）")
    if len(text.partition(".")[2]) > 2:
        raise BadInput(f"{field}「{shown}」最多两位小数（分）")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise BadInput(f"{field}「{shown}」不是金额（单位：元，写成 1200.50 这样的数字）") from None
    if amount > MAX_YUAN:
        raise BadInput(f"{field}「{shown}」过大：一笔收费最多 {MAX_YUAN:,} 元（请检查单位和数字）")
    return int(amount * 100)


_GROUPED = lazy(r"\d{1,3}([,，]\d{3})+(\.\d+)?")
_PLAIN_AMOUNT = lazy(r"\d{1,15}(\.\d+)?")


def fen_to_yuan(fen: int) -> Decimal:
    from decimal import Decimal

    return Decimal(fen) / 100


def text_field(value: str | None, field: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str | None:
    if value is None:
        if required:
            raise BadInput(f"{field}不能为空")
        return None
    text = str(value).strip()
    if not text:
        if required:
            raise BadInput(f"{field}不能为空")
        return None
    bad = bad_character(text)
    if bad:
        raise BadInput(f"{field}含有{bad}，请删去后重新输入")
    if len(text) > max_length:
        raise BadInput(f"{field}过长（{len(text):,} 个字符，最多 {max_length:,} 个）")
    return text


def bad_character(text: str) -> str | None:
    """What is wrong with a text that cannot be stored or printed: control characters (a NUL
    byte, an escape sequence) or lone surrogates (broken bytes from a terminal or a JSON file)."""
    if text.isprintable():
        return None
    for ch in text:
        if ch in "\n\r\t":
            continue
        code = ord(ch)
        if code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
            return f"控制字符（U+{code:04X}）"
        if 0xD800 <= code <= 0xDFFF:
            return "无效字符（孤立的代理项，可能是乱码）"
        if code in (0xFFFE, 0xFFFF):
            return f"无效字符（U+{code:04X}）"
    return None


def parse_timestamp(value: Any, field: str) -> str:
    """A moment as ISO 8601 (2024-01-05T09:30:00+08:00, or a date alone): a void time copied from an
    export. Anything else (「garbage-time」) names the field."""
    from datetime import datetime

    text = str(value).strip()
    try:
        if len(text) < 10 or len(text) > 40:
            raise ValueError
        datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{field}「{text[:40]}」不是有效的时间：应写成 2024-01-05 或 2024-01-05T09:30:00+08:00") from None
    return text
