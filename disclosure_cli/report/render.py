"""Writing the annual report as md, txt, html (one self-contained file) and json, and its tables on
a terminal. Every one of them is a projection of report/layout.py — the grids, titles, opening and
signature are defined there once (issue 10) — and every text from the ledger is escaped.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.report import layout
from disclosure_cli.report.layout import Block, Grid
from disclosure_cli.report.model import AnnualReport, Number, format_number

if TYPE_CHECKING:  # rich is imported only where a terminal table is built
    from rich.console import RenderableType

FORMATS = ("md", "txt", "html", "json")
_FORMAT_ALIASES = {"markdown": "md", "text": "txt", "htm": "html"}  # and ".html" from a file name
PART_TABLE = vocab.PART_TABLES


def _n(value: Number) -> str:
    return format_number(value)


def paragraphs(text: str) -> list[str]:
    """Prose is stored one paragraph per line; blank lines are ignored."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def render(report: AnnualReport, fmt: str) -> str:
    """The whole annual report in one format: md, txt, html or json (the model)."""
    fmt = _FORMAT_ALIASES.get(fmt.lower().lstrip("."), fmt.lower().lstrip("."))
    if fmt == "json":
        return report.dumps()
    if fmt == "md":
        return _render_md(report)
    if fmt == "txt":
        return _render_txt(report)
    if fmt == "html":
        return _render_html(report)
    raise BadInput(vocab.unknown_message("报告格式", fmt, list(FORMATS)))


def _part_prose(report: AnnualReport, part: str) -> list[str]:
    return paragraphs(report.parts.get(part, ""))


def _text(b: Block) -> str:
    return _n(b.value) if b.kind == "num" else b.text


# --------------------------------------------------------------------------- txt
def txt_table(g: Grid) -> list[str]:
    """Tab-separated lines, one per grid row, as a page copied from a portal reads: a merged cell's
    text once, at its first position, the positions it covers empty."""
    lines = []
    for r in range(g.rows):
        fields = [""] * g.cols
        for b in g.starting(r):
            fields[b.col] = _text(b)
        lines.append("\t".join(fields).rstrip("\t"))
    return lines


def _render_txt(report: AnnualReport) -> str:
    out = [layout.title(report), "", layout.opening(report), ""]
    for part, _ in vocab.PARTS:
        out += [vocab.PART_HEADINGS[part], ""]
        for p in _part_prose(report, part):
            out += [p, ""]
        if part in PART_TABLE:
            out += txt_table(layout.grid(report, PART_TABLE[part]))
            out.append("")
    org, when = layout.signature(report)
    out += ["", org, when]
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- md
def md_cell(text: str) -> str:
    """User text in a Markdown table cell: | splits cells, < & > are markup, a line break ends the row."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.splitlines())


def md_text(text: str) -> str:
    """User prose as a Markdown paragraph: no markup of its own (HTML, headings, lists)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[:1] in "#>-+*" or (text[:2].rstrip(".").isdigit() and text[1:2] == "."):
        text = "\\" + text
    return text


def md_table(g: Grid) -> list[str]:
    """A table without merged cells: per section (表二 has four, each with its caption) one header
    row of the labels above each column, and each row with its labels joined."""
    lines: list[str] = []
    for sec in layout.flat(g):
        if sec.caption:
            lines += [f"**{md_cell(sec.caption)}**", ""]
        header = sec.header
        lines.append("| " + " | ".join(md_cell(h) for h in header) + " |")
        lines.append("|" + "|".join("---" for _ in header) + "|")
        for labels, cells in sec.rows:
            label = " ".join(b.text for b in labels)
            lines.append("| " + " | ".join([md_cell(label), *(md_cell(_n(c.value)) if c else "" for c in cells)]) + " |")
        lines.append("")
    return lines


def _render_md(report: AnnualReport) -> str:
    out = [f"# {md_cell(layout.title(report))}", "", md_text(layout.opening(report)), ""]
    for part, _ in vocab.PARTS:
        out += [f"## {vocab.PART_HEADINGS[part]}", ""]
        for p in _part_prose(report, part):
            out += [md_text(p), ""]
        if part in PART_TABLE:
            out += md_table(layout.grid(report, PART_TABLE[part]))
    org, when = layout.signature(report)
    out += ["", f"<p align=\"right\">{md_cell(org)}<br>{when}</p>"]
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- html
# Borders: on screen each cell draws its own right and bottom edge (separate borders), the first
# row its top edge and the scroll box (.table-wrap) the table's left edge, so that a label cell
# that stays in view takes its borders along and the left edge stays put; collapsed borders would
# be painted where the cells were. Printed, where nothing scrolls, they collapse again.
# Widths in em of the table's own font. At 1280 px the article is 62em wide and every column
# header reads in words (no 其/他, 总/计); on a phone the statutory tables keep their minimum width
# and scroll inside their own box (.table-wrap) while the page never scrolls sideways, the label
# columns (th.stick, see _stick) staying in view on an opaque background — their left offsets are
# the widths of the label columns before them (--l1, --l2), so those widths are set only here, and
# the last label column takes what is left; printed, on A4, they fit the page, a table that does
# not fit below the text before it starts on a new page with its heading, its header rows repeat
# on each page and no row is split. Chromium keeps the 22 rows under 三、本年度办理结果 (one rowspan)
# together wherever it can, whatever break-inside says; 表三 fits one A4 page, so starting it on a
# new page (.table-wrap) is what keeps it from leaving two rows at the foot of one.
_CSS = """
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; background: #fff;
  max-width: 62em; margin: 2em auto; padding: 0 1em; line-height: 1.8; overflow-wrap: break-word; }
h1 { text-align: center; font-size: 1.6em; line-height: 1.5; }
h1 span { display: block; }
h2 { font-size: 1.25em; margin-top: 1.6em; }
p { text-indent: 2em; margin: .4em 0; text-align: justify; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 1em 0; max-width: 100%;
  border-left: 1px solid #000; }
table { border-collapse: separate; border-spacing: 0; width: 100%; table-layout: fixed; font-size: .9em;
  line-height: 1.5; }
th, td { border: 0 solid #000; border-width: 0 1px 1px 0; padding: .3em .35em; text-align: center;
  vertical-align: middle; }
table > colgroup + * > tr:first-child > * { border-top-width: 1px; }
th { font-weight: normal; word-break: keep-all; overflow-wrap: normal; }
th.caption, thead th, th[scope="col"] { font-weight: bold; }
th[scope="row"] { text-align: left; word-break: normal; overflow-wrap: anywhere; }
th.vlabel { writing-mode: vertical-rl; text-orientation: upright; letter-spacing: .15em; text-align: center; }
th.stick { position: sticky; left: 0; z-index: 1; background: #fff; }
th.stick.l2 { left: var(--l1); }
th.stick.l3 { left: calc(var(--l1) + var(--l2)); }
td { font-variant-numeric: tabular-nums; white-space: nowrap; }
col.l1 { width: var(--l1); }
col.l2 { width: var(--l2); }
table.t2 { --l1: 11em; }
table.t3 { --l1: 2.2em; --l2: 8.2em; min-width: 57em; }
table.t3 col.v { width: 5em; }
table.t4 { min-width: 45em; }
table.t4 { font-size: .85em; }
table.t4 th, table.t4 td { padding: .3em .15em; }
table.items col.l1 { width: 9em; }
table.items { min-width: 30em; }
.signature { text-align: right; text-indent: 0; margin-top: 2em; }
figure.chart { margin: 1em 0; max-width: 100%; overflow-x: auto; }
figure.chart svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
figcaption { text-align: center; font-size: .9em; }
@media screen and (max-width: 860px) {
  table.t3 { min-width: 0; --l1: 1.8em; --l2: 4.6em; }
  table.t3 col.v { width: 3.6em; }
  table.t3 th, table.t3 td { padding: .3em .25em; }
}
@media (max-width: 600px) {
  body { margin: 1em auto; padding: 0 .75em; font-size: 15px; }
  h1 { font-size: 1.3em; }
  table.t2 { --l1: 8em; }
  table.t3 { min-width: 38.6em; }
  th.stick.edge { box-shadow: 3px 0 3px -1px rgba(0, 0, 0, .3); }
}
@page { size: A4; margin: 2.5cm 2cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 12pt; line-height: 1.6; }
  .table-wrap { overflow: visible; }
  table { border-collapse: collapse; line-height: 1.35; }
  th, td { border-width: 1px; padding-top: .2em; padding-bottom: .2em; }
  table, table.t3, table.t4, table.items { min-width: 0; font-size: 9pt; }
  th.stick { position: static; box-shadow: none; }
  h1, h2, th.caption { break-after: avoid; page-break-after: avoid; }
  h2 { break-inside: avoid; }
  .table-wrap { border-left: 0; break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; break-inside: avoid; }
  table.t3 { --l1: 1.8em; }
  table.t3 col.v { width: 3.6em; }
  tr, tbody.section, figure.chart { break-inside: avoid; page-break-inside: avoid; }
  p { orphans: 2; widows: 2; }
  .signature { break-before: avoid; page-break-before: avoid; break-inside: avoid; }
}
""".strip()


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _attrs(b: Block) -> str:
    out = ""
    if b.rowspan > 1:
        out += f' rowspan="{b.rowspan}"'
    if b.colspan > 1:
        out += f' colspan="{b.colspan}"'
    return out


def _head_html(text: str) -> str:
    """A header with <wbr> between its words (layout.head_words): with word-break: keep-all a
    narrow column breaks it there only — 商业/企业, 结果/维持 — never one character a line."""
    return "<wbr>".join(_esc(w) for w in layout.head_words(text))


def _stick(b: Block, first_value: int) -> list[str]:
    """A cell in the label columns only (a row label, the corner header) stays in view when the
    table scrolls sideways: class "stick" and the name of the column it starts in (l1, l2 …), from
    which the stylesheet reckons its left offset; "edge" on one that reaches the first figure."""
    if b.col + b.colspan > first_value:
        return []
    return ["stick", f"l{b.col + 1}"] + (["edge"] if b.col + b.colspan == first_value else [])


def _class(*names: list[str]) -> str:
    joined = " ".join(n for group in names for n in group)
    return f' class="{joined}"' if joined else ""


def html_table(g: Grid) -> list[str]:
    """The grid with the official merged cells; a number cell carries its output code
    (data-cell="t3.new.total") for scripts and tests. Columns are named in a <colgroup> (label
    columns l1, l2 …, value columns v) so the stylesheet can size them; each captioned section of
    表二 is a <tbody> of its own, kept on one printed page."""
    sections = g.sections()
    body = [r for _, _, rows in sections for r in rows]
    first_value = min(g.value_columns(body), default=g.cols)
    cols = [f"l{c + 1}" for c in range(first_value)] + ["v"] * (g.cols - first_value)
    lines = [f'<div class="table-wrap"><table class="{g.table}">']
    lines.append("<colgroup>" + "".join(f'<col class="{c}">' for c in cols) + "</colgroup>")
    starts: dict[int, str] = {}
    if g.header_rows:
        starts[0] = "<thead>"
        starts[g.header_rows] = "</thead>\n<tbody>"
    else:
        for caption, heads, rows in sections:
            first = min([*heads, *rows], default=None)
            if first is None:
                continue
            if caption is not None:
                first -= 1  # the caption row opens the section
            starts[first] = ("</tbody>\n" if first else "") + ('<tbody class="section">' if caption else "<tbody>")
    for r in range(g.rows):
        if r in starts:
            lines.append(starts[r])
        cells = ""
        row_code = ""
        for b in g.starting(r):
            if b.kind == "num":
                row_code = b.key[0] if b.key else ""
                key = f"{g.table}.{b.key[0]}.{b.key[1]}" if b.key else ""
                cells += f'<td{_attrs(b)} data-cell="{_esc(key)}">{_esc(_n(b.value))}</td>'
            elif b.kind == "caption":
                cells += f'<th{_attrs(b)} class="caption">{_esc(b.text)}</th>'
            elif b.kind == "head" or r < g.header_rows:
                cls = _class(_stick(b, first_value))
                cells += f'<th{_attrs(b)} scope="col"{cls}>{_head_html(b.text)}</th>'
            else:
                cls = _class(["vlabel"] if b.kind == "vlabel" else [], _stick(b, first_value))
                cells += f'<th{_attrs(b)} scope="row"{cls}>{_esc(b.text)}</th>'
        attr = f' data-row="{_esc(row_code)}"' if g.table == "t3" and row_code else ""
        lines.append(f"<tr{attr}>{cells}</tr>")
    lines += ["</tbody>", "</table></div>"]
    return lines


def _render_html(report: AnnualReport) -> str:
    title = _esc(layout.title(report))
    heading = "".join(f"<span>{_esc(t)}</span>" for t in layout.title_lines(report))
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        '<article class="annual-report">',
        f"<h1>{heading}</h1>",
        f"<p>{_esc(layout.opening(report))}</p>",
    ]
    for part, _ in vocab.PARTS:
        out.append(f'<section class="part" id="part-{_esc(part)}">')
        out.append(f"<h2>{_esc(vocab.PART_HEADINGS[part])}</h2>")
        out += [f"<p>{_esc(p)}</p>" for p in _part_prose(report, part)]
        if part == "一" and report.months and report.items is not None:
            from disclosure_cli.report import chart

            out.append(chart.month_figure_html(report.months, report.items.channels))
        if part in PART_TABLE:
            out += html_table(layout.grid(report, PART_TABLE[part]))
        out.append("</section>")
    org, when = layout.signature(report)
    out.append(f'<p class="signature">{_esc(org)}<br>{_esc(when)}</p>')
    out += ["</article>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- the terminal
_INDENT = "\u3000"  # a full-width space: one CJK character of indentation
LABEL_MIN = 16  # display columns the label column may shrink to (it wraps, keeping its indent)


def _width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """Break a label into lines of at most `width` display columns; the lines after the first keep
    the label's indent and one more character, so a wrapped label still reads as one."""
    lines, line = [], indent
    hang = indent + _INDENT
    for ch in text:
        if _width(line + ch) > width and line.strip():
            lines.append(line)
            line = hang
        line += ch
    lines.append(line)
    return lines


def _headers(sec: layout.Section) -> list[list[str]]:
    """Header lines per value column: a group label (法人或其他组织, 行政诉讼) on the first column it
    stands over only, the others a blank line, so no column is widened by a group's name."""
    depth = max((len(p) for p in sec.paths), default=0)
    out: list[list[str]] = []
    for j, path in enumerate(sec.paths):
        lines = [""] * (depth - len(path)) + list(path)
        for k in range(len(lines) - 1):
            if j and k < len(sec.paths[j - 1]) and _padded(sec.paths[j - 1], depth)[k] == lines[k]:
                lines[k] = ""
        out.append(lines)
    return out


def _padded(path: list[str], depth: int) -> list[str]:
    return [""] * (depth - len(path)) + list(path)


def _layout_widths(sec: layout.Section) -> list[int]:
    heads = _headers(sec)
    widths = []
    for j, lines in enumerate(heads):
        nums = [_width(_n(cells[j].value)) for _, cells in sec.rows if cells[j] is not None]
        widths.append(max([*(_width(x) for x in lines), *nums, 1]))
    return widths


def terminal(report: AnnualReport, table: str, width: int, *, titled: bool = True) -> RenderableType:
    """One table on a terminal of `width` columns: the grid as a table (group labels once, the rows
    below them indented, wrapped labels keeping their indent) — or, where that would not fit
    without cutting a label, a header or a digit, stacked: each row's label, then its numbers,
    each with its column's label."""
    sections = layout.flat(layout.grid(report, table), vertical=True)
    if all(LABEL_MIN + sum(_layout_widths(s)) + 3 * (len(s.paths) + 1) + 1 <= width for s in sections):
        return _wide(report, table, sections, width, titled)
    return _stacked(report, table, sections, width, titled)


def _labels_of(labels: list[Block], first: bool) -> list[tuple[int, str]]:
    """(depth, text) of the labels shown on a row: a group label only on the row it starts."""
    row = labels[-1].row if labels else None
    return [(d, b.text) for d, b in enumerate(labels) if b.row == row or (first and d == 0)]


def _wide(report: AnnualReport, table: str, sections: list[layout.Section], width: int, titled: bool = True) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table

    out = []
    for n, sec in enumerate(sections):
        widths = _layout_widths(sec)
        rest = sum(widths) + 3 * (len(widths) + 1) + 1
        longest = max((_width(_INDENT * d + t) for labels, _ in sec.rows for d, t in _labels_of(labels, False)), default=4)
        label_w = max(LABEL_MIN, min(longest, width - rest), _width(sec.caption or sec.corner if table != "t3" else ""))
        t = Table(
            title=layout.table_title(table, report.year) if n == 0 and titled else None,
            box=box.SQUARE,
            title_justify="left",
            header_style="bold",
        )
        corner = sec.caption or (sec.corner if table != "t3" else "")
        t.add_column("\n".join(_wrap(corner, label_w, "")) if corner else "", width=label_w, no_wrap=True)
        for lines, w in zip(_headers(sec), widths, strict=True):
            t.add_column("\n".join(lines), justify="right", width=w, no_wrap=True, vertical="bottom")
        previous_top = None
        for i, (labels, cells) in enumerate(sec.rows):
            text = []
            for d, label in _labels_of(labels, False):
                text += _wrap(label, label_w, _INDENT * d)
            top = labels[0] if labels else None
            following = sec.rows[i + 1][0][0] if i + 1 < len(sec.rows) and sec.rows[i + 1][0] else None
            level2 = labels[1] if len(labels) > 2 else None
            nxt2 = sec.rows[i + 1][0][1] if following is not None and len(sec.rows[i + 1][0]) > 2 else None
            end = i == len(sec.rows) - 1 or following is not top or (level2 is not None and nxt2 is not level2)
            if table in ("items",):
                end = i >= len(sec.rows) - 2
            t.add_row("\n".join(text), *(_n(c.value) if c else "" for c in cells), end_section=bool(end))
            previous_top = top
        _ = previous_top
        if table == "t3":
            t.caption = "\n".join(_wrap(vocab.T3_CORNER, max(20, width - 2), ""))
            t.caption_justify = "left"
        out.append(t)
    return Group(*out)


def _stacked(report: AnnualReport, table: str, sections: list[layout.Section], width: int, titled: bool = True) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    parts: list[Any] = [Text(layout.table_title(table, report.year), style="bold")] if titled else []
    if table == "t3":
        parts += [Text(x) for x in _wrap(vocab.T3_CORNER, width, "")]
    for sec in sections:
        if sec.caption:
            parts.append(Text(sec.caption, style="bold"))
        for labels, cells in sec.rows:
            shown = _labels_of(labels, False)
            for d, label in shown:
                for x in _wrap(label, width, _INDENT * d):
                    parts.append(Text(x, style="bold" if d == 0 else ""))
            pad = _INDENT * max(1, len(labels))
            # the numbers with their column labels; a group's name once before its columns
            entries: list[tuple[str, bool]] = []  # (text, starts a new line)
            group = None
            for path, c in zip(sec.paths, cells, strict=True):
                if c is None:
                    continue
                prefix, leaf = " ".join(path[:-1]), (path[-1] if path else "")
                text = f"{leaf} {_n(c.value)}"
                new_line = bool(prefix and group and prefix != group)  # one group after another: 表四
                if prefix and prefix != group:
                    text = f"{prefix}：{text}"
                group = prefix or None
                entries.append((text, new_line))
            line = pad
            for e, new_line in entries:
                piece = e if line == pad else "　" + e
                if (new_line or _width(line + piece) > width) and line != pad:
                    parts.append(Text(line))
                    line = pad + e
                else:
                    line += piece
            if line != pad:
                parts.append(Text(line))
    return Group(*parts)


def rich_to_text(renderable: Any, width: int = 200) -> str:
    """A rich renderable as plain text, no colour (a file, a test)."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def terminal_text(report: AnnualReport, table: str, width: int = 200) -> str:
    """What `terminal` shows, as plain text (a file, a test)."""
    return rich_to_text(terminal(report, table, width), width=width)


def terminal_report(report: AnnualReport, width: int) -> RenderableType:
    """The whole report on a terminal: the prose folded to the width (a line never starts with ，),
    each table in the terminal layout `stats` uses (the publication text's tab-separated tables
    scramble at 80 columns), under its part's heading."""
    from rich.console import Group
    from rich.text import Text

    from disclosure_cli.text import display_width, wrap_line

    def para(text: str, indent: str = "", **style: Any) -> list[Text]:
        return [Text(x, no_wrap=True, **style) for x in wrap_line(text, width, indent, "")] + [Text("")]

    title = layout.title(report)
    pad = " " * max(0, (width - display_width(title)) // 2)
    parts: list[Any] = [*para(title, pad, style="bold"), *para(layout.opening(report))]
    for part, _ in vocab.PARTS:
        parts += para(vocab.PART_HEADINGS[part], style="bold")
        for p in _part_prose(report, part):
            parts += para(p, "\u3000\u3000")
        if part in PART_TABLE:
            parts += [terminal(report, PART_TABLE[part], width, titled=False), Text("")]
    for line in layout.signature(report):
        parts.append(Text(" " * max(0, width - 2 - display_width(line)) + line, no_wrap=True))
    return Group(*parts)
