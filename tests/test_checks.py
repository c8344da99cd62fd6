"""checks.py: every rule fires on a minimal bad report, names the cells and numbers, and stays silent
on a clean one. Reports are built directly (no ledger, no document reader)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_cli import vocab
from disclosure_cli.report.checks import RULES, T3_RESULTS, check_report, fold_label, has_errors
from disclosure_cli.report.model import AnnualReport, FeeSummary, ItemsTally, SeenLabel
from disclosure_cli.report.readers.evidence import (
    DuplicateRow,
    MissingIdentity,
    OutdatedLabel,
    OutdatedLayout,
    ScannedPages,
    Subtotal,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NANJIE = SHARED / "reference" / "nanjie-2023-annual-report.txt"

ARITHMETIC = {"T3-BALANCE", "T3-RESULT-SUM", "T3-ROW-SUM", "T4-GROUP-SUM"}
APPLICANTS = [c for c in vocab.T3_COLUMNS.codes if c != "total"]

PROSE = {
    "一": "（一）主动公开情况。本年度通过政府网站发布工作动态、通知公告等信息。\n"
    "（二）依申请公开情况。本年度依法办理政府信息公开申请，均在法定期限内答复。",
    "五": "（一）存在的主要问题。信息发布的及时性还有差距。\n（二）改进情况。建立发布台账，按周检查。",
    "六": "本年度未收取信息处理费。",
}


def clean(year: int = 2023, **kw) -> AnnualReport:
    """An all-zero report with decent prose: must give no finding."""
    rep = AnnualReport.empty("南街街道", year)
    rep.parts = dict(PROSE)
    rep.title = f"南街街道{year}年政府信息公开工作年度报告"
    for k, v in kw.items():
        setattr(rep, k, v)
    return rep


def document(**kw) -> AnnualReport:
    """A clean report as a document reader returns it: official headings, a file as source."""
    rep = clean(**kw)
    rep.source = "report.docx"
    rep.headings = [(n, vocab.PART_HEADINGS[n]) for n, _ in vocab.PARTS]
    return rep


def set_t3(rep: AnnualReport, row: str, column: str, value) -> None:
    """Set a table 三 cell and keep its row's 总计 in step (so only the intended relation breaks)."""
    rep.t3[(row, column)] = value
    rep.t3[(row, "total")] = sum(rep.t3[(row, c)] for c in APPLICANTS)


def rules(findings) -> list[str]:
    return [f.rule for f in findings]


def keys(findings) -> set[tuple]:
    return {(f.rule, f.table, f.row, f.column) for f in findings}


# --------------------------------------------------------------------------- clean reports
def test_clean_report_has_no_finding():
    assert check_report(clean()) == []


def test_clean_document_has_no_finding():
    assert check_report(document()) == []


def test_balanced_busy_report_has_no_finding():
    rep = clean()
    set_t3(rep, "new", "natural_person", 7)
    set_t3(rep, "new", "business", 2)
    set_t3(rep, "carried_over", "natural_person", 1)
    set_t3(rep, "granted", "natural_person", 5)
    set_t3(rep, "partial", "business", 2)
    set_t3(rep, "not_processed.duplicate", "natural_person", 1)
    for c in vocab.T3_COLUMNS.codes:
        rep.t3[("total", c)] = sum(rep.t3[(r, c)] for r in T3_RESULTS)
    set_t3(rep, "carried_forward", "natural_person", 2)
    rep.t4.update({("review", "upheld"): 1, ("review", "pending"): 1, ("review", "total"): 2})
    rep.parts["一"] += "全年共收到政府信息公开申请9件，加上上年结转共受理10件。因政府信息公开被申请行政复议2件。"
    assert check_report(rep) == []


def test_rules_table_lists_every_code_with_a_severity():
    assert all(sev in ("E", "W") for sev, _ in RULES.values())
    assert {"T3-BALANCE", "READ-UNREAD", "TXT-TODO", "X-PREVIOUS", "FMT-LABEL"} <= set(RULES)


# --------------------------------------------------------------------------- CELL-VALUE, READ-UNREAD
def test_blank_and_slash_cells_are_errors_one_per_cell():
    rep = document()
    for col in ("upheld", "corrected", "other", "pending", "total"):
        rep.t4[("review", col)] = None
        rep.raw[("t4", "review", col)] = ""
    rep.t2[("regulation", "issued")] = None
    rep.raw[("t2", "regulation", "issued")] = "/"
    found = check_report(rep)
    assert rules(found) == ["CELL-VALUE"] * 6
    first = found[0]
    assert (first.severity, first.table, first.row, first.column, first.actual) == ("E", "t2", "regulation", "issued", "/")
    assert first.message == "表二「规章」×「本年制发件数」填写为「/」，应填写数字（没有发生也应填 0）"
    assert [(f.table, f.row, f.column) for f in found[1:]] == [
        ("t4", "review", c) for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    assert found[1].message.startswith("表四「行政复议」×「结果维持」为空白")
    assert has_errors(found)


@pytest.mark.parametrize(
    "table, row, col, value, text",
    [
        ("t3", "new", "natural_person", -1, "不能为负数"),
        ("t4", "review", "upheld", Decimal("1.5"), "件数应为整数"),
        ("t2", "fee", "amount_wan", Decimal("-2.5"), "不能为负数"),
    ],
)
def test_negative_and_fractional_counts(table, row, col, value, text):
    rep = clean()
    rep.table(table)[(row, col)] = value
    found = [f for f in check_report(rep) if f.rule == "CELL-VALUE"]
    assert len(found) == 1 and (found[0].row, found[0].column, found[0].actual) == (row, col, value)
    assert text in found[0].message


def test_fractional_fee_amount_is_fine():
    rep = clean()
    rep.t2[("fee", "amount_wan")] = Decimal("26.55")
    assert check_report(rep) == []


def test_unread_cells_are_a_warning_and_skip_their_relations():
    # the nanjie copy lost the 总计 cell of the result rows of table 三
    rep = document()
    lost = [r for r in T3_RESULTS if r != "other.other"]
    for row in lost:
        rep.t3[(row, "total")] = None
    found = check_report(rep)
    assert rules(found) == ["READ-UNREAD"]
    f = found[0]
    assert (f.severity, f.table, f.actual) == ("W", "t3", len(lost))
    assert "「（一）予以公开」" in f.where and f.where.endswith("× 「总计」")
    assert not has_errors(found)


def test_unread_cells_of_a_missing_table_are_not_listed():
    rep = document()
    rep.tables_found = {"t2", "t3"}
    rep.t4 = {}
    assert rules(check_report(rep)) == ["FMT-TABLE-MISSING"]


# --------------------------------------------------------------------------- arithmetic
def test_t3_balance():
    rep = clean()
    set_t3(rep, "new", "natural_person", 5)
    set_t3(rep, "carried_over", "natural_person", 1)
    set_t3(rep, "granted", "natural_person", 4)
    rep.t3[("total", "natural_person")] = rep.t3[("total", "total")] = 4
    set_t3(rep, "carried_forward", "natural_person", 1)
    found = check_report(rep)
    assert keys(found) == {("T3-BALANCE", "t3", None, "natural_person"), ("T3-BALANCE", "t3", None, "total")}
    f = found[0]
    assert (f.column, f.expected, f.actual, f.severity) == ("natural_person", 6, 5, "E")
    assert f.message == (
        "表三「自然人」列不平衡：一、本年新收 5 + 二、上年结转 1 = 6，而（七）总计 4 + 四、结转下年度继续办理 1 = 5"
    )


def test_t3_result_sum_catches_partial_counted_twice():
    rep = clean()
    set_t3(rep, "new", "business", 3)
    set_t3(rep, "partial", "business", 3)
    set_t3(rep, "withheld.third_party", "business", 3)
    rep.t3[("total", "business")] = rep.t3[("total", "total")] = 3
    found = check_report(rep)
    assert keys(found) == {("T3-RESULT-SUM", "t3", "total", "business"), ("T3-RESULT-SUM", "t3", "total", "total")}
    assert (found[0].expected, found[0].actual) == (6, 3)
    assert found[0].message == "表三「（七）总计」×「商业企业」为 3，而（一）至（六）各项之和为 6"


def test_t3_row_sum():
    rep = clean()
    rep.t3[("withheld.state_secret", "total")] = 2
    found = check_report(rep)
    got = [f for f in found if f.rule == "T3-ROW-SUM"]
    assert [(f.row, f.column, f.expected, f.actual) for f in got] == [("withheld.state_secret", "total", 0, 2)]
    assert got[0].where == "表三「（三）不予公开 1.属于国家秘密」×「总计」"


def test_t4_group_sum_hongze_2023():
    rep = clean()
    rep.t4.update({("review", "upheld"): 10, ("review", "corrected"): 1, ("suit_after_review", "upheld"): 5})
    found = check_report(rep)
    assert [(f.rule, f.row, f.expected, f.actual) for f in found] == [
        ("T4-GROUP-SUM", "review", 11, 0),
        ("T4-GROUP-SUM", "suit_after_review", 5, 0),
    ]
    assert found[0].message == "表四「行政复议」×「总计」为 0，而结果维持、结果纠正、其他结果、尚未审结之和为 11"


def test_a_relation_with_a_blank_cell_is_skipped_not_guessed():
    rep = document()
    rep.t4[("review", "upheld")] = 3  # would break the group sum …
    rep.t4[("review", "total")] = None  # … but its 总计 is blank
    rep.raw[("t4", "review", "total")] = "-"
    assert rules(check_report(rep)) == ["CELL-VALUE"]


# --------------------------------------------------------------------------- template
def test_template_rules_silent_on_a_ledger_report():
    rep = clean()
    assert rep.source == "ledger" and rep.headings == [] and rep.labels == [] and rep.evidence == []
    rep.t2[("fee", "amount_wan")] = Decimal("0.012345")  # 123.45 元, exact
    assert check_report(rep) == []


def test_fmt_parts_missing_and_wording():
    rep = document()
    rep.headings = [
        (n, "五、存在主要问题及改进情况" if n == "五" else vocab.PART_HEADINGS[n]) for n, _ in vocab.PARTS if n != "四"
    ]
    found = check_report(rep)
    assert [(f.rule, f.severity, f.expected) for f in found] == [
        ("FMT-PARTS", "E", "四、政府信息公开行政复议、行政诉讼情况"),
        ("FMT-PARTS", "W", "五、存在的主要问题及改进情况"),
    ]
    assert found[1].message == "第五部分的标题为「五、存在主要问题及改进情况」，官方标题为「五、存在的主要问题及改进情况」"


def test_fmt_parts_tolerates_spacing_and_width_and_flags_order():
    rep = document()
    rep.headings = [(n, f" {n}．{h} ") for n, h in vocab.PARTS]
    assert check_report(rep) == []
    rep.headings = [rep.headings[i] for i in (0, 2, 1, 3, 4, 5)]
    found = check_report(rep)
    assert [(f.rule, f.severity, f.actual) for f in found] == [("FMT-PARTS", "E", "一、三、二、四、五、六")]


def test_fmt_parts_document_without_any_heading():
    rep = document()
    rep.headings, rep.parts = [], {}
    found = [f for f in check_report(rep) if f.rule == "FMT-PARTS"]
    assert len(found) == 1 and found[0].severity == "E"


def test_fmt_table_missing():
    rep = document()
    rep.tables_found = {"t3", "t4"}
    rep.t2 = {}
    found = check_report(rep)
    assert [(f.rule, f.severity, f.table) for f in found] == [("FMT-TABLE-MISSING", "E", "t2")]
    assert found[0].message == "未找到表二（二、主动公开政府信息情况）"


def single_other_row(rep: AnnualReport, printed: dict[str, str]) -> None:
    """Table 三 as a reader returns the 2019 single row （六）其他处理: its figures in raw[("t3","other",col)],
    the three 2021 sub-rows None (not there to read)."""
    rep.evidence += [OutdatedLabel("t3", "（六）其他处理"), OutdatedLayout("t3")]
    for row in ("other.no_correction", "other.unpaid_fee", "other.other"):
        for c in vocab.T3_COLUMNS.codes:
            rep.t3[(row, c)] = None
    for c in vocab.T3_COLUMNS.codes:
        rep.raw[("t3", "other", c)] = printed.get(c, "0")


def test_fmt_outdated_labels_and_single_other_row():
    rep = document()
    rep.evidence = [OutdatedLabel("t2", "本年新制作数量", line=3), OutdatedLabel("t2", "本年新制作数量", line=9)]
    single_other_row(rep, {"natural_person": "1", "total": "1"})
    set_t3(rep, "new", "natural_person", 1)
    rep.t3[("total", "natural_person")] = rep.t3[("total", "total")] = 1
    found = check_report(rep)
    # no READ-UNREAD for the sub-rows the old layout lacks, and the single row balances （七）总计
    assert [(f.rule, f.severity, f.table) for f in found] == [("FMT-OUTDATED", "E", "t2"), ("FMT-OUTDATED", "E", "t3")]
    assert "「本年新制作数量」" in found[0].message
    assert found[1].message.startswith("表三「（六）其他处理」只有一行，缺少三个子项")


def test_fmt_outdated_result_sum_still_checked_through_single_row():
    rep = document()
    single_other_row(rep, {"natural_person": "2", "total": "2"})  # 总计 stays 0
    found = check_report(rep)
    assert [(f.rule, f.column, f.expected, f.actual) for f in found if f.rule != "FMT-OUTDATED"] == [
        ("T3-RESULT-SUM", "natural_person", 2, 0),
        ("T3-RESULT-SUM", "total", 2, 0),
    ]


def test_single_other_row_blank_figure_is_a_cell_error():
    rep = document()
    single_other_row(rep, {"business": "/"})
    found = [f for f in check_report(rep) if f.rule == "CELL-VALUE"]
    assert [(f.row, f.column, f.actual) for f in found] == [("other", "business", "/")]
    assert found[0].message == "表三「（六）其他处理」×「商业企业」填写为「/」，应填写数字（没有发生也应填 0）"


def test_reader_evidence():
    rep = document()
    rep.evidence = [ScannedPages((3, 4)), MissingIdentity("org"), DuplicateRow("t3", "granted")]
    found = check_report(rep)
    assert [(f.rule, f.severity, f.table, f.row) for f in found] == [
        ("READ-SCANNED", "W", None, None),
        ("READ-IDENTITY", "W", None, None),
        ("FMT-DUPLICATE", "W", "t3", "granted"),
    ]
    assert found[0].message.startswith("第 3,4 页没有文字层")
    assert found[2].message == "表三「（一）予以公开」行出现了不止一次，只读取了第一次的数字"


def test_unknown_year_skips_year_rules_but_not_outdated():
    rep = document(year=0)
    rep.evidence = [MissingIdentity("year"), OutdatedLabel("t2", "本年新制作数量")]
    rep.title = "某局2023年政府信息公开工作年度报告"
    assert [f.rule for f in check_report(rep)] == ["READ-IDENTITY", "FMT-OUTDATED"]


def test_fmt_outdated_not_for_2020_reports():
    rep = document(year=2020)
    rep.evidence = [OutdatedLabel("t2", "本年新制作数量")]
    assert check_report(rep) == []


@pytest.mark.parametrize(
    "label, meant",
    [
        (SeenLabel("t3", "row", "withheld.prohibited_by_law", "2.其他法律行政止公开"), "2.其他法律行政法规禁止公开"),
        (SeenLabel("t2", "column", "repealed", "本年度止件数"), "本年废止件数"),
        (SeenLabel("t2", "row", "normative_document", "规范性文件"), "行政规范性文件"),
        (SeenLabel("t2", "column", "issued", "2023年本年制发件数"), "本年制发件数"),
        (SeenLabel("t3", "column", "legal_service", "法律服务机关"), "法律服务机构"),
        (SeenLabel("t4", "column", "pending", "尚未审理"), "尚未审结"),
        (SeenLabel("t3", "row", "withheld.state_secret", "（三）不与公开"), "（三）不予公开"),
        (SeenLabel("t3", "group", "not_processed", "（五）不予处里"), "（五）不予处理"),
    ],
)
def test_fmt_label_names_the_official_label(label, meant):
    rep = document()
    rep.labels = [label, label]  # the same label twice is reported once
    found = check_report(rep)
    assert [(f.rule, f.severity, f.expected, f.actual) for f in found] == [("FMT-LABEL", "W", meant, label.text)]
    assert found[0].message.endswith(f"应为「{meant}」")


@pytest.mark.parametrize(
    "label",
    [
        SeenLabel("t3", "row", "partial", "(二)部分公开(区分处理的，只计这一情 形，不\n计其他情形)"),
        SeenLabel("t3", "row", "partial", "（二）部分公开"),
        SeenLabel("t3", "row", "withheld.security_stability", '3. 危及"三安全一稳定"'),
        SeenLabel("t3", "row", "withheld.state_secret", "1、属于国家秘密"),
        SeenLabel("t3", "row", "withheld.state_secret", "(三) 不予公开"),
        SeenLabel("t3", "row", "not_processed.excessive", "4.无正当理由大量反复 申请"),
        SeenLabel("t3", "column", "total", "总 计"),
        SeenLabel("t3", "column", "corner", "(本列数据的勾稽关系为：第一项加第二项之和，等\n于第三项加第四项之和)"),
        SeenLabel("t3", "group", "withheld", "（三）不予公开"),
        SeenLabel("t3", "group", "results", "三、本年度办理结果"),
        SeenLabel("t3", "group", "legal_person", "法人或其他组织"),
        SeenLabel("t2", "column", "amount_wan", "本年收费金额(单位:万元)"),
        SeenLabel("t4", "column", "suit_direct", "未经复议直接起诉"),
        SeenLabel("t3", "row", "no_such_code", "whatever"),
        SeenLabel("part", "heading", "五", "五、存在主要问题及改进情况"),
    ],
)
def test_fmt_label_tolerates_width_spacing_quotes(label):
    rep = document()
    rep.labels = [label]
    assert check_report(rep) == []


def test_fold_label():
    assert fold_label("（二） 部分公开") == fold_label("(二)部分公开")
    assert fold_label("3.危及“三安全一稳定”") == fold_label("3．危及\"三安全一稳定\"")


def test_fmt_subtotal():
    rep = document()
    rep.evidence = [Subtotal("t3", "小计")]
    found = check_report(rep)
    assert [(f.rule, f.severity, f.table, f.where) for f in found] == [("FMT-SUBTOTAL", "W", "t3", "小计")]


@pytest.mark.parametrize(
    "value, raw, hit",
    [
        (Decimal("77302800"), None, "数额过大"),
        (Decimal("26.1234567"), None, "有 7 位小数"),
        (Decimal("26.55"), "26.5500001", "有 7 位小数"),
        (Decimal("26.123456"), None, None),  # 6 places of 万元 are the 分 exactly
        (Decimal("59237.2449"), None, None),
        (Decimal("99999.99"), None, None),
        (7545, None, None),
    ],
)
def test_fmt_fee_unit(value, raw, hit):
    rep = document()
    rep.t2[("fee", "amount_wan")] = value
    if raw:
        rep.raw[("t2", "fee", "amount_wan")] = raw
    found = check_report(rep)
    if hit is None:
        assert found == []
    else:
        assert [(f.rule, f.severity, f.row, f.column) for f in found] == [("FMT-FEE-UNIT", "W", "fee", "amount_wan")]
        assert hit in found[0].message


# --------------------------------------------------------------------------- prose against tables
HONGZE_2024 = "2024 年，区政府办代表区政府受理政府信息公开申请 17 件，均已在法定期限内予以答复。"


def test_txt_requests_hongze_2024():
    rep = clean(year=2024)
    set_t3(rep, "new", "natural_person", 95)
    set_t3(rep, "granted", "natural_person", 95)
    rep.t3[("total", "natural_person")] = rep.t3[("total", "total")] = 95
    rep.parts["一"] = "（二）依申请公开情况。" + HONGZE_2024
    found = check_report(rep)
    assert [(f.rule, f.severity, f.row, f.column, f.expected, f.actual) for f in found] == [
        ("TXT-REQUESTS", "W", "new", "total", 95, 17)
    ]
    assert "受理政府信息公开申请17件" in found[0].where
    assert found[0].message.endswith("说申请 17 件，而表三「一、本年新收政府信息公开申请数量」总计为 95")


def test_txt_requests_accepts_new_or_new_plus_carried():
    rep = clean()
    set_t3(rep, "new", "natural_person", 93)
    set_t3(rep, "carried_over", "natural_person", 2)
    set_t3(rep, "granted", "natural_person", 95)
    rep.t3[("total", "natural_person")] = rep.t3[("total", "total")] = 95
    rep.parts["一"] = "共受理政府信息公开申请95件，其中新收93件。"
    assert check_report(rep) == []
    rep.parts["一"] = "全年收到政府信息公开申请九十件。"
    found = check_report(rep)
    assert [(f.rule, f.actual) for f in found] == [("TXT-REQUESTS", 90)]
    assert "（加上年结转 2 件为 95）" in found[0].message


def test_txt_requests_nanjie_zero_and_hotline():
    rep = clean()
    rep.parts["一"] = "（二）依申请公开情况。2023年，南街街道办事处未收到政府信息公开申请。"
    rep.parts["六"] = (
        "本年度共处理“12345”政务服务便民热线转办单221件。"
        "（二）信息处理费收取情况。2023 年，南街街道未收到政府信息公开申请，未收取信息处理费。"
    )
    assert check_report(rep) == []
    set_t3(rep, "new", "natural_person", 3)
    set_t3(rep, "carried_forward", "natural_person", 3)
    found = check_report(rep)
    assert [(f.rule, f.expected, f.actual) for f in found] == [("TXT-REQUESTS", 3, 0), ("TXT-REQUESTS", 3, 0)]


def test_txt_requests_skipped_when_table_unread():
    rep = document(year=2024)
    rep.t3[("new", "total")] = None
    rep.parts["一"] = HONGZE_2024
    assert rules(check_report(rep)) == ["READ-UNREAD"]


def test_txt_cases():
    rep = clean()
    rep.t4.update({("review", "upheld"): 1, ("review", "total"): 1})
    rep.t4.update({("suit_direct", "pending"): 1, ("suit_direct", "total"): 1})
    rep.t4.update({("suit_after_review", "other"): 1, ("suit_after_review", "total"): 1})
    rep.parts["一"] += "本年度因政府信息公开被申请行政复议1件，被提起行政诉讼2件。"
    assert check_report(rep) == []
    rep.parts["一"] += "因政府信息公开引起的行政复议和行政诉讼共4件。本年度未发生政府信息公开行政复议。"
    found = check_report(rep)
    assert [(f.rule, f.row, f.expected, f.actual) for f in found] == [
        ("TXT-CASES", None, 3, 4),
        ("TXT-CASES", "review", 1, 0),
    ]


def test_txt_fee_silence_and_vague_mention():
    rep = clean()
    rep.parts["六"] = "本年度落实政务公开工作要点。"
    found = check_report(rep)
    assert [(f.rule, f.severity) for f in found] == [("TXT-FEE", "W")]
    assert "没有说明信息处理费" in found[0].message
    rep.parts["六"] = "严格执行《政府信息公开信息处理费管理办法》。"
    assert "没有说明是否收取" in check_report(rep)[0].message
    rep.parts["六"] = "全年收取政府信息公开信息处理费 0 元。"
    assert check_report(rep) == []


def test_txt_fee_required_when_a_fee_notice_lapsed():
    rep = clean()
    set_t3(rep, "new", "natural_person", 1)
    set_t3(rep, "other.unpaid_fee", "natural_person", 1)
    rep.t3[("total", "natural_person")] = rep.t3[("total", "total")] = 1
    rep.parts["六"] = "无。"
    found = check_report(rep)
    assert [(f.rule, f.actual) for f in found] == [("TXT-FEE", 1)]
    assert found[0].message.startswith("表三「（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用")


def test_txt_fee_amount_against_the_ledger():
    rep = clean()
    rep.fee = FeeSummary(charged=1, amount_yuan=Decimal(100), notices=1)
    rep.parts["六"] = "本年度对1件申请收取信息处理费100元。"
    assert check_report(rep) == []
    rep.parts["六"] = "本年度未收取信息处理费。"
    found = check_report(rep)
    assert [(f.rule, f.expected, f.actual) for f in found] == [("TXT-FEE", Decimal(100), Decimal(0))]


def test_txt_fee_not_confused_with_administrative_fees():
    rep = clean()
    rep.parts["六"] = "本年度行政事业性收费7730.28万元。"
    assert rules(check_report(rep)) == ["TXT-FEE"]


@pytest.mark.parametrize("text", ["", "无", "无。", " 暂无 ", "**无**"])
def test_txt_problems(text):
    rep = clean()
    rep.parts["五"] = text
    found = check_report(rep)
    assert [(f.rule, f.severity) for f in found] == [("TXT-PROBLEMS", "W")]


def test_txt_todo_instead_of_problems_for_an_unfilled_draft():
    rep = clean()
    rep.parts["五"] = f"（一）主要问题。{vocab.TODO_MARK}\n（二）改进情况。{vocab.TODO_MARK}"
    found = check_report(rep)
    assert [(f.rule, f.severity, f.actual) for f in found] == [("TXT-TODO", "W", 2)]
    rep.parts["五"] = vocab.TODO_MARK
    assert rules(check_report(rep)) == ["TXT-TODO"]
    rep.parts["一"] += vocab.TODO_MARK
    assert [f.where for f in check_report(rep)] == [vocab.PART_HEADINGS["一"], vocab.PART_HEADINGS["五"]]


def test_txt_year():
    rep = clean(year=2024)
    rep.title = "淮安市洪泽区人民政府 2023 年政府信息公开工作年度报告"
    rep.period = ("2024年1月1日", "2024年12月31日")
    found = check_report(rep)
    assert [(f.rule, f.expected, f.actual) for f in found] == [("TXT-YEAR", 2024, 2023)]
    rep.title = ""
    rep.period = ("2023 年 1 月 1 日", "12 月 31 日")
    found = check_report(rep)
    assert [(f.rule, f.where) for f in found] == [("TXT-YEAR", "2023 年 1 月 1 日至12 月 31 日")]


NANJIE_ITEMS = (
    "全年主动公开政务信息 485 条，其中政府网站发布上年度政府信息公开工作年度报告、部门预算公开信息等 3 条，"
    "“南街之窗”微信公众号发布工作动态、转载政策法规等信息 416 条，街道公示栏公布社会救助资金发放名册、"
    "经济普查相关信息共 66 次。"
)


def test_txt_items_nanjie_adds_up():
    rep = clean()
    rep.parts["一"] = NANJIE_ITEMS
    assert check_report(rep) == []


def test_txt_items_breakdown_does_not_add_up():
    rep = clean()
    rep.parts["一"] = NANJIE_ITEMS.replace("66 次", "76 次")  # the parts add up to more than the total
    found = check_report(rep)
    assert [(f.rule, f.expected, f.actual) for f in found] == [("TXT-ITEMS", 485, 495)]
    assert "3 + 416 + 76 = 495" in found[0].message


def test_txt_items_breakdown_short_of_the_total_is_a_guess():
    """Parts adding up to less than the total may be some channels only (issue 22): a guess."""
    rep = clean()
    rep.parts["一"] = NANJIE_ITEMS.replace("66 次", "60 次")
    assert check_report(rep) == []
    found = check_report(rep, strict=True)
    assert [(f.rule, f.expected, f.actual, f.guess) for f in found] == [("TXT-ITEMS", 485, 479, True)]
    assert "可能只列了部分渠道" in found[0].message


def test_txt_items_total_against_the_ledger():
    rep = clean()
    rep.items = ItemsTally([("portal", "政府网站")], ["其他"], {("portal", "其他"): 480})
    rep.parts["一"] = "本年度共主动公开政府信息485条。"
    found = check_report(rep)
    assert [(f.rule, f.table, f.expected, f.actual) for f in found] == [("TXT-ITEMS", "items", 480, 485)]


# --------------------------------------------------------------------------- across years
def last_year() -> AnnualReport:
    """A clean 2022 report whose prose is not this year's (so X-SAME-TEXT stays silent)."""
    return clean(year=2022, parts=dict(PROSE, 一="上年的文字完全不同，讲的是另外一些工作。" * 12))


def test_cross_year_rules_only_with_previous():
    prev, rep = clean(year=2022), clean()
    assert rules(check_report(rep, prev)) == ["X-SAME-TEXT"]  # the same prose two years running
    prev = last_year()
    prev.t3[("carried_forward", "natural_person")] = 2
    assert check_report(rep) == []
    assert rules(check_report(rep, prev)) == ["X-CARRY"]


def test_x_carry():
    prev, rep = last_year(), clean()
    for r in ("granted", "carried_forward"):
        set_t3(prev, r, "research", 2)
    set_t3(prev, "new", "research", 4)
    prev.t3[("total", "research")] = prev.t3[("total", "total")] = 2
    assert check_report(prev) == []
    found = check_report(rep, prev)
    assert [(f.rule, f.row, f.column, f.expected, f.actual) for f in found] == [
        ("X-CARRY", "carried_over", "research", 2, 0),
        ("X-CARRY", "carried_over", "total", 2, 0),
    ]


def test_x_in_force():
    prev, rep = last_year(), clean()
    prev.t2[("normative_document", "in_force")] = 8
    rep.t2.update({("normative_document", "issued"): 3, ("normative_document", "repealed"): 1})
    rep.t2[("normative_document", "in_force")] = 8
    found = check_report(rep, prev)
    assert [(f.rule, f.row, f.column, f.expected, f.actual) for f in found] == [
        ("X-IN-FORCE", "normative_document", "in_force", 10, 8)
    ]
    rep.t2[("normative_document", "in_force")] = 10
    assert check_report(rep, prev) == []


def test_x_same_text_prose():
    long = (
        "（一）主动公开情况。2022年，街道坚持以公开为常态、不公开为例外，通过政府网站、微信公众号和公示栏"
        "主动公开各类政府信息，内容涵盖社会救助、就业创业、卫生健康等领域，及时回应群众关切。"
        "（二）政府信息管理情况。严格执行三审三校制度，落实谁起草谁负责、谁审核谁负责、谁签发谁负责的要求。"
    )
    prev = clean(year=2022)
    prev.parts = dict(PROSE, 一=long)
    rep = clean()
    rep.parts = dict(PROSE, 一=long.replace("2022", "2023"))
    found = check_report(rep, prev)
    assert [(f.rule, f.severity, f.actual) for f in found] == [("X-SAME-TEXT", "W", "100%")]
    rep.parts["一"] = "（一）主动公开情况。本年度街道把重点放在老年人服务和社区治理上，新开了两个专栏，并整合了线下公示点。" * 2
    assert check_report(rep, prev) == []


def test_x_same_text_identical_nonzero_tables_but_not_zero_ones():
    prev, rep = last_year(), clean()
    assert check_report(rep, prev) == []  # two all-zero years are normal for a small unit
    for r in (prev, rep):
        r.t2[("penalty", "decisions")] = 21
    found = check_report(rep, prev)
    assert [(f.rule, f.table) for f in found] == [("X-SAME-TEXT", "t2")]
    for r in (prev, rep):  # only 现行有效 unchanged: a quiet year, not a copy
        r.t2[("penalty", "decisions")] = 0
        r.t2[("normative_document", "in_force")] = 5
    assert check_report(rep, prev) == []


def test_x_previous_wrong_year():
    prev, rep = clean(year=2021), clean()
    prev.t3[("carried_forward", "natural_person")] = 2
    found = check_report(rep, prev)
    assert [(f.rule, f.expected, f.actual) for f in found] == [("X-PREVIOUS", 2022, 2021)]


# --------------------------------------------------------------------------- order, source
def test_order_and_source():
    rep = document()
    rep.source = "reports/nanjie.txt"
    rep.parts["五"] = "无"
    rep.labels = [SeenLabel("t2", "column", "repealed", "本年度止件数")]
    rep.t4[("review", "upheld")] = 1
    rep.t3[("new", "total")] = 1
    rep.raw[("t4", "review", "pending")] = ""
    rep.t4[("review", "pending")] = None
    found = check_report(rep)
    assert rules(found) == ["CELL-VALUE", "T3-BALANCE", "T3-ROW-SUM", "FMT-LABEL", "TXT-PROBLEMS"]
    assert {f.source for f in found} == {"reports/nanjie.txt"}
    assert check_report(rep) == found
    assert all(set(f.to_dict()) >= {"rule", "severity", "table", "row", "column", "expected", "actual"} for f in found)


# --------------------------------------------------------------------------- the real sample report
@pytest.mark.skipif(not NANJIE.exists(), reason="../shared/reference/nanjie-2023-annual-report.txt is absent")
def test_nanjie_prose_against_its_tables():
    """The sample report's prose agrees with its (all-zero but 21 行政处罚) tables: no TXT finding."""
    text = NANJIE.read_text(encoding="utf-8")
    marks = {n: text.index(f"\n{n}、") for n, _ in vocab.PARTS}
    rep = clean()
    rep.t2[("penalty", "decisions")] = 21
    rep.title = "惠农区南街街道 2023 年政府信息公开工作年度报告"
    rep.parts = {}
    for i, (n, _) in enumerate(vocab.PARTS):
        end = marks[vocab.PARTS[i + 1][0]] if i < 5 else len(text)
        rep.parts[n] = text[marks[n] :end].split("\n", 2)[-1]
    assert check_report(rep) == []


# --------------------------------------------------------------------------- property
ARITH_PROSE = {"五": "（一）主要问题。人员不足。", "六": "未收取信息处理费。"}


@st.composite
def balanced(draw) -> AnnualReport:
    """A report whose tables 三 and 四 satisfy every arithmetic relation."""
    rep = AnnualReport.empty("某局", 2023)
    rep.parts = dict(ARITH_PROSE)
    small = st.integers(0, 6)
    for col in APPLICANTS:
        results = [draw(small) for _ in T3_RESULTS]
        for row, v in zip(T3_RESULTS, results, strict=True):
            rep.t3[(row, col)] = v
        total = sum(results)
        cf = draw(small)
        co = draw(st.integers(0, total + cf))
        rep.t3.update({("total", col): total, ("carried_forward", col): cf, ("carried_over", col): co})
        rep.t3[("new", col)] = total + cf - co
    for row in vocab.T3_ROW_CODES:
        rep.t3[(row, "total")] = sum(rep.t3[(row, c)] for c in APPLICANTS)
    for g in vocab.T4_ROWS.codes:
        parts = [draw(small) for _ in range(4)]
        for c, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            rep.t4[(g, c)] = v
        rep.t4[(g, "total")] = sum(parts)
    return rep


def expected_arithmetic(table: str, row: str, col: str) -> set[tuple]:
    """The relations one t3/t4 cell takes part in, as (rule, table, row, column) of their findings."""
    if table == "t2":
        return set()  # table 二 has no arithmetic relation
    if table == "t4":
        return {("T4-GROUP-SUM", "t4", row, "total")}
    out = {("T3-ROW-SUM", "t3", row, "total")}
    if row in ("new", "carried_over", "total", "carried_forward"):
        out.add(("T3-BALANCE", "t3", None, col))
    if row in T3_RESULTS or row == "total":
        out.add(("T3-RESULT-SUM", "t3", "total", col))
    return out


CELLS = [("t2", r, c) for r, c in vocab.T2_CELLS] + [("t3", r, c) for r, c in vocab.t3_cells()]
CELLS += [("t4", r, c) for r, c in vocab.t4_cells()]


@settings(max_examples=150, deadline=None)
@given(balanced(), st.sampled_from(CELLS), st.integers(1, 50))
def test_property_one_changed_cell_breaks_exactly_its_relations(rep, cell, delta):
    assert check_report(rep) == []
    table, row, col = cell
    rep.table(table)[(row, col)] += delta
    found = check_report(rep)
    assert {f.rule for f in found} <= ARITHMETIC
    assert keys(found) == expected_arithmetic(table, row, col)
    assert len(found) == len(keys(found))
    assert all(f.severity == "E" for f in found)
