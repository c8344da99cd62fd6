"""信息处理费 tiers of 国办函〔2020〕109号 第四、五条 (issue 4)."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure_cli.errors import BadInput
from disclosure_cli.fees import (
    compute_fee,
    fee_by_item,
    fee_by_items,
    fee_by_pages,
    fee_payment_due,
    item_fee_breakdown,
    page_fee_breakdown,
)
from disclosure_cli.workdays import WorkCalendar


@pytest.mark.parametrize(
    ("k", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (100, 800)],
)
def test_fee_by_item_tiers(k, fee):
    assert fee_by_item(k) == fee


def test_fee_by_items_is_cumulative_within_the_month():
    assert fee_by_items(0, 10) == 0
    assert fee_by_items(9, 3) == 200  # 10th free, 11th and 12th 100 each
    assert fee_by_items(28, 4) == 100 + 100 + 200 + 200
    assert compute_fee("item", 1, already=30) == 200


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (57, 270), (100, 700), (101, 720), (109, 880), (119, 1080), (200, 2700), (201, 2740)],
)
def test_fee_by_pages_tiers(pages, fee):
    assert fee_by_pages(pages) == fee
    assert compute_fee("page", pages) == fee


def test_breakdowns_for_the_fee_notice():
    assert page_fee_breakdown(109) == [
        "第1—30页：30页，不收费",
        "第31—100页：70页 × 10元/页 = 700元",
        "第101—109页：9页 × 20元/页 = 180元",
        "合计：880元（按量计收，超额累进）",
    ]
    assert item_fee_breakdown(10, 2) == [
        "本月第11件：100元",
        "本月第12件：100元",
        "合计：200元（按件计收，同一申请人一个自然月内累计，超额累进）",
    ]


def test_bad_input():
    for bad in (0, -1, 1.5, True):
        with pytest.raises(BadInput):
            fee_by_item(bad)
    with pytest.raises(BadInput):
        fee_by_pages(-1)
    with pytest.raises(BadInput, match="按件"):
        compute_fee("both", 3)
    with pytest.raises(BadInput, match="不累计"):
        compute_fee("page", 50, already=3)


def test_payment_due_twenty_working_days_after_the_notice():
    # notice received 2024-02-08: 20 working days over the Spring Festival holiday
    assert fee_payment_due(WorkCalendar(), date(2024, 2, 8)) == (date(2024, 3, 13), False)
    assert fee_payment_due(WorkCalendar(), date(2026, 12, 15)) == (date(2027, 1, 12), True)
