"""What a table cell holds: a figure, a stand-in for one, or not a cell of figures at all; and the
checks a row of figures carries in itself (表三 and 表四 add up)."""

from __future__ import annotations

import re
from decimal import Decimal

from disclosure_cli import vocab
from disclosure_cli.text import cell_text, is_cell_number, parse_cell

_BLANK_MARK = re.compile(r"^[-—–－/／\\、.。…×xX]+$|^(无|空|暂无|—+)$")
_SIGNED = re.compile(r"^[+＋\-－−]\s*\d+$")


def num_text(text: str) -> str:
    return cell_text(text)


def is_value(text: str | None) -> bool:
    """A cell that holds a figure or a stand-in for one (blank, "/", "-", "无"); 「+1」 and 「-2」 are
    the figures of the 2019 format's 本年增/减."""
    if text is None:
        return False
    t = cell_text(text)
    return t == "" or is_cell_number(t) or bool(_BLANK_MARK.match(t)) or bool(_SIGNED.match(t))


def is_number(text: str | None) -> bool:
    return is_cell_number(text)


def is_blank(text: str | None) -> bool:
    return text is None or not text.strip()


def parse_value(text: str, money: bool) -> int | Decimal | None:
    return parse_cell(text, money)


def t3_adds_up(values: list[str | None]) -> bool:
    """A t3 row whose six applicant columns add up to its total."""
    if len(values) != len(vocab.T3_COLUMNS) or not all(is_number(v) for v in values):
        return False
    nums = [int(num_text(v)) for v in values]  # type: ignore[arg-type]
    return sum(nums[:-1]) == nums[-1]


def t4_adds_up(values: list[str | None]) -> bool:
    """A whole 表四 row of figures whose three groups each add up to their total."""
    n = len(vocab.T4_COLUMNS)
    if len(values) != len(vocab.t4_cells()) or not all(is_number(v) for v in values):
        return False
    nums = [int(num_text(v)) for v in values]  # type: ignore[arg-type]
    return all(sum(nums[g : g + n - 1]) == nums[g + n - 1] for g in range(0, len(nums), n))
