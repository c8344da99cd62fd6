"""disc import of a clerk's .xlsx ledger: the same mapping, validation and all-or-nothing as CSV."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.asserts import refused
from tests.conftest import count_items, dump, rows

HEADER = ["发布日期", "渠道", "类别", "标题", "数量", "备注"]
GOOD = [
    [datetime(2023, 5, 6), "微信", "工作动态", "社区开展志愿服务活动", 1, None],
    [date(2023, 6, 1), "网站", "工作动态", "2023年部门预算", 1.0, "预算"],
    ["2023/7/1", "公告栏", "工作动态", "社会救助资金发放名册", 3, None],
]


def workbook(path, data, *, header=HEADER, title: str | None = None, sheet: str = "台账", extra_sheets=()):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    ws.append(header)
    for r in data:
        ws.append(r)
    for name, content in extra_sheets:
        other = wb.create_sheet(name)
        for r in content:
            other.append(r)
    wb.save(path)
    return path


def items(db):
    return rows(db, "SELECT published, channel, category, title, count, note FROM item ORDER BY id")


EXPECTED = [
    ("2023-05-06", "wechat", "工作动态", "社区开展志愿服务活动", 1, None),
    ("2023-06-01", "portal", "工作动态", "2023年部门预算", 1, "预算"),
    ("2023-07-01", "board", "工作动态", "社会救助资金发放名册", 3, None),
]


def test_import_xlsx_first_sheet(run, db, tmp_path):
    f = workbook(tmp_path / "台账.xlsx", GOOD, extra_sheets=[("说明", [["这里不是台账"]])])
    res = run("--db", db, "import", f)
    assert res.exit_code == 0, res.output
    assert "3 行，共 5 条信息" in res.stderr
    assert items(db) == EXPECTED


def test_import_xlsx_same_items_as_csv(run, tmp_path):
    """The same rows as .xlsx and as CSV give the same ledger rows."""
    from disclosure_cli.ledger.db import Ledger

    a, b = tmp_path / "x.db", tmp_path / "c.db"
    Ledger.create(a, "南街街道").close()
    Ledger.create(b, "南街街道").close()
    run("--db", a, "import", workbook(tmp_path / "t.xlsx", GOOD))
    csv_text = ",".join(HEADER) + "\n" + "\n".join(
        ",".join(v for v in (e[0], ch, e[2], e[3], str(e[4]), e[5] or "")) for e, ch in zip(EXPECTED, ["微信", "网站", "公告栏"], strict=True)
    )
    (tmp_path / "t.csv").write_text(csv_text + "\n", encoding="utf-8")
    run("--db", b, "import", tmp_path / "t.csv")
    assert items(a) == items(b) == EXPECTED


def test_title_row_and_empty_rows_are_skipped(run, db, tmp_path):
    data = [GOOD[0], [None] * 6, GOOD[1], [], GOOD[2]]
    f = workbook(tmp_path / "t.xlsx", data, title="惠农区南街街道2023年政务公开台账")
    res = run("--db", db, "import", f)
    assert res.exit_code == 0, res.output
    assert items(db) == EXPECTED


def test_sheet_option_and_unknown_sheet(run, db, tmp_path):
    f = workbook(tmp_path / "t.xlsx", [], sheet="封面", extra_sheets=[("2023年", [HEADER, *GOOD])])
    res = run("--db", db, "import", f, "--sheet", "2023年")
    assert res.exit_code == 0, res.output
    assert items(db) == EXPECTED
    before = dump(db)
    res = run("--db", db, "import", f, "--sheet", "2024年")
    refused(res, "工作表「2024年」不存在；此文件的工作表：封面、2023年")
    assert dump(db) == before


def test_bad_row_exit_2_names_excel_row_and_changes_nothing(run, db, tmp_path):
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "已有", "-d", "2023-01-02")
    before = dump(db)
    data = [*GOOD, [datetime(2023, 8, 1), "微博", "工作动态", "未知渠道", 1, None], [datetime(2023, 8, 2), "微信", "工作动态", "数量为零", 0, None]]
    f = workbook(tmp_path / "t.xlsx", data, title="台账")  # title row 1, header row 2: data from row 3
    res = run("--db", db, "import", f)
    refused(
        res, "共 2 处错误", "第 6 行：渠道（channel）「微博」无法识别", "第 7 行：数量（count）必须不小于 1（现为 0）"
    )
    assert dump(db) == before
    assert count_items(db) == 1


def test_fractional_count_and_dates_typed_as_text(run, db, tmp_path):
    f = workbook(tmp_path / "t.xlsx", [["2023年5月6日", "微信", "工作动态", "半条", 1.5, None]])
    res = run("--db", db, "import", f)
    refused(res, "第 2 行：数量（count）「1.5」不是整数")
    assert count_items(db) == 0


def test_data_without_header_is_an_error(run, db, tmp_path):
    f = workbook(tmp_path / "t.xlsx", [[*GOOD[0], None, "无表头的内容"]])
    res = run("--db", db, "import", f)
    refused(res, "第 2 行：第 H 列有内容但没有表头")
    assert count_items(db) == 0


def test_unknown_header_is_an_error(run, db, tmp_path):
    f = workbook(tmp_path / "t.xlsx", GOOD[:1], header=["发布日期", "渠道", "类别", "标提", "数量", "备注"])
    res = run("--db", db, "import", f)
    refused(res, "无法识别的列：标提。")
    assert count_items(db) == 0


def test_dry_run_and_not_an_xlsx(run, db, tmp_path):
    f = workbook(tmp_path / "t.xlsx", GOOD)
    res = run("--db", db, "import", f, "--dry-run")
    assert res.exit_code == 0 and "校验通过" in res.stderr
    assert count_items(db) == 0
    # files are recognised by content, not by name (issue 9): a CSV named .xlsx is read as the CSV it is
    fake = tmp_path / "fake.xlsx"
    fake.write_text("发布日期,渠道\n", encoding="utf-8")
    res = run("--db", db, "import", fake)
    refused(res, "缺少必需的列：分类/category、信息标题/title")
    assert count_items(db) == 0
    fake.write_text("发布日期,渠道,类别,标题\n2023-05-06,微信,工作动态,一条\n", encoding="utf-8")
    assert run("--db", db, "import", fake).exit_code == 0
    assert count_items(db) == 1


def test_formula_cells_give_their_cached_value(tmp_path):
    """A formula cell is read as the value Excel saved, not as formula text."""
    from openpyxl import Workbook

    from disclosure_cli.ledger.xlsx import xlsx_rows

    wb = Workbook()
    ws = wb.active
    ws.append(["标题", "数量"])
    ws.append(["公示", "=1+2"])
    wb.save(tmp_path / "f.xlsx")
    # openpyxl writes no cached value: never read as the text "=1+2", nor silently as empty (issue 9)
    [(line, rec)] = list(xlsx_rows(tmp_path / "f.xlsx"))
    assert line == 2 and set(rec) == {"__error__"} and "单元格 B2 是公式" in rec["__error__"]


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime(2023, 5, 6, 14, 30), "2023-05-06"),
        (date(2023, 5, 6), "2023-05-06"),
        (3.0, 3),
        (2.5, "2.5"),
        (7, 7),
        (None, ""),
        ("文本", "文本"),
    ],
)
def test_cell_text(value, expected):
    from disclosure_cli.ledger.xlsx import cell_text

    assert cell_text(value) == expected


def test_a_cell_merged_down_a_column_gives_its_value_to_each_row(run, db, tmp_path):
    """A break-it pass: 渠道 merged over three rows (B2:B4) was 「渠道不能为空」 on rows 3 and 4; Excel
    shows the value on each. A title merged across columns stays a title."""
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023年信息台账"])
    ws.merge_cells("A1:D1")
    ws.append(["发布日期", "渠道", "类别", "标题"])
    for day in (1, 2, 3):
        ws.append([dt.date(2023, 7, day), "微信" if day == 1 else None, "工作动态", f"第{day}条"])
    ws.merge_cells("B3:B5")
    ws.append([dt.date(2023, 7, 4), "公示栏", "社会救助", "公示"])
    path = tmp_path / "合并.xlsx"
    wb.save(path)
    res = run("--db", db, "import", path)
    assert res.exit_code == 0, res.output
    assert rows(db, "SELECT published, channel, title FROM item ORDER BY id") == [
        ("2023-07-01", "wechat", "第1条"), ("2023-07-02", "wechat", "第2条"), ("2023-07-03", "wechat", "第3条"),
        ("2023-07-04", "board", "公示")]


def test_a_date_time_is_its_day_and_an_excel_day_number_is_named(run, db, tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("发布日期,渠道,类别,标题\n2023/5/6 10:30,政府网站,通知公告,甲\n2023-05-07 08:00:00,政府网站,通知公告,乙\n",
                 encoding="utf-8")
    assert run("--db", db, "import", f).exit_code == 0
    assert rows(db, "SELECT published FROM item ORDER BY id") == [("2023-05-06",), ("2023-05-07",)]
    f.write_text("发布日期,渠道,类别,标题\n45110,政府网站,通知公告,丙\n", encoding="utf-8")
    from tests.asserts import refused

    refused(run("--db", db, "import", f), "「45110」不是有效日期", "像是 Excel 的日期序号（即 2023-07-03）")
