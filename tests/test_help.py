"""Every command has Chinese help text with an example; help fits 80 columns (a Chinese character
is two), one example a line, FILE... in usage lines, click's own words in Chinese (issue 10)."""

from __future__ import annotations

import re

import typer.main

from disclosure_cli import __version__
from disclosure_cli.cli import app
from disclosure_cli.cli.help import display_width


def _commands(group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


def test_every_command_has_help_that_fits_80_columns(run):
    root = typer.main.get_command(app)
    names = list(_commands(root))
    assert len(names) > 40
    for path in [(), *(p for p, _ in names)]:
        res = run(*path, "--help", env={"COLUMNS": "80"})
        assert res.exit_code == 0, path
        text = res.stdout
        assert re.search(r"[\u4e00-\u9fff]", text), path
        too_wide = [ln for ln in text.splitlines() if display_width(ln) > 80]
        assert too_wide == [], (path, too_wide)
        for english in ("Show this message", "Usage:", "Options:", "Arguments:", "Commands:"):
            assert english not in text, (path, english)
        assert not re.search(r"\{[a-z_]+\}", text.splitlines()[0]), path  # FILE, not {file}
    for path, cmd in names:
        assert cmd.help and re.search(r"[\u4e00-\u9fff]", cmd.help), f"disc {' '.join(path)} has no Chinese help"


def test_examples_one_a_line_and_file_in_usage(run):
    text = run("--help", env={"COLUMNS": "80"}).stdout
    lines = [ln.strip() for ln in text.splitlines()]
    assert "disc init --org 惠农区南街街道" in lines and "disc stats --year 2023" in lines
    assert run("lint", "--help").stdout.splitlines()[0].endswith(" lint [选项] [FILE...]")
    assert run("merge", "--help").stdout.splitlines()[0].endswith(" merge [选项] FILE...")
    assert run("import", "--help").stdout.splitlines()[0].endswith(" import [选项] FILE")


def test_clicks_own_messages_in_chinese(run):
    for args, said in (
        (["nosuch"], "没有命令「nosuch」"),
        (["add", "--nope"], "没有选项 --nope"),
        (["add", "-n", "abc", "-t", "x"], "「abc」不是整数"),
        (["init"], "缺少选项 --org"),
        (["--db"], "需要一个值"),
    ):
        res = run(*args)
        assert res.exit_code == 2, args
        assert said in res.stderr and "Error" not in res.stderr and "Try '" not in res.stderr, (args, res.stderr)


def test_version(run):
    assert run("--version").stdout.strip() == f"disc {__version__}"


def test_a_fold_keeps_a_number_with_its_unit():
    from disclosure_cli.text import wrap_line

    lines = wrap_line("周末共11天，2023年12月23日至24日、2024年1月6日至7日、1月13日至14日、1月20日至21日。", 38)
    assert all(not ln.startswith(("月", "日", "年", "天", "，")) for ln in lines), lines


def test_a_word_longer_than_a_line_is_cut_at_the_line_end():
    from disclosure_cli.text import display_width, wrap_line

    url = "https://www.example.gov.cn/xxgk/qingshan/2024/01/20/zfxxgknb2023-a-very-long-address.html"
    lines = wrap_line(f"申请内容：{url} 的全文", 40)
    assert max(display_width(ln) for ln in lines) <= 40 and "".join(lines).replace("申请内容：", "").startswith(url)
