"""`disc explain`, record by record (issue 18's mutation run): every field of the records behind a cell
— kind, id, reference, the date that counts, the text, the count — for each family of cells, not
only that their counts add up. Mutants that dropped a record's id or reference, or listed a
closed application under its receipt date, survived the suite before."""

from __future__ import annotations

import json

import pytest

ORG = "惠农区南街街道"


@pytest.fixture
def ledger(run, tmp_path):
    db = tmp_path / "e.db"

    def ok(*args):
        res = run("--db", db, *args)
        assert res.exit_code == 0, res.output
        return res.stdout.strip()

    ok("init", "--org", ORG)
    ok("add", "-c", "微信", "-k", "工作动态", "-t", "社区开展志愿服务", "-d", "2023-05-06", "-n", "2")
    ok("add", "-c", "微信", "-k", "通知公告", "-t", "停水通知", "-d", "2023-06-01")
    ok("add", "-c", "微信", "-k", "工作动态", "-t", "去年的", "-d", "2022-12-31")
    ok("doc", "add", "--kind", "normative_document", "--number", "惠南街发〔2023〕3号", "--title", "办法", "--issued", "2023-03-01")
    ok("decision", "add", "--kind", "penalty", "--date", "2023-06-01", "--ref", "惠南街罚〔2023〕5号")
    ok("fee", "add", "--date", "2023-04-01", "--amount", "1200.50", "--note", "临时占道")
    ok("request", "add", "--received", "2022-12-20", "--applicant-type", "自然人", "--subject", "跨年的申请")
    ok("request", "close", "2022-001", "--outcome", "予以公开", "--date", "2023-01-10")
    ok("request", "add", "--received", "2023-02-01", "--applicant-type", "商业企业", "--subject", "本年的申请")
    ok("case", "add", "--kind", "review", "--filed", "2023-08-01", "--ref", "惠复〔2023〕12号")
    return db


def explain(run, db, table: str, row: str, column: str) -> list[tuple]:
    res = run("--db", db, "explain", "--year", "2023", "--table", table, "--row", row, "--column", column, "-f", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["total"] == doc["value"] or not doc["records"]
    return [(r["kind"], r["id"], r["ref"], r["date"], r["text"], r["count"]) for r in doc["records"]]


def test_items_by_channel_and_category(run, ledger):
    assert explain(run, ledger, "items", "wechat", "工作动态") == [("item", 1, "", "2023-05-06", "社区开展志愿服务", 2)]
    assert explain(run, ledger, "items", "total", "total") == [
        ("item", 1, "", "2023-05-06", "社区开展志愿服务", 2), ("item", 2, "", "2023-06-01", "停水通知", 1)]


def test_table_two_documents_decisions_and_fees(run, ledger):
    assert explain(run, ledger, "t2", "normative_document", "issued") == [
        ("document", 1, "惠南街发〔2023〕3号", "2023-03-01", "办法", 1)]
    assert explain(run, ledger, "t2", "penalty", "decisions") == [
        ("decision", 1, "惠南街罚〔2023〕5号", "2023-06-01", "惠南街罚〔2023〕5号", 1)]
    got = explain(run, ledger, "t2", "fee", "amount_wan")
    assert [(k, i, ref, d, t) for k, i, ref, d, t, _ in got] == [("fee", 1, "", "2023-04-01", "临时占道")]
    assert got[0][5] == 0.1201  # 1200.50 元 in 万元, at the 4 decimals the table prints


def test_table_three_dates_by_what_the_row_counts(run, ledger):
    # a result is dated by its answer, a new or carried-over application by its receipt
    assert explain(run, ledger, "t3", "granted", "natural_person") == [
        ("request", 1, "2022-001", "2023-01-10", "跨年的申请", 1)]
    assert explain(run, ledger, "t3", "carried_over", "total") == [("request", 1, "2022-001", "2022-12-20", "跨年的申请", 1)]
    assert explain(run, ledger, "t3", "new", "business") == [("request", 2, "2023-001", "2023-02-01", "本年的申请", 1)]
    assert explain(run, ledger, "t3", "carried_forward", "total") == [("request", 2, "2023-001", "2023-02-01", "本年的申请", 1)]
    assert explain(run, ledger, "t3", "total", "total") == [("request", 1, "2022-001", "2023-01-10", "跨年的申请", 1)]


def test_table_four(run, ledger):
    assert explain(run, ledger, "t4", "review", "pending") == [("case", 1, "惠复〔2023〕12号", "2023-08-01", "惠复〔2023〕12号", 1)]
    assert explain(run, ledger, "t4", "review", "upheld") == []


def test_a_cell_the_table_does_not_have_is_named_with_the_choices(run, ledger):
    from tests.asserts import refused

    refused(run("--db", ledger, "explain", "--year", "2023", "--table", "t3", "--row", "granted", "--column", "nobody"),
            "表三「granted」行的列「nobody」无法识别；最接近的是：other_org、natural_person、total")
    refused(run("--db", ledger, "explain", "--year", "2023", "--table", "t2", "--row", "license", "--column", "issued"),
            "表二「license」行的列「issued」无法识别；最接近的是：decisions")
    refused(run("--db", ledger, "explain", "--year", "2023", "--table", "t2", "--row", "nowhere", "--column", "issued"),
            "表二的行「nowhere」无法识别")


def test_the_tally_defaults_and_an_unsigned_count_of_none(ledger, run):
    from disclosure_cli.ledger import tally
    from disclosure_cli.ledger.db import Ledger

    assert run("--db", ledger, "org", "add", "北街街道", "--parent", ORG).exit_code == 0
    with Ledger.open(ledger) as led:
        own = led.org_id()
        assert tally.org_ids(led) == [own]  # without rollup: the unit alone, not its units
        assert len(tally.org_ids(led, rollup=True)) == 2
        assert tally.unsigned_items(led, 2023, [own], 5, ("published",))[0] == 2  # no sign-off policy: both unsigned
        assert tally.unsigned_items(led, 2021, [own], 5, ("published",)) == (0, [])


def test_every_record_names_its_unit_and_a_units_records_show_in_the_roll_up(run, ledger):
    """The unit column of explain: request numbers repeat from unit to unit, so each record says whose it is."""
    for table, row, column in (("items", "total", "total"), ("t2", "normative_document", "issued"),
                               ("t2", "penalty", "decisions"), ("t2", "fee", "amount_wan"),
                               ("t3", "new", "total"), ("t4", "review", "pending")):
        res = run("--db", ledger, "explain", "--year", "2023", "--table", table, "--row", row, "--column", column, "-f", "json")
        records = json.loads(res.stdout)["records"]
        assert records and {r["org"] for r in records} == {ORG}, (table, row, column)
    assert run("--db", ledger, "org", "add", "北街街道", "--parent", ORG).exit_code == 0
    assert run("--db", ledger, "add", "-c", "微信", "-k", "工作动态", "-t", "北街的", "-d", "2023-07-01", "--org", "北街街道").exit_code == 0
    res = run("--db", ledger, "explain", "--year", "2023", "--table", "items", "--row", "wechat", "--column", "工作动态",
              "--rollup", "-f", "json")
    assert [(r["org"], r["text"]) for r in json.loads(res.stdout)["records"]] == [(ORG, "社区开展志愿服务"), ("北街街道", "北街的")]


def test_the_tally_refuses_a_table_or_row_it_does_not_have_naming_the_choices(ledger):
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger import tally
    from disclosure_cli.ledger.db import Ledger

    with Ledger.open(ledger) as led:
        ids = [led.org_id()]
        with pytest.raises(BadInput) as e:
            tally.records_behind(led, 2023, ids, "t9", "x", "y")
        assert str(e.value) == "表格「t9」无法识别；最接近的是：t4、t3、t2"
        with pytest.raises(BadInput, match="^表四的行「nowhere」无法识别"):
            tally.records_behind(led, 2023, ids, "t4", "nowhere", "pending")
