"""表四 (政府信息公开行政复议、行政诉讼情况): one row of 15 figures under a header of three groups
(行政复议; 行政诉讼: 未经复议直接起诉, 复议后起诉) of five columns each — or the same printed as three
small tables, each under a caption naming its group, or as one row per group."""

from __future__ import annotations

from disclosure_cli import vocab
from disclosure_cli.report.readers.labels import COL_MIN, LOOSE_MIN, ROW_MIN, key, printed, t4_group_named
from disclosure_cli.report.readers.passes import (
    drop_leading_blank_cells,
    fill_blank_positions,
    rejoin_broken_figures,
)
from disclosure_cli.report.readers.sheet import Sheet, Stream
from disclosure_cli.report.readers.values import is_number, is_value, t4_adds_up

N_COLS = len(vocab.T4_COLUMNS)
CAPTION_POS = -1  # a caption's position in a header block: over every column, not a label


class Table4:
    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.headers_seen = False  # its column labels were seen (the table is there, figures or not)
        self.values_started = False  # figures one a line have begun under the header
        self.reset()

    def reset(self) -> None:
        self.leaves: list[tuple[str, str]] | None = None  # (group, column) of each figure to come

    # ------------------------------------------------------------------ header
    def caption(self, text: str) -> bool:
        """「（一）行政复议情况」 over a piece of 表四 printed as three tables: the group of the
        header that follows (a new header block begins)."""
        if t4_group_named(text) is None:
            return False
        h = self.sheet.header
        if h.table == "t4" and not h.done and h.rows:
            # inside the one-table header (行政复议 / 行政诉讼 / 未经复议直接起诉 …): a header cell
            h.rows.append([(0, text)])
            return True
        h.rows = [[(CAPTION_POS, text)]]
        h.done = False
        h.table = "t4"
        return True

    def close_header(self) -> None:
        rows = self.sheet.header.take("t4")
        if rows is not None:
            self.leaves = self._leaves(rows)

    def _leaves(self, rows: list[list[tuple[int, str]]]) -> list[tuple[str, str]] | None:
        """The (group, column) of each figure to come: the whole table (15), or a piece of it — one
        group's five columns under a caption naming the group, or, with no caption, the next group
        in the official order."""
        groups, leaves = self._groups_and_columns(rows)
        if not groups and len(leaves) == N_COLS:  # a piece with no caption: the next group
            done = {r for (t, r, _c) in self.sheet.located if t == "t4"}
            left = [g for g in vocab.T4_ROWS.codes if g not in done]
            if not left:
                return None
            groups = [(-1, 0, left[0])]
        out: list[tuple[str, str]] = []
        for ri, pos, col in sorted(leaves, key=lambda x: x[1]):
            above = [g for g in groups if g[0] < ri and g[1] <= pos]
            if not above:
                return None
            g = max(above, key=lambda g: (g[1], g[0]))
            out.append((g[2], col))
        return out if _whole_groups(out) else None

    def _groups_and_columns(
        self, rows: list[list[tuple[int, str]]]
    ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        pool = self.sheet.P["t4.col"]
        groups: list[tuple[int, int, str]] = []
        leaves: list[tuple[int, int, str]] = []
        for ri, cells in enumerate(rows):
            for pos, c in cells:
                m = pool.match(c)
                named = t4_group_named(c)
                if named is not None and (pos < 0 or m is None or m.entry.kind != "group" or m.score < 0.95):
                    groups.append((ri, pos, named))  # a caption in its own words: not a label to judge
                    continue
                if m is None or m.score < COL_MIN:
                    continue
                e = m.entry
                if e.kind == "column":
                    self.sheet.seen("t4", "column", e.code or "", c)
                    leaves.append((ri, pos, e.code or ""))
                elif e.kind == "group":
                    self.sheet.seen("t4", "row", e.code or "", c)
                    groups.append((ri, pos, e.code or ""))
        return groups, leaves

    # ------------------------------------------------------------------ rows
    def row(self, label_cells: list[tuple[int, str]], values: list[str | None], loose: bool, empty_fields: int = 0) -> bool:
        self.close_header()
        if label_cells and self._labelled_row(label_cells, fill_blank_positions(values, empty_fields, N_COLS), loose):
            return True
        if not any(is_number(v) for v in values) and not self._blank_data_row(values, loose):
            return False
        piece = self.leaves is not None and len(self.leaves) < len(vocab.t4_cells())
        if len(values) < N_COLS + 1 and loose and not piece:
            return False
        cells = self.leaves or vocab.t4_cells()
        vals = drop_leading_blank_cells(fill_blank_positions(values, empty_fields, len(cells)), len(cells))
        if self.sheet.short("t4", cells[0][0], vals, len(cells)):
            return True  # its cells stay unread: never filled from the left
        for (r, c), v in zip(cells, vals, strict=False):
            self.sheet.set("t4", r, c, v)
        return True

    def _labelled_row(self, label_cells: list[tuple[int, str]], values: list[str | None], loose: bool) -> bool:
        """One group a row, its label first: 「行政复议 1 0 0 0 1」."""
        text = printed(" ".join(c for _, c in label_cells))
        stripped = text.replace(vocab.T4_SUIT_LABEL, "", 1) if len(key(text)) > len(vocab.T4_SUIT_LABEL) else text
        m = self.sheet.P["t4.row"].match(stripped)
        if not (m and m.score >= (LOOSE_MIN if loose else ROW_MIN) and len(values) <= N_COLS + 2):
            return False
        code = m.entry.code or ""
        self.sheet.seen("t4", "row", code, stripped)
        self.sheet.assign("t4", code, list(vocab.T4_COLUMNS.codes), values)
        return True

    def _blank_data_row(self, values: list[str | None], loose: bool) -> bool:
        """A grid row of blanks right under a complete header: the data row, left empty."""
        leaves = self.leaves
        return (
            not loose and leaves is not None and len(values) == len(leaves)
            and all(is_value(v) for v in values)
            and not any(k[0] == "t4" and (k[1], k[2]) in leaves for k in self.sheet.located)
        )

    def width_of(self, label: str) -> int | None:
        m = self.sheet.P["t4.row"].match(label)
        return N_COLS if m and m.score >= LOOSE_MIN else None

    def label_only(self, text: str) -> bool:
        """A column label on a line of its own: the header is there (its figures may not be)."""
        m = self.sheet.P["t4.col"].match(text)
        if m and m.score >= 0.8:
            h = self.sheet.header
            h.table = "t4" if h.table is None else h.table
            self.headers_seen = True
            return True
        return False

    # ------------------------------------------------------------------ one cell per line
    def stream_start(self, tokens: list[str]) -> bool:
        """The first figures under 表四's header, one a line."""
        if self.sheet.header.table == "t4" and not self.values_started:
            self.sheet.stream = Stream("t4", None, list(tokens), "", self.sheet.page, self.sheet.line)
            return True
        return False

    def take_stream(self, stream: Stream) -> None:
        if not stream.values:
            return
        self.values_started = True
        width = len(vocab.t4_cells())
        vals = rejoin_broken_figures(stream.figures(width), width, t4_adds_up)
        if vals is not None:
            self.row([], vals, loose=False)
        else:
            self.sheet.short("t4", vocab.T4_ROWS.codes[0], stream.values, width, stream)


def _whole_groups(out: list[tuple[str, str]]) -> bool:
    """Each group with all its five columns, once (a group with some columns only: not a layout we know)."""
    if len(set(out)) != len(out) or not out or len(out) % N_COLS:
        return False
    by_group: dict[str, set[str]] = {}
    for g, c in out:
        by_group.setdefault(g, set()).add(c)
    return all(cols == set(vocab.T4_COLUMNS.codes) for cols in by_group.values())
