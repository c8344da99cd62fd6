"""Reply letters and process notices from the application record (issue 12).

Every outcome code gives a reply letter with the basis of letters.md (written out here by hand, and
read from ../shared/reference/letters.md when it is there) and the unit's review body and court; every
notice carries the dates the deadline engine computes; the txt form is compared with committed files
(tests/fixtures/letters/); the docx is opened with python-docx. Settings are dated, numbers are
sequential per unit and year, stable when a letter is printed again, and unique under two processes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import docx
import pytest

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.ledger import deadlines, fees, letters, requests
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.holidays import calendar
from disclosure_cli.report import letters as wording
from disclosure_cli.workdays import compute_deadline, fmt_date
from tests.asserts import refused
from tests.conftest import ROOT, rows

ORG = "惠农区南街街道"
BODY = "惠农区人民政府"
COURT = "惠农区人民法院"
PREFIX = "惠南街依复"
PHONE = "0952-3012345"
ADDRESS = "惠农区南街幸福路12号"
NAME = "欧阳明远"
HOME = "惠农区南街幸福巷7号"
GOLDEN = ROOT / "tests" / "fixtures" / "letters"
OUTDATED = "上一级主管部门或者本级人民政府"

# docs/letters.md, written out by hand: the exact article each reply letter cites (with the facts of FACTS)
EXPECTED_BASIS: dict[str, list[str]] = {
    "granted": ["第三十六条第（二）项"],
    "partial": ["第三十七条、第十六条第一款、第三十六条第（三）项"],
    "withheld.state_secret": ["第十四条、第三十六条第（三）项"],
    "withheld.prohibited_by_law": ["第十四条、第三十六条第（三）项", "《中华人民共和国统计法》"],
    "withheld.security_stability": ["第十四条、第三十六条第（三）项"],
    "withheld.third_party": ["第十五条、第三十六条第（三）项", "第三十二条"],
    "withheld.internal_affairs": ["第十六条第一款、第三十六条第（三）项"],
    "withheld.process_info": ["第十六条第二款、第三十六条第（三）项"],
    "withheld.enforcement_file": ["第十六条第二款、第三十六条第（三）项"],
    "withheld.inquiry_matter": ["第三十六条第（七）项", "《不动产登记暂行条例》"],
    "unavailable.not_held": ["第三十六条第（四）项"],
    "unavailable.needs_creation": ["第三十八条"],
    "unavailable.still_unclear": ["第二十九条第二款、第三十条"],
    "not_processed.petition": ["第三十九条第一款"],
    "not_processed.duplicate": ["第三十六条第（六）项", "惠南街依复〔2023〕5号"],
    "not_processed.publication": ["第三十九条第二款"],
    "not_processed.excessive": ["第三十五条"],
    "not_processed.confirmation": ["第二十七条"],
    "other.no_correction": ["第三十条"],
    "other.unpaid_fee": ["第四十二条", "《政府信息公开信息处理费管理办法》"],
    "other.other": ["第四十条"],
}
# what the clerk supplies for each outcome where the law needs it (docs/letters.md §一)
FACTS: dict[str, dict[str, str]] = {
    "partial": {"withheld_basis": "withheld.internal_affairs"},
    "withheld.prohibited_by_law": {"law": "《中华人民共和国统计法》"},
    "withheld.inquiry_matter": {"law": "《不动产登记暂行条例》"},
    "not_processed.duplicate": {"earlier": "惠南街依复〔2023〕5号"},
    "other.other": {"basis": "《中华人民共和国政府信息公开条例》第四十条"},
}
ONLINE = "石嘴山市行政复议网上申请平台（https://fy.example.gov.cn）"
NOTE = "经办人补充的说明：可于工作日到本机关政务公开窗口查阅。"


def setup_unit(ledger: Ledger, org: str | None = None, **over: str) -> letters.Settings:
    values = {
        "review_body": BODY,
        "court": COURT,
        "letter_prefix": PREFIX,
        "address": ADDRESS,
        "phone": PHONE,
        "review_online": ONLINE,
        **over,
    }
    return letters.set_settings(ledger, org, **{k: v for k, v in values.items() if v is not None})


def add(ledger: Ledger, received: str, subject: str = "幸福路改造工程的规划许可文件", *, name: str | None = NAME,
        address: str | None = HOME, org: str | None = None) -> str:
    personal = {"name": name, "address": address} if name else None
    return requests.add_request(
        ledger, received=received, applicant_type="自然人", subject=subject, via="网络", personal=personal, org=org
    )[1]


def prepare(ledger: Ledger, ref: str, code: str, org: str | None = None) -> None:
    """Record what a reply with this outcome needs before it can be issued (call before closing)."""
    from disclosure_cli.ledger import steps

    rec = requests.get_request(ledger, ref, org=org)
    ref = rec["id"]  # the id: an application number is only unique within its unit
    day = date.fromisoformat(rec["received"])
    d = lambda n: date.fromordinal(day.toordinal() + n).isoformat()  # noqa: E731
    if code == "withheld.third_party":
        wording.issue(ledger, ref, kind="consult", addressee="某某置业有限公司", dated=d(2))
        steps.record_event(ledger, ref, "consult_answer", d(8), party="某某置业有限公司", position="objects")
    elif code == "not_processed.excessive":
        steps.record_event(ledger, ref, "reasons_asked", d(2))
    elif code in ("unavailable.still_unclear", "other.no_correction"):
        deadlines.record_correction(ledger, ref, sent=d(3), received=d(6) if code == "unavailable.still_unclear" else None)
    elif code == "other.unpaid_fee":
        fees.record_notice(ledger, ref, method="pages", notice=d(3), pages=109)


def issue(ledger: Ledger, ref: str, **options):
    """wording.issue, with the clerk's facts a reply of its outcome needs (FACTS, a note) filled in
    where the test does not give them."""
    if options.get("kind") in (None, "reply", "答复书") and not options.get("preview") and "given" not in options:
        code = requests.get_request(ledger, ref, org=options.get("org"))["outcome"]
        if code:
            options["given"] = letters.ReplyInput(**FACTS.get(code, {}))
            if "note" not in options and vocab.LETTER_BASIS[code].note:
                options["note"] = NOTE
    return wording.issue(ledger, ref, **options)


def text_of(ledger: Ledger, ref: str, **options) -> str:
    return wording.render_text(issue(ledger, ref, **options))


@pytest.fixture
def unit(ledger):
    setup_unit(ledger)
    return ledger


# --------------------------------------------------------------------------- reply letters, outcome by outcome


@pytest.mark.parametrize("code", vocab.OUTCOME_CODES)
def test_reply_letter_for_every_outcome(unit, code):
    n = add(unit, "2024-03-01")
    prepare(unit, n, code)
    requests.close_request(unit, n, outcome=code, date="2024-03-20")
    note = NOTE if vocab.LETTER_BASIS[code].note else None
    text = text_of(unit, n)
    for article in EXPECTED_BASIS[code]:
        assert article in text, (code, article)
    assert f"向{BODY}申请行政复议" in text
    assert "《中华人民共和国行政复议法》第二十条" in text  # the law in force on 2024-03-20
    assert "第九条" not in text and OUTDATED not in text
    assert "《中华人民共和国政府信息公开条例》第五十一条" in text or vocab.LETTER_BASIS[code].withheld
    first = 2 if code == "withheld.third_party" else 1  # the consultation letter took 〔2024〕1号
    assert text.startswith(f"{ORG}\n政府信息公开申请答复书\n{PREFIX}〔2024〕{first}号\n\n{NAME}：\n")
    assert ONLINE in text and "第二十二条第二款" in text  # the application came online: so does the answer
    assert f"联系地址：{ADDRESS}；联系电话：{PHONE}。" in text
    if note:
        assert NOTE in text
    withheld = code == "partial" or (code.startswith("withheld.") and code != "withheld.inquiry_matter")
    # 不予公开 since 2024-01-01: review before suing (行政复议法 2023 第二十三条); 行政查询 is not a refusal
    assert ("应当先" in text and "第二十三条第一款第（四）项" in text) == withheld
    if withheld:
        assert "可以再依法提起行政诉讼" in text and COURT not in text  # after review the court may be another
    else:
        assert f"6个月内向{COURT}提起行政诉讼" in text


def _basis_of_docs_letters_md() -> dict[str, set[str]]:
    """The 引用 column of docs/letters.md (the project's own decisions) per outcome code."""
    text = (ROOT / "docs" / "letters.md").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for line in text.split("## 一、", 1)[1].split("\n## ", 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        codes = re.findall(r"[a-z_]+\.[a-z_]+|\b(?:granted|partial)\b", cells[0]) if len(cells) == 4 else []
        for code in codes:
            code = code if "." in code or code in ("granted", "partial") else code
            out.setdefault(code, set()).add(cells[1])
    return out


def test_reply_letters_cite_what_docs_letters_md_says(unit):
    table = _basis_of_docs_letters_md()
    # the withheld group row names its three codes in one cell
    assert set(vocab.OUTCOME_CODES) - set(table) <= {"withheld.process_info", "withheld.enforcement_file"}
    for code in vocab.OUTCOME_CODES:
        n = add(unit, "2024-03-01")
        prepare(unit, n, code)
        requests.close_request(unit, n, outcome=code, date="2024-03-20")
        text = text_of(unit, n)
        cited = wording.reply_basis(wording.store.gather_facts(
            unit, wording.store._request(unit, requests.resolve_request(unit, n)), "reply", date(2024, 3, 20),
            given=letters.ReplyInput(**FACTS.get(code, {})),
        ))
        assert cited in text, (code, cited)
        for a in EXPECTED_BASIS[code]:
            assert a in text, (code, a)


def test_clerk_text_is_required_where_the_ledger_cannot_know_it(unit):
    n = add(unit, "2024-03-01")
    requests.close_request(unit, n, outcome="granted", date="2024-03-20")
    with pytest.raises(BadInput, match="--note"):
        wording.issue(unit, n)
    assert rows(unit.path, "SELECT count(*) FROM letter") == [(0,)]


def test_reply_states_ledger_facts_of_correction_fee_and_consultation(unit):
    a = add(unit, "2024-03-01")
    deadlines.record_correction(unit, a, sent="2024-03-05")
    requests.close_request(unit, a, outcome="other.no_correction", date="2024-04-10")
    assert "本机关于2024年3月5日告知您对申请内容作出补正" in text_of(unit, a)
    b = add(unit, "2024-03-01")
    fees.record_notice(unit, b, method="pages", notice="2024-03-08", pages=109)
    requests.close_request(unit, b, outcome="other.unpaid_fee", date="2024-04-20")
    assert "本机关于2024年3月8日向您发出信息处理费收费通知" in text_of(unit, b)
    c = add(unit, "2024-03-01")
    wording.issue(unit, c, kind="consult", addressee="某某置业有限公司", dated="2024-03-04")
    requests.close_request(unit, c, outcome="withheld.third_party", date="2024-04-25")
    assert "本机关已于2024年3月4日依照《中华人民共和国政府信息公开条例》第三十二条书面征求第三方意见，第三方在规定期限内未提出意见" in text_of(unit, c)


# --------------------------------------------------------------------------- the law and the settings on the letter's date


def test_review_body_changed_on_2024_01_01(ledger):
    org = "惠农区民政局"
    from disclosure_cli.ledger import orgs

    orgs.add_org(ledger, org)
    setup_unit(ledger, org, review_body="石嘴山市民政局", letter_prefix="惠民依复")
    letters.set_settings(ledger, org, review_body=BODY, since="2024-01-01")  # the rest carries on
    old = add(ledger, "2023-12-01", org=org)
    new = add(ledger, "2023-12-05", org=org)
    requests.close_request(ledger, old, outcome="unavailable.not_held", date="2023-12-29", org=org)
    requests.close_request(ledger, new, outcome="unavailable.not_held", date="2024-01-02", org=org)
    before = text_of(ledger, old, org=org)
    after = text_of(ledger, new, org=org)
    assert "向石嘴山市民政局申请行政复议" in before and BODY not in before
    assert f"向{BODY}申请行政复议" in after and "石嘴山市民政局" not in after
    # the law in force on each date: 行政复议法 第九条 before 2024-01-01, 第二十条 since
    assert "《中华人民共和国行政复议法》第九条" in before and "第二十条" not in before
    assert "《中华人民共和国行政复议法》第二十条" in after and "第九条" not in after
    assert "惠民依复〔2023〕1号" in before and "惠民依复〔2024〕1号" in after
    assert [r["since"] for r in letters.list_settings(ledger, org)] == [None, "2024-01-01"]


def test_withheld_before_2024_offers_both_remedies(unit):
    n = add(unit, "2023-11-01")
    requests.close_request(unit, n, outcome="withheld.state_secret", date="2023-11-20")
    text = text_of(unit, n)
    assert "应当先" not in text and "第二十三条" not in text
    assert f"也可以自知道或者应当知道作出行政行为之日起6个月内向{COURT}提起行政诉讼" in text


def test_a_unit_without_settings_is_told_which_command_sets_them(run, db):
    with Ledger.open(db) as led:
        n = add(led, "2024-03-01")
    res = run("--db", db, "request", "letter", n, "--kind", "receipt")
    assert res.exit_code == 2
    assert f"disc org set {ORG} --review-body" in res.output
    assert rows(db, "SELECT count(*) FROM letter") == [(0,)]


def test_settings_start_later_than_the_letter(ledger):
    setup_unit(ledger, since="2024-06-01")
    n = add(ledger, "2024-03-01")
    with pytest.raises(BadInput, match="2024-06-01"):
        wording.issue(ledger, n, kind="receipt")


def test_settings_inherit_and_amend(ledger):
    with pytest.raises(BadInput, match="复议机关"):
        letters.set_settings(ledger, None, court=COURT, letter_prefix=PREFIX)
    setup_unit(ledger)
    s = letters.set_settings(ledger, None, since="2024-01-01", review_body="新机关")
    assert (s.court, s.letter_prefix, s.phone) == (COURT, PREFIX, PHONE)  # inherited from the settings before
    s = letters.set_settings(ledger, None, phone="0952-9999999")  # no --since: amends the latest
    assert (s.since, s.review_body, s.phone) == ("2024-01-01", "新机关", "0952-9999999")
    assert [r["phone"] for r in letters.list_settings(ledger)] == [PHONE, "0952-9999999"]
    with pytest.raises(BadInput, match="至少"):
        letters.set_settings(ledger, None)
    with pytest.raises(BadInput, match="前缀"):
        letters.set_settings(ledger, None, letter_prefix="惠南街〔2024〕")


def test_a_letter_needs_a_contact(ledger):
    letters.set_settings(ledger, None, review_body=BODY, court=COURT, letter_prefix=PREFIX)
    n = add(ledger, "2024-03-01")
    with pytest.raises(BadInput, match="--phone"):
        wording.issue(ledger, n, kind="receipt")


def test_org_set_and_settings_commands(run, db):
    res = run("--db", db, "org", "set", ORG, "--review-body", BODY, "--court", COURT, "--letter-prefix", PREFIX,
              "--phone", PHONE)
    assert res.exit_code == 0, res.output
    res = run("--db", db, "org", "set", ORG, "--review-body", "石嘴山市人民政府", "--since", "2025-01-01")
    assert res.exit_code == 0, res.output
    res = run("--db", db, "org", "settings", ORG, "--format", "csv")
    assert res.stdout.splitlines() == [
        "since,review_body,court,letter_prefix,issuer,address,phone,review_online",
        f",{BODY},{COURT},{PREFIX},,,{PHONE},",
        f"2025-01-01,石嘴山市人民政府,{COURT},{PREFIX},,,{PHONE},",
    ]
    refused(run("--db", db, "org", "set", ORG), "请至少给出一项设置：--review-body")


# --------------------------------------------------------------------------- process notices: the ledger's dates


def test_receipt_carries_the_answer_deadline(unit):
    n = add(unit, "2024-02-08")  # before the Spring Festival: the holiday is not counted
    due = deadlines.deadline_for(unit, n, today=date(2024, 2, 8)).due
    assert due == date(2024, 3, 13)
    text = text_of(unit, n, kind="receipt")
    assert f"最迟于{fmt_date(due)}作出答复" in text
    assert "收到申请之日：2024年2月8日" in text and "第三十一条" in text
    assert "最迟于2024年2月23日一次性告知" in text  # 补正 within 7 working days (2月18日 is a 调休 working day)


def test_correction_notice(unit):
    n = add(unit, "2024-03-01")
    deadlines.record_correction(unit, n, sent="2024-03-06")
    with pytest.raises(BadInput, match="补正的事项"):
        wording.issue(unit, n, kind="correction")
    letter = wording.issue(unit, n, kind="correction", note="请写明所需文件的年份。", period=10)
    text = wording.render_text(letter)
    due = calendar(unit).add_workdays(date(2024, 3, 6), 10)[0]
    assert letter.date == date(2024, 3, 6)  # the recorded day the notice went out
    assert f"自收到本通知之日起10个工作日内提交补正（按本通知出具之日收到计算，最迟于{fmt_date(due)}）" in text
    assert "答复期限自本机关收到补正后的申请之日起重新计算" in text
    assert "视为放弃申请" in text and "第三十条" in text
    assert letter.stored.warnings == []


def test_correction_notice_needs_the_recorded_correction(unit):
    n = add(unit, "2024-03-01")
    with pytest.raises(BadInput, match="disc request correction"):
        wording.issue(unit, n, kind="correction", note="x")


def test_extension_notice_carries_old_and_new_deadline(unit):
    n = add(unit, "2024-03-01")
    deadlines.record_correction(unit, n, sent="2024-03-05", received="2024-03-08")
    deadlines.record_extension(unit, n, approved_by="李主任", days=15, decided="2024-04-01")
    cal = calendar(unit)
    new = deadlines.deadline_for(unit, n, today=date(2024, 4, 1)).due
    old = compute_deadline(cal, date(2024, 3, 1), correction_sent=date(2024, 3, 5),
                           correction_received=date(2024, 3, 8), explain=False).due
    assert (old, new) == (date(2024, 4, 8), date(2024, 4, 28))  # 4月28日: a 调休 working day (Sunday)
    text = text_of(unit, n, kind="extension")
    assert f"答复期限延长15个工作日。原答复期限为{fmt_date(old)}，延长后的答复期限为{fmt_date(new)}。" in text
    assert "政府信息公开工作机构负责人同意" in text and "第三十三条第二款" in text
    assert "李主任" not in text  # the role approves; the letter does not name the person


def test_fee_notice_carries_amount_breakdown_and_payment_period(unit):
    n = add(unit, "2024-03-01")
    fees.record_notice(unit, n, method="pages", notice="2024-03-11", pages=109)
    due, _ = fees.payment_due(unit, "2024-03-11")
    assert due == date(2024, 4, 9)
    text = text_of(unit, n, kind="收费")
    assert "第31—100页：70页 × 10元/页 = 700元\n\n第101—109页：9页 × 20元/页 = 180元" in text
    assert "应缴金额：人民币880元。" in text
    assert f"最迟于{fmt_date(due)}" in text and "视为放弃申请" in text
    assert "第四十二条和《政府信息公开信息处理费管理办法》" in text


def test_fee_notice_by_item(unit):
    for i in range(11):
        add(unit, f"2024-03-{i + 1:02d}")
    n = requests.list_requests(unit)[-1]["number"]
    fees.record_notice(unit, n, method="item", notice="2024-03-15")
    text = text_of(unit, n, kind="fee")
    assert "同一申请人2024年3月第11件申请" in text and "本月第11件：100元" in text
    assert "应缴金额：人民币100元。" in text


def test_consultation_letter_gives_the_third_party_15_working_days(unit):
    n = add(unit, "2024-03-01")
    with pytest.raises(BadInput, match="--to"):
        wording.issue(unit, n, kind="consult")
    letter = wording.issue(unit, n, kind="consult", addressee="某某置业有限公司", dated="2024-03-04")
    text = wording.render_text(letter)
    due = calendar(unit).add_workdays(date(2024, 3, 4), 15)[0]
    assert due == date(2024, 3, 25)
    assert text.splitlines()[4] == "某某置业有限公司："
    assert f"自收到本函之日起15个工作日内（按本函出具之日收到计算，最迟于{fmt_date(due)}）" in text
    assert "逾期未提出意见的" in text and "第三十二条" in text
    assert NAME not in text and HOME not in text  # the applicant is not named to the third party
    # a second third party gets its own letter; the same one gets the same letter again
    other = wording.issue(unit, n, kind="consult", addressee="张某某", dated="2024-03-04")
    again = wording.issue(unit, n, kind="consult", addressee="某某置业有限公司")
    assert (letter.number, other.number, again.number) == (f"{PREFIX}〔2024〕1号", f"{PREFIX}〔2024〕2号", letter.number)


def test_an_open_application_needs_a_kind(run, unit):
    n = add(unit, "2024-03-01")
    res = run("--db", unit.path, "request", "letter", n)
    assert res.exit_code == 2 and "--kind" in res.output and "receipt" in res.output
    res = run("--db", unit.path, "request", "letter", n, "--kind", "答复书")
    assert res.exit_code == 2 and "尚未办结" in res.output


# --------------------------------------------------------------------------- golden txt


def golden_ledger(path: Path) -> dict[str, str]:
    """A ledger with one of every letter, all dates fixed: {file name: txt}."""
    out: dict[str, str] = {}
    led = Ledger.create(path, ORG)
    try:
        setup_unit(led, review_body="石嘴山市惠农区人民政府")
        letters.set_settings(led, None, review_body=BODY, since="2024-01-01")
        a = add(led, "2023-12-04", "南街幸福路2023年道路维修的招标文件")
        requests.close_request(led, a, outcome="withheld.process_info", date="2023-12-22")
        out["reply-2023-process_info.txt"] = text_of(
            led, a, note="该招标文件所涉项目尚在评标过程中，文件属于评标期间的过程稿，公开将影响评标的公正进行。"
        )
        b = add(led, "2024-02-08", "幸福巷老旧小区改造的设计方案和资金安排")
        out["receipt.txt"] = text_of(led, b, kind="receipt")
        deadlines.record_correction(led, b, sent="2024-02-19", received="2024-02-23")
        out["correction.txt"] = text_of(led, b, kind="correction", note="请写明所需的是哪一个小区、哪一年度的资料。")
        deadlines.record_extension(led, b, approved_by="王主任", decided="2024-03-20")
        out["extension.txt"] = text_of(led, b, kind="extension")
        fees.record_notice(led, b, method="pages", notice="2024-03-25", pages=57)
        out["fee.txt"] = text_of(led, b, kind="fee", note="缴费方式：请到本机关财务室缴纳，或按所附账户转账。")
        out["consult.txt"] = text_of(led, b, kind="consult", addressee="宁夏某某建设有限公司", dated="2024-03-26")
        fees.record_paid(led, b, paid="2024-03-28")
        requests.close_request(led, b, outcome="partial", date="2024-04-22")
        out["reply-2024-partial.txt"] = text_of(
            led, b, note="随本答复书提供改造设计方案一份；资金安排中的供应商报价属于该供应商的商业秘密，经书面征求意见，该第三方不同意公开。",
            given=letters.ReplyInput(withheld_basis="withheld.third_party", delivery="post"),
        )
        c = add(led, "2024-05-06", "2024年社区居民低保名单", name=None)
        requests.close_request(led, c, outcome="granted", date="2024-05-20")
        out["reply-2024-granted-no-name.txt"] = text_of(
            led, c, given=letters.ReplyInput(proactive="南街社区公示栏和“南街之窗”微信公众号（2024年5月10日公示）")
        )
    finally:
        led.close()
    return out


def test_golden_txt(tmp_path):
    """The txt form, byte for byte. After a deliberate change of wording: DISC_UPDATE_GOLDEN=1 rewrites
    tests/fixtures/letters/ (then read the diff before committing it)."""
    got = golden_ledger(tmp_path / "golden.db")
    if os.environ.get("DISC_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, text in got.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
    assert sorted(got) == sorted(p.name for p in GOLDEN.glob("*.txt"))
    for name, text in got.items():
        assert text == (GOLDEN / name).read_text(encoding="utf-8"), name


# --------------------------------------------------------------------------- docx


def test_docx_in_the_publication_style(run, unit, tmp_path):
    n = add(unit, "2024-03-01")
    requests.close_request(unit, n, outcome="withheld.internal_affairs", date="2024-03-20")
    out = tmp_path / "答复书.docx"
    res = run("--db", unit.path, "request", "letter", n, "-o", out, "--note", "该信息属于本机关内部人事管理事项，与申请人无关。")
    assert res.exit_code == 0, res.output
    d = docx.Document(str(out))
    paras = [p for p in d.paragraphs if p.text]
    texts = [p.text for p in paras]
    assert texts[:4] == [ORG, "政府信息公开申请答复书", f"{PREFIX}〔2024〕1号", f"{NAME}："]
    assert texts[-3:] == [ORG, "2024年3月20日", f"送达地址：{HOME}"]
    body = "\n".join(texts)
    assert "第十六条第一款、第三十六条第（三）项" in body and f"向{BODY}申请行政复议" in body and ONLINE in body
    assert f"联系地址：{ADDRESS}；联系电话：{PHONE}。" in texts
    # the same text as the txt form, paragraph by paragraph
    txt = run("--db", unit.path, "request", "letter", n).stdout
    assert [t for t in txt.splitlines() if t] == texts
    # fonts: 宋体 title, 仿宋 body, named for East Asian text on every run
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    def east(p):
        return {r._r.find(f"{W}rPr").find(f"{W}rFonts").get(f"{W}eastAsia") for r in p.runs}
    assert east(paras[1]) == {"宋体"} and paras[1].runs[0].bold
    assert all(east(p) == {"仿宋"} for p in paras[3:])
    # signature right-aligned, with room above it for the seal, kept on the page of the last paragraph
    sig = paras[-3]
    assert sig.alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT
    assert sig.paragraph_format.space_before.pt >= 3 * 28
    assert paras[-4].paragraph_format.keep_with_next and sig.paragraph_format.keep_with_next
    assert not d.inline_shapes  # no seal image: the seal is applied on paper
    sec = d.sections[0]
    assert (round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)) == (21.0, 29.7)
    assert NAME not in (d.core_properties.title or "") + (d.core_properties.author or "")
    refused(run("--db", unit.path, "request", "letter", n, "--format", "docx"), "docx 格式须用 -o 指定输出文件")


# --------------------------------------------------------------------------- numbers


def test_numbers_sequential_stable_and_never_reused(run, unit, tmp_path):
    refs = [add(unit, f"2024-03-0{i}") for i in range(1, 4)]
    first = [wording.issue(unit, r, kind="receipt") for r in refs]
    assert [x.number for x in first] == [f"{PREFIX}〔2024〕{i}号" for i in (1, 2, 3)]
    texts = [wording.render_text(x) for x in first]
    # printed again after the settings and the template changed: the same letter, the same number
    letters.set_settings(unit, None, letter_prefix="惠南街告", review_body="别的机关", phone="0952-0000000")
    wording.set_template(unit, None, "receipt", "收到申请：{received}，期限：{deadline}。")
    again = [wording.render_text(wording.issue(unit, r, kind="receipt")) for r in refs]
    assert again == texts
    res = run("--db", unit.path, "request", "letter", refs[1], "--kind", "receipt")
    assert res.exit_code == 0 and res.stdout == texts[1] and "按原样输出" in res.output
    # changing an issued letter is refused, not silently ignored
    with pytest.raises(BadInput, match="--reissue"):
        wording.issue(unit, refs[0], kind="receipt", dated="2024-03-05")
    # reissue: the old one is voided, its number stays used; the new one takes the next number and the new template
    new = wording.issue(unit, refs[0], kind="receipt", reissue_reason="申请编号写错")
    assert new.number == "惠南街告〔2024〕4号"
    assert wording.render_text(new).splitlines()[6] == "收到申请：2024年3月1日，期限：2024年3月29日。"
    reg = letters.register(unit, year=2024)
    assert [(r["number"], r["request"], r["status"]) for r in reg] == [
        (f"{PREFIX}〔2024〕1号", refs[0], "voided"),
        (f"{PREFIX}〔2024〕2号", refs[1], "issued"),
        (f"{PREFIX}〔2024〕3号", refs[2], "issued"),
        ("惠南街告〔2024〕4号", refs[0], "issued"),
    ]
    # a new year starts at 1
    later = add(unit, "2025-01-06")
    assert wording.issue(unit, later, kind="receipt").number == "惠南街告〔2025〕1号"
    # the database itself refuses a second number and any rewrite
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        unit.conn.execute(
            "INSERT INTO letter (org_id, request_id, kind, year, seq, number, dated, content, issued_at, clerk)"
            " VALUES (1, 1, 'consult', 2024, 2, 'x', '2024-03-09', '{}', 'now', 'x')"
        )
    with pytest.raises(sqlite3.IntegrityError, match="不能改写"):
        unit.conn.execute("UPDATE letter SET dated = '2024-03-09' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="不能删除"):
        unit.conn.execute("DELETE FROM letter")


def test_reply_reopened_with_another_outcome_must_be_reissued(unit):
    n = add(unit, "2024-03-01")
    requests.close_request(unit, n, outcome="unavailable.not_held", date="2024-03-20")
    first = issue(unit, n)
    requests.reopen_request(unit, n, reason="录错结果")
    requests.close_request(unit, n, outcome="not_processed.duplicate", date="2024-03-20")
    with pytest.raises(BadInput, match="--reissue"):
        issue(unit, n)
    new = issue(unit, n, reissue_reason="办理结果更正")
    assert new.number != first.number and "第三十六条第（六）项" in wording.render_text(new)


def test_preview_writes_nothing(run, unit):
    n = add(unit, "2024-03-01")
    before = rows(unit.path, "SELECT count(*) FROM change_log")
    res = run("--db", unit.path, "request", "letter", n, "--kind", "receipt", "--preview")
    assert res.exit_code == 0 and wording.PREVIEW_NUMBER in res.stdout
    assert rows(unit.path, "SELECT count(*) FROM letter") == [(0,)]
    assert rows(unit.path, "SELECT count(*) FROM change_log") == before


_ISSUER = """
import sys, time
from pathlib import Path
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report import letters
path, ready, go, refs = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:]
with Ledger.open(path, clerk=ready.name) as led:
    letters.issue(led, refs[0], kind="receipt", preview=True)  # every import and cache warm before the start
    ready.touch()
    while not go.exists():
        time.sleep(0.001)
    for r in refs:
        print(r, letters.issue(led, r, kind="receipt").number, flush=True)
        time.sleep(0.002)  # a breath between letters, so that the two processes take turns at the lock
"""


def test_two_processes_never_get_the_same_number(unit, tmp_path):
    refs = [add(unit, f"2024-04-{d:02d}") for d in range(1, 29)]
    unit.close()
    go = tmp_path / "go"
    ready = [tmp_path / "ready-a", tmp_path / "ready-b"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # two processes: odd and even applications, and both also issuing the same last four
    shared = refs[-4:]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _ISSUER, str(unit.path), str(ready[k]), str(go), *refs[k:-4:2], *shared],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
        )
        for k in (0, 1)
    ]
    while not all(r.exists() for r in ready) and all(p.poll() is None for p in procs):
        time.sleep(0.01)
    go.touch()  # both start issuing at the same moment
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in outs]
    issued: dict[str, set[str]] = {}
    for out, _ in outs:
        for line in out.splitlines():
            ref, number = line.split()
            issued.setdefault(ref, set()).add(number)
    assert sorted(issued) == sorted(refs)
    assert all(len(v) == 1 for v in issued.values())  # the shared four: both processes print the same letter
    numbers = [next(iter(v)) for v in issued.values()]
    assert len(set(numbers)) == len(refs)
    assert sorted(int(re.search(r"〕(\d+)号", x).group(1)) for x in numbers) == list(range(1, len(refs) + 1))
    assert rows(unit.path, "SELECT count(*), count(DISTINCT seq), max(seq) FROM letter") == [(len(refs), len(refs), len(refs))]


# --------------------------------------------------------------------------- templates


def test_unit_template_validated_and_used(run, unit, tmp_path):
    n = add(unit, "2024-03-01")
    requests.close_request(unit, n, outcome="withheld.state_secret", date="2024-03-20")
    bad = tmp_path / "bad.txt"
    bad.write_text("您于{recieved}提交的申请，{decision}", encoding="utf-8")
    res = run("--db", unit.path, "org", "template", ORG, "--kind", "reply", "--file", bad)
    assert res.exit_code == 2 and "{recieved}" in res.output and "{received}" in res.output
    bad.write_text("您于{received}提交的申请已办理完毕。", encoding="utf-8")
    res = run("--db", unit.path, "org", "template", ORG, "--kind", "reply", "--file", bad)
    assert res.exit_code == 2 and "{decision}" in res.output
    good = tmp_path / "good.txt"
    good.write_text("关于您{received}提交的第{request}号申请（{{编号}}）：\n{decision}\n特此答复。", encoding="utf-8")
    res = run("--db", unit.path, "org", "template", ORG, "--kind", "答复书", "--file", good)
    assert res.exit_code == 0, res.output
    shown = run("--db", unit.path, "org", "template", ORG, "--kind", "reply")
    assert shown.stdout == good.read_text(encoding="utf-8") + "\n" and "{decision}" in shown.output
    text = text_of(unit, n)
    assert "关于您2024年3月1日提交的第2024-001号申请（{编号}）：" in text and "特此答复。" in text
    # basis and remedies still come from the record and the settings
    assert "第十四条、第三十六条第（三）项" in text and f"向{BODY}申请行政复议" in text and ONLINE in text
    assert NOTE in text  # the reasons the law requires are printed even when the unit's template forgets {note}
    assert f"联系电话：{PHONE}" in text
    assert run("--db", unit.path, "org", "template", ORG, "--kind", "reply", "--reset").exit_code == 0
    assert wording.template_for(unit, None, "reply") == (wording.DEFAULT_TEMPLATES["reply"], False)


def test_default_templates_are_valid():
    for kind in vocab.LETTER_KINDS.codes:
        wording.validate_template(kind, wording.DEFAULT_TEMPLATES[kind])


# --------------------------------------------------------------------------- personal data


def test_name_and_address_only_in_the_letter(run, unit):
    n = add(unit, "2024-03-01")
    wording.issue(unit, n, kind="consult", addressee="司马静怡", dated="2024-03-04")
    requests.close_request(unit, n, outcome="withheld.third_party", date="2024-03-28")  # 15 working days passed
    text = text_of(unit, n)
    assert f"{NAME}：" in text and f"送达地址：{HOME}" in text
    secrets = (NAME, HOME, "司马静怡")
    for fmt in ("table", "csv", "tsv", "json", "md"):
        out = run("--db", unit.path, "request", "letters", "--format", fmt).output
        assert not any(s in out for s in secrets), fmt
    assert not any(s in json.dumps(rows(unit.path, "SELECT * FROM change_log"), ensure_ascii=False) for s in secrets)
    log = run("--db", unit.path, "log", "--format", "csv").output
    assert "letter" in log and not any(s in log for s in secrets)
    assert not any(s in c for (c,) in rows(unit.path, "SELECT content FROM letter") for s in secrets)
    res = run("--db", unit.path, "request", "letters", "--format", "csv", "--include-personal")
    assert res.stdout.splitlines()[1:] == [
        f"{PREFIX}〔2024〕1号,consult,{n},2024-03-04,,issued,{NAME},司马静怡",
        f"{PREFIX}〔2024〕2号,reply,{n},2024-03-28,withheld.third_party,issued,{NAME},",
    ]


def test_after_purge_the_letter_addresses_the_applicant_and_says_nothing_false(unit):
    n = add(unit, "2024-03-01")
    requests.close_request(unit, n, outcome="unavailable.not_held", date="2024-03-20")
    before = text_of(unit, n)
    requests.purge_personal(unit, "2024-04-01")
    after = text_of(unit, n)
    assert NAME not in after and HOME not in after and "送达地址" not in after
    assert after == before.replace(f"{NAME}：", "申请人：").replace(f"\n\n送达地址：{HOME}", "")


# --------------------------------------------------------------------------- CLI


def test_request_letter_cli(run, unit, tmp_path):
    n = add(unit, "2024-03-01")
    requests.close_request(unit, n, outcome="granted", date="2024-03-20")
    res = run("--db", unit.path, "request", "letter", n, "--note", NOTE, "--format", "md")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f"**{ORG}**\n\n## 政府信息公开申请答复书\n\n{PREFIX}〔2024〕1号\n\n{NAME}：\n")
    out = tmp_path / "a.txt"
    assert run("--db", unit.path, "request", "letter", n, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith(f"{ORG}\n政府信息公开申请答复书\n")
    res = run("--db", unit.path, "request", "letters", "--year", "2024", "--format", "json")
    assert json.loads(res.stdout) == [
        {"number": f"{PREFIX}〔2024〕1号", "kind": "reply", "request": n, "dated": "2024-03-20",
         "outcome": "granted", "status": "issued"}
    ]
    res = run("--db", unit.path, "request", "letter", n, "--reason", "x")
    assert res.exit_code == 2 and "--reissue" in res.output
    res = run("--db", unit.path, "request", "letter", n, "--date", "2024-03-25", "--note", NOTE)
    assert res.exit_code == 2 and "--reissue" in res.output
    res = run("--db", unit.path, "request", "letter", n, "--reissue", "--reason", "日期更正", "--date", "2024-03-25",
              "--note", NOTE)
    assert res.exit_code == 0 and f"{PREFIX}〔2024〕2号" in res.stdout
    assert "与台账登记的办结日期2024年3月20日不一致" in res.output  # a warning, on stderr
