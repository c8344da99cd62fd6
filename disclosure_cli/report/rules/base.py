"""What every rule family shares: the context a rule runs in (the report, last year's, the
ledger), the constants of the catalogue, and the label helpers.

Codes added beyond validation-rules.md, and what the document readers record for the checks, are
described in report/rules/__init__.py (the registry).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.report import prose
from disclosure_cli.report.model import AnnualReport, Finding, Number, format_number
from disclosure_cli.report.readers import edition
from disclosure_cli.text import fold, parse_cell

E, W = "E", "W"


T3_APPLICANTS = [c for c in vocab.T3_COLUMNS.codes if c != "total"]
# The 21 result rows （一）…（六）3 (not vocab.OUTCOME_CODES, which also holds "total")
T3_RESULTS = [r.code for r in vocab.T3_ROWS if r.level1 == vocab.RESULTS and r.code != "total"]
T4_PARTS = [c for c in vocab.T4_COLUMNS.codes if c != "total"]
T2_COUNT_ROWS = ("regulation", "normative_document")
FEE_CELL = ("fee", "amount_wan")
FEE_IMPLAUSIBLE_WAN = Decimal(100_000)  # 10 亿元 of 行政事业性收费 in a year: almost surely 元 not 万元
SAME_TEXT_RATIO = 0.9
SAME_TEXT_MIN_CHARS = 100
OTHER_ROWS = [c for c in T3_RESULTS if c.startswith("other.")]
SINGLE_OTHER_ROW = "other"  # row code of the 2019 single row in raw and in `disc lint --extract`
_TABLE_PART = vocab.TABLE_PARTS
_COLUMN_GROUPS = {("t3", "applicants"), ("t3", "legal_person"), ("t4", "suit")}


def _n(value: Number) -> str:
    return "（空）" if value is None else format_number(value)


def _is_count_cell(table: str, column: str) -> bool:
    return (table, column) != ("t2", "amount_wan")


def _row_label(table: str, row: str) -> str:
    if table == "t3":
        r = vocab.T3_ROW_BY_CODE[row]
        label = r.full_label
        return label.split("（区分")[0] if row == "partial" else label
    if table == "t4":
        return vocab.T4_ROWS.label(row)
    return vocab.T2_ROWS.label(row)


def _col_label(table: str, column: str) -> str:
    return {"t2": vocab.T2_COLUMNS, "t3": vocab.T3_COLUMNS, "t4": vocab.T4_COLUMNS}[table].label(column)


def fold_label(text: str) -> str:
    """A label with the variations FMT-LABEL tolerates folded away (disclosure_cli.text.fold)."""
    return fold(text)


def _fold_heading(text: str) -> str:
    t = fold_label(text)
    return re.sub(r"^[一二三四五六七八九十]+[、.,:]?", "", t)


def _official_labels(table: str, kind: str, code: str) -> list[str]:
    """The official labels a printed label read as `code` may be (several for a 表三 row, whose group
    label 「（三）不予公开」 and sub-item 「1.属于国家秘密」 share it). Empty: nothing to compare."""
    if table == "t2":
        if kind == "column":
            if code in vocab.T2_COLUMNS:
                return [vocab.T2_COLUMNS.label(code)]
            if code == "content":
                return [vocab.T2_CONTENT_HEADER]
            return []
        if code in vocab.T2_ROWS:
            return [vocab.T2_ROWS.label(code)]
        captions = [caption for caption, _, _ in vocab.T2_SECTIONS]
        return [code] if code in captions else []
    if table == "t3":
        if kind == "group":
            groups = {
                "results": vocab.RESULTS,
                "withheld": vocab.G_WITHHELD,
                "unavailable": vocab.G_UNAVAILABLE,
                "not_processed": vocab.G_NOT_PROCESSED,
                "other": vocab.G_OTHER,
                "applicants": vocab.APPLICANT_HEADER,
                "legal_person": vocab.LEGAL_PERSON_LABEL,
            }
            return [groups[code]] if code in groups else []
        if kind == "column":
            if code in vocab.T3_COLUMNS:
                return [vocab.T3_COLUMNS.label(code)]
            extra = {"legal_person": vocab.LEGAL_PERSON_LABEL, "applicant": vocab.APPLICANT_HEADER, "corner": vocab.T3_CORNER}
            return [extra[code]] if code in extra else []
        if code == "results":
            return [vocab.RESULTS]
        if code == "corner":
            return [vocab.T3_CORNER]
        row = vocab.T3_ROW_BY_CODE.get(code)
        if row is None:
            return []
        if not row.level2:
            return [row.level1]
        labels = [row.level2]
        if row.code == "partial":
            labels.append(row.level2.split("（区分")[0])
        if row.level3:
            labels = [row.level3, *labels, row.level2 + row.level3]
        return labels
    if table == "t4":
        if code in vocab.T4_ROWS:
            return [vocab.T4_ROWS.label(code)]
        if code in vocab.T4_COLUMNS:
            return [vocab.T4_COLUMNS.label(code)]
        if code == "suit":
            return [vocab.T4_SUIT_LABEL]
    return []


def _normalized_prose(report: AnnualReport) -> str:
    """The prose of all six parts, line breaks joined and every number replaced by #: a copy of last
    year's report with the years and counts updated is still a copy."""
    text = "".join(prose.join_lines(report.parts.get(n, "")) for n, _ in vocab.PARTS if n not in report.drafted)
    return re.sub(r"\d+(?:[.,]\d+)*", "#", text)


class Context:
    """What a rule runs on. report: the report judged (from a ledger or a document); previous: last
    year's, where known; ledger/ids/year/today: for the ledger rules; kind: ledger | document | sum."""

    def __init__(
        self,
        report: AnnualReport,
        previous: AnnualReport | None = None,
        *,
        kind: str = "ledger",
        ledger: Any = None,
        ids: list[int] | None = None,
        today: str | None = None,
    ):
        self.r = report
        self.previous = previous
        self.kind = kind
        self.ledger = ledger
        self.ids = ids or []
        self.year = report.year
        self.today = today
        self.findings: list[Finding] = []
        # The 2019 layout prints （六）其他处理 as one row: its printed figures sit in raw[("t3",
        # "other", col)], and the three sub-rows the layout does not have are not "unread".
        self.single_other = edition.printed(report, "t3") is edition.Edition.TRIAL_2019

    def add(self, rule: str, message: str, severity: str | None = None, guess: bool = False, **kw) -> None:
        if guess:  # the finding says it rests on one reading of the wording (shown only with --strict)
            message += "（此条为推测：原文措辞不止一种读法；仅在 --strict 时列出）"
        self.findings.append(Finding(rule, severity or severity_of(rule), message, source=self.r.source, guess=guess, **kw))

    def v(self, table: str, row: str, column: str) -> Number:
        return self.r.table(table).get((row, column))

    def _absent_by_layout(self, table: str, row: str, column: str) -> bool:
        """A cell the document's layout does not have (the 2019 format): not "unread"."""
        return edition.absent_by_layout(self.r, table, row, column) or (
            self.single_other and table == "t3" and row in OTHER_ROWS
            and self.v(table, row, column) is None and (table, row, column) not in self.r.raw
        )

    def single_other_value(self, column: str) -> Number:
        """The printed figure of the 2019 single row （六）其他处理 in a column (None: not a number)."""
        printed = self.r.raw.get(("t3", SINGLE_OTHER_ROW, column))
        return None if printed is None else parse_cell(printed, money=False)


    def sum_rule(self, rule: str, table: str, row: str, column: str, total: Number, parts: list[Number], names: str) -> None:
        """A total cell that must equal the sum of its parts; skipped when any of them is unread."""
        if total is None or None in parts:
            return
        s = sum(parts)  # type: ignore[arg-type]
        if s != total:
            label = vocab.cell_label(table, row, column)
            self.add(
                rule,
                f"{label}为 {_n(total)}，而{names}之和为 {_n(s)}",
                table=table,
                row=row,
                column=column,
                where=label,
                expected=s,
                actual=total,
            )

    # ------------------------------------------------------------------ template


def _substance(text: str) -> str:
    """The words of a text without whitespace, punctuation and markdown marks: is anything said?"""
    t = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in t if not (ch.isspace() or unicodedata.category(ch)[0] in "PS"))


def severity_of(code: str) -> str:
    from disclosure_cli.report.rules import REGISTRY

    return REGISTRY[code].severity
