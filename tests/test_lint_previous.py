"""`disc lint FILE --previous LASTYEAR`: the across-years rules run on two real documents.

Both documents are what `disc report` writes (txt and docx) from ledgers built here. In the ledger
`same`, one application received on 2022-12-20 is still open at the end of 2022 and one normative
document issued in 2022 is in force: 2022's 结转下年度 and 现行有效 are 2023's 上年结转 and 现行有效,
so X-CARRY and X-IN-FORCE find nothing. In the ledger `other`, that application was closed in 2022
and a second document issued in 2022: its 2022 report disagrees with 2023's of `same` on exactly
those cells (validation-rules.md: X-CARRY, X-IN-FORCE).
"""

from __future__ import annotations

import json

import pytest

from tests.asserts import refused

ORG = "惠农区南街街道"
CARRY = "表三「二、上年结转政府信息公开申请数量」"
IN_FORCE = "表二「行政规范性文件」×「现行有效件数」"


def _ledger(path, *, closed_in_2022: bool, documents: int):
    from disclosure_cli.ledger import records, requests
    from disclosure_cli.ledger.db import Ledger

    with Ledger.create(path, ORG) as led:
        _, number = requests.add_request(led, received="2022-12-20", applicant_type="natural_person", subject="道路改造资料")
        requests.close_request(led, number, outcome="granted", date="2022-12-28" if closed_in_2022 else "2023-01-10")
        for k in range(documents):
            records.add_document(
                led, kind="normative_document", number=f"惠南街发〔2022〕{k + 1}号", title=f"关于第{k + 1}件的通知",
                issued=f"2022-0{k + 3}-01",
            )
    return path


@pytest.fixture
def reports(run, tmp_path):
    """(ledger name, year, format) -> the report file written by disc report."""
    ledgers = {
        "same": _ledger(tmp_path / "same.db", closed_in_2022=False, documents=1),
        "other": _ledger(tmp_path / "other.db", closed_in_2022=True, documents=2),
    }
    files = {}
    for name, db in ledgers.items():
        for year in (2022, 2023):
            for fmt in ("txt", "docx"):
                f = tmp_path / f"{name}-{year}.{fmt}"
                res = run("--db", db, "report", "--year", year, "--format", fmt, "-o", f)
                assert res.exit_code == 0, res.output
                assert f.stat().st_size > 0
                files[name, year, fmt] = f
    files["ledgers"] = ledgers
    return files


def findings(run, *args):
    res = run("lint", *args, "--format", "json")
    return res.exit_code, json.loads(res.stdout)


def across(found):
    return [(f["rule"], f["table"], f["row"], f["column"], f["expected"], f["actual"]) for f in found
            if f["rule"] in ("X-CARRY", "X-IN-FORCE", "X-PREVIOUS")]


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_carry_over_that_matches_last_year_gives_no_across_year_finding(run, reports, fmt):
    code, found = findings(run, reports["same", 2023, fmt], "--previous", reports["same", 2022, fmt])
    assert code == 0  # warnings only
    assert across(found) == []
    # the previous document was read and compared: the text of two years' drafts is alike
    assert [f["rule"] for f in found if f["rule"].startswith("X-")] == ["X-SAME-TEXT"]
    # the two years really carry one application and one document over
    t3 = {(r["row"], r["column"]): r["value"] for r in extract(run, reports["same", 2023, fmt]) if r["table"] == "t3"}
    assert (t3["carried_over", "natural_person"], t3["carried_over", "total"]) == ("1", "1")
    t3_before = {(r["row"], r["column"]): r["value"] for r in extract(run, reports["same", 2022, fmt]) if r["table"] == "t3"}
    assert (t3_before["carried_forward", "natural_person"], t3_before["carried_forward", "total"]) == ("1", "1")


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_carry_over_that_differs_from_last_year_is_found(run, reports, fmt):
    this_year = reports["same", 2023, fmt]
    code, found = findings(run, this_year, "--previous", reports["other", 2022, fmt])
    assert code == 0  # across-years findings are warnings
    assert across(found) == [
        ("X-CARRY", "t3", "carried_over", "natural_person", 0, 1),
        ("X-CARRY", "t3", "carried_over", "total", 0, 1),
        ("X-IN-FORCE", "t2", "normative_document", "in_force", 2, 1),
    ]
    by_rule = {(f["rule"], f["column"]): f for f in found}
    assert {f["severity"] for f in found if f["rule"] in ("X-CARRY", "X-IN-FORCE")} == {"W"}
    assert by_rule["X-CARRY", "natural_person"]["message"] == (
        f"{CARRY}×「自然人」为 1，而 2022 年度「四、结转下年度继续办理」×「自然人」为 0"
    )
    assert by_rule["X-IN-FORCE", "in_force"]["message"] == (
        f"{IN_FORCE}为 1，而上年现行有效 2 + 本年制发 0 − 本年废止 0 = 2（未经废止而失效的文件也会造成差异）"
    )
    assert {f["source"] for f in found} == {str(this_year)}
    # without --previous none of these rules runs
    code, alone = findings(run, this_year)
    assert code == 0 and [f for f in alone if f["rule"].startswith("X-")] == []


def test_rule_filter_and_csv_output_with_previous(run, reports):
    res = run("lint", reports["same", 2023, "txt"], "--previous", reports["other", 2022, "docx"],
              "--rule", "X-CARRY", "--format", "csv")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "source,rule,severity,table,row,column,where,expected,actual,message"
    assert [ln.split(",")[1:6] for ln in lines[1:]] == [
        ["X-CARRY", "W", "t3", "carried_over", "natural_person"],
        ["X-CARRY", "W", "t3", "carried_over", "total"],
    ]


def test_previous_may_be_last_year_s_ledger(run, reports):
    """--previous LEDGER.db: last year's tables counted from the records (read-only)."""
    other = reports["ledgers"]["other"]
    from tests.conftest import dump

    before = dump(other)
    code, found = findings(run, reports["same", 2023, "docx"], "--previous", other)
    assert code == 0
    assert across(found) == [
        ("X-CARRY", "t3", "carried_over", "natural_person", 0, 1),
        ("X-CARRY", "t3", "carried_over", "total", 0, 1),
        ("X-IN-FORCE", "t2", "normative_document", "in_force", 2, 1),
    ]
    assert dump(other) == before
    code, found = findings(run, reports["same", 2023, "docx"], "--previous", reports["ledgers"]["same"])
    assert (code, across(found)) == (0, [])


def test_previous_of_the_wrong_year_is_named_and_nothing_compared(run, reports):
    code, found = findings(run, reports["same", 2023, "txt"], "--previous", reports["other", 2023, "txt"])
    assert code == 0
    assert across(found) == [("X-PREVIOUS", None, None, None, 2022, 2023)]
    assert [f["message"] for f in found if f["rule"] == "X-PREVIOUS"] == [
        "所给的上年报告是 2023 年度的，不是 2022 年度：跨年度规则未执行"
    ]


def test_previous_that_does_not_exist_is_refused(run, reports, tmp_path):
    res = run("lint", reports["same", 2023, "txt"], "--previous", tmp_path / "2022年报.txt")
    refused(res, "文件不存在", "2022年报.txt")
    assert res.stdout == ""


def extract(run, path):
    import csv
    import io

    res = run("lint", "--extract", path, "--format", "csv")
    assert res.exit_code == 0, res.output
    return list(csv.DictReader(io.StringIO(res.stdout)))
