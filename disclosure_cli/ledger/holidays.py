"""The ledger's own working-day statements (table holiday) and the calendar built from them.

chinesecalendar knows the years up to its last release; a notice the library does not know yet, or
a local rule, is recorded here (`disc holiday add`, `disc holiday import`) and wins over the library.
Every deadline is computed with ``calendar(ledger)``: overrides are read once per command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from disclosure_cli.errors import BadInput
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.ledger.fields import parse_date
from disclosure_cli.workdays import WEEKDAY_NAMES, DayOverride, WorkCalendar, fmt_day

SOURCES = {"notice": "国务院通知", "manual": "手工登记"}
KIND_LABELS = {"holiday": "放假", "weekend": "周末", "makeup": "调休上班", "workday": "上班"}
SOURCE_LABELS = {"library": "chinesecalendar", "ledger": "台账登记", "rule": "周一至周五", "provisional": "暂定"}


def load_overrides(ledger: Ledger) -> list[DayOverride]:
    """The standing statements, one query."""
    rows = ledger.conn.execute(
        "SELECT day, working, reason FROM holiday WHERE voided_at IS NULL ORDER BY day, id"
    ).fetchall()
    return [DayOverride(date.fromisoformat(d), bool(w), r or "") for d, w, r in rows]


def calendar(ledger: Ledger) -> WorkCalendar:
    """The working-day calendar of this ledger: its statements over chinesecalendar over Monday–Friday (暂定)."""
    return WorkCalendar(load_overrides(ledger))


@dataclass
class Recorded:
    """What recording a batch of days did: new rows, rows that replaced a different statement, unchanged."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0


def _record(ledger: Ledger, overrides: list[DayOverride], source: str) -> Recorded:
    """Write the days in the caller's transaction; a day stated differently before is voided and replaced."""
    conn = ledger.conn
    result = Recorded()
    at = now_iso()
    for o in overrides:
        day = o.day.isoformat()
        old = conn.execute(
            "SELECT id, working, reason, source FROM holiday WHERE day = ? AND voided_at IS NULL", (day,)
        ).fetchone()
        if old is not None and bool(old[1]) == o.working and (old[2] or "") == (o.reason or ""):
            result.unchanged += 1
            continue
        if old is not None:
            conn.execute(
                "UPDATE holiday SET voided_at = ?, void_reason = ? WHERE id = ?",
                (at, f"被新的登记替代（{SOURCES[source]}）", old[0]),
            )
            result.replaced += 1
        else:
            result.added += 1
        cur = conn.execute(
            "INSERT INTO holiday (day, working, reason, source, recorded_at) VALUES (?, ?, ?, ?, ?)",
            (day, int(o.working), o.reason or "", source, at),
        )
        ledger.log(
            "add",
            "holiday",
            int(cur.lastrowid),
            before=None if old is None else {"day": day, "working": bool(old[1]), "reason": old[2], "source": old[3]},
            after={"day": day, "working": o.working, "reason": o.reason, "source": source},
        )
    return result


def add_holiday(ledger: Ledger, day: str, *, working: bool, reason: str | None = None) -> Recorded:
    """`disc holiday add`: one day off (working=False) or one make-up working day."""
    d = date.fromisoformat(parse_date(day, "日期", allow_future=True))  # the calendar looks ahead
    with ledger.write():
        return _record(ledger, [DayOverride(d, working, (reason or "").strip())], "manual")


def import_overrides(ledger: Ledger, overrides: list[DayOverride]) -> Recorded:
    """`disc holiday import`: the days read from a State Council notice, all in one transaction."""
    if not overrides:
        raise BadInput("通知中没有识别出任何日期，未登记")
    with ledger.write():
        return _record(ledger, overrides, "notice")


def library_differences(overrides: list[DayOverride]) -> tuple[list[int], list[str]]:
    """For the years chinesecalendar knows: (those years, lines naming each day where the notice disagrees).

    Importing a notice for a year the library has is a cross-check: agreement means the notice was
    read right; any difference is shown to the clerk before anything is recorded.
    """
    plain = WorkCalendar()
    years = sorted({o.day.year for o in overrides})
    known = [y for y in years if plain.is_known_year(y)]
    lines: list[str] = []
    for y in known:
        stated = {o.day: o for o in overrides if o.day.year == y}
        for o in sorted(stated.values(), key=lambda o: o.day):
            if plain.is_workday(o.day) != o.working:
                info = plain.day_info(o.day)
                lines.append(
                    f"{fmt_day(o.day)}：通知为{'上班' if o.working else '放假'}，"
                    f"chinesecalendar 为{'上班' if info.working else '放假'}（{info.reason or KIND_LABELS[info.kind]}）"
                )
        for info in plain.special_days(date(y, 1, 1), date(y, 12, 31)):
            if info.day not in stated and info.working != (info.day.weekday() < 5):
                lines.append(
                    f"{fmt_day(info.day)}：chinesecalendar 为{'调休上班' if info.working else '放假'}"
                    f"（{info.reason}），通知中没有这一天"
                )
    return known, lines


def list_overrides(ledger: Ledger, year: int | None = None) -> list[dict[str, Any]]:
    """The ledger's standing statements (all years, or one)."""
    sql = "SELECT day, working, reason, source, recorded_at FROM holiday WHERE voided_at IS NULL"
    args: list[Any] = []
    if year:
        sql += " AND day BETWEEN ? AND ?"
        args += [f"{year}-01-01", f"{year}-12-31"]
    out = []
    for day, working, reason, source, at in ledger.conn.execute(sql + " ORDER BY day", args):
        d = date.fromisoformat(day)
        out.append(
            {
                "day": day,
                "weekday": f"星期{WEEKDAY_NAMES[d.weekday()]}",
                "working": bool(working),
                "status": "上班" if working else "放假",
                "reason": reason,
                "source": SOURCES.get(source, source),
                "recorded_at": at,
            }
        )
    return out


def year_days(cal: WorkCalendar, year: int) -> list[dict[str, Any]]:
    """`disc holiday list --year Y`: every day off that is not a weekend and every weekend day worked, with its source."""
    out = []
    for info in cal.special_days(date(year, 1, 1), date(year, 12, 31)):
        if info.kind == "workday" and info.working:
            continue  # an ordinary weekday the ledger restated as working: nothing to show
        out.append(
            {
                "day": info.day.isoformat(),
                "weekday": f"星期{WEEKDAY_NAMES[info.day.weekday()]}",
                "working": info.working,
                "status": "上班" if info.working else "放假",
                "reason": info.reason,
                "source": SOURCE_LABELS.get(info.source, info.source),
            }
        )
    return out
