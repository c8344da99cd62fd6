"""Lint on the shapes real published reports take (issue 11): one fixture per pattern, with the
exact findings each must give — every planted defect found, nothing else.

The fixtures are built by tests/fixtures/docs/lint/make_fixtures.py (our own wording, one fictional
unit); truth.csv there holds every cell as printed, so the readers are judged cell by cell too.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from disclosure_cli.report.lint import lint_file
from disclosure_cli.report.read import extract_rows, read_document

HERE = Path(__file__).parent / "fixtures" / "docs" / "lint"

# (rule, severity, table, row, column, expected, actual) of every finding, in order
EXPECTED: dict[str, list[tuple]] = {
    # 1. prose: the clean text gives nothing (its part-五 heading in other words is the one W);
    #    each planted sentence gives exactly its rule
    "p1-prose-clean.txt": [
        ("FMT-PARTS", "W", None, None, None, "五、存在的主要问题及改进情况", "五、存在的主要问题和改进措施"),
    ],
    "p1-prose-defects.txt": [
        ("TXT-REQUESTS", "W", "t3", "new", "total", 37, 41),
        ("TXT-RESULTS", "W", "t3", None, "total", 21, 20),
        ("TXT-CASES", "W", "t4", "review", "total", 3, 4),
        ("TXT-DOCUMENTS", "W", "t2", "normative_document", "in_force", 13, 12),
        ("TXT-FEE", "W", None, None, None, None, None),
        ("TXT-ITEMS", "W", "items", None, None, 316, 326),
    ],
    "p1-prose-guesses.txt": [],  # readings the wording does not settle: only with --strict
    # 2. copied and crawled text
    "p2-pipes.txt": [],
    "p2-one-cell-per-line.txt": [],
    "p2-tabs-breaks.txt": [],
    # 3. traditional characters; labels broken across lines and pages
    "p2-traditional.txt": [],
    "p3-split-labels.txt": [],
    # 4. 表四 printed as three tables
    "p4-t4-in-pieces.txt": [],
    "p4-t4-in-pieces.html": [],
    # 5. a fee amount with all its decimals; 6. sub-headings, a table of contents, a title on two lines
    "p5-fee-decimals.txt": [],
    "p6-headings.txt": [],
    # 7. a 2019 report in the 2019 trial format: judged by its own labels and layout
    "p7-format-2019.txt": [],
    # the defects no rule covered before: a 镇 reporting 规章, the text calling it another year
    "p9-town-rules-year.txt": [
        ("TXT-YEAR", "W", None, None, None, 2023, 2022),
        ("T2-REGULATION", "W", "t2", "regulation", "issued", 0, 1),
    ],
    "p9-city-rules-years-clean.txt": [],
}


def _row(f) -> tuple:
    return (f.rule, f.severity, f.table, f.row, f.column, f.expected, f.actual)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_gives_exactly_its_findings(name):
    found = lint_file(HERE / name).findings
    assert [_row(f) for f in found] == EXPECTED[name]


def test_every_fixture_is_listed():
    files = {p.name for p in HERE.iterdir() if p.suffix in (".txt", ".html", ".docx")}
    assert files == set(EXPECTED) | {"p8-blank-template.docx"}


def _truth() -> dict[tuple[str, str, str], str]:
    with open(HERE / "truth.csv", encoding="utf-8", newline="") as f:
        return {(r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(f)}


@pytest.mark.parametrize("name", [n for n in sorted(EXPECTED) if not n.startswith(("p7", "p9"))])
def test_every_cell_read_as_printed(name):
    rows = extract_rows(read_document(HERE / name))
    got = {(r["table"], r["row"], r["column"]): r["value"] for r in rows if r["row"] != "other" or r["table"] != "t3"}
    truth = _truth()
    if name.startswith("p5"):
        truth[("t2", "fee", "amount_wan")] = "1.234567"
    wrong = {k: (v, got.get(k)) for k, v in truth.items() if got.get(k) != v}
    assert wrong == {}


def test_2019_report_cells_by_its_layout():
    rows = extract_rows(read_document(HERE / "p7-format-2019.txt"))
    status = Counter(r["status"] for r in rows)
    absent = {(r["table"], r["row"], r["column"]) for r in rows if r["status"] == "absent"}
    # 表二 第（一）项 printed with 本年新制作数量 …, 第（八）项 with 上一年项目数量 / 本年增/减: their 2021
    # cells are not in the document; （六）其他处理 is one row: its three sub-rows are not either
    assert ("t2", "regulation", "issued") in absent and ("t2", "fee", "amount_wan") in absent
    assert ("t3", "other.other", "total") in absent
    assert status["absent"] == 6 + 1 + 21 and status.get("unread", 0) == 0 and status.get("blank", 0) == 0
    by_cell = {(r["table"], r["row"], r["column"]): r["value"] for r in rows}
    assert by_cell[("t2", "penalty", "decisions")] == "45"  # 处理决定数量, beside 上一年项目数量 6 and 本年增/减 +1
    assert by_cell[("t3", "other", "business")] == "2"  # the single row, kept as row other


def test_2019_format_in_a_2023_report_is_one_outdated_finding_per_table(tmp_path):
    text = (HERE / "p7-format-2019.txt").read_text(encoding="utf-8").replace("2019年", "2023年")
    text = text.replace("国办公开办函〔2019〕60号", "国办公开办函〔2021〕30号").replace("2020年1月20日", "2024年1月20日")
    path = tmp_path / "old-template-2023.txt"
    path.write_text(text, encoding="utf-8")
    found = lint_file(path).findings
    assert [(f.rule, f.severity, f.table) for f in found] == [("FMT-OUTDATED", "E", "t2"), ("FMT-OUTDATED", "E", "t3")]
    assert "「本年新制作数量」" in found[0].message and "「政府集中采购」" in found[0].message
    assert "2023 年度报告应使用国办公开办函〔2021〕30号格式" in found[0].message


def test_blank_template_every_cell_blank_none_unread():
    found = lint_file(HERE / "p8-blank-template.docx").findings
    # its empty 表四 data row is read as 15 blank cells; no READ-UNREAD, no "未找到表四"
    assert Counter((f.rule, f.table) for f in found) == {
        ("CELL-VALUE", "t2"): 10,
        ("CELL-VALUE", "t3"): 175,
        ("CELL-VALUE", "t4"): 15,
        ("READ-IDENTITY", None): 2,
    }
    assert all("0 年度" not in f.message for f in found)


def test_guesses_only_with_strict_and_say_so():
    path = HERE / "p1-prose-guesses.txt"
    assert lint_file(path).findings == []
    found = lint_file(path, strict=True).findings
    assert [(f.rule, f.expected, f.actual, f.guess) for f in found] == [
        ("TXT-REQUESTS", 37, 45, True),
        ("TXT-ITEMS", 316, 260, True),
    ]
    assert all("此条为推测" in f.message for f in found)


def test_cli_strict_flag(run):
    path = HERE / "p1-prose-guesses.txt"
    plain = run("lint", str(path), "-f", "csv")
    assert plain.exit_code == 0 and plain.stdout.strip().count("\n") == 0  # the header only
    strict = run("lint", str(path), "--strict", "-f", "csv")
    assert strict.exit_code == 0
    assert [line.split(",")[1] for line in strict.stdout.strip().splitlines()[1:]] == ["TXT-REQUESTS", "TXT-ITEMS"]


def test_each_finding_quotes_its_sentence():
    for f in lint_file(HERE / "p1-prose-defects.txt").findings:
        if f.rule in ("TXT-REQUESTS", "TXT-RESULTS", "TXT-CASES", "TXT-DOCUMENTS", "TXT-ITEMS"):
            assert f.where and f.where in f.message
