"""Issue 9: nothing lost, no traceback. One test per class of bad input or fault, each with real
files in tmp_path, the exit code, the message, and the ledger unchanged byte for byte or row for row.

Faults that need a real process (an encoding, Ctrl-C, a full disk, a read-only file under root) run
`python -m disclosure_cli` in a subprocess; the rest go through the CLI in-process.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import DISC, ROOT, SAMPLE_SOURCE, count_items, dump, rows
from tests.terminal import pty_run

PY = sys.executable


def disc(*args, env=None, input=None, preexec_fn=None, cwd=None, user=None, group=None, timeout=60):
    """disc in a new process; stdout/stderr as bytes and as text."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PYTHONIOENCODING", None) if "PYTHONIOENCODING" not in (env or {}) else None
    kw = {}
    if user is not None:
        kw.update(user=user, group=group, extra_groups=[])
    res = subprocess.run(
        [*DISC, *map(str, args)],
        capture_output=True,
        input=input,
        env=full_env,
        preexec_fn=preexec_fn,
        cwd=cwd,
        timeout=timeout,
        **kw,
    )
    res.out = res.stdout.decode("utf-8", "replace")
    res.err = res.stderr.decode("utf-8", "replace")
    return res


def no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text, text


def file_limit(nbytes: int):
    """A full disk, as the process sees it: no file may grow past nbytes (EFBIG instead of a signal)."""
    import resource

    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))

    return apply


@pytest.fixture
def sample(tmp_path) -> Path:
    p = tmp_path / "sample.db"
    shutil.copyfile(SAMPLE_SOURCE, p)
    return p


def add_item(run, db, title="社区开展志愿服务", day="2023-05-06", **kw):
    args = ["--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", title, "-d", day]
    for k, v in kw.items():
        args += [f"--{k}", v]
    res = run(*args)
    assert res.exit_code == 0, res.output
    return int(res.stdout)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# =========================================================================== 1. output never destroys input
@pytest.mark.parametrize(
    "command",
    [
        ["list", "--format", "csv"],
        ["export"],
        ["stats", "--year", "2023", "--format", "csv"],
        ["report", "--year", "2023", "--format", "txt"],
        ["report", "--year", "2023", "--format", "docx"],
    ],
)
def test_output_refuses_the_open_ledger_however_spelt(run, sample, tmp_path, command):
    before = sample.read_bytes()
    link = tmp_path / "link.db"
    link.symlink_to(sample)
    for target in (sample, Path(os.path.relpath(sample)), sample.resolve(), link):
        res = run("--db", sample, *command, "-o", target)
        assert res.exit_code == 2, res.output
        assert "不会覆盖" in res.stderr
    assert sample.read_bytes() == before


def test_output_refuses_any_sqlite_file_and_any_input(run, sample, db, tmp_path):
    other = tmp_path / "other.sqlite"  # another ledger, whatever its name
    shutil.copyfile(db, other)
    res = run("--db", sample, "list", "--format", "csv", "-o", other)
    assert res.exit_code == 2 and "SQLite" in res.stderr
    assert dump(other) == dump(db)
    doc = write(tmp_path / "report.txt", "某街道2023年政府信息公开工作年度报告\n一、总体情况\n")
    text = doc.read_bytes()
    res = run("lint", "--extract", doc, "--format", "csv", "-o", doc)
    assert res.exit_code == 2 and "就是本命令读取的文件" in res.stderr
    assert doc.read_bytes() == text


def test_output_to_a_missing_folder_or_a_folder(run, sample, tmp_path):
    res = run("--db", sample, "list", "--format", "csv", "-o", tmp_path / "没有这个文件夹" / "x.csv")
    assert res.exit_code == 2 and "不存在" in res.stderr
    res = run("--db", sample, "list", "--format", "csv", "-o", tmp_path)
    assert res.exit_code == 2 and "文件夹" in res.stderr


def test_full_disk_leaves_neither_a_partial_file_nor_a_damaged_old_one(sample, tmp_path):
    target = tmp_path / "年报.docx"
    target.write_bytes(b"the old report, kept")
    res = disc("--db", sample, "report", "--year", "2023", "--format", "docx", "-o", target, preexec_fn=file_limit(8000))
    assert res.returncode == 1, res.err
    assert "无法写入" in res.err and "没有留下不完整的文件" in res.err
    no_traceback(res.err)
    assert target.read_bytes() == b"the old report, kept"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".disc-state") == ["sample.db", "年报.docx"]  # no temp file
    # and the same for a write to the ledger itself: rolled back, the file as it was
    before = sample.read_bytes()
    res = disc("--db", sample, "add", "-c", "微信", "-k", "工作动态", "-t", "长" * 15000, "-d", "2023-05-06",
               preexec_fn=file_limit(len(before)))
    assert res.returncode == 1 and "撤销" in res.err, res.err
    no_traceback(res.err)
    assert sample.read_bytes() == before


def test_output_file_is_written_whole_with_the_usual_mode(run, sample, tmp_path):
    out = tmp_path / "list.csv"
    assert run("--db", sample, "list", "--format", "csv", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("id,published,channel")
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


# =========================================================================== 2. import never alters a row silently
HEAD = "published,channel,category,title\n"


def test_unclosed_quote_is_an_error_naming_the_line_where_it_opened(run, db, tmp_path):
    f = write(tmp_path / "q.csv", HEAD + '2023-05-06,微信,工作动态,"开头引号没闭合\n'
              "2023-05-07,微信,工作动态,第二条\n2023-05-08,微信,工作动态,\"第三条\"\n")
    before = dump(db)
    for extra in (["--dry-run"], []):
        res = run("--db", db, "import", f, *extra)
        assert res.exit_code == 2, res.output
        assert "第 2 行：引号没有配对" in res.stderr and "第 4 行" in res.stderr and "吞并了 2 行" in res.stderr
    assert dump(db) == before
    # a quote opened and never closed at all
    write(f, HEAD + '2023-05-06,微信,工作动态,"到文件末尾也没闭合\n2023-05-07,微信,工作动态,第二条\n')
    res = run("--db", db, "import", f)
    assert res.exit_code == 2 and "第 2 行" in res.stderr and "文件末尾" in res.stderr
    assert dump(db) == before


def test_quotes_inside_a_field_are_kept_as_written(run, db, tmp_path):
    f = write(tmp_path / "q.csv", HEAD + '2023-05-06,微信,工作动态,"双减"政策解读\n'
              '2023-05-07,微信,工作动态,中间有"引号"的标题\n2023-05-08,微信,工作动态,"正规的, 带逗号"\n'
              '2023-05-09,微信,工作动态,"单元格中\n换行（Alt+Enter）"\n')
    assert run("--db", db, "import", f).exit_code == 0
    assert [r[0] for r in rows(db, "SELECT title FROM item ORDER BY id")] == [
        '"双减"政策解读', '中间有"引号"的标题', "正规的, 带逗号", "单元格中\n换行（Alt+Enter）",
    ]


def test_two_headers_meaning_one_field_name_both(run, db, tmp_path):
    for header, a, b in (("发布日期,日期,渠道,类别,标题", "发布日期", "日期"), ("published,channel,category,标题,title", "标题", "title")):
        f = write(tmp_path / "h.csv", header + "\n2023-05-06,2023-05-06,微信,工作动态,x\n")
        res = run("--db", db, "import", f)
        assert res.exit_code == 2 and f"「{a}」和「{b}」" in res.stderr, res.stderr
    assert count_items(db) == 0


def test_the_shapes_clerks_files_really_have(run, db, tmp_path):
    # a title row above the header, blank lines, trailing empty columns (Excel keeps the commas)
    f = write(tmp_path / "t.csv", "2023年主动公开台账,,,,\n\npublished,channel,category,title,,\n"
              "2023-05-06,微信,工作动态,第一条,,\n\n2023-05-07,公示栏,工作动态,第二条,,\n,,,,,\n")
    res = run("--db", db, "import", f)
    assert res.exit_code == 0, res.output
    # JSON lines whose optional keys vary from record to record
    j = write(tmp_path / "v.jsonl", json.dumps({"published": "2023-06-01", "channel": "微信", "category": "工作动态", "title": "甲"},
                                              ensure_ascii=False) + "\n"
              + json.dumps({"发布日期": "2023-06-02", "渠道": "网站", "类别": "工作动态", "标题": "乙", "数量": 3, "备注": "有备注"},
                           ensure_ascii=False) + "\n")
    assert run("--db", db, "import", j).exit_code == 0
    assert rows(db, "SELECT title, channel, count, note FROM item ORDER BY id") == [
        ("第一条", "wechat", 1, None), ("第二条", "board", 1, None), ("甲", "wechat", 1, None), ("乙", "portal", 3, "有备注"),
    ]


def test_sheet_on_a_csv_is_an_error(run, db, tmp_path):
    f = write(tmp_path / "a.csv", HEAD + "2023-05-06,微信,工作动态,x\n")
    res = run("--db", db, "import", f, "--sheet", "2023年")
    assert res.exit_code == 2 and "--sheet 只适用于" in res.stderr
    assert count_items(db) == 0


def test_xlsx_formula_without_a_stored_value_names_the_cell(run, db, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["发布日期", "渠道", "类别", "标题", "数量"])
    ws.append(["2023-05-06", "微信", "工作动态", "公示", "=1+2"])
    wb.save(tmp_path / "f.xlsx")
    res = run("--db", db, "import", tmp_path / "f.xlsx")
    assert res.exit_code == 2 and "单元格 E2 是公式" in res.stderr
    assert count_items(db) == 0


def test_new_categories_are_listed_once_or_added(run, db, tmp_path):
    body = "".join(f"2023-05-{d:02d},微信,{cat},第{d}条\n" for d, cat in enumerate(["乡村振兴"] * 5 + ["疫情防控"] * 5, 1))
    f = write(tmp_path / "c.csv", HEAD + body)
    res = run("--db", db, "import", f)
    assert res.exit_code == 2
    assert res.stderr.count("乡村振兴") == 1 and "疫情防控" in res.stderr and "--add-categories" in res.stderr
    assert "第 1 行" not in res.stderr  # not one error per row
    assert count_items(db) == 0
    assert run("--db", db, "import", f, "--add-categories").exit_code == 0
    assert count_items(db) == 10
    assert {"乡村振兴", "疫情防控"} <= {r[0] for r in rows(db, "SELECT name FROM category")}


# =========================================================================== 3. importing is idempotent
def test_importing_an_export_of_the_same_ledger_adds_nothing(run, sample, tmp_path):
    totals = dump(sample)
    for fmt in ("csv", "jsonl", "json"):
        out = tmp_path / f"e.{fmt}"
        assert run("--db", sample, "export", "--excel" if fmt == "csv" else "--format", *([] if fmt == "csv" else [fmt]),
                   "-o", out).exit_code == 0
        res = run("--db", sample, "import", out, "--dry-run")
        assert res.exit_code == 0 and "473 行是本台账导出的" in res.stderr and "将跳过" in res.stderr
        res = run("--db", sample, "import", out)
        assert res.exit_code == 0 and "已导入：0 行" in res.stderr
    stats = run("--db", sample, "stats", "--year", "2023", "--table", "items", "--format", "csv").stdout
    assert "items,total,total,485" in stats
    assert [line for line in dump(sample) if not line.startswith('INSERT INTO "change_log"')] == [
        line for line in totals if not line.startswith('INSERT INTO "change_log"')
    ]


def test_rows_identical_to_the_ledger_are_duplicates_unless_allowed(run, db, tmp_path):
    f = write(tmp_path / "a.csv", HEAD + "2023-05-06,微信,工作动态,一\n2023-05-07,微信,工作动态,二\n")
    assert run("--db", db, "import", f).exit_code == 0
    g = write(tmp_path / "b.csv", HEAD + "2023-05-06,微信,工作动态,一\n2023-05-08,微信,工作动态,三\n")
    res = run("--db", db, "import", g, "--dry-run")
    assert res.exit_code == 0 and "校验通过（未写入，--dry-run）：1 行" in res.stderr and "1 行与台账中已有的条目完全相同（第 2 行）" in res.stderr
    assert run("--db", db, "import", g).exit_code == 0
    assert count_items(db) == 3
    assert run("--db", db, "import", g, "--allow-duplicates").exit_code == 0
    assert count_items(db) == 5


def test_an_exported_row_changed_since_is_refused(run, db, tmp_path):
    add_item(run, db, "原标题")
    out = tmp_path / "e.csv"
    run("--db", db, "export", "-o", out)
    text = out.read_text(encoding="utf-8").replace("原标题", "改过的标题")
    out.write_text(text, encoding="utf-8")
    res = run("--db", db, "import", out)
    assert res.exit_code == 2 and "编号 1 的信息已在台账中，但内容与台账不同" in res.stderr
    assert rows(db, "SELECT title FROM item") == [("原标题",)]


# =========================================================================== 4. only plausible values
def test_counts_dates_amounts_ids_have_bounds(run, db):
    before = dump(db)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = [
        (["add", "-c", "微信", "-k", "工作动态", "-t", "x", "-n", "9223372036854775807"], "过大"),
        (["add", "-c", "微信", "-k", "工作动态", "-t", "x", "-n", "100001"], "最多 100,000"),
        (["add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "9999-12-31"], "晚于今天"),
        (["add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", tomorrow], "--allow-future"),
        (["add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2007-12-31"], "2008-05-01"),
        (["fee", "add", "--date", "2023-04-01", "--amount", "1e5"], "不是金额"),
        (["fee", "add", "--date", "2023-04-01", "--amount", "1_000"], "不是金额"),
        (["fee", "add", "--date", "2023-04-01", "--amount", "NaN"], "不是金额"),
        (["decision", "add", "--kind", "penalty", "--date", "2023-06-01", "--count", "99999999999999999999"], "过大"),
        (["request", "add", "--received", tomorrow, "--applicant-type", "自然人", "--subject", "x"], "晚于今天"),
        (["case", "add", "--kind", "review", "--filed", "1999-01-01"], "2008-05-01"),
        (["edit", "99999999999999999999999", "--title", "x"], "没有编号"),
        (["void", "99999999999999999999999", "--reason", "x"], "没有编号"),
        (["request", "show", "99999999999999999999999999"], "没有编号"),
        (["case", "close", "99999999999999999999", "--result", "upheld", "--date", "2023-01-01"], "没有编号"),
        (["stats", "--year", "99999999999999999999"], "不合理"),
    ]
    for args, said in cases:
        res = run("--db", db, *args)
        assert res.exit_code == 2, (args, res.output)
        assert said in res.output, (args, res.output)
        no_traceback(res.output)
    assert dump(db) == before
    # a future date that is meant
    res = run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "预告", "-d", tomorrow, "--allow-future")
    assert res.exit_code == 0


def test_check_reports_implausible_records_of_an_older_ledger(run, sample):
    with sqlite3.connect(sample) as conn:  # what an older disc or another tool let in
        conn.execute("UPDATE item SET published = '1999-01-01' WHERE id = 3")
        conn.execute("UPDATE item SET count = 5000000 WHERE id = 4")
    res = run("--db", sample, "check", "--year", "2023", "--format", "json")
    found = [f for f in json.loads(res.stdout) if f["rule"] == "L-IMPLAUSIBLE"]
    assert [f["where"] for f in found] == ["信息条目 3", "信息条目 4"]
    assert "published=1999-01-01" in found[0]["message"] and "count=5000000" in found[1]["message"]


# =========================================================================== 5. upgrade backups are real
def old_ledger(path: Path, version: int = 4, *, personal: bool = True) -> Path:
    """A ledger at an older schema, as an earlier disc left it, with one applicant's data."""
    from disclosure_cli.ledger.db import list_migrations

    conn = sqlite3.connect(path, isolation_level=None)
    for m in list_migrations()[:version]:
        conn.execute("BEGIN")
        for stmt in m.statements():
            conn.execute(stmt)
        conn.execute(f"PRAGMA user_version = {m.number}")
        conn.execute("COMMIT")
    conn.execute("INSERT INTO org (name) VALUES ('旧台账街道')")
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [("org", "旧台账街道"), ("created", "2023-01-01")])
    conn.execute("INSERT INTO channel (code, label, aliases, position) VALUES ('wechat', '微信公众号', '微信', 0)")
    conn.execute("INSERT INTO category (name, position) VALUES ('工作动态', 0)")
    conn.execute("INSERT INTO item (org_id, published, channel, category, title, count) VALUES (1, '2023-05-06', 'wechat', '工作动态', '旧条目', 1)")
    if personal:
        conn.execute("INSERT INTO request (org_id, year, seq, received, applicant_type, subject, outcome, closed)"
                     " VALUES (1, 2023, 1, '2023-03-01', 'natural_person', '某事项', 'granted', '2023-03-10')")
        conn.execute("INSERT INTO request_personal (request_id, name, phone, id_number) VALUES (1, '张三丰', '13800001111', '110101199003071234')")
    conn.close()
    return path


def test_upgrade_makes_a_verified_backup_and_says_where_it_is(run, tmp_path):
    p = old_ledger(tmp_path / "old.db")
    before = p.read_bytes()
    res = run("--db", p, "list", "--format", "csv")
    assert res.exit_code == 0
    backup = tmp_path / "old.db.bak-v4"
    assert str(backup) in res.stderr and "个人信息" in res.stderr
    assert backup.read_bytes() == before or dump(backup) == dump_bytes(before, tmp_path)
    from disclosure_cli.ledger.db import latest_version, verify_copy

    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    conn.close()
    assert rows(p, "PRAGMA user_version")[0][0] == latest_version()
    assert verify_copy(backup, 4, {"x": 1}) == "记录数与台账不一致"


def dump_bytes(data: bytes, tmp_path: Path) -> list[str]:
    q = tmp_path / "copy-for-dump.db"
    q.write_bytes(data)
    return dump(q)


def test_an_existing_backup_is_trusted_only_if_it_verifies(run, tmp_path):
    p = old_ledger(tmp_path / "old.db")
    stale = tmp_path / "old.db.bak-v4"
    stale.write_bytes(b"half-written backup from a killed upgrade")
    assert run("--db", p, "list", "--format", "csv").exit_code == 0
    assert rows(stale, "SELECT title FROM item") == [("旧条目",)]  # replaced by a good one


def test_no_good_backup_no_upgrade_and_the_message_says_so(tmp_path):
    p = old_ledger(tmp_path / "old.db")
    before = p.read_bytes()
    res = disc("--db", p, "list", "--format", "csv", preexec_fn=file_limit(4096))  # the backup cannot be written
    assert res.returncode == 1, res.err
    assert "升级没有进行" in res.err and "未作任何改动" in res.err and "已另存备份" not in res.err
    no_traceback(res.err)
    assert p.read_bytes() == before
    assert not list(tmp_path.glob("*.bak-v*")) and not list(tmp_path.glob(".*.tmp"))


def nobody_can_run() -> tuple[int, int] | None:
    """(uid, gid) of an unprivileged user to run disc as, when this process is root (root writes
    any file whatever its mode, so a read-only file needs another user); None if not root."""
    if os.geteuid() != 0:
        return None
    try:
        import pwd

        pw = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root without a 'nobody' user: cannot make a file read-only for disc")
    try:
        probe = subprocess.run([PY, "-c", "import disclosure_cli"], user=pw.pw_uid, group=pw.pw_gid, extra_groups=[],
                               capture_output=True, cwd="/")
    except OSError:
        return None
    return (pw.pw_uid, pw.pw_gid) if probe.returncode == 0 else None


@pytest.fixture
def ro_dir():
    """A folder that an unprivileged user can enter; made read-only by the test."""
    d = Path(tempfile.mkdtemp(prefix="disc-ro-"))
    d.chmod(0o755)
    state = Path(tempfile.mkdtemp(prefix="disc-state-"))
    state.chmod(0o777)
    yield d, state
    d.chmod(0o755)
    shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(state, ignore_errors=True)


def make_readonly(folder: Path, files: list[Path]):
    """Make files and their folder read-only for disc, in a way that holds under root too: as
    root, disc runs as user nobody, or (if nobody cannot run this Python) the files are made
    immutable (chattr +i), which binds root as well. Returns how to run disc, and an undo."""
    for f in files:
        f.chmod(0o444)
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return {}, lambda: None
    ids = nobody_can_run()
    if ids is not None:
        return {"user": ids[0], "group": ids[1]}, lambda: None
    targets = [str(f) for f in files] + [str(folder)]
    got = subprocess.run(["chattr", "+i", *targets], capture_output=True)
    if got.returncode != 0:
        pytest.skip("running as root: neither user nobody nor chattr +i can make a file read-only here "
                    f"({got.stderr.decode(errors='replace').strip()})")
    return {}, lambda: subprocess.run(["chattr", "-i", *targets], capture_output=True)


def run_readonly(how: dict, state: Path, folder: Path, *args):
    return disc(*args, env={"DISC_STATE_DIR": str(state), "HOME": str(state)}, cwd=folder, **how)


def test_old_ledger_on_read_only_media_is_read_without_upgrading(ro_dir):
    folder, state = ro_dir
    p = old_ledger(folder / "old.db")
    before = p.read_bytes()
    how, undo = make_readonly(folder, [p])
    try:
        res = run_readonly(how, state, folder, "--db", p, "stats", "--year", "2023", "--table", "items", "--format", "csv")
        assert res.returncode == 0, res.err
        assert "items,total,total,1" in res.out and "未升级原文件" in res.err
        res = run_readonly(how, state, folder, "--db", p, "add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-05-06")
        assert res.returncode == 1 and "只读" in res.err
        no_traceback(res.err)
    finally:
        undo()
    assert p.read_bytes() == before and sorted(x.name for x in folder.iterdir()) == ["old.db"]


def test_read_only_ledger_write_is_refused_with_a_message(ro_dir, db):
    folder, state = ro_dir
    p = folder / "ledger.db"
    shutil.copyfile(db, p)
    before = p.read_bytes()
    how, undo = make_readonly(folder, [p])
    try:
        res = run_readonly(how, state, folder, "--db", p, "add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-05-06")
        assert res.returncode == 1 and "只读" in res.err, res.err
        no_traceback(res.err)
        res = run_readonly(how, state, folder, "--db", p, "list", "--format", "csv")
        assert res.returncode == 0 and res.out.startswith("id,published"), res.err
    finally:
        undo()
    assert p.read_bytes() == before


# =========================================================================== 6. personal data does not outlive a purge
def test_purge_personal_purges_the_backups_too(run, tmp_path):
    p = old_ledger(tmp_path / "old.db")
    assert run("--db", p, "list", "--format", "csv").exit_code == 0  # upgrade: old.db.bak-v4 holds the data
    backup = tmp_path / "old.db.bak-v4"
    assert b"110101199003071234" in backup.read_bytes()
    res = run("--db", p, "request", "purge-personal", "--before", "2024-01-01")
    assert res.exit_code == 0 and str(backup) in res.stderr
    for f in (p, backup):
        data = f.read_bytes()
        assert b"110101199003071234" not in data and "张三丰".encode() not in data and b"13800001111" not in data
    assert rows(p, "SELECT count(*) FROM request")[0][0] == 1  # statistics unchanged


# =========================================================================== 7. corruption is named
def corrupt(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:  # garbage over pages in the middle of the file
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(os.urandom(3 * 4096))


@pytest.mark.parametrize(
    "command",
    [
        ["stats", "--year", "2023", "--format", "csv"],
        ["report", "--year", "2023", "--format", "txt"],
        ["list", "--format", "csv"],
        ["check", "--year", "2023"],
        ["add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-05-06"],
    ],
)
def test_a_damaged_ledger_gives_one_clear_message_from_every_command(run, sample, command):
    corrupt(sample)
    res = run("--db", sample, *command)
    assert res.exit_code == 1, res.output
    assert "已损坏" in res.stderr and res.stdout == ""
    no_traceback(res.output)


def test_a_truncated_ledger_is_named(run, sample):
    with sample.open("r+b") as fh:
        fh.truncate(sample.stat().st_size // 3)
    res = run("--db", sample, "stats", "--year", "2023")
    assert res.exit_code == 1 and "被截断" in res.stderr


# =========================================================================== 8. no traceback for expected conditions
def test_files_recognised_by_content_not_by_name(run, db, tmp_path, sample):
    ole = tmp_path / "台账.csv"  # an .xls saved under any name
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    cases = {
        ole: "另存为 .xlsx",
        write(tmp_path / "a.pdf", "%PDF-1.4\n%...\n"): "PDF",
        sample: "SQLite",
        tmp_path: "文件夹",
        write(tmp_path / "empty.csv", ""): "空文件",
    }
    doc = tmp_path / "report.docx"
    from docx import Document

    Document().save(doc)
    cases[doc] = "Word"
    for f, said in cases.items():
        res = run("--db", db, "import", f)
        assert res.exit_code == 2 and said in res.stderr, (f, res.stderr)
        no_traceback(res.output)
    # an .xlsx without its extension, a UTF-16 CSV: imported
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["发布日期", "渠道", "类别", "标题"])
    wb.active.append(["2023-05-06", "微信", "工作动态", "无扩展名"])
    wb.save(tmp_path / "noext")
    assert run("--db", db, "import", tmp_path / "noext").exit_code == 0
    write(tmp_path / "u16.csv", HEAD + "2023-05-07,微信,工作动态,UTF-16\n", "utf-16")
    assert run("--db", db, "import", tmp_path / "u16.csv").exit_code == 0
    write(tmp_path / "u16le.txt", HEAD + "2023-05-08,微信,工作动态,UTF-16LE\n", "utf-16-le")
    assert run("--db", db, "import", tmp_path / "u16le.txt").exit_code == 0
    assert [r[0] for r in rows(db, "SELECT title FROM item ORDER BY id")] == ["无扩展名", "UTF-16", "UTF-16LE"]


def test_undecodable_text_names_the_line(run, db, tmp_path):
    f = tmp_path / "latin1.csv"
    f.write_bytes((HEAD + "2023-05-06,微信,工作动态,ok\n").encode() + b"2023-05-07,wechat,x,caf\xe9\xff\n")
    res = run("--db", db, "import", f)
    assert res.exit_code == 2 and "第 3 行有无法识别的字符" in res.stderr
    assert count_items(db) == 0


@pytest.mark.parametrize(
    "content, said",
    [
        (HEAD + "2023-05-06,微信,工作动态,a\x00b\n", "二进制"),
        (HEAD + "2023-05-06,微信,工作动态,a\x07b\n", "控制字符"),
        ('{"published": "2023-05-06", "channel": "微信", "category": "工作动态", "title": "\\ud800"}\n', "孤立的代理项"),
        ('{"published": "2023-05-06", "channel": "微信", "category": "工作动态", "title": "x", "count": 1000000000000000000000000}\n', "过大"),
        ("[" * 100_000, "嵌套过深"),
        ('{"published": "2023-05-06", "channel": "微信", "category": "工作动态", "title": {"a": 1}}\n', "不是文本"),
    ],
)
def test_bad_bytes_in_an_import_get_a_message(run, db, tmp_path, content, said):
    f = tmp_path / ("f.jsonl" if content.startswith(("{", "[")) else "f.csv")
    f.write_text(content, encoding="utf-8")
    res = run("--db", db, "import", f)
    assert res.exit_code == 2 and said in res.stderr, res.stderr
    no_traceback(res.output)
    assert count_items(db) == 0


def test_control_characters_and_surrogates_in_typed_text(db):
    for title in ("a\x1b[31mb", "a\udcffb"):
        res = disc("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", title, "-d", "2023-05-06")
        assert res.returncode == 2 and "字符" in res.err, res.err
        no_traceback(res.err)
    assert count_items(db) == 0


def test_a_lock_held_longer_than_the_busy_timeout(db):
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        res = disc("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-05-06",
                   env={"DISC_BUSY_TIMEOUT": "0.3"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert res.returncode == 1 and "另一个 disc" in res.err and "正在写入" in res.err
    no_traceback(res.err)
    assert count_items(db) == 0


def test_narrative_and_holiday_files_that_are_folders_or_binary(run, db, tmp_path):
    binary = tmp_path / "x.docx"
    binary.write_bytes(b"PK\x03\x04" + os.urandom(200))
    for f in (tmp_path, binary):
        res = run("--db", db, "narrative", "set", "--year", "2023", "--part", "五", "--file", f)
        assert res.exit_code == 2 and ("文件夹" in res.stderr or "不是文本" in res.stderr), res.stderr
        res = run("--db", db, "holiday", "import", f, "--yes")
        assert res.exit_code == 2 and ("文件夹" in res.stderr or "不是文本" in res.stderr), res.stderr
        no_traceback(res.output)
    assert rows(db, "SELECT count(*) FROM narrative")[0][0] == 0


def test_an_invalid_today(run, db):
    for command in (["check", "--year", "2023"], ["request", "list"]):
        res = run("--db", db, *command, "--today", "2023-02-30")
        assert res.exit_code == 2 and "今天（--today）" in res.stderr
        no_traceback(res.output)


def test_a_ledger_missing_a_table(run, db):
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE item_total")
    res = run("--db", db, "stats", "--year", "2023")
    assert res.exit_code == 1 and "结构不完整" in res.stderr and "item_total" in res.stderr
    no_traceback(res.output)


def test_not_a_ledger(run, tmp_path):
    for f, said in ((write(tmp_path / "x.db", "not a database"), "不是 disc 台账"), (tmp_path, "文件夹")):
        res = run("--db", f, "list")
        assert res.exit_code == 2 and said in res.stderr, res.stderr


def test_an_unexpected_error_is_one_line_and_a_log_without_personal_data(run, db, monkeypatch, tmp_path):
    from disclosure_cli.ledger import requests

    def broken(*a, **kw):
        raise ValueError("某个意外 13800001111")

    monkeypatch.setattr(requests, "add_request", broken)
    res = run("--db", db, "request", "add", "--received", "2023-03-01", "--applicant-type", "自然人",
              "--subject", "x", "--name", "张三丰", "--phone", "13912345678")
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "意外问题（ValueError）" in res.stderr
    no_traceback(res.stderr)
    [log] = list((tmp_path / ".disc-state" / "logs").glob("crash-*.log"))
    text = log.read_text(encoding="utf-8")
    assert str(log) in res.stderr and "ValueError" in text and "Traceback" in text
    assert "张三丰" not in text and "13912345678" not in text and "13800001111" not in text


# =========================================================================== 9. encoding
def test_redirected_output_is_utf8_whatever_the_console_code_page(db, tmp_path):
    res = disc("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "表情😀标题", "-d", "2023-05-06")
    assert res.returncode == 0
    res = disc("--db", db, "list", "--format", "csv", env={"PYTHONIOENCODING": "gbk"})
    assert res.returncode == 0, res.err
    assert "表情😀标题" in res.stdout.decode("utf-8")
    res = disc("--encoding", "gb18030", "--db", db, "list", "--format", "csv", env={"PYTHONIOENCODING": "gbk"})
    assert res.returncode == 0 and "表情😀标题" in res.stdout.decode("gb18030")
    out = tmp_path / "gb.csv"
    assert disc("--encoding", "gb18030", "--db", db, "list", "-o", out).returncode == 0
    assert "表情😀标题" in out.read_bytes().decode("gb18030")
    res = disc("--encoding", "klingon", "--db", db, "list")
    assert res.returncode == 2 and "编码" in res.err


def test_writing_to_a_console_never_fails_on_a_character(db):
    disc("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "表情😀标题", "-d", "2023-05-06")
    res = pty_run(["--db", db, "list"], env={"PYTHONIOENCODING": "ascii"})
    assert res.code == 0, res.text
    no_traceback(res.text)


# =========================================================================== 10. machine output always parses
def test_machine_output_parses_when_there_is_nothing(run, db, tmp_path):
    assert json.loads(run("--db", db, "list", "--format", "json").stdout) == []
    assert run("--db", db, "list", "--format", "csv").stdout == "id,published,channel,category,title,count,url\n"
    assert json.loads(run("--db", db, "check", "--year", "2023", "--rule", "T3-BALANCE", "--format", "json").stdout) == []
    assert run("--db", db, "request", "list", "--format", "json").stdout.strip() == "[]"
    out = tmp_path / "empty.csv"
    assert run("--db", db, "list", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == "id,published,channel,category,title,count,url\n"
    out = tmp_path / "findings.json"
    assert run("--db", db, "check", "--year", "2023", "--rule", "T3-BALANCE", "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == []


def test_markdown_escapes_pipes_and_html_in_user_text(run, db):
    add_item(run, db, "甲|乙<script>alert(1)</script>")
    md = run("--db", db, "list", "--format", "md").stdout
    assert "甲\\|乙&lt;script&gt;" in md and "<script>" not in md
    assert md.splitlines()[2].replace("\\|", "").count("|") == md.splitlines()[0].count("|")


# =========================================================================== 11. untrusted documents have limits
def test_lint_refuses_a_zip_bomb_and_deep_or_huge_pages(run, tmp_path):
    from docx import Document

    Document().save(tmp_path / "ok.docx")
    with zipfile.ZipFile(tmp_path / "ok.docx") as zin, zipfile.ZipFile(tmp_path / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("word/media/big.bin", b"\0" * 300_000_000)
    assert (tmp_path / "bomb.docx").stat().st_size < 1_000_000
    write(tmp_path / "deep.html", "<html><body>" + "<div>" * 5000 + "x" + "</div>" * 5000 + "</body></html>")
    huge = tmp_path / "huge.html"
    with huge.open("w", encoding="utf-8") as fh:
        for _ in range(25):
            fh.write("<p>" + "字" * 400_000 + "</p>\n")
    res = run("lint", tmp_path / "bomb.docx", tmp_path / "deep.html", huge, "--format", "json")
    assert res.exit_code == 1
    found = {Path(f["source"]).name: f for f in json.loads(res.stdout)}
    assert set(found) == {"bomb.docx", "deep.html", "huge.html"}
    assert all(f["rule"] == "READ-LIMIT" and f["severity"] == "E" for f in found.values())
    assert "解压后" in found["bomb.docx"]["message"] and "嵌套" in found["deep.html"]["message"]


# =========================================================================== 12. the terminal
def test_list_on_a_terminal_answers_at_once(db):
    conn = sqlite3.connect(db)
    conn.executemany(
        "INSERT INTO item (org_id, published, channel, category, title, count) VALUES (1, '2023-05-06', 'wechat', '工作动态', ?, 1)",
        [(f"第{i}条",) for i in range(1000)],
    )
    conn.commit()
    conn.close()
    res = pty_run(["--db", db, "list"])
    assert res.code == 0
    assert "第199条" in res.text and "第200条" not in res.text and "只显示了前 200 条（共 1000 条）" in res.text
    res = pty_run(["--db", db, "list", "--limit", "0"])
    assert res.code == 0 and "第999条" in res.text and "只显示了" not in res.text


def test_machine_formats_stream_with_flat_memory(db):
    """30,000 items as CSV: memory does not grow with the rows (they come from the cursor)."""
    import tracemalloc

    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger
    from disclosure_cli.output import write_records

    conn = sqlite3.connect(db)
    conn.executemany(
        "INSERT INTO item (org_id, published, channel, category, title, count) VALUES (1, '2023-05-06', 'wechat', '工作动态', ?, 1)",
        [(f"一条相当长的标题，用来让每行占用更多内存 {i}",) for i in range(30_000)],
    )
    conn.commit()
    conn.close()

    class Sink(io.TextIOBase):
        n = 0

        def write(self, s):
            self.n += len(s)
            return len(s)

    with Ledger.open(db) as led:
        tracemalloc.start()
        sink = Sink()
        n = write_records(items.iter_items(led), [("id", "id"), ("title", "title")], "csv", sink)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert n == 30_000 and sink.n > 900_000
    assert peak < 1_000_000  # the rows as a list would hold well over 10 MB


def test_csv_export_reads_back_with_the_csv_module(run, sample, tmp_path):
    out = tmp_path / "e.csv"
    run("--db", sample, "export", "-o", out)
    got = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(got) == 473 and got[0]["ledger"]


def test_root_of_the_project_has_no_stray_files():
    assert not list(ROOT.glob(".*.tmp"))
