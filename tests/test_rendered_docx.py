"""What a person sees of the Word files disc writes (issue 24): each rendered by LibreOffice to PDF
and to page images with poppler, as a clerk's WPS or Word would print it. Skips cleanly where the
programs are absent; CI installs them and requires them (.ci/run, DISC_REQUIRE_TOOLS)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from disclosure_cli import vocab
from tests.conftest import SAMPLE_DB, tool


def _pdf(docx: Path, tmp: Path) -> Path:
    soffice = tool("soffice", "libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(docx)], capture_output=True, timeout=240, check=False)
    pdf = tmp / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {docx.name}"
    return pdf


def _text(pdf: Path) -> str:
    got = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return got.stdout


def _pages(pdf: Path, tmp: Path) -> list[Path]:
    subprocess.run([tool("pdftoppm"), "-r", "40", "-png", str(pdf), str(tmp / "page")], check=True, timeout=120)
    return sorted(tmp.glob("page-*.png"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    from disclosure_cli.report import demo

    path = tmp_path_factory.mktemp("demo-docx") / "demo.db"
    demo.build(path)
    return path


def test_the_annual_report_prints_with_its_tables(run, tmp_path):
    out = tmp_path / "年报.docx"
    assert run("--db", SAMPLE_DB, "report", "--year", "2023", "-o", out, "--date", "2024-01-20").exit_code == 0
    pdf = _pdf(out, tmp_path)
    text = _text(pdf)
    for words in ("政府信息公开工作年度报告", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况", "2024年1月20日"):
        assert words in text.replace(" ", ""), words
    pages = _pages(pdf, tmp_path)
    assert 3 <= len(pages) <= 8 and all(p.stat().st_size > 2000 for p in pages)


@pytest.mark.parametrize("kind, args", [
    ("reply", ("2023-012",)),
    ("pause_notice", ("2023-015", "--kind", "pause_notice")),
    ("disclose_notice", ("2023-015", "--kind", "disclose_notice", "--to", "示例颐养院")),
    ("co_maker", ("2023-009", "--kind", "co_maker", "--to", "示例区城市管理局")),
    ("ask_reasons", ("2023-012", "--kind", "ask_reasons")),
    ("delay", ("2023-012", "--kind", "delay")),
])
def test_each_kind_of_letter_prints_on_one_page_with_its_number(run, demo, tmp_path, kind, args):
    out = tmp_path / f"{kind}.docx"
    res = run("--db", demo, "request", "letter", *args, "-o", out)
    assert res.exit_code == 0, res.output
    pdf = _pdf(out, tmp_path)
    text = _text(pdf).replace(" ", "")
    assert vocab.LETTER_TITLES[kind] in text and "示青街依复〔" in text and "示例区青山街道" in text
    assert len(_pages(pdf, tmp_path)) <= 2


def test_the_review_notice_prints(run, tmp_path):
    """A 整改通知 of the review round, on its own ledger (tests/test_review.py builds the round)."""
    from disclosure_cli.ledger.db import Ledger
    from tests.test_review import UNITS, _document, _unit_ledger

    district = tmp_path / "惠农区.db"
    Ledger.create(district, "惠农区").close()
    assert run("--db", district, "org", "add", UNITS[0], "--parent", "惠农区").exit_code == 0
    docs = tmp_path / "docs"
    docs.mkdir()
    _document(run, _unit_ledger(tmp_path, UNITS[0]), docs / f"{UNITS[0]}.txt", five="无。")
    assert run("--db", district, "review", "add", docs, "--received", "2024-01-10").exit_code == 0
    out = tmp_path / "整改通知.docx"
    assert run("--db", district, "review", "return", UNITS[0], "--year", "2023", "-o", out, "--date", "2024-01-12").exit_code == 0
    text = _text(_pdf(out, tmp_path)).replace(" ", "")
    assert "政府信息公开工作年度报告整改通知" in text and "政务公开整改〔2024〕1号" in text and "TXT-PROBLEMS" in text
