"""Rendering the annual report: md, txt, html (official merged cells, escaping), json, grids."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from rich.cells import cell_len

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.report import layout, narrative, render
from disclosure_cli.report.model import AnnualReport, FeeSummary, ItemsTally, format_number

CHANNELS = [("portal", "政府网站"), ("wechat", "微信公众号"), ("board", "公示栏")]
T3_CODES = vocab.T3_COLUMNS.codes
T4_CODES = vocab.T4_COLUMNS.codes


def distinct_report(org: str = "惠农区南街街道") -> AnnualReport:
    """Every cell a different number, so a value found in the output can only be that cell."""
    rep = AnnualReport.empty(org, 2023)
    for i, (r, c) in enumerate(vocab.t3_cells()):
        rep.t3[(r, c)] = 1000 + i
    for i, (r, c) in enumerate(vocab.t4_cells()):
        rep.t4[(r, c)] = 3000 + i
    for i, (r, c) in enumerate(vocab.T2_CELLS):
        rep.t2[(r, c)] = 5000 + i
    rep.t2[("fee", "amount_wan")] = Decimal("59237.24490")
    rep.items = ItemsTally(
        list(CHANNELS),
        ["工作动态", "政策法规"],
        {("portal", "工作动态"): 3, ("wechat", "工作动态"): 400, ("wechat", "政策法规"): 16, ("board", "政策法规"): 66},
    )
    rep.fee = FeeSummary(charged=2, amount_yuan=Decimal("150.50"))
    rep.parts = {"一": "第一段。\n\n第二段。", "五": "问题与改进。", "六": "其他事项，未收取信息处理费。"}
    return rep


# --------------------------------------------------------------------------- html table parsing
class Tables(HTMLParser):
    """Collect every table as rows of cells: (tag, attrs, text); plus the tags seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.tags: list[str] = []
        self.h2: list[str] = []
        self.paragraphs: list[str] = []
        self._cell: list | None = None
        self._text: list[str] | None = None
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"class": a.get("class"), "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = [tag, a, ""]
            self.tables[-1]["rows"][-1].append(self._cell)
        elif tag in ("h2", "p", "title", "h1"):
            self._in, self._text = tag, []

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        elif tag == self._in and self._text is not None:
            text = "".join(self._text)
            if tag == "h2":
                self.h2.append(text)
            elif tag == "p":
                self.paragraphs.append(text)
            self._in, self._text = None, None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data
        if self._text is not None:
            self._text.append(data)


def parse(doc: str) -> Tables:
    p = Tables()
    p.feed(doc)
    p.close()
    return p


def expand(rows: list[list]) -> list[list[str]]:
    """Lay the cells out on a grid the way a browser does (rowspan/colspan), text in every slot."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for _, attrs, text in row:
            while (r, c) in grid:
                c += 1
            rs, cs = int(attrs.get("rowspan", 1)), int(attrs.get("colspan", 1))
            for dr in range(rs):
                for dc in range(cs):
                    assert (r + dr, c + dc) not in grid, f"overlapping cells at {(r + dr, c + dc)}"
                    grid[(r + dr, c + dc)] = text
            c += cs
    nrows = max(r for r, _ in grid) + 1
    ncols = max(c for _, c in grid) + 1
    assert len(grid) == nrows * ncols, "the table is not rectangular"
    return [[grid[(r, c)] for c in range(ncols)] for r in range(nrows)]


def table_of(p: Tables, cls: str) -> dict:
    [t] = [t for t in p.tables if t["class"] == cls]
    return t


def spans(cell) -> tuple[int, int]:
    return int(cell[1].get("rowspan", 1)), int(cell[1].get("colspan", 1))


def find(rows, text):
    hits = [cell for row in rows for cell in row if cell[2] == text]
    assert hits, f"no cell {text!r}"
    return hits


# --------------------------------------------------------------------------- html
def test_html_table3_has_the_official_merged_cells():
    p = parse(render.render(distinct_report(), "html"))
    rows = table_of(p, "t3")["rows"]
    assert spans(find(rows, vocab.T3_CORNER)[0]) == (3, 3)
    assert spans(find(rows, vocab.APPLICANT_HEADER)[0]) == (1, 7)
    assert spans(find(rows, vocab.T3_COLUMNS.label("natural_person"))[0]) == (2, 1)
    assert spans(find(rows, vocab.LEGAL_PERSON_LABEL)[0]) == (1, 5)
    assert spans(find(rows, vocab.T3_COLUMNS.label("total"))[0]) == (2, 1)
    [results] = find(rows, vocab.RESULTS)
    assert spans(results) == (22, 1)
    for label in (vocab.G_GRANTED, vocab.G_PARTIAL, vocab.G_TOTAL):
        assert spans(find(rows, label)[0]) == (1, 2)
    for label, n in ((vocab.G_WITHHELD, 8), (vocab.G_UNAVAILABLE, 3), (vocab.G_NOT_PROCESSED, 5), (vocab.G_OTHER, 3)):
        [cell] = find(rows, label)
        assert spans(cell) == (n, 1)
    for code in ("new", "carried_over", "carried_forward"):
        assert spans(find(rows, vocab.T3_ROW_BY_CODE[code].level1)[0]) == (1, 3)
    # no subtotal rows: 3 header rows + 25 data rows, each 3 label + 7 number columns
    assert len(rows) == 28


def test_html_table3_every_cell_in_its_place():
    rep = distinct_report()
    grid = expand(table_of(parse(render.render(rep, "html")), "t3")["rows"])
    assert len(grid) == 28 and len(grid[0]) == 10
    assert grid[2][3:] == [vocab.T3_COLUMNS.label("natural_person"), *(vocab.T3_COLUMNS.label(c) for c in T3_CODES[1:6]),
                           vocab.T3_COLUMNS.label("total")]
    for i, row in enumerate(vocab.T3_ROWS):
        line = grid[3 + i]
        assert line[3:] == [format_number(rep.t3[(row.code, c)]) for c in T3_CODES], row.code
        assert line[0] == row.level1
        assert line[2] == (row.level3 or row.level2 or row.level1)


def test_html_table4_has_the_official_merged_cells():
    rep = distinct_report()
    p = parse(render.render(rep, "html"))
    rows = table_of(p, "t4")["rows"]
    assert spans(find(rows, vocab.T4_REVIEW_LABEL)[0]) == (1, 5)
    assert spans(find(rows, vocab.T4_SUIT_LABEL)[0]) == (1, 10)
    for label in (t.label for t in vocab.T4_COLUMNS):
        hits = find(rows, label)
        assert len(hits) == 3
        assert spans(hits[0]) == (2, 1)  # the 复议 header
        assert [spans(h) for h in hits[1:]] == [(1, 1), (1, 1)]
    assert spans(find(rows, vocab.T4_ROWS.label("suit_direct"))[0]) == (1, 5)
    assert spans(find(rows, vocab.T4_ROWS.label("suit_after_review"))[0]) == (1, 5)
    grid = expand(rows)
    assert len(grid) == 4 and len(grid[0]) == 15
    assert grid[3] == [format_number(rep.t4[(r, c)]) for r in vocab.T4_ROWS.codes for c in T4_CODES]
    assert grid[0][:5] == [vocab.T4_REVIEW_LABEL] * 5 and grid[0][5:] == [vocab.T4_SUIT_LABEL] * 10
    assert grid[1][5:10] == [vocab.T4_ROWS.label("suit_direct")] * 5


def test_html_table2_layout():
    rep = distinct_report()
    rows = table_of(parse(render.render(rep, "html")), "t2")["rows"]
    for caption, _, _ in vocab.T2_SECTIONS:
        assert spans(find(rows, caption)[0]) == (1, 4)
    # 4 sections × (caption + header) + 6 data rows
    assert len(rows) == 14
    grid = expand(rows)
    assert all(len(line) == 4 for line in grid)
    at = {line[0]: line[1:] for line in grid}
    assert at["规章"] == [format_number(rep.t2[("regulation", c)]) for c in ("issued", "repealed", "in_force")]
    # one-column sections: the value cell spans the three value columns
    for code, col in (("license", "decisions"), ("penalty", "decisions"), ("coercion", "decisions"),
                      ("fee", "amount_wan")):
        [cell] = [c for row in rows for c in row if c[1].get("data-cell") == f"t2.{code}.{col}"]
        assert spans(cell) == (1, 3)
        assert at[vocab.T2_ROWS.label(code)] == [format_number(rep.t2[(code, col)])] * 3
    assert at[vocab.T2_ROWS.label("fee")][0] == "59237.2449"


def test_html_every_cell_carries_its_code():
    rep = distinct_report()
    p = parse(render.render(rep, "html"))
    seen = {c[1]["data-cell"]: c[2] for t in p.tables for row in t["rows"] for c in row if "data-cell" in c[1]}
    expected = {f"{t}.{r}.{c}": format_number(rep.table(t)[(r, c)]) for t in ("t2", "t3", "t4")
                for (r, c) in rep.table(t)}
    assert seen == expected
    assert len(seen) == 10 + 175 + 15


def test_html_escapes_every_ledger_text():
    rep = distinct_report(org='南街<script>alert("org")</script>街道')
    rep.title = "<b>标题</b> & 年报"
    rep.parts["一"] = '一段<script>alert(1)</script>\n<img src=x onerror="alert(2)">'
    rep.parts["五"] = "<style>body{display:none}</style>"
    doc = render.render(rep, "html")
    assert "<script" not in doc and "<img" not in doc and "<b>" not in doc
    assert doc.count("<style>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "&lt;b&gt;标题&lt;/b&gt; &amp; 年报" in doc
    p = parse(doc)
    assert "script" not in p.tags and "img" not in p.tags
    assert "一段<script>alert(1)</script>" in p.paragraphs  # shown as text
    assert '<img src=x onerror="alert(2)">' in p.paragraphs


def test_html_is_self_contained_with_parts_in_order():
    rep = distinct_report()
    doc = render.render(rep, "html")
    p = parse(doc)
    assert p.h2 == [vocab.PART_HEADINGS[n] for n, _ in vocab.PARTS]
    for tag in ("link", "script", "img", "iframe"):
        assert tag not in p.tags
    assert "http" not in doc and "url(" not in doc
    assert doc.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in doc
    assert "自2023年1月1日至2023年12月31日" in " ".join(p.paragraphs)
    assert "第一段。" in p.paragraphs and "第二段。" in p.paragraphs  # prose lines -> <p>
    # tables sit under their parts
    assert doc.index(vocab.PART_HEADINGS["二"]) < doc.index('class="t2"') < doc.index(vocab.PART_HEADINGS["三"])
    assert doc.index(vocab.PART_HEADINGS["三"]) < doc.index('class="t3"') < doc.index(vocab.PART_HEADINGS["四"])
    assert doc.index(vocab.PART_HEADINGS["四"]) < doc.index('class="t4"') < doc.index(vocab.PART_HEADINGS["五"])


def _css_block(css: str, head: str) -> str:
    """The body of an @-block of the stylesheet (braces counted)."""
    i = css.index(head) + len(head)
    depth, j = 1, i
    while depth:
        depth += {"{": 1, "}": -1}.get(css[j], 0)
        j += 1
    return css[i : j - 1]


def test_html_phone_rules():
    """On a 390 px phone the page never scrolls sideways: the viewport is the device's, and every
    table scrolls inside a box of its own no wider than the page."""
    doc = render.render(distinct_report(), "html")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in doc
    for t in ("t2", "t3", "t4"):
        assert f'<div class="table-wrap"><table class="{t}">' in doc
    assert doc.count('<div class="table-wrap">') == doc.count("<table") == 3
    css = render._CSS
    wrap = re.search(r"\.table-wrap \{([^}]*)\}", css).group(1)
    assert "overflow-x: auto" in wrap and "max-width: 100%" in wrap
    assert "max-width: 100%" in re.search(r"figure\.chart \{([^}]*)\}", css).group(1)
    assert "overflow-wrap: break-word" in re.search(r"\bbody \{([^}]*)\}", css).group(1)  # a long URL in prose
    phone = _css_block(css, "@media (max-width: 600px) {")
    assert "table.t3 { min-width:" in phone


def test_html_print_rules():
    """Printed: A4, headings and 表二 captions never alone at a page bottom, table headers repeated,
    no table wider than the page (Chromium would shrink the whole page to fit it)."""
    css = render._CSS
    assert "@page { size: A4;" in css
    printed = _css_block(css, "@media print {")
    assert re.search(r"h1, h2, th\.caption \{ break-after: avoid;", printed)
    assert "thead { display: table-header-group;" in printed
    assert re.search(r"tr, tbody\.section, figure\.chart \{ break-inside: avoid;", printed)
    assert "min-width: 0" in printed and ".table-wrap { overflow: visible; }" in printed
    assert ".signature { break-before: avoid;" in printed
    doc = render.render(distinct_report(), "html")
    t2 = doc[doc.index('<table class="t2">') : doc.index("</table>", doc.index('<table class="t2">'))]
    assert t2.count('<tbody class="section">') == 4  # each 表二 section kept whole
    assert t2.index('<tbody class="section">\n<tr><th colspan="4" class="caption">第二十条第（一）项</th>') > 0


def test_html_headers_break_between_words_and_columns_named():
    """Headers carry <wbr> between their words (keep-all breaks only there): 商业/企业, never 其/他."""
    doc = render.render(distinct_report(), "html")
    assert "<th scope=\"col\">商业<wbr>企业</th>" in doc
    assert "<th scope=\"col\">社会<wbr>公益<wbr>组织</th>" in doc
    assert "<th rowspan=\"2\" scope=\"col\">总计</th>" in doc and "其<wbr>他" not in doc
    th = re.search(r"\bth \{([^}]*)\}", render._CSS).group(1)
    assert "word-break: keep-all" in th
    for t, cols in (("t2", ["l1", "v", "v", "v"]), ("t3", ["l1", "l2", "l3", *["v"] * 7]), ("t4", ["v"] * 15)):
        i = doc.index(f'<table class="{t}">')
        group = doc[i : doc.index("</colgroup>", i)]
        assert re.findall(r'<col class="(\w+)">', group) == cols, t


# --------------------------------------------------------------------------- txt
def test_txt_tables_parse_back_cell_by_cell():
    rep = distinct_report()
    text = render.render(rep, "txt")
    lines = text.splitlines()
    assert lines[0] == rep.default_title
    t3_lines = [line.split("\t") for line in lines if line.count("\t") == 9 and line.split("\t")[-1].isdigit()]
    assert len(t3_lines) == 25
    for fields, row in zip(t3_lines, vocab.T3_ROWS, strict=True):
        assert fields[3:] == [str(rep.t3[(row.code, c)]) for c in T3_CODES], row.code
        assert row.label in fields[:3]
    [t4_line] = [line for line in lines if line.count("\t") == 14 and line.split("\t")[0].isdigit()]
    assert t4_line.split("\t") == [str(rep.t4[(r, c)]) for r in vocab.T4_ROWS.codes for c in T4_CODES]
    for _, row_codes, cols in vocab.T2_SECTIONS:
        for r in row_codes:
            assert "\t".join([vocab.T2_ROWS.label(r), *(format_number(rep.t2[(r, c)]) for c in cols)]) in lines
    assert f"{vocab.T2_ROWS.label('fee')}\t59237.2449" in lines


def test_txt_has_headings_prose_and_period_in_order():
    rep = distinct_report()
    text = render.render(rep, "txt")
    positions = [text.index(vocab.PART_HEADINGS[n] + "\n") for n, _ in vocab.PARTS]
    assert positions == sorted(positions)
    assert "自2023年1月1日至2023年12月31日" in text
    assert "\n第一段。\n\n第二段。\n" in text
    assert text.index("第一段。") < positions[1]
    assert positions[5] < text.index("其他事项，未收取信息处理费。")


def test_none_cell_renders_empty():
    rep = AnnualReport.empty("某单位", 2024)
    rep.t2[("regulation", "issued")] = None
    txt = render.render(rep, "txt")
    assert f"{vocab.T2_ROWS.label('regulation')}\t\t0\t0" in txt.splitlines()
    doc = render.render(rep, "html")
    assert '<td data-cell="t2.regulation.issued"></td>' in doc
    assert f"| {vocab.T2_ROWS.label('regulation')} |  | 0 | 0 |" in render.render(rep, "md")
    g = layout.grid(rep, "t2")
    assert layout.flat(g)[0].rows[0][1][0].value is None


# --------------------------------------------------------------------------- md
def test_md_every_cell_in_its_row():
    rep = distinct_report()
    text = render.render(rep, "md")
    lines = text.splitlines()
    assert lines[0] == f"# {rep.default_title}"
    for n, _ in vocab.PARTS:
        assert f"## {vocab.PART_HEADINGS[n]}" in lines
    for row in vocab.T3_ROWS:
        cells = " | ".join(str(rep.t3[(row.code, c)]) for c in T3_CODES)
        assert f"| {row.full_label} | {cells} |" in lines
    assert "| （三）不予公开 1.属于国家秘密 | " + " | ".join(
        str(rep.t3[("withheld.state_secret", c)]) for c in T3_CODES) + " |" in lines
    for r in vocab.T4_ROWS.codes:
        cells = " | ".join(str(rep.t4[(r, c)]) for c in T4_CODES)
        assert any(line.endswith(f"{vocab.T4_ROWS.label(r)} | {cells} |") for line in lines), r
    for caption, row_codes, cols in vocab.T2_SECTIONS:
        assert f"**{caption}**" in lines
        for r in row_codes:
            cells = " | ".join(format_number(rep.t2[(r, c)]) for c in cols)
            assert f"| {vocab.T2_ROWS.label(r)} | {cells} |" in lines
    assert "第一段。" in lines and "第二段。" in lines


def test_md_escapes_pipes_in_table_cells():
    rep = distinct_report()
    rep.items.channels.append(("x", "A|B"))
    md = "\n".join(render.md_table(layout.grid(rep, "items")))
    assert "| A\\|B |" in md


# --------------------------------------------------------------------------- json
def test_json_is_the_model():
    rep = distinct_report()
    doc = json.loads(render.render(rep, "json"))
    back = AnnualReport.from_json(doc)
    for t in ("t2", "t3", "t4"):
        assert back.table(t) == rep.table(t), t
    assert doc["t3"]["withheld.state_secret"]["natural_person"] == rep.t3[("withheld.state_secret", "natural_person")]
    assert doc["t2"]["fee"]["amount_wan"] == 59237.2449
    assert doc["parts"]["一"] == "第一段。\n\n第二段。"


def test_unknown_format_is_bad_input():
    rep = distinct_report()
    assert render.render(rep, ".HTML") == render.render(rep, "html")
    assert render.render(rep, "markdown") == render.render(rep, "md")
    with pytest.raises(BadInput, match="报告格式"):
        render.render(distinct_report(), "pdf")


# --------------------------------------------------------------------------- grids and the terminal
def test_grid_t3_all_rows_and_columns_group_labels_once():
    rep = distinct_report()
    g = layout.grid(rep, "t3")
    assert (g.rows, g.cols, g.header_rows) == (28, 10, 3)
    [sec] = layout.flat(g)
    assert sec.header[1:] == [t.label for t in vocab.T3_COLUMNS]
    assert len(sec.rows) == 25
    texts = [b.text for b in g.blocks if b.kind in ("label", "vlabel")]
    assert texts.count(vocab.RESULTS) == 1 and texts.count(vocab.G_WITHHELD) == 1
    for (labels, cells), row in zip(sec.rows, vocab.T3_ROWS, strict=True):
        assert labels[-1].text == row.label
        assert [c.value for c in cells] == [rep.t3[(row.code, c)] for c in T3_CODES]


def test_grid_t4_t2_items():
    rep = distinct_report()
    [sec] = layout.flat(layout.grid(rep, "t4"))  # one row of 15 cells reads as a row per group
    assert sec.header[1:] == [t.label for t in vocab.T4_COLUMNS]
    assert [b[0].text for b, _ in sec.rows] == [
        vocab.T4_REVIEW_LABEL,
        f"{vocab.T4_SUIT_LABEL} {vocab.T4_ROWS.label('suit_direct')}",
        f"{vocab.T4_SUIT_LABEL} {vocab.T4_ROWS.label('suit_after_review')}",
    ]
    assert [c.value for _, cells in sec.rows for c in cells] == [rep.t4[k] for k in vocab.t4_cells()]

    sections = layout.flat(layout.grid(rep, "t2"))
    assert [s.caption for s in sections] == [c for c, _, _ in vocab.T2_SECTIONS]
    assert [b[0].text for s in sections for b, _ in s.rows] == [t.label for t in vocab.T2_ROWS]
    assert all(s.corner == vocab.T2_CONTENT_HEADER for s in sections)
    values = {format_number(c.value) for s in sections for _, cells in s.rows for c in cells}
    assert values == {format_number(v) for v in rep.t2.values()}

    [sec] = layout.flat(layout.grid(rep, "items"))
    assert sec.header == [layout.ITEMS_CORNER, "工作动态", "政策法规", layout.SUM_LABEL]
    assert [[labels[0].text, *(str(c.value) for c in cells)] for labels, cells in sec.rows] == [
        ["政府网站", "3", "0", "3"],
        ["微信公众号", "400", "16", "416"],
        ["公示栏", "0", "66", "66"],
        [layout.SUM_LABEL, "403", "82", "485"],
    ]
    with pytest.raises(BadInput):
        layout.grid(rep, "t9")


def test_terminal_t3_reads_like_the_official_table():
    rep = distinct_report()
    text = render.terminal_text(rep, "t3", 200)
    for row in vocab.T3_ROWS:
        for label in filter(None, (row.level1, row.level2, row.level3)):
            assert label in text
        line = next(ln for ln in text.splitlines() if f"│ {rep.t3[(row.code, 'natural_person')]:>6} │" in ln)
        assert [int(x) for x in line.split("│")[2:-1]] == [rep.t3[(row.code, c)] for c in T3_CODES]
    assert text.count(vocab.RESULTS) == 1 and text.count(vocab.G_WITHHELD) == 1
    for label in (vocab.LEGAL_PERSON_LABEL, *(t.label for t in vocab.T3_COLUMNS)):
        assert label in text
    assert vocab.T3_CORNER in text.replace("\n", "")


def test_terminal_t4_t2_items():
    rep = distinct_report()
    text = render.terminal_text(rep, "t4", 200)
    for label in (vocab.T4_REVIEW_LABEL, vocab.T4_SUIT_LABEL, *(t.label for t in vocab.T4_ROWS),
                  *(t.label for t in vocab.T4_COLUMNS)):
        assert label in text
    for v in rep.t4.values():
        assert str(v) in text
    text = render.terminal_text(rep, "t2", 200)
    for caption, _, _ in vocab.T2_SECTIONS:
        assert caption in text
    for label in (*(t.label for t in vocab.T2_ROWS), *(t.label for t in vocab.T2_COLUMNS)):
        assert label in text
    for v in rep.t2.values():
        assert format_number(v) in text
    text = render.terminal_text(rep, "items", 200)
    assert "微信公众号" in text and "485" in text


@pytest.mark.parametrize("width", [80, 100, 120, 60])
@pytest.mark.parametrize("table", ["items", "t2", "t3", "t4"])
def test_terminal_at_any_width_keeps_every_label_and_digit(width, table):
    """Issue 10: at 80 columns no label column collapses and no number or header is cut."""
    rep = distinct_report()
    for i, key in enumerate(sorted(rep.t3)):
        rep.t3[key] = 10000 + i  # five digits everywhere
    for i, key in enumerate(sorted(rep.t4)):
        rep.t4[key] = 20000 + i
    rep.items.counts = {k: 54321 for k in rep.items.counts}
    text = render.terminal_text(rep, table, width)
    assert max(cell_len(ln) for ln in text.splitlines()) <= width
    assert "…" not in text
    flat = re.sub(r"[\u2500-\u257f\s]", "", text)  # a label wrapped onto two lines is still whole
    g = layout.grid(rep, table)
    for b in g.blocks:
        if b.kind == "num":
            assert format_number(b.value) in text, (b, width)
        elif b.text and b.kind != "head":
            assert "".join(b.text.split()) in flat, (b.text, width)
    for sec in layout.flat(g):
        for path in sec.paths:
            assert "".join(path[-1].split()) in flat
# --------------------------------------------------------------------------- end to end with prose
def test_composed_zero_report_renders_fee_and_todo():
    rep = AnnualReport.empty("某街道", 2024)
    narrative.compose(rep, {})
    for fmt in ("md", "txt", "html"):
        out = render.render(rep, fmt)
        assert "未收取信息处理费" in out
        assert vocab.TODO_MARK in out
        assert "自2024年1月1日至2024年12月31日" in out
