"""disc lint on real published reports, and the round trip: what disc report writes lints clean, and
changing one cell makes lint report exactly the rules that cell breaks."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_cli import vocab
from tests.asserts import refused
from tests.conftest import SAMPLE_DB, shared_file


def _findings(run, *files, extra=()):
    res = run("lint", *files, "--format", "json", *extra)
    return res.exit_code, json.loads(res.stdout or "[]")


def test_nanjie_text(run):
    f = shared_file("reference", "nanjie-2023-annual-report.txt")
    code, found = _findings(run, f)
    assert code == 1
    rules = {(x["rule"], x["table"], x["row"], x["column"]) for x in found}
    blank = {("CELL-VALUE", "t4", "review", c) for c in vocab.T4_COLUMNS.codes}
    assert blank <= rules
    assert ("FMT-LABEL", "t2", None, "repealed") in rules
    label = next(x for x in found if x["rule"] == "FMT-LABEL")
    assert label["actual"] == "本年度止件数" and label["expected"] == "本年废止件数"
    arithmetic = {"T3-BALANCE", "T3-RESULT-SUM", "T3-ROW-SUM", "T4-GROUP-SUM"}
    assert not [x for x in found if x["rule"] in arithmetic]


def test_nanjie_extract_reports_unread_never_guessed(run):
    f = shared_file("reference", "nanjie-2023-annual-report.txt")
    res = run("lint", "--extract", f, "--format", "csv")
    cells = {(r["table"], r["row"], r["column"]): r for r in csv.DictReader(io.StringIO(res.stdout))}
    assert cells[("t2", "penalty", "decisions")]["value"] == "21"
    # six figures and one empty field under seven columns: the empty field is the blank 总计 (issue 22)
    assert cells[("t3", "granted", "total")]["status"] == "blank" and cells[("t3", "granted", "total")]["value"] == ""
    # six figures and nothing after them: which cell is missing cannot be told, none is placed
    assert cells[("t3", "withheld.state_secret", "natural_person")]["status"] == "unread"
    assert cells[("t3", "new", "total")]["status"] == "read" and cells[("t3", "new", "total")]["value"] == "0"
    assert cells[("t4", "review", "upheld")]["status"] == "blank"
    assert cells[("t4", "suit_direct", "total")]["value"] == "0"


def test_hongze_2023_pdf(run):
    f = shared_file("fixtures", "published", "hongze-district-2023.pdf")
    code, found = _findings(run, f)
    assert code == 1
    groups = {x["row"] for x in found if x["rule"] == "T4-GROUP-SUM"}
    assert groups and groups <= {"review", "suit_direct", "suit_after_review"}
    assert any(x["rule"] == "FMT-OUTDATED" and "（六）其他处理" in x["where"] for x in found)
    assert any(x["rule"] == "FMT-LABEL" and x["actual"] and "其他法律行政止公开" in x["actual"] for x in found)


def test_hongze_2024_pdf_prose_against_table(run):
    f = shared_file("fixtures", "published", "hongze-district-2024.pdf")
    _, found = _findings(run, f)
    txt = [x for x in found if x["rule"] == "TXT-REQUESTS"]
    assert txt and txt[0]["actual"] == 17 and txt[0]["expected"] == 95


def test_lint_a_folder_exit_code_and_summary(run, tmp_path):
    shared_file("fixtures", "published", "hongze-district-2023.pdf")
    from tests.conftest import SHARED

    res = run("lint", SHARED / "fixtures" / "published")
    assert res.exit_code == 1
    assert "hongze-district-2023.pdf" in res.output and "hongze-district-2024.pdf" in res.output


def test_scanned_or_unknown_files(run, tmp_path):
    odd = tmp_path / "x.xyz"
    odd.write_text("x")
    refused(run("lint", odd), "不支持的文件类型「.xyz」", "可读 .docx .html .pdf .txt .md")
    refused(run("lint", tmp_path / "missing.pdf"), "找不到文件", "missing.pdf")


# --------------------------------------------------------------------------- round trip
def _sample_report():
    from disclosure_cli.ledger.db import Ledger
    from disclosure_cli.report.build import build_full_report

    with Ledger.open(SAMPLE_DB) as led:
        return build_full_report(led, 2023)


def _write(report, fmt, path):
    if fmt == "docx":
        from disclosure_cli.report.office import write_docx

        write_docx(report, path)
    else:
        from disclosure_cli.report.render import render

        path.write_text(render(report, fmt), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "docx"])
def test_every_report_disc_writes_lints_clean(run, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    res = run("--db", SAMPLE_DB, "report", "--year", "2023", "-o", out)
    assert res.exit_code == 0, res.output
    code, found = _findings(run, out)
    assert found == [] and code == 0


def _expected_arithmetic(table: str, row: str, col: str) -> set[str]:
    if table == "t4":
        return {"T4-GROUP-SUM"}
    if table == "t2":  # the sample is a 街道, which makes no 规章
        return {"T2-REGULATION"} if row == "regulation" else set()
    rules = {"T3-ROW-SUM"}
    if row in ("new", "carried_over", "carried_forward"):
        rules.add("T3-BALANCE")
    elif row == "total":
        rules |= {"T3-BALANCE", "T3-RESULT-SUM"}
    else:
        rules.add("T3-RESULT-SUM")
    return rules


CELLS = [("t3", r, c) for r, c in vocab.t3_cells()] + [("t4", r, c) for r, c in vocab.t4_cells()] + [
    ("t2", r, c) for r, c in vocab.T2_CELLS if c != "amount_wan"
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=st.sampled_from(CELLS), delta=st.integers(1, 50), fmt=st.sampled_from(["txt", "md", "html", "docx"]))
def test_changing_one_cell_breaks_exactly_its_rules(tmp_path_factory, cell, delta, fmt):
    from disclosure_cli.report.checks import check_report
    from disclosure_cli.report.lint import lint_file

    report = _sample_report()
    table, row, col = cell
    report.table(table)[(row, col)] += delta
    path = _write(report, fmt, tmp_path_factory.mktemp("rt") / f"r.{fmt}")
    found = lint_file(path).findings
    prose = {f.rule for f in check_report(report) if f.rule.startswith("TXT-")}
    assert {f.rule for f in found} == _expected_arithmetic(table, row, col) | prose
    for f in found:
        if f.rule in ("T3-ROW-SUM", "T4-GROUP-SUM"):
            assert f.row == row
        if f.rule in ("T3-BALANCE", "T3-RESULT-SUM"):
            assert f.column == col


def test_lint_sum_adds_up_units_and_lints_the_sum(run, tmp_path):
    """A reviewer with only the documents: the sum of balanced reports balances; a broken unit shows."""
    a = _sample_report()
    b = _sample_report()
    b.org = "北街街道"
    b.t3[("new", "business")] = 2
    b.t3[("new", "total")] = 2
    b.t3[("carried_forward", "business")] = 2
    b.t3[("carried_forward", "total")] = 2
    pa = _write(a, "txt", tmp_path / "a.txt")
    pb = _write(b, "html", tmp_path / "b.html")
    res = run("lint", "--sum", pa, pb, "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout or "[]") == []
    b.t3[("granted", "natural_person")] = 1  # breaks 总计 and the row sum in the second unit
    pb = _write(b, "md", tmp_path / "b.md")
    res = run("lint", "--sum", pa, pb, "--format", "json")
    assert res.exit_code == 1
    rules = {f["rule"] for f in json.loads(res.stdout)}
    assert {"T3-ROW-SUM", "T3-RESULT-SUM"} <= rules
