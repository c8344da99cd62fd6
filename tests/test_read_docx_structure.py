"""The Word reader (report/readers/docx.py) on the shapes real drafts take: the report's tables nested
in another table's cell (a layout or frame table), and cells wrapped in content controls (w:sdt, what a
form template made in Word or WPS puts around each field: around a cell, a row, a cell's paragraph,
or a run of text). Each document is `disc report --format docx` rewritten here with python-docx and
lxml; every cell `disc lint --extract FILE --format csv` reads must be read, and equal what was
written (`disc stats` of the same ledger).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable

import pytest

from tests.test_rollup import fill_unit

ORG = "惠农区南街街道"
_ids = itertools.count(1000)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """(the report as disc writes it, the cells it holds: [(table, row, column, value)])."""
    from typer.testing import CliRunner

    from disclosure_cli.cli import app
    from disclosure_cli.ledger.db import Ledger

    folder = tmp_path_factory.mktemp("docx-structure")
    db = folder / "ledger.db"
    runner = CliRunner()
    plain = folder / "plain.docx"
    with pytest.MonkeyPatch.context() as mp:  # as conftest's _isolate_env, for this module-wide ledger
        mp.setenv("DISC_CLERK", "测试员")
        mp.setenv("DISC_STATE_DIR", str(folder / ".disc-state"))
        mp.delenv("DISC_DB", raising=False)
        with Ledger.create(db, ORG) as led:
            fill_unit(led, 2)  # every table has non-zero, differing cells
        res = runner.invoke(app, ["--db", str(db), "report", "--year", "2023", "--format", "docx", "-o", str(plain)])
        assert res.exit_code == 0, res.output
        res = runner.invoke(app, ["--db", str(db), "stats", "--year", "2023", "--format", "csv"])
        assert res.exit_code == 0, res.output
    cells = [(r["table"], r["row"], r["column"], r["value"]) for r in csv.DictReader(io.StringIO(res.stdout))
             if r["table"] in ("t2", "t3", "t4")]
    assert len(cells) == 200
    assert sum(v != "0" for *_, v in cells) >= 30  # enough non-zero cells that a shift would show
    return plain, cells


def extract(run, path):
    res = run("lint", "--extract", path, "--format", "csv")
    assert res.exit_code == 0, res.output
    return [(r["table"], r["row"], r["column"], r["value"], r["status"]) for r in csv.DictReader(io.StringIO(res.stdout))]


# --------------------------------------------------------------------------- rewriting the document
def qn(tag: str) -> str:
    from docx.oxml.ns import qn as _qn

    return _qn(tag)


def content_control(node) -> None:
    """Wrap node in <w:sdt><w:sdtPr>…</w:sdtPr><w:sdtContent>node</w:sdtContent></w:sdt> in place."""
    from lxml import etree

    sdt = etree.Element(qn("w:sdt"))
    pr = etree.SubElement(sdt, qn("w:sdtPr"))
    etree.SubElement(pr, qn("w:id")).set(qn("w:val"), str(next(_ids)))
    etree.SubElement(pr, qn("w:tag")).set(qn("w:val"), "填报项")
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    node.addprevious(sdt)
    content.append(node)


def top_tables(body) -> list:
    return [t for t in body.iterchildren(qn("w:tbl"))]


def layout_cell(document, before):
    """A new 1×1 table placed before `before`; returns its one cell (<w:tc>), emptied."""
    outer = document.add_table(rows=1, cols=1)._tbl
    before.addprevious(outer)
    tc = outer.find(".//" + qn("w:tc"))
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    return tc


def end_cell(tc) -> None:
    from lxml import etree

    tc.append(etree.Element(qn("w:p")))  # a cell ends with a paragraph


def each_table_nested(document) -> None:
    for tbl in top_tables(document.element.body):
        tc = layout_cell(document, tbl)
        tc.append(tbl)
        end_cell(tc)


def whole_body_framed(document) -> None:
    body = document.element.body
    blocks = [c for c in body.iterchildren() if c.tag in (qn("w:p"), qn("w:tbl"))]
    tc = layout_cell(document, blocks[0])
    for b in blocks:
        tc.append(b)
    end_cell(tc)


def nested_twice(document) -> None:
    each_table_nested(document)
    each_table_nested(document)


def tables_in_content_controls(document) -> None:
    for tbl in top_tables(document.element.body):
        content_control(tbl)


def cells_in_content_controls(document) -> None:
    for tc in list(document.element.body.iter(qn("w:tc"))):
        content_control(tc)


def rows_in_content_controls(document) -> None:
    for tr in list(document.element.body.iter(qn("w:tr"))):
        content_control(tr)


def cell_paragraphs_in_content_controls(document) -> None:
    for tc in list(document.element.body.iter(qn("w:tc"))):
        for p in tc.findall(qn("w:p")):
            content_control(p)


def cell_text_in_content_controls(document) -> None:
    for tc in list(document.element.body.iter(qn("w:tc"))):
        for p in tc.findall(qn("w:p")):
            for r in p.findall(qn("w:r")):
                content_control(r)


def nested_with_cells_in_content_controls(document) -> None:
    cells_in_content_controls(document)
    each_table_nested(document)


def rewrite(plain, target, change: Callable) -> None:
    import docx

    document = docx.Document(str(plain))
    change(document)
    document.save(str(target))


NESTED = [each_table_nested, whole_body_framed, nested_twice]
CONTROLS = [
    tables_in_content_controls,
    cells_in_content_controls,
    rows_in_content_controls,
    cell_paragraphs_in_content_controls,
    cell_text_in_content_controls,
    nested_with_cells_in_content_controls,
]


def test_the_plain_document_reads_back_what_was_written(run, written):
    plain, cells = written
    assert extract(run, plain) == [(*c, "read") for c in cells]


@pytest.mark.parametrize("change", NESTED, ids=[f.__name__ for f in NESTED])
def test_tables_nested_in_a_table_cell_read_every_cell(run, written, tmp_path, change):
    plain, cells = written
    target = tmp_path / f"{change.__name__}.docx"
    rewrite(plain, target, change)
    import docx

    body = docx.Document(str(target)).element.body
    assert len(top_tables(body)) in (1, 3) and all(t.find(".//" + qn("w:tbl")) is not None for t in top_tables(body))
    assert extract(run, target) == [(*c, "read") for c in cells]


@pytest.mark.parametrize("change", CONTROLS, ids=[f.__name__ for f in CONTROLS])
def test_cells_in_content_controls_read_every_cell(run, written, tmp_path, change):
    plain, cells = written
    target = tmp_path / f"{change.__name__}.docx"
    rewrite(plain, target, change)
    import docx

    assert docx.Document(str(target)).element.body.find(".//" + qn("w:sdt")) is not None
    got = extract(run, target)
    assert [c[:3] for c in got] == [c[:3] for c in cells]
    unread = [c for c in got if c[4] != "read"]
    assert (len(unread), unread[:3]) == (0, [])
    assert got == [(*c, "read") for c in cells]
