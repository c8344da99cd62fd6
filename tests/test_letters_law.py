"""Issue 20: letters a 复议机关 cannot fault — the exact basis per outcome, the facts the law requires,
the review body of the law in force on the letter's date, online delivery, the unsettled points as
docs/letters.md decides them, and the L-LETTER-* checks on letters already issued."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from disclosure_cli import vocab
from disclosure_cli.ledger import deadlines, fees, letters, orgs, requests, steps
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report import letters as wording
from tests.asserts import refused
from tests.conftest import ROOT, rows
from tests.test_letters import FACTS, NOTE, prepare

GOLDEN = ROOT / "tests" / "fixtures" / "letters-law.txt"
UNITS = {
    # unit: (review body before 2024, review body from 2024, court, prefix)
    "惠农区南街街道": ("惠农区人民政府", "惠农区人民政府", "惠农区人民法院", "南街依复"),
    "惠农区红果子镇人民政府": ("惠农区人民政府", "惠农区人民政府", "惠农区人民法院", "红果子依复"),
    "惠农区民政局": ("石嘴山市民政局或者惠农区人民政府", "惠农区人民政府", "惠农区人民法院", "惠民依复"),
}
ONLINE = "宁夏行政复议网上申请平台"


def _unit(led: Ledger, name: str) -> None:
    old, new, court, prefix = UNITS[name]
    if name != led.org:
        orgs.add_org(led, name)
    common = dict(court=court, letter_prefix=prefix, phone="0952-3012345", address="某路1号")
    letters.set_settings(led, name, review_body=old, **common)
    letters.set_settings(led, name, review_body=new, since="2024-01-01", review_online=ONLINE)


def _paragraphs(letter: wording.Letter) -> tuple[str, str]:
    basis = next((p for p in letter.body if "根据" in p or "依照" in p), letter.body[0])
    return basis, " ".join(letter.remedies)


def golden_lines(led: Ledger) -> list[str]:
    out = []
    for name in UNITS:
        _unit(led, name)
        for closed, received in (("2023-12-29", "2023-12-04"), ("2024-01-02", "2023-12-11")):
            for code in vocab.OUTCOME_CODES:
                n = requests.add_request(led, received=received, applicant_type="自然人", subject="某小区改造规划",
                                         via="信函", org=name)[1]
                prepare(led, n, code, org=name)
                requests.close_request(led, n, outcome=code, date=closed, org=name)
                letter = wording.issue(led, n, org=name, note=NOTE if vocab.LETTER_BASIS[code].note else None,
                                       given=letters.ReplyInput(**FACTS.get(code, {})))
                out.append("|".join((name, closed, code, *_paragraphs(letter))))
            n = requests.add_request(led, received=received, applicant_type="商业企业", subject="某项目环评",
                                     via="网络", org=name)[0]
            deadlines.record_correction(led, n, sent=received.replace("-04", "-05").replace("-11", "-12"))
            fees.record_notice(led, n, method="pages", notice=closed, pages=120)
            for kind in ("receipt", "correction", "fee", "consult"):
                letter = wording.issue(led, n, kind=kind, note="请写明年份。" if kind == "correction" else None,
                                       addressee="某某公司" if kind == "consult" else None,
                                       dated=closed if kind in ("fee", "consult") else None)
                out.append("|".join((name, closed, kind, *_paragraphs(letter))))
    return out


def test_golden_basis_and_remedies_for_a_street_a_town_and_a_department(tmp_path):
    """Every outcome and notice, for a 街道, a 乡镇 and a 区 department, dated 2023-12-29 and 2024-01-02:
    the basis paragraph and the remedies paragraph, byte for byte (DISC_UPDATE_GOLDEN=1 rewrites the
    file; read its diff before committing)."""
    led = Ledger.create(tmp_path / "law.db", "惠农区南街街道")
    try:
        got = "\n".join(golden_lines(led)) + "\n"
    finally:
        led.close()
    if os.environ.get("DISC_UPDATE_GOLDEN"):
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")
    lines = [ln.split("|") for ln in got.splitlines()]
    for name, day, code, basis, remedies in lines:
        new_law = day >= "2024"
        if code in vocab.LETTER_BASIS:
            assert vocab.LETTER_BASIS[code].basis.removeprefix(vocab.REGULATION)[:4] in basis or code in ("other.other",), (code, basis)
            assert "国办公开办函" not in basis and "（四）（五）" not in basis and "（一）（二）" not in basis
        if code in ("receipt", "correction", "consult"):
            assert remedies == ""
            continue
        # the law in force on the letter's date, the review body of that law
        assert ("第二十条" in remedies) == new_law and ("第九条" in remedies) == (not new_law)
        if new_law:
            assert "或者惠农区人民政府" not in remedies and "向惠农区人民政府申请行政复议" in remedies
        if name == "惠农区民政局" and not new_law:
            assert "向石嘴山市民政局或者惠农区人民政府申请行政复议" in remedies
        withheld = code == "partial" or (code.startswith("withheld.") and code != "withheld.inquiry_matter")
        assert ("应当先" in remedies) == (withheld and new_law), (code, day)
        if withheld and new_law:
            assert "惠农区人民法院" not in remedies  # after review the court may be another
        else:
            assert "向惠农区人民法院提起行政诉讼" in remedies
    fee_2024 = [r for n, d, c, b, r in lines if c == "fee" and d.startswith("2024")]
    assert all(ONLINE in r and "第二十二条第二款" in r for r in fee_2024)  # the fee notice of an online application


@pytest.fixture
def unit(ledger):
    letters.set_settings(ledger, None, review_body="惠农区人民政府", court="惠农区人民法院", letter_prefix="南街依复",
                         phone="0952-3012345", address="某路1号", since="2024-01-01")
    return ledger


def _closed(led: Ledger, code: str, *, via: str = "信函", closed: str = "2024-03-20") -> str:
    received = "2023-12-20" if closed < "2024-03-01" else "2024-03-01"
    n = requests.add_request(led, received=received, applicant_type="自然人", subject="某小区改造规划", via=via)[1]
    requests.close_request(led, n, outcome=code, date=closed)
    return n


REFUSALS = [
    ("unavailable.not_held", [], "--note 写明检索的情况（不属于本机关负责公开的，用 --holder 写明负责公开的机关）"),
    ("withheld.prohibited_by_law", ["--note", "涉及统计调查对象的原始资料。"], "--law 法律、行政法规的名称和条款"),
    ("withheld.third_party", ["--note", "涉及商业秘密。"], "先出具第三方意见征询函"),
    ("withheld.state_secret", [], "--note 写明不予公开的理由：所依据的事实，而不只是重复条文"),
    ("withheld.internal_affairs", [], "第十六条是「可以」不予公开"),
    ("not_processed.duplicate", [], "--earlier 已作出的答复"),
    ("not_processed.excessive", ["--note", "理由不合理。"], "先要求申请人说明理由并登记"),
    ("not_processed.publication", [], "--note 写明获取该出版物的途径"),
    ("other.other", ["--note", "已转交。"], "--basis 处理所依据的条款"),
    ("partial", ["--note", "提供第一部分。"], "--withheld-basis 不予公开部分属于哪一种"),
    ("unavailable.still_unclear", [], "先登记补正通知和收到的补正"),
]


@pytest.mark.parametrize("code,extra,said", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_missing_fact_refuses_the_letter_before_numbering(run, unit, code, extra, said):
    n = _closed(unit, code)
    res = run("--db", unit.path, "request", "letter", n, *extra)
    refused(res, "答复书还缺少（未出具、未编号）", said)
    assert rows(unit.path, "SELECT count(*) FROM letter") == [(0,)]
    # the next letter still gets number 1: nothing was used up
    assert run("--db", unit.path, "request", "letter", n, "--kind", "receipt").exit_code == 0
    assert rows(unit.path, "SELECT number FROM letter") == [("南街依复〔2024〕1号",)]


def test_a_third_party_refusal_waits_for_the_answer_or_the_15_days(run, unit):
    n = _closed(unit, "withheld.third_party", closed="2024-03-12")
    assert run("--db", unit.path, "request", "letter", n, "--kind", "consult", "--to", "某某公司", "--date", "2024-03-04").exit_code == 0
    refused(run("--db", unit.path, "request", "letter", n, "--note", "涉及商业秘密。"), "提出意见的期限至 2024-03-25",
            "disc request consult-answer")
    res = run("--db", unit.path, "request", "consult-answer", n, "--from", "某某公司", "--date", "2024-03-08", "--objects",
              "--note", "报价属商业秘密")
    assert res.exit_code == 0, res.output
    text = run("--db", unit.path, "request", "letter", n, "--note", "申请的报价单属于该公司的商业秘密。").stdout
    assert "第十五条、第三十六条第（三）项" in text and "于2024年3月8日书面表示不同意公开" in text and "某某公司" not in text


def test_consult_answer_needs_a_consultation_letter(run, unit):
    n = _closed(unit, "withheld.third_party")
    refused(run("--db", unit.path, "request", "consult-answer", n, "--from", "某某公司", "--date", "2024-03-08", "--objects"),
            "没有出具征求意见的函")
    refused(run("--db", unit.path, "request", "consult-answer", n, "--from", "某某公司", "--date", "2024-03-08"), "--agrees")


def test_settings_made_for_the_old_law_refuse_a_2024_letter(run, ledger):
    letters.set_settings(ledger, None, review_body="惠农区人民政府", court="惠农区人民法院", letter_prefix="南街依复",
                         phone="0952-3012345")
    ledger.conn.execute("UPDATE letter_settings SET recorded_at = '2023-06-01T10:00:00+08:00'")  # recorded under the old law
    n = _closed(ledger, "unavailable.not_held", closed="2024-01-02")
    res = run("--db", ledger.path, "request", "letter", n, "--note", "经检索没有。")
    refused(res, "按修订前的行政复议法登记的", "disc org set 惠农区南街街道 --review-body 复议机关 --since 2024-01-01")
    assert rows(ledger.path, "SELECT count(*) FROM letter") == [(0,)]
    assert run("--db", ledger.path, "org", "set", "惠农区南街街道", "--review-body", "惠农区人民政府", "--since", "2024-01-01").exit_code == 0
    assert run("--db", ledger.path, "request", "letter", n, "--note", "经检索没有。").exit_code == 0


def test_two_review_bodies_refuse_a_2024_letter(run, ledger):
    letters.set_settings(ledger, None, review_body="石嘴山市民政局或者惠农区人民政府", court="惠农区人民法院",
                         letter_prefix="惠民依复", phone="1")
    n = _closed(ledger, "unavailable.not_held", closed="2024-01-02")
    refused(run("--db", ledger.path, "request", "letter", n, "--note", "经检索没有。"), "写了不止一个机关")
    m = _closed(ledger, "unavailable.not_held", closed="2023-12-29")
    assert run("--db", ledger.path, "request", "letter", m, "--note", "经检索没有。").exit_code == 0  # the old law allowed it


def test_online_delivery_needs_the_online_channel(run, ledger):
    letters.set_settings(ledger, None, review_body="惠农区人民政府", court="惠农区人民法院", letter_prefix="南街依复",
                         phone="1", since="2024-01-01")
    n = _closed(ledger, "unavailable.not_held", via="网络")
    refused(run("--db", ledger.path, "request", "letter", n, "--note", "经检索没有。"), "第二十二条第二款",
            "--review-online")
    # delivered by post: no online channel needed
    text = run("--db", ledger.path, "request", "letter", n, "--note", "经检索没有。", "--delivery", "邮寄", "--preview").stdout
    assert "网上提交" not in text
    assert run("--db", ledger.path, "org", "set", "惠农区南街街道", "--review-online", ONLINE, "--since", "2024-01-01").exit_code == 0
    text = run("--db", ledger.path, "request", "letter", n, "--note", "经检索没有。").stdout
    assert f"您可以通过{ONLINE}在网上提交行政复议申请书（《中华人民共和国行政复议法》第二十二条第二款）" in text


def test_item_four_or_five_and_one_or_two_by_the_facts(run, unit):
    a = _closed(unit, "unavailable.not_held")
    text = run("--db", unit.path, "request", "letter", a, "--holder", "惠农区住房和城乡建设局（电话 0952-1234567）").stdout
    assert "第三十六条第（五）项" in text and "负责公开该政府信息的行政机关为惠农区住房和城乡建设局" in text and "（四）" not in text
    b = _closed(unit, "granted")
    text = run("--db", unit.path, "request", "letter", b, "--proactive", "惠农区人民政府网站“政府信息公开”栏目").stdout
    assert "第三十六条第（一）项" in text and "（二）" not in text
    c = _closed(unit, "not_processed.confirmation")
    text = run("--db", unit.path, "request", "letter", c).stdout
    assert "第二十七条" in text and "国办公开办函" not in text


def test_a_correction_period_of_one_day_is_refused(run, unit):
    n = requests.add_request(unit, received="2024-03-01", applicant_type="自然人", subject="x")[1]
    deadlines.record_correction(unit, n, sent="2024-03-04")
    refused(run("--db", unit.path, "request", "letter", n, "--kind", "correction", "--note", "写明年份。", "--period", "1"),
            "补正期限 1 个工作日太短")


def test_record_correction_under_article_41(run, db):
    res = run("--db", db, "record-correction", "add", "--received", "2024-05-06", "--subject", "低保名册中本人的家庭人口数有误",
              "--evidence", "户口簿", "--name", "王某某")
    assert res.exit_code == 0 and res.stdout.strip() == "1"
    refused(run("--db", db, "record-correction", "answer", "1", "--result", "forwarded", "--date", "2024-05-20",
                "--reasons", "不属于本机关职能"), "--holder")
    assert run("--db", db, "record-correction", "answer", "1", "--result", "forwarded", "--date", "2024-05-20",
               "--reasons", "户籍信息由公安机关登记", "--holder", "惠农区公安分局").exit_code == 0
    out = run("--db", db, "record-correction", "list", "-f", "csv").stdout.splitlines()
    assert out == ["id,received,subject,result,answered,holder,reasons",
                   "1,2024-05-06,低保名册中本人的家庭人口数有误,已转送有权更正的机关,2024-05-20,惠农区公安分局,户籍信息由公安机关登记"]
    assert "王某某" not in run("--db", db, "record-correction", "list", "-f", "json").stdout
    # never in table 三
    t3 = run("--db", db, "stats", "--year", "2024", "--table", "t3", "-f", "csv").stdout
    assert ",t3,new,total,0" in t3


def test_check_finds_what_older_ledgers_issued(run, unit):
    """Letters as an older disc issued them, planted in the ledger: each L-LETTER-* rule names its letter."""
    led = unit
    plant = {
        "not_processed.confirmation": {"basis": "国办公开办函〔2021〕30号"},
        "unavailable.not_held": {"basis": f"{vocab.REGULATION}第三十六条第（四）（五）项"},
        "withheld.third_party": {"basis": vocab.LETTER_BASIS["withheld.third_party"].basis, "note": "涉及商业秘密。"},
        "withheld.state_secret": {"basis": vocab.LETTER_BASIS["withheld.state_secret"].basis},
    }
    for k, (code, facts) in enumerate(plant.items(), start=1):
        n = _closed(led, code, via="网络")
        rid = requests.resolve_request(led, n)
        content = {"v": 1, "kind": "reply", "body": [], "remedies": ["如您认为……"], "facts": {"note": None, **facts,
                   "settings_since": None}}
        led.conn.execute(
            "INSERT INTO letter (org_id, request_id, kind, year, seq, number, dated, outcome, content, issued_at, clerk)"
            " VALUES (1, ?, 'reply', 2024, ?, ?, '2024-03-20', ?, ?, '2024-03-20', 'x')",
            (rid, k, f"南街依复〔2024〕{k}号", code, json.dumps(content, ensure_ascii=False)),
        )
    led.conn.execute("INSERT INTO letter_settings (org_id, since, review_body, court, letter_prefix, recorded_at)"
                     " VALUES (1, '0001-01-01', '石嘴山市民政局或者惠农区人民政府', '法院', '南街依复', '2023-01-01')")
    res = run("--db", led.path, "check", "--year", "2024", "--rule", "L-LETTER-*", "-f", "json", "--today", "2024-06-01")
    got = {}
    for f in json.loads(res.stdout):
        got.setdefault(f["rule"], []).append(f["where"])
    assert got["L-LETTER-BASIS"] == ["文书 南街依复〔2024〕1号", "文书 南街依复〔2024〕2号"]
    assert got["L-LETTER-REASONS"] == ["文书 南街依复〔2024〕2号", "文书 南街依复〔2024〕4号"]
    assert got["L-LETTER-CONSULT"] == ["文书 南街依复〔2024〕3号"]
    assert got["L-LETTER-REVIEW-BODY"] == [f"文书 南街依复〔2024〕{k}号" for k in range(1, 5)]
    assert got["L-LETTER-ONLINE"] == [f"文书 南街依复〔2024〕{k}号" for k in range(1, 5)]


def test_letters_issued_now_pass_every_letter_check(run, unit):
    letters.set_settings(unit, None, review_online=ONLINE, since="2024-01-01")
    for code in vocab.OUTCOME_CODES:
        n = requests.add_request(unit, received="2024-03-01", applicant_type="自然人", subject="某规划", via="网络")[1]
        prepare(unit, n, code)
        requests.close_request(unit, n, outcome=code, date="2024-04-15")
        wording.issue(unit, n, note=NOTE if vocab.LETTER_BASIS[code].note else None,
                      given=letters.ReplyInput(**FACTS.get(code, {})))
    res = run("--db", unit.path, "check", "--year", "2024", "--rule", "L-LETTER-*", "-f", "json", "--today", "2024-06-01")
    assert [f for f in json.loads(res.stdout) if f["rule"] in letter_law_rules()] == []


def letter_law_rules() -> set[str]:
    return {"L-LETTER-BASIS", "L-LETTER-REASONS", "L-LETTER-CONSULT", "L-LETTER-REVIEW-BODY", "L-LETTER-ONLINE"}


def test_steps_are_masked_and_logged_without_the_party(run, unit):
    n = _closed(unit, "withheld.third_party")
    wording.issue(unit, n, kind="consult", addressee="张小花", dated="2024-03-04")
    steps.record_event(unit, n, "consult_answer", "2024-03-08", party="张小花", position="agrees")
    log = json.dumps(rows(unit.path, "SELECT before, after FROM change_log"), ensure_ascii=False)
    assert "张小花" not in log
    assert sqlite3.connect(unit.path).execute("SELECT party FROM request_event").fetchone() == ("张小花",)
