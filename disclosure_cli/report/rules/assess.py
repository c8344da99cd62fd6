"""The assessor's indicators (A-*, `disc check --assess`), and the publication rules of `disc check`
(L-REPORT-DATE, L-CHANGED-AFTER-PUBLISH): what 第三方评估 and provincial 通报 score a body on,
found in the ledger before anyone else finds them on the website.

Thresholds live in one place, the rubric (ledger/rubric.py): national defaults with their sources,
overridden by a district's rubric file beside its ledger. Figures come from the metric dictionary
(ledger/metrics.py), the same that `disc units` and `disc serve` show.
"""

from __future__ import annotations

from datetime import date

from disclosure_cli.report.rules.base import Context

LISTED = 5


def _rubric(ctx: Context):  # type: ignore[no-untyped-def]
    from disclosure_cli.ledger.rubric import load

    if not hasattr(ctx, "_rubric"):
        ctx._rubric = load(getattr(ctx.ledger, "path", None))  # type: ignore[attr-defined]
    return ctx._rubric  # type: ignore[attr-defined]


def _today(ctx: Context) -> date:
    return date.fromisoformat(ctx.today) if ctx.today else date.today()


def _names(ctx: Context) -> dict[int, str]:
    from disclosure_cli.ledger.desk import unit

    return {i: unit(ctx.ledger, i).name for i in ctx.ids}


def _some(numbers: list[str]) -> str:
    more = f" 等 {len(numbers)} 件" if len(numbers) > LISTED else ""
    return "、".join(numbers[:LISTED]) + more


def silent_channels(ctx: Context) -> None:
    """A-SILENT-CHANNEL: a channel's longest silence in the year's period (its two ends included:
    metrics.silence) beyond what the rubric allows its kind — 2 weeks for websites and new media
    (国办秘函〔2019〕19号), a district's own period for notice boards."""
    from disclosure_cli.ledger.desk import channel_kinds, channel_labels
    from disclosure_cli.ledger.metrics import channel_silences
    from disclosure_cli.ledger.rubric import CHANNEL_KINDS

    rubric = _rubric(ctx)
    names, labels, kinds = _names(ctx), channel_labels(ctx.ledger), channel_kinds(ctx.ledger)
    for (oid, ch), s in sorted(channel_silences(ctx.ledger, ctx.year, ctx.ids, _today(ctx)).items()):
        kind = kinds.get(ch, "other")
        allowed = rubric.silence_days(kind)
        if s.days <= allowed:
            continue
        span = f"{s.start.isoformat()} 至 {s.end.isoformat()}" + ("（此后未再更新）" if s.to_end else "")
        ctx.add(
            "A-SILENT-CHANNEL",
            f"{names[oid]}「{labels.get(ch, ch)}」{s.days} 天未更新：{span}（{CHANNEL_KINDS[kind]}的要求是不超过 {allowed} 天）",
            table="items", row=ch, where=f"{names[oid]} {labels.get(ch, ch)}", expected=allowed, actual=s.days,
        )


def silent_categories(ctx: Context) -> None:
    """A-SILENT-CATEGORY, A-EMPTY-CATEGORY: a column (category) the unit has used, silent longer
    than its kind allows (dynamic columns 2 weeks, others 6 months), or empty all year."""
    from disclosure_cli.ledger.metrics import category_silences, period

    rubric = _rubric(ctx)
    names = _names(ctx)
    dynamic = set(rubric["categories.dynamic"])
    start, end = period(ctx.year, _today(ctx))
    for (oid, cat), s in sorted(category_silences(ctx.ledger, ctx.year, ctx.ids, _today(ctx)).items()):
        if s.empty:
            if rubric["categories.empty"]:
                ctx.add(
                    "A-EMPTY-CATEGORY",
                    f"{names[oid]}的栏目「{cat}」在 {start.isoformat()} 至 {end.isoformat()} 没有发布任何信息（以前用过）",
                    table="items", column=cat, where=f"{names[oid]} {cat}",
                )
            continue
        allowed = rubric["categories.dynamic_days" if cat in dynamic else "categories.other_days"]
        if s.days > allowed:
            which = "动态类栏目" if cat in dynamic else "栏目"
            ctx.add(
                "A-SILENT-CATEGORY",
                f"{names[oid]}的{which}「{cat}」{s.days} 天未更新：{s.start.isoformat()} 至 {s.end.isoformat()}"
                f"（要求不超过 {allowed} 天）",
                table="items", column=cat, where=f"{names[oid]} {cat}", expected=allowed, actual=s.days,
            )


def rates(ctx: Context) -> None:
    """A-RATE-SUBSTANTIVE, A-RATE-REVIEW-CORRECTED: the assessors' red and yellow lines, only on
    rates with enough cases (the rubric's minimum sample)."""
    from disclosure_cli.ledger.metrics import unit_figures

    rubric = _rubric(ctx)
    names = _names(ctx)
    minimum = rubric["rates.min_sample"]
    figs = unit_figures(ctx.ledger, ctx.year, ctx.ids, today=_today(ctx))
    for oid, f in figs.items():
        v = f.values.get("substantive_rate")
        n = f.samples.get("substantive_rate", 0)
        if v is not None and n >= minimum:
            red, yellow = rubric["rates.substantive_red"], rubric["rates.substantive_yellow"]
            if v < yellow:
                color = "红" if v < red else "黄"
                ctx.add("A-RATE-SUBSTANTIVE", f"{names[oid]}实质公开率 {v:.1%}（办结 {n} 件），低于{color}线 "
                        f"{red if v < red else yellow:.0%}", table="t3", where=names[oid], expected=yellow, actual=v)
        v = f.values.get("review_corrected_rate")
        n = f.samples.get("review_corrected_rate", 0)
        if v is not None and n >= minimum:
            red, yellow = rubric["rates.review_corrected_red"], rubric["rates.review_corrected_yellow"]
            if v > yellow:
                color = "红" if v > red else "黄"
                ctx.add("A-RATE-REVIEW-CORRECTED", f"{names[oid]}复议纠错率 {v:.1%}（审结 {n} 件），高于{color}线 "
                        f"{red if v > red else yellow:.0%}", table="t4", where=names[oid], expected=yellow, actual=v)


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
    from disclosure_cli.ledger.orgs import descendants
    from disclosure_cli.ledger.tally import orgs_with_records

    today = _today(ctx)
    pubs = publications(ctx.ledger, ctx.year, ctx.ids)
    own = {p.org_id: p for p in pubs if not p.rollup}
    rollup = {p.org_id: p for p in pubs if p.rollup}
    with_records = set(orgs_with_records(ctx.ledger, ctx.ids))
    for oid in ctx.ids:
        u = unit(ctx.ledger, oid)
        due = report_deadline(u, ctx.year)
        # a district that keeps no records of its own reports for its area: its report is the roll-up
        area_only = oid not in with_records and len(descendants(ctx.ledger.conn, oid)) > 1
        pub = own.get(oid) or (rollup.get(oid) if area_only else None)
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

    r = _rubric(ctx)
    bulk_share, bulk_min = r["requests.bulk_share"], r["requests.bulk_min"]
    ext_factor, ext_min, ext_alone = r["requests.extension_factor"], r["requests.extension_min"], r["requests.extension_alone"]
    last_share, last_min = r["requests.last_day_share"], r["requests.last_day_min"]
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
        if f.new and f.corrections >= bulk_min and f.corrections / f.new >= bulk_share:
            ctx.add(
                "A-CORRECTION-BULK",
                f"{name}对 {f.new} 件申请中的 {f.corrections} 件（{f.corrections / f.new:.0%}）发了补正通知：补正只用于内容不明确的申请，"
                "大量补正会被评估视为拖延",
                table="t3", where=name, actual=f.corrections,
            )
        if f.new and f.extended >= ext_min:
            rate = f.extended / f.new
            others_new, others_ext = total_new - f.new, total_ext - f.extended
            if others_new:
                base = others_ext / others_new
                far = rate >= ext_factor * base and rate > base
                against = f"其他单位合计 {base:.0%}"
            else:
                far = rate >= ext_alone
                against = f"评估关注线 {ext_alone:.0%}"
            if far:
                ctx.add(
                    "A-EXTENSION-RATE",
                    f"{name}延期答复 {f.extended} 件，占新收申请 {f.new} 件的 {rate:.0%}，远高于{against}",
                    table="t3", where=name, actual=f.extended,
                )
        if len(f.last_day) >= last_min and f.closed and len(f.last_day) / f.closed >= last_share:
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
