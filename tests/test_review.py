"""Issue 23: the review round — units' reports in, problems returned, fixes verified, a 通报 out."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from disclosure_cli.ledger import items
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report import review
from tests.asserts import refused
from tests.conftest import rows, tool_missing

YEAR = "2023"
UNITS = ("南街街道", "北街街道", "河东街道")
OWN_FIVE = {
    "南街街道": "（一）主要问题。南街街道的政策解读形式单一，图解和视频解读偏少；社区公示栏更新不及时，部分公示超期未撤。\n"
              "（二）改进情况。明年将组织社区工作人员培训公示栏管理，每季度检查一次公示内容，并与区融媒体中心合作制作视频解读。",
    "北街街道": "（一）主要问题。北街街道依申请公开的答复文书格式不够统一，个别答复书救济途径表述不准确。\n"
              "（二）改进情况。已对照区里下发的文书范本逐一修订，并安排专人复核每一份答复书后再送达。",
    "河东街道": "（一）主要问题。河东街道基层政务公开标准目录的梳理还不完整，涉农补贴信息公开的时效性不足。\n"
              "（二）改进情况。将在第一季度完成目录梳理，补贴发放后五个工作日内公开发放名单。",
}
COPIED_FIVE = (  # 河东's words, the unit's name swapped in, its two sentences in the other order
    "（一）改进情况。将在第一季度完成目录梳理，补贴发放后五个工作日内公开发放名单。\n"
    "（二）主要问题。北街街道基层政务公开标准目录的梳理还不完整，涉农补贴信息公开的时效性不足。"
)
SIX = "2023年，本街道未收取信息处理费。本街道无其他需要报告的事项。"


def _unit_ledger(tmp: Path, name: str) -> Path:
    db = tmp / f"{name}.db"
    with Ledger.create(db, name) as led:
        for m in range(1, 13):
            items.add_item(led, {"channel": "微信", "category": "工作动态", "title": f"{name}{m}月", "published": f"2023-{m:02d}-06"})
    return db


def _write(run, db: Path, part: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:  # never in a folder that review add reads
        f = Path(scratch) / "part.txt"
        f.write_text(text, encoding="utf-8")
        assert run("--db", db, "narrative", "set", "--year", YEAR, "--part", part, "--file", f).exit_code == 0


def _document(run, db: Path, out: Path, *, five: str, six: str = SIX, one: str | None = None, fmt: str = "txt") -> Path:
    _write(run, db, "五", five)
    _write(run, db, "六", six)
    if one is not None:
        _write(run, db, "一", one)
    res = run("--db", db, "report", "--year", YEAR, "-f", fmt, "-o", out, "--date", "2024-01-15")
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture
def round_(run, tmp_path):
    """A district's ledger with three units, and their first versions: 南街 left part 五 as 「无。」,
    北街 copied 河东's part 五 and its prose claims 5 applications, 河东 deleted the fee sentence."""
    district = tmp_path / "惠农区.db"
    Ledger.create(district, "惠农区").close()
    for name in UNITS:
        assert run("--db", district, "org", "add", name, "--parent", "惠农区").exit_code == 0
    ledgers = {n: _unit_ledger(tmp_path, n) for n in UNITS}
    v1 = tmp_path / "v1"
    v1.mkdir()
    _document(run, ledgers["南街街道"], v1 / "南街街道.txt", five=OWN_FIVE["南街街道"])
    nanjie = (v1 / "南街街道.txt").read_text(encoding="utf-8")
    nanjie = re.sub(r"(五、存在的主要问题及改进情况\n\n).*?(\n\n六、)", r"\1无。\2", nanjie, flags=re.S)
    (v1 / "南街街道.txt").write_text(nanjie, encoding="utf-8")
    _document(run, ledgers["北街街道"], v1 / "北街街道.txt", five=COPIED_FIVE,
              one="（一）依申请公开情况。2023年，北街街道收到政府信息公开申请5件，全部按期答复。")
    _document(run, ledgers["河东街道"], v1 / "河东街道.txt", five=OWN_FIVE["河东街道"], six="河东街道无其他需要报告的事项。")
    hedong = (v1 / "河东街道.txt").read_text(encoding="utf-8")  # the clerk deleted disc's fee sentence
    (v1 / "河东街道.txt").write_text(hedong.replace("2023年，本机关未收取信息处理费。", ""), encoding="utf-8")
    return {"db": district, "ledgers": ledgers, "v1": v1, "tmp": tmp_path}


def _states(db: Path) -> dict[tuple[str, str], str]:
    return {(org, rule): state for org, rule, state in rows(
        db, "SELECT o.name, i.rule, i.state FROM review_issue i JOIN org o ON o.id = i.org_id")}


def test_a_round_from_first_versions_to_the_bulletin(run, round_):
    db, tmp = round_["db"], round_["tmp"]
    res = run("--db", db, "review", "add", round_["v1"], "--received", "2024-01-10")
    assert res.exit_code == 0, res.output
    assert res.output.count("第 1 版") == 3
    res = run("--db", db, "review", "check", "--year", YEAR, "-f", "json")
    copies = [(f["org"], f["where"]) for f in json.loads(res.stdout) if f["rule"] == "REVIEW-COPY"]
    assert sorted(copies) == [("北街街道", "第五部分 与河东街道"), ("河东街道", "第五部分 与北街街道")]
    # 南街's 「无。」 shares only the format's phrases with the others
    st = _states(db)
    assert st[("南街街道", "TXT-PROBLEMS")] == st[("北街街道", "TXT-REQUESTS")] == st[("河东街道", "TXT-FEE")] == "open"
    # returned, with a numbered notice listing where and what
    out = tmp / "南街街道整改通知.docx"
    res = run("--db", db, "review", "return", "南街街道", "--year", YEAR, "-o", out, "--date", "2024-01-12")
    assert res.exit_code == 0 and "政务公开整改〔2024〕1号" in res.output
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    cells = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
    assert "政府信息公开工作年度报告整改通知" in text and "政务公开整改〔2024〕1号" in text and "南街街道：" in text
    assert "于2024年1月19日前报送修改后的版本" in text  # five working days after Friday 12 January
    assert "TXT-PROBLEMS" in cells and "REVIEW-COPY" not in cells
    txt = run("--db", db, "review", "return", "北街街道", "--year", YEAR, "--date", "2024-01-12").stdout
    assert "政务公开整改〔2024〕2号" in txt and "TXT-REQUESTS" in txt and "第五部分 与河东街道" in txt
    refused(run("--db", db, "review", "return", "北街街道", "--year", YEAR), "没有待处理的问题")
    # accepted: 河东 charged nothing and said so by telephone
    fee = next(r for r in rows(db, "SELECT id, rule FROM review_issue") if r[1] == "TXT-FEE")[0]
    assert run("--db", db, "review", "accept", str(fee), "--reason", "经电话核实未收取信息处理费，下年补写").exit_code == 0
    refused(run("--db", db, "review", "accept", str(fee), "--reason", "again"), "已已接受")
    # second versions: 南街 writes its part 五; 北街 rewrites part 五 but keeps the wrong count
    v2 = tmp / "v2"
    v2.mkdir()
    _document(run, round_["ledgers"]["南街街道"], v2 / "南街街道.docx", five=OWN_FIVE["南街街道"], fmt="docx")
    _document(run, round_["ledgers"]["北街街道"], v2 / "北街街道.txt", five=OWN_FIVE["北街街道"],
              one="（一）依申请公开情况。2023年，北街街道收到政府信息公开申请5件，全部按期答复。")
    res = run("--db", db, "review", "add", v2, "--received", "2024-01-20")
    assert res.exit_code == 0 and res.output.count("第 2 版") == 2
    assert run("--db", db, "review", "check", "--year", YEAR, "-f", "json").exit_code == 0
    st = _states(db)
    assert st[("南街街道", "TXT-PROBLEMS")] == "fixed"
    assert st[("河东街道", "REVIEW-COPY")] == st[("北街街道", "REVIEW-COPY")] == "fixed"
    assert st[("北街街道", "TXT-REQUESTS")] == "returned"  # still there in version 2
    assert st[("河东街道", "TXT-FEE")] == "accepted"
    # the same file again is skipped and said: the inbox can be re-run whole
    before = rows(db, "SELECT count(*) FROM review_document")
    again = run("--db", db, "review", "add", v2 / "北街街道.txt")
    assert again.exit_code == 0 and "北街街道.txt：与已登记的第 2 版逐字节相同，跳过" in again.stderr
    assert rows(db, "SELECT count(*) FROM review_document") == before
    # the table of units from their documents
    table = list(csv.DictReader(io.StringIO(run("--db", db, "review", "table", "--year", YEAR, "-f", "csv").stdout)))
    by = {r["org"]: r for r in table}
    assert by["惠农区/南街街道"]["version"] == "2" and by["惠农区/南街街道"]["received"] == "2024-01-10"
    assert by["惠农区/南街街道"]["on_time"] == "True" and by["惠农区/北街街道"]["returned"] == "1"
    # the bulletin: every count from the register
    out = tmp / "通报.docx"
    assert run("--db", db, "review", "bulletin", "--year", YEAR, "-o", out, "--date", "2024-02-05").exit_code == 0
    text = run("--db", db, "review", "bulletin", "--year", YEAR, "--date", "2024-02-05").stdout
    issues = rows(db, "SELECT state FROM review_issue")
    fixed = sum(s in ("fixed", "closed") for (s,) in issues)
    remaining = sum(s in ("open", "returned") for (s,) in issues)
    accepted = sum(s == "accepted" for (s,) in issues)
    assert (f"审核共发现问题 {len(issues)} 处，已改正 {fixed} 处，经核实无需修改 {accepted} 处，尚未改正 {remaining} 处"
            "（其中退回后逾期未改 1 处）") in text  # 北街's count, due 19 January
    assert "已报送 3 个，其中按时报送 3 个" in text
    ranking = [ln.split()[1] for ln in text.splitlines() if re.match(r"^\s*[123]\s+\S+街道", ln)]
    assert ranking[-1] == "北街街道"  # the one with a problem left
    # closing the round
    assert run("--db", db, "review", "close", "--year", YEAR).exit_code == 0
    assert {s for (s,) in rows(db, "SELECT DISTINCT state FROM review_issue")} == {"closed", "returned"}
    # closing changes no count: the accepted problem stays 经核实无需修改, not 已改正 (a break-it pass)
    after = run("--db", db, "review", "bulletin", "--year", YEAR, "--date", "2024-02-05").stdout
    assert f"已改正 {fixed} 处，经核实无需修改 {accepted} 处，尚未改正 {remaining} 处" in after
    table = {r["org"]: r for r in csv.DictReader(io.StringIO(
        run("--db", db, "review", "table", "--year", YEAR, "-f", "csv").stdout))}
    assert (table["惠农区/河东街道"]["accepted"], table["惠农区/河东街道"]["fixed"]) == ("1", "1")
    # 退回问题 counts what an issued notice listed, nothing else: 河东 was never returned
    sent = dict(rows(db, "SELECT o.name, sum(i.notice_id IS NOT NULL) FROM review_issue i JOIN org o ON o.id = i.org_id"
                         " GROUP BY 1"))
    lines = {ln.split()[1]: ln.split() for ln in after.splitlines() if re.match(r"^\s*[123]\s+\S+街道", ln)}
    assert {u: int(cols[4]) for u, cols in lines.items()} == sent and sent["河东街道"] == 0


def test_fingerprints_hold_across_formats_and_pages(run, tmp_path):
    db = _unit_ledger(tmp_path, "南街街道")
    paths = {}
    for fmt in ("txt", "md", "html", "docx"):
        paths[fmt] = _document(run, db, tmp_path / f"r.{fmt}", five="无。",
                               one="（一）依申请公开情况。2023年，南街街道收到政府信息公开申请5件。", fmt=fmt)
    if not tool_missing("soffice", "libreoffice"):  # the PDF too, wherever LibreOffice is (always in CI)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(paths["docx"])],
                       capture_output=True, timeout=180)
        if (tmp_path / "r.pdf").exists():
            paths["pdf"] = tmp_path / "r.pdf"
    text = paths["txt"].read_text(encoding="utf-8")
    moved = tmp_path / "moved.txt"
    moved.write_text(text.replace("五、存在的主要问题及改进情况", "\n" * 60 + "\f五、存在的主要问题及改进情况"), encoding="utf-8")
    paths["moved"] = moved
    from disclosure_cli.report import lint

    prints = {}
    for name, p in paths.items():
        res = lint.lint_file(Path(p))
        prints[name] = {review.fingerprint(f) for f in res.findings if f.rule in ("TXT-PROBLEMS", "TXT-REQUESTS")}
    assert len(prints["txt"]) == 2
    assert all(v == prints["txt"] for v in prints.values()), prints


def test_copy_detection_finds_planted_copies_not_shared_phrases():
    boiler = review.boilerplate()
    names = ["南街街道", "北街街道", "河东街道", "南街", "北街", "河东"]
    a = review.shingles(OWN_FIVE["河东街道"], names, boiler)
    sim, passages = review.similarity(a, review.shingles(COPIED_FIVE, names, boiler), OWN_FIVE["河东街道"], COPIED_FIVE, names)
    assert sim >= 0.8 and passages
    # two honest units: the same opening and the principle of 第五条, their own problems in their own words
    honest = ("（一）主要问题。根据《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。河东街道涉农信息"
              "公开不及时，补贴名单往往在发放一个月后才上墙。（二）改进情况。由农业服务中心在发放当周提交名单，综合办复核后公开。")
    other = ("（一）主要问题。根据《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。北街街道网站栏目"
             "建设滞后，部分栏目半年没有更新。（二）改进情况。明确每个栏目的责任科室，每月底由党政办检查一次更新情况。")
    sim, _ = review.similarity(review.shingles(honest, names, boiler), review.shingles(other, names, boiler), honest, other, names)
    assert sim < 0.6


def test_a_parent_against_the_sum_of_its_units(run, tmp_path):
    district = tmp_path / "惠农区.db"
    Ledger.create(district, "惠农区").close()
    for name in ("南街街道", "北街街道"):
        assert run("--db", district, "org", "add", name, "--parent", "惠农区").exit_code == 0
    south = _unit_ledger(tmp_path, "南街街道")
    run("--db", south, "request", "add", "--received", "2023-03-01", "--applicant-type", "自然人", "--subject", "x")
    docs = tmp_path / "docs"
    docs.mkdir()
    _document(run, south, docs / "南街街道.txt", five=OWN_FIVE["南街街道"])
    parent = tmp_path / "区本级.db"
    with Ledger.create(parent, "惠农区"):
        pass
    _document(run, parent, docs / "惠农区.txt", five=OWN_FIVE["河东街道"].replace("河东街道", "惠农区"))
    res = run("--db", district, "review", "add", docs)
    assert res.exit_code == 0, res.output
    res = run("--db", district, "review", "check", "--year", YEAR, "-f", "json")
    assert res.exit_code == 0, res.output  # warnings only
    got = json.loads(res.stdout)
    mine = {(f["org"], f["rule"], f["where"]) for f in got if f["org"] == "惠农区"}
    assert ("惠农区", "REVIEW-MISSING", "缺北街街道") in mine
    # the sum is not compared while a unit's report is missing; with both in, 表三 new is short by one
    north = _unit_ledger(tmp_path, "北街街道")
    _document(run, north, docs / "北街街道.txt", five=OWN_FIVE["北街街道"])
    assert run("--db", district, "review", "add", docs / "北街街道.txt").exit_code == 0
    res = run("--db", district, "review", "check", "--year", YEAR, "-f", "json")
    assert res.exit_code == 1  # a parent short of its units is an error
    got = json.loads(res.stdout)
    sums = [f for f in got if f["rule"] == "REVIEW-SUM"]
    assert any(f["table"] == "t3" and f["row"] == "new" and f["column"] == "total" and f["expected"] == 1 for f in sums)
    # each unit's figure is named: the wrong one may be a unit's (a break-it pass)
    [new] = [f for f in sums if (f["table"], f["row"], f["column"]) == ("t3", "new", "total")]
    assert "本单位报告为 0，下级单位报告之和为 1（南街街道 1）；请核对是本单位还是下级单位的数字有误" in new["message"]


def test_the_same_round_on_merged_ledgers(run, tmp_path):
    units = {n: _unit_ledger(tmp_path, n) for n in ("南街街道", "北街街道")}
    _write(run, units["南街街道"], "五", "无。")
    district = tmp_path / "惠农区.db"
    Ledger.create(district, "惠农区").close()
    assert run("--db", district, "merge", *units.values()).exit_code == 0
    res = run("--db", district, "review", "add", "--from-ledger", "--year", YEAR, "--received", "2024-01-10")
    assert res.exit_code == 0 and res.output.count("第 1 版") == 2
    assert _states(district)[("南街街道", "TXT-PROBLEMS")] == "open"
    assert run("--db", district, "review", "return", "南街街道", "--year", YEAR).exit_code == 0
    _write(run, units["南街街道"], "五", OWN_FIVE["南街街道"])
    assert run("--db", district, "merge", units["南街街道"]).exit_code == 0
    res = run("--db", district, "review", "add", "--from-ledger", "--year", YEAR)
    assert res.output.count("第 2 版") == 1  # 北街 unchanged: no new version
    assert _states(district)[("南街街道", "TXT-PROBLEMS")] == "fixed"


def test_a_baseline_shows_only_new_findings(run, tmp_path):
    db = _unit_ledger(tmp_path, "南街街道")
    doc = _document(run, db, tmp_path / "r.txt", five="无。")
    base = tmp_path / "已知.txt"
    res = run("lint", doc, "--write-baseline", base, "-f", "json")
    assert "TXT-PROBLEMS" in res.stdout and base.exists()
    res = run("lint", doc, "--baseline", base, "-f", "json")
    assert json.loads(res.stdout) == [] and res.exit_code == 0
    _document(run, db, doc, five="无。", one="（一）依申请公开情况。2023年，南街街道收到政府信息公开申请5件。")
    res = run("lint", doc, "--baseline", base, "-f", "json")
    assert [f["rule"] for f in json.loads(res.stdout)] == ["TXT-REQUESTS"]
    # another unit's report with the same problem: one unit's baseline does not hide it (a break-it pass)
    other = _document(run, _unit_ledger(tmp_path, "北街街道"), tmp_path / "北街.txt", five="无。")
    res = run("lint", other, "--baseline", base, "-f", "json")
    assert [f["rule"] for f in json.loads(res.stdout)] == ["TXT-PROBLEMS"]
    # a baseline written before units were recorded still reads, for any unit
    old = tmp_path / "旧基线.txt"
    old.write_text("# disc lint 基线：以下问题已知，--baseline 时不再列出\n"
                   + "".join(ln.split("\t", 1)[0] + "\tTXT-PROBLEMS\t第五部分\n"
                             for ln in base.read_text(encoding="utf-8").splitlines()[1:]), encoding="utf-8")
    assert json.loads(run("lint", other, "--baseline", old, "-f", "json").stdout) == []


def test_a_notice_that_cannot_be_written_is_not_numbered(run, round_, monkeypatch):
    import errno

    from disclosure_cli import files

    db = round_["db"]
    assert run("--db", db, "review", "add", round_["v1"], "--received", "2024-01-10").exit_code == 0

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    out = round_["tmp"] / "通知.docx"
    res = run("--db", db, "review", "return", "南街街道", "--year", YEAR, "-o", out)
    assert res.exit_code == 1 and "磁盘已满" in res.output
    assert rows(db, "SELECT count(*) FROM review_notice") == [(0,)]
    assert _states(db)[("南街街道", "TXT-PROBLEMS")] == "open"
    monkeypatch.undo()
    res = run("--db", db, "review", "return", "南街街道", "--year", YEAR, "-o", out)
    assert res.exit_code == 0 and "政务公开整改〔2024〕1号" in res.output and out.exists()


def test_an_inbox_is_registered_whole_or_not_at_all_and_can_be_run_again(run, round_, tmp_path):
    """Found by a break-it pass: one bad file stopped the folder halfway with exit 2 after part of it was
    registered, and every re-run then stopped at the first file already registered."""
    db, v1 = round_["db"], round_["v1"]
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for name in ("南街街道", "北街街道"):
        (inbox / f"{name}.txt").write_bytes((v1 / f"{name}.txt").read_bytes())
    (inbox / "报送说明.txt").write_text("请各街道于1月10日前报送。\n", encoding="utf-8")  # a cover note, not a report
    (inbox / "空.txt").write_bytes(b"")
    (inbox / "河东街道.txt").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)  # a broken Word file named .txt
    res = run("--db", db, "review", "add", inbox, "--received", "2024-01-10")
    refused(res, "以下文件未能登记，本次没有登记任何文件", "河东街道.txt")
    assert rows(db, "SELECT count(*) FROM review_document") == [(0,)]
    (inbox / "河东街道.txt").unlink()
    res = run("--db", db, "review", "add", inbox, "--received", "2024-01-10")
    assert res.exit_code == 0, res.output
    assert "报送说明.txt：不像年度报告" in res.stderr and "空.txt：空文件，跳过" in res.stderr
    assert rows(db, "SELECT o.name, d.version FROM review_document d JOIN org o ON o.id = d.org_id ORDER BY 1") == [
        ("北街街道", 1), ("南街街道", 1)]
    (inbox / "河东街道.txt").write_bytes((v1 / "河东街道.txt").read_bytes())
    res = run("--db", db, "review", "add", inbox, "--received", "2024-01-11")  # the whole inbox again
    assert res.exit_code == 0, res.output
    assert "南街街道.txt：与已登记的第 1 版逐字节相同，跳过" in res.stderr
    assert rows(db, "SELECT count(*) FROM review_document") == [(3,)]
    # a file named on the command line must be a report; an empty one says so
    refused(run("--db", db, "review", "add", inbox / "空.txt"), "空.txt：文件为空")


def test_org_names_one_file_and_never_another_units_report(run, round_):
    db, v1 = round_["db"], round_["v1"]
    refused(run("--db", db, "review", "add", v1 / "南街街道.txt", v1 / "北街街道.txt", "--org", "南街街道"),
            "一次只能用于一个文件")
    refused(run("--db", db, "review", "add", v1 / "北街街道.txt", "--org", "南街街道"),
            "北街街道.txt：文档标题是「北街街道」的报告", "--org 指定的是 南街街道")
    assert rows(db, "SELECT count(*) FROM review_document") == [(0,)]


def test_units_equal_on_every_criterion_share_a_rank(monkeypatch, tmp_path):
    db = tmp_path / "r.db"
    Ledger.create(db, "惠农区").close()

    def unit(name, remaining, on_time=True, errors=0):
        return {"org": f"惠农区/{name}", "version": 1, "on_time": on_time, "errors": errors, "open": remaining,
                "returned": 0, "late": 0, "fixed": 0, "accepted": 0, "sent_back": 0}

    made = [unit("甲街道", 0), unit("乙街道", 0), unit("丙街道", 1), unit("丁街道", 1), unit("戊街道", 1, errors=2)]
    monkeypatch.setattr(review, "table_rows", lambda *a, **k: made)
    with Ledger.open(db) as led:
        doc = review.bulletin_blocks(led, 2023, "惠农区政务公开办", "2024-02-05")
    [ranking] = [b[2] for b in doc["blocks"] if isinstance(b, tuple) and b[0] == "table" and b[1][0] == "排名"]
    assert [(r[0], r[1]) for r in ranking] == [("1", "乙街道"), ("1", "甲街道"), ("3", "丁街道"), ("3", "丙街道"),
                                               ("5", "戊街道")]


def test_a_notice_or_bulletin_goes_only_into_a_docx_or_txt_and_never_over_a_sent_report(run, round_, tmp_path):
    db, v1 = round_["db"], round_["v1"]
    assert run("--db", db, "review", "add", v1, "--received", "2024-01-10").exit_code == 0
    refused(run("--db", db, "review", "bulletin", "--year", YEAR, "-o", tmp_path / "通报.pdf"),
            "通报只能写成 .docx、.txt 文件，而不是 通报.pdf")
    refused(run("--db", db, "review", "return", "南街街道", "--year", YEAR, "-o", tmp_path / "通知.xlsx"),
            "整改通知只能写成 .docx、.txt 文件")
    refused(run("--db", db, "review", "return", "南街街道", "--year", YEAR, "-o", v1 / "北街街道.txt"),
            "是已登记的 北街街道 第 1 版报告：不会覆盖它")
    assert rows(db, "SELECT count(*) FROM review_notice") == [(0,)]  # no number used up
    assert not (tmp_path / "通报.pdf").exists() and not (tmp_path / "通知.xlsx").exists()


@pytest.mark.parametrize("fmt", ["docx", "html", "txt"])
def test_two_honest_reports_disc_drafted_are_no_copies_in_any_format(run, tmp_path, fmt):
    """Found by a break-it pass: the month chart's title, legend and note, read back from a Word file as
    part 一's text, made two honest docx reports 100 % alike (their txt were not)."""
    district = tmp_path / "惠农区.db"
    Ledger.create(district, "惠农区").close()
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for name in ("南街街道", "北街街道"):
        assert run("--db", district, "org", "add", name, "--parent", "惠农区").exit_code == 0
        res = run("--db", _unit_ledger(tmp_path, name), "report", "--year", YEAR, "-f", fmt, "-o", inbox / f"{name}.{fmt}",
                  "--date", "2024-01-15")
        assert res.exit_code == 0, res.output
    assert run("--db", district, "review", "add", inbox, "--received", "2024-01-10").exit_code == 0
    res = run("--db", district, "review", "check", "--year", YEAR, "-f", "json")
    assert [f for f in json.loads(res.stdout) if f["rule"] == "REVIEW-COPY"] == []


def test_check_names_units_that_sent_nothing_when_the_district_sends_no_report_itself(run, round_):
    db, v1 = round_["db"], round_["v1"]
    assert run("--db", db, "review", "add", v1 / "南街街道.txt", "--received", "2024-01-10").exit_code == 0
    res = run("--db", db, "review", "check", "--year", YEAR, "-f", "json")
    missing = sorted(f["org"] for f in json.loads(res.stdout) if f["rule"] == "REVIEW-MISSING")
    assert missing == ["北街街道", "河东街道"]
    bulletin = run("--db", db, "review", "bulletin", "--year", YEAR, "--date", "2024-02-05").stdout
    assert "未报送：北街街道、河东街道" in bulletin


def test_a_notice_and_a_bulletin_on_a_terminal_fit_80_columns(run, round_):
    """A break-it pass: printed to the screen they were 105–271 columns wide."""
    from disclosure_cli.text import display_width
    from tests.terminal import pty_run

    db, v1 = round_["db"], round_["v1"]
    assert run("--db", db, "review", "add", v1, "--received", "2024-01-10").exit_code == 0
    for args in (("review", "return", "南街街道", "--year", YEAR, "--date", "2024-01-12"),
                 ("review", "bulletin", "--year", YEAR, "--date", "2024-02-05")):
        seen = pty_run(["--db", db, *args], columns=80, timeout=120)
        assert seen.code == 0, seen.text
        lines = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.text).replace("\r", "").split("\n")
        assert max(display_width(ln) for ln in lines) <= 80, args
        assert any("TXT-PROBLEMS" in ln for ln in lines), args  # the rule code whole


def test_a_file_named_for_one_unit_titled_for_another_is_held_back(run, round_, tmp_path):
    """A break-it pass: 北街街道修改稿.txt whose title still said 南街街道 was filed as 南街's version."""
    db, v1 = round_["db"], round_["v1"]
    copy = tmp_path / "北街街道 修改稿.txt"
    copy.write_bytes((v1 / "南街街道.txt").read_bytes())
    refused(run("--db", db, "review", "add", copy, "--received", "2024-01-10"),
            "文件名（或所在文件夹）指向「北街街道」，而文档标题是「南街街道」的报告")
    assert rows(db, "SELECT count(*) FROM review_document") == [(0,)]
    named = tmp_path / "惠农区南街街道年报.txt"  # the district's name in the file name proves nothing
    named.write_bytes((v1 / "南街街道.txt").read_bytes())
    assert run("--db", db, "review", "add", named, "--received", "2024-01-10").exit_code == 0


def test_small_refusals_of_the_review_commands(run, round_):
    """A break-it pass: Chinese state names refused, a received date in the future pointed to an option
    review add lacks, one before the year's end accepted, a problem of another year accepted."""
    db, v1 = round_["db"], round_["v1"]
    refused(run("--db", db, "review", "add", v1, "--received", "2099-01-10"), "报告不会在将来收到")
    refused(run("--db", db, "review", "add", v1, "--received", "2023-06-01"), "收到日期 2023-06-01 早于 2023 年度结束")
    assert rows(db, "SELECT count(*) FROM review_document") == [(0,)]
    assert run("--db", db, "review", "add", v1, "--received", "2024-01-10").exit_code == 0
    res = run("--db", db, "review", "list", "--year", YEAR, "--state", "待处理", "-f", "csv")
    assert res.exit_code == 0 and len(res.stdout.strip().splitlines()) > 1
    first = rows(db, "SELECT min(id) FROM review_issue")[0][0]
    refused(run("--db", db, "review", "accept", str(first), "--year", "2022", "--reason", "x"), "是 2023 年度的，不是 --year 给出的 2022 年度")


def test_the_table_counts_problems_found_across_documents_too(run, round_):
    db = round_["db"]
    assert run("--db", db, "review", "add", round_["v1"], "--received", "2024-01-10").exit_code == 0
    assert run("--db", db, "review", "check", "--year", YEAR).exit_code == 0
    table = {r["org"]: r for r in csv.DictReader(io.StringIO(run("--db", db, "review", "table", "--year", YEAR, "-f", "csv").stdout))}
    for name in ("北街街道", "河东街道"):
        [(doc_w,)] = rows(db, "SELECT d.warnings FROM review_document d JOIN org o ON o.id = d.org_id WHERE o.name = ?", (name,))
        [(cross,)] = rows(db, "SELECT count(*) FROM review_issue i JOIN org o ON o.id = i.org_id"
                              " WHERE o.name = ? AND i.rule LIKE 'REVIEW-%' AND i.severity = 'W'", (name,))
        assert cross >= 1 and int(table[f"惠农区/{name}"]["warnings"]) == doc_w + cross  # REVIEW-COPY counted


def test_an_inbox_of_folders_per_unit_and_every_bad_file_named_at_once(run, round_, tmp_path):
    """A second break-it pass: a copy in a folder named for another unit got through; a missing file hid
    the other bad ones; Word's lock files were skipped without a word."""
    db, v1 = round_["db"], round_["v1"]
    inbox = tmp_path / "收件箱"
    (inbox / "北街街道").mkdir(parents=True)
    (inbox / "北街街道" / "年报.txt").write_bytes((v1 / "南街街道.txt").read_bytes())
    (inbox / "南街街道").mkdir()
    (inbox / "南街街道" / "~$年报.docx").write_bytes(b"\x05lock")
    (tmp_path / "坏.txt").write_text("你好\n", encoding="utf-8")
    res = run("--db", db, "review", "add", inbox, tmp_path / "坏.txt", tmp_path / "没有.txt", "--received", "2024-01-10")
    refused(res, "年报.txt：文件名（或所在文件夹）指向「北街街道」", "坏.txt：", "没有.txt：找不到文件")
    assert rows(db, "SELECT count(*) FROM review_document") == [(0,)]
    (inbox / "北街街道" / "年报.txt").write_bytes((v1 / "北街街道.txt").read_bytes())
    res = run("--db", db, "review", "add", inbox, "--received", "2024-01-10")
    assert res.exit_code == 0 and "~$年报.docx：Word 打开文档时留下的临时文件，跳过" in res.stderr
