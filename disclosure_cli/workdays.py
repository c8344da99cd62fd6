"""Mainland-China working days and the statutory answer deadlines built on them (issue 4).

Chinese working days move every year: statutory holidays and 调休 make-up working days are fixed by
the State Council's yearly notice. chinesecalendar supplies them for the years it knows; the ledger
adds its own recorded days (`disc holiday add` / `disc holiday import`), which win over the library.
A year nobody knows is counted Monday–Friday and every result touching it is marked 暂定 — never a
silent guess.

Pure library: no database, no CLI. The ledger builds one ``WorkCalendar`` from its override rows and
passes it to ``compute_deadline``.
"""

from __future__ import annotations

import os
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import ModuleType

from disclosure_cli.errors import BadInput, DiscError

ANSWER_DAYS = 20  # 条例第三十三条第二款
MAX_EXTENSION_DAYS = 20  # 条例第三十三条第二款：延长的期限最长不得超过20个工作日
CORRECTION_NOTICE_DAYS = 7  # 条例第三十条

WEEKDAY_NAMES = "一二三四五六日"

# chinesecalendar names its festivals in English; these are the names the State Council's notice uses.
_LIBRARY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}
MAKEUP_SUFFIX = "调休上班"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class DayOverride:
    """One day the ledger states as off (working=False) or working, e.g. from the yearly notice."""

    day: date
    working: bool
    reason: str = ""


@dataclass(frozen=True)
class Pause:
    """Time that does not count (条例第三十二—三十四条 consultation; 收费通知→缴费). end=None: still running."""

    start: date
    end: date | None
    reason: str = ""


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one day, and why.

    kind: "workday" (an ordinary Monday–Friday), "weekend", "holiday" (a named day off),
    "makeup" (a weekend day worked, 调休). source: "library" (chinesecalendar), "ledger" (an override),
    "rule" (plain weekday rule in a known year), "provisional" (year unknown: weekday rule, 暂定).
    """

    day: date
    working: bool
    kind: str
    reason: str
    source: str


@dataclass
class Deadline:
    """An answer deadline with the reasoning a clerk can read out (``steps``)."""

    due: date
    provisional: bool  # some day counted lies in a year whose arrangement nobody knows yet (暂定)
    correction_due: date | None  # last day for the 补正 notice; None when no 补正 is recorded
    correction_late: bool
    steps: list[str] = field(default_factory=list)
    start: date | None = None  # the day counting is based on (receipt, or 补正 received); counting starts the next day
    working_days: int = ANSWER_DAYS  # 20 + extension
    stopped: str | None = None  # why the clock is stopped right now (awaiting 补正, open pause); never overdue then


# --------------------------------------------------------------------------- library access

_lib: ModuleType | None = None


def _library() -> ModuleType:
    """chinese_calendar, imported on first use (it is only needed when a calendar is consulted)."""
    global _lib
    if _lib is None:
        try:
            import chinese_calendar
        except ImportError as exc:  # pragma: no cover - a broken install, not a user error
            raise DiscError("缺少 chinesecalendar 程序库，无法计算工作日；请重新安装 disc") from exc
        _lib = chinese_calendar
    return _lib


def _library_knows(year: int) -> bool:
    """Does chinesecalendar hold the State Council's arrangement for ``year``?

    DISC_CALENDAR_LAST_YEAR caps what the library is trusted for: years after it count as not yet
    announced. The test suite sets it so that its hand-computed 暂定 cases do not change when a
    new chinesecalendar release adds next year (issue 18); a clerk can use it to see a deadline as
    it was computed before the library was updated.
    """
    cap = os.environ.get("DISC_CALENDAR_LAST_YEAR")
    if cap:
        try:
            if year > int(cap):
                return False
        except ValueError:
            raise BadInput(f"环境变量 DISC_CALENDAR_LAST_YEAR 应为年份，如 2026，而不是「{cap}」") from None
    try:
        _library().is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


_LIBRARY_YEARS: dict[int, tuple[bytes, dict[int, DayInfo]]] = {}


def _library_year(y: int) -> tuple[bytes, dict[int, DayInfo]]:
    """A year as chinesecalendar has it (working days, named days), read once per process: every
    calendar of every ledger a command opens shares it (asking the library day by day costs 12–20 ms
    a year, and `disc demo` builds a calendar for each of its letters)."""
    got = _LIBRARY_YEARS.get(y)
    if got is None:
        lib = _library()
        first = date(y, 1, 1)
        n = (date(y + 1, 1, 1) - first).days
        work = bytearray(n)
        special: dict[int, DayInfo] = {}
        for i in range(n):
            d = first + timedelta(days=i)
            off, name = lib.get_holiday_detail(d)
            work[i] = not off
            if name:
                cname = _library_name(name)
                if off:
                    special[i] = DayInfo(d, False, "holiday", cname, "library")
                else:
                    special[i] = DayInfo(d, True, "makeup" if d.weekday() >= 5 else "workday", cname + MAKEUP_SUFFIX, "library")
        got = _LIBRARY_YEARS[y] = (bytes(work), special)
    return got


def _weekday_year(y: int) -> tuple[bytes, dict[int, DayInfo]]:
    """A year nobody has published the arrangement of: Monday to Friday (暂定)."""
    first = date(y, 1, 1)
    n = (date(y + 1, 1, 1) - first).days
    return bytes(int((first + timedelta(days=i)).weekday() < 5) for i in range(n)), {}


def _library_name(name: str) -> str:
    if name in _LIBRARY_NAMES:
        return _LIBRARY_NAMES[name]
    try:
        return _library().Holiday(name).chinese
    except (ValueError, AttributeError):
        return name


# --------------------------------------------------------------------------- formatting


def fmt_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def fmt_day(d: date) -> str:
    """2024年2月8日（星期四）."""
    return f"{fmt_date(d)}（星期{WEEKDAY_NAMES[d.weekday()]}）"


def fmt_range(a: date, b: date, prev: date | None = None) -> str:
    """2024年2月10日至17日; the year is left out when it equals that of ``prev``."""
    head = fmt_date(a) if prev is None or prev.year != a.year else f"{a.month}月{a.day}日"
    if a == b:
        return head
    if a.year != b.year:
        return f"{head}至{fmt_date(b)}"
    if a.month != b.month:
        return f"{head}至{b.month}月{b.day}日"
    return f"{head}至{b.day}日"


def _ranges(days: Sequence[date]) -> list[tuple[date, date]]:
    """Consecutive runs of sorted days."""
    out: list[tuple[date, date]] = []
    for d in days:
        if out and (d - out[-1][1]).days == 1:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


def _ranges_text(days: Sequence[date]) -> str:
    parts, prev = [], None
    for a, b in _ranges(days):
        parts.append(fmt_range(a, b, prev))
        prev = b
    return "、".join(parts)


# --------------------------------------------------------------------------- calendar


class _Year:
    """One year precomputed: a working-day flag per day and running counts, so hot loops never call the library."""

    __slots__ = ("year", "first", "last", "work", "cum", "known", "special")

    def __init__(self, year: int, work: bytearray, known: bool, special: dict[int, DayInfo]):
        self.year = year
        self.first = date(year, 1, 1).toordinal()
        self.last = date(year, 12, 31).toordinal()
        self.work = work
        cum = array("H", [0])
        n = 0
        for w in work:
            n += w
            cum.append(n)
        self.cum = cum  # cum[i] = working days among the year's first i days
        self.known = known
        self.special = special  # day index -> DayInfo, for the days that are not ordinary


def _as_pause(p: Pause | Sequence) -> Pause:
    if isinstance(p, Pause):
        return p
    if len(p) == 2:
        return Pause(p[0], p[1])
    if len(p) == 3:
        return Pause(p[0], p[1], p[2] or "")
    raise BadInput(f"暂停期间应为（开始日期, 结束日期[, 原因]），而不是 {p!r}")


def _merge(paused: Iterable[Pause | Sequence]) -> list[tuple[int, int]]:
    """Paused (from, to) inclusive ranges as merged ordinal intervals."""
    spans = []
    for raw in paused:
        p = _as_pause(raw)
        if p.end is None:
            raise BadInput(f"暂停期间（{fmt_date(p.start)}起）尚未结束：请给出结束日期")
        if p.end < p.start:
            raise BadInput(f"暂停期间的结束日期 {fmt_date(p.end)} 早于开始日期 {fmt_date(p.start)}")
        spans.append((p.start.toordinal(), p.end.toordinal()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


class WorkCalendar:
    """Working days of mainland China: ledger overrides, then chinesecalendar, then Monday–Friday (暂定).

    A year is known when chinesecalendar covers it or at least one override lies in it (the clerk
    recorded that year's arrangement). If the same day is given twice, the later override wins.
    """

    def __init__(self, overrides: Iterable[DayOverride] = ()):
        by_day: dict[date, DayOverride] = {}
        for o in overrides:
            if not isinstance(o, DayOverride):
                raise BadInput(f"节假日调整应为 DayOverride，而不是 {o!r}")
            by_day[o.day] = o
        self._overrides = tuple(sorted(by_day.values(), key=lambda o: o.day))
        self._by_year: dict[int, dict[date, DayOverride]] = {}
        for o in self._overrides:
            self._by_year.setdefault(o.day.year, {})[o.day] = o
        self._years: dict[int, _Year] = {}
        self._memo: dict[tuple[date, int], tuple[date, bool]] = {}

    @property
    def overrides(self) -> tuple[DayOverride, ...]:
        return self._overrides

    def with_overrides(self, more: Iterable[DayOverride]) -> WorkCalendar:
        """A new calendar with ``more`` added on top (e.g. to preview an import before recording it)."""
        return WorkCalendar([*self._overrides, *more])

    # ---- per-year cache
    def _year(self, y: int) -> _Year:
        yr = self._years.get(y)
        if yr is None:
            yr = self._years[y] = self._build(y)
        return yr

    def _build(self, y: int) -> _Year:
        by_lib = _library_knows(y)
        ov = self._by_year.get(y, {})
        known = by_lib or bool(ov)
        base_work, base_special = _library_year(y) if by_lib else _weekday_year(y)
        work = bytearray(base_work)
        special = dict(base_special)
        first = date(y, 1, 1)
        for d, o in ov.items():  # the ledger's statements over the library
            i = (d - first).days
            weekend = d.weekday() >= 5
            if o.working:
                kind = "makeup" if weekend else "workday"
                reason = o.reason or "台账登记：上班"
            else:
                kind = "holiday" if (o.reason or not weekend) else "weekend"
                reason = o.reason or "台账登记：放假"
            work[i] = o.working
            special[i] = DayInfo(d, o.working, kind, reason, "ledger")
        return _Year(y, work, known, special)

    # ---- single days
    def is_known_year(self, y: int) -> bool:
        """True when chinesecalendar covers ``y`` or the ledger recorded at least one day in it."""
        return y in self._by_year or self._year(y).known

    def is_provisional(self, d: date) -> bool:
        """True when ``d``'s year is unknown and the weekday rule is a guess (暂定)."""
        return not self.is_known_year(d.year)

    def is_workday(self, d: date) -> bool:
        yr = self._year(d.year)
        return bool(yr.work[d.toordinal() - yr.first])

    def day_info(self, d: date) -> DayInfo:
        """Whether ``d`` is worked and why: holiday name, 调休, ledger override, weekend, or 暂定."""
        yr = self._year(d.year)
        info = yr.special.get(d.toordinal() - yr.first)
        if info is not None:
            return info
        weekend = d.weekday() >= 5
        source = "rule" if yr.known else "provisional"
        return DayInfo(d, not weekend, "weekend" if weekend else "workday", "周末" if weekend else "", source)

    def special_days(self, start: date, end: date) -> list[DayInfo]:
        """The days between start and end (inclusive) that are not ordinary weekdays/weekends (for `holiday list`)."""
        out = []
        for y in range(start.year, end.year + 1):
            yr = self._year(y)
            for i in sorted(yr.special):
                info = yr.special[i]
                if start <= info.day <= end:
                    out.append(info)
        return out

    # ---- counting
    def _count(self, a: int, b: int) -> int:
        """Working days among ordinals a..b inclusive."""
        total = 0
        while a <= b:
            yr = self._year(date.fromordinal(a).year)
            e = min(b, yr.last)
            total += yr.cum[e - yr.first + 1] - yr.cum[a - yr.first]
            a = e + 1
        return total

    def _nth_after(self, start: int, n: int) -> int:
        """Ordinal of the n-th working day strictly after ordinal ``start`` (n >= 1)."""
        a = start + 1
        while True:
            yr = self._year(date.fromordinal(a).year)
            i = a - yr.first
            avail = yr.cum[-1] - yr.cum[i]
            if avail >= n:
                return yr.first + bisect_left(yr.cum, yr.cum[i] + n) - 1
            n -= avail
            a = yr.last + 1

    def _any_unknown(self, a: date, b: date) -> bool:
        years = self._years
        for y in range(a.year, b.year + 1):
            yr = years.get(y) or self._year(y)
            if not yr.known:
                return True
        return False

    def add_workdays(self, start: date, n: int, paused: Iterable[Pause | Sequence] = ()) -> tuple[date, bool]:
        """The n-th working day after ``start`` (start itself not counted), and whether it is 暂定.

        Working days inside any paused (from, to) range, inclusive, do not count.
        """
        if n < 0:
            raise BadInput(f"工作日数不能为负数：{n}")
        if n == 0:
            return start, False
        if not paused:
            # many applications share a receipt date: remember plain (start, n) answers
            hit = self._memo.get((start, n))
            if hit is None:
                due = date.fromordinal(self._nth_after(start.toordinal(), n))
                hit = self._memo[(start, n)] = (due, self._any_unknown(start + timedelta(days=1), due))
            return hit
        cur, left = start.toordinal(), n
        for pa, pb in _merge(paused) if paused else ():
            if pb <= cur:
                continue
            cand = self._nth_after(cur, left)
            if cand < pa:
                break
            left -= self._count(cur + 1, pa - 1)
            cur = pb
        due = date.fromordinal(self._nth_after(cur, left))
        return due, self._any_unknown(start + timedelta(days=1), due)

    def workdays_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b``; negative when b is before a.

        workdays_between(today, due) <= N is "due within N working days" (--due-within N);
        workdays_between(due, today) is how many working days an answer is overdue.
        """
        if b == a:
            return 0
        if b > a:
            return self._count(a.toordinal() + 1, b.toordinal())
        return -self._count(b.toordinal() + 1, a.toordinal())


# --------------------------------------------------------------------------- deadlines


def overdue(deadline: Deadline, today: date) -> bool:
    """True when ``today`` is past the due date and the clock is running (also: answered late, with the answer date)."""
    return deadline.stopped is None and today > deadline.due


def _explain_window(cal: WorkCalendar, start: date, due: date, pauses: list[Pause]) -> list[str]:
    """Lines naming every day in (start, due] that was or was not counted, and why."""
    lines: list[str] = []
    first = start + timedelta(days=1)
    if due < first:
        return lines
    span = (due - first).days + 1
    counted = cal.workdays_between(start, due)

    def paused_by(d: date) -> Pause | None:
        for p in pauses:
            if p.start <= d <= (p.end or p.start):
                return p
        return None

    holidays: dict[str, list[date]] = {}
    weekends: list[date] = []
    makeups: list[DayInfo] = []
    paused_days: dict[Pause, list[date]] = {}
    guessed_years: dict[int, list[date]] = {}
    for i in range(span):
        d = first + timedelta(days=i)
        info = cal.day_info(d)
        if info.source == "provisional":
            guessed_years.setdefault(d.year, []).append(d)
        p = paused_by(d)
        if p is not None:
            paused_days.setdefault(p, []).append(d)
            continue
        if info.kind == "holiday":
            holidays.setdefault(info.reason, []).append(d)
        elif info.kind == "weekend":
            weekends.append(d)
        elif info.kind == "makeup":
            makeups.append(info)

    paused_work = sum(1 for days in paused_days.values() for d in days if cal.is_workday(d))
    lines.append(
        f"计算区间：{fmt_range(first, due)}，共{span}个自然日；计入工作日{counted - paused_work}个。"
    )
    events: list[tuple[date, str]] = []
    for reason, days in holidays.items():
        for a, b in _ranges(days):
            n = (b - a).days + 1
            mark = "（台账登记）" if cal.day_info(a).source == "ledger" else ""
            events.append((a, f"不计：{reason}放假{mark}，{fmt_range(a, b)}，{n}天。"))
    for info in makeups:
        mark = "（台账登记）" if info.source == "ledger" else ""
        events.append((info.day, f"计入：{fmt_day(info.day)}，{info.reason}{mark}。"))
    for p, days in paused_days.items():
        work = sum(1 for d in days if cal.is_workday(d))
        why = f"（{p.reason}）" if p.reason else ""
        events.append(
            (days[0], f"不计：暂停{why}，{_ranges_text(days)}，其中工作日{work}天"
             "（征求第三方或其他机关意见、缴纳信息处理费的时间不计入答复期限）。")
        )
    events.sort(key=lambda e: e[0])
    if weekends:
        guessed = any(cal.day_info(d).source == "provisional" for d in weekends)
        lines.append(f"不计：周末{'（含暂定）' if guessed else ''}共{len(weekends)}天，{_ranges_text(weekends)}。")
    lines.extend(text for _, text in events)
    for y, days in sorted(guessed_years.items()):
        lines.append(
            f"暂定：{y}年的节假日安排尚未知（chinesecalendar 没有该年数据，台账也未登记），"
            f"{fmt_range(days[0], days[-1])}暂按星期一至星期五为工作日计算；"
            f"国务院公布{y}年节假日安排后，用 disc holiday import 或 disc holiday add 登记，期限即重新计算。"
        )
    return lines


def compute_deadline(
    cal: WorkCalendar,
    received: date,
    *,
    correction_sent: date | None = None,
    correction_received: date | None = None,
    extension_days: int = 0,
    extension_approved_by: str | None = None,
    pauses: Iterable[Pause | Sequence] = (),
    today: date | None = None,
    explain: bool = True,
) -> Deadline:
    """The answer deadline of one application per 条例第三十、三十三条, explained step by step.

    20 working days from the day after receipt; after a 补正 the 20 days restart from the day after it
    arrives; one extension of at most 20 working days; paused time (consultation, fee notice→payment)
    does not count. A pause with end=None is still running: it is counted up to ``today`` and the
    clock is reported as stopped; so is a 补正 sent but not yet received. explain=False skips the step
    text (hot loops over many applications).
    """
    if extension_days:
        if extension_days < 0:
            raise BadInput(f"延长天数不能为负数：{extension_days}")
        if extension_days > MAX_EXTENSION_DAYS:
            raise BadInput(
                f"延长答复期限最长不得超过{MAX_EXTENSION_DAYS}个工作日（条例第三十三条第二款），"
                f"而不是{extension_days}个"
            )
        if not (extension_approved_by or "").strip():
            raise BadInput("延长答复期限须经政府信息公开工作机构负责人同意（条例第三十三条第二款）：请注明批准人")
    if correction_sent is not None and correction_sent < received:
        raise BadInput(f"补正通知发出日期 {fmt_date(correction_sent)} 早于收到申请之日 {fmt_date(received)}")
    if correction_received is not None:
        if correction_received < received:
            raise BadInput(f"收到补正日期 {fmt_date(correction_received)} 早于收到申请之日 {fmt_date(received)}")
        if correction_sent is not None and correction_received < correction_sent:
            raise BadInput(
                f"收到补正日期 {fmt_date(correction_received)} 早于补正通知发出日期 {fmt_date(correction_sent)}"
            )

    stopped: str | None = None
    correction_due: date | None = None
    correction_late = False
    if correction_sent is not None or correction_received is not None:
        correction_due, _ = cal.add_workdays(received, CORRECTION_NOTICE_DAYS)
        correction_late = correction_sent is not None and correction_sent > correction_due
        if correction_received is None:
            stopped = "等待申请人补正"

    # an open pause runs up to today (or is only its first day when today is not given)
    resolved: list[Pause] = []
    open_pauses: list[Pause] = []
    for raw in pauses:
        p = _as_pause(raw)
        if p.end is None:
            open_pauses.append(p)
            p = Pause(p.start, max(p.start, today) if today is not None else p.start, p.reason)
            if stopped is None:
                stopped = f"暂停中：{p.reason}" if p.reason else "暂停中"
        resolved.append(p)

    anchor = correction_received or received
    total = ANSWER_DAYS + extension_days
    due, provisional = cal.add_workdays(anchor, total, resolved)
    if anchor != received:
        provisional = provisional or cal._any_unknown(received + timedelta(days=1), due)
    deadline = Deadline(
        due=due,
        provisional=provisional,
        correction_due=correction_due,
        correction_late=correction_late,
        start=anchor,
        working_days=total,
        stopped=stopped,
    )
    if explain:
        deadline.steps = _explain(
            cal, deadline, received, correction_sent, correction_received, extension_days,
            extension_approved_by, resolved, open_pauses, today,
        )
    return deadline


def _explain(
    cal: WorkCalendar,
    dl: Deadline,
    received: date,
    correction_sent: date | None,
    correction_received: date | None,
    extension_days: int,
    approved_by: str | None,
    pauses: list[Pause],
    open_pauses: list[Pause],
    today: date | None,
) -> list[str]:
    """The step-by-step text of ``compute_deadline``, in the order a clerk would reason."""
    steps = [f"收到申请之日：{fmt_day(received)}；自次日起按工作日计算（条例第三十三条）。"]
    say = steps.append
    if dl.correction_due is not None:
        rule = (
            f"补正通知应于收到申请之日起{CORRECTION_NOTICE_DAYS}个工作日内一次性发出，"
            f"最迟{fmt_day(dl.correction_due)}"
        )
        if correction_sent is None:
            say(f"{rule}；台账没有补正通知发出日期，无法判断是否按时。")
        elif dl.correction_late:
            say(f"{rule}；实际{fmt_date(correction_sent)}发出，逾期（条例第三十条）。")
        else:
            say(f"{rule}；实际{fmt_date(correction_sent)}发出，按时。")
        if correction_received is None:
            say("尚未收到补正：收到补正之日起答复期限重新计算（条例第三十条）；以下按原收到申请之日计算，仅供参考。")
        else:
            say(f"{fmt_day(correction_received)}收到补正：答复期限自次日起重新计算{ANSWER_DAYS}个工作日（条例第三十条）。")
    else:
        cdue, _ = cal.add_workdays(received, CORRECTION_NOTICE_DAYS)
        if today is None or today <= cdue:
            say(f"如需补正，应于{fmt_day(cdue)}前一次性告知申请人（条例第三十条）。")
    if extension_days:
        say(
            f"延长答复期限{extension_days}个工作日，经{(approved_by or '').strip()}同意"
            f"（条例第三十三条第二款，最长{MAX_EXTENSION_DAYS}个工作日）：共{dl.working_days}个工作日。"
        )
    else:
        say(f"答复期限：{ANSWER_DAYS}个工作日。")
    for p in open_pauses:
        end = max(p.start, today) if today is not None else p.start
        why = f"（{p.reason}）" if p.reason else ""
        say(f"暂停{why}自{fmt_date(p.start)}起尚未结束：暂按持续到{fmt_date(end)}计算，结束后期限顺延。")
    anchor, due = dl.start or received, dl.due
    inside = []
    for p in pauses:
        assert p.end is not None
        if p.end <= anchor:
            say(f"暂停{fmt_range(p.start, p.end)}在起算日之前，不影响期限。")
        elif p.start > due:
            say(f"暂停{fmt_range(p.start, p.end)}在答复期限之后，不影响期限。")
        else:
            inside.append(p)
    steps.extend(_explain_window(cal, anchor, due, inside))
    say(f"答复期限：{fmt_day(due)}，即第{dl.working_days}个工作日{'【暂定】' if dl.provisional else ''}。")
    if today is not None:
        if dl.stopped is not None:
            say(f"今天（{fmt_date(today)}）：计时停止（{dl.stopped}）。")
        elif today <= due:
            say(f"今天（{fmt_date(today)}）距答复期限还有{cal.workdays_between(today, due)}个工作日（不含今天）。")
        else:
            say(f"今天（{fmt_date(today)}）已逾期{cal.workdays_between(due, today)}个工作日。")
    return steps


# --------------------------------------------------------------------------- the State Council's notice

_SECTION = re.compile(r"(?:^|(?<=[。\s]))([一二三四五六七八九十]{1,3})[、，,.．]\s*([^：:\n。]{1,40}?)\s*[：:]", re.M)
_TOKEN = re.compile(
    r"(?P<date>(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日)(?:[（(](?P<note>[^（()）]*)[）)])?"
    r"|(?P<paren>[（(][^（()）]*[）)])"
    r"|(?P<sep>[至到~～\-－—–]+)"
    r"|(?P<off>放假|补休)"
    r"|(?P<work>上班)"
)
_TITLE_YEAR = (
    re.compile(r"关于(\d{4})年部分节假日安排"),
    re.compile(r"现将(\d{4})年"),
    re.compile(r"(\d{4})年部分节假日安排"),
)
_WEEKDAY_NOTE = re.compile(r"(?:周|星期)([一二三四五六日天])")
_COUNT = re.compile(r"(?:共|放假)(\d+)天")


def _squash(text: str) -> str:
    return "".join(text.split())


def _notice_year(text: str) -> int | None:
    flat = _squash(text)
    for rx in _TITLE_YEAR:
        m = rx.search(flat)
        if m:
            return int(m.group(1))
    return None


def _section_bodies(text: str) -> list[tuple[str, str]]:
    """(festival, body) for each numbered section; a body is its paragraph, joined across wrapped lines."""
    starts = list(_SECTION.finditer(text))
    out = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        lines = text[m.end() : end].split("\n")
        body = lines[0].strip()
        for line in lines[1:]:
            s = line.strip()
            if not s:
                break
            # a line after a finished sentence continues the section only when it goes on with dates
            if body.endswith("。") and not re.match(r"\d", s):
                break
            body += s
        out.append((_squash(m.group(2)), _squash(body)))
    return out


def _parse_section(name: str, body: str, year: int) -> dict[date, bool]:
    quote = f"「{name}：{body}」"
    days: dict[date, bool] = {}
    cur_y, cur_m = year, None
    for sentence in re.split(r"[。；;]", body):
        if not sentence or sentence.startswith("其中"):
            continue
        pending: list[list[date]] = []
        range_open = False
        for tok in _TOKEN.finditer(sentence):
            if tok.group("date"):
                explicit_year = tok.group("y") is not None
                if explicit_year:
                    cur_y = int(tok.group("y"))
                if tok.group("m"):
                    cur_m = int(tok.group("m"))
                if cur_m is None:
                    raise BadInput(f"无法确定「{tok.group('date')}」的月份：{quote}")
                try:
                    d = date(cur_y, cur_m, int(tok.group("d")))
                    if range_open and pending and d < pending[-1][0] and not explicit_year:
                        cur_y += 1
                        d = date(cur_y, cur_m, int(tok.group("d")))
                except ValueError:
                    raise BadInput(f"「{tok.group('date')}」不是有效日期（{cur_y}年）：{quote}") from None
                note = tok.group("note") or ""
                wm = _WEEKDAY_NOTE.search(note)
                if wm:
                    said = "一二三四五六日".index(wm.group(1).replace("天", "日"))
                    if said != d.weekday():
                        raise BadInput(
                            f"通知写「{tok.group(0)}」，但{fmt_date(d)}是星期{WEEKDAY_NAMES[d.weekday()]}："
                            f"年份是否有误？{quote}"
                        )
                if abs(d.year - year) > 1:
                    raise BadInput(f"{fmt_date(d)}不在{year}年前后：{quote}")
                if range_open and pending:
                    if d < pending[-1][0]:
                        raise BadInput(f"日期范围的结束日早于开始日：{quote}")
                    pending[-1][1] = d
                else:
                    pending.append([d, d])
                range_open = False
            elif tok.group("sep"):
                range_open = bool(pending)
            elif tok.group("off") or tok.group("work"):
                working = bool(tok.group("work"))
                for a, b in pending:
                    d = a
                    while d <= b:
                        if days.get(d, working) != working:
                            raise BadInput(f"{fmt_date(d)}既放假又上班：{quote}")
                        days[d] = working
                        d += timedelta(days=1)
                pending, range_open = [], False
        if pending:
            raise BadInput(f"看不出「{sentence}」中的日期是放假还是上班：{quote}")
    if not any(not w for w in days.values()):
        raise BadInput(f"没有识别出放假日期：{quote}")
    m = _COUNT.search(body)
    if m:
        said, got = int(m.group(1)), sum(1 for w in days.values() if not w)
        if said != got:
            raise BadInput(f"通知写共{said}天，但识别出的放假日期是{got}天：{quote}")
    return days


def parse_notice(text: str, year: int | None = None) -> list[DayOverride]:
    """Days off and make-up working days from the State Council's yearly notice, as published.

    Reads numbered sections such as "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）
    放假调休，共9天。2月14日（周六）、2月28日（周六）上班。" Days off get the festival as reason,
    make-up days "<节日>调休上班". The year comes from the title when not given. Anything in a
    section it cannot place raises BadInput quoting the section, and so do weekday annotations that
    do not match the year (a notice imported under the wrong year).
    """
    title_year = _notice_year(text)
    if year is None:
        year = title_year
        if year is None:
            raise BadInput("通知标题中找不到年份（“关于YYYY年部分节假日安排的通知”）：请指定年份")
    elif title_year is not None and title_year != year:
        raise BadInput(f"指定的年份 {year} 与通知标题中的 {title_year} 年不一致")
    sections = _section_bodies(text)
    if not sections:
        raise BadInput("没有找到“一、元旦：1月1日放假……”这样的放假安排段落")
    seen: dict[date, DayOverride] = {}
    for name, body in sections:
        for d, working in _parse_section(name, body, year).items():
            o = DayOverride(d, working, f"{name}{MAKEUP_SUFFIX}" if working else name)
            prev = seen.get(d)
            if prev is not None and prev.working != working:
                raise BadInput(f"{fmt_date(d)}在「{prev.reason}」和「{o.reason}」中安排不一致")
            seen.setdefault(d, o)
    return sorted(seen.values(), key=lambda o: o.day)


def summarize_overrides(overrides: Iterable[DayOverride]) -> list[str]:
    """One line per festival — days off as ranges, make-up days listed — to show before recording an import."""
    groups: dict[str, tuple[list[date], list[date]]] = {}
    for o in sorted(overrides, key=lambda o: o.day):
        key = o.reason.removesuffix(MAKEUP_SUFFIX) if o.working else o.reason
        key = key or ("上班" if o.working else "放假")
        groups.setdefault(key, ([], []))[1 if o.working else 0].append(o.day)
    lines = []
    for key, (off, work) in sorted(groups.items(), key=lambda kv: (kv[1][0] or kv[1][1])[0]):
        parts = []
        if off:
            parts.append(f"放假 {_ranges_text(off)}（{len(off)}天）")
        if work:
            parts.append("上班 " + "、".join(fmt_day(d) for d in work))
        lines.append(f"{key}：{'；'.join(parts)}")
    return lines
