"""What the three table readers share in one document: the report's cells, the evidence, the block
of column headers being read, and the row whose figures come one per line (crawled text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from disclosure_cli.report.model import AnnualReport
from disclosure_cli.report.readers.evidence import (
    DuplicateRow,
    Evidence,
    PrintedLabel,
    RawCell,
    Recorder,
    ShortRow,
)
from disclosure_cli.report.readers.labels import Pool, printed
from disclosure_cli.report.readers.passes import drop_leading_blank_cells, fill_blank_lines
from disclosure_cli.report.readers.values import parse_value


@dataclass
class Stream:
    """One cell per line (crawled text): a row whose label has been read and whose figures are still
    coming, one a line. code "group:<g>": the figures printed under a 表三 group's own label."""

    table: str
    code: str | None
    values: list[str | None] = field(default_factory=list)
    label: str = ""
    page: int | None = None  # where it began
    line: int | None = None
    gaps: list[int] = field(default_factory=list)  # empty lines met, by how many figures came before

    def figures(self, width: int) -> list[str | None]:
        """Its figures, with the empty lines between them as blank cells where they fill the row
        exactly (passes.fill_blank_lines)."""
        return fill_blank_lines(self.values, self.gaps, width)


@dataclass
class HeaderBlock:
    """The rows of column labels of 表三 or 表四 read so far (表二's header is one row per section)."""

    table: str | None = None
    rows: list[list[tuple[int, str]]] = field(default_factory=list)
    done: bool = False

    def add(self, table: str, cells: list[tuple[int, str]]) -> None:
        if self.table != table or self.done:
            self.rows = []
            self.done = False
        self.table = table
        self.rows.append(cells)

    def take(self, table: str) -> list[list[tuple[int, str]]] | None:
        """The block, once, when it is `table`'s and its first figures come (None otherwise)."""
        if self.table != table or not self.rows or self.done:
            return None
        self.done = True
        return self.rows


class StreamReader(Protocol):
    def take_stream(self, stream: Stream) -> None: ...


class Sheet:
    def __init__(self, rep: AnnualReport, pools: dict[str, Pool]):
        self.rep = rep
        self.P = pools
        self.evidence = Recorder(rep)
        self.located: set[tuple[str, str, str]] = set()
        self.cells_seen: dict[tuple[str, str, str], RawCell] = {}
        self.last_table: str | None = None
        self.header = HeaderBlock()
        self.stream: Stream | None = None
        # a 表三 group label's figures, just taken from a stream: they may be its first sub-row's
        self.group_values: tuple[str, list[str | None]] | None = None
        self.readers: dict[str, StreamReader] = {}
        self.page: int | None = None  # where the row being read was printed
        self.line: int | None = None

    def reset(self) -> None:
        """A new part begins: no header block, no row waiting for its figures."""
        self.header = HeaderBlock()
        self.stream = None

    # ------------------------------------------------------------------ what was seen
    def note(self, e: Evidence) -> None:
        self.evidence.note(e)

    def at(self) -> dict[str, int | None]:
        return {"page": self.page, "line": self.line}

    def seen(self, table: str, kind: str, code: str, text: str) -> None:
        self.rep.labels.append(PrintedLabel(table, kind, code, printed(text), **self.at()))

    def found(self, table: str) -> None:
        self.rep.tables_found.add(table)

    # ------------------------------------------------------------------ cells
    def set(self, table: str, row: str, col: str, text: str | None) -> None:
        """A located cell: its value, and what was printed where it is not a number. A cell located
        twice keeps its first figures (FMT-DUPLICATE)."""
        k = (table, row, col)
        if k in self.located:
            self.note(DuplicateRow(table, row, **self.at()))
            return
        self.located.add(k)
        self.found(table)
        text = "" if text is None else text.strip()
        value = parse_value(text, money=(table, col) == ("t2", "amount_wan"))
        self.rep.table(table)[(row, col)] = value
        if value is None:
            self.rep.raw[k] = printed(text)
        raw = RawCell(table, row, col, printed(text), **self.at())
        self.cells_seen[k] = raw
        self.note(raw)

    def unset(self, table: str, row: str, col: str) -> None:
        """A cell read again (its last figure's tail came on the next line)."""
        k = (table, row, col)
        self.located.discard(k)
        self.rep.raw.pop(k, None)
        raw = self.cells_seen.pop(k, None)
        if raw is not None:
            self.evidence.drop(raw)

    def assign(
        self, table: str, row: str, cols: list[str | None], values: list[str | None], stream: Stream | None = None
    ) -> bool:
        """A row's figures under its columns. A row with fewer figures than columns (a cell left
        empty whose place the text did not keep) is not filled from the left: which cell is empty
        cannot be told, so none is placed (ShortRow; the cells stay unread)."""
        vals = drop_leading_blank_cells(values, len(cols))
        if self.short(table, row, vals, len(cols), stream):
            return False
        for col, v in zip(cols, vals, strict=False):
            if col is not None:
                self.set(table, row, col, v)
        return True

    def short(self, table: str, row: str, values: list[str | None], width: int, stream: Stream | None = None) -> bool:
        if len(values) >= width:
            return False
        at = {"page": stream.page, "line": stream.line} if stream is not None else self.at()
        self.note(ShortRow(table, row, tuple((v or "").strip() for v in values), width, **at))
        return True

    # ------------------------------------------------------------------ one cell per line
    def start_stream(self, table: str, code: str | None, label: str = "") -> None:
        self.flush_stream()
        if code is None or not code.startswith("group:"):
            self.group_values = None
        self.stream = Stream(table, code, [], label, self.page, self.line)

    def flush_stream(self) -> None:
        """The row whose figures came one per line is complete: its table reader places them."""
        if self.stream is None:
            return
        stream, self.stream = self.stream, None
        self.readers[stream.table].take_stream(stream)
