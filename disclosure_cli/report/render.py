"""Writing the annual report: md, txt, html (one self-contained file) and json, plus per-table grids.

Every label comes from vocab; every number from the model through format_number. The html tables
reproduce the official merged cells of 国办公开办函〔2021〕30号 (report-format.md), computed from the
row structure in vocab rather than typed in, and every text from the ledger is escaped.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.report.model import AnnualReport, Number, format_number

if TYPE_CHECKING:  # rich is imported only where a terminal table is built
    from rich.table import Table

FORMATS = ("md", "txt", "html", "json")
_FORMAT_ALIASES = {"markdown": "md", "text": "txt", "htm": "html"}  # and ".html" from a file name

# Labels of the items tally (not an official table, so not in vocab's official labels).
ITEMS_CORNER = "渠道"
SUM_LABEL = "合计"

# t2 columns in the order of the grid: the three document columns, then the one-column sections.
_T2_GRID_COLUMNS = list(dict.fromkeys(c for _, _, cols in vocab.T2_SECTIONS for c in cols))


def _n(value: Number) -> str:
    return format_number(value)


def title_of(report: AnnualReport) -> str:
    return report.title or report.default_title


def opening(report: AnnualReport) -> str:
    """The opening paragraph: on what basis the report is made and the statistics period."""
    y = report.year
    return (
        f"{report.org}依照《中华人民共和国政府信息公开条例》，按照国办公开办函〔2021〕30号规定的年度报告格式"
        f"编制本报告。报告所列数据的统计期限自{y}年1月1日至{y}年12月31日。"
    )


def paragraphs(text: str) -> list[str]:
    """Prose is stored one paragraph per line; blank lines are ignored."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --------------------------------------------------------------------------- table structure
def _t3_spans() -> list[tuple[tuple[str, int, int] | None, tuple[str, int, int] | None, str | None]]:
    """For each t3 row: (level-1 cell, level-2 cell, level-3 cell) starting on that row.

    A cell is (text, rowspan, colspan); None where a cell from a row above covers the position.
    Derived from vocab.T3_ROWS, so the layout follows the official row list.
    """
    rows = vocab.T3_ROWS
    out = []
    for i, row in enumerate(rows):
        first1 = i == 0 or rows[i - 1].level1 != row.level1
        if not row.level2:
            # 一、二、四: one label spanning all three label columns
            out.append(((row.level1, 1, 3), None, None))
            continue
        l1 = None
        if first1:
            span = 0  # the consecutive run of this level-1 group
            for r in rows[i:]:
                if r.level1 != row.level1:
                    break
                span += 1
            l1 = (row.level1, span, 1)
        if not row.level3:
            out.append((l1, (row.level2, 1, 2), None))
            continue
        first2 = rows[i - 1].level2 != row.level2
        l2 = None
        if first2:
            span = 0
            for r in rows[i:]:
                if r.level2 != row.level2:
                    break
                span += 1
            l2 = (row.level2, span, 1)
        out.append((l1, l2, row.level3))
    return out


def _t3_label_fields() -> list[list[str]]:
    """Three label fields per t3 row, a group label shown only on the first row of its group."""
    fields = []
    for l1, l2, l3 in _t3_spans():
        fields.append([l1[0] if l1 else "", l2[0] if l2 else "", l3 or ""])
    return fields


def _t3_legal_columns() -> list[str]:
    return [c for c in vocab.T3_COLUMNS.codes if c not in ("natural_person", "total")]


# --------------------------------------------------------------------------- grids (disc stats)
def grid(report: AnnualReport, table: str) -> tuple[list[str], list[list[str]]]:
    """Header row and body rows of one table with the official labels, numbers as text.

    table: items | t2 | t3 | t4. Group labels are shown once, on the first row of their group.
    """
    if table == "items":
        return _items_grid(report)
    if table == "t2":
        header = ["", vocab.T2_CONTENT_HEADER, *(vocab.T2_COLUMNS.label(c) for c in _T2_GRID_COLUMNS)]
        rows = []
        for caption, row_codes, cols in vocab.T2_SECTIONS:
            for j, r in enumerate(row_codes):
                cells = [_n(report.t2.get((r, c))) if c in cols else "" for c in _T2_GRID_COLUMNS]
                rows.append([caption if j == 0 else "", vocab.T2_ROWS.label(r), *cells])
        return header, rows
    if table == "t3":
        header = [vocab.T3_CORNER, "", "", *(t.label for t in vocab.T3_COLUMNS)]
        rows = [
            [*labels, *(_n(report.t3.get((row.code, c))) for c in vocab.T3_COLUMNS.codes)]
            for labels, row in zip(_t3_label_fields(), vocab.T3_ROWS, strict=True)
        ]
        return header, rows
    if table == "t4":
        header = ["", "", *(t.label for t in vocab.T4_COLUMNS)]
        rows = []
        for code in vocab.T4_ROWS.codes:
            if code == "review":
                labels = [vocab.T4_REVIEW_LABEL, ""]
            else:
                labels = [vocab.T4_SUIT_LABEL if code == "suit_direct" else "", vocab.T4_ROWS.label(code)]
            rows.append([*labels, *(_n(report.t4.get((code, c))) for c in vocab.T4_COLUMNS.codes)])
        return header, rows
    raise BadInput(vocab.unknown_message("表格", table, list(vocab.TABLES)))


def _items_grid(report: AnnualReport) -> tuple[list[str], list[list[str]]]:
    items = report.items
    if items is None:
        return [ITEMS_CORNER, SUM_LABEL], [[SUM_LABEL, "0"]]
    header = [ITEMS_CORNER, *items.categories, SUM_LABEL]
    rows = []
    for code, label in items.channels:
        rows.append(
            [label, *(str(items.counts.get((code, cat), 0)) for cat in items.categories), str(items.channel_total(code))]
        )
    rows.append([SUM_LABEL, *(str(items.category_total(cat)) for cat in items.categories), str(items.total)])
    return header, rows


def rich_table(report: AnnualReport, table: str) -> Table:
    """A rich Table that reads like the official table on a terminal (exact labels, every cell).

    Rich has no merged cells, so group labels are shown once and indented, and numbers are
    bottom-aligned so that they sit on the line of the item they count.
    """
    from rich import box
    from rich.table import Table

    if table not in vocab.TABLES:
        raise BadInput(vocab.unknown_message("表格", table, list(vocab.TABLES)))
    titles = {
        "items": vocab.TABLE_LABELS["items"],
        "t2": vocab.PART_HEADINGS["二"],
        "t3": vocab.PART_HEADINGS["三"],
        "t4": vocab.PART_HEADINGS["四"],
    }
    out = Table(title=titles[table], box=box.SQUARE, title_justify="left")
    if table == "t3":
        _rich_t3(report, out)
    elif table == "t2":
        _rich_t2(report, out)
    else:
        header, rows = grid(report, table)
        labels = 1 if table == "items" else 2
        for i, h in enumerate(header):
            out.add_column(h, justify="left" if i < labels else "right", no_wrap=i >= labels, overflow="fold")
        for i, row in enumerate(rows):
            out.add_row(*row, end_section=table == "items" and i == len(rows) - 2)
    return out


_INDENT = "\u3000"  # a full-width space: one CJK character of indentation


def _rich_t3(report: AnnualReport, out: Table) -> None:
    # 申请人情况 and 法人或其他组织 stand above the columns they group, as in the printed header
    legal = _t3_legal_columns()
    out.caption = vocab.T3_CORNER
    out.add_column("", overflow="fold")
    for code in vocab.T3_COLUMNS.codes:
        label = vocab.T3_COLUMNS.label(code)
        if code == "natural_person":
            head = f"{vocab.APPLICANT_HEADER}\n\n{label}"
        elif code == legal[0]:
            head = f"\n{vocab.LEGAL_PERSON_LABEL}\n{label}"
        else:
            head = f"\n\n{label}"
        out.add_column(head, justify="right", no_wrap=True, vertical="bottom")
    rows = vocab.T3_ROWS
    for i, ((l1, l2, l3), row) in enumerate(zip(_t3_spans(), rows, strict=True)):
        lines = []
        if l1 is not None:
            lines.append(l1[0])
        if l2 is not None:
            lines.append(_INDENT + l2[0])
        if l3 is not None:
            lines.append(_INDENT * 2 + l3)
        last = i == len(rows) - 1 or rows[i + 1].group != row.group
        out.add_row(
            "\n".join(lines), *(_n(report.t3.get((row.code, c))) for c in vocab.T3_COLUMNS.codes), end_section=last
        )


def _rich_t2(report: AnnualReport, out: Table) -> None:
    # the printed layout: four sections stacked in one grid, each with its caption and column labels
    width = max(len(cols) for _, _, cols in vocab.T2_SECTIONS)
    out.show_header = False
    out.add_column(overflow="fold")
    for _ in range(width):
        out.add_column(justify="right", overflow="fold")
    for caption, row_codes, cols in vocab.T2_SECTIONS:
        pad = [""] * (width - len(cols))
        out.add_row(caption, *[""] * width, style="bold")
        out.add_row(vocab.T2_CONTENT_HEADER, *(vocab.T2_COLUMNS.label(c) for c in cols), *pad, style="bold")
        for j, r in enumerate(row_codes):
            out.add_row(
                vocab.T2_ROWS.label(r),
                *(_n(report.t2.get((r, c))) for c in cols),
                *pad,
                end_section=j == len(row_codes) - 1,
            )


# --------------------------------------------------------------------------- render
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


_PART_TABLE = {"二": "t2", "三": "t3", "四": "t4"}


# ----------------------------------------------------------------- txt
def _txt_table(report: AnnualReport, table: str) -> list[str]:
    """Tab-separated lines, one per table row, as a page copied from a portal reads."""
    lines: list[str] = []
    if table == "t2":
        for caption, row_codes, cols in vocab.T2_SECTIONS:
            lines.append(caption)
            lines.append("\t".join([vocab.T2_CONTENT_HEADER, *(vocab.T2_COLUMNS.label(c) for c in cols)]))
            for r in row_codes:
                lines.append("\t".join([vocab.T2_ROWS.label(r), *(_n(report.t2.get((r, c))) for c in cols)]))
        return lines
    if table == "t3":
        legal = _t3_legal_columns()
        total = vocab.T3_COLUMNS.label("total")
        lines.append("\t".join([vocab.T3_CORNER, "", "", vocab.APPLICANT_HEADER, *[""] * 5, total]))
        lines.append(
            "\t".join(["", "", "", vocab.T3_COLUMNS.label("natural_person"), vocab.LEGAL_PERSON_LABEL, *[""] * 5])
        )
        lines.append("\t".join(["", "", "", "", *(vocab.T3_COLUMNS.label(c) for c in legal), ""]))
        _, rows = grid(report, "t3")
        lines.extend("\t".join(r) for r in rows)
        return lines
    if table == "t4":
        cols = [t.label for t in vocab.T4_COLUMNS]
        lines.append("\t".join([vocab.T4_REVIEW_LABEL, *[""] * 4, vocab.T4_SUIT_LABEL, *[""] * 9]))
        lines.append(
            "\t".join(
                [*cols, vocab.T4_ROWS.label("suit_direct"), *[""] * 4, vocab.T4_ROWS.label("suit_after_review"), *[""] * 4]
            )
        )
        lines.append("\t".join([*[""] * 5, *cols, *cols]))
        lines.append("\t".join(_n(report.t4.get((r, c))) for r in vocab.T4_ROWS.codes for c in vocab.T4_COLUMNS.codes))
        return lines
    raise AssertionError(table)


def _render_txt(report: AnnualReport) -> str:
    out = [title_of(report), "", opening(report), ""]
    for part, _ in vocab.PARTS:
        out += [vocab.PART_HEADINGS[part], ""]
        for p in _part_prose(report, part):
            out += [p, ""]
        if part in _PART_TABLE:
            out += _txt_table(report, _PART_TABLE[part])
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# ----------------------------------------------------------------- md
def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def _md_tables(report: AnnualReport, table: str) -> list[str]:
    lines: list[str] = []
    if table == "t2":
        for caption, row_codes, cols in vocab.T2_SECTIONS:
            lines += [f"**{caption}**", ""]
            header = [vocab.T2_CONTENT_HEADER, *(vocab.T2_COLUMNS.label(c) for c in cols)]
            rows = [[vocab.T2_ROWS.label(r), *(_n(report.t2.get((r, c))) for c in cols)] for r in row_codes]
            lines += _md_table(header, rows) + [""]
        return lines
    if table == "t3":
        header = [vocab.T3_CORNER, *(t.label for t in vocab.T3_COLUMNS)]
        rows = [
            [row.full_label, *(_n(report.t3.get((row.code, c))) for c in vocab.T3_COLUMNS.codes)]
            for row in vocab.T3_ROWS
        ]
        return _md_table(header, rows) + [""]
    if table == "t4":
        header = ["", *(t.label for t in vocab.T4_COLUMNS)]
        rows = []
        for code in vocab.T4_ROWS.codes:
            label = vocab.T4_REVIEW_LABEL if code == "review" else f"{vocab.T4_SUIT_LABEL} {vocab.T4_ROWS.label(code)}"
            rows.append([label, *(_n(report.t4.get((code, c))) for c in vocab.T4_COLUMNS.codes)])
        return _md_table(header, rows) + [""]
    raise AssertionError(table)


def _render_md(report: AnnualReport) -> str:
    out = [f"# {title_of(report)}", "", opening(report), ""]
    for part, _ in vocab.PARTS:
        out += [f"## {vocab.PART_HEADINGS[part]}", ""]
        for p in _part_prose(report, part):
            out += [p, ""]
        if part in _PART_TABLE:
            out += _md_tables(report, _PART_TABLE[part])
    return "\n".join(out).rstrip("\n") + "\n"


# ----------------------------------------------------------------- html
_CSS = """
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; background: #fff;
  max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.8; }
h1 { text-align: center; font-size: 1.6em; }
h2 { font-size: 1.25em; margin-top: 1.6em; }
p { text-indent: 2em; margin: .4em 0; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: .9em; }
th, td { border: 1px solid #000; padding: .3em .5em; text-align: center; vertical-align: middle; }
th { font-weight: normal; }
th.caption, thead th { font-weight: bold; }
th[scope="row"] { text-align: left; }
td { font-variant-numeric: tabular-nums; }
""".strip()


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _th(text: str, rowspan: int = 1, colspan: int = 1, cls: str = "", scope: str = "") -> str:
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if scope:
        attrs += f' scope="{scope}"'
    if cls:
        attrs += f' class="{cls}"'
    return f"<th{attrs}>{_esc(text)}</th>"


def _td(value: Number, key: str, colspan: int = 1) -> str:
    """A number cell; data-cell carries its output code (t3.new.total) for scripts and tests."""
    attrs = f' colspan="{colspan}"' if colspan > 1 else ""
    return f'<td{attrs} data-cell="{_esc(key)}">{_esc(_n(value))}</td>'


def _html_t2(report: AnnualReport) -> list[str]:
    """Four sections stacked in one 4-column grid; one-column sections' cells span 3 columns."""
    width = max(len(cols) for _, _, cols in vocab.T2_SECTIONS) + 1
    lines = ['<table class="t2">', "<tbody>"]
    for caption, row_codes, cols in vocab.T2_SECTIONS:
        span = (width - 1) // len(cols)
        lines.append("<tr>" + _th(caption, colspan=width, cls="caption") + "</tr>")
        lines.append(
            "<tr>"
            + _th(vocab.T2_CONTENT_HEADER)
            + "".join(_th(vocab.T2_COLUMNS.label(c), colspan=span) for c in cols)
            + "</tr>"
        )
        for r in row_codes:
            lines.append(
                "<tr>"
                + _th(vocab.T2_ROWS.label(r), scope="row")
                + "".join(_td(report.t2.get((r, c)), f"t2.{r}.{c}", colspan=span) for c in cols)
                + "</tr>"
            )
    lines += ["</tbody>", "</table>"]
    return lines


def _html_t3(report: AnnualReport) -> list[str]:
    legal = _t3_legal_columns()
    ncols = len(vocab.T3_COLUMNS)
    lines = ['<table class="t3">', "<thead>"]
    lines.append(
        "<tr>" + _th(vocab.T3_CORNER, rowspan=3, colspan=3) + _th(vocab.APPLICANT_HEADER, colspan=ncols) + "</tr>"
    )
    lines.append(
        "<tr>"
        + _th(vocab.T3_COLUMNS.label("natural_person"), rowspan=2)
        + _th(vocab.LEGAL_PERSON_LABEL, colspan=len(legal))
        + _th(vocab.T3_COLUMNS.label("total"), rowspan=2)
        + "</tr>"
    )
    lines.append("<tr>" + "".join(_th(vocab.T3_COLUMNS.label(c)) for c in legal) + "</tr>")
    lines += ["</thead>", "<tbody>"]
    for (l1, l2, l3), row in zip(_t3_spans(), vocab.T3_ROWS, strict=True):
        cells = ""
        for cell in (l1, l2):
            if cell is not None:
                cells += _th(cell[0], rowspan=cell[1], colspan=cell[2], scope="row")
        if l3 is not None:
            cells += _th(l3, scope="row")
        cells += "".join(_td(report.t3.get((row.code, c)), f"t3.{row.code}.{c}") for c in vocab.T3_COLUMNS.codes)
        lines.append(f'<tr data-row="{_esc(row.code)}">{cells}</tr>')
    lines += ["</tbody>", "</table>"]
    return lines


def _html_t4(report: AnnualReport) -> list[str]:
    cols = [t.label for t in vocab.T4_COLUMNS]
    n = len(cols)
    suits = [c for c in vocab.T4_ROWS.codes if c != "review"]
    lines = ['<table class="t4">', "<thead>"]
    lines.append(
        "<tr>" + _th(vocab.T4_REVIEW_LABEL, colspan=n) + _th(vocab.T4_SUIT_LABEL, colspan=n * len(suits)) + "</tr>"
    )
    lines.append(
        "<tr>"
        + "".join(_th(c, rowspan=2) for c in cols)
        + "".join(_th(vocab.T4_ROWS.label(s), colspan=n) for s in suits)
        + "</tr>"
    )
    lines.append("<tr>" + "".join(_th(c) for _ in suits for c in cols) + "</tr>")
    lines += ["</thead>", "<tbody>"]
    lines.append(
        "<tr>" + "".join(_td(report.t4.get((r, c)), f"t4.{r}.{c}") for r in vocab.T4_ROWS.codes for c in vocab.T4_COLUMNS.codes) + "</tr>"
    )
    lines += ["</tbody>", "</table>"]
    return lines


def _render_html(report: AnnualReport) -> str:
    title = _esc(title_of(report))
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
        f"<h1>{title}</h1>",
        f"<p>{_esc(opening(report))}</p>",
    ]
    tables: dict[str, Any] = {"t2": _html_t2, "t3": _html_t3, "t4": _html_t4}
    for part, _ in vocab.PARTS:
        out.append(f'<section class="part" id="part-{_esc(part)}">')
        out.append(f"<h2>{_esc(vocab.PART_HEADINGS[part])}</h2>")
        out += [f"<p>{_esc(p)}</p>" for p in _part_prose(report, part)]
        if part in _PART_TABLE:
            out += tables[_PART_TABLE[part]](report)
        out.append("</section>")
    out += ["</article>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
