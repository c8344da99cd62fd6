"""Each pass of the reader alone (issue 22): the one quirk it repairs, and what it leaves alone."""

from __future__ import annotations

from disclosure_cli import vocab
from disclosure_cli.report.readers import Row
from disclosure_cli.report.readers.labels import pools
from disclosure_cli.report.readers.passes import (
    drop_leading_blank_cells,
    drop_page_numbers,
    fold_printing_variants,
    join_split_header_words,
    join_title_year_set_apart,
    rejoin_broken_figures,
    row_label_and_figures,
    split_trailing_figures,
    split_two_labels,
    strip_vertical_label_chars,
)
from disclosure_cli.report.readers.structure import published_date, split_run_in_heading, title_of
from disclosure_cli.report.readers.values import t3_adds_up, t4_adds_up


def test_fold_printing_variants_and_it_says_so():
    rows = [Row(["規章", "１２"]), Row(["⼈⺠政府"]), Row(["规章"])]
    out = fold_printing_variants(rows)
    assert [r.cells for r in out] == [["规章", "12"], ["人民政府"], ["规章"]]
    assert [r.repairs for r in out] == [("fold_printing_variants",), ("fold_printing_variants",), ()]
    assert rows[0].cells == ["規章", "１２"]  # the rows given are not changed


def test_drop_page_numbers():
    rows = [Row(["- 3 -"]), Row(["第2页，共5页"]), Row(["3/5"]), Row(["共 5 页 第 2 页"]), Row(["规章", "3"]), Row(["2023年"])]
    assert [r.cells for r in drop_page_numbers(rows)] == [["规章", "3"], ["2023年"]]
    # a figure alone on a line is no page number (one cell per line)
    assert len(drop_page_numbers([Row(["3"])])) == 1


def test_row_label_and_figures():
    loose = Row(["行政许可", "5", "", ""])
    assert row_label_and_figures(loose) == ([(0, "行政许可")], ["5"])
    grid = Row(["（三）不予公开", None, "1.属于国家秘密", "0", "", None, "1"], exact=True)
    assert row_label_and_figures(grid) == ([(0, "（三）不予公开"), (2, "1.属于国家秘密")], ["0", "", "1"])


def test_split_trailing_figures():
    assert split_trailing_figures("规章 0 0 3") == (["规章"], ["0", "0", "3"])
    assert split_trailing_figures("（七）总计 / - 4") == (["（七）总计"], ["/", "-", "4"])
    assert split_trailing_figures("本年度共收到申请") == (["本年度共收到申请"], [])


def test_drop_leading_blank_cells():
    assert drop_leading_blank_cells(["", None, "1", "2"], 2) == ["1", "2"]
    assert drop_leading_blank_cells(["", "1", "2"], 3) == ["", "1", "2"]
    assert drop_leading_blank_cells(["0", "1", "2"], 2) == ["0", "1", "2"]  # not blank: kept


def test_rejoin_broken_figures_only_the_one_way_that_adds_up():
    # 1 / 62 broken in a narrow column: 100 + 62 = 162
    assert rejoin_broken_figures(["100", "0", "0", "0", "0", "62", "1", "62"], 7, t3_adds_up) == [
        "100", "0", "0", "0", "0", "62", "162"
    ]
    assert rejoin_broken_figures(["1", "1", "1", "1", "1", "1", "1", "1"], 7, t3_adds_up) is None  # never a guess
    assert rejoin_broken_figures(["1", "2"], 2, None) == ["1", "2"]
    assert rejoin_broken_figures(["1", "2", "3"], 2, None) is None


def test_t4_adds_up():
    assert t4_adds_up(["1", "0", "0", "0", "1"] * 3)
    assert not t4_adds_up(["1", "0", "0", "0", "2"] * 3)


def test_split_two_labels():
    assert split_two_labels("三、本年度办理结果（一）予以公开") == [vocab.RESULTS, "（一）予以公开"]
    assert split_two_labels("（三）不予公开1.属于国家秘密") == ["（三）不予公开", "1.属于国家秘密"]
    assert split_two_labels("（二）部分公开") == ["（二）部分公开"]


def test_strip_vertical_label_chars():
    assert strip_vertical_label_chars("三 （一）予以公开") == "（一）予以公开"
    assert strip_vertical_label_chars("本 年 2.重复申请") == "2.重复申请"
    assert strip_vertical_label_chars("三") == "三"


def test_join_split_header_words():
    pool = pools()["t3.col"]
    assert join_split_header_words([(0, "商业"), (1, "企业"), (2, "科研机构")], pool) == [(0, "商业企业"), (2, "科研机构")]
    cells = [(0, "自然人"), (1, "总计")]
    assert join_split_header_words(cells, pool) == cells


def test_join_title_year_set_apart():
    assert join_title_year_set_apart(["某区人民政府年政府信息公开工作年度报告", "2023", "正文"]) == [
        "某区人民政府2023年政府信息公开工作年度报告", "正文"
    ]


def test_title_of():
    assert title_of(["某镇2023年政府信息公开", "工作年度报告"]) == "某镇2023年政府信息公开工作年度报告"
    assert title_of(["某镇人民政府", "2023年政府信息公开工作年度报告"]) == "某镇人民政府2023年政府信息公开工作年度报告"
    assert title_of(["首页"], "某局2023年政府信息公开工作年度报告_某市政府") == "某局2023年政府信息公开工作年度报告"


def test_split_run_in_heading():
    assert split_run_in_heading("六、其他需要报告的事项。本年度未收取信息处理费。") == ("六、其他需要报告的事项", "本年度未收取信息处理费。")
    assert split_run_in_heading("一、总体情况") == ("一、总体情况", "")


def test_published_date():
    assert published_date(["某镇人民政府", "2024年1月20日"]) == "2024-01-20"
    assert published_date(["2024年13月20日"]) is None


def test_unwrap_bracketed_labels():
    from disclosure_cli.report.readers.passes import unwrap_bracketed_labels

    rows = [Row(["【自然人】"]), Row(["[商业企业] [科研机构]"]), Row([vocab.T3_CORNER]), Row(["【说明】"]), Row(["（一）予以公开"])]
    out = unwrap_bracketed_labels(rows)
    assert [r.cells[0] for r in out] == ["自然人", "商业企业 科研机构", vocab.T3_CORNER, "【说明】", "（一）予以公开"]
    assert out[0].repairs == ("unwrap_bracketed_labels",) and out[2].repairs == ()


def test_join_numbering():
    from disclosure_cli.report.readers.passes import join_numbering

    assert join_numbering("3.", "其他") == "3.其他"
    assert join_numbering("（三）", "不予公开") == "（三）不予公开"
    assert join_numbering("3.", "四、结转下年度继续办理") == "四、结转下年度继续办理"
    assert join_numbering("3.", "3.要求提供公开出版物") == "3.要求提供公开出版物"


def test_blank_positions_and_blank_lines():
    from disclosure_cli.report.readers.passes import (
        fill_blank_lines,
        fill_blank_positions,
        trailing_empty_fields,
    )

    assert trailing_empty_fields(Row(["规章", "0", "", ""])) == 2
    assert trailing_empty_fields(Row(["规章", "0", ""], exact=True)) == 0
    assert fill_blank_positions(["0"], 2, 3) == ["0", "", ""]
    assert fill_blank_positions(["0"], 3, 3) == ["0"]  # more empty fields than missing cells: an artefact
    assert fill_blank_positions(["0", "1", "2"], 1, 3) == ["0", "1", "2"]
    assert fill_blank_lines(["1", "0", "2"], [2], 4) == ["1", "0", "", "2"]
    assert fill_blank_lines(["1", "0", "2"], [0, 3], 4) == ["1", "0", "2"]  # before or after: paragraph breaks
    assert fill_blank_lines(["1", "2"], [1, 1], 4) == ["1", "", "", "2"]
