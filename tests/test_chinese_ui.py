"""Click's and Typer's own words in Chinese (issue 24): the hints in every --help ([必填], [默认：20]),
"Did you mean", usage errors, prompts and [y/N] confirmations, as a clerk meets them through the CLI.

disc's own commands cannot reach a few of click's words (a range, an environment variable, a boolean
default, "Aborted!"): those are shown through a small Typer app with the same patches installed.
"""

from __future__ import annotations

import re

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from disclosure_cli.cli import app
from disclosure_cli.cli.help import display_width, install
from tests.conftest import ROOT

# click's and Typer's interface words: none may be left in any --help
ENGLISH = (
    "required", "default:", "Usage", "Options", "Arguments", "Commands", "Show this message", "Did you mean",
    "Error", "env var", "Try '", "<int>", "<str>", "<float>", "(dynamic)", "x>=", "x<=",
)


def disc(*args: str, input: str | None = None, env: dict | None = None):
    """disc in this process, named disc as on a terminal (typer's runner would call it `root`)."""
    return CliRunner().invoke(app, list(args), input=input, env=env, prog_name="disc", catch_exceptions=False)


def _commands(group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


def test_every_help_is_chinese_and_fits_80_columns():
    paths = [(), *_commands(typer.main.get_command(app))]
    assert len(paths) > 40
    for path in paths:
        res = disc(*path, "--help", env={"COLUMNS": "80"})
        assert res.exit_code == 0, path
        for line in res.stdout.splitlines():
            for word in ENGLISH:
                assert word not in line, (path, word, line)
            assert display_width(line) <= 80, (path, line)


def test_required_and_default_hints():
    lines = [ln.strip() for ln in disc("request", "extend", "--help", env={"COLUMNS": "80"}).stdout.splitlines()]
    assert "REF  申请编号（2023-007）或 id  [必填]" in lines
    assert "--approved-by <文本>  同意延长的政府信息公开工作机构负责人  [必填]" in lines
    assert "--days <整数>         延长的工作日数（最长20）  [默认：20]" in lines
    assert "-n, --count <整数>" in disc("add", "--help").stdout


def test_group_help():
    out = disc("request", "--help", env={"COLUMNS": "80"}).stdout
    assert out.startswith("用法：disc request [选项] 命令 [参数]...\n")
    assert "\n选项：\n" in out and "\n命令：\n" in out and "-h, --help  显示本帮助并退出" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["repotr"], "错误：没有命令「repotr」，您是否想用：report、export"),
        (["request", "lettr"], "错误：没有命令「lettr」，您是否想用：letter、letters"),
        (["nosuch"], "错误：没有命令「nosuch」"),
        (["add", "--nte", "x"], "错误：没有选项 --nte，您是否想用：--date、--note、--title"),
        (["request"], "错误：缺少命令"),
        (["edit"], "错误：缺少参数 ITEM_ID"),
        (["init"], "错误：缺少选项 --org"),
        (["add", "-n"], "错误：选项 -n 需要一个值"),
        (["add", "-n", "abc", "-t", "x"], "错误：--count / -n 的值无效：「abc」不是整数"),
        (["init", "--org", "某单位", "多余"], "错误：多余的参数：多余"),
    ],
)
def test_usage_errors(args, said):
    res = disc(*args)
    assert res.exit_code == 2
    assert res.stderr.endswith(f"{said}\n"), res.stderr
    assert not re.search(r"Error|Try '|Usage|Did you mean|Possible", res.stderr)


def test_usage_line_and_help_hint_before_the_error():
    assert disc("repotr").stderr.splitlines()[:2] == ["用法：disc [选项] 命令 [参数]...", "请运行 disc -h 查看帮助。"]
    res = disc("request", "lettr")
    assert res.stderr.splitlines()[:2] == ["用法：disc request [选项] 命令 [参数]...", "请运行 disc request -h 查看帮助。"]
    assert disc("edit").stderr.splitlines()[:2] == ["用法：disc edit [选项] ITEM_ID", "请运行 disc edit -h 查看帮助。"]


def test_confirmation_prompt(db, monkeypatch):
    """disc holiday import asks before it writes: y/n in Chinese, 是/否 accepted, a wrong answer said."""
    from disclosure_cli.cli import lifecycle

    monkeypatch.setattr(lifecycle, "is_tty", lambda stream=None: True)
    notice = ROOT / "tests" / "fixtures" / "holiday-notice-2026.txt"
    res = disc("--db", str(db), "holiday", "import", str(notice), input="也许\n否\n")
    assert res.exit_code == 1
    prompt = "登记以上日期？ [y 是/n 否，默认：否]："
    assert res.stdout.count(prompt) == 2
    assert "错误：请回答 y（是）或 n（否）" in res.output
    assert res.stderr.endswith("未登记\n")
    assert "[y/N]" not in res.output
    res = disc("--db", str(db), "holiday", "import", str(notice), input="是\n")
    assert res.exit_code == 0 and "已登记" in res.stderr


def test_prompts_end_in_a_chinese_colon(db, monkeypatch):
    from disclosure_cli.cli import items

    monkeypatch.setattr(items, "is_tty", lambda stream=None: True)
    res = disc("--db", str(db), "add", "-d", "2023-05-07", input="微信\n工作动态\n第一条\n")
    assert res.exit_code == 0, res.output
    assert "渠道：" in res.stdout and "类别：" in res.stdout and "标题：" in res.stdout


# --------------------------------------------------------------------------- what disc's commands cannot reach


def _mini() -> typer.Typer:
    install()
    mini = typer.Typer(rich_markup_mode=None, add_completion=False)

    @mini.command()
    def main(
        name: str = typer.Argument(..., envvar="MINI_NAME", show_envvar=True, help="名称"),
        days: int = typer.Option(20, min=1, max=40, help="天数"),
        n: int = typer.Option(0, min=0, help="份数"),
        flag: bool = typer.Option(True, "--flag", help="开关"),
        color: str = typer.Option(None, envvar="MINI_COLOR", show_envvar=True, help="颜色"),
        sure: bool = typer.Option(False, "--sure", prompt="确定吗？"),
        age: int = typer.Option(..., prompt="年龄"),
    ) -> None:
        print(name, days, sure, age)

    return mini


def _mini_run(*args: str, input: str | None = None):
    return CliRunner().invoke(_mini(), list(args), input=input, prog_name="mini", env={"COLUMNS": "80"})


def test_range_environment_and_boolean_hints():
    lines = [ln.strip() for ln in _mini_run("--help").stdout.splitlines()]
    assert "NAME  名称  [环境变量：MINI_NAME；必填]" in lines
    assert "--days <整数>   天数  [默认：20；范围：1 至 40]" in lines
    assert "--n <整数>      份数  [默认：0；范围：不小于 0]" in lines
    assert "--flag          开关  [默认：是]" in lines
    assert "--color <文本>  颜色  [环境变量：MINI_COLOR]" in lines


def test_range_and_prompt_errors():
    res = _mini_run("x", "--days", "50", "--sure", "--age", "1")
    assert res.exit_code == 2 and res.stderr.endswith("错误：--days 的值无效：50 超出范围（1 至 40）\n")
    res = _mini_run("x", "--n", "-1", "--sure", "--age", "1")
    assert res.stderr.endswith("错误：--n 的值无效：-1 超出范围（不小于 0）\n")
    res = _mini_run("x", "--sure", input="abc\n3\n")
    assert res.exit_code == 0
    assert res.stdout.startswith("年龄：abc\n错误：「abc」不是整数\n年龄：3\n")


def test_aborted():
    res = _mini_run("x", "--age", "1", input="")  # end of input at the confirmation
    assert res.exit_code == 1
    assert res.stderr.endswith("已取消。\n") and "Aborted" not in res.output
