"""信息处理费 per 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号), 第三—五条 (issue 4).

Two methods, 按件 (per application, cumulative per applicant and calendar month) and 按量 (per page),
both 超额累进; one method per application, never both. Amounts are whole 元 (int): every tier is a
whole number of 元, so nothing here needs Decimal; wrap in Decimal where a report wants one.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from disclosure_cli.errors import BadInput
from disclosure_cli.vocab import FEE_METHODS

if TYPE_CHECKING:
    from disclosure_cli.workdays import WorkCalendar

BY_ITEM = "item"  # 按件计收
BY_PAGE = "page"  # 按量计收
METHOD_LABELS = {t.code: t.label for t in FEE_METHODS}  # vocab is the one place for labels

FREE_ITEMS = 10  # 第四条（一）：一个自然月内累计10件以下（含10件）不收费
ITEM_TIER_END = 30  # 第四条（二）：11—30件 100元/件
ITEM_BASE = 100
ITEM_STEP = 10  # 第四条（三）：31件以上以10件为一档，每增加一档提高100元/件

# 第五条：(first page of the tier, last page or None, 元 per page)
PAGE_TIERS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)

FEE_PAYMENT_DAYS = 20  # 收到收费通知次日起20个工作日内缴纳；逾期视为放弃申请


def _check_count(n: int, what: str, minimum: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < minimum:
        raise BadInput(f"{what}应为不小于{minimum}的整数，而不是 {n!r}")


def fee_by_item(k: int) -> int:
    """Fee in 元 for the k-th application (1-based) of one applicant in one calendar month.

    1–10: 0; 11–30: 100; 31–40: 200; 41–50: 300; … (第四条).
    """
    _check_count(k, "本月累计申请件次", 1)
    if k <= FREE_ITEMS:
        return 0
    if k <= ITEM_TIER_END:
        return ITEM_BASE
    return ITEM_BASE + ITEM_BASE * -(-(k - ITEM_TIER_END) // ITEM_STEP)


def fee_by_items(already: int, count: int = 1) -> int:
    """Fee in 元 for ``count`` items (一事一申请 may split one application) after ``already`` this month."""
    _check_count(already, "本月此前已累计的件数", 0)
    _check_count(count, "本次计费件数", 1)
    return sum(fee_by_item(k) for k in range(already + 1, already + count + 1))


def fee_by_pages(p: int) -> int:
    """Fee in 元 for p pages (第五条): 1–30 free, 31–100 10元/页, 101–200 20元/页, 201+ 40元/页, 超额累进.

    57 → 270, 109 → 880, 119 → 1080.
    """
    _check_count(p, "页数", 0)
    total = 0
    for first, last, price in PAGE_TIERS:
        top = p if last is None else min(p, last)
        if top >= first:
            total += (top - first + 1) * price
    return total


def page_fee_breakdown(p: int) -> list[str]:
    """The tiers behind ``fee_by_pages`` as lines for a 收费通知 (which must state 依据、标准、数额)."""
    _check_count(p, "页数", 0)
    lines = []
    for first, last, price in PAGE_TIERS:
        top = p if last is None else min(p, last)
        if top < first:
            break
        n = top - first + 1
        if price:
            lines.append(f"第{first}—{top}页：{n}页 × {price}元/页 = {n * price}元")
        else:
            lines.append(f"第{first}—{top}页：{n}页，不收费")
    lines.append(f"合计：{fee_by_pages(p)}元（{METHOD_LABELS[BY_PAGE]}，超额累进）")
    return lines


def item_fee_breakdown(already: int, count: int = 1) -> list[str]:
    """The per-item fees behind ``fee_by_items`` as lines for a 收费通知."""
    total = fee_by_items(already, count)
    lines = [f"本月第{k}件：{fee_by_item(k)}元" for k in range(already + 1, already + count + 1)]
    lines.append(f"合计：{total}元（{METHOD_LABELS[BY_ITEM]}，同一申请人一个自然月内累计，超额累进）")
    return lines


def compute_fee(method: str, quantity: int, already: int = 0) -> int:
    """One entry point for the ledger: method "item" (quantity = items, already = earlier items this month) or "page"."""
    if method == BY_ITEM:
        return fee_by_items(already, quantity)
    if method == BY_PAGE:
        if already:
            raise BadInput("按量计收按本次申请的页数计算，不累计此前的申请")
        return fee_by_pages(quantity)
    raise BadInput(f"收费方式应为 {BY_ITEM}（按件）或 {BY_PAGE}（按量），而不是 {method!r}")


def fee_payment_due(cal: WorkCalendar, notice_received: date) -> tuple[date, bool]:
    """Last day to pay: 20 working days from the day after the applicant received the 收费通知; and 暂定.

    Unpaid by then, the application counts as withdrawn (outcome other.unpaid_fee).
    """
    return cal.add_workdays(notice_received, FEE_PAYMENT_DAYS)
