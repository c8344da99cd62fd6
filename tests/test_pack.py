"""Issue 25, item 4: the evidence pack — `disc request pack` and `disc case pack` write the zip a
复议机关 or a court asks for: the application as recorded, every letter as issued (docx and txt, the
voided ones apart and marked), the deadline derivation, the steps, the deliveries, the change log,
the case record, and a manifest of SHA-256 hashes; the same ledger gives the same bytes, in this
process or another; another applicant's name never appears, the own applicant's only when asked."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DISC, Run, dump

ORG = "惠农区南街街道"
OWN = ("张三", "13909521234", "南街幸福路8号")
OTHER = ("李四", "13800001111")
PARTY = "某某置业有限公司"
R = "申请2024-001"
APPLICATION_FILES = [
    "1-申请与答复期限.txt",
    "2-办理步骤.txt",
    "3-送达记录.txt",
    "4-修改记录.txt",
    "5-记录数据.json",
    "文书/01-惠南街依复〔2024〕1号-登记回执.docx",
    "文书/01-惠南街依复〔2024〕1号-登记回执.txt",
    "文书/03-惠南街依复〔2024〕3号-补正通知书.docx",
    "文书/03-惠南街依复〔2024〕3号-补正通知书.txt",
    "文书/04-惠南街依复〔2024〕4号-第三方意见征询函.docx",
    "文书/04-惠南街依复〔2024〕4号-第三方意见征询函.txt",
    "文书/05-惠南街依复〔2024〕5号-征求意见告知书.docx",
    "文书/05-惠南街依复〔2024〕5号-征求意见告知书.txt",
    "文书/06-惠南街依复〔2024〕6号-延期答复告知书.docx",
    "文书/06-惠南街依复〔2024〕6号-延期答复告知书.txt",
    "文书/07-惠南街依复〔2024〕7号-决定公开告知书.docx",
    "文书/07-惠南街依复〔2024〕7号-决定公开告知书.txt",
    "文书/08-惠南街依复〔2024〕8号-答复书.docx",
    "文书/08-惠南街依复〔2024〕8号-答复书.txt",
    "文书/已作废/02-惠南街依复〔2024〕2号-补正通知书.docx",
    "文书/已作废/02-惠南街依复〔2024〕2号-补正通知书.txt",
]


def _ok(res) -> str:  # type: ignore[no-untyped-def]
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """An application with a 补正 (its notice reissued), a consultation the third party objected to, a
    pause, an extension, a 决定公开告知书, a reply delivered by post, and a review case; and another
    applicant's application, whose name the clerk typed into the first one's subject and a note."""
    folder = tmp_path_factory.mktemp("pack")
    path = folder / "南街.db"
    d = ["--db", path]
    steps = [
        ["init", "--org", ORG],
        ["org", "set", ORG, "--review-body", "惠农区人民政府", "--court", "惠农区人民法院", "--letter-prefix", "惠南街依复",
         "--phone", "0952-3012345", "--address", "南街幸福路12号"],
        ["request", "add", "--received", "2024-03-01", "--applicant-type", "自然人", "--subject", "某小区改造规划（李四也反映过）",
         "--via", "信函", "--name", OWN[0], "--phone", OWN[1], "--address", OWN[2]],
        ["request", "add", "--received", "2024-03-04", "--applicant-type", "自然人", "--subject", "其他事项",
         "--name", OTHER[0], "--phone", OTHER[1]],
        ["request", "letter", "2024-001", "--kind", "receipt"],
        ["request", "correction", "2024-001", "--sent", "2024-03-05"],
        ["request", "letter", "2024-001", "--kind", "correction", "--note", "请写明小区名称"],
        ["request", "letter", "2024-001", "--kind", "correction", "--reissue", "--reason", "补正事项写错",
         "--note", "请写明小区名称和年份"],
        ["request", "correction", "2024-001", "--received", "2024-03-08"],
        ["request", "letter", "2024-001", "--kind", "consult", "--to", PARTY, "--date", "2024-03-11"],
        ["request", "pause", "2024-001", "--from", "2024-03-11", "--reason", "征求第三方意见"],
        ["request", "letter", "2024-001", "--kind", "pause_notice"],
        ["request", "consult-answer", "2024-001", "--from", PARTY, "--date", "2024-03-15", "--objects",
         "--note", "涉及商业秘密；李四曾来电询问"],
        ["request", "pause", "2024-001", "--to", "2024-03-15"],
        ["request", "extend", "2024-001", "--approved-by", "王主任", "--date", "2024-03-29"],
        ["request", "letter", "2024-001", "--kind", "extension"],
        ["request", "close", "2024-001", "--outcome", "予以公开", "--date", "2024-04-10"],
        ["request", "letter", "2024-001", "--kind", "disclose_notice", "--to", PARTY,
         "--note", "规划方案中不涉及商业秘密的部分，公开更有利于公共利益"],
        ["request", "letter", "2024-001", "--note", "随本答复书提供规划图一份。", "--delivered", "2024-04-12", "--by", "邮寄",
         "--delivery-note", "EMS1234567"],
        ["case", "add", "--kind", "review", "--filed", "2024-05-06", "--ref", "惠复〔2024〕12号", "--request", "2024-001",
         "--served", "2024-05-08"],
        ["case", "answer", "1", "--date", "2024-05-17"],
        ["case", "close", "1", "--decision", "维持", "--date", "2024-07-01"],
    ]
    with pytest.MonkeyPatch.context() as mp:  # what tests.conftest._isolate_env does for one test
        mp.setenv("DISC_CLERK", "测试员")
        mp.setenv("DISC_STATE_DIR", str(folder / ".disc-state"))
        mp.delenv("DISC_DB", raising=False)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        run = Run()
        for args in steps:
            _ok(run(*d, *args))
    return path


@pytest.fixture
def db(built, tmp_path) -> Path:
    """A copy of the built ledger for one test (same file name: the manifest names it)."""
    path = tmp_path / built.name
    shutil.copyfile(built, path)
    return path


def _pack(run, db: Path, out: Path, *args: str) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    _ok(run("--db", db, *args, "-o", out))
    return zipfile.ZipFile(out)


def _texts(z: zipfile.ZipFile) -> dict[str, str]:
    """Every entry as text; a docx as the text of all its XML parts."""
    out = {}
    for name in z.namelist():
        data = z.read(name)
        if name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                out[name] = "\n".join(inner.read(n).decode("utf-8") for n in inner.namelist() if n.endswith((".xml", ".rels")))
        else:
            out[name] = data.decode("utf-8")
    return out


def test_request_pack_holds_exactly_the_application_its_letters_and_a_manifest(run, db, tmp_path):
    z = _pack(run, db, tmp_path / "2024-001.zip", "request", "pack", "2024-001")
    assert z.namelist() == sorted(f"{R}/{p}" for p in [*APPLICATION_FILES, "manifest.json", "清单.txt"])
    for info in z.infolist():
        assert info.external_attr >> 16 == 0o100644 and info.create_system == 3
    text = _texts(z)
    steps = text[f"{R}/2-办理步骤.txt"]
    assert "2024年3月5日发出补正通知；2024年3月8日收到补正" in steps
    assert "延长20个工作日，王主任同意，2024年3月29日批准" in steps
    assert "2024年3月11日至2024年3月15日（征求第三方意见）" in steps
    assert "第三方或机关的意见：＊＊＊，不同意公开" in steps
    assert "惠南街依复〔2024〕2号 补正通知书" in steps and "【已作废：" in steps and "补正事项写错" in steps
    assert "2024年4月12日邮寄送达；说明：EMS1234567" in text[f"{R}/3-送达记录.txt"]
    log = text[f"{R}/4-修改记录.txt"]
    assert "（add request 1）" in log and "（void letter 2）" in log and "（add delivery 1）" in log
    voided = text[f"{R}/文书/已作废/02-惠南街依复〔2024〕2号-补正通知书.txt"]
    assert voided.startswith("【已作废】本文书于 ") and "编号 惠南街依复〔2024〕2号 不再使用" in voided
    assert "请写明小区名称\n" in voided
    assert "【已作废】" in text[f"{R}/文书/已作废/02-惠南街依复〔2024〕2号-补正通知书.docx"]
    assert "已作废" not in text[f"{R}/文书/03-惠南街依复〔2024〕3号-补正通知书.txt"]
    notice = text[f"{R}/文书/07-惠南街依复〔2024〕7号-决定公开告知书.txt"]
    assert "决定予以公开" in notice and "规划方案中不涉及商业秘密的部分" in notice
    data = json.loads(text[f"{R}/5-记录数据.json"])
    assert data["application"]["outcome"] == "granted" and data["status"]["status"] == "closed"
    assert [lt["number"] for lt in data["letters"] if lt["voided_at"]] == ["惠南街依复〔2024〕2号"]
    assert data["deliveries"][0]["method"] == "post" and "personal" not in data


def test_the_deadline_derivation_is_what_request_show_explains(run, db, tmp_path):
    shown = _ok(run("--db", db, "request", "show", "2024-001"))
    z = _pack(run, db, tmp_path / "p.zip", "request", "pack", "2024-001")
    packed = z.read(f"{R}/1-申请与答复期限.txt").decode("utf-8")
    steps = [line for line in shown.splitlines() if line.startswith("  ")]
    assert len(steps) >= 5 and "答复期限：2024年5月14日" in shown
    for line in steps:
        assert line in packed


def test_every_manifest_hash_matches_its_entry(run, db, tmp_path):
    z = _pack(run, db, tmp_path / "p.zip", "request", "pack", "2024-001")
    manifest = json.loads(z.read(f"{R}/manifest.json"))
    listed = {f["path"]: f for f in manifest["files"]}
    assert sorted(listed) == sorted(APPLICATION_FILES)
    listing = z.read(f"{R}/清单.txt").decode("utf-8")
    for path, f in listed.items():
        data = z.read(f"{R}/{path}")
        assert f["sha256"] == hashlib.sha256(data).hexdigest() and f["size"] == len(data)
        assert f"{f['sha256']}  {path}" in listing
    assert manifest["unit"] == ORG and manifest["ledger_file"] == "南街.db" and manifest["pack"] == "request"
    assert manifest["include_personal"] is False and manifest["ledger_id"]
    assert manifest["as_of"] == manifest["latest_record"][:10]
    assert f"单位：{ORG}" in listing and "台账文件：南街.db" in listing
    # every entry carries the latest record's time, not the time it was built
    stamp = manifest["latest_record"]
    expected = tuple(int(x) for x in (stamp[:4], stamp[5:7], stamp[8:10], stamp[11:13], stamp[14:16]))
    assert {i.date_time[:5] for i in z.infolist()} == {expected}


def test_two_builds_and_a_build_in_another_process_are_the_same_bytes(run, db, tmp_path):
    first = tmp_path / "1.zip"
    _ok(run("--db", db, "request", "pack", "2024-001", "-o", first))
    _ok(run("--db", db, "request", "pack", "2024-001", "-o", tmp_path / "2.zip"))
    assert first.read_bytes() == (tmp_path / "2.zip").read_bytes()
    env = {**os.environ, "TZ": "America/New_York", "DISC_CLERK": "另一人"}
    for args, name in ((["request", "pack", "2024-001"], "1.zip"), (["case", "pack", "1"], "c.zip")):
        if name == "c.zip":
            _ok(run("--db", db, *args, "-o", tmp_path / name))
        other = tmp_path / f"其他进程-{name}"
        got = subprocess.run([*DISC, "--db", str(db), *args, "-o", str(other)], env=env, capture_output=True, text=True,
                             timeout=120, preexec_fn=lambda: os.umask(0o077))
        assert got.returncode == 0, got.stderr
        assert other.read_bytes() == (tmp_path / name).read_bytes(), name


def test_another_applicants_name_appears_nowhere(run, db, tmp_path):
    """李四 was typed into the subject and a third party's note: masked in every file, the docx XML
    included, with or without --include-personal, in the case pack too."""
    packs = [
        _pack(run, db, tmp_path / "a.zip", "request", "pack", "2024-001"),
        _pack(run, db, tmp_path / "b.zip", "request", "pack", "2024-001", "--include-personal"),
        _pack(run, db, tmp_path / "c.zip", "case", "pack", "1"),
        _pack(run, db, tmp_path / "d.zip", "case", "pack", "1", "--include-personal"),
    ]
    for z in packs:
        for name, text in _texts(z).items():
            for value in OTHER:
                assert value not in text, (z.filename, name, value)
        record = next(n for n in z.namelist() if n.endswith(f"{R}/1-申请与答复期限.txt"))
        assert "某小区改造规划（＊＊＊也反映过）" in z.read(record).decode("utf-8")


def test_the_own_applicant_appears_only_with_include_personal(run, db, tmp_path):
    plain = _texts(_pack(run, db, tmp_path / "a.zip", "request", "pack", "2024-001"))
    for name, text in plain.items():
        for value in (*OWN, PARTY):
            assert value not in text, (name, value)
    assert plain[f"{R}/文书/08-惠南街依复〔2024〕8号-答复书.txt"].splitlines()[4] == "申请人："
    assert "＊＊＊：" in plain[f"{R}/文书/04-惠南街依复〔2024〕4号-第三方意见征询函.txt"]
    z = _pack(run, db, tmp_path / "b.zip", "request", "pack", "2024-001", "--include-personal")
    personal = _texts(z)
    reply = personal[f"{R}/文书/08-惠南街依复〔2024〕8号-答复书.txt"]
    assert f"{OWN[0]}：" in reply and f"送达地址：{OWN[2]}" in reply
    assert f"{OWN[0]}：" in personal[f"{R}/文书/08-惠南街依复〔2024〕8号-答复书.docx"]
    assert f"姓名 {OWN[0]}" in personal[f"{R}/1-申请与答复期限.txt"]
    assert f"{PARTY}：" in personal[f"{R}/文书/04-惠南街依复〔2024〕4号-第三方意见征询函.txt"]
    # the letter to the third party as issued: the applicant is not named to it
    assert OWN[0] not in personal[f"{R}/文书/04-惠南街依复〔2024〕4号-第三方意见征询函.txt"]
    assert json.loads(personal[f"{R}/5-记录数据.json"])["personal"]["name"] == OWN[0]
    assert json.loads(z.read(f"{R}/manifest.json"))["include_personal"] is True


def test_case_pack_holds_the_case_record_and_its_application(run, db, tmp_path):
    z = _pack(run, db, tmp_path / "案件1.zip", "case", "pack", "1")
    own = ["1-案件记录.txt", "2-案件修改记录.txt", "3-案件记录数据.json"]
    application = [f"{R}/{p}" for p in APPLICATION_FILES]
    assert z.namelist() == sorted(f"案件1/{p}" for p in [*own, *application, "manifest.json", "清单.txt"])
    record = z.read("案件1/1-案件记录.txt").decode("utf-8")
    assert "类型：行政复议" in record and "案号：惠复〔2024〕12号" in record
    assert "收到复议申请书或起诉状副本：2024年5月8日" in record
    assert "答复（答辩）期限：2024年5月21日" in record and "行政复议法第四十八条" in record
    assert "提交答复（答辩状）：2024年5月17日，在期限内" in record
    assert "审结：2024年7月1日" in record and f"引起案件的申请：2024-001（材料见 {R}/）" in record
    data = json.loads(z.read("案件1/3-案件记录数据.json"))
    assert data["case"]["answer_due"] == "2024-05-21" and len(data["case"]["answer_steps"]) == 3
    assert [e["action"] for e in data["change_log"]] == ["add", "edit", "close"]
    manifest = json.loads(z.read("案件1/manifest.json"))
    assert manifest["pack"] == "case" and sorted(f["path"] for f in manifest["files"]) == sorted([*own, *application])
    for f in manifest["files"]:
        assert hashlib.sha256(z.read(f"案件1/{f['path']}")).hexdigest() == f["sha256"]


def test_a_case_without_an_application_packs_its_record_alone(run, tmp_path):
    db = tmp_path / "u.db"
    _ok(run("--db", db, "init", "--org", ORG))
    _ok(run("--db", db, "case", "add", "--kind", "suit_direct", "--filed", "2024-08-01", "--ref", "惠行初字第5号"))
    z = _pack(run, db, tmp_path / "c.zip", "case", "pack", "1")
    assert z.namelist() == sorted(f"案件1/{p}" for p in
                                  ["1-案件记录.txt", "2-案件修改记录.txt", "3-案件记录数据.json", "manifest.json", "清单.txt"])
    assert "引起案件的申请：未关联" in z.read("案件1/1-案件记录.txt").decode("utf-8")


def test_as_of_names_the_day_a_pending_application_is_judged_on(run, tmp_path):
    db = tmp_path / "u.db"
    _ok(run("--db", db, "init", "--org", ORG))
    _ok(run("--db", db, "request", "add", "--received", "2024-03-01", "--applicant-type", "自然人", "--subject", "某事项"))
    z = _pack(run, db, tmp_path / "p.zip", "request", "pack", "2024-001")
    manifest = json.loads(z.read(f"{R}/manifest.json"))
    res = run("--db", db, "request", "pack", "2024-001", "-o", tmp_path / "q.zip", "--as-of", "2024-03-05")
    assert res.exit_code == 2 and "早于本案卷最后一笔记录" in res.output
    later = f"{int(manifest['as_of'][:4]) + 1}-01-02"
    z = _pack(run, db, tmp_path / "q.zip", "request", "pack", "2024-001", "--as-of", later)
    assert json.loads(z.read(f"{R}/manifest.json"))["as_of"] == later
    text = z.read(f"{R}/1-申请与答复期限.txt").decode("utf-8")
    assert f"尚未办结：状态和剩余期限按{int(later[:4])}年1月2日" in text and "状态：已逾期" in text


def test_refusals_leave_the_ledger_and_write_nothing(run, db, tmp_path):
    before = dump(db)
    for args, words in (
        (["request", "pack", "2024-001", "-o", tmp_path / "材料.docx"], ".zip 结尾"),
        (["request", "pack", "2024-009", "-o", tmp_path / "x.zip"], "没有编号为 2024-009 的申请"),
        (["case", "pack", "7", "-o", tmp_path / "x.zip"], "没有编号为 7 的复议诉讼案件"),
        (["request", "pack", "2024-001", "-o", db], "不会覆盖"),
    ):
        res = run("--db", db, *args)
        assert res.exit_code == 2 and words in res.output and "Traceback" not in res.output, res.output
    assert not (tmp_path / "x.zip").exists() and not (tmp_path / "材料.docx").exists()
    assert dump(db) == before
