"""Small pure passes, each named for the one quirk of real documents it repairs (issue 22).

Two kinds:
- passes over the stream of rows (`ROW_PASSES`, run in order before the interpretation): each takes
  the rows and gives new ones, never changing the rows it was given; a row it changed names it in
  `Row.repairs`;
- repairs of one row, one label or one run of figures, which need to know which table they are in
  and so are called by the table readers: each a pure function of its arguments.

Never a guess: a repair that cannot tell what the document meant leaves it as it was.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import replace

from disclosure_cli import vocab
from disclosure_cli.report.readers import Row
from disclosure_cli.report.readers.labels import Pool, is_official_label, key, printed
from disclosure_cli.report.readers.values import is_blank, is_number, is_value, num_text
from disclosure_cli.text import plain_chars, simplified

# --------------------------------------------------------------------------- passes over the rows

_FOOTER = re.compile(
    r"^([-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(\s*[,，/、]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页)$"
)


def fold_printing_variants(rows: list[Row]) -> list[Row]:
    """Traditional characters (規章, 主動公開), full-width digits and the radical look-alikes of
    browser-printed PDFs (⼈⺠) read as the ordinary simplified characters, before any label is
    matched."""
    out = []
    for row in rows:
        cells = [c if c is None else simplified(plain_chars(c)) for c in row.cells]
        changed = cells != row.cells
        out.append(replace(row, cells=cells, repairs=(*row.repairs, "fold_printing_variants")) if changed else row)
    return out


def is_page_number(row: Row) -> bool:
    return row.is_line and bool(_FOOTER.match(printed(row.texts[0])))


def drop_page_numbers(rows: list[Row]) -> list[Row]:
    """Page numbers and page counts (「- 3 -」, 「第2页，共5页」, 「3/5」) printed between the rows of a
    table or the lines of a paragraph: not part of the report."""
    return [row for row in rows if not is_page_number(row)]


_BRACKETED = re.compile(r"^(?:【([^【】]+)】|\[([^\[\]]+)\]|〔([^〔〕]+)〕|〖([^〖〗]+)〗|（([^（）]+)）|\(([^()]+)\))$")


def _unwrapped(text: str) -> str | None:
    """The text without the brackets a crawler put around each label in it (「【自然人】」,
    「[商业企业] [科研机构]」); None where a token is not an official label in brackets."""
    tokens = text.split()
    if not tokens:
        return None
    inner = []
    for tok in tokens:
        m = _BRACKETED.match(tok)
        label = next((g for g in m.groups() if g), None) if m else None
        if label is None or not is_official_label(label):
            return None
        inner.append(label)
    return " ".join(inner)


def unwrap_bracketed_labels(rows: list[Row]) -> list[Row]:
    """Column labels wrapped in brackets by a crawler or a web editor (「【自然人】」): the label
    itself, where what is inside is an official label exactly (「（本列数据的勾稽关系为……）」, whose
    brackets are its own, is left as it is)."""
    out = []
    for row in rows:
        cells = [c if c is None else (_unwrapped(c) or c) for c in row.cells]
        if cells != row.cells:
            row = replace(row, cells=cells, repairs=(*row.repairs, "unwrap_bracketed_labels"))
        out.append(row)
    return out


ROW_PASSES: tuple[Callable[[list[Row]], list[Row]], ...] = (
    fold_printing_variants,
    drop_page_numbers,
    unwrap_bracketed_labels,
)


def repair(rows: list[Row]) -> list[Row]:
    for step in ROW_PASSES:
        rows = step(rows)
    return rows


# --------------------------------------------------------------------------- repairs of one row


def row_label_and_figures(row: Row) -> tuple[list[tuple[int, str]], list[str | None]]:
    """A table row as (label cells with their positions, the figures after the last label). In an
    exact grid a merged position is no figure; in a loose row the empty fields a copy leaves at the
    end are no figures either."""
    cells = row.cells
    last_label = -1
    for i, c in enumerate(cells):
        if c is not None and c.strip() and not is_value(c):
            last_label = i
    label_cells = [(i, c) for i, c in enumerate(cells[: last_label + 1]) if c is not None and c.strip()]
    values = list(cells[last_label + 1 :])
    if row.exact:
        return label_cells, [v for v in values if v is not None]
    values = ["" if v is None else v for v in values]
    while values and not values[-1].strip():
        values.pop()
    return label_cells, values


def trailing_empty_fields(row: Row) -> int:
    """How many empty fields a loose row ends with (tabs or pipes after its last figure)."""
    if row.exact:
        return 0
    n = 0
    for c in reversed(row.cells):
        if c is not None and c.strip():
            break
        n += 1
    return n


def fill_blank_positions(values: list[str | None], empty_fields: int, width: int) -> list[str | None]:
    """A loose row whose empty fields at the end are exactly the cells it lacks (「规章\t0\t\t」 under
    three columns): those fields are its blank cells, shown as empty positions by the copy. Any other
    count: they are an artefact of the copy, and the row stays as it is."""
    if len(values) < width and len(values) + empty_fields == width:
        return [*values, *([""] * (width - len(values)))]
    return values


def fill_blank_lines(values: list[str | None], gaps: list[int], width: int) -> list[str | None]:
    """Figures one a line with an empty line between two of them (a crawler's empty cell): where the
    empty lines inside the run are exactly the cells the row lacks, each is a blank cell at its place.
    Empty lines before the first figure or after the last say nothing (paragraph breaks)."""
    inside = [p for p in gaps if 0 < p < len(values)]
    if not inside or len(values) >= width or len(values) + len(inside) != width:
        return values
    out: list[str | None] = []
    for i, v in enumerate(values):
        out += [""] * inside.count(i)
        out.append(v)
    return out


def split_trailing_figures(text: str) -> tuple[list[str], list[str | None]]:
    """A line of text as (the words of its label, the figures it ends with): 「规章 0 0 0」."""
    tokens = text.split()
    values: list[str | None] = []
    while tokens and is_value(tokens[-1]) and num_text(tokens[-1]) != "":
        values.insert(0, tokens.pop())
    return tokens, values


def drop_leading_blank_cells(values: list[str | None], width: int) -> list[str | None]:
    """A row with more cells than columns whose first ones are empty (the empty cell under a merged
    label): the empty ones dropped until the rest fit."""
    vals = list(values)
    while len(vals) > width and vals and is_blank(vals[0]):
        vals.pop(0)
    return vals


def rejoin_broken_figures(
    values: list[str | None], width: int, check: Callable[[list[str | None]], bool] | None
) -> list[str | None] | None:
    """The figures of a row when one or two of them were broken over two lines (「1」「62」 for 162):
    the one way of joining neighbours back that makes the row's own check hold (its sum); exactly
    `width` figures come back as they are. None: no single way — the row is left unread, never guessed."""
    if len(values) == width:
        return list(values)
    extra = len(values) - width
    if extra <= 0 or extra > 2 or check is None:
        return None
    found = []
    for picks in itertools.combinations(range(len(values) - 1), extra):
        if any(b - a < 2 for a, b in zip(picks, picks[1:], strict=False)):
            continue
        out = _joined_at(values, picks)
        if out is not None and check(out):
            found.append(out)
    return found[0] if len(found) == 1 else None


def _joined_at(values: list[str | None], picks: tuple[int, ...]) -> list[str | None] | None:
    out: list[str | None] = []
    i = 0
    while i < len(values):
        if i in picks:
            a, b = values[i] or "", values[i + 1] or ""
            if not (is_number(a) and is_number(b)):
                return None
            out.append(a + b)
            i += 2
        else:
            out.append(values[i])
            i += 1
    return out


# --------------------------------------------------------------------------- repairs of one label

_RESULTS_KEY = key(vocab.RESULTS)
_GROUP_SPLIT = re.compile(r"^\s*([（(][一二三四五六七][)）][^0-9０-９（(]*?)\s*([0-9０-９]+\s*[.．、].+)$")
_RESULTS_HEAD = re.compile(r"^\s*三\s*[、.．]\s*本\s*年\s*度\s*办\s*理\s*结\s*果\s*")


def split_two_labels(label: str) -> list[str]:
    """A label cell that holds two labels (a merged cell's text run into the next one):
    「三、本年度办理结果（一）予以公开」, 「（三）不予公开1.属于国家秘密」."""
    out: list[str] = []
    k = key(label)
    if k.startswith(_RESULTS_KEY) and len(k) > len(_RESULTS_KEY):
        out.append(vocab.RESULTS)
        label = _RESULTS_HEAD.sub("", label)
    m = _GROUP_SPLIT.match(label)
    if m:
        return [*out, m.group(1), m.group(2)]
    return [*out, label]


_OWN_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[.、．])")


def join_numbering(numbering: str, label: str) -> str:
    """A list number on a line of its own (「3.」) belongs to the label on the next line — unless that
    label carries its own numbering (「四、结转下年度继续办理」, 「3.要求提供公开出版物」): then it
    is the debris of a list and is dropped."""
    return label if _OWN_NUMBERING.match(label) else numbering + label


def strip_vertical_label_chars(text: str) -> str:
    """The characters of a vertical label (三 / 本 / 年 …, printed one per line beside the rows) that
    share a line of text with a row's own label: dropped."""
    toks = text.split()
    while len(toks) > 1 and len(key(toks[0])) == 1:
        toks.pop(0)
    return " ".join(toks)


def join_split_header_words(cells: list[tuple[int, str]], pool: Pool) -> list[tuple[int, str]]:
    """Neighbouring header words that only together make a label (「商业 企业」 split by a space in
    PDF text): joined, where the join is a label exactly and the pieces are not."""
    if len(cells) < 2:
        return cells
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(cells):
        if i + 1 < len(cells) and _only_together(cells[i][1], cells[i + 1][1], pool):
            out.append((cells[i][0], cells[i][1] + cells[i + 1][1]))
            i += 2
            continue
        out.append(cells[i])
        i += 1
    return out


def _only_together(a: str, b: str, pool: Pool) -> bool:
    m = pool.match(a + b)
    if not (m and m.score == 1.0):
        return False
    ma, mb = pool.match(a), pool.match(b)
    return not (ma and ma.score == 1.0) and not (mb and mb.score == 1.0)


# --------------------------------------------------------------------------- the title


def join_title_year_set_apart(lines: list[str]) -> list[str]:
    """「洪泽区人民政府 年…报告」 over 「2023」: a browser's PDF set the title's year on a line of its
    own. Joined back (lines without spaces, as the title finder reads them)."""
    lines = list(lines)
    for i in range(len(lines) - 1):
        m = re.match(r"^(\D+?)(年(?:度)?政府信息公开\D*)$", lines[i])
        if m and re.fullmatch(r"(19|20)\d{2}", lines[i + 1]):
            lines[i : i + 2] = [m.group(1) + lines[i + 1] + m.group(2), ""]
    return [x for x in lines if x]
