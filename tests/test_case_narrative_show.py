"""`disc case list` and `disc narrative show` (see their --help): the exact output on a small ledger."""

from __future__ import annotations

import json

import pytest

from tests.asserts import refused
from tests.conftest import dump


@pytest.fixture
def cases(run, db):
    """Three cases entered through the CLI: one filed in 2022 and decided in 2023, one decided, one
    voided (not listed)."""
    for args in (
        ["--kind", "review", "--filed", "2023-08-01", "--ref", "惠复〔2023〕12号"],
        ["--kind", "suit_direct", "--filed", "2023-09-01"],
        ["--kind", "suit_after_review", "--filed", "2022-11-03", "--ref", "（2022）宁0205行初7号"],
    ):
        res = run("--db", db, "case", "add", *args)
        assert res.exit_code == 0, res.output
    assert run("--db", db, "case", "close", "1", "--result", "upheld", "--date", "2023-10-20").exit_code == 0
    assert run("--db", db, "case", "close", "3", "--result", "corrected", "--date", "2023-02-01").exit_code == 0
    assert run("--db", db, "void", "2", "--kind", "case", "--reason", "录入错误").exit_code == 0
    return db


def test_case_list_help_names_its_options(run):
    res = run("case", "list", "--help")
    assert res.exit_code == 0
    for option in ("--org", "--format", "--output", "--db"):
        assert option in res.stdout
    assert "列出复议诉讼案件" in res.stdout


NOT_TIED = {"request": None, "served": None, "answer_due": None, "answered": None, "decision": None}  # issue 25's columns


def test_case_list_csv_tsv_json_exactly(run, cases):
    db = cases
    res = run("--db", db, "case", "list", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout == (
        "id,kind,filed,ref,result,decided,request,served,answer_due,answered,decision\n"
        "3,suit_after_review,2022-11-03,（2022）宁0205行初7号,corrected,2023-02-01,,,,,\n"
        "1,review,2023-08-01,惠复〔2023〕12号,upheld,2023-10-20,,,,,\n"
    )
    res = run("--db", db, "case", "list", "--format", "tsv")
    assert res.stdout == (
        "id\tkind\tfiled\tref\tresult\tdecided\trequest\tserved\tanswer_due\tanswered\tdecision\n"
        "3\tsuit_after_review\t2022-11-03\t（2022）宁0205行初7号\tcorrected\t2023-02-01\t\t\t\t\t\n"
        "1\treview\t2023-08-01\t惠复〔2023〕12号\tupheld\t2023-10-20\t\t\t\t\t\n"
    )
    res = run("--db", db, "case", "list", "--format", "json")
    assert json.loads(res.stdout) == [
        {"id": 3, "kind": "suit_after_review", "filed": "2022-11-03", "ref": "（2022）宁0205行初7号",
         "result": "corrected", "decided": "2023-02-01", **NOT_TIED},
        {"id": 1, "kind": "review", "filed": "2023-08-01", "ref": "惠复〔2023〕12号", "result": "upheld",
         "decided": "2023-10-20", **NOT_TIED},
    ]
    # piped (not a terminal): CSV by default; -o by the file's extension
    assert run("--db", db, "case", "list").stdout == run("--db", db, "case", "list", "--format", "csv").stdout
    out = db.parent / "案件.json"
    assert run("--db", db, "case", "list", "-o", out).exit_code == 0
    assert [c["id"] for c in json.loads(out.read_text(encoding="utf-8"))] == [3, 1]


def test_case_list_md_has_the_chinese_header_and_every_value(run, cases):
    res = run("--db", cases, "case", "list", "--format", "md")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert [c.strip() for c in lines[0].strip("|").split("|")] == ["编号", "类型", "立案日期", "案号", "结果", "审结日期", "申请", "收到副本", "答复期限",
                                                                    "提交答复", "决定"]
    assert set(lines[1]) <= set("|-")
    cells = [[c.strip() for c in ln.strip("|").split("|")] for ln in lines[2:]]
    assert [(c[0], c[2], c[3], c[5]) for c in cells] == [
        ("3", "2022-11-03", "（2022）宁0205行初7号", "2023-02-01"),
        ("1", "2023-08-01", "惠复〔2023〕12号", "2023-10-20"),
    ]
    assert len(lines) == 4


def test_case_list_of_an_empty_ledger_and_of_an_unknown_unit(run, db):
    res = run("--db", db, "case", "list", "--format", "csv")
    assert (res.exit_code, res.stdout) == (0, "id,kind,filed,ref,result,decided,request,served,answer_due,answered,decision\n")
    assert json.loads(run("--db", db, "case", "list", "--format", "json").stdout) == []
    refused(run("--db", db, "case", "list", "--org", "无此单位"), "单位「无此单位」无法识别")


def test_narrative_show_help_names_its_options(run):
    res = run("narrative", "show", "--help")
    assert res.exit_code == 0
    for option in ("--year", "--part", "--org", "--db"):
        assert option in res.stdout
    assert "显示已保存的正文（含占位符原文）" in res.stdout


@pytest.fixture
def narratives(run, db, tmp_path):
    one = tmp_path / "一.md"
    one.write_text("全年主动公开信息{items.total}条。\n其中微信公众号{items.wechat}条。", encoding="utf-8")
    five = tmp_path / "五.md"
    five.write_text("问题：一是栏目更新慢。改进：建立周更制度，每周检查一次。", encoding="utf-8")
    for part, f in (("一", one), ("5", five)):
        res = run("--db", db, "narrative", "set", "--year", "2023", "--part", part, "--file", f)
        assert res.exit_code == 0, res.output
    return db


def test_narrative_show_prints_each_saved_part_as_written(run, narratives):
    db = narratives
    res = run("--db", db, "narrative", "show", "--year", "2023")
    assert res.exit_code == 0, res.output
    assert res.stdout == (
        "== 一 ==\n"
        "全年主动公开信息{items.total}条。\n其中微信公众号{items.wechat}条。\n"
        "== 五 ==\n"
        "问题：一是栏目更新慢。改进：建立周更制度，每周检查一次。\n"
    )
    # one part, by numeral or by digit
    for part in ("一", "1"):
        res = run("--db", db, "narrative", "show", "--year", "2023", "--part", part)
        assert (res.exit_code, res.stdout) == (0, "== 一 ==\n全年主动公开信息{items.total}条。\n其中微信公众号{items.wechat}条。\n")
    # a part not saved: the report uses its automatic draft
    res = run("--db", db, "narrative", "show", "--year", "2023", "--part", "六")
    assert (res.exit_code, res.stdout) == (0, "== 六 ==\n（未填写，报告中使用自动草稿）\n")
    # another year has nothing saved
    assert (run("--db", db, "narrative", "show", "--year", "2024").stdout) == ""


def test_narrative_show_refuses_without_a_year_or_with_a_wrong_part(run, narratives):
    db = narratives
    before = dump(db)
    refused(run("--db", db, "narrative", "show"), "请用 --year 指定年度")
    refused(run("--db", db, "narrative", "show", "--year", "2023", "--part", "七"), "部分「七」无法识别：应为 一 至 六（或 1–6）")
    assert dump(db) == before
