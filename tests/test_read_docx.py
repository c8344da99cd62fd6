"""Reading a .docx draft: tables with horizontal and vertical merges, built here with python-docx."""

from __future__ import annotations

import json
from decimal import Decimal

import docx  # noqa: E402
import pytest

from disclosure_cli import vocab
from disclosure_cli.errors import DiscError
from disclosure_cli.report.model import TABLE_CELLS
from disclosure_cli.report.read import cell_status, read_document
from disclosure_cli.report.readers.evidence import RawCell


def t3_value(i: int, j: int) -> int:
    """A different figure in every cell, so that a shifted column or row shows."""
    return i * 10 + j


def t4_value(i: int) -> int:
    return 100 + i


def _merge(table, r1: int, c1: int, r2: int, c2: int, text: str):
    cell = table.cell(r1, c1).merge(table.cell(r2, c2))
    cell.text = text
    return cell


def _t2(doc) -> None:
    t = doc.add_table(rows=0, cols=4)
    figures = {
        ("regulation", "issued"): "0", ("regulation", "repealed"): "0", ("regulation", "in_force"): "0",
        ("normative_document", "issued"): "2", ("normative_document", "repealed"): "1",
        ("normative_document", "in_force"): "11", ("license", "decisions"): "36",
        ("penalty", "decisions"): "7", ("coercion", "decisions"): "/", ("fee", "amount_wan"): "3.25",
    }  # fmt: skip
    for caption, rows, cols in vocab.T2_SECTIONS:
        r = len(t.rows)
        t.add_row()
        _merge(t, r, 0, r, 3, caption)
        t.add_row()
        t.cell(r + 1, 0).text = vocab.T2_CONTENT_HEADER
        if len(cols) == 1:
            _merge(t, r + 1, 1, r + 1, 3, vocab.T2_COLUMNS.label(cols[0]))
        else:
            for j, c in enumerate(cols):
                t.cell(r + 1, j + 1).text = vocab.T2_COLUMNS.label(c)
        for k, code in enumerate(rows):
            rr = r + 2 + k
            t.add_row()
            t.cell(rr, 0).text = vocab.T2_ROWS.label(code)
            if len(cols) == 1:
                _merge(t, rr, 1, rr, 3, figures[(code, cols[0])])
            else:
                for j, c in enumerate(cols):
                    t.cell(rr, j + 1).text = figures[(code, c)]


def _t3(doc) -> None:
    """The official layout: a 3×3 corner, 申请人情况 over 7 columns, label cells merged down."""
    rows = vocab.T3_ROWS
    t = doc.add_table(rows=3 + len(rows), cols=10)
    _merge(t, 0, 0, 2, 2, vocab.T3_CORNER)
    _merge(t, 0, 3, 0, 9, vocab.APPLICANT_HEADER)
    _merge(t, 1, 3, 2, 3, vocab.T3_COLUMNS.label("natural_person"))
    _merge(t, 1, 4, 1, 8, vocab.LEGAL_PERSON_LABEL)
    _merge(t, 1, 9, 2, 9, vocab.T3_COLUMNS.label("total"))
    for j, code in enumerate(["business", "research", "public_interest", "legal_service", "other_org"]):
        t.cell(2, 4 + j).text = vocab.T3_COLUMNS.label(code)
    base = 3
    results = [i for i, r in enumerate(rows) if r.level1 == vocab.RESULTS]
    _merge(t, base + results[0], 0, base + results[-1], 0, vocab.RESULTS)
    i = 0
    while i < len(rows):
        row = rows[i]
        r = base + i
        if not row.level2:
            _merge(t, r, 0, r, 2, row.level1)
        elif not row.level3:
            _merge(t, r, 1, r, 2, row.level2)
        else:
            n = sum(1 for x in rows if x.level2 == row.level2)
            _merge(t, r, 1, r + n - 1, 1, row.level2)
            for k in range(n):
                t.cell(r + k, 2).text = rows[i + k].level3
            for k in range(n):
                for j in range(7):
                    t.cell(r + k, 3 + j).text = str(t3_value(i + k, j))
            i += n
            continue
        for j in range(7):
            t.cell(r, 3 + j).text = str(t3_value(i, j))
        i += 1


def _t4(doc) -> None:
    t = doc.add_table(rows=4, cols=15)
    _merge(t, 0, 0, 0, 4, vocab.T4_REVIEW_LABEL)
    _merge(t, 0, 5, 0, 14, vocab.T4_SUIT_LABEL)
    labels = [x.label for x in vocab.T4_COLUMNS]
    for j, lab in enumerate(labels):
        _merge(t, 1, j, 2, j, lab)
    _merge(t, 1, 5, 1, 9, vocab.T4_ROWS.label("suit_direct"))
    _merge(t, 1, 10, 1, 14, vocab.T4_ROWS.label("suit_after_review"))
    for j in range(10):
        t.cell(2, 5 + j).text = labels[j % 5]
    for j in range(15):
        t.cell(3, j).text = str(t4_value(j))


def build(path) -> None:
    doc = docx.Document()
    doc.add_paragraph("东湖街道办事处2023年政府信息公开工作年度报告")
    doc.add_paragraph("本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。")
    doc.add_paragraph(vocab.PART_HEADINGS["一"])
    doc.add_paragraph("2023年，街道主动公开政府信息 158 条，收到政府信息公开申请 4 件。")
    doc.add_paragraph(vocab.PART_HEADINGS["二"])
    _t2(doc)
    doc.add_paragraph(vocab.PART_HEADINGS["三"])
    _t3(doc)
    doc.add_paragraph(vocab.PART_HEADINGS["四"])
    _t4(doc)
    doc.add_paragraph(vocab.PART_HEADINGS["五"])
    doc.add_paragraph("信息发布审核记录不完整。下一步将落实审核留痕。")
    doc.add_paragraph(vocab.PART_HEADINGS["六"])
    doc.add_paragraph("本年度未收取信息处理费。")
    doc.save(str(path))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "donghu-2023.docx"
    build(path)
    return read_document(path)


def test_docx_identity_and_parts(report):
    assert (report.org, report.year) == ("东湖街道办事处", 2023)
    assert report.period == ("2023年1月1日", "2023年12月31日")
    assert [n for n, _ in report.headings] == ["一", "二", "三", "四", "五", "六"]
    assert report.parts["一"] == "2023年，街道主动公开政府信息 158 条，收到政府信息公开申请 4 件。"
    assert report.tables_found == {"t2", "t3", "t4"}
    assert [e for e in report.evidence if not isinstance(e, RawCell)] == []


def test_docx_table3_merged_cells(report):
    for i, row in enumerate(vocab.T3_ROWS):
        for j, col in enumerate(vocab.T3_COLUMNS.codes):
            assert report.t3[(row.code, col)] == t3_value(i, j), (row.code, col)
    # a merged cell is read once, not once per grid position it covers
    groups = [(lab.code, lab.text) for lab in report.labels if lab.table == "t3" and lab.kind == "group"]
    assert groups.count(("results", vocab.RESULTS)) == 1
    assert groups.count(("withheld", vocab.G_WITHHELD)) == 1
    columns = [lab.code for lab in report.labels if lab.table == "t3" and lab.kind == "column"]
    assert columns == [
        "natural_person",
        "total",
        "business",
        "research",
        "public_interest",
        "legal_service",
        "other_org",
    ]


def test_docx_tables_2_and_4(report):
    assert report.t2[("normative_document", "in_force")] == 11
    assert report.t2[("license", "decisions")] == 36
    assert report.t2[("fee", "amount_wan")] == Decimal("3.25")
    assert report.raw[("t2", "coercion", "decisions")] == "/"
    assert cell_status(report, "t2", "coercion", "decisions") == "blank"
    cells = [report.t4[k] for k in TABLE_CELLS["t4"]]
    assert cells == [t4_value(j) for j in range(15)]


def test_docx_rows_keep_merged_positions_empty(tmp_path):
    from disclosure_cli.report.readers.docx import read_docx

    path = tmp_path / "d.docx"
    build(path)
    rows = [r for r in read_docx(path) if r.exact]
    corner = next(r for r in rows if r.cells[0] == vocab.T3_CORNER)
    assert corner.cells[1:3] == [None, None]  # the corner spans three columns
    assert corner.cells[3] == vocab.APPLICANT_HEADER and corner.cells[4:] == [None] * 6
    first_result = next(r for r in rows if r.cells[0] == vocab.RESULTS)
    i = rows.index(first_result)
    assert rows[i + 1].cells[0] is None  # 三、本年度办理结果 merged down


def test_docx_tab_typed_table(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("西岭镇2024年政府信息公开工作年度报告")
    doc.add_paragraph(vocab.PART_HEADINGS["二"])
    doc.add_paragraph("第二十条第（六）项")
    doc.add_paragraph("信息内容\t本年处理决定数量")
    doc.add_paragraph("行政处罚\t14")
    doc.add_paragraph("行政强制\t2")
    path = tmp_path / "tabs.docx"
    doc.save(str(path))
    rep = read_document(path)
    assert (rep.t2[("penalty", "decisions")], rep.t2[("coercion", "decisions")]) == (14, 2)
    assert rep.year == 2024


def test_docx_damaged(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DiscError, match="不是有效的 .docx"):
        read_document(path)


def test_a_word_file_saved_under_another_name_is_read_as_word(tmp_path):
    """A break-it pass: 绿水.docx copied as 绿水年报.txt was 「无法识别文件编码」; a ledger or a
    spreadsheet named .txt says what it really is; Word's ~$ lock files in a folder are not documents."""
    import docx

    from disclosure_cli.errors import BadInput
    from disclosure_cli.report import lint
    from disclosure_cli.report.read import read_document

    d = docx.Document()
    d.add_paragraph("某街道2023年政府信息公开工作年度报告")
    d.save(str(tmp_path / "真.docx"))
    (tmp_path / "年报.txt").write_bytes((tmp_path / "真.docx").read_bytes())
    assert read_document(tmp_path / "年报.txt").org == read_document(tmp_path / "真.docx").org
    (tmp_path / "台账.txt").write_bytes(b"SQLite format 3\x00" + bytes(200))
    with pytest.raises(BadInput, match="台账.txt 实际是 SQLite 数据库"):
        read_document(tmp_path / "台账.txt")
    (tmp_path / "~$真.docx").write_bytes(b"\x05lock")
    assert [p.name for p in lint.expand([str(tmp_path)])] == ["台账.txt", "年报.txt", "真.docx"]


def test_a_web_page_saved_as_txt_is_read_as_html_and_text_named_docx_as_text(run, tmp_path):
    """A second break-it pass: the web page read as plain text gave five false problems."""
    db = tmp_path / "l.db"
    assert run("--db", db, "init", "--org", "某街道").exit_code == 0
    assert run("--db", db, "report", "--year", "2023", "-f", "html", "-o", tmp_path / "r.html").exit_code == 0
    assert run("--db", db, "report", "--year", "2023", "-f", "txt", "-o", tmp_path / "r.txt").exit_code == 0
    (tmp_path / "网页.txt").write_bytes((tmp_path / "r.html").read_bytes())
    (tmp_path / "文本.docx").write_bytes((tmp_path / "r.txt").read_bytes())
    for name in ("网页.txt", "文本.docx"):
        res = run("lint", tmp_path / name, "-f", "json")
        assert res.exit_code == 0 and not [f for f in json.loads(res.stdout) if f["severity"] == "E"], (name, res.output)
    # a web page written in the clerk's encoding says which
    res = run("--db", db, "--encoding", "gbk", "report", "--year", "2023", "-f", "html", "-o", tmp_path / "g.html")
    assert res.exit_code == 0
    data = (tmp_path / "g.html").read_bytes()
    assert b'<meta charset="gbk">' in data and "年度报告" in data.decode("gbk")
