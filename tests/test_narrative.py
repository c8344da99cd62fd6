"""Prose placeholders, validation, drafts and composing the six parts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.report import narrative
from disclosure_cli.report.model import AnnualReport, FeeSummary, ItemsTally

CHANNELS = [("portal", "政府网站"), ("wechat", "微信公众号"), ("board", "公示栏")]


def sample_report(**fee) -> AnnualReport:
    rep = AnnualReport.empty("惠农区南街街道", 2023)
    rep.items = ItemsTally(
        list(CHANNELS),
        ["工作动态", "社会救助"],
        {("portal", "工作动态"): 3, ("wechat", "工作动态"): 416, ("board", "社会救助"): 66},
    )
    rep.t2[("penalty", "decisions")] = 21
    rep.t2[("fee", "amount_wan")] = Decimal("26.5500")
    rep.fee = FeeSummary(**fee)
    return rep


def with_applications(rep: AnnualReport) -> AnnualReport:
    rep.t3[("new", "natural_person")] = rep.t3[("new", "total")] = 7
    rep.t3[("carried_over", "business")] = rep.t3[("carried_over", "total")] = 2
    rep.t3[("granted", "total")] = 5
    rep.t3[("total", "total")] = 6
    rep.t3[("carried_forward", "total")] = 3
    rep.t4[("review", "upheld")] = rep.t4[("review", "total")] = 1
    rep.t4[("suit_direct", "pending")] = rep.t4[("suit_direct", "total")] = 2
    rep.t4[("suit_after_review", "corrected")] = rep.t4[("suit_after_review", "total")] = 1
    return rep


# --------------------------------------------------------------------------- fill / placeholders
def test_fill_prints_numbers_plainly():
    values = sample_report(charged=2, amount_yuan=Decimal("120.50")).values()
    text = "{year}年共{items.total}条，微信{items.wechat}条；处罚{t2.penalty.decisions}件；收费{t2.fee.amount_wan}万元；信息处理费{fee.amount}元"
    assert narrative.fill(text, values) == "2023年共485条，微信416条；处罚21件；收费26.55万元；信息处理费120.5元"


def test_fill_literal_braces_and_spaces():
    values = sample_report().values()
    assert narrative.fill("{{items.total}} = { items.total }", values) == "{items.total} = 485"
    assert narrative.fill("{{}}", values) == "{}"
    assert narrative.fill("{items.category.社会救助}", values) == "66"


def test_fill_unknown_placeholder():
    values = sample_report().values()
    with pytest.raises(BadInput) as exc:
        narrative.fill("微信{items.wechatt}条", values)
    assert "{items.wechatt}" in str(exc.value) and "{items.wechat}" in str(exc.value)
    assert narrative.fill("微信{items.wechatt}条", values, strict=False) == "微信{items.wechatt}条"


def test_placeholders_in_order_without_escapes():
    text = "{t3.new.total}件，{{不是}}，{items.total}，{t3.new.total}"
    assert narrative.placeholders(text) == ["t3.new.total", "items.total"]


def test_validate_names_each_unknown_and_the_nearest_keys():
    keys = sample_report().values().keys()
    narrative.validate("共{items.total}条，{{字面}}", keys)  # fine
    text = "共{items.totl}条\n申请{t3.new.totl}件，{t3.nwe.total}件，又{items.totl}"
    with pytest.raises(BadInput) as exc:
        narrative.validate(text, keys)
    err = exc.value
    assert err.exit_code == 2
    assert len(err.problems) == 3  # each unknown key once
    assert "第1行" in err.problems[0] and "{items.totl}" in err.problems[0] and "{items.total}" in err.problems[0]
    assert "第2行" in err.problems[1] and "{t3.new.total}" in err.problems[1]
    assert "{t3.new.total}" in err.problems[2]


def test_validate_refuses_stray_braces():
    keys = sample_report().values().keys()
    with pytest.raises(BadInput) as exc:
        narrative.validate("共{items.total条", keys)
    assert "花括号" in str(exc.value)
    with pytest.raises(BadInput):
        narrative.validate("共 } 条", keys)


def test_known_keys_are_the_values_keys_plus_fee():
    rep = sample_report()
    rep.fee = None
    keys = narrative.known_keys(rep)
    assert set(rep.values()) < set(keys)
    assert {"fee.charged", "fee.amount", "fee.notices", "year", "t4.suit.total", "t3.new.total"} <= set(keys)


# --------------------------------------------------------------------------- drafts
def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def test_draft_overview_items_by_channel():
    rep = sample_report()
    text = narrative.draft(rep, "一")
    assert "主动公开政府信息485条" in text
    assert "政府网站发布3条" in text and "微信公众号发布416条" in text and "公示栏发布66条" in text
    m = re.search(r"主动公开政府信息(\d+)条，其中(.*?)。", text)
    assert sum(numbers(m.group(2))) == int(m.group(1))  # TXT-ITEMS holds
    assert "未收到政府信息公开申请" in text
    assert "行政复议" in text and "{" not in text


def test_draft_overview_applications_and_cases():
    rep = with_applications(sample_report())
    text = narrative.draft(rep, "一")
    assert "收到政府信息公开申请7件" in text
    assert "上年结转的申请2件" in text
    assert "办结6件" in text
    assert "另有3件结转下年度继续办理" in text
    assert "行政复议1件" in text and "行政诉讼3件" in text
    assert "未经复议直接起诉2件" in text and "复议后起诉1件" in text


def test_drafts_read_back_as_the_tables_say():
    """The prose reader behind disc check (TXT-*) finds in the drafts exactly the table numbers."""
    from disclosure_cli.report import prose

    rep = with_applications(sample_report(charged=2, amount_yuan=Decimal("30")))
    narrative.compose(rep, {})
    assert {s.value for s in prose.application_counts(rep.parts["一"])} == {7}
    assert {(s.kind, s.value) for s in prose.case_counts(rep.parts["一"])} == {("review", 1), ("suit", 3)}
    [items] = prose.items_breakdowns(rep.parts["一"])
    assert (items.total, items.parts) == (485, (3, 416, 66))
    fee = prose.fee_statement(rep.parts["六"])
    assert fee.stated and fee.amount_yuan == Decimal("30")


def test_draft_overview_skips_empty_channels_and_escapes_org():
    rep = sample_report()
    rep.org = "某{局}"
    rep.items.counts = {("wechat", "工作动态"): 5}
    text = narrative.draft(rep, "一")
    assert text.startswith("（一）主动公开情况。2023年，某{局}主动公开政府信息5条，其中通过微信公众号发布5条。")
    assert "政府网站" not in text


def test_draft_problems_has_todo_mark():
    text = narrative.draft(sample_report(), "五")
    assert vocab.TODO_MARK in text


def test_draft_other_fee_sentence_zero_and_charged():
    assert "未收取信息处理费" in narrative.draft(sample_report(), "六")
    text = narrative.draft(sample_report(charged=3, amount_yuan=Decimal("240.00")), "六")
    assert "共对3件政府信息公开申请收取信息处理费240元" in text
    rep = sample_report(notices=2)
    assert "发出信息处理费收费通知2件" in narrative.draft(rep, "六")
    rep.fee = None  # unknown: the ledger default is nothing charged
    assert "未收取信息处理费" in narrative.draft(rep, "六")


def test_draft_table_parts_are_empty_and_unknown_part_refused():
    assert narrative.draft(sample_report(), "三") == ""
    with pytest.raises(BadInput):
        narrative.draft(sample_report(), "七")


# --------------------------------------------------------------------------- compose
def test_compose_fills_stored_and_drafts_the_rest():
    rep = sample_report()
    narrative.compose(rep, {"一": "全年发布{items.total}条。\n其中微信{items.wechat}条。", "五": "  "})
    assert rep.parts["一"] == "全年发布485条。\n其中微信416条。"
    assert vocab.TODO_MARK in rep.parts["五"]  # blank stored text counts as none
    assert "未收取信息处理费" in rep.parts["六"]
    assert not {"二", "三", "四"} & set(rep.parts)


def test_compose_part_six_always_mentions_the_fee():
    rep = sample_report(charged=1, amount_yuan=Decimal("100"))
    narrative.compose(rep, {"六": "（一）人大代表建议办理情况。{year}年共办理0件。"})
    assert rep.parts["六"].splitlines() == [
        "（一）人大代表建议办理情况。2023年共办理0件。",
        "（二）信息处理费收取情况。2023年，共对1件政府信息公开申请收取信息处理费100元。",
    ]
    rep = sample_report(charged=1, amount_yuan=Decimal("100"))
    stored = "本年度收取信息处理费{fee.amount}元。"
    narrative.compose(rep, {"六": stored})
    assert rep.parts["六"] == "本年度收取信息处理费100元。"


def test_compose_table_parts_only_when_stored():
    rep = sample_report()
    narrative.compose(rep, {"三": "本年度新收申请{t3.new.total}件，详见下表。"})
    assert rep.parts["三"] == "本年度新收申请0件，详见下表。"
    assert "二" not in rep.parts and "四" not in rep.parts


def test_compose_unknown_placeholder_names_the_part():
    rep = sample_report()
    with pytest.raises(BadInput) as exc:
        narrative.compose(rep, {"五": "问题{t3.nwe.total}"})
    assert vocab.PART_HEADINGS["五"] in str(exc.value) and "{t3.new.total}" in str(exc.value)
    narrative.compose(rep, {"五": "问题{t3.nwe.total}"}, strict=False)
    assert rep.parts["五"] == "问题{t3.nwe.total}"


def test_part_six_fee_item_follows_the_numbering():
    """The official pattern: part 六's items numbered （一）（二）…, the fee one of them."""
    rep = sample_report()
    narrative.compose(rep, {})
    assert rep.parts["六"] == "（一）信息处理费收取情况。2023年，本机关未收取信息处理费。"
    stored = "（一）工作要点落实情况。已落实。\n第二段接着说。\n(二)人大代表建议办理情况。共0件。\n（三）政协提案办理情况。共0件。"
    narrative.compose(rep, {"六": stored})
    assert rep.parts["六"].splitlines()[-1] == "（四）信息处理费收取情况。2023年，本机关未收取信息处理费。"
    stored = "\n".join(f"{narrative.item_number(n)}事项{n}。" for n in range(1, 11))
    narrative.compose(rep, {"六": stored})
    assert rep.parts["六"].splitlines()[-1].startswith("（十一）信息处理费收取情况。")
    narrative.compose(rep, {"六": "本年度没有其他需要报告的事项。"})  # plain paragraphs: a plain sentence
    assert rep.parts["六"].splitlines() == ["本年度没有其他需要报告的事项。", "2023年，本机关未收取信息处理费。"]
    assert [narrative.item_number(n) for n in (1, 10, 12, 20, 23)] == ["（一）", "（十）", "（十二）", "（二十）", "（二十三）"]


def test_part_six_fee_item_reads_back_for_txt_fee():
    from disclosure_cli.report import prose

    rep = sample_report(charged=2, amount_yuan=Decimal("30"))
    narrative.compose(rep, {"六": "（一）人大代表建议办理情况。共0件。"})
    fee = prose.fee_statement(rep.parts["六"])
    assert fee.stated and fee.amount_yuan == Decimal("30")
    rep = sample_report()
    narrative.compose(rep, {})
    fee = prose.fee_statement(rep.parts["六"])
    assert fee.stated and fee.amount_yuan == Decimal("0")
