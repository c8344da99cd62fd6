"""The html report as people read it (issue 24): on a 390 px phone 表三 scrolls sideways inside its
own box with its row labels kept in view (sticky label columns on an opaque background) and the page
never scrolls sideways; printed on A4 no table starts at the foot of a page — a table that does not
fit below the text before it starts on a new page with its heading, header rows repeat, rows are
never split.

The structural tests read the markup and the stylesheet and always run. The browser tests render
the report in headless Chromium: --dump-dom of a page that holds the report in iframes of a given
width and writes what it measured into the DOM (a browser window is never narrower than 500 px, an
iframe is), and --print-to-pdf read back with pdfplumber. They skip when Chromium is not installed.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from disclosure_cli import vocab
from disclosure_cli.report import render
from tests.conftest import SAMPLE_DB, tool, tool_missing
from tests.test_render import _css_block, distinct_report, parse, table_of

CSS = render._CSS
SCREEN = CSS[: CSS.index("@page")]  # the rules before the print ones
PRINT = _css_block(CSS, "@media print {")
NARROW = _css_block(CSS, "@media screen and (max-width: 860px) {")
PHONE = _css_block(CSS, "@media (max-width: 600px) {")


def rule(css: str, selector: str) -> str:
    """The declarations of the rule with exactly this selector (the first one)."""
    m = re.search(r"(?:^|[}\n])\s*" + re.escape(selector) + r" \{([^}]*)\}", css)
    assert m, f"no rule {selector!r}"
    return m.group(1)


def placed(rows: list[list]) -> list[tuple[int, int, list]]:
    """(row, start column, cell) of every cell, laid out as a browser does (rowspan/colspan)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            rs, cs = int(cell[1].get("rowspan", 1)), int(cell[1].get("colspan", 1))
            taken |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
            out.append((r, c, cell))
            c += cs
    return out


def label_columns(doc: str, table: str) -> int:
    """How many label columns the table's <colgroup> names (l1, l2 …)."""
    i = doc.index(f'<table class="{table}">')
    return len(re.findall(r'<col class="l\d+">', doc[i : doc.index("</colgroup>", i)]))


def classes(cell) -> set[str]:
    return set((cell[1].get("class") or "").split())


# --------------------------------------------------------------------------- markup and stylesheet
def test_every_table_sits_in_its_own_scroll_box():
    doc = render.render(distinct_report(), "html")
    assert doc.count("<table") == doc.count('<div class="table-wrap"><table') == 3
    assert doc.count("</table></div>") == 3
    wrap = rule(SCREEN, ".table-wrap")
    assert "overflow-x: auto" in wrap and "max-width: 100%" in wrap
    assert "overflow-wrap: break-word" in rule(SCREEN, "body")  # prose never widens the page


@pytest.mark.parametrize("table", ["t2", "t3"])
def test_label_cells_carry_the_sticky_class(table):
    """Every cell that lies in the label columns only — row labels, 表三's corner, 表二's 信息内容 —
    is th.stick with the column it starts in (l1, l2, l3), and "edge" when it reaches the figures;
    no figure, caption or column header over figures sticks; every body row's label columns are
    covered by sticky cells, so no row loses its label when the table scrolls."""
    doc = render.render(distinct_report(), "html")
    rows = table_of(parse(doc), table)["rows"]
    labels = label_columns(doc, table)
    assert labels == {"t2": 1, "t3": 3}[table]
    covered: set[tuple[int, int]] = set()
    for r, c, cell in placed(rows):
        rs, cs = int(cell[1].get("rowspan", 1)), int(cell[1].get("colspan", 1))
        in_labels = cell[0] == "th" and "caption" not in classes(cell) and c + cs <= labels
        if in_labels:
            expected = {"stick", f"l{c + 1}"} | ({"edge"} if c + cs == labels else set())
            assert classes(cell) - {"vlabel"} == expected, (r, c, cell)
            covered |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
        else:
            assert "stick" not in classes(cell) and "edge" not in classes(cell), (r, c, cell)
    for r, row in enumerate(rows):
        if any(cell[1].get("data-cell") for cell in row):  # a row of figures
            assert {(r, c) for c in range(labels)} <= covered, f"row {r} of {table} loses its label"


def test_table3_sticky_cells_in_detail():
    doc = render.render(distinct_report(), "html")
    assert '<th rowspan="3" colspan="3" scope="col" class="stick l1 edge">' in doc  # the corner
    assert '<th colspan="3" scope="row" class="stick l1 edge">一、本年新收政府信息公开申请数量</th>' in doc
    assert '<th rowspan="22" scope="row" class="vlabel stick l1">三、本年度办理结果</th>' in doc
    assert '<th colspan="2" scope="row" class="stick l2 edge">（一）予以公开</th>' in doc
    assert '<th rowspan="8" scope="row" class="stick l2">（三）不予公开</th>' in doc
    assert '<th scope="row" class="stick l3 edge">1.属于国家秘密</th>' in doc


def test_table4_has_no_label_column_to_keep():
    doc = render.render(distinct_report(), "html")
    t4 = doc[doc.index('<table class="t4">') : doc.index("</table>", doc.index('<table class="t4">'))]
    assert "stick" not in t4


def test_sticky_rules_in_the_stylesheet():
    """Sticky at the scroll box's left, above the figures that pass under it, on an opaque
    background; a label column's offset is the width of the label columns before it, both read
    from the same variables, so they cannot drift apart."""
    stick = rule(SCREEN, "th.stick")
    assert "position: sticky" in stick and "left: 0" in stick and "z-index: 1" in stick
    assert "background: #fff" in stick
    assert "transparent" not in stick and "rgba" not in stick
    assert "left: var(--l1)" in rule(SCREEN, "th.stick.l2")
    assert "left: calc(var(--l1) + var(--l2))" in rule(SCREEN, "th.stick.l3")
    assert "width: var(--l1)" in rule(SCREEN, "col.l1") and "width: var(--l2)" in rule(SCREEN, "col.l2")
    # no rule sizes a label column other than through the variables (the offsets would be wrong)
    assert not re.search(r"table\.t[23] col\.l\d", CSS)
    for css in (SCREEN, NARROW):
        t3 = rule(css, "table.t3")
        assert "--l1:" in t3 and "--l2:" in t3
    assert "--l1:" in rule(SCREEN, "table.t2")
    # borders that travel with the cells: separate on screen (collapsed borders stay where the
    # cells were), the left edge drawn by the scroll box; collapsed again on paper
    assert "border-collapse: separate" in rule(SCREEN, "table")
    assert "border-left: 1px solid #000" in rule(SCREEN, ".table-wrap")
    assert "border-collapse: collapse" in rule(PRINT, "table")
    assert "min-width: 38.6em" in rule(PHONE, "table.t3")


def test_print_rules():
    assert "@page { size: A4;" in CSS
    assert "position: static" in rule(PRINT, "th.stick")
    assert "break-inside: avoid" in re.search(r"\.table-wrap \{ border-left: 0; ([^}]*)\}", PRINT).group(1)
    assert "display: table-header-group" in rule(PRINT, "thead")
    assert "break-inside: avoid" in rule(PRINT, "tr, tbody.section, figure.chart")
    assert "break-after: avoid" in rule(PRINT, "h1, h2, th.caption")
    assert "table.t3 tr { break-inside: auto" not in PRINT  # rows are never split


# --------------------------------------------------------------------------- in a browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_chromium = pytest.mark.skipif(
    tool_missing("chromium", "chromium-browser", "google-chrome"),
    reason="headless Chromium is not installed here (apt-get install chromium)",
)


def chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--hide-scrollbars",  # phones draw scrollbars over the page, not beside it
        f"--user-data-dir={tmp_path / 'chromium-profile'}", *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


# Runs when every frame has loaded: for each frame and each table, the boxes of the sticky cells and
# the figures before and after scrolling the table's box fully right, whether each sticky cell is
# what a finger at its centre would touch, and its computed background.
MEASURE = """
addEventListener('load', () => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const out = {};
  for (const f of document.querySelectorAll('iframe')) {
    const w = f.contentWindow, d = f.contentDocument, root = d.documentElement;
    const res = {viewport: w.innerWidth, pageOverflow: root.scrollWidth - root.clientWidth, tables: {}};
    for (const wrap of d.querySelectorAll('.table-wrap')) {
      const t = wrap.querySelector('table');
      const sticks = [...t.querySelectorAll('th.stick')], figures = [...t.querySelectorAll('td')];
      const m = {sticksBefore: sticks.map(box), figuresBefore: figures.map(box)};
      wrap.scrollLeft = wrap.scrollWidth;
      const r = wrap.getBoundingClientRect();
      Object.assign(m, {
        clientWidth: wrap.clientWidth, scrollWidth: wrap.scrollWidth, scrollLeft: wrap.scrollLeft,
        inner: [r.left + wrap.clientLeft, r.left + wrap.clientLeft + wrap.clientWidth],
        sticks: sticks.map(box), figures: figures.map(box),
        edge: sticks.map(c => c.classList.contains('edge')),
        onTop: sticks.map(c => { const b = c.getBoundingClientRect();
          const hit = d.elementFromPoint((b.left + b.right) / 2, (b.top + b.bottom) / 2);
          return !!hit && hit.closest('th, td') === c; }),
        background: sticks.map(c => w.getComputedStyle(c).backgroundColor),
      });
      res.tables[t.className] = m;
    }
    out[f.dataset.name] = res;
  }
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""


def measure(frames: dict[str, tuple[str, int]], tmp_path: Path) -> dict:
    """Each report page in an iframe of its width (tall enough to hold the whole page, so every cell
    is on screen); what MEASURE found, per frame name."""
    body = "".join(
        f'<iframe data-name="{name}" style="display:block;border:0;width:{width}px;height:12000px" '
        f'srcdoc="{html.escape(doc, quote=True)}"></iframe>'
        for name, (doc, width) in frames.items()
    )
    page = tmp_path / "measure.html"
    page.write_text(f"<!DOCTYPE html><html><body style=\"margin:0\">{body}<script>{MEASURE}</script></body></html>",
                    encoding="utf-8")
    r = chromium(["--dump-dom", page.as_uri()], tmp_path)
    m = re.search(r'<pre id="measured">(.*?)</pre>', r.stdout, re.S)
    assert m, f"Chromium wrote no measurements: {r.stderr[-2000:]}"
    return json.loads(html.unescape(m.group(1)))


@pytest.fixture(scope="module")
def views(tmp_path_factory) -> dict:
    """The report with every cell filled, and the sample ledger's report as `disc report` writes it
    (with its month chart), at a phone's 390 px, a tablet's 700 px and a desktop's 1280 px."""
    if CHROMIUM is None:
        tool("chromium", "chromium-browser", "google-chrome")  # a skip here, a failure where CI requires it
    tmp = tmp_path_factory.mktemp("html-view")
    full = render.render(distinct_report(), "html")
    sample = tmp / "sample.html"
    from typer.testing import CliRunner

    from disclosure_cli.cli import app

    r = CliRunner().invoke(app, ["--db", str(SAMPLE_DB), "report", "--year", "2023", "-f", "html", "-o", str(sample)])
    assert r.exit_code == 0, r.output
    frames = {f"full-{w}": (full, w) for w in (390, 700, 1280)}
    frames["sample-390"] = (sample.read_text(encoding="utf-8"), 390)
    return measure(frames, tmp)


NEAR = 0.5  # px: layout positions are fractions of a pixel


@needs_chromium
@pytest.mark.parametrize("frame", ["full-390", "sample-390"])
def test_phone_table3_scrolls_in_its_box_with_labels_in_view(views, frame):
    v = views[frame]
    assert v["viewport"] == 390
    assert v["pageOverflow"] <= 0, "the page itself scrolls sideways"
    t3 = v["tables"]["t3"]
    assert t3["scrollWidth"] > t3["clientWidth"] + 50 and t3["scrollLeft"] > 50  # it did scroll
    left, right = t3["inner"]
    # the figures moved by the scroll, the labels did not move at all
    moved = [b[0] - a[0] for a, b in zip(t3["figures"], t3["figuresBefore"], strict=True)]
    assert all(abs(d - t3["scrollLeft"]) < NEAR for d in moved)
    for before, after in zip(t3["sticksBefore"], t3["sticks"], strict=True):
        assert all(abs(a - b) < NEAR for a, b in zip(before, after, strict=True)), (before, after)
    # the first label cell (the corner) at the box's left; every label column within the box
    assert abs(t3["sticks"][0][0] - left) < NEAR
    assert all(s[0] >= left - NEAR for s in t3["sticks"])
    # one straight edge where the figures pass under the labels, leaving room for at least three
    edge = {round(s[2]) for s, e in zip(t3["sticks"], t3["edge"], strict=True) if e}
    assert len(edge) == 1
    [edge_x] = edge
    column = t3["figures"][0][2] - t3["figures"][0][0]
    assert right - edge_x >= 3 * column
    # the last column of figures is reachable: fully inside the box after the scroll
    assert max(f[2] for f in t3["figures"]) <= right + NEAR
    # opaque and on top: a finger at a label's centre touches the label, not a figure under it
    assert all(t3["onTop"])
    assert set(t3["background"]) == {"rgb(255, 255, 255)"}


@needs_chromium
def test_phone_other_tables_and_wider_screens(views):
    """表二 fits a phone; 表四 (no labels) scrolls in its own box; from 700 px every table fits."""
    phone = views["full-390"]["tables"]
    assert phone["t2"]["scrollWidth"] <= phone["t2"]["clientWidth"]
    assert phone["t4"]["scrollWidth"] > phone["t4"]["clientWidth"]
    for frame in ("full-700", "full-1280"):
        v = views[frame]
        assert v["pageOverflow"] <= 0
        for table, m in v["tables"].items():
            assert m["scrollWidth"] <= m["clientWidth"], f"{table} scrolls at {v['viewport']} px"
            assert all(m["onTop"])


# --------------------------------------------------------------------------- printed
def print_pdf(doc: str, tmp_path: Path, name: str) -> list[tuple[str, dict[str, float], float]]:
    """The report printed by Chromium, read back per page: (text without spaces, NFKC — the CJK
    fonts map some characters to Kangxi radicals —, {number: top}, page height)."""
    import pdfplumber

    src = tmp_path / f"{name}.html"
    src.write_text(doc, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    r = chromium(["--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={pdf}", src.as_uri()],
                 tmp_path)
    assert pdf.exists() and pdf.stat().st_size > 0, r.stderr[-2000:]
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font descriptors Chromium leaves out
    pages = []
    with pdfplumber.open(pdf) as d:
        for page in d.pages:
            text = unicodedata.normalize("NFKC", re.sub(r"\s+", "", page.extract_text() or ""))
            numbers = {w["text"]: w["top"] for w in page.extract_words() if w["text"].isdigit()}
            pages.append((text, numbers, float(page.height)))
    return pages


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def figures(table: str) -> list[str]:
    """The numbers of distinct_report in a table (each different), by rows then columns."""
    rep = distinct_report()
    cells = {"t2": vocab.T2_CELLS, "t3": list(vocab.t3_cells()), "t4": list(vocab.t4_cells())}[table]
    return [str(rep.table(table)[k]) for k in cells if str(rep.table(table)[k]).isdigit()]


HEADERS = {"t2": vocab.T2_SECTIONS[0][0], "t3": "申请人情况", "t4": "未经复议直接起诉"}


def pages_of(pages, numbers: list[str]) -> list[int]:
    return sorted({i for i, (_, nums, _) in enumerate(pages) for n in numbers if n in nums})


@needs_chromium
@pytest.mark.parametrize("pushed", [0, 3, 6, 10])
def test_printed_tables_start_whole_with_their_heading(tmp_path, pushed):
    """Prose of different lengths in part 一 moves the tables down the pages: each table is on one
    page (A4 holds each), with its part's heading and its header rows, and starts in the upper part
    of that page — never two rows at the foot of a half-empty page."""
    rep = distinct_report()
    rep.parts["一"] = "\n".join(["本段文字用于把后面的表格往下推，观察表格在打印页面上从哪里开始。" * 3] * pushed) or "一段。"
    pages = print_pdf(render.render(rep, "html"), tmp_path, f"pushed-{pushed}")
    for table, part in (("t2", "二"), ("t3", "三"), ("t4", "四")):
        nums = figures(table)
        on = pages_of(pages, nums)
        assert len(on) == 1, f"{table} split over pages {on}"
        text, where, height = pages[on[0]]
        assert nfkc(vocab.PART_HEADINGS[part]) in text, f"{table} apart from its heading"
        assert nfkc(HEADERS[table]) in text
        assert where[nums[0]] < 0.75 * height, f"{table} starts low on its page"


@needs_chromium
def test_printed_long_table_repeats_its_header_and_keeps_rows_whole(tmp_path):
    """On pages half as tall (a larger margin) 表三 must break: every page that holds rows of it
    repeats its header above them, and no row is split across pages."""
    doc = render.render(distinct_report(), "html")
    doc = doc.replace("</style>", "@page { size: A4; margin: 9cm 2cm 6cm; }\n</style>")
    pages = print_pdf(doc, tmp_path, "short-pages")
    nums = figures("t3")
    on = pages_of(pages, nums)
    assert len(on) >= 2
    for i in on:
        text, where, _ = pages[i]
        assert nfkc(HEADERS["t3"]) in text, f"page {i + 1} without 表三's header"
    width = len(vocab.T3_COLUMNS.codes)
    for r in range(0, len(nums), width):
        row = nums[r : r + width]
        assert len(pages_of(pages, row)) == 1, f"row {r // width} of 表三 split across pages"
