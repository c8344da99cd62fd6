"""`disc demo` (issue 24): the demonstration ledger — what it holds, exactly; that the checks say what the
closing message says they say; that it is the same on every build; that it never overwrites a file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from disclosure_cli import vocab
from tests.conftest import dump, rows

Y = "2023"
DISTRICT, QINGSHAN, LVSHUI, BAIYUN = "示例区", "示例区青山街道", "示例区绿水街道", "示例区白云街道"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """One demonstration ledger for the module, built through the command."""
    from typer.testing import CliRunner

    from disclosure_cli.cli import app

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DISC_STATE_DIR", str(folder / ".disc-state"))
        mp.delenv("DISC_DB", raising=False)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        res = CliRunner().invoke(app, ["demo", "--db", str(path)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return path


def long_rows(run, db: Path, *args: str) -> dict[tuple[str, str], str]:
    """`disc stats … -f csv` long rows as {(row, column): value}."""
    res = run("--db", db, "stats", "--year", Y, *args, "-f", "csv")
    assert res.exit_code == 0, res.output
    return {(r["row"], r["column"]): r["value"] for r in csv.DictReader(io.StringIO(res.stdout))}


def csv_rows(res) -> list[dict[str, str]]:
    assert res.exit_code in (0, 1), res.output
    return list(csv.DictReader(io.StringIO(res.stdout)))


# --------------------------------------------------------------------------- what it holds
def test_items_on_every_channel_every_month(run, demo):
    cells = long_rows(run, demo, "--table", "items")
    assert {k: v for k, v in cells.items() if k[1] == "total"} == {
        ("portal", "total"): "36", ("wechat", "total"): "36", ("board", "total"): "14",  # 12 lists, 2 of them on two boards
        ("reading_room", "total"): "12", ("total", "total"): "98",
    }
    assert {k[1]: v for k, v in cells.items() if k[0] == "total" and k[1] != "total"} == {
        "工作动态": "48", "政策法规": "16", "通知公告": "12", "财政预决算": "4", "社会救助": "14", "人事信息": "4",
    }
    months = long_rows(run, demo, "--by", "month")
    for m in range(1, 13):  # every channel, every month
        for ch, n in (("portal", "3"), ("wechat", "3"), ("reading_room", "1")):
            assert months[(f"{Y}-{m:02d}", ch)] == n, (m, ch)
        assert months[(f"{Y}-{m:02d}", "board")] == ("2" if m in (3, 9) else "1")


def test_table_three_by_outcome_row(run, demo):
    cells = long_rows(run, demo, "--table", "t3")
    totals = {row: int(v) for (row, col), v in cells.items() if col == "total"}
    expected = dict.fromkeys(vocab.T3_ROW_CODES, 0) | {
        "new": 16,
        "carried_over": 1,  # 2022-001, received 2022-12-28, answered 2023-01-16
        "granted": 8,
        "partial": 1,  # the third party objected (2023-003)
        "withheld.process_info": 1,
        "unavailable.not_held": 2,  # one held by another body, one that does not exist
        "unavailable.needs_creation": 1,
        "not_processed.petition": 1,
        "not_processed.duplicate": 1,
        "other.no_correction": 1,
        "total": 16,
        "carried_forward": 1,  # 2023-016, answered 2024-01-26
    }
    assert totals == expected
    new = {col: int(v) for (row, col), v in cells.items() if row == "new"}
    assert new == {"natural_person": 8, "business": 2, "research": 1, "public_interest": 2, "legal_service": 2,
                   "other_org": 1, "total": 16}


def test_table_four_has_a_case_in_every_column(run, demo):
    cells = {k: int(v) for k, v in long_rows(run, demo, "--table", "t4").items()}
    assert cells == {
        ("review", "upheld"): 1, ("review", "corrected"): 1, ("review", "other"): 0, ("review", "pending"): 1,
        ("review", "total"): 3,
        ("suit_direct", "upheld"): 0, ("suit_direct", "corrected"): 0, ("suit_direct", "other"): 1,
        ("suit_direct", "pending"): 0, ("suit_direct", "total"): 1,
        ("suit_after_review", "upheld"): 0, ("suit_after_review", "corrected"): 0, ("suit_after_review", "other"): 0,
        ("suit_after_review", "pending"): 1, ("suit_after_review", "total"): 1,
    }


def test_table_two(run, demo):
    cells = long_rows(run, demo, "--table", "t2")
    assert cells == {
        ("regulation", "issued"): "0", ("regulation", "repealed"): "0", ("regulation", "in_force"): "0",
        ("normative_document", "issued"): "2", ("normative_document", "repealed"): "1",
        ("normative_document", "in_force"): "3",
        ("license", "decisions"): "3", ("penalty", "decisions"): "21", ("coercion", "decisions"): "1",
        ("fee", "amount_wan"): "0.1851",  # 800.00 + 1050.50 元
    }
    docs = csv_rows(run("--db", demo, "doc", "list", "-f", "csv"))
    # every document in force has its 解读 (the one of 2021 registered later, with disc doc interpret)
    assert [(d["number"], d["repealed"], bool(d["interpretation"])) for d in docs] == [
        ("示青街发〔2020〕4号", "2023-10-31", False), ("示青街发〔2021〕6号", "", True),
        ("示青街发〔2023〕3号", "", True), ("示青街发〔2023〕9号", "", True),
    ]


def test_every_kind_of_letter_numbered_and_registered(run, demo):
    letters = csv_rows(run("--db", demo, "request", "letters", "-f", "csv"))
    assert {r["kind"] for r in letters} == set(vocab.LETTER_KINDS.codes)
    assert len(letters) == 47 and all(r["status"] == "issued" for r in letters)
    numbers = [r["number"] for r in letters]
    assert len(set(numbers)) == 47
    assert numbers[:3] == ["示青街依复〔2022〕1号", "示青街依复〔2023〕1号", "示青街依复〔2023〕2号"]
    assert numbers[-2:] == ["示青街依复〔2024〕1号", "示青街依复〔2024〕2号"]
    by_kind = {k: sum(r["kind"] == k for r in letters) for k in vocab.LETTER_KINDS.codes}
    assert by_kind == {"reply": 17, "receipt": 17, "correction": 2, "extension": 2, "fee": 1, "consult": 2, "pause_notice": 2,
                       "disclose_notice": 1, "co_maker": 1, "ask_reasons": 1, "delay": 1}
    # every closed application has its reply, stating its outcome
    replies = {r["request"]: r["outcome"] for r in letters if r["kind"] == "reply"}
    closed = {r["number"]: r["outcome"] for r in csv_rows(run("--db", demo, "request", "list", "-f", "csv"))}
    assert replies == closed and len(closed) == 17
    for org, n in ((LVSHUI, 8), (BAIYUN, 6)):
        assert len(csv_rows(run("--db", demo, "request", "letters", "--org", org, "-f", "csv"))) == n


def test_the_2024_reply_names_the_online_channel_for_review(run, demo):
    text = run("--db", demo, "request", "letter", "2023-016").stdout
    assert "示青街依复〔2024〕2号" in text and "第二十二条第二款" in text and "行政复议网上申请" in text


def test_spring_festival_and_national_day_deadlines(run, demo):
    # 2023-001, received Wednesday 2023-01-18. Working days from the next day: 1月19日, 20日 (2); 1月21日—27日
    # 春节放假; 1月28日 (Saturday) and 29日 (Sunday) 调休上班 (4); 1月30日—2月3日 (9); 2月6日—10日 (14);
    # 2月13日—17日 (19); 2月20日 (20). Monday–Friday alone would have given 2月15日.
    show = json.loads(run("--db", demo, "request", "show", "2023-001", "-f", "json").stdout)
    assert (show["due"], show["closed"], show["status"]) == ("2023-02-20", "2023-02-17", "closed")
    # 2023-013, received Wednesday 2023-09-27: 9月28日 (1); 9月29日—10月6日 放假; 10月7日, 8日 上班 (3);
    # 10月9日—13日 (8); 16日—20日 (13); 23日—27日 (18); 30日 (19); 31日 (20).
    show = json.loads(run("--db", demo, "request", "show", "2023-013", "-f", "json").stdout)
    assert (show["due"], show["closed"]) == ("2023-10-31", "2023-10-27")
    # 2022-001, received 2022-12-28: 12月29日, 30日 (2); 元旦 2023-01-02 放假; 1月3日—6日 (6); 9日—13日 (11);
    # 16日—20日 (16); 春节; 1月28日, 29日 (18); 30日, 31日 (20).
    show = json.loads(run("--db", demo, "request", "show", "2022-001", "-f", "json").stdout)
    assert show["due"] == "2023-01-31"


def test_correction_extension_consultation_and_fee(run, demo):
    def show(number: str) -> dict:
        return json.loads(run("--db", demo, "request", "show", number, "-f", "json").stdout)

    assert show("2023-007")["due"] == "2023-06-16"  # 20 working days from the day after the 补正 (5月19日)
    # 6月21日—30日 consulting the co-making organ not counted (7 working days: 端午 22日—24日 off, 25日 worked),
    # then extended: 7月18日 + 7 = 7月27日, + 20 working days = 8月24日
    assert show("2023-009")["due"] == "2023-08-24"
    assert show("2023-012")["due"] == "2023-11-10"  # 第三十五条: the reasonable later date told to the firm
    assert show("2023-016")["due"] == "2024-02-18"  # extended over 元旦 and 春节 2024 (2月18日 a 调休 Sunday)
    assert show("2023-003")["due"] == "2023-04-25"  # 3月10日—29日 consulting the third party not counted
    assert show("2023-010")["due"] == "2023-08-18"  # 7月24日—27日, notice to payment, not counted
    assert rows(demo, "SELECT amount_fen, notice, paid FROM request_fee") == [(56000, "2023-07-24", "2023-07-27")]
    assert rows(demo, "SELECT kind, position FROM request_event ORDER BY id") == [
        ("consult_answer", "objects"), ("consult_answer", "agrees"), ("reasons_asked", None), ("reasons_given", None),
        ("delay_set", None), ("consult_answer", "objects")]


def test_no_real_names(demo):
    names = [r[0] for r in rows(demo, "SELECT name FROM request_personal")]
    assert len(names) == 24
    assert all("某某" in n or "示例" in n or n.startswith("青山") for n in names), names


# --------------------------------------------------------------------------- checks say what the message says
def test_check_is_clean(run, demo):
    res = run("--db", demo, "check", "--year", Y)
    assert res.exit_code == 0 and res.stdout == ""
    for org in (LVSHUI, DISTRICT):
        res = run("--db", demo, "check", "--year", Y, "--org", org)
        assert res.exit_code == 0 and res.stdout == "", org


def test_check_rollup_finds_only_the_deliberate_late_reply(run, demo):
    found = csv_rows(run("--db", demo, "check", "--year", Y, "--org", DISTRICT, "--rollup", "-f", "csv"))
    assert [(f["org"], f["rule"], f["where"], f["expected"], f["actual"]) for f in found] == [
        (f"{DISTRICT}/{BAIYUN}", "L-LATE-REPLY", "申请 2023-002", "2023-07-24", "2023-07-28"),
        (f"{DISTRICT}/{BAIYUN}", "L-LETTER-REPLY-LATE", "申请 2023-002", "2023-07-24", "2023-07-28"),
    ]


def test_check_assess_finds_only_what_the_message_explains(run, demo):
    found = csv_rows(run("--db", demo, "check", "--year", Y, "--org", DISTRICT, "--assess", "-f", "csv"))
    assert sorted((f["rule"], f["where"]) for f in found) == [
        ("A-REPORT-LATE", DISTRICT), ("A-REPORT-LATE", BAIYUN), ("A-REPORT-LATE", LVSHUI), ("A-REPORT-LATE", QINGSHAN),
        ("A-SILENT-CATEGORY", f"{LVSHUI} 工作动态"),
    ]


def test_the_closing_message_names_what_was_built_and_what_to_try(tmp_path, run, monkeypatch):
    # $DISC_DB names the clerk's own ledger: the demonstration never goes there, but to demo.db here
    monkeypatch.setenv("DISC_DB", str(tmp_path / "real.db"))
    res = run("demo")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "demo.db").is_file() and not (tmp_path / "real.db").exists()
    out = res.stdout
    assert "主动公开信息 98 条（4 个渠道）" in out and "政府信息公开申请 17 件（上年结转 1 件，结转下年度 1 件）" in out
    assert "答复书和告知书 47 份（11 类）" in out and "复议诉讼案件 5 件" in out
    tries = [ln.strip().split("  #")[0].strip() for ln in out.splitlines() if ln.startswith("  disc ")]
    assert len(tries) == 8
    monkeypatch.delenv("DISC_DB")
    for cmd in tries:
        args = cmd.split()[1:]
        if args[2] == "serve":
            continue  # a server: not run here
        assert run(*args).exit_code == 0, cmd
    for rule in ("L-LATE-REPLY", "L-LETTER-REPLY-LATE", "A-SILENT-CATEGORY", "A-REPORT-LATE"):
        assert rule in out


# --------------------------------------------------------------------------- the same every time, never over a file
def test_two_builds_are_the_same(run, demo, tmp_path):
    other = tmp_path / "again.db"
    assert run("demo", "--db", other).exit_code == 0
    for args in (["export", "-f", "csv"], ["report", "--year", Y, "--date", "2024-01-19"],
                 ["request", "letters", "-f", "csv"], ["units", "--year", Y, "-f", "csv"],
                 ["report", "--year", Y, "--org", DISTRICT, "--rollup", "--date", "2024-03-20"]):
        a, b = run("--db", demo, *args), run("--db", other, *args)
        assert a.exit_code == b.exit_code == 0 and a.stdout == b.stdout, args
    assert dump(demo) == dump(other)  # every row, the change log and the letters as issued included


def test_an_existing_file_is_refused_and_left_untouched(run, demo, tmp_path):
    target = tmp_path / "mine.db"
    target.write_bytes(demo.read_bytes())
    before = target.read_bytes()
    res = run("demo", "--db", target)
    assert res.exit_code == 2 and "已存在，不会覆盖" in res.stderr and res.stdout == ""
    assert target.read_bytes() == before
    res = run("--db", target, "demo")  # --db before the command: the same
    assert res.exit_code == 2 and target.read_bytes() == before
    res = run("demo", "--db", tmp_path)
    assert res.exit_code == 2 and "是一个文件夹" in res.stderr


def test_a_build_that_fails_leaves_no_file(tmp_path, monkeypatch):
    from disclosure_cli.ledger import db as ledger_db
    from disclosure_cli.report import demo as builder

    def broken(ledger):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(builder, "_items", broken)  # after the units and their settings were written
    with pytest.raises(RuntimeError):
        builder.build(tmp_path / "half.db")
    assert list(tmp_path.glob("half.db*")) == []
    assert ledger_db.committed == []  # nothing reported as saved after an interruption


def test_cases_are_tied_to_their_applications_with_the_laws_decisions(run, demo):
    got = json.loads(run("--db", demo, "case", "list", "-f", "json").stdout)
    assert [(c["request"], c["served"], c["answer_due"], c["answered"], c["decision"], c["result"]) for c in got] == [
        ("2023-002", "2023-03-24", "2023-04-03", "2023-04-03", "review.revoke", "corrected"),
        ("2023-006", "2023-06-15", "2023-06-25", "2023-06-21", "review.uphold", "upheld"),  # 6月25日, a Sunday worked
        ("2023-006", "2023-09-01", "2023-09-18", "2023-09-14", "suit.reject", "upheld"),
        (None, "2023-09-20", "2023-10-07", "2023-09-28", "suit.withdraw", "other"),
        ("2023-014", "2023-12-14", "2023-12-25", "2023-12-22", "review.uphold", "upheld"),
    ]
