"""Issue 10: one rule registry — every rule once, --list-rules prints it, --rule takes codes in any
case and by prefix, an unknown code is exit 2 naming the nearest, sources decide where a rule runs."""

from __future__ import annotations

import json
import re

import pytest

from disclosure_cli.errors import BadInput
from disclosure_cli.report import rules
from disclosure_cli.report.model import AnnualReport
from tests.asserts import refused
from tests.conftest import SAMPLE_DB, shared_file


def test_every_catalogued_rule_is_registered_once_with_what_it_needs():
    catalogue = shared_file("reference", "validation-rules.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"^\| ([A-Z0-9]+(?:-[A-Z0-9]+)+) \|", catalogue, re.M))
    assert codes and codes <= set(rules.REGISTRY)
    for rule in rules.REGISTRY.values():
        assert rule.severity in ("E", "W") and rule.description and rule.sources
        assert rule.family in rules.FAMILIES
        assert rule.sources <= {"ledger", "document", "sum"}
    assert all(r.needs_previous for c, r in rules.REGISTRY.items() if c.startswith("X-"))
    assert all(r.sources == {"document"} for c, r in rules.REGISTRY.items() if c.startswith(("FMT-PARTS", "FMT-LABEL")))
    assert all(r.sources == {"ledger"} for c, r in rules.REGISTRY.items() if c.startswith("L-"))


def test_select_by_code_any_case_and_by_prefix():
    assert rules.select(["t3-balance"]) == {"T3-BALANCE"}
    assert rules.select(["T3-*"]) == {"T3-BALANCE", "T3-RESULT-SUM", "T3-ROW-SUM"}
    assert rules.select(["l-letter-"]) == {c for c in rules.REGISTRY if c.startswith("L-LETTER-")}
    assert rules.select(["T4-GROUP-SUM,cell-value"]) == {"T4-GROUP-SUM", "CELL-VALUE"}
    assert rules.select(None) is None
    with pytest.raises(BadInput, match="T3-BALANCE"):
        rules.select(["T3-BALANC"])
    with pytest.raises(BadInput):
        rules.select(["NOPE-*"])


def test_rule_option_on_the_command_line(run, db):
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-02-01")
    upper = run("--db", db, "check", "--year", "2023", "--format", "json", "--rule", "TXT-TODO")
    lower = run("--db", db, "check", "--year", "2023", "--format", "json", "--rule", "txt-todo")
    assert upper.exit_code == lower.exit_code == 0
    assert json.loads(upper.stdout) == json.loads(lower.stdout) != []
    star = run("--db", db, "check", "--year", "2023", "--format", "json", "--rule", "TXT-*")
    assert {f["rule"] for f in json.loads(star.stdout)} >= {"TXT-TODO"}
    bad = run("--db", db, "check", "--year", "2023", "--rule", "T3-BALANC")
    refused(bad, "规则「T3-BALANC」不存在", "最接近的是：T3-BALANCE")
    bad = run("lint", "x.txt", "--rule", "FMT-LABLE")
    refused(bad, "规则「FMT-LABLE」不存在", "最接近的是：FMT-LABEL")


def test_list_rules_prints_the_registry(run):
    res = run("check", "--list-rules", "--format", "json")
    got = json.loads(res.stdout)
    assert {r["code"] for r in got} == {c for c, r in rules.REGISTRY.items() if "ledger" in r.sources}
    res = run("lint", "--list-rules", "--format", "csv")
    assert res.exit_code == 0 and "FMT-LABEL" in res.stdout and "L-REVIEW" not in res.stdout
    res = run("check", "--list-rules", "--format", "md")
    assert re.search(r"\| T3-BALANCE +\|", res.stdout)


def test_sources_decide_where_a_rule_runs():
    """The same report judged as a ledger's, a document's and a sum of documents."""
    rep = AnnualReport.empty("某单位", 2023)
    rep.headings = []  # a document with no headings at all: FMT-PARTS — never for a ledger or a sum
    assert {f.rule for f in rules.run(rep, kind="document")} >= {"FMT-PARTS"}
    assert "FMT-PARTS" not in {f.rule for f in rules.run(rep, kind="ledger")}
    assert "FMT-PARTS" not in {f.rule for f in rules.run(rep, kind="sum")}
    assert not any(f.rule.startswith("TXT-") for f in rules.run(rep, kind="sum"))


def test_sample_ledger_is_clean_by_the_registry(run):
    res = run("--db", SAMPLE_DB, "check", "--year", "2023", "--today", "2024-01-10")
    assert res.exit_code == 0 and res.output == ""
