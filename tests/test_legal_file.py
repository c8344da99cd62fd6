"""Issue 25: every deadline in one place, cases tied to requests, the newer notices, delivery.

Dates are computed by hand in the comments (2024: 国庆 10月1日–7日 off, 9月29日 (Sun) and 10月12日
(Sat) worked; 2023: 国庆 9月29日–10月6日 off, 10月7日 (Sat) and 8日 (Sun) worked).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from disclosure_cli.ledger.cases import answer_due
from disclosure_cli.workdays import WorkCalendar
from tests.asserts import refused
from tests.conftest import dump, rows

ORG = "惠农区南街街道"


def ok(res):
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture
def db(run, tmp_path):
    path = tmp_path / "t.db"
    ok(run("--db", path, "init", "--org", ORG))
    ok(run("--db", path, "org", "set", ORG, "--review-body", "惠农区人民政府", "--court", "惠农区人民法院",
           "--letter-prefix", "惠南街依复", "--phone", "0952-3012345", "--address", "南街幸福路12号"))
    return path


def add(run, db, received: str, subject: str = "某小区加装电梯补贴发放名单", name: str | None = None) -> str:
    args = ["--db", db, "request", "add", "--received", received, "--applicant-type", "自然人", "--subject", subject]
    if name:
        args += ["--name", name]
    return ok(run(*args)).stdout.strip()


def due_items(run, db, today: str) -> list[dict]:
    return json.loads(run("--db", db, "due", "--today", today, "-f", "json").stdout)


# --------------------------------------------------------------------------- the respondent's deadlines
def test_a_review_served_on_the_friday_before_national_day_counts_working_days():
    # 2024-09-27 (Fri): 9/29 Sun worked (1), 9/30 (2), 10/1–7 off, 10/8 (3) 9 (4) 10 (5) 11 (6),
    # 10/12 Sat worked (7), 10/14 (8) 15 (9) 16 (10): 行政复议法 第四十八条、第八十八条
    got = answer_due(WorkCalendar(), "review", date(2024, 9, 27))
    assert got.due == date(2024, 10, 16)
    assert "第八十八条" in got.steps[1]


def test_a_suit_served_on_31_december_counts_fifteen_calendar_days():
    # 2024-12-31 + 15 days = 2025-01-15, a Wednesday: 行政诉讼法 第六十七条
    assert answer_due(WorkCalendar(), "suit", date(2024, 12, 31)).due == date(2025, 1, 15)
    # 2024-09-20 + 15 = 10-05, a holiday: the first working day after it is 10-08 (民事诉讼法 第八十五条)
    got = answer_due(WorkCalendar(), "suit", date(2024, 9, 20))
    assert got.due == date(2024, 10, 8) and "顺延" in got.steps[1]


def test_a_review_served_before_2024_counts_calendar_days():
    # 2017 法: 「十日」 were calendar days. 2023-09-25 + 10 = 10-05 (off) → 10-07, a Saturday worked (调休)
    assert answer_due(WorkCalendar(), "review", date(2023, 9, 25)).due == date(2023, 10, 7)
    # 2023-09-28 + 10 = 10-08, a Sunday worked: no roll
    assert answer_due(WorkCalendar(), "review", date(2023, 9, 28)).due == date(2023, 10, 8)


def test_a_case_tied_to_its_request_is_listed_in_due_and_judged(run, db):
    n = add(run, db, "2024-08-01")
    ok(run("--db", db, "request", "close", n, "--outcome", "withheld.internal_affairs", "--date", "2024-08-20"))
    ok(run("--db", db, "request", "letter", n, "--note", "属于本机关内部管理信息", "--delivered", "2024-08-22", "--by", "邮寄"))
    res = ok(run("--db", db, "case", "add", "--kind", "review", "--filed", "2024-09-20", "--ref", "惠复〔2024〕3号",
                 "--request", n, "--served", "2024-09-27"))
    assert "答复（答辩）期限：2024-10-16" in res.output
    case_id = res.stdout.strip()
    listed = json.loads(run("--db", db, "case", "list", "-f", "json").stdout)
    assert [(c["request"], c["served"], c["answer_due"]) for c in listed] == [(n, "2024-09-27", "2024-10-16")]
    items = due_items(run, db, "2024-10-10")
    assert [(d["kind"], d["due"]) for d in items if d["kind"] == "case_answer"] == [("case_answer", "2024-10-16")]
    # answered a day late: an error of the ledger
    ok(run("--db", db, "case", "answer", case_id, "--date", "2024-10-17"))
    got = json.loads(run("--db", db, "check", "--year", "2024", "--today", "2024-12-31", "--rule", "L-CASE-", "-f", "json").stdout)
    assert [(f["rule"], f["expected"], f["actual"]) for f in got] == [("L-CASE-ANSWER-LATE", "2024-10-16", "2024-10-17")]
    # the decision as the law names it gives the column
    ok(run("--db", db, "case", "close", case_id, "--decision", "维持", "--date", "2024-11-20"))
    assert rows(db, "SELECT decision, result, result_reason FROM legal_case") == [("review.uphold", "upheld", None)]


def test_the_decision_gives_the_column_and_another_column_needs_a_reason(run, db):
    a = ok(run("--db", db, "case", "add", "--kind", "suit_direct", "--filed", "2024-03-01")).stdout.strip()
    b = ok(run("--db", db, "case", "add", "--kind", "review", "--filed", "2024-03-01")).stdout.strip()
    ok(run("--db", db, "case", "close", a, "--decision", "驳回诉讼请求", "--date", "2024-06-01"))  # 第六十九条: upheld
    before = dump(db)
    refused(run("--db", db, "case", "close", b, "--decision", "驳回复议请求", "--result", "upheld", "--date", "2024-06-01"),
            "「驳回行政复议请求」（行政复议法（2023）第六十九条）计入表四「其他结果」", "--reason")
    assert dump(db) == before
    refused(run("--db", db, "case", "close", b, "--decision", "驳回诉讼请求", "--date", "2024-06-01"), "决定类型（--decision）")
    ok(run("--db", db, "case", "close", b, "--decision", "驳回复议请求", "--result", "upheld", "--date", "2024-06-01",
           "--reason", "复议机关认定本机关已履行职责，与维持同"))
    assert rows(db, "SELECT decision, result, result_reason FROM legal_case ORDER BY id") == [
        ("suit.reject", "upheld", None), ("review.reject", "upheld", "复议机关认定本机关已履行职责，与维持同")]
    t4 = {(r["row"], r["column"]): r["value"] for r in
          json.loads(run("--db", db, "stats", "--year", "2024", "--table", "t4", "-f", "json").stdout)}
    assert t4[("review", "upheld")] == 1 and t4[("suit_direct", "upheld")] == 1


def test_a_direct_suit_on_a_2024_refusal_is_flagged(run, db):
    n = add(run, db, "2024-03-01")
    ok(run("--db", db, "request", "close", n, "--outcome", "withheld.internal_affairs", "--date", "2024-03-20"))
    ok(run("--db", db, "request", "letter", n, "--note", "属于本机关内部管理信息"))
    ok(run("--db", db, "case", "add", "--kind", "suit_direct", "--filed", "2024-04-10", "--request", n))
    got = json.loads(run("--db", db, "check", "--year", "2024", "--today", "2024-12-31", "--rule", "L-CASE-", "-f", "json").stdout)
    assert [f["rule"] for f in got] == ["L-CASE-DIRECT-SUIT"]
    assert "惠南街依复〔2024〕1号" in got[0]["message"] and "行政复议法第二十三条第一款第（四）项" in got[0]["message"]


# --------------------------------------------------------------------------- consultation, delay, notices
def test_a_consultation_over_national_day(run, db):
    n = add(run, db, "2024-09-27")
    # without --date, today (2026) is past the answer period of a 2024 application: refused, not numbered 〔2026〕
    before = dump(db)
    refused(run("--db", db, "request", "letter", n, "--kind", "consult", "--to", "某某物业公司"), "只能是补登", "--date")
    assert dump(db) == before
    res = ok(run("--db", db, "request", "letter", n, "--kind", "consult", "--to", "某某物业公司", "--date", "2024-10-08",
                 "--note", "名单含住户信息"))
    assert "惠南街依复〔2024〕1号" in res.output and "disc request pause" in res.output
    ok(run("--db", db, "request", "pause", n, "--from", "2024-10-08", "--reason", "征求第三方意见"))
    # a second letter of the same date is not told to register the pause again
    res = ok(run("--db", db, "request", "letter", n, "--kind", "co_maker", "--to", "区住建局", "--date", "2024-10-08"))
    assert "disc request pause" not in res.output
    # the third party has 15 working days: 10/9 … 10/28 (10/12 worked)
    items = due_items(run, db, "2024-10-09")
    assert ("consult", "2024-10-28") in [(d["kind"], d["due"]) for d in items]
    assert not any(d["kind"] == "reply" for d in items)  # the clock is stopped
    ok(run("--db", db, "request", "consult-answer", n, "--from", "某某物业公司", "--date", "2024-10-15", "--objects"))
    ok(run("--db", db, "request", "consult-answer", n, "--from", "区住建局", "--date", "2024-10-15", "--agrees"))
    ok(run("--db", db, "request", "pause", n, "--to", "2024-10-15"))
    # received 9/27: 9/29 (1) 9/30 (2); paused 10/8–10/15; 10/16 (3) … 11/8 (20)
    items = due_items(run, db, "2024-10-16")
    assert [(d["kind"], d["due"]) for d in items if d["kind"] == "reply"] == [("reply", "2024-11-08")]
    # the notice to the applicant, dated by the consultation letter
    res = ok(run("--db", db, "request", "letter", n, "--kind", "pause_notice", "-f", "txt"))
    assert "2024年10月8日书面征求意见" in res.stdout and "第三十三条第三款" in res.stdout
    # deciding to disclose over the objection: told to the third party, with its remedies
    ok(run("--db", db, "request", "close", n, "--outcome", "予以公开", "--date", "2024-11-05"))
    refused(run("--db", db, "request", "letter", n, "--kind", "disclose_notice", "--to", "区住建局", "--note", "x"),
            "没有登记「区住建局」不同意公开的意见")
    res = ok(run("--db", db, "request", "letter", n, "--kind", "disclose_notice", "--to", "某某物业公司",
                 "--note", "补贴系财政资金，公开名单（隐去门牌号）有利于接受监督", "-f", "txt"))
    assert "贵方于2024年10月16日" not in res.stdout and "贵方于2024年10月15日提出不同意公开" in res.stdout
    assert "如贵方认为本机关的上述公开决定侵犯贵方的合法权益" in res.stdout and "行政复议法》第二十条" in res.stdout
    kinds = [k for (k,) in rows(db, "SELECT kind FROM letter ORDER BY id")]
    assert kinds == ["consult", "co_maker", "pause_notice", "disclose_notice"]


def test_reasons_and_a_reasonable_delay(run, db):
    n = add(run, db, "2024-03-01", subject="2015年以来本街道全部会议纪要")
    refused(run("--db", db, "request", "delay", n, "--date", "2024-03-20", "--until", "2024-05-31"), "没有登记收到申请人说明的理由")
    ok(run("--db", db, "request", "ask-reasons", n, "--date", "2024-03-05"))
    res = ok(run("--db", db, "request", "letter", n, "--kind", "ask_reasons", "--note", "一次申请 9 年的全部会议纪要", "-f", "txt"))
    assert "2024年3月5日" in res.stdout and "第三十五条" in res.stdout and "最迟于2024年3月26日" in res.stdout  # 15 working days
    ok(run("--db", db, "request", "reasons", n, "--date", "2024-03-12", "--note", "课题研究"))
    ok(run("--db", db, "request", "delay", n, "--date", "2024-03-20", "--until", "2024-05-31", "--note", "纪要需逐份审查"))
    # 20 working days from 3/1 end on 3/29; the reasonable delay moves it to 5/31
    items = due_items(run, db, "2024-04-01")
    assert [(d["kind"], d["due"]) for d in items if d["kind"] == "reply"] == [("reply", "2024-05-31")]
    show = ok(run("--db", db, "request", "show", n)).output
    assert "延迟答复的合理期限：2024年5月31日" in show
    res = ok(run("--db", db, "request", "letter", n, "--kind", "delay", "--note", "纪要需逐份审查", "-f", "txt"))
    assert "将于2024年5月31日前作出答复" in res.stdout and "惠南街依复〔2024〕2号" in res.stdout


def test_delivery_is_recorded_once_and_starts_the_remedy_periods(run, db):
    n = add(run, db, "2024-03-01")
    ok(run("--db", db, "request", "close", n, "--outcome", "予以公开", "--date", "2024-03-20"))
    before = dump(db)
    refused(run("--db", db, "request", "letter", n, "--note", "窗口领取", "--delivered", "2024-03-22", "--by", "飞鸽"), "送达方式")
    assert dump(db) == before  # nothing issued: the delivery was checked first
    ok(run("--db", db, "request", "letter", n, "--note", "窗口领取", "--delivered", "2024-03-22", "--by", "邮寄",
           "--delivery-note", "EMS 1187"))
    assert rows(db, "SELECT day, method, detail FROM delivery") == [("2024-03-22", "post", "EMS 1187")]
    ok(run("--db", db, "request", "letter", n, "--delivered", "2024-03-22", "--by", "邮寄"))  # the same again: fine
    refused(run("--db", db, "request", "letter", n, "--delivered", "2024-03-25", "--by", "当面"), "已登记于 2024-03-22 邮寄送达")
    items = due_items(run, db, "2024-04-01")
    assert [(d["kind"], d["due"]) for d in items if d["kind"] == "remedy"] == [("remedy", "2024-05-21"), ("remedy", "2024-09-22")]
    assert all(not d["overdue"] for d in items)


def test_letters_take_their_events_date_and_number_in_that_year(run, db):
    n = add(run, db, "2024-12-20")
    ok(run("--db", db, "request", "correction", n, "--sent", "2024-12-27"))
    ok(run("--db", db, "request", "letter", n, "--kind", "correction", "--note", "请写明小区名称"))
    assert rows(db, "SELECT dated, number FROM letter") == [("2024-12-27", "惠南街依复〔2024〕1号")]


# --------------------------------------------------------------------------- disc due, the calendar file
def test_due_lists_soonest_first_and_exits_one_when_something_is_overdue(run, db):
    late = add(run, db, "2024-02-08")  # due 2024-03-13
    soon = add(run, db, "2024-03-01")  # due 2024-03-29
    res = run("--db", db, "due", "--today", "2024-03-20", "-f", "json")
    assert res.exit_code == 1
    got = [(d["kind"], d["ref"], d["due"], d["overdue"]) for d in json.loads(res.stdout)]
    assert got[:2] == [("reply", late, "2024-03-13", True), ("reply", soon, "2024-03-29", False)]
    res = run("--db", db, "due", "--today", "2024-03-01", "--within", "3", "-f", "json")
    assert res.exit_code == 0  # 3/13 is not within 3 working days of 3/1; the 补正 mark of 2024-03-12 neither
    assert [d["kind"] for d in json.loads(res.stdout)] == []


def test_the_calendar_file_is_read_back_and_keeps_its_ids(run, db, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    n = add(run, db, "2024-09-27")
    ok(run("--db", db, "case", "add", "--kind", "suit_direct", "--filed", "2024-12-20", "--served", "2024-12-31"))
    first = tmp_path / "期限.ics"
    assert run("--db", db, "due", "--today", "2024-10-08", "-o", first).exit_code == 0  # nothing overdue yet
    cal = icalendar.Calendar.from_ical(first.read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    reply = next(e for e in events.values() if str(e["SUMMARY"]).startswith("答复申请"))
    assert reply["DTSTART"].dt == date(2024, 10, 30)  # 9/29 (1) 9/30 (2) 10/8 (3) … 10/12 (7) … 10/30 (20)
    case = next(e for e in events.values() if "案件" in str(e["SUMMARY"]))
    assert case["DTSTART"].dt == date(2025, 1, 15)
    assert b"\r\n" in first.read_bytes() and all(len(line) <= 75 for line in first.read_bytes().split(b"\r\n"))
    # a change, exported again: the same ids, the new date
    ok(run("--db", db, "request", "extend", n, "--approved-by", "李主任", "--date", "2024-10-08"))
    second = tmp_path / "期限2.ics"
    run("--db", db, "due", "--today", "2024-10-08", "-o", second)
    again = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(second.read_bytes()).walk("VEVENT")}
    assert set(events) <= set(again)
    moved = again[str(reply["UID"])]
    assert moved["DTSTART"].dt == date(2024, 11, 27)  # 20 more working days: 10/31 … 11/27
    assert any(str(e["SUMMARY"]).startswith("告知延期") for e in again.values())


def test_deadline_calculator(run):
    res = ok(run("deadline", "--received", "2024-09-27", "--pause", "2024-10-08..2024-10-15"))
    assert res.stdout.splitlines()[-1] == "期限：2024年11月8日"
    res = ok(run("deadline", "--case", "review", "--served", "2024-09-27"))
    assert res.stdout.splitlines()[-1] == "期限：2024年10月16日"
    refused(run("deadline", "--received", "2024-09-27", "--pause", "2024-10-08"), "开始日..结束日")
    refused(run("deadline", "--case", "appeal", "--served", "2024-09-27"), "--case 应为 review")


# --------------------------------------------------------------------------- the ledger's lists follow the cards
def test_an_old_ledger_is_upgraded_and_keeps_its_triggers(run, db, tmp_path):
    from disclosure_cli.ledger import checks

    n = add(run, db, "2024-03-01")
    ok(run("--db", db, "request", "letter", n, "--kind", "receipt"))
    with sqlite3.connect(db) as conn:
        assert checks.listed(conn, "letter", "kind")[-1] == "delay"
        with pytest.raises(sqlite3.IntegrityError, match="不能删除"):
            conn.execute("DELETE FROM letter")
        with pytest.raises(sqlite3.IntegrityError, match="不能改写"):
            conn.execute("UPDATE letter SET number = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute("INSERT INTO letter (org_id, request_id, kind, year, seq, number, dated, content, issued_at, clerk)"
                         " VALUES (1, 1, 'memo', 2024, 9, 'n', '2024-03-01', '{}', 'x', 'y')")


def test_each_step_reaches_another_units_application_by_its_number(run, db):
    """Each unit numbers its own applications: 2024-001 of 北街 is reached with --org."""
    add(run, db, "2024-03-01", subject="本单位的申请")
    ok(run("--db", db, "org", "add", "北街街道", "--parent", ORG))
    ok(run("--db", db, "request", "add", "--received", "2024-03-04", "--applicant-type", "自然人", "--subject", "北街的申请",
           "--org", "北街街道"))
    assert "北街的申请" in ok(run("--db", db, "request", "show", "2024-001", "--org", "北街街道")).output
    assert "本单位的申请" in ok(run("--db", db, "request", "show", "2024-001")).output
    ok(run("--db", db, "request", "correction", "2024-001", "--sent", "2024-03-06", "--org", "北街街道"))
    ok(run("--db", db, "request", "pause", "2024-001", "--from", "2024-03-07", "--to", "2024-03-08", "--reason", "征求第三方意见",
           "--org", "北街街道"))
    ok(run("--db", db, "request", "fee", "2024-001", "--method", "pages", "--pages", "40", "--notice", "2024-03-11",
           "--org", "北街街道"))
    ok(run("--db", db, "request", "fee-paid", "2024-001", "--date", "2024-03-12", "--org", "北街街道"))
    ok(run("--db", db, "request", "extend", "2024-001", "--approved-by", "李主任", "--date", "2024-03-13", "--org", "北街街道"))
    assert rows(db, "SELECT r.subject FROM request_correction c JOIN request r ON r.id = c.request_id") == [("北街的申请",)]
    assert rows(db, "SELECT r.subject FROM request_extension e JOIN request r ON r.id = e.request_id") == [("北街的申请",)]
    # a number only another unit holds: the refusal names that unit
    ok(run("--db", db, "request", "add", "--received", "2024-03-05", "--applicant-type", "自然人", "--subject", "北街的第二件",
           "--org", "北街街道"))
    refused(run("--db", db, "request", "show", "2024-002"), "本单位没有编号为 2024-002 的申请", "北街街道有此编号，请用 --org")
