"""One layout, every format (issue 10, item 1): the grids of report/layout.py read back out of the
Word, Excel and html files the report is written as.

For docx (python-docx), xlsx (openpyxl) and html (html.parser) every Block of layout.grid(report, t)
— t2, t3, t4, and the items tally where the format has it — is found at the same row and column,
with the same rowspan and colspan and the same text or value, and nothing else is in the table;
the numbers are the model's. A header broken over lines (商业/企业) reads as its label once the
line breaks are taken out, and breaks only between the words of layout.head_words.
"""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import docx
import openpyxl
import pytest

from disclosure_cli import vocab
from disclosure_cli.report import layout, office, render
from disclosure_cli.report.model import AnnualReport, FeeSummary, ItemsTally, format_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLES = ("t2", "t3", "t4")

Cells = dict[tuple[int, int], tuple[int, int, str]]  # (row, col) -> (rowspan, colspan, text)


def distinct_report() -> AnnualReport:
    """Every cell a different number (multi-digit, as a busy year has), so a value in the wrong
    place cannot go unnoticed; a long unit name; an items tally."""
    rep = AnnualReport.empty("宁夏回族自治区石嘴山市惠农区人民政府办公室（区政务服务管理办公室）", 2023)
    for i, key in enumerate(vocab.t3_cells()):
        rep.t3[key] = 10000 + 37 * i
    for i, key in enumerate(vocab.t4_cells()):
        rep.t4[key] = 300 + i
    for i, key in enumerate(vocab.T2_CELLS):
        rep.t2[key] = 50 + i
    rep.t2[("fee", "amount_wan")] = Decimal("12.3456")
    rep.items = ItemsTally(
        [("portal", "政府网站"), ("wechat", "微信公众号"), ("board", "公示栏")],
        ["工作动态", "政策法规", "财政预决算"],
        {("portal", "工作动态"): 3, ("wechat", "工作动态"): 400, ("wechat", "政策法规"): 16, ("board", "财政预决算"): 66},
    )
    rep.fee = FeeSummary()
    rep.parts = {"一": "第一段。", "六": "（一）信息处理费收取情况。本年度未收取信息处理费。"}
    return rep


def expected(g: layout.Grid) -> Cells:
    return {(b.row, b.col): (b.rowspan, b.colspan, format_number(b.value) if b.kind == "num" else b.text) for b in g.blocks}


@pytest.fixture(scope="module")
def report() -> AnnualReport:
    return distinct_report()


def test_grid_numbers_are_the_model(report):
    """The grids carry the model's numbers, each under its output code, each cell once."""
    for t in TABLES:
        g = layout.grid(report, t)
        nums = [b for b in g.blocks if b.kind == "num"]
        assert {b.key for b in nums} == set(report.table(t))
        assert len(nums) == len(report.table(t))
        for b in nums:
            assert b.value == report.table(t)[b.key], (t, b.key)
        covered = [(r, c) for b in g.blocks for r in range(b.row, b.row + b.rowspan) for c in range(b.col, b.col + b.colspan)]
        assert sorted(covered) == [(r, c) for r in range(g.rows) for c in range(g.cols)], t  # no gap, no overlap


# --------------------------------------------------------------------------- docx
def docx_cells(table) -> tuple[Cells, int, int]:
    """Blocks from gridSpan/vMerge in the XML; a cell's text is its w:t runs (a w:br is a line)."""
    out: dict[tuple[int, int], list] = {}
    open_v: dict[int, tuple[int, int]] = {}
    trs = table._tbl.tr_lst
    for r, tr in enumerate(trs):
        c = 0
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                out[open_v[c]][0] += 1
            else:
                out[(r, c)] = [1, tc.grid_span, "".join(t.text or "" for t in tc.iter(f"{W}t"))]
                if tc.vMerge == "restart":
                    open_v[c] = (r, c)
            c += tc.grid_span
        assert c == len(table.columns), r
    return {k: tuple(v) for k, v in out.items()}, len(trs), len(table.columns)


def test_docx_agrees_with_the_layout(report, tmp_path):
    path = tmp_path / "r.docx"
    office.write_docx(report, path)
    doc = docx.Document(str(path))
    assert len(doc.tables) == 3
    for t, table in zip(TABLES, doc.tables, strict=True):
        g = layout.grid(report, t)
        cells, rows, cols = docx_cells(table)
        assert (rows, cols) == (g.rows, g.cols), t
        assert cells == expected(g), t
        # python-docx's own reading: the text with its line breaks taken out
        for b in g.blocks:
            text = table.rows[b.row].cells[b.col].text
            assert text.replace("\n", "") == expected(g)[(b.row, b.col)][2], (t, b)
            if b.kind == "head":
                assert all(line in _word_joins(b.text) for line in text.split("\n")), (t, text)


def _word_joins(text: str) -> set[str]:
    """Every run of consecutive words of a header: the lines it may be broken into."""
    words = layout.head_words(text)
    return {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


# --------------------------------------------------------------------------- xlsx
def xlsx_cells(ws, top: int) -> Cells:
    merged = {(rng.min_row, rng.min_col): (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1) for rng in ws.merged_cells.ranges}
    out: Cells = {}
    covered: set[tuple[int, int]] = set()
    for row in ws.iter_rows(min_row=top):
        for cell in row:
            if (cell.row, cell.column) in covered:
                assert cell.value is None
                continue
            rs, cs = merged.get((cell.row, cell.column), (1, 1))
            covered |= {(cell.row + i, cell.column + j) for i in range(rs) for j in range(cs)}
            value = cell.value
            if isinstance(value, str):
                text = value.replace("\n", "")  # a header broken between words
            elif value is None:
                text = ""
            else:
                text = format_number(Decimal(str(value)))
            if value is not None or (rs, cs) != (1, 1):
                out[(cell.row - top, cell.column - 1)] = (rs, cs, text)
    return out


def test_xlsx_agrees_with_the_layout(report, tmp_path):
    path = tmp_path / "r.xlsx"
    office.write_xlsx(report, path)
    wb = openpyxl.load_workbook(path)
    names = office.sheet_names(report)
    assert list(names) == [*TABLES, "items"]
    for t, name in names.items():
        ws = wb[name]
        g = layout.grid(report, t)
        assert ws.max_column == g.cols and ws.max_row == office.XLSX_TOP + g.rows - 1, t
        want = {k: v for k, v in expected(g).items() if v[2] or (v[0], v[1]) != (1, 1)}
        assert xlsx_cells(ws, office.XLSX_TOP) == want, t
        for b in g.blocks:
            value = ws.cell(office.XLSX_TOP + b.row, 1 + b.col).value
            if b.kind == "num":
                assert value == office.excel_number(b.value), (t, b.key)  # a number, the model's
            elif b.kind == "head":
                assert all(line in _word_joins(b.text) for line in value.split("\n")), (t, value)


# --------------------------------------------------------------------------- html
class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[list]]] = {}
        self._table: list | None = None
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(a.get("class") or "", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = [int(a.get("rowspan", 1)), int(a.get("colspan", 1)), ""]
            self._table[-1].append(self._cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data


def html_cells(rows: list[list[list]]) -> tuple[Cells, int, int]:
    """Positions as a browser lays the cells out (rowspan/colspan fill the grid)."""
    taken: set[tuple[int, int]] = set()
    out: Cells = {}
    for r, row in enumerate(rows):
        c = 0
        for rs, cs, text in row:
            while (r, c) in taken:
                c += 1
            out[(r, c)] = (rs, cs, text)
            taken |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
            c += cs
    return out, len(rows), 1 + max(c for _, c in taken)


def test_html_agrees_with_the_layout(report):
    p = _Tables()
    p.feed(render.render(report, "html"))
    for t in TABLES:
        g = layout.grid(report, t)
        cells, rows, cols = html_cells(p.tables[t])
        assert (rows, cols) == (g.rows, g.cols), t
        assert cells == expected(g), t


# --------------------------------------------------------------------------- where headers break
def test_head_words_and_lines():
    assert layout.head_words("商业企业") == ["商业", "企业"]
    assert layout.head_words("社会公益组织") == ["社会", "公益", "组织"]
    assert layout.head_words("自然人") == ["自然人"]
    assert layout.head_words("复议后起诉") == ["复议后起诉"]
    assert layout.head_lines("商业企业", 3) == ["商业", "企业"]  # never 商业企/业
    assert layout.head_lines("商业企业", 4) == ["商业企业"]
    assert layout.head_lines("社会公益组织", 3) == ["社会", "公益", "组织"]
    assert layout.head_lines("社会公益组织", 4) == ["社会公益", "组织"]
    assert layout.head_lines("本年处理决定数量", 6) == ["本年处理", "决定数量"]  # shared out evenly
    assert layout.head_lines(vocab.T3_CORNER, 23) == ["（本列数据的勾稽关系为：第一项加第二项之和，", "等于第三项加第四项之和）"]
    assert layout.head_words("本年收费金额（单位：万元）") == ["本年收费金额", "（单位：万元）"]  # not （单位：/万元）
    # every official column header breaks into words of two characters, or pieces of four and more
    rep = AnnualReport.empty("某局", 2023)
    for t in TABLES:
        for b in layout.grid(rep, t).blocks:
            if b.kind == "head":
                words = layout.head_words(b.text)
                assert "".join(words) == b.text
                assert all(len(w) == 2 for w in words) or all(len(w) >= 4 for w in words) or words == [b.text], words
