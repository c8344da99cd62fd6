"""prose.py: numbers in Chinese prose, and the statements the TXT-* rules compare with the tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from disclosure_cli.report import prose

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NANJIE = SHARED / "reference" / "nanjie-2023-annual-report.txt"


@pytest.mark.parametrize(
    "text, value",
    [
        ("零", 0),
        ("〇", 0),
        ("七", 7),
        ("十", 10),
        ("十七", 17),
        ("二十", 20),
        ("一十七", 17),
        ("一百零五", 105),
        ("两千三百", 2300),
        ("三万五千", 35000),
        ("一百二十三万四千五百六十七", 1234567),
        ("二〇二三", 2023),
    ],
)
def test_chinese_numerals(text, value):
    assert prose.parse_chinese_numeral(text) == value
    assert prose.parse_number(text) == value


@pytest.mark.parametrize("text", ["", "万", "百", "abc", "十七a"])
def test_not_chinese_numerals(text):
    assert prose.parse_chinese_numeral(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        ("17", 17),
        ("1,234", 1234),
        ("12,345,678", 12345678),
        ("１７", 17),
        ("26.55", Decimal("26.55")),
        ("1.2万", 12000),
        ("3万", 30000),
        ("十七", 17),
    ],
)
def test_parse_number(text, value):
    got = prose.parse_number(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", ["", "1,23", "abc", "12a"])
def test_parse_number_rejects(text):
    assert prose.parse_number(text) is None


def test_split_sentences_joins_pdf_line_breaks():
    text = "2024 年，区政府办代表区政府受理政府\n信息公开申请 17 件，均已在法定期限内予以答复。另一句！\n\n新段落没有句号"
    assert prose.split_sentences(text) == [
        "2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。",
        "另一句！",
        "新段落没有句号",
    ]


def test_join_lines_keeps_spaces_between_latin_words():
    assert prose.join_lines("email: a b 共 66 次") == "email:a b共66次"


def test_find_quantities_units_and_positions():
    s = "全年共受理申请十七件，收取信息处理费5万元和300元，第3件除外，另有100余条，数量为0。"
    qs = prose.find_quantities(s, bare=True)
    assert [(q.value, q.unit, q.approx) for q in qs] == [
        (17, "件", False),
        (5, "万元", False),
        (300, "元", False),
        (100, "条", True),
        (0, "", False),
    ]
    assert qs[0].text == "十七件" and s[qs[0].start : qs[0].end] == "十七件"
    assert qs[1].yuan == Decimal(50000) and qs[2].yuan == Decimal(300) and qs[0].yuan is None


def test_find_quantities_ignores_bare_numbers_without_flag_and_ideoms():
    assert prose.find_quantities("融为一体，数量为0") == []
    assert [q.value for q in prose.find_quantities("融为一体", bare=True)] == []


def test_years_in():
    assert prose.years_in("惠农区南街街道 2023 年政府信息公开工作年度报告") == [2023]
    assert prose.years_in("二〇二二年度报告") == [2022]
    assert prose.years_in("2023-01-01至2023-12-31") == [2023, 2023]
    assert prose.years_in("电话 0517-87290606") == []


def test_quote_shortens_long_sentences_around_position():
    s = "甲" * 50 + "受理申请17件" + "乙" * 50
    q = prose.quote(s, s.index("17"), limit=20)
    assert "17件" in q and q.startswith("…") and q.endswith("…") and len(q) == 22
    assert prose.quote("短句。") == "短句。"


def test_keyword_numbers():
    got = prose.keyword_numbers("共收到申请95件，其中新收93件。", ("收到", "新收"))
    assert [(k.keyword, k.quantity.value, k.between) for k in got] == [("收到", 95, "申请"), ("新收", 93, "")]


# --------------------------------------------------------------------------- applications
def values(stated):
    return [s.value for s in stated]


def test_hongze_2024_sentence():
    text = "2024 年，区政府办代表区政府受理政府信息公开申请 17 件，均已在法定期限内予以答复。"
    got = prose.application_counts(text)
    assert values(got) == [17]
    assert got[0].quote.startswith("2024年，区政府办代表区政府受理")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023年，南街街道办事处未收到政府信息公开申请。", [0]),
        ("2023 年，南街街道未收到政府信息公开申请，未收取信息处理费。", [0]),
        ("本年度没有收到政府信息公开申请。", [0]),
        ("全年无政府信息公开申请。", [0]),
        ("全年共受理政府信息公开申请十七件。", [17]),
        ("本年度新收政府信息公开申请数量为0。", [0]),
        ("共收到政府信息公开申请95件，其中新收93件，上年结转2件。", [95, 93]),
        ("收到17件政府信息公开申请。", [17]),
        ("全年共受理政府信息公开申请95件，其中予以公开50件，部分公开9件。", [95]),
        ("受理的政府信息公开申请中，予以公开40件。", []),
        ("上年结转政府信息公开申请2件。", []),
        # not applications: hotline tickets, petitions, fees, review cases, other applications
        ("全年办理“12345”热线转办单221件。", []),
        ("本年度共处理“12345”政务服务便民热线转办单221件，依申请公开工作平稳。", []),
        ("收到信访件12件，均已办理，政府信息公开申请工作正常。", []),
        ("收到行政复议申请2件，涉及政府信息公开。", []),
        ("共收取信息处理费3件，涉及政府信息公开申请。", []),
        ("受理低保申请120件。", []),
        ("收到政府信息公开申请100余件。", []),
    ],
)
def test_application_counts(text, expected):
    assert values(prose.application_counts(text)) == expected


# --------------------------------------------------------------------------- cases
def kinds(stated):
    return [(s.kind, s.value) for s in stated]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("本年度因政府信息公开被申请行政复议1件，被提起行政诉讼2件。", [("review", 1), ("suit", 2)]),
        ("因政府信息公开引起的行政复议和行政诉讼共3件。", [("both", 3)]),
        ("政府信息公开行政复议、行政诉讼各0件。", [("review", 0), ("suit", 0)]),
        (
            "本年度未发生因政府信息公开工作被申请行政复议或被提起行政诉讼的情况。",
            [("review", 0), ("suit", 0)],
        ),
        ("本年度未发生政府信息公开行政诉讼。", [("suit", 0)]),
        (
            "因政府信息公开工作被申请行政复议2件，被提起行政诉讼3件（未经复议直接起诉1件，复议后起诉2件）。",
            [("review", 2), ("suit", 3)],
        ),
        # a 司法局 deciding reviews, not being the respondent; rates; no number
        ("全年办理行政复议案件120件。", []),
        ("有效降低政府信息公开行政复议、行政诉讼发生率和纠错率。", []),
        ("政府信息公开行政复议、行政诉讼分别为1件、2件。", []),
    ],
)
def test_case_counts(text, expected):
    assert kinds(prose.case_counts(text)) == expected


def test_case_counts_part_four_needs_no_topic_word():
    assert kinds(prose.case_counts("本年度行政复议1件。", in_part_four=True)) == [("review", 1)]
    assert kinds(prose.case_counts("本年度行政复议1件。")) == []


# --------------------------------------------------------------------------- 信息处理费
@pytest.mark.parametrize(
    "text, mentioned, stated, amount",
    [
        ("2023 年，南街街道未收到政府信息公开申请，未收取信息处理费。", True, True, Decimal(0)),
        ("全年收取政府信息公开信息处理费 0 元。", True, True, Decimal(0)),
        ("共对3件申请收取信息处理费1,200元。", True, True, Decimal(1200)),
        ("收取信息处理费0.05万元。", True, True, Decimal(500)),
        ("本年度无信息处理费收取情况。", True, True, Decimal(0)),
        ("对2件申请收取了信息处理费。", True, True, None),
        ("严格执行《政府信息公开信息处理费管理办法》。", True, False, None),
        ("本年度行政事业性收费7730.28万元。", False, False, None),
        ("", False, False, None),
    ],
)
def test_fee_statement(text, mentioned, stated, amount):
    st = prose.fee_statement(text)
    assert (st.mentioned, st.stated, st.amount_yuan) == (mentioned, stated, amount)


# --------------------------------------------------------------------------- items
NANJIE_ITEMS = (
    "全年主动公开政务信息 485 条，其中政府网站发布上年度政府信息公开工作年度报告、部门预算公开信息等 3 条，"
    "“南街之窗”微信公众号发布工作动态、转载政策法规等信息 416 条，街道公示栏公布社会救助资金发放名册、"
    "经济普查相关信息共 66 次。"
)


def test_items_breakdown_nanjie():
    (b,) = prose.items_breakdowns(NANJIE_ITEMS)
    assert b.total == 485 and b.parts == (3, 416, 66)
    assert [s.value for s in prose.items_totals(NANJIE_ITEMS)] == [485]


def test_items_breakdown_ignores_parenthesised_and_single_parts():
    (b,) = prose.items_breakdowns("主动公开信息100条，其中网站60条（含年报1篇），公众号40条。")
    assert b.parts == (60, 40)
    assert prose.items_breakdowns("主动公开信息100条，其中网站60条。") == []
    assert prose.items_breakdowns("公开信息共计484条。") == []


def test_items_breakdown_chinese_numerals():
    (b,) = prose.items_breakdowns("主动公开信息一百二十条，其中网站一百条、公众号十五条。")
    assert (b.total, b.parts) == (120, (100, 15))


# --------------------------------------------------------------------------- the real sample report
@pytest.mark.skipif(not NANJIE.exists(), reason="../shared/reference/nanjie-2023-annual-report.txt is absent")
def test_nanjie_report_statements():
    text = NANJIE.read_text(encoding="utf-8")
    assert values(prose.application_counts(text)) == [0, 0]
    assert prose.case_counts(text) == []
    (b,) = prose.items_breakdowns(text)
    assert (b.total, sum(b.parts)) == (485, 485)
    six = text[text.index("六、其他需要报告的事项") :]
    st = prose.fee_statement(six)
    assert st.stated and st.amount_yuan == 0


# --------------------------------------------------------------------------- issue 22: read only as far as it says
def test_results_named_together_are_one_group():
    from disclosure_cli.report.prose import claims

    [c] = [c for c in claims("因不予公开、无法提供情形未能向申请人提供信息的共8件。") if c.kind.startswith("result")]
    assert (c.kind, c.parts, c.at_least, c.guess) == ("result.sum", ("withheld", "unavailable"), False, False)
    [c] = [c for c in claims("不予公开、无法提供等情形的申请共8件。") if c.kind.startswith("result")]
    assert (c.parts, c.at_least) == (("withheld", "unavailable"), True)
    [c] = [c for c in claims("其中予以公开的申请5件。") if c.kind.startswith("result")]
    assert c.kind == "result.granted"


def test_a_negation_about_some_applicants_is_about_them():
    from disclosure_cli.report.prose import claims

    got = [(c.kind, c.value, c.columns) for c in claims("本年度未收到科研机构的政府信息公开申请。")]
    assert got == [("received", 0, ("research",))]
    assert claims("本年度未收到法人或其他组织提出的行政复议申请。") == []
    got = [(c.kind, c.value, c.columns) for c in claims("本年度未收到政府信息公开申请。")]
    assert got == [("received", 0, ())]


def test_a_count_of_parts_is_no_count_of_cases():
    from disclosure_cli.report.prose import claims

    text = "本报告围绕主动公开、政府信息公开行政复议和行政诉讼等共六个部分展开。"
    assert claims(text, in_part_four=True) == []


def test_partial_breakdowns_are_guesses():
    from disclosure_cli.report.prose import items_breakdowns

    [b] = items_breakdowns("主动公开政府信息214条，其中专栏98条、公众号102条。")
    assert b.guess and "部分渠道" in b.why
    [b] = items_breakdowns("主动公开政府信息214条，其中专栏98条、公众号130条。")
    assert not b.guess  # more than the total: wrong whatever else there is
    [b] = items_breakdowns("主动公开政府信息214条，其中专栏98条、公众号102条、公开栏14次。")
    assert not b.guess and sum(b.parts) == 214


def test_a_number_broken_over_lines_is_joined():
    from disclosure_cli.report.readers.structure import continues_a_number

    assert continues_a_number("新收政府信息公开申请2", "9件，较上年有所增加。")
    assert continues_a_number("新收政府信息公开申请29", "件。")
    assert not continues_a_number("新收申请29件。", "2.工作措施")
    assert not continues_a_number("南岭镇人民政府", "2025年1月22日")


def test_a_table_two_clause_after_a_semicolon_is_no_part_of_the_items():
    """Found building the demo: 「…公示栏8条；作出行政许可决定5件」 added the 5 decisions to the items."""
    from disclosure_cli.report.prose import items_breakdowns

    text = "本年度主动公开政府信息98条，其中政府网站60条、公众号30条、公示栏8条；作出行政许可决定5件、行政处罚决定2件。"
    [b] = items_breakdowns(text)
    assert (b.total, b.parts, b.guess) == (98, (60, 30, 8), False)
    text = "主动公开信息98条，其中政府网站60条、公众号30条、公示栏8条；制发规范性文件2件，废止1件，现行有效9件；收取费用0元。"
    [b] = items_breakdowns(text)
    assert b.parts == (60, 30, 8)
    # channels listed with semicolons are still parts
    [b] = items_breakdowns("主动公开信息98条，其中：政府网站发布60条；微信公众号发布30条；公示栏张贴8条。")
    assert b.parts == (60, 30, 8)
