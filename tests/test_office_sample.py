"""sample.db 2023 as Word and Excel through `disc report`: every cell and merged range against the model."""

from __future__ import annotations

from tests import test_office as office_layout
from tests.asserts import refused
from tests.conftest import SAMPLE_DB


def _sample_model():
    from disclosure_cli.ledger.db import Ledger
    from disclosure_cli.report.build import build_full_report

    with Ledger.open(SAMPLE_DB) as led:
        return build_full_report(led, 2023)


def test_sample_docx_cells_and_merges(run, tmp_path):
    out = tmp_path / "2023年报.docx"
    res = run("--db", SAMPLE_DB, "report", "--year", "2023", "--format", "docx", "-o", out)
    assert res.exit_code == 0, res.output
    report = _sample_model()
    office_layout.test_docx_tables_cells_and_merges(report, out)
    office_layout.test_docx_title_opening_and_parts_in_order(report, out)


def test_sample_xlsx_cells_and_merges(run, tmp_path):
    out = tmp_path / "2023年报.xlsx"
    res = run("--db", SAMPLE_DB, "report", "--year", "2023", "-o", out)
    assert res.exit_code == 0, res.output
    office_layout.test_xlsx_sheets_cells_and_merges(_sample_model(), out)


def test_docx_needs_an_output_file(run):
    res = run("--db", SAMPLE_DB, "report", "--year", "2023", "--format", "docx")
    refused(res, "docx 格式需要用 -o 指定输出文件")
    assert res.stdout == ""
