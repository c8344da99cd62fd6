"""信息处理费 through the ledger (按件 per applicant and month, 按量 per page, one method, the
notice→payment pause, unpaid → other.unpaid_fee, part 六 totals), and the lifecycle tables' schema
rules (CHECK constraints, no hard deletes, one extension/补正/fee per application)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from disclosure_cli.ledger import deadlines, fees
from disclosure_cli.ledger.db import Ledger
from tests.asserts import refused
from tests.conftest import dump, rows


def add(run, db, received: str, name: str | None = None) -> str:
    args = ["--db", db, "request", "add", "--received", received, "--applicant-type", "自然人", "--subject", "某项目审批材料"]
    if name:
        args += ["--name", name]
    res = run(*args)
    assert res.exit_code == 0, res.output
    return res.stdout.strip()


def ok(res):
    assert res.exit_code == 0, res.output
    return res


def test_fee_by_pages_is_computed_and_pauses_the_clock(run, db):
    n = add(run, db, "2024-02-08")
    res = ok(run("--db", db, "request", "fee", n, "--method", "pages", "--pages", "57", "--notice", "2024-02-26"))
    assert "合计：270元" in res.stdout
    assert rows(db, "SELECT method, pieces, pages, amount_fen, notice, paid FROM request_fee") == [
        ("page", None, 57, 27000, "2024-02-26", None)
    ]
    # unpaid: the clock is stopped, never overdue
    res = run("--db", db, "request", "list", "--overdue", "--today", "2024-03-20", "--format", "csv")
    assert res.exit_code == 0
    ok(run("--db", db, "request", "fee-paid", n, "--date", "2024-03-01"))
    # 02-26 … 03-01 (five working days) not counted: 2024-03-13 becomes 2024-03-20
    with Ledger.open(db) as led:
        assert deadlines.deadline_for(led, n).due == date(2024, 3, 20)
    res = run("--db", db, "request", "fee-paid", n, "--date", "2024-03-02")
    refused(res, "申请 2024-001 的信息处理费已登记于 2024-03-01 缴纳")


@pytest.mark.parametrize(("pages", "yuan"), [(57, 270), (109, 880), (119, 1080), (31, 10), (250, 4700)])
def test_page_amounts(run, db, pages, yuan):
    n = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "fee", n, "--method", "按量", "--pages", str(pages), "--notice", "2024-02-20"))
    assert rows(db, "SELECT amount_fen FROM request_fee")[0][0] == yuan * 100


def test_one_method_per_application(run, db):
    n = add(run, db, "2024-02-08")
    res = run("--db", db, "request", "fee", n, "--method", "item", "--pages", "40", "--notice", "2024-02-20")
    refused(res, "按件计收不按页数计算：不要同时给出 --pages", "第三条")
    res = run("--db", db, "request", "fee", n, "--method", "pages", "--notice", "2024-02-20")
    refused(res, "按量计收需要页数（--pages N）")
    res = run("--db", db, "request", "fee", n, "--method", "pages", "--pages", "20", "--notice", "2024-02-20")
    refused(res, "按量计收：20页在免费的30页以内（第五条）")
    assert rows(db, "SELECT count(*) FROM request_fee")[0][0] == 0
    ok(run("--db", db, "request", "fee", n, "--method", "pages", "--pages", "40", "--notice", "2024-02-20"))
    res = run("--db", db, "request", "fee", n, "--method", "pages", "--pages", "80", "--notice", "2024-02-21")
    refused(res, "已于 2024-02-20 发出收费通知（按量计收，100元）", "每件申请只能按一种方式收费一次")
    assert rows(db, "SELECT count(*) FROM request_fee")[0][0] == 1


def test_fee_by_item_counts_the_applicants_month(run, db):
    numbers = [add(run, db, f"2024-03-{d:02d}", "王五") for d in range(1, 13)]
    other = add(run, db, "2024-03-20", "赵六")
    april = add(run, db, "2024-04-01", "王五")
    anonymous = add(run, db, "2024-03-25")
    # the 10th application of the month is free
    res = run("--db", db, "request", "fee", numbers[9], "--method", "item", "--notice", "2024-03-15")
    refused(res, f"按件计收：申请 {numbers[9]} 是该申请人本月第10件，10件以内不收费（第四条）")
    # the 11th and 12th: 100元 each
    res = ok(run("--db", db, "request", "fee", numbers[10], "--method", "按件", "--notice", "2024-03-15"))
    assert "2024年3月第11件" in res.stdout
    ok(run("--db", db, "request", "fee", numbers[11], "--method", "item", "--notice", "2024-03-15"))
    assert rows(db, "SELECT pieces, amount_fen FROM request_fee ORDER BY id") == [(11, 10000), (12, 10000)]
    # another applicant, the next month, no name: each is a first application
    for n in (other, april, anonymous):
        res = run("--db", db, "request", "fee", n, "--method", "item", "--notice", "2024-04-02")
        refused(res, f"按件计收：申请 {n} 是该申请人本月第1件，10件以内不收费（第四条）")
    assert "新申请人" in run("--db", db, "request", "fee", anonymous, "--method", "item", "--notice", "2024-04-02").output
    # the fee log names no applicant
    after = [r[0] for r in rows(db, "SELECT after FROM change_log WHERE action = 'fee_notice'")]
    assert after and not any("王五" in a for a in after)


def test_item_tiers_beyond_thirty(run, db, ledger):
    """31st–40th application of a month: 200元 (以10件为一档，每增加一档提高100元/件)."""
    conn = ledger.conn
    with ledger.write():
        for i in range(31):
            cur = conn.execute(
                "INSERT INTO request (org_id, year, seq, received, applicant_type, subject) VALUES (1, 2024, ?, '2024-05-06', 'natural_person', '批量')",
                (i + 1,),
            )
            conn.execute("INSERT INTO request_personal (request_id, name) VALUES (?, '钱七')", (cur.lastrowid,))
    fee = fees.record_notice(ledger, "2024-031", method="item", notice="2024-05-10")
    assert (fee.pieces, fee.amount_yuan) == (31, Decimal(200))


def test_unpaid_fee_proposes_outcome(run, db):
    n = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "fee", n, "--method", "pages", "--pages", "57", "--notice", "2024-02-26"))
    # 20 working days from the day after the notice: 02-27 … 03-25
    res = run("--db", db, "request", "list", "--today", "2024-03-25", "--format", "csv")
    assert list(csv.DictReader(io.StringIO(res.stdout)))[0]["proposal"] == ""
    res = run("--db", db, "request", "list", "--today", "2024-03-26", "--format", "csv")
    row = list(csv.DictReader(io.StringIO(res.stdout)))[0]
    assert row["proposal"] == "other.unpaid_fee" and row["status"] == "paused"
    assert res.exit_code == 0
    text = run("--db", db, "request", "show", n, "--today", "2024-03-26").stdout
    assert "other.unpaid_fee" in text and "2024年3月25日" in text
    doc = json.loads(run("--db", db, "request", "show", n, "--today", "2024-03-26", "--format", "json").stdout)
    assert doc["proposal"] == "other.unpaid_fee" and doc["fee_payment_due"] == "2024-03-25"
    ok(run("--db", db, "request", "close", n, "--outcome", "other.unpaid_fee", "--date", "2024-03-26"))
    res = run("--db", db, "request", "list", "--today", "2024-03-26", "--format", "csv")
    assert list(csv.DictReader(io.StringIO(res.stdout)))[0]["proposal"] == ""


def test_fee_summary_for_part_six(run, db):
    a = add(run, db, "2023-12-01")
    b = add(run, db, "2024-02-08")
    c = add(run, db, "2024-03-01")
    ok(run("--db", db, "request", "fee", a, "--method", "pages", "--pages", "57", "--notice", "2023-12-15"))
    ok(run("--db", db, "request", "fee-paid", a, "--date", "2024-01-05"))  # notice 2023, paid 2024
    ok(run("--db", db, "request", "fee", b, "--method", "pages", "--pages", "109", "--notice", "2024-02-20"))
    ok(run("--db", db, "request", "fee-paid", b, "--date", "2024-02-22"))
    ok(run("--db", db, "request", "fee", c, "--method", "pages", "--pages", "119", "--notice", "2024-03-05"))  # unpaid
    with Ledger.open(db) as led:
        s24 = fees.summary(led, 2024, [1])
        s23 = fees.summary(led, 2023, [1])
    assert (s24.charged, s24.amount_yuan, s24.notices) == (2, Decimal("1150"), 2)
    assert (s23.charged, s23.amount_yuan, s23.notices) == (0, Decimal(0), 1)
    doc = json.loads(run("--db", db, "report", "--year", "2024", "--format", "json").stdout)
    assert doc["fee"]["charged"] == 2
    assert Decimal(str(doc["fee"]["amount_yuan"])) == Decimal("1150")


def test_events_refuse_bad_dates(run, db):
    n = add(run, db, "2024-02-08")
    before = dump(db)
    for args, said in (
        (["correction", n, "--sent", "2024-02-01"], f"补正通知发出日期 2024-02-01 早于申请 {n} 的收到申请日期 2024-02-08"),
        (
            ["pause", n, "--from", "2024-03-01", "--to", "2024-02-20", "--reason", "征求第三方意见"],
            "暂停结束日期 2024-02-20 早于开始日期 2024-03-01",
        ),
        (["pause", n, "--from", "2024-03-01"], "暂停原因（--reason）不能为空"),
        (["pause", n, "--to", "2024-03-05"], f"申请 {n} 没有正在进行的暂停"),
        (["fee", n, "--method", "pages", "--pages", "50", "--notice", "2024-01-01"], "收费通知日期 2024-01-01 早于收到申请日期 2024-02-08"),
        (["fee-paid", n, "--date", "2024-03-01"], f"申请 {n} 没有登记收费通知"),
        (["extend", n, "--approved-by", "李主任", "--date", "2024-01-01"], f"批准日期 2024-01-01 早于申请 {n} 的收到申请日期"),
    ):
        res = run("--db", db, "request", *args)
        refused(res, said)
    assert dump(db) == before
    ok(run("--db", db, "request", "close", n, "--outcome", "予以公开", "--date", "2024-03-01"))
    res = run("--db", db, "request", "pause", n, "--from", "2024-03-05", "--to", "2024-03-06", "--reason", "征求第三方意见")
    refused(res, f"暂停开始日期 2024-03-05 晚于申请 {n} 的办结日期 2024-03-01")
    assert rows(db, "SELECT count(*) FROM request_pause")[0][0] == 0


def test_unknown_application(run, db):
    for args, said in (
        (["show", "2024-001"], "没有编号为 2024-001 的申请"),
        (["extend", "2024-001", "--approved-by", "李主任"], "没有编号为 2024-001 的申请"),
        (["show", "甲"], "申请编号「甲」无法识别：应为 2023-007 这样的编号或数字 id"),
    ):
        res = run("--db", db, "request", *args)
        refused(res, said)
    assert rows(db, "SELECT count(*) FROM request_extension") == [(0,)]


def test_schema_constraints_and_no_deletes(run, db):
    n = add(run, db, "2024-02-08")
    ok(run("--db", db, "request", "extend", n, "--approved-by", "李主任", "--date", "2024-03-01"))
    ok(run("--db", db, "request", "fee", n, "--method", "pages", "--pages", "57", "--notice", "2024-02-26"))
    ok(run("--db", db, "holiday", "add", "2027-01-01", "--off"))
    ok(run("--db", db, "request", "pause", n, "--from", "2024-03-01", "--to", "2024-03-02", "--reason", "征求第三方意见"))
    ok(run("--db", db, "request", "correction", n, "--sent", "2024-02-09"))
    conn = sqlite3.connect(db)
    bad = [
        "INSERT INTO request_extension (request_id, days, approved_by, recorded_at) VALUES (1, 21, '李主任', 'x')",
        "INSERT INTO request_extension (request_id, days, approved_by, recorded_at) VALUES (1, 5, ' ', 'x')",
        "INSERT INTO request_fee (request_id, method, pieces, pages, amount_fen, notice, recorded_at)"
        " VALUES (1, 'page', 3, 40, 100, '2024-02-01', 'x')",
        "INSERT INTO request_fee (request_id, method, pages, amount_fen, notice, recorded_at) VALUES (1, 'both', 40, 100, '2024-02-01', 'x')",
        "INSERT INTO request_pause (request_id, start_day, end_day, reason, recorded_at) VALUES (1, '2024-03-05', '2024-03-01', 'r', 'x')",
        "INSERT INTO holiday (day, working, source, recorded_at) VALUES ('2027-13-01', 0, 'manual', 'x')",
        "INSERT INTO holiday (day, working, source, recorded_at) VALUES ('2027-01-02', 2, 'manual', 'x')",
        "INSERT INTO holiday (day, working, source, recorded_at) VALUES ('2027-01-01', 1, 'manual', 'x')",  # one standing row per day
        "UPDATE request_fee SET amount_fen = 1",
        "UPDATE request_correction SET received = '2024-02-01'",
    ]
    for sql in bad:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)
    for table in ("holiday", "request_correction", "request_extension", "request_pause", "request_fee"):
        with pytest.raises(sqlite3.IntegrityError, match="不能删除"):
            conn.execute(f"DELETE FROM {table}")
    conn.close()


def test_late_extension_and_late_fee_notice_are_flagged(run, db):
    n = add(run, db, "2024-02-08")
    # approved the day after the deadline: refused unless the clerk says why (issue 25)
    before = dump(db)
    refused(run("--db", db, "request", "extend", n, "--approved-by", "李主任", "--date", "2024-03-14"),
            "答复期限是2024年3月13日，批准日期2024年3月14日已过期限", "--late-reason")
    assert dump(db) == before
    ok(run("--db", db, "request", "extend", n, "--approved-by", "李主任", "--date", "2024-03-14",
           "--late-reason", "批准件 3 月 14 日才送达经办人"))
    assert rows(db, "SELECT late_reason FROM request_extension") == [("批准件 3 月 14 日才送达经办人",)]
    m = add(run, db, "2024-02-08")
    res = ok(run("--db", db, "request", "fee", m, "--method", "pages", "--pages", "40", "--notice", "2024-03-14"))
    assert "收费通知应在答复期限内发出" in res.output


def test_a_voided_application_says_so_and_its_issued_letters_are_named(run, tmp_path):
    """A break-it pass: request show said 「已办结」 for a voided application, and voiding one whose reply
    had been numbered and sent said nothing about the letter."""
    import json

    db = tmp_path / "v.db"
    assert run("--db", db, "init", "--org", "某街道").exit_code == 0
    assert run("--db", db, "org", "set", "某街道", "--review-body", "某区人民政府", "--court", "某区人民法院",
               "--letter-prefix", "某街依复", "--phone", "0952-3012345").exit_code == 0
    assert run("--db", db, "request", "add", "--received", "2024-02-01", "--applicant-type", "自然人", "--subject", "x").exit_code == 0
    assert run("--db", db, "request", "close", "2024-001", "--outcome", "予以公开", "--date", "2024-02-20").exit_code == 0
    res = run("--db", db, "request", "letter", "2024-001", "--note", "邮寄")
    assert res.exit_code == 0, res.output
    res = run("--db", db, "void", "2024-001", "--kind", "request", "--reason", "重复登记")
    assert res.exit_code == 0 and "该申请已出具的 1 份文书" in res.stderr and "不随申请作废" in res.stderr
    shown = run("--db", db, "request", "show", "2024-001").stdout
    assert "状态：已作废（已于 " in shown and "重复登记" in shown and "已办结" not in shown.split("\n")[4]
    doc = json.loads(run("--db", db, "request", "show", "2024-001", "-f", "json").stdout)
    assert doc["status"] == "voided" and doc["voided"].endswith("作废：重复登记")


def test_the_change_log_of_an_application_by_its_number(run, tmp_path):
    db = tmp_path / "l.db"
    assert run("--db", db, "init", "--org", "某街道").exit_code == 0
    for day in ("2023-12-20", "2024-01-05"):  # ids and numbers diverge across years
        assert run("--db", db, "request", "add", "--received", day, "--applicant-type", "自然人", "--subject", day).exit_code == 0
    res = run("--db", db, "log", "2024-001", "-f", "csv")
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()[1:]
    assert len(lines) == 1 and ",add,request,2," in lines[0] and "2024-01-05" in lines[0]
    from tests.asserts import refused

    refused(run("--db", db, "log", "abc"), "记录编号「abc」应为数字，或 2024-003 这样的申请编号")


def test_a_late_correction_notice_and_a_late_answer_are_said_when_recorded(run, tmp_path):
    db = tmp_path / "late.db"
    assert run("--db", db, "init", "--org", "某街道").exit_code == 0
    assert run("--db", db, "request", "add", "--received", "2024-02-08", "--applicant-type", "自然人", "--subject", "x").exit_code == 0
    res = run("--db", db, "request", "correction", "2024-001", "--sent", "2024-02-26")
    assert res.exit_code == 0 and "补正通知 2024年2月26日 发出，晚于最迟日期 2024年2月23日" in res.stderr
    assert run("--db", db, "request", "add", "--received", "2024-03-01", "--applicant-type", "自然人", "--subject", "y").exit_code == 0
    res = run("--db", db, "request", "close", "2024-002", "--outcome", "予以公开", "--date", "2024-04-30")
    assert res.exit_code == 0 and "答复日期 2024年4月30日 晚于答复期限 2024年3月29日，将计为逾期答复" in res.stderr
    res = run("--db", db, "request", "add", "--received", "2024-03-01", "--applicant-type", "自然人", "--subject", "z")
    res = run("--db", db, "request", "close", "2024-003", "--outcome", "予以公开", "--date", "2024-03-20")
    assert res.exit_code == 0 and "注意" not in res.stderr
