"""The edition of the report format: the 2019 trial format (国办公开办函〔2019〕60号) or the 2021
format (国办公开办函〔2021〕30号). One concept, asked by the readers (which labels are the old
format's, which cells a 2019 layout does not have) and by the rules (which edition a year must use,
which edition a document printed).

The 2019 labels are not official any more, so they are not in vocab's official lists: they are
only recognised (here) to report FMT-OUTDATED, and the two the 2021 format kept in other words are
vocab.LABELS_2019.
"""

from __future__ import annotations

from enum import Enum

from disclosure_cli import vocab
from disclosure_cli.report.model import AnnualReport
from disclosure_cli.report.readers.evidence import OutdatedLabel, OutdatedLayout, of_type


class Edition(Enum):
    TRIAL_2019 = "国办公开办函〔2019〕60号"
    FORMAT_2021 = "国办公开办函〔2021〕30号"


# Labels of the 2019 trial format, recognised by the readers
OUTDATED_COLUMNS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减")
OUTDATED_ROWS = ("其他对外管理服务事项", "政府集中采购")
OUTDATED_SECTION = "第二十条第（九）项"
OUTDATED_SECTION_NUMERAL = "九"  # 第二十条第（九）项: a section only the 2019 format has


def for_year(year: int) -> Edition | None:
    """The edition a report on `year` must use; None when the year is not known."""
    if year <= 0:
        return None
    return Edition.TRIAL_2019 if year <= vocab.LAST_2019_FORMAT_YEAR else Edition.FORMAT_2021


def printed(report: AnnualReport, table: str) -> Edition:
    """The edition a document printed `table` in: the 2019 format where the reader saw its labels
    there (表二's columns, rows or section; 表三's single row （六）其他处理)."""
    if any(e.table == table for e in of_type(report, OutdatedLabel)):
        return Edition.TRIAL_2019
    return Edition.FORMAT_2021


def outdated_in_its_year(report: AnnualReport, table: str) -> bool:
    """The document printed `table` in the 2019 format where its year asks for the 2021 one (or the
    year is unknown)."""
    return printed(report, table) is Edition.TRIAL_2019 and for_year(report.year) is not Edition.TRIAL_2019


def labels_2019(table: str, kind: str, code: str) -> str | None:
    """The 2019 format's own label of an official row or column, where it was worded otherwise."""
    return vocab.LABELS_2019.get((table, kind, code))


def absent_by_layout(report: AnnualReport, table: str, row: str, column: str) -> bool:
    """A cell the document's layout does not have (not one it failed to read): the three 2021
    sub-rows of （六） where the 2019 single row was printed, the 2021 cells of a 表二 section
    printed with the 2019 columns (本年新制作数量 …)."""
    if report.table(table).get((row, column)) is not None or (table, row, column) in report.raw:
        return False
    return any(e.leaves_absent(table, row, column) for e in of_type(report, OutdatedLayout))
