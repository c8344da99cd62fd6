"""Working-day calendar, statutory deadlines and the yearly holiday notice (issue 4)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_cli.errors import BadInput
from disclosure_cli.workdays import (
    DayOverride,
    Pause,
    WorkCalendar,
    compute_deadline,
    overdue,
    parse_notice,
    summarize_overrides,
)

FIXTURES = Path(__file__).parent / "fixtures"
D = date


def notice(year: int) -> str:
    return (FIXTURES / f"holiday-notice-{year}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


# --------------------------------------------------------------------------- the calendar


def test_spring_festival_2024_with_tiaoxiu_sundays(cal):
    assert cal.is_workday(D(2024, 2, 4))  # Sunday, 调休上班
    assert cal.is_workday(D(2024, 2, 8))
    assert cal.is_workday(D(2024, 2, 9))  # 除夕 was a working day in 2024
    assert [cal.is_workday(D(2024, 2, d)) for d in range(10, 18)] == [False] * 8
    assert cal.is_workday(D(2024, 2, 18))  # Sunday, 调休上班
    assert not cal.is_workday(D(2024, 2, 24))  # ordinary Saturday
    info = cal.day_info(D(2024, 2, 18))
    assert (info.working, info.kind, info.reason, info.source) == (True, "makeup", "春节调休上班", "library")
    info = cal.day_info(D(2024, 2, 12))
    assert (info.working, info.kind, info.reason, info.source) == (False, "holiday", "春节", "library")


def test_national_day_2024_with_tiaoxiu_weekend(cal):
    assert cal.is_workday(D(2024, 9, 29))  # Sunday
    assert [cal.is_workday(D(2024, 10, d)) for d in range(1, 8)] == [False] * 7
    assert cal.is_workday(D(2024, 10, 12))  # Saturday
    assert not cal.is_workday(D(2024, 10, 13))


def test_known_years_and_the_fallback(cal):
    assert cal.is_known_year(2004) and cal.is_known_year(2026)
    assert not cal.is_known_year(2027)
    assert cal.is_provisional(D(2027, 1, 1)) and not cal.is_provisional(D(2026, 12, 31))
    # unknown year: Monday–Friday, marked provisional, no exception from the library
    assert cal.is_workday(D(2027, 1, 1))  # a Friday
    assert not cal.is_workday(D(2027, 1, 2))
    assert cal.day_info(D(2027, 1, 2)).source == "provisional"


def _first_year_the_library_lacks() -> int:
    y = 2026
    while True:
        try:
            chinese_calendar.is_workday(D(y, 1, 1))
        except NotImplementedError:
            return y
        y += 1


def test_uncapped_the_library_decides_which_years_are_known(monkeypatch):
    """Whatever chinesecalendar release is installed: the years it covers are known, the first one
    it lacks is counted Monday–Friday and marked 暂定 (found at run time, not written in the test)."""
    monkeypatch.delenv("DISC_CALENDAR_LAST_YEAR")
    unknown = _first_year_the_library_lacks()
    cal = WorkCalendar()
    assert cal.is_known_year(unknown - 1) and not cal.is_provisional(D(unknown - 1, 12, 31))
    assert not cal.is_known_year(unknown) and cal.is_provisional(D(unknown, 1, 1))
    first_monday = next(D(unknown, 3, d) for d in range(1, 8) if D(unknown, 3, d).weekday() == 0)
    assert cal.is_workday(first_monday) and not cal.is_workday(first_monday - timedelta(days=1))
    assert cal.day_info(first_monday).source == "provisional"


def test_the_cap_hides_later_library_years(monkeypatch):
    monkeypatch.setenv("DISC_CALENDAR_LAST_YEAR", "2023")
    cal = WorkCalendar()
    assert cal.is_known_year(2023) and not cal.is_known_year(2024)
    assert cal.is_workday(D(2024, 2, 12))  # the library's Spring Festival is not used: a Monday, 暂定
    monkeypatch.setenv("DISC_CALENDAR_LAST_YEAR", "二〇二三")
    with pytest.raises(BadInput, match="DISC_CALENDAR_LAST_YEAR"):
        WorkCalendar().is_known_year(2024)


def test_overrides_win_and_make_a_year_known():
    cal = WorkCalendar([DayOverride(D(2024, 2, 9), False, "地方规定：除夕放假"), DayOverride(D(2027, 1, 1), False, "元旦")])
    assert not cal.is_workday(D(2024, 2, 9))
    assert cal.day_info(D(2024, 2, 9)).source == "ledger"
    assert cal.is_known_year(2027) and not cal.is_provisional(D(2027, 6, 1))
    assert not cal.is_workday(D(2027, 1, 1))
    # later override for the same day wins
    cal2 = WorkCalendar([DayOverride(D(2027, 1, 1), False, "元旦"), DayOverride(D(2027, 1, 1), True, "更正")])
    assert cal2.is_workday(D(2027, 1, 1))
    assert len(cal2.overrides) == 1


def test_special_days_for_holiday_list(cal):
    days = cal.special_days(D(2024, 9, 28), D(2024, 10, 13))
    assert [(i.day.isoformat(), i.working, i.reason) for i in days] == [
        ("2024-09-29", True, "国庆节调休上班"),
        *[(f"2024-10-0{d}", False, "国庆节") for d in range(1, 8)],
        ("2024-10-12", True, "国庆节调休上班"),
    ]


def test_chinese_calendar_is_imported_lazily():
    code = "import sys, disclosure_cli.workdays; print('chinese_calendar' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- counting


def test_add_workdays_from_the_last_working_day_before_spring_festival_2024(cal):
    assert cal.add_workdays(D(2024, 2, 8), 20) == (D(2024, 3, 13), False)
    assert cal.add_workdays(D(2024, 2, 8), 40) == (D(2024, 4, 11), False)
    assert cal.add_workdays(D(2024, 2, 8), 1) == (D(2024, 2, 9), False)
    assert cal.add_workdays(D(2024, 2, 9), 1) == (D(2024, 2, 18), False)
    assert cal.add_workdays(D(2024, 2, 8), 0) == (D(2024, 2, 8), False)
    with pytest.raises(BadInput):
        cal.add_workdays(D(2024, 2, 8), -1)


def test_add_workdays_skips_paused_working_days(cal):
    # 2024-03-01 (Fri) + 20 → 03-29; pausing 03-11..03-15 (5 working days) pushes it over 清明 to 04-08
    assert cal.add_workdays(D(2024, 3, 1), 20) == (D(2024, 3, 29), False)
    assert cal.add_workdays(D(2024, 3, 1), 20, [(D(2024, 3, 11), D(2024, 3, 15))]) == (D(2024, 4, 8), False)
    # overlapping pauses count once; a pause before the start changes nothing
    assert cal.add_workdays(
        D(2024, 3, 1), 20, [(D(2024, 3, 11), D(2024, 3, 13)), Pause(D(2024, 3, 12), D(2024, 3, 15), "x"), (D(2024, 2, 1), D(2024, 2, 5))]
    ) == (D(2024, 4, 8), False)
    with pytest.raises(BadInput):
        cal.add_workdays(D(2024, 3, 1), 20, [(D(2024, 3, 15), D(2024, 3, 11))])


def _naive_add(cal: WorkCalendar, start: date, n: int, paused: list[tuple[date, date]]) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        if cal.is_workday(d) and not any(a <= d <= b for a, b in paused):
            n -= 1
    return d


_days = st.dates(min_value=D(2023, 1, 1), max_value=D(2027, 6, 30))
_CAL_2027_NEW_YEAR = WorkCalendar([DayOverride(D(2027, 1, 1), False, "元旦")])


@settings(max_examples=200, deadline=None)
@given(
    start=_days,
    n=st.integers(min_value=1, max_value=45),
    spans=st.lists(st.tuples(_days, st.integers(min_value=0, max_value=40)), max_size=3),
)
def test_add_workdays_agrees_with_counting_day_by_day(start, n, spans):
    cal = _CAL_2027_NEW_YEAR
    paused = [(a, a + timedelta(days=k)) for a, k in spans]
    due, _ = cal.add_workdays(start, n, paused)
    assert due == _naive_add(cal, start, n, paused)
    if not paused:
        assert cal.workdays_between(start, due) == n
        assert cal.workdays_between(due, start) == -n


def test_workdays_between_for_due_within(cal):
    assert cal.workdays_between(D(2024, 2, 8), D(2024, 2, 18)) == 2  # 02-09 and the Sunday 02-18
    assert cal.workdays_between(D(2024, 2, 8), D(2024, 2, 8)) == 0
    assert cal.workdays_between(D(2024, 3, 13), D(2024, 2, 8)) == -20
    # across the end of the library's data into the weekday fallback
    assert cal.workdays_between(D(2026, 12, 31), D(2027, 1, 8)) == 6


# --------------------------------------------------------------------------- deadlines


def test_deadline_received_before_spring_festival_2024(cal):
    dl = compute_deadline(cal, D(2024, 2, 8))
    assert (dl.due, dl.provisional, dl.correction_due, dl.correction_late, dl.stopped) == (
        D(2024, 3, 13), False, None, False, None,
    )
    assert dl.start == D(2024, 2, 8) and dl.working_days == 20
    assert dl.steps[0] == "收到申请之日：2024年2月8日（星期四）；自次日起按工作日计算（条例第三十三条）。"
    assert "如需补正，应于2024年2月23日（星期五）前一次性告知申请人（条例第三十条）。" in dl.steps
    assert "不计：春节放假，2024年2月10日至17日，8天。" in dl.steps
    assert "计入：2024年2月18日（星期日），春节调休上班。" in dl.steps
    assert "计算区间：2024年2月9日至3月13日，共34个自然日；计入工作日20个。" in dl.steps
    assert (
        "不计：周末共6天，2024年2月24日至25日、3月2日至3日、3月9日至10日。" in dl.steps
    )
    assert dl.steps[-1] == "答复期限：2024年3月13日（星期三），即第20个工作日。"
    assert not overdue(dl, D(2024, 3, 13))
    assert overdue(dl, D(2024, 3, 14))


def test_deadline_around_national_day_2024(cal):
    dl = compute_deadline(cal, D(2024, 9, 27))
    assert dl.due == D(2024, 10, 30)
    assert "计入：2024年9月29日（星期日），国庆节调休上班。" in dl.steps
    assert "不计：国庆节放假，2024年10月1日至7日，7天。" in dl.steps
    assert "计入：2024年10月12日（星期六），国庆节调休上班。" in dl.steps


def test_extension(cal):
    dl = compute_deadline(cal, D(2024, 2, 8), extension_days=20, extension_approved_by="李主任")
    assert (dl.due, dl.working_days) == (D(2024, 4, 11), 40)
    assert "延长答复期限20个工作日，经李主任同意（条例第三十三条第二款，最长20个工作日）：共40个工作日。" in dl.steps
    assert "不计：清明节放假，2024年4月4日至6日，3天。" in dl.steps
    assert "计入：2024年4月7日（星期日），清明节调休上班。" in dl.steps
    with pytest.raises(BadInput, match="最长不得超过20个工作日"):
        compute_deadline(cal, D(2024, 2, 8), extension_days=21, extension_approved_by="李主任")
    with pytest.raises(BadInput, match="请注明批准人"):
        compute_deadline(cal, D(2024, 2, 8), extension_days=5)
    with pytest.raises(BadInput):
        compute_deadline(cal, D(2024, 2, 8), extension_days=-1, extension_approved_by="李主任")


def test_correction_restarts_the_clock(cal):
    dl = compute_deadline(cal, D(2024, 2, 8), correction_sent=D(2024, 2, 20), correction_received=D(2024, 2, 26))
    assert (dl.due, dl.start, dl.correction_due, dl.correction_late, dl.stopped) == (
        D(2024, 3, 25), D(2024, 2, 26), D(2024, 2, 23), False, None,
    )
    assert (
        "补正通知应于收到申请之日起7个工作日内一次性发出，最迟2024年2月23日（星期五）；实际2024年2月20日发出，按时。"
        in dl.steps
    )
    assert "2024年2月26日（星期一）收到补正：答复期限自次日起重新计算20个工作日（条例第三十条）。" in dl.steps


def test_correction_notice_late(cal):
    dl = compute_deadline(cal, D(2024, 2, 8), correction_sent=D(2024, 2, 26), correction_received=D(2024, 2, 28))
    assert dl.correction_late and dl.correction_due == D(2024, 2, 23)
    assert any("实际2024年2月26日发出，逾期（条例第三十条）" in s for s in dl.steps)


def test_awaiting_correction_stops_the_clock(cal):
    dl = compute_deadline(cal, D(2024, 2, 8), correction_sent=D(2024, 2, 20), today=D(2024, 6, 1))
    assert dl.stopped == "等待申请人补正"
    assert not overdue(dl, D(2024, 6, 1))
    assert dl.steps[-1] == "今天（2024年6月1日）：计时停止（等待申请人补正）。"


def test_correction_dates_are_checked(cal):
    with pytest.raises(BadInput, match="早于收到申请之日"):
        compute_deadline(cal, D(2024, 2, 8), correction_sent=D(2024, 2, 7))
    with pytest.raises(BadInput, match="早于补正通知发出日期"):
        compute_deadline(cal, D(2024, 2, 8), correction_sent=D(2024, 2, 20), correction_received=D(2024, 2, 19))


def test_pause_for_third_party_consultation(cal):
    dl = compute_deadline(cal, D(2024, 3, 1), pauses=[Pause(D(2024, 3, 11), D(2024, 3, 15), "征求第三方意见")])
    assert dl.due == D(2024, 4, 8)
    assert (
        "不计：暂停（征求第三方意见），2024年3月11日至15日，其中工作日5天"
        "（征求第三方或其他机关意见、缴纳信息处理费的时间不计入答复期限）。" in dl.steps
    )
    assert "计算区间：2024年3月2日至4月8日，共38个自然日；计入工作日20个。" in dl.steps


def test_open_pause_stops_the_clock(cal):
    dl = compute_deadline(cal, D(2024, 3, 1), pauses=[(D(2024, 3, 11), None, "等待缴费")], today=D(2024, 3, 20))
    assert dl.stopped == "暂停中：等待缴费"
    assert dl.due == compute_deadline(cal, D(2024, 3, 1), pauses=[(D(2024, 3, 11), D(2024, 3, 20))]).due
    assert not overdue(dl, D(2024, 12, 31))
    with pytest.raises(BadInput, match="尚未结束"):
        cal.add_workdays(D(2024, 3, 1), 20, [Pause(D(2024, 3, 11), None)])


def test_correction_extension_and_pause_combined(cal):
    dl = compute_deadline(
        cal,
        D(2024, 2, 8),
        correction_sent=D(2024, 2, 20),
        correction_received=D(2024, 2, 26),
        extension_days=10,
        extension_approved_by="王科长",
        pauses=[Pause(D(2024, 3, 4), D(2024, 3, 8), "征求其他机关意见")],
        today=D(2024, 4, 17),
    )
    # 30 working days after 02-26, 03-04..08 not counted, 清明 04-04..06 off, Sunday 04-07 worked
    assert dl.due == D(2024, 4, 16)
    assert (dl.correction_due, dl.correction_late, dl.working_days, dl.provisional) == (D(2024, 2, 23), False, 30, False)
    assert "计算区间：2024年2月27日至4月16日，共50个自然日；计入工作日30个。" in dl.steps
    assert "计入：2024年4月7日（星期日），清明节调休上班。" in dl.steps
    assert dl.steps[-1] == "今天（2024年4月17日）已逾期1个工作日。"
    assert overdue(dl, D(2024, 4, 17))


def test_answer_time_remaining(cal):
    dl = compute_deadline(cal, D(2024, 2, 8), today=D(2024, 3, 1))
    assert dl.steps[-1] == "今天（2024年3月1日）距答复期限还有8个工作日（不含今天）。"


# --------------------------------------------------------------------------- past the library's last year


def test_deadline_past_the_library_is_provisional_then_recomputed():
    received = D(2026, 12, 15)
    plain = compute_deadline(WorkCalendar(), received)
    assert (plain.due, plain.provisional) == (D(2027, 1, 12), True)
    assert plain.steps[-1] == "答复期限：2027年1月12日（星期二），即第20个工作日【暂定】。"
    assert any(s.startswith("暂定：2027年的节假日安排尚未知") for s in plain.steps)

    # as if the clerk ran `disc holiday add 2027-01-01 --off`
    added = compute_deadline(WorkCalendar([DayOverride(D(2027, 1, 1), False, "元旦")]), received)
    assert (added.due, added.provisional) == (D(2027, 1, 13), False)
    assert "不计：元旦放假（台账登记），2027年1月1日至3日，3天。" not in added.steps  # only 01-01 was added
    assert "不计：元旦放假（台账登记），2027年1月1日，1天。" in added.steps

    # as if the clerk imported the 2027 notice
    cal27 = WorkCalendar(parse_notice(notice(2027)))
    imported = compute_deadline(cal27, received)
    assert (imported.due, imported.provisional) == (D(2027, 1, 13), False)
    assert "不计：元旦放假（台账登记），2027年1月1日至3日，3天。" in imported.steps
    assert not any("暂定" in s for s in imported.steps)


def test_spring_festival_2027_guess_and_notice_differ():
    received = D(2027, 1, 29)
    guess = compute_deadline(WorkCalendar(), received)
    assert (guess.due, guess.provisional) == (D(2027, 2, 26), True)
    known = compute_deadline(WorkCalendar(parse_notice(notice(2027))), received)
    assert (known.due, known.provisional) == (D(2027, 3, 4), False)
    assert "计入：2027年1月31日（星期日），春节调休上班（台账登记）。" in known.steps
    assert "不计：春节放假（台账登记），2027年2月5日至13日，9天。" in known.steps
    assert overdue(guess, D(2027, 3, 1)) and not overdue(known, D(2027, 3, 1))


# --------------------------------------------------------------------------- the State Council's notice

_LIB_TO_NOTICE = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}


def test_2026_notice_agrees_with_the_library_day_by_day():
    parsed = parse_notice(notice(2026))
    expected = {d: DayOverride(d, False, _LIB_TO_NOTICE[n]) for d, n in chinese_calendar.holidays.items() if d.year == 2026}
    expected.update(
        {d: DayOverride(d, True, _LIB_TO_NOTICE[n] + "调休上班") for d, n in chinese_calendar.workdays.items() if d.year == 2026}
    )
    assert parsed == sorted(expected.values(), key=lambda o: o.day)
    lib, ours = WorkCalendar(), WorkCalendar(parsed)
    d = D(2026, 1, 1)
    while d.year == 2026:
        assert ours.is_workday(d) == lib.is_workday(d), d
        d += timedelta(days=1)


def test_2027_fixture_parses_to_what_it_says():
    parsed = parse_notice(notice(2027))

    def span(a: date, b: date, reason: str) -> list[DayOverride]:
        return [DayOverride(a + timedelta(days=i), False, reason) for i in range((b - a).days + 1)]

    expected = [
        *span(D(2027, 1, 1), D(2027, 1, 3), "元旦"),
        DayOverride(D(2027, 1, 31), True, "春节调休上班"),
        *span(D(2027, 2, 5), D(2027, 2, 13), "春节"),
        DayOverride(D(2027, 2, 20), True, "春节调休上班"),
        *span(D(2027, 4, 3), D(2027, 4, 5), "清明节"),
        DayOverride(D(2027, 4, 25), True, "劳动节调休上班"),
        *span(D(2027, 4, 30), D(2027, 5, 4), "劳动节"),
        DayOverride(D(2027, 5, 8), True, "劳动节调休上班"),
        DayOverride(D(2027, 6, 9), False, "端午节"),
        DayOverride(D(2027, 9, 15), False, "中秋节"),
        DayOverride(D(2027, 9, 26), True, "国庆节调休上班"),  # on a wrapped line in the fixture
        *span(D(2027, 10, 1), D(2027, 10, 7), "国庆节"),
        DayOverride(D(2027, 10, 9), True, "国庆节调休上班"),
    ]
    assert parsed == expected


def test_summary_shown_before_an_import():
    lines = summarize_overrides(parse_notice(notice(2026)))
    assert lines[1] == "春节：放假 2026年2月15日至23日（9天）；上班 2026年2月14日（星期六）、2026年2月28日（星期六）"
    assert [line.split("：")[0] for line in lines] == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]


def test_notice_variants_half_width_cross_month_cross_year_single_day():
    text = (
        "国务院办公厅关于2023年部分节假日安排的通知\n"
        "一、元旦:2022年12月31日至2023年1月2日放假调休,共3天.\n"
        "二、春节:1月21日(星期六)至27日(星期五)放假调休,共7天。1月28日(星期六)、1月29日(星期日)上班。\n"
        "三、清明节:4月5日放假,共1天。\n"
        "四、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。"
    )
    parsed = {o.day: (o.working, o.reason) for o in parse_notice(text)}
    assert parsed[D(2022, 12, 31)] == (False, "元旦")
    assert parsed[D(2023, 1, 2)] == (False, "元旦")
    assert parsed[D(2023, 1, 29)] == (True, "春节调休上班")
    assert parsed[D(2023, 4, 5)] == (False, "清明节")
    assert parsed[D(2023, 9, 30)] == (False, "中秋节、国庆节")
    assert parsed[D(2023, 10, 8)] == (True, "中秋节、国庆节调休上班")
    assert len(parsed) == 3 + 7 + 2 + 1 + 8 + 2


def test_notice_on_one_line_with_range_into_next_month_and_full_width_digits():
    text = "现将２０２５年放假安排通知如下。一、春节：１月２８日至２月４日放假调休，共８天。１月２６日（周日）、２月８日（周六）上班。"
    parsed = parse_notice(text)
    off = [o.day for o in parsed if not o.working]
    assert off[0] == D(2025, 1, 28) and off[-1] == D(2025, 2, 4) and len(off) == 8
    assert [o.day for o in parsed if o.working] == [D(2025, 1, 26), D(2025, 2, 8)]


def test_notice_year_from_argument_and_conflicts():
    body = "一、元旦：1月1日（周五）放假，共1天。"
    assert parse_notice(body, year=2027) == [DayOverride(D(2027, 1, 1), False, "元旦")]
    with pytest.raises(BadInput, match="找不到年份"):
        parse_notice(body)
    with pytest.raises(BadInput, match="不一致"):
        parse_notice(notice(2026), year=2027)
    # the weekday annotations betray a notice read under the wrong year
    with pytest.raises(BadInput, match="年份是否有误"):
        parse_notice(body, year=2026)


def test_unparseable_sections_are_quoted():
    with pytest.raises(BadInput) as err:
        parse_notice("一、春节：2月15日至23日，共9天。", year=2026)
    assert str(err.value) == "看不出「2月15日至23日，共9天」中的日期是放假还是上班：「春节：2月15日至23日，共9天。」"
    with pytest.raises(BadInput, match="没有识别出放假日期"):
        parse_notice("一、春节：另行通知。", year=2026)
    with pytest.raises(BadInput, match="通知写共8天，但识别出的放假日期是9天"):
        parse_notice("一、春节：2月15日至23日放假调休，共8天。", year=2026)
    with pytest.raises(BadInput, match="不是有效日期"):
        parse_notice("一、春节：2月30日放假。", year=2026)
    with pytest.raises(BadInput, match="没有找到"):
        parse_notice("国务院办公厅关于2026年部分节假日安排的通知\n节假日期间注意安全。")


def test_notice_sentences_without_dates_are_ignored():
    text = (
        "国务院办公厅关于2024年部分节假日安排的通知\n"
        "二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。"
        "鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。\n"
    )
    parsed = parse_notice(text)
    assert D(2024, 2, 9) not in {o.day for o in parsed}
    assert len(parsed) == 10


def test_the_deadline_refuses_impossible_dates_with_exact_messages_and_accepts_the_same_day(cal):
    """A 补正 handed over at the counter the day the application arrives is possible; one before it is not."""
    def refusal(**kw) -> str:
        with pytest.raises(BadInput) as e:
            compute_deadline(cal, D(2024, 3, 4), **kw)
        return str(e.value)

    assert refusal(extension_days=-1, extension_approved_by="李主任") == "延长天数不能为负数：-1"
    assert refusal(extension_days=5, extension_approved_by=" ") == (
        "延长答复期限须经政府信息公开工作机构负责人同意（条例第三十三条第二款）：请注明批准人")
    assert refusal(correction_sent=D(2024, 3, 1)) == "补正通知发出日期 2024年3月1日 早于收到申请之日 2024年3月4日"
    assert refusal(correction_received=D(2024, 3, 1)) == "收到补正日期 2024年3月1日 早于收到申请之日 2024年3月4日"
    assert refusal(correction_sent=D(2024, 3, 6), correction_received=D(2024, 3, 5)) == (
        "收到补正日期 2024年3月5日 早于补正通知发出日期 2024年3月6日")
    same_day = compute_deadline(cal, D(2024, 3, 4), correction_sent=D(2024, 3, 4), correction_received=D(2024, 3, 4))
    assert (same_day.due, same_day.start, same_day.correction_late) == (D(2024, 4, 1), D(2024, 3, 4), False)


def test_a_correction_notice_sent_on_its_last_day_is_on_time(cal):
    dl = compute_deadline(cal, D(2024, 2, 8), correction_sent=D(2024, 2, 23), correction_received=D(2024, 2, 26))
    assert (dl.correction_due, dl.correction_late) == (D(2024, 2, 23), False)


def test_an_open_pause_without_a_reason_or_a_today_counts_its_first_day(cal):
    dl = compute_deadline(cal, D(2024, 3, 4), pauses=[(D(2024, 3, 6), None, "")])
    assert (dl.stopped, dl.due) == ("暂停中", D(2024, 4, 2))  # 2024-04-01 moved by the one paused working day
    dl = compute_deadline(cal, D(2024, 3, 4), pauses=[(D(2024, 3, 6), None, "征求第三方意见")], today=D(2024, 3, 8))
    assert (dl.stopped, dl.due) == ("暂停中：征求第三方意见", D(2024, 4, 7))  # 03-06..03-08 paused; 清明 04-04..06, Sunday 04-07 worked
