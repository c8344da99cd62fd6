"""Reading PDFs made here: ruled tables with merged cells, a table split across pages, vertical
labels, labels wrapped inside their cells, an image-only (scanned) page and a damaged file.

The PDFs are written by hand with the non-embedded Adobe-GB1 font STSong-Light (UniGB-UCS2-H),
which pdfminer maps back to Unicode from its own CMaps, so no font file is needed.
"""

from __future__ import annotations

from decimal import Decimal

import pdfplumber  # noqa: E402, F401
import pytest

from disclosure_cli import vocab
from disclosure_cli.errors import DiscError
from disclosure_cli.report.model import TABLE_CELLS
from disclosure_cli.report.read import cell_status, read_document
from disclosure_cli.report.readers.evidence import RawCell, ScannedPages

PAGE_W, PAGE_H = 595, 842
FS = 8  # font size of table text


class Page:
    def __init__(self) -> None:
        self.ops: list[str] = []
        self.image = False

    def text(self, x: float, top: float, text: str, fs: float = 10) -> None:
        hexs = "".join(f"{ord(ch):04X}" for ch in text)
        self.ops.append(f"BT /F1 {fs} Tf {x:.2f} {PAGE_H - top - fs:.2f} Td <{hexs}> Tj ET")

    def rect(self, x: float, top: float, w: float, h: float) -> None:
        self.ops.append(f"{x:.2f} {PAGE_H - top - h:.2f} {w:.2f} {h:.2f} re S")

    def table(self, x0: float, top0: float, widths: list[float], heights: list[float], cells) -> None:
        """cells: (row, col, rowspan, colspan, text); text is wrapped to the cell's width."""
        xs = [x0]
        for w in widths:
            xs.append(xs[-1] + w)
        ys = [top0]
        for h in heights:
            ys.append(ys[-1] + h)
        for r, c, rs, cs, text in cells:
            x, top = xs[c], ys[r]
            w, h = xs[c + cs] - x, ys[r + rs] - top
            self.rect(x, top, w, h)
            per_line = max(1, int((w - 4) // FS))
            chunks = [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]
            for k, chunk in enumerate(chunks):
                if chunk:
                    self.text(x + 2, top + 2 + k * (FS + 1), chunk, FS)


def write_pdf(path, pages: list[Page]) -> None:
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>",
        5: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        6: b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 1 >>\nstream\n\x80\nendstream",
    }
    kids = []
    n = 7
    for page in pages:
        ops = list(page.ops)
        if page.image:
            ops.append(f"q {PAGE_W} 0 0 {PAGE_H} 0 0 cm /Im0 Do Q")
        content = "\n".join(ops).encode("latin-1")
        objs[n] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        objs[n + 1] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Resources << /Font << /F1 3 0 R >> "
            f"/XObject << /Im0 6 0 R >> >> /Contents {n} 0 R >>"
        ).encode()
        kids.append(f"{n + 1} 0 R")
        n += 2
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += f"{i} 0 obj\n".encode() + objs[i] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for i in range(1, size):
        out += f"{offsets[i]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def t3_value(i: int, j: int) -> int:
    return (i * 7 + j) % 13


T4_FIGURES = [3, 1, 0, 1, 5, 0, 0, 2, 0, 2, 1, 0, 0, 0, 1]
SPLIT = 10  # table 三 rows 0–9 on page 1, the rest on page 2 without its header
ROW_H = 20


def _t3_pages(p1: Page, p2: Page, top1: float) -> None:
    widths = [12, 72, 170] + [38] * 7
    rows = vocab.T3_ROWS
    head = [
        (0, 0, 3, 3, vocab.T3_CORNER),
        (0, 3, 1, 7, vocab.APPLICANT_HEADER),
        (1, 3, 2, 1, "自然人"),
        (1, 4, 1, 5, vocab.LEGAL_PERSON_LABEL),
        (1, 9, 2, 1, "总计"),
        *[(2, 4 + j, 1, 1, vocab.T3_COLUMNS.label(c)) for j, c in enumerate(vocab.T3_COLUMNS.codes[1:6])],
    ]

    def body(page: Page, first: int, last: int, top: float, offset: int, cells: list) -> None:
        heights = [ROW_H] * (offset + last - first)
        for i in range(first, last):
            r = offset + i - first
            row = rows[i]
            if not row.level2:
                cells.append((r, 0, 1, 3, row.level1))
            elif not row.level3:
                cells.append((r, 1, 1, 2, row.level2))
            else:
                g = [k for k, x in enumerate(rows) if x.level2 == row.level2]
                if i == g[0] or i == first:  # the group cell, cut where the page ends
                    end = min(g[-1] + 1, last)
                    cells.append((r, 1, end - i, 1, row.level2 if i == g[0] else ""))
                cells.append((r, 2, 1, 1, row.level3))
            for j in range(7):
                cells.append((r, 3 + j, 1, 1, str(t3_value(i, j))))
        results = [k for k, x in enumerate(rows) if x.level1 == vocab.RESULTS]
        a, b = max(results[0], first), min(results[-1] + 1, last)
        if a < b:
            cells.append((offset + a - first, 0, b - a, 1, vocab.RESULTS if a == results[0] else ""))
        page.table(40, top, widths, heights, cells)

    body(p1, 0, SPLIT, top1, 3, list(head))
    body(p2, SPLIT, len(rows), 40, 0, [])


def _t2(page: Page, top: float) -> float:
    figures = {"issued": "1", "repealed": "0", "in_force": "12", "decisions": "48", "amount_wan": "0.8"}
    cells, r = [], 0
    for caption, rows, cols in vocab.T2_SECTIONS:
        cells.append((r, 0, 1, 4, caption))
        cells.append((r + 1, 0, 1, 1, vocab.T2_CONTENT_HEADER))
        span = 3 // len(cols)
        for j, c in enumerate(cols):
            cells.append((r + 1, 1 + j * span, 1, span, vocab.T2_COLUMNS.label(c)))
        for k, code in enumerate(rows):
            cells.append((r + 2 + k, 0, 1, 1, vocab.T2_ROWS.label(code)))
            for j, c in enumerate(cols):
                cells.append((r + 2 + k, 1 + j * span, 1, span, "0" if code == "regulation" else figures[c]))
        r += 2 + len(rows)
    page.table(40, top, [110, 130, 130, 130], [18] * r, cells)
    return top + 18 * r


def _t4(page: Page, top: float) -> float:
    labels = [x.label for x in vocab.T4_COLUMNS]
    cells = [(0, 0, 1, 5, vocab.T4_REVIEW_LABEL), (0, 5, 1, 10, vocab.T4_SUIT_LABEL)]
    cells += [(1, j, 2, 1, lab) for j, lab in enumerate(labels)]
    cells += [
        (1, 5, 1, 5, vocab.T4_ROWS.label("suit_direct")),
        (1, 10, 1, 5, vocab.T4_ROWS.label("suit_after_review")),
    ]
    cells += [(2, 5 + j, 1, 1, labels[j % 5]) for j in range(10)]
    cells += [(3, j, 1, 1, str(v)) for j, v in enumerate(T4_FIGURES)]
    page.table(40, top, [34] * 15, [24, 24, 30, 20], cells)
    return top + 98


def build(path, scanned_page: bool = False) -> None:
    p1, p2 = Page(), Page()
    p1.text(150, 40, "南湖镇", 16)  # the org on its own line above the title, as printed titles break
    p1.text(150, 62, "2023年政府信息公开工作年度报告", 16)
    p1.text(60, 95, "本报告所列数据的统计期限自2023年1月1日起至2023年12")
    p1.text(60, 109, "月31日止。")
    p1.text(60, 130, vocab.PART_HEADINGS["一"])
    p1.text(60, 150, "2023年，南湖镇在政府网站主动公开政府信息 260 条，全年收到政府")
    p1.text(60, 164, "信息公开申请 6 件，均按期答复。")
    p1.text(60, 185, vocab.PART_HEADINGS["二"])
    bottom = _t2(p1, 200)
    p1.text(60, bottom + 8, vocab.PART_HEADINGS["三"])
    _t3_pages(p1, p2, bottom + 25)
    p1.text(280, 815, "- 1 -")
    top = 40 + ROW_H * (len(vocab.T3_ROWS) - SPLIT) + 20
    p2.text(60, top, vocab.PART_HEADINGS["四"])
    top = _t4(p2, top + 20) + 20
    p2.text(60, top, vocab.PART_HEADINGS["五"])
    p2.text(60, top + 20, "政策解读的形式较为单一。下一步将增加图文解读。")
    p2.text(60, top + 45, vocab.PART_HEADINGS["六"])
    p2.text(60, top + 65, "本年度未收取信息处理费。")
    p2.text(280, 815, "- 2 -")
    pages = [p1, p2]
    if scanned_page:
        p3 = Page()
        p3.image = True
        pages.append(p3)
    write_pdf(path, pages)


@pytest.fixture(scope="module")
def nanhu(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "nanhu-2023.pdf"
    build(path, scanned_page=True)
    return read_document(path)


def test_pdf_identity_and_prose(nanhu):
    assert (nanhu.org, nanhu.year) == ("南湖镇", 2023)
    assert nanhu.title == "南湖镇2023年政府信息公开工作年度报告"
    assert nanhu.period == ("2023年1月1日", "2023年12月31日")  # a period broken over two lines
    assert [n for n, _ in nanhu.headings] == ["一", "二", "三", "四", "五", "六"]
    # wrapped lines are one paragraph again; page numbers are not prose
    assert (
        nanhu.parts["一"]
        == "2023年，南湖镇在政府网站主动公开政府信息 260 条，全年收到政府信息公开申请 6 件，均按期答复。"
    )
    assert nanhu.parts["六"] == "本年度未收取信息处理费。"
    assert nanhu.tables_found == {"t2", "t3", "t4"}


def test_pdf_table3_split_across_pages(nanhu):
    for i, row in enumerate(vocab.T3_ROWS):
        for j, col in enumerate(vocab.T3_COLUMNS.codes):
            assert nanhu.t3[(row.code, col)] == t3_value(i, j), (row.code, col)
    rows = {lab.code: lab.text for lab in nanhu.labels if lab.table == "t3" and lab.kind == "row"}
    # wrapped inside its cell, still one label; the vertical 三、本年度办理结果 read as one group
    assert rows["other.unpaid_fee"] == vocab.T3_ROW_BY_CODE["other.unpaid_fee"].level3
    groups = [(lab.code, lab.text) for lab in nanhu.labels if lab.kind == "group"]
    assert ("results", vocab.RESULTS) in groups


def test_pdf_tables_2_and_4(nanhu):
    assert nanhu.t2[("normative_document", "in_force")] == 12
    assert nanhu.t2[("coercion", "decisions")] == 48
    assert nanhu.t2[("fee", "amount_wan")] == Decimal("0.8")
    assert [nanhu.t4[k] for k in TABLE_CELLS["t4"]] == T4_FIGURES
    assert all(cell_status(nanhu, t, r, c) == "read" for t in TABLE_CELLS for r, c in TABLE_CELLS[t])


def test_pdf_image_only_page_is_marked(nanhu):
    assert [e for e in nanhu.evidence if not isinstance(e, RawCell)] == [ScannedPages((3,))]


def test_scanned_pdf_is_refused(tmp_path):
    page = Page()
    page.image = True
    path = tmp_path / "scan.pdf"
    write_pdf(path, [page, page])
    with pytest.raises(DiscError, match="无法读取：扫描件"):
        read_document(path)


def test_damaged_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    with pytest.raises(DiscError, match="无法读取"):
        read_document(path)


def test_read_documents_in_order_with_errors(tmp_path):
    from disclosure_cli.report.read import read_documents

    good = tmp_path / "a.pdf"
    build(good)
    scan = tmp_path / "b.pdf"
    page = Page()
    page.image = True
    write_pdf(scan, [page])
    text = tmp_path / "c.txt"
    text.write_text("某乡2022年政府信息公开工作年度报告\n", encoding="utf-8")
    out = read_documents([good, scan, text, good], jobs=2)
    assert [type(x).__name__ for x in out] == ["AnnualReport", "DiscError", "AnnualReport", "AnnualReport"]
    assert out[0].org == out[3].org == "南湖镇" and out[2].year == 2022
    assert "扫描件" in str(out[1])
    assert [r.year for r in read_documents([text, good], jobs=1)] == [2022, 2023]


def test_pdf_cells_say_their_page(nanhu):
    """Typed evidence carries the page (issue 22): 表三 runs over two pages, 表四 is on the second."""
    from disclosure_cli.report.readers.evidence import of_type

    pages = {(e.table, e.row): e.page for e in of_type(nanhu, RawCell)}
    assert pages[("t2", "regulation")] == 1 and pages[("t4", "review")] == 2
    assert {pages[("t3", "new")], pages[("t3", "total")]} == {1, 2}
