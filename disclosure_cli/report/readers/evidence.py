"""What a reader saw beyond the numbers, as typed records the rules match on (issue 22).

Each record says what it is (its class and `kind`), which table, row or column it is about, and where
it was printed (page, line). Where is not part of a record's identity: the same fact seen twice (a
2019 column label printed in two sections) is one record, kept where it was first seen.

- PrintedLabel: a row or column label as printed and the official label it was read as (FMT-LABEL);
- RawCell: a located cell as printed (its text, number or not) and where;
- OutdatedLabel: a label of the 2019 trial format (FMT-OUTDATED);
- OutdatedLayout: a part of a table printed in the 2019 layout, whose 2021 cells are therefore not in
  the document (a 表二 section with the 2019 columns; the single row （六）其他处理 of 表三);
- Subtotal: a row or column the official table does not have (FMT-SUBTOTAL);
- DuplicateRow: a row printed again (FMT-DUPLICATE; the first one was kept);
- ShortRow: a row with fewer figures than its columns that nothing placed: left unread, never guessed;
- OtherYearTable: a table under a caption naming another year (a comparison sheet): left out;
- SecondReport: another year's report after this one's six parts, in the same file: not read;
- ScannedPages: PDF pages without a text layer (READ-SCANNED);
- MissingIdentity: no unit name or no year found (READ-IDENTITY).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar, TypeVar

from disclosure_cli import vocab
from disclosure_cli.report.model import AnnualReport, SeenLabel


class Kind(Enum):
    PRINTED_LABEL = "printed_label"
    RAW_CELL = "raw_cell"
    OUTDATED_LABEL = "outdated_label"
    OUTDATED_LAYOUT = "outdated_layout"
    SUBTOTAL = "subtotal"
    DUPLICATE_ROW = "duplicate_row"
    SHORT_ROW = "short_row"
    OTHER_YEAR_TABLE = "other_year_table"
    SECOND_REPORT = "second_report"
    SCANNED_PAGES = "scanned_pages"
    MISSING_IDENTITY = "missing_identity"


@dataclass(frozen=True, kw_only=True)
class Evidence:
    kind: ClassVar[Kind]
    page: int | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def where(self) -> str:
        """「第 2 页第 14 行」, 「第 14 行」, or "" where the reader could not say."""
        if self.page is not None and self.line is not None:
            return f"第 {self.page} 页第 {self.line} 行"
        if self.page is not None:
            return f"第 {self.page} 页"
        return f"第 {self.line} 行" if self.line is not None else ""


@dataclass(eq=True)
class PrintedLabel(SeenLabel):
    """A label as printed (SeenLabel, read by FMT-LABEL) with where it was printed."""

    kind_of: ClassVar[Kind] = Kind.PRINTED_LABEL
    page: int | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RawCell(Evidence):
    kind: ClassVar[Kind] = Kind.RAW_CELL
    table: str
    row: str
    column: str
    text: str


@dataclass(frozen=True)
class OutdatedLabel(Evidence):
    kind: ClassVar[Kind] = Kind.OUTDATED_LABEL
    table: str  # t2: 本年新制作数量 …, 第二十条第（九）项; t3: the single row （六）其他处理
    label: str  # as printed


@dataclass(frozen=True)
class OutdatedLayout(Evidence):
    """A part of a table printed as the 2019 trial format has it: its 2021 cells are absent."""

    kind: ClassVar[Kind] = Kind.OUTDATED_LAYOUT
    table: str
    section: int | None = None  # 表二: the index of the section in vocab.T2_SECTIONS; 表三: None (（六）)

    def leaves_absent(self, table: str, row: str, column: str) -> bool:
        if table != self.table:
            return False
        if table == "t3":
            return row.startswith("other.")
        if table == "t2" and self.section is not None:
            _, rows, cols = vocab.T2_SECTIONS[self.section]
            return row in rows and column in cols
        return False


@dataclass(frozen=True)
class Subtotal(Evidence):
    kind: ClassVar[Kind] = Kind.SUBTOTAL
    table: str
    label: str


@dataclass(frozen=True)
class DuplicateRow(Evidence):
    kind: ClassVar[Kind] = Kind.DUPLICATE_ROW
    table: str
    row: str


@dataclass(frozen=True)
class ShortRow(Evidence):
    kind: ClassVar[Kind] = Kind.SHORT_ROW
    table: str
    row: str
    figures: tuple[str, ...]  # as printed
    columns: int  # how many the row has


@dataclass(frozen=True)
class OtherYearTable(Evidence):
    """A table printed under a caption naming another year than the report's (a comparison sheet of
    two years side by side): left out, so that two reports are never read as one."""

    kind: ClassVar[Kind] = Kind.OTHER_YEAR_TABLE
    year: int
    block: int  # the table block (Row.table) it was


@dataclass(frozen=True)
class SecondReport(Evidence):
    """After the report's six parts, the title of another year's report (two reports in one file):
    the rest of the document is not read."""

    kind: ClassVar[Kind] = Kind.SECOND_REPORT
    year: int
    title: str


@dataclass(frozen=True)
class ScannedPages(Evidence):
    kind: ClassVar[Kind] = Kind.SCANNED_PAGES
    pages: tuple[int, ...]


@dataclass(frozen=True)
class MissingIdentity(Evidence):
    kind: ClassVar[Kind] = Kind.MISSING_IDENTITY
    what: str  # org | year


E = TypeVar("E", bound=Evidence)


def of_type(report: AnnualReport, cls: type[E]) -> Iterator[E]:
    """The report's evidence of one type, in the order the reader saw it."""
    for e in report.evidence:
        if isinstance(e, cls):
            yield e


class Recorder:
    """Adds evidence to a report once (where aside), in the order it was first seen."""

    def __init__(self, report: AnnualReport):
        self.report = report
        self._seen: set[Evidence] = set()

    def note(self, e: Evidence) -> None:
        if e in self._seen:
            return
        self._seen.add(e)
        self.report.evidence.append(e)

    def drop(self, e: Evidence) -> None:
        if e in self._seen:
            self._seen.discard(e)
            self.report.evidence[:] = [x for x in self.report.evidence if x != e]
