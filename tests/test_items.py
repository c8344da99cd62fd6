"""disc add / list / edit / void / log / channels / categories."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.asserts import refused
from tests.conftest import DISC, count_items, dump, rows
from tests.terminal import pty_run

ADD = ["add", "-c", "微信", "-k", "工作动态", "-d", "2023-05-06"]


def test_add_prints_id_and_resolves_aliases(run, db):
    res = run("--db", db, *ADD, "-t", "社区开展志愿服务")
    assert res.exit_code == 0
    assert res.stdout == "1\n"
    res = run("--db", db, "add", "-c", "网站", "-k", "工作动态", "-t", "预算公开", "-d", "2023/6/1", "--count", "1")
    assert res.stdout == "2\n"
    res = run("--db", db, "add", "-c", "公告栏", "-k", "工作动态", "-t", "救助名册", "-d", "2023年7月1日", "-n", "3")
    assert rows(db, "SELECT channel, published, count FROM item ORDER BY id") == [
        ("wechat", "2023-05-06", 1),
        ("portal", "2023-06-01", 1),
        ("board", "2023-07-01", 3),
    ]


def test_add_defaults_to_today(run, db):
    from datetime import date

    run("--db", db, "add", "-c", "wechat", "-k", "工作动态", "-t", "今天的")
    assert rows(db, "SELECT published FROM item") == [(date.today().isoformat(),)]


def test_add_records_all_optional_fields(run, db):
    res = run(
        "--db", db, *ADD, "-t", "有三审", "--url", "https://x/1", "--formed", "2023-05-01",
        "--drafter", "甲", "--reviewer", "乙", "--approver", "丙", "--note", "备注",
    )
    assert res.exit_code == 0
    assert rows(db, "SELECT url, formed, drafter, reviewer, approver, note FROM item") == [
        ("https://x/1", "2023-05-01", "甲", "乙", "丙", "备注")
    ]


@pytest.mark.parametrize(
    "args, words",
    [
        (["-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-02-30"], ["发布日期（published）「2023-02-30」不是有效日期"]),
        (["-c", "微博", "-k", "工作动态", "-t", "x"], ["渠道（channel）「微博」无法识别", "最接近的是：wechat（微信公众号）"]),
        (["-c", "微信", "-k", "工作动太", "-t", "x"], ["类别（category）「工作动太」无法识别", "最接近的是：工作动态"]),
        (["-c", "微信", "-k", "工作动态", "-t", "   "], ["标题（title）不能为空"]),
        (["-c", "微信", "-k", "工作动态", "-t", "x", "-n", "0"], ["数量（count）必须不小于 1（现为 0）"]),
        (
            ["-c", "微信", "-k", "工作动态", "-t", "x", "--formed", "2023-06-01", "-d", "2023-05-01"],
            ["信息形成日期（formed）：2023-06-01 晚于发布日期 2023-05-01"],
        ),
    ],
)
def test_bad_input_exit_2_names_field_and_writes_nothing(run, db, args, words):
    before = dump(db)
    res = run("--db", db, "add", *args)
    refused(res, *words)
    assert dump(db) == before


def test_missing_fields_off_a_terminal_is_an_error(run, db):
    res = run("--db", db, "add", "-t", "没有渠道")
    refused(res, "缺少必填项：--channel（渠道）、--category（类别）")
    assert count_items(db) == 0


def test_prompts_on_a_terminal_default_to_previous_entry(db, tmp_path):
    """Run disc under a pseudo-terminal: missing fields are asked for, with the last channel/category offered."""
    subprocess.run([*DISC, "--db", str(db), *ADD, "-t", "第一条"], check=True, timeout=60)
    res = pty_run(
        ["--db", db, "add", "-d", "2023-05-07"],
        answers=[("渠道 [微信公众号]", ""), ("类别 [工作动态]", ""), ("标题", "第二条")],
    )
    assert res.code == 0, res.text
    assert "渠道 [微信公众号]" in res.text and "类别 [工作动态]" in res.text
    assert rows(db, "SELECT channel, category, title FROM item ORDER BY id")[-1] == ("wechat", "工作动态", "第二条")


def test_list_filters_and_formats(run, db):
    run("--db", db, *ADD, "-t", "社会救助政策解读")
    run("--db", db, "add", "-c", "网站", "-k", "政策法规", "-t", "部门预算", "-d", "2022-12-31")
    run("--db", db, "add", "-c", "公示栏", "-k", "社会救助", "-t", "低保名册", "-d", "2023-08-01")
    out = run("--db", db, "list", "--year", "2023", "--format", "csv").stdout
    assert out.splitlines()[0] == "id,published,channel,category,title,count,url"
    assert len(out.splitlines()) == 3
    data = json.loads(run("--db", db, "list", "--channel", "公告栏", "--format", "json").stdout)
    assert [d["title"] for d in data] == ["低保名册"]
    data = json.loads(run("--db", db, "list", "--search", "救助", "--format", "json").stdout)
    assert [d["title"] for d in data] == ["社会救助政策解读"]
    data = json.loads(run("--db", db, "list", "--from", "2023-06-01", "--to", "2023-12-31", "--format", "json").stdout)
    assert [d["title"] for d in data] == ["低保名册"]
    data = json.loads(run("--db", db, "list", "--category", "政策法规", "--format", "json").stdout)
    assert [d["title"] for d in data] == ["部门预算"]
    assert "| 社会救助政策解读" in run("--db", db, "list", "--format", "md").stdout


def test_void_keeps_item_out_of_stats_and_marked_in_list(run, db):
    run("--db", db, *ADD, "-t", "重复登记的")
    run("--db", db, *ADD, "-t", "正常的")
    res = run("--db", db, "void", "1", "--reason", "重复登记")
    assert res.exit_code == 0
    assert count_items(db) == 2
    stats = run("--db", db, "stats", "--year", "2023", "--table", "items", "--format", "csv").stdout
    assert "2023,惠农区南街街道,items,total,total,1" in stats
    listed = json.loads(run("--db", db, "list", "--format", "json").stdout)
    assert [d["id"] for d in listed] == [2]
    listed = json.loads(run("--db", db, "list", "--all", "--format", "json").stdout)
    assert [(d["id"], d["status"], d["void_reason"]) for d in listed] == [(1, "voided", "重复登记"), (2, "ok", None)]
    before = dump(db)
    refused(run("--db", db, "void", "1", "--reason", "again"), "信息条目 1 已于", "作废")
    refused(run("--db", db, "void", "99", "--reason", "x"), "没有编号为 99 的信息条目")
    assert dump(db) == before


def test_edit_any_field_and_log_shows_who_when_before_after(run, db):
    run("--db", db, *ADD, "-t", "错别子")
    res = run("--db", db, "edit", "1", "--title", "错别字", "--channel", "网站", "--clerk", "王五")
    assert res.exit_code == 0
    assert rows(db, "SELECT title, channel FROM item") == [("错别字", "portal")]
    log = json.loads(run("--db", db, "log", "1", "--format", "json").stdout)
    assert [e["action"] for e in log] == ["add", "edit"]
    edit = log[1]
    assert edit["clerk"] == "王五"
    assert edit["before"] == {"title": "错别子", "channel": "wechat"}
    assert edit["after"] == {"title": "错别字", "channel": "portal"}
    assert edit["at"][:4].isdigit()
    assert log[0]["clerk"] == "测试员"  # $DISC_CLERK


def test_edit_rejects_bad_values_and_no_change(run, db):
    run("--db", db, *ADD, "-t", "标题")
    refused(run("--db", db, "edit", "1", "--date", "2023-13-01"), "发布日期（published）「2023-13-01」不是有效日期")
    refused(run("--db", db, "edit", "1", "--title", "标题"), "修改后的内容与原来相同，未作改动")
    refused(run("--db", db, "edit", "1"), "没有要修改的内容")
    refused(run("--db", db, "edit", "5", "--title", "x"), "没有编号为 5 的信息条目")
    assert rows(db, "SELECT published, title FROM item") == [("2023-05-06", "标题")]
    assert rows(db, "SELECT count(*) FROM change_log WHERE action = 'edit'") == [(0,)]


def test_channels_and_categories_list_and_add(run, db):
    out = run("--db", db, "channels", "--format", "csv").stdout
    assert out.splitlines()[1].startswith("portal,政府网站,")
    assert run("--db", db, "channels", "add", "weibo", "政务微博", "--alias", "微博").exit_code == 0
    assert run("--db", db, "add", "-c", "微博", "-k", "工作动态", "-t", "新渠道").exit_code == 0
    refused(run("--db", db, "channels", "add", "weixin2", "微信"), "「微信」已是渠道 wechat 的名称或别名")
    refused(run("--db", db, "channels", "add", "微信号", "x"), "渠道代码「微信号」应由小写英文字母、数字和下划线组成")
    assert rows(db, "SELECT count(*) FROM channel WHERE code IN ('weixin2', '微信号')") == [(0,)]
    assert run("--db", db, "categories", "add", "疫情防控", "--alias", "防疫").exit_code == 0
    assert run("--db", db, "add", "-c", "微信", "-k", "防疫", "-t", "x").exit_code == 0
    assert "疫情防控" in run("--db", db, "categories", "--format", "csv").stdout
    assert rows(db, "SELECT channel, category FROM item ORDER BY id") == [("weibo", "工作动态"), ("wechat", "疫情防控")]


def _adder(db, n, tag):
    code = (
        "import sys; from disclosure_cli.ledger.db import Ledger; from disclosure_cli.ledger.items import add_item\n"
        "led = Ledger.open(sys.argv[1])\n"
        "for i in range(int(sys.argv[2])):\n"
        "    add_item(led, {'published': '2023-03-01', 'channel': 'wechat', 'category': '工作动态', 'title': sys.argv[3] + str(i)})\n"
    )
    return subprocess.Popen([sys.executable, "-c", code, str(db), str(n), tag])


def test_four_processes_adding_at_once_all_succeed(db):
    procs = [_adder(db, 100, f"p{k}-") for k in range(4)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0, 0]
    assert count_items(db) == 400
    assert rows(db, "SELECT count(DISTINCT title) FROM item") == [(400,)]


def test_the_prompts_ask_the_date_too_and_a_date_is_no_title(db):
    """A break-it pass: interactive add used today without asking, and a date typed at 标题 became the title."""
    res = pty_run(["--db", db, "add"], answers=[("渠道", "微信"), ("类别", "工作动态"), ("标题", "2023-06-01"),
                                                ("请重新输入", "社区活动"), ("发布日期", "2023-06-01")])
    assert res.code == 0, res.text
    assert "是日期，不是标题" in res.text and "发布日期 [" in res.text
    assert rows(db, "SELECT published, title FROM item") == [("2023-06-01", "社区活动")]
