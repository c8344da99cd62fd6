"""Prose against tables (TXT-*): what the text says in numbers, compared with the tables."""

from __future__ import annotations

from disclosure_cli import vocab
from disclosure_cli.report import prose
from disclosure_cli.report.rules.base import (
    Context,
    _n,
    _substance,
)


def prose_rules(ctx: Context) -> None:
    _requests(ctx)
    _cases(ctx)
    _fee(ctx)
    _problems(ctx)
    _todo(ctx)
    _year(ctx)
    _items(ctx)


def _parts_text(ctx: Context) -> list[tuple[str, str]]:
    return [(n, ctx.r.parts[n]) for n, _ in vocab.PARTS if ctx.r.parts.get(n)]


def _requests(ctx: Context) -> None:
    new, co = ctx.v("t3", "new", "total"), ctx.v("t3", "carried_over", "total")
    if new is None:
        return
    accepted = {new} if co is None else {new, new + co}
    row_label = vocab.T3_ROW_BY_CODE["new"].level1
    seen: set[tuple[str, object]] = set()
    for part, text in _parts_text(ctx):
        for st in prose.application_counts(text):
            if st.value in accepted or (st.sentence, st.value) in seen:
                continue
            seen.add((st.sentence, st.value))
            also = f"（加上年结转 {_n(co)} 件为 {_n(new + co)}）" if co else ""
            ctx.add(
                "TXT-REQUESTS",
                f"第{part}部分「{st.quote}」说申请 {_n(st.value)} 件，而表三「{row_label}」总计为 {_n(new)}{also}",
                table="t3",
                row="new",
                column="total",
                where=st.quote,
                expected=new,
                actual=st.value,
            )


def _cases(ctx: Context) -> None:
    review = ctx.v("t4", "review", "total")
    direct, after = ctx.v("t4", "suit_direct", "total"), ctx.v("t4", "suit_after_review", "total")
    suit = None if direct is None or after is None else direct + after
    both = None if review is None or suit is None else review + suit
    table_says = {
        "review": (review, "行政复议", "表四「行政复议」×「总计」", "review"),
        "suit": (suit, "行政诉讼", "表四「未经复议直接起诉」与「复议后起诉」的总计之和", None),
        "both": (both, "行政复议和行政诉讼", "表四行政复议与行政诉讼的总计之和", None),
    }
    seen: set[tuple[str, str, object]] = set()
    for part, text in _parts_text(ctx):
        for st in prose.case_counts(text, in_part_four=part == "四"):
            expected, what, cell, row = table_says[st.kind]
            if expected is None or st.value == expected or (st.sentence, st.kind, st.value) in seen:
                continue
            seen.add((st.sentence, st.kind, st.value))
            ctx.add(
                "TXT-CASES",
                f"第{part}部分「{st.quote}」说{what} {_n(st.value)} 件，而{cell}为 {_n(expected)}",
                table="t4",
                row=row,
                column="total" if row else None,
                where=st.quote,
                expected=expected,
                actual=st.value,
            )


def _fee(ctx: Context) -> None:
    text = ctx.r.parts.get("六", "")
    st = prose.fee_statement(text)
    heading = vocab.PART_HEADINGS["六"]
    unpaid = ctx.v("t3", "other.unpaid_fee", "total")
    if not st.mentioned:
        if unpaid:
            label = vocab.cell_label("t3", "other.unpaid_fee", "total")
            message = f"{label}为 {_n(unpaid)}，说明发出过收费通知，但第六部分没有提到信息处理费"
        else:
            message = "第六部分没有说明信息处理费的收取情况（收取件数和金额；未收取也应写明）"
        ctx.add("TXT-FEE", message, where=heading, actual=unpaid if unpaid else None)
        return
    quote = prose.quote(st.sentence)
    if not st.stated:
        ctx.add(
            "TXT-FEE",
            f"第六部分「{quote}」提到信息处理费，但没有说明是否收取（收取件数和金额；未收取也应写明）",
            where=quote,
        )
        return
    fee = ctx.r.fee
    if fee is not None and st.amount_yuan is not None and st.amount_yuan != fee.amount_yuan:
        ctx.add(
            "TXT-FEE",
            f"第六部分「{quote}」说信息处理费 {_n(st.amount_yuan)} 元，而台账记录收取 {_n(fee.amount_yuan)} 元",
            where=quote,
            expected=fee.amount_yuan,
            actual=st.amount_yuan,
        )


def _problems(ctx: Context) -> None:
    text = ctx.r.parts.get("五", "")
    if vocab.TODO_MARK in text and not _substance(text.replace(vocab.TODO_MARK, "")):
        return  # nothing but placeholders: TXT-TODO says it once
    body = _substance(text)
    if body in ("", "无", "暂无", "没有", "无问题", "暂无问题", "无此情况", "不存在问题"):
        heading = vocab.PART_HEADINGS["五"]
        what = "为空" if not body else f"只写了「{text.strip()}」"
        ctx.add(
            "TXT-PROBLEMS",
            f"第五部分「{heading}」{what}：应写明本年度发现的主要问题和改进措施",
            where=heading,
            actual=text.strip(),
        )


def _todo(ctx: Context) -> None:
    for part, text in _parts_text(ctx):
        count = text.count(vocab.TODO_MARK)
        if count:
            heading = vocab.PART_HEADINGS[part]
            ctx.add(
                "TXT-TODO",
                f"第{part}部分「{heading}」还有 {count} 处占位符{vocab.TODO_MARK}，尚未填写",
                where=heading,
                actual=count,
            )


def _year(ctx: Context) -> None:
    year = ctx.r.year
    if not year:  # unknown: READ-IDENTITY says so
        return
    if ctx.r.title:
        wrong = [y for y in prose.years_in(ctx.r.title) if y != year]
        if wrong:
            ctx.add(
                "TXT-YEAR",
                f"标题「{ctx.r.title.strip()}」中的年份 {wrong[0]} 与报告年度 {year} 不一致",
                where=ctx.r.title.strip(),
                expected=year,
                actual=wrong[0],
            )
    if ctx.r.period:
        printed = "至".join(p for p in ctx.r.period if p)
        wrong = [y for y in prose.years_in(printed) if y != year]
        if wrong:
            ctx.add(
                "TXT-YEAR",
                f"统计期限「{printed}」中的年份 {wrong[0]} 与报告年度 {year} 不一致",
                where=printed,
                expected=year,
                actual=wrong[0],
            )


def _items(ctx: Context) -> None:
    text = ctx.r.parts.get("一", "")
    if not text:
        return
    for b in prose.items_breakdowns(text):
        s = sum(b.parts)
        if s != b.total:
            terms = " + ".join(_n(p) for p in b.parts)
            ctx.add(
                "TXT-ITEMS",
                f"第一部分「{b.quote}」：主动公开信息共 {_n(b.total)}，而分项之和 {terms} = {_n(s)}",
                table="items",
                where=b.quote,
                expected=b.total,
                actual=s,
            )
    if ctx.r.items is not None:
        total = ctx.r.items.total
        for st in prose.items_totals(text):
            if st.value != total:
                ctx.add(
                    "TXT-ITEMS",
                    f"第一部分「{st.quote}」说主动公开信息 {_n(st.value)} 条，而台账记录 {total} 条",
                    table="items",
                    row="total",
                    column="total",
                    where=st.quote,
                    expected=total,
                    actual=st.value,
                )
