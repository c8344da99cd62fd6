"""Tables 二, 三, 四 from ledger records: the counting rules, the sample report, property tests."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_cli import vocab
from disclosure_cli.ledger import records, requests
from disclosure_cli.report.build import build_report
from tests.asserts import refused
from tests.conftest import SAMPLE_DB, rows, shared_file


def test_t2_documents_decisions_fees(run, db):
    def doc(kind, issued, repealed=None):
        args = ["--db", db, "doc", "add", "--kind", kind, "--title", "文件", "--issued", issued]
        if repealed:
            args += ["--repealed", repealed]
        assert run(*args).exit_code == 0

    doc("normative_document", "2021-05-01")  # in force
    doc("normative_document", "2022-05-01", "2023-06-01")  # repealed in 2023
    doc("normative_document", "2023-02-01")  # issued in 2023
    doc("行政规范性文件", "2023-03-01", "2023-11-30")  # issued and repealed in 2023
    doc("规章", "2024-01-02")  # next year
    assert run("--db", db, "doc", "add", "--kind", "regulation", "--title", "x", "--issued", "2023-01-05").exit_code == 0
    assert run("--db", db, "doc", "repeal", "6", "--date", "2024-02-01").exit_code == 0
    run("--db", db, "decision", "add", "--kind", "penalty", "--date", "2023-03-01", "--count", "3")
    run("--db", db, "decision", "add", "--kind", "行政许可", "--date", "2023-12-31")
    run("--db", db, "decision", "add", "--kind", "coercion", "--date", "2024-01-01")
    run("--db", db, "fee", "add", "--date", "2023-03-01", "--amount", "12345.67")
    run("--db", db, "fee", "add", "--date", "2023-05-01", "--amount", "0.33")
    cells = {(r["row"], r["column"]): r["value"] for r in csv.DictReader(io.StringIO(
        run("--db", db, "stats", "--year", "2023", "--table", "t2", "--format", "csv").stdout))}
    assert cells == {
        ("regulation", "issued"): "1", ("regulation", "repealed"): "0", ("regulation", "in_force"): "1",
        ("normative_document", "issued"): "2", ("normative_document", "repealed"): "2",
        ("normative_document", "in_force"): "2",
        ("license", "decisions"): "1", ("penalty", "decisions"): "3", ("coercion", "decisions"): "0",
        ("fee", "amount_wan"): "1.2346",
    }


def test_fee_is_exact_and_rejects_floats_noise(ledger):
    records.add_fee(ledger, date="2023-01-01", amount="0.10")
    records.add_fee(ledger, date="2023-01-02", amount="0.20")
    rep = build_report(ledger, 2023)
    assert rep.t2[("fee", "amount_wan")] == Decimal("0.00003")
    import pytest

    from disclosure_cli.errors import BadInput

    with pytest.raises(BadInput):
        records.add_fee(ledger, date="2023-01-01", amount="1.005")
    with pytest.raises(BadInput):
        records.add_fee(ledger, date="2023-01-01", amount="-1")


def test_t3_counting_rules(run, ledger):
    add = lambda received, t="自然人": requests.add_request(ledger, received=received, applicant_type=t, subject="s")[1]  # noqa: E731
    a = add("2022-12-20")  # carried over into 2023, closed 2023
    b = add("2022-11-01")  # closed 2022: not in 2023
    c = add("2023-03-01", "律师事务所")  # closed 2023 partial
    d = add("2023-12-30", "企业")  # still open: carried forward
    requests.close_request(ledger, a, outcome="予以公开", date="2023-01-10")
    requests.close_request(ledger, b, outcome="重复申请", date="2022-12-01")
    requests.close_request(ledger, c, outcome="部分公开", date="2023-03-20")
    assert a == "2022-001" and c == "2023-001" and d == "2023-002"
    t3 = build_report(ledger, 2023).t3
    assert t3[("new", "total")] == 2 and t3[("new", "legal_service")] == 1 and t3[("new", "business")] == 1
    assert t3[("carried_over", "natural_person")] == 1 and t3[("carried_over", "total")] == 1
    assert t3[("granted", "natural_person")] == 1 and t3[("partial", "legal_service")] == 1
    assert t3[("total", "total")] == 2 and t3[("carried_forward", "business")] == 1
    assert t3[("not_processed.duplicate", "total")] == 0
    t3_2022 = build_report(ledger, 2022).t3
    assert t3_2022[("not_processed.duplicate", "natural_person")] == 1
    assert t3_2022[("carried_forward", "total")] == 1


def test_one_outcome_per_application(run, ledger, db):
    _, n = requests.add_request(ledger, received="2023-03-01", applicant_type="natural_person", subject="s")
    requests.close_request(ledger, n, outcome="granted", date="2023-03-05")
    res = run("--db", db, "request", "close", n, "--outcome", "partial", "--date", "2023-03-06")
    refused(res, f"申请 {n} 已于 2023-03-05 办结（（一）予以公开）；一件申请只计一个办理结果")
    assert rows(db, "SELECT outcome, closed FROM request") == [("granted", "2023-03-05")]
    import sqlite3

    import pytest

    with pytest.raises(sqlite3.IntegrityError):
        ledger.conn.execute("UPDATE request SET outcome = 'partial' WHERE seq = 1")
    assert run("--db", db, "request", "reopen", n, "--reason", "登记错误").exit_code == 0
    assert run("--db", db, "request", "close", n, "--outcome", "（二）部分公开", "--date", "2023-03-06").exit_code == 0


def test_request_cli_bad_input(run, db):
    base = ["--db", db, "request", "add", "--received", "2023-03-01", "--subject", "s"]
    res = run(*base, "--applicant-type", "外星人")
    refused(res, "申请人类型（--applicant-type）「外星人」无法识别")
    res = run("--db", db, "request", "add", "--received", "2023-02-30", "--applicant-type", "自然人", "--subject", "s")
    refused(res, "收到申请日期（--received）「2023-02-30」不是有效日期")
    assert rows(db, "SELECT count(*) FROM request") == [(0,)]
    assert run(*base, "--applicant-type", "自然人").stdout == "2023-001\n"
    res = run("--db", db, "request", "close", "2023-001", "--outcome", "不存在的结果", "--date", "2023-03-02")
    refused(res, "办理结果（--outcome）「不存在的结果」无法识别")
    res = run("--db", db, "request", "close", "2023-001", "--outcome", "granted", "--date", "2023-02-01")
    refused(res, "办结日期 2023-02-01 早于收到申请日期 2023-03-01")
    assert rows(db, "SELECT outcome, closed FROM request") == [(None, None)]


def test_t4_cases_across_years(run, db):
    def case(kind, filed, result=None, decided=None):
        cid = run("--db", db, "case", "add", "--kind", kind, "--filed", filed).stdout.strip()
        if result:
            assert run("--db", db, "case", "close", cid, "--result", result, "--date", decided).exit_code == 0

    case("review", "2022-11-01", "upheld", "2023-01-20")  # open on 1 Jan 2023 -> counted 2023 upheld
    case("review", "2022-05-01", "corrected", "2022-08-01")  # closed 2022 -> not in 2023
    case("复议", "2023-10-01")  # pending
    case("suit_direct", "2023-02-01", "其他结果", "2024-03-01")  # pending at end of 2023
    case("suit_after_review", "2023-04-01", "corrected", "2023-09-01")
    t4 = json.loads(run("--db", db, "report", "--year", "2023", "--format", "json").stdout)["t4"]
    assert t4["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert t4["suit_direct"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert t4["suit_after_review"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
    t4_2024 = json.loads(run("--db", db, "report", "--year", "2024", "--format", "json").stdout)["t4"]
    assert t4_2024["suit_direct"]["other"] == 1 and t4_2024["review"]["total"] == 1  # the 2023 review still pending


# --------------------------------------------------------------------------- the sample report
def _nanjie_numbers(text: str) -> dict[str, list[int]]:
    """The numbers of tables 二/三/四 as the sample report's text prints them, by table."""
    sec2 = text[text.index("二、主动公开政府信息情况"): text.index("三、收到和处理")]
    sec3 = text[text.index("三、收到和处理"): text.index("四、政府信息公开行政复议")]
    sec4 = text[text.index("四、政府信息公开行政复议"): text.index("五、存在")]

    def nums(sec):
        out = []
        for line in sec.splitlines():
            out += [int(c) for c in line.split("\t")[1:] if c.strip().isdigit()]
        return out

    return {"t2": nums(sec2), "t3": nums(sec3), "t4": nums(sec4)}


def test_sample_db_reproduces_the_sample_report_tables(run):
    text = shared_file("reference", "nanjie-2023-annual-report.txt").read_text(encoding="utf-8")
    printed = _nanjie_numbers(text)
    model = json.loads(run("--db", SAMPLE_DB, "report", "--year", "2023", "--format", "json").stdout)
    # 表二 in print order: 规章 3, 行政规范性文件 3, 许可, 处罚, 强制, 收费
    ours_t2 = [model["t2"][r][c] for r, c in vocab.T2_CELLS]
    assert printed["t2"] == ours_t2
    # 表三: every number the text holds is 0 (the copy lost some 总计 cells), and so is every one of ours
    assert set(printed["t3"]) == {0} and len(printed["t3"]) >= 150
    assert {model["t3"][r][c] for r, c in vocab.t3_cells()} == {0}
    # 表四: the 10 litigation cells are printed (the 5 行政复议 cells are blank in the published page)
    assert printed["t4"] == [model["t4"][r][c] for r in ("suit_direct", "suit_after_review") for c in vocab.T4_COLUMNS.codes]
    assert model["items"]["total"] == 485


def test_sample_report_txt_is_complete(run):
    out = run("--db", SAMPLE_DB, "report", "--year", "2023", "--format", "txt").stdout
    assert out.startswith("惠农区南街街道2023年政府信息公开工作年度报告")
    for _, heading in vocab.PARTS:
        assert heading in out
    for fact in ("485", "416", "66", "三审三校", "16次", "221件", "未收取信息处理费", "行政处罚决定21件"):
        assert fact in out, fact
    assert vocab.TODO_MARK not in out


# --------------------------------------------------------------------------- property tests
def _day(n: int) -> str:
    return (date(2020, 1, 1) + timedelta(days=n)).isoformat()


applications = st.lists(
    st.tuples(
        st.integers(0, 4 * 365),  # received
        st.sampled_from(vocab.APPLICANT_TYPES.codes),
        st.one_of(st.none(), st.tuples(st.integers(0, 400), st.sampled_from(vocab.OUTCOME_CODES))),
    ),
    max_size=40,
)
cases = st.lists(
    st.tuples(
        st.integers(0, 4 * 365),
        st.sampled_from(vocab.T4_ROWS.codes),
        st.one_of(st.none(), st.tuples(st.integers(0, 500), st.sampled_from(["upheld", "corrected", "other"]))),
    ),
    max_size=15,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(apps=applications, legal=cases)
def test_any_ledger_gives_balanced_tables_and_continuous_carry_over(tmp_path_factory, apps, legal):
    from disclosure_cli.ledger.db import Ledger
    from disclosure_cli.report.checks import check_report

    path = tmp_path_factory.mktemp("prop") / "p.db"
    with Ledger.create(path, "测试单位") as led:
        for received, atype, close in apps:
            rid, num = requests.add_request(led, received=_day(received), applicant_type=atype, subject="s")
            if close:
                requests.close_request(led, num, outcome=close[1], date=_day(received + close[0]))
        for filed, kind, result in legal:
            cid = records.add_case(led, kind=kind, filed=_day(filed))
            if result:
                records.close_case(led, cid, result=result[1], date=_day(filed + result[0]))
        reports = {y: build_report(led, y) for y in range(2020, 2025)}
    arithmetic = {"T3-BALANCE", "T3-RESULT-SUM", "T3-ROW-SUM", "T4-GROUP-SUM", "CELL-VALUE", "X-CARRY"}
    for y, rep in reports.items():
        found = [f for f in check_report(rep, reports.get(y - 1)) if f.rule in arithmetic]
        assert found == [], (y, found)
        if y - 1 in reports:
            for col in vocab.T3_COLUMNS.codes:
                assert reports[y - 1].t3[("carried_forward", col)] == rep.t3[("carried_over", col)]
    total_apps = len(apps)
    assert sum(reports[y].t3[("new", "total")] for y in reports) == total_apps


def test_void_statutory_records_takes_them_out_of_the_tables(run, db):
    run("--db", db, "decision", "add", "--kind", "penalty", "--date", "2023-03-01", "--count", "3")
    run("--db", db, "decision", "add", "--kind", "penalty", "--date", "2023-03-02")
    n = run("--db", db, "request", "add", "--received", "2023-03-01", "--applicant-type", "自然人", "--subject", "s").stdout.strip()
    assert run("--db", db, "void", "1", "--kind", "decision", "--reason", "录入错误").exit_code == 0
    assert run("--db", db, "void", n, "--kind", "request", "--reason", "重复登记").exit_code == 0
    refused(run("--db", db, "void", "1", "--kind", "decision", "--reason", "again"), "行政决定 1 已于", "作废")
    refused(run("--db", db, "void", "1", "--kind", "nonsense", "--reason", "x"), "记录类型「nonsense」无法识别")
    model = json.loads(run("--db", db, "report", "--year", "2023", "--format", "json").stdout)
    assert model["t2"]["penalty"]["decisions"] == 1
    assert model["t3"]["new"]["total"] == 0
    log = json.loads(run("--db", db, "log", "--entity", "decision", "--format", "json").stdout)
    assert [e["action"] for e in log] == ["add", "add", "void"] and log[-1]["reason"] == "录入错误"


def test_decision_import_all_or_nothing(run, db, tmp_path):
    good = tmp_path / "d.csv"
    good.write_text("类型,决定日期,数量,文号\n行政处罚,2023-01-12,1,罚1号\nlicense,2023-02-01,4,许2号\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,decided\npenalty,2023-01-12\n行政奖励,2023-01-13\npenalty,2023-13-01\n", encoding="gbk")
    res = run("--db", db, "decision", "import", bad)
    refused(
        res,
        "导入失败，台账未作任何改动：共 2 处错误",
        "第 3 行：kind：决定类型「行政奖励」无法识别",
        "第 4 行：decided：决定日期「2023-13-01」不是有效日期",
    )
    assert run("--db", db, "decision", "import", good, "--dry-run").exit_code == 0
    assert run("--db", db, "report", "--year", "2023", "--format", "json").stdout.count('"decisions": 0') == 3
    assert run("--db", db, "decision", "import", good).exit_code == 0
    t2 = json.loads(run("--db", db, "report", "--year", "2023", "--format", "json").stdout)["t2"]
    assert t2["penalty"]["decisions"] == 1 and t2["license"]["decisions"] == 4
