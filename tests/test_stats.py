"""disc stats: items by channel × category, by month, the statutory tables; every format."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import SAMPLE_DB


def _long(text: str) -> dict[tuple[str, str, str], str]:
    return {(r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(io.StringIO(text))}


def test_sample_items_match_the_sample_report(run):
    res = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--format", "csv")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0] == "year,org,table,row,column,value"
    cells = _long(res.stdout)
    assert cells[("items", "portal", "total")] == "3"
    assert cells[("items", "wechat", "total")] == "416"
    assert cells[("items", "board", "total")] == "66"
    assert cells[("items", "total", "total")] == "485"


def test_sample_t2_t3_t4(run):
    res = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t2", "--format", "csv")
    cells = _long(res.stdout)
    assert cells.pop(("t2", "penalty", "decisions")) == "21"
    assert len(cells) == 9 and set(cells.values()) == {"0"}
    for table, n in (("t3", 175), ("t4", 15)):
        cells = _long(run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", table, "--format", "csv").stdout)
        assert len(cells) == n and set(cells.values()) == {"0"}
    t3 = _long(run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t3", "--format", "csv").stdout)
    from disclosure_cli import vocab

    assert {(r, c) for _, r, c in t3} == set(vocab.t3_cells())


def test_voided_items_excluded_and_totals(run, db):
    for ch, cat, n in (("微信", "工作动态", 1), ("微信", "政策法规", 1), ("公示栏", "社会救助", 5), ("网站", "工作动态", 1)):
        run("--db", db, "add", "-c", ch, "-k", cat, "-t", "x", "-d", "2023-04-01", "-n", str(n))
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "去年", "-d", "2022-04-01")
    run("--db", db, "void", "4", "--reason", "误登")
    cells = _long(run("--db", db, "stats", "--year", "2023", "--table", "items", "--format", "csv").stdout)
    assert cells[("items", "wechat", "工作动态")] == "1"
    assert cells[("items", "wechat", "total")] == "2"
    assert cells[("items", "board", "total")] == "5"
    assert cells[("items", "portal", "total")] == "0"
    assert cells[("items", "total", "工作动态")] == "1"
    assert cells[("items", "total", "total")] == "7"


def test_by_month(run, db):
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-01-15")
    run("--db", db, "add", "-c", "公示栏", "-k", "工作动态", "-t", "x", "-d", "2023-03-15", "-n", "2")
    cells = _long(run("--db", db, "stats", "--year", "2023", "--by", "month", "--format", "csv").stdout)
    assert cells[("items_month", "2023-01", "wechat")] == "1"
    assert cells[("items_month", "2023-03", "board")] == "2"
    assert cells[("items_month", "2023-02", "total")] == "0"
    assert cells[("items_month", "total", "total")] == "3"
    assert "2023-03" in run("--db", db, "stats", "--year", "2023", "--by", "month", "--format", "md").stdout


def test_formats_and_output_file(run, tmp_path):
    data = json.loads(run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "items", "--format", "json").stdout)
    assert {"year": 2023, "org": "惠农区南街街道", "table": "items", "row": "total", "column": "total", "value": 485} in data
    tsv = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t4", "--format", "tsv").stdout
    assert tsv.splitlines()[1] == "2023\t惠农区南街街道\tt4\treview\tupheld\t0"
    md = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t3", "--format", "md").stdout
    assert "一、本年新收政府信息公开申请数量" in md and "（七）总计" in md
    table = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--format", "table").stdout
    for label in ("政府网站", "微信公众号", "公示栏", "485", "行政处罚", "四、结转下年度继续办理", "未经复议直接起诉"):
        assert label in table
    out = tmp_path / "s.json"
    assert run("--db", SAMPLE_DB, "stats", "--year", "2023", "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["table"] == "items"
    # piped (not a terminal): csv by default
    assert run("--db", SAMPLE_DB, "stats", "--year", "2023").stdout.startswith("year,org,table,row,column,value")


def test_stats_usage_errors(run):
    assert run("--db", SAMPLE_DB, "stats").exit_code == 2
    assert run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t9").exit_code == 2
    assert run("--db", SAMPLE_DB, "stats", "--year", "2023", "--format", "xml").exit_code == 2
    assert run("--db", SAMPLE_DB, "stats", "--year", "2023", "--by", "week").exit_code == 2
