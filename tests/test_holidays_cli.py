"""`disc holiday add | list | import`: the ledger's own working-day statements over chinesecalendar.

The import reads the State Council's yearly notice as published; the 2026 notice must agree with the
library's 2026 data, the 2027 one (written for the tests: the library has no 2027 yet) is the case
the command exists for.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from tests.asserts import refused
from tests.conftest import ROOT, rows

FIXTURES = ROOT / "tests" / "fixtures"


def ok(res):
    assert res.exit_code == 0, res.output
    return res


def fixture(name: str):
    p = FIXTURES / name
    assert p.exists(), f"tests/fixtures/{name} is missing"
    return p


def test_import_2026_notice_agrees_with_library(run, db):
    notice = fixture("holiday-notice-2026.txt")
    res = run("--db", db, "holiday", "import", notice, "--yes")
    ok(res)
    assert "与程序库 chinesecalendar 的2026年数据一致" in res.stdout
    from disclosure_cli.workdays import WorkCalendar

    lib = WorkCalendar()
    for day, working in rows(db, "SELECT day, working FROM holiday"):
        assert lib.is_workday(date.fromisoformat(day)) == bool(working), day
    # the library's special days of 2026 are all in the notice
    stated = {r[0] for r in rows(db, "SELECT day FROM holiday")}
    for info in lib.special_days(date(2026, 1, 1), date(2026, 12, 31)):
        if info.working != (info.day.weekday() < 5):
            assert info.day.isoformat() in stated


def test_holiday_add_and_list(run, db):
    res = run("--db", db, "holiday", "add", "2027-02-06")
    refused(res, "请给出 --off（放假）或 --work（上班）其中之一")
    assert rows(db, "SELECT count(*) FROM holiday")[0][0] == 0
    ok(run("--db", db, "holiday", "add", "2027-02-06", "--off", "--reason", "春节"))
    ok(run("--db", db, "holiday", "add", "2027-01-31", "--work", "--reason", "春节调休上班"))
    # restating a day voids the old row, never deletes it
    ok(run("--db", db, "holiday", "add", "2027-02-06", "--work"))
    assert rows(db, "SELECT day, working, voided_at IS NOT NULL FROM holiday ORDER BY id") == [
        ("2027-02-06", 0, 1),
        ("2027-01-31", 1, 0),
        ("2027-02-06", 1, 0),
    ]
    res = run("--db", db, "holiday", "list", "--format", "csv")
    got = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [(r["day"], r["status"]) for r in got] == [("2027-01-31", "work"), ("2027-02-06", "work")]
    # one year, library and ledger together, with the source
    res = run("--db", db, "holiday", "list", "--year", "2024", "--format", "csv")
    got = {r["day"]: r for r in csv.DictReader(io.StringIO(res.stdout))}
    assert got["2024-02-10"]["status"] == "off" and got["2024-02-18"]["status"] == "work"
    assert got["2024-02-18"]["source"] == "chinesecalendar"
    res = run("--db", db, "holiday", "list", "--year", "2028", "--format", "csv")
    assert "暂定" in res.output


def test_import_asks_on_a_terminal(run, db, monkeypatch):
    from disclosure_cli.cli import lifecycle

    notice = fixture("holiday-notice-2027.txt")
    monkeypatch.setattr(lifecycle, "is_tty", lambda stream=None: True)
    res = run("--db", db, "holiday", "import", notice, input="n\n")
    assert res.exit_code == 1 and "未登记" in res.output
    assert rows(db, "SELECT count(*) FROM holiday")[0][0] == 0
    res = ok(run("--db", db, "holiday", "import", notice, input="y\n"))
    assert "新增35天" in res.output
    assert rows(db, "SELECT source, count(*) FROM holiday GROUP BY source") == [("notice", 35)]


def test_import_shows_what_it_understood(run, db):
    res = run("--db", db, "holiday", "import", fixture("holiday-notice-2027.txt"))
    refused(res, "未登记：确认无误后请加 --yes 再运行一次")
    assert rows(db, "SELECT count(*) FROM holiday")[0][0] == 0
    out = res.stdout
    assert "放假29天，调休上班6天" in out
    assert "劳动节：放假 2027年4月30日至5月4日（5天）；上班 2027年4月25日（星期日）、2027年5月8日（星期六）" in out
    # a line that wraps in the published text (国庆节) is read whole
    assert "2027年10月9日（星期六）" in out


def test_import_from_a_saved_web_page_and_stdin(run, db, tmp_path):
    text = fixture("holiday-notice-2027.txt").read_text(encoding="utf-8")
    page = tmp_path / "notice.html"
    body = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
    page.write_text(f"<html><head><style>p {{}}</style></head><body>{body}</body></html>", encoding="utf-8")
    ok(run("--db", db, "holiday", "import", page, "--yes"))
    assert rows(db, "SELECT count(*) FROM holiday")[0][0] == 35
    res = ok(run("--db", db, "holiday", "import", "-", "--yes", input=text))
    assert "已有相同登记35天" in res.output


def test_import_refuses_a_notice_it_cannot_place(run, db, tmp_path):
    bad = tmp_path / "bad.txt"
    # the weekdays belong to 2027, the title says 2028: refused, nothing recorded
    text = fixture("holiday-notice-2027.txt").read_text(encoding="utf-8").replace("2027年", "2028年")
    bad.write_text(text, encoding="utf-8")
    res = run("--db", db, "holiday", "import", bad, "--yes")
    refused(res, "通知写「1月1日（周五）」，但2028年1月1日是星期六：年份是否有误？")
    assert rows(db, "SELECT count(*) FROM holiday")[0][0] == 0
    res = run("--db", db, "holiday", "import", tmp_path / "missing.txt", "--yes")
    refused(res, "找不到文件", "missing.txt")
    assert rows(db, "SELECT count(*) FROM holiday")[0][0] == 0


def test_import_names_differences_from_the_library(run, db, tmp_path):
    text = fixture("holiday-notice-2026.txt").read_text(encoding="utf-8")
    changed = tmp_path / "changed.txt"
    changed.write_text(text.replace("1月4日（周日）上班", "1月4日（周日）、1月10日（周六）上班"), encoding="utf-8")
    res = run("--db", db, "holiday", "import", changed)
    refused(res, "未登记：确认无误后请加 --yes 再运行一次")
    assert rows(db, "SELECT count(*) FROM holiday")[0][0] == 0
    assert "不一致" in res.stdout and "2026年1月10日（星期六）：通知为上班" in res.stdout


def test_ledger_statement_wins_over_the_library(run, db):
    # a local rule: 2024-02-09 (a working day nationally) declared off
    ok(run("--db", db, "holiday", "add", "2024-02-09", "--off", "--reason", "本地规定"))
    res = ok(run("--db", db, "request", "add", "--received", "2024-02-08", "--applicant-type", "自然人", "--subject", "甲"))
    number = res.stdout.strip()
    text = run("--db", db, "request", "show", number, "--today", "2024-02-09").stdout
    # one working day fewer in the window: 2024-03-13 becomes 2024-03-14
    assert "答复期限：2024年3月14日（星期四）" in text and "本地规定" in text
    assert date(2024, 3, 14).weekday() == 3
    res = run("--db", db, "holiday", "list", "--year", "2024", "--format", "csv")
    got = {r["day"]: r for r in csv.DictReader(io.StringIO(res.stdout))}
    assert got["2024-02-09"]["source"] == "台账登记" and got["2024-02-09"]["status"] == "off"
