"""The template (格式): FMT-PARTS, FMT-TABLE-MISSING, FMT-OUTDATED, FMT-LABEL, FMT-SUBTOTAL, FMT-DUPLICATE, FMT-FEE-UNIT."""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

from disclosure_cli import vocab
from disclosure_cli.report import prose
from disclosure_cli.report.readers import edition
from disclosure_cli.report.readers.evidence import DuplicateRow, OutdatedLabel, Subtotal, of_type
from disclosure_cli.report.rules.base import (
    _COLUMN_GROUPS,
    _TABLE_PART,
    FEE_CELL,
    FEE_IMPLAUSIBLE_WAN,
    OTHER_ROWS,
    Context,
    W,
    _fold_heading,
    _n,
    _official_labels,
    _row_label,
    fold_label,
)


def template(ctx: Context) -> None:
    _parts(ctx)
    for t in ("t2", "t3", "t4"):
        if t not in ctx.r.tables_found:
            heading = vocab.PART_HEADINGS[_TABLE_PART[t]]
            ctx.add(
                "FMT-TABLE-MISSING",
                f"未找到{vocab.TABLE_LABELS[t]}（{heading}）",
                table=t,
                where=heading,
            )
    _outdated(ctx)
    _labels(ctx)
    for sub in of_type(ctx.r, Subtotal):
        table, label = sub.table, sub.label
        name = vocab.TABLE_LABELS.get(table, table)
        ctx.add(
            "FMT-SUBTOTAL",
            f"{name}有官方格式没有的行或列「{label}」（小计），应删除",
            table=table if table in vocab.TABLE_LABELS else None,
            where=label,
            actual=label,
        )
    for dup in of_type(ctx.r, DuplicateRow):
        table, row = dup.table, dup.row
        try:
            label = _row_label(table, row)
        except KeyError:
            label = row
        name = vocab.TABLE_LABELS.get(table, table)
        ctx.add(
            "FMT-DUPLICATE",
            f"{name}「{label}」行出现了不止一次，只读取了第一次的数字",
            table=table if table in vocab.TABLE_LABELS else None,
            row=row,
            where=label,
        )
    _fee_unit(ctx)


def _parts(ctx: Context) -> None:
    headings = ctx.r.headings
    if not headings:
        # A ledger renders the official headings; a document reader that split the prose into
        # parts without recording headings gives nothing to judge either.
        if ctx.r.parts:
            return
        ctx.add(
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
            ctx.add("FMT-PARTS", f"缺少第{number}部分「{official}」", where=official, expected=official)
        elif _fold_heading(first[number]) != _fold_heading(official):
            printed = first[number]
            ctx.add(
                "FMT-PARTS",
                f"第{number}部分的标题为「{printed.strip()}」，官方标题为「{official}」",
                severity=W,  # only the wording differs
                where=printed.strip(),
                expected=official,
                actual=printed.strip(),
            )
    known = [n for n in order if n in numbers]
    if known != sorted(known, key=numbers.index):
        ctx.add(
            "FMT-PARTS",
            "各部分的顺序不对：文中为" + "、".join(known) + "，应为" + "、".join(numbers),
            where="全文",
            expected="、".join(numbers),
            actual="、".join(known),
        )


def _outdated(ctx: Context) -> None:
    """One finding for the 2019 labels of 表二 (all of them named), one for the single （六） row."""
    if edition.for_year(ctx.r.year) is edition.Edition.TRIAL_2019:  # the 2021 format applies from the 2021 reports on
        return
    which = f"{ctx.r.year} 年度报告" if ctx.r.year else "2021 年及以后的年度报告"
    labels = [e.label for e in of_type(ctx.r, OutdatedLabel) if e.table == "t2"]
    if labels:
        ctx.add(
            "FMT-OUTDATED",
            f"使用了 2019 年试行格式（国办公开办函〔2019〕60号）的{'、'.join(f'「{x}」' for x in labels)}，"
            f"{which}应使用国办公开办函〔2021〕30号格式",
            table="t2",
            where=labels[0],
            actual="、".join(labels),
        )
    single = next((e.label for e in of_type(ctx.r, OutdatedLabel) if e.table == "t3"), None)
    if single is not None:
        label = single
        subs = "；".join(vocab.T3_ROW_BY_CODE[c].level3.split("、")[0] for c in OTHER_ROWS)
        ctx.add(
            "FMT-OUTDATED",
            f"表三「{vocab.G_OTHER}」只有一行，缺少三个子项（{subs}）：这是 2019 年试行格式，"
            f"{which}应使用国办公开办函〔2021〕30号格式",
            table="t3",
            where=vocab.G_OTHER,
            actual=label,
        )


def _labels(ctx: Context) -> None:
    seen: set[tuple[str, str, str, str]] = set()
    # 2019 labels: right in a 2019 or 2020 report, or said once by FMT-OUTDATED where the document
    # printed 表二 in the 2019 format
    old_labels_right = edition.for_year(ctx.r.year) is edition.Edition.TRIAL_2019 or edition.outdated_in_its_year(ctx.r, "t2")
    for lab in ctx.r.labels:
        if lab.table not in ("t2", "t3", "t4"):
            continue  # part headings: FMT-PARTS judges report.headings
        folded = fold_label(lab.text)
        key = (lab.table, lab.kind, lab.code, folded)
        if key in seen:
            continue
        seen.add(key)
        official = _official_labels(lab.table, lab.kind, lab.code)
        if old_labels_right:
            old = edition.labels_2019(lab.table, lab.kind, lab.code)
            official = [*official, old] if old else official
        if not official or _same_label(folded, official):
            continue
        meant = max(official, key=lambda o: difflib.SequenceMatcher(None, folded, fold_label(o)).ratio())
        name = vocab.TABLE_LABELS[lab.table]
        is_column = lab.kind == "column" or (lab.table, lab.code) in _COLUMN_GROUPS
        kind = "列" if is_column else "行"
        hint = "（标签中多了年份）" if prose.years_in(lab.text) and not prose.years_in(meant) else ""
        ctx.add(
            "FMT-LABEL",
            f"{name}{kind}标签「{lab.text.strip()}」与官方格式不符{hint}，应为「{meant}」",
            table=lab.table,
            row=None if is_column else lab.code,
            column=lab.code if is_column else None,
            where=lab.text.strip(),
            expected=meant,
            actual=lab.text.strip(),
        )


def _same_label(folded: str, official: list[str]) -> bool:
    """The printed label is the official one, or the official one without its numbering — an item
    number (「其他」 for 「3.其他」) or a numeral the layout set apart (「三」 of a vertical
    「三、本年度办理结果」 on a line of its own, leaving 「、本年度办理结果」)."""
    forms = set()
    for o in official:
        f = fold_label(o)
        forms |= {f, re.sub(r"^\d+\.", "", f), re.sub(r"^[一二三四五六七八九十]+、", "", f)}
    if folded in forms or folded.lstrip("、") in forms:
        return True
    # the label's last line lost in a narrow cell of a PDF (「自然」 of 自然/人, 「（四）无法」 of
    # （四）无法/提供): the head of the official label, at least half of it
    return any(f.startswith(folded) and 2 * len(folded) >= len(f) for f in forms if folded)


def _fee_unit(ctx: Context) -> None:
    value = ctx.v("t2", *FEE_CELL)
    if value is None or isinstance(value, bool):
        return
    reasons = []
    if value >= FEE_IMPLAUSIBLE_WAN:
        reasons.append(f"数额过大（{_n(value)} 万元即 {_n(Decimal(value) / 10_000)} 亿元）")
    printed = ctx.r.raw.get(("t2", *FEE_CELL))
    decimals = 0
    if printed:
        m = re.search(r"[.．](\d+)", printed)
        decimals = len(m.group(1)) if m else 0
    elif isinstance(value, Decimal):
        # a ledger computes 万元 exactly from 元 and may carry 6 places; a document printed them
        decimals = max(0, -int(value.as_tuple().exponent))
    if decimals > 6:  # 6 places of 万元 are exact to the 分: a conversion from 元, not a unit error
        reasons.append(f"有 {decimals} 位小数（万元精确到分也只有 6 位小数）")
    if reasons:
        label = vocab.cell_label("t2", *FEE_CELL)
        ctx.add(
            "FMT-FEE-UNIT",
            f"{label}{'，'.join(reasons)}，像是按元填写的，应以万元为单位",
            table="t2",
            row=FEE_CELL[0],
            column=FEE_CELL[1],
            where=label,
            actual=value,
        )

# ------------------------------------------------------------------ across years


# bodies that may make 规章 (立法法 第九十一、九十三条): 国务院部门 and the governments of 省、自治区、
# 直辖市 and 设区的市. Only a name that shows a lower level is judged: a 乡镇 or 街道, a 县 or 区
# government, or a body of one; a bare 「某局」 or a city's department is let be (a city bureau often
# reports the 规章 it drafted, and the name alone does not settle it).
_MAY_MAKE_RULES = re.compile(r"国家|国务院|自治区|^中国|部$|总局$|署$")
_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处|苏木)(?:人民政府|办事处)?$")
_COUNTY = re.compile(r"[县区旗](?:人民政府)?$")
_COUNTY_BODY = re.compile(r"[县区旗].*(?:局|委员会|委|办公室|中心|管委会|管理委员会)$")
_CITY_OR_ABOVE = re.compile(r"[省市州盟]")  # a name that shows a city or a province: the prose does not decide


def cannot_make_rules(org: str) -> bool:
    """True when the unit's name shows a level below the bodies that may make 规章."""
    org = org.strip()
    if not org or _MAY_MAKE_RULES.search(org):
        return False
    return bool(_TOWNSHIP.search(org) or _COUNTY.search(org) or _COUNTY_BODY.search(org))


# a unit calling itself a township in its own prose (the title may name it without its level)
_TOWNSHIP_SELF = re.compile(r"本镇|我镇|本乡|我乡|本街道|我街道|本办事处|我办事处|本苏木")


def _township_in_prose(ctx: Context) -> str | None:
    """How the report calls itself where its name does not show its level: 「本镇」, 「我街道」."""
    text = ctx.r.opening + "\n" + "\n".join(ctx.r.parts.get(n, "") for n, _ in vocab.PARTS if n not in ctx.r.drafted)
    m = _TOWNSHIP_SELF.search(text)
    return m.group(0) if m else None


def regulations(ctx: Context) -> None:
    """T2-REGULATION: a body that cannot make 规章 reports some (a 镇 with 规章 in 表二) — known by its
    name, or, where the name does not show its level (the reader found none, or a bare 「南岭」), by
    how its prose calls itself (「本镇」)."""
    org = (ctx.r.org or "").strip()
    self_named = None
    if not cannot_make_rules(org):
        if _MAY_MAKE_RULES.search(org) or _CITY_OR_ABOVE.search(org):
            return
        self_named = _township_in_prose(ctx)
        if self_named is None:
            return
    cells = [(c, ctx.v("t2", "regulation", c)) for c in ("issued", "repealed", "in_force")]
    shown = [(c, v) for c, v in cells if isinstance(v, int | Decimal) and v > 0]
    if not shown:
        return
    c, v = shown[0]
    label = vocab.cell_label("t2", "regulation", c)
    who = org or "本单位"
    how = f"（文中自称「{self_named}」，是乡镇、街道一级）" if self_named else ""
    ctx.add(
        "T2-REGULATION",
        f"{who}{how}报告{label}为 {_n(v)}：规章只能由国务院部门和省级、设区的市级人民政府制定，本单位应填 0"
        "（本单位制定的是行政规范性文件，应填在「行政规范性文件」行）",
        table="t2", row="regulation", column=c, where=label, expected=0, actual=v,
    )
