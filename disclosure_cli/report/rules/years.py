"""Across years: X-PREVIOUS, X-CARRY, X-IN-FORCE, X-SAME-TEXT (need last year's report)."""

from __future__ import annotations

import difflib

from disclosure_cli import vocab
from disclosure_cli.report.model import TABLE_CELLS, AnnualReport
from disclosure_cli.report.rules.base import (
    SAME_TEXT_MIN_CHARS,
    SAME_TEXT_RATIO,
    T2_COUNT_ROWS,
    Context,
    _n,
    _normalized_prose,
)


def across_years(ctx: Context) -> None:
    prev = ctx.previous
    if prev is None:
        return
    if ctx.r.year and prev.year != ctx.r.year - 1:
        which = f"是 {prev.year} 年度的" if prev.year else "读不出年度"
        ctx.add(
            "X-PREVIOUS",
            f"所给的上年报告{which}，不是 {ctx.r.year - 1} 年度：跨年度规则未执行",
            expected=ctx.r.year - 1,
            actual=prev.year,
        )
        return
    for col in vocab.T3_COLUMNS.codes:
        before = prev.t3.get(("carried_forward", col))
        now = ctx.v("t3", "carried_over", col)
        if before is None or now is None or before == now:
            continue
        label = vocab.cell_label("t3", "carried_over", col)
        ctx.add(
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
        issued, repealed, now = (ctx.v("t2", row, c) for c in ("issued", "repealed", "in_force"))
        if None in (before, issued, repealed, now):
            continue
        expected = before + issued - repealed  # type: ignore[operator]
        if expected != now:
            label = vocab.cell_label("t2", row, "in_force")
            ctx.add(
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
    _same_text(ctx, prev)


def _same_text(ctx: Context, prev: AnnualReport) -> None:
    a, b = _normalized_prose(ctx.r), _normalized_prose(prev)
    if len(a) >= SAME_TEXT_MIN_CHARS and len(b) >= SAME_TEXT_MIN_CHARS:
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if sm.real_quick_ratio() >= SAME_TEXT_RATIO and sm.quick_ratio() >= SAME_TEXT_RATIO:
            ratio = sm.ratio()
            if ratio >= SAME_TEXT_RATIO:
                ctx.add(
                    "X-SAME-TEXT",
                    f"正文与 {prev.year} 年度报告的相似度为 {ratio:.0%}（数字不计），内容雷同",
                    where="正文",
                    expected=f"< {SAME_TEXT_RATIO:.0%}",
                    actual=f"{ratio:.0%}",
                )
    if ctx.r.derived or prev.derived:
        return  # tables counted from records are what happened, not a copy of last year's
    for t in ("t2", "t3", "t4"):
        cells = TABLE_CELLS[t]
        now = [ctx.v(t, r, c) for r, c in cells]
        before = [prev.table(t).get(k) for k in cells]
        if None in now or now != before:
            continue
        # in_force stays the same in a quiet year; only what happened during the year counts
        moving = [v for (r, c), v in zip(cells, now, strict=True) if c != "in_force"]
        if any(moving):
            name = vocab.TABLE_LABELS[t]
            ctx.add(
                "X-SAME-TEXT",
                f"{name}与 {prev.year} 年度报告的{name}逐格相同，且不全为 0：请核实是否照抄了上年数据",
                table=t,
                where=name,
            )

# ------------------------------------------------------------------ prose
