"""The L-LETTER-* rules of `disc check` (issue 12): each fires on a planted case, none on letters issued
in time, and all are silent on the sample ledger (which predates letters)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from disclosure_cli.ledger import deadlines, letters, requests
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report import letter_checks
from disclosure_cli.report import letters as wording
from tests.conftest import SAMPLE_DB

TODAY = date(2024, 12, 31)


SEARCHED = "经检索本机关档案和业务系统，未发现该信息。"


@pytest.fixture
def unit(ledger):
    letters.set_settings(
        ledger, None, review_body="惠农区人民政府", court="惠农区人民法院", letter_prefix="惠南街依复", phone="0952-3012345"
    )
    return ledger


def add(ledger: Ledger, received: str) -> str:
    return requests.add_request(ledger, received=received, applicant_type="自然人", subject="道路改造资料")[1]


def found(ledger: Ledger, year: int = 2024) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in letter_checks.letter_findings(ledger, year, [ledger.org_id()], TODAY):
        out.setdefault(f.rule, []).append(f)
    return out


def test_silent_on_the_sample_ledger():
    with Ledger.open(SAMPLE_DB) as led:
        assert letter_checks.letter_findings(led, 2023, [led.org_id()], TODAY) == []


def test_silent_when_every_letter_is_in_time(unit):
    n = add(unit, "2024-03-01")
    wording.issue(unit, n, kind="receipt")
    deadlines.record_correction(unit, n, sent="2024-03-08", received="2024-03-12")
    wording.issue(unit, n, kind="correction", note="请写明年份。")
    deadlines.record_extension(unit, n, approved_by="李主任", decided="2024-04-08")
    wording.issue(unit, n, kind="extension")
    requests.close_request(unit, n, outcome="unavailable.not_held", date="2024-04-20")
    wording.issue(unit, n, note=SEARCHED)
    assert found(unit) == {}


def test_missing_reply_letter(unit):
    before = add(unit, "2024-01-02")
    requests.close_request(unit, before, outcome="granted", date="2024-01-20")  # before the unit's first letter
    a = add(unit, "2024-03-01")
    wording.issue(unit, a, kind="receipt")  # the unit keeps its letters in the ledger from 2024-03-01
    b = add(unit, "2024-03-04")
    requests.close_request(unit, b, outcome="unavailable.not_held", date="2024-03-25")
    c = add(unit, "2024-03-05")
    requests.close_request(unit, c, outcome="unavailable.not_held", date="2024-03-26")
    wording.issue(unit, c, note=SEARCHED)
    requests.reopen_request(unit, c, reason="结果录错")
    requests.close_request(unit, c, outcome="not_processed.duplicate", date="2024-03-26")
    (fb, fc) = found(unit)["L-LETTER-MISSING"]
    assert fb.severity == "W" and fb.where == f"申请 {b}" and fb.expected == "unavailable.not_held" and fb.actual is None
    assert fb.message == f"申请 {b} 于2024年3月25日办结（（四）无法提供 1.本机关不掌握相关政府信息），没有答复书：disc request letter {b}"
    assert fc.where == f"申请 {c}" and "不一致" in fc.message and "惠南街依复〔2024〕2号" in fc.message
    # issuing the letters clears the rule
    wording.issue(unit, b, note=SEARCHED)
    wording.issue(unit, c, reissue_reason="办理结果更正", given=letters.ReplyInput(earlier=b))
    assert "L-LETTER-MISSING" not in found(unit)


def test_correction_notice_late(unit):
    n = add(unit, "2024-03-01")
    deadlines.record_correction(unit, n, sent="2024-03-13")  # 7 working days: 2024-03-12
    letter = wording.issue(unit, n, kind="correction", note="请写明年份。")
    assert letter.stored.warnings and "2024年3月12日" in letter.stored.warnings[0]
    (f,) = found(unit)["L-LETTER-CORRECTION-LATE"]
    assert (f.expected, f.actual, f.where) == ("2024-03-12", "2024-03-13", f"申请 {n}")
    assert "惠南街依复〔2024〕1号" in f.message and "条例第三十条" in f.message


def test_extension_notice_late(unit):
    n = add(unit, "2024-03-01")  # deadline without extension: 2024-03-29
    deadlines.record_extension(unit, n, approved_by="李主任", decided="2024-04-01", late_reason="补登")
    letter = wording.issue(unit, n, kind="extension")
    assert any("原答复期限2024年3月29日" in w for w in letter.stored.warnings)
    (f,) = found(unit)["L-LETTER-EXTENSION-LATE"]
    assert (f.expected, f.actual) == ("2024-03-29", "2024-04-01")
    assert "第三十三条第二款" in f.message


def test_reply_letter_late(unit):
    n = add(unit, "2024-03-01")
    requests.close_request(unit, n, outcome="unavailable.not_held", date="2024-03-20")
    letter = wording.issue(unit, n, dated="2024-04-02", note=SEARCHED)
    assert len(letter.stored.warnings) == 2  # after the deadline, and not the day recorded as closed
    (f,) = found(unit)["L-LETTER-REPLY-LATE"]
    assert (f.expected, f.actual) == ("2024-03-29", "2024-04-02")
    # a stopped clock (补正 asked for, never received) has no deadline to miss
    m = add(unit, "2024-03-01")
    deadlines.record_correction(unit, m, sent="2024-03-05")
    requests.close_request(unit, m, outcome="other.no_correction", date="2024-05-10")
    wording.issue(unit, m, note=SEARCHED)
    assert len(found(unit)["L-LETTER-REPLY-LATE"]) == 1
    # letters are judged in the year of their date
    assert found(unit, 2023) == {}


def test_check_command_reports_the_rules(run, unit):
    n = add(unit, "2024-03-01")
    deadlines.record_correction(unit, n, sent="2024-03-13", received="2024-03-14")
    wording.issue(unit, n, kind="correction", note="请写明年份。")
    requests.close_request(unit, n, outcome="unavailable.not_held", date="2024-03-20")
    res = run("--db", unit.path, "check", "--year", "2024", "--today", "2024-12-31", "--format", "json", "--rule", "L-LETTER-")
    assert res.exit_code == 0  # warnings only
    assert [f["rule"] for f in json.loads(res.stdout)] == ["L-LETTER-MISSING", "L-LETTER-CORRECTION-LATE"]


def test_many_findings_are_counted(unit):
    wording.issue(unit, add(unit, "2024-01-02"), kind="receipt")
    for _ in range(letter_checks.MAX_LISTED + 3):
        n = add(unit, "2024-02-01")
        requests.close_request(unit, n, outcome="granted", date="2024-02-20")
    out = found(unit)["L-LETTER-MISSING"]
    assert len(out) == letter_checks.MAX_LISTED + 1
    assert out[-1].message.startswith("另有 3 件已办结的申请没有相符的答复书")
