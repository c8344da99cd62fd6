"""disc check: silent and 0 when clean; findings with rule, severity, cells and numbers; exit 1 on errors."""

from __future__ import annotations

import json

from disclosure_cli.ledger import records
from tests.asserts import refused
from tests.conftest import SAMPLE_DB, rows


def test_sample_is_clean_and_silent(run):
    res = run("--db", SAMPLE_DB, "check", "--year", "2023", "--today", "2024-01-10")
    assert res.exit_code == 0
    assert res.output == ""


def test_draft_problems_part_is_reported(run, db):
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-02-01")
    res = run("--db", db, "check", "--year", "2023", "--format", "json")
    assert res.exit_code == 0  # warnings only
    rules = {f["rule"] for f in json.loads(res.stdout)}
    assert "TXT-TODO" in rules or "TXT-PROBLEMS" in rules


def test_narrative_contradicting_nothing_and_placeholders_validated(run, db, tmp_path):
    bad = tmp_path / "p.md"
    bad.write_text("全年发布{items.weibo}条。", encoding="utf-8")
    res = run("--db", db, "narrative", "set", "--year", "2023", "--part", "一", "--file", bad)
    refused(res, "无法填写的占位符", "第1行的占位符 {items.weibo} 无法识别")
    assert rows(db, "SELECT count(*) FROM narrative") == [(0,)]
    good = tmp_path / "g.md"
    good.write_text("问题：一是栏目更新慢。改进：建立周更制度，每周检查一次。", encoding="utf-8")
    assert run("--db", db, "narrative", "set", "--year", "2023", "--part", "5", "--file", good).exit_code == 0
    out = run("--db", db, "report", "--year", "2023", "--format", "txt").stdout
    assert "建立周更制度" in out


def test_review_policy_finds_missing_sign_offs(run, db):
    from disclosure_cli.ledger.db import Ledger

    with Ledger.open(db) as led:
        with led.write():
            led.set_meta("review_policy", "full")
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "缺签发", "-d", "2023-02-01", "--drafter", "甲", "--reviewer", "乙")
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "齐全", "-d", "2023-02-01", "--drafter", "甲", "--reviewer", "乙", "--approver", "丙")
    found = json.loads(run("--db", db, "check", "--year", "2023", "--format", "json", "--rule", "L-REVIEW").stdout)
    assert len(found) == 1 and "缺签发" in found[0]["message"] and "签发" in found[0]["message"]


def test_arithmetic_error_exits_1_with_cells_and_numbers(run, db, monkeypatch):
    """A ledger cannot produce an unbalanced table; simulate a builder bug to see the check catch it."""
    from disclosure_cli.report import tables

    real = tables.fill

    def broken(ledger, report, ids):
        real(ledger, report, ids)
        report.t3[("new", "natural_person")] = 2

    monkeypatch.setattr(tables, "fill", broken)
    res = run("--db", db, "check", "--year", "2023", "--format", "json")
    assert res.exit_code == 1
    found = json.loads(res.stdout)
    bal = [f for f in found if f["rule"] == "T3-BALANCE"]
    assert bal and bal[0]["column"] == "natural_person" and bal[0]["severity"] == "E"
    assert {bal[0]["expected"], bal[0]["actual"]} == {0, 2}


def test_cross_year_in_force_heuristic(run, ledger, db):
    records.add_document(ledger, kind="normative_document", title="旧文件", issued="2022-01-01")
    records.add_document(ledger, kind="normative_document", title="新文件", issued="2023-01-01")
    res = run("--db", db, "check", "--year", "2023", "--format", "json", "--rule", "X-")
    assert res.exit_code == 0 and json.loads(res.stdout or "[]") == []
