"""Reading published reports: the nanjie text copy, the hongze PDFs, and our own fixture documents."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.report.model import TABLE_CELLS
from disclosure_cli.report.read import cell_status, extract_rows, read_document
from disclosure_cli.report.readers.evidence import (
    MissingIdentity,
    OutdatedLabel,
    RawCell,
    ShortRow,
    Subtotal,
    of_type,
)


def facts(rep) -> list:
    """What the reader saw beyond the cells and labels (typed evidence without the RawCell records)."""
    return [e for e in rep.evidence if not isinstance(e, RawCell)]

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NANJIE = SHARED / "reference" / "nanjie-2023-annual-report.txt"
PUBLISHED = SHARED / "fixtures" / "published"
DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared (reference documents) is not present"
)

RESULT_ROWS = vocab.OUTCOME_CODES  # granted … other.other


def labels_of(rep, table: str, kind: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lab in rep.labels:
        if lab.table == table and lab.kind == kind:
            out.setdefault(lab.code, []).append(lab.text)
    return out


# --------------------------------------------------------------------------- nanjie (.txt copy)
@pytest.fixture(scope="module")
def nanjie():
    if not NANJIE.is_file():
        pytest.skip("../shared/reference/nanjie-2023-annual-report.txt is not present")
    return read_document(NANJIE)


@needs_shared
def test_nanjie_identity(nanjie):
    assert nanjie.org == "惠农区南街街道"
    assert nanjie.year == 2023
    assert nanjie.title == "惠农区南街街道2023年政府信息公开工作年度报告"
    assert nanjie.period == ("2023 年 1 月 1 日", "12 月 31 日")
    assert nanjie.tables_found == {"t2", "t3", "t4"}
    # besides the 18 rows of 表三 printed with 6 figures under 7 columns, nothing to note
    assert [e for e in facts(nanjie) if not isinstance(e, ShortRow)] == []
    assert len(list(of_type(nanjie, ShortRow))) == 18


@needs_shared
def test_nanjie_table2(nanjie):
    for key in vocab.T2_CELLS:
        expected = 21 if key == ("penalty", "decisions") else 0
        assert nanjie.t2[key] == expected, key
    assert isinstance(nanjie.t2[("fee", "amount_wan")], Decimal)
    assert labels_of(nanjie, "t2", "column")["repealed"] == ["本年度止件数"]


@needs_shared
def test_nanjie_table3_reads_what_the_copy_holds(nanjie):
    """18 rows are printed with 6 figures under 7 columns: which cell is empty the copy does not show,
    so none of their figures is placed (issue 22: a short row is never filled from the left). Two
    more print 6 figures and then an empty field: that is their blank 总计 (an empty position)."""
    lost = set(RESULT_ROWS) - {"other.other", "granted", "partial"}
    for row, col in TABLE_CELLS["t3"]:
        status = cell_status(nanjie, "t3", row, col)
        if row in lost:
            assert status == "unread", (row, col)
            assert nanjie.t3[(row, col)] is None and ("t3", row, col) not in nanjie.raw
        elif col == "total" and row in ("granted", "partial"):
            assert status == "blank" and nanjie.raw[("t3", row, col)] == ""
        else:
            assert status == "read", (row, col)
            assert nanjie.t3[(row, col)] == 0
    assert len(lost) == 18
    assert {e.row for e in of_type(nanjie, ShortRow)} == lost


@needs_shared
def test_nanjie_table4_blank_review_cells(nanjie):
    for col in vocab.T4_COLUMNS.codes:
        assert nanjie.t4[("review", col)] is None
        assert nanjie.raw[("t4", "review", col)] == ""
        assert nanjie.t4[("suit_direct", col)] == 0
        assert nanjie.t4[("suit_after_review", col)] == 0


@needs_shared
def test_nanjie_parts_and_headings(nanjie):
    assert [n for n, _ in nanjie.headings] == ["一", "二", "三", "四", "五", "六"]
    assert ("五", "五、存在主要问题及改进情况") in nanjie.headings  # printed without 的
    assert set(nanjie.parts) == {"一", "二", "三", "四", "五", "六"}
    assert "485 条" in nanjie.parts["一"]
    # a paragraph broken over an empty line in the copy is joined again
    assert "工作的领导，确保工作深入扎实推进" in nanjie.parts["一"]
    assert nanjie.parts["五"].startswith("(一) 主要问题。")
    assert "未收取信息处理费" in nanjie.parts["六"]
    for n in ("一", "五", "六"):
        assert "\t" not in nanjie.parts[n]


@needs_shared
def test_nanjie_extract_rows(nanjie):
    rows = extract_rows(nanjie)
    assert len(rows) == sum(len(c) for c in TABLE_CELLS.values())
    assert list(rows[0]) == ["year", "org", "table", "row", "column", "value", "status"]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
        if r["status"] != "read":
            assert r["value"] == ""
    assert counts == {"read": 67, "blank": 7, "unread": 126}
    penalty = next(r for r in rows if r["row"] == "penalty")
    assert penalty == {
        "year": 2023, "org": "惠农区南街街道", "table": "t2", "row": "penalty",
        "column": "decisions", "value": "21", "status": "read",
    }  # fmt: skip


# --------------------------------------------------------------------------- hongze (.pdf)
def _published(year: int) -> tuple[Path, Path]:
    pdf = PUBLISHED / f"hongze-district-{year}.pdf"
    truth = PUBLISHED / f"hongze-district-{year}.cells.csv"
    if not pdf.is_file() or not truth.is_file():
        pytest.skip(f"../shared/fixtures/published/hongze-district-{year}.* is not present")
    return pdf, truth


_READ: dict[int, object] = {}


def _hongze(year: int):
    """Each PDF is parsed once for all the tests that only look at it (pdfminer is the slow part)."""
    pdf, _ = _published(year)
    if year not in _READ:
        _READ[year] = read_document(pdf)
    return _READ[year]


def _compare_with_truth(rep, truth: Path) -> None:
    got = {(r["table"], r["row"], r["column"]): r for r in extract_rows(rep)}
    seen = set()
    with truth.open(encoding="utf-8", newline="") as f:
        for want in csv.DictReader(f):
            k = (want["table"], want["row"], want["column"])
            seen.add(k)
            assert k in got, k
            assert (got[k]["value"], got[k]["status"]) == (want["value"], "read"), k
            assert got[k]["year"] == int(want["year"])
    # the ground truth leaves out the three 2021 sub-rows of （六）: nothing may be invented there
    # (the layout has no such cells: absent, not a failure to read)
    for k, r in got.items():
        if k not in seen:
            assert k[1].startswith("other.") and r["status"] == "absent", k


@needs_shared
@pytest.mark.parametrize("year", [2023, 2024])
def test_hongze_cells_match_ground_truth(year):
    _, truth = _published(year)
    rep = _hongze(year)
    _compare_with_truth(rep, truth)
    assert rep.year == year
    assert rep.tables_found == {"t2", "t3", "t4"}
    assert [n for n, _ in rep.headings] == ["一", "二", "三", "四", "五", "六"]
    assert rep.period == (f"{year} 年 1 月 1 日", f"{year} 年 12 月 31 日")
    # the single-row （六）其他处理 of the outdated layout
    assert OutdatedLabel("t3", "（六）其他处理") in rep.evidence
    assert {c: rep.raw[("t3", "other", c)] for c in vocab.T3_COLUMNS.codes} == dict.fromkeys(
        vocab.T3_COLUMNS.codes, "0"
    )
    for code in ("other.no_correction", "other.unpaid_fee", "other.other"):
        for col in vocab.T3_COLUMNS.codes:
            assert cell_status(rep, "t3", code, col) == "absent"
    # the misspelt label is recorded against the row it meant
    assert labels_of(rep, "t3", "row")["withheld.prohibited_by_law"] == ["2.其他法律行政止公开"]
    # a label broken over two lines in its cell is one label
    assert labels_of(rep, "t3", "row")["not_processed.confirmation"] == [
        "5.要求行政机关确认或重 新出具已获取信息"
    ]


@needs_shared
def test_hongze_2023_identity_as_printed():
    rep = _hongze(2023)
    # the title prints 洪泽区人民政府 (the CSV's org column says 淮安市洪泽区人民政府): the PDF wins
    assert rep.org == "洪泽区人民政府"
    assert rep.title == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert rep.t4[("review", "total")] == 0 and rep.t4[("review", "upheld")] == 10
    assert "受理政府信息公开申请 21 件" in rep.parts["一"]
    assert (
        rep.parts["六"]
        == "2023 年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 0 元。"
    )


@needs_shared
def test_hongze_2024_prose_says_17_applications():
    rep = _hongze(2024)
    assert rep.org == "淮安市洪泽区人民政府"
    assert "区政府办代表区政府受理政府信息公开申请 17 件，均已在法定期限内予以答复。" in rep.parts["一"]
    assert rep.t3[("new", "total")] == 95


@needs_shared
def test_hongze_extract_has_row_other():
    rows = [r for r in extract_rows(_hongze(2024)) if r["row"] == "other"]
    assert [r["column"] for r in rows] == vocab.T3_COLUMNS.codes
    assert {(r["value"], r["status"]) for r in rows} == {("0", "read")}


@needs_shared
@pytest.mark.parametrize("year", [2023, 2024])
def test_hongze_without_ruling_lines(year, monkeypatch):
    """The same pages read as text lines only (an unruled PDF): labels broken over lines,
    figures on lines of their own, vertical labels — the cells still come out the same."""
    import pdfplumber.page

    pdf, truth = _published(year)
    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", lambda self, *a, **k: [])
    rep = read_document(pdf)
    _compare_with_truth(rep, truth)
    assert OutdatedLabel("t3", "（六）其他处理") in rep.evidence
    assert labels_of(rep, "t3", "row")["partial"] == [
        "（二）部分公开（区分处理的，只计这一情 形，不计其他情形）"
    ]


# --------------------------------------------------------------------------- our fixture documents
def test_html_saved_page():
    rep = read_document(DOCS / "qingshi-2023.html")
    assert (rep.org, rep.year, rep.published) == ("青石镇", 2023, "2024-01-25")
    assert rep.title == "青石镇2023年政府信息公开工作年度报告"
    assert rep.period == ("2023年1月1日", "2023年12月31日")
    assert facts(rep) == []
    # table 二: "/" cells, a thousands separator, a year inside a column header, 万元 decimals
    for col in ("issued", "repealed", "in_force"):
        assert rep.t2[("regulation", col)] is None and rep.raw[("t2", "regulation", col)] == "/"
    assert rep.t2[("normative_document", "issued")] == 1
    assert rep.t2[("penalty", "decisions")] == 1024
    assert rep.t2[("fee", "amount_wan")] == Decimal("26.55")
    assert labels_of(rep, "t2", "column")["issued"] == ["2023年制发件数"]
    # table 三: merged header and label cells, labels broken by <br>, half-width brackets
    assert [rep.t3[("new", c)] for c in vocab.T3_COLUMNS.codes] == [2, 1, 0, 0, 0, 0, 3]
    assert [rep.t3[("carried_forward", c)] for c in vocab.T3_COLUMNS.codes] == [1, 0, 0, 0, 0, 0, 1]
    assert rep.t3[("unavailable.not_held", "total")] == 1
    assert rep.t3[("withheld.third_party", "legal_service")] is None
    assert rep.raw[("t3", "withheld.third_party", "legal_service")] == ""
    rows = labels_of(rep, "t3", "row")
    assert rows["unavailable.needs_creation"] == ["2.没有现成信息需要另行制做"]
    assert rows["withheld.prohibited_by_law"] == ["2.其他法律行政法规禁止公开"]
    # table 四
    assert [rep.t4[("review", c)] for c in vocab.T4_COLUMNS.codes] == [1, 0, 0, 0, 1]
    assert rep.raw[("t4", "suit_direct", "corrected")] == "-"
    assert rep.t4[("suit_after_review", "pending")] == 1
    # prose: the article inside a layout table, entities, a signature block
    assert (
        rep.parts["一"]
        == "2023年，青石镇在镇政府网站主动公开信息 212 条。\n全年受理政府信息公开申请 3 件，均在法定期限内答复。"
    )
    assert rep.parts["五"].endswith("增加图解和问答形式的解读。")
    statuses = [r["status"] for r in extract_rows(rep)]
    assert statuses.count("blank") == 5 and statuses.count("unread") == 0


def test_txt_outdated_2019_template():
    rep = read_document(DOCS / "baishui-2022-outdated.txt")
    assert (rep.org, rep.year) == ("白水乡", 2022)
    assert [(e.table, e.label) for e in of_type(rep, OutdatedLabel)] == [
        ("t2", "本年新制作数量"),
        ("t2", "本年新公开数量"),
        ("t2", "对外公开总数量"),
        ("t2", "上一年项目数量"),
        ("t2", "本年增/减"),
        ("t2", "其他对外管理服务事项"),
        ("t2", "第二十条第（九）项"),
        ("t2", "政府集中采购"),
        ("t3", "（六）其他处理"),
    ]
    # columns of the old template are not the new ones: their cells are absent, never mapped
    for col in ("issued", "repealed", "in_force"):
        assert cell_status(rep, "t2", "regulation", col) == "absent"
        assert cell_status(rep, "t2", "normative_document", col) == "absent"
    assert cell_status(rep, "t2", "fee", "amount_wan") == "absent"
    # 处理决定数量 is the same figure under its old name
    assert rep.t2[("license", "decisions")] == 35
    assert rep.t2[("penalty", "decisions")] == 12
    assert labels_of(rep, "t2", "row")["normative_document"] == ["规范性文件"]
    assert labels_of(rep, "t2", "column")["decisions"] == ["处理决定数量", "处理决定数量"]
    # the single （六）其他处理 row: figures kept as printed, the 2021 sub-rows unread
    assert rep.raw[("t3", "other", "other_org")] == "1"
    assert rep.raw[("t3", "other", "total")] == "1"
    assert all(cell_status(rep, "t3", "other.other", c) == "absent" for c in vocab.T3_COLUMNS.codes)
    other = {r["column"]: r["value"] for r in extract_rows(rep) if r["row"] == "other"}
    assert other == {**dict.fromkeys(vocab.T3_COLUMNS.codes, "0"), "other_org": "1", "total": "1"}
    assert rep.t3[("total", "total")] == 3


def test_md_subtotal_rows_and_columns():
    rep = read_document(DOCS / "hexi-2023-subtotal.md")
    assert (rep.org, rep.year) == ("河西区市场监督管理局", 2023)
    assert facts(rep) == [Subtotal("t3", "小计"), Subtotal("t3", "（三）不予公开"), Subtotal("t3", "（六）其他处理")]
    # the 小计 column is skipped, the other columns keep their place
    assert [rep.t3[("new", c)] for c in vocab.T3_COLUMNS.codes] == [4, 2, 0, 0, 0, 0, 6]
    assert [rep.t3[("unavailable.not_held", c)] for c in vocab.T3_COLUMNS.codes] == [1, 1, 0, 0, 0, 0, 2]
    assert rep.t3[("withheld.third_party", "total")] == 1
    assert rep.t3[("withheld.state_secret", "natural_person")] == 0
    # full-width digits, a space inside a label
    assert rep.t2[("license", "decisions")] == 128
    assert labels_of(rep, "t2", "row")["penalty"] == ["行政 处罚"]
    # table 四 printed three rows by five columns
    assert [rep.t4[("review", c)] for c in vocab.T4_COLUMNS.codes] == [1, 0, 0, 0, 1]
    assert [rep.t4[("suit_after_review", c)] for c in vocab.T4_COLUMNS.codes] == [0, 0, 0, 1, 1]
    assert all(
        cell_status(rep, *k) == "read" for t in TABLE_CELLS for k in [(t, r, c) for r, c in TABLE_CELLS[t]]
    )


def test_gb18030_text_and_missing_parts(tmp_path):
    text = "\n".join(
        [
            "某某县教育局2024年政府信息公开工作年度报告",
            "一、总体情况",
            "本年主动公开信息 30 条。",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
            "规章\t0\t0\t0",
            "行政规范性文件\t2\t1\t9",
        ]
    )
    p = tmp_path / "jiaoyu.txt"
    p.write_bytes(text.encode("gb18030"))
    rep = read_document(p)
    assert (rep.org, rep.year) == ("某某县教育局", 2024)
    assert rep.t2[("normative_document", "in_force")] == 9
    assert rep.tables_found == {"t2"}
    assert [n for n, _ in rep.headings] == ["一", "二"]
    assert cell_status(rep, "t2", "license", "decisions") == "unread"
    assert all(cell_status(rep, "t3", r, c) == "unread" for r, c in TABLE_CELLS["t3"])


def test_no_year_no_org_is_marked(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("一、总体情况\n本年度工作平稳。\n", encoding="utf-8")
    rep = read_document(p)
    assert (rep.org, rep.year) == ("", 0)
    assert facts(rep) == [MissingIdentity("org"), MissingIdentity("year")]


def test_year_from_period_when_title_has_none(tmp_path):
    p = tmp_path / "y.txt"
    p.write_text(
        "某某街道政府信息公开工作年度报告\n本报告统计期限自2022年1月1日至2022年12月31日。\n", encoding="utf-8"
    )
    rep = read_document(p)
    assert rep.year == 2022 and rep.period == ("2022年1月1日", "2022年12月31日")


def test_unknown_suffix_and_missing_file(tmp_path):
    doc = tmp_path / "report.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(BadInput, match="另存为 .docx"):
        read_document(doc)
    with pytest.raises(BadInput, match="不支持的文件类型"):
        read_document(tmp_path / "report.xyz")
    with pytest.raises(BadInput, match="文件不存在"):
        read_document(tmp_path / "nothing.pdf")


def test_html_in_gb2312_with_source_line_breaks(tmp_path):
    page = (
        '<html><head><meta charset="gb2312"><title>报告</title></head><body>'
        "<h2>东岗镇2024年政府信息公开工作年度报告</h2>"
        "<p>一、总体情况</p><p>全年主动公开政府信息\n  128 条，其中政策\n解读 6 条。</p>"
        "<p>二、主动公开政府信息情况</p><table><tr><td colspan=2>第二十条第（六）项</td></tr>"
        "<tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政处罚</td><td>33</td></tr>"
        "<tr><td>行政强制</td><td></td></tr></table></body></html>"
    )
    p = tmp_path / "donggang.htm"
    p.write_bytes(page.encode("gb18030"))
    rep = read_document(p)
    assert (rep.org, rep.year) == ("东岗镇", 2024)
    assert rep.parts["一"] == "全年主动公开政府信息 128 条，其中政策解读 6 条。"
    assert rep.t2[("penalty", "decisions")] == 33
    assert cell_status(rep, "t2", "coercion", "decisions") == "blank"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_mark_is_read(tmp_path, encoding):
    """A break-it pass: UTF-16 saved without a BOM was refused as an unknown encoding."""
    from disclosure_cli.report.readers.text import decode

    text = "某街道2023年政府信息公开工作年度报告\n一、总体情况\n主动公开信息12条。\n"
    assert decode(text.encode(encoding), "x.txt") == text
    assert decode(text.encode("gb18030"), "x.txt") == text  # no zero byte: not taken for UTF-16
