"""The assessor's indicators (A-*, `disc check --assess`), and the publication rules of `disc check`
(L-REPORT-DATE, L-CHANGED-AFTER-PUBLISH): what 第三方评估 and provincial 通报 score a body on,
found in the ledger before anyone else finds them on the website.

Thresholds are the assessors' usual ones and are named here, once.
"""

from __future__ import annotations

from datetime import date

from disclosure_cli.report.rules.base import Context

SILENT_DAYS = 14  # a channel not updated for more than two weeks
BULK_SHARE, BULK_MIN = 0.3, 3  # 补正 notices to 30 % or more of the year's applications, at least 3
EXTENSION_FACTOR, EXTENSION_MIN, EXTENSION_ALONE = 2.0, 3, 0.5  # twice the district's rate; alone: half
LAST_DAY_SHARE, LAST_DAY_MIN = 0.3, 3  # answered on the last day the law allows, again and again
LISTED = 5


def _today(ctx: Context) -> date:
    return date.fromisoformat(ctx.today) if ctx.today else date.today()


def _names(ctx: Context) -> dict[int, str]:
    from disclosure_cli.ledger.desk import unit

    return {i: unit(ctx.ledger, i).name for i in ctx.ids}


def _some(numbers: list[str]) -> str:
    more = f" 等 {len(numbers)} 件" if len(numbers) > LISTED else ""
    return "、".join(numbers[:LISTED]) + more


def silent_channels(ctx: Context) -> None:
    """A-SILENT-CHANNEL: more than 14 days between two posts of a channel, or from its last post to
    the end of the year (to today, in the current year)."""
    from disclosure_cli.ledger.desk import channel_labels, post_dates

    names, labels = _names(ctx), channel_labels(ctx.ledger)
    end = min(date(ctx.year, 12, 31), _today(ctx))
    start = date(ctx.year, 1, 1)
    for (oid, ch), days in sorted(post_dates(ctx.ledger, ctx.year, ctx.ids).items()):
        gaps = []
        for a, b in zip(days, [*days[1:], end], strict=True):
            if b > a and (b - a).days > SILENT_DAYS and b >= start:
                gaps.append((a, b))
        if not gaps:
            continue
        a, b = max(gaps, key=lambda g: (g[1] - g[0]).days)
        longest = (b - a).days
        to_end = b == end and (a == days[-1])
        span = f"{a.isoformat()} 至 {b.isoformat()}" + ("（此后未再更新）" if to_end else "")
        others = f"；全年共 {len(gaps)} 段超过 {SILENT_DAYS} 天" if len(gaps) > 1 else ""
        ctx.add(
            "A-SILENT-CHANNEL",
            f"{names[oid]}「{labels.get(ch, ch)}」{longest} 天未更新：{span}{others}（评估要求不超过 {SILENT_DAYS} 天）",
            table="items", row=ch, where=f"{names[oid]} {labels.get(ch, ch)}", expected=SILENT_DAYS, actual=longest,
        )


def interpretations(ctx: Context) -> None:
    """A-NO-INTERPRETATION: a normative document of the year published without its 解读."""
    from disclosure_cli.ledger.desk import documents_without_interpretation

    names = _names(ctx)
    for oid, did, issued, number, title in documents_without_interpretation(ctx.ledger, ctx.year, ctx.ids):
        ref = f"{number}" if number else f"文件 {did}"
        ctx.add(
            "A-NO-INTERPRETATION",
            f"{names[oid]}的行政规范性文件「{title}」（{ref}，{issued}）没有登记政策解读；"
            f"登记解读链接：disc doc interpret {did} --url 链接",
            table="t2", row="normative_document", column="issued", where=f"文件 {did}",
        )


def report_late(ctx: Context) -> None:
    """A-REPORT-LATE: the year's report published after its deadline, or not yet published past it."""
    from disclosure_cli.ledger.desk import publications, report_deadline, unit

    today = _today(ctx)
    published = {p.org_id: p for p in publications(ctx.ledger, ctx.year, ctx.ids) if not p.rollup}
    for oid in ctx.ids:
        u = unit(ctx.ledger, oid)
        due = report_deadline(u, ctx.year)
        pub = published.get(oid)
        if pub is not None and pub.published > due.isoformat():
            ctx.add(
                "A-REPORT-LATE",
                f"{u.name}{ctx.year} 年度报告于 {pub.published} 发布，晚于截止日 {due.isoformat()}",
                where=u.name, expected=due.isoformat(), actual=pub.published,
            )
        elif pub is None and today > due:
            ctx.add(
                "A-REPORT-LATE",
                f"{u.name}{ctx.year} 年度报告已过截止日 {due.isoformat()}，台账中没有发布记录（发布后登记：disc report publish "
                f"--year {ctx.year} --date 发布日期）",
                where=u.name, expected=due.isoformat(),
            )


def requests(ctx: Context) -> None:
    """A-CORRECTION-LATE, A-CORRECTION-BULK, A-EXTENSION-RATE, A-LAST-DAY."""
    from disclosure_cli.ledger.desk import request_figures

    names = _names(ctx)
    figs = request_figures(ctx.ledger, ctx.year, ctx.ids, _today(ctx))
    total_new = sum(f.new for f in figs.values())
    total_ext = sum(f.extended for f in figs.values())
    for oid, f in figs.items():
        name = names[oid]
        if f.corrections_late:
            nums = [n for n, *_ in f.corrections_late]
            ctx.add(
                "A-CORRECTION-LATE",
                f"{name}有 {len(nums)} 件申请的补正通知晚于收到申请后 7 个工作日发出：{_some(nums)}",
                table="t3", where=name, expected=0, actual=len(nums),
            )
        if f.new and f.corrections >= BULK_MIN and f.corrections / f.new >= BULK_SHARE:
            ctx.add(
                "A-CORRECTION-BULK",
                f"{name}对 {f.new} 件申请中的 {f.corrections} 件（{f.corrections / f.new:.0%}）发了补正通知：补正只用于内容不明确的申请，"
                "大量补正会被评估视为拖延",
                table="t3", where=name, actual=f.corrections,
            )
        if f.new and f.extended >= EXTENSION_MIN:
            rate = f.extended / f.new
            others_new, others_ext = total_new - f.new, total_ext - f.extended
            if others_new:
                base = others_ext / others_new
                far = rate >= EXTENSION_FACTOR * base and rate > base
                against = f"其他单位合计 {base:.0%}"
            else:
                far = rate >= EXTENSION_ALONE
                against = f"评估关注线 {EXTENSION_ALONE:.0%}"
            if far:
                ctx.add(
                    "A-EXTENSION-RATE",
                    f"{name}延期答复 {f.extended} 件，占新收申请 {f.new} 件的 {rate:.0%}，远高于{against}",
                    table="t3", where=name, actual=f.extended,
                )
        if len(f.last_day) >= LAST_DAY_MIN and f.closed and len(f.last_day) / f.closed >= LAST_DAY_SHARE:
            ctx.add(
                "A-LAST-DAY",
                f"{name}办结的 {f.closed} 件申请中有 {len(f.last_day)} 件在答复期限的最后一天才答复：{_some(f.last_day)}",
                table="t3", where=name, actual=len(f.last_day),
            )


# --------------------------------------------------------------------------- disc check: publication
def report_date(ctx: Context) -> None:
    """L-REPORT-DATE: the recorded publication day is after the unit's deadline."""
    from disclosure_cli.ledger.desk import publications, report_deadline, unit

    for pub in publications(ctx.ledger, ctx.year, ctx.ids[:1]):
        due = report_deadline(unit(ctx.ledger, pub.org_id), ctx.year)
        if pub.published > due.isoformat():
            late = (date.fromisoformat(pub.published) - due).days
            ctx.add(
                "L-REPORT-DATE",
                f"{pub.org}{ctx.year} 年度报告{'（汇总）' if pub.rollup else ''}于 {pub.published} 发布，晚于截止日 {due.isoformat()} {late} 天"
                "（截止日可用 disc org set 单位 --report-deadline 月-日 设定）",
                where="发布日期", expected=due.isoformat(), actual=pub.published,
            )


def changed_after_publish(ctx: Context) -> None:
    """L-CHANGED-AFTER-PUBLISH: a cell of the year differs from the published version; the records
    added, changed or voided since are named."""
    from disclosure_cli import vocab
    from disclosure_cli.report import desk
    from disclosure_cli.report.model import format_number

    for since in desk.since_publication(ctx.ledger, ctx.year, ctx.ids[:1]):
        pub = since.publication
        scope = desk.scope_options(pub.org if pub.org != ctx.ledger.org else None, pub.rollup)
        for cell in since.cells:
            recs = desk.records_for_cell(cell, since.records)
            named = "、".join(
                f"{desk.RECORD_NAMES[r.kind]} {r.id}" + (f"「{r.text}」" if r.text else "") + f"（{desk.CHANGE_NAMES[r.what]}）"
                for r in recs[:LISTED]
            )
            more = f" 等 {len(recs)} 条" if len(recs) > LISTED else ""
            label = vocab.cell_label(cell.table, cell.row, cell.column) if cell.table != "items" else desk.items_label(
                ctx.ledger, cell.row, cell.column
            )
            which = "（汇总）" if pub.rollup else ""
            ctx.add(
                "L-CHANGED-AFTER-PUBLISH",
                f"{label}：{pub.published} 发布的{which}年度报告为 {format_number(cell.published)}，台账现为 {format_number(cell.now)}"
                + (f"；发布后变动的记录：{named}{more}" if named else "")
                + f"。如网站上的报告需要更正，更正后重新登记：disc report publish --year {ctx.year}{scope} --date 日期 --replace",
                table=cell.table, row=cell.row, column=cell.column, where=label, expected=cell.published, actual=cell.now,
                scope=scope,
            )
