"""One guarded writer for every file disc writes (issue 19).

The walk below finds every command of the CLI that takes -o/--output or --out-dir, so a command added
later without a recipe here fails the suite; each is then pointed at the open ledger, another SQLite
file, a device, a pipe, a folder and a symbolic link, and must refuse (or, for the link, write through
it) with the ledger unchanged byte for byte. The replace that WPS or Word forbids on Windows is
simulated by making os.replace fail.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
import typer.main

from disclosure_cli.errors import DiscError
from tests.conftest import dump

ORG = "惠农区南街街道"
SINGLE = ["-o", "--output"]


def _writing_commands() -> dict[str, list[str]]:
    """'request letter' → its output options, for every command and group of the CLI."""
    from disclosure_cli.cli import app

    found: dict[str, list[str]] = {}

    def walk(c, path: tuple[str, ...]) -> None:
        opts = [o for p in c.params for o in getattr(p, "opts", []) if o in ("-o", "--output", "--out-dir")]
        if opts:
            found[" ".join(path)] = opts
        for name, sub in getattr(c, "commands", {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


@pytest.fixture
def unit(run, tmp_path) -> dict[str, Path]:
    """A ledger with something for every writing command, another unit's ledger to merge, and a
    report document to lint."""
    db = tmp_path / "unit.db"
    ok = lambda res: (res.exit_code == 0) or pytest.fail(res.output)  # noqa: E731
    ok(run("--db", db, "init", "--org", ORG))
    ok(run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "社区开展志愿服务", "-d", "2023-05-06"))
    ok(run("--db", db, "doc", "add", "--kind", "normative_document", "--number", "惠南街发〔2023〕3号", "--title", "办法",
           "--issued", "2023-03-01"))
    ok(run("--db", db, "case", "add", "--kind", "review", "--filed", "2023-08-01", "--ref", "惠复〔2023〕12号"))
    ok(run("--db", db, "request", "add", "--received", "2023-03-02", "--applicant-type", "自然人", "--subject", "改造规划"))
    ok(run("--db", db, "request", "close", "2023-001", "--outcome", "予以公开", "--date", "2023-03-20"))
    ok(run("--db", db, "org", "set", ORG, "--review-body", "惠农区人民政府", "--court", "惠农区人民法院",
           "--letter-prefix", "惠南街依复", "--phone", "0952-3012345", "--address", "南街幸福路12号"))
    ok(run("--db", db, "holiday", "add", "2023-06-22", "--off", "--reason", "端午节"))
    other = tmp_path / "other.db"
    ok(run("--db", other, "init", "--org", "北街街道"))
    doc = tmp_path / "report.txt"
    ok(run("--db", db, "report", "--year", "2023", "--format", "txt", "--date", "2024-01-20", "-o", doc))
    ok(run("--db", db, "review", "add", doc, "--received", "2024-01-22"))  # its own report, to review
    return {"db": db, "other": other, "doc": doc}


def recipes(u: dict[str, Path]) -> dict[str, list[str]]:
    """How to run each writing command successfully; -o/--out-dir is appended by the test."""
    db = ["--db", str(u["db"])]
    return {
        "list": [*db, "list", "-f", "csv"],
        "log": [*db, "log", "1", "-f", "csv"],
        "export": [*db, "export", "-f", "csv"],
        "stats": [*db, "stats", "--year", "2023", "-f", "csv"],
        "check": [*db, "check", "--year", "2023", "-f", "csv"],
        "lint": ["lint", str(u["doc"]), "-f", "csv"],
        "explain": [*db, "explain", "--year", "2023", "--table", "items", "--row", "wechat", "--column", "total", "-f", "csv"],
        "merge": [*db, "merge", str(u["other"]), "--dry-run", "-f", "csv"],
        "units": [*db, "units", "--year", "2023", "-f", "csv"],
        "doc list": [*db, "doc", "list", "-f", "csv"],
        "case list": [*db, "case", "list", "-f", "csv"],
        "case pack": [*db, "case", "pack", "1"],
        "request list": [*db, "request", "list", "-f", "csv", "--today", "2023-12-31"],
        "request letter": [*db, "request", "letter", "2023-001", "-f", "txt", "--note", "请到本机关政务公开窗口领取。"],
        "request letters": [*db, "request", "letters", "-f", "csv"],
        "request pack": [*db, "request", "pack", "2023-001"],
        "narrative placeholders": [*db, "narrative", "placeholders", "--year", "2023", "-f", "csv"],
        "report": [*db, "report", "--year", "2023", "-f", "txt", "--date", "2024-01-20"],
        "report publish": [*db, "report", "publish", "--year", "2023", "--date", "2024-01-20"],
        "report published": [*db, "report", "published", "-f", "csv"],
        "holiday list": [*db, "holiday", "list", "--year", "2023", "-f", "csv"],
        "org list": [*db, "org", "list", "-f", "csv"],
        "org settings": [*db, "org", "settings", ORG, "-f", "csv"],
        "record-correction list": [*db, "record-correction", "list", "-f", "csv"],
        "review list": [*db, "review", "list", "--year", "2023", "-f", "csv"],
        "review check": [*db, "review", "check", "--year", "2023", "-f", "csv"],
        "review table": [*db, "review", "table", "--year", "2023", "-f", "csv"],
        "review return": [*db, "review", "return", ORG, "--year", "2023", "--date", "2024-01-25"],
        "review bulletin": [*db, "review", "bulletin", "--year", "2023", "--date", "2024-02-05"],
        "due": [*db, "due", "--today", "2024-01-10", "-f", "csv"],
    }


def test_every_writing_command_has_a_recipe(unit):
    """A new command with -o must be added here, and so pass through the guard tests below."""
    assert set(_writing_commands()) == set(recipes(unit))


def _out_option(name: str) -> str:
    return "--out-dir" if "--out-dir" in _writing_commands()[name] else "-o"


@pytest.mark.parametrize("name", sorted(recipes({"db": Path("x"), "other": Path("x"), "doc": Path("x")})))
def test_each_writer_refuses_what_it_must_not_overwrite(run, unit, tmp_path, name):
    args = recipes(unit)[name]
    opt = _out_option(name)
    ledger_before = dump(unit["db"])
    other = tmp_path / "某台账.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    other_bytes = other.read_bytes()
    fifo = tmp_path / "管道"
    os.mkfifo(fifo)
    folder = tmp_path / "文件夹"
    folder.mkdir()
    if opt == "--out-dir":
        cases = {
            str(unit["db"]): "不是文件夹",  # the ledger itself named as the folder
            str(fifo): "不是文件夹",
        }
    else:
        cases = {
            str(unit["db"]): "不会覆盖",
            os.path.relpath(unit["db"]): "不会覆盖",
            str(other): "SQLite 数据库",
            "/dev/null": "不是普通文件",
            str(fifo): "不是普通文件",
            str(folder): "是一个文件夹",
            str(tmp_path / "没有" / "a.csv"): "不存在",
        }
        if name == "lint":
            cases[str(unit["doc"])] = "就是本命令读取的文件"
    for target, words in cases.items():
        res = run(*args, opt, target)
        assert res.exit_code == 2, (name, target, res.output)
        assert words in res.output and "Traceback" not in res.output, (name, target, res.output)
        assert dump(unit["db"]) == ledger_before, (name, target)
    assert other.read_bytes() == other_bytes
    assert Path("/dev/null").is_char_device() and fifo.is_fifo()
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left behind"


@pytest.mark.parametrize("name", ["list", "report", "request letter", "check", "review return", "request pack"])
def test_a_symbolic_link_is_written_through(run, unit, tmp_path, name):
    suffix = ".zip" if name.endswith(" pack") else ".txt"  # a pack is a zip, named so
    real = tmp_path / f"真的{suffix}"
    real.write_text("旧内容", encoding="utf-8")
    link = tmp_path / f"链接{suffix}"
    link.symlink_to(real)
    res = run(*recipes(unit)[name], "-o", link)
    assert res.exit_code in (0, 1), res.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() != "旧内容".encode()
    # a link to the ledger is the ledger
    bad = tmp_path / "台账链接.csv"
    bad.symlink_to(unit["db"])
    before = dump(unit["db"])
    res = run(*recipes(unit)[name], "-o", bad)
    assert res.exit_code == 2 and "不会覆盖" in res.output
    assert dump(unit["db"]) == before


def test_out_dir_is_created_and_each_file_guarded(run, unit, tmp_path):
    folder = tmp_path / "上网文件" / "2023"
    res = run(*recipes(unit)["report publish"], "--out-dir", folder)
    assert res.exit_code == 0, res.output
    assert sorted(p.suffix for p in folder.iterdir()) == [".docx", ".html", ".json", ".md", ".txt", ".xlsx"]


def test_a_letter_to_a_bad_target_is_not_numbered(run, unit, tmp_path):
    """The docx path wrote directly, over the ledger itself; a missing folder crashed after the
    letter had been numbered."""
    db = unit["db"]
    before = dump(db)
    for target in (db, tmp_path / "没有" / "答复书.docx", tmp_path):
        res = run("--db", db, "request", "letter", "2023-001", "-f", "docx", "-o", target, "--note", "窗口领取")
        assert res.exit_code == 2, res.output
        assert "Traceback" not in res.output and "意外" not in res.output
        assert dump(db) == before
    res = run("--db", db, "request", "letter", "2023-001", "--preview", "-f", "docx", "-o", db, "--note", "窗口领取")
    assert res.exit_code == 2 and "就是本命令读取的文件" in res.output
    assert dump(db) == before


def test_a_full_disk_after_numbering_says_the_number_is_kept(run, unit, tmp_path, monkeypatch):
    from disclosure_cli import files

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    out = tmp_path / "答复书.docx"
    res = run("--db", unit["db"], "request", "letter", "2023-001", "-o", out, "--note", "窗口领取")
    assert res.exit_code == 1
    assert "磁盘已满" in res.output and "已编号并记入台账" in res.output and "重新运行同一命令" in res.output
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))
    monkeypatch.undo()
    res = run("--db", unit["db"], "request", "letter", "2023-001", "-o", out, "--note", "窗口领取")
    assert res.exit_code == 0 and "按原样输出" in res.output
    assert out.exists()


def test_a_file_open_in_wps_is_not_replaced_and_the_new_name_is_said(run, unit, tmp_path, monkeypatch):
    from disclosure_cli import files

    target = tmp_path / "台账导出.csv"
    target.write_text("旧的,打开着\n", encoding="utf-8")
    real_replace = os.replace

    def locked(src, dst):
        if Path(dst) == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", locked)
    res = run(*recipes(unit)["list"], "-o", target)
    assert res.exit_code == 1
    assert "可能正被 WPS、Word 或 Excel 打开" in res.output and "台账导出-1.csv" in res.output
    assert target.read_text(encoding="utf-8") == "旧的,打开着\n"  # untouched
    assert (tmp_path / "台账导出-1.csv").read_text(encoding="utf-8").startswith("id,published")
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_library_writer_refuses_devices_without_the_cli(tmp_path):
    from disclosure_cli.files import atomic_write

    with pytest.raises(DiscError, match="不是普通文件"):
        atomic_write("/dev/full", "x")
    assert Path("/dev/full").is_char_device()
