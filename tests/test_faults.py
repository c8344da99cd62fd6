"""Issue 19: nothing lost, nothing leaked, nothing wrong — one test per class the break-it pass found,
beyond those of test_writer.py (the guarded writer), test_masking.py (personal data) and
test_interrupt.py (Ctrl-C). Each fails on the code before its fix."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from tests.asserts import refused
from tests.conftest import DISC, SAMPLE_SOURCE, count_items, dump, hears_ctrl_c, rows

HEADER = "发布日期,渠道,类别,标题,链接,数量\n"


def disc(*args, input=None, env=None, timeout=60):
    res = subprocess.run([*DISC, *map(str, args)], capture_output=True, input=input, timeout=timeout,
                         env={**os.environ, **(env or {})})
    res.out, res.err = res.stdout.decode("utf-8", "replace"), res.stderr.decode("utf-8", "replace")
    return res


def no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text, text


# =========================================================================== integrity the shell cannot get round
def test_insert_or_replace_cannot_rewrite_frozen_rows(run, db):
    assert run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "甲", "-d", "2023-05-06").exit_code == 0
    assert run("--db", db, "report", "publish", "--year", "2023", "--date", "2024-01-20").exit_code == 0
    before = dump(db)
    conn = sqlite3.connect(db)
    for sql in (
        "INSERT OR REPLACE INTO change_log (id, at, clerk, action, entity) VALUES (1, 'x', 'x', 'x', 'x')",
        "INSERT OR REPLACE INTO publication (id, org_id, year, published, cells, hashes, recorded_at, clerk)"
        " VALUES (1, 1, 2023, '2024-01-20', '[]', '{}', 'x', 'x')",
        "INSERT OR REPLACE INTO item (id, org_id, published, channel, category, title) VALUES (1, 1, '2023-01-01', 'wechat', '工作动态', '乙')",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)
    conn.close()
    assert dump(db) == before


def test_check_names_log_rows_and_publication_fields_rewritten_outside_disc(run, db):
    assert run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "甲", "-d", "2023-05-06").exit_code == 0
    assert run("--db", db, "report", "publish", "--year", "2023", "--date", "2024-01-20").exit_code == 0
    clean = json.loads(run("--db", db, "check", "--year", "2023", "--rule", "L-TAMPERED", "-f", "json").stdout)
    assert clean == []
    conn = sqlite3.connect(db)
    conn.executescript(
        "DROP TRIGGER change_log_no_update; DROP TRIGGER publication_fixed;"
        "UPDATE change_log SET after = replace(after, '甲', '丙') WHERE id = 2;"
        "UPDATE publication SET cells = replace(cells, '\"total\", 1]', '\"total\", 9]');"
    )
    conn.close()
    res = run("--db", db, "check", "--year", "2023", "--rule", "L-TAMPERED", "-f", "json")
    assert res.exit_code == 1
    found = {(f["rule"], f["where"], f["severity"]) for f in json.loads(res.stdout)}
    assert found == {("L-TAMPERED", "修改记录 2", "E"), ("L-TAMPERED", "惠农区南街街道 2023 年度报告发布记录 1", "E")}
    said = " ".join(f["message"] for f in json.loads(res.stdout))
    assert "第 2 条修改记录在 disc 之外被改写" in said and "年度报告的发布记录（2024-01-20 发布）的单元格在 disc 之外被改写" in said


def test_a_damaged_ledger_with_its_size_and_times_restored_is_noticed_on_open(run, tmp_path):
    db = tmp_path / "s.db"
    shutil.copyfile(SAMPLE_SOURCE, db)
    assert run("--db", db, "stats", "--year", "2023", "-f", "csv").exit_code == 0  # stamped as sound
    st = db.stat()
    data = bytearray(db.read_bytes())
    page = 4096
    for start in (page * 2, page * 3, page * 4):  # scribble over the headers of b-tree pages
        for i in range(start, start + 12):
            data[i] ^= 0x5A
    db.write_bytes(bytes(data))
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert db.stat().st_mtime_ns == st.st_mtime_ns and db.stat().st_size == st.st_size
    before = db.read_bytes()
    for args in (("stats", "--year", "2023"), ("report", "--year", "2023", "-f", "txt"),
                 ("add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-05-06")):
        res = run("--db", db, *args)
        assert res.exit_code == 1 and "已损坏" in res.output, (args, res.output)
    assert db.read_bytes() == before


def test_a_write_lock_held_is_not_called_damage(tmp_path):
    db = tmp_path / "l.db"
    assert disc("--db", db, "init", "--org", "某街道").returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # what a long import holds
    try:
        os.utime(db, None)  # the file changed since it was stamped: disc checks it on open
        res = disc("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-05-06",
                   env={"DISC_BUSY_TIMEOUT": "0.3"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert res.returncode == 1 and "正在写入" in res.err and "台账没有损坏" in res.err and "已损坏" not in res.err


# =========================================================================== the same 文号 twice
def test_a_refnumber_twice_is_refused_unless_meant(run, db):
    ok = ("--db", db)
    assert run(*ok, "doc", "add", "--kind", "normative_document", "--number", "惠南街发〔2023〕3号", "--title", "办法",
               "--issued", "2023-03-01").exit_code == 0
    before = dump(db)
    res = run(*ok, "doc", "add", "--kind", "normative_document", "--number", "惠南街发[2023] 3号", "--title", "办法",
              "--issued", "2023-03-01")
    refused(res, "文号「惠南街发[2023] 3号」已登记为文件 1", "--duplicate-reason")
    assert dump(db) == before
    assert run(*ok, "case", "add", "--kind", "review", "--filed", "2023-08-01", "--ref", "惠复〔2023〕12号").exit_code == 0
    refused(run(*ok, "case", "add", "--kind", "review", "--filed", "2023-08-02", "--ref", "惠复〔2023〕１２号"),
            "已登记为复议诉讼案件 1")
    assert run(*ok, "decision", "add", "--kind", "penalty", "--date", "2023-06-01", "--ref", "罚〔2023〕5号").exit_code == 0
    refused(run(*ok, "decision", "add", "--kind", "penalty", "--date", "2023-06-02", "--ref", "罚〔2023〕5号"), "已登记为行政决定 1")
    res = run(*ok, "decision", "add", "--kind", "penalty", "--date", "2023-06-02", "--ref", "罚〔2023〕5号",
              "--duplicate-reason", "同一决定书对两个当事人")
    assert res.exit_code == 0, res.output
    assert rows(db, "SELECT count(*), count(duplicate_reason) FROM decision") == [(2, 1)]


def test_a_decision_file_with_a_refnumber_twice_is_refused_naming_the_lines(run, db, tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("类型,决定日期,数量,文号\n行政处罚,2023-06-01,1,罚〔2023〕5号\n行政处罚,2023-06-02,1,罚〔2023〕6号\n"
                 "行政处罚,2023-06-03,1,罚〔2023〕5号\n", encoding="utf-8")
    refused(run("--db", db, "decision", "import", f), "第 4 行：文号「罚〔2023〕5号」与第 2 行相同", "--duplicate-reason")
    assert rows(db, "SELECT count(*) FROM decision") == [(0,)]


def test_check_reports_duplicates_an_older_ledger_holds(run, db):
    conn = sqlite3.connect(db)
    conn.executemany("INSERT INTO decision (org_id, kind, decided, count, ref) VALUES (1, 'penalty', ?, 1, ?)",
                     [("2023-06-01", "罚〔2023〕5号"), ("2023-07-01", "罚 〔2023〕5号")])
    conn.commit()
    conn.close()
    res = run("--db", db, "check", "--year", "2023", "--rule", "L-DUPLICATE-REF", "-f", "json")
    got = json.loads(res.stdout)
    assert res.exit_code == 0 and [(f["rule"], f["table"], f["severity"]) for f in got] == [("L-DUPLICATE-REF", "t2", "W")]
    assert "登记了 2 次（编号 1、2）" in got[0]["message"]


# =========================================================================== smaller wrong results
def test_json_with_a_key_twice_is_refused(run, db, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"published": "2023-01-02", "channel": "微信", "category": "工作动态", "title": "甲", "title": "乙"}\n',
                 encoding="utf-8")
    refused(run("--db", db, "import", f), "第 1 行", "字段「title」出现了两次")
    assert count_items(db) == 0


def test_json_true_is_not_a_count(run, db, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"published": "2023-01-02", "channel": "微信", "category": "工作动态", "title": "甲", "count": true}\n',
                 encoding="utf-8")
    refused(run("--db", db, "import", f), "第 1 行", "不是整数")
    assert count_items(db) == 0


def test_a_void_time_that_is_no_time_is_refused(run, db, tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("published,channel,category,title,voided_at,void_reason\n2023-01-02,微信,工作动态,甲,garbage-time,重复\n",
                 encoding="utf-8")
    refused(run("--db", db, "import", f), "第 2 行", "作废时间（voided_at）「garbage-time」不是有效的时间")
    assert count_items(db) == 0


def test_an_excel_error_value_is_not_a_title(run, db, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["发布日期", "渠道", "类别", "标题"])
    ws.append(["2023-01-02", "微信", "工作动态", "#N/A"])
    wb.save(tmp_path / "a.xlsx")
    refused(run("--db", db, "import", tmp_path / "a.xlsx"), "单元格 D2（#N/A） 是 Excel 的错误值")
    assert count_items(db) == 0


def test_an_xlsx_with_entities_is_refused_before_parsing(run, db, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["发布日期", "渠道", "类别", "标题"])
    wb.active.append(["2023-01-02", "微信", "工作动态", "x"])
    wb.save(tmp_path / "a.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    laughs = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 9))
    parts["xl/worksheets/sheet1.xml"] = (f'<?xml version="1.0"?><!DOCTYPE x [{laughs}]>' + sheet.replace(">x<", ">&a8;<")).encode()
    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    refused(run("--db", db, "import", tmp_path / "bomb.xlsx"), "DTD 或实体声明")
    assert count_items(db) == 0


def test_signing_date_must_follow_the_year(run, db):
    refused(run("--db", db, "report", "--year", "2023", "--date", "2099-01-20"), "成文日期（--date）2099-01-20 太晚")
    refused(run("--db", db, "report", "--year", "2023", "--date", "2023-06-01"), "早于 2023 年度结束")
    assert run("--db", db, "report", "--year", "2023", "--date", "2024-01-20").exit_code == 0


def test_an_encoding_that_cannot_hold_a_character_says_so(tmp_path):
    db = tmp_path / "l.db"
    disc("--db", db, "init", "--org", "某街道")
    disc("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "表情😀标题", "-d", "2023-05-06")
    res = disc("--encoding", "gbk", "--db", db, "list", "-f", "csv")
    assert res.returncode == 0 and "表情?标题".encode("gbk") in res.stdout
    assert "1 个字符无法用 gbk 编码表示" in res.err and "gb18030" in res.err
    res = disc("--encoding", "gb18030", "--db", db, "list", "-f", "csv")
    assert "表情😀标题" in res.stdout.decode("gb18030") and "无法用" not in res.err
    # the same into a file, through each writer: written, the character replaced and said (a break-it pass:
    # -o failed with 「文本中有无法处理的字符（UnicodeEncodeError）」 and wrote nothing)
    five = tmp_path / "五.txt"
    five.write_text("（一）主要问题。表情😀标题。", encoding="utf-8")
    disc("--db", db, "narrative", "set", "--year", "2023", "--part", "五", "--file", five)
    for args in (("list", "-o", tmp_path / "l.csv"), ("export", "-o", tmp_path / "e.csv"),
                 ("report", "--year", "2023", "-o", tmp_path / "r.txt")):
        res = disc("--encoding", "gbk", "--db", db, *args)
        assert res.returncode == 0 and "1 个字符无法用 gbk 编码表示" in res.err, (args, res.err)
        assert "表情?标题" in Path(args[-1]).read_bytes().decode("gbk")


def test_csv_files_are_formula_safe_and_a_quote_survives_the_round_trip(run, db, tmp_path):
    for title in ("=HYPERLINK(\"http://x\")", "'=保留引号", "-减号开头", "@提及"):
        assert run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", title, "-d", "2023-05-06").exit_code == 0
    assert run("--db", db, "list", "-o", tmp_path / "l.csv").exit_code == 0
    text = (tmp_path / "l.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'-减号开头" in text and "'@提及" in text and "\n1,2023" in text
    assert run("--db", db, "stats", "--year", "2023", "-o", tmp_path / "s.csv").exit_code == 0
    assert ",2023," not in (tmp_path / "s.csv").read_text(encoding="utf-8").replace("2023,惠农区", "")  # numbers stay numbers
    for excel in ((), ("--excel",)):
        out = tmp_path / f"e{len(excel)}.csv"
        assert run("--db", db, "export", "-o", out, *excel).exit_code == 0
        fresh = tmp_path / f"f{len(excel)}.db"
        run("--db", fresh, "init", "--org", "惠农区南街街道")
        assert run("--db", fresh, "import", out).exit_code == 0
        assert rows(fresh, "SELECT title FROM item ORDER BY id") == rows(db, "SELECT title FROM item ORDER BY id")


def test_the_published_file_does_not_differ_from_itself_on_the_fee(run, db, tmp_path):
    assert run("--db", db, "fee", "add", "--date", "2023-04-01", "--amount", "1234.50").exit_code == 0
    out = tmp_path / "pub"
    assert run("--db", db, "report", "publish", "--year", "2023", "--date", "2024-01-20", "--out-dir", out).exit_code == 0
    for f in out.iterdir():
        if f.suffix in (".docx", ".html", ".txt"):
            res = run("--db", db, "lint", f, "--against-ledger", "-f", "json")
            assert not [x for x in json.loads(res.stdout) if x["rule"].startswith("V-")], (f.name, res.stdout)


# =========================================================================== crashes, hangs and resources
def test_a_fifo_as_the_ledger_does_not_hang(tmp_path):
    fifo = tmp_path / "l.db"
    os.mkfifo(fifo)
    res = disc("--db", fifo, "list", timeout=30)
    refused(res, "不是 disc 台账文件", "管道或设备")


def test_import_from_a_pipe_and_from_dev_stdin(tmp_path):
    db = tmp_path / "l.db"
    disc("--db", db, "init", "--org", "某街道")
    body = (HEADER + "2023-01-02,微信,工作动态,甲,,1\n2023-01-03,微信,工作动态,乙,,2\n").encode("utf-8")
    spool = tmp_path / "tmp"  # the spooled copy of stdin goes here, and must be gone afterwards
    spool.mkdir()
    res = disc("--db", db, "import", "/dev/stdin", input=body, env={"TMPDIR": str(spool)})
    assert res.returncode == 0, res.err
    r, w = os.pipe()
    os.write(w, body.replace("甲".encode(), "丙".encode()).replace("乙".encode(), "丁".encode()))
    os.close(w)
    proc = subprocess.run([*DISC, "--db", str(db), "import", f"/dev/fd/{r}"], pass_fds=(r,), capture_output=True, timeout=60,
                          env={**os.environ, "TMPDIR": str(spool)})
    os.close(r)
    assert proc.returncode == 0, proc.stderr.decode()
    assert rows(db, "SELECT title, count FROM item ORDER BY id") == [("甲", 1), ("乙", 2), ("丙", 1), ("丁", 2)]
    assert list(spool.iterdir()) == []


def test_lint_is_bounded_by_pages_and_characters_read(run, tmp_path):
    from disclosure_cli.report import read

    long_pdf = tmp_path / "long.pdf"
    _pdf_of_pages(long_pdf, read.MAX_PDF_PAGES + 1)
    res = run("lint", long_pdf, "-f", "json")
    got = json.loads(res.stdout)
    assert res.exit_code == 1 and [f["rule"] for f in got] == ["READ-LIMIT"]
    assert f"超过年度报告的合理页数（{read.MAX_PDF_PAGES} 页）" in got[0]["message"]
    page = tmp_path / "big.html"
    page.write_text("<html><body>" + "<p>字</p>" * (read.MAX_HTML_BYTES // 10 + 10) + "</body></html>", encoding="utf-8")
    got = json.loads(run("lint", page, "-f", "json").stdout)
    assert [f["rule"] for f in got] == ["READ-LIMIT"]


def _pdf_of_pages(path: Path, n: int) -> None:
    """A minimal text PDF of n pages (written by hand: no PDF library needed)."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for i in range(n):
        content = f"BT /F1 12 Tf 72 720 Td (Page {i + 1}) Tj ET".encode()
        objs.append(f"<< /Length {len(content)} >>\nstream\n{content.decode()}\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objs)} 0 R"
                    f" /Resources << /Font << /F1 {2 + 2 * n + 1} 0 R >> >> >>")
        kids.append(f"{len(objs)} 0 R")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n} >>"
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)


def test_an_impossible_today_is_refused(run, db):
    refused(run("--db", db, "request", "list", "--today", "9999-12-31"), "今天（--today）9999-12-31 太远")


def test_ctrl_c_during_start_up_never_prints_a_traceback(tmp_path):
    """Ctrl-C while the command tree is being imported (typer, before any error boundary exists), and
    at moments spread over a whole command: one Chinese line, exit 130, never a traceback."""
    import sys

    db = tmp_path / "l.db"
    disc("--db", db, "init", "--org", "某街道")
    code = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def imp(name, *a, **k):\n"
        "    if name == 'typer':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = imp\n"
        f"sys.argv = ['disc', '--db', {str(db)!r}, 'list']\n"
        "from disclosure_cli.entry import main\n"
        "main()\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    text = res.stderr.decode("utf-8", "replace")
    assert res.returncode == 130 and "已中断：本次操作未完成，台账未作任何改动。" in text, text
    no_traceback(text)
    launcher = "from disclosure_cli.entry import main; main()"  # what the `disc` console script runs
    for delay in (0.05, 0.1, 0.15, 0.2, 0.3):
        proc = subprocess.Popen([sys.executable, "-c", launcher, "--db", str(db), "list"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, preexec_fn=hears_ctrl_c)
        try:
            time.sleep(delay)
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        text = err.decode("utf-8", "replace")
        if "disclosure_cli" in text or proc.returncode == 130:  # disc's code had started: its answer
            no_traceback(text)
            assert proc.returncode in (0, 130), (delay, proc.returncode, text)


def test_a_migration_that_fails_halfway_says_which_version_the_file_is(tmp_path, monkeypatch):
    from disclosure_cli.errors import DiscError
    from disclosure_cli.ledger import db as ledger_db

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations = ledger_db.list_migrations()
    for m in migrations[:6]:  # a ledger of version 6
        conn.execute("BEGIN")
        for stmt in m.statements():
            conn.execute(stmt)
        conn.execute(f"PRAGMA user_version = {m.number}")
        conn.execute("COMMIT")
    conn.execute("INSERT INTO org (name) VALUES ('某街道')")
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [("org", "某街道"), ("uuid", "u1")])
    conn.close()
    real = ledger_db.Migration.statements

    def full_at_8(self):
        if self.number == 8:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self)

    monkeypatch.setattr(ledger_db.Migration, "statements", full_at_8)
    with pytest.raises(DiscError) as e:
        ledger_db.Ledger.open(path)
    assert "文件现在是版本 7" in str(e.value) and "磁盘已满" in str(e.value) and "仍是升级前的版本" not in str(e.value)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 7


# =========================================================================== messages
def test_a_gbk_file_behind_a_utf8_bom_names_its_line(run, db, tmp_path):
    f = tmp_path / "a.csv"
    f.write_bytes(b"\xef\xbb\xbf" + HEADER.encode() + "2023-01-02,微信,工作动态,甲,,1\n".encode()
                  + "2023-01-03,微信,工作动态,乙,,1\n".encode("gbk"))
    refused(run("--db", db, "import", f), "第 3 行有无法识别的字符")
    assert count_items(db) == 0


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_a_letter_template_saved_by_notepad_is_read(run, db, tmp_path, encoding):
    assert run("--db", db, "org", "set", "惠农区南街街道", "--review-body", "惠农区人民政府", "--court", "惠农区人民法院",
               "--letter-prefix", "惠南街依复", "--phone", "1", "--address", "2").exit_code == 0
    current = run("--db", db, "org", "template", "惠农区南街街道", "--kind", "receipt").stdout
    f = tmp_path / "t.txt"
    f.write_bytes(current.replace("本机关", "本街道").encode(encoding))
    res = run("--db", db, "org", "template", "惠农区南街街道", "--kind", "receipt", "--file", f)
    assert res.exit_code == 0, res.output
    assert "本街道" in run("--db", db, "org", "template", "惠农区南街街道", "--kind", "receipt").stdout
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 300_000)
    refused(run("--db", db, "org", "template", "惠农区南街街道", "--kind", "receipt", "--file", big), "太大")


def test_an_unknown_channel_at_the_add_prompt_is_said_at_once(db):
    from tests.terminal import pty_run

    res = pty_run(["--db", db, "add", "-d", "2023-05-07"],
                  answers=[("渠道", "微博"), ("请重新输入", "微信"), ("类别", "工作动态"), ("标题", "第一条")])
    assert res.code == 0, res.text
    assert res.text.index("请重新输入") < res.text.index("类别")
    assert rows(db, "SELECT channel, title FROM item") == [("wechat", "第一条")]
