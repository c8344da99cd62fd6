"""The layout of the annual report, once: each table's grid (cells, official labels, merged cells),
the titles, the opening paragraph and the signature. Every surface — the terminal (`disc stats`),
txt, md, html, docx, xlsx — is a projection of these, so they cannot disagree (issue 10); the
document readers may match what they find against the same grids.

A grid is what the printed template shows (report-format.md): positions in rows and columns, some
cells spanning several. Labels come from vocab, numbers from the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from disclosure_cli import vocab
from disclosure_cli.report.model import AnnualReport, Number

ITEMS_CORNER = "渠道＼类别"  # the items tally is not an official table: its own labels live here
SUM_LABEL = "合计"
TABLE_PART = vocab.TABLE_PARTS


# --------------------------------------------------------------------------- titles and prose around
def title(report: AnnualReport) -> str:
    return report.title or report.default_title


def title_lines(report: AnnualReport) -> list[str]:
    """The title broken where it makes sense, for a page: the unit, then 「2023年政府信息公开工作年度报告」.
    A title a reader found in a document (not of the default shape) stays one line."""
    t = title(report)
    tail = f"{report.year}年政府信息公开工作年度报告"
    if report.org and t == f"{report.org}{tail}":
        return [report.org, tail]
    return [t]


def table_title(table: str, year: int | None = None) -> str:
    if table == "items":
        return f"{year}年{vocab.TABLE_LABELS['items']}（渠道 × 类别）" if year else vocab.TABLE_LABELS["items"]
    return vocab.PART_HEADINGS[TABLE_PART[table]]


def opening(report: AnnualReport) -> str:
    """The paragraph before part 一: on what basis the report is made, and the statistics period."""
    y = report.year
    return (
        f"本报告依据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号规定的年度报告格式编制，"
        f"反映{report.org}{y}年度政府信息公开工作情况。"
        f"报告所列数据的统计期限自{y}年1月1日至{y}年12月31日。"
    )


def chinese_date(iso: str) -> str:
    from disclosure_cli.workdays import fmt_date

    return fmt_date(date.fromisoformat(iso))


BLANK_DATE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"  # for the clerk's pen


def signature(report: AnnualReport) -> tuple[str, str]:
    """The unit and the date at the foot of the report (成文日期): the date given (--date), else
    the date the report was registered as published; else left blank for the clerk to fill — today's
    date printed there would pass for a signing date nobody chose."""
    when = report.signed or report.published
    return report.org, chinese_date(when) if when else BLANK_DATE


# --------------------------------------------------------------------------- where a header may break
_HAN_WORDS = re.compile(r"(?:[\u4e00-\u9fff]{2}){2,4}")
_CLAUSE = re.compile(r"(?<=[，：；、])|(?=（)")  # after a comma or colon, before a bracket


def head_words(text: str) -> list[str]:
    """The places a column header may break, for a narrow column: a label of four to eight Han
    characters (商业企业, 社会公益组织, 本年制发件数, 未经复议直接起诉) reads as two-character
    words; one with punctuation breaks after its commas and colons and before a bracket, into
    pieces of four characters or more (本年收费金额 / （单位：万元）, the 勾稽关系 note by clause);
    any other (自然人, 复议后起诉) is one piece that wraps as it must.
    Every surface breaks there and only there: 商业/企业, never 商业企/业."""
    if _HAN_WORDS.fullmatch(text):
        return [text[i : i + 2] for i in range(0, len(text), 2)]
    pieces: list[str] = []
    for w in _CLAUSE.split(text):
        if pieces and (len(w) < 4 or len(pieces[-1]) < 4):
            pieces[-1] += w
        elif w:
            pieces.append(w)
    return pieces


def head_lines(text: str, per_line: int) -> list[str]:
    """The header in as few lines of at most `per_line` characters as its words allow: two-character
    words shared out evenly (社会/公益/组织 in a three-character column, 社会公益/组织 in a four-
    character one, 本年处理/决定数量), clauses filled line by line; a label that fits, or cannot
    break, stays one line."""
    words = head_words(text)
    if len(text) <= per_line or len(words) == 1:
        return [text]
    if any(len(w) != 2 for w in words):
        out = [""]
        for w in words:
            if out[-1] and len(out[-1]) + len(w) > per_line:
                out.append("")
            out[-1] += w
        return out
    per = max(1, per_line // 2)
    n = -(-len(words) // per)
    out, i = [], 0
    for k in range(n):
        take = -(-(len(words) - i) // (n - k))
        out.append("".join(words[i : i + take]))
        i += take
    return out


# --------------------------------------------------------------------------- grids
@dataclass(frozen=True)
class Block:
    """One cell of a table as printed: where it starts, how far it spans, what it holds."""

    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"  # caption | head | label | vlabel | num
    value: Number = None
    key: tuple[str, str] | None = None  # (row code, column code) of a number


@dataclass
class Grid:
    """A table in the official layout: size, blocks (merged cells), and its header rows."""

    table: str
    rows: int
    cols: int
    blocks: list[Block]
    header_rows: int = 0
    _at: dict[tuple[int, int], Block] = field(default_factory=dict, repr=False)

    def merges(self) -> list[Block]:
        return [b for b in self.blocks if b.rowspan > 1 or b.colspan > 1]

    def covering(self, r: int, c: int) -> Block | None:
        """The block that covers position (r, c)."""
        if not self._at:
            for b in self.blocks:
                for i in range(b.row, b.row + b.rowspan):
                    for j in range(b.col, b.col + b.colspan):
                        self._at[(i, j)] = b
        return self._at.get((r, c))

    def starting(self, r: int) -> list[Block]:
        return sorted((b for b in self.blocks if b.row == r), key=lambda b: b.col)

    def is_caption(self, r: int) -> bool:
        return any(b.kind == "caption" for b in self.starting(r))

    def sections(self) -> list[tuple[str | None, list[int], list[int]]]:
        """(caption, head rows, body rows) of each stacked section (表二 has four; others one)."""
        out: list[tuple[str | None, list[int], list[int]]] = []
        caption: str | None = None
        heads: list[int] = []
        body: list[int] = []
        for r in range(self.rows):
            if self.is_caption(r):
                if heads or body:
                    out.append((caption, heads, body))
                caption = self.starting(r)[0].text
                heads, body = [], []
            elif r < self.header_rows or (not body and all(b.kind == "head" for b in self.starting(r)) and self.starting(r)):
                heads.append(r)
            else:
                body.append(r)
        out.append((caption, heads, body))
        return out

    def value_columns(self, rows: list[int]) -> list[int]:
        """Columns where a number starts in these rows, left to right."""
        return sorted({b.col for r in rows for b in self.starting(r) if b.kind == "num"})

    def column_header(self, heads: list[int], col: int, values: list[int]) -> list[str]:
        """The header labels above a value column, top down, leaving out a label that spans every
        value column (申请人情况: it says nothing about one column)."""
        out: list[str] = []
        seen: set[int] = set()
        for r in heads:
            b = self.covering(r, col)
            if b is None or b.kind != "head" or id(b) in seen:
                continue
            seen.add(id(b))
            if len(values) > 1 and b.col <= values[0] and b.col + b.colspan > values[-1]:
                continue
            out.append(b.text)
        return out

    def corner(self, heads: list[int], values: list[int]) -> str:
        """The header text above the label columns (表三's 勾稽关系 note, 表二's 信息内容)."""
        first = values[0] if values else self.cols
        texts: list[str] = []
        for r in heads:
            for c in range(first):
                b = self.covering(r, c)
                if b is not None and b.kind == "head" and b.text not in texts:
                    texts.append(b.text)
        return " ".join(texts)

    def row_labels(self, r: int, values: list[int], vertical: bool = False) -> list[Block]:
        """The labels a body row carries, outermost first: the cells left of the numbers that cover
        the row (a group label starts on the first row of its group); a vertical group label
        (三、本年度办理结果) only with vertical=True."""
        first = values[0] if values else self.cols
        kinds = ("label", "vlabel") if vertical else ("label",)
        out: list[Block] = []
        for c in range(first):
            b = self.covering(r, c)
            if b is None or b in out or b.kind not in kinds:
                continue
            out.append(b)
        return out

    def header_paths(self, heads: list[int], values: list[int]) -> list[list[str]]:
        """Per value column, the header labels above it, top down (see column_header)."""
        return [self.column_header(heads, c, values) for c in values]

    def value(self, r: int, col: int) -> Block | None:
        b = self.covering(r, col)
        return b if b is not None and b.kind == "num" else None


def grid(report: AnnualReport, table: str) -> Grid:
    """The official layout of table t2, t3 or t4 (report-format.md), or the items tally, filled."""
    if table == "t2":
        return _t2_grid(report)
    if table == "t3":
        return _t3_grid(report)
    if table == "t4":
        return _t4_grid(report)
    if table == "items":
        return _items_grid(report)
    from disclosure_cli.errors import BadInput

    raise BadInput(vocab.unknown_message("表格", table, list(vocab.TABLES)))


def _t2_grid(report: AnnualReport) -> Grid:
    # Four sections stacked in one 4-column grid; a one-column section spans its values across 3.
    blocks: list[Block] = []
    r = 0
    for caption, rows, cols in vocab.T2_SECTIONS:
        span = 3 // len(cols)
        blocks.append(Block(r, 0, caption, colspan=4, kind="caption"))
        r += 1
        blocks.append(Block(r, 0, vocab.T2_CONTENT_HEADER, kind="head"))
        for j, c in enumerate(cols):
            blocks.append(Block(r, 1 + j * span, vocab.T2_COLUMNS.label(c), colspan=span, kind="head"))
        r += 1
        for code in rows:
            blocks.append(Block(r, 0, vocab.T2_ROWS.label(code)))
            for j, c in enumerate(cols):
                blocks.append(Block(r, 1 + j * span, colspan=span, kind="num", value=report.t2.get((code, c)), key=(code, c)))
            r += 1
    return Grid("t2", r, 4, blocks)


def _t3_grid(report: AnnualReport) -> Grid:
    cols = vocab.T3_COLUMNS.codes  # six applicant types, then total
    orgs = cols[1:6]
    blocks = [
        Block(0, 0, vocab.T3_CORNER, rowspan=3, colspan=3, kind="head"),
        Block(0, 3, vocab.APPLICANT_HEADER, colspan=len(cols), kind="head"),
        Block(1, 3, vocab.T3_COLUMNS.label(cols[0]), rowspan=2, kind="head"),
        Block(1, 4, vocab.LEGAL_PERSON_LABEL, colspan=len(orgs), kind="head"),
        Block(1, 3 + len(cols) - 1, vocab.T3_COLUMNS.label(cols[-1]), rowspan=2, kind="head"),
    ]
    blocks += [Block(2, 4 + j, vocab.T3_COLUMNS.label(c), kind="head") for j, c in enumerate(orgs)]
    top = 3
    index = {row.code: top + i for i, row in enumerate(vocab.T3_ROWS)}
    # Label columns from the vocabulary's three levels: a level with nothing below spans to the
    # right; consecutive rows sharing a level-1 / level-2 label share one vertical cell.
    for level1, group in groupby(vocab.T3_ROWS, key=lambda row: row.level1):
        rows = list(group)
        r0 = index[rows[0].code]
        if not rows[0].level2:
            blocks.append(Block(r0, 0, level1, colspan=3))
            continue
        blocks.append(Block(r0, 0, level1, rowspan=len(rows), kind="vlabel"))
        for level2, sub in groupby(rows, key=lambda row: row.level2):
            subrows = list(sub)
            s0 = index[subrows[0].code]
            if not subrows[0].level3:
                blocks.append(Block(s0, 1, level2, colspan=2))
                continue
            blocks.append(Block(s0, 1, level2, rowspan=len(subrows)))
            blocks += [Block(index[x.code], 2, x.level3) for x in subrows]
    for row in vocab.T3_ROWS:
        r = index[row.code]
        for j, c in enumerate(cols):
            blocks.append(Block(r, 3 + j, kind="num", value=report.t3.get((row.code, c)), key=(row.code, c)))
    return Grid("t3", top + len(vocab.T3_ROWS), 3 + len(cols), blocks, header_rows=top)


def _t4_grid(report: AnnualReport) -> Grid:
    cols = vocab.T4_COLUMNS.codes
    n = len(cols)
    groups = vocab.T4_ROWS.codes  # review, suit_direct, suit_after_review
    blocks = [
        Block(0, 0, vocab.T4_REVIEW_LABEL, colspan=n, kind="head"),
        Block(0, n, vocab.T4_SUIT_LABEL, colspan=n * (len(groups) - 1), kind="head"),
    ]
    blocks += [Block(1, j, vocab.T4_COLUMNS.label(c), rowspan=2, kind="head") for j, c in enumerate(cols)]
    for g, code in enumerate(groups[1:], start=1):
        blocks.append(Block(1, g * n, vocab.T4_ROWS.label(code), colspan=n, kind="head"))
        blocks += [Block(2, g * n + j, vocab.T4_COLUMNS.label(c), kind="head") for j, c in enumerate(cols)]
    for g, code in enumerate(groups):
        for j, c in enumerate(cols):
            blocks.append(Block(3, g * n + j, kind="num", value=report.t4.get((code, c)), key=(code, c)))
    return Grid("t4", 4, n * len(groups), blocks, header_rows=3)


def _items_grid(report: AnnualReport) -> Grid:
    """Items by channel × category with totals: not an official table, laid out like one."""
    items = report.items
    channels = list(items.channels) if items else []
    cats = list(items.categories) if items else []
    cols = [*cats, "total"]
    blocks = [Block(0, 0, ITEMS_CORNER, kind="head")]
    blocks += [Block(0, 1 + j, SUM_LABEL if c == "total" else c, kind="head") for j, c in enumerate(cols)]
    r = 1
    for code, label in [*channels, ("total", SUM_LABEL)]:
        blocks.append(Block(r, 0, label))
        for j, cat in enumerate(cols):
            if items is None:
                v = 0
            elif code == "total" and cat == "total":
                v = items.total
            elif code == "total":
                v = items.category_total(cat)
            elif cat == "total":
                v = items.channel_total(code)
            else:
                v = items.counts.get((code, cat), 0)
            blocks.append(Block(r, 1 + j, kind="num", value=v, key=(code, cat)))
        r += 1
    return Grid("items", r, 1 + len(cols), blocks, header_rows=1)


@dataclass
class Section:
    """One stacked section of a grid, flattened for a surface without merged cells."""

    caption: str | None
    corner: str
    paths: list[list[str]]  # per value column: its header labels, top down
    rows: list[tuple[list[Block], list[Block | None]]]  # per body row: its labels, its numbers

    @property
    def header(self) -> list[str]:
        """One label per column: the column's own label, or with the labels above it where the
        same label stands over several columns."""
        leaves = [p[-1] if p else "" for p in self.paths]
        return [self.corner, *(leaf if leaves.count(leaf) == 1 else " ".join(p) for leaf, p in zip(leaves, self.paths, strict=True))]


def flat(g: Grid, vertical: bool = False) -> list[Section]:
    """The grid for a surface without merged cells (Markdown, the terminal): per section its
    caption, the labels above each value column, and each body row as its labels (outermost
    first) and its number cells."""
    out = []
    for caption, heads, body in g.sections():
        values = g.value_columns(body)
        rows = [(g.row_labels(r, values, vertical), [g.value(r, c) for c in values]) for r in body]
        sec = Section(caption, g.corner(heads, values), g.header_paths(heads, values), rows)
        out.append(_pivot(sec) or sec)
    return out


def _pivot(sec: Section) -> Section | None:
    """A one-row table whose columns repeat in groups (表四: 结果维持 … 总计 under 行政复议, under
    未经复议直接起诉, under 复议后起诉) reads, without merged cells, as one row per group."""
    if len(sec.rows) != 1 or sec.rows[0][0] or any(len(p) < 2 for p in sec.paths):
        return None
    groups: dict[tuple[str, ...], list[int]] = {}
    for j, p in enumerate(sec.paths):
        groups.setdefault(tuple(p[:-1]), []).append(j)
    leaves = [tuple(sec.paths[j][-1] for j in idx) for idx in groups.values()]
    if len(groups) < 2 or len(set(leaves)) != 1:
        return None
    cells = sec.rows[0][1]
    rows = [
        ([Block(i, 0, " ".join(prefix))], [cells[j] for j in idx])
        for i, (prefix, idx) in enumerate(groups.items())
    ]
    return Section(sec.caption, sec.corner, [[leaf] for leaf in leaves[0]], rows)
