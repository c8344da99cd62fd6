"""disc merge UNIT.db...: units' ledgers into a district's, cell-by-cell sums, idempotence, conflicts,
identity across copies and chains, one transaction, and the schema upgrade that gives ledgers an identity."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3

import pytest

from tests.asserts import refused
from tests.conftest import dump, rows
from tests.test_rollup import UNITS, fill_unit

DATA_TABLES = [
    "org", "channel", "category", "item", "document", "decision", "fee_receipt", "request", "request_personal",
    "legal_case", "narrative", "request_correction", "request_extension", "request_pause", "request_fee",
]  # fmt: skip


@pytest.fixture
def units(tmp_path):
    """Three 街道 ledgers, each made as its clerk would (disc init + the library)."""
    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger

    paths = []
    for k, name in enumerate(UNITS):
        path = tmp_path / f"{name}.db"
        with Ledger.create(path, name) as led:
            fill_unit(led, k)
            if k == 0:  # a unit's own channel and category travel with its items
                items.add_channel(led, "weibo", "政务微博", ["微博"])
                items.add_category(led, "疫情防控", ["防疫"])
                items.add_item(led, {"published": "2023-02-02", "channel": "微博", "category": "防疫", "title": "防疫提示"})
        paths.append(path)
    return paths


@pytest.fixture
def district(tmp_path):
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / "惠农区.db"
    Ledger.create(path, "惠农区").close()
    return path


def merge(run, district, *files, extra=()):
    return run("--db", district, "merge", *files, "--format", "csv", *extra)


def data_dump(path) -> dict[str, list[tuple]]:
    """Every data table, all columns, in id order: what must not move on a repeated merge."""
    out = {}
    with sqlite3.connect(path) as conn:
        for t in DATA_TABLES:
            out[t] = conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
    return out


def counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DATA_TABLES}


def conflicts(res) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(res.stdout)))


# --------------------------------------------------------------------------- the sum
def test_three_units_merged_give_the_cell_by_cell_sum(run, units, district):
    from disclosure_cli.ledger.db import Ledger
    from disclosure_cli.report.build import build_full_report, build_report

    res = merge(run, district, *units, extra=("--parent", "惠农区"))
    assert res.exit_code == 0, res.output
    assert res.stdout == ""  # no conflicts to list
    assert "新建单位：南街街道" in res.stderr

    unit_reports, unit_full = [], []
    for p in units:
        with Ledger.open(p) as led:
            unit_reports.append(build_report(led, 2023))
            unit_full.append(build_full_report(led, 2023))
    total = unit_reports[0].add(unit_reports[1]).add(unit_reports[2])
    with Ledger.open(district) as led:
        rolled = build_report(led, 2023, org="惠农区", rollup=True)
        full = build_full_report(led, 2023, org="惠农区", rollup=True)
        for t in ("t2", "t3", "t4"):
            assert rolled.table(t) == total.table(t), t
            for key, value in rolled.table(t).items():
                assert value == sum(u.table(t)[key] for u in unit_reports), (t, key)
        assert rolled.items.counts == total.items.counts
        assert rolled.items.total == sum(u.items.total for u in unit_reports)
        assert full.fee.charged == sum(f.fee.charged for f in unit_full) == 3
        assert full.fee.amount_yuan == sum(f.fee.amount_yuan for f in unit_full)
        # each 街道 alone is what its own ledger says, prose included
        for name, rep in zip(UNITS, unit_full, strict=True):
            here = build_full_report(led, 2023, org=name)
            assert here.t3 == rep.t3 and here.items.counts == rep.items.counts
            assert here.parts["一"] == rep.parts["一"]

    # every record arrived once, under a new id, and knows where it came from
    total_counts = {t: sum(counts(p)[t] for p in units) for t in DATA_TABLES if t not in ("org", "channel", "category")}
    got = counts(district)
    for t, n in total_counts.items():
        assert got[t] == n, t
    uuids = [rows(p, "SELECT value FROM meta WHERE key = 'uuid'")[0][0] for p in units]
    origin = set(rows(district, "SELECT origin_ledger, origin_id FROM item"))
    expected = {(u, i) for u, p in zip(uuids, units, strict=True) for (i,) in rows(p, "SELECT id FROM item")}
    assert origin == expected
    assert rows(district, "SELECT o.name, p.name FROM org o LEFT JOIN org p ON p.id = o.parent_id ORDER BY o.id") == [
        ("惠农区", None), ("南街街道", "惠农区"), ("北街街道", "惠农区"), ("河东街道", "惠农区"),
    ]  # fmt: skip
    # the unit's own vocabulary came along
    assert rows(district, "SELECT code, label, aliases FROM channel WHERE code = 'weibo'") == [("weibo", "政务微博", "微博")]
    assert rows(district, "SELECT count(*) FROM item WHERE category = '疫情防控'") == [(1,)]
    # the application numbers a clerk says on the phone are the unit's
    for name, p in zip(UNITS, units, strict=True):
        assert rows(district, "SELECT year, seq, subject FROM request r JOIN org o ON o.id = r.org_id WHERE o.name = ? ORDER BY r.id", (name,)) == rows(
            p, "SELECT year, seq, subject FROM request ORDER BY id"
        )


def test_merging_again_changes_nothing(run, units, district):
    assert merge(run, district, *units).exit_code == 0
    before_counts, before = counts(district), data_dump(district)
    res = merge(run, district, *units)
    assert res.exit_code == 0, res.output
    assert counts(district) == before_counts
    assert data_dump(district) == before
    assert "新增 0，更新 0" in res.stderr
    # and one at a time, in another order, still nothing new
    for p in reversed(units):
        assert merge(run, district, p).exit_code == 0
    assert data_dump(district) == before
    merges = rows(district, "SELECT merges FROM merge_source ORDER BY org")
    assert merges == [(3,), (3,), (3,)]


def test_dry_run_writes_nothing(run, units, district):
    before = dump(district)
    res = merge(run, district, *units, extra=("--dry-run",))
    assert res.exit_code == 0
    assert "未写入" in res.stderr and "新增" in res.stderr
    assert dump(district) == before


# --------------------------------------------------------------------------- changes and conflicts
def test_changes_in_a_unit_flow_in_when_not_edited_here(run, units, district):
    from disclosure_cli.ledger import items, records, requests
    from disclosure_cli.ledger.db import Ledger

    assert merge(run, district, *units).exit_code == 0
    with Ledger.open(units[0]) as led:
        items.edit_item(led, 1, {"title": "动态0-0（更正）"})
        items.void_item(led, 2, "重复")
        rid = requests.resolve_request(led, "2023-001")
        requests.reopen_request(led, rid, reason="复核")
        requests.close_request(led, rid, outcome="partial", date="2023-02-01")
        requests.close_request(led, "2023-004", outcome="granted", date="2023-12-29")
        records.set_narrative(led, year=2023, part="一", text="（一）主动公开：修订后的正文。")
        items.add_item(led, {"published": "2023-11-11", "channel": "wechat", "category": "工作动态", "title": "新增的一条"})
    res = merge(run, district, *units)
    assert res.exit_code == 0, res.output
    assert re.search(r"南街街道\.db（南街街道）：新增 1，更新 5", res.stderr), res.stderr
    org = rows(district, "SELECT id FROM org WHERE name = '南街街道'")[0][0]
    assert rows(district, "SELECT title FROM item WHERE org_id = ? AND origin_id = 1", (org,)) == [("动态0-0（更正）",)]
    assert rows(district, "SELECT voided_at IS NOT NULL FROM item WHERE org_id = ? AND origin_id = 2", (org,)) == [(1,)]
    assert rows(district, "SELECT outcome, closed FROM request WHERE org_id = ? AND year = 2023 AND seq = 1", (org,)) == [
        ("partial", "2023-02-01")
    ]
    assert rows(district, "SELECT outcome FROM request WHERE org_id = ? AND year = 2023 AND seq = 4", (org,)) == [("granted",)]
    assert rows(district, "SELECT text FROM narrative WHERE org_id = ?", (org,)) == [("（一）主动公开：修订后的正文。",)]
    # the trail says what the merge changed, before and after
    log = rows(district, "SELECT before, after, reason FROM change_log WHERE action = 'merge' AND entity = 'item' ORDER BY id")
    assert (json.dumps({"title": "动态0-0"}, ensure_ascii=False), json.dumps({"title": "动态0-0（更正）"}, ensure_ascii=False), "合并自 南街街道.db") in log
    # and the tables still add up
    from disclosure_cli.report.build import build_report

    with Ledger.open(units[0]) as led:
        unit = build_report(led, 2023)
    with Ledger.open(district) as led:
        assert build_report(led, 2023, org="南街街道").t3 == unit.t3


def test_conflicting_edit_is_reported_and_not_overwritten(run, units, district):
    from disclosure_cli.ledger import items, records
    from disclosure_cli.ledger.db import Ledger

    assert merge(run, district, *units).exit_code == 0
    with Ledger.open(units[1]) as led:
        items.edit_item(led, 1, {"title": "单位改的标题", "count": 2})
        records.set_narrative(led, year=2023, part="一", text="单位改的正文。")
    target_id = rows(district, "SELECT i.id FROM item i JOIN org o ON o.id = i.org_id WHERE o.name = '北街街道' AND i.origin_id = 1")[0][0]
    with Ledger.open(district) as led:
        items.edit_item(led, target_id, {"title": "区里改的标题"})
        records.set_narrative(led, year=2023, part="一", text="区里改的正文。", org="北街街道")
    before = data_dump(district)

    res = merge(run, district, *units)
    assert res.exit_code == 1
    found = conflicts(res)
    by_field = {(c["field"]): c for c in found}
    assert set(by_field) == {"title", "count", "text"}
    assert by_field["title"]["unit_value"] == "单位改的标题"
    assert by_field["title"]["target_value"] == "区里改的标题"
    assert by_field["title"]["record"] == f"信息条目 {target_id}「区里改的标题」"
    assert by_field["title"]["unit_record"] == "信息条目 1「单位改的标题」"
    assert by_field["title"]["table"] == "item"
    assert by_field["text"]["record"] == "报告正文（2023年 第一部分）"
    assert by_field["title"]["file"] == "北街街道.db"
    assert (by_field["count"]["unit_value"], by_field["count"]["target_value"]) == ("2", "1")
    assert (by_field["text"]["unit_value"], by_field["text"]["target_value"]) == ("单位改的正文。", "区里改的正文。")
    assert "冲突" in res.stderr
    assert data_dump(district)["item"] == before["item"]  # the district's values stand
    assert rows(district, "SELECT title, count FROM item WHERE id = ?", (target_id,)) == [("区里改的标题", 1)]
    # the conflict stays reported until someone decides
    assert merge(run, district, *units).exit_code == 1
    # keep: the district's value, now accepted
    res = merge(run, district, *units, extra=("--on-conflict", "keep"))
    assert res.exit_code == 0
    assert {c["resolved"] for c in conflicts(res)} == {"保留本台账"}
    assert rows(district, "SELECT title FROM item WHERE id = ?", (target_id,)) == [("区里改的标题",)]
    res = merge(run, district, *units)
    assert res.exit_code == 0 and res.stdout == ""
    # take: the unit's value, when the unit changes it once more
    with Ledger.open(units[1]) as led:
        items.edit_item(led, 1, {"title": "单位再改"})
    assert merge(run, district, *units).exit_code == 1
    res = merge(run, district, *units, extra=("--on-conflict", "take"))
    assert res.exit_code == 0
    assert rows(district, "SELECT title, count FROM item WHERE id = ?", (target_id,)) == [("单位再改", 2)]
    assert merge(run, district, *units).exit_code == 0


def test_same_change_on_both_sides_is_no_conflict(run, units, district):
    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger

    assert merge(run, district, *units).exit_code == 0
    target_id = rows(district, "SELECT id FROM item WHERE origin_id = 1 AND org_id = (SELECT id FROM org WHERE name = '河东街道')")[0][0]
    with Ledger.open(units[2]) as led:
        items.edit_item(led, 1, {"title": "同样的更正"})
    with Ledger.open(district) as led:
        items.edit_item(led, target_id, {"title": "同样的更正"})
    res = merge(run, district, *units)
    assert res.exit_code == 0 and res.stdout == ""


def test_personal_data_is_merged_never_logged_nor_shown(run, units, district):
    from disclosure_cli.ledger import requests
    from disclosure_cli.ledger.db import Ledger

    assert merge(run, district, *units).exit_code == 0
    names = {r[0] for p in units for r in rows(p, "SELECT name FROM request_personal WHERE name IS NOT NULL")}
    assert names and names == {r[0] for r in rows(district, "SELECT name FROM request_personal WHERE name IS NOT NULL")}
    # a conflict on personal data shows which field, never the value
    with Ledger.open(units[0]) as led:
        rid = requests.resolve_request(led, "2023-001")
        led.conn.execute("UPDATE request_personal SET phone = '13922222222' WHERE request_id = ?", (rid,))
    with sqlite3.connect(district) as conn:
        conn.execute(
            "UPDATE request_personal SET phone = '13911111111' WHERE request_id = (SELECT r.id FROM request r JOIN org o"
            " ON o.id = r.org_id WHERE o.name = '南街街道' AND r.year = 2023 AND r.seq = 1)"
        )
    res = merge(run, district, *units)
    assert res.exit_code == 1
    (c,) = conflicts(res)
    assert c["table"] == "request_personal" and c["record"].startswith("申请人信息 ")
    assert c["field"] == "phone" and c["unit_value"] == c["target_value"] == "（个人信息，不显示）"
    # purging in the unit reaches the district (the district copy was not edited for this one)
    with Ledger.open(units[2]) as led:
        requests.purge_personal(led, "2024-01-01")
    assert merge(run, district, units[2]).exit_code == 0
    assert rows(district, "SELECT count(*) FROM request_personal p JOIN request r ON r.id = p.request_id JOIN org o ON o.id = r.org_id"
                " WHERE o.name = '河东街道' AND p.name IS NOT NULL AND r.closed IS NOT NULL") == [(0,)]  # fmt: skip
    log = "\n".join(str(r) for r in rows(district, "SELECT before, after, reason FROM change_log"))
    for p in units:
        for name, phone in rows(p, "SELECT name, phone FROM request_personal WHERE name IS NOT NULL"):
            assert name not in log and phone not in log
    for secret in ("13922222222", "13911111111") + tuple(names):
        assert secret not in log


def test_unmergeable_record_is_reported_and_the_rest_goes_in(run, units, district):
    """A unit's extension for an application that already has one here (added locally) is refused by the schema."""
    from disclosure_cli.ledger import deadlines
    from disclosure_cli.ledger.db import Ledger

    assert merge(run, district, *units).exit_code == 0
    with Ledger.open(units[0]) as led:
        rid = led.conn.execute("SELECT request_id FROM request_extension").fetchone()[0]
        led.conn.execute("UPDATE request_extension SET voided_at = '2023-12-01', void_reason = '录错' WHERE request_id = ?", (rid,))
        deadlines.record_extension(led, rid, approved_by="副主任", days=10, decided="2023-01-20")
    with Ledger.open(district) as led:
        trid = led.conn.execute("SELECT id FROM request WHERE origin_id = ? AND org_id = (SELECT id FROM org WHERE name = '南街街道')", (rid,)).fetchone()[0]
        led.conn.execute("UPDATE request_extension SET voided_at = '2023-12-02', void_reason = '区里作废' WHERE request_id = ?", (trid,))
        deadlines.record_extension(led, trid, approved_by="区里批", days=5, decided="2023-01-21")
    res = merge(run, district, *units)
    assert res.exit_code == 1
    found = conflicts(res)
    assert any("无法写入" in c["unit_value"] for c in found), found
    assert rows(district, "SELECT approved_by FROM request_extension WHERE request_id = ? AND voided_at IS NULL", (trid,)) == [("区里批",)]


# --------------------------------------------------------------------------- orgs, numbers, chains
def test_request_numbers_reissued_when_taken_and_stable_after(run, units, district):
    from disclosure_cli.ledger import orgs, requests
    from disclosure_cli.ledger.db import Ledger

    with Ledger.open(district) as led:
        orgs.add_org(led, "南街街道", "惠农区")
        requests.add_request(led, received="2023-01-03", applicant_type="natural_person", subject="区里先登记的", org="南街街道")
    res = merge(run, district, units[0])
    assert res.exit_code == 0, res.output
    assert "改编为 2023-" in res.stderr
    seqs = rows(district, "SELECT seq FROM request r JOIN org o ON o.id = r.org_id WHERE o.name = '南街街道' AND year = 2023 ORDER BY seq")
    assert [s for (s,) in seqs] == list(range(1, len(seqs) + 1))
    before = data_dump(district)
    assert merge(run, district, units[0]).exit_code == 0
    assert data_dump(district) == before
    # the existing org kept its place; --parent only places orgs that have none
    assert rows(district, "SELECT p.name FROM org o JOIN org p ON p.id = o.parent_id WHERE o.name = '南街街道'") == [("惠农区",)]


def test_chain_of_merges_adds_nothing_twice(run, tmp_path, district):
    """社区 → 街道 → 区, and the 区 also merging the 社区 directly: one copy of each record."""
    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger

    community, street = tmp_path / "社区.db", tmp_path / "街道.db"
    with Ledger.create(community, "幸福社区") as led:
        for i in range(3):
            items.add_item(led, {"published": "2023-04-01", "channel": "board", "category": "工作动态", "title": f"社区公示{i}"})
    with Ledger.create(street, "南街街道") as led:
        items.add_item(led, {"published": "2023-04-02", "channel": "wechat", "category": "工作动态", "title": "街道动态"})
    assert run("--db", street, "merge", community, "--parent", "南街街道").exit_code == 0
    assert merge(run, district, street, extra=("--parent", "惠农区")).exit_code == 0
    assert merge(run, district, community).exit_code == 0
    assert rows(district, "SELECT count(*) FROM item") == [(4,)]
    assert rows(district, "SELECT o.name, p.name FROM org o LEFT JOIN org p ON p.id = o.parent_id ORDER BY o.id") == [
        ("惠农区", None), ("南街街道", "惠农区"), ("幸福社区", "南街街道"),
    ]  # fmt: skip
    # a change made in the 社区 reaches the 区 by either path, once
    with Ledger.open(community) as led:
        items.edit_item(led, 1, {"title": "社区公示0（更正）"})
    assert merge(run, district, community).exit_code == 0
    assert run("--db", street, "merge", community).exit_code == 0
    assert merge(run, district, street).exit_code == 0
    assert rows(district, "SELECT title FROM item WHERE title LIKE '社区公示0%'") == [("社区公示0（更正）",)]


def test_same_ledger_copies_and_bad_files_are_refused_whole(run, units, district, tmp_path):
    before = dump(district)
    res = merge(run, district, district)
    refused(res, f"{district} 与当前台账 {district} 是同一本台账", "不能合并到自身")
    res = merge(run, district, units[0], units[0])
    refused(res, f"{units[0]} 与 {units[0]} 是同一本台账（标识相同），请只给一次")
    res = merge(run, district, units[0], tmp_path / "不存在.db")
    refused(res, "找不到单位台账文件", "不存在.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    res = merge(run, district, units[0], junk)
    refused(res, f"{junk} 无法作为台账打开")
    res = merge(run, district, units[0], extra=("--parent", "无此单位"))
    refused(res, "单位「无此单位」无法识别")
    assert dump(district) == before  # nothing of units[0] went in either
    # a copied ledger file used by another unit has the same identity: refused, not mixed up
    assert merge(run, district, units[0]).exit_code == 0
    copy = tmp_path / "复制的.db"
    shutil.copy(units[0], copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE meta SET value = '西街街道' WHERE key = 'org'")
        conn.execute("UPDATE org SET name = '西街街道'")
    before = dump(district)
    res = merge(run, district, copy)
    refused(res, "复制的.db（单位：西街街道）与之前合并过的 南街街道.db（单位：南街街道）标识相同", "本次不合并")
    assert dump(district) == before


def test_merge_is_logged_without_values(run, units, district):
    assert merge(run, district, *units).exit_code == 0
    log = rows(district, "SELECT after, reason FROM change_log WHERE action = 'merge' AND entity = 'ledger' ORDER BY id")
    assert len(log) == 3
    first = json.loads(log[0][0])
    assert first["file"] == "南街街道.db" and first["org"] == "南街街道"
    assert first["added"]["item"] == counts(units[0])["item"]
    assert log[0][1] == "合并单位台账 南街街道.db"


# --------------------------------------------------------------------------- schema upgrade
def _ledger_at(path, version: int) -> None:
    """A ledger as an older release left it: migrations 1..version only, with data in every table."""
    from disclosure_cli.ledger import db as dbmod

    conn = sqlite3.connect(path, isolation_level=None)
    for m in dbmod.list_migrations()[:version]:
        for stmt in m.statements():
            conn.execute(stmt)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.executescript(
        """
        INSERT INTO org (name) VALUES ('北街街道');
        INSERT INTO meta (key, value) VALUES ('org', '北街街道'), ('created', '2023-01-01T08:00:00+08:00');
        INSERT INTO channel (code, label, aliases, position) VALUES ('portal', '政府网站', '网站', 0), ('wechat', '微信公众号', '微信', 1);
        INSERT INTO category (name, aliases, position) VALUES ('工作动态', '', 0);
        INSERT INTO item (org_id, published, channel, category, title, count) VALUES
            (1, '2023-03-01', 'wechat', '工作动态', '旧版本的条目', 2), (1, '2023-04-01', 'portal', '工作动态', '第二条', 1);
        INSERT INTO decision (org_id, kind, decided, count) VALUES (1, 'penalty', '2023-05-01', 4);
        INSERT INTO request (org_id, year, seq, received, applicant_type, subject, outcome, closed)
            VALUES (1, 2023, 1, '2023-02-01', 'natural_person', '旧申请', 'granted', '2023-02-20');
        INSERT INTO request_personal (request_id, name, phone) VALUES (1, '张三', '13800000000');
        INSERT INTO legal_case (org_id, kind, filed) VALUES (1, 'review', '2023-06-01');
        INSERT INTO narrative (org_id, year, part, text, updated_at) VALUES (1, 2023, '一', '旧正文', '2023-12-01');
        """
    )
    if version >= 3:
        conn.execute("INSERT INTO request_pause (request_id, start_day, end_day, reason, recorded_at) VALUES (1, '2023-02-05', '2023-02-07', '征求意见', 'x')")
    conn.close()


@pytest.mark.parametrize("version", [2, 3])
def test_older_ledger_upgrades_keeping_rows_and_gets_an_identity(run, tmp_path, district, version):
    from disclosure_cli.ledger import db as dbmod
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / f"v{version}.db"
    _ledger_at(path, version)
    tables = ["item", "decision", "request", "request_personal", "legal_case", "narrative"] + (["request_pause"] if version >= 3 else [])
    old = {}
    with sqlite3.connect(path) as conn:
        for t in tables:
            old[t] = conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
    with Ledger.open(path) as led:
        uuid = led.meta("uuid")
    assert re.fullmatch(r"[0-9a-f]{32}", uuid)
    assert rows(path, "PRAGMA user_version")[0][0] == dbmod.latest_version() >= 4
    assert (tmp_path / f"v{version}.db.bak-v{version}").exists()
    with sqlite3.connect(path) as conn:
        for t in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")][: len(old[t][0])]
            assert conn.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY rowid").fetchall() == old[t], t
            assert conn.execute(f"SELECT count(*) FROM {t} WHERE origin_ledger IS NOT NULL OR origin_hash IS NOT NULL").fetchone() == (0,)
    # the identity stays put, and two ledgers never share one
    with Ledger.open(path) as led:
        assert led.meta("uuid") == uuid
    assert rows(district, "SELECT value FROM meta WHERE key = 'uuid'")[0][0] != uuid
    # and the upgraded ledger merges like any other
    res = merge(run, district, path)
    assert res.exit_code == 0, res.output
    assert rows(district, "SELECT title, count FROM item ORDER BY id") == [("旧版本的条目", 2), ("第二条", 1)]
    assert rows(district, "SELECT name FROM request_personal") == [("张三",)]
    assert merge(run, district, path).exit_code == 0
    assert rows(district, "SELECT count(*) FROM item") == [(2,)]
