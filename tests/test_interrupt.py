"""Ctrl-C tells the truth (issues 18, 19): 「未作任何改动」 only when nothing was committed; after a
commit, what was written and its number, so that nobody enters it twice."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest
import typer

from disclosure_cli.cli.common import INTERRUPTED, boundary
from disclosure_cli.ledger import db as ledger_db
from disclosure_cli.ledger.db import Ledger
from tests.conftest import DISC, count_items, dump, hears_ctrl_c, rows
from tests.terminal import pty_run

HEADER = "发布日期,渠道,类别,标题,链接,数量\n"


def _interrupted(capsys, work) -> str:
    """Run `work` inside the CLI's error boundary, as a command would; Ctrl-C arrives where it raises."""
    with pytest.raises(typer.Exit) as exit_:
        boundary(work)
    assert exit_.value.exit_code == 130
    return capsys.readouterr().err


def test_ctrl_c_at_an_add_prompt(db):
    res = pty_run(["--db", db, "add"], interrupt_after="渠道")
    assert res.code == 130, res.text
    assert INTERRUPTED in res.text and "Traceback" not in res.text
    assert count_items(db) == 0


def test_ctrl_c_before_the_commit_says_nothing_was_written(db, capsys):
    from disclosure_cli.ledger.items import add_item

    def work():
        with Ledger.open(db) as led, led.write():
            led.conn.execute(
                "INSERT INTO item (org_id, published, channel, category, title) VALUES (1, '2023-01-02', 'wechat', '工作动态', '半途')"
            )
            raise KeyboardInterrupt

    assert _interrupted(capsys, work).strip() == INTERRUPTED
    assert count_items(db) == 0
    assert add_item  # the library's add path is the one the next test interrupts after its commit


def test_ctrl_c_after_the_commit_names_what_was_written(db, capsys, tmp_path):
    """The old message said 「台账未作任何改动」 here although the row was in the ledger."""
    from disclosure_cli.ledger.importer import import_items
    from disclosure_cli.ledger.items import add_item
    from disclosure_cli.ledger.requests import add_request

    def add_then_ctrl_c():
        with Ledger.open(db) as led:
            add_item(led, {"channel": "微信", "category": "工作动态", "title": "已保存", "published": "2023-05-06"})
        raise KeyboardInterrupt  # while the command prints its answer

    said = _interrupted(capsys, add_then_ctrl_c)
    assert INTERRUPTED not in said
    assert re.search(r"中断前已写入台账：新增主动公开信息 编号 1。这些已保存，不要重复登记", said), said
    assert count_items(db) == 1

    def request_then_ctrl_c():
        with Ledger.open(db) as led:
            add_request(led, received="2024-03-04", applicant_type="自然人", subject="某小区改造规划")
        raise KeyboardInterrupt

    said = _interrupted(capsys, request_then_ctrl_c)
    assert "新增申请 2024-001" in said, said
    assert rows(db, "SELECT year, seq FROM request") == [(2024, 1)]

    f = tmp_path / "a.csv"
    f.write_text(HEADER + "".join(f"2023-01-{d:02d},微信,工作动态,条目{d},,1\n" for d in range(1, 8)), encoding="utf-8")

    def import_then_ctrl_c():
        with Ledger.open(db) as led:
            import_items(led, str(f))
        raise KeyboardInterrupt

    said = _interrupted(capsys, import_then_ctrl_c)
    assert "导入主动公开信息 7 条" in said, said
    assert count_items(db) == 8


def test_ctrl_c_during_the_commit_is_held_until_it_is_recorded(db):
    """The signal lands between COMMIT and the bookkeeping: it is delivered after both."""
    from disclosure_cli.ledger.db import uninterrupted

    before = list(ledger_db.committed)
    # Python's own handler, as in a command on a terminal (the suite may run where SIGINT is ignored)
    outer = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with uninterrupted():
                os.kill(os.getpid(), signal.SIGINT)
                ledger_db.committed.append("记下")  # still runs: the signal waits
    finally:
        signal.signal(signal.SIGINT, outer)
    assert ledger_db.committed[-1] == "记下"
    ledger_db.committed[:] = before
    # Ctrl-C ignored by the parent (a background job) stays ignored
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with uninterrupted():
            os.kill(os.getpid(), signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, old)


def _import_interrupted_after(db, big, delay: float) -> tuple[int, str]:
    proc = subprocess.Popen([*DISC, "--db", str(db), "import", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=hears_ctrl_c)
    try:
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        return proc.returncode, err.decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_ctrl_c_at_any_moment_of_an_import_tells_the_truth(db, tmp_path):
    """Ctrl-C at moments spread over an import's whole run, its last instants included: whatever
    the message says is what the ledger holds (before the fix, a Ctrl-C just after the commit said
    「未作任何改动」 over a ledger holding every row)."""
    big = tmp_path / "big.csv"
    n = 20_000
    with big.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for i in range(n):
            fh.write(f"2023-{i % 12 + 1:02d}-01,微信,工作动态,条目{i},,1\n")
    probe = tmp_path / "probe.db"
    Ledger.create(probe, "惠农区南街街道").close()
    t0 = time.monotonic()
    subprocess.run([*DISC, "--db", str(probe), "import", str(big)], check=True, capture_output=True, timeout=120)
    whole = time.monotonic() - t0
    empty = dump(db)
    for k in range(12):
        delay = whole * (0.55 + 0.05 * k)  # from mid-way to past the end of the run
        code, err = _import_interrupted_after(db, big, delay)
        assert "Traceback" not in err, err
        have = count_items(db)
        if code == 0:
            assert have == n
        else:
            assert code == 130, err
            if INTERRUPTED in err:
                assert have == 0 and dump(db) == empty, (delay, err)
            else:
                assert f"导入主动公开信息 {n} 条" in err and have == n, (delay, err)
        if have:
            db.unlink()
            Ledger.create(db, "惠农区南街街道").close()
            empty = dump(db)
