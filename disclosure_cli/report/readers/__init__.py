"""Document readers for `disc lint`, in three stages (issue 22):

1. a format reader (text.py, html.py, pdf.py, docx.py) turns its format into `Row`s in reading order,
   each with the page and line it was printed on: a prose line is a row with a single cell, a table
   row a list of cell texts;
2. small pure passes (passes.py) repair the quirks of real documents, each named for the one quirk
   it repairs and tested alone;
3. one interpretation (core.py) reads the document's structure (structure.py: title, unit, year,
   parts) and its tables (table2.py, table3.py, table4.py; what they share in sheet.py), so every
   format is judged by the same rules. What it saw beyond the numbers travels to the rules as typed
   evidence (evidence.py); which edition of the format a document printed is edition.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    """One line of prose or one table row, as the document printed it.

    cells: the cell texts; in an exact grid (html, docx, ruled pdf tables) None marks a position
    covered by a merged cell and "" an empty cell. A loose row (copied text, unruled pdf text)
    has no reliable grid: a trailing empty field there is an artefact of the copy, not a cell.
    page, line: where it was printed (page: PDFs only; line: the line of a text file, the line on
    its page of a PDF, the block's number in a web page or a Word document).
    repairs: the names of the passes that changed it.
    """

    cells: list[str | None]
    exact: bool = False
    table: int | None = None  # id of the table block it came from (None: prose or copied text)
    meta: dict = field(default_factory=dict)
    page: int | None = None
    line: int | None = None
    repairs: tuple[str, ...] = ()

    @property
    def texts(self) -> list[str]:
        return [c.strip() for c in self.cells if c is not None and c.strip()]

    @property
    def is_line(self) -> bool:
        """One text and nothing else: a line of prose, a heading or a caption spanning the table.
        A grid row with one text beside empty cells is a table row whose figures are blank."""
        texts = self.texts
        if len(texts) != 1:
            return False
        return not (self.exact and any(c is not None and not c.strip() for c in self.cells))


def line(text: str) -> Row:
    return Row([text])


def numbered(rows: list[Row], page: int | None = None) -> list[Row]:
    """The rows with their line numbers (1, 2, …) where a reader has not set one."""
    for i, row in enumerate(rows, start=1):
        if row.line is None:
            row.line = i
        if page is not None and row.page is None:
            row.page = page
    return rows
