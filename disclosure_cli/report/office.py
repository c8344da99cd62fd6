"""Office output of the annual report: a Word document ready to publish, an Excel workbook.

Reports are published as Word documents and tables travel as Excel sheets (issue 6): a clerk must
not retype a single number. Both writers lay the tables out from one grid description (`grid`),
built from vocab, so the merged cells of 表二/三/四 are those of report-format.md in both files.

python-docx and openpyxl are imported inside the writers: the CLI must not pay for them at start-up.
"""

from __future__ import annotations

import copy
import functools
import math
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.report import layout
from disclosure_cli.report.model import AnnualReport, Number, format_number

# --------------------------------------------------------------------------- fonts and sizes
# Word falls back to a Latin font for Chinese unless w:eastAsia is set (engineering-notes.md), so
# every run, the document defaults and every style we use name an East Asian font. These four come
# with every Chinese Windows and with WPS; 方正小标宋/仿宋_GB2312 are often missing.
LATIN_FONT = "Times New Roman"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"

TITLE_PT = 22  # 二号
CHART_PT = 10.5  # 五号: the chart's title, legend and note
BODY_PT = 16  # 三号, as in 公文
BODY_LINE_PT = 28  # fixed line pitch of 公文 body text

# Column widths (cm) for an A4 page with a 15.6 cm text block and 0.08 cm cell padding. Sized so
# labels wrap at word-ish lengths: （三）不予公开 on one line, 「1.本机关不掌握相关政府信息」 (13
# characters of 9 pt) too, data columns three characters wide (表三: five digits, headers 2+2 as
# layout.head_lines breaks them) or two (表四's fifteen columns); 三、本年度办理结果 is set vertically
# in a one-character column.
DOCX_WIDTHS_CM = {
    "t2": [3.9, 3.9, 3.9, 3.9],
    "t3": [0.6, 2.45, 4.5, *[1.15] * 7],
    "t4": [1.04] * 15,
}
DOCX_TABLE_PT = {"t2": 10.5, "t3": 9, "t4": 9}
CELL_PAD_TWIPS = 45  # 0.08 cm left and right
BODY_STYLE = "Report Body"
TABLE_STYLE = "Report Table Text"

# Excel column widths (character units; a Chinese character takes about two). 表三's value columns
# hold four characters a line (商业企业; 社会公益/组织 broken by layout.head_lines), 表四's too
# (landscape); 「1.本机关不掌握相关政府信息」 fits its label column on one line.
XLSX_WIDTHS = {
    "t2": [20, 16, 16, 16],
    "t3": [5, 16, 30, *[10] * 7],
    "t4": [10] * 15,
}
XLSX_TOP = 3  # tables start on row 3: row 1 the part heading, row 2 unit and year
XLSX_PORTRAIT_UNITS = 140  # wider than this (at fit to width: smaller than about 8 pt) prints landscape
XLSX_LINE_PT = 15  # one line of 11 pt text

ITEMS_CORNER = layout.ITEMS_CORNER

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_AMBIGUOUS = re.compile("([\u2018\u2019\u201c\u201d\u2026\u2014\u2015\u00b7]+)")  # ‘’“”…—―·
_MD_HEADING = re.compile(r"#{1,6}\s*(.*)")


# --------------------------------------------------------------------------- the grid
# One layout for every surface (report/layout.py); these names stay importable from here.
Block = layout.Block
Grid = layout.Grid
grid = layout.grid


# --------------------------------------------------------------------------- shared text helpers
def clean_text(text: str) -> str:
    """Drop the control characters XML cannot hold (they would make Word refuse the file)."""
    return _ILLEGAL_XML.sub("", text)


def prose_blocks(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) per non-empty line of stored prose: "sub" for a markdown heading, else "para".

    One line is one paragraph: clerks write 「（一）主动公开情况」 and the like on lines of their own.
    Leading ASCII and full-width spaces go, since the document indents paragraphs itself.
    """
    for line in clean_text(text).splitlines():
        s = line.strip()
        if not s:
            continue
        m = _MD_HEADING.fullmatch(s)
        if m:
            if m.group(1).strip():
                yield "sub", m.group(1).strip()
            continue
        yield "para", s


def opening_text(report: AnnualReport) -> str:
    return layout.opening(report)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --------------------------------------------------------------------------- Word
def write_docx(report: AnnualReport, path: str | Path) -> None:
    """Write the whole annual report as a .docx ready to publish: title, six parts, tables 二/三/四."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    path = Path(path)
    title = clean_text(report.title or report.default_title)
    doc = official_document(title, report.org)  # A4 portrait (python-docx's default template is Letter)

    # The title in one paragraph, broken where it makes sense: the unit, then
    # 「2023年政府信息公开工作年度报告」 (layout.title_lines) — never inside a word.
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_after = Pt(BODY_LINE_PT)
    pf.keep_with_next = True
    lines = [clean_text(t) for t in layout.title_lines(report)]
    for i, line in enumerate(lines):
        r = _docx_run(p, line, TITLE_FONT, TITLE_PT, bold=True)
        if i < len(lines) - 1:
            _docx_break(r)

    _docx_prose(doc, opening_text(report))
    for number, _ in vocab.PARTS:
        h = _docx_paragraph(doc, "Heading 1")
        _docx_run(h, vocab.PART_HEADINGS[number], HEADING_FONT, BODY_PT)
        text = report.parts.get(number, "")
        if text:
            _docx_prose(doc, text)
        if number == "一" and report.months and report.items is not None:
            _docx_month_chart(doc, report)
        table = {"二": "t2", "三": "t3", "四": "t4"}.get(number)
        if table:
            _docx_table(doc, grid(report, table))
            doc.add_paragraph()  # a gap after the table: two tables never touch
    _docx_signature(doc, report)

    from disclosure_cli.files import atomic_write

    atomic_write(path, doc.save, binary=True)


def _set_rfonts(rpr: Any, east: str, latin: str = LATIN_FONT) -> None:
    """Explicit fonts on an rPr: theme attributes would override them, so they go."""
    from docx.oxml.ns import qn

    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:cs"), latin)
    # “” ‘’ …… — · are of ambiguous width: without the hint Word sets them in the Latin font,
    # half width and out of place in Chinese text
    rfonts.set(qn("w:hint"), "eastAsia")


def _docx_styles(doc: Any) -> None:
    """Document defaults and the styles in use: explicit East Asian fonts, black text, zh-CN."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr_default, BODY_FONT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")

    def style_font(style: Any, east: str, size: float, bold: bool) -> None:
        style.font.size = Pt(size)
        style.font.bold = bold
        rpr = style.element.get_or_add_rPr()
        _set_rfonts(rpr, east)
        color = rpr.find(qn("w:color"))
        if color is not None:
            rpr.remove(color)
        style.font.color.rgb = RGBColor(0, 0, 0)

    # Normal stays plain (tables and the title build on it); prose gets the indented body style.
    normal = doc.styles["Normal"]
    style_font(normal, BODY_FONT, BODY_PT, False)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.widow_control = False

    body = doc.styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.quick_style = True
    bpf = body.paragraph_format
    bpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    bpf.line_spacing = Pt(BODY_LINE_PT)
    bpf.first_line_indent = Pt(2 * BODY_PT)  # two characters, as Chinese paragraphs are indented
    bpf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # 两端对齐, as 公文 are set: no ragged right edge
    bpf.widow_control = True

    for name, east, bold in (("Heading 1", HEADING_FONT, False), ("Heading 2", SUBHEADING_FONT, True)):
        st = doc.styles[name]
        style_font(st, east, BODY_PT, bold)
        spf = st.paragraph_format
        spf.space_before = spf.space_after = Pt(0)
        spf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spf.line_spacing = Pt(BODY_LINE_PT)
        spf.first_line_indent = Pt(2 * BODY_PT)
        spf.keep_with_next = True

    # Cell paragraphs: the paragraph mark's size counts in the row height, so it is small too.
    cell_style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    style_font(cell_style, TABLE_FONT, min(DOCX_TABLE_PT.values()), False)


def _docx_paragraph(doc: Any, style: str) -> Any:
    """A new paragraph in a named style (the public style setter rescans every style per call)."""
    p = doc.add_paragraph()
    p._p.get_or_add_pPr().style = doc.styles[style].style_id
    return p


def _docx_run(paragraph: Any, text: str, east: str, size: float, bold: bool = False, mark: bool = False) -> Any:
    """Append a run with explicit fonts (the rPr copied from a cached template: speed); returns the
    last run. Chinese punctuation of ambiguous width (“” ‘’ …… ——) goes in runs of its own set
    wholly in the East Asian font: Word would follow the eastAsia hint, but LibreOffice and WPS
    ignore it and print them half width in the Latin font."""
    pieces = [x for x in _AMBIGUOUS.split(text) if x] if text else [""]
    for piece in pieces:
        r = paragraph._p.add_r()
        latin = east if _AMBIGUOUS.fullmatch(piece) else LATIN_FONT
        r.insert(0, copy.deepcopy(_rpr_template(east, size, bold, mark, latin)))
        if piece:
            r.text = piece
    return r


@functools.lru_cache(maxsize=64)
def _rpr_template(east: str, size: float, bold: bool, mark: bool, latin: str = LATIN_FONT) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = OxmlElement("w:rPr")
    # children in schema order: rFonts, b, bCs, sz, szCs, highlight
    rfonts = OxmlElement("w:rFonts")
    rpr.append(rfonts)
    _set_rfonts(rpr, east, latin)
    if bold:
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
    half_points = str(int(round(size * 2)))
    rpr.append(OxmlElement("w:sz", {qn("w:val"): half_points}))
    rpr.append(OxmlElement("w:szCs", {qn("w:val"): half_points}))
    if mark:
        rpr.append(OxmlElement("w:highlight", {qn("w:val"): "yellow"}))
    return rpr


def _docx_break(run: Any) -> None:
    """A line break at the end of a run (<w:br/>): the same paragraph goes on on the next line."""
    from docx.oxml import OxmlElement

    run.append(OxmlElement("w:br"))


def _docx_signature(doc: Any, report: AnnualReport) -> None:
    """The signature block of 公文 (GB/T 9704): a blank line under the text, the unit, then the date
    (成文日期) right-aligned four characters in from the margin, the unit centred over the date."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    org, when = (clean_text(x) for x in layout.signature(report))
    body = doc.paragraphs[-1] if doc.paragraphs else None
    if body is not None:
        body.paragraph_format.keep_with_next = True  # the signature never alone on a page
    date_indent = 4.0  # characters
    org_indent = max(0.0, date_indent + (_display_width(when) - _display_width(org)) / 4)
    for i, (text, indent) in enumerate(((org, org_indent), (when, date_indent))):
        p = _docx_paragraph(doc, BODY_STYLE)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pf = p.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.right_indent = Pt(indent * BODY_PT)
        if i == 0:
            pf.space_before = Pt(BODY_LINE_PT)
            pf.keep_with_next = True
        _docx_run(p, text, BODY_FONT, BODY_PT)


def _docx_month_chart(doc: Any, report: AnnualReport) -> None:
    """The month chart (chart.add_month_chart) in part 一, its runs given our East Asian fonts and
    kept on one page with the picture."""
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph

    from disclosure_cli.report import chart

    assert report.items is not None
    body = doc.element.body
    start = len(body) - 1  # new paragraphs go before the final sectPr
    chart.add_month_chart(doc, report.months, report.items.channels)
    new = [Paragraph(el, doc._body) for el in list(body)[start:-1]]
    for k, p in enumerate(new):
        pf = p.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.keep_with_next = k < len(new) - 1
        if k == 0:
            pf.space_before = Pt(BODY_LINE_PT / 2)
        if k == len(new) - 1:
            pf.space_after = Pt(BODY_LINE_PT / 2)
        for run in p.runs:
            _set_rfonts(run._r.get_or_add_rPr(), TABLE_FONT)
            run.font.size = Pt(CHART_PT)


def _docx_prose(doc: Any, text: str) -> None:
    """Stored prose as paragraphs; **bold** kept, 【待填写】 highlighted so nobody publishes it."""
    for kind, line in prose_blocks(text):
        if kind == "sub":
            p = _docx_paragraph(doc, "Heading 2")
            _docx_run(p, line.replace("**", ""), SUBHEADING_FONT, BODY_PT, bold=True)
            continue
        p = _docx_paragraph(doc, BODY_STYLE)
        for i, part in enumerate(_BOLD.split(line)):
            if not part:
                continue
            bold = i % 2 == 1  # re.split puts the captured group at odd positions
            for j, piece in enumerate(part.split(vocab.TODO_MARK)):
                if j:
                    _docx_run(p, vocab.TODO_MARK, BODY_FONT, BODY_PT, bold=bold, mark=True)
                if piece:
                    _docx_run(p, piece, BODY_FONT, BODY_PT, bold=bold)


def _docx_table(doc: Any, g: Grid) -> Any:
    """A table with the official merged cells; cells filled row by row through row.cells."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Emu, Pt

    table = doc.add_table(rows=g.rows, cols=g.cols)
    table.style = doc.styles["Table Grid"]
    table.autofit = False  # fixed layout: Word must not squeeze label columns
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(w) for w in DOCX_WIDTHS_CM[g.table]]
    tbl = table._tbl
    tblpr = tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is not None:
        tblw.set(qn("w:type"), "dxa")
        tblw.set(qn("w:w"), str(sum(int(w.twips) for w in widths)))
    mar = tblpr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        el = mar.makeelement(qn(f"w:{side}"), {qn("w:w"): str(CELL_PAD_TWIPS), qn("w:type"): "dxa"})
        mar.append(el)
    look = tblpr.find(qn("w:tblLook"))  # schema order: tblCellMar comes before tblLook
    if look is not None:
        look.addprevious(mar)
    else:
        tblpr.append(mar)
    for gridcol, w in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        gridcol.w = w
    cell_style_id = doc.styles[TABLE_STYLE].style_id
    rows = table.rows
    tcs = [row._tr.tc_lst for row in rows]  # the uniform grid, before any merge
    for i, row in enumerate(rows):
        for tc, w in zip(tcs[i], widths, strict=True):
            tc.width = w
            # every cell paragraph, even an empty one, in the small table style: the paragraph
            # mark's size counts in the row height
            tc.p_lst[0].get_or_add_pPr().style = cell_style_id
        trpr = row._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
        if i < g.header_rows:
            trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))  # repeated on every page
    # Merges written directly on the pre-merge grid (the regions are disjoint and still empty):
    # in each row the first w:tc of the block spans its columns (gridSpan) and the others go;
    # rows below the first continue the vertical merge (vMerge). Same XML as Word writes.
    for b in g.merges():
        width = sum(widths[b.col : b.col + b.colspan], Emu(0))
        for k in range(b.rowspan):
            row_tcs = tcs[b.row + k]
            first = row_tcs[b.col]
            for tc in row_tcs[b.col + 1 : b.col + b.colspan]:
                tc.getparent().remove(tc)
            if b.colspan > 1:
                first.grid_span = b.colspan
                first.width = width
            if b.rowspan > 1:
                first.vMerge = "restart" if k == 0 else "continue"

    size = DOCX_TABLE_PT[g.table]
    by_row: dict[int, list[Block]] = {}
    for b in g.blocks:
        by_row.setdefault(b.row, []).append(b)
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    middle = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        cells = row.cells
        for b in by_row.get(r, ()):
            cell = cells[b.col]
            if b.kind == "vlabel":
                # 竖排: Chinese set top to bottom, characters upright, as in the printed template
                tcpr = cell._tc.get_or_add_tcPr()
                tcpr.append(tcpr.makeelement(qn("w:textDirection"), {qn("w:val"): "tbRlV"}))
            cell.vertical_alignment = middle
            p = cell.paragraphs[0]
            p.alignment = left if b.kind == "label" else center
            text = format_number(b.value) if b.kind == "num" else b.text
            if not text:
                continue
            # a header too long for its column breaks between words (商业/企业, 社会/公益/组织)
            room = sum(widths[b.col : b.col + b.colspan], Emu(0)) - Emu(2 * CELL_PAD_TWIPS * 635)
            lines = layout.head_lines(text, int(room / Pt(size))) if b.kind == "head" else [text]
            for k, line in enumerate(lines):
                run = _docx_run(p, line, TABLE_FONT, size, bold=b.kind in ("head", "caption"))
                if k < len(lines) - 1:
                    _docx_break(run)
    # The table on one page with its part heading where it fits: every row but the last keeps with
    # the next (Word's way; rows are cantSplit too), so a 表二 caption never ends a page alone.
    for tr in tbl.tr_lst[:-1]:
        for tc in tr.tc_lst:
            for tp in tc.p_lst:
                tp.get_or_add_pPr().keepNext_val = True
    return table


def _page_number_footer(section: Any) -> None:
    """「— 1 —」 centered at the foot of every page, as in printed 公文."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = 0
    _docx_run(p, "— ", BODY_FONT, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = _docx_run(p, "", BODY_FONT, 14)
        if kind:
            r.append(r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
        elif text == " PAGE ":
            instr = r.makeelement(qn("w:instrText"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
            instr.text = text
            r.append(instr)
        else:
            r.text = text
    _docx_run(p, " —", BODY_FONT, 14)


# --------------------------------------------------------------------------- Excel
def sheet_names(report: AnnualReport) -> dict[str, str]:
    """Sheet name per table: 表二 主动公开政府信息情况 …; the items tally only when the report has one."""
    heading = dict(vocab.PARTS)
    names = {t: f"{vocab.TABLE_LABELS[t]} {heading[n]}" for t, n in (("t2", "二"), ("t3", "三"), ("t4", "四"))}
    if report.items is not None:
        names["items"] = vocab.TABLE_LABELS["items"]
    return {t: re.sub(r"[\[\]:*?/\\]", "", name)[:31] for t, name in names.items()}


def excel_number(value: Number) -> int | float | None:
    """A number Excel stores as a number: counts as int, 万元 as float (exact to the 4 places shown)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        text = format_number(value)
        return int(text) if "." not in text else float(text)
    return int(value)


def write_xlsx(report: AnnualReport, path: str | Path) -> None:
    """Write tables 二/三/四 (and the items tally) as one sheet each, with the official merged headers,
    every sheet set up to print: A4, fit to the page width, 表四 landscape, header rows repeated."""
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    names = sheet_names(report)
    title = clean_text(report.title or report.default_title)
    wb.properties.title = title
    wb.properties.creator = "disc"
    for table in names:
        ws = wb.create_sheet(names[table])
        g = grid(report, table)
        widths = _xlsx_widths(g)
        _xlsx_caption(ws, report, layout.table_title(table), widths)
        _xlsx_grid(ws, g, widths)
        _xlsx_page(ws, g, widths)
    from disclosure_cli.files import atomic_write

    atomic_write(path, wb.save, binary=True)


def _xlsx_need(text: str, bold: bool = False, size: float = 11) -> float:
    """Width units a line of text takes: a 宋体 character is a little over two (10% spare, a
    little more for bold), scaled by the font size."""
    return _display_width(text) * (1.15 if bold else 1.1) * size / 11


def _xlsx_widths(g: Grid) -> list[float]:
    """Column widths: the designed ones (XLSX_WIDTHS); the items tally's sized from its labels, a
    category header on one line where it is short, else broken between words."""
    if g.table != "items":
        return list(XLSX_WIDTHS[g.table])
    labels = [b for b in g.blocks if b.col == 0 and b.kind == "label"]
    widths: list[float] = [max(14, *(math.ceil(_xlsx_need(b.text)) + 2 for b in labels))]
    for c in range(1, g.cols):
        head = g.covering(0, c)
        text = head.text if head is not None else ""
        widths.append(min(max(10, math.ceil(_xlsx_need(text, bold=True)) + 1), 20))
    return widths


def _xlsx_page(ws: Any, g: Grid, widths: list[float]) -> None:
    """Print set-up of a sheet: A4, one page wide (as many long as needed), centred, side margins
    of 1.3 cm, 表四 (fifteen columns) and any wide sheet landscape, the header rows on every page,
    page numbers in the footer."""
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wide = g.table == "t4" or sum(widths) > XLSX_PORTRAIT_UNITS
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if wide else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if g.header_rows:
        ws.print_title_rows = f"{XLSX_TOP}:{XLSX_TOP + g.header_rows - 1}"  # repeated on every page


def _xlsx_styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "font": Font(name=TABLE_FONT, size=11),
        "bold": Font(name=TABLE_FONT, size=11, bold=True),
        "title": Font(name=HEADING_FONT, size=14),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "wrap": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "vertical": Alignment(horizontal="center", vertical="center", wrap_text=True, text_rotation=255),
    }


def _set_text(cell: Any, text: str) -> None:
    """Text that stays text: a value starting with '=' would otherwise become a formula."""
    cell.value = clean_text(text)
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def _xlsx_caption(ws: Any, report: AnnualReport, heading: str, widths: list[float]) -> None:
    """Row 1 the part heading, row 2 the unit and year, each merged over the table's width and
    wrapped, its row as tall as its lines: a long unit name is never cut off."""
    st = _xlsx_styles()
    cols = len(widths)
    room = max(sum(widths) - 1, 1)
    for row, text, font, size, base in (
        (1, heading, st["title"], 14, 24),
        (2, f"{report.org}　{report.year}年度", st["font"], 11, XLSX_LINE_PT + 4),
    ):
        cell = ws.cell(row, 1)
        _set_text(cell, text)
        cell.font = font
        cell.alignment = st["wrap"]
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=cols)
        lines = max(1, math.ceil(_xlsx_need(text, size=size) / room))
        ws.row_dimensions[row].height = base + (lines - 1) * size * 1.4


def _xlsx_grid(ws: Any, g: Grid, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    st = _xlsx_styles()
    top = XLSX_TOP
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    lines = [1] * g.rows
    for b in g.blocks:
        cell = ws.cell(top + b.row, 1 + b.col)
        if b.kind == "num":
            value = excel_number(b.value)
            cell.value = value
            if isinstance(value, float) or (b.key is not None and b.key[1] == "amount_wan"):
                cell.number_format = "0.####" if isinstance(value, float) else "0"
            cell.alignment = st["center"]
            cell.font = st["font"]
        room = max(sum(widths[b.col : b.col + b.colspan]) - 1, 1)
        if b.kind != "num":
            text = b.text
            if b.kind == "head":
                # Excel, WPS and LibreOffice wrap a narrow cell at different characters (社会公益组/织):
                # a header that needs two lines gets its breaks between words (layout.head_lines)
                text = "\n".join(layout.head_lines(text, max(1, int(room / _xlsx_need("字")))))
            _set_text(cell, text)
            cell.font = st["bold"] if b.kind in ("head", "caption") else st["font"]
            cell.alignment = {"label": st["left"], "vlabel": st["vertical"]}.get(b.kind, st["center"])
        if b.kind != "vlabel":
            # a 宋体 character is a little over two width units: count 10% extra rather than overlap
            text = cell.value if isinstance(cell.value, str) else "0"
            need = sum(math.ceil(_xlsx_need(line) / room) for line in text.split("\n"))
            per_row = math.ceil(need / b.rowspan)
            for r in range(b.row, b.row + b.rowspan):
                lines[r] = max(lines[r], per_row)
        if b.rowspan > 1 or b.colspan > 1:
            ws.merge_cells(
                start_row=top + b.row,
                start_column=1 + b.col,
                end_row=top + b.row + b.rowspan - 1,
                end_column=b.col + b.colspan,
            )
    # borders on every grid position, merged ones included (after merging: merge_cells replaces
    # the covered cells), so every block is framed all round in Excel and WPS
    for r in range(g.rows):
        for c in range(g.cols):
            ws.cell(top + r, 1 + c).border = st["border"]
    # openpyxl does not auto-fit row heights: without these, wrapped labels overlap the next row
    for r, n in enumerate(lines):
        ws.row_dimensions[top + r].height = n * XLSX_LINE_PT + 4
    if g.table in ("t3", "items"):
        label_cols = 3 if g.table == "t3" else 1
        ws.freeze_panes = ws.cell(top + g.header_rows, 1 + label_cols)


# --------------------------------------------------------------------------- an official document (通知, 通报)
def official_document(title: str, author: str) -> Any:
    """A new Word document set up as a 公文 (GB/T 9704 margins on A4, the report's styles, page
    numbers): letters (report/letters.py), the review round's notices and bulletins (write_official)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc = docx.Document()
    _docx_styles(doc)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    _page_number_footer(sec)
    doc.core_properties.title = clean_text(title)
    doc.core_properties.author = clean_text(author)
    doc.core_properties.language = "zh-CN"
    return doc


def centered_line(doc: Any, text: str, font: str, size: float, *, bold: bool = False, after: float = 0,
                  keep_with_next: bool = False) -> None:
    """A centred single-spaced line: an issuer, a title, a document number."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_after = Pt(after)
    pf.keep_with_next = keep_with_next
    _docx_run(p, clean_text(text), font, size, bold=bold)


def write_official(doc_spec: dict[str, Any], path: str | Path) -> None:
    """A 公文 in the report's style (A4, 仿宋 三号 on a 28 pt line, 宋体 title, page numbers): title,
    number, salutation, paragraphs, headings and simple tables ("table", headers, rows, widths in cm
    summing to the 15.6 cm text width), the issuer and the date. The review round's 整改通知 and 通报
    (report/review.py) are written by it."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = official_document(doc_spec["title"], doc_spec["issuer"])
    centered_line(doc, doc_spec["title"], TITLE_FONT, TITLE_PT, bold=True, after=BODY_LINE_PT / 2, keep_with_next=True)
    if doc_spec.get("number"):
        centered_line(doc, doc_spec["number"], BODY_FONT, BODY_PT, after=BODY_LINE_PT, keep_with_next=True)

    def para(text: str, *, indent: bool = True, align: Any = None, before: float = 0, font: str = BODY_FONT) -> None:
        p = _docx_paragraph(doc, BODY_STYLE)
        pf = p.paragraph_format
        if not indent:
            pf.first_line_indent = Pt(0)
        if align is not None:
            p.alignment = align
        if before:
            pf.space_before = Pt(before)
        _docx_run(p, clean_text(text), font, BODY_PT)

    para(doc_spec["salutation"], indent=False)
    for block in doc_spec["blocks"]:
        if isinstance(block, str):
            para(block)
        elif block[0] == "heading":
            para(block[1], font=HEADING_FONT)
        else:
            _, headers, rows, widths_cm = block
            table = doc.add_table(rows=1 + len(rows), cols=len(headers))
            table.style = doc.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            table.autofit = False  # the widths below, in Word and LibreOffice alike
            widths = [Cm(w) for w in widths_cm]
            for gridcol, w in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
                gridcol.w = w
            for r, values in enumerate([headers, *rows]):
                if r == 0:
                    trpr = table.rows[0]._tr.get_or_add_trPr()
                    trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))  # repeated on every page
                for cell, value, w in zip(table.rows[r].cells, values, widths, strict=True):
                    cell.width = w
                    cell.text = ""
                    p = cell.paragraphs[0]
                    p.style = doc.styles[TABLE_STYLE]
                    _docx_run(p, clean_text(str(value)), TABLE_FONT, 10.5, bold=r == 0)
            doc.add_paragraph()
    right = WD_ALIGN_PARAGRAPH.RIGHT
    para(doc_spec["issuer"], indent=False, align=right, before=2 * BODY_LINE_PT)
    para(doc_spec["date"], indent=False, align=right)

    from disclosure_cli.files import atomic_write

    atomic_write(path, doc.save, binary=True)
