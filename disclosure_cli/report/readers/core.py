"""The one interpretation behind every document reader: rows in, AnnualReport out.

Readers (txt/md, html, pdf, docx) only turn their format into `Row`s; the passes (passes.py) repair
the quirks of real documents; here each row goes to the document's structure (structure.py: headings,
prose, title) or to the table its part holds (table2.py, table3.py, table4.py), found by matching row
labels and column headers against vocab (labels.py).

Contract with the checks (what a reader records beyond the numbers):
- every official cell is a key of t2/t3/t4; a number is an int (万元: Decimal);
- raw[(table,row,col)] = printed text of a located cell that is not a number ("" blank, "/", "-",
  "无" …); its value is None. A cell that could not be located is None with no raw entry: unread;
- raw[("t3","other",col)] = the printed figures of a single-row （六）其他处理 (2019 layout); its
  three 2021 sub-rows stay unread (the layout leaves them absent: edition.absent_by_layout);
- labels: a PrintedLabel (a model.SeenLabel with its page and line) per matched label. kind
  "row"/"column" carry an official row/column code; kind "group" carries a t3 group code
  (withheld, unavailable, not_processed, other, results) or a t3 column group (applicants,
  legal_person); labels text: as printed with the line breaks of its cell taken out;
- evidence: typed records of what was seen (evidence.py): RawCell, OutdatedLabel, OutdatedLayout,
  Subtotal, DuplicateRow, ScannedPages, MissingIdentity — each with the page and line it was seen on;
- headings, parts, title, org, year, period, opening, published: structure.py;
- tables_found: the tables of which a row label or a cell was located;
- where no heading has been seen, a table row is placed by its labels; inside 一/五/六 a table is prose.
"""

from __future__ import annotations

import re

from disclosure_cli import vocab
from disclosure_cli.report.model import TABLE_CELLS, AnnualReport
from disclosure_cli.report.readers import Row
from disclosure_cli.report.readers.evidence import MissingIdentity, OtherYearTable, ScannedPages, SecondReport
from disclosure_cli.report.readers.labels import ROW_MIN, key, pools, printed
from disclosure_cli.report.readers.passes import (
    join_split_header_words,
    repair,
    row_label_and_figures,
    split_trailing_figures,
    split_two_labels,
    trailing_empty_fields,
)
from disclosure_cli.report.readers.sheet import Sheet
from disclosure_cli.report.readers.structure import TITLE_YEAR, Structure, title_of
from disclosure_cli.report.readers.table2 import CAPTION, Table2
from disclosure_cli.report.readers.table3 import Table3
from disclosure_cli.report.readers.table4 import Table4
from disclosure_cli.report.readers.values import is_number, is_value, num_text, parse_value
from disclosure_cli.text import plain_chars, simplified

__all__ = ["interpret", "key", "parse_value", "Interpreter"]

PART_TABLE = vocab.PART_TABLES
_YEAR_CAPTION = re.compile(r"^((?:19|20)\d{2})\s*年(?:度)?(?:数据|情况)?$")
# the pools a row's labels are tried against to say which table it belongs to
_GUESS = (("t2", "t2.row"), ("t2", "t2.col"), ("t3", "t3.row"), ("t3", "t3.col"), ("t4", "t4.col"))


class Interpreter:
    """Walks the rows of one document and fills an AnnualReport; see the module docstring."""

    def __init__(self, source: str = "", html_title: str = ""):
        rep = AnnualReport(org="", year=0, source=source)
        for t, cells in TABLE_CELLS.items():
            table = rep.table(t)
            for k in cells:
                table[k] = None
        rep.tables_found = set()
        self.rep = rep
        self.P = pools()
        self.sheet = Sheet(rep, self.P)
        self.doc = Structure(rep, self.P["part"], html_title)
        self.t2, self.t3, self.t4 = Table2(self.sheet), Table3(self.sheet), Table4(self.sheet)
        self.sheet.readers = {"t2": self.t2, "t3": self.t3, "t4": self.t4}
        self.block_year: dict[int, int] = {}  # table block -> the year its caption names
        self.done = False  # another report begins: the rest of the file is not this one

    def _reset_tables(self) -> None:
        """A new part: what a table reader was in the middle of is over."""
        self.sheet.reset()
        self.t2.reset()
        self.t3.reset()
        self.t4.reset()

    def context(self) -> str | None:
        """The table the current part holds (二/三/四), None elsewhere."""
        return PART_TABLE.get(self.doc.part or "")

    # ------------------------------------------------------------------ feeding
    def feed(self, row: Row) -> None:
        if self.done:
            return
        self.sheet.page, self.sheet.line = row.page, row.line
        if row.meta.get("scanned"):
            self.sheet.note(ScannedPages(tuple(row.meta["scanned"])))
        texts = row.texts
        if row.table is not None and self._block_of_another_year(row, texts):
            return
        if row.meta.get("gap"):
            if self.sheet.stream is not None:
                self.sheet.stream.gaps.append(len(self.sheet.stream.values))
            return
        if not texts:
            # an empty grid row under 表四's header: the blank data row of the official template
            if row.exact and len(row.cells) > 1 and self.context() == "t4":
                self.sheet.flush_stream()
                self.t4.row([], [c for c in row.cells if c is not None], loose=False)
            return
        if row.is_line and self._label_and_blank_cells(row):
            return
        if row.is_line:
            self._single(row, texts[0])
        else:
            self.sheet.flush_stream()
            self.t2.head_open = False
            self._multi(row)

    def _block_of_another_year(self, row: Row, texts: list[str]) -> bool:
        """A table block under a caption row naming a year (「2023年」 over a comparison sheet's
        table): where that year is not the report's, its rows are left out — two years' tables side
        by side are two reports, never one."""
        block = row.table
        assert block is not None
        if row.is_line and block not in self.block_year:
            m = _YEAR_CAPTION.match(printed(texts[0]))
            if m:
                self.block_year[block] = int(m.group(1))
                return True
        year = self.block_year.get(block)
        if year is None or year == self._year_of_title():
            return False
        self.sheet.note(OtherYearTable(year, block, **self.sheet.at()))
        return True

    def _another_report_begins(self, flat: str) -> bool:
        """Two reports in one file: after the six parts, the title of a report of another year."""
        if len(self.rep.headings) < len(vocab.PARTS) or len(flat) > 60 or not flat.endswith("报告"):
            return False
        m = TITLE_YEAR.match(flat)
        year = self._year_of_title()
        if not (m and m.group(1).strip() and year is not None and int(m.group(2)) != year):
            return False
        self.sheet.flush_stream()
        self.sheet.note(SecondReport(int(m.group(2)), flat, **self.sheet.at()))
        self.done = True
        return True

    def _year_of_title(self) -> int | None:
        m = TITLE_YEAR.match(title_of(self.doc.preamble, self.doc.html_title))
        return int(m.group(2)) if m else None

    def _label_and_blank_cells(self, row: Row) -> bool:
        """「规章\t\t\t」: a row's label and exactly as many empty fields as the row has cells — its
        blank cells, shown as empty positions by the copy (not a label waiting for its figures)."""
        table = self.context()
        if table is None or row.exact or len(row.cells) < 2 or not (row.cells[0] or "").strip():
            return False
        empty = trailing_empty_fields(row)
        reader = {"t2": self.t2, "t3": self.t3, "t4": self.t4}[table]
        if empty != len(row.cells) - 1 or reader.width_of(printed(row.cells[0] or "")) != empty:
            return False
        self.sheet.flush_stream()
        self.t2.head_open = False
        self._multi(row)
        return True

    # ------------------------------------------------------------------ one text
    def _single(self, row: Row, text: str) -> None:
        flat = printed(text.strip())
        self.doc.saw_line(flat)
        table = self.context()
        if table is not None and self._stream_value(table, flat):
            return
        self.sheet.flush_stream()
        if self._another_report_begins(flat):
            return
        if self.doc.heading(flat):
            self.sheet.last_table = None
            self._reset_tables()
            return
        if table is None and self.doc.part is None and CAPTION.match(key(flat)):
            table = "t2"
        if table is not None and self._table_line(table, flat, row):
            return
        self.doc.prose(flat)

    def _stream_value(self, table: str, text: str) -> bool:
        """A line that is only a figure (or a blank mark), in a table where a row is waiting for its
        figures one per line: it joins them."""
        tokens = text.split()
        if not tokens or not all(is_value(t) and num_text(t) != "" for t in tokens):
            return False
        stream = self.sheet.stream
        if stream is not None and stream.table == table:
            stream.values.extend(tokens)
            return True
        if table == "t4":
            return self.t4.stream_start(tokens)
        if table == "t3":
            return self.t3.tail_of_last_figure(tokens)
        return False

    def _table_line(self, table: str, text: str, row: Row) -> bool:
        """A single text in a table part: caption, header line, label, or label + figures."""
        k = key(text)
        if table == "t2" and self.t2.caption(text, k):
            return True
        if table == "t4" and not re.search(r"\d", k) and self.t4.caption(text):
            return True
        if len(k) <= 2 and not re.search(r"\d", k):
            if table == "t2" and self._label_only(table, text):
                return True  # 规章 on a line of its own
            return True  # a piece of a vertical label (三 / 、 / 本 …)
        tokens, values = split_trailing_figures(text)
        label = " ".join(tokens)
        if values and not any(is_number(v) for v in values):
            return False
        if values:
            if table == "t3" and len(values) < 5:  # a line of prose that ends in a number
                return False
            return self._data(table, [(0, label)] if label else [], values, loose=True)
        # no figures: a header line, a label waiting for its figures, or prose
        if len(tokens) > 1 and self._maybe_header(table, list(enumerate(tokens)), strict=True):
            return True
        if self._maybe_header(table, [(0, text)], strict=True):
            return True
        return self._label_only(table, text)

    def _label_only(self, table: str, text: str) -> bool:
        """A label on a line of its own (unruled pdf text): remembered for the figures to come."""
        reader = {"t2": self.t2, "t3": self.t3, "t4": self.t4}.get(table)
        return reader.label_only(text) if reader is not None else False

    # ------------------------------------------------------------------ several cells
    def _multi(self, row: Row) -> None:
        table = self.context()
        label_cells, values = row_label_and_figures(row)
        empty_fields = trailing_empty_fields(row)
        has_numbers = any(v is not None and v.strip() for v in values)
        # a table inside part 一/五/六 is the agency's own (items by channel …): its text is prose;
        # tables are looked for by their labels only where no heading says where they are
        if self.doc.part is None or table is not None:
            table = self._choose_table(table, label_cells)
        if table is None:
            self.doc.prose(" ".join(printed(c) for c in row.texts))
            return
        self.sheet.last_table = table
        if not has_numbers and label_cells and self._maybe_header(table, label_cells, strict=False):
            return
        if table == "t2" and label_cells and CAPTION.match(key(label_cells[0][1])) and not has_numbers:
            self._table_line(table, printed(label_cells[0][1]), row)
            return
        if not self._data(table, label_cells, values, not row.exact, empty_fields) and self.doc.part is not None:
            text = " ".join(printed(c) for c in row.texts)
            if not has_numbers:
                self.doc.prose(text)

    def _table_scores(self, label_cells: list[tuple[int, str]]) -> tuple[dict[str, float], dict[str, float]]:
        """Per table: the sum of the good label matches of a row, and its best single match."""
        total: dict[str, float] = {}
        top: dict[str, float] = {}
        for _, c in label_cells:
            best: dict[str, float] = {}
            for piece in split_two_labels(printed(c)):
                for table, pool in _GUESS:
                    m = self.P[pool].match(piece)
                    if m and m.entry.kind in ("row", "column", "group", "results"):
                        best[table] = max(best.get(table, 0.0), m.score)
            for table, sc in best.items():
                top[table] = max(top.get(table, 0.0), sc)
                if sc >= 0.85:
                    total[table] = total.get(table, 0.0) + sc
        return total, top

    def _choose_table(self, context: str | None, label_cells: list[tuple[int, str]]) -> str | None:
        """The table a row belongs to: its part's table, unless its labels plainly belong to
        another one (a heading missing or misnumbered); without a part, the table it names, and
        an unlabelled row of figures belongs to the table of the row before it."""
        if not label_cells:
            return context or self.sheet.last_table
        total, top = self._table_scores(label_cells)
        if not total:
            return context
        prefer = context or self.sheet.last_table
        best = max(total, key=lambda t: (total[t], t == prefer))
        if context is None or top.get(context, 0.0) < ROW_MIN:
            return best
        return context

    # ------------------------------------------------------------------ headers
    def _maybe_header(self, table: str, cells: list[tuple[int, str]], strict: bool) -> bool:
        """Column labels of `table`: t2 one row per section; t3/t4 a block of rows."""
        pool = self.P[f"{table}.col"]
        cells = join_split_header_words(cells, pool)
        kinds = []
        for _, c in cells:
            m = pool.match(c)
            if m and m.score >= (0.8 if strict else 0.75) and m.entry.kind != "subtotal":
                kinds.append(m.entry.kind)
        if not kinds or self._one_column_label_is_a_row(table, kinds, cells):
            return False
        if table == "t2":
            self.t2.header_row(cells, extend=self.t2.head_open and len(cells) == 1)
            self.t2.head_open = len(cells) == 1  # one label a line: the next may continue the header
            return True
        self.sheet.header.add(table, cells)
        if table == "t4":
            self.t4.headers_seen = True
        return True

    def _one_column_label_is_a_row(self, table: str, kinds: list[str], cells: list[tuple[int, str]]) -> bool:
        """One label that names a column may as well be a row with blank cells: 3.其他, （七）总计."""
        if len(kinds) != 1 or kinds[0] != "column":
            return False
        rows = self.P.get(f"{table}.row")
        m = rows.match(cells[0][1]) if rows is not None and len(cells) == 1 else None
        return len(cells) > 1 or (m is not None and m.score >= 0.75)

    # ------------------------------------------------------------------ data rows
    def _data(
        self, table: str, label_cells: list[tuple[int, str]], values: list[str | None], loose: bool, empty_fields: int = 0
    ) -> bool:
        reader = {"t2": self.t2, "t3": self.t3}.get(table, self.t4)
        return reader.row(label_cells, values, loose, empty_fields)

    # ------------------------------------------------------------------ end
    def finish(self) -> AnnualReport:
        rep = self.rep
        self.sheet.flush_stream()
        self.t3.close_header()
        self.t4.close_header()
        self.t3.finish()
        if self.t4.headers_seen:
            # 表四's headers are there but no figure could be placed (blank cells lost in a copy):
            # the table is found and its cells unread, not a missing table
            rep.tables_found.add("t4")
        self.doc.finish()
        if not rep.org:
            self.sheet.note(MissingIdentity("org"))
        if not rep.year:
            self.sheet.note(MissingIdentity("year"))
        return rep


def interpret(rows: list[Row], source: str = "", html_title: str = "") -> AnnualReport:
    """The report a document's rows describe (see the module docstring for what is recorded)."""
    it = Interpreter(source, simplified(plain_chars(html_title)))
    for row in repair(rows):
        it.feed(row)
    return it.finish()
