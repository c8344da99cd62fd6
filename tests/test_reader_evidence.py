"""What the reader saw travels as typed evidence with where it was printed (issue 22); the edition
of the format is one concept the readers and the rules ask."""

from __future__ import annotations

from pathlib import Path

from disclosure_cli.report.model import AnnualReport
from disclosure_cli.report.read import read_document
from disclosure_cli.report.readers import edition
from disclosure_cli.report.readers.evidence import (
    DuplicateRow,
    OutdatedLabel,
    OutdatedLayout,
    PrintedLabel,
    RawCell,
    Recorder,
    of_type,
)
from disclosure_cli.report.readers.text import rows_from_text

DOCS = Path(__file__).parent / "fixtures" / "docs"


def test_text_rows_carry_their_line():
    rows = rows_from_text("标题\n\n一、总体情况\n规章\t0\t0\t0\n")
    assert [(r.cells[0] if r.cells else "", r.line) for r in rows] == [("标题", 1), ("", 2), ("一、总体情况", 3), ("规章", 4)]
    assert rows[1].meta == {"gap": True}


def test_evidence_says_where_it_was_printed():
    rep = read_document(DOCS / "baishui-2022-outdated.txt")
    text = (DOCS / "baishui-2022-outdated.txt").read_text(encoding="utf-8").splitlines()
    first = next(of_type(rep, OutdatedLabel))
    assert first.label in text[first.line - 1]
    assert first.where == f"第 {first.line} 行"
    label = rep.labels[0]
    assert isinstance(label, PrintedLabel) and label.text in text[label.line - 1]
    cell = next(e for e in of_type(rep, RawCell) if (e.table, e.row, e.column) == ("t2", "license", "decisions"))
    assert cell.text == "35" and "35" in text[cell.line - 1]


def test_the_same_fact_is_one_record_wherever_seen():
    rep = AnnualReport(org="", year=0)
    rec = Recorder(rep)
    rec.note(DuplicateRow("t3", "total", line=4))
    rec.note(DuplicateRow("t3", "total", line=9))
    assert rep.evidence == [DuplicateRow("t3", "total")] and rep.evidence[0].line == 4


def test_edition_by_year_and_by_document():
    assert edition.for_year(2020) is edition.Edition.TRIAL_2019
    assert edition.for_year(2021) is edition.Edition.FORMAT_2021
    assert edition.for_year(0) is None
    rep = read_document(DOCS / "baishui-2022-outdated.txt")
    assert edition.printed(rep, "t2") is edition.Edition.TRIAL_2019
    assert edition.printed(rep, "t3") is edition.Edition.TRIAL_2019
    assert edition.printed(rep, "t4") is edition.Edition.FORMAT_2021
    assert edition.outdated_in_its_year(rep, "t2")  # a 2022 report in the 2019 format
    assert edition.absent_by_layout(rep, "t3", "other.other", "total")
    assert OutdatedLayout("t3") in rep.evidence


def test_a_2021_document_has_no_outdated_evidence():
    rep = read_document(DOCS / "qingshi-2023.html")
    assert edition.printed(rep, "t2") is edition.Edition.FORMAT_2021
    assert not list(of_type(rep, OutdatedLabel)) and not list(of_type(rep, OutdatedLayout))
