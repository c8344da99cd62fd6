"""One dictionary of per-unit figures (issue 21): each defined once — code, label, definition, formula,
unit, minimum sample, which direction is better, source — and computed by one function that every
surface calls: `disc units`, `disc check --assess`, the served canned queries, `disc review table`.

A figure a district compares units by must mean the same everywhere; the longest silence of a
channel, for one, counts the stretch from the start of the period to the first post and from the
last post to the end of the period (the end of the year, or today within the year), not only the
gaps between two posts: a unit that stopped posting in May is not the best in the district.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from disclosure_cli.ledger.db import Ledger


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    definition: str
    formula: str
    unit: str  # 条 | 天 | 件 | 比例 | 是/否
    better: str | None = None  # "higher" | "lower" | None (not ranked)
    min_sample: int | None = None  # a rate on fewer cases is shown but not rated (no ▲▼, no red/yellow)
    source: str = "disc"

    @property
    def is_rate(self) -> bool:
        return self.unit == "比例"


PEER = "KIROGOVCOMPARE 指标定义（shared/reference/review.md）"
MIN_RATED = 30  # the peer checker rates no rate on fewer than 30 cases (review.md)

METRICS: list[Metric] = [
    Metric("items", "信息条数", "本年主动公开的信息条数（各渠道合计，作废的不计）", "Σ item.count，发布日期在本年", "条", "higher"),
    # items_<channel>: one per channel of the ledger, see channel_metric()
    Metric("silent_days_max", "最长沉默天数",
           "各渠道在统计期内最长连续未发布的天数中的最大者；统计期为本年1月1日至12月31日（本年未过完时至今天），"
           "含期初到第一次发布、最后一次发布到期末两段",
           "max over channels of max(后一日 − 前一日)，日期序列 = [期初, 各发布日, 期末]", "天", "lower"),
    Metric("requests_new", "新收申请", "本年收到的政府信息公开申请件数（表三“一、本年新收”）", "count(request)，收到日期在本年", "件"),
    Metric("requests_closed", "办结申请", "本年办结的申请件数（表三“三（七）总计”）", "count(request)，办结日期在本年", "件"),
    Metric("on_time_rate", "按期答复率", "本年办结的申请中在法定期限内答复的比例", "(办结 − 超期办结) ÷ 办结", "比例", "higher",
           MIN_RATED, "条例第三十三条"),
    Metric("overdue", "超期", "本年超期答复的件数，加上至今未办结且已超过期限的件数", "超期办结 + 未办结已超期", "件", "lower",
           source="条例第三十三条"),
    Metric("extended", "延期", "本年新收的申请中延长答复期限的件数", "count(request_extension)，申请在本年收到", "件", "lower"),
    Metric("corrections", "补正", "本年新收的申请中发出补正通知的件数", "count(request_correction.sent)，申请在本年收到", "件", "lower"),
    Metric("cases", "复议诉讼", "本年表四中的行政复议和行政诉讼案件数", "表四三行“总计”之和", "件", "lower"),
    Metric("corrected_rate", "复议诉讼纠错率", "本年审结的行政复议、行政诉讼案件中结果被纠正的比例", "结果纠正 ÷ (总计 − 尚未审结)，表四三行合计",
           "比例", "lower", MIN_RATED),
    Metric("substantive_rate", "实质公开率", "本年办结的申请中予以公开和部分公开的比例", "(予以公开 + 部分公开) ÷ 三（七）总计",
           "比例", "higher", MIN_RATED, PEER),
    Metric("review_corrected_rate", "复议纠错率", "本年审结的行政复议案件中结果被纠正的比例", "行政复议 结果纠正 ÷ (总计 − 尚未审结)",
           "比例", "lower", MIN_RATED, PEER),
    Metric("dispute_rate", "争议转化率", "本年新收申请中引起行政复议、行政诉讼的比例", "(行政复议 + 行政诉讼 总计) ÷ 本年新收",
           "比例", "lower", MIN_RATED, PEER),
    Metric("correction_conversion_rate", "纠错转化率", "本年新收申请中复议、诉讼结果被纠正的比例", "结果纠正（复议 + 诉讼）÷ 本年新收",
           "比例", "lower", MIN_RATED, PEER),
    Metric("zero_report", "零报告", "表二、表三、表四全为 0", "表二、三、四所有单元格 = 0", "是/否"),
    Metric("items_change", "信息同比", "信息条数与上年之差（台账中没有该单位上年记录时为空）", "items(本年) − items(上年)", "条"),
    Metric("requests_change", "申请同比", "新收申请与上年之差", "requests_new(本年) − requests_new(上年)", "件"),
    Metric("cases_change", "复议诉讼同比", "复议诉讼案件数与上年之差", "cases(本年) − cases(上年)", "件"),
]
BY_CODE: dict[str, Metric] = {m.code: m for m in METRICS}
CHANNEL_PREFIX = "items_"


def channel_metric(code: str, label: str) -> Metric:
    return Metric(f"{CHANNEL_PREFIX}{code}", label, f"本年在「{label}」发布的信息条数", f"Σ item.count，渠道 = {code}", "条", "higher")


def metric(code: str, channels: dict[str, str] | None = None) -> Metric:
    if code in BY_CODE:
        return BY_CODE[code]
    if code.startswith(CHANNEL_PREFIX) and channels and code[len(CHANNEL_PREFIX):] in channels:
        ch = code[len(CHANNEL_PREFIX):]
        return channel_metric(ch, channels[ch])
    raise KeyError(code)


def dictionary(channels: dict[str, str]) -> list[Metric]:
    """Every metric, in the order of `disc units`, with one items_<channel> per channel of the ledger."""
    out = [METRICS[0], *(channel_metric(c, label) for c, label in channels.items())]
    return out + METRICS[1:]


# --------------------------------------------------------------------------- silence
@dataclass(frozen=True)
class Silence:
    days: int
    start: date  # the stretch: from this day (the period's start or a post) …
    end: date  # … to this one (a post or the period's end)
    to_end: bool  # the stretch runs to the end of the period: the channel stopped


def period(year: int, today: date | None = None) -> tuple[date, date]:
    """The statistics period of a year: 1 January to 31 December, or to today within the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if today is not None and start <= today < end:
        end = today
    return start, end


def silence(posts: list[date], start: date, end: date) -> Silence:
    """The longest stretch in [start, end] without a post: the days from the period's start to the
    first post, between two posts, and from the last post to the period's end (b − a days)."""
    inside = sorted({d for d in posts if start <= d <= end})
    points = [start, *inside, end]
    best = Silence(-1, start, start, False)
    for a, b in zip(points, points[1:], strict=False):
        if (b - a).days > best.days:
            best = Silence((b - a).days, a, b, b == end and a == points[-2])
    return best


def channel_silences(ledger: Ledger, year: int, ids: list[int], today: date | None = None) -> dict[tuple[int, str], Silence]:
    """(org, channel) → its longest silence in the year's period, for every channel the unit has
    posted on up to the end of the period (a channel it never used is not silent, it is not there)."""
    from disclosure_cli.ledger.query import org_in

    start, end = period(year, today)
    used: dict[tuple[int, str], list[date]] = {}
    for oid, ch, day in ledger.conn.execute(
        f"SELECT DISTINCT org_id, channel, published FROM item WHERE voided_at IS NULL AND {org_in(ids)}"
        " AND published <= ? ORDER BY 1, 2, 3",
        (end.isoformat(),),
    ):
        d = date.fromisoformat(day)
        posts = used.setdefault((oid, ch), [])
        if d >= start:
            posts.append(d)
    return {key: silence(posts, start, end) for key, posts in used.items()}


@dataclass(frozen=True)
class CategorySilence(Silence):
    empty: bool = False  # used before, nothing in the period


def category_silences(ledger: Ledger, year: int, ids: list[int], today: date | None = None) -> dict[tuple[int, str], CategorySilence]:
    """(org, category) → its longest silence in the period, for every category (column) the unit has
    used up to the end of the period; empty: used before, not once in the period."""
    from disclosure_cli.ledger.query import org_in

    start, end = period(year, today)
    used: dict[tuple[int, str], list[date]] = {}
    for oid, cat, day in ledger.conn.execute(
        f"SELECT DISTINCT org_id, category, published FROM item WHERE voided_at IS NULL AND {org_in(ids)}"
        " AND published <= ? ORDER BY 1, 2, 3",
        (end.isoformat(),),
    ):
        d = date.fromisoformat(day)
        posts = used.setdefault((oid, cat), [])
        if d >= start:
            posts.append(d)
    out = {}
    for key, posts in used.items():
        s = silence(posts, start, end)
        out[key] = CategorySilence(s.days, s.start, s.end, s.to_end, empty=not posts)
    return out


# --------------------------------------------------------------------------- the figures
@dataclass
class UnitFigures:
    values: dict[str, Any] = field(default_factory=dict)
    samples: dict[str, int] = field(default_factory=dict)  # the denominator of each rate

    def rated(self, code: str) -> bool:
        m = BY_CODE.get(code)
        if m is None or m.min_sample is None:
            return True
        return self.samples.get(code, 0) >= m.min_sample


CASE_ROWS = ("review", "suit_direct", "suit_after_review")
_NOT_RESULTS = ("new", "carried_over", "carried_forward")


def _t3_by_row(raw: dict[tuple[str, str], int]) -> dict[str, int]:
    """Table 三 by row, all applicant types together; "total": （七）总计 (every outcome)."""
    out: dict[str, int] = {"total": 0}
    for (row, _applicant), n in raw.items():
        out[row] = out.get(row, 0) + n
        if row not in _NOT_RESULTS:
            out["total"] += n
    return out


def _t4_by_row(raw: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    out = dict(raw)
    for row in CASE_ROWS:
        out[(row, "total")] = sum(n for (r, _c), n in raw.items() if r == row)
    return out


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def table_rates(t3: dict[str, int], t4: dict[tuple[str, str], int], new: int) -> tuple[dict[str, float | None], dict[str, int]]:
    """The rates tables 三 and 四 give, with their denominators: one formula each, whether the tables
    were counted from a ledger or read from a unit's published report (disc review table).
    t3: by row, "total" being （七）总计; t4: by (row, column) with each row's total."""
    total_closed = t3.get("total", 0)
    review_decided = t4.get(("review", "total"), 0) - t4.get(("review", "pending"), 0)
    disputes = sum(t4.get((r, "total"), 0) for r in CASE_ROWS)
    corrected_all = sum(t4.get((r, "corrected"), 0) for r in CASE_ROWS)
    substantive = t3.get("granted", 0) + t3.get("partial", 0)
    review_corrected = t4.get(("review", "corrected"), 0)
    # a part larger than its whole is a table that does not add up (a report read as printed): no rate,
    # not 120 % (its arithmetic findings say what is wrong)
    values = {
        "substantive_rate": _rate(substantive, total_closed) if substantive <= total_closed else None,
        "review_corrected_rate": _rate(review_corrected, review_decided) if review_corrected <= review_decided else None,
        "dispute_rate": _rate(disputes, new),
        "correction_conversion_rate": _rate(corrected_all, new),
    }
    samples = {"substantive_rate": total_closed, "review_corrected_rate": review_decided,
               "dispute_rate": new, "correction_conversion_rate": new}
    return values, samples


def unit_figures(
    ledger: Ledger, year: int, ids: list[int], *, today: date | None = None, scope: dict[int, list[int]] | None = None,
) -> dict[int, UnitFigures]:
    """org → its figures for the year, each on its own records (scope: org → the ids whose records
    count for it, e.g. a district's total row over its units). The one computation behind every
    surface that shows a per-unit figure."""
    from disclosure_cli.ledger import desk, tally

    today = today or date.today()
    scope = scope or {i: [i] for i in ids}
    channels = desk.channel_labels(ledger)
    out: dict[int, UnitFigures] = {}
    all_ids = sorted({i for group in scope.values() for i in group})
    silences = channel_silences(ledger, year, all_ids, today)
    requests = desk.request_figures(ledger, year, all_ids, today)
    cases = desk.case_figures(ledger, year, all_ids)
    for oid in ids:
        group = scope[oid]
        f = UnitFigures()
        v = f.values
        items = tally.item_counts(ledger, year, group)
        per_channel: dict[str, int] = {}
        for (ch, _), n in items.items():
            per_channel[ch] = per_channel.get(ch, 0) + n
        v["items"] = sum(per_channel.values())
        for ch in channels:
            v[f"{CHANNEL_PREFIX}{ch}"] = per_channel.get(ch, 0)
        mine = [s.days for (o, _), s in silences.items() if o in group]
        v["silent_days_max"] = max(mine) if mine else None
        rq = [requests[i] for i in group]
        new, closed = sum(r.new for r in rq), sum(r.closed for r in rq)
        late = sum(r.late for r in rq)
        v["requests_new"], v["requests_closed"] = new, closed
        v["on_time_rate"] = _rate(closed - late, closed)
        f.samples["on_time_rate"] = closed
        v["overdue"] = late + sum(r.open_overdue for r in rq)
        v["extended"] = sum(r.extended for r in rq)
        v["corrections"] = sum(r.corrections for r in rq)
        counts = tally.count(ledger, year, group)
        t3, t4 = _t3_by_row(counts.t3), _t4_by_row(counts.t4)
        cs = [cases.get(i, (0, 0, 0)) for i in group]
        n_cases, decided, corrected = (sum(c[k] for c in cs) for k in range(3))
        v["cases"] = n_cases
        v["corrected_rate"] = _rate(corrected, decided)
        f.samples["corrected_rate"] = decided
        rates, samples = table_rates(t3, t4, new)
        v.update(rates)
        f.samples.update(samples)
        v["zero_report"] = not any(counts.t2.values()) and not counts.fee_fen and not any(t3.values()) and not any(t4.values())
        v["items_change"] = v["requests_change"] = v["cases_change"] = None
        out[oid] = f
    with_last_year = [oid for oid in ids if tally.holds_year(ledger, year - 1, scope[oid])]
    if with_last_year:
        last_ids = sorted({i for oid in with_last_year for i in scope[oid]})
        prev_new = desk.new_requests(ledger, year - 1, last_ids)
        prev_cases = desk.case_figures(ledger, year - 1, last_ids)
        for oid in with_last_year:
            group = scope[oid]
            v = out[oid].values
            v["items_change"] = v["items"] - sum(tally.item_counts(ledger, year - 1, group).values())
            v["requests_change"] = v["requests_new"] - sum(prev_new.get(i, 0) for i in group)
            v["cases_change"] = v["cases"] - sum(prev_cases.get(i, (0, 0, 0))[0] for i in group)
    return out

