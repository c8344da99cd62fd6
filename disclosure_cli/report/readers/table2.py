"""表二 (主动公开政府信息情况): four sections, each under a caption 「第二十条第（一）项」 with its own
row of column labels; the 2019 trial format's columns, rows and ninth section are recognised and
recorded as outdated, and a section printed with the 2019 columns only leaves its 2021 cells absent."""

from __future__ import annotations

import re

from disclosure_cli import vocab
from disclosure_cli.report.readers.edition import OUTDATED_SECTION, OUTDATED_SECTION_NUMERAL
from disclosure_cli.report.readers.evidence import OutdatedLabel, OutdatedLayout, Subtotal
from disclosure_cli.report.readers.labels import COL_MIN, LOOSE_MIN, ROW_MIN, key, printed
from disclosure_cli.report.readers.passes import fill_blank_positions, rejoin_broken_figures
from disclosure_cli.report.readers.sheet import Sheet, Stream

CAPTION = re.compile(r"^第二十条第\(([一二三四五六七八九十]+)\)项$")
_SECTION_OF_NUMERAL = {"一": 0, "五": 1, "六": 2, "八": 3}
_NINTH = -1  # the rows under 第二十条第（九）项 (2019 only): read past, not cells


def own_columns(code: str) -> list[str]:
    return next(cols for _, rows, cols in vocab.T2_SECTIONS if code in rows)


class Table2:
    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.section: int | None = None  # index in vocab.T2_SECTIONS, _NINTH, None: not seen
        self.header: list[str | None] | None = None  # column codes of the section's header row
        self.head_open = False  # the header came one label a line: the next may continue it

    def reset(self) -> None:
        self.section = None
        self.header = None
        self.head_open = False

    def _outdated(self, label: str) -> None:
        self.sheet.note(OutdatedLabel("t2", label, **self.sheet.at()))

    # ------------------------------------------------------------------ captions and headers
    def caption(self, text: str, k: str) -> bool:
        """「第二十条第（一）项」: a section begins (its header follows)."""
        m = CAPTION.match(k)
        if m:
            self.section = _SECTION_OF_NUMERAL.get(m.group(1))
            self.header = None
            if m.group(1) == OUTDATED_SECTION_NUMERAL:
                self._outdated(text)
                self.section = _NINTH
            return True
        if k == key(OUTDATED_SECTION):
            self._outdated(text)
            return True
        return False

    def header_row(self, cells: list[tuple[int, str]], extend: bool = False) -> None:
        """A section's row of column labels: the code under each position (None: not a column)."""
        leaves = [self._column(c) for _, c in cells]
        leaves = [x for x in leaves if x != "content"]
        if extend and self.header is not None:
            self.header = [*self.header, *leaves]
        else:
            self.header = leaves
        self._section_in_2019_columns()

    def _column(self, c: str) -> str | None:
        m = self.sheet.P["t2.col"].match(c)
        if m is None or m.score < COL_MIN:
            return None
        e = m.entry
        if e.kind == "content":
            return "content"
        if e.kind == "outdated":
            if m.score >= 0.85:  # a 2019 label, not merely one that shares a word with it
                self._outdated(printed(c))
            return None
        if e.kind == "column":
            self.sheet.seen("t2", "column", e.code or "", c)
            return e.code
        return None

    def _section_in_2019_columns(self) -> None:
        """A section printed with the 2019 columns only (本年新制作数量 …; 上一年项目数量 / 本年增/减):
        its 2021 cells are not in the document to read."""
        section = self.section
        if section is None or section < 0 or self.header is None:
            return
        if not any(isinstance(e, OutdatedLabel) for e in self.sheet.rep.evidence):
            return
        own = vocab.T2_SECTIONS[section][2]
        if not any(c in own for c in self.header if c):
            self.sheet.note(OutdatedLayout("t2", section, **self.sheet.at()))

    # ------------------------------------------------------------------ rows
    def row(self, label_cells: list[tuple[int, str]], values: list[str | None], loose: bool, empty_fields: int = 0) -> bool:
        if not label_cells:
            return False
        text = printed(" ".join(c for _, c in label_cells))
        m = self.sheet.P["t2.row"].match(text)
        if m is None or m.score < (LOOSE_MIN if loose else ROW_MIN):
            return False
        e = m.entry
        self.sheet.found("t2")
        if e.kind == "outdated":
            self._outdated(text)
            return True
        if e.kind == "subtotal":
            self.sheet.note(Subtotal("t2", text, **self.sheet.at()))
            return True
        if self.section == _NINTH:
            return True
        code = e.code or ""
        self.sheet.seen("t2", "row", code, text)
        own = own_columns(code)
        cols: list[str | None] = list(own)
        if self.header is not None and all(c is None or c in own for c in self.header):
            cols = list(self.header)
        self.sheet.assign("t2", code, cols, fill_blank_positions(values, empty_fields, len(cols)))
        return True

    def width_of(self, label: str) -> int | None:
        """How many cells the row a label names has (its section's header, or the format's)."""
        m = self.sheet.P["t2.row"].match(label)
        if not (m and m.score >= LOOSE_MIN and m.entry.kind == "row" and m.entry.code):
            return None
        own = own_columns(m.entry.code)
        if self.header is not None and all(c is None or c in own for c in self.header):
            return len(self.header)
        return len(own)

    def label_only(self, text: str) -> bool:
        """A row label on a line of its own (its figures follow, one a line)."""
        m = self.sheet.P["t2.row"].match(text)
        if m and m.score >= LOOSE_MIN and m.entry.kind == "row":
            self.sheet.seen("t2", "row", m.entry.code or "", text)
            self.sheet.found("t2")
            self.sheet.start_stream("t2", m.entry.code)
            return True
        return False

    def take_stream(self, stream: Stream) -> None:
        code, values = stream.code, stream.values
        if not values or code is None:
            return
        own = own_columns(code)
        header = self.header
        values = stream.figures(len(header) if header is not None else len(own))
        if header is not None and len(header) == len(values) and all(c is None or c in own for c in header):
            # the section's header says which figure is which, as on a row of cells (the 2019
            # format's three columns; its 2021 cells absent)
            self.sheet.assign("t2", code, list(header), values, stream)
            return
        vals = rejoin_broken_figures(values, len(own), None) or values[: len(own)]
        self.sheet.assign("t2", code, list(own), vals, stream)
