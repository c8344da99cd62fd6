"""Answer deadlines through the ledger and the CLI: Spring Festival and National Day with 调休, 补正,
extension, pause, all three, a receipt past the library's last year (暂定, then recomputed),
`disc request list` filters and exit codes, and the L-* findings of `disc check`.

Expected dates are counted by hand against the State Council arrangements (2024: Spring Festival
off 02-10…02-17, 02-18 worked; 清明 off 04-04…04-06, 04-07 worked; 劳动节 04-28 worked; 国庆 off
10-01…10-07, 09-29 and 10-12 worked), not taken from the code under test.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from disclosure_cli.ledger import deadlines
from disclosure_cli.ledger.db import Ledger
from tests.asserts import refused
from tests.conftest import ROOT, rows

FIXTURES = ROOT / "tests" / "fixtures"


def add(run, db, received: str, **extra: str) -> str:
    args = ["--db", db, "request", "add", "--received", received, "--applicant-type", "自然人", "--subject", "某小区改造规划"]
    for k, v in extra.items():
        args += [f"--{k.replace('_', '-')}", v]
    if received > date.today().isoformat():  # these tests look at the calendar ahead of today
        args.append("--allow-future")
    res = run(*args)
    assert res.exit_code == 0, res.output
    return res.stdout.strip()


def ok(res) -> None:
    assert res.exit_code == 0, res.output


def due(db, number: str, today: str = "2024-02-09") -> tuple[date, bool]:
    with Ledger.open(db) as led:
        dl = deadlines.deadline_for(led, number, today=date.fromisoformat(today))
    return dl.due, dl.provisional


def show_json(run, db, number: str, today: str) -> dict:
    res = run("--db", db, "request", "show", number, "--today", today, "--format", "json")
    ok(res)
    return json.loads(res.stdout)


# --------------------------------------------------------------------------- deadlines


def test_receipt_before_spring_festival(run, db):
    n = add(run, db, "2024-02-08")
    assert n == "2024-001"
    assert due(db, n) == (date(2024, 3, 13), False)


def test_extension_gives_forty_working_days(run, db):
    n = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "extend", n, "--approved-by", "李主任", "--date", "2024-03-01"))
    assert due(db, n) == (date(2024, 4, 11), False)
    assert rows(db, "SELECT days, approved_by FROM request_extension") == [(20, "李主任")]


def test_extension_rules(run, db):
    n = add(run, db, "2024-02-08")
    res = run("--db", db, "request", "extend", n, "--approved-by", "李主任", "--days", "21")
    refused(res, "延长天数（--days）应为1至20个工作日", "而不是 21")
    res = run("--db", db, "request", "extend", n, "--approved-by", "  ")
    refused(res, "批准人（--approved-by）不能为空")
    assert rows(db, "SELECT count(*) FROM request_extension") == [(0,)]
    ok(run("--db", db, "request", "extend", n, "--approved-by", "李主任", "--days", "10", "--date", "2024-03-01"))
    res = run("--db", db, "request", "extend", n, "--approved-by", "王主任", "--date", "2024-03-01")
    refused(res, "已延长答复期限10个工作日（李主任同意）", "延长只有一次")
    assert rows(db, "SELECT days, approved_by FROM request_extension") == [(10, "李主任")]
    # 10 extra working days after 2024-03-13: 03-14 … 03-27
    assert due(db, n) == (date(2024, 3, 27), False)


def test_national_day(run, db):
    n = add(run, db, "2024-09-27")
    # 09-29 (Sun, worked) and 09-30 count, 10-01…10-07 off, 10-12 (Sat) worked
    assert due(db, n) == (date(2024, 10, 30), False)


def test_correction_restarts_the_clock(run, db):
    n = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "correction", n, "--sent", "2024-02-19"))
    # awaiting the 补正: the clock is stopped, so never overdue
    doc = show_json(run, db, n, "2024-04-01")
    assert doc["status"] == "awaiting_correction" and doc["correction_due"] == "2024-02-23"
    ok(run("--db", db, "request", "correction", n, "--received", "2024-02-26"))
    # 20 working days from 02-27: 02-27 … 03-25
    assert due(db, n) == (date(2024, 3, 25), False)
    assert rows(db, "SELECT sent, received FROM request_correction") == [("2024-02-19", "2024-02-26")]
    res = run("--db", db, "request", "correction", n, "--sent", "2024-02-20")
    refused(res, "已于 2024-02-19 发出补正通知", "补正应一次性告知", "不能再登记第二次")
    assert rows(db, "SELECT sent, received FROM request_correction") == [("2024-02-19", "2024-02-26")]


def test_pause_is_not_counted(run, db):
    n = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "pause", n, "--from", "2024-02-26", "--to", "2024-03-01", "--reason", "征求第三方意见"))
    # five working days paused: 03-13 moves to 03-20
    assert due(db, n) == (date(2024, 3, 20), False)


def test_open_pause_stops_the_clock_until_ended(run, db):
    n = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "pause", n, "--from", "2024-02-26", "--reason", "征求第三方意见"))
    doc = show_json(run, db, n, "2024-05-01")
    assert doc["status"] == "paused"
    res = run("--db", db, "request", "list", "--overdue", "--today", "2024-05-01", "--format", "csv")
    assert res.exit_code == 0 and n not in res.stdout
    ok(run("--db", db, "request", "pause", n, "--to", "2024-03-01"))
    assert due(db, n) == (date(2024, 3, 20), False)


def test_correction_extension_and_pause_together(run, db):
    n = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "correction", n, "--sent", "2024-02-19", "--received", "2024-02-26"))
    ok(run("--db", db, "request", "extend", n, "--approved-by", "李主任", "--date", "2024-03-01"))
    ok(run("--db", db, "request", "pause", n, "--from", "2024-03-04", "--to", "2024-03-08", "--reason", "征求其他机关意见"))
    # 40 working days from 02-27 end on 04-23 (清明 04-04…06 off, 04-07 worked); five paused days
    # push it to 04-29 (04-28, a Sunday, is worked for 劳动节)
    assert due(db, n) == (date(2024, 4, 29), False)
    text = run("--db", db, "request", "show", n, "--today", "2024-03-11").stdout
    assert "收到补正" in text and "李主任" in text and "征求其他机关意见" in text
    assert "2024年4月29日" in text and "清明节" in text


def test_show_explains_step_by_step(run, db):
    n = add(run, db, "2024-02-08")
    res = run("--db", db, "request", "show", n, "--today", "2024-03-01")
    ok(res)
    text = res.stdout
    assert "收到申请之日：2024年2月8日（星期四）" in text
    assert "春节放假，2024年2月10日至17日" in text
    assert "2024年2月18日（星期日），春节调休上班" in text
    assert "答复期限：2024年3月13日（星期三）" in text
    assert "暂定" not in text
    # a number or the plain id
    assert run("--db", db, "request", "show", "1", "--today", "2024-03-01").stdout == text
    refused(run("--db", db, "request", "show", "2024-9", "--today", "2024-03-01"), "没有编号为 2024-9 的申请")


def test_provisional_year_then_holiday_add(run, db):
    n = add(run, db, "2026-12-24")
    # 2027 is unknown to chinesecalendar 1.11: Monday–Friday, marked 暂定
    assert due(db, n, "2026-12-28") == (date(2027, 1, 21), True)
    text = run("--db", db, "request", "show", n, "--today", "2026-12-28").stdout
    assert "【暂定】" in text and "2027年的节假日安排尚未知" in text
    res = run("--db", db, "request", "list", "--format", "csv", "--today", "2026-12-28")
    assert list(csv.DictReader(io.StringIO(res.stdout)))[0]["provisional"] == "True"
    res = run("--db", db, "holiday", "add", "2027-01-01", "--off", "--reason", "元旦")
    ok(res)
    assert "视为已知" in res.output
    assert due(db, n, "2026-12-28") == (date(2027, 1, 22), False)
    text = run("--db", db, "request", "show", n, "--today", "2026-12-28").stdout
    assert "暂定" not in text and "元旦放假（台账登记）" in text


def test_provisional_year_then_import_notice(run, db):
    notice = FIXTURES / "holiday-notice-2027.txt"
    assert notice.exists(), "tests/fixtures/holiday-notice-2027.txt is missing"
    n = add(run, db, "2026-12-24")
    m = add(run, db, "2027-01-20")
    assert due(db, n)[1] and due(db, m)[1]
    # off a terminal and without --yes: shows what it read, records nothing, exit 2
    res = run("--db", db, "holiday", "import", notice)
    refused(res, "未登记：确认无误后请加 --yes 再运行一次")
    assert "春节：放假 2027年2月5日至13日（9天）" in res.stdout
    assert rows(db, "SELECT count(*) FROM holiday")[0][0] == 0
    ok(run("--db", db, "holiday", "import", notice, "--yes"))
    assert rows(db, "SELECT count(*), sum(working) FROM holiday WHERE voided_at IS NULL") == [(35, 6)]
    assert due(db, n) == (date(2027, 1, 22), False)
    # 2027-01-20: 20 working days skip 01-23/24, 01-30, 02-05…13 (Spring Festival), count 01-31 (Sun, worked)
    assert due(db, m) == (date(2027, 2, 23), False)
    # importing again changes nothing
    res = run("--db", db, "holiday", "import", notice, "--yes")
    ok(res)
    assert "已有相同登记35天" in res.output
    assert rows(db, "SELECT count(*) FROM holiday")[0][0] == 35


# --------------------------------------------------------------------------- request list


def _listed(res) -> list[dict]:
    return list(csv.DictReader(io.StringIO(res.stdout)))


def test_list_overdue_exit_codes(run, db):
    a = add(run, db, "2024-02-08")
    add(run, db, "2024-03-01")
    res = run("--db", db, "request", "list", "--overdue", "--today", "2024-03-13", "--format", "csv")
    assert res.exit_code == 0
    assert _listed(res) == []
    res = run("--db", db, "request", "list", "--overdue", "--today", "2024-03-14", "--format", "csv")
    assert res.exit_code == 1
    got = _listed(res)
    assert [r["number"] for r in got] == [a]
    assert got[0]["status"] == "overdue" and got[0]["workdays_left"] == "-1"
    ok(run("--db", db, "request", "close", a, "--outcome", "予以公开", "--date", "2024-03-14"))
    res = run("--db", db, "request", "list", "--overdue", "--today", "2024-03-14", "--format", "csv")
    assert res.exit_code == 0 and _listed(res) == []


def test_list_filters_and_order(run, db):
    late = add(run, db, "2024-03-01")
    early = add(run, db, "2024-02-08")
    closed = add(run, db, "2024-01-05")
    ok(run("--db", db, "request", "close", closed, "--outcome", "予以公开", "--date", "2024-01-20"))
    res = run("--db", db, "request", "list", "--today", "2024-03-11", "--format", "csv")
    assert res.exit_code == 0
    got = _listed(res)
    assert [r["number"] for r in got] == [closed, early, late]  # by deadline
    assert [r["status"] for r in got] == ["closed", "open", "open"]
    assert got[1]["due"] == "2024-03-13" and got[1]["workdays_left"] == "2"
    res = run("--db", db, "request", "list", "--open", "--today", "2024-03-11", "--format", "csv")
    assert [r["number"] for r in _listed(res)] == [early, late]
    res = run("--db", db, "request", "list", "--due-within", "2", "--today", "2024-03-11", "--format", "csv")
    assert [r["number"] for r in _listed(res)] == [early]
    res = run("--db", db, "request", "list", "--due-within", "1", "--today", "2024-03-11", "--format", "csv")
    assert _listed(res) == []
    res = run("--db", db, "request", "list", "--year", "2023", "--format", "json")
    assert json.loads(res.stdout) == []
    res = run("--db", db, "request", "list", "--today", "2024-03-11", "--format", "md")
    assert "办理中" in res.stdout and "自然人" in res.stdout


def test_list_closed_late_is_reported_but_not_an_alert(run, db):
    n = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "close", n, "--outcome", "予以公开", "--date", "2024-03-20"))
    res = run("--db", db, "request", "list", "--today", "2024-04-01", "--format", "csv")
    assert res.exit_code == 0
    assert _listed(res)[0]["status"] == "closed_late"


# --------------------------------------------------------------------------- disc check


def test_check_finds_the_l_rules(run, db):
    late = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "close", late, "--outcome", "予以公开", "--date", "2024-03-20"))
    in_time = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "extend", in_time, "--approved-by", "李主任", "--date", "2024-03-01"))
    ok(run("--db", db, "request", "close", in_time, "--outcome", "予以公开", "--date", "2024-03-20"))
    slow = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "correction", slow, "--sent", "2024-02-26", "--received", "2024-02-28"))
    ok(run("--db", db, "request", "close", slow, "--outcome", "予以公开", "--date", "2024-03-05"))
    stuck = add(run, db, "2024-11-01")
    ok(run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "迟发的通知", "-d", "2024-03-14", "--formed", "2024-02-08"))
    ok(run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "按时的通知", "-d", "2024-03-13", "--formed", "2024-02-08"))

    res = run("--db", db, "check", "--year", "2024", "--today", "2025-01-10", "--rule", "L-", "--format", "json")
    assert res.exit_code == 0  # warnings only
    found = json.loads(res.stdout)
    by_rule: dict[str, list[dict]] = {}
    for f in found:
        by_rule.setdefault(f["rule"], []).append(f)
    assert sorted(by_rule) == ["L-CORRECTION-LATE", "L-LATE-PUBLISH", "L-LATE-REPLY", "L-OPEN-OVERDUE"]
    assert all(f["severity"] == "W" for f in found)

    (f,) = by_rule["L-LATE-REPLY"]
    assert f["where"] == f"申请 {late}" and (f["expected"], f["actual"]) == ("2024-03-13", "2024-03-20")
    assert "逾期5个工作日" in f["message"] and late in f["message"]

    (f,) = by_rule["L-CORRECTION-LATE"]
    assert f["where"] == f"申请 {slow}" and (f["expected"], f["actual"]) == ("2024-02-23", "2024-02-26")
    assert "2024年2月26日" in f["message"]

    (f,) = by_rule["L-OPEN-OVERDUE"]
    assert f["where"] == f"申请 {stuck}"
    # 2024-11-01 + 20 working days = 2024-11-29
    assert f["expected"] == "2024-11-29" and f["actual"] == "2025-01-10"

    (f,) = by_rule["L-LATE-PUBLISH"]
    assert "迟发的通知" in f["message"] and "条例第二十六条" in f["message"]
    assert (f["expected"], f["actual"]) == ("2024-03-13", "2024-03-14")

    # before the deadline passes, the open one is not overdue
    res = run("--db", db, "check", "--year", "2024", "--today", "2024-11-29", "--rule", "L-OPEN-OVERDUE", "--format", "json")
    assert res.stdout.strip() in ("", "[]")


def test_bulk_and_single_agree(run, db):
    """The bulk path (no events: no compute_deadline) and the explained path give the same dates."""
    numbers = [add(run, db, d) for d in ("2024-02-08", "2024-09-27", "2026-12-24", "2024-04-30")]
    ok(run("--db", db, "request", "pause", numbers[3], "--from", "2024-05-06", "--to", "2024-05-10", "--reason", "征求第三方意见"))
    with Ledger.open(db) as led:
        bulk = {s.number: s.deadline for s in deadlines.statuses(led, "1 = 1", today=date(2024, 5, 1))}
        for n in numbers:
            one = deadlines.deadline_for(led, n, today=date(2024, 5, 1))
            assert (bulk[n].due, bulk[n].provisional) == (one.due, one.provisional)
            assert one.steps


def test_findings_are_listed_up_to_twenty_then_counted(ledger):
    with ledger.write() as conn:
        for i in range(25):
            conn.execute(
                "INSERT INTO request (org_id, year, seq, received, applicant_type, subject, outcome, closed)"
                " VALUES (1, 2024, ?, '2024-02-08', 'natural_person', '批量', 'granted', '2024-04-01')",
                (i + 1,),
            )
    from disclosure_cli.report.ledger_checks import check_ledger

    found = check_ledger(ledger, 2024, today="2024-12-31", rules={"L-LATE-REPLY", "L-OPEN-OVERDUE", "L-CORRECTION-LATE"})
    assert [f.rule for f in found] == ["L-LATE-REPLY"] * 21
    assert [f.where for f in found[:3]] == ["申请 2024-001", "申请 2024-002", "申请 2024-003"]
    assert found[-1].message == "另有 5 件申请逾期答复（共 25 件）"
