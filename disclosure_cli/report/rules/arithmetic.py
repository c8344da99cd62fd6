"""Arithmetic (勾稽): T3-BALANCE, T3-RESULT-SUM, T3-ROW-SUM, T4-GROUP-SUM."""

from __future__ import annotations

from disclosure_cli import vocab
from disclosure_cli.report.rules.base import (
    OTHER_ROWS,
    T3_APPLICANTS,
    T3_RESULTS,
    T4_PARTS,
    Context,
    _n,
)


def arithmetic(ctx: Context) -> None:
    for col in vocab.T3_COLUMNS.codes:
        new, co = ctx.v("t3", "new", col), ctx.v("t3", "carried_over", col)
        total, cf = ctx.v("t3", "total", col), ctx.v("t3", "carried_forward", col)
        if None in (new, co, total, cf):
            continue
        lhs, rhs = new + co, total + cf  # type: ignore[operator]
        if lhs != rhs:
            name = vocab.T3_COLUMNS.label(col)
            ctx.add(
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
        total = ctx.v("t3", "total", col)
        parts = [ctx.v("t3", row, col) for row in T3_RESULTS]
        if ctx.single_other:
            # the 2019 layout: one printed figure for all of （六）, kept in raw (or in other.other)
            absent = [row for row in OTHER_ROWS if ctx._absent_by_layout("t3", row, col)]
            if absent:
                parts = [ctx.v("t3", row, col) for row in T3_RESULTS if row not in OTHER_ROWS]
                single = ctx.single_other_value(col) if len(absent) == len(OTHER_ROWS) else None
                if len(absent) == len(OTHER_ROWS) - 1 and "other.other" not in absent:
                    single = ctx.v("t3", "other.other", col)
                parts.append(single)
        ctx.sum_rule("T3-RESULT-SUM", "t3", "total", col, total, parts, "（一）至（六）各项")
    for row in vocab.T3_ROW_CODES:
        parts = [ctx.v("t3", row, c) for c in T3_APPLICANTS]
        ctx.sum_rule(
            "T3-ROW-SUM", "t3", row, "total", ctx.v("t3", row, "total"), parts,
            "自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他",
        )
    for group in vocab.T4_ROWS.codes:
        parts = [ctx.v("t4", group, c) for c in T4_PARTS]
        ctx.sum_rule(
            "T4-GROUP-SUM", "t4", group, "total", ctx.v("t4", group, "total"), parts,
            "结果维持、结果纠正、其他结果、尚未审结",
        )
