"""The rules of ../shared/reference/validation-rules.md, run on one AnnualReport.

One engine for both commands: `disc check` builds the report from a ledger, `disc lint` reads it from
a document. The template rules (FMT-*) look only at what a document reader recorded (labels, headings,
markers, tables_found, raw cell text), so they are silent on a ledger report, which renders the official
template by construction. The ledger-only L-* rules live with the ledger, not here.

Rule codes are a contract (users filter on them, scripts read them): never change what one means.
Codes added here beyond the catalogue:

* READ-UNREAD (W) — a document cell the reader could not locate. It is never guessed, so the
  arithmetic relations it takes part in are skipped rather than reported.
* TXT-TODO (W) — a part still carries the placeholder vocab.TODO_MARK (the ledger's draft of 五).
  A part 五 that is nothing but placeholders gets this finding only, not TXT-PROBLEMS as well.
* X-PREVIOUS (W) — the "previous" report given is not for the year before; cross-year rules skipped.
* FMT-DUPLICATE (W) — a row printed more than once (marker "duplicate:<table>:<row>"); the reader
  kept the first one.
* READ-SCANNED (W) — PDF pages without a text layer (marker "scanned:<pages>"): not read, not guessed.
* READ-IDENTITY (W) — the reader found no org or no year in the document (markers "missing:org",
  "missing:year"); TXT-YEAR cannot judge a report of unknown year.

What the document readers record (readers/core.py) and how it is judged here:
* raw[(table,row,col)] with the value None: a printed non-number → CELL-VALUE; a None without raw
  entry → READ-UNREAD (never an arithmetic finding);
* the 2019 single-row （六）其他处理 (marker "outdated:（六）其他处理"): its figures sit in
  raw[("t3","other",col)] and its three 2021 sub-rows are None; they are not reported unread, and the
  printed row stands for the sum of （六） in T3-RESULT-SUM;
* labels: SeenLabel kinds "row", "column", and "group" (表三 groups results/withheld/unavailable/
  not_processed/other and column groups applicants/legal_person).

Order of findings (stable, the order of RULES): cells (per table 二/三/四: CELL-VALUE then READ-UNREAD;
then the reader's notes), arithmetic, template, across years, prose; within one rule, table order
(rows, then columns, as the official table prints them).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from disclosure_cli import vocab
from disclosure_cli.report import prose
from disclosure_cli.report.model import TABLE_CELLS, AnnualReport, Finding, Number, format_number

E, W = "E", "W"

# code -> (severity, what it checks) — in output order; `disc check --rules` can print this.
RULES: dict[str, tuple[str, str]] = {
    "CELL-VALUE": (E, "单元格应为不小于 0 的整数（行政事业性收费为不小于 0 的万元数）；空白、「/」「-」「无」都不行，没有发生也填 0"),
    "READ-UNREAD": (W, "文档中有单元格未能读出：不作推断，涉及这些单元格的勾稽关系未核对"),
    "READ-SCANNED": (W, "PDF 有的页面没有文字层（扫描件），其内容未读取"),
    "READ-IDENTITY": (W, "未能从文档中读出单位名称或报告年度"),
    "READ-LIMIT": (E, "文档过大或嵌套过深（超出年度报告的合理范围），为安全起见未读取"),
    "T3-BALANCE": (E, "表三每一列：一（本年新收）+ 二（上年结转）= 三（七）总计 + 四（结转下年度继续办理）"),
    "T3-RESULT-SUM": (E, "表三每一列：（七）总计 = （一）至（六）各项之和"),
    "T3-ROW-SUM": (E, "表三每一行：六类申请人之和 = 总计"),
    "T4-GROUP-SUM": (E, "表四行政复议、未经复议直接起诉、复议后起诉各组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计"),
    "FMT-PARTS": (E, "六个部分齐全、顺序正确、使用官方标题（只是措辞不同为警告）"),
    "FMT-TABLE-MISSING": (E, "表二、表三、表四都在"),
    "FMT-OUTDATED": (E, "2021 年及以后的年度报告使用了 2019 年试行格式"),
    "FMT-LABEL": (W, "行或列的标签与官方格式不符"),
    "FMT-SUBTOTAL": (W, "表中有官方格式没有的小计行或列"),
    "FMT-DUPLICATE": (W, "同一行在表中出现了不止一次（只读取了第一次）"),
    "FMT-FEE-UNIT": (W, "行政事业性收费看起来是按元而不是按万元填写的"),
    "X-PREVIOUS": (W, "所给的上年报告不是上一年度的，跨年度规则未执行"),
    "X-CARRY": (W, "上年「四、结转下年度继续办理」= 本年「二、上年结转」，逐列"),
    "X-IN-FORCE": (W, "现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（规章、行政规范性文件）"),
    "X-SAME-TEXT": (W, "报告与上年的几乎相同（内容雷同）"),
    "TXT-REQUESTS": (W, "正文所说的申请件数与表三一致（本年新收，或本年新收 + 上年结转）"),
    "TXT-CASES": (W, "正文所说的行政复议、行政诉讼件数与表四一致"),
    "TXT-FEE": (W, "第六部分说明信息处理费收取情况（件数和金额，未收取也要写明）"),
    "TXT-PROBLEMS": (W, "第五部分写明存在的主要问题及改进情况，不能为空或只写「无」"),
    "TXT-TODO": (W, "正文中仍有占位符【待填写】"),
    "TXT-YEAR": (W, "标题、统计期限与报告年度一致"),
    "TXT-ITEMS": (W, "第一部分主动公开信息的总数与分项之和一致"),
    "L-IMPLAUSIBLE": (W, "台账中有不合理的记录：日期早于 2008-05-01 或晚于今天、数量或金额过大"),
}

T3_APPLICANTS = [c for c in vocab.T3_COLUMNS.codes if c != "total"]
# The 21 result rows （一）…（六）3 (not vocab.OUTCOME_CODES, which also holds "total")
T3_RESULTS = [r.code for r in vocab.T3_ROWS if r.level1 == vocab.RESULTS and r.code != "total"]
T4_PARTS = [c for c in vocab.T4_COLUMNS.codes if c != "total"]
T2_COUNT_ROWS = ("regulation", "normative_document")
FEE_CELL = ("fee", "amount_wan")
FEE_IMPLAUSIBLE_WAN = Decimal(100_000)  # 10 亿元 of 行政事业性收费 in a year: almost surely 元 not 万元
SAME_TEXT_RATIO = 0.9
SAME_TEXT_MIN_CHARS = 100
_OUTDATED, _SUBTOTAL, _DUPLICATE, _SCANNED = "outdated:", "subtotal:", "duplicate:", "scanned:"
OTHER_ROWS = [c for c in T3_RESULTS if c.startswith("other.")]
SINGLE_OTHER_ROW = "other"  # row code of the 2019 single row in raw and in `disc lint --extract`
_TABLE_PART = {"t2": "二", "t3": "三", "t4": "四"}
_COLUMN_GROUPS = {("t3", "applicants"), ("t3", "legal_person"), ("t4", "suit")}


def check_report(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    """Every finding on the report, in a stable order; last year's report turns on the X-* rules."""
    ctx = _Checker(report)
    ctx.cells()
    ctx.arithmetic()
    ctx.template()
    if previous is not None:
        ctx.across_years(previous)
    ctx.prose_rules()
    return ctx.findings


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when a finding is an error (the report must not be published as it is): exit 1."""
    return any(f.severity == E for f in findings)


# --------------------------------------------------------------------------- helpers
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
    """A label with the variations FMT-LABEL tolerates folded away: NFKC (full/half width, brackets),
    whitespace and line breaks, quote styles, and 1、/1．/1. before a sub-item."""
    t = unicodedata.normalize("NFKC", text)
    t = "".join(t.split())
    t = re.sub(r"[\"'“”‘’「」『』〝〞]", "", t)
    t = re.sub(r"^(\d+)[、.]", r"\1.", t)
    return t.lower()


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
    text = "".join(prose.join_lines(report.parts.get(n, "")) for n, _ in vocab.PARTS)
    return re.sub(r"\d+(?:[.,]\d+)*", "#", text)


def _is_outdated_single_other(marker: str) -> bool:
    return fold_label(marker[len(_OUTDATED) :]) == fold_label(vocab.G_OTHER)


class _Checker:
    def __init__(self, report: AnnualReport):
        self.r = report
        self.findings: list[Finding] = []
        # The 2019 layout prints （六）其他处理 as one row; a reader stores it in other.other and
        # leaves the two sub-rows the layout does not have as None: those are not "unread".
        self.single_other = any(m.startswith(_OUTDATED) and _is_outdated_single_other(m) for m in report.markers)

    def add(self, rule: str, message: str, severity: str | None = None, **kw) -> None:
        self.findings.append(Finding(rule, severity or RULES[rule][0], message, source=self.r.source, **kw))

    def v(self, table: str, row: str, column: str) -> Number:
        return self.r.table(table).get((row, column))

    def _absent_by_layout(self, table: str, row: str, column: str) -> bool:
        """A 2021 sub-row of （六） in a report printed with the 2019 single row: not there to read."""
        return (
            self.single_other
            and table == "t3"
            and row in OTHER_ROWS
            and self.v(table, row, column) is None
            and (table, row, column) not in self.r.raw
        )

    def single_other_value(self, column: str) -> Number:
        """The printed figure of the 2019 single row （六）其他处理 in a column (None: not a number)."""
        printed = self.r.raw.get(("t3", SINGLE_OTHER_ROW, column))
        return None if printed is None else prose.parse_number(printed)

    # ------------------------------------------------------------------ CELL-VALUE, READ-UNREAD
    def cells(self) -> None:
        for t in ("t2", "t3", "t4"):
            unread: list[tuple[str, str]] = []
            for row, col in TABLE_CELLS[t]:
                value = self.v(t, row, col)
                label = vocab.cell_label(t, row, col)
                where = dict(table=t, row=row, column=col, where=label)
                if value is None:
                    printed = self.r.raw.get((t, row, col))
                    if printed is not None:
                        shown = printed.strip()
                        what = "为空白" if not shown else f"填写为「{shown}」"
                        self.add("CELL-VALUE", f"{label}{what}，应填写数字（没有发生也应填 0）", actual=printed, **where)
                    elif t in self.r.tables_found and not self._absent_by_layout(t, row, col):
                        unread.append((row, col))
                    continue
                if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
                    self.add("CELL-VALUE", f"{label}的值「{value}」不是数字", actual=str(value), **where)
                    continue
                if value < 0:
                    self.add("CELL-VALUE", f"{label}为 {_n(value)}，不能为负数", actual=value, **where)
                elif _is_count_cell(t, col) and value != int(value):
                    self.add("CELL-VALUE", f"{label}为 {_n(value)}，件数应为整数", actual=value, **where)
            if t == "t3" and self.single_other:
                self._single_other_cells()
            if unread:
                self._unread(t, unread)
        self._reader_markers()

    def _single_other_cells(self) -> None:
        for col in vocab.T3_COLUMNS.codes:
            printed = self.r.raw.get(("t3", SINGLE_OTHER_ROW, col))
            if printed is None or prose.parse_number(printed) is not None:
                continue
            label = f"表三「{vocab.G_OTHER}」×「{vocab.T3_COLUMNS.label(col)}」"
            what = "为空白" if not printed.strip() else f"填写为「{printed.strip()}」"
            self.add(
                "CELL-VALUE",
                f"{label}{what}，应填写数字（没有发生也应填 0）",
                table="t3",
                row=SINGLE_OTHER_ROW,
                column=col,
                where=label,
                actual=printed,
            )

    def _reader_markers(self) -> None:
        for marker in dict.fromkeys(self.r.markers):
            if marker.startswith(_SCANNED):
                pages = marker[len(_SCANNED) :]
                self.add(
                    "READ-SCANNED",
                    f"第 {pages} 页没有文字层（可能是扫描件），这些页上的内容未读取、未作推断",
                    where=f"第 {pages} 页",
                    actual=pages,
                )
            elif marker == "missing:org":
                self.add("READ-IDENTITY", "未能从文档中读出单位名称（标题中通常有）", where="标题")
            elif marker == "missing:year":
                self.add("READ-IDENTITY", "未能从文档中读出报告年度，年份一致性未核对", where="标题")

    def _unread(self, table: str, cells: list[tuple[str, str]]) -> None:
        total = len(TABLE_CELLS[table])
        name = vocab.TABLE_LABELS[table]
        if len(cells) == total:
            where = f"{name}全部 {total} 个单元格"
        else:
            by_row: dict[str, list[str]] = {}
            for row, col in cells:
                by_row.setdefault(row, []).append(col)
            groups: dict[tuple[str, ...], list[str]] = {}
            for row, cols in by_row.items():
                groups.setdefault(tuple(cols), []).append(row)
            pieces = []
            for cols, rows in groups.items():
                rows_text = "、".join(f"「{_row_label(table, r)}」" for r in rows)
                cols_text = "、".join(f"「{_col_label(table, c)}」" for c in cols)
                pieces.append(f"{rows_text} × {cols_text}")
            where = "；".join(pieces)
        self.add(
            "READ-UNREAD",
            f"{name}有 {len(cells)} 个单元格未能读出（未作推断，涉及的勾稽关系未核对）",
            table=table,
            where=where,
            actual=len(cells),
        )

    # ------------------------------------------------------------------ arithmetic
    def arithmetic(self) -> None:
        for col in vocab.T3_COLUMNS.codes:
            new, co = self.v("t3", "new", col), self.v("t3", "carried_over", col)
            total, cf = self.v("t3", "total", col), self.v("t3", "carried_forward", col)
            if None in (new, co, total, cf):
                continue
            lhs, rhs = new + co, total + cf  # type: ignore[operator]
            if lhs != rhs:
                name = vocab.T3_COLUMNS.label(col)
                self.add(
                    "T3-BALANCE",
                    f"表三「{name}」列不平衡：一、本年新收 {_n(new)} + 二、上年结转 {_n(co)} = {_n(lhs)}，"
                    f"而（七）总计 {_n(total)} + 四、结转下年度继续办理 {_n(cf)} = {_n(rhs)}",
                    table="t3",
                    column=col,
                    where=f"表三「{name}」列",
                    expected=lhs,
                    actual=rhs,
                )
        for col in vocab.T3_COLUMNS.codes:
            total = self.v("t3", "total", col)
            parts = [self.v("t3", row, col) for row in T3_RESULTS]
            if self.single_other:
                # the 2019 layout: one printed figure for all of （六）, kept in raw (or in other.other)
                absent = [row for row in OTHER_ROWS if self._absent_by_layout("t3", row, col)]
                if absent:
                    parts = [self.v("t3", row, col) for row in T3_RESULTS if row not in OTHER_ROWS]
                    single = self.single_other_value(col) if len(absent) == len(OTHER_ROWS) else None
                    if len(absent) == len(OTHER_ROWS) - 1 and "other.other" not in absent:
                        single = self.v("t3", "other.other", col)
                    parts.append(single)
            self.sum_rule("T3-RESULT-SUM", "t3", "total", col, total, parts, "（一）至（六）各项")
        for row in vocab.T3_ROW_CODES:
            parts = [self.v("t3", row, c) for c in T3_APPLICANTS]
            self.sum_rule(
                "T3-ROW-SUM", "t3", row, "total", self.v("t3", row, "total"), parts,
                "自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他",
            )
        for group in vocab.T4_ROWS.codes:
            parts = [self.v("t4", group, c) for c in T4_PARTS]
            self.sum_rule(
                "T4-GROUP-SUM", "t4", group, "total", self.v("t4", group, "total"), parts,
                "结果维持、结果纠正、其他结果、尚未审结",
            )

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
    def template(self) -> None:
        self._parts()
        for t in ("t2", "t3", "t4"):
            if t not in self.r.tables_found:
                heading = vocab.PART_HEADINGS[_TABLE_PART[t]]
                self.add(
                    "FMT-TABLE-MISSING",
                    f"未找到{vocab.TABLE_LABELS[t]}（{heading}）",
                    table=t,
                    where=heading,
                )
        self._outdated()
        self._labels()
        for marker in dict.fromkeys(self.r.markers):
            if not marker.startswith(_SUBTOTAL):
                continue
            table, _, label = marker[len(_SUBTOTAL) :].partition(":")
            name = vocab.TABLE_LABELS.get(table, table)
            self.add(
                "FMT-SUBTOTAL",
                f"{name}有官方格式没有的行或列「{label}」（小计），应删除",
                table=table if table in vocab.TABLE_LABELS else None,
                where=label,
                actual=label,
            )
        for marker in dict.fromkeys(self.r.markers):
            if not marker.startswith(_DUPLICATE):
                continue
            table, _, row = marker[len(_DUPLICATE) :].partition(":")
            try:
                label = _row_label(table, row)
            except KeyError:
                label = row
            name = vocab.TABLE_LABELS.get(table, table)
            self.add(
                "FMT-DUPLICATE",
                f"{name}「{label}」行出现了不止一次，只读取了第一次的数字",
                table=table if table in vocab.TABLE_LABELS else None,
                row=row,
                where=label,
            )
        self._fee_unit()

    def _parts(self) -> None:
        headings = self.r.headings
        if not headings:
            # A ledger renders the official headings; a document reader that split the prose into
            # parts without recording headings gives nothing to judge either.
            if self.r.source == "ledger" or self.r.parts:
                return
            self.add(
                "FMT-PARTS",
                "未找到任何部分标题，应有六个部分：" + "、".join(vocab.PART_HEADINGS.values()),
                where="全文",
            )
            return
        first: dict[str, str] = {}
        order: list[str] = []
        for number, text in headings:
            if number not in first:
                first[number] = text
                order.append(number)
        numbers = [n for n, _ in vocab.PARTS]
        for number, _ in vocab.PARTS:
            official = vocab.PART_HEADINGS[number]
            if number not in first:
                self.add("FMT-PARTS", f"缺少第{number}部分「{official}」", where=official, expected=official)
            elif _fold_heading(first[number]) != _fold_heading(official):
                printed = first[number]
                self.add(
                    "FMT-PARTS",
                    f"第{number}部分的标题为「{printed.strip()}」，官方标题为「{official}」",
                    severity=W,  # only the wording differs
                    where=printed.strip(),
                    expected=official,
                    actual=printed.strip(),
                )
        known = [n for n in order if n in numbers]
        if known != sorted(known, key=numbers.index):
            self.add(
                "FMT-PARTS",
                "各部分的顺序不对：文中为" + "、".join(known) + "，应为" + "、".join(numbers),
                where="全文",
                expected="、".join(numbers),
                actual="、".join(known),
            )

    def _outdated(self) -> None:
        if 0 < self.r.year < 2021:  # the 2021 format applies from the 2021 reports on (0: year unknown)
            return
        for marker in dict.fromkeys(self.r.markers):
            if not marker.startswith(_OUTDATED):
                continue
            label = marker[len(_OUTDATED) :]
            if _is_outdated_single_other(marker):
                subs = "；".join(vocab.T3_ROW_BY_CODE[c].level3.split("、")[0] for c in OTHER_ROWS)
                self.add(
                    "FMT-OUTDATED",
                    f"表三「{vocab.G_OTHER}」只有一行，缺少三个子项（{subs}）：这是 2019 年试行格式，"
                    f"{self.r.year} 年度报告应使用国办公开办函〔2021〕30号格式",
                    table="t3",
                    where=vocab.G_OTHER,
                    actual=label,
                )
            else:
                self.add(
                    "FMT-OUTDATED",
                    f"使用了 2019 年试行格式（国办公开办函〔2019〕60号）的「{label}」，"
                    f"{self.r.year} 年度报告应使用国办公开办函〔2021〕30号格式",
                    table="t2",
                    where=label,
                    actual=label,
                )

    def _labels(self) -> None:
        seen: set[tuple[str, str, str, str]] = set()
        for lab in self.r.labels:
            if lab.table not in ("t2", "t3", "t4"):
                continue  # part headings: FMT-PARTS judges report.headings
            folded = fold_label(lab.text)
            key = (lab.table, lab.kind, lab.code, folded)
            if key in seen:
                continue
            seen.add(key)
            official = _official_labels(lab.table, lab.kind, lab.code)
            if not official or folded in {fold_label(o) for o in official}:
                continue
            meant = max(official, key=lambda o: difflib.SequenceMatcher(None, folded, fold_label(o)).ratio())
            name = vocab.TABLE_LABELS[lab.table]
            is_column = lab.kind == "column" or (lab.table, lab.code) in _COLUMN_GROUPS
            kind = "列" if is_column else "行"
            hint = "（标签中多了年份）" if prose.years_in(lab.text) and not prose.years_in(meant) else ""
            self.add(
                "FMT-LABEL",
                f"{name}{kind}标签「{lab.text.strip()}」与官方格式不符{hint}，应为「{meant}」",
                table=lab.table,
                row=None if is_column else lab.code,
                column=lab.code if is_column else None,
                where=lab.text.strip(),
                expected=meant,
                actual=lab.text.strip(),
            )

    def _fee_unit(self) -> None:
        value = self.v("t2", *FEE_CELL)
        if value is None or isinstance(value, bool):
            return
        reasons = []
        if value >= FEE_IMPLAUSIBLE_WAN:
            reasons.append(f"数额过大（{_n(value)} 万元即 {_n(Decimal(value) / 10_000)} 亿元）")
        printed = self.r.raw.get(("t2", *FEE_CELL))
        decimals = 0
        if printed:
            m = re.search(r"[.．](\d+)", printed)
            decimals = len(m.group(1)) if m else 0
        elif self.r.source != "ledger" and isinstance(value, Decimal):
            # a ledger computes 万元 exactly from 元 and may carry 6 places; a document printed them
            decimals = max(0, -int(value.as_tuple().exponent))
        if decimals > 4:
            reasons.append(f"有 {decimals} 位小数（万元最多 4 位小数即到元）")
        if reasons:
            label = vocab.cell_label("t2", *FEE_CELL)
            self.add(
                "FMT-FEE-UNIT",
                f"{label}{'，'.join(reasons)}，像是按元填写的，应以万元为单位",
                table="t2",
                row=FEE_CELL[0],
                column=FEE_CELL[1],
                where=label,
                actual=value,
            )

    # ------------------------------------------------------------------ across years
    def across_years(self, prev: AnnualReport) -> None:
        if self.r.year and prev.year != self.r.year - 1:
            self.add(
                "X-PREVIOUS",
                f"所给的上年报告是 {prev.year} 年度的，不是 {self.r.year - 1} 年度：跨年度规则未执行",
                expected=self.r.year - 1,
                actual=prev.year,
            )
            return
        for col in vocab.T3_COLUMNS.codes:
            before = prev.t3.get(("carried_forward", col))
            now = self.v("t3", "carried_over", col)
            if before is None or now is None or before == now:
                continue
            label = vocab.cell_label("t3", "carried_over", col)
            self.add(
                "X-CARRY",
                f"{label}为 {_n(now)}，而 {prev.year} 年度「四、结转下年度继续办理」×「{vocab.T3_COLUMNS.label(col)}」为 {_n(before)}",
                table="t3",
                row="carried_over",
                column=col,
                where=label,
                expected=before,
                actual=now,
            )
        for row in T2_COUNT_ROWS:
            before = prev.t2.get((row, "in_force"))
            issued, repealed, now = (self.v("t2", row, c) for c in ("issued", "repealed", "in_force"))
            if None in (before, issued, repealed, now):
                continue
            expected = before + issued - repealed  # type: ignore[operator]
            if expected != now:
                label = vocab.cell_label("t2", row, "in_force")
                self.add(
                    "X-IN-FORCE",
                    f"{label}为 {_n(now)}，而上年现行有效 {_n(before)} + 本年制发 {_n(issued)} − 本年废止 {_n(repealed)} = {_n(expected)}"
                    "（未经废止而失效的文件也会造成差异）",
                    table="t2",
                    row=row,
                    column="in_force",
                    where=label,
                    expected=expected,
                    actual=now,
                )
        self._same_text(prev)

    def _same_text(self, prev: AnnualReport) -> None:
        a, b = _normalized_prose(self.r), _normalized_prose(prev)
        if len(a) >= SAME_TEXT_MIN_CHARS and len(b) >= SAME_TEXT_MIN_CHARS:
            sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if sm.real_quick_ratio() >= SAME_TEXT_RATIO and sm.quick_ratio() >= SAME_TEXT_RATIO:
                ratio = sm.ratio()
                if ratio >= SAME_TEXT_RATIO:
                    self.add(
                        "X-SAME-TEXT",
                        f"正文与 {prev.year} 年度报告的相似度为 {ratio:.0%}（数字不计），内容雷同",
                        where="正文",
                        expected=f"< {SAME_TEXT_RATIO:.0%}",
                        actual=f"{ratio:.0%}",
                    )
        for t in ("t2", "t3", "t4"):
            cells = TABLE_CELLS[t]
            now = [self.v(t, r, c) for r, c in cells]
            before = [prev.table(t).get(k) for k in cells]
            if None in now or now != before:
                continue
            # in_force stays the same in a quiet year; only what happened during the year counts
            moving = [v for (r, c), v in zip(cells, now, strict=True) if c != "in_force"]
            if any(moving):
                name = vocab.TABLE_LABELS[t]
                self.add(
                    "X-SAME-TEXT",
                    f"{name}与 {prev.year} 年度报告的{name}逐格相同，且不全为 0：请核实是否照抄了上年数据",
                    table=t,
                    where=name,
                )

    # ------------------------------------------------------------------ prose
    def prose_rules(self) -> None:
        self._requests()
        self._cases()
        self._fee()
        self._problems()
        self._todo()
        self._year()
        self._items()

    def _parts_text(self) -> list[tuple[str, str]]:
        return [(n, self.r.parts[n]) for n, _ in vocab.PARTS if self.r.parts.get(n)]

    def _requests(self) -> None:
        new, co = self.v("t3", "new", "total"), self.v("t3", "carried_over", "total")
        if new is None:
            return
        accepted = {new} if co is None else {new, new + co}
        row_label = vocab.T3_ROW_BY_CODE["new"].level1
        seen: set[tuple[str, object]] = set()
        for part, text in self._parts_text():
            for st in prose.application_counts(text):
                if st.value in accepted or (st.sentence, st.value) in seen:
                    continue
                seen.add((st.sentence, st.value))
                also = f"（加上年结转 {_n(co)} 件为 {_n(new + co)}）" if co else ""
                self.add(
                    "TXT-REQUESTS",
                    f"第{part}部分「{st.quote}」说申请 {_n(st.value)} 件，而表三「{row_label}」总计为 {_n(new)}{also}",
                    table="t3",
                    row="new",
                    column="total",
                    where=st.quote,
                    expected=new,
                    actual=st.value,
                )

    def _cases(self) -> None:
        review = self.v("t4", "review", "total")
        direct, after = self.v("t4", "suit_direct", "total"), self.v("t4", "suit_after_review", "total")
        suit = None if direct is None or after is None else direct + after
        both = None if review is None or suit is None else review + suit
        table_says = {
            "review": (review, "行政复议", "表四「行政复议」×「总计」", "review"),
            "suit": (suit, "行政诉讼", "表四「未经复议直接起诉」与「复议后起诉」的总计之和", None),
            "both": (both, "行政复议和行政诉讼", "表四行政复议与行政诉讼的总计之和", None),
        }
        seen: set[tuple[str, str, object]] = set()
        for part, text in self._parts_text():
            for st in prose.case_counts(text, in_part_four=part == "四"):
                expected, what, cell, row = table_says[st.kind]
                if expected is None or st.value == expected or (st.sentence, st.kind, st.value) in seen:
                    continue
                seen.add((st.sentence, st.kind, st.value))
                self.add(
                    "TXT-CASES",
                    f"第{part}部分「{st.quote}」说{what} {_n(st.value)} 件，而{cell}为 {_n(expected)}",
                    table="t4",
                    row=row,
                    column="total" if row else None,
                    where=st.quote,
                    expected=expected,
                    actual=st.value,
                )

    def _fee(self) -> None:
        text = self.r.parts.get("六", "")
        st = prose.fee_statement(text)
        heading = vocab.PART_HEADINGS["六"]
        unpaid = self.v("t3", "other.unpaid_fee", "total")
        if not st.mentioned:
            if unpaid:
                label = vocab.cell_label("t3", "other.unpaid_fee", "total")
                message = f"{label}为 {_n(unpaid)}，说明发出过收费通知，但第六部分没有提到信息处理费"
            else:
                message = "第六部分没有说明信息处理费的收取情况（收取件数和金额；未收取也应写明）"
            self.add("TXT-FEE", message, where=heading, actual=unpaid if unpaid else None)
            return
        quote = prose.quote(st.sentence)
        if not st.stated:
            self.add(
                "TXT-FEE",
                f"第六部分「{quote}」提到信息处理费，但没有说明是否收取（收取件数和金额；未收取也应写明）",
                where=quote,
            )
            return
        fee = self.r.fee
        if fee is not None and st.amount_yuan is not None and st.amount_yuan != fee.amount_yuan:
            self.add(
                "TXT-FEE",
                f"第六部分「{quote}」说信息处理费 {_n(st.amount_yuan)} 元，而台账记录收取 {_n(fee.amount_yuan)} 元",
                where=quote,
                expected=fee.amount_yuan,
                actual=st.amount_yuan,
            )

    def _problems(self) -> None:
        text = self.r.parts.get("五", "")
        if vocab.TODO_MARK in text and not _substance(text.replace(vocab.TODO_MARK, "")):
            return  # nothing but placeholders: TXT-TODO says it once
        body = _substance(text)
        if body in ("", "无", "暂无", "没有", "无问题", "暂无问题", "无此情况", "不存在问题"):
            heading = vocab.PART_HEADINGS["五"]
            what = "为空" if not body else f"只写了「{text.strip()}」"
            self.add(
                "TXT-PROBLEMS",
                f"第五部分「{heading}」{what}：应写明本年度发现的主要问题和改进措施",
                where=heading,
                actual=text.strip(),
            )

    def _todo(self) -> None:
        for part, text in self._parts_text():
            count = text.count(vocab.TODO_MARK)
            if count:
                heading = vocab.PART_HEADINGS[part]
                self.add(
                    "TXT-TODO",
                    f"第{part}部分「{heading}」还有 {count} 处占位符{vocab.TODO_MARK}，尚未填写",
                    where=heading,
                    actual=count,
                )

    def _year(self) -> None:
        year = self.r.year
        if not year:  # unknown: READ-IDENTITY says so
            return
        if self.r.title:
            wrong = [y for y in prose.years_in(self.r.title) if y != year]
            if wrong:
                self.add(
                    "TXT-YEAR",
                    f"标题「{self.r.title.strip()}」中的年份 {wrong[0]} 与报告年度 {year} 不一致",
                    where=self.r.title.strip(),
                    expected=year,
                    actual=wrong[0],
                )
        if self.r.period:
            printed = "至".join(p for p in self.r.period if p)
            wrong = [y for y in prose.years_in(printed) if y != year]
            if wrong:
                self.add(
                    "TXT-YEAR",
                    f"统计期限「{printed}」中的年份 {wrong[0]} 与报告年度 {year} 不一致",
                    where=printed,
                    expected=year,
                    actual=wrong[0],
                )

    def _items(self) -> None:
        text = self.r.parts.get("一", "")
        if not text:
            return
        for b in prose.items_breakdowns(text):
            s = sum(b.parts)
            if s != b.total:
                terms = " + ".join(_n(p) for p in b.parts)
                self.add(
                    "TXT-ITEMS",
                    f"第一部分「{b.quote}」：主动公开信息共 {_n(b.total)}，而分项之和 {terms} = {_n(s)}",
                    table="items",
                    where=b.quote,
                    expected=b.total,
                    actual=s,
                )
        if self.r.items is not None:
            total = self.r.items.total
            for st in prose.items_totals(text):
                if st.value != total:
                    self.add(
                        "TXT-ITEMS",
                        f"第一部分「{st.quote}」说主动公开信息 {_n(st.value)} 条，而台账记录 {total} 条",
                        table="items",
                        row="total",
                        column="total",
                        where=st.quote,
                        expected=total,
                        actual=st.value,
                    )


def _substance(text: str) -> str:
    """The words of a text without whitespace, punctuation and markdown marks: is anything said?"""
    t = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in t if not (ch.isspace() or unicodedata.category(ch)[0] in "PS"))
