"""Several orgs in one ledger: disc org add/list/move, and stats/report --org X --rollup as a cell-by-cell sum."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.asserts import refused
from tests.conftest import dump, rows

UNITS = ["南街街道", "北街街道", "河东街道"]


def fill_unit(ledger, k: int, org: str | None = None) -> None:
    """A unit's year: items, documents, decisions, fees, applications (with personal data and their
    lifecycle), cases and prose; k (0, 1, 2 …) makes units differ in every table."""
    from disclosure_cli.ledger import deadlines, fees, items, records, requests

    for i in range(k + 2):
        items.add_item(ledger, {"published": f"2023-03-{i + 1:02d}", "channel": "wechat", "category": "工作动态", "title": f"动态{k}-{i}"}, org=org)
    items.add_item(ledger, {"published": "2023-06-01", "channel": "portal", "category": "财政预决算", "title": f"预算{k}"}, org=org)
    items.add_item(ledger, {"published": "2023-07-01", "channel": "board", "category": "社会救助", "title": f"名册{k}", "count": k + 2}, org=org)
    void_id = items.add_item(ledger, {"published": "2023-08-01", "channel": "wechat", "category": "工作动态", "title": f"重复{k}"}, org=org)
    items.void_item(ledger, void_id, "重复登记")
    items.add_item(ledger, {"published": "2022-12-30", "channel": "wechat", "category": "工作动态", "title": f"上年{k}"}, org=org)

    records.add_document(ledger, kind="normative_document", title=f"规范性文件{k}", issued="2023-02-01", org=org)
    records.add_document(ledger, kind="normative_document", title=f"旧文件{k}", issued="2021-02-01", repealed="2023-05-01", org=org)
    if k:
        records.add_document(ledger, kind="regulation", title=f"规章{k}", issued="2023-04-01", org=org)
    records.add_decision(ledger, kind="penalty", date="2023-04-02", count=k + 1, org=org)
    records.add_decision(ledger, kind="license", date="2023-05-02", count=2, ref=f"许可{k}", org=org)
    records.add_fee(ledger, date="2023-09-01", amount=f"{1000 * (k + 1) + 50}.00", org=org)

    # applications: one carried over from 2022, several new, one still open at year end
    old, _ = requests.add_request(ledger, received="2022-12-20", applicant_type="natural_person", subject=f"旧申请{k}", org=org)
    requests.close_request(ledger, old, outcome="granted", date="2023-01-10")
    outcomes = ["granted", "partial", "withheld.state_secret", "unavailable.not_held", "not_processed.duplicate"]
    for i in range(k + 3):
        rid, _ = requests.add_request(
            ledger,
            received=f"2023-0{i % 9 + 1}-05",
            applicant_type="business" if i % 2 else "natural_person",
            subject=f"申请{k}-{i}",
            personal={"name": f"申请人{k}{i}", "phone": f"1390000{k}{i:03d}", "id_number": None, "address": None},
            org=org,
        )
        if i == 0:
            deadlines.record_extension(ledger, rid, approved_by="主任", late_reason="测试中补登")
        if i == 1:
            deadlines.record_pause(ledger, rid, start="2023-02-10", end="2023-02-14", reason="征求第三方意见")
        if i == 2:
            fees.record_notice(ledger, rid, method="page", notice="2023-03-10", pages=120)
            fees.record_paid(ledger, rid, paid="2023-03-15")
        requests.close_request(ledger, rid, outcome=outcomes[i % len(outcomes)], date=f"2023-{i % 9 + 1:02d}-25")
    requests.add_request(ledger, received="2023-12-20", applicant_type="research", subject=f"年底申请{k}", org=org)

    c = records.add_case(ledger, kind="review", filed="2023-05-01", org=org)
    records.close_case(ledger, c, result="upheld" if k % 2 else "corrected", date="2023-07-01")
    records.add_case(ledger, kind="suit_direct", filed="2023-10-01", org=org)
    records.set_narrative(ledger, year=2023, part="一", text=f"（一）主动公开：{k}号单位全年主动公开信息。", org=org)


@pytest.fixture
def district(tmp_path):
    """惠农区 with three 街道 below it, each with its own year of records, in one ledger."""
    from disclosure_cli.ledger import orgs
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / "district.db"
    with Ledger.create(path, "惠农区") as led:
        for k, name in enumerate(UNITS):
            orgs.add_org(led, name, "惠农区")
            fill_unit(led, k, org=name)
    return path


def stats_cells(run, db, *args) -> dict[tuple[str, str, str], str]:
    res = run("--db", db, "stats", "--year", "2023", "--format", "csv", *args)
    assert res.exit_code == 0, res.output
    return {(r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(io.StringIO(res.stdout))}


def num(text: str):
    from decimal import Decimal

    return Decimal(text) if "." in text else int(text)


# --------------------------------------------------------------------------- disc org
def test_org_add_list_move(run, db):
    assert run("--db", db, "org", "add", "惠农区").stdout == "2\n"
    assert run("--db", db, "org", "add", "河东街道", "--parent", "惠农区").exit_code == 0
    res = run("--db", db, "org", "move", "惠农区南街街道", "--parent", "惠农区")
    assert res.exit_code == 0, res.output
    assert rows(db, "SELECT o.name, p.name FROM org o LEFT JOIN org p ON p.id = o.parent_id ORDER BY o.id") == [
        ("惠农区南街街道", "惠农区"),
        ("惠农区", None),
        ("河东街道", "惠农区"),
    ]
    res = run("--db", db, "org", "list", "--format", "json")
    listed = json.loads(res.stdout)
    assert [(o["name"], o["parent"], o["depth"]) for o in listed] == [
        ("惠农区", None, 0),
        ("惠农区南街街道", "惠农区", 1),
        ("河东街道", "惠农区", 1),
    ]
    res = run("--db", db, "org", "list", "--format", "table")
    assert res.stdout.splitlines() == [
        "惠农区  [2]  信息 0 条",
        "├─ 惠农区南街街道（本单位）  [1]  信息 0 条",
        "└─ 河东街道  [3]  信息 0 条",
    ]
    log = rows(db, "SELECT action, entity, after FROM change_log WHERE entity = 'org' ORDER BY id")
    assert [(a, e) for a, e, _ in log] == [("add", "org"), ("add", "org"), ("move", "org")]


def test_org_parent_must_exist_no_cycles_no_duplicates(run, db):
    before = dump(db)
    res = run("--db", db, "org", "add", "南街街道", "--parent", "惠农")
    refused(res, "单位「惠农」无法识别；最接近的是：惠农区南街街道")
    assert dump(db) == before
    run("--db", db, "org", "add", "惠农区")
    run("--db", db, "org", "add", "社区", "--parent", "惠农区南街街道")
    run("--db", db, "org", "move", "惠农区南街街道", "--parent", "惠农区")
    before = dump(db)
    for args, said in (
        (["惠农区", "--parent", "社区"], "「社区」在「惠农区」之下，不能再做它的上级（会形成循环）"),
        (["惠农区", "--parent", "惠农区"], "单位「惠农区」不能做自己的上级"),
        (["惠农区", "--parent", "惠农区南街街道"], "「惠农区南街街道」在「惠农区」之下，不能再做它的上级（会形成循环）"),
    ):
        res = run("--db", db, "org", "move", *args)
        refused(res, said)
    res = run("--db", db, "org", "add", "社区")
    refused(res, "单位「社区」已存在")
    res = run("--db", db, "org", "add", "  ")
    refused(res, "单位名称不能为空")
    assert dump(db) == before
    assert run("--db", db, "org", "move", "社区", "--top").exit_code == 0
    assert rows(db, "SELECT parent_id FROM org WHERE name = '社区'") == [(None,)]


def test_deep_tree_text():
    from disclosure_cli.ledger.orgs import tree_text

    orgs = [
        {"id": 1, "name": "区", "depth": 0, "own": True, "items": 0},
        {"id": 2, "name": "甲街道", "depth": 1, "own": False, "items": 1},
        {"id": 3, "name": "甲社区", "depth": 2, "own": False, "items": 2},
        {"id": 4, "name": "乙街道", "depth": 1, "own": False, "items": 3},
        {"id": 5, "name": "乙社区", "depth": 2, "own": False, "items": 4},
    ]
    assert tree_text(orgs).splitlines() == [
        "区（本单位）  [1]  信息 0 条",
        "├─ 甲街道  [2]  信息 1 条",
        "│  └─ 甲社区  [3]  信息 2 条",
        "└─ 乙街道  [4]  信息 3 条",
        "   └─ 乙社区  [5]  信息 4 条",
    ]


# --------------------------------------------------------------------------- roll-up
def test_stats_rollup_is_the_cell_by_cell_sum_of_the_units(run, district):
    per_unit = [stats_cells(run, district, "--org", name) for name in UNITS]
    whole = stats_cells(run, district, "--org", "惠农区", "--rollup")
    alone = stats_cells(run, district, "--org", "惠农区")
    for t in ("t2", "t3", "t4"):
        keys = [k for k in whole if k[0] == t]
        assert keys and all(k in u for u in per_unit for k in keys)
        for k in keys:
            assert num(whole[k]) == sum(num(u[k]) for u in per_unit), k
            assert num(alone[k]) == 0, k  # the district itself records nothing
    items = {k: v for k, v in whole.items() if k[0] == "items"}
    for k, v in items.items():
        assert int(v) == sum(int(u.get(k, "0")) for u in per_unit), k
    # the numbers are not trivially zero: 3 units of k+2 wechat, 1 portal, board count k+2
    assert items[("items", "wechat", "total")] == str(2 + 3 + 4)
    assert items[("items", "board", "total")] == str(2 + 3 + 4)
    assert items[("items", "total", "total")] == str(9 + 3 + 9)
    assert whole[("t3", "new", "total")] == str(3 + 4 + 5 + 3)
    assert whole[("t4", "review", "total")] == "3"


def test_build_report_rollup_equals_sum_of_units(district):
    from disclosure_cli.ledger.db import Ledger
    from disclosure_cli.report.build import build_full_report, build_report

    with Ledger.open(district) as led:
        parts = [build_report(led, 2023, org=name) for name in UNITS]
        total = parts[0].add(parts[1]).add(parts[2])
        rolled = build_report(led, 2023, org="惠农区", rollup=True)
        for t in ("t2", "t3", "t4"):
            assert rolled.table(t) == total.table(t)
        assert rolled.items.counts == total.items.counts
        full = build_full_report(led, 2023, org="惠农区", rollup=True)
        unit_fees = [build_full_report(led, 2023, org=n).fee for n in UNITS]
        assert full.fee.charged == sum(f.charged for f in unit_fees) == 3
        assert full.fee.amount_yuan == sum(f.amount_yuan for f in unit_fees)
        # a 街道 alone is not its parent's sum
        assert build_report(led, 2023, org="南街街道", rollup=True).t3 == parts[0].t3


def test_report_rollup_json(run, district):
    res = run("--db", district, "report", "--year", "2023", "--org", "惠农区", "--rollup", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["org"] == "惠农区"
    assert doc["title"] == "惠农区2023年政府信息公开工作年度报告"
    units = []
    for name in UNITS:
        r = run("--db", district, "report", "--year", "2023", "--org", name, "--format", "json")
        units.append(json.loads(r.stdout))
    for t in ("t2", "t3", "t4"):
        for row, cols in doc[t].items():
            for col, v in cols.items():
                assert v == pytest.approx(sum(u[t][row][col] for u in units)), (t, row, col)


def test_stats_by_month_rollup(run, district):
    res = run("--db", district, "stats", "--year", "2023", "--by", "month", "--org", "惠农区", "--rollup", "--format", "csv")
    cells = {(r["row"], r["column"]): int(r["value"]) for r in csv.DictReader(io.StringIO(res.stdout))}
    assert cells[("2023-03", "wechat")] == 2 + 3 + 4
    assert cells[("total", "total")] == 21
