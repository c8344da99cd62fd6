"""What a SQLite error means for the clerk: `ledger.db.sqlite_error()` called with each kind of error,
and the same errors really happening under the CLI's error boundary (cli.common.boundary): a write
to a ledger SQLite opened read-only, a full disk, a file-size limit (SQLite's disk I/O error), a
damaged file. Each: the exit code, the message, no traceback, and the ledger unchanged.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from disclosure_cli.errors import BadInput, DiscError
from tests.asserts import refused
from tests.conftest import DISC, dump

DAMAGED = "：为免损坏扩大，disc 不再读写它。请用您最近的备份副本替换它，或请技术人员用 sqlite3 的 .recover 命令抢救数据"
ADD = ["add", "-c", "微信", "-k", "工作动态", "-t", "社区开展志愿服务", "-d", "2023-05-06"]


# --------------------------------------------------------------------------- sqlite_error() itself
def real_errors(tmp_path: Path) -> dict[str, sqlite3.Error]:
    """The errors SQLite itself raises, each provoked for real."""
    out: dict[str, sqlite3.Error] = {}
    db = tmp_path / "x.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO t VALUES (1)")
    conn = sqlite3.connect(db)
    try:
        conn.execute("INSERT INTO t VALUES (1)")
    except sqlite3.Error as e:
        out["integrity"] = e
    try:
        conn.execute("SELECT * FROM item_total")
    except sqlite3.Error as e:
        out["no such table"] = e
    conn.close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as e:
        out["locked"] = e
    finally:
        other.close()
        holder.execute("ROLLBACK")
        holder.close()
    ro = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        ro.execute("INSERT INTO t VALUES (2)")
    except sqlite3.Error as e:
        out["readonly"] = e
    finally:
        ro.close()
    text = tmp_path / "text.db"
    text.write_text("这不是数据库" * 200, encoding="utf-8")
    junk = sqlite3.connect(text)
    try:
        junk.execute("SELECT * FROM sqlite_master")
    except sqlite3.Error as e:
        out["not a database"] = e
    finally:
        junk.close()
    try:
        sqlite3.connect(tmp_path / "没有这个文件夹" / "x.db")
    except sqlite3.Error as e:
        out["unable to open"] = e
    damaged = tmp_path / "damaged.db"
    with sqlite3.connect(damaged) as conn:
        conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
        conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, "x" * 200) for i in range(200)])
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 't'").fetchone()[0]
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    with damaged.open("r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(b"\xff" * page)
    conn = sqlite3.connect(damaged)
    try:
        conn.execute("SELECT count(*) FROM t").fetchall()
    except sqlite3.Error as e:
        out["malformed"] = e
    finally:
        conn.close()
    assert sorted(out) == sorted(
        ["integrity", "no such table", "locked", "readonly", "not a database", "unable to open", "malformed"]
    ), out
    # These two need a full disk or a failing device; the texts are SQLite's own (sqlite3_errstr), and
    # the CLI tests below make SQLite raise them for real in a subprocess.
    out["full"] = sqlite3.OperationalError("database or disk is full")
    out["i/o"] = sqlite3.OperationalError("disk I/O error")
    out["other"] = sqlite3.OperationalError("too many SQL variables")
    return out


def test_each_kind_of_sqlite_error_gets_its_message_and_exit_code(tmp_path):
    from disclosure_cli.ledger.db import sqlite_error

    errors = real_errors(tmp_path)
    where = tmp_path / "台账.db"
    expected = {
        "integrity": (BadInput, 2, f"台账拒绝了这项写入（不符合台账的约束：{errors['integrity']}），台账未作任何改动"),
        "locked": (DiscError, 1, f"另一个 disc（或其他程序，如正在进行的导入）正在写入台账 {where}，等待 30 秒后仍未结束：台账没有损坏，请等对方完成后再试，本次操作未写入任何内容"),
        "readonly": (DiscError, 1, f"台账文件 {where} 是只读的（文件或其所在文件夹不可写），不能写入；请把它复制到可写的位置，或请管理员开放写权限"),
        "full": (DiscError, 1, f"磁盘已满：台账 {where} 的本次写入已全部撤销，未作任何改动。请腾出空间后重试"),
        "malformed": (DiscError, 1, f"台账文件 {where} 已损坏（SQLite 报告：database disk image is malformed）{DAMAGED}"),
        "not a database": (DiscError, 1, f"台账文件 {where} 已损坏（SQLite 报告：file is not a database）{DAMAGED}"),
        "no such table": (DiscError, 1, f"台账文件 {where} 的结构不完整（no such table: item_total）：它可能被其他工具改动过。请用备份替换，或联系技术人员"),
        "unable to open": (DiscError, 1, f"无法打开台账文件 {where}（所在文件夹不存在或没有权限）"),
        "i/o": (DiscError, 1, f"读写台账文件 {where} 时发生磁盘错误（disk I/O error，常见原因：磁盘已满、超出配额或文件大小限制）；本次写入已撤销，台账未作改动"),
        "other": (DiscError, 1, f"台账 {where} 出错：too many SQL variables"),
    }
    assert sorted(expected) == sorted(errors)
    for kind, (cls, code, said) in expected.items():
        mapped = sqlite_error(errors[kind], where)
        assert type(mapped) is cls, (kind, type(mapped))
        assert mapped.exit_code == code, kind
        assert str(mapped) == said, kind


def test_a_damaged_file_names_the_backup_beside_it(tmp_path):
    from disclosure_cli.ledger.db import sqlite_error

    where = tmp_path / "台账.db"
    (tmp_path / "台账.db.bak-v6").write_bytes(b"")
    mapped = sqlite_error(sqlite3.DatabaseError("database disk image is malformed"), where)
    assert str(mapped).endswith(f"请用备份替换它（同一文件夹下有 {tmp_path / '台账.db.bak-v6'}），或请技术人员用 sqlite3 的 .recover 命令抢救数据")


def test_without_a_path_the_message_still_reads_well(tmp_path, monkeypatch):
    """No ledger opened yet (current_path None): the messages say 「台账」 once, as corrupt_message does
    (「台账文件已损坏」), never 「台账 台账」 or 「台账文件 台账」."""
    from disclosure_cli.ledger import db as ledger_db

    monkeypatch.setattr(ledger_db, "current_path", None)
    doubled = {}
    for kind, error in real_errors(tmp_path).items():
        text = str(ledger_db.sqlite_error(error))
        if "台账 台账" in text or "台账文件 台账" in text or "台账台账" in text:
            doubled[kind] = text
    assert doubled == {}


# --------------------------------------------------------------------------- the same, for real, under the CLI
def test_a_write_through_a_read_only_opening_is_named(db):
    """The read-only opening path: SQLite's mode=ro connection under a Ledger that tries to write."""
    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger, connect

    before = dump(db)
    led = Ledger(connect(db, readonly=True), db, "测试员")
    try:
        with pytest.raises(DiscError) as err:
            items.add_item(led, {"published": "2023-05-06", "channel": "wechat", "category": "工作动态", "title": "x"})
    finally:
        led.close()
    assert err.value.exit_code == 1
    assert str(err.value) == f"台账文件 {db} 是只读的（文件或其所在文件夹不可写），不能写入；请把它复制到可写的位置，或请管理员开放写权限"
    assert dump(db) == before
    # opened read-only on purpose, the ledger refuses before SQLite is asked
    with Ledger.open(db, readonly=True) as led, pytest.raises(DiscError, match="是只读打开的"):
        items.add_item(led, {"published": "2023-05-06", "channel": "wechat", "category": "工作动态", "title": "x"})
    assert dump(db) == before


@pytest.fixture
def immutable(db):
    """The ledger file cannot be written, not even by root (chattr +i); skipped where that is impossible."""
    if os.geteuid() != 0:
        db.chmod(0o444)
        yield db
        db.chmod(0o644)
        return
    got = subprocess.run(["chattr", "+i", str(db)], capture_output=True)
    if got.returncode != 0:
        pytest.skip(f"running as root without chattr +i here: {got.stderr.decode(errors='replace').strip()}")
    try:
        yield db
    finally:
        subprocess.run(["chattr", "-i", str(db)], capture_output=True)


def test_cli_write_to_a_file_sqlite_cannot_write(run, immutable, monkeypatch):
    """os.access says writable (as on some network shares), SQLite finds it is not: its readonly error
    becomes the message and exit 1, not a traceback."""
    db = immutable
    before = db.read_bytes()
    monkeypatch.setattr(os, "access", lambda *a, **k: True)
    res = run("--db", db, *ADD)
    refused(res, f"台账文件 {db} 是只读的（文件或其所在文件夹不可写），不能写入", code=1)
    assert res.stdout == ""
    assert db.read_bytes() == before


def test_cli_write_to_an_immutable_file_is_refused_before_sqlite(run, immutable):
    db = immutable
    before = db.read_bytes()
    res = run("--db", db, *ADD)
    refused(res, f"台账文件 {db} 是只读打开的", "请把它复制到可写的位置后再操作", code=1)
    assert db.read_bytes() == before


def big_csv(path: Path, n: int = 3000) -> Path:
    lines = ["发布日期,渠道,类别,标题,数量"] + [f"2023-05-06,微信,工作动态,第{i}条{'长标题' * 30},1" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def disc(*args, preexec_fn=None):
    res = subprocess.run([*DISC, *map(str, args)], capture_output=True, text=True, preexec_fn=preexec_fn, timeout=120)
    return res


def test_cli_write_past_the_file_size_limit_is_a_disk_error_and_undone(db, tmp_path):
    """RLIMIT_FSIZE: the file cannot grow. SQLite reports a disk I/O error (not SQLITE_FULL: the
    write fails with EFBIG, not ENOSPC); the import is rolled back whole."""
    import resource

    csv = big_csv(tmp_path / "台账.csv")
    size = db.stat().st_size
    before = dump(db)

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    res = disc("--db", db, "import", csv, preexec_fn=limit)
    refused(res, f"读写台账文件 {db} 时发生磁盘错误（disk I/O error，常见原因：磁盘已满、超出配额或文件大小限制）；本次写入已撤销，台账未作改动", code=1)
    assert res.stdout == ""
    assert dump(db) == before
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name)) == [db.name]  # no journal left


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB tmpfs: a real full disk (ENOSPC). Needs root with mount permission; skipped otherwise."""
    where = tmp_path / "小磁盘"
    where.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    got = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True)
    if got.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {got.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_cli_write_to_a_full_disk_is_named_and_undone(db, tmp_path, tiny_disk):
    p = tiny_disk / "台账.db"
    shutil.copyfile(db, p)
    before = dump(p)
    csv = big_csv(tmp_path / "台账.csv")
    filler = tiny_disk / "filler"
    with pytest.raises(OSError), filler.open("wb") as fh:  # fill the disk to the last block
        while True:
            fh.write(b"\0" * 4096)
            fh.flush()
    res = disc("--db", p, "import", csv)
    refused(res, f"磁盘已满：台账 {p} 的本次写入已全部撤销，未作任何改动。请腾出空间后重试", code=1)
    filler.unlink()
    assert dump(p) == before
    assert sorted(x.name for x in tiny_disk.iterdir()) == ["台账.db"]


def test_cli_damage_found_while_running_is_named(run, db):
    """A ledger checked sound once (stamped) and damaged later without its size or time changing: the
    damage shows when a command reads the page, and the boundary names it."""
    for i in range(300):
        assert run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", f"第{i}条{'长标题' * 20}", "-d", "2023-05-06").exit_code == 0
    with sqlite3.connect(db) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'item'").fetchone()[0]
    st = db.stat()
    with db.open("r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(b"\xff" * page)
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns))
    damaged = db.read_bytes()
    for command in (["list", "--format", "csv"], ADD):
        res = run("--db", db, *command)
        refused(res, f"台账文件 {db} 已损坏（SQLite 报告：database disk image is malformed）", "请用您最近的备份副本替换它", code=1)
        assert res.stdout == ""
        assert db.read_bytes() == damaged
