"""`disc request letter` refuses what it must not issue: for a voided application, with a date before
the application was received, a reissue without a reason (or a reason without --reissue, or a reissue
of nothing). Each refusal: exit code 2, the message, no row in `letter`, nothing in the change log,
no output file, and no number used up (the next letter issued still gets the next number).
"""

from __future__ import annotations

import json

import pytest

from tests.asserts import refused
from tests.conftest import dump, rows

ORG = "惠农区南街街道"
PREFIX = "惠南街依复"
NOTE = ["--note", "可于工作日到本机关政务公开窗口领取。"]  # a reply granting access says how (letters.md)


@pytest.fixture
def unit(db):
    """Two applications received 2024-02-08: 2024-001 closed (予以公开) on 02-20, 2024-002 voided."""
    from disclosure_cli.ledger import letters, records, requests
    from disclosure_cli.ledger.db import Ledger

    with Ledger.open(db) as led:
        letters.set_settings(
            led, None, review_body="惠农区人民政府", court="惠农区人民法院", letter_prefix=PREFIX,
            address="惠农区南街幸福路12号", phone="0952-3012345",
        )
        _, a = requests.add_request(led, received="2024-02-08", applicant_type="natural_person", subject="道路改造资料")
        requests.close_request(led, a, outcome="granted", date="2024-02-20")
        rid, b = requests.add_request(led, received="2024-02-08", applicant_type="natural_person", subject="重复登记的申请")
        requests.close_request(led, b, outcome="granted", date="2024-02-21")
        records.void_record(led, "request", rid, "重复登记", "申请")
    assert rows(db, "SELECT printf('%d-%03d', year, seq), voided_at IS NOT NULL FROM request ORDER BY id") == [("2024-001", 0), ("2024-002", 1)]
    assert (a, b) == ("2024-001", "2024-002")
    return db


def letter_state(db):
    return (
        rows(db, "SELECT number, kind, dated, voided_at IS NOT NULL FROM letter ORDER BY id"),
        rows(db, "SELECT count(*) FROM change_log WHERE action = 'letter' OR entity = 'letter'"),
    )


def letters_issued(run, db):
    res = run("--db", db, "request", "letters", "--year", "2024", "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


REFUSALS = [
    (["2024-002", "--kind", "receipt"], ["申请 2024-002 已作废"]),
    (["2024-002"], ["申请 2024-002 已作废"]),
    (["2024-001", "--date", "2024-02-01"], ["文书日期 2024-02-01 早于申请 2024-001 的收到申请日期 2024-02-08"]),
    (["2024-001", "--kind", "receipt", "--date", "2024-02-07"], ["文书日期 2024-02-07 早于申请 2024-001 的收到申请日期 2024-02-08"]),
    (["2024-001", "--reissue"], ["重新出具须说明原因：--reissue --reason 原因"]),
    (["2024-001", "--reason", "办理结果更正"], ["--reason 用于重新出具：请同时给出 --reissue"]),
    (["2024-001", "--reissue", "--reason", "办理结果更正"], ["申请 2024-001 还没有出具答复书，无需重新出具（去掉 --reissue）"]),
    (["2024-001", "--reissue", "--reason", "   "], ["重新出具须说明原因（--reason）"]),
]


@pytest.mark.parametrize(("args", "said"), REFUSALS, ids=[" ".join(a) for a, _ in REFUSALS])
def test_refused_letters_create_and_number_nothing(run, unit, tmp_path, args, said):
    db = unit
    before = dump(db)
    out = tmp_path / "答复书.docx"
    res = run("--db", db, "request", "letter", *args, "-o", out)
    refused(res, *said)
    assert not out.exists()
    assert dump(db) == before
    assert letter_state(db) == ([], [(0,)])
    # no number was used up: the first letter issued afterwards is number 1
    ok = run("--db", db, "request", "letter", "2024-001", *NOTE, "--format", "txt")
    assert ok.exit_code == 0, ok.output
    assert rows(db, "SELECT number, kind, dated FROM letter") == [(f"{PREFIX}〔2024〕1号", "reply", "2024-02-20")]


def test_reissue_refusals_leave_the_standing_letter_as_issued(run, unit):
    db = unit
    first = run("--db", db, "request", "letter", "2024-001", *NOTE, "--format", "txt")
    assert first.exit_code == 0, first.output
    assert f"{PREFIX}〔2024〕1号" in first.stdout
    before = dump(db)
    for args, said in (
        (["--reissue"], "重新出具须说明原因：--reissue --reason 原因"),
        (["--reissue", "--reason", ""], "重新出具须说明原因"),
        (["--reason", "更正"], "--reason 用于重新出具：请同时给出 --reissue"),
        (["--reissue", "--reason", "更正", "--date", "2024-01-31"], "文书日期 2024-01-31 早于申请 2024-001 的收到申请日期 2024-02-08"),
    ):
        res = run("--db", db, "request", "letter", "2024-001", *args, "--format", "txt")
        refused(res, said)
        assert res.stdout == ""
    assert dump(db) == before
    assert rows(db, "SELECT number, voided_at FROM letter") == [(f"{PREFIX}〔2024〕1号", None)]
    # printed again: the same letter, the same number
    again = run("--db", db, "request", "letter", "2024-001", *NOTE, "--format", "txt")
    assert (again.exit_code, again.stdout) == (0, first.stdout)
    # a reissue with a reason voids number 1 and gives number 2 (not 3: nothing was used up above)
    res = run("--db", db, "request", "letter", "2024-001", "--reissue", "--reason", "办理结果更正", *NOTE, "--format", "txt")
    assert res.exit_code == 0, res.output
    assert rows(db, "SELECT number, void_reason FROM letter ORDER BY id") == [
        (f"{PREFIX}〔2024〕1号", "办理结果更正"),
        (f"{PREFIX}〔2024〕2号", None),
    ]
    assert [(x["number"], x["request"]) for x in letters_issued(run, db)] == [
        (f"{PREFIX}〔2024〕1号", "2024-001"),
        (f"{PREFIX}〔2024〕2号", "2024-001"),
    ]


def test_a_voided_application_gets_no_letter_even_after_others(run, unit):
    db = unit
    assert run("--db", db, "request", "letter", "2024-001", *NOTE, "--format", "txt").exit_code == 0
    before = dump(db)
    for kind in ("receipt", "reply", "correction"):
        res = run("--db", db, "request", "letter", "2024-002", "--kind", kind, "--format", "txt")
        refused(res, "申请 2024-002 已作废")
    assert dump(db) == before
    assert rows(db, "SELECT count(*) FROM letter WHERE request_id = 2") == [(0,)]
