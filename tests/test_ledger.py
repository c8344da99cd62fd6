"""The ledger file: where it is found, init, migrations and upgrades, constraints in the schema."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from disclosure_cli.errors import DiscError
from disclosure_cli.ledger import db as dbmod
from tests.asserts import refused
from tests.conftest import count_items, dump, rows


def test_init_creates_ledger_with_defaults(run, tmp_path):
    res = run("--db", tmp_path / "a.db", "init", "--org", "惠农区南街街道")
    assert res.exit_code == 0, res.output
    assert rows(tmp_path / "a.db", "SELECT name FROM org") == [("惠农区南街街道",)]
    assert [r[0] for r in rows(tmp_path / "a.db", "SELECT code FROM channel ORDER BY position")] == ["portal", "wechat", "board"]
    assert rows(tmp_path / "a.db", "PRAGMA user_version")[0][0] == dbmod.latest_version()


def test_init_refuses_to_overwrite(run, db):
    before = dump(db)
    res = run("--db", db, "init", "--org", "别的单位")
    refused(res, f"台账文件 {db} 已存在，不会覆盖")
    assert dump(db) == before


def test_missing_ledger_says_how_to_create_and_creates_nothing(run, tmp_path):
    res = run("--db", tmp_path / "nope.db", "list")
    refused(res, "找不到台账文件", "nope.db", "请先创建：disc init --org 单位名称")
    assert not (tmp_path / "nope.db").exists()


def test_db_option_before_or_after_command_and_env(run, db, monkeypatch):
    assert run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "甲", "-d", "2023-01-02").exit_code == 0
    assert run("add", "--db", db, "-c", "微信", "-k", "工作动态", "-t", "乙", "-d", "2023-01-02").exit_code == 0
    monkeypatch.setenv("DISC_DB", str(db))
    assert run("add", "-c", "微信", "-k", "工作动态", "-t", "丙", "-d", "2023-01-02").exit_code == 0
    assert count_items(db) == 3


def test_default_file_in_current_directory(run, tmp_path):
    assert run("init", "--org", "某街道").exit_code == 0
    assert (tmp_path / "disclosure.db").exists()


def test_newer_ledger_is_refused_untouched(run, db):
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = db.read_bytes()
    res = run("--db", db, "list")
    assert res.exit_code == 1
    assert "新" in res.output and "升级" in res.output
    assert db.read_bytes() == before


def _first_migration_ledger(path):
    """A ledger as the first release made it: migration 0001 only, with data in it."""
    conn = sqlite3.connect(path)
    m1 = dbmod.list_migrations()[0]
    for stmt in m1.statements():
        conn.execute(stmt)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO meta VALUES ('org', '老街道')")
    conn.execute("INSERT INTO org (name) VALUES ('老街道')")
    conn.execute("INSERT INTO channel (code, label, aliases, position) VALUES ('portal', '政府网站', '网站', 0)")
    conn.execute("INSERT INTO category (name) VALUES ('工作动态')")
    for i in range(50):
        conn.execute(
            "INSERT INTO item (org_id, published, channel, category, title, count) VALUES (1, '2022-03-01', 'portal', '工作动态', ?, 1)",
            (f"旧条目{i}",),
        )
    conn.execute("INSERT INTO change_log (at, clerk, action, entity) VALUES ('2022-03-01T00:00:00', 'x', 'init', 'ledger')")
    conn.commit()
    conn.close()


def test_upgrade_from_first_migration_keeps_every_row_and_backs_up(run, tmp_path):
    path = tmp_path / "old.db"
    _first_migration_ledger(path)
    before = rows(path, "SELECT id, title, published FROM item ORDER BY id")
    res = run("--db", path, "stats", "--year", "2022", "--table", "items", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert "2022,老街道,items,portal,total,50" in res.stdout
    assert rows(path, "PRAGMA user_version")[0][0] == dbmod.latest_version()
    assert rows(path, "SELECT id, title, published FROM item ORDER BY id") == before
    backup = tmp_path / "old.db.bak-v1"
    assert backup.exists()
    assert rows(backup, "PRAGMA user_version")[0][0] == 1
    assert rows(backup, "SELECT count(*) FROM item")[0][0] == 50


def test_each_migration_is_one_transaction(tmp_path, monkeypatch):
    """A migration that fails halfway leaves the file at the previous version, with nothing half-applied."""
    path = tmp_path / "old.db"
    _first_migration_ledger(path)
    mig_dir = tmp_path / "migs"
    shutil.copytree(dbmod.migrations_dir(), mig_dir)
    broken = sorted(mig_dir.glob("0002_*.sql"))[0]
    broken.write_text(broken.read_text(encoding="utf-8") + "\nCREATE TABLE document (x);\n", encoding="utf-8")
    monkeypatch.setattr(dbmod, "migrations_dir", lambda: mig_dir)
    with pytest.raises(DiscError, match="升级台账"):
        dbmod.Ledger.open(path)
    assert rows(path, "PRAGMA user_version")[0][0] == 1
    assert rows(path, "SELECT count(*) FROM sqlite_master WHERE name = 'decision'")[0][0] == 0


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO item (org_id, published, channel, category, title) VALUES (1, '2023-02-30', 'portal', '工作动态', 't')",
        "INSERT INTO item (org_id, published, channel, category, title) VALUES (1, '2023/02/03', 'portal', '工作动态', 't')",
        "INSERT INTO item (org_id, published, channel, category, title) VALUES (1, '2023-02-03', 'weibo', '工作动态', 't')",
        "INSERT INTO item (org_id, published, channel, category, title) VALUES (1, '2023-02-03', 'portal', '工作动态', '  ')",
        "INSERT INTO item (org_id, published, channel, category, title, count) VALUES (1, '2023-02-03', 'portal', '工作动态', 't', 0)",
        "INSERT INTO item (org_id, published, channel, category, title) VALUES (1, '2023-02-03', 'portal', '不存在的类别', 't')",
        "DELETE FROM item",
        "DELETE FROM change_log",
    ],
)
def test_schema_itself_enforces_constraints(ledger, sql):
    ledger.conn.execute(
        "INSERT INTO item (org_id, published, channel, category, title) VALUES (1, '2023-01-01', 'portal', '工作动态', '好的')"
    )
    with pytest.raises(sqlite3.IntegrityError):
        ledger.conn.execute(sql)


def test_not_a_ledger(run, tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE x (y)")
    res = run("--db", other, "list")
    refused(res, f"{other} 不是 disc 台账文件（没有台账表结构）")
