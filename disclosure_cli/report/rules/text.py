"""Prose against tables (TXT-*): what the text says in numbers, compared with the tables."""

from __future__ import annotations

from disclosure_cli import vocab
from disclosure_cli.report import prose
from disclosure_cli.report.model import Number
from disclosure_cli.report.rules.base import (
    T3_RESULTS,
    Context,
    _n,
    _substance,
)


def prose_rules(ctx: Context) -> None:
    claims = [(part, c) for part, text in _parts_text(ctx) for c in prose.claims(text, in_part_four=part == "四")]
    _requests(ctx, claims)
    _results(ctx, claims)
    _cases(ctx, claims)
    _documents(ctx, claims)
    _fee(ctx)
    _problems(ctx)
    _todo(ctx)
    _year(ctx)
    _items(ctx)
    _stale_year(ctx)
    _all_closed(ctx)


def _parts_text(ctx: Context) -> list[tuple[str, str]]:
    return [(n, ctx.r.parts[n]) for n, _ in vocab.PARTS if ctx.r.parts.get(n)]


def _sum(ctx: Context, rows: list[str]) -> Number:
    vals = [ctx.v("t3", r, "total") for r in rows]
    return None if None in vals else sum(vals)  # type: ignore[arg-type]


def _requests(ctx: Context, claims: list[tuple[str, prose.Claim]]) -> None:
    """TXT-REQUESTS: 收到/受理 N 件 may mean 一 (new) or 一+二 (new and carried over); 办理 N 件 may
    mean either, or 三（七） (what was dealt with); a number fitting none of these is a finding —
    for 办理, a guess (shown with --strict)."""
    new, co = ctx.v("t3", "new", "total"), ctx.v("t3", "carried_over", "total")
    total = ctx.v("t3", "total", "total")
    if new is None:
        return
    row_label = vocab.T3_ROW_BY_CODE["new"].level1
    seen: set[tuple[str, object]] = set()
    for part, c in claims:
        if c.kind not in ("received", "handled"):
            continue
        if c.columns:
            _requests_of(ctx, part, c)
            continue
        accepted = {new} if co is None else {new, new + co}
        if c.kind == "handled" and total is not None:
            accepted.add(total)
        if c.value in accepted or (c.sentence, c.value) in seen:
            continue
        seen.add((c.sentence, c.value))
        also = f"（加上年结转 {_n(co)} 件为 {_n(new + co)}）" if co else ""
        verb = "办理" if c.kind == "handled" else ""
        ctx.add(
            "TXT-REQUESTS",
            f"第{part}部分「{c.quote}」说{verb}申请 {_n(c.value)} 件，而表三「{row_label}」总计为 {_n(new)}{also}",
            table="t3", row="new", column="total", where=c.quote, expected=new, actual=c.value,
            guess=c.kind == "handled",
        )


def _requests_of(ctx: Context, part: str, c: prose.Claim) -> None:
    """「未收到科研机构的申请」: the applications of the applicants the clause names (their columns of
    一、本年新收), not all of them."""
    news = [ctx.v("t3", "new", col) for col in c.columns]
    if None in news:
        return
    new = sum(news)  # type: ignore[arg-type]
    if c.value == new:
        return
    who = "、".join(vocab.T3_COLUMNS.label(col) for col in c.columns)
    label = vocab.T3_ROW_BY_CODE["new"].level1
    ctx.add(
        "TXT-REQUESTS",
        f"第{part}部分「{c.quote}」说{who}的申请 {_n(c.value)} 件，而表三「{label}」中{who}为 {_n(new)}",
        table="t3", row="new", column=c.columns[0] if len(c.columns) == 1 else None, where=c.quote,
        expected=new, actual=c.value,
    )


_RESULT_ROWS = {
    "granted": ["granted"],
    "partial": ["partial"],
    "granted+partial": ["granted", "partial"],
    "withheld": [r for r in T3_RESULTS if r.startswith("withheld.")],
    "unavailable": [r for r in T3_RESULTS if r.startswith("unavailable.")],
    "not_processed": [r for r in T3_RESULTS if r.startswith("not_processed.")],
    "other": [r for r in T3_RESULTS if r.startswith("other.")],
    "total": ["total"],
}
_RESULT_NAMES = {
    "granted": "予以公开", "partial": "部分公开", "granted+partial": "予以公开及部分公开", "withheld": "不予公开",
    "unavailable": "无法提供", "not_processed": "不予处理", "other": "其他处理", "total": "办结",
}


def _results(ctx: Context, claims: list[tuple[str, prose.Claim]]) -> None:
    """TXT-RESULTS: how many applications the prose says had each result (予以公开 N 件, 予以公开及
    部分公开 N 件, 办结 N 件 …), against table 三; 结转下年度 N 件 against 四, 上年结转 against 二."""
    seen: set[tuple[str, str, object]] = set()
    for part, c in claims:
        if c.kind == "result.sum":
            _result_sum(ctx, part, c, seen)
            continue
        if c.kind.startswith("result."):
            group = c.kind.split(".", 1)[1]
            rows, name = _RESULT_ROWS[group], _RESULT_NAMES[group]
            cell = vocab.G_TOTAL if group == "total" else "、".join(dict.fromkeys(vocab.T3_ROW_BY_CODE[r].level2.split("（区分")[0] for r in rows))
        elif c.kind in ("carried_forward", "carried_over"):
            rows = [c.kind]
            name = "结转下年度" if c.kind == "carried_forward" else "上年结转"
            cell = vocab.T3_ROW_BY_CODE[c.kind].level1
        else:
            continue
        expected = _sum(ctx, rows)
        if expected is None or c.value == expected or (c.sentence, c.kind, c.value) in seen:
            continue
        seen.add((c.sentence, c.kind, c.value))
        ctx.add(
            "TXT-RESULTS",
            f"第{part}部分「{c.quote}」说{name} {_n(c.value)} 件，而表三「{cell}」总计为 {_n(expected)}",
            table="t3", row=rows[0] if len(rows) == 1 else None, column="total", where=c.quote,
            expected=expected, actual=c.value,
        )


def _result_sum(ctx: Context, part: str, c: prose.Claim, seen: set) -> None:
    """「不予公开、无法提供共8件」: the sum of the groups named. With 等 the number may count more
    than those groups: less than their sum is a contradiction, more only a guess."""
    rows = [r for g in c.parts for r in _RESULT_ROWS[g]]
    expected = _sum(ctx, rows)
    if expected is None or c.value == expected or (c.sentence, c.kind, c.value) in seen:
        return
    seen.add((c.sentence, c.kind, c.value))
    name = "、".join(_RESULT_NAMES[g] for g in c.parts) + ("等" if c.at_least else "")
    ctx.add(
        "TXT-RESULTS",
        f"第{part}部分「{c.quote}」说{name} {_n(c.value)} 件，而表三中这几项之和为 {_n(expected)}"
        + ("（「等」可能还包括其他办理结果）" if c.at_least and c.value > expected else ""),
        table="t3", column="total", where=c.quote, expected=expected, actual=c.value,
        guess=c.at_least and c.value > expected,
    )


def _cases(ctx: Context, claims: list[tuple[str, prose.Claim]]) -> None:
    review = ctx.v("t4", "review", "total")
    direct, after = ctx.v("t4", "suit_direct", "total"), ctx.v("t4", "suit_after_review", "total")
    suit = None if direct is None or after is None else direct + after
    both = None if review is None or suit is None else review + suit
    corrected = [ctx.v("t4", g, "corrected") for g in vocab.T4_ROWS.codes]
    table_says = {
        "review": (review, "行政复议", "表四「行政复议」×「总计」", "review"),
        "suit": (suit, "行政诉讼", "表四「未经复议直接起诉」与「复议后起诉」的总计之和", None),
        "both": (both, "行政复议和行政诉讼", "表四行政复议与行政诉讼的总计之和", None),
        "corrected_none.review": (corrected[0], "被复议纠错（结果纠正）的案件", "表四「行政复议」×「结果纠正」", "review"),
        "corrected_none.suit": (
            None if None in corrected[1:] else sum(corrected[1:]),  # type: ignore[arg-type]
            "诉讼败诉（结果纠正）的案件", "表四两类行政诉讼「结果纠正」之和", None,
        ),
        "corrected_none.both": (
            None if None in corrected else sum(corrected),  # type: ignore[arg-type]
            "被纠错（结果纠正）的复议诉讼", "表四各组「结果纠正」之和", None,
        ),
    }
    seen: set[tuple[str, str, object]] = set()
    for part, c in claims:
        if c.kind not in table_says:
            continue
        expected, what, cell, row = table_says[c.kind]
        if expected is None or c.value == expected or (c.sentence, c.kind, c.value) in seen:
            continue
        seen.add((c.sentence, c.kind, c.value))
        ctx.add(
            "TXT-CASES",
            f"第{part}部分「{c.quote}」说{what} {_n(c.value)} 件，而{cell}为 {_n(expected)}",
            table="t4", row=row, column=("corrected" if c.kind.startswith("corrected") else "total") if row else None,
            where=c.quote, expected=expected, actual=c.value,
        )


def _documents(ctx: Context, claims: list[tuple[str, prose.Claim]]) -> None:
    """TXT-DOCUMENTS: 现行有效 / 本年制发 / 废止 (行政)规范性文件、规章 N 件 in the prose against 表二."""
    names = {"in_force": "现行有效", "issued": "本年制发", "repealed": "本年废止"}
    seen: set[tuple[str, str, object]] = set()
    for part, c in claims:
        if not c.kind.startswith("docs."):
            continue
        _, column, row = c.kind.split(".")
        expected = ctx.v("t2", row, column)
        if expected is None or c.value == expected or (c.sentence, c.kind, c.value) in seen:
            continue
        seen.add((c.sentence, c.kind, c.value))
        label = vocab.cell_label("t2", row, column)
        ctx.add(
            "TXT-DOCUMENTS",
            f"第{part}部分「{c.quote}」说{names[column]}{vocab.T2_ROWS.label(row)} {_n(c.value)} 件，而{label}为 {_n(expected)}",
            table="t2", row=row, column=column, where=c.quote, expected=expected, actual=c.value,
        )


def _fee(ctx: Context) -> None:
    """TXT-FEE applies to reports on 2021 and later: the 信息处理费 rules took effect on 2021-01-01."""
    if ctx.r.year < 2021:
        return
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
    if ctx.kind == "document" and not any(n == "五" for n, _ in ctx.r.headings):
        return  # no part 五 found: FMT-PARTS says so; its text may sit under another heading
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
    said = [("开头", ctx.r.opening, False)] + [(f"第{n}部分", t, n == "一") for n, t in _parts_text(ctx)]
    period = ["".join(p.split()) for p in ctx.r.period or () if p]
    for where, text, statistics in said:
        found = prose.other_years(text or "", year, statistics=statistics)
        # the statistics period is judged below, once
        found = [(s, y) for s, y in found if not (period and all(p in "".join(s.split()) for p in period))]
        for sentence, other in found[:1]:
            ctx.add(
                "TXT-YEAR",
                f"{where}「{sentence}」说的是 {other} 年，而报告年度为 {year}（像是沿用了其他年度报告的文字）",
                where=sentence, expected=year, actual=other,
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


def _stale_year(ctx: Context) -> None:
    """TXT-STALE-YEAR: part 一 tells an earlier year's work as the report's own (a paragraph carried
    over from last year's report). Sentences TXT-YEAR reports (they state that year's counts) are
    left to it."""
    year = ctx.r.year
    text = ctx.r.parts.get("一", "")
    if not year or not text or "一" in ctx.r.drafted:
        return
    said = {s for s, _ in prose.other_years(text, year, statistics=True)}
    for st in prose.stale_years(text, year):
        if st.sentence in said:
            continue
        q = prose.quote(st.sentence, 0)
        ctx.add(
            "TXT-STALE-YEAR",
            f"第一部分「{q}」讲的是 {st.year} 年的工作，而报告年度为 {year}（像是沿用了上年报告的文字）",
            where=q, expected=year, actual=st.year, guess=st.guess,
        )


def _all_closed(ctx: Context) -> None:
    """TXT-ALL-CLOSED: the prose says every application was closed while 四、结转下年度继续办理 > 0."""
    carried = ctx.v("t3", "carried_forward", "total")
    if not carried:
        return
    label = vocab.T3_ROW_BY_CODE["carried_forward"].level1
    seen: set[str] = set()
    for part, text in _parts_text(ctx):
        for c in prose.all_closed(text):
            if c.sentence in seen:
                continue
            seen.add(c.sentence)
            ctx.add(
                "TXT-ALL-CLOSED",
                f"第{part}部分「{c.quote}」说申请全部办结，而表三「{label}」总计为 {_n(carried)}",
                table="t3", row="carried_forward", column="total", where=c.quote, expected=carried, actual=0,
                guess=c.guess,
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
                f"第一部分「{b.quote}」：主动公开信息共 {_n(b.total)}，而分项之和 {terms} = {_n(s)}"
                + (f"（{b.why}）" if b.why else ""),
                table="items",
                where=b.quote,
                expected=b.total,
                actual=s,
                guess=b.guess,
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
