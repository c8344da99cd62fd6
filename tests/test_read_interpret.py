"""The one table interpreter behind every reader, fed rows directly: layouts real documents vary in."""

from __future__ import annotations

from disclosure_cli import vocab
from disclosure_cli.report.read import cell_status
from disclosure_cli.report.readers import Row
from disclosure_cli.report.readers.core import interpret, key
from disclosure_cli.report.readers.evidence import DuplicateRow, MissingIdentity, RawCell
from disclosure_cli.report.readers.text import rows_from_text

T = "\t"
T4_HEAD = [
    T.join(["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9),
    T.join(
        [
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "未经复议直接起诉",
            "",
            "",
            "",
            "",
            "复议后起诉",
            "",
            "",
            "",
            "",
        ]
    ),
    T.join([""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2),
]


def read(text: str):
    return interpret(rows_from_text(text))


def test_tables_found_without_any_heading():
    rep = read(
        "\n".join(
            [
                "某某办2023年政府信息公开工作年度报告",
                "第二十条第（一）项",
                T.join(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
                T.join(["行政规范性文件", "4", "0", "9"]),
                T.join(["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"]),
                *T4_HEAD,
                T.join([str(i) for i in range(15)]),
            ]
        )
    )
    assert rep.headings == []
    assert rep.t2[("normative_document", "in_force")] == 9
    assert rep.t3[("new", "total")] == 3
    assert [rep.t4[k] for k in vocab.t4_cells()] == list(range(15))
    assert rep.tables_found == {"t2", "t3", "t4"}


def test_table3_under_a_missing_heading():
    rep = read(
        "\n".join(
            [
                "二、主动公开政府信息情况",
                T.join(["行政许可", "5"]),
                T.join(["一、本年新收政府信息公开申请数量", "2", "0", "0", "0", "0", "1", "3"]),
                T.join(["三、本年度办理结果（一）予以公开", "2", "0", "0", "0", "0", "1", "3"]),
            ]
        )
    )
    assert rep.t2[("license", "decisions")] == 5
    assert rep.t3[("new", "other_org")] == 1
    assert [rep.t3[("granted", c)] for c in vocab.T3_COLUMNS.codes] == [2, 0, 0, 0, 0, 1, 3]
    groups = [(lab.kind, lab.code) for lab in rep.labels if lab.table == "t3"]
    assert ("group", "results") in groups and ("row", "granted") in groups


def test_prose_ending_in_a_number_is_not_a_row():
    rep = read(
        "\n".join(
            [
                "三、收到和处理政府信息公开申请情况",
                "本年度新收政府信息公开申请 17",
                "件，全部按时答复。",
            ]
        )
    )
    assert all(cell_status(rep, "t3", r, c) == "unread" for r, c in vocab.t3_cells())
    assert rep.parts["三"] == "本年度新收政府信息公开申请 17件，全部按时答复。"


def test_misspelt_labels_map_to_the_row_meant():
    rows = [
        ("2.其他法律行政止公开", "withheld.prohibited_by_law"),
        ("3.危及三安全一稳定", "withheld.security_stability"),
        ("5.属于三类内部事物信息", "withheld.internal_affairs"),
        ("2.没有现成信息需另行制作", "unavailable.needs_creation"),
        ("4.无正当理由大量反复 申请", "not_processed.excessive"),
    ]
    lines = ["三、收到和处理政府信息公开申请情况"]
    group = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理"}
    for label, code in rows:
        lines.append(T.join(["", group[code.split(".")[0]], label, "1", "0", "0", "0", "0", "0", "1"]))
    rep = read("\n".join(lines))
    seen = {lab.text: lab.code for lab in rep.labels if lab.kind == "row"}
    for label, code in rows:
        assert seen[label] == code
        assert rep.t3[(code, "natural_person")] == 1


def test_unrelated_label_is_not_matched():
    rep = read(
        "\n".join(
            [
                "二、主动公开政府信息情况",
                T.join(["政务新媒体账号", "3"]),
                T.join(["行政许可", "5"]),
            ]
        )
    )
    assert [lab.code for lab in rep.labels if lab.kind == "row"] == ["license"]
    assert cell_status(rep, "t2", "license", "decisions") == "read"


def test_a_row_printed_twice_keeps_the_first_and_is_marked():
    rep = read(
        "\n".join(
            [
                "三、收到和处理政府信息公开申请情况",
                T.join(["（七）总计", "1", "0", "0", "0", "0", "0", "1"]),
                T.join(["（七）总计", "2", "0", "0", "0", "0", "0", "2"]),
            ]
        )
    )
    assert rep.t3[("total", "total")] == 1
    assert DuplicateRow("t3", "total") in rep.evidence


def test_exact_grid_blank_cell_versus_loose_trailing_tab():
    exact = interpret(
        [
            Row(["三、收到和处理政府信息公开申请情况"]),
            Row(["（一）予以公开", None, "1", "0", "0", "0", "0", "0", ""], exact=True),
        ]
    )
    assert exact.raw[("t3", "granted", "total")] == ""  # an empty cell of a grid: blank
    loose = interpret(
        [
            Row(["三、收到和处理政府信息公开申请情况"]),
            Row(["（一）予以公开", "1", "0", "0", "0", "0", "0", ""]),
            Row(["（二）部分公开", "1", "0", "0", "0", "0", "0", "", ""]),
            Row(["1.属于国家秘密", "1", "0", "0", "0", "0", "0"]),
        ]
    )
    # six figures and one empty field under seven columns: the copy shows the empty cell (issue 22)
    assert loose.raw[("t3", "granted", "total")] == "" and loose.t3[("granted", "other_org")] == 0
    # two empty fields where one cell is missing, or none: which is empty cannot be told, none is placed
    for row in ("partial", "withheld.state_secret"):
        assert all(loose.t3[(row, c)] is None and ("t3", row, c) not in loose.raw for c in vocab.T3_COLUMNS.codes)


def test_key_folds_printing_variants():
    assert key("（三） 不予公开") == key("(三)不予公开")
    assert key("3、危及“三安全一稳定”") == key('3.危及"三安全一稳定"')
    assert key("本年收费金额\n（单位：万元）") == key("本年收费金额(单位:万元)")


def test_grid_row_with_one_text_keeps_its_blank_cells():
    rep = interpret(
        [
            Row(["二、主动公开政府信息情况"]),
            Row(["第二十条第（五）项", None, None, None], exact=True),
            Row(["行政许可", "", None, None], exact=True),
            Row(["三、收到和处理政府信息公开申请情况"]),
            Row(["（一）予以公开", None, "", "", "", "", "", "", ""], exact=True),
            Row(["四、政府信息公开行政复议、行政诉讼情况"]),
            Row(["", "", "", "", "", "", "", "", "", "", "5", "", "", "", ""], exact=True),
        ]
    )
    assert rep.raw[("t2", "license", "decisions")] == ""
    assert all(rep.raw[("t3", "granted", c)] == "" for c in vocab.T3_COLUMNS.codes)
    assert rep.t4[("suit_after_review", "upheld")] == 5
    assert rep.raw[("t4", "review", "upheld")] == "" and rep.raw[("t4", "suit_after_review", "total")] == ""


def test_statistics_period_variants():
    rep = read(
        "某镇2024年政府信息公开工作年度报告\n统计数据：2024年1月1日—2024年12月31日。\n一、总体情况\n3月1日至3月5日开展培训。"
    )
    assert rep.period == ("2024年1月1日", "2024年12月31日")
    rep = read(
        "某镇2024年政府信息公开工作年度报告\n一、总体情况\n本报告统计期限从 2024 年 1 月 1 日到 12 月 31 日。"
    )
    assert rep.period == ("2024 年 1 月 1 日", "12 月 31 日")


def test_rows_of_blank_cells_named_like_columns_are_not_headers():
    blank = [""] * 7
    rep = interpret(
        [
            Row(["三、收到和处理政府信息公开申请情况"]),
            Row(["（六）其他处理", "3.其他", *blank], exact=True),
            Row(["（七）总计", None, *blank], exact=True),
            Row(["四、结转下年度继续办理", None, "1", "0", "0", "0", "0", "0", "1"], exact=True),
        ]
    )
    assert all(rep.raw[("t3", "other.other", c)] == "" for c in vocab.T3_COLUMNS.codes)
    assert all(rep.raw[("t3", "total", c)] == "" for c in vocab.T3_COLUMNS.codes)
    assert rep.t3[("carried_forward", "total")] == 1


def test_a_table_in_part_one_is_prose_not_table_two():
    rep = read(
        "\n".join(
            [
                "一、总体情况",
                T.join(["行政许可", "12"]),
                T.join(["政府网站", "120", "微信公众号", "30"]),
                "二、主动公开政府信息情况",
                T.join(["行政许可", "550"]),
            ]
        )
    )
    assert rep.t2[("license", "decisions")] == 550
    assert [e for e in rep.evidence if not isinstance(e, RawCell)] == [MissingIdentity("org"), MissingIdentity("year")]
    assert rep.parts["一"] == "行政许可 12\n政府网站 120 微信公众号 30"
