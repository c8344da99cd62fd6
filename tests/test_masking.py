"""Personal data masked wherever it is typed (issue 19): one masker, every spelling, every output that
does not ask for personal data, and after a purge too."""

from __future__ import annotations

import json
import sqlite3

import pytest

from disclosure_cli.personal import MASK, Masker, digest, fold, fold_value
from tests.conftest import rows

NAME = "欧阳明远"
PHONE = "13909521234"
IDNO = "64020219800101123X"
HOME = "南街幸福巷7号"


# --------------------------------------------------------------------------- the masker alone
@pytest.mark.parametrize(
    "typed",
    [
        "欧阳明远",
        "欧阳 明远",  # a space inside
        "13909521234",
        "139-0952-1234",  # dashes
        "139 0952 1234",  # spaces
        "１３９０９５２１２３４",  # full-width digits
        "139－0952－1234",  # full-width dashes
        "64020219800101123X",
        "64020219800101123x",  # lower-case x
        "６４０２０２１９８００１０１１２３Ｘ",  # full-width ID number
        "南街幸福巷７号",
    ],
)
def test_each_spelling_is_masked(typed):
    mask = Masker([NAME, PHONE, IDNO, HOME])
    text = f"申请人来电：{typed}，要求公开"
    assert mask.mask(text) == f"申请人来电：{MASK}，要求公开"
    assert mask.hit(text)


def test_purged_values_are_masked_from_their_hashes_alone():
    salt = b"0123456789abcdef"
    hashed = [(len(fold_value(v)), digest(fold_value(v), salt)) for v in (NAME, PHONE, IDNO)]
    mask = Masker(hashed=hashed, salt=salt)
    assert mask.mask("欧阳明远（139-0952-1234，身份证64020219800101123x）来访") == f"{MASK}（{MASK}，身份证{MASK}）来访"
    assert mask.mask("某小区改造规划") == "某小区改造规划"
    assert Masker(hashed=hashed, salt=b"another-salt----").mask(NAME) == NAME  # the salt is the ledger's own


def test_fold_keeps_positions():
    folded, where = fold("电话 １３９-0")
    assert folded == "电话1390" and where == [0, 1, 3, 4, 5, 7]


def test_short_and_empty_values_never_mask():
    mask = Masker(["王", "", "x"])
    assert not mask and mask.mask("王先生") == "王先生"


# --------------------------------------------------------------------------- every output of a ledger
@pytest.fixture
def ledger_with_names(run, tmp_path):
    """An application whose subject and a pause reason name the applicant and the phone; another
    applicant; a consultation letter to a private person."""
    db = tmp_path / "l.db"
    ok = lambda res: res.exit_code == 0 or pytest.fail(res.output)  # noqa: E731
    ok(run("--db", db, "init", "--org", "惠农区南街街道"))
    ok(run("--db", db, "org", "set", "惠农区南街街道", "--review-body", "惠农区人民政府", "--court", "惠农区人民法院",
           "--letter-prefix", "惠南街依复", "--phone", "0952-3012345", "--address", "南街幸福路12号"))
    ok(run("--db", db, "request", "add", "--received", "2024-03-04", "--applicant-type", "自然人",
           "--subject", "欧阳明远（电话139-0952-1234）要求公开某小区改造规划", "--name", NAME, "--phone", PHONE,
           "--id-number", IDNO, "--address", HOME))
    ok(run("--db", db, "request", "add", "--received", "2024-03-05", "--applicant-type", "自然人",
           "--subject", "代欧阳明远询问进度", "--name", "李四海"))
    ok(run("--db", db, "request", "pause", "2024-001", "--from", "2024-03-06", "--to", "2024-03-08",
           "--reason", "征求王五金意见"))
    ok(run("--db", db, "request", "letter", "2024-001", "--kind", "consult", "--to", "王五金", "--date", "2024-03-06"))
    ok(run("--db", db, "request", "close", "2024-001", "--outcome", "予以公开", "--date", "2024-03-20"))
    ok(run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "回复欧阳明远的咨询", "-d", "2024-03-21"))
    return db


def _no_personal(text: str, *, allowed: tuple[str, ...] = ()) -> None:
    for value in (NAME, PHONE, "139-0952-1234", IDNO, HOME, "王五金", "李四海"):
        if value not in allowed:
            assert value not in text, (value, text)


COMMANDS = [
    ("log", "1"),
    ("log",),
    ("list", "-f", "csv"),
    ("export", "-f", "csv"),
    ("explain", "--year", "2024", "--table", "t3", "--row", "new", "--column", "natural_person", "-f", "csv"),
    ("explain", "--year", "2024", "--table", "items", "--row", "wechat", "--column", "total", "-f", "csv"),
    ("request", "list", "-f", "csv", "--today", "2024-06-01"),
    ("request", "list", "--overdue", "-f", "csv", "--today", "2024-06-01"),
    ("request", "show", "2024-001", "--today", "2024-06-01"),
    ("request", "show", "2024-002", "--today", "2024-06-01", "--format", "json"),
    ("request", "letters", "-f", "csv"),
    ("check", "--year", "2024", "-f", "csv", "--today", "2024-06-01"),
    ("report", "--year", "2024", "-f", "txt", "--date", "2025-01-20"),
    ("due", "-f", "csv", "--today", "2024-03-06"),
    ("due", "-f", "ics", "--today", "2024-03-06"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_output_without_include_personal_shows_a_typed_name(run, ledger_with_names, args):
    res = run("--db", ledger_with_names, *args)
    assert res.exit_code in (0, 1), res.output  # request list --overdue and check: 1 when they find something
    _no_personal(res.stdout)


def test_include_personal_shows_them(run, ledger_with_names):
    out = run("--db", ledger_with_names, "request", "show", "2024-001", "--include-personal", "--today", "2024-06-01").stdout
    assert NAME in out and PHONE in out


def test_letters_name_their_addressee_and_mask_everyone_else(run, ledger_with_names):
    db = ledger_with_names
    reply = run("--db", db, "request", "letter", "2024-001", "--note", "请到窗口领取。").stdout
    assert reply.count(NAME) >= 1 and f"{NAME}：" in reply  # the applicant's own letter names the applicant
    consult = run("--db", db, "request", "letter", "2024-001", "--kind", "consult", "--to", "王五金").stdout
    assert "王五金：" in consult  # the third party it is addressed to
    _no_personal(consult, allowed=("王五金",))  # …but not the applicant named in the subject
    other = run("--db", db, "request", "letter", "2024-002", "--kind", "receipt").stdout
    assert "李四海：" in other
    _no_personal(other, allowed=("李四海",))


def test_purge_masks_free_text_the_log_and_what_is_typed_later(run, ledger_with_names, tmp_path):
    db = ledger_with_names
    res = run("--db", db, "request", "purge-personal", "--before", "2024-04-01")
    assert res.exit_code == 0, res.output
    raw = db.read_bytes()
    for value in (NAME, PHONE, IDNO, "王五金"):
        assert value.encode() not in raw, value  # not in the file at all: records, log, free pages
    assert rows(db, "SELECT subject FROM request WHERE seq = 1") == [(f"{MASK}（电话{MASK}）要求公开某小区改造规划",)]
    assert rows(db, "SELECT reason FROM request_pause") == [(f"征求{MASK}意见",)]
    # the log's copies were masked and re-sealed: check finds no tampering
    assert not [f for f in json.loads(run("--db", db, "check", "--year", "2024", "-f", "json", "--today", "2024-06-01").stdout)
                if f["rule"] == "L-TAMPERED"]
    # typed again after the purge: masked from the remembered hashes
    assert run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "欧阳 明远再次来电１３９０９５２１２３４",
               "-d", "2024-05-06").exit_code == 0
    out = run("--db", db, "list", "-f", "csv").stdout
    assert f"{MASK}再次来电{MASK}" in out
    _no_personal(out)


def test_serve_copy_masks_every_spelling_after_a_purge(run, ledger_with_names, tmp_path):
    from disclosure_cli.ledger import browse
    from disclosure_cli.ledger.db import Ledger

    db = ledger_with_names
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "电话１３９ ０９５２ １２３４，身份证64020219800101123x", "-d", "2024-05-06")
    assert run("--db", db, "request", "purge-personal", "--before", "2024-04-01").exit_code == 0
    with Ledger.open(db) as led:
        copy = browse.make_copy(led, tmp_path / "served.db")
    conn = sqlite3.connect(copy.path)
    cells = [v for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
             for row in conn.execute(f'SELECT * FROM "{t}"') for v in row if isinstance(v, str)]
    conn.close()
    _no_personal("\n".join(cells))
    assert not any("6402021980" in c for c in cells)
    assert any(f"电话{MASK}，身份证{MASK}" in c for c in cells)


def test_due_masks_a_subject_before_cutting_it_and_in_the_calendar_file(run, tmp_path):
    """Found by a break-it pass: the subject was cut to 20 characters first, so a phone number across
    the cut no longer matched and its first digits printed; the .ics was not masked at all."""
    db = tmp_path / "d.db"
    assert run("--db", db, "init", "--org", "某街道").exit_code == 0
    assert run("--db", db, "request", "add", "--received", "2024-07-01", "--applicant-type", "自然人", "--subject",
               "周九本人的低保档案，联系电话13912340000", "--name", "周九", "--phone", "13912340000").exit_code == 0
    for fmt in ("csv", "json", "table", "ics"):
        res = run("--db", db, "due", "-f", fmt, "--today", "2024-07-02")
        assert res.exit_code == 0, res.output
        assert "周九" not in res.stdout and "139123" not in res.stdout, (fmt, res.stdout)
    assert "＊＊＊本人的低保档案，联系电话＊＊＊" in run("--db", db, "due", "-f", "csv", "--today", "2024-07-02").stdout
