"""Precision on the layouts that misled the reader on held-out real reports (issue 22), one fixture
per kind, each of our own wording (tests/fixtures/reader/make_reader_fixtures.py). Each test failed
before its fix: a wrong cell, a false finding, or a real defect missed."""

from __future__ import annotations

from pathlib import Path

from disclosure_cli import vocab
from disclosure_cli.report.lint import lint_file
from disclosure_cli.report.read import cell_status, extract_rows, read_document
from disclosure_cli.report.readers.evidence import ShortRow, of_type

HERE = Path(__file__).parent / "fixtures" / "reader"


def _rows(found) -> list[tuple]:
    return [(f.rule, f.severity, f.table, f.row, f.column) for f in found]


def _cells(path: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    return {(r["table"], r["row"], r["column"]): (r["value"], r["status"]) for r in extract_rows(read_document(path))}


def test_the_clean_report_reads_clean():
    assert lint_file(HERE / "k0-clean.txt", strict=True).findings == []


# ----------------------------------------------------------------------------- kind 1: a short row
def test_a_short_row_is_never_filled_from_the_left():
    """行政规范性文件 printed 2 and 9 under three columns (本年废止 empty, its place lost): 9 was put
    under 本年废止. （一）予以公开 printed six figures under seven, 表四 fourteen under fifteen."""
    rep = read_document(HERE / "k1-short-rows.txt")
    for col in ("issued", "repealed", "in_force"):
        assert cell_status(rep, "t2", "normative_document", col) == "unread"
    assert all(cell_status(rep, "t3", "granted", c) == "unread" for c in vocab.T3_COLUMNS.codes)
    assert all(cell_status(rep, "t4", r, c) == "unread" for r, c in vocab.t4_cells())
    # every other cell read as printed
    clean = _cells(HERE / "k0-clean.txt")
    got = _cells(HERE / "k1-short-rows.txt")
    wrong = {k: (v, got[k]) for k, v in clean.items() if got[k][1] == "read" and got[k] != v}
    assert wrong == {}
    short = {(e.table, e.row): (e.figures, e.columns) for e in of_type(rep, ShortRow)}
    assert short == {
        ("t2", "normative_document"): (("2", "9"), 3),
        ("t3", "granted"): (("9", "0", "0", "0", "0", "10"), 7),
        ("t4", "review"): (("1", "0", "1", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"), 15),
    }


def test_a_short_row_is_said_unread_and_why():
    found = lint_file(HERE / "k1-short-rows.txt", strict=True).findings
    assert _rows(found) == [
        ("READ-UNREAD", "W", "t2", None, None),
        ("READ-UNREAD", "W", "t3", None, None),
        ("READ-UNREAD", "W", "t4", None, None),
    ]
    assert "「行政规范性文件」一行（第 20 行）印有 2 个数字，少于应有的 3 格" in found[0].message


# ----------------------------------------------------------------------------- kind 3: crawled debris
def test_crawled_debris_list_numbers_brackets_and_blank_positions():
    """A list number left on its own line (「3.」) before a label with its own numbering was glued to
    it (「3.四、结转下年度继续办理」: a false FMT-LABEL); labels in 【】 gave FMT-LABEL; 规章's three
    blank cells (three empty fields) and 行政复议's blank 其他结果 (an empty line between figures) were
    unread — the real defect, blank cells, went unreported."""
    found = lint_file(HERE / "k3-crawled-debris.txt", strict=True).findings
    assert _rows(found) == [
        ("CELL-VALUE", "E", "t2", "regulation", "issued"),
        ("CELL-VALUE", "E", "t2", "regulation", "repealed"),
        ("CELL-VALUE", "E", "t2", "regulation", "in_force"),
        ("CELL-VALUE", "E", "t4", "review", "other"),
    ]
    clean, got = _cells(HERE / "k0-clean.txt"), _cells(HERE / "k3-crawled-debris.txt")
    blank = {("t2", "regulation", c) for c in ("issued", "repealed", "in_force")} | {("t4", "review", "other")}
    assert {k for k, v in got.items() if v[1] != "read"} == blank
    assert {k: v for k, v in got.items() if k not in blank and v != clean[k]} == {}


# ----------------------------------------------------------------------------- kind 4: a label cut by a page
def _kind4(monkeypatch=None):
    return lint_file(HERE / "k4-label-across-pages.pdf", strict=True).findings


def test_a_group_label_cut_by_a_page_is_one_label():
    """A ruled 表三 broken by a page inside （四）无法提供: 「（四）无」 at the foot of page 1, 「法提供」
    at the top of page 2 gave FMT-LABEL for 「法提供」."""
    assert _kind4() == []
    rep = read_document(HERE / "k4-label-across-pages.pdf")
    assert [lab.text for lab in rep.labels if lab.code == "unavailable"] == ["（四）无法提供"]
    assert _cells(HERE / "k4-label-across-pages.pdf") == _cells(HERE / "k0-clean.txt")


def test_a_group_label_cut_by_a_page_in_unruled_text(monkeypatch):
    """The same pages read as text lines (an unruled PDF): 「（四）无 1.本机关…」 then 「法提供 2.没有现成…」."""
    import pdfplumber.page

    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", lambda self, *a, **k: [])
    assert _kind4() == []
    assert _cells(HERE / "k4-label-across-pages.pdf") == _cells(HERE / "k0-clean.txt")


# ----------------------------------------------------------------------------- kind 5: two years side by side
def test_two_years_side_by_side_are_not_read_as_one():
    """A comparison sheet: last year's 表三 and this year's side by side on one page, rows not level.
    Read by height alone their rows interleaved: cells of both years mixed, four T3-BALANCE/
    T3-RESULT-SUM errors and 25 FMT-DUPLICATE. Now each table is read whole, and the one under a
    caption naming another year than the report's is left out."""
    from disclosure_cli.report.readers.evidence import OtherYearTable

    assert lint_file(HERE / "k5-two-years-side-by-side.pdf", strict=True).findings == []
    assert _cells(HERE / "k5-two-years-side-by-side.pdf") == _cells(HERE / "k0-clean.txt")
    rep = read_document(HERE / "k5-two-years-side-by-side.pdf")
    assert [e.year for e in of_type(rep, OtherYearTable)] == [2023]


def test_tables_side_by_side_are_read_one_after_the_other():
    from disclosure_cli.report.readers.pdf import reading_order

    left, right, below = (10, 100, 200, 500), (220, 90, 400, 480), (10, 600, 400, 700)
    assert reading_order([left, right, below]) == [(90, 1), (90, 2), (600, 0)]
    assert reading_order([below]) == [(600, 0)]


def test_two_reports_one_after_the_other():
    """Last year's report pasted after this one in the same file: its title, tables and prose were
    read into part 六 (a false TXT-YEAR and a false TXT-REQUESTS). Now the file's report ends where
    the other year's title begins."""
    from disclosure_cli.report.readers.evidence import SecondReport

    assert lint_file(HERE / "k5-two-reports-in-one-file.txt", strict=True).findings == []
    rep = read_document(HERE / "k5-two-reports-in-one-file.txt")
    assert [e.year for e in of_type(rep, SecondReport)] == [2023]
    assert "2023" not in rep.parts["六"]


# ----------------------------------------------------------------------------- kind 2: prose past its meaning
def test_prose_read_only_as_far_as_it_says():
    """Five sentences read past their meaning gave six false findings: a breakdown naming some channels
    only (TXT-ITEMS), examples (「其中包括」, TXT-ITEMS), 「不予公开、无法提供等」 bound to 无法提供 alone
    (TXT-RESULTS), 「未收到法人或其他组织提出的行政复议申请，也未收到科研机构的…申请」 read as no review
    and no application at all (TXT-CASES, TXT-REQUESTS), 「共六个部分」 beside 行政复议、行政诉讼 read as
    six cases (TXT-CASES). Now none; the two partial breakdowns are guesses (--strict) that say why."""
    assert lint_file(HERE / "k2-prose-readings.txt").findings == []
    guesses = lint_file(HERE / "k2-prose-readings.txt", strict=True).findings
    assert [(f.rule, f.expected, f.actual, f.guess) for f in guesses] == [
        ("TXT-ITEMS", 214, 200, True),
        ("TXT-ITEMS", 21, 14, True),
    ]
    assert "可能只列了部分渠道" in guesses[0].message and "所列是举例" in guesses[1].message
    assert all(f.where and f.where in f.message for f in guesses)  # each quotes its sentence


def test_a_number_split_over_lines_is_one_number():
    """「…新收政府信息公开申请」 / 「2」 / 「9件…」: the claim is 29 (the table says 25); it was read as 9."""
    found = lint_file(HERE / "k2-prose-split-number.txt").findings
    assert [(f.rule, f.expected, f.actual) for f in found] == [("TXT-REQUESTS", 25, 29)]
    assert "申请29件" in found[0].where


# ----------------------------------------------------------------------------- kind 6: defects no rule covered
def test_stale_year_and_all_closed():
    """A 2024 report whose part 一 opens a paragraph on 「2023年，我镇…」 (last year's text), and says
    the applications 「均已办结」 while 四、结转下年度继续办理 is 3: no rule covered either."""
    found = lint_file(HERE / "k6-stale-year-all-closed.txt").findings
    assert [(f.rule, f.table, f.row, f.column, f.expected, f.actual) for f in found] == [
        ("TXT-STALE-YEAR", None, None, None, 2024, 2023),
        ("TXT-ALL-CLOSED", "t3", "carried_forward", "total", 3, 0),
    ]
    assert all(f.where and f.where in f.message for f in found)


def test_a_town_known_by_its_prose_reporting_rules():
    """The title names the unit 「南岭」 without its level; the prose says 本镇; 表二 reports a 规章."""
    found = lint_file(HERE / "k6-town-rules-kind-in-prose.txt").findings
    assert [(f.rule, f.row, f.column, f.actual) for f in found] == [("T2-REGULATION", "regulation", "issued", 1)]
    assert "文中自称「本镇」" in found[0].message


def test_new_rules_hold_their_fire():
    from disclosure_cli.report.prose import all_closed, stale_years

    # a comparison, a plan, a look back, the report's own year, last year further into a paragraph
    text = ("与2023年相比，申请量有所增加。\n2023年以来，我镇持续推进公开。\n2024年，我镇主动公开信息214条。\n"
            "（一）主动公开。我镇全年发布信息。2023年，我镇还开通了公众号。")
    assert [(s.year, s.guess) for s in stale_years(text, 2024)] == [(2023, True)]
    assert all_closed("上年结转的2件申请均已办结。") == []
    assert all_closed("收到申请25件，均已办结，结转下年度3件。") == []
    assert all_closed("因政府信息公开申请行政复议的案件均已审结。") == []
    [c] = all_closed("收到申请25件，均在法定期限内办结。")
    assert c.guess


# ----------------------------------------------------------------------------- over every fixture
def test_no_false_finding_and_no_wrong_cell_over_every_fixture():
    """bench/reader_precision.py over every document fixture: every finding `disc lint` shows is one
    truth-findings.csv lists, none is missed, and no cell with a known truth is read wrong."""
    import importlib.util
    from collections import Counter

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("reader_precision", ROOT / "bench" / "reader_precision.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    docs = bench.documents()
    shown, _guessed, per_doc = bench.findings(docs)
    total: Counter = Counter()
    for c in shown.values():
        total.update(c)
    assert total["false"] == 0 and total["missed"] == 0, {n: c for n, c in per_doc.items() if c["false"] or c["missed"]}
    wrong = {n: c["wrong"] for n, c in bench.cells(docs).items() if c["wrong"]}
    assert wrong == {}
