"""Document readers for `disc lint`: each format becomes one stream of rows for one interpreter.

A reader turns its format into a list of `Row`s in reading order: a prose line is a row with a
single cell, a table row is a list of cell texts. `core.interpret` then finds the headings, the
prose of each part and the cells of tables 二/三/四, so every format is judged by the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    """One line of prose or one table row, as the document printed it.

    cells: the cell texts; in an exact grid (html, docx, ruled pdf tables) None marks a position
    covered by a merged cell and "" an empty cell. A loose row (copied text, unruled pdf text)
    has no reliable grid: a trailing empty field there is an artefact of the copy, not a cell.
    """

    cells: list[str | None]
    exact: bool = False
    table: int | None = None  # id of the table block it came from (None: prose or copied text)
    meta: dict = field(default_factory=dict)

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
