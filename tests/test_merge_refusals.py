"""Every refusal of `disc merge` (disclosure_cli/ledger/merge.py): the exit code, the message, the
district ledger unchanged (sqlite3 iterdump before and after) and the unit files unchanged byte for
byte. A good unit given together with a refused one does not go in either: a merge is one transaction.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.asserts import refused
from tests.conftest import dump, rows


@pytest.fixture
def district(tmp_path):
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / "惠农区.db"
    Ledger.create(path, "惠农区").close()
    return path


@pytest.fixture
def unit(tmp_path):
    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / "南街街道.db"
    with Ledger.create(path, "南街街道") as led:
        for i in range(3):
            items.add_item(led, {"published": f"2023-04-0{i + 1}", "channel": "wechat", "category": "工作动态", "title": f"南街{i}"})
    return path


def merge(run, district, *files, extra=()):
    return run("--db", district, "merge", *map(str, files), "--format", "csv", *extra)


def unchanged(district, before, files):
    """The district ledger as it was; each unit file as it was; no journal or copy left behind."""
    assert dump(district) == before
    for f, data in files.items():
        assert f.read_bytes() == data, f
    assert sorted(p.name for p in district.parent.iterdir() if "journal" in p.name or ".bak-v" in p.name) == []
    assert rows(district, "SELECT count(*) FROM merge_source") == [(0,)]
    assert rows(district, "SELECT count(*) FROM item") == [(0,)]


def snapshot(*files):
    return {f: f.read_bytes() for f in files}


def test_a_ledger_into_itself(run, district, unit):
    before, files = dump(district), snapshot(unit)
    res = merge(run, district, unit, district)
    refused(res, f"{district} 与当前台账 {district} 是同一本台账（标识相同；可能是复制出来的文件），不能合并到自身")
    unchanged(district, before, files)


def test_a_copy_of_the_ledger_into_itself(run, district, unit, tmp_path):
    copy = tmp_path / "惠农区-副本.db"
    shutil.copyfile(district, copy)
    before, files = dump(district), snapshot(unit, copy)
    res = merge(run, district, unit, copy)
    refused(res, f"{copy} 与当前台账 {district} 是同一本台账", "不能合并到自身")
    unchanged(district, before, files)


def test_the_same_unit_twice(run, district, unit, tmp_path):
    again = tmp_path / "南街街道-副本.db"
    shutil.copyfile(unit, again)
    before, files = dump(district), snapshot(unit, again)
    res = merge(run, district, unit, again)
    refused(res, f"{again} 与 {unit} 是同一本台账（标识相同），请只给一次")
    unchanged(district, before, files)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("sqlite-no-meta", "不是 disc 台账文件（没有台账表结构）"),
        ("empty", "不是 disc 台账文件（没有台账表结构）"),
        ("text", "无法作为台账打开：不是 SQLite 数据库文件"),
    ],
)
def test_a_file_that_is_not_a_ledger(run, district, unit, tmp_path, content, said):
    other = tmp_path / "别的文件.db"
    if content == "sqlite-no-meta":
        with sqlite3.connect(other) as conn:
            conn.execute("CREATE TABLE 通讯录 (姓名 TEXT, 电话 TEXT)")
    elif content == "empty":
        other.write_bytes(b"")
    else:
        other.write_text("发布日期,渠道,类别,标题\n" * 200, encoding="utf-8")
    before, files = dump(district), snapshot(unit, other)
    res = merge(run, district, unit, other)
    refused(res, f"{other} {said}")
    unchanged(district, before, files)


def test_a_unit_ledger_of_a_newer_disc(run, district, unit, tmp_path):
    from disclosure_cli.ledger.db import latest_version

    newer = tmp_path / "北街街道.db"
    shutil.copyfile(unit, newer)
    latest = latest_version()
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE meta SET value = 'f00dfeed-0000-4000-8000-000000000001' WHERE key = 'uuid'")
        conn.execute(f"PRAGMA user_version = {latest + 1}")
    before, files = dump(district), snapshot(unit, newer)
    res = merge(run, district, unit, newer)
    refused(
        res,
        f"单位台账 {newer} 的版本（{latest + 1}）比本程序支持的版本（{latest}）新，请升级 disc 后再合并",
        code=1,  # LedgerTooNew: not an input the clerk can fix, the program is too old
    )
    unchanged(district, before, files)


def test_a_damaged_unit_ledger(run, district, unit, tmp_path):
    damaged = tmp_path / "北街街道.db"
    shutil.copyfile(unit, damaged)
    with sqlite3.connect(damaged) as conn:
        conn.execute("UPDATE meta SET value = 'f00dfeed-0000-4000-8000-000000000002' WHERE key = 'uuid'")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'item'").fetchone()[0]
    with damaged.open("r+b") as fh:  # the item table's page overwritten: the header and meta still read
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * page_size)
    before, files = dump(district), snapshot(unit, damaged)
    res = merge(run, district, unit, damaged)
    refused(res, f"{damaged} 无法作为台账读取：database disk image is malformed")
    unchanged(district, before, files)


# The tables merged are those of *this* ledger with origin columns; a table whose references cannot be
# mapped row by row (to a table not merged, to itself, in a cycle) makes the merge impossible.
UNMERGEABLE = {
    "outside": (
        "CREATE TABLE 外部表 (id INTEGER PRIMARY KEY);"
        "CREATE TABLE note_x (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES 外部表(id),"
        " origin_ledger TEXT, origin_id INTEGER, origin_hash TEXT)",
        "合并不支持表 note_x：列 ref 引用的表 外部表 不参与合并",
    ),
    "self": (
        "CREATE TABLE note_x (id INTEGER PRIMARY KEY, up INTEGER REFERENCES note_x(id),"
        " origin_ledger TEXT, origin_id INTEGER, origin_hash TEXT)",
        "合并不支持表 note_x：列 up 引用本表（自引用）",
    ),
    "cycle": (
        "CREATE TABLE a_x (id INTEGER PRIMARY KEY, b INTEGER REFERENCES b_x(id), origin_ledger TEXT, origin_id INTEGER, origin_hash TEXT);"
        "CREATE TABLE b_x (id INTEGER PRIMARY KEY, a INTEGER REFERENCES a_x(id), origin_ledger TEXT, origin_id INTEGER, origin_hash TEXT)",
        "合并无法排序：表之间循环引用（a_x → b_x → a_x）",
    ),
}


@pytest.mark.parametrize("case", sorted(UNMERGEABLE))
def test_tables_with_unmergeable_references(run, district, unit, case):
    sql, said = UNMERGEABLE[case]
    with sqlite3.connect(district) as conn:
        conn.executescript(sql)
    before, files = dump(district), snapshot(unit)
    res = merge(run, district, unit)
    refused(res, said, code=1)  # the ledger's own structure, not the clerk's input
    unchanged(district, before, files)


def test_a_district_ledger_without_an_identity(run, district, unit):
    with sqlite3.connect(district) as conn:
        conn.execute("DELETE FROM meta WHERE key = 'uuid'")
    before, files = dump(district), snapshot(unit)
    res = merge(run, district, unit)
    refused(res, f"台账 {district} 没有标识（meta uuid），无法合并", code=1)
    unchanged(district, before, files)


def test_an_unknown_conflict_policy(run, district, unit):
    before, files = dump(district), snapshot(unit)
    res = merge(run, district, unit, extra=("--on-conflict", "overwrite"))
    refused(res, "--on-conflict「overwrite」不支持，可用：report、keep、take")
    unchanged(district, before, files)


def test_no_unit_files(run, district):
    """On the command line FILE... is required (Click says so); the library says it in its own words."""
    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger.db import Ledger
    from disclosure_cli.ledger.merge import merge_ledgers

    before = dump(district)
    with Ledger.open(district) as led, pytest.raises(BadInput, match="请给出要合并的单位台账文件"):
        merge_ledgers(led, [])
    res = run("--db", district, "merge")
    assert res.exit_code == 2 and "缺少参数 FILE..." in res.stderr
    assert dump(district) == before


def test_the_good_unit_goes_in_once_the_refused_one_is_left_out(run, district, unit, tmp_path):
    """After a refusal the same good unit merges normally: the refusal left nothing half-done."""
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 500)
    before = dump(district)
    res = merge(run, district, unit, junk)
    refused(res, f"{junk} 无法作为台账打开：不是 SQLite 数据库文件")
    assert dump(district) == before
    res = merge(run, district, unit)
    assert res.exit_code == 0, res.output
    assert rows(district, "SELECT title FROM item ORDER BY id") == [("南街0",), ("南街1",), ("南街2",)]
    assert rows(district, "SELECT org FROM merge_source") == [("南街街道",)]
