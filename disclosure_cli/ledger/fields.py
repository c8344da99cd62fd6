"""Parsing what clerks type: dates in the forms they write them, counts, money in 元 without floats."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

from disclosure_cli.errors import BadInput

_DATE_FORMS = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_date(value: str | date | None, field: str, *, required: bool = True) -> str | None:
    """ISO text for 2023-05-06, 2023/5/6, 2023.5.6, 2023年5月6日 or 20230506; BadInput naming the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise BadInput(f"{field}不能为空")
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # the common case, fast
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    m = _DATE_FORMS.match(text) or _COMPACT.match(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            pass
    raise BadInput(f"{field}「{text}」不是有效日期（应写成 2023-05-06）")


def parse_count(value: str | int | None, field: str = "数量", *, default: int | None = 1, minimum: int = 1) -> int:
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
        if not re.fullmatch(r"[+]?\d+", text):
            raise BadInput(f"{field}「{text}」不是整数")
        n = int(text)
    if n < minimum:
        raise BadInput(f"{field}必须不小于 {minimum}（现为 {n}）")
    return n


def parse_yuan(value: str | int | Decimal | None, field: str = "金额") -> int:
    """Money in 元 to whole 分 (fen): stored as an integer, never as a float."""
    from decimal import Decimal, InvalidOperation  # not at module top: `disc add` never needs it

    if value is None or not str(value).strip():
        raise BadInput(f"{field}不能为空")
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise BadInput(f"{field}「{value}」不是金额（单位：元，如 1200.50）") from None
    if not amount.is_finite() or amount < 0:
        raise BadInput(f"{field}「{value}」必须是不小于 0 的金额")
    if amount != amount.quantize(Decimal("0.01")):
        raise BadInput(f"{field}「{value}」最多两位小数（分）")
    return int(amount * 100)


def fen_to_yuan(fen: int) -> Decimal:
    from decimal import Decimal

    return Decimal(fen) / 100


def text_field(value: str | None, field: str, *, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise BadInput(f"{field}不能为空")
        return None
    text = str(value).strip()
    if not text:
        if required:
            raise BadInput(f"{field}不能为空")
        return None
    return text
