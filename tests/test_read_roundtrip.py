"""What `disc report` writes (md, txt, html, docx) reads back cell for cell, with nothing recorded
that the checks would report (every label official, no evidence beyond the cells)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_cli import vocab
from disclosure_cli.report import render  # noqa: E402
from disclosure_cli.report.model import TABLE_CELLS, AnnualReport
from disclosure_cli.report.read import extract_rows, read_document
from disclosure_cli.report.readers.core import key
from disclosure_cli.report.readers.evidence import RawCell

ORGS = ["城关镇人民政府", "某某市生态环境局", "东城区民政局", "河口街道办事处"]
FORMATS = ["md", "txt", "html", "docx"]


def _official(lab) -> str | None:
    if lab.kind == "row":
        if lab.table == "t3":
            return vocab.T3_ROW_BY_CODE[lab.code].label
        return {"t2": vocab.T2_ROWS, "t4": vocab.T4_ROWS}[lab.table].label(lab.code)
    if lab.kind == "column":
        return {"t2": vocab.T2_COLUMNS, "t3": vocab.T3_COLUMNS, "t4": vocab.T4_COLUMNS}[lab.table].label(
            lab.code
        )
    return None


@st.composite
def reports(draw) -> AnnualReport:
    rep = AnnualReport.empty(draw(st.sampled_from(ORGS)), draw(st.integers(2021, 2026)))
    for t, cells in TABLE_CELLS.items():
        for k in cells:
            if (t, k[1]) == ("t2", "amount_wan"):
                cents = draw(st.integers(0, 10**9))
                rep.t2[k] = Decimal(cents).scaleb(-draw(st.integers(0, 4)))
            else:
                rep.table(t)[k] = draw(st.integers(0, 100_000))
    rep.parts = {
        "一": f"全年主动公开政府信息 {draw(st.integers(0, 9999))} 条。",
        "五": "栏目更新不够及时。\n下一步将按月检查。",
        "六": "本年度未收取信息处理费。",
    }
    return rep


def _write(rep: AnnualReport, fmt: str, path) -> None:
    if fmt == "docx":
        from disclosure_cli.report import office

        office.write_docx(rep, path)
    else:
        path.write_text(render.render(rep, fmt), encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rep=reports())
def test_written_report_reads_back(fmt, rep, tmp_path):
    path = tmp_path / f"report.{fmt}"
    _write(rep, fmt, path)
    got = read_document(path)
    assert (got.org, got.year) == (rep.org, rep.year)
    for t, cells in TABLE_CELLS.items():
        for k in cells:
            assert got.table(t)[k] == rep.table(t)[k], (t, k)
    assert [e for e in got.evidence if not isinstance(e, RawCell)] == [] and got.raw == {}
    assert got.tables_found == {"t2", "t3", "t4"}
    assert [n for n, _ in got.headings] == [n for n, _ in vocab.PARTS]
    assert all(h == vocab.PART_HEADINGS[n] for n, h in got.headings)
    for lab in got.labels:
        official = _official(lab)
        if official is not None:
            assert key(lab.text) == key(official), lab
    assert got.parts["五"] == rep.parts["五"]
    assert {r["status"] for r in extract_rows(got)} == {"read"}
