"""disc merge never writes its input files (issue 9, item 5): a unit ledger at an older schema is read
from an upgraded temporary copy, its bytes unchanged and no backup left beside it; a ledger older
than ledger identities is refused with what to do; an input on read-only media merges."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.asserts import refused
from tests.conftest import dump, rows
from tests.test_merge import _ledger_at, data_dump


@pytest.fixture
def district(tmp_path):
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / "惠农区.db"
    Ledger.create(path, "惠农区").close()
    return path


def merge(run, district, *files, extra=()):
    return run("--db", district, "merge", *files, "--format", "csv", *extra)


@pytest.fixture(params=["attach", "copy"])
def reading(request, monkeypatch):
    """Both ways an input is read: attached read-only in place, or copied first (an SQLite without
    URI file names)."""
    from disclosure_cli.ledger import merge as merging

    monkeypatch.setattr(merging, "_URI_NAMES", {} if request.param == "attach" else {"ok": False})
    return request.param


@contextmanager
def read_only_media(folder: Path):
    """The folder and its files cannot be written, not even by root (CI runs as root): chmod for
    other users, the immutable attribute for root. Skips where neither is possible."""
    files = [p for p in folder.iterdir() if p.is_file()]
    if os.geteuid() != 0:
        for p in files:
            p.chmod(0o444)
        folder.chmod(0o555)
        undo = lambda: (folder.chmod(0o755), [p.chmod(0o644) for p in files])  # noqa: E731
    else:
        flags = [str(p) for p in files] + [str(folder)]
        try:
            subprocess.run(["chattr", "+i", *flags], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            pytest.skip("cannot make a read-only folder here (root without chattr +i)")
        undo = lambda: subprocess.run(["chattr", "-i", *flags], check=False, capture_output=True)  # noqa: E731
    try:
        try:
            (folder / "probe").write_bytes(b"x")
        except OSError:
            pass
        else:
            (folder / "probe").unlink()
            pytest.skip("the folder is still writable")
        yield
    finally:
        undo()


def unit_ledger(path: Path, org: str, n: int = 3) -> Path:
    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger

    with Ledger.create(path, org) as led:
        for i in range(n):
            items.add_item(led, {"published": f"2023-04-0{i + 1}", "channel": "wechat", "category": "工作动态", "title": f"{org}{i}"})
    return path


# --------------------------------------------------------------------------- older schemas
def test_older_unit_ledger_is_read_from_a_copy_and_left_byte_for_byte(run, tmp_path, district, reading):
    from disclosure_cli.ledger import db as dbmod

    folder = tmp_path / "units"
    folder.mkdir()
    old = folder / "北街街道.db"
    _ledger_at(old, 4)  # has an identity (0004) but not the newer tables
    assert dbmod.latest_version() > 4
    before = old.read_bytes()
    res = merge(run, district, old)
    assert res.exit_code == 0, res.output
    assert old.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["北街街道.db"]  # no backup, no journal beside it
    assert rows(old, "PRAGMA user_version") == [(4,)]
    assert rows(district, "SELECT title, count FROM item ORDER BY id") == [("旧版本的条目", 2), ("第二条", 1)]
    assert rows(district, "SELECT name FROM request_personal") == [("张三",)]
    assert rows(district, "SELECT start_day FROM request_pause") == [("2023-02-05",)]
    # the identity is the file's own, so a second merge finds every record again
    uuid = rows(old, "SELECT value FROM meta WHERE key = 'uuid'")[0][0]
    assert rows(district, "SELECT DISTINCT origin_ledger FROM item") == [(uuid,)]
    before_district = data_dump(district)
    res = merge(run, district, old)
    assert res.exit_code == 0 and "新增 0，更新 0" in res.stderr
    assert old.read_bytes() == before
    assert data_dump(district) == before_district


@pytest.mark.parametrize("version", [2, 3])
def test_ledger_older_than_identities_is_refused_untouched(run, tmp_path, district, version):
    old = tmp_path / f"v{version}.db"
    _ledger_at(old, version)
    before, before_district = old.read_bytes(), dump(district)
    res = merge(run, district, unit_ledger(tmp_path / "南街街道.db", "南街街道"), old)
    refused(res, f"是旧版本（第 {version} 版）的台账，还没有台账标识", "请该单位先用新版 disc 打开一次（如 disc --db 该文件 org list")
    assert dump(district) == before_district
    assert old.read_bytes() == before
    assert not list(tmp_path.glob("*.bak-v*"))
    assert dump(district) == before_district  # nothing of the other unit either: one transaction


def test_inputs_at_the_current_schema_are_not_written_either(run, tmp_path, district, reading):
    a = unit_ledger(tmp_path / "南街街道.db", "南街街道")
    b = unit_ledger(tmp_path / "北街街道.db", "北街街道")
    before = {p: p.read_bytes() for p in (a, b)}
    mtimes = {p: p.stat().st_mtime_ns for p in (a, b)}
    assert merge(run, district, a, b).exit_code == 0
    assert merge(run, district, a, b, extra=("--dry-run",)).exit_code == 0
    for p in (a, b):
        assert p.read_bytes() == before[p] and p.stat().st_mtime_ns == mtimes[p]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("南街", "北街"))) == ["北街街道.db", "南街街道.db"]
    assert rows(district, "SELECT count(*) FROM item") == [(6,)]


# --------------------------------------------------------------------------- read-only media
def test_unit_ledgers_on_read_only_media_merge(run, tmp_path, district, reading):
    media = tmp_path / "光盘"
    media.mkdir()
    unit_ledger(media / "南街街道.db", "南街街道")
    _ledger_at(media / "北街街道.db", 4)
    before = {p.name: p.read_bytes() for p in media.iterdir()}
    with read_only_media(media):
        res = merge(run, district, media / "南街街道.db", media / "北街街道.db")
        assert res.exit_code == 0, res.output
        again = merge(run, district, media / "南街街道.db", media / "北街街道.db")
        assert again.exit_code == 0 and again.stderr.count("新增 0，更新 0") == 2
    assert {p.name: p.read_bytes() for p in media.iterdir()} == before
    assert rows(district, "SELECT o.name, count(*) FROM item i JOIN org o ON o.id = i.org_id GROUP BY o.name ORDER BY o.name") == [
        ("北街街道", 2), ("南街街道", 3),
    ]  # fmt: skip


def test_a_copy_of_a_unit_with_a_blob_value_merges_and_compares(run, tmp_path, district):
    """Only another tool writes a BLOB into a ledger; the merge still moves and compares it."""
    import sqlite3

    unit = unit_ledger(tmp_path / "南街街道.db", "南街街道")
    with sqlite3.connect(unit) as conn:
        conn.execute("UPDATE item SET note = X'00ff10' WHERE id = 2")
    assert merge(run, district, unit).exit_code == 0
    assert rows(district, "SELECT note FROM item WHERE origin_id = 2") == [(b"\x00\xff\x10",)]
    res = merge(run, district, unit)
    assert res.exit_code == 0 and "新增 0，更新 0，未变 3" in res.stderr
    with sqlite3.connect(unit) as conn:
        conn.execute("UPDATE item SET note = X'01' WHERE id = 2")
    res = merge(run, district, unit)
    assert res.exit_code == 0 and "更新 1" in res.stderr
    assert rows(district, "SELECT note FROM item WHERE origin_id = 2") == [(b"\x01",)]


def test_junk_and_folders_are_refused(run, tmp_path, district):
    folder = tmp_path / "一个文件夹.db"
    folder.mkdir()
    res = merge(run, district, folder)
    before = dump(district)
    refused(res, f"{folder} 不是文件，请给出单位台账文件（.db）")
    shutil.copyfile(district, tmp_path / "copy.db")
    res = merge(run, district, tmp_path / "copy.db")
    refused(res, "copy.db 与当前台账", "是同一本台账（标识相同；可能是复制出来的文件），不能合并到自身")
    assert dump(district) == before


def test_unit_table_missing_a_column_is_refused_whole(run, tmp_path, district):
    """A unit file changed by another tool (a column dropped): named, nothing merged."""
    import sqlite3

    good = unit_ledger(tmp_path / "南街街道.db", "南街街道")
    odd = unit_ledger(tmp_path / "北街街道.db", "北街街道")
    with sqlite3.connect(odd) as conn:
        conn.execute("ALTER TABLE item DROP COLUMN note")
    before = dump(district)
    res = merge(run, district, good, odd)
    assert res.exit_code == 1 and "缺少列 note" in res.stderr
    assert dump(district) == before
