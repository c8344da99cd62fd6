"""Word and Excel output of the annual report (issue 6, item 1).

Every cell of tables 二/三/四 is read back with python-docx and openpyxl and compared with the model;
every merged range with the official layout of report-format.md, written out here by hand (not taken
from office.py) so that a layout mistake there cannot hide itself.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal

import docx  # noqa: E402
import openpyxl  # noqa: E402
import pytest

from disclosure_cli import vocab
from disclosure_cli.errors import DiscError
from disclosure_cli.report.model import AnnualReport, ItemsTally, format_number
from disclosure_cli.report.office import write_docx, write_xlsx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

ORG = "惠农区南街街道"
YEAR = 2023
PROSE_ONE = '（一）主动公开情况\n全年发布信息{n}条。<script>alert("x")</script> & <b>不是标签</b>\n\n　　第二段，前有全角空格。'
PROSE_FIVE = "问题一：栏目更新不及时。\n改进：建立周更机制。"
PROSE_SIX = "本年度未收取信息处理费。"

# ------------------------------------------------------------------ the official layouts, by hand
# (row, col, rowspan, colspan) of every merged block, table-local, 0-based (report-format.md).
T2_MERGES = {
    (0, 0, 1, 4),  # 第二十条第（一）项
    (4, 0, 1, 4),  # 第二十条第（五）项
    (5, 1, 1, 3),  # 本年处理决定数量
    (6, 1, 1, 3),  # 行政许可 value
    (7, 0, 1, 4),  # 第二十条第（六）项
    (8, 1, 1, 3),
    (9, 1, 1, 3),  # 行政处罚 value
    (10, 1, 1, 3),  # 行政强制 value
    (11, 0, 1, 4),  # 第二十条第（八）项
    (12, 1, 1, 3),  # 本年收费金额（单位：万元）
    (13, 1, 1, 3),  # 行政事业性收费 value
}
T2_ROWS_AT = {"regulation": 2, "normative_document": 3, "license": 6, "penalty": 9, "coercion": 10, "fee": 13}
T2_COLS_AT = {"issued": 1, "repealed": 2, "in_force": 3, "decisions": 1, "amount_wan": 1}

T3_MERGES = {
    (0, 0, 3, 3),  # the 勾稽关系 corner block
    (0, 3, 1, 7),  # 申请人情况
    (1, 3, 2, 1),  # 自然人
    (1, 4, 1, 5),  # 法人或其他组织
    (1, 9, 2, 1),  # 总计
    (3, 0, 1, 3),  # 一、本年新收…
    (4, 0, 1, 3),  # 二、上年结转…
    (5, 0, 22, 1),  # 三、本年度办理结果, vertical over the 22 result rows
    (5, 1, 1, 2),  # （一）予以公开
    (6, 1, 1, 2),  # （二）部分公开
    (7, 1, 8, 1),  # （三）不予公开
    (15, 1, 3, 1),  # （四）无法提供
    (18, 1, 5, 1),  # （五）不予处理
    (23, 1, 3, 1),  # （六）其他处理
    (26, 1, 1, 2),  # （七）总计
    (27, 0, 1, 3),  # 四、结转下年度继续办理
}
T4_MERGES = {
    (0, 0, 1, 5),  # 行政复议
    (0, 5, 1, 10),  # 行政诉讼
    *((1, c, 2, 1) for c in range(5)),  # the five 复议 headers over two rows
    (1, 5, 1, 5),  # 未经复议直接起诉
    (1, 10, 1, 5),  # 复议后起诉
}
SIZES = {"t2": (14, 4), "t3": (28, 10), "t4": (4, 15)}


def expected_text(rep: AnnualReport, table: str) -> dict[tuple[int, int], str]:
    """What each block's top-left grid cell must read, labels and values."""
    out: dict[tuple[int, int], str] = {}
    if table == "t2":
        for r, c in [(0, 0), (4, 0), (7, 0), (11, 0)]:
            out[(r, c)] = {0: "第二十条第（一）项", 4: "第二十条第（五）项", 7: "第二十条第（六）项", 11: "第二十条第（八）项"}[r]
        for r in (1, 5, 8, 12):
            out[(r, 0)] = "信息内容"
        out.update({(1, 1): "本年制发件数", (1, 2): "本年废止件数", (1, 3): "现行有效件数"})
        out.update({(5, 1): "本年处理决定数量", (8, 1): "本年处理决定数量", (12, 1): "本年收费金额（单位：万元）"})
        for code, r in T2_ROWS_AT.items():
            out[(r, 0)] = vocab.T2_ROWS.label(code)
        for row, col in vocab.T2_CELLS:
            out[(T2_ROWS_AT[row], T2_COLS_AT[col])] = format_number(rep.t2[(row, col)])
    elif table == "t3":
        out[(0, 0)] = vocab.T3_CORNER
        out.update({(0, 3): "申请人情况", (1, 3): "自然人", (1, 4): "法人或其他组织", (1, 9): "总计"})
        for j, label in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
            out[(2, 4 + j)] = label
        out[(5, 0)] = "三、本年度办理结果"
        out.update({(7, 1): "（三）不予公开", (15, 1): "（四）无法提供", (18, 1): "（五）不予处理", (23, 1): "（六）其他处理"})
        for i, row in enumerate(vocab.T3_ROWS):
            r = 3 + i
            if row.level3:
                out[(r, 2)] = row.level3
            elif row.level2:
                out[(r, 1)] = row.level2
            else:
                out[(r, 0)] = row.level1
            for j, col in enumerate(vocab.T3_COLUMNS.codes):
                out[(r, 3 + j)] = format_number(rep.t3[(row.code, col)])
        assert out[(26, 1)] == "（七）总计" and out[(27, 0)] == "四、结转下年度继续办理"
    else:
        out.update({(0, 0): "行政复议", (0, 5): "行政诉讼", (1, 5): "未经复议直接起诉", (1, 10): "复议后起诉"})
        heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        for j, h in enumerate(heads):
            out[(1, j)] = h
            out[(2, 5 + j)] = h
            out[(2, 10 + j)] = h
        for g, row in enumerate(["review", "suit_direct", "suit_after_review"]):
            for j, col in enumerate(["upheld", "corrected", "other", "pending", "total"]):
                out[(3, 5 * g + j)] = format_number(rep.t4[(row, col)])
    return out


def make_report() -> AnnualReport:
    """Distinct values in every cell, so a value in the wrong cell cannot go unnoticed."""
    rep = AnnualReport.empty(ORG, YEAR)
    n = 1
    for t in ("t2", "t3", "t4"):
        table = rep.table(t)
        for key in list(table):
            table[key] = n
            n += 1
    rep.t2[("fee", "amount_wan")] = Decimal("59237.2449")
    rep.parts = {"一": PROSE_ONE, "五": PROSE_FIVE, "六": PROSE_SIX}
    rep.items = ItemsTally(
        [("portal", "政府网站"), ("wechat", "微信公众号")],
        ["工作动态", "=SUM(A1:A9)"],
        {("portal", "工作动态"): 7, ("portal", "=SUM(A1:A9)"): 3, ("wechat", "工作动态"): 11},
    )
    return rep


@pytest.fixture(scope="module")
def report() -> AnnualReport:
    return make_report()


@pytest.fixture(scope="module")
def docx_path(report, tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    write_docx(report, path)
    return path


@pytest.fixture(scope="module")
def xlsx_path(report, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    write_xlsx(report, path)
    return path


# ------------------------------------------------------------------ reading a Word table back
def docx_blocks(table) -> tuple[dict[tuple[int, int], tuple[int, int, str]], int]:
    """{(row, col): (rowspan, colspan, text)} of every block, from gridSpan/vMerge in the XML."""
    origins: dict[tuple[int, int], list] = {}
    open_v: dict[int, tuple[int, int]] = {}  # grid column -> origin of the vertical merge running there
    rows = table._tbl.tr_lst
    for r, tr in enumerate(rows):
        c = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            vmerge = tc.vMerge
            if vmerge == "continue":
                origin = open_v[c]
                origins[origin][0] += 1
            else:
                text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
                origins[(r, c)] = [1, span, text]
                if vmerge == "restart":
                    open_v[c] = (r, c)
                else:
                    open_v.pop(c, None)
            c += span
        assert c == len(table.columns), f"row {r} covers {c} grid columns"
    return {k: tuple(v) for k, v in origins.items()}, len(rows)


def test_docx_tables_cells_and_merges(report, docx_path):
    doc = docx.Document(str(docx_path))
    assert len(doc.tables) == 3
    for table, name, merges in zip(doc.tables, ("t2", "t3", "t4"), (T2_MERGES, T3_MERGES, T4_MERGES), strict=True):
        blocks, nrows = docx_blocks(table)
        assert (nrows, len(table.columns)) == SIZES[name]
        got_merges = {(r, c, rs, cs) for (r, c), (rs, cs, _) in blocks.items() if rs > 1 or cs > 1}
        assert got_merges == merges, name
        texts = {pos: text for pos, (_, _, text) in blocks.items()}
        assert texts == expected_text(report, name), name


def test_docx_merged_cells_share_one_tc(docx_path):
    """python-docx's own view agrees: row.cells repeats the same w:tc over a merged block."""
    doc = docx.Document(str(docx_path))
    t3 = doc.tables[1]
    rows = t3.rows
    results = [row.cells[0]._tc for row in rows[5:27]]
    assert all(tc is results[0] for tc in results)  # 三、本年度办理结果 over 22 rows
    assert rows[5].cells[0].text == "三、本年度办理结果"
    assert rows[4].cells[0]._tc is rows[4].cells[2]._tc  # 二、 across three columns
    withheld = [rows[7 + k].cells[1]._tc for k in range(8)]  # （三） over 8 rows
    assert all(tc is withheld[0] for tc in withheld) and rows[15].cells[1]._tc is not withheld[0]
    t4 = doc.tables[2]
    suits = [c._tc for c in t4.rows[0].cells[5:15]]  # 行政诉讼 over 10 columns
    assert all(tc is suits[0] for tc in suits) and t4.rows[0].cells[4]._tc is not suits[0]


def test_docx_title_opening_and_parts_in_order(report, docx_path):
    doc = docx.Document(str(docx_path))
    paras = doc.paragraphs
    assert paras[0].text == f"{ORG}\n{YEAR}年政府信息公开工作年度报告"  # broken after the unit
    assert paras[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert "自2023年1月1日至2023年12月31日" in paras[1].text
    texts = [p.text for p in paras]
    headings = [vocab.PART_HEADINGS[n] for n, _ in vocab.PARTS]
    assert headings[0] == "一、总体情况" and headings[-1] == "六、其他需要报告的事项"
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    assert all(paras[i].style.name == "Heading 1" for i in positions)
    # the tables sit under parts 二, 三 and 四: body order heading 二 < 表二 < heading 三 < 表三 …
    order = []
    for el in doc.element.body.iterchildren():
        if el.tag == f"{W}tbl":
            order.append("table")
        elif el.tag == f"{W}p":
            text = "".join(t.text or "" for t in el.iter(f"{W}t"))
            if text in headings:
                order.append(text)
    assert order == [headings[0], headings[1], "table", headings[2], "table", headings[3], "table", *headings[4:]]


def test_docx_prose_is_text_one_paragraph_per_line(docx_path):
    doc = docx.Document(str(docx_path))
    texts = [p.text for p in doc.paragraphs]
    line = '全年发布信息{n}条。<script>alert("x")</script> & <b>不是标签</b>'
    i = texts.index("（一）主动公开情况")
    assert texts[i + 1] == line
    assert texts[i + 2] == "第二段，前有全角空格。"  # blank line dropped, full-width indent stripped
    assert texts[i + 3] == "二、主动公开政府信息情况"
    assert "问题一：栏目更新不及时。" in texts and "改进：建立周更机制。" in texts
    assert PROSE_SIX in texts
    with zipfile.ZipFile(docx_path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "&lt;script&gt;alert" in xml and "<script>" not in xml and "<b>" not in xml
    assert "&amp; &lt;b&gt;" in xml


def test_docx_east_asian_font_everywhere(docx_path):
    doc = docx.Document(str(docx_path))
    runs = list(doc.element.body.iter(f"{W}r"))
    assert len(runs) > 250
    for r in runs:
        rfonts = r.find(f"{W}rPr/{W}rFonts")
        assert rfonts is not None and rfonts.get(f"{W}eastAsia"), r.xpath("string(.)")
    normal = doc.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert normal.get(f"{W}eastAsia") and normal.get(f"{W}eastAsiaTheme") is None
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}eastAsia") and defaults.get(f"{W}eastAsiaTheme") is None
    for name in ("Heading 1", "Heading 2"):
        rf = doc.styles[name].element.find(f"{W}rPr/{W}rFonts")
        assert rf.get(f"{W}eastAsia") and rf.get(f"{W}eastAsiaTheme") is None


def test_docx_table_geometry(docx_path):
    """Fixed layout, explicit widths wide enough for labels, grid borders, centred numbers."""
    doc = docx.Document(str(docx_path))
    for table in doc.tables:
        assert table.autofit is False
        assert table.style.name == "Table Grid"
        widths = [col.width for col in table.columns]
        assert all(w is not None for w in widths)
        assert abs(sum(widths) - docx.shared.Cm(15.6)) < docx.shared.Cm(0.05)  # the A4 text block
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                assert tc.width is not None
    t3 = doc.tables[1]
    cm = [w / docx.shared.Cm(1) for w in (col.width for col in t3.columns)]
    assert cm[1] >= 2.4 and cm[2] >= 4.0 and min(cm[3:]) >= 1.1  # 7 chars / 12 chars / 3 chars of 9 pt
    center = docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    for row in t3.rows[3:]:
        for cell in row.cells[3:]:
            assert cell.paragraphs[0].alignment == center
    vertical = t3.rows[5].cells[0]._tc.tcPr.find(f"{W}textDirection")
    assert vertical is not None and vertical.get(f"{W}val") == "tbRlV"


def test_docx_title_override_blank_cells_and_bad_path(tmp_path):
    rep = AnnualReport.empty("某局", 2024)
    rep.title = "某局关于2024年度政府信息公开工作的年度报告"
    rep.t3[("new", "natural_person")] = None  # a blank, as a document reader may produce
    rep.parts = {"五": "控制字符\x07被去掉【待填写】"}
    path = tmp_path / "r.docx"
    write_docx(rep, path)
    doc = docx.Document(str(path))
    assert doc.paragraphs[0].text == rep.title
    assert doc.tables[1].rows[3].cells[3].text == ""
    assert doc.tables[1].rows[3].cells[4].text == "0"
    assert "控制字符被去掉【待填写】" in [p.text for p in doc.paragraphs]
    with pytest.raises(DiscError):
        write_docx(rep, tmp_path / "no-such-dir" / "r.docx")


# ------------------------------------------------------------------ Excel
def ref(top: int, r: int, c: int, rs: int, cs: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(c + 1)}{top + r}:{get_column_letter(c + cs)}{top + r + rs - 1}"


TOP = 3  # tables start on row 3, under the heading and the unit line


def test_xlsx_sheets_cells_and_merges(report, xlsx_path):
    wb = openpyxl.load_workbook(xlsx_path)
    assert wb.sheetnames == [
        "表二 主动公开政府信息情况",
        "表三 收到和处理政府信息公开申请情况",
        "表四 政府信息公开行政复议、行政诉讼情况",
        "主动公开信息条数",
    ]
    for ws, name, merges in zip(wb.worksheets, ("t2", "t3", "t4"), (T2_MERGES, T3_MERGES, T4_MERGES), strict=False):
        nrows, ncols = SIZES[name]
        got = {str(r) for r in ws.merged_cells.ranges}
        heading_rows = {ref(1, 0, 0, 1, ncols), ref(2, 0, 0, 1, ncols)}
        assert got == {ref(TOP, *m) for m in merges} | heading_rows, name
        assert ws.cell(1, 1).value == vocab.PART_HEADINGS[{"t2": "二", "t3": "三", "t4": "四"}[name]]
        expected = expected_text(report, name)
        for r in range(nrows):
            for c in range(ncols):
                value = ws.cell(TOP + r, 1 + c).value
                if (r, c) not in expected:
                    assert value is None, (name, r, c)
        for (r, c), text in expected.items():
            value = ws.cell(TOP + r, 1 + c).value
            if isinstance(value, str):  # a header may carry line breaks between words (商业\n企业)
                assert value.replace("\n", "") == text, (name, r, c)
            else:
                assert format_number(Decimal(str(value))) == text, (name, r, c)


def test_xlsx_numbers_are_numbers(report, xlsx_path):
    wb = openpyxl.load_workbook(xlsx_path)
    t3 = wb.worksheets[1]
    for i, row in enumerate(vocab.T3_ROWS):
        for j, col in enumerate(vocab.T3_COLUMNS.codes):
            value = t3.cell(TOP + 3 + i, 4 + j).value
            assert type(value) is int and value == report.t3[(row.code, col)]
    t4 = wb.worksheets[2]
    assert [t4.cell(TOP + 3, 1 + c).value for c in range(15)] == [
        report.t4[(r, c)] for r in vocab.T4_ROWS.codes for c in vocab.T4_COLUMNS.codes
    ]
    t2 = wb.worksheets[0]
    amount = t2.cell(TOP + 13, 2)
    assert isinstance(amount.value, float) and amount.value == 59237.2449
    assert amount.number_format == "0.####"
    assert t2.cell(TOP + 9, 2).value == report.t2[("penalty", "decisions")]


def test_xlsx_whole_amount_and_blank(tmp_path):
    rep = AnnualReport.empty(ORG, YEAR)
    rep.t2[("fee", "amount_wan")] = Decimal("12.0000")
    rep.t4[("review", "upheld")] = None
    path = tmp_path / "r.xlsx"
    write_xlsx(rep, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-1].startswith("表四")  # no items tally, no items sheet
    amount = wb.worksheets[0].cell(TOP + 13, 2)
    assert type(amount.value) is int and amount.value == 12 and amount.number_format == "0"
    assert wb.worksheets[2].cell(TOP + 3, 1).value is None
    assert wb.worksheets[2].cell(TOP + 3, 2).value == 0


def test_xlsx_formatting(xlsx_path):
    from openpyxl.cell.cell import MergedCell

    wb = openpyxl.load_workbook(xlsx_path)
    t3 = wb.worksheets[1]
    nrows, ncols = SIZES["t3"]
    for r in range(nrows):
        assert t3.row_dimensions[TOP + r].height, r  # row heights set: wrapped labels do not overlap
        for c in range(ncols):
            cell = t3.cell(TOP + r, 1 + c)
            if not isinstance(cell, MergedCell):
                b = cell.border
                assert {b.left.style, b.right.style, b.top.style, b.bottom.style} == {"thin"}, (r, c)
    for rng in t3.merged_cells.ranges:  # a merged block is framed on all four edges
        if rng.min_row < TOP:
            continue
        for row, col in rng.bottom:
            assert t3.cell(row, col).border.bottom.style == "thin"
        for row, col in rng.right:
            assert t3.cell(row, col).border.right.style == "thin"
        for row, col in rng.left:
            assert t3.cell(row, col).border.left.style == "thin"
    assert t3.cell(TOP, 1).font.b and t3.cell(TOP + 1, 4).font.b  # headers bold
    assert t3.cell(TOP, 1).font.name == "宋体"
    long_label = t3.cell(TOP + 23, 3)  # （六）1. the longest label
    assert long_label.alignment.wrap_text
    assert t3.row_dimensions[TOP + 23].height > t3.row_dimensions[TOP + 3 + 2].height
    assert t3.cell(TOP + 5, 1).alignment.text_rotation == 255  # 三、本年度办理结果 set vertically
    from openpyxl.utils import get_column_letter

    widths = [t3.column_dimensions[get_column_letter(c)].width for c in range(1, 11)]
    assert widths[2] >= 30 and min(widths[3:]) >= 8


def test_xlsx_items_tally(report, xlsx_path):
    ws = openpyxl.load_workbook(xlsx_path)["主动公开信息条数"]
    assert ws.cell(TOP, 2).value == "工作动态"
    formula_like = ws.cell(TOP, 3)
    assert formula_like.value == "=SUM(A1:A9)" and formula_like.data_type == "s"  # text, never a formula
    assert [ws.cell(TOP + 1, c).value for c in range(1, 5)] == ["政府网站", 7, 3, 10]
    assert [ws.cell(TOP + 2, c).value for c in range(1, 5)] == ["微信公众号", 11, 0, 11]
    # laid out by layout.grid(report, "items"), as every other surface: its totals are 合计
    assert [ws.cell(TOP + 3, c).value for c in range(1, 5)] == ["合计", 18, 3, 21]
    assert ws.cell(TOP, 1).value == "渠道＼类别" and ws.cell(TOP, 4).value == "合计"


# ------------------------------------------------------------------ what a reader sees (issue 10)
def _run_texts(el) -> list[str]:
    """The text of an element run by run, a line break as "|"."""
    out = []
    for r in el.iter(f"{W}r"):
        for child in r:
            if child.tag == f"{W}t":
                out.append(child.text or "")
            elif child.tag == f"{W}br":
                out.append("|")
    return out


def test_docx_title_broken_after_the_unit(docx_path):
    doc = docx.Document(str(docx_path))
    title = doc.paragraphs[0]
    assert _run_texts(title._p) == [ORG, "|", f"{YEAR}年政府信息公开工作年度报告"]  # one paragraph, one break
    assert title.paragraph_format.keep_with_next


def test_docx_tables_kept_with_their_captions(docx_path):
    """keepNext on every row's paragraphs but the last row's: a 表二 caption (and the table) never
    ends a page alone; rows never split (cantSplit); the part heading keeps with the table."""
    doc = docx.Document(str(docx_path))
    assert doc.styles["Heading 1"].paragraph_format.keep_with_next
    for table in doc.tables:
        trs = table._tbl.tr_lst
        for i, tr in enumerate(trs):
            assert tr.trPr.find(f"{W}cantSplit") is not None
            for p in tr.iter(f"{W}p"):
                keep = p.find(f"{W}pPr/{W}keepNext")
                assert (keep is not None) == (i < len(trs) - 1), (i, p.xpath("string(.)"))
    t2 = doc.tables[0]
    captions = [row for row in t2.rows if row.cells[0].text.startswith("第二十条")]
    assert len(captions) == 4
    assert all(row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in captions)


def test_docx_body_justified(docx_path):
    from disclosure_cli.report.office import BODY_STYLE

    doc = docx.Document(str(docx_path))
    body = doc.styles[BODY_STYLE]
    assert body.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.element.find(f"{W}pPr/{W}jc").get(f"{W}val") == "both"
    prose = [p for p in doc.paragraphs if p.text in ("问题一：栏目更新不及时。", PROSE_SIX) or "统计期限" in p.text]
    assert len(prose) == 3 and all(p.style.name == BODY_STYLE and p.alignment is None for p in prose)


def test_docx_east_asian_hint_and_chinese_quotes(tmp_path):
    rep = make_report()
    rep.parts["五"] = "执行“三审三校”制度……"
    path = tmp_path / "q.docx"
    write_docx(rep, path)
    doc = docx.Document(str(path))
    runs = list(doc.element.body.iter(f"{W}r"))
    for r in runs:
        assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}hint") == "eastAsia", r.xpath("string(.)")
    quotes = [r for r in runs if r.xpath("string(.)") in ("“", "”", "……")]
    assert len(quotes) == 5  # three in the prose, two in 表三's 3.危及“三安全一稳定”
    for r in quotes:  # wholly in the Chinese font: LibreOffice and WPS do not follow the hint
        f = r.find(f"{W}rPr/{W}rFonts")
        assert f.get(f"{W}ascii") == f.get(f"{W}hAnsi") == f.get(f"{W}eastAsia") in ("仿宋", "宋体")
    plain = [r for r in runs if r.xpath("string(.)") == "执行"]
    assert plain and plain[0].find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Times New Roman"
    assert doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts").get(f"{W}hint") == "eastAsia"


def test_docx_headers_break_between_words(docx_path):
    """表三's 商业企业 in a three-character column: 商业|企业 (2+2), never 商业企|业."""
    doc = docx.Document(str(docx_path))
    t3, t4 = doc.tables[1], doc.tables[2]
    heads = {cell.text.replace("\n", ""): _run_texts(cell._tc) for cell in t3.rows[2].cells[4:9]}
    assert heads == {
        "商业企业": ["商业", "|", "企业"],
        "科研机构": ["科研", "|", "机构"],
        "社会公益组织": ["社会", "|", "公益", "|", "组织"],
        "法律服务机构": ["法律", "|", "服务", "|", "机构"],
        "其他": ["其他"],
    }
    assert _run_texts(t3.rows[1].cells[3]._tc) == ["自然人"]
    assert _run_texts(t4.rows[1].cells[0]._tc) == ["结果", "|", "维持"]
    corner = _run_texts(t3.rows[0].cells[0]._tc)
    assert corner == ["（本列数据的勾稽关系为：第一项加第二项之和，", "|", "等于第三项加第四项之和）"]


def test_docx_signature_block(tmp_path):
    from docx.shared import Pt

    rep = make_report()
    rep.signed = "2024-01-20"
    path = tmp_path / "s.docx"
    write_docx(rep, path)
    doc = docx.Document(str(path))
    *_, last_body, unit, when = doc.paragraphs
    assert (unit.text, when.text) == (ORG, "2024年1月20日")
    right = docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert unit.alignment == right and when.alignment == right
    assert when.paragraph_format.right_indent == Pt(4 * 16)  # 右空四字
    # the unit centred over the date: 惠农区南街街道 is 14 columns wide, 2024年1月20日 13
    assert unit.paragraph_format.right_indent == Pt((4 + (13 - 14) / 4) * 16)
    assert unit.paragraph_format.keep_with_next and last_body.paragraph_format.keep_with_next
    assert last_body.text == PROSE_SIX
    rep.signed, rep.published = None, "2024-02-03"
    write_docx(rep, path)
    assert docx.Document(str(path)).paragraphs[-1].text == "2024年2月3日"


def test_docx_month_chart_in_part_one(tmp_path):
    rep = make_report()
    rep.months = [
        {"row": f"2023-{m:02d}", "column": ch, "value": m * (2 if ch == "wechat" else 1)}
        for m in range(1, 13)
        for ch in ("portal", "wechat")
    ]
    path = tmp_path / "c.docx"
    write_docx(rep, path)
    doc = docx.Document(str(path))
    body = list(doc.element.body.iterchildren())
    texts = ["".join(t.text or "" for t in el.iter(f"{W}t")) for el in body]
    [pic] = [i for i, el in enumerate(body) if el.find(f".//{W}drawing") is not None]
    assert texts.index(vocab.PART_HEADINGS["一"]) < pic < texts.index(vocab.PART_HEADINGS["二"])
    assert texts[pic - 1] == "2023年各月主动公开信息条数（按渠道）"
    assert "政府网站 78 条" in texts[pic + 1] and "全年合计 234 条" in texts[pic + 2]
    for el in body[pic - 1 : pic + 3]:
        for r in el.iter(f"{W}r"):
            assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "宋体"
    assert body[pic - 1].find(f"{W}pPr/{W}keepNext") is not None  # the chart's title stays with it
    rep.months = []
    write_docx(rep, path)  # no months, no chart
    assert not list(docx.Document(str(path)).element.body.iter(f"{W}drawing"))


def test_xlsx_page_setup_on_every_sheet(xlsx_path):
    wb = openpyxl.load_workbook(xlsx_path)
    assert len(wb.worksheets) == 4
    for ws in wb.worksheets:
        ps = ws.page_setup
        assert ps.paperSize == 9, ws.title  # A4
        assert (ps.fitToWidth, ps.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True), ws.title
        assert ws.print_options.horizontalCentered
        assert 0.3 <= ws.page_margins.left <= 0.8 and 0.3 <= ws.page_margins.top <= 1.0
    t2, t3, t4, items = wb.worksheets
    assert t4.page_setup.orientation == "landscape"  # fifteen columns: not 7 pt on portrait
    assert {ws.page_setup.orientation for ws in (t2, t3, items)} == {"portrait"}
    assert (t3.print_title_rows, t4.print_title_rows, items.print_title_rows) == ("$3:$5", "$3:$5", "$3:$3")
    assert t3.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_xlsx_captions_never_cut(tmp_path):
    rep = AnnualReport.empty("宁夏回族自治区石嘴山市惠农区人民政府办公室（区政务服务管理办公室）", YEAR)
    rep.items = ItemsTally([("portal", "政府网站")], ["工作动态"], {("portal", "工作动态"): 7})
    path = tmp_path / "c.xlsx"
    write_xlsx(rep, path)
    ws = openpyxl.load_workbook(path)["主动公开信息条数"]  # three columns only
    cap = ws.cell(2, 1)
    assert cap.value == f"{rep.org}　{YEAR}年度"
    assert cap.alignment.wrap_text and "A2:C2" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.row_dimensions[2].height >= 2 * 15  # two lines, both shown


def test_xlsx_headers_break_between_words(xlsx_path):
    t3 = openpyxl.load_workbook(xlsx_path).worksheets[1]
    assert [t3.cell(TOP + 2, c).value for c in range(5, 10)] == ["商业企业", "科研机构", "社会公益\n组织", "法律服务\n机构", "其他"]
    assert t3.cell(TOP, 1).value == "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）"
    assert t3.row_dimensions[TOP + 2].height >= 2 * 15
